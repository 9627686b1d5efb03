"""Tables whose cells ran together with no separator at all: the text a PDF viewer or a web
page gives when its table is copied (序号主要工作任务第一责任单位主要责任单位一、主要发展指标1地区
生产总值年均增长12%左右。市发展改革委各县(市、区)政府、嘉兴港区2服务业…).

Such a table is found by its header, a run of the closed column vocabulary of
:mod:`fengong.ingest.columns` written without a break (three headings or more, one naming a
department column, one a text column). Its rows are then cut where the rows' own numbers come,
1, 2, 3 … in order (after a section heading, from 1 again), and each row into its cells by what
they hold: the text up to the sentence after which departments' names begin; the names (a list
written with 、，, or names run together, each starting anew with 省/市/区/县/各 …); after them,
what the table's last columns say (progress, a deadline).

Where the names of two department columns ran together (第一责任单位 then 主要责任单位), the
first column's names are those run together before the first list written with separators
(a cell of several names is written with 、; a column's own names were printed one under the
other); with no separator at all, those before the first collective (各县政府 never leads), else
the first name alone.

The rows are written as tab-separated lines of a *copy* of the text, each noting the line of
the original it came from; :func:`expand_glued_tables` gives the copy and the map back, so that
every record read from it names the original line (provenance stays true; a span's text is
the whole original line, since a glued cell is no field of it).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from fengong.ingest.cells import AGENCY_END, looks_like_departments
from fengong.ingest.columns import (
    VOCABULARY,
    Columns,
    heading_form,
    is_vocabulary_word,
    read_columns,
)
from fengong.ingest.reader import SourceText
from fengong.ingest.records import ReadingWarning

__all__ = ["GluedCopy", "expand_glued_tables", "glued_header", "lines_mapped"]

#: a heading as long as the vocabulary allows: 细化工作措施, 主体责任单位 are six
_LONGEST = 10
#: what a name run together after another starts with (市发展改革委各县政府, 市经贸委市规划局)
_NAME_START = "省市区县州镇乡各"
#: after a row's number, what makes it a quantity instead (6万元, 3个, 5G)
_QUANTITY = set(
    "个家项万亿千百十元年月日号%％倍次名人所座条公里米吨户台辆套批期届级部份分天周岁类种处栋间张GgKkMm.．"
)
_SECTION = re.compile(r"[一二三四五六七八九十]{1,3}、")
#: a department column's heading, near which a header is looked for (so a long text costs
#: a look around each, not a look at every character)
_ROLE_HEADING = re.compile(r"(?:牵头|责任|配合|协办|协同|参与|主办|协助|主责|负责)(?:单位|部门)")
_HEADER_REACH = 40
#: how headings open and end, for the quick test (variants end like 任务, 情况 …)
_OPENINGS = frozenset(w[:2] for w in VOCABULARY) | frozenset(
    ("全年", "完成", "进展", "工作", "目标", "具体", "责任", "主要", "年度")
)
_ENDINGS = frozenset(w[-2:] for w in VOCABULARY) | frozenset(
    ("任务", "措施", "内容", "事项", "要点", "情况", "要求", "目标", "名称", "领域", "工作")
)
_CLAUSE_OPENING = set("要应须的和及在对将各等是为把向从按并也还就都已由与做抓加推落强")
#: an agency's ending that is no place's: 区发展改革委, 区财政局 (西城区 is a place)
_AGENCY_NOT_PLACE = re.compile(
    r"(?:(?<!^[省市区县])委|局|办|厅|部|中心|政府|公司|院|会|所|站|队|处|室|组|集团|银行)$"
)
_LONGEST_NAME = 14
_GOES_ON = re.compile(
    r"办公室|办事处|委员会|管委会|管理委员会|管理局|服务中心|中心|分局|支队|大队|党组|会(?!同)"
)
#: a PDF page's number printed in the text: —2—, - 3 -
_PAGE_MARK = re.compile(r"[—－-]\s*\d{1,3}\s*[—－-]")


@dataclass(frozen=True)
class GluedHeader:
    """A header found inside a line: where it starts and ends, and its headings."""

    start: int
    end: int
    words: tuple[str, ...]
    columns: Columns


def _headings_at(text: str, at: int) -> list[str]:
    """The headings written one after another from ``at``: at each place a heading of the
    vocabulary as it stands (longest first), else the shortest of its variant forms
    (主要工作任务, 重点督办内容)."""
    words: list[str] = []
    while at < len(text):
        exact = next(
            (
                text[at : at + n]
                for n in range(_LONGEST, 1, -1)
                if is_vocabulary_word(text[at : at + n])
            ),
            None,
        )
        if exact is None:
            exact = next(
                (
                    text[at : at + n]
                    for n in range(2, 9)  # the shortest: 重点督办内容, not …内容牵头
                    if re.fullmatch(r"[\u4e00-\u9fff]+", text[at : at + n])
                    and is_vocabulary_word(heading_form(text[at : at + n]))
                    and not any(is_vocabulary_word(text[at : at + k]) for k in range(2, n))
                ),
                None,
            )
        if exact is None:
            break
        words.append(exact)
        at += len(exact)
    return words


def glued_header(text: str) -> GluedHeader | None:
    """The first header run together in ``text``: three headings or more that name a text
    column and a department column; None when there is none.

    >>> h = glued_header("分解落实方案序号主要工作任务第一责任单位主要责任单位一、主要指标")
    >>> h.words, h.columns.lead, h.columns.support
    (('序号', '主要工作任务', '第一责任单位', '主要责任单位'), 3, 4)
    >>> glued_header("牵头单位要加强领导，责任单位要积极配合") is None
    True
    """
    tried: set[int] = set()
    for role in _ROLE_HEADING.finditer(text):  # a header names a department column: near one
        if not _glued_beside(text, role.start(), role.end()):
            continue  # 责任单位：… (a label), 各责任单位要…: a heading glued to no other
        for at in range(max(0, role.start() - _HEADER_REACH), role.start() + 1):
            if at in tried:
                continue
            tried.add(at)
            found = _header_at(text, at)
            if found is not None:
                return found
    return None


def _is_heading(word: str) -> bool:
    """A heading beside a department heading: of the vocabulary, or a short variant form
    that does not open like a clause (要加强措施 is prose)."""
    return is_vocabulary_word(word) or (
        re.fullmatch(r"[\u4e00-\u9fff]{2,6}", word) is not None
        and word[0] not in _CLAUSE_OPENING
        and is_vocabulary_word(heading_form(word))
    )


def _glued_beside(text: str, start: int, end: int) -> bool:
    """Whether a department heading found at ``start``–``end`` has another heading written
    right before or after it (第一责任单位主要责任单位, 工作任务牵头单位): the cheap test before
    the header is looked for around it."""
    # where the heading starts: 责任单位, or 第一责任单位 / 主要责任单位 / 牵头责任单位 before it
    heads = [start] + [
        h for h in range(max(0, start - 4), start) if is_vocabulary_word(text[h:end])
    ]
    opens = text[end : end + 2] in _OPENINGS
    if not opens and not any(text[h - 2 : h] in _ENDINGS for h in heads if h >= 2):
        return False  # no heading can be right beside it: the common case, at once
    for head in heads:
        after = any(_is_heading(text[end : end + n]) for n in range(2, _LONGEST + 1))
        before = any(_is_heading(text[head - n : head]) for n in range(2, 9) if head - n >= 0)
        if after or before:
            return True
    return False


def _header_at(text: str, at: int) -> GluedHeader | None:
    words = _headings_at(text, at)
    columns = read_columns([words]) if len(words) >= 3 else None
    if columns is None:
        return None
    return GluedHeader(at, at + sum(len(w) for w in words), tuple(words), columns)


@dataclass(frozen=True)
class _Row:
    line: int  # 0-based index of the original line
    number: str
    text: str  # the row's text after its number
    before: str  # text before the number (a 类别 cell)


def _next_number(text: str, start: int, expected: int) -> int | None:
    """Where the row numbered ``expected`` starts in ``text`` from ``start``: the number not
    part of a longer one and not a quantity (6万元, 3个)."""
    for match in re.compile(rf"(?<![\d.．%％]){expected}(?!\d)").finditer(text, start):
        at = match.start()
        after = text[at + len(str(expected)) : at + len(str(expected)) + 1]
        if after and after not in _QUANTITY and not after.isspace():
            return at
    return None


def _section_at(
    text: str, start: int, before: int | None, expected: int
) -> tuple[re.Match[str], int] | None:
    """The next section heading (二、…) from ``start`` and before ``before``, with the number
    its rows start at: one soon followed by a row numbered 1 again or numbered on (the end of a
    word, 统一、规范, is none)."""
    for match in _SECTION.finditer(text, start):
        if before is not None and match.start() >= before:
            return None
        for number in (1, expected):
            first = _next_number(text, match.end(), number)
            if first is not None and first - match.end() <= 40:
                return match, number
    return None


def _rows(body: list[tuple[int, str]]) -> list[_Row | tuple[int, str]]:
    """The rows (and section headings, as (line, text)) of a glued table's body: the lines
    after its header, read as one stream, cut at the rows' numbers in order."""
    text = "\n".join(_PAGE_MARK.sub(lambda m: " " * len(m.group(0)), t) for _, t in body)
    starts, at = [], 0
    for _, line in body:
        starts.append(at)
        at += len(line) + 1

    def line_of(position: int) -> int:
        k = max(i for i, s in enumerate(starts) if s <= position)
        return body[k][0]

    marks: list[tuple[int, int, str]] = []  # (start, end of its number or heading, kind)
    at, expected = 0, 1
    while at < len(text):
        number = _next_number(text, at, expected)
        found = _section_at(text, at, number, expected)
        if found is not None:
            section, expected = found
            marks.append((section.start(), section.start(), "section"))
            at = section.end()
            continue
        if number is None:
            break
        marks.append((number, number + len(str(expected)), str(expected)))
        at, expected = number + len(str(expected)), expected + 1
    out: list[_Row | tuple[int, str]] = []
    for k, (start, end, kind) in enumerate(marks):
        stop = marks[k + 1][0] if k + 1 < len(marks) else len(text)
        if kind == "section":
            out.append((line_of(start), text[start:stop].replace("\n", "")))
            continue
        # text on the number's own line before it, after a line break, is the row's first
        # cell (类别); the rows before keep what precedes the break
        previous = marks[k - 1][1] if k else 0
        between = text[previous:start]
        before = between.rsplit("\n", 1)[1] if "\n" in between else ""
        if before and out and isinstance(out[-1], _Row):
            last = out[-1]
            out[-1] = _Row(last.line, last.number, last.text[: len(last.text) - len(before)],
                           last.before)  # fmt: skip
        row_text = text[end:stop].replace("\n", "")
        out.append(_Row(line_of(start), kind, row_text, before))
    return out


