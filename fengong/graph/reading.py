"""Reading documents into N-Triples, in worker processes when there are several.

Parsing and graph building are pure Python, so a corpus is read by one process per core and
only the N-Triples text comes back; the store parses it in Rust. Each document's triples come
split in two: those about its own nodes (``doc/<key>/…``), which no other graph can hold, and
the rest (a category's definition, a cited article), which the build deduplicates across graphs.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from fengong.errors import FengongError
from fengong.graph.document import document_graph
from fengong.graph.iris import Iris
from fengong.graph.serialize import ntriples_line
from fengong.ingest import SourceText
from fengong.ingest.layout import Layout, parse_source, placed, read_document
from fengong.ingest.records import TableDocument
from fengong.ingest.resolve import ResolvedDocument, resolve_document
from fengong.reference import Registry

__all__ = [
    "DEFAULT_READ",
    "ReadDocument",
    "ReadOptions",
    "describe_document",
    "read_documents",
    "read_text",
]

#: Below this many documents, starting processes costs more than it saves.
_PARALLEL_FROM = 4


@dataclass(frozen=True)
class ReadDocument:
    resolved: ResolvedDocument
    own: bytes  # N-Triples about the document's own nodes
    shared: tuple[str, ...]  # N-Triples lines about other nodes
    source: SourceText | None = None  # the text as read: the build keeps it for the source view
    path: Path | None = None  # the file it was read from


@dataclass(frozen=True)
class ReadOptions:
    """How documents are read: the layout (None: detected per document), and whether a name
    the registries do not know is an error (``strict``) or kept as unregistered."""

    layout: Layout | None = None
    strict: bool = False
    keep_going: bool = False  # a document that cannot be read is left out, not the build


DEFAULT_READ = ReadOptions()


@dataclass(frozen=True)
class _Context:
    registry: Registry
    iris: Iris
    reserved: frozenset[str]  # subjects of the ontology and reference graphs
    options: ReadOptions = field(default_factory=ReadOptions)


_context: _Context | None = None  # one per worker process


def _init(context: _Context) -> None:
    global _context
    _context = context


def read_text(
    source: SourceText,
    registry: Registry,
    iris: Iris,
    reserved: frozenset[str] = frozenset(),
    table: TableDocument | None = None,
    strict: bool = False,
) -> ReadDocument:
    """One decoded document → its records and N-Triples: every step that can refuse input
    (parsing unless ``table`` is given, resolving against the registries, building the
    graph), and nothing else."""
    try:
        resolved = resolve_document(table or parse_source(source), registry, strict)
    except FengongError as err:
        raise placed(err, source) from None
    own_prefix = str(iris.document(resolved.key)) + "/"
    own, shared = [], []
    for triple in document_graph(resolved, source.lines, registry, iris):
        subject = str(triple[0])
        line = ntriples_line(*triple)
        if subject.startswith(own_prefix) and subject not in reserved:
            own.append(line)
        else:
            shared.append(line)
    return ReadDocument(resolved, "".join(own).encode("utf-8"), tuple(shared), source)


def describe_document(doc: ResolvedDocument) -> str:
    """One line about a document that was read: file, encoding, layout, 文号, counts."""
    table = doc.table
    notes = [f"read as {table.encoding}"] if table.encoding != "UTF-8" else []
    if table.layout != "text-table":
        notes.append(f"{table.layout} layout")
    if table.metadata_from:
        notes.append(f"head from {table.metadata_from}")
    unregistered = {
        a.mention for a in doc.assignments if getattr(a.department, "status", "") == "unregistered"
    }
    if unregistered:
        notes.append(f"{len(unregistered)} unregistered department(s)")
    if table.warnings:
        notes.append(f"{len(table.warnings)} reading warning(s): see fengong validate")
    name = doc.name
    shown = f" ({'; '.join(notes)})" if notes else ""
    return (
        f"read {table.file}{shown}: {name}, "
        f"{len(table.measures)} measures, {len(doc.assignments)} assignments"
    )


def _read(job: tuple[Path, str]) -> ReadDocument | FengongError:
    assert _context is not None
    path, display = job
    c = _context
    try:
        source, table = read_document(path, display, c.options.layout)
        read = read_text(source, c.registry, c.iris, c.reserved, table, c.options.strict)
        return dataclasses.replace(read, path=path)
    except FengongError as err:
        if c.options.keep_going:
            return err  # the caller leaves the document out and says why
        raise


def read_documents(
    jobs: Sequence[tuple[Path, str]],
    registry: Registry,
    iris: Iris,
    reserved: frozenset[str],
    options: ReadOptions = DEFAULT_READ,
) -> Iterator[ReadDocument | FengongError]:
    """(path, display name) → read documents, in order; the first error is raised as is, or,
    with ``keep_going``, yielded in the document's place."""
    context = _Context(registry, iris, reserved, options)
    workers = min(os.cpu_count() or 1, len(jobs))
    if workers < 2 or len(jobs) < _PARALLEL_FROM:
        _init(context)
        yield from map(_read, jobs)
        return
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(context,)) as pool:
        yield from pool.map(_read, jobs, chunksize=2)
