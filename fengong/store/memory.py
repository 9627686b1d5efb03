"""The rdflib store: pure Python, slow, and the reference the other backends are tested against.

Bindings go through rdflib's ``initBindings``. rdflib's SPARQL engine would fetch ``FROM <…>``
graphs (local files included) and run ``SERVICE`` calls; this store turns graph loading off
and refuses SERVICE before evaluation (:mod:`fengong.store.guard`), so a query can read only what was loaded.
"""

from __future__ import annotations

from rdflib import Dataset, Graph, Literal, URIRef, Variable
from rdflib.plugins import sparql as rdflib_sparql
from rdflib.query import Result

from fengong.store.base import Bindings, RdfFormat, Table, Term, literal
from fengong.store.guard import inspect_query
from fengong.store.untrusted import as_line_based

__all__ = ["MemoryStore"]

_FORMATS = {
    RdfFormat.N_TRIPLES: "nt",
    RdfFormat.N_QUADS: "nquads",
    RdfFormat.TURTLE: "turtle",
}


def _normal(term: Term | None) -> Term | None:
    if isinstance(term, Literal):
        dt = str(term.datatype) if term.datatype is not None else None
        return literal(str(term), term.language, dt)
    return term


class MemoryStore:
    """rdflib ``Dataset`` whose default graph is the union of its named graphs."""

    name = "rdflib"

    def __init__(self) -> None:
        rdflib_sparql.SPARQL_LOAD_GRAPHS = False
        self._data = Dataset(default_union=True)

    def load(
        self, data: bytes, format: RdfFormat, graph: str | None = None, name: str = "<data>"
    ) -> None:
        data, format = as_line_based(
            data, format, name, graph
        )  # rdflib never sees RDF/XML, JSON-LD
        if format.has_graphs:
            self._data.parse(data=data, format=_FORMATS[format])
        else:
            target = self._data.graph(URIRef(graph)) if graph else self._data.default_graph
            target.parse(data=data, format=_FORMATS[format])

    def replace(self, data: bytes, format: RdfFormat, graph: str) -> None:
        self.clear(graph)
        self.load(data, format, graph)

    def clear(self, graph: str | None = None) -> None:
        if graph is None:
            for context in list(self._data.graphs()):
                self._data.remove_graph(context)
            self._data.default_graph.remove((None, None, None))
        else:
            self._data.remove_graph(self._data.graph(URIRef(graph)))

    def count(self, graph: str | None = None) -> int:
        if graph is not None:
            return len(self._data.graph(URIRef(graph)))
        return sum(1 for _ in self._data.quads((None, None, None, None)))

    def graphs(self) -> list[str]:
        return sorted(
            str(c.identifier)
            for c in self._data.graphs()
            if isinstance(c.identifier, URIRef) and len(c) > 0
        )

    def _query(self, query: str, bindings: Bindings | None) -> Result:
        query = inspect_query(query).text  # the canonical text checked is the one run
        init = {Variable(k): v for k, v in (bindings or {}).items()}
        return self._data.query(query, initBindings=init)

    def select(self, query: str, bindings: Bindings | None = None) -> Table:
        result = self._query(query, bindings)
        if result.type != "SELECT":
            raise TypeError("not a SELECT query")
        names = tuple(str(v) for v in result.vars or ())
        return Table(names, [tuple(_normal(t) for t in row) for row in result])

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        result = self._query(query, bindings)
        if result.type not in {"CONSTRUCT", "DESCRIBE"}:
            raise TypeError("not a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for s, p, o in result:
            graph.add((s, p, _normal(o)))
        return graph

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        result = self._query(query, bindings)
        if result.type != "ASK":
            raise TypeError("not an ASK query")
        return bool(result.askAnswer)

    def close(self) -> None:
        self._data.close()
