"""Where a build's documents are read (fengong.graph.cluster)."""

from __future__ import annotations

import dask

from fengong.graph.cluster import LOCAL_FROM, runner


def _double(n: int, context: int) -> int:
    return n * context


def test_a_few_documents_are_read_in_this_process() -> None:
    with runner(None, LOCAL_FROM - 1) as run:
        assert run.client is None
        assert list(run.run(_double, [(1,), (2,)], 10)) == [10, 20]


def test_the_local_cluster_reads_on_loopback_one_thread_a_worker_without_a_profiler() -> None:
    """Dask's workers sample their thread's stack every 10 ms by default, for a dashboard
    the local cluster does not serve: on the reading's deep stacks, time for nothing."""
    with runner(None, LOCAL_FROM) as run:
        assert run.client is not None
        workers = run.client.scheduler_info()["workers"]
        assert workers and all(w.startswith("tcp://127.0.0.1:") for w in workers)
        assert {w["nthreads"] for w in workers.values()} == {1}
        profiling = run.client.run(lambda: dask.config.get("distributed.worker.profile.enabled"))
        assert set(profiling.values()) == {False}
        assert sorted(run.run(_double, [(n,) for n in range(6)], 3)) == [0, 3, 6, 9, 12, 15]
