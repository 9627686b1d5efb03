"""Any SPARQL 1.1 server: query through SPARQLWrapper, publish through the Graph Store Protocol.

For when the data outgrows one machine or already lives in the lab's triple store. Bound values
travel as a ``VALUES`` block built from escaped RDF terms (:mod:`fengong.store.sparql_text`).
Publishing uses the Graph Store HTTP Protocol when the server names a GSP endpoint, else SPARQL
Update (``INSERT DATA`` in chunks). The server must answer queries over the union of its named
graphs as the default graph (Oxigraph: ``--union-default-graph``; Virtuoso does by default).
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from SPARQLWrapper import DIGEST, JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from fengong.errors import FengongError
from fengong.packaged import defaults_root
from fengong.queries import load_query
from fengong.store.base import Bindings, RdfFormat, Table, Term, literal
from fengong.store.guard import QueryRefused, foreign_graph, inspect_query
from fengong.store.sparql_text import inject_values, sparql_term
from fengong.store.untrusted import as_line_based

__all__ = ["Endpoint", "RemoteError", "RemoteStore", "split_quads"]

_QUERIES = defaults_root() / "queries" / "store"
_CHUNK = 2000  # triples per INSERT DATA request when the server has no Graph Store endpoint


class RemoteError(FengongError):
    """The endpoint refused a request or could not be reached."""


@dataclass(frozen=True)
class Endpoint:
    """Where a server listens and how to log in.

    ``query`` is the SPARQL query endpoint; ``update`` the SPARQL Update endpoint (defaults to
    ``query``); ``store`` the Graph Store Protocol endpoint, if the server has one. ``auth`` is
    ``basic`` or ``digest`` with ``user``/``password``; ``token`` sends a bearer token.
    ``graphs`` is the IRI prefix of the named graphs this store owns on a shared server.
    """

    query: str
    update: str | None = None
    store: str | None = None
    user: str | None = None
    password: str | None = None
    auth: str = "basic"
    token: str | None = None
    timeout: float = 60.0
    graphs: str = "https://w3id.org/fengong/id/graph/"  # the only graphs we list, count, clear

    def authorization(self) -> str | None:
        """The Authorization header for bearer or basic auth (digest needs a challenge first)."""
        if self.token:
            return f"Bearer {self.token}"
        if self.user is not None and self.auth == "basic":
            secret = f"{self.user}:{self.password or ''}".encode()
            return "Basic " + base64.b64encode(secret).decode()
        return None


def _term(value: dict[str, str]) -> Term:
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in {"literal", "typed-literal"}:
        return literal(value["value"], value.get("xml:lang"), value.get("datatype"))
    raise RemoteError(f"unexpected term type in SPARQL JSON results: {kind!r}")


class RemoteStore:
    """A SPARQL 1.1 endpoint behind the :class:`~fengong.store.base.Store` interface."""

    name = "remote"

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint

    # HTTP ----------------------------------------------------------------------------------
    def _wrapper(self, url: str) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(url, updateEndpoint=self.endpoint.update or url)
        wrapper.setMethod(POST)
        wrapper.setTimeout(int(self.endpoint.timeout))
        if self.endpoint.user is not None:
            wrapper.setCredentials(self.endpoint.user, self.endpoint.password or "")
            if self.endpoint.auth == "digest":
                wrapper.setHTTPAuth(DIGEST)
        if self.endpoint.token:
            wrapper.addCustomHttpHeader("Authorization", f"Bearer {self.endpoint.token}")
        return wrapper

    def _opener(self, url: str) -> urllib.request.OpenerDirector:
        handlers: list[urllib.request.BaseHandler] = []
        if self.endpoint.user is not None and self.endpoint.auth == "digest":
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, url, self.endpoint.user, self.endpoint.password or "")
            handlers.append(urllib.request.HTTPDigestAuthHandler(manager))
        return urllib.request.build_opener(*handlers)

    def _http(self, method: str, url: str, body: bytes | None, content_type: str | None) -> None:
        request = urllib.request.Request(url, data=body, method=method)
        if content_type:
            request.add_header("Content-Type", content_type)
        authorization = self.endpoint.authorization()
        if authorization:
            request.add_header("Authorization", authorization)
        try:
            with self._opener(url).open(request, timeout=self.endpoint.timeout) as response:
                response.read()
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace")[:500]
            raise RemoteError(f"{method} {url}: HTTP {err.code} {err.reason}: {detail}") from None
        except (urllib.error.URLError, OSError) as err:
            raise RemoteError(f"{method} {url}: {err}") from None

    def _run(self, query: str, bindings: Bindings | None, fmt: str) -> object:
        # a server runs what it is sent: no update (LOAD), no SERVICE, no graph it may fetch
        # (Oxigraph fetches a FROM graph it does not hold)
        shape = inspect_query(query)
        query = shape.text  # the canonical text checked is the one sent
        foreign = foreign_graph(shape.dataset, self.endpoint.graphs)
        if foreign:
            raise QueryRefused(
                f"a graph outside this store cannot be named: {foreign} "
                f"(graphs here start with {self.endpoint.graphs})"
            )
        text = inject_values(query, {k: [v] for k, v in (bindings or {}).items()})  # type: ignore[misc]
        wrapper = self._wrapper(self.endpoint.query)
        wrapper.setQuery(text)
        wrapper.setReturnFormat(fmt)
        try:
            return wrapper.query()
        except SPARQLWrapperException as err:
            raise RemoteError(f"{self.endpoint.query}: {err}") from None
        except (urllib.error.URLError, OSError) as err:
            raise RemoteError(f"{self.endpoint.query}: {err}") from None

    def _update(self, text: str) -> None:
        wrapper = self._wrapper(self.endpoint.update or self.endpoint.query)
        wrapper.setQuery(text)
        try:
            wrapper.query()
        except (SPARQLWrapperException, urllib.error.URLError, OSError) as err:
            raise RemoteError(f"{self.endpoint.update or self.endpoint.query}: {err}") from None

    def _graph_url(self, graph: str) -> str:
        assert self.endpoint.store is not None
        joiner = "&" if "?" in self.endpoint.store else "?"
        return f"{self.endpoint.store}{joiner}{urlencode({'graph': graph})}"

    # loading -------------------------------------------------------------------------------
    def load(
        self, data: bytes, format: RdfFormat, graph: str | None = None, name: str = "<data>"
    ) -> None:
        data, format = as_line_based(data, format, name, graph)
        if format.has_graphs:
            for name, chunk in split_quads(data).items():
                self.load(chunk, RdfFormat.N_TRIPLES, name)
            return
        if graph is None:
            raise RemoteError("publishing needs a named graph")
        if self.endpoint.store:
            self._http("POST", self._graph_url(graph), data, format.value)
            return
        triples = Graph().parse(data=data, format=_RDFLIB_FORMATS[format])
        lines = sorted(
            " ".join(sparql_term(t) if not isinstance(t, BNode) else t.n3() for t in triple)
            for triple in triples
        )
        for start in range(0, len(lines), _CHUNK):
            body = " .\n".join(lines[start : start + _CHUNK])
            self._update(f"INSERT DATA {{ GRAPH {sparql_term(URIRef(graph))} {{\n{body} .\n}} }}")

    def replace(self, data: bytes, format: RdfFormat, graph: str) -> None:
        if self.endpoint.store and not format.has_graphs:
            self._http("PUT", self._graph_url(graph), data, format.value)
            return
        self.clear(graph)
        self.load(data, format, graph)

    def clear(self, graph: str | None = None) -> None:
        for name in [graph] if graph is not None else self.graphs():
            if self.endpoint.store:
                try:
                    self._http("DELETE", self._graph_url(name), None, None)
                except RemoteError as err:
                    if "HTTP 404" not in str(err):
                        raise
            else:
                self._update(f"CLEAR SILENT GRAPH {sparql_term(URIRef(name))}")

    def _graph_sizes(self) -> dict[str, int]:
        table = self.select(
            load_query(_QUERIES, "graphs"), {"prefix": Literal(self.endpoint.graphs)}
        )
        return {str(row["graph"]): int(row["triples"]) for row in table}  # type: ignore[arg-type]

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return sum(self._graph_sizes().values())
        table = self.select(load_query(_QUERIES, "count-graph"), {"graph": URIRef(graph)})
        return int(table.rows[0][1]) if table.rows else 0  # type: ignore[arg-type]

    def graphs(self) -> list[str]:
        return sorted(self._graph_sizes())

    # querying ------------------------------------------------------------------------------
    def select(self, query: str, bindings: Bindings | None = None) -> Table:
        result = self._run(query, bindings, JSON)
        try:
            data = json.loads(result.response.read())  # type: ignore[attr-defined]
        except ValueError as err:
            raise RemoteError(f"{self.endpoint.query}: not SPARQL JSON results: {err}") from None
        names = tuple(data["head"]["vars"])
        rows = [
            tuple(_term(b[n]) if n in b else None for n in names)
            for b in data["results"]["bindings"]
        ]
        return Table(names, rows)

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        result = self._run(query, bindings, TURTLE)
        body = result.response.read()  # type: ignore[attr-defined]
        graph = Graph()
        for s, p, o in Graph().parse(data=body, format="turtle"):
            graph.add(
                (s, p, literal(str(o), o.language, o.datatype) if isinstance(o, Literal) else o)
            )
        return graph

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        result = self._run(query, bindings, JSON)
        return bool(json.loads(result.response.read())["boolean"])  # type: ignore[attr-defined]

    def close(self) -> None:
        """Nothing held open: every request has its own connection."""


_RDFLIB_FORMATS = {RdfFormat.N_TRIPLES: "nt", RdfFormat.TURTLE: "turtle"}


def split_quads(data: bytes) -> dict[str, bytes]:
    """N-Quads → N-Triples per named graph (default-graph quads are refused: name a graph)."""
    by_graph: dict[str, list[ox.Triple]] = {}
    for quad in ox.parse(data, format=ox.RdfFormat.N_QUADS):
        if not isinstance(quad.graph_name, ox.NamedNode):
            raise RemoteError("N-Quads with default-graph triples: put them in a named graph")
        by_graph.setdefault(quad.graph_name.value, []).append(quad.triple)
    return {
        name: ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        for name, triples in by_graph.items()
    }
