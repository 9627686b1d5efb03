"""Typed records produced by ingest. No RDF here: graph building turns these into triples.

Every record that comes from the document carries its 1-based ``line`` (and, for cells, the
1-based ``column``) in the source file, so each fact can point back to where it was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "Basis",
    "CellMention",
    "Citation",
    "DepartmentCell",
    "DocumentHead",
    "Measure",
    "NoteItem",
    "Notes",
    "ReadingWarning",
    "Role",
    "Section",
    "TableDocument",
    "TaskRow",
    "TextFeatures",
]


class Role(StrEnum):
    """Which column of the division table a department was named in."""

    LEAD = "lead"  # 牵头部门
    SUPPORT = "support"  # 配合部门


class Basis(StrEnum):
    """Why we say a department has a role on a task."""

    STATED = "stated"  # written in the task's own cell
    MERGED_CELL = "merged-cell"  # the cell is empty: inherited from the row above (merged cell)
    CATEGORY = "category"  # derived: an agency reached through a category named in the cell


@dataclass(frozen=True)
class Citation:
    """A reference in running text: 《title》, optionally a document number and an article."""

    title: str | None
    number: str | None = None  # document number as printed, e.g. 沪府令第44号
    article: int | None = None  # 第四条 → 4
    article_heading: str | None = None  # (行政管理部门职责)
    line: int = 0


@dataclass(frozen=True)
class TextFeatures:
    """What running text (a measure or task) refers to besides departments."""

    citations: tuple[Citation, ...] = ()
    slogans: tuple[str, ...] = ()  # quoted phrases “…”, in order of first appearance


@dataclass(frozen=True)
class CellMention:
    """One department name in a lead or support cell, as written."""

    text: str  # as written, without separators and without a trailing 等
    position: int  # 1-based position in the cell's list
    followed_by_etc: bool  # 等 written right after this name
    role_word: str = ""  # inline lists: the clause's word (牵头, 配合, 负责, 分工负责, 共同负责)


@dataclass(frozen=True)
class DepartmentCell:
    """A non-empty lead or support cell."""

    raw: str  # the cell as written (markup removed)
    line: int
    column: int | None  # 1-based column of the table (3 = lead, 4 = support); None inline
    mentions: tuple[CellMention, ...]

    @property
    def open_ended(self) -> bool:
        """The list contains 等 somewhere: it is not exhaustive."""
        return any(m.followed_by_etc for m in self.mentions)


@dataclass(frozen=True)
class TaskRow:
    """A refined task (细化措施): one row of the table."""

    ordinal: int  # 1-based within its measure
    text: str
    line: int
    lead: DepartmentCell | None  # None: the cell is empty
    support: DepartmentCell | None
    features: TextFeatures
    # whether an empty lead/support cell continues a merged cell above: True/False when the
    # format says (Word, Excel, HTML), None when it cannot (text exports: read as merged)
    lead_merged: bool | None = None
    support_merged: bool | None = None
    whole_measure: bool = False  # the measure itself, not a refined task (inline lists)
    # labelled fields that name no department (完成时限：…, 牵头领导：…), as (label, value)
    fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Measure:
    """A numbered measure (措施) of the 本区实施意见 column: （五）… ."""

    ordinal: int
    number: str  # as printed, e.g. "（五）" or "(五)"
    title: str  # the title sentence, up to the first 。
    text: str  # the whole cell, markup removed
    line: int
    tasks: tuple[TaskRow, ...]
    features: TextFeatures
    cited_as: str = ""  # how people refer to it when numbering restarts per section: 二（三）


@dataclass(frozen=True)
class Section:
    """A section row: 一、强化依法治理."""

    ordinal: int
    number: str  # as printed: 一
    title: str
    line: int
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class NoteItem:
    """One numbered item of the 注 under the table; items define department categories."""

    number: int
    term: str  # the defined term, e.g. 安全监管部门
    text: str  # the definition as written
    line: int


@dataclass(frozen=True)
class Notes:
    """The 注 block: its items and the source it quotes (——摘自…)."""

    line: int
    items: tuple[NoteItem, ...]
    quoted_from: Citation | None


@dataclass(frozen=True)
class DocumentHead:
    """The notice that issues the table (版头, 文号, title, recipients, dates)."""

    issuer: str
    number: str  # 文号 as printed: 普安办〔2020〕18号
    title: str
    recipients: tuple[str, ...]
    body: str
    signatory: str
    date: str  # ISO 8601 date of signature
    printed_by: str | None
    print_date: str | None  # ISO 8601 date of 印发
    copies: int | None
    table_title: str
    applies: tuple[Citation, ...]  # 为贯彻落实《…》: the documents this one implements
    based_on: tuple[Citation, ...]  # 根据《…》: the documents it is drawn from
    lines: dict[str, int]  # field name → source line, for provenance
    # what the page's own box says of the document and was not taken as a field (发布机构:
    # 下陆区政府办公室 beside a title 区人民政府办公室关于…): evidence of its place only
    page_says: str = ""


@dataclass(frozen=True)
class ReadingWarning:
    """Something the reader could not read, or read with a doubt: said with its place, so a
    person can look. The document is still built from what could be read."""

    message: str
    line: int | None = None  # 1-based line of the source (its place in a Word, Excel, HTML file)
    column: int | None = None
    field: str | None = None  # the head field concerned (number, date, issuer, title …)


@dataclass(frozen=True)
class TableDocument:
    """A whole division table document as read from one file."""

    file: str  # file name as given to the reader (relative path)
    sha256: str
    head: DocumentHead
    sections: tuple[Section, ...]
    notes: Notes | None
    encoding: str = "UTF-8"  # the file's character encoding, as detected
    layout: str = "text-table"  # which reader understood it: see fengong.ingest.layout
    media_type: str = "text/plain"
    places: tuple[str, ...] = ()  # per line, where it is in a non-text file
    metadata_from: str | None = None  # the sidecar YAML that supplied or corrected the head
    jurisdiction: str | None = None  # as the sidecar gives it (else from the series or issuer)
    measure_column: int = 1  # where measures and refined tasks are written (tables)
    task_column: int = 2  # the measure column when each row is a measure of its own
    warnings: tuple[ReadingWarning, ...] = ()  # what could not be read, with its place
    cell_lines: tuple[tuple[int, int, tuple[str, ...]], ...] = ()  # see SourceText.cell_lines

    @property
    def measures(self) -> tuple[Measure, ...]:
        return tuple(m for s in self.sections for m in s.measures)
