"""What the CLI modules share: options, error reporting, atomic output."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from fengong.errors import FengongError, exit_code

__all__ = ["GraphOption", "Lang", "OutputOption", "ProjectOption", "emit", "fail"]


class Lang(StrEnum):
    """The two languages of reports and summaries."""

    zh = "zh"
    en = "en"


ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project",
        help="Project folder: data/sources/, data/build/, data/reference/ additions, own queries/ (default: the working folder).",
        show_default=False,
    ),
]
GraphOption = Annotated[
    Path | None,
    typer.Option("--graph", help="Built N-Quads (default: data/build/fengong.nq).",
                 show_default=False),
]  # fmt: skip
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="File (default: stdout).", show_default=False)
]


def fail(err: FengongError) -> typer.Exit:
    typer.echo(f"error: {err}", err=True)
    return typer.Exit(exit_code(err))


def emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        emit_bytes(text.encode("utf-8"), output)


def emit_bytes(data: bytes, output: Path) -> None:
    """``data`` written to ``output`` whole or not at all: a reader never sees half a file."""
    tmp = output.with_name(f".{output.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, output)
