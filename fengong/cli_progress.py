"""What `fengong build` says while it reads a corpus: a line per document, and a progress bar
on a terminal (a log or a pipe gets only the lines)."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any

import typer

from fengong.graph.reading import describe_document as describe

__all__ = ["Progress", "describe"]


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

    def read(self, line: str) -> None:
        """A document was read (``line`` says what was found: :func:`describe`)."""
        if self.bar is not None:
            self.bar.update(1)
            self.bar.render_finish() if self.bar.pos >= self.total else None
        typer.echo(line)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, error, trace)