def _names_at(text: str) -> tuple[list[str], int]:
    """The department names that ``text`` begins with, and where they end: names separated
    by 、，, or run together (the next starting anew with 省/市/区/县/各 after an agency's
    ending); the names stop where the text is no name."""
    names: list[str] = []
    at = 0
    while at < len(text):
        chunk = re.match(r"(?:[^、，,；;。()（）]|[(（][^()（）]*[)）])+", text[at:])
        if chunk is None:
            break
        piece = chunk.group(0)
        parts = _run_together(piece)
        kept = []
        for part in parts:
            if looks_like_departments(part) and len(part) <= 30:
                kept.append(part)
            else:
                break
        if not kept and not names:
            # one name, then the next column's prose (区发展改革委西城区地区生产总值…): the
            # shortest start of it that ends like an agency (not like a place, 西城区), with
            # the endings an agency's name goes on with (区政府 + 办公室)
            cut = next(
                (
                    k
                    for k in range(2, min(_LONGEST_NAME, len(piece)) + 1)
                    if _AGENCY_NOT_PLACE.search(piece[:k]) and looks_like_departments(piece[:k])
                ),
                None,
            )
            if cut is None:
                return [], 0
            while (more := _GOES_ON.match(piece, cut)) is not None:
                cut = more.end()  # 区政府 / 办公室: one name
            return [piece[:cut]], cut
        if not kept:
            break
        names += kept
        consumed = sum(len(p) for p in kept)
        at += consumed
        if consumed < len(piece):
            break
        if at < len(text) and text[at] in "、，,":
            following = re.match(
                r"[、，,]((?:[^、，,；;。()（）]|[(（][^()（）]*[)）])+)", text[at:]
            )
            if following is None or not looks_like_departments(
                _run_together(following.group(1))[0]
            ):
                break
            names.append("")  # a separator: the list goes on
            at += 1
        else:
            break
    return names, at


