"""Tables that reached us as plain text without tabs: columns separated by runs of spaces,
by ``|`` (markdown too), or one cell per line (a web page's table copied as text).

Such a table is found by its header row (the closed vocabulary of :mod:`fengong.ingest.columns`:
序号, 重点任务, 牵头单位, 配合单位 …); its rows are then rewritten as tab-separated cells *in place*
— each row on the line where it starts, the lines it spanned left empty — so every line keeps
its number and every fact its provenance. Rows with fewer cells than the header are filled where
the cells are evidently missing (a continuation row has lost its empty first cells; a numbered
row its empty last ones), and each such row is reported.
"""

from __future__ import annotations

import re
from dataclasses import replace

from fengong.ingest.cells import looks_like_departments
from fengong.ingest.columns import is_header_row, read_columns
from fengong.ingest.reader import SourceText
from fengong.ingest.records import ReadingWarning

__all__ = ["normalise_flat_tables", "split_cells"]

_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SPACES = re.compile(r"(?:[ \u00a0]{2,}|\u3000+|[ \u00a0]*\u3000[ \u00a0\u3000]*)")
_NUMBER_CELL = re.compile(r"^[(（]?[0-9一二三四五六七八九十]{1,3}[)）.．、]?$")
_SECTION_ROW = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]\D)")


def split_cells(line: str) -> tuple[list[str], str] | None:
    """The cells of a flattened row and how they are separated ('|' or 'spaces'); None when
    the line is not split in two cells or more.

    >>> split_cells("| 1 | 加强监管 | 区应急局 |")
    (['1', '加强监管', '区应急局'], '|')
    >>> split_cells("1    加强监管    区应急局")
    (['1', '加强监管', '区应急局'], 'spaces')
    >>> split_cells("加强监管，区应急局负责。") is None
    True
    """
    text = line.strip()
    if text.count("|") >= 2 or (text.startswith("|") and text.endswith("|") and len(text) > 2):
        cells = [c.strip() for c in text.strip("|").split("|")]
        return (cells, "|") if len(cells) >= 2 else None
    cells = [c.strip() for c in _SPACES.split(text) if c.strip()]
    return (cells, "spaces") if len(cells) >= 2 else None


def _fitted(cells: list[str], width: int, numbered: bool) -> tuple[list[str], bool]:
    """Cells padded to ``width``: a row that starts with a number (or a section) lost its
    empty last cells; another lost its empty first ones (the merged measure cell above)."""
    if len(cells) > width:  # the text of a cell had spaces in it: the rest goes to the last
        return [*cells[: width - 1], " ".join(cells[width - 1 :])], True
    if len(cells) == width:
        return cells, False
    missing = width - len(cells)
    if _SECTION_ROW.match(cells[0]):
        return cells + [""] * missing, True
    if _NUMBER_CELL.match(cells[0]) and len(cells) > 1 and looks_like_departments(cells[-1]):
        return [cells[0], *[""] * missing, *cells[1:]], True  # a merged cell after the number
    starts_row = bool(_NUMBER_CELL.match(cells[0])) or not numbered
    return (cells + [""] * missing if starts_row else [""] * missing + cells), True


def _blank(line: str) -> bool:
    """Empty, or only the ``|`` a page put between cells written one per line."""
    return not line.strip(" \t\u3000|｜")


def _header_words(line: str) -> bool:
    text = line.strip()
    return bool(text) and len(text) <= 12 and is_header_row([text])


def normalise_flat_tables(source: SourceText) -> tuple[SourceText, tuple[ReadingWarning, ...]]:
    """``source`` with flattened tables rewritten as tab-separated rows (line numbers kept),
    and a warning for each row whose cells had to be placed by guess. Files with tabs, and
    Word, Excel and HTML files (their tables are real), are returned unchanged."""
    lines = list(source.lines)
    if source.places or any("\t" in line for line in lines):
        return source, ()
    warnings: list[ReadingWarning] = []
    changed = False
    i = 0
    while i < len(lines):
        split = split_cells(lines[i])
        run = _header_run(lines, i) if split is None else None
        single = _single_spaced_header(lines[i]) if split is None and not run else None
        if split is not None and is_header_row(split[0]) and read_columns([split[0]]):
            changed = True
            i = _rewrite_split(lines, i, split[0], split[1], warnings)
        elif single is not None:
            changed = True
            i = _rewrite_single_spaced(lines, i, single, warnings)
        elif run:
            changed = True
            i = _rewrite_cell_per_line(lines, i, run, warnings)
        else:
            i += 1
    if not changed:
        return source, ()
    return replace(source, lines=tuple(lines)), tuple(warnings)


def _header_run(lines: list[str], start: int) -> int:
    """How many lines from ``start`` are one header word each (a table written one cell per
    line), when they name a lead column; else 0."""
    if not _header_words(lines[start]):
        return 0
    words, end = [], start
    while end < len(lines) and (_header_words(lines[end]) or _blank(lines[end])):
        if not _blank(lines[end]):
            words.append(lines[end].strip())
        end += 1
    if len(words) >= 2 and read_columns([words]) is not None:
        return len(words)
    return 0


