"""One document's share of a streaming build: read, mapped to RDF, reasoned over with the
ontology and the reference graph, as a self-contained chunk.

A chunk is everything the build needs of one document, so the documents of a corpus can be
done anywhere (a worker process, another machine) and in any order, and a document that did
not change is not done again:

* its graph, split as :mod:`fengong.graph.reading` splits it: triples about its own nodes,
  which no other graph can state, and the rest (its document node, cited acts, unregistered
  departments), which the build gives to the first graph stating them;
* what the rules infer from it with the ontology and the reference graph. The rules are
  monotone, and the only rules that join two data triples (transitive properties, property
  chains) join on nodes a document states itself or the reference graph states; what joins
  across documents is done once, after, from the small graphs that span them
  (:mod:`fengong.graph.stream`);
* what the cross-document steps need of it (its 文号, titles and citations for alignment, the
  organisations it names for succession), its source view, and a reading line.

Lines are canonical N-Triples as pyoxigraph writes them, sorted and unique: chunks concatenate
and sort with the other files of a build. The key of a chunk is a hash of everything that
shapes it (:func:`chunk_key`); the cache never serves a chunk made from other input or code.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from fengong.errors import FengongError
from fengong.graph.alignment import Heading, heading
from fengong.graph.iris import Iris
from fengong.graph.reading import ReadOptions, describe_document, read_text
from fengong.graph.rules import RuleSet, run_rules
from fengong.graph.serialize import sorted_nquads, sorted_ntriples
from fengong.graph.source_views import SourceView, source_files, view_json
from fengong.graph.succession import document_organisations
from fengong.ingest.layout import NOTICE_SUFFIXES, attachments, read_document
from fengong.ingest.resolve import ResolvedDocument
from fengong.ingest.sidecar import read_sidecar, sidecar_path
from fengong.reference import Registry
from fengong.reference.registry import Organisation

__all__ = [
    "Chunk",
    "ChunkContext",
    "Refused",
    "chunk_key",
    "input_files",
    "make_chunk",
    "stored_lines",
]

#: Bumped when a chunk's content changes shape; part of every key.
CHUNK_FORMAT = 1


@dataclass(frozen=True)
class ChunkContext:
    """What every chunk is made with: sent once to each worker."""

    registry: Registry
    iris: Iris
    reserved: frozenset[str]  # subjects of the ontology and reference graphs
    options: ReadOptions
    base: bytes  # the ontology and reference graphs, N-Quads
    rules: RuleSet
    digest: str  # of everything above and of the code: part of every chunk's key

    @classmethod
    def make(
        cls,
        registry: Registry,
        ontology: Graph,
        reference: Graph,
        iris: Iris,
        options: ReadOptions,
        rules: RuleSet,
        registry_files: Iterable[Path],
    ) -> ChunkContext:
        ontology_quads = sorted_nquads({iris.graph("ontology"): ontology})
        reference_lines = sorted_ntriples(reference)
        tail = f" <{iris.graph('reference')}> .\n".encode()
        base = ontology_quads + b"".join(
            line[: -len(b" .\n")] + tail for line in reference_lines.splitlines(keepends=True)
        )
        digest = hashlib.sha256()
        for part in (
            f"chunk {CHUNK_FORMAT}; pyoxigraph {ox.__version__}; code {code_digest()}".encode(),
            f"base {iris.base}; layout {options.layout}; strict {options.strict}".encode(),
            base,
            *(r.text.encode() for r in (rules.schema, *rules.rules)),
            rules.finish.encode(),
            rules.inconsistencies.encode(),
        ):
            digest.update(hashlib.sha256(part).digest())
        for path in sorted(registry_files):  # registries shape reading beyond the reference graph
            digest.update(hashlib.sha256(path.name.encode() + b"\0" + path.read_bytes()).digest())
        reserved = frozenset(str(s) for g in (ontology, reference) for s in g.subjects())
        return cls(registry, iris, reserved, options, base, rules, digest.hexdigest())


@cache
def code_digest() -> str:
    """A hash of the package's code: a chunk made by other code is made again."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def input_files(path: Path) -> list[Path]:
    """The files a document is read from: itself, its sidecar, a notice page's attachments.
    A sidecar that cannot be read is left for the reading to report."""
    files = [path]
    sidecar = sidecar_path(path)
    if sidecar is not None:
        files.append(sidecar)
    if path.suffix.lower() in NOTICE_SUFFIXES:
        try:
            metadata = read_sidecar(sidecar, sidecar.name) if sidecar else None
            files += attachments(path, metadata)
        except FengongError:
            pass
    return files


