"""A build on a real Dask cluster: a scheduler and two workers started as separate processes
on loopback (``dask scheduler``, ``dask worker``), as an operator would start them on machines.

The cluster builds the bytes the local build makes; a worker killed in the middle of a build
has its documents done again by the other; when Dask gives up on a document, the build fails
with an error naming it, and the previous build stays published, whole.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from fengong.errors import FengongError
from fengong.graph import Project
from fengong.graph.iris import Iris
from fengong.graph.publish import CHUNKS, generations, publish
from fengong.graph.stream import stream_build
from fengong.synthetic import generate
from tests.conftest import ROOT, SEED

pytestmark = pytest.mark.integration

DASK = Path(sys.executable).with_name("dask")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]]

    def stop(self) -> None:
        for process in [*self.workers, self.scheduler]:
            if process.poll() is None:
                process.terminate()
        for process in [*self.workers, self.scheduler]:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


def _start(tmp: Path, allowed_failures: int | None = None) -> Cluster:
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ}
    if allowed_failures is not None:
        env["DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES"] = str(allowed_failures)
    log = (tmp / "dask.log").open("ab")
    scheduler = subprocess.Popen(
        [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        stdout=log, stderr=log, env=env, cwd=tmp,
    )  # fmt: skip
    workers = [
        subprocess.Popen(
            [*(str(DASK), "worker", address, "--nthreads", "1", "--no-nanny"),
             *("--no-dashboard", "--host", "127.0.0.1", "--name", f"w{i}")],
            stdout=log, stderr=log, env=env, cwd=tmp,
        )
        for i in range(2)
    ]  # fmt: skip
    cluster = Cluster(address, scheduler, workers)
    from distributed import Client

    try:
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
    except Exception:
        cluster.stop()
        raise
    return cluster


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    started = _start(tmp_path)
    yield started
    started.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    generate(24, 5, folder, SEED)
    return folder


def _project(tmp_path: Path, corpus: Path) -> Project:
    root = tmp_path / "project"
    shutil.copytree(corpus, root / "data" / "sources")
    return Project(root, ROOT)


def test_a_two_worker_cluster_builds_the_local_builds_bytes(
    cluster: Cluster, corpus: Path, tmp_path: Path
) -> None:
    project = Project(tmp_path, ROOT)
    local = stream_build(project, [corpus], tmp_path / "local", Iris())
    remote = stream_build(project, [corpus], tmp_path / "remote", Iris(), scheduler=cluster.address)
    assert local.made == remote.made == 24
    for name in ("fengong.nq", "asserted.nt", "inferred.nt", "asserted.ttl"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "remote" / name).read_bytes()


def _kill_a_worker_when_work_is_under_way(cluster: Cluster, chunks: Path) -> threading.Thread:
    """SIGKILL the first worker once a few chunks are in (so the build is half-way)."""

    def watch() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if len(list(chunks.glob("*.chunk"))) >= 4:
                os.kill(cluster.workers[0].pid, signal.SIGKILL)
                return
            time.sleep(0.02)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def test_a_worker_killed_mid_build_has_its_work_done_by_the_other(
    cluster: Cluster, corpus: Path, tmp_path: Path
) -> None:
    project = _project(tmp_path, corpus)
    reference = stream_build(project, [project.sources], tmp_path / "reference", Iris())
    watcher = _kill_a_worker_when_work_is_under_way(cluster, generations(project.build) / CHUNKS)
    published = publish(project, [project.sources], project.build, Iris(), allow_invalid=True,
                        scheduler=cluster.address)  # fmt: skip
    watcher.join()
    assert cluster.workers[0].poll() == -signal.SIGKILL  # it was killed during the build
    assert published.build.made == reference.made == 24
    assert (project.build / "fengong.nq").read_bytes() == (
        tmp_path / "reference" / "fengong.nq"
    ).read_bytes()


def test_when_dask_gives_up_the_build_fails_and_the_previous_one_stays(
    corpus: Path, tmp_path: Path
) -> None:
    """No retry allowed: the document on the killed worker fails the build, with its name."""
    project = _project(tmp_path, corpus)
    first = publish(project, [project.sources], project.build, Iris(), allow_invalid=True)
    before = sorted(p.name for p in generations(project.build).iterdir())
    shutil.rmtree(generations(project.build) / CHUNKS)  # every document to do again
    (project.sources / "putuo-anban-2000-100.txt").unlink()  # a different graph
    strict = _start(tmp_path, allowed_failures=0)
    try:
        watcher = _kill_a_worker_when_work_is_under_way(strict, generations(project.build) / CHUNKS)
        with pytest.raises(FengongError, match=r"the workers reading .*\.txt died"):
            publish(project, [project.sources], project.build, Iris(), allow_invalid=True,
                    scheduler=strict.address)  # fmt: skip
        watcher.join()
    finally:
        strict.stop()
    assert project.build.resolve() == first.generation
    assert sorted(p.name for p in generations(project.build).iterdir()) == before
    assert (first.generation / "fengong.nq").is_file()


def test_no_scheduler_at_the_address_is_an_error_naming_it(tmp_path: Path) -> None:
    port = _free_port()  # nothing listens there
    project = Project(tmp_path, ROOT)
    with pytest.raises(FengongError, match=f"no Dask scheduler answers at tcp://127.0.0.1:{port}"):
        stream_build(project, [SEED], tmp_path / "out", Iris(),
                     scheduler=f"tcp://127.0.0.1:{port}")  # fmt: skip
