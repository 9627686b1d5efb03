"""What every store offers, and the one term type results come back in.

Three backends (pyoxigraph, rdflib, a remote SPARQL 1.1 endpoint) answer the same catalogue; to
compare them row for row, every result is converted to rdflib terms and normalised the same way:
``xsd:string`` literals become simple literals (RDF 1.1 says they are the same term) and blank
nodes keep whatever label the backend gave.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Protocol, runtime_checkable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from fengong.errors import FengongError

__all__ = [
    "Bindings",
    "RdfFormat",
    "Store",
    "Table",
    "Term",
    "literal",
    "python_value",
]

Term = URIRef | Literal | BNode
Bindings = Mapping[str, Term]

_INTEGER_TYPES = {
    XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger,
    XSD.positiveInteger, XSD.negativeInteger, XSD.nonPositiveInteger, XSD.unsignedInt,
    XSD.unsignedLong, XSD.unsignedShort, XSD.unsignedByte,
}  # fmt: skip


class RdfFormat(enum.Enum):
    """Serialisations a store loads; the value is the IANA media type."""

    N_TRIPLES = "application/n-triples"
    N_QUADS = "application/n-quads"
    TURTLE = "text/turtle"
    RDF_XML = "application/rdf+xml"  # checked first: fengong.store.untrusted
    JSON_LD = "application/ld+json"  # likewise

    @property
    def has_graphs(self) -> bool:
        return self is RdfFormat.N_QUADS

    @classmethod
    def for_path(cls, path: Path) -> RdfFormat:
        """The format a file's suffix names.

        >>> RdfFormat.for_path(Path("upload.owl")).name
        'RDF_XML'
        """
        suffixes = {".nq": cls.N_QUADS, ".nt": cls.N_TRIPLES, ".ttl": cls.TURTLE,
                    ".rdf": cls.RDF_XML, ".owl": cls.RDF_XML, ".xml": cls.RDF_XML,
                    ".jsonld": cls.JSON_LD, ".json": cls.JSON_LD}  # fmt: skip
        try:
            return suffixes[path.suffix.lower()]
        except KeyError:
            raise FengongError(
                f"{path}: unknown RDF format; name the file .nq, .nt, .ttl, .rdf or .jsonld"
            ) from None


def literal(lexical: str, language: str | None = None, datatype: str | None = None) -> Literal:
    """A literal in the normal form all backends share (``xsd:string`` → simple literal).

    >>> literal("x", datatype=str(XSD.string)) == Literal("x")
    True
    """
    if language:
        return Literal(lexical, lang=language)
    if datatype and datatype != str(XSD.string):
        return Literal(lexical, datatype=URIRef(datatype))
    return Literal(lexical)


def python_value(term: Term | None) -> str | int | bool | Decimal | float | None:
    """A term as a plain Python value: IRIs and strings as ``str``, numbers and booleans typed."""
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype in _INTEGER_TYPES:
            return int(term)
        if term.datatype == XSD.boolean:
            return str(term) in {"true", "1"}
        if term.datatype == XSD.decimal:
            return Decimal(str(term))
        if term.datatype in {XSD.double, XSD.float}:
            return float(term)
    return str(term)


@dataclass(frozen=True)
class Table:
    """A SELECT result: the projected variables, in order, and one tuple of terms per row."""

    variables: tuple[str, ...]
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Term | None]]:
        for row in self.rows:
            yield dict(zip(self.variables, row, strict=True))

    def records(self) -> list[dict[str, str | int | bool | Decimal | float | None]]:
        """Rows as dicts of plain Python values (see :func:`python_value`)."""
        return [
            {name: python_value(term) for name, term in zip(self.variables, row, strict=True)}
            for row in self.rows
        ]

    def ntriples_rows(self) -> list[tuple[str | None, ...]]:
        """Rows with each term in N-Triples syntax: exact, and comparable across backends."""
        return [tuple(None if t is None else t.n3() for t in row) for row in self.rows]


@runtime_checkable
class Store(Protocol):
    """A quad store the catalogue can run against.

    The default graph a query sees is the union of all named graphs. ``bindings`` are bound as
    RDF terms by the backend's own mechanism, never pasted into the query text; a bound variable
    of a SELECT query must be projected (pyoxigraph's rule, kept for all backends).
    """

    name: str

    def load(
        self, data: bytes, format: RdfFormat, graph: str | None = None, name: str = "<data>"
    ) -> None:
        """Add ``data`` to the named graph ``graph`` (N-Quads carry their own graphs).

        RDF/XML and JSON-LD are checked first (:mod:`fengong.store.untrusted`); ``name`` is
        how errors refer to the data."""

    def replace(self, data: bytes, format: RdfFormat, graph: str) -> None:
        """Make the named graph ``graph`` hold exactly ``data``."""

    def select(self, query: str, bindings: Bindings | None = None) -> Table: ...

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph: ...

    def ask(self, query: str, bindings: Bindings | None = None) -> bool: ...

    def clear(self, graph: str | None = None) -> None:
        """Empty one named graph, or every graph when ``graph`` is None."""

    def count(self, graph: str | None = None) -> int:
        """Quads in one named graph, or in all named graphs."""

    def graphs(self) -> list[str]:
        """The named graphs that hold at least one triple, sorted."""

    def close(self) -> None: ...
