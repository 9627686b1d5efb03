"""RDF from outside is checked before any parser sees it.

Two of the formats a store loads can be driven into unbounded work, or out to the network, by
a few hundred bytes:

* RDF/XML: a DTD's internal entities expand recursively. pyoxigraph 0.5 has no limit (measured:
  572 bytes give a 10-million-character literal; ~950 bytes exhaust memory), and rdflib's
  expat spends > 25 s of CPU on ~650 bytes. External entities are not fetched by either, but
  nothing is gained by letting a DTD through: RDF/XML never needs one. Any ``<!DOCTYPE`` or
  ``<!ENTITY`` is refused, and the document must be UTF-8 so that the check reads what the
  parser will read.
* JSON-LD: a remote ``@context`` (or ``@import``) is fetched by rdflib, from the network or a
  local file (measured); pyoxigraph refuses it. Every context must be inline. Nesting is
  bounded, so a deep document cannot exhaust the stack before a parser starts.

N-Triples, N-Quads and Turtle are read by linear parsers that reference nothing outside the
text, so they pass unchecked. ``owl:imports`` in loaded data is only a triple: nothing here
follows it, and :func:`fengong.graph.consistency.check_consistency` drops it before owlready2
(which would) sees the graph.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fengong.errors import FengongError, Location
from fengong.store.base import RdfFormat

__all__ = ["MAX_JSON_DEPTH", "UnsafeInputError", "as_line_based", "check_rdf"]

MAX_JSON_DEPTH = 256
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


class UnsafeInputError(FengongError):
    """Input that could make a parser run without bound or reach outside the machine."""


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _check_xml(data: bytes, name: str) -> None:
    body = data.removeprefix(b"\xef\xbb\xbf")
    declared = _XML_ENCODING.match(body)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (
        declared and declared.group(1).lower().replace("_", "-") not in {b"utf-8", b"utf8"}
    ):
        raise UnsafeInputError("RDF/XML must be UTF-8 to be checked; convert it", Location(name, 1))
    dtd = _DTD.search(body)
    if dtd:
        raise UnsafeInputError(
            "RDF/XML with a DOCTYPE or ENTITY declaration is refused: entity expansion can "
            "exhaust memory and external entities reach outside; RDF/XML needs no DTD",
            Location(name, _line(body, dtd.start())),
        )


def _depth_first(value: Any) -> Any:
    """Yield every JSON object in ``value``, with its depth; no recursion."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels")
        if isinstance(node, dict):
            yield node
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)


def _check_context(context: Any, name: str) -> None:
    for item in context if isinstance(context, list) else [context]:
        if isinstance(item, str):
            raise UnsafeInputError(
                f"JSON-LD @context {item!r} would be fetched: put the context inline",
                Location(name),
            )
        if isinstance(item, dict) and "@import" in item:
            raise UnsafeInputError(
                f"JSON-LD @import {item['@import']!r} would be fetched: put the context inline",
                Location(name),
            )


def _check_json_ld(data: bytes, name: str) -> None:
    try:
        document = json.loads(data.decode("utf-8"))
        for node in _depth_first(document):
            if "@context" in node:
                _check_context(node["@context"], name)
    except RecursionError:  # the C decoder counts its depth: a stack too deep for it
        raise UnsafeInputError("JSON nested too deeply", Location(name)) from None
    except ValueError as err:
        raise UnsafeInputError(f"not JSON-LD: {err}", Location(name)) from None


def as_line_based(
    data: bytes, format: RdfFormat, name: str = "<data>", graph: str | None = None
) -> tuple[bytes, RdfFormat]:
    """RDF/XML and JSON-LD checked, then read by pyoxigraph into N-Triples; others as given.

    For the stores that would otherwise hand them to rdflib, whose JSON-LD parser fetches
    remote contexts and whose RDF/XML parser expands entities.
    """
    if format not in (RdfFormat.RDF_XML, RdfFormat.JSON_LD):
        return data, format
    import pyoxigraph as ox

    check_rdf(data, format, name)
    parser = ox.RdfFormat.RDF_XML if format is RdfFormat.RDF_XML else ox.RdfFormat.JSON_LD
    try:
        quads = list(ox.parse(data, format=parser))
    except (SyntaxError, ValueError) as err:
        raise FengongError(f"not {format.name}: {err}", Location(name)) from None
    if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):  # JSON-LD @graph
        if graph is not None:
            raise FengongError(
                f"JSON-LD with named graphs cannot go into the one graph <{graph}>",
                Location(name),
            )
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"", RdfFormat.N_QUADS
    return ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES) or b"", RdfFormat.N_TRIPLES


def check_rdf(data: bytes, format: RdfFormat, name: str = "<data>") -> None:
    """Raise :class:`UnsafeInputError` unless ``data`` is safe to hand to a parser."""
    try:
        if format is RdfFormat.RDF_XML:
            _check_xml(data, name)
        elif format is RdfFormat.JSON_LD:
            _check_json_ld(data, name)
    except UnicodeDecodeError as err:
        raise UnsafeInputError(f"not UTF-8 (byte offset {err.start})", Location(name)) from None
