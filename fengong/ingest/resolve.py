"""Resolving a parsed table against the registries: names → ids, empty cells → merged cells.

This is where a department mention becomes a responsibility assignment: the name is looked up
in the registry (scoped to the document's jurisdiction, so two districts' 区应急局 never meet),
and an empty lead/support cell is read as part of a merged cell above it — recorded as such,
never silently copied.
"""

from __future__ import annotations

from dataclasses import dataclass

from fengong.errors import IngestError, Location, UnknownDepartmentError, UnknownLegalSourceError
from fengong.ingest.records import (
    Basis,
    Citation,
    DepartmentCell,
    Measure,
    Role,
    TableDocument,
    TaskRow,
)
from fengong.ingest.table import MEASURE_COLUMN, TASK_COLUMN
from fengong.reference.registry import (
    Category,
    DocumentSeries,
    Organisation,
    ReferenceDocument,
    Registry,
)

__all__ = ["Assignment", "ResolvedCitation", "ResolvedDocument", "resolve_document"]


@dataclass(frozen=True)
class Assignment:
    """One (task, department, role) with the basis and where it was read."""

    measure: int
    task: int
    role: Role
    department: Organisation | Category
    mention: str
    position: int
    basis: Basis
    open_ended: bool
    followed_by_etc: bool
    line: int  # the task's own row
    cell: DepartmentCell  # the cell the names are written in (the merge's origin if inherited)
    inherited_from_task: int | None  # for merged cells: the task whose cell this is


@dataclass(frozen=True)
class ResolvedCitation:
    citation: Citation
    document: ReferenceDocument


@dataclass(frozen=True)
class ResolvedDocument:
    """A parsed table with everything looked up in the registries."""

    table: TableDocument
    key: str  # e.g. putuo-anban-2020-18
    series: DocumentSeries
    year: int | None
    serial: int
    jurisdiction: str
    issuer: Organisation
    assignments: tuple[Assignment, ...]
    citations: dict[tuple[int, int], tuple[ResolvedCitation, ...]]  # by (line, column) cell
    applies: tuple[ResolvedCitation, ...]
    based_on: tuple[ResolvedCitation, ...]
    notes_source: ResolvedCitation | None
    categories_by_note: dict[int, Category]  # note item number → category it defines


def _document_key(
    table: TableDocument, registry: Registry
) -> tuple[DocumentSeries, int | None, int]:
    found = registry.series_of(table.head.number)
    if found is None:
        raise IngestError(
            f"document number {table.head.number!r} matches no series in "
            "data/reference/document_series.csv",
            Location(table.file, table.head.lines["number"]),
        )
    series, match = found
    if series.pattern == "organ-year-serial":
        return series, int(match.group(1)), int(match.group(2))
    return series, None, int(match.group(1))


def _resolve_citation(citation: Citation, registry: Registry, file: str) -> ResolvedCitation:
    assert citation.title is not None
    doc = registry.document_by_title(citation.title)
    if doc is None:
        raise UnknownLegalSourceError(citation.title, Location(file, citation.line))
    if citation.number and doc.number and citation.number != doc.number:
        raise IngestError(
            f"《{citation.title}》 is cited as {citation.number} but the registry says {doc.number}",
            Location(file, citation.line),
        )
    return ResolvedCitation(citation, doc)


def _cell_assignments(
    cell: DepartmentCell,
    role: Role,
    measure: Measure,
    task: TaskRow,
    basis: Basis,
    origin_task: int | None,
    registry: Registry,
    jurisdiction: str,
    file: str,
) -> list[Assignment]:
    found = []
    for mention in cell.mentions:
        department = registry.department(mention.text, jurisdiction)
        if department is None:
            raise UnknownDepartmentError(mention.text, Location(file, cell.line, cell.column))
        found.append(
            Assignment(
                measure=measure.ordinal,
                task=task.ordinal,
                role=role,
                department=department,
                mention=mention.text,
                position=mention.position,
                basis=basis,
                open_ended=cell.open_ended,
                followed_by_etc=mention.followed_by_etc,
                line=task.line,
                cell=cell,
                inherited_from_task=origin_task,
            )
        )
    return found


