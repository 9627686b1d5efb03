"""Parser for division tables exported as tab-separated text (the layout of the Putuo seed).

Layout: a document head; then table rows of exactly four tab-separated cells
(measure | refined task | lead | support), interrupted by repeated page-header rows and by
section rows (一、…); then a 注 block whose numbered items define department categories.
A row with an empty first cell is a further refined task of the measure above.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fengong.errors import IngestError, Location, MalformedSourceError
from fengong.ingest.cells import split_department_cell
from fengong.ingest.head import head_or_metadata, parse_head
from fengong.ingest.numerals import chinese_to_int
from fengong.ingest.reader import SourceText
from fengong.ingest.records import (
    Measure,
    NoteItem,
    Notes,
    Section,
    TableDocument,
    TaskRow,
)
from fengong.ingest.sidecar import Metadata
from fengong.ingest.text import find_citations, strip_markup, text_features

__all__ = [
    "COLUMNS",
    "LEAD_COLUMN",
    "MEASURE_COLUMN",
    "SUPPORT_COLUMN",
    "TASK_COLUMN",
    "find_table_header",
    "parse_table_document",
]

COLUMNS = 4
# 1-based columns of a table row: the measure, its refined task, lead and support departments
MEASURE_COLUMN, TASK_COLUMN, LEAD_COLUMN, SUPPORT_COLUMN = 1, 2, 3, 4
_HEADER_WORDS = {"", "本区实施意见", "细化措施", "工作部门", "牵头部门", "配合部门"}
_NUMERAL = "一二三四五六七八九十百零〇"
_SECTION = re.compile(rf"^([{_NUMERAL}]+)、\s*(.+)$")
_MEASURE = re.compile(rf"^([(（]\s*([{_NUMERAL}]+)\s*[)）])\s*(.*)$", re.DOTALL)
_NOTES_START = re.compile(r"^注\s*[:：]?\s*$")
_NOTE_ITEM = re.compile(r"^(\d+)\s*[.．、]\s*(.+?)\s*[:：]\s*(.+)$")
_QUOTED_FROM = re.compile(r"^[—-]+\s*摘自")


def _is_header(cells: list[str]) -> bool:
    return all(strip_markup(c) in _HEADER_WORDS for c in cells) and any(c.strip() for c in cells)


_PROBE = 6  # characters of the first task used to find where a run-on title ends


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

    def add_task(self, text: str, lead: str, support: str, line: int, source: SourceText) -> None:
        file = source.name
        if not text:
            raise MalformedSourceError(
                "row has no refined task (column 2 is empty)", Location(file, line, 2)
            )
        merged = source.merged
        self.tasks.append(
            TaskRow(
                ordinal=len(self.tasks) + 1,
                text=text,
                line=line,
                lead=split_department_cell(lead, Location(file, line, LEAD_COLUMN)),
                support=split_department_cell(support, Location(file, line, SUPPORT_COLUMN)),
                features=text_features(text, line),
                lead_merged=None if merged is None else (line, LEAD_COLUMN) in merged,
                support_merged=None if merged is None else (line, SUPPORT_COLUMN) in merged,
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


def _table_rows(source: SourceText, start: int, end: int) -> Iterator[tuple[int, list[str]]]:
    """Non-empty, non-header table rows as (line, four cells); wrong shapes are errors."""
    for index in range(start, end):
        line_no, raw = index + 1, source.lines[index]
        if not raw.strip():
            continue
        cells = raw.split("\t")
        if len(cells) != COLUMNS:
            raise MalformedSourceError(
                f"table row has {len(cells)} column(s), expected {COLUMNS} "
                "(measure, refined task, lead, support) separated by tabs; truncated row?",
                Location(source.name, line_no),
            )
        for column, cell in enumerate(cells, start=1):
            if cell.count("<p>") != cell.count("</p>"):
                raise MalformedSourceError(
                    "unbalanced <p> markup: the cell looks truncated",
                    Location(source.name, line_no, column),
                )
        if _is_header(cells):
            continue
        yield line_no, cells


def _parse_notes(source: SourceText, start: int) -> Notes:
    items: list[NoteItem] = []
    quoted_from = None
    for index in range(start + 1, len(source.lines)):
        line_no, text = index + 1, strip_markup(source.lines[index])
        if not text:
            continue
        if _QUOTED_FROM.match(text):
            citations = find_citations(text, line_no)
            quoted_from = citations[0] if citations else None
            continue
        match = _NOTE_ITEM.match(text)
        if not match:
            raise IngestError(
                "unrecognised line in the 注 block (expected '1. term: definition')",
                Location(source.name, line_no),
            )
        term = match.group(2).strip()
        term = term.removesuffix("是指").strip()
        items.append(NoteItem(int(match.group(1)), term, match.group(3).strip(), line_no))
    return Notes(start + 1, tuple(items), quoted_from)


def find_table_header(lines: tuple[str, ...]) -> int | None:
    """Index of the table's first header row (本区实施意见<TAB>细化措施<TAB>工作部门), if any."""
    return next((i for i, t in enumerate(lines) if "\t" in t and _is_header(t.split("\t"))), None)


