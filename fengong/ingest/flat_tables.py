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
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from fengong.ingest.cells import looks_like_departments
from fengong.ingest.columns import Columns, is_header_row, is_vocabulary_word, read_columns
from fengong.ingest.reader import SourceText
from fengong.ingest.records import ReadingWarning

__all__ = ["normalise_flat_tables", "split_cells"]

_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SPACES = re.compile(r"(?:[ \u00a0]{2,}|\u3000+|[ \u00a0]*\u3000[ \u00a0\u3000]*)")
_NUMBER_CELL = re.compile(r"^[(（]?[0-9一二三四五六七八九十]{1,3}[)）.．、]?[*＊★]?$")  # 1* marks
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


def _typed(cells: list[str], columns: Columns) -> list[str] | None:
    """A short row placed by what each cell is, in order: a number in the 序号 column, text in
    the text columns, department lists in the department columns, each in table order, other
    short cells (a leader's name) in the remaining columns; None when that does not place
    every cell (then position decides)."""
    row = [""] * columns.width
    texts = sorted(c for c in (columns.measure, columns.task) if c)
    departments = sorted(c for c in (columns.lead, columns.support) if c)  # in their order
    others = [
        c for c in range(1, columns.width + 1)
        if c not in (*texts, *departments, columns.number)
    ]  # fmt: skip
    last_department = 0
    for index, cell in enumerate(cells):
        # a measure before the department columns, still empty, takes a name-like cell when a
        # department list follows it (现代化美丽城镇 | 吴某 | 乡村振兴办)
        measure_first = columns.measure in texts and columns.measure < min(departments, default=0)
        if index == 0 and columns.number and _NUMBER_CELL.match(cell):
            row[columns.number - 1] = cell
        elif (
            measure_first
            and looks_like_departments(cell)
            and any(looks_like_departments(c) for c in cells[index + 1 :])
        ):
            row[texts.pop(0) - 1] = cell
        elif looks_like_departments(cell) and departments:
            last_department = departments.pop(0)
            row[last_department - 1] = cell
        elif looks_like_departments(cell) and last_department:  # a cell of several paragraphs
            row[last_department - 1] += "、" + cell
        elif len(cell.replace(" ", "")) > 4 and texts:  # a leader's name is two to four
            row[texts.pop(0) - 1] = cell
        elif others:
            row[others.pop(0) - 1] = cell
        else:
            return None
    return row


def _fitted(
    cells: list[str], width: int, numbered: bool, columns: Columns | None = None
) -> tuple[list[str], bool]:
    """Cells padded to ``width``: placed by what they are where the header's columns are known
    (:func:`_typed`); else a row that starts with a number (or a section) lost its empty last
    cells, another its empty first ones (the merged measure cell above)."""
    if len(cells) > width and columns is not None and columns.width == width:
        typed = _typed(cells, columns)  # a department cell written as several paragraphs
        if typed is not None:
            return typed, True
    if len(cells) > width:  # the text of a cell had spaces in it: the rest goes to the last
        return [*cells[: width - 1], " ".join(cells[width - 1 :])], True
    if len(cells) == width:
        return cells, False
    if columns is not None and columns.width == width and not _SECTION_ROW.match(cells[0]):
        typed = _typed(cells, columns)
        if typed is not None:
            return typed, True
    missing = width - len(cells)
    if _SECTION_ROW.match(cells[0]):
        return cells + [""] * missing, True
    if _NUMBER_CELL.match(cells[0]) and len(cells) > 1 and looks_like_departments(cells[-1]):
        return [cells[0], *[""] * missing, *cells[1:]], True  # a merged cell after the number
    starts_row = bool(_NUMBER_CELL.match(cells[0])) or not numbered
    return (cells + [""] * missing if starts_row else [""] * missing + cells), True


def _blank(line: str) -> bool:
    """Empty, or only the ``|`` a page put between cells written one per line."""
    return not line.strip(" \t\u3000\u00a0|｜")


_ASIDE = re.compile(r"[(（][^()（）]*[)）]")


def _cell(line: str) -> str:
    """A line's cell text, without the ``|`` a page writes after each cell (序号 |)."""
    return line.strip().rstrip("|｜").strip()