def _run_together(piece: str) -> list[str]:
    """``piece`` cut where one name ends like an agency and the next starts anew."""
    parts: list[str] = []
    start = 0
    for at in range(1, len(piece)):
        if piece.startswith("各成员", at):  # 领导小组各成员单位: the group's members, one name
            continue
        if (
            piece[at] in _NAME_START
            and at - start >= 2
            and AGENCY_END.search(piece[start:at])
            and looks_like_departments(piece[start:at])
        ):
            parts.append(piece[start:at])
            start = at
    parts.append(piece[start:])
    return parts


def _cells(row: _Row, header: GluedHeader) -> list[str]:
    """A row's cells in the header's columns."""
    columns = header.columns
    width = len(header.words)
    cells = [""] * width
    if columns.number:
        cells[columns.number - 1] = row.number
    others = [
        c for c in range(1, width + 1)
        if c not in (columns.number, columns.measure, columns.task, columns.lead, columns.support)
    ]  # fmt: skip
    before = [c for c in others if c < (columns.number or columns.measure)]
    if row.before.strip() and before:
        cells[before[0] - 1] = row.before.strip()
    text = row.text
    # the text runs to the sentence after which names begin
    split = None
    for stop in re.finditer(r"[。；;！!]", text):
        names, _ = _names_at(text[stop.end() :])
        if any(names):
            split = stop.end()
            break
    if split is None:  # no sentence end: the names are the row's whole end
        split = next(
            (
                q
                for q in range(1, len(text))
                if text[q] in _NAME_START and _names_at(text[q:])[1] == len(text) - q
            ),
            None,
        )
    if split is None:
        cells[columns.measure - 1] = text.strip()
        return cells
    cells[columns.measure - 1] = text[:split].strip()
    names, end = _names_at(text[split:])
    rest = text[split + end :].lstrip("，,、 ")
    groups: list[list[str]] = [[]]
    for name in names:
        if name:
            groups[-1].append(name)
        else:
            groups.append(["、"])  # marks a separator between names
    if columns.support is None:
        cells[columns.lead - 1] = "、".join(n for g in groups for n in g if n != "、")
    else:
        # the lead column's names ran together before the first list written with separators
        first_listed = next((i for i, g in enumerate(groups) if i > 0), None)
        if first_listed is None:  # no separator: the names before the first collective
            flat = groups[0]  # (各县政府 never leads) lead, else the first name alone
            cut = next((i for i, n in enumerate(flat) if i and n.startswith("各")), 1)
            lead, support = flat[:cut], flat[cut:]
        else:
            before_list = groups[0]
            lead = before_list[:-1] or before_list[:1]
            support = before_list[len(lead) :] + [n for g in groups[1:] for n in g if n != "、"]
        cells[columns.lead - 1] = "、".join(lead)
        cells[columns.support - 1] = "、".join(support)
    after = [c for c in others if c > columns.lead]
    if rest and after:
        cells[after[0] - 1] = rest
    return cells


