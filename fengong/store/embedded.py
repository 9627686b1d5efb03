"""The embedded store: pyoxigraph in memory, loaded from the build's N-Quads.

Parameters are bound as RDF terms through pyoxigraph's ``substitutions``, never pasted into
query text. The default graph is the union of all named graphs, so queries see the ontology,
the registries, every document and the inferred graph together.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

__all__ = ["EmbeddedStore", "Row"]

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

    def __len__(self) -> int:
        return len(self._store)

    def select(self, query: str, bindings: Mapping[str, object] | None = None) -> list[Row]:
        """Rows of a SELECT query as plain Python values (IRIs as strings)."""
        substitutions = {ox.Variable(k): _term(v) for k, v in (bindings or {}).items()}
        result = self._store.query(
            query, use_default_graph_as_union=True, substitutions=substitutions
        )
        assert isinstance(result, ox.QuerySolutions)
        names = [v.value for v in result.variables]
        return [{n: _python(solution[n]) for n in names} for solution in result]


def _term(value: object) -> ox.NamedNode | ox.Literal:
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
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