def _header_words(line: str) -> bool:
    """A line that is one heading (its bracketed aside aside: 重点工作任务(宁波市3项配合工作)),
    letter-spaced or not (目   标   与   任   务)."""
    text = _cell(line)
    return (
        bool(text) and len(re.sub(r"\s", "", _ASIDE.sub("", text))) <= 12 and is_header_row([text])
    )


def normalise_flat_tables(source: SourceText) -> tuple[SourceText, tuple[ReadingWarning, ...]]:
    """``source`` with flattened tables rewritten as tab-separated rows (line numbers kept),
    and a warning for each row whose cells had to be placed by guess. Lines with tabs (a text
    export's table, or a real table of a Word, Excel, HTML or PDF file) are left as they are;
    each stretch of lines between them is read on its own, so a notice page whose small table
    of fields (发布日期 | …) is real still has the table of its PDF attachment, flattened to
    text, read like text."""
    lines = list(source.lines)
    warnings: list[ReadingWarning] = []
    changed = False
    start = 0
    while start < len(lines):
        if "\t" in lines[start]:
            start += 1
            continue
        end = start
        while end < len(lines) and "\t" not in lines[end]:
            end += 1
        part = lines[start:end]
        found: list[ReadingWarning] = []
        if _normalise_part(part, found):
            changed = True
            lines[start:end] = part
            warnings += [
                replace(w, line=w.line + start) if w.line is not None else w for w in found
            ]
        start = end
    if not changed:
        return source, ()
    return replace(source, lines=tuple(lines)), tuple(warnings)


def _normalise_part(lines: list[str], warnings: list[ReadingWarning]) -> bool:
    """Rewrite the flattened tables of ``lines`` (no tabs in them) in place; whether any."""
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
    return changed


@dataclass(frozen=True)
class _HeaderRun:
    """A header written one cell per line: its cells, the line after it, and whether every
    cell was separated from the next by exactly one empty line (a web page's table copied as
    text: then each further empty line is an empty cell, and rows can be read exactly)."""

    cells: list[str]
    end: int
    blank_separated: bool


def _header_run(lines: list[str], start: int) -> _HeaderRun | None:
    """The header written one cell per line from ``start``, when it names a lead column. A
    heading broken over two lines (市政府 / 分管领导) is one cell."""
    if not _header_words(lines[start]):
        return None
    words: list[str] = []
    gaps: list[int] = []
    end, gap, piped = start, 0, False
    while end < len(lines):
        text = _cell(lines[end])
        piped = piped or "|" in lines[end] or "｜" in lines[end]
        if _blank(lines[end]):
            gap += 1
            end += 1
            continue
        following = next(
            (k for k in range(end + 1, min(end + 3, len(lines))) if not _blank(lines[k])), None
        )
        if _header_words(text):
            pass
        elif words and _ASIDE.fullmatch(text):  # 责任股室 / (单位): the heading's aside
            words[-1] += text
            gap = 0
            end += 1
            continue
        elif following is not None and _broken_heading(text, _cell(lines[following])):
            text, end = text + _cell(lines[following]), following  # 市政府 / 分管领导
        elif words and _unnamed_column(lines, end):
            pass  # a column of the table's own naming between or after known ones
        else:
            break
        if words:
            gaps.append(gap)
        words.append(text)
        gap = 0
        end += 1
    if len(words) >= 2 and is_header_row(words) and read_columns([words]) is not None:
        stop = end - gap  # the empty lines after the header belong to the first row
        return _HeaderRun(words, stop, not piped and all(g == 1 for g in gaps))
    return None


def _broken_heading(first: str, second: str) -> bool:
    """Whether two lines are one heading broken in two: a heading of the vocabulary as it
    stands (市政府 / 分管领导), or two short halves of one in a variant form (责任 / 科室)."""
    joined = first + second
    if is_vocabulary_word(joined):
        return True
    return len(first) <= 3 and len(second) <= 3 and is_header_row([joined])


def _unnamed_column(lines: list[str], at: int) -> bool:
    """Whether the line at ``at``, inside a header written one cell per line, is a column of
    the table's own naming (是否达序, 说明): short, no number, and a known heading or a row's
    number within the next lines (the header goes on, or the rows begin)."""
    text = _cell(lines[at])
    if not text or len(text) > 8 or _NUMBER_CELL.match(text) or re.search(r"[，,。；;]", text):
        return False
    following = [_cell(t) for t in lines[at + 1 : at + 8] if not _blank(t)][:3]
    return any(_header_words(t) or _NUMBER_CELL.match(t) for t in following)


