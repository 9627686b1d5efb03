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
import logging
import multiprocessing as mp
from collections import Counter, OrderedDict, deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from fengong.store.disk import disk_store, open_read_only
from fengong.web.confine import cap_memory, isolate_network, resident_bytes

__all__ = ["Answer", "Job", "WorkerPool", "deadline_answer", "problem_answer"]

log = logging.getLogger("uvicorn.error")


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
    risky: bool = False  # its shape suggests a long run (fengong.store.guard.query_risk)
    #: values bound to variables, as RDF terms (pyoxigraph's substitutions), each a tuple:
    #: ("uri", iri), ("bnode", label) or ("literal", lexical form, language, datatype)
    substitutions: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes
    detail: dict[str, Any] = field(default_factory=dict)


_RESULTS = {
    "application/sparql-results+json": "JSON",
    "application/sparql-results+xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
_GRAPHS = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
}


def _term_text(term: Any) -> str:
    """A result term in the syntax of SPARQL TSV results (N-Triples, and RDF 1.2 triple terms,
    which pyoxigraph's ``str`` writes without their ``<<( )>>``)."""
    import pyoxigraph as ox

    if isinstance(term, ox.Triple):
        return f"<<( {_term_text(term.subject)} {_term_text(term.predicate)} {_term_text(term.object)} )>>"
    return str(term)


def _ox_term(term: tuple[str, ...]) -> Any:
    import pyoxigraph as ox

    kind, value, *rest = term
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    language, datatype = rest
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(datatype) if datatype else None)


def answer_job(store: Any, job: Job) -> tuple[str, Any]:
    """Run ``job`` on a pyoxigraph store, once, and say what came of it: ``("ok", body)``,
    ``("too-large", cap)`` or ``("error", message)``.

    A SELECT answer is read once, up to one row past the cap, and only then serialised, by
    pyoxigraph, from that copy (written as SPARQL TSV, whose terms are exact N-Triples, and read
    back): counting the rows with one run and serialising another would spend the deadline
    twice, and could count one answer and send another.
    """
    import pyoxigraph as ox

    options: dict[str, Any] = {"base_iri": job.base_iri}
    if job.substitutions:
        options["substitutions"] = {ox.Variable(name): _ox_term(term)
                                    for name, term in job.substitutions}  # fmt: skip
    if job.own_dataset and not (job.default_graphs or job.named_graphs):
        pass  # the query's FROM clauses pick graphs in this store; nothing is fetched
    elif job.default_graphs or job.named_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    else:
        options["use_default_graph_as_union"] = True
    try:
        result = store.query(job.query, **options)
        if job.form in {"CONSTRUCT", "DESCRIBE"}:
            triples = []
            for triple in result:
                triples.append(triple)
                if len(triples) > job.max_rows:
                    return ("too-large", job.max_rows)
            body = ox.serialize(triples, format=getattr(ox.RdfFormat, _GRAPHS[job.media_type]))
            return ("ok", body or b"")
        results = getattr(ox.QueryResultsFormat, _RESULTS[job.media_type])
        if job.form == "ASK":
            return ("ok", result.serialize(format=results) or b"")
        lines = ["\t".join(str(v) for v in result.variables)]
        for count, row in enumerate(result, start=1):
            if count > job.max_rows:
                return ("too-large", job.max_rows)
            lines.append("\t".join("" if t is None else _term_text(t) for t in row))
        copy = ox.parse_query_results(("\n".join(lines) + "\n").encode(), ox.QueryResultsFormat.TSV)
        return ("ok", copy.serialize(format=results) or b"")
    except (SyntaxError, ValueError, OSError, RuntimeError) as err:
        return ("error", str(err))


def _serve(conn: Connection, nquads: str, memory: int | None, isolate: bool) -> None:
    """The worker's life: load, shut itself off (network, memory), then answer jobs."""
    import pyoxigraph as ox

    on_disk = disk_store(Path(nquads).parent)  # the build's on-disk copy, shared read-only
    if on_disk is not None:
        store, count = open_read_only(on_disk)
    else:
        store = ox.Store()
        store.load(path=nquads, format=ox.RdfFormat.N_QUADS)
        count = len(store)
    isolated = isolate_network() if isolate else False
    cap = cap_memory(memory) if memory else None
    # past this, a worker is replaced after its answer (allocators keep what they freed)
    swollen = cap.resident_after_load + (memory or 0) // 2 if cap else None
    try:
        conn.send(("ready", count, {"isolated": isolated, "store": "disk" if on_disk else "memory",
                                    "address_space": cap.address_space if cap else None}))  # fmt: skip
        while True:
            job: Job = conn.recv()
            kind, value = answer_job(store, job)
            conn.send((kind, value, swollen is not None and resident_bytes() > swollen))
    except (EOFError, BrokenPipeError):  # the server closed the pipe (stopped, or replaced us)
        return


