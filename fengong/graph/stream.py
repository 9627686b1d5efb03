"""The streaming build: a corpus built document by document, in bounded memory, on Dask.

:func:`fengong.graph.pipeline.build_graphs` holds the whole corpus in one store and reasons
over all of it: at 10M quads, 6.4 GB. Here each document is a chunk made on its own
(:mod:`fengong.graph.chunk`: read, mapped, reasoned over with the ontology and the reference
graph), on the workers of :mod:`fengong.graph.cluster`, and kept in a cache under its content
hash, so a rebuild does again only the documents that changed. This process then streams the
chunks, in the build's order, into the files the build publishes:

* each triple goes to the first graph that states it, as in the in-memory build (a set of
  16-byte digests of the shared lines: documents' own lines cannot repeat elsewhere);
* what spans documents is made once, small: the succession of departments (``functions``),
  the alignment of documents that implement one another (``alignment``, reading only the
  aligned documents' records back from their chunks), and the rules run over the ontology,
  the reference graph, those two graphs and every document's shared lines (whatever joins
  across documents joins on those);
* validation likewise: each chunk carries the findings of the checks that look only at its own
  nodes; the checks of nodes several documents may state run here, on the store of what spans
  documents, the inferences made there and the chunks' witnesses (the few own lines those
  checks ask about). The report is the in-memory validation's, finding for finding;
* the inferred graph is the union of the chunks' inferences and those, less every triple a
  graph states (the in-memory build's ``finish.ru`` does the same in its store), by a merge
  of two sorted files.

Lines are sorted by ``sort(1)``, which spills to disk: memory is bounded by the largest
document, the reference graph and the digests, not by the corpus. The files are byte for
byte those of the in-memory build (tests/unit/test_stream.py holds the two together).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import multiprocessing as mp
import os
import pickle
import shutil
import subprocess
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from fengong.errors import FengongError, IngestError, Location
from fengong.graph.alignment import Heading, alignment_graph, find_links, pair_link, read_reviews
from fengong.graph.chunk import Chunk, ChunkContext, Refused, chunk_key, make_chunk, stored_lines
from fengong.graph.cluster import runner
from fengong.graph.iris import Iris
from fengong.graph.patch import (
    PATCH_UP_TO,
    RECORD,
    BuildRecord,
    Change,
    Documented,
    PatchRefused,
    apply_delta,
    link_sources,
    plan,
    remove_quietly,
)
from fengong.graph.pipeline import (
    Project,
    base_graphs,
    collect_sources,
    display_name,
    reasoning_activity,
    registry_files,
)
from fengong.graph.reading import DEFAULT_READ, ReadOptions
from fengong.graph.rules import RuleSet, run_rules
from fengong.graph.serialize import (
    BUILD_FILES,
    count_lines,
    ntriples_line,
    sort_file,
    sorted_ntriples,
    whole_blocks,
    write_turtle,
)
from fengong.ingest.resolve import ResolvedDocument
from fengong.queries import load_query
from fengong.reference.registry import Organisation
from fengong.store.disk import GrowingFileLoader
from fengong.validate.report import Severity
from fengong.validate.shacl import load_shapes
from fengong.validate.sparql import (
    SPANNING,
    Check,
    Hit,
    ReportSummary,
    ReportWriter,
    find_hits,
    load_checks,
    record_severity,
)

__all__ = ["StreamedBuild", "keep_chunks", "stream_build"]

_END = b" .\n"


@dataclass(frozen=True)
class StreamedBuild:
    """What a streaming build wrote, and what it found on the way."""

    names: tuple[URIRef, ...]  # the graphs: ontology, reference, documents, …, inferred
    quads: int  # lines of fengong.nq
    documents: int  # documents read
    refused: tuple[FengongError, ...] = ()  # documents left out (``keep_going``), and why
    reasoning_errors: tuple[str, ...] = ()  # findings of queries/rules/inconsistencies.rq
    made: int = 0  # chunks made by this build
    reused: int = 0  # chunks taken from the cache
    chunks: tuple[str, ...] = field(default=(), repr=False)  # the keys of the chunks used
    report: ReportSummary | None = field(default=None, repr=False)  # validation.json's summary
    #: the quads fengong.nq lost and gained, when the build patched the previous one's files
    #: (:mod:`fengong.graph.patch`); None when it wrote them all
    delta: tuple[list[bytes], list[bytes]] | None = field(default=None, repr=False)
    #: why the previous build's files could not be patched (None: patched, or none given)
    unpatched: str | None = None
    #: the on-disk store being loaded from fengong.nq's lines as they were written
    #: (``store_from``): the caller waits for it (``result()``) or drops it (``abandon()``)
    loading: GrowingFileLoader | None = field(default=None, repr=False)


def _digest(line: bytes) -> bytes:
    return hashlib.blake2b(line, digest_size=16).digest()


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def _as_quads(lines: bytes, graph: str) -> bytes:
    """N-Triples lines as N-Quads of ``graph``. Each line ends with `` .`` and a line
    break, and only there: N-Triples escapes a line break inside a literal."""
    return lines.replace(_END, f" <{graph}>{_END.decode()}".encode())


def _canonical(triples: Iterable[tuple[object, object, object]]) -> bytes:
    """rdflib triples as the in-memory build stores them, sorted."""
    return stored_lines("".join(ntriples_line(*t) for t in triples).encode("utf-8"))  # type: ignore[arg-type]


def _subtract(lines: Path, minus: Path, out: Path) -> None:
    """The lines of sorted ``lines`` that sorted ``minus`` lacks: ``comm -23`` (which refuses
    input out of order), else streamed in Python (3 s at 10M quads, against 1 s)."""
    comm = shutil.which("comm")
    if comm:
        with out.open("wb") as sink:
            subprocess.run([comm, "-23", "--check-order", str(lines), str(minus)], stdout=sink,
                           env={**os.environ, "LC_ALL": "C"}, check=True)  # fmt: skip
        return
    with lines.open("rb") as left, minus.open("rb") as right, out.open("wb") as sink:
        other = right.readline()
        for line in left:
            while other and other < line:
                other = right.readline()
            if line != other:
                sink.write(line)


class _Cache:
    """Chunks on disk under their keys; written whole or not at all."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.chunk"

    def has(self, key: str) -> bool:
        return self.path(key).is_file()

    def put(self, key: str, chunk: Chunk) -> None:
        tmp = self.folder / f".{key}.{os.getpid()}.tmp"
        # compressed fast: N-Triples of one document shrink about tenfold, which is what
        # lets a cache of 10⁸ quads sit beside its build
        tmp.write_bytes(zlib.compress(pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL), 1))
        os.replace(tmp, self.path(key))

    def get(self, key: str) -> Chunk:
        data = zlib.decompress(self.path(key).read_bytes())
        return pickle.loads(data)  # our own cache, keyed by content: see chunk_key


