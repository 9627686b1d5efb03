"""Queries run in worker processes so a deadline can really stop them.

pyoxigraph cannot cancel a running query from Python (oxigraph/oxigraph#1926), and a thread
cannot be killed. So each worker process holds its own copy of the store; the server sends it
one query at a time and, when the deadline passes, kills it and starts a fresh one, while the
other workers go on answering. Workers serialise results themselves (pyoxigraph's serialisers),
and refuse results over the size cap before serialising anything.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

__all__ = ["Answer", "Job", "WorkerPool", "deadline_answer"]


@dataclass(frozen=True)
class Job:
    query: str
    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE
    media_type: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int = 10_000
    base_iri: str | None = None  # relative IRIs in the query resolve against the endpoint
    own_dataset: bool = False  # FROM / FROM NAMED in the query: it decides the dataset


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes
    detail: dict[str, Any] = field(default_factory=dict)


def _serve(conn: Connection, nquads: str) -> None:  # runs in the worker process
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=nquads, format=ox.RdfFormat.N_QUADS)
    results = {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "text/csv": ox.QueryResultsFormat.CSV,
        "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    }
    graphs = {
        "text/turtle": ox.RdfFormat.TURTLE,
        "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "application/ld+json": ox.RdfFormat.JSON_LD,
        "application/rdf+xml": ox.RdfFormat.RDF_XML,
    }
    conn.send(("ready", len(store)))
    while True:
        job: Job = conn.recv()

        def run(job: Job = job) -> Any:
            options: dict[str, Any] = {"base_iri": job.base_iri}
            if job.own_dataset and not (job.default_graphs or job.named_graphs):
                pass  # the query's FROM clauses pick graphs in this store; nothing is fetched
            elif job.default_graphs or job.named_graphs:
                options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
                options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
            else:
                options["use_default_graph_as_union"] = True
            return store.query(job.query, **options)

        try:
            if job.form in {"CONSTRUCT", "DESCRIBE"}:
                triples = []
                for triple in run():
                    triples.append(triple)
                    if len(triples) > job.max_rows:
                        raise OverflowError(len(triples))
                body = ox.serialize(triples, format=graphs[job.media_type]) or b""
            elif job.form == "ASK":
                body = run().serialize(format=results[job.media_type]) or b""
            else:
                for count, _ in enumerate(run(), start=1):
                    if count > job.max_rows:
                        raise OverflowError(count)
                body = run().serialize(format=results[job.media_type]) or b""
            conn.send(("ok", body))
        except OverflowError:
            conn.send(("too-large", job.max_rows))
        except (SyntaxError, ValueError, OSError, RuntimeError) as err:
            conn.send(("error", str(err)))


class _Worker:
    def __init__(self, context: mp.context.BaseContext, nquads: Path) -> None:
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(child, str(nquads)), daemon=True
        )
        self.process.start()
        child.close()

    def ready(self, timeout: float) -> bool:
        if self.conn.poll(timeout):
            return self.conn.recv()[0] == "ready"
        return False

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        with contextlib.suppress(OSError):
            self.conn.close()


class WorkerPool:
    """``size`` workers over one N-Quads file; ``run`` answers a job within ``deadline``."""

    def __init__(self, nquads: Path, size: int = 2, deadline: float = 10.0) -> None:
        self.nquads, self.size, self.deadline = nquads, size, deadline
        self._context = mp.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._replacing: set[asyncio.Task[None]] = set()  # kept so they are not collected
        self._retired = self._stopped = False

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        workers = [_Worker(self._context, self.nquads) for _ in range(self.size)]
        loop = asyncio.get_running_loop()
        for worker in workers:
            if not await loop.run_in_executor(None, worker.ready, 120):
                raise RuntimeError(f"a query worker could not load {self.nquads}")
            self._idle.put_nowait(worker)

    async def stop(self) -> None:
        self._stopped = True
        while self._idle is not None and not self._idle.empty():
            self._idle.get_nowait().kill()

    async def retire(self, grace: float) -> None:
        """Stop after ``grace`` seconds (a reload swapped in another pool): queries already
        sent here, or waiting for a worker here, finish or reach their deadline first; no
        worker is replaced meanwhile."""
        self._retired = True
        await asyncio.sleep(grace)
        await self.stop()

    def _put_back(self, worker: _Worker) -> None:
        assert self._idle is not None
        if self._stopped:  # a query that outlived a retired pool's grace
            worker.kill()
        else:
            self._idle.put_nowait(worker)

    async def _replace(self, worker: _Worker) -> None:
        worker.kill()
        if self._retired:
            return
        fresh = _Worker(self._context, self.nquads)
        loop = asyncio.get_running_loop()
        if await loop.run_in_executor(None, fresh.ready, 120):
            assert self._idle is not None
            self._idle.put_nowait(fresh)

    async def run(self, job: Job) -> Answer:
        assert self._idle is not None, "start() the pool first"
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.deadline
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout=self.deadline)
        except TimeoutError:
            return deadline_answer(self.deadline, "every query worker stayed busy")
        worker.conn.send(job)
        remaining = max(0.0, deadline - loop.time())
        answered = await loop.run_in_executor(None, worker.conn.poll, remaining)
        if not answered:
            task = asyncio.ensure_future(self._replace(worker))
            self._replacing.add(task)
            task.add_done_callback(self._replacing.discard)
            return deadline_answer(self.deadline, "the query ran out of time and was stopped")
        kind, value = worker.conn.recv()
        self._put_back(worker)
        if kind == "ok":
            return Answer(200, job.media_type, value)
        if kind == "too-large":
            return Answer(
                400, "application/problem+json", b"",
                {"title": "Result too large",
                 "detail": f"more than {value} rows or triples: add LIMIT, or page with OFFSET"},
            )  # fmt: skip
        return Answer(
            400, "application/problem+json", b"", {"title": "Query failed", "detail": value}
        )


def deadline_answer(seconds: float, why: str) -> Answer:
    return Answer(
        503,
        "application/problem+json",
        b"",
        {"title": "Query deadline exceeded", "detail": f"{why} after {seconds:g} s"},
    )
