"""A rebuild that patches the previous build's files, when only a few documents changed.

A full merge (:mod:`fengong.graph.stream`) rewrites every file of the build: at 10M quads,
5 GB sorted, subtracted, serialised and written again for one changed document, 50 s. But a
document's share of each file is known from its chunk, and when the document changed only in
its own nodes (``doc/<key>/…``, which no other graph can state), that share is all that
changes. Then each sorted file is the previous one with some lines taken out and others put
in, at places found by bisection, and copied around them by the kernel
(``copy_file_range``); unchanged files are hard links to the previous generation's (a
published generation is never written again).

Which lines are a document's share, exactly:

* *local* lines mention one of its own nodes, as subject or object. Only this document's
  chunk and the cross-document rules (from its shared lines, which must be unchanged) can
  produce them; the previous build's record keeps the cross-document inferences;
* asserted: its own lines; inferred: the local lines its rules or the cross-document rules
  infer, less what is stated (its own lines and its local shared lines);
* the Turtle: its own subjects' statements are one run of blocks, the serialisation of its
  own lines, found in the previous file and replaced;
* the report: its findings' sort records (:class:`~fengong.validate.sparql.ReportWriter`
  keys them by document, so they do not depend on any other document), then the JSON
  rendered again from the records.

The patch is refused, and the build merges in full, unless every changed document kept its
key, its shared lines, its witnesses, its heading and its organisations, is in no alignment
link, has no local line in a spanning graph and changed no inference but local ones; the
documents, their order and the context (registries, rules, code) must be the previous
build's. Each line taken out must be where bisection finds it, and each line put in must be
absent: otherwise too the build merges in full. Tests hold patched builds byte for byte equal
to full ones (tests/unit/test_patch.py).
"""

from __future__ import annotations

import contextlib
import functools
import io
import mmap
import os
import pickle
import shutil
import zlib
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from fengong.graph.namespaces import PREFIXES
from fengong.validate.report import Finding, Severity
from fengong.validate.sparql import render_records

__all__ = [
    "PATCH_UP_TO",
    "RECORD",
    "BuildRecord",
    "Change",
    "Delta",
    "Documented",
    "PatchRefused",
    "SortedFile",
    "apply_delta",
    "link_sources",
    "patch_sorted",
    "patch_turtle",
    "plan",
    "turtle_body",
]

#: The folder of a build generation holding what the next build needs to patch it.
RECORD = ".record"
_FORMAT = 2
#: more changed documents than this share of the corpus: a full merge (as fast, and simpler)
PATCH_UP_TO = 0.05


class PatchRefused(Exception):
    """Why a build cannot patch the previous one (it merges in full)."""


@dataclass(frozen=True)
class Documented:
    """A document of a build, as its record keeps it."""

    index: int  # its place among the build's sources
    display: str  # its name in provenance
    chunk: str  # its chunk's cache key
    key: str  # its key, as in its IRIs
    described: str  # the line the build printed for it
    shared: bytes  # its lines about nodes other documents may state (all, sorted)
    witnesses: bytes  # its own lines the spanning checks read