def chunk_key(context: ChunkContext, path: Path, display: str) -> str:
    """The cache key of a document's chunk: its files' names and bytes, the name provenance
    gives it, and the context's digest."""
    digest = hashlib.sha256(f"{context.digest}\0{display}".encode())
    for file in input_files(path):
        try:
            data = file.read_bytes()
        except OSError:
            data = b"\0missing"
        digest.update(hashlib.sha256(file.name.encode() + b"\0" + data).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class Chunk:
    """One document, done: see the module's docstring."""

    index: int  # the document's place in the build's order
    key: str  # the document's key, as in its IRIs (doc/<key>)
    number: str  # its 文号, for the error on a second document so numbered
    file: str  # its name in provenance
    own: bytes  # sorted canonical N-Triples about its own nodes
    shared: bytes  # sorted canonical N-Triples about other nodes
    inferred: bytes  # sorted N-Triples the rules inferred from it (with ontology, reference)
    inconsistencies: tuple[str, ...]
    heading: Heading
    organisations: tuple[Organisation, ...]
    described: str  # the line `fengong build` prints for it
    view: str | None  # its source view (JSON)
    originals: tuple[str, ...]  # the files the source view keeps a copy of
    resolved: bytes  # the records, pickled and compressed: only aligned documents need them

    def document(self) -> ResolvedDocument:
        return pickle.loads(zlib.decompress(self.resolved))  # our own cache: see chunk_key


@dataclass(frozen=True)
class Refused:
    """A document that could not be read, and why (the build stops on it unless asked to
    keep going)."""

    index: int
    error: FengongError


def stored_lines(data: bytes) -> bytes:
    """N-Triples as the build's store gives them back (the published files are its dumps: it
    keeps values, not spellings, so ``"0.810"^^xsd:decimal`` comes back as ``"0.81"``),
    sorted and unique."""
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    out = io.BytesIO()
    store.dump(out, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return b"".join(sorted(set(out.getvalue().splitlines(keepends=True))))


def _reason(context: ChunkContext, graph: str, data: bytes) -> tuple[bytes, tuple[str, ...]]:
    """The rules over ontology + reference + this document: the inferred graph's lines."""
    from fengong.graph.pipeline import reasoning_activity  # the build's own description

    iris = context.iris
    store = ox.Store()
    store.load(context.base, format=ox.RdfFormat.N_QUADS)
    store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
    used = [iris.graph("ontology"), iris.graph("reference"), URIRef(graph)]
    activity = sorted_ntriples(reasoning_activity(context.rules, iris, used))
    inferred = ox.NamedNode(iris.graph("inferred"))
    store.load(activity, format=ox.RdfFormat.N_TRIPLES, to_graph=inferred)
    run = run_rules(store, context.rules)
    out = io.BytesIO()
    store.dump(out, format=ox.RdfFormat.N_TRIPLES, from_graph=inferred)
    return b"".join(sorted(set(out.getvalue().splitlines(keepends=True)))), run.inconsistencies


def make_chunk(index: int, path: Path, display: str, context: ChunkContext) -> Chunk | Refused:
    """Read one document and do all of its own work (a worker runs this)."""
    try:
        source, table = read_document(path, display, context.options.layout)
        read = read_text(source, context.registry, context.iris, context.reserved, table,
                         context.options.strict)  # fmt: skip
    except FengongError as err:
        return Refused(index, err)
    resolved = read.resolved
    graph = str(context.iris.graph(f"doc/{resolved.key}"))
    own = stored_lines(read.own)
    shared = stored_lines("".join(read.shared).encode("utf-8"))
    inferred, inconsistencies = _reason(context, graph, own + shared)
    view = SourceView(resolved.key, source, path)
    return Chunk(
        index=index,
        key=resolved.key,
        number=resolved.table.head.number,
        file=resolved.table.file,
        own=own,
        shared=shared,
        inferred=inferred,
        inconsistencies=inconsistencies,
        heading=heading(resolved),
        organisations=document_organisations(resolved),
        described=describe_document(resolved),
        view=view_json(view),
        originals=tuple(f.name for f in source_files(view)),
        resolved=zlib.compress(pickle.dumps(resolved, protocol=pickle.HIGHEST_PROTOCOL), 1),
    )
