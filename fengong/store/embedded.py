"""The embedded store: pyoxigraph, in memory or on disk, the default and the fastest.

Parameters are bound through pyoxigraph's ``substitutions``; the default graph is the union of
all named graphs, so queries see the ontology, the registries, every document and the inferred
graph together.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from fengong.errors import FengongError, Location
from fengong.store.base import Bindings, RdfFormat, Table, Term, literal
from fengong.store.disk import open_read_only
from fengong.store.guard import refuse_outbound
from fengong.store.untrusted import as_line_based, check_rdf

__all__ = ["EmbeddedStore"]

_FORMATS = {
    RdfFormat.N_TRIPLES: ox.RdfFormat.N_TRIPLES,
    RdfFormat.N_QUADS: ox.RdfFormat.N_QUADS,
    RdfFormat.TURTLE: ox.RdfFormat.TURTLE,
    RdfFormat.RDF_XML: ox.RdfFormat.RDF_XML,
    RdfFormat.JSON_LD: ox.RdfFormat.JSON_LD,
}


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Term | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return literal(term.value, term.language, term.datatype.value)
    raise TypeError(f"unsupported term {term!r}")


def table_of(solutions: ox.QuerySolutions) -> Table:
    """pyoxigraph solutions as a :class:`Table` of rdflib terms."""
    names = tuple(v.value for v in solutions.variables)
    # answers repeat terms (labels, numbers, departments): each is converted once, which
    # halves the time of a 17,000-row answer on 1M quads
    converted: dict[object, Term | None] = {None: None}

    def term(node: object) -> Term | None:
        if node not in converted:
            converted[node] = to_rdflib(node)  # type: ignore[arg-type]
        return converted[node]

    return Table(names, [tuple(term(s[n]) for n in names) for s in solutions])


def to_oxigraph(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


class EmbeddedStore:
    """pyoxigraph. ``path=None`` keeps everything in memory; a folder makes it persistent."""

    name = "embedded"

    def __init__(self, path: Path | None = None) -> None:
        self._store = ox.Store(str(path)) if path is not None else ox.Store()
        self._read_only = False

    # loading -------------------------------------------------------------------------------
    @classmethod
    def from_nquads(cls, path: Path) -> EmbeddedStore:
        store = cls()
        store._store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
        return store

    @classmethod
    def around(cls, store: ox.Store) -> EmbeddedStore:
        """Queries, with this class's guards, on a pyoxigraph store made elsewhere (the
        streaming build checks its stores without copying them)."""
        wrapped = cls.__new__(cls)
        wrapped._store = store
        wrapped._read_only = False
        return wrapped

    @classmethod
    def on_disk(cls, store: Path) -> EmbeddedStore:
        """A build's on-disk store (``fengong.store.disk``), opened read-only: nothing loaded,
        nothing copied; any number of processes may open it at once."""
        opened = cls.__new__(cls)
        opened._store, _ = open_read_only(store)
        opened._read_only = True
        return opened

    @classmethod
    def from_ntriples(cls, paths: list[Path]) -> EmbeddedStore:
        """A store whose default graph holds the triples of ``paths``."""
        store = cls()
        for path in paths:
            store._store.load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
        return store

    @classmethod
    def from_ntriples_bytes(cls, data: bytes) -> EmbeddedStore:
        store = cls()
        store._store.load(data, format=ox.RdfFormat.N_TRIPLES)
        return store

    @classmethod
    def from_file(cls, path: Path) -> EmbeddedStore:
        """A build's N-Quads, or any RDF file by its suffix (checked first, as ``load`` is)."""
        fmt = RdfFormat.for_path(path)
        if fmt is RdfFormat.N_QUADS:
            return cls.from_nquads(path)
        store = cls()
        store.load(path.read_bytes(), fmt, name=str(path))
        return store

    def load(
        self, data: bytes, format: RdfFormat, graph: str | None = None, name: str = "<data>"
    ) -> None:
        if format is RdfFormat.JSON_LD and graph is not None:  # named graphs cannot go into one
            data, format = as_line_based(data, format, name, graph)  # checks, then converts
        else:
            check_rdf(data, format, name)
        target = None if format.has_graphs or graph is None else ox.NamedNode(graph)
        try:
            self._store.load(data, format=_FORMATS[format], to_graph=target)
        except (SyntaxError, ValueError) as err:
            raise FengongError(f"not {format.name}: {err}", Location(name)) from None

    def replace(self, data: bytes, format: RdfFormat, graph: str) -> None:
        self.clear(graph)
        self.load(data, format, graph)

    def clear(self, graph: str | None = None) -> None:
        if graph is None:
            self._store.clear()
        else:
            self._store.clear_graph(ox.NamedNode(graph))

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def graphs(self) -> list[str]:
        return sorted(
            g.value
            for g in self._store.named_graphs()
            if isinstance(g, ox.NamedNode)
            and next(iter(self._store.quads_for_pattern(None, None, None, g)), None) is not None
        )

    def __len__(self) -> int:
        return len(self._store)

    # querying ------------------------------------------------------------------------------
    def _query(self, query: str, bindings: Bindings | None) -> object:
        query = refuse_outbound(query)  # the canonical text checked; pyoxigraph calls any SERVICE
        substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
        return self._store.query(
            query, use_default_graph_as_union=True, substitutions=substitutions or None
        )

    def select(self, query: str, bindings: Bindings | None = None) -> Table:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise TypeError("not a SELECT query")
        return table_of(result)

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise TypeError("not a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for t in result:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))  # type: ignore[arg-type]
        return graph

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise TypeError("not an ASK query")
        return bool(result)

    def close(self) -> None:
        """Write pending changes of an on-disk store; the object frees the rest."""
        if not self._read_only:  # a read-only store has nothing to write (and refuses)
            self._store.flush()