@dataclass(frozen=True)
class BuildRecord:
    """What a build leaves for the next one to patch it, in ``<generation>/.record/``:
    ``record.pickle`` (this) and ``findings`` (the report's sorted records).

    Everything the cross-document steps read is here, so a patch does them again exactly,
    without reading every chunk back."""

    context: str  # ChunkContext.digest
    wording: str  # the report's words and the alignment reviews (fengong.graph.stream._wording)
    names: tuple[str, ...]  # the graphs, in the build's order
    quads: int
    counts: dict[str, int]  # findings by severity name
    documents: tuple[Documented, ...]
    refused: tuple[int, ...]  # sources left out (keep_going)
    linked: tuple[str, ...]  # keys of the documents in an alignment link
    spanning: tuple[tuple[str, bytes], ...]  # the spanning graphs: name, sorted lines
    cross_inferred: bytes  # what the rules inferred over what spans documents, sorted
    spanning_findings: tuple[bytes, ...]  # the spanning checks' report records

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps((_FORMAT, self), protocol=pickle.HIGHEST_PROTOCOL)
        tmp = folder / ".record.pickle.tmp"
        tmp.write_bytes(zlib.compress(data, 1))
        os.replace(tmp, folder / "record.pickle")

    @classmethod
    def read(cls, folder: Path) -> BuildRecord:
        try:
            data = zlib.decompress((folder / "record.pickle").read_bytes())
            form, record = pickle.loads(data)  # written by a build of ours, beside its graph
        except (OSError, ValueError, zlib.error, pickle.UnpicklingError, EOFError) as err:
            raise PatchRefused(f"the previous build left no record ({err})") from None
        if form != _FORMAT or not isinstance(record, cls):
            raise PatchRefused("the previous build's record is of another format")
        return record