def _blank_separated_cells(lines: list[str], start: int) -> list[tuple[int, str]]:
    """Cells from ``start`` of a table whose cells are separated by one empty line, as (line
    index, text): a line of spaces, or else each further empty line, is an empty cell;
    the cells end at the first run of more than six empty lines, or the end of the text."""
    cells: list[tuple[int, str]] = []
    i = start
    while i < len(lines) and _blank(lines[i]):
        i += 1
    while i < len(lines):
        if _blank(lines[i]):
            run = i
            while run < len(lines) and _blank(lines[run]):
                run += 1
            if run - i > 6 or run == len(lines):
                break
            # an empty cell is a line holding only spaces (&nbsp;) where a page writes one,
            # else each empty line after the one that separates
            spaced = [k for k in range(i, run) if lines[k]]
            cells += [(k, "") for k in (spaced or range(i + 1, run))]
            i = run
            continue
        cells.append((i, _cell(lines[i])))
        i += 1
    return cells


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
        row, guessed = _fitted(split[0], width, numbered, columns)
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
    lines: list[str], start: int, header: _HeaderRun, warnings: list[ReadingWarning]
) -> int:
    width = len(header.cells)
    columns = read_columns([header.cells])
    for k in range(start, header.end):
        lines[k] = ""
    lines[start] = "\t".join(header.cells)
    numbered = columns is not None and columns.number is not None
    first = next((t.strip() for t in lines[header.end :] if not _blank(t)), "")
    if header.blank_separated and (
        numbered or _NUMBERED_TEXT.match(first) or _SECTION_ROW.match(first)
    ):
        return _rewrite_blank_separated(lines, header.end, header.cells, start, warnings, numbered)
    # rows open at the 序号, or, without one, at a task numbered in its own text (1.…)
    by_text = not numbered and bool(_NUMBERED_TEXT.match(_cell(first)))
    opens = _NUMBER_CELL.match if numbered else _NUMBERED_TEXT.match
    keyed = numbered or by_text
    i = header.end
    while i < len(lines):
        if _blank(lines[i]):
            lines[i] = ""
            i += 1
            continue
        first = _cell(lines[i])
        if _SECTION_ROW.match(first) and not keyed:
            lines[i] = "\t".join([first] + [""] * (width - 1))
            i += 1
            continue
        if keyed and not (opens(first) or _SECTION_ROW.match(first)):
            break  # not a row: the table has ended
        cells, taken = [first], [i]
        j = i + 1
        # a numbered row runs to the next number (a cell may be several paragraphs), within
        # reason; an unnumbered one is as wide as the header
        limit = width + 4 if keyed else width
        while j < len(lines) and len(cells) < limit:
            text = _cell(lines[j])
            if _blank(text):
                lines[j] = ""
                j += 1
                continue
            if keyed and (opens(text) or _SECTION_ROW.match(text)):
                break
            cells.append(text)
            taken.append(j)
            j += 1
        if keyed and len(cells) == limit:  # no number in reach: as wide as the header
            del cells[width:]
            j = taken[width - 1] + 1 if len(taken) >= width else j
            del taken[width:]
        if _SECTION_ROW.match(first) and len(cells) == 1:
            row, guessed = [first] + [""] * (width - 1), False
        else:
            row, guessed = _fitted(cells, width, numbered, columns if keyed else None)
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
        if not keyed and j >= len(lines):
            break
    return i


def _row_width(cells: list[tuple[int, str]], width: int) -> int:
    """How many cells the rows of a numbered table have: the commonest length of the runs of
    cells that start at a number, when more than the header's (a heading spanning two columns);
    else the header's."""
    runs: list[int] = []
    for _, text in cells:
        if _NUMBER_CELL.match(text):
            runs.append(0)
        if runs:
            runs[-1] += 1
    if len(runs) < 2:
        return width
    common = Counter(runs).most_common(1)[0][0]
    return common if width < common <= width + 2 else width