def keep_chunks(folder: Path, keys: Iterable[str]) -> None:
    """Remove the chunks in ``folder`` but ``keys`` (those of the build just published): the
    cache stays the size of one build."""
    keep = {f"{k}.chunk" for k in keys}
    for path in folder.glob("*.chunk"):
        if path.name not in keep:
            path.unlink(missing_ok=True)


def _make_chunks(
    jobs: list[tuple[int, Path, str]],
    keys: list[str],
    cache: _Cache,
    context: ChunkContext,
    scheduler: str | None,
    keep_going: bool,
    progress: Callable[[str], None] | None,
) -> dict[int, Refused]:
    """Make the chunks the cache lacks; the documents refused, by index. Without
    ``keep_going``, the first refused document in the build's order stops the build."""
    todo = [job for job in jobs if not cache.has(keys[job[0]])]
    refused: dict[int, Refused] = {}
    pending = {job[0] for job in todo}
    with runner(scheduler, len(todo)) as run:
        for result in run.run(make_chunk, todo, context):
            pending.discard(result.index)
            if isinstance(result, Refused):
                refused[result.index] = result
            else:
                cache.put(keys[result.index], result)
                if progress is not None:
                    progress(result.described)
            if refused and not keep_going and min(refused) < min(pending, default=len(jobs)):
                raise refused[min(refused)].error  # no earlier document can fail now
    return refused