def parse_table_document(source: SourceText, metadata: Metadata | None = None) -> TableDocument:
    """Parse a whole division-table document into typed records (no RDF, no registry lookups);
    ``metadata`` (a sidecar) corrects or stands for the head."""
    lines = source.lines
    first_header = find_table_header(lines)
    if first_header is None:
        raise IngestError(
            "no table found (expected a header row: 本区实施意见<TAB>细化措施<TAB>工作部门)",
            Location(source.name, 1),
        )
    notes_start = next(
        (i for i in range(first_header, len(lines)) if _NOTES_START.match(lines[i].strip())),
        len(lines),
    )
    head = head_or_metadata(
        lambda: parse_head([(i + 1, lines[i]) for i in range(first_header)], source.name),
        metadata,
    )

    sections: list[Section] = []
    section_rows: list[tuple[int, str, str]] = []
    measures_by_section: list[list[Measure]] = []
    current: _MeasureBuilder | None = None

    def close_measure() -> None:
        nonlocal current
        if current is not None:
            measures_by_section[-1].append(current.build())
            current = None

    for line_no, cells in _table_rows(source, first_header, notes_start):
        first, task, lead, support = (strip_markup(c) for c in cells)
        where = Location(source.name, line_no)
        section = _SECTION.match(first)
        measure = _MEASURE.match(first)
        if section and not (task or lead or support):
            close_measure()
            section_rows.append((line_no, section.group(1), section.group(2).strip()))
            measures_by_section.append([])
        elif measure:
            if not section_rows:
                raise IngestError("measure row before any section row", where)
            close_measure()
            ordinal = sum(len(ms) for ms in measures_by_section) + 1
            printed = chinese_to_int(measure.group(2))
            if printed != ordinal:
                raise IngestError(
                    f"measure numbered {measure.group(1)} ({printed}) where {ordinal} was expected",
                    where,
                )
            current = _MeasureBuilder(ordinal, measure.group(1), measure.group(3).strip(), line_no)
            current.add_task(task, cells[2], cells[3], line_no, source)
        elif not first:
            if current is None:
                raise IngestError(
                    "continuation row (empty first column) outside any measure", where
                )
            current.add_task(task, cells[2], cells[3], line_no, source)
        else:
            raise IngestError(
                f"unrecognised row: first column {first[:30]!r} is neither a section (一、…) "
                "nor a measure ((一)…)",
                where,
            )
    close_measure()

    for ordinal, ((line_no, number, title), measures) in enumerate(
        zip(section_rows, measures_by_section, strict=True), start=1
    ):
        if chinese_to_int(number) != ordinal:
            raise IngestError(
                f"section numbered {number}、 where {ordinal} was expected",
                Location(source.name, line_no),
            )
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
    )