#: the opening of a row whose task is numbered in its own text: 1.… 一、… （一）…
_NUMBERED_TEXT = re.compile(
    r"^(?:\d{1,3}[.、．](?!\d)|[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十\d]{1,3}[)）])"
)


def _rewrite_blank_separated(
    lines: list[str], start: int, header: list[str], header_line: int,
    warnings: list[ReadingWarning], numbered: bool,
) -> int:  # fmt: skip
    """Rows of a table whose cells are separated by one empty line. A row starts at a number
    cell (序号) or, in a table without one, at a task numbered in its own text (1.…); and at
    any cell once the row before is full, in a numbered table. A row with fewer cells than
    the header (a heading merged across the row) is placed by :func:`_fitted`; one with more
    (a department cell of two paragraphs) has its extra cells joined into the last column."""
    opens = _NUMBER_CELL.match if numbered else _NUMBERED_TEXT.match
    cells = _join_broken_lists(_blank_separated_cells(lines, start), lines)
    for at, (index, text) in enumerate(cells):
        if text and _header_run(lines, index) is not None:  # the next table's header
            cells = cells[:at]
            break
    width = _row_width(cells, len(header)) if numbered else len(header)
    columns = read_columns([header])
    if width > len(header) and columns is not None:
        text_column = columns.measure - 1  # 工作任务 spans a title and a text
        header = [*header[: text_column + 1], *header[text_column:]][:width]
        header += [""] * (width - len(header))
        lines[header_line] = "\t".join(header)
    rows: list[list[tuple[int, str]]] = []
    for at, (index, text) in enumerate(cells):
        full = bool(rows) and len(rows[-1]) >= width and numbered
        if full and _after_the_row(cells[at:], opens, columns):
            rows[-1].append((index, text))  # kept apart from the row's width below
            continue
        heading = bool(_SECTION_ROW.match(text)) and bool(rows) and bool(rows[-1])  # 二、…
        if not rows or full or heading or (opens(text) and rows[-1]):
            rows.append([])
        rows[-1].append((index, text))
    if (
        rows
        and not opens(rows[-1][0][1])
        and len(rows[-1]) < width
        and not any(looks_like_departments(text) for _, text in rows[-1])
    ):
        rows.pop()  # a caption before the next table (附件2, its title), not a row of this one
    while rows and not any(text for _, text in rows[-1]):
        rows.pop()
    end = start
    for row in rows:
        texts = [text for _, text in row]
        while len(texts) > 1 and not texts[-1] and len(texts) > width:
            texts.pop()
        misplaced = len(texts) == width and not _in_their_columns(texts, columns)
        groups = (
            _unit_groups(row, columns)
            if (len(texts) > width or misplaced) and not numbered
            else None
        )
        if groups:
            for index, _ in row:
                lines[index] = ""
            for index, placed in groups:
                lines[index] = "\t".join(placed)
            warnings.append(
                ReadingWarning(
                    f"table row written one cell per line has {len(texts)} cells where the "
                    f"header has {width}: read as {len(groups)} row(s) of text then departments, "
                    "the first department of each leading",
                    row[0][0] + 1,
                )
            )
            end = row[-1][0] + 1
            continue
        if len(texts) > width and not numbered:  # the last cell written as two paragraphs
            texts = [*texts[: width - 1], "、".join(t for t in texts[width - 1 :] if t)]
        elif len(texts) > width and columns is not None and _other_column(columns):
            # a prose cell's further paragraph after the row (a progress note per unit)
            other = _other_column(columns) - 1
            texts = [*texts[:width]]
            texts[other] = " ".join(t for t in [texts[other], *[t for _, t in row[width:]]] if t)
        placed, guessed = _fitted(texts, width, numbered, read_columns([header]))
        if guessed:
            warnings.append(
                ReadingWarning(
                    f"table row written one cell per line has {len(texts)} cells where the "
                    f"header has {width}: cells placed by guess",
                    row[0][0] + 1,
                )
            )
        for index, _ in row:
            lines[index] = ""
        lines[row[0][0]] = "\t".join(placed)
        end = row[-1][0] + 1
    return end