def _measure_assignments(
    measure: Measure, registry: Registry, jurisdiction: str, file: str
) -> list[Assignment]:
    """Assignments of one measure's tasks, reading empty cells as merged with the row above.

    A row whose lead and support cells are both empty continues a merged block: it inherits
    both lists. A row with an empty lead but a stated support inherits only the lead (a lead
    cell is never legitimately empty). A row with a stated lead and an empty support has no
    support. Merges never cross measures: an empty first row stays without assignments and
    the validation reports it.
    """
    found: list[Assignment] = []
    origin: dict[Role, tuple[DepartmentCell, int] | None] = {Role.LEAD: None, Role.SUPPORT: None}
    for task in measure.tasks:
        stated = {Role.LEAD: task.lead, Role.SUPPORT: task.support}
        merged_row = task.lead is None and task.support is None
        for role in (Role.LEAD, Role.SUPPORT):
            cell = stated[role]
            inherit = cell is None and (role is Role.LEAD or merged_row)
            if cell is not None:
                origin[role] = (cell, task.ordinal)
                found += _cell_assignments(
                    cell, role, measure, task, Basis.STATED, None, registry, jurisdiction, file
                )
            elif inherit and origin[role] is not None:
                source_cell, source_task = origin[role]  # type: ignore[misc]
                found += _cell_assignments(
                    source_cell,
                    role,
                    measure,
                    task,
                    Basis.MERGED_CELL,
                    source_task,
                    registry,
                    jurisdiction,
                    file,
                )
            elif role is Role.SUPPORT:
                origin[role] = None  # an empty support cell ends the block above it
    return found


def resolve_document(table: TableDocument, registry: Registry) -> ResolvedDocument:
    """Look up every name, number and citation of ``table``; errors name the file and line."""
    series, year, serial = _document_key(table, registry)
    jurisdiction = series.jurisdiction
    key = f"{series.slug}-{year}-{serial}" if year is not None else f"{series.slug}-{serial}"
    issuer = (
        registry.organisation_by_name(table.head.issuer) or registry.organisations[series.issuer]
    )

    assignments: list[Assignment] = []
    citations: dict[tuple[int, int], tuple[ResolvedCitation, ...]] = {}
    for measure in table.measures:
        assignments += _measure_assignments(measure, registry, jurisdiction, table.file)
        cells = [(measure.features, (measure.line, MEASURE_COLUMN))] + [
            (t.features, (t.line, TASK_COLUMN)) for t in measure.tasks
        ]  # a measure's first task shares its row: the cell, not the line, owns a citation
        for features, cell in cells:
            if features.citations:
                citations[cell] = tuple(
                    _resolve_citation(c, registry, table.file) for c in features.citations
                )

    own_titles = {table.head.table_title}
    applies = tuple(
        _resolve_citation(c, registry, table.file)
        for c in table.head.applies
        if c.title not in own_titles
    )
    based_on = tuple(
        _resolve_citation(c, registry, table.file)
        for c in table.head.based_on
        if c.title not in own_titles
    )
    notes_source = None
    categories_by_note: dict[int, Category] = {}
    if table.notes is not None:
        if table.notes.quoted_from is not None:
            notes_source = _resolve_citation(table.notes.quoted_from, registry, table.file)
        for item in table.notes.items:
            category = registry.department(item.term, jurisdiction)
            if not isinstance(category, Category):
                raise IngestError(
                    f"note {item.number} defines {item.term!r}, which is not a category of "
                    f"{jurisdiction} in data/reference/categories.csv",
                    Location(table.file, item.line),
                )
            categories_by_note[item.number] = category
    return ResolvedDocument(
        table=table,
        key=key,
        series=series,
        year=year,
        serial=serial,
        jurisdiction=jurisdiction,
        issuer=issuer,
        assignments=tuple(assignments),
        citations=citations,
        applies=applies,
        based_on=based_on,
        notes_source=notes_source,
        categories_by_note=categories_by_note,
    )
