"""Deterministic serialisations: sorted N-Triples / N-Quads and Turtle.

Same input, byte-identical output: lines are sorted as bytes, and no blank node reaches a file
we publish (the ontology's anonymous axioms are the one exception, and they get stable labels
from their content before sorting).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from fengong.graph.namespaces import PREFIXES, XSD

__all__ = [
    "BUILD_FILES",
    "count_lines",
    "ntriples_line",
    "sort_file",
    "sorted_nquads",
    "sorted_ntriples",
    "write_build_files",
]


#: Canonical N-Triples (RDF 1.1 N-Triples, section 2.4): the seven ECHARs, every other
#: control character as UCHAR. pyoxigraph writes the same, so its dumps and ours sort together.
#: What a build writes, relative to the output directory.
BUILD_FILES = ("fengong.nq", "asserted.nt", "asserted.ttl", "inferred.nt")

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
    kind = type(node)
    if kind is URIRef:  # most terms: before the isinstance checks, a third of this time
        return f"<{node}>"
    if isinstance(node, BNode):
        return f"_:{bnodes[node]}"
    if kind is Literal or isinstance(node, Literal):
        text = f'"{str(node).translate(_ESCAPES)}"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None and node.datatype != XSD.string:
            return f"{text}^^<{node.datatype}>"
        return text
    return f"<{node}>"


def ntriples_line(s: Node, p: Node, o: Node) -> str:
    """One triple without blank nodes as a line of canonical N-Triples."""
    return f"{_term(s, {})} {_term(p, {})} {_term(o, {})} .\n"


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


#: sort(1)'s buffer. "25%" of the machine let it hold a whole 10M-quad file (3.0 GB resident,
#: the build's peak); a bounded buffer spills sorted runs to disk and merges them.
SORT_BUFFER = "384M"
#: compressors for sort(1)'s spill, fastest first (each decompresses with -d)
_SPILL_COMPRESSORS = ("lz4", "zstd", "gzip")


def sort_file(unsorted: Path, out: Path, records: bool = False, in_place: bool = True) -> None:
    """Sort lines as bytes, dropping repeats: GNU/BSD ``sort`` when present (it spills to disk,
    so a corpus never needs its whole serialisation in memory), else in Python. ``records``:
    NUL-terminated records rather than lines (a validation report's, which hold newlines).

    ``in_place``: GNU ``sort`` writes its output over its input (it reads the whole input
    first), then renamed to ``out``, so input and output need not exist side by side; not
    while another reader holds the input open (the on-disk store's loader, which reads the
    quads as they were: the input is then unlinked, and its data lives on until the loader
    is done). When the disk has not twice the input free, the spill is compressed (lz4, else
    zstd, else gzip; about a second of processor time per GB). At 10⁸ quads the build sorts
    24 GB of quads beside 25 GB of other files: input, plain spill and output would need 74 GB
    of the 75 free."""
    sort = shutil.which("sort")
    end = b"\x00" if records else b"\n"
    if sort:
        spill = []
        free = shutil.disk_usage(unsorted.parent).free
        if free < 2 * unsorted.stat().st_size:
            found = next(filter(None, map(shutil.which, _SPILL_COMPRESSORS)), None)
            spill = [f"--compress-program={found}"] if found else []
        subprocess.run(
            [sort, "-u", *(["-z"] if records else []), "-S", SORT_BUFFER, *spill,
             "-T", str(out.parent), "-o", str(unsorted if in_place else out), str(unsorted)],
            env={**os.environ, "LC_ALL": "C"},
            check=True,
        )  # fmt: skip
        if in_place:
            os.replace(unsorted, out)
        else:
            unsorted.unlink()
    else:
        data = unsorted.read_bytes()
        parts = set(data.split(end)) - {b""}
        out.write_bytes(b"".join(part + end for part in sorted(parts)))
        unsorted.unlink()


def count_lines(path: Path) -> int:
    """The lines of a file of any size (its newlines), read in blocks."""
    count = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            count += block.count(b"\n")
    return count


def whole_blocks(handle: BinaryIO, end: bytes = b"\n", size: int = 1 << 24) -> Iterator[bytes]:
    """``handle`` about ``size`` bytes at a time, each block cut after its last ``end`` (whole
    lines, or whole records); a last record without its ``end`` gets one."""
    rest = b""
    while block := handle.read(size):
        block = rest + block
        cut = block.rfind(end) + 1
        rest = block[cut:]
        if cut:
            yield block[:cut]
    if rest:
        yield rest + end


def write_turtle(ntriples: Path, turtle: Path) -> None:
    """The sorted N-Triples ``ntriples`` as Turtle with the project's prefixes, in the same
    order (a subject's triples together). A module-level function: the streaming build runs
    it in a process of its own."""
    ox.serialize(
        ox.parse(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES),
        str(turtle),
        format=ox.RdfFormat.TURTLE,
        prefixes={prefix: str(ns) for prefix, ns in PREFIXES.items()},
    )


def write_build_files(
    store: ox.Store, ontology: Graph, names: Sequence[URIRef], out_dir: Path
) -> dict[str, Path]:
    """Write the published files of a build held in ``store``, each through a temporary file
    renamed into place: sorted N-Quads of every graph, sorted N-Triples of the asserted
    (reference and document) graphs and of the inferred graph, and Turtle of the asserted
    graph written in that sorted order.

    pyoxigraph dumps in no fixed order and names blank nodes at random, so its lines are
    sorted, and the ontology (the only graph with blank nodes) is written by ``sorted_nquads``.
    Everything streams through files: memory stays that of the store.
    """
    ontology_name, inferred_name = names[0], names[-1]
    tmp = {name: out_dir / f".{name}.tmp" for name in BUILD_FILES}
    raw = {
        name: out_dir / f".{name}.unsorted" for name in ("fengong.nq", "asserted.nt", "inferred.nt")
    }

    dump = out_dir / ".dump.unsorted"
    store.dump(str(dump), format=ox.RdfFormat.N_QUADS)
    ontology_tail = f" <{ontology_name}> .\n".encode()
    with dump.open("rb") as lines, raw["fengong.nq"].open("wb") as quads:
        for line in lines:
            if not line.endswith(ontology_tail):
                quads.write(line)
        quads.write(sorted_nquads({ontology_name: ontology}))
    dump.unlink()
    with raw["asserted.nt"].open("wb") as asserted:
        for name in names[1:-1]:
            store.dump(asserted, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
    store.dump(
        str(raw["inferred.nt"]),
        format=ox.RdfFormat.N_TRIPLES,
        from_graph=ox.NamedNode(inferred_name),
    )
    for name, path in raw.items():
        sort_file(path, tmp[name])
    write_turtle(tmp["asserted.nt"], tmp["asserted.ttl"])
    paths = {name: out_dir / name for name in BUILD_FILES}
    for name in BUILD_FILES:
        os.replace(tmp[name], paths[name])
    return paths
