"""Parser for division tables: tab-separated text (the layout of the Putuo seed), and the
Word, Excel and HTML tables :mod:`fengong.ingest.grid` flattens into the same shape.

Layout: a document head; then table rows whose columns the header names (the seed: measure |
refined task | lead | support; see :mod:`fengong.ingest.columns`), interrupted by repeated
page-header rows and by section rows (一、…); then a 注 block whose numbered items define
department categories. A row with an empty measure cell is a further refined task of the
measure above; a table without a refined-task column has one measure per row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from fengong.errors import IngestError, Location, MalformedSourceError
from fengong.ingest.cells import split_department_cell
from fengong.ingest.chrome import cut_chrome
from fengong.ingest.columns import Columns, is_header_row, read_columns
from fengong.ingest.head import head_or_metadata, parse_head
from fengong.ingest.head_fields import tolerant_head
from fengong.ingest.inline import FIRST_LEADS, parse_roles
from fengong.ingest.numerals import chinese_to_int
from fengong.ingest.reader import SourceText
from fengong.ingest.records import (
    CellMention,
    DepartmentCell,
    Measure,
    NoteItem,
    Notes,
    ReadingWarning,
    Section,
    TableDocument,
    TaskRow,
)
from fengong.ingest.sidecar import Metadata
from fengong.ingest.text import find_citations, strip_markup, text_features

__all__ = [
    "find_table_header",
    "parse_table_document",
]

_NUMERAL = "一二三四五六七八九十百零〇"
_NUMERAL_ONLY = re.compile(rf"^[{_NUMERAL}]+$")
_SECTION = re.compile(rf"^([{_NUMERAL}]+)、\s*(.+)$")
_MEASURE = re.compile(
    rf"^([(（]\s*([{_NUMERAL}]+)\s*[)）]|(\d{{1,3}})\s*[.．、](?!\d))\s*(.*)$", re.DOTALL
)
_CONTINUED = re.compile(r"^[(（]?续表[)）]?\s*\d*$")
_NOTES_START = re.compile(r"^注\s*(?:[:：]|$)")  # 注： alone, or with the first item after it
#: lines that end a table or its notes on a published page: 抄送, 附件, a site's footer
_TRAILER = re.compile(
    r"^(抄送|附件|【|\[|打印|关闭|来源|责任编辑|扫一扫|分享|主办|版权|网站|地址|电话|联系)"
)
_NOTE_ITEM = re.compile(r"^(\d+)\s*[.．、]\s*(.+?)\s*[:：]\s*(.+)$")
_QUOTED_FROM = re.compile(r"^[—-]+\s*摘自")


_PROBE = 6  # characters of the first task used to find where a run-on title ends


_MARKED_LEAD = re.compile(
    r"\s*[(（]\s*牵头(?:单位|部门)?\s*[)）]\s*$|^\s*[★☆▲※]\s*"
)  # 区应急局（牵头）, ★区发改委: the marked name of a 责任单位 cell leads
_AS_ABOVE = "同上"
_CELL_LINES = re.compile(r"</p\s*>\s*<p\s*>|<br\s*/?>|\n", re.IGNORECASE)


def _joined(first: DepartmentCell, second: DepartmentCell | None) -> DepartmentCell:
    """Two lists as one, positions running on (a 责任部门 cell's others, then 配合部门)."""
    if second is None:
        return first
    mentions = (*first.mentions, *second.mentions)
    return replace(
        first, mentions=tuple(replace(m, position=i) for i, m in enumerate(mentions, start=1))
    )


def _responsible(
    cell: DepartmentCell, raw: str, first_leads: bool = False
) -> tuple[DepartmentCell | None, DepartmentCell | None]:
    """A 责任单位 column with no 牵头 column: names marked （牵头） lead and the others support;
    a cell written like a parenthesis (A牵头，B配合) says so itself; a document whose rule is
    that the first listed leads (由排在第一位的部门牵头) has it lead and the others support;
    otherwise all lead, responsible (role word 负责)."""
    marked = [m for m in cell.mentions if _MARKED_LEAD.search(m.text)]
    said = parse_roles(strip_markup(_CELL_LINES.sub("；", raw)))  # 牵头：A / 配合：B on two lines
    if marked:
        lead = [replace(m, text=_MARKED_LEAD.sub("", m.text), role_word="牵头") for m in marked]
        support = [replace(m, role_word="负责") for m in cell.mentions if m not in marked]
    elif first_leads and len(cell.mentions) > 1 and said is None:
        lead = [replace(cell.mentions[0], role_word="负责")]  # as written: no 牵头 in the cell
        support = [replace(m, role_word="负责") for m in cell.mentions[1:]]
    else:
        if said is None or said.responsible:
            return replace(cell, mentions=tuple(replace(m, role_word="负责")
                                                for m in cell.mentions)), None  # fmt: skip
        lead, support = list(said.lead), list(said.support)

    def renumbered(mentions: list[CellMention]) -> DepartmentCell | None:
        found = tuple(replace(m, position=i) for i, m in enumerate(mentions, start=1))
        return replace(cell, mentions=found) if found else None

    return renumbered(lead), renumbered(support)


def _printed_number(text: str, where: Location) -> int:
    """（五）, (5), 5., 5 → 5."""
    try:
        return chinese_to_int(text.strip("()（）.．、 "))
    except ValueError:
        raise IngestError(f"measure number {text!r} is not a number", where) from None


def _title_sentence(text: str, first_task: str) -> str:
    """The measure's title: its first sentence, without the full stop.

    Some exports lose the full stop after the title, so the title runs into the first task's
    text; when the first task's opening appears inside the first sentence, the title ends there.

    >>> _title_sentence("深化产业规划布局调整对不符合我市产业规划的企业，逐步淘汰。加强统筹。",
    ...                 "对不符合我市产业规划的企业，逐步淘汰。")
    '深化产业规划布局调整'
    >>> _title_sentence("强化企业安全生产主体责任。强化企业主要负责人责任落实。", "强化企业主要负责人责任落实。")
    '强化企业安全生产主体责任'
    """
    head = text.partition("。")[0].strip()
    probe = first_task.strip()[:_PROBE]
    cut = head.find(probe) if len(probe) == _PROBE else -1
    return head[:cut].strip() if cut > 0 else head


class _MeasureBuilder:
    """Collects the rows of one measure while the parser walks the table."""

    def __init__(self, ordinal: int, number: str, text: str, line: int) -> None:
        self.ordinal, self.number, self.text, self.line = ordinal, number, text, line
        self.tasks: list[TaskRow] = []

    def add_task(
        self,
        cells: list[str],
        line: int,
        source: SourceText,
        columns: Columns,
        first_leads: bool = False,
    ) -> None:
        file, merged = source.name, source.merged
        whole = columns.task is None
        text = strip_markup(cells[(columns.task or columns.measure) - 1])
        if not text and not self.tasks and strip_markup(cells[columns.lead - 1]):
            whole = True  # a measure's row with its units but no refined task: the whole measure
        if whole:
            text = self.text
        if not text:
            raise MalformedSourceError(
                f"row has no refined task (column {columns.task} is empty)",
                Location(file, line, columns.task),
            )
        lead_at, support_at = columns.lead, columns.support
        support = cells[support_at - 1] if support_at else ""
        lead_raw = cells[lead_at - 1]
        lead_cell = split_department_cell(lead_raw, Location(file, line, lead_at))
        support_cell = split_department_cell(support, Location(file, line, support_at))
        if lead_cell is not None and (
            any(_MARKED_LEAD.search(m.text) for m in lead_cell.mentions)
            or (columns.responsible and not support_at)
            or (first_leads and not support_at and len(lead_cell.mentions) > 1)
        ):  # 牵头负责部门 listing several, in a document where the first listed leads
            lead_cell, also = _responsible(lead_cell, lead_raw, first_leads)
            if also is not None:  # the unmarked names of a 责任部门 cell support
                support_cell = _joined(also, support_cell)
        # 同上 ("as above") continues the cell above, as a merge does
        lead_above = strip_markup(lead_raw) == _AS_ABOVE
        support_above = strip_markup(support) == _AS_ABOVE
        if lead_above:
            lead_cell = None
        if support_above:
            support_cell = None
        self.tasks.append(
            TaskRow(
                ordinal=len(self.tasks) + 1,
                text=text,
                line=line,
                lead=lead_cell,
                support=support_cell,
                features=text_features(text, line),
                lead_merged=True
                if lead_above
                else None
                if merged is None
                else (line, lead_at) in merged,
                support_merged=True
                if support_above
                else None
                if merged is None or not support_at
                else (line, support_at) in merged,
                whole_measure=whole,
            )
        )

    def build(self) -> Measure:
        return Measure(
            ordinal=self.ordinal,
            number=self.number,
            title=_title_sentence(self.text, self.tasks[0].text if self.tasks else ""),
            text=self.text,
            line=self.line,
            tasks=tuple(self.tasks),
            features=text_features(self.text, self.line),
        )


def _table_rows(
    source: SourceText,
    start: int,
    end: int,
    columns: Columns,
    skipped: frozenset[int],
    warnings: list[ReadingWarning],
) -> Iterator[tuple[int, list[str], Columns]]:
    """Non-empty, non-header table rows as (line, cells, the columns of their table). A
    header row that names other columns starts another table (附件1, 附件2 in one file). A
    row of the wrong width is read as far as it can be (cells missing at its end are empty)
    and reported."""
    for index in range(start, end):
        line_no, raw = index + 1, source.lines[index]
        if not raw.strip() or index in skipped:
            continue
        cells = raw.split("\t")
        if index > start and is_header_row(cells):
            columns = read_columns([cells]) or columns
            continue
        if len(cells) != columns.width:
            warnings.append(
                ReadingWarning(
                    f"table row has {len(cells)} column(s), expected {columns.width} "
                    f"({columns.describe()}) separated by tabs; truncated row? Read as far as "
                    "it goes",
                    line_no,
                )
            )
            cells = (cells + [""] * columns.width)[: columns.width]
        for column, cell in enumerate(cells, start=1):
            if cell.count("<p>") != cell.count("</p>"):
                warnings.append(
                    ReadingWarning(
                        "unbalanced <p> markup: the cell looks truncated", line_no, column
                    )
                )
        if is_header_row(cells):
            continue
        yield line_no, cells, columns


def _parse_notes(source: SourceText, start: int) -> Notes:
    """The 注 block: numbered items (1. term: definition), the quoted source (——摘自…), and
    free text, which continues the item above (or is an item of its own with no term)."""
    items: list[NoteItem] = []
    quoted_from = None
    first = _NOTES_START.sub("", " ".join(_filled(source.lines[start])), count=1).strip()
    for index in range(start, len(source.lines)):
        line_no = index + 1
        text = first if index == start else " ".join(_filled(source.lines[index]))
        if not text:
            continue
        if _TRAILER.match(text):
            break
        if _QUOTED_FROM.match(text):
            citations = find_citations(text, line_no)
            quoted_from = citations[0] if citations else None
            continue
        match = _NOTE_ITEM.match(text)
        if not match:
            if len(_filled(source.lines[index])) > 1:
                raise IngestError(
                    "unrecognised line in the 注 block (expected '1. term: definition')",
                    Location(source.name, line_no),
                )
            if items:
                last = items[-1]
                items[-1] = NoteItem(last.number, last.term, last.text + text, last.line)
            else:
                items.append(NoteItem(len(items) + 1, "", text, line_no))
            continue
        term = match.group(2).strip()
        term = term.removesuffix("是指").strip()
        items.append(NoteItem(int(match.group(1)), term, match.group(3).strip(), line_no))
    return Notes(start + 1, tuple(items), quoted_from)


def _filled(line: str) -> list[str]:
    return [c for c in (strip_markup(cell) for cell in line.split("\t")) if c]


def _table_region(source: SourceText, start: int) -> tuple[int, frozenset[int]]:
    """Where the table ends (the 注, even in the table's own last row; a trailer such as 抄送
    or a page footer; in Word, Excel and HTML files a paragraph no header row follows), and
    the lines inside it that are not rows: 续表, or the paragraph between the two parts of a
    split table. In a text export another line without tabs is a damaged row, an error."""
    lines, skipped = source.lines, set()
    for i in range(start, len(lines)):
        line = lines[i]
        text = strip_markup(line)
        if not text:
            continue
        if "\t" in line:
            filled = _filled(line)
            if len(filled) == 1 and _NOTES_START.match(filled[0]):
                return i, frozenset(skipped)
            continue
        if _NOTES_START.match(text):
            return i, frozenset(skipped)
        following = [j for j in range(i + 1, len(lines)) if lines[j].strip()][:3]
        tabbed = next((j for j in following if "\t" in lines[j]), None)
        header_follows = tabbed is not None and is_header_row(lines[tabbed].split("\t"))
        if _CONTINUED.match(text) or header_follows:
            skipped.add(i)  # 续表, or a heading between two tables or parts of one (附件2 …)
        elif _TRAILER.match(text) or source.merged is not None:
            return i, frozenset(skipped)
    return len(lines), frozenset(skipped)


def find_table_header(lines: tuple[str, ...]) -> tuple[int, Columns] | None:
    """The table's first header row (本区实施意见<TAB>细化措施<TAB>工作部门…) and the columns
    its header rows name, if there is a header naming a lead column."""
    for i, text in enumerate(lines):
        if "\t" not in text or not is_header_row(text.split("\t")):
            continue
        rows = [text.split("\t")]
        for following in lines[i + 1 : i + 3]:
            if "\t" not in following or not is_header_row(following.split("\t")):
                break
            rows.append(following.split("\t"))
        columns = read_columns(rows)
        if columns is not None:
            return i, columns
    return None


def parse_table_document(source: SourceText, metadata: Metadata | None = None) -> TableDocument:
    """Parse a whole division-table document into typed records (no RDF, no registry lookups);
    ``metadata`` (a sidecar) corrects or stands for the head."""
    lines = source.lines
    found = find_table_header(lines)
    if found is None:
        raise IngestError(
            "no table found (expected a header row such as 本区实施意见<TAB>细化措施<TAB>"
            "牵头部门<TAB>配合部门, or 序号<TAB>重点任务<TAB>牵头单位<TAB>配合单位)",
            Location(source.name, 1),
        )
    first_header, columns = found
    table_end, skipped = _table_region(source, first_header)
    notes_start = next(
        (
            i
            for i in range(table_end, len(lines))
            if _NOTES_START.match(" ".join(_filled(lines[i])))
        ),
        len(lines),
    )
    above = [(i + 1, lines[i]) for i in range(first_header)]
    below = [(i + 1, lines[i]) for i in range(table_end, len(lines)) if "\t" not in lines[i]]
    head, head_warnings = head_or_metadata(
        lambda: parse_head(above, source.name),
        metadata,
        lambda: tolerant_head(
            cut_chrome(above), cut_chrome(below), source.name, list(enumerate(source.lines, 1))
        ),
    )
    warnings: list[ReadingWarning] = list(head_warnings)

    sections: list[Section] = []
    section_rows: list[tuple[int, str, str]] = []
    measures_by_section: list[list[Measure]] = []
    current: _MeasureBuilder | None = None

    def close_measure() -> None:
        nonlocal current
        if current is not None:
            measures_by_section[-1].append(current.build())
            current = None

    def _add(builder: _MeasureBuilder, cells: list[str], line_no: int, columns: Columns) -> None:
        """A row of the measure; a row that cannot be read is reported and left out."""
        try:
            builder.add_task(cells, line_no, source, columns, first_leads)
        except IngestError as err:
            where = err.location
            warnings.append(
                ReadingWarning(
                    f"{err.message}: row left out", line_no, where.column if where else None
                )
            )

    first_leads = FIRST_LEADS.search(" ".join(source.lines)) is not None  # the document's rule
    numbered = False  # whether measures print their numbers: then an unnumbered one is an error
    rows = _table_rows(source, first_header, table_end, columns, skipped, warnings)
    for line_no, cells, columns in rows:  # each table (附件1, 附件2) names its own columns
        plain = [strip_markup(c) for c in cells]
        first = plain[columns.measure - 1]
        where = Location(source.name, line_no)
        filled = [c for c in plain if c]
        section = _SECTION.match(filled[0]) if len(filled) == 1 else None
        printed_cell = plain[columns.number - 1] if columns.number else ""
        if (
            section is None
            and filled == [printed_cell, first]
            and _NUMERAL_ONLY.match(printed_cell)
        ):
            section = _SECTION.match(f"{printed_cell}、{first}")  # 一 | 强化隐患排查
        measure = _MEASURE.match(first)
        if section:
            close_measure()
            section_rows.append((line_no, section.group(1), section.group(2).strip()))
            measures_by_section.append([])
        elif first and current is not None and columns.task and first == current.text:
            _add(current, cells, line_no, columns)  # the measure written again
        elif first and (measure or printed_cell or not numbered or columns.task is None):
            if not section_rows:  # a table without section rows: one section, untitled
                section_rows.append((line_no, "一", ""))
                measures_by_section.append([])
            close_measure()
            ordinal = sum(len(ms) for ms in measures_by_section) + 1
            in_section = len(measures_by_section[-1]) + 1
            number, text = (measure.group(1), measure.group(4).strip()) if measure else ("", first)
            shown = number or printed_cell
            if shown:
                numbered = True
                try:
                    printed: int | None = _printed_number(shown, where)
                except IngestError as err:  # (一)方建国副市长牵头重点工作 in the 序号 column
                    warnings.append(ReadingWarning(f"{err.message}: numbered in order", line_no))
                    printed, printed_cell = None, ""
                # a 序号 column may number rows rather than measures: only a number printed
                # in the measure's own text, （五）, must be the measure's
                if number and printed is not None and printed not in (ordinal, in_section):
                    warnings.append(
                        ReadingWarning(
                            f"measure numbered {shown} ({printed}) where {ordinal} was "
                            "expected: read as printed, numbered in order",
                            line_no,
                        )
                    )
            current = _MeasureBuilder(ordinal, number or printed_cell, text, line_no)
            _add(current, cells, line_no, columns)
        elif not first:
            if current is None:
                warnings.append(
                    ReadingWarning(
                        "continuation row (empty first column) outside any measure: left out",
                        line_no,
                    )
                )
            elif columns.task is None:
                warnings.append(
                    ReadingWarning(
                        f"row without a measure (column {columns.measure} is empty) in a table "
                        "that has no refined-task column: left out",
                        line_no,
                    )
                )
            else:
                _add(current, cells, line_no, columns)
        else:
            warnings.append(
                ReadingWarning(
                    f"unrecognised row: first column {first[:30]!r} is neither a section (一、…) "
                    "nor a measure ((一)…): left out",
                    line_no,
                )
            )
    close_measure()
    if not any(measures_by_section):
        raise IngestError(
            "the table has a header but no measure rows", Location(source.name, first_header + 1)
        )

    for ordinal, ((line_no, number, title), measures) in enumerate(
        zip(section_rows, measures_by_section, strict=True), start=1
    ):
        if chinese_to_int(number) != ordinal:
            warnings.append(
                ReadingWarning(
                    f"section numbered {number}、 where {ordinal} was expected: numbered in order",
                    line_no,
                )
            )
        title = title or head.table_title  # a table without section rows: its own title
        sections.append(Section(ordinal, number, title, line_no, tuple(measures)))

    notes = _parse_notes(source, notes_start) if notes_start < len(lines) else None
    return TableDocument(
        source.name,
        source.sha256,
        head,
        tuple(sections),
        notes,
        source.encoding,
        "text-table" if source.merged is None else "grid-table",
        source.media_type,
        source.places,
        metadata.file if metadata else None,
        metadata.jurisdiction if metadata else None,
        columns.measure,
        columns.task or columns.measure,
        warnings=tuple(warnings),
    )
