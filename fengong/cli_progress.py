"""What `fengong build` says while it reads a corpus: a line per document, and a progress bar
on a terminal (a log or a pipe gets only the lines)."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any

import typer

from fengong.ingest.resolve import ResolvedDocument

__all__ = ["Progress", "describe"]


def describe(doc: ResolvedDocument) -> str:
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
    name = table.head.number or table.head.title or doc.key
    shown = f" ({'; '.join(notes)})" if notes else ""
    return (
        f"read {table.file}{shown}: {name}, "
        f"{len(table.measures)} measures, {len(doc.assignments)} assignments"
    )


class Progress:
    """Call :meth:`read` for each document as it is read."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar: Any = None

    def __enter__(self) -> Progress:
        if self.total > 1 and sys.stderr.isatty():
            self.bar = typer.progressbar(
                length=self.total, label="reading", file=sys.stderr, show_pos=True
            )
            self.bar.__enter__()
        return self

    def read(self, doc: ResolvedDocument) -> None:
        if self.bar is not None:
            self.bar.update(1)
            self.bar.render_finish() if self.bar.pos >= self.total else None
        typer.echo(describe(doc))

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, error, trace)