def stream_build(
    project: Project,
    sources: Iterable[Path],
    out_dir: Path,
    iris: Iris | None = None,
    options: ReadOptions = DEFAULT_READ,
    progress: Callable[[str], None] | None = None,
    scheduler: str | None = None,
    cache: Path | None = None,
    previous: Path | None = None,
    store_from: int | None = None,
) -> StreamedBuild:
    """Build ``sources`` into ``out_dir`` (the files of ``BUILD_FILES`` and ``sources/``).

    ``scheduler``: a Dask scheduler's address; by default a local cluster (a few documents:
    this process). ``cache``: the folder of chunks kept between builds (default: none kept).
    ``previous``: the folder of the previous build of these sources with this cache: when
    only a few documents changed, and only in their own nodes, its files are patched rather
    than written again (:mod:`fengong.graph.patch`). ``store_from``: once a full merge has
    written this many quads, an on-disk store is loaded from them as they are written, beside
    the merge and the sorts (``StreamedBuild.loading``); None: no store.
    """
    iris = iris or Iris()
    registry, ontology, reference = base_graphs(project, iris)
    rules = RuleSet.load(project.rules)
    checks = load_checks(project.queries / "checks")
    context = ChunkContext.make(registry, ontology, reference, iris, options, rules,
                                registry_files(project), checks,
                                load_query(project.queries, "validate/focus-node"))  # fmt: skip
    jobs = [(i, path.resolve(), display_name(path, project.root))
            for i, path in enumerate(collect_sources(sources))]  # fmt: skip
    keys = [chunk_key(context, path, display) for _, path, display in jobs]
    out_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        if cache is None:
            cache = out_dir / ".chunks"
            stack.callback(shutil.rmtree, cache, ignore_errors=True)
        store = _Cache(cache)
        reused = tuple(k for k in keys if store.has(k))
        refused = _make_chunks(jobs, keys, store, context, scheduler, options.keep_going,
                               progress)  # fmt: skip
        report = ReportWriter(checks, load_shapes(project.shapes), out_dir)
        stack.callback(report.close)
        built: _Written | str | None = None
        if previous is not None:
            built = _patch(project, previous, jobs, keys, store, context, checks, refused,
                           out_dir, progress, report)  # fmt: skip
        unpatched = built if isinstance(built, str) else None
        feed = _Feed(out_dir, store_from)
        stack.callback(feed.abandon)  # unless the build completes: see below
        if not isinstance(built, _Written):
            built = _merge(project, jobs, keys, store, context, checks, refused, out_dir,
                           progress, set(reused), report, feed)  # fmt: skip
        loading, feed.loader = feed.loader, None  # the caller's now
        return StreamedBuild(
            built.names,
            built.quads,
            built.documents,
            tuple(r.error for _, r in sorted(refused.items())),
            built.reasoning_errors,
            len(jobs) - len(reused) - len(refused),
            len(reused),
            tuple(k for i, k in enumerate(keys) if i not in refused),
            built.report,
            built.delta,
            unpatched,
            loading,
        )
    raise AssertionError("unreachable")  # pragma: no cover


