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
* the results of the checks that look only at its own nodes (``#+ scope: document``, see
  :mod:`fengong.validate.sparql`), run on it with the reference graph and its inferences, and
  the few of its own lines the other checks need (one assignment per department it names;
  the source lines of the nodes other documents may state too): the *witnesses*;
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
from fengong.graph.namespaces import FG
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
from fengong.validate.sparql import Check, Hit, find_hits

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
CHUNK_FORMAT = 2


@dataclass(frozen=True)
class ChunkContext:
    """What every chunk is made with: sent once to each worker."""

    registry: Registry
    iris: Iris
    reserved: frozenset[str]  # subjects of the ontology and reference graphs
    options: ReadOptions
    base: bytes  # the ontology and reference graphs, N-Quads
    rules: RuleSet
    checks: tuple[Check, ...]  # the checks of document scope
    describe: str  # how a finding's focus is described (queries/validate/focus-node.rq)
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
        checks: Iterable[Check],
        describe: str,
    ) -> ChunkContext:
        ontology_quads = sorted_nquads({iris.graph("ontology"): ontology})
        reference_lines = sorted_ntriples(reference)
        tail = f" <{iris.graph('reference')}> .\n".encode()
        base = ontology_quads + b"".join(
            line[: -len(b" .\n")] + tail for line in reference_lines.splitlines(keepends=True)
        )
        mine = tuple(c for c in checks if c.scope == "document")
        digest = hashlib.sha256()
        for part in (
            f"chunk {CHUNK_FORMAT}; pyoxigraph {ox.__version__}; code {code_digest()}".encode(),
            f"base {iris.base}; layout {options.layout}; strict {options.strict}".encode(),
            base,
            *(r.text.encode() for r in (rules.schema, *rules.rules)),
            rules.finish.encode(),
            rules.inconsistencies.encode(),
            *(f"{c.name}\0{c.shape}\0{c.severity}\0{c.query}".encode() for c in mine),
            describe.encode(),
        ):
            digest.update(hashlib.sha256(part).digest())
        for path in sorted(registry_files):  # registries shape reading beyond the reference graph
            digest.update(hashlib.sha256(path.name.encode() + b"\0" + path.read_bytes()).digest())
        reserved = frozenset(str(s) for g in (ontology, reference) for s in g.subjects())
        return cls(registry, iris, reserved, options, base, rules, mine, describe,
                   digest.hexdigest())  # fmt: skip


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
    hits: tuple[Hit, ...]  # the results of the document-scope checks
    witnesses: bytes  # sorted own lines the spanning checks need (see the module's docstring)
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


