"""Flattening a document with real tables (Word, Excel, HTML) into numbered lines.

The table parser reads the seed's layout: one line per paragraph or table row, cells separated
by tabs, a merged cell written once in its first row and left empty below. Each structured
reader produces :class:`GridLine` values in reading order and this module turns them into that
layout, keeping two things the text export loses: where each line is in the original file (for
provenance and error messages) and which empty cells are continuations of a merged cell above
(so an empty cell that is merely empty is not mistaken for a merge).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fengong.ingest.reader import SourceText

__all__ = ["GridCell", "GridLine", "cell_text", "grid_source"]

_SPACE = re.compile(r"[\t\r\n\v\f\xa0]+")  # \xa0: &nbsp;


@dataclass(frozen=True)
class GridCell:
    text: str
    merged: bool = False  # continues the merged cell above it (rowspan, vMerge, merged range)
    lines: tuple[str, ...] = ()  # the cell's visual lines where the format draws them (PDF)
    full: bool = False  # its last line runs to the cell's edge: the text may go on (PDF)


@dataclass(frozen=True)
class GridLine:
    cells: tuple[GridCell, ...]  # a paragraph is one cell; a table row one per grid column
    place: str  # where it is in the original: "table 1, row 5", "sheet 分工表, row 7", "line 42"
    table_row: bool = False


def cell_text(paragraphs: Iterable[str]) -> str:
    """A cell's paragraphs as the text export writes them: ``<p>`` markup when there are
    several (the table parser removes it), no tabs or line breaks inside.

    >>> cell_text(["区应急局"]), cell_text(["甲。", " 乙。"]), cell_text([])
    ('区应急局', '<p>甲。</p><p>乙。</p>', '')
    """
    parts = [_SPACE.sub(" ", p).strip() for p in paragraphs]
    parts = [p for p in parts if p]
    if len(parts) == 1:
        return parts[0]
    return "".join(f"<p>{p}</p>" for p in parts)


def _width(lines: Sequence[GridLine]) -> int:
    """The table's width: its widest row without trailing empty cells."""
    widest = 0
    for line in lines:
        if line.table_row:
            texts = [c.text for c in line.cells]
            while texts and not texts[-1]:
                texts.pop()
            widest = max(widest, len(texts), 1)
    return widest


def grid_source(
    name: str,
    data: bytes,
    lines: Sequence[GridLine],
    media_type: str,
    encoding: str = "UTF-8",
) -> SourceText:
    """The flattened document. Table rows are padded or cut to the table's width (cells past
    the last non-empty one carry nothing); other lines are their text."""
    width = _width(lines)
    texts: list[str] = []
    merged: set[tuple[int, int]] = set()
    cell_lines: list[tuple[int, int, tuple[str, ...]]] = []
    for number, line in enumerate(lines, start=1):
        if not line.table_row:
            texts.append(_SPACE.sub(" ", " ".join(c.text for c in line.cells)).strip())
            continue
        cells = list(line.cells[:width])
        cells += [GridCell("")] * (width - len(cells))
        texts.append("\t".join(_SPACE.sub(" ", c.text) for c in cells))
        merged.update((number, column) for column, c in enumerate(cells, 1) if c.merged)
        cell_lines += [(number, k, c.lines) for k, c in enumerate(cells, 1) if len(c.lines) > 1]
    return SourceText(
        name,
        hashlib.sha256(data).hexdigest(),
        tuple(texts),
        encoding,
        media_type,
        tuple(line.place for line in lines),
        frozenset(merged),
        cell_lines=tuple(cell_lines),
    )
