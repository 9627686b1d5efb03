"""The source view: a document's text as the build read it, with line and cell anchors.

Every fact in the graph names the line (and cell) it was read from; this page shows that line
in its document, highlighted, with what was read from it, so a researcher checks a fact
against the published text in one click. The text comes from the build folder
(``sources/<key>.json``, written by :mod:`fengong.graph.source_views`), never from the client.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from fengong.graph.source_views import VIEW_FORMAT

__all__ = ["KEY", "load_view", "source_href", "span_place"]

#: a document key as the build makes them (word characters of any script — an unregistered
#: series gives 某政办-2024-3 —, dot, dash): anything else, a slash above all, is no document
#: and never reaches the file system
KEY = re.compile(r"\w[\w.-]{0,200}")
_SPAN = re.compile(r"doc/(?P<key>[^/]+)/source/line/(?P<line>\d+)(?:/cell/(?P<cell>\d+))?")


def span_place(path: str) -> tuple[str, int, int | None] | None:
    """(document key, line, cell) of a source span's IRI path (``doc/<key>/source/line/85/
    cell/3``), or None for any other resource."""
    found = _SPAN.fullmatch(path)
    if found is None:
        return None
    cell = found["cell"]
    return found["key"], int(found["line"]), int(cell) if cell else None


def source_href(key: str, line: int | None = None, cell: int | None = None, lang: str = "") -> str:
    """The source view's address, scrolled to ``line`` (and its cell) when given."""
    params = [f"line={line}"] if line else []
    params += [f"cell={cell}"] if cell else []
    params += [f"lang={lang}"] if lang else []
    query = ("?" + "&".join(params)) if params else ""
    return f"/source/{key}{query}" + (f"#L{line}" if line else "")


@functools.lru_cache(maxsize=64)
def _read(path: Path, stamp: tuple[int, int]) -> dict[str, Any] | None:
    view = json.loads(path.read_text(encoding="utf-8"))
    return view if view.get("format") == VIEW_FORMAT else None


def load_view(folder: Path, key: str) -> dict[str, Any] | None:
    """The view of document ``key`` in the build ``folder``; None when there is none (an
    unknown key, a build from before source views). Cached per file and modification."""
    if not KEY.fullmatch(key):
        return None
    path = folder / "sources" / f"{key}.json"
    try:
        stat = path.stat()
    except OSError:
        return None
    return _read(path, (stat.st_mtime_ns, stat.st_size))


def original_file(folder: Path, key: str, name: str) -> Path | None:
    """The copy of the published file kept with the build, if ``name`` is that file."""
    if not KEY.fullmatch(key) or "/" in name or name in {"", ".", ".."}:
        return None
    path = folder / "sources" / key / name
    return path if path.is_file() else None
