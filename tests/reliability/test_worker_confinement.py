"""Query workers shut themselves off: a memory cap they cannot pass, and no network.

Each test sends jobs straight to a ``WorkerPool``, as the endpoint does after its guard, so
what is tested is the worker's own confinement: the defence that holds if the guard did not.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from fengong.web.worker import Answer, Job, WorkerPool

BOMB = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY RAND() LIMIT 1"  # the query
JSON = "application/sparql-results+json"
MIB = 1 << 20


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 quads: their cartesian product, ordered, needs gigabytes."""
    path = tmp_path_factory.mktemp("confine") / "g.nq"
    path.write_text("".join(f'<http://ex.org/s{i}> <http://ex.org/p> "{i}" <http://ex.org/g> .\n'
                            for i in range(3000)))  # fmt: skip
    return path


def _run(pool: WorkerPool, jobs: list[Job], watch: bool = False) -> tuple[list[Answer], int]:
    """Answers to ``jobs`` (one after another), and the largest resident size any of the
    pool's processes reached meanwhile (sampled every 20 ms). Children this process had before
    (left by earlier tests in one run: a full `make test` once counted a 469 MiB one) are not
    the pool's, and are not counted."""
    peak = 0
    done = threading.Event()
    others = {child.pid for child in psutil.Process().children(recursive=True)}

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.02):
            for child in psutil.Process().children(recursive=True):
                if child.pid not in others:
                    with contextlib.suppress(psutil.Error):
                        peak = max(peak, child.memory_info().rss)

    async def go() -> list[Answer]:
        await pool.start()
        try:
            return [await pool.run(job) for job in jobs]
        finally:
            await pool.stop()

    sampler = threading.Thread(target=sample, daemon=True)
    if watch:
        sampler.start()
    try:
        return asyncio.run(go()), peak
    finally:
        done.set()


def test_a_query_past_the_memory_cap_gets_503_and_the_next_is_answered(graph: Path) -> None:
    pool = WorkerPool(graph, size=1, deadline=20, memory=128 * MIB, isolate=False)
    (bomb, after), peak = _run(
        pool, [Job(BOMB, "SELECT", JSON), Job("ASK {}", "ASK", JSON)], watch=True
    )
    assert bomb.status == 503 and bomb.detail["title"] == "Query over the memory cap"
    assert after.status == 200  # a fresh worker took its place
    cap = pool.confinement["address_space"]
    assert cap is not None and peak <= cap  # resident memory never passed the address-space cap
    assert peak < 512 * MIB


def test_without_a_cap_the_same_query_grows_past_it(graph: Path) -> None:
    """The measurement above can see growth: uncapped, the query outgrows 128 MiB."""
    pool = WorkerPool(graph, size=1, deadline=1.5, memory=None, isolate=False)
    (bomb,), peak = _run(pool, [Job(BOMB, "SELECT", JSON)], watch=True)
    assert bomb.status == 503 and bomb.detail["title"] == "Query deadline exceeded"
    assert peak > 256 * MIB


class _Canary(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:
        type(self).hits += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head":{"vars":["x"]},"results":{"bindings":[]}}')

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def canary() -> Iterator[type[_Canary]]:
    handler = type("Canary", (_Canary,), {"hits": 0})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    handler.port = server.server_address[1]  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler
    server.shutdown()
    server.server_close()


def _service_job(port: int) -> Job:
    return Job(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?x ?y ?z }} }}",
               "SELECT", JSON)  # fmt: skip


def test_an_isolated_worker_cannot_reach_the_network(graph: Path, canary: type[_Canary]) -> None:
    pool = WorkerPool(graph, size=1, deadline=10, isolate=True)
    (answer,), _ = _run(pool, [_service_job(canary.port)])  # type: ignore[attr-defined]
    if not pool.confinement.get("isolated"):
        pytest.skip("this OS allows no network namespace here")
    assert canary.hits == 0
    assert answer.status == 400  # Oxigraph's SERVICE client found no network


def test_a_worker_not_isolated_does_reach_it(graph: Path, canary: type[_Canary]) -> None:
    """Without isolation the same job calls the canary: the test above can fail."""
    pool = WorkerPool(graph, size=1, deadline=10, isolate=False)
    _run(pool, [_service_job(canary.port)])  # type: ignore[attr-defined]
    assert canary.hits >= 1


def test_stopping_a_worker_never_blocks_the_event_loop(
    graph: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker stopped at the deadline, or dead past its memory cap, is not waited for on the
    event loop (a join there held every other request for up to 0.5 s each time)."""
    import multiprocessing.process
    import threading as th

    joins_on_the_loop: list[str] = []
    join = multiprocessing.process.BaseProcess.join
    running = th.Event()

    def watched(self: multiprocessing.process.BaseProcess, timeout: float | None = None) -> None:
        if running.is_set() and th.current_thread() is th.main_thread():
            joins_on_the_loop.append(self.name)
        join(self, timeout)

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "join", watched)

    async def go() -> list[Answer]:
        pool = WorkerPool(graph, size=1, deadline=1.5, memory=128 * MIB, isolate=False)
        await pool.start()
        running.set()
        try:
            out = [await pool.run(Job(BOMB, "SELECT", JSON))]  # past the memory cap
            slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
            out.append(await pool.run(Job(slow, "SELECT", JSON)))  # past the deadline
            out.append(await pool.run(Job("ASK {}", "ASK", JSON)))
            return out
        finally:
            running.clear()
            await pool.stop()

    capped, late, after = asyncio.run(go())
    assert capped.detail["title"] == "Query over the memory cap"
    assert late.detail["title"] == "Query deadline exceeded"
    assert after.status == 200
    assert joins_on_the_loop == []