def _merge(
    project: Project,
    jobs: list[tuple[int, Path, str]],
    keys: list[str],
    cache: _Cache,
    context: ChunkContext,
    checks: list[Check],
    refused: dict[int, Refused],
    out_dir: Path,
    progress: Callable[[str], None] | None,
    reused: set[str],
    report: ReportWriter,
    feed: _Feed,
) -> _Written:
    iris = context.iris
    raw = {name: out_dir / f".{name}.unsorted" for name in ("quads", "asserted", "inferred")}
    names = [iris.graph("ontology"), iris.graph("reference")]
    cross = ox.Store()  # what spans documents: see the module's docstring
    cross.load(context.base, format=ox.RdfFormat.N_QUADS)
    firsts = _FirstStated(context)
    base_quads = _lines(context.base)
    ontology_tail = f" <{names[0]}> .\n".encode()
    headings: list[tuple[Heading, int]] = []
    organisations: list[tuple[Organisation, ...]] = []
    inconsistencies: list[str] = []
    witnesses: list[tuple[URIRef, bytes]] = []
    documented: list[Documented] = []
    spanning: list[tuple[str, bytes]] = []
    linked: set[str] = set()
    documents = 0
    with (
        raw["quads"].open("wb") as quads,
        raw["asserted"].open("wb") as asserted,
        raw["inferred"].open("wb") as inferred,
    ):
        # the ontology as the in-memory build writes it (its blank nodes named by content)
        quads.write(b"".join(line for line in base_quads if line.endswith(ontology_tail)))
        reference = _reference_lines(context)
        quads.write(_as_quads(b"".join(reference), str(names[1])))
        feed.written(len(base_quads) + len(reference), raw["quads"])
        asserted.write(b"".join(reference))
        del reference
        for index, path, display in jobs:
            if index in refused:
                continue
            chunk = cache.get(keys[index])
            name = iris.graph(f"doc/{chunk.key}")
            if name in names:
                which = (f"numbered {chunk.number}" if chunk.number
                         else f"with the key {chunk.key} (the same head and text)")  # fmt: skip
                raise IngestError(f"a second document {which}", Location(chunk.file))
            new = firsts.take(chunk.shared)
            mine = chunk.own + b"".join(new)
            quads.write(_as_quads(mine, str(name)))
            feed.written(mine.count(b"\n"), raw["quads"])
            asserted.write(mine)
            inferred.write(chunk.inferred)
            if new:
                cross.load(b"".join(new), format=ox.RdfFormat.N_TRIPLES,
                           to_graph=ox.NamedNode(name))  # fmt: skip
            names.append(name)
            documents += 1
            headings.append((chunk.heading, index))
            organisations.append(chunk.organisations)
            inconsistencies.extend(chunk.inconsistencies)
            report.add(chunk.hits, index)
            witnesses.append((name, chunk.witnesses))
            documented.append(Documented(index, display, keys[index], chunk.key,
                                         chunk.described, chunk.shared,
                                         chunk.witnesses))  # fmt: skip
            _write_view(chunk, path, out_dir / "sources")
            if progress is not None and keys[index] in reused:
                progress(f"{chunk.described} (unchanged: from the cache)")
        if refused and not documents:
            raise refused[min(refused)].error  # nothing could be read
        for graph, triples in _spanning(project, context, jobs, keys, cache, headings,
                                        organisations, linked):  # fmt: skip
            names.append(graph)
            lines = _canonical(triples)
            spanning.append((str(graph), lines))
            quads.write(_as_quads(lines, str(graph)))
            asserted.write(lines)
            cross.load(lines, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
        names.append(iris.graph("inferred"))
        cross_inferred, found = _close_cross(cross, context, names)
        inconsistencies.extend(found)
        inferred.write(cross_inferred)
    del firsts
    spanning_findings = report.add(
        _spanning_hits(cross, names[0], witnesses, checks, context.describe), SPANNING
    )
    del cross
    written, turtle_written = _finish(out_dir, raw, names, documents,
                                      list(dict.fromkeys(inconsistencies)), feed)  # fmt: skip
    record = out_dir / RECORD
    record.mkdir(exist_ok=True)
    try:
        summary = report.finish(out_dir / "validation.json", keep=record / "findings")
    finally:
        turtle_written()
    BuildRecord(
        context.digest,
        _wording(project, report),
        tuple(str(n) for n in names),
        written.quads,
        {s.name.lower(): n for s, n in summary.counts.items()},
        tuple(documented),
        tuple(sorted(refused)),
        tuple(sorted(linked)),
        tuple(spanning),
        b"".join(sorted(set(_lines(cross_inferred)))),
        tuple(spanning_findings),
    ).write(record)
    return replace(written, report=summary)


def _reference_lines(context: ChunkContext) -> list[bytes]:
    """The reference graph's lines as asserted.nt holds them (from the base graphs' N-Quads,
    as the store gives them back)."""
    tail = f" <{context.iris.graph('ontology')}> .\n".encode()
    lines = [line[: line.rindex(b" <")] + _END
             for line in _lines(context.base) if not line.endswith(tail)]  # fmt: skip
    return _lines(stored_lines(b"".join(lines)))


def _close_cross(
    cross: ox.Store, context: ChunkContext, names: list[URIRef]
) -> tuple[bytes, tuple[str, ...]]:
    """The rules run over what spans documents (its inferred graph, ``names[-1]``, named as
    the build's activity): what they inferred, and the inconsistencies they found."""
    target = ox.NamedNode(names[-1])
    activity = sorted_ntriples(reasoning_activity(context.rules, context.iris, names[:-1]))
    cross.load(activity, format=ox.RdfFormat.N_TRIPLES, to_graph=target)
    run = run_rules(cross, context.rules)
    out = io.BytesIO()
    cross.dump(out, format=ox.RdfFormat.N_TRIPLES, from_graph=target)
    return out.getvalue(), run.inconsistencies


class _FirstStated:
    """Which of a document's shared lines it states first (each triple goes to the first
    graph stating it; the base graphs state theirs before any document): a set of 16-byte
    digests, documents' own lines never repeating elsewhere."""

    def __init__(self, context: ChunkContext) -> None:
        self.seen = {_digest(line) for line in _canonical_lines(_lines(context.base))}

    def take(self, shared: bytes) -> list[bytes]:
        new = []
        for line in _lines(shared):
            digest = _digest(line)
            if digest not in self.seen:
                self.seen.add(digest)
                new.append(line)
        return new


def _spanning_hits(
    cross: ox.Store,
    ontology: URIRef,
    witnesses: list[tuple[URIRef, bytes]],
    checks: list[Check],
    describe: str,
) -> list[Hit]:
    """The spanning checks, on what the build validates of the cross-document store (all but
    the ontology) with the documents' witnesses."""
    from fengong.store.embedded import EmbeddedStore

    cross.clear_graph(ox.NamedNode(ontology))
    for name, lines in witnesses:
        if lines:
            cross.load(lines, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    spanning = [c for c in checks if c.scope == "spanning"]
    return find_hits(EmbeddedStore.around(cross), spanning, describe)


def _canonical_lines(quads: list[bytes]) -> list[bytes]:
    """The base graphs' triples without blank nodes, as the store gives them back: a
    document's shared line stated there already is not stated again."""
    out = io.BytesIO()
    parsed = ox.parse(b"".join(quads), format=ox.RdfFormat.N_QUADS)
    triples = [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in parsed
        if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
    ]
    ox.serialize(triples, out, format=ox.RdfFormat.N_TRIPLES)
    return _lines(stored_lines(out.getvalue()))


def _spanning(
    project: Project,
    context: ChunkContext,
    jobs: list[tuple[int, Path, str]],
    keys: list[str],
    cache: _Cache,
    headings: list[tuple[Heading, int]],
    organisations: list[tuple[Organisation, ...]],
    linked: set[str],
) -> Iterator[tuple[URIRef, set[tuple[object, object, object]]]]:
    """The graphs that span documents: ``functions`` (succession, counterparts above) and
    ``alignment`` (documents implementing other ingested documents), when not empty.
    ``linked`` gets the keys of the documents in an alignment link."""
    from fengong.graph.succession import succession_graph

    iris = context.iris
    derived = succession_graph(context.registry, organisations, iris)
    if derived:
        yield iris.graph("functions"), derived  # type: ignore[misc]
    index_of = {h.key: i for h, i in headings}

    @lru_cache(maxsize=16)
    def document(key: str) -> ResolvedDocument:
        return cache.get(keys[index_of[key]]).document()

    reviews = read_reviews(project.reference / "alignments.csv")
    links = find_links([h for h, _ in headings])
    aligned: set[tuple[object, object, object]] = set()
    for lower, higher, citations in links:
        linked.update((lower.key, higher.key))
        link = pair_link(document(lower.key), document(higher.key), citations, reviews)
        aligned |= alignment_graph([link], iris)  # type: ignore[arg-type]
    if aligned:
        yield iris.graph("alignment"), aligned


def _write_view(chunk: Chunk, path: Path, folder: Path) -> None:
    """A document's source view and a copy of its files (as ``write_source_views``)."""
    if chunk.view is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{chunk.key}.json").write_text(chunk.view, encoding="utf-8")
    for name in chunk.originals:
        copy = folder / chunk.key / name
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(path.with_name(name), copy)


class _Feed:
    """The on-disk store loaded as the merge writes fengong.nq's lines (``store_from``)."""

    def __init__(self, folder: Path, start_at: int | None) -> None:
        self.folder, self.start_at, self.count = folder, start_at, 0
        self.loader: GrowingFileLoader | None = None

    def written(self, lines: int, path: Path, last: bool = False) -> None:
        """``lines`` more quads were written to ``path`` (``last``: and all of them, closed)."""
        self.count += lines
        if self.loader is None and self.start_at is not None and self.count >= self.start_at:
            self.loader = GrowingFileLoader(path, self.folder)  # reads from the start
        if last and self.loader is not None:
            self.loader.close()

    def abandon(self) -> None:
        if self.loader is not None:
            self.loader.abandon()


@dataclass(frozen=True)
class _Written:
    names: tuple[URIRef, ...]
    quads: int
    documents: int
    reasoning_errors: tuple[str, ...]
    report: ReportSummary | None = None
    delta: tuple[list[bytes], list[bytes]] | None = None


def _patch(
    project: Project,
    previous: Path,
    jobs: list[tuple[int, Path, str]],
    keys: list[str],
    cache: _Cache,
    context: ChunkContext,
    checks: list[Check],
    refused: dict[int, Refused],
    out_dir: Path,
    progress: Callable[[str], None] | None,
    report: ReportWriter,
) -> _Written | str:
    """The build as ``previous`` patched (see :mod:`fengong.graph.patch`), or why it cannot
    be (and then nothing was written)."""
    iris = context.iris
    patching = out_dir / ".patching"
    try:
        record = BuildRecord.read(previous / RECORD)
        if record.context != context.digest:
            raise PatchRefused("the registries, rules, checks or code changed")
        if record.wording != _wording(project, report):
            raise PatchRefused("the shapes' names or messages, or the alignment reviews, changed")
        read = [(i, display) for i, _, display in jobs if i not in refused]
        if [(d.index, d.display) for d in record.documents] != read or list(
            record.refused
        ) != sorted(refused):
            raise PatchRefused("documents were added, removed, reordered or left out")
        changed = [d for d in record.documents if d.chunk != keys[d.index]]
        if len(changed) > max(1, int(len(record.documents) * PATCH_UP_TO)):
            raise PatchRefused(f"{len(changed)} documents changed")
        changes = {}
        for doc in changed:
            if not cache.has(doc.chunk):
                raise PatchRefused(f"{doc.display}: the previous build's chunk is not cached")
            old, new = cache.get(doc.chunk), cache.get(keys[doc.index])
            _patchable(old, new, record, context)
            prefix = b"<" + (str(iris.document(new.key)) + "/").encode()
            changes[doc.index] = Change(doc.index, str(iris.graph(f"doc/{new.key}")), prefix,
                                        old, new, _private(old, new, doc.index, record,
                                                           context))  # fmt: skip
        again = _cross_again(context, checks, record, changes)
        delta = plan(previous, list(changes.values()), again.firsts, again.stated,
                     (set(_lines(record.cross_inferred)), set(_lines(again.inferred))),
                     record.names[-1])  # fmt: skip
        counts = {s: record.counts[s.name.lower()] for s in Severity}
        gone: set[bytes] = set()
        come: set[bytes] = set()
        spanning_findings = [row for _, row in report.records(again.hits, SPANNING)]
        for rows, sign, side in ((record.spanning_findings, -1, gone),
                                 (spanning_findings, 1, come)):  # fmt: skip
            for row in rows:
                counts[record_severity(row)] += sign
                side.add(row)
        for change in changes.values():
            for chunk, sign, side in ((change.old, -1, gone), (change.new, 1, come)):
                for finding, row in report.records(chunk.hits, change.index):
                    counts[finding.severity] += sign
                    side.add(row)
        delta.findings = (sorted(gone - come), sorted(come - gone))
        violations = apply_delta(previous, patching, delta, counts)
        link_sources(previous, patching, {c.new.key for c in changes.values()})
        for change in changes.values():
            _write_view(change.new, jobs[change.index][1], patching / "sources")
    except Exception as err:  # whatever stops a patch, a full merge is right
        remove_quietly(patching)
        return str(err) if isinstance(err, PatchRefused) else f"{type(err).__name__}: {err}"
    for path in patching.iterdir():
        os.replace(path, out_dir / path.name)
    patching.rmdir()
    quads = record.quads - len(delta.quads[0]) + len(delta.quads[1])
    documented = tuple(
        replace(d, chunk=keys[d.index], described=c.new.described, shared=c.new.shared,
                witnesses=c.new.witnesses)
        if (c := changes.get(d.index)) else d
        for d in record.documents
    )  # fmt: skip
    replace(record, quads=quads, documents=documented,
            counts={s.name.lower(): n for s, n in counts.items()},
            cross_inferred=b"".join(sorted(set(_lines(again.inferred)))),
            spanning_findings=tuple(spanning_findings)).write(out_dir / RECORD)  # fmt: skip
    if progress is not None:
        for doc in record.documents:
            if doc.index not in changes:
                progress(f"{doc.described} (unchanged: from the cache)")
    summary = ReportSummary(out_dir / "validation.json", counts, tuple(violations))
    return _Written(tuple(URIRef(n) for n in record.names), quads, len(record.documents), (),
                    summary, delta.quads)  # fmt: skip


@dataclass(frozen=True)
class _Again:
    """The cross-document steps done again for a patch."""

    firsts: list[tuple[str, bytes, bytes]]  # each document's graph, first-stated lines before, now
    stated: set[bytes]  # every line a graph states now but the documents' own
    inferred: bytes  # what the rules over what spans documents infer now
    hits: list[Hit]  # the spanning checks' results now


def _cross_again(
    context: ChunkContext, checks: list[Check], record: BuildRecord, changes: dict[int, Change]
) -> _Again:
    """What spans documents, as :func:`_merge` makes it, from the record and the changed
    documents' chunks."""
    iris = context.iris
    names = [URIRef(n) for n in record.names]
    before, now = _FirstStated(context), _FirstStated(context)
    cross = ox.Store()
    cross.load(context.base, format=ox.RdfFormat.N_QUADS)
    stated = set(_reference_lines(context))
    firsts, witnesses = [], []
    for doc in record.documents:
        graph = iris.graph(f"doc/{doc.key}")
        change = changes.get(doc.index)
        old = before.take(doc.shared)
        new = now.take(change.new.shared if change else doc.shared)
        firsts.append((str(graph), b"".join(old), b"".join(new)))
        stated.update(new)
        if new:
            cross.load(b"".join(new), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
        witnesses.append((graph, change.new.witnesses if change else doc.witnesses))
    for graph, lines in record.spanning:
        stated.update(_lines(lines))
        cross.load(lines, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
    inferred, inconsistencies = _close_cross(cross, context, names)
    if inconsistencies:
        raise PatchRefused("the rules find the corpus inconsistent")
    hits = _spanning_hits(cross, names[0], witnesses, checks, context.describe)
    return _Again(firsts, stated, inferred, hits)


def _wording(project: Project, report: ReportWriter) -> str:
    """A hash of what shapes a build's output beyond its chunks and its context: the words of
    the report (the shapes' names and messages) and the reviews of alignment proposals."""
    reviews = project.reference / "alignments.csv"
    data = reviews.read_bytes() if reviews.is_file() else b"\0none"
    return hashlib.sha256(report.wording().encode() + b"\0" + data).hexdigest()


def _private(
    old: Chunk, new: Chunk, index: int, record: BuildRecord, context: ChunkContext
) -> frozenset[bytes]:
    """The document's source file, when its description changed (its checksum does with every
    edit) and no other document, spanning graph or base graph names it. A document names a file
    node only as its own source, and always states that file's description among its shared
    lines (fengong.graph.document: ``add_file``), so no other document then states or infers
    anything about it: its lines are the document's, as its own nodes' are."""
    node = f"<{context.iris.file(new.file)}>".encode()
    changed = set(_lines(old.shared)) ^ set(_lines(new.shared))
    if not any(line.startswith(node + b" ") for line in changed):
        return frozenset()
    elsewhere = [d.shared for d in record.documents if d.index != index]
    elsewhere += [lines for _, lines in record.spanning] + [context.base]
    return frozenset() if any(node in lines for lines in elsewhere) else frozenset({node})


def _named(chunk: Chunk) -> dict[str, Organisation]:
    """The organisations a document names, each as first named: what the succession of
    departments reads of it (fengong.graph.succession.build_organisations)."""
    return {org.id: org for org in reversed(chunk.organisations)}


def _patchable(old: Chunk, new: Chunk, record: BuildRecord, context: ChunkContext) -> None:
    """Raises :class:`PatchRefused` unless a patch can take ``old``'s place to ``new``."""
    where = f"{new.file}: "
    if (old.key, old.number, old.file) != (new.key, new.number, new.file):
        raise PatchRefused(where + "its key, number or file name changed")
    if "/" in new.key or any(d.key.startswith(new.key + "/") for d in record.documents):
        raise PatchRefused(where + "its key has parts, or is the first part of another's")
    if old.heading != new.heading or _named(old) != _named(new):
        raise PatchRefused(where + "its heading, citations or departments changed")
    if old.inconsistencies or new.inconsistencies:
        raise PatchRefused(where + "the rules find it inconsistent")
    if new.key in record.linked:
        raise PatchRefused(where + "it is aligned with another document")
    prefix = str(context.iris.document(new.key)) + "/"
    spanning = b"".join(lines for _, lines in record.spanning)
    if b"<" + prefix.encode() in spanning or any(r.startswith(prefix) for r in context.reserved):
        raise PatchRefused(where + "a graph spanning documents names its nodes")


def _finish(
    out_dir: Path,
    raw: dict[str, Path],
    names: list[URIRef],
    documents: int,
    inconsistencies: list[str],
    feed: _Feed,
) -> tuple[_Written, Callable[[], None]]:
    """Sort, subtract what is stated from what is inferred, and write the build's files but
    the Turtle; the returned function waits for that (and puts it in place).

    What can runs at once (a ``sort`` process waits on a thread; the Turtle, 12 s at 10M
    quads, is written by a process of its own while this one subtracts, sorts the quads and
    the caller writes the report): one after the other, these steps took 40 s at 10M."""
    tmp = {name: out_dir / f".{name}.tmp" for name in BUILD_FILES}
    inferred_all = out_dir / ".inferred.sorted"
    with ThreadPoolExecutor(1, "sort") as aside:
        asserted = aside.submit(sort_file, raw["asserted"], tmp["asserted.nt"])
        sort_file(raw["inferred"], inferred_all)
        asserted.result()
        turtle = mp.get_context("spawn").Process(
            target=write_turtle, args=(tmp["asserted.nt"], tmp["asserted.ttl"]),
            name="fengong-turtle", daemon=True)  # fmt: skip
        turtle.start()
        try:
            _subtract(inferred_all, tmp["asserted.nt"], tmp["inferred.nt"])
            inferred_all.unlink()
            with raw["quads"].open("ab") as quads, tmp["inferred.nt"].open("rb") as inferred:
                for block in whole_blocks(inferred):
                    quads.write(_as_quads(block, str(names[-1])))
            feed.written(0, raw["quads"], last=True)
            # the store's loader may still be reading the quads: they are sorted aside
            sort_file(raw["quads"], tmp["fengong.nq"], in_place=feed.loader is None)
        except BaseException:
            turtle.kill()
            raise
    read_by_turtle = ("asserted.nt", "asserted.ttl")  # renamed once the process is done
    for name in BUILD_FILES:
        if name not in read_by_turtle:
            os.replace(tmp[name], out_dir / name)

    def turtle_written() -> None:
        turtle.join()
        if turtle.exitcode != 0:
            raise FengongError(f"writing asserted.ttl stopped (exit code {turtle.exitcode})")
        for name in read_by_turtle:
            os.replace(tmp[name], out_dir / name)

    quads = count_lines(out_dir / "fengong.nq")
    return _Written(tuple(names), quads, documents, tuple(inconsistencies)), turtle_written
