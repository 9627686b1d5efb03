"""Reading documents into N-Triples, in worker processes when there are several.

Parsing and graph building are pure Python, so a corpus is read by one process per core and
only the N-Triples text comes back; the store parses it in Rust. Each document's triples come
split in two: those about its own nodes (``doc/<key>/…``), which no other graph can hold, and
the rest (a category's definition, a cited article), which the build deduplicates across graphs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from fengong.graph.document import document_graph
from fengong.graph.iris import Iris
from fengong.graph.serialize import ntriples_line
from fengong.ingest import SourceText, parse_table_document, read_source
from fengong.ingest.resolve import ResolvedDocument, resolve_document
from fengong.reference import Registry

__all__ = ["ReadDocument", "read_documents", "read_text"]

#: Below this many documents, starting processes costs more than it saves.
_PARALLEL_FROM = 4


@dataclass(frozen=True)
class ReadDocument:
    resolved: ResolvedDocument
    own: bytes  # N-Triples about the document's own nodes
    shared: tuple[str, ...]  # N-Triples lines about other nodes


@dataclass(frozen=True)
class _Context:
    registry: Registry
    iris: Iris
    reserved: frozenset[str]  # subjects of the ontology and reference graphs


_context: _Context | None = None  # one per worker process


def _init(context: _Context) -> None:
    global _context
    _context = context


def read_text(
    source: SourceText, registry: Registry, iris: Iris, reserved: frozenset[str] = frozenset()
) -> ReadDocument:
    """One decoded document → its records and N-Triples: every step that can refuse input
    (parsing, resolving against the registries, building the graph), and nothing else."""
    resolved = resolve_document(parse_table_document(source), registry)
    own_prefix = str(iris.document(resolved.key)) + "/"
    own, shared = [], []
    for triple in document_graph(resolved, source.lines, registry, iris):
        subject = str(triple[0])
        line = ntriples_line(*triple)
        if subject.startswith(own_prefix) and subject not in reserved:
            own.append(line)
        else:
            shared.append(line)
    return ReadDocument(resolved, "".join(own).encode("utf-8"), tuple(shared))


def _read(job: tuple[Path, str]) -> ReadDocument:
    assert _context is not None
    path, display = job
    c = _context
    return read_text(read_source(path, display), c.registry, c.iris, c.reserved)


def read_documents(
    jobs: Sequence[tuple[Path, str]], registry: Registry, iris: Iris, reserved: frozenset[str]
) -> Iterator[ReadDocument]:
    """(path, display name) → read documents, in order; the first error is raised as is."""
    context = _Context(registry, iris, reserved)
    workers = min(os.cpu_count() or 1, len(jobs))
    if workers < 2 or len(jobs) < _PARALLEL_FROM:
        _init(context)
        yield from map(_read, jobs)
        return
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(context,)) as pool:
        yield from pool.map(_read, jobs, chunksize=2)
