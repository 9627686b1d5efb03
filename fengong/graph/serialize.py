"""Deterministic serialisations: sorted N-Triples / N-Quads and Turtle.

Same input, byte-identical output: lines are sorted as bytes, and no blank node reaches a file
we publish (the ontology's anonymous axioms are the one exception, and they get stable labels
from their content before sorting).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from fengong.graph.namespaces import PREFIXES, XSD

__all__ = ["as_dataset", "build_files", "sorted_nquads", "sorted_ntriples", "turtle"]


#: Canonical N-Triples (RDF 1.1 N-Triples, section 2.4): the seven ECHARs, every other
#: control character as UCHAR. pyoxigraph writes the same, so its dumps and ours sort together.
_ESCAPES = str.maketrans(
    {
        **{chr(c): f"\\u{c:04X}" for c in [*range(0x20), 0x7F]},
        "\b": "\\b",
        "\t": "\\t",
        "\n": "\\n",
        "\f": "\\f",
        "\r": "\\r",
        '"': '\\"',
        "\\": "\\\\",
    }
)


def _term(node: Node, bnodes: dict[BNode, str]) -> str:
    """One term in N-Triples 1.1 syntax (UTF-8, only the required escapes).

    >>> _term(Literal('a"b\\nc', lang="zh"), {})
    '"a\\\\"b\\\\nc"@zh'
    >>> _term(Literal(5), {})
    '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if isinstance(node, BNode):
        return f"_:{bnodes[node]}"
    if isinstance(node, Literal):
        text = f'"{str(node).translate(_ESCAPES)}"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None and node.datatype != XSD.string:
            return f"{text}^^<{node.datatype}>"
        return text
    return f"<{node}>"


def _stable_bnode_ids(graph: Graph) -> dict[BNode, str]:
    """Name blank nodes deterministically without merging distinct ones.

    A blank node nobody points to (an OWL axiom) is named by a hash of its whole content; one
    that is pointed to (an RDF list cell) by its parent's name and the linking predicate. Two
    lists with equal tails therefore keep separate cells, as OWL's mapping requires.
    """
    memo: dict[BNode, str] = {}

    def content(b: BNode, depth: int = 0) -> str:
        parts = sorted(
            _term(p, {})
            + " "
            + (content(o, depth + 1) if isinstance(o, BNode) and depth < 50 else _term(o, {}))
            for p, o in graph.predicate_objects(b)
        )
        return "[" + " ; ".join(parts) + "]"

    def name(b: BNode, seen: frozenset[BNode] = frozenset()) -> str:
        if b in memo:
            return memo[b]
        parents = sorted(
            (name(s, seen | {b}) if isinstance(s, BNode) else _term(s, {})) + " " + _term(p, {})
            for s, p in graph.subject_predicates(b)
            if s not in seen
        )
        key = parents[0] if parents else content(b)
        memo[b] = "b" + hashlib.sha1(key.encode()).hexdigest()[:16]
        return memo[b]

    for s, _, o in graph:
        for node in (s, o):
            if isinstance(node, BNode):
                name(node)
    return memo


def sorted_ntriples(graph: Graph) -> bytes:
    """N-Triples 1.1 in UTF-8, one triple per line, lines sorted."""
    bnodes = _stable_bnode_ids(graph)
    lines = {f"{_term(s, bnodes)} {_term(p, bnodes)} {_term(o, bnodes)} .\n" for s, p, o in graph}
    return "".join(sorted(lines)).encode("utf-8")


def sorted_nquads(graphs: dict[URIRef, Graph]) -> bytes:
    """N-Quads of several named graphs, lines sorted."""
    lines: set[str] = set()
    for name, graph in graphs.items():
        bnodes = _stable_bnode_ids(graph)
        lines.update(
            f"{_term(s, bnodes)} {_term(p, bnodes)} {_term(o, bnodes)} <{name}> .\n"
            for s, p, o in graph
        )
    return "".join(sorted(lines)).encode("utf-8")


def turtle(graph: Graph) -> bytes:
    """Turtle with our prefixes (rdflib sorts subjects and predicates, so output is stable)."""
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns, override=True)
    for triple in graph:
        out.add(triple)
    return out.serialize(format="turtle", encoding="utf-8")


def as_dataset(graphs: dict[URIRef, Graph]) -> Dataset:
    """The graphs as one rdflib Dataset (for in-memory querying in tests)."""
    ds = Dataset()
    for name, graph in graphs.items():
        target = ds.graph(name)
        for triple in graph:
            target.add(triple)
    return ds


def _strip_graph(line: bytes) -> bytes:
    """``<s> <p> o <g> .`` → ``<s> <p> o .`` (the graph name is an IRI: no space inside)."""
    return line.rsplit(b" ", 2)[0] + b" ."


def build_files(store: ox.Store, ontology: Graph, names: Sequence[URIRef]) -> dict[str, bytes]:
    """The published files of a build held in ``store``: sorted N-Quads of every graph, sorted
    N-Triples of the asserted (reference and document) and of the inferred graph, and Turtle
    of the asserted graph written in sorted order.

    pyoxigraph dumps in no fixed order and names blank nodes at random, so its lines are
    sorted, and the ontology (the only graph with blank nodes) is written by ``sorted_nquads``.
    """
    ontology_name, inferred_name = names[0], names[-1]
    tail = {name: f" <{name}> .".encode() for name in (ontology_name, inferred_name)}
    quads = [line for line in store.dump(format=ox.RdfFormat.N_QUADS).split(b"\n") if line]
    quads = [line for line in quads if not line.endswith(tail[ontology_name])]
    inferred = sorted(_strip_graph(line) for line in quads if line.endswith(tail[inferred_name]))
    asserted = sorted(
        {_strip_graph(line) for line in quads if not line.endswith(tail[inferred_name])}
    )
    quads += sorted_nquads({ontology_name: ontology}).split(b"\n")[:-1]
    quads.sort()

    def joined(lines: list[bytes]) -> bytes:
        return b"".join(line + b"\n" for line in lines)

    asserted_nt = joined(asserted)
    return {
        "fengong.nq": joined(quads),
        "asserted.nt": asserted_nt,
        "asserted.ttl": ox.serialize(
            ox.parse(asserted_nt, format=ox.RdfFormat.N_TRIPLES),
            format=ox.RdfFormat.TURTLE,
            prefixes={prefix: str(ns) for prefix, ns in PREFIXES.items()},
        ),
        "inferred.nt": joined(inferred),
    }
