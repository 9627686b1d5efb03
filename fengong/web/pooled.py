"""The server's own queries (catalogue, pages, exports, linked data) run in the query workers.

A catalogue query given 2,500 values, or a page over a large corpus, once ran in the server
process on the event loop, with no deadline: every other request waited. Now the handlers
that query run in threads, and every query they make goes, as a job, to the same worker
processes as ``/sparql``: bounded in time (killed at the deadline), in memory, and shared out
fairly per client. The server process itself holds no copy of the graph.

A request is answered from one build: the pool serving it is pinned when it starts, so a
reload that swaps pools midway does not give it half of each (the old pool retires only after
its grace period).
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import sys
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from fengong.errors import FengongError
from fengong.store.base import Bindings, RdfFormat, Table, Term
from fengong.store.embedded import table_of, to_rdflib
from fengong.store.guard import refuse_outbound
from fengong.web.clients import current_client
from fengong.web.worker import Job

__all__ = ["PinPool", "PooledStore", "QueryUnavailable"]

_pinned_pool: contextvars.ContextVar[Any] = contextvars.ContextVar("pinned_pool", default=None)

_NO_ROW_CAP = sys.maxsize  # the server's own queries are bounded by time and memory instead


class QueryUnavailable(FengongError):
    """A query the server ran for a page or the catalogue did not finish (deadline, load,
    memory): the client gets ``status`` (503) and may try again."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status, self.title = status, title


def _term_tuple(term: Term) -> tuple[str, ...]:
    if isinstance(term, URIRef):
        return ("uri", str(term))
    if isinstance(term, BNode):
        return ("bnode", str(term))
    if isinstance(term, Literal):
        datatype = "" if term.datatype is None or term.language else str(term.datatype)
        return ("literal", str(term), term.language or "", datatype)
    raise TypeError(f"unsupported term {term!r}")


class PinPool:
    """ASGI middleware: the requests's queries all go to the pool serving when it began."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            _pinned_pool.set(getattr(scope["app"].state, "pool", None))
        await self.app(scope, receive, send)


class PooledStore:
    """A read-only :class:`~fengong.store.Store` whose queries run in the worker pool.

    Called from a handler's thread (never from the event loop, where waiting for the loop
    would deadlock: that is refused)."""

    name = "pooled"

    def __init__(self, app: Any) -> None:
        self.app = app

    def _answer(self, query: str, form: str, media: str, bindings: Bindings | None) -> bytes:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass  # a thread: as it should be
        else:
            raise RuntimeError(
                "PooledStore was called on the event loop: run the handler in a thread"
            )
        job = Job(
            query=refuse_outbound(query),  # the canonical text, checked, is what runs
            form=form,
            media_type=media,
            max_rows=_NO_ROW_CAP,
            substitutions=tuple(sorted((k, _term_tuple(v)) for k, v in (bindings or {}).items())),
        )
        pool = _pinned_pool.get() or self.app.state.pool
        running = asyncio.run_coroutine_threadsafe(
            pool.run(job, current_client.get()), self.app.state.loop
        )
        answer = running.result()
        if answer.status != 200:
            title, detail = str(answer.detail.get("title")), str(answer.detail.get("detail"))
            raise QueryUnavailable(answer.status, title, detail)
        return answer.body

    def serves_current_build(self) -> bool:
        """Whether this request's queries go to the pool serving now: False for a request
        that began before a reload (it keeps the old pool, and what it computes must not be
        remembered as the new build's)."""
        pinned = _pinned_pool.get()
        return pinned is None or pinned is self.app.state.pool

    def select(self, query: str, bindings: Bindings | None = None) -> Table:
        body = self._answer(query, "SELECT", "text/tab-separated-values", bindings)
        return table_of(ox.parse_query_results(body, ox.QueryResultsFormat.TSV))

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        body = self._answer(query, "CONSTRUCT", "application/n-triples", bindings)
        graph = Graph()
        for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))  # type: ignore[arg-type]
        return graph

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        body = self._answer(query, "ASK", "application/sparql-results+json", bindings)
        return bool(json.loads(body)["boolean"])

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            table = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
            return int(table.rows[0][0])  # type: ignore[arg-type]
        table = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                            "GROUP BY ?g", {"g": URIRef(graph)})  # fmt: skip
        return int(table.rows[0][1]) if table.rows else 0  # type: ignore[arg-type]

    def graphs(self) -> list[str]:
        table = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
        return [str(row[0]) for row in table.rows]

    def load(
        self, data: bytes, format: RdfFormat, graph: str | None = None, name: str = "<data>"
    ) -> None:
        raise FengongError("the server's store is read-only")

    def replace(self, data: bytes, format: RdfFormat, graph: str) -> None:
        raise FengongError("the server's store is read-only")

    def clear(self, graph: str | None = None) -> None:
        raise FengongError("the server's store is read-only")

    def close(self) -> None:
        pass
