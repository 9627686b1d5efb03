"""Each document's text as it was read, kept with the build, so every fact can be shown in place.

Provenance in the graph names a line (and a cell) of the text the reader made of a file: for a
text file its own lines, for Word, Excel, HTML and PDF one line per paragraph or table row
with its place in the original ("page 3, table 1, row 7"). The graph holds only the spans
facts came from; a researcher checking a fact wants the whole document around it. So the
build writes, per document, that text with its places (``sources/<key>.json``) and a copy of
the file as published (``sources/<key>/<file name>``), and the server's source view shows
them with line and cell anchors (``/source/<key>#L85``).

Sorted keys and no timestamps: the same sources give byte-identical files.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fengong.ingest import SourceText

__all__ = ["VIEW_FORMAT", "SourceView", "source_files", "view_json", "write_source_views"]

VIEW_FORMAT = 2  # bumped when the JSON's shape changes; the server refuses other versions


@dataclass(frozen=True)
class SourceView:
    """One document's text as read, with the file it came from (None: read from memory)."""

    key: str  # the document's key, as in its IRIs (doc/<key>)
    text: SourceText
    path: Path | None = None


def view_json(view: SourceView) -> str:
    """The source view file of one document: its lines, each with its place and its cells
    (tab-separated cells are the columns provenance counts), and what the file was."""
    text = view.text
    lines = [
        {
            "n": n,
            "cells": line.split("\t"),
            **({"place": text.places[n - 1]} if text.places else {}),
        }
        for n, line in enumerate(text.lines, start=1)
    ]
    body = {
        "format": VIEW_FORMAT,
        "key": view.key,
        "file": text.name,
        "media_type": text.media_type,
        "encoding": text.encoding,
        "sha256": text.sha256,
        "originals": [f.name for f in source_files(view)],
        "notes": list(text.notes),
        "lines": lines,
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def source_files(view: SourceView) -> list[Path]:
    """The files the text was read from: the file, then the attachments read with a notice
    page (the table of a notice is usually in its PDF or Word attachment)."""
    if view.path is None:
        return []
    files = [view.path, *(view.path.with_name(name) for name in view.text.attachments)]
    return [f for f in files if f.is_file()]


def write_source_views(views: Iterable[SourceView], folder: Path) -> Path:
    """Write each view (and a copy of its files) under ``folder``; returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for view in views:
        (folder / f"{view.key}.json").write_text(view_json(view), encoding="utf-8")
        for file in source_files(view):
            copy = folder / view.key / file.name
            copy.parent.mkdir(exist_ok=True)
            shutil.copyfile(file, copy)
    return folder