# -- sorted files ----------------------------------------------------------------------------
def _first_not_below(mm: mmap.mmap, item: bytes, lo: int, hi: int, end: bytes) -> int:
    """The offset of the first record of ``mm[lo:hi]`` (whole records) not below ``item``
    (compared without their ends, as ``sort(1)`` compares them)."""
    while lo < hi:
        mid = mm.find(end, (lo + hi) // 2 - 1, hi) + 1 if (lo + hi) // 2 > lo else lo
        if mid <= 0 or mid >= hi:  # no record starts in the upper half: probe the first
            mid = lo
        stop = mm.find(end, mid, hi)
        if stop < 0:  # a last record without its end
            stop = hi
        if mm[mid:stop] < item:
            lo = min(stop + 1, hi)
        else:
            hi = mid
    return lo


def _copy(mm: mmap.mmap, source: int, sink: int, start: int, stop: int) -> None:
    """Bytes ``start``..``stop`` of ``source`` (mapped as ``mm``) appended to ``sink``: in
    the kernel where it can (``copy_file_range``), else through this process."""
    while start < stop:
        try:
            done = os.copy_file_range(source, sink, stop - start, start)
        except OSError:  # another file system, an old kernel: copied the slow way
            done = 0
        if done == 0:
            done = os.write(sink, mm[start : min(stop, start + (1 << 24))])
        start += done


def _write(sink: io.RawIOBase, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[sink.write(view) or 0 :]


def patch_sorted(
    old: Path, new: Path, remove: Iterable[bytes], add: Iterable[bytes], end: bytes = b"\n"
) -> None:
    """Write ``new``: the sorted records of ``old`` (each ending in ``end``) less ``remove``
    and with ``add``, in order. Raises :class:`PatchRefused` when a record to remove is not
    there, or one to add already is."""
    edits = sorted([(r[:-1], 0, r) for r in remove] + [(a[:-1], 1, a) for a in add])
    with old.open("rb") as source, new.open("wb", buffering=0) as sink:
        size = os.fstat(source.fileno()).st_size
        if size == 0:
            if any(kind == 0 for _, kind, _ in edits):
                raise PatchRefused(f"{old.name}: a line to remove is not there")
            _write(sink, b"".join(record for _, _, record in edits))
            return
        with mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            done = 0
            for item, kind, record in edits:
                at = _first_not_below(mm, item, done, size, end)
                here = mm[at : at + len(record)] == record
                if kind == 0 and not here:
                    raise PatchRefused(f"{old.name}: a line to remove is not there")
                if kind == 1 and here:
                    raise PatchRefused(f"{old.name}: a line to add is there already")
                _copy(mm, source.fileno(), sink.fileno(), done, at)
                if kind == 0:
                    done = at + len(record)
                else:
                    _write(sink, record)
                    done = at
            _copy(mm, source.fileno(), sink.fileno(), done, size)


def turtle_body(lines: bytes) -> bytes:
    """Sorted N-Triples as the build's Turtle writes them, without the prefixes (the blocks
    of their subjects, in order: see :func:`fengong.graph.serialize.write_turtle`)."""
    out = io.BytesIO()
    ox.serialize(ox.parse(lines, format=ox.RdfFormat.N_TRIPLES), out, format=ox.RdfFormat.TURTLE,
                 prefixes={prefix: str(ns) for prefix, ns in PREFIXES.items()})  # fmt: skip
    text = out.getvalue()
    start = 0
    while text.startswith(b"@prefix ", start):
        start = text.index(b"\n", start) + 1
    return text[start:]


def patch_turtle(old: Path, new: Path, regions: Sequence[tuple[bytes, bytes]]) -> None:
    """``old`` with each ``(was, now)`` region replaced: ``was`` must be found once, whole,
    at a line's start."""
    with old.open("rb") as source, new.open("wb", buffering=0) as sink:
        size = os.fstat(source.fileno()).st_size
        with mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            places = []
            for was, now in regions:
                at = mm.find(was) if was else -1
                if at < 0 or (at and mm[at - 1 : at] != b"\n"):
                    raise PatchRefused(
                        f"{old.name}: a document's statements are not where expected"
                    )
                places.append((at, was, now))
            done = 0
            for at, was, now in sorted(places):
                if at < done:
                    raise PatchRefused(f"{old.name}: two documents' statements overlap")
                _copy(mm, source.fileno(), sink.fileno(), done, at)
                _write(sink, now)
                done = at + len(was)
            _copy(mm, source.fileno(), sink.fileno(), done, size)


def link_or_patch(old: Path, new: Path, remove: Sequence[bytes], add: Sequence[bytes],
                  end: bytes = b"\n") -> None:  # fmt: skip
    """``patch_sorted``, or a hard link to ``old`` when nothing changes (a published
    generation is never written again)."""
    if remove or add:
        patch_sorted(old, new, remove, add, end)
    else:
        os.link(old, new)


# -- what changes ------------------------------------------------------------------------------
class SortedFile:
    """Lookups in a sorted file of lines, by bisection."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("rb") as handle:
            self.size = os.fstat(handle.fileno()).st_size
            self.mm = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if self.size else None

    def contains(self, line: bytes) -> bool:
        if self.mm is None:
            return False
        at = _first_not_below(self.mm, line[:-1], 0, self.size, b"\n")
        return self.mm[at : at + len(line)] == line

    def starting(self, prefix: bytes) -> list[bytes]:
        """The lines that start with ``prefix``."""
        if self.mm is None:
            return []
        at = _first_not_below(self.mm, prefix, 0, self.size, b"\n")
        found = []
        while at < self.size and self.mm[at : at + len(prefix)] == prefix:
            stop = self.mm.find(b"\n", at) + 1 or self.size  # a last line without its end
            found.append(self.mm[at:stop])
            at = stop
        return found

    def __enter__(self) -> SortedFile:
        return self

    def __exit__(self, *_: object) -> None:
        if self.mm is not None:
            self.mm.close()


def _lines(data: bytes) -> set[bytes]:
    return set(data.splitlines(keepends=True))


def _subject(line: bytes) -> bytes:
    return line[: line.index(b" ")]


def _object_starts(line: bytes, prefix: bytes) -> bool:
    subject = line.find(b" ")
    predicate = line.find(b" ", subject + 1)
    return line.startswith(prefix, predicate + 1)


@dataclass(frozen=True)
class Change:
    """One changed document: its old and new chunk, and the prefix of its own nodes."""

    index: int
    graph: str  # its graph's IRI
    prefix: bytes  # b"<…/doc/<key>/"
    old: Any  # fengong.graph.chunk.Chunk
    new: Any

    nodes: frozenset[bytes] = frozenset()  # other nodes only it names (its file): b"<iri>"

    def local(self, line: bytes) -> bool:
        """Whether ``line`` names one of the document's own nodes, or a node no other
        document names (as subject or object): only its chunk and the rules over what spans
        documents can state or infer it."""
        if line.startswith(self.prefix) or _object_starts(line, self.prefix):
            return True
        if not self.nodes:
            return False
        subject = line.find(b" ")
        predicate = line.find(b" ", subject + 1)
        return line[:subject] in self.nodes or line[predicate + 1 : -3] in self.nodes


@dataclass
class Delta:
    """The lines each file loses and gains, and the Turtle's regions replaced."""

    quads: tuple[list[bytes], list[bytes]]
    asserted: tuple[list[bytes], list[bytes]]
    inferred: tuple[list[bytes], list[bytes]]
    turtle: list[tuple[bytes, bytes]]
    findings: tuple[list[bytes], list[bytes]] = ([], [])


def _as_quads(lines: Iterable[bytes], graph: str) -> list[bytes]:
    tail = f" <{graph}> .\n".encode()
    return [line[:-3] + tail for line in lines]


def plan(
    previous: Path,
    changes: Sequence[Change],
    firsts: Sequence[tuple[str, bytes, bytes]],
    stated: set[bytes],
    cross: tuple[set[bytes], set[bytes]],
    inferred_graph: str,
) -> Delta:
    """What the changes do to each file of the build in ``previous``.

    ``firsts``: each document's graph and the shared lines it states first, before and
    after; ``stated``: every line a graph states now but the documents' own lines (the
    reference graph, every document's shared lines, the spanning graphs); ``cross``: the
    cross-document inferences before and after. Where the previous files are the answer
    (was a line stated, was it inferred), they are looked up; :class:`PatchRefused` where
    neither they nor the chunks tell."""
    with (
        SortedFile(previous / "asserted.nt") as asserted_file,
        SortedFile(previous / "inferred.nt") as inferred_file,
    ):
        own = {c.index: (_lines(c.old.own), _lines(c.new.own)) for c in changes}
        inferred = {c.index: (_lines(c.old.inferred), _lines(c.new.inferred)) for c in changes}
        for c in changes:
            old, new = inferred[c.index]
            if any(not c.local(line) for line in old ^ new):
                raise PatchRefused(f"{c.new.file}: it changed an inference about shared nodes")
        # the documents' graphs in fengong.nq: own lines and the shared lines stated first
        quads: tuple[list[bytes], list[bytes]] = ([], [])
        for c in changes:
            old, new = own[c.index]
            quads[0].extend(_as_quads(old - new, c.graph))
            quads[1].extend(_as_quads(new - old, c.graph))
        for graph, old_first, new_first in firsts:
            if old_first != new_first:
                old, new = _lines(old_first), _lines(new_first)
                quads[0].extend(_as_quads(old - new, graph))
                quads[1].extend(_as_quads(new - old, graph))
        # asserted.nt: the union of every graph's lines
        candidates: set[bytes] = set()
        for c in changes:
            old, new = own[c.index]
            candidates |= old ^ new
            candidates |= _lines(c.old.shared) ^ _lines(c.new.shared)

        def stated_now(line: bytes) -> bool:
            return line in stated or any(line in own[c.index][1] for c in changes)

        gone = {
            line for line in candidates if asserted_file.contains(line) and not stated_now(line)
        }
        come = {
            line for line in candidates if stated_now(line) and not asserted_file.contains(line)
        }
        # inferred.nt: what anything infers, less what any graph states
        maybe = set().union(*(old ^ new for old, new in inferred.values()))
        maybe |= cross[0] ^ cross[1]
        maybe |= gone | come
        lost, found = [], []
        for line in maybe:
            was = inferred_file.contains(line)
            if line in come or (line not in gone and asserted_file.contains(line)):
                now = False
            elif line in cross[1] or any(line in new for _, new in inferred.values()):
                now = True
            elif any(c.local(line) for c in changes):
                now = False  # only that document, or the rules across documents, infer it
            elif line not in cross[0] and not (line in gone or asserted_file.contains(line)):
                now = was  # inferred, or not, by documents that did not change
            else:
                raise PatchRefused("whether an unchanged document infers a line is not known")
            if was and not now:
                lost.append(line)
            elif now and not was:
                found.append(line)
        quads[0].extend(_as_quads(lost, inferred_graph))
        quads[1].extend(_as_quads(found, inferred_graph))
        if any(b"_:" in line for part in (*quads, gone, come) for line in part):
            raise PatchRefused("a changed line holds a blank node")
        return Delta(quads, (sorted(gone), sorted(come)), (sorted(lost), sorted(found)),
                     _turtle(asserted_file, changes, own, gone, come))  # fmt: skip


def _turtle(
    asserted_file: SortedFile,
    changes: Sequence[Change],
    own: dict[int, tuple[set[bytes], set[bytes]]],
    gone: set[bytes],
    come: set[bytes],
) -> list[tuple[bytes, bytes]]:
    """The Turtle's regions to replace: each changed document's own subjects (one run of
    blocks), and the block of each other subject whose statements changed."""
    regions = []
    for c in changes:
        old, new = own[c.index]
        if old != new:
            if not old:
                raise PatchRefused(f"{c.new.file}: it had no statements of its own to replace")
            regions.append((turtle_body(b"".join(sorted(old))), turtle_body(b"".join(sorted(new)))))
    others = {_subject(line) for line in gone | come} - {
        _subject(line) for c in changes for line in own[c.index][0] | own[c.index][1]
    }
    for subject in sorted(others):
        before = asserted_file.starting(subject + b" ")
        if not before:
            raise PatchRefused("a node new to the build: its place in the Turtle is not known")
        after = (set(before) - gone) | {line for line in come if _subject(line) == subject}
        regions.append((turtle_body(b"".join(before)), turtle_body(b"".join(sorted(after)))))
    return regions


# -- applying it ------------------------------------------------------------------------------
def apply_delta(
    previous: Path, staging: Path, delta: Delta, counts: dict[Severity, int]
) -> list[Finding]:
    """Write the patched files into ``staging`` (which must be empty: a failed patch leaves it
    to be removed whole, so nothing hard-linked is ever opened for writing); the report's
    violations."""
    staging.mkdir(parents=True, exist_ok=True)
    (staging / RECORD).mkdir()
    before, after = previous / RECORD, staging / RECORD
    sorted_files = {
        "fengong.nq": delta.quads,
        "asserted.nt": delta.asserted,
        "inferred.nt": delta.inferred,
    }
    jobs: list[Callable[[], object]] = [
        functools.partial(link_or_patch, previous / name, staging / name, *map(sorted, parts))
        for name, parts in sorted_files.items()
    ]
    if delta.turtle:
        jobs.append(functools.partial(patch_turtle, previous / "asserted.ttl",
                                      staging / "asserted.ttl", delta.turtle))  # fmt: skip
    else:
        os.link(previous / "asserted.ttl", staging / "asserted.ttl")
    with ThreadPoolExecutor(2, "patch") as pool:
        done = [pool.submit(job) for job in jobs]
        link_or_patch(before / "findings", after / "findings", sorted(delta.findings[0]),
                      sorted(delta.findings[1]), b"\x00")  # fmt: skip
        violations = render_records(after / "findings", counts, staging / "validation.json")
        for job in done:
            job.result()
    return violations


def link_sources(previous: Path, staging: Path, changed: set[str]) -> None:
    """The previous build's source views and copies, hard-linked, but those of ``changed``
    documents (by key: written again)."""
    source = previous / "sources"
    if not source.is_dir():
        return
    target = staging / "sources"
    target.mkdir()
    for path in source.iterdir():
        key = path.name.removesuffix(".json") if path.suffix == ".json" else path.name
        if key in changed:
            continue
        if path.is_dir():
            shutil.copytree(path, target / path.name, copy_function=os.link)
        else:
            os.link(path, target / path.name)


def remove_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