def _graph_lines(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> set[bytes]:
    """A graph's lines as the store gives them back."""
    out = io.BytesIO()
    store.dump(out, format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
    return set(out.getvalue().splitlines(keepends=True))


def stored_lines(data: bytes) -> bytes:
    """N-Triples as the build's store gives them back (the published files are its dumps: it
    keeps values, not spellings, so ``"0.810"^^xsd:decimal`` comes back as ``"0.81"``),
    sorted and unique."""
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    return b"".join(sorted(_graph_lines(store, ox.DefaultGraph())))


@dataclass(frozen=True)
class _Reasoned:
    own: bytes
    shared: bytes
    inferred: bytes
    inconsistencies: tuple[str, ...]
    hits: tuple[Hit, ...]
    witnesses: bytes


def _reason(context: ChunkContext, graph: str, own: bytes, shared: bytes) -> _Reasoned:
    """The document's lines as the store gives them back (:func:`stored_lines`, from the
    store the rules run on: a store of their own for each cost a tenth of reading a
    document), the rules over ontology + reference + this document, then its checks on
    what the build validates of it (reference, document, inferences: the ontology is not
    validated)."""
    from fengong.graph.pipeline import reasoning_activity  # the build's own description
    from fengong.store.embedded import EmbeddedStore

    iris = context.iris
    store = ox.Store()
    store.load(context.base, format=ox.RdfFormat.N_QUADS)
    named = ox.NamedNode(graph)
    store.load(own, format=ox.RdfFormat.N_TRIPLES, to_graph=named)
    own_lines = _graph_lines(store, named)
    store.load(shared, format=ox.RdfFormat.N_TRIPLES, to_graph=named)
    # the reader puts a line in ``own`` or ``shared`` by its subject, so none is in both
    stored_shared = b"".join(sorted(_graph_lines(store, named) - own_lines))
    used = [iris.graph("ontology"), iris.graph("reference"), URIRef(graph)]
    activity = sorted_ntriples(reasoning_activity(context.rules, iris, used))
    inferred = ox.NamedNode(iris.graph("inferred"))
    store.load(activity, format=ox.RdfFormat.N_TRIPLES, to_graph=inferred)
    run = run_rules(store, context.rules)
    store.clear_graph(ox.NamedNode(iris.graph("ontology")))
    hits = find_hits(EmbeddedStore.around(store), context.checks, context.describe)
    return _Reasoned(
        b"".join(sorted(own_lines)),
        stored_shared,
        b"".join(sorted(_graph_lines(store, inferred))),
        run.inconsistencies,
        tuple(hits),
        _witnesses(store, named, stored_shared),
    )


_DEPARTMENT = ox.NamedNode(str(FG.department))
_SPAN = str(FG.sourceSpan)
_SPAN_PARTS = {str(FG.line), str(FG.inFile)}
_FILE_NAME = ox.NamedNode(str(FG.fileName))


def _witnesses(store: ox.Store, graph: ox.NamedNode, shared: bytes) -> bytes:
    """The document's own lines a spanning check needs, as stored: for each department it
    names, the first assignment naming it (category-violation and department-kind-violation
    ask whether any document names one); and where a node other documents may state was read
    from (its spans' lines and files), for a finding's source line."""
    triples: set[ox.Triple] = set()
    first: dict[ox.NamedNode | ox.BlankNode | ox.Literal, ox.Quad] = {}
    for quad in store.quads_for_pattern(None, _DEPARTMENT, None, graph):
        if quad.object not in first or str(quad.subject) < str(first[quad.object].subject):
            first[quad.object] = quad
    triples.update(ox.Triple(q.subject, q.predicate, q.object) for q in first.values())
    spans = {
        t.object
        for t in ox.parse(shared, format=ox.RdfFormat.N_TRIPLES)
        if t.predicate.value == _SPAN and isinstance(t.object, ox.NamedNode | ox.BlankNode)
    }
    files = set()
    for span in sorted(spans, key=str):
        for quad in store.quads_for_pattern(span, None, None, graph):
            if quad.predicate.value in _SPAN_PARTS:
                triples.add(ox.Triple(quad.subject, quad.predicate, quad.object))
                if quad.predicate.value == str(FG.inFile):
                    files.add(quad.object)
    for file in sorted(files, key=str):
        for quad in store.quads_for_pattern(file, _FILE_NAME, None, graph):
            triples.add(ox.Triple(quad.subject, quad.predicate, quad.object))
    out = io.BytesIO()
    ox.serialize(triples, out, format=ox.RdfFormat.N_TRIPLES)
    return b"".join(sorted(set(out.getvalue().splitlines(keepends=True))))


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
    reasoned = _reason(context, graph, read.own, "".join(read.shared).encode("utf-8"))
    view = SourceView(resolved.key, source, path)
    return Chunk(
        index=index,
        key=resolved.key,
        number=resolved.table.head.number,
        file=resolved.table.file,
        own=reasoned.own,
        shared=reasoned.shared,
        inferred=reasoned.inferred,
        inconsistencies=reasoned.inconsistencies,
        hits=reasoned.hits,
        witnesses=reasoned.witnesses,
        heading=heading(resolved),
        organisations=document_organisations(resolved),
        described=describe_document(resolved),
        view=view_json(view),
        originals=tuple(f.name for f in source_files(view)),
        resolved=zlib.compress(pickle.dumps(resolved, protocol=pickle.HIGHEST_PROTOCOL), 1),
    )