def _rewrite_split(
    lines: list[str],
    header: int,
    cells: list[str],
    how: str,
    warnings: list[ReadingWarning],
) -> int:
    width = len(cells)
    columns = read_columns([cells])
    numbered = columns is not None and columns.number is not None
    lines[header] = "\t".join(cells)
    i = header + 1
    while i < len(lines):
        text = lines[i]
        if not text.strip() or (how == "|" and _PIPE_RULE.match(text)):
            lines[i] = ""
            i += 1
            continue
        split = split_cells(text)
        if split is None:
            if _SECTION_ROW.match(text.strip()):
                lines[i] = "\t".join([text.strip()] + [""] * (width - 1))
                i += 1
                continue
            break  # the table has ended
        row, guessed = _fitted(split[0], width, numbered)
        if guessed:
            warnings.append(
                ReadingWarning(
                    f"table row has {len(split[0])} cells where the header has {width} (columns "
                    f"separated by {'|' if how == '|' else 'spaces'}): cells placed by guess",
                    i + 1,
                )
            )
        lines[i] = "\t".join(row)
        i += 1
    return i


def _rewrite_cell_per_line(
    lines: list[str], start: int, width: int, warnings: list[ReadingWarning]
) -> int:
    header, k = [], start
    while len(header) < width:
        if not _blank(lines[k]):
            header.append(lines[k].strip())
        lines[k] = ""
        k += 1
    columns = read_columns([header])
    lines[start] = "\t".join(header)
    i = k
    numbered = columns is not None and columns.number is not None
    while i < len(lines):
        if _blank(lines[i]):
            lines[i] = ""
            i += 1
            continue
        first = lines[i].strip()
        if _SECTION_ROW.match(first) and not numbered:
            lines[i] = "\t".join([first] + [""] * (width - 1))
            i += 1
            continue
        if numbered and not (_NUMBER_CELL.match(first) or _SECTION_ROW.match(first)):
            break  # not a row: the table has ended
        cells, taken = [first], [i]
        j = i + 1
        while j < len(lines) and len(cells) < width:
            text = lines[j].strip()
            if _blank(text):
                lines[j] = ""
                j += 1
                continue
            if numbered and _NUMBER_CELL.match(text):
                break
            cells.append(text)
            taken.append(j)
            j += 1
        if _SECTION_ROW.match(first) and len(cells) == 1:
            row, guessed = [first] + [""] * (width - 1), False
        else:
            row, guessed = _fitted(cells, width, numbered)
        if guessed or len(cells) < width:
            warnings.append(
                ReadingWarning(
                    f"table row written one cell per line has {len(cells)} cells where the "
                    f"header has {width}: cells placed by guess",
                    i + 1,
                )
            )
        lines[i] = "\t".join(row)
        for k in taken[1:]:
            lines[k] = ""
        i = j
        if not numbered and j >= len(lines):
            break
    return i


def _tokens(line: str) -> list[str]:
    """Words of a line split on single spaces, runs of lone characters joined (工 作 任 务)."""
    out: list[str] = []
    lone = False
    for word in line.split():
        if len(word) == 1 and lone and out:
            out[-1] += word
        else:
            out.append(word)
        lone = len(word) == 1
    return out


def _single_spaced_header(line: str) -> list[str] | None:
    """A header whose cells are separated by single spaces: 序号 工 作 任 务 牵头负责部门."""
    words = _tokens(line)
    if len(words) >= 2 and is_header_row(words) and read_columns([words]) is not None:
        return words
    return None


def _rewrite_single_spaced(
    lines: list[str], header: int, words: list[str], warnings: list[ReadingWarning]
) -> int:
    """Rows whose cells are separated by single spaces: the spaces of the text column's own
    words are kept in it (the cells before it and after it are one word each)."""
    columns = read_columns([words])
    assert columns is not None
    width = len(words)
    text = (columns.task or columns.measure) - 1
    after = width - 1 - text
    lines[header] = "\t".join(words)
    i = header + 1
    while i < len(lines):
        tokens = lines[i].split()
        if not tokens:
            i += 1
            continue
        if len(tokens) < 2 and not _SECTION_ROW.match(tokens[0]):
            break
        if len(tokens) >= width:
            cells = [
                *tokens[:text],
                " ".join(tokens[text : len(tokens) - after]),
                *tokens[len(tokens) - after :],
            ]
        else:
            cells, _ = _fitted(tokens, width, columns.number is not None)
            warnings.append(
                ReadingWarning(
                    f"table row has {len(tokens)} words where the header has {width} cells "
                    "separated by single spaces: cells placed by guess",
                    i + 1,
                )
            )
        lines[i] = "\t".join(cells)
        i += 1
    return i
