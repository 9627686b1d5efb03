"""Where a build's per-document work runs: in this process, on a local Dask cluster, or on
the cluster whose scheduler is named (``fengong build --scheduler tcp://host:8786``).

Dask (``dask.distributed``) does the scheduling, the moving of work and results, and the
retrying: a task whose worker dies is given to another worker, up to the scheduler's
``distributed.scheduler.allowed-failures`` (3 by default); then the build stops with an
error naming the document, and publishes nothing. A worker needs the package (the same
version) and read access to the sources at the paths this machine gives them; chunks come
back to this process, which writes them to its cache, so workers need no shared disk.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from fengong.errors import FengongError

__all__ = ["LOCAL_FROM", "Runner", "runner"]

#: Below this many documents to do, starting worker processes costs more than it saves.
LOCAL_FROM = 4

T = TypeVar("T")


@dataclass
class Runner:
    """Runs ``fn(*job, context)`` for every job; results come as they are done."""

    client: Any = None  # a dask.distributed.Client, or None: in this process
    where: str = "this process"

    def run(
        self, fn: Callable[..., T], jobs: Sequence[tuple[Any, ...]], context: object
    ) -> Iterator[T]:
        if self.client is None:
            for job in jobs:
                yield fn(*job, context)
            return
        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        shared = self.client.scatter(context, broadcast=True, hash=False)
        futures = {
            self.client.submit(fn, *job, shared, key=f"fengong-{i}-{os.getpid()}", pure=False): job
            for i, job in enumerate(jobs)
        }
        try:
            for future in as_completed(list(futures)):
                job = futures.pop(future)
                try:
                    result = future.result()
                except KilledWorker:
                    raise FengongError(
                        f"the workers reading {job[1]} died again and again (on {self.where}): "
                        "nothing was published; a document that exhausts a worker's memory "
                        "is the usual cause"
                    ) from None
                future.release()
                yield result
        finally:
            if futures:
                self.client.cancel(list(futures))


@contextlib.contextmanager
def runner(scheduler: str | None, jobs: int) -> Iterator[Runner]:
    """A runner for ``jobs`` documents: the cluster at ``scheduler`` (``tcp://host:8786``), or
    a local cluster of one process per core, or this process for a few documents."""
    if scheduler is None and jobs < LOCAL_FROM:
        yield Runner()
        return
    import dask
    from distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as err:
            raise FengongError(f"no Dask scheduler answers at {scheduler}: {err}") from None
        with client:
            yield Runner(client, scheduler)
        return
    workers = max(1, min(os.cpu_count() or 1, jobs))
    with (
        # no statistical profiler walking the reading's stacks every 10 ms: nobody looks
        dask.config.set({"distributed.worker.profile.enabled": False}),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,  # reading and reasoning hold the GIL
            processes=True,
            host="127.0.0.1",  # reachable from this machine only
            dashboard_address=None,
            # no dashboard; its health routes on a port of the system's choosing, not 8787
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield Runner(client, f"a local cluster of {workers} processes")
