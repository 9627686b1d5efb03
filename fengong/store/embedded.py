"""The embedded store: pyoxigraph in memory, loaded from the build's N-Quads.

Parameters are bound as RDF terms through pyoxigraph's ``substitutions``, never pasted into
query text. The default graph is the union of all named graphs, so queries see the ontology,
the registries, every document and the inferred graph together.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

__all__ = ["IRI", "EmbeddedStore", "Row"]


class IRI(str):
    """A string to be bound as an IRI (plain strings are bound as literals)."""


Row = dict[str, str | int | bool | None]


def _python(term: ox.Literal | ox.NamedNode | ox.BlankNode | None) -> str | int | bool | None:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype.endswith("#integer"):
            return int(term.value)
        if datatype.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return term.value


class EmbeddedStore:
    def __init__(self) -> None:
        self._store = ox.Store()

    @classmethod
    def from_nquads(cls, path: Path) -> EmbeddedStore:
        store = cls()
        store._store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
        return store

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

    def __len__(self) -> int:
        return len(self._store)

    def select(self, query: str, bindings: Mapping[str, object] | None = None) -> list[Row]:
        """Rows of a SELECT query as plain Python values (IRIs as strings)."""
        return [
            {n: _python(t) for n, t in row.items()} for row in self.select_terms(query, bindings)
        ]

    def select_terms(
        self, query: str, bindings: Mapping[str, object] | None = None
    ) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode | None]]:
        """Rows of a SELECT query as pyoxigraph terms (language tags and datatypes kept)."""
        substitutions = {ox.Variable(k): _term(v) for k, v in (bindings or {}).items()}
        result = self._store.query(
            query, use_default_graph_as_union=True, substitutions=substitutions
        )
        assert isinstance(result, ox.QuerySolutions)
        names = [v.value for v in result.variables]
        return [{n: solution[n] for n in names} for solution in result]


def _term(value: object) -> ox.NamedNode | ox.Literal:
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    if isinstance(value, IRI):
        return ox.NamedNode(str(value))
    if isinstance(value, bool):
        return ox.Literal(
            "true" if value else "false",
            datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"),
        )
    if isinstance(value, int):
        return ox.Literal(
            str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        )
    return ox.Literal(str(value))