@dataclass(frozen=True)
class GluedCopy:
    """The text with its glued tables written as tab-separated rows, and for each line of the
    copy the 0-based line of the original it came from."""

    lines: tuple[str, ...]
    original: tuple[int, ...]
    warnings: tuple[ReadingWarning, ...]


def expand_glued_tables(source: SourceText) -> GluedCopy | None:
    """The copy to read ``source`` through when it holds a table whose cells ran together;
    None when it holds none (or its lines already have tabs: a table read as such)."""
    if any("\t" in line for line in source.lines):
        return None
    out: list[str] = []
    original: list[int] = []
    warnings: list[ReadingWarning] = []
    index = 0
    found = False
    while index < len(source.lines):
        text = source.lines[index]
        header = glued_header(text) if len(text) >= 12 else None
        if header is None:
            out.append(text)
            original.append(index)
            index += 1
            continue
        body = [(index, text[header.end :])] + [
            (k, source.lines[k]) for k in range(index + 1, len(source.lines))
        ]
        rows = _rows(body)
        used = len(body)
        if sum(isinstance(r, _Row) for r in rows) < 2:
            out.append(text)
            original.append(index)
            index += 1
            continue
        found = True
        if text[: header.start].strip():
            out.append(text[: header.start])
            original.append(index)
        out.append("\t".join(header.words))
        original.append(index)
        for row in rows:
            if isinstance(row, _Row):
                out.append("\t".join(_cells(row, header)))
                original.append(row.line)
            else:
                line, heading = row
                out.append("\t".join([heading.strip()] + [""] * (len(header.words) - 1)))
                original.append(line)
        warnings.append(
            ReadingWarning(
                f"a table whose cells ran together with no separator ({len(header.words)} "
                "columns): rows cut at their numbers, cells by what they hold (text, then "
                "departments' names); check the roles against the original",
                index + 1,
            )
        )
        index += max(used, 1)
    if not found:
        return None
    return GluedCopy(tuple(out), tuple(original), tuple(warnings))


def lines_mapped(record: Any, original: tuple[int, ...]) -> Any:
    """``record`` with every line number of the copy (1-based) turned into the original's."""

    def line(number: int) -> int:
        return original[number - 1] + 1 if 1 <= number <= len(original) else number

    def walk(value: Any) -> Any:
        if isinstance(value, tuple):
            return tuple(walk(v) for v in value)
        if isinstance(value, dict):
            return {k: line(v) if isinstance(v, int) else walk(v) for k, v in value.items()}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes: dict[str, Any] = {}
            for f in dataclasses.fields(value):
                current = getattr(value, f.name)
                if f.name in ("line", "end_line") and isinstance(current, int):
                    changes[f.name] = line(current)
                elif f.name == "lines" and isinstance(current, dict):
                    changes[f.name] = {k: line(v) for k, v in current.items()}
                elif isinstance(current, (tuple, dict)) or dataclasses.is_dataclass(current):
                    changes[f.name] = walk(current)
            return dataclasses.replace(value, **changes)
        return value

    return walk(record)