class _Worker:
    def __init__(
        self, context: mp.context.BaseContext, nquads: Path, memory: int | None, isolate: bool
    ) -> None:
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(child, str(nquads), memory, isolate), daemon=True
        )
        self.process.start()
        child.close()
        self.preempted = False  # stopped to let other queries run
        self.confinement: dict[str, Any] = {}  # what the worker reports it shut itself off from
        self.quads = 0  # in its store, once loaded

    def ready(self, timeout: float) -> bool:
        try:
            if self.conn.poll(timeout):
                kind, self.quads, self.confinement = self.conn.recv()
                return bool(kind == "ready")
        except (EOFError, OSError):  # the process died while loading (out of memory, say)
            pass
        return False

    def kill(self, wait: bool = True) -> None:
        """Stop the process; ``wait=False`` on the event loop, which must not block: the
        process is then reaped later (multiprocessing joins finished children)."""
        self.process.kill()  # a query waiting on this worker wakes with EOF
        if wait:
            self.process.join(5)
        with contextlib.suppress(OSError):
            self.conn.close()


@dataclass(eq=False)
class _Waiter:
    future: asyncio.Future[_Worker]
    client: str


class WorkerPool:
    """``size`` workers over one N-Quads file; ``run`` answers a job within ``deadline``.

    Four rules keep long queries, and busy clients, from starving the others:

    * a query whose shape suggests a long run (an unbounded path, a regular expression, a
      cartesian product) may use all workers but one: one is always left to the others (with
      a single worker there is nothing to reserve);
    * a freed worker goes to the waiting query whose client (its address) holds the fewest
      workers, the earliest first among equals: a client with many queries queued behind its
      running ones never keeps another client waiting behind them;
    * a job that waits ``patience`` seconds for a worker stops the longest-running query of
      the client holding the most workers, if that client holds more than the waiting one's
      and the query has run at least ``slow_after`` seconds (its client gets 503 and may try
      again later; the worker is replaced); a client's queries never stop each other;
    * a query that ran out of time after running at least half the deadline (not merely
      waiting) is answered 503 at once for ``remember`` seconds when the same text (and
      dataset) comes again, instead of holding a worker for another deadline.
    """

    def __init__(
        self,
        nquads: Path,
        size: int = 2,
        deadline: float = 10.0,
        patience: float = 0.25,
        remember: float = 60.0,
        memory: int | None = 1024 << 20,
        isolate: bool = True,
    ) -> None:
        self.nquads, self.size, self.deadline = nquads, size, deadline
        self.memory, self.isolate = memory, isolate  # each worker's allowance; no network
        self.patience, self.remember = patience, remember
        self.slow_after = min(1.0, deadline / 2)
        self._context = mp.get_context("spawn")
        self._idle: list[_Worker] | None = None
        self._waiting: list[_Waiter] = []  # in arrival order
        self._busy: dict[_Worker, tuple[float, str]] = {}  # worker → when started, for whom
        self._held: Counter[str] = Counter()  # client → workers given to its queries
        self._timed_out: OrderedDict[tuple[object, ...], float] = OrderedDict()  # → until
        self._replacing: set[asyncio.Task[None]] = set()  # kept so they are not collected
        self._retired = self._stopped = False
        # the last queries stopped to make room: (whose, for whom), oldest first
        self.stops: deque[tuple[str, str]] = deque(maxlen=1024)
        self._risky = asyncio.Semaphore(max(1, size - 1))
        # waits on workers (a reply, a restart) get threads of their own: in the loop's
        # default executor (cpus + 4 threads) they would queue, and overrun their deadline
        self._threads = ThreadPoolExecutor(2 * size + 2, thread_name_prefix="query-wait")
        self.confinement: dict[str, Any] = {}
        self.quads = 0  # in the graph the workers loaded

    @classmethod
    def for_settings(cls, nquads: Path, settings: Any) -> WorkerPool:
        """The pool a server's ``Settings`` describe."""
        memory = settings.query_memory << 20 if settings.query_memory > 0 else None
        return cls(nquads, settings.workers, settings.deadline, memory=memory,
                   isolate=settings.isolate_workers)  # fmt: skip

    async def start(self) -> None:
        self._idle = []
        workers = [self._new_worker() for _ in range(self.size)]
        loop = asyncio.get_running_loop()
        for worker in workers:
            if not await loop.run_in_executor(self._threads, worker.ready, 120):
                for started in workers:  # none is left holding a copy of the graph
                    started.kill()
                raise RuntimeError(f"a query worker could not load {self.nquads}")
            self._idle.append(worker)
        self.confinement, self.quads = workers[0].confinement, workers[0].quads
        if self.isolate and not self.confinement.get("isolated"):
            log.warning("query workers keep network access: this OS allows no network "
                        "namespace here (the SERVICE guard still holds)")  # fmt: skip

    def _new_worker(self) -> _Worker:
        return _Worker(self._context, self.nquads, self.memory, self.isolate)

    async def stop(self) -> None:
        self._stopped = True
        while self._idle:
            self._idle.pop().kill()
        self._threads.shutdown(wait=False, cancel_futures=True)

    async def retire(self, grace: float) -> None:
        """Stop after ``grace`` seconds (a reload swapped in another pool): queries already
        sent here, or waiting for a worker here, finish or reach their deadline first; no
        worker is replaced meanwhile."""
        self._retired = True
        await asyncio.sleep(grace)
        await self.stop()

    def _hand_over(self, worker: _Worker) -> None:
        """A free worker: to the waiting query whose client holds fewest, else idle."""
        assert self._idle is not None
        if self._stopped:  # a query that outlived a retired pool's grace
            worker.kill(wait=False)
            return
        while self._waiting:
            waiter = min(self._waiting, key=lambda w: self._held[w.client])  # earliest of equals
            self._waiting.remove(waiter)
            if not waiter.future.done():
                self._held[waiter.client] += 1
                waiter.future.set_result(worker)
                return
        self._idle.append(worker)

    def _release(self, client: str) -> None:
        self._held[client] -= 1
        if self._held[client] <= 0:
            del self._held[client]

    def _replace(self, worker: _Worker) -> None:
        worker.kill(wait=False)  # on the event loop: a signal, no join
        if self._retired or self._stopped:
            return
        task = asyncio.ensure_future(self._start_fresh())
        self._replacing.add(task)
        task.add_done_callback(self._replacing.discard)

    async def _start_fresh(self, attempts: int = 3) -> None:
        """A worker in place of a stopped one. A start that fails is tried again (a pool
        that gave up would serve with one worker fewer until restarted); while this runs,
        ``_replacing`` holds it, so no other query is stopped to make room meanwhile."""
        loop = asyncio.get_running_loop()
        for attempt in range(1, attempts + 1):
            try:
                fresh = self._new_worker()
            except OSError as err:  # no process could be started (limits, memory)
                log.error("a query worker could not be started on %s: %s", self.nquads, err)
            else:
                if await loop.run_in_executor(self._threads, fresh.ready, 120):
                    if self._stopped:
                        fresh.kill(wait=False)
                    else:
                        self._hand_over(fresh)
                    return
                fresh.kill(wait=False)
                log.error("a query worker could not be restarted on %s (attempt %d of %d)",
                          self.nquads, attempt, attempts)  # fmt: skip
            if self._stopped:
                return
            await asyncio.sleep(0.5 * (attempt - 1))  # at once the first time, then backing off

    def _preempt(self, now: float, client: str) -> None:
        """Stop, for ``client``'s waiting query, the longest-running query of the client
        holding the most workers, if it holds more than ``client`` and that query has run
        ``slow_after`` seconds; one at a time: not while a replacement is still loading."""
        if self._replacing:
            return
        running = [(-self._held[owner], started, w) for w, (started, owner)
                   in self._busy.items() if not w.preempted
                   and self._held[owner] > self._held[client]]  # fmt: skip
        if not running:
            return
        _, started, worker = min(running, key=lambda entry: entry[:2])
        if now - started >= self.slow_after and not worker.conn.poll(0):  # not just answered
            worker.preempted = True
            self.stops.append((self._busy[worker][1], client))
            self._replace(worker)

    async def _acquire(self, deadline: float, preempt: bool, client: str) -> _Worker | None:
        """A worker for ``client`` (counted as held by it), or None by ``deadline``."""
        assert self._idle is not None
        if self._idle:  # nobody waits while a worker is idle
            self._held[client] += 1
            return self._idle.pop()
        loop = asyncio.get_running_loop()
        waiter = _Waiter(loop.create_future(), client)
        self._waiting.append(waiter)
        got: _Worker | None = None
        try:
            while (left := deadline - loop.time()) > 0:
                if waiter.future.done():
                    got = waiter.future.result()
                    return got
                try:
                    got = await asyncio.wait_for(
                        asyncio.shield(waiter.future), timeout=min(left, self.patience)
                    )
                    return got
                except TimeoutError:
                    if preempt:  # a long query never stops another to take its place
                        self._preempt(loop.time(), client)
            return None
        finally:  # nothing below awaits: no worker can be handed over meanwhile
            if waiter in self._waiting:
                self._waiting.remove(waiter)
            if got is None and waiter.future.done() and not waiter.future.cancelled():
                self._release(client)  # handed a worker just as this wait ended: pass it on
                self._hand_over(waiter.future.result())
            elif not waiter.future.done():
                waiter.future.cancel()

    async def run(self, job: Job, client: str | None = None) -> Answer:
        """Answer ``job`` for ``client`` (its address; None: the server itself)."""
        assert self._idle is not None, "start() the pool first"
        loop = asyncio.get_running_loop()
        key = (job.query, job.default_graphs, job.named_graphs, job.form, job.max_rows)
        if self._timed_out.get(key, 0.0) > loop.time():
            return problem_answer(
                503, "Query deadline exceeded",
                f"the same query ran out of time (after {self.deadline:g} s) less than "
                f"{self.remember:g} s ago, so it is not run again yet: add LIMIT, or narrow it")  # fmt: skip
        deadline = loop.time() + self.deadline
        who = client if client is not None else "-"
        if not job.risky:
            return await self._run(job, key, deadline, who)
        try:
            await asyncio.wait_for(self._risky.acquire(), timeout=self.deadline)
        except TimeoutError:
            return deadline_answer(
                self.deadline, "the workers for long-running queries stayed busy"
            )
        try:
            return await self._run(job, key, deadline, who)
        finally:
            self._risky.release()

    def _remember_timeout(self, key: tuple[object, ...], now: float) -> None:
        self._timed_out[key] = now + self.remember
        self._timed_out.move_to_end(key)
        while len(self._timed_out) > 1024:
            self._timed_out.popitem(last=False)

    async def _run(self, job: Job, key: tuple[object, ...], deadline: float, client: str) -> Answer:
        loop = asyncio.get_running_loop()
        worker = await self._acquire(deadline, preempt=not job.risky, client=client)
        if worker is None:
            return deadline_answer(self.deadline, "every query worker stayed busy")
        if deadline - loop.time() <= 0:  # no time left: the job is not sent at all
            self._release(client)
            self._hand_over(worker)
            return deadline_answer(self.deadline, "no time was left to run the query")
        started = loop.time()
        self._busy[worker] = (started, client)
        answered = False  # True once the pipe had something: an answer, or the end of a worker
        try:
            worker.conn.send(job)
            remaining = max(0.0, deadline - loop.time())
            answered = await loop.run_in_executor(self._threads, worker.conn.poll, remaining)
            if not answered or worker.preempted:
                raise EOFError
            kind, value, recycle = worker.conn.recv()
        except (EOFError, OSError):
            if worker.preempted:
                return problem_answer(
                    503, "Query stopped under load",
                    "every query worker was busy and this client held more of them than "
                    f"one that waited; this query had run longest (over {self.slow_after:g} "
                    "s): it was stopped to let others run; try again later")  # fmt: skip
            died = answered  # the pipe ended before any answer: the worker died by itself
            self._replace(worker)
            if died and self.memory:
                return problem_answer(
                    503, "Query over the memory cap",
                    f"the query worker stopped while running this query, most likely past its "
                    f"memory cap ({self.memory >> 20} MiB more than the graph): add LIMIT, "
                    "narrow it, or avoid ORDER BY over large products")  # fmt: skip
            if loop.time() >= deadline:
                if loop.time() - started >= self.deadline / 2:  # not queue time
                    self._remember_timeout(key, loop.time())
                return deadline_answer(self.deadline, "the query ran out of time and was stopped")
            return problem_answer(503, "Query worker failed", "the worker stopped; try again")
        finally:
            self._busy.pop(worker, None)
            self._release(client)
        if recycle:  # memory it kept after this answer: a fresh worker starts lean
            self._replace(worker)
        else:
            self._hand_over(worker)
        if kind == "ok":
            return Answer(200, job.media_type, value)
        if kind == "too-large":
            return problem_answer(
                400, "Result too large",
                f"more than {value} rows or triples: add LIMIT, or page with OFFSET")  # fmt: skip
        return problem_answer(400, "Query failed", value)


def problem_answer(status: int, title: str, detail: str) -> Answer:
    """A refusal, which the endpoint sends as ``application/problem+json``."""
    return Answer(status, "application/problem+json", b"", {"title": title, "detail": detail})


def deadline_answer(seconds: float, why: str) -> Answer:
    return problem_answer(503, "Query deadline exceeded", f"{why} after {seconds:g} s")