#: a cell of names only, after units: 省人口计生, 区投促局、多福湾工作专 (cut short by the page)
def _in_their_columns(cells: list[str], columns: Columns | None) -> bool:
    """Whether a full row's cells, taken in order, fit their columns: no department list in
    the measure's column, nothing but names in a department column (a row that lost its
    empty first cell does not)."""
    if columns is None:
        return True
    measure = cells[columns.measure - 1] if columns.measure <= len(cells) else ""
    if measure and looks_like_departments(measure):
        return False
    for column in (columns.lead, columns.support):
        cell = cells[column - 1] if column and column <= len(cells) else ""
        if cell and not looks_like_departments(cell) and not _NAMES_ONLY.match(cell):
            return False
    return True


_NAMES_ONLY = re.compile(r"^[\u4e00-\u9fff、（）()]{2,60}$")


def _unit_groups(
    row: list[tuple[int, str]], columns: Columns | None
) -> list[tuple[int, list[str]]] | None:
    """A row written one cell per line as runs of text paragraphs each followed by its units,
    one per line (2.目标 / ——指标 / 省卫生厅 / 省公安厅 / ——指标 / 省卫生厅 / 省工商局): a row
    per run, at the line the run starts, its paragraphs the measure's text, its first unit in
    the lead column and the others in the support column (all in the lead column where the
    table has no support column). None when the row does not open with text or a run of text
    names no unit."""
    if columns is None or columns.measure is None:
        return None
    cells = [(index, text) for index, text in row if text]
    if not cells or looks_like_departments(cells[0][1]):
        return None
    runs: list[tuple[int, list[str], list[str]]] = []
    for index, text in cells:
        # names without an agency's ending among units (省人口计生, 省新闻出版) are units
        unit = looks_like_departments(text) or (
            bool(runs) and bool(runs[-1][2]) and bool(_NAMES_ONLY.match(text))
        )
        if not runs or (not unit and runs[-1][2]):
            runs.append((index, [], []))
        (runs[-1][2] if unit else runs[-1][1]).append(text)
    if not runs[0][2]:
        return None
    if not runs[-1][2]:  # closing paragraphs after the last units: the run above goes on
        _, texts, _ = runs.pop()
        runs[-1][1].extend(texts)
    placed = []
    for index, texts, units in runs:
        cell = [""] * columns.width
        cell[columns.measure - 1] = " ".join(texts)
        if columns.support is None:
            cell[columns.lead - 1] = "、".join(units)
        else:
            cell[columns.lead - 1] = units[0]
            cell[columns.support - 1] = "、".join(units[1:])
        placed.append((index, cell))
    return placed


def _join_broken_lists(cells: list[tuple[int, str]], lines: list[str]) -> list[tuple[int, str]]:
    """Cells with a department list broken after its 、 (区投促局、 / 大观园街道办事处) joined
    into one cell; the line of the second part is emptied, its text now on the first's."""
    joined: list[tuple[int, str]] = []
    for index, text in cells:
        before = joined[-1][1] if joined else ""
        if (
            before.endswith("、")
            and looks_like_departments(before[:-1])
            and (looks_like_departments(text.rstrip("、")))
        ):
            joined[-1] = (joined[-1][0], before + text)
            lines[index] = ""
            continue
        joined.append((index, text))
    return joined


def _other_column(columns: Columns) -> int | None:
    """The first column that holds neither a number, a text, nor departments (进展情况)."""
    named = (columns.number, columns.measure, columns.task, columns.lead, columns.support)
    return next((c for c in range(1, columns.width + 1) if c not in named), None)


def _after_the_row(
    cells: list[tuple[int, str]], opens: Callable[[str], object], columns: Columns | None
) -> bool:
    """Whether the cells from here to the next row's number, after a full row of a numbered
    table, are further paragraphs of the row's prose column (a progress note per unit) rather
    than a row of their own: the table has such a column, and they are prose and empty cells
    only, no department list among them. Empty cells alone are the row's padding."""
    run = []
    for _, text in cells:
        if opens(text):
            break
        run.append(text)
    prose = [t for t in run if t]
    if not prose:  # only empty cells before the next number: the row's padding
        return bool(run)
    if columns is None or _other_column(columns) is None:
        return False
    return all(
        not looks_like_departments(t) and len(t) > 12 and re.search(r"[，,。；;:：]", t)
        for t in prose
    )


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
