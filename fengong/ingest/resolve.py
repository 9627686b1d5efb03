"""Resolving a parsed table against the registries: names → ids, empty cells → merged cells.

This is where a department mention becomes a responsibility assignment: the name is looked up
in the registry (scoped to the document's jurisdiction, so two districts' 区应急局 never meet),
and an empty lead/support cell is read as part of a merged cell above it — recorded as such,
never silently copied.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from fengong.errors import IngestError, Location, UnknownDepartmentError, UnknownLegalSourceError
from fengong.ingest.head_fields import normalise_number
from fengong.ingest.records import (
    Basis,
    Citation,
    DepartmentCell,
    Measure,
    ReadingWarning,
    Role,
    TableDocument,
    TaskRow,
)
from fengong.ingest.traditional import simplified
from fengong.reference.department_names import DepartmentReading
from fengong.reference.registry import (
    Category,
    DocumentSeries,
    Organisation,
    Place,
    ReferenceDocument,
    Registry,
)

__all__ = [
    "Assignment",
    "ResolvedCitation",
    "ResolvedDocument",
    "resolve_document",
    "unregistered",
]


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
    role_word: str = ""  # inline lists: the word that gave the role (牵头, 负责…)
    inherited_from_measure: int | None = None  # and its measure (another one only in Word,
    # Excel and HTML files, where a merged cell may span measures)


@dataclass(frozen=True)
class ResolvedCitation:
    citation: Citation
    document: ReferenceDocument


@dataclass(frozen=True)
class ResolvedDocument:
    """A parsed table with everything looked up in the registries."""

    table: TableDocument
    key: str  # e.g. putuo-anban-2020-18
    series: DocumentSeries | None  # None: the registry does not list the 文号's series
    jurisdiction: str
    issuer: Organisation | None  # None: the document names no issuer (a warning says so)
    assignments: tuple[Assignment, ...]
    citations: dict[tuple[int, int], tuple[ResolvedCitation, ...]]  # by (line, column) cell
    applies: tuple[ResolvedCitation, ...]
    based_on: tuple[ResolvedCitation, ...]
    notes_source: ResolvedCitation | None
    categories_by_note: dict[int, Category]  # note item number → category it defines
    places: tuple[Place, ...] = ()  # its jurisdiction and the places above it, when they come
    # from the national register of divisions rather than the project's registry

    @property
    def name(self) -> str:
        """The document as people name it: its 文号, else its title, else its key. Five of
        eleven published tables read print no 文号; every list, label, message and review
        names a document by this."""
        return self.table.head.number or self.table.head.title or self.key


_NUMBER = re.compile(
    r"^(?P<prefix>\S+?)(?:〔(?P<year>\d{4})〕(?P<serial>\d+)号|第(?P<decree>\d+)号)$"
)
_UNREGISTERED = "unregistered"
_ASIDE = re.compile(r"[(（][^()（）]*[)）]$")
_SLASHES = re.compile(r"[/\\\s]+")


def _series(
    table: TableDocument, registry: Registry
) -> tuple[DocumentSeries, re.Match[str]] | None:
    """The registered series the 文号 belongs to, and its match (year, serial)."""
    number = normalise_number(table.head.number)
    return registry.series_of(number) if number else None


def _document_key(
    table: TableDocument, found: tuple[DocumentSeries, re.Match[str]] | None, jurisdiction: str
) -> tuple[str, ReadingWarning | None]:
    """The document's key: ``<series slug>-<year>-<serial>`` for a 文号 of a registered series
    (``found``), else ``<prefix>-<year>-<serial>``; without a readable 文号,
    ``<jurisdiction>-<date>-<digest>`` where the digest is of the issuer, title and date (of the
    file's content when there is no title), so the key stays the same when the same document
    is read again."""
    if found is not None:
        series, match = found
        if series.pattern == "organ-year-serial":
            return f"{series.slug}-{int(match.group(1))}-{int(match.group(2))}", None
        return f"{series.slug}-{int(match.group(1))}", None
    number = normalise_number(table.head.number)
    match = _NUMBER.match(number) if number else None
    if match is not None:
        prefix = re.sub(r"\W+", "-", match.group("prefix")).strip("-") or "doc"
        if match.group("decree"):
            return f"{prefix}-{int(match.group('decree'))}", None
        return f"{prefix}-{int(match.group('year'))}-{int(match.group('serial'))}", None
    head = table.head
    basis = "|".join((head.issuer, head.title, head.date)) if head.title else table.sha256
    digest = hashlib.sha256(basis.encode("utf-8")).hexdigest()[:8]
    key = f"{jurisdiction.replace('/', '-')}-{head.date or 'undated'}-{digest}"
    if not number:
        return key, None  # the head reader has said the 文号 is missing
    return key, ReadingWarning(
        f"document number {head.number!r} reads neither as organ〔year〕serial号 nor as "
        f"…令第N号: the document is keyed {key}; correct it in a sidecar YAML (number: …)",
        head.lines.get("number"),
        field="number",
    )


UNKNOWN_PLACE = "unknown"
#: the place of documents whose jurisdiction could not be told: their unregistered departments
#: are kept apart per document (see ``unregistered``), never merged with another place's
UNKNOWN = Place(
    id=UNKNOWN_PLACE,
    kind="unknown",
    label_zh="辖区未确定",
    label_en="jurisdiction not determined",
    code="",
    within="",
    aliases=(),
    status="unverified",
    source="the reader could not tell the document's jurisdiction (see its reading warnings)",
    line=0,
)


def _jurisdiction(
    table: TableDocument, series: DocumentSeries | None, registry: Registry
) -> tuple[str, tuple[Place, ...], ReadingWarning | None]:
    """Whose document this is: the sidecar says, else the series, else the issuer (by its
    registered name, else by the places its name, the title and the text name: the project's
    registry first, then the national register of divisions). Places of the national register
    that the project registry lacks come back as new places; an unknown or ambiguous place
    is a warning, and the document is filed under ``unknown``."""
    if table.jurisdiction:
        if table.jurisdiction not in registry.places:
            division = (
                registry.divisions.by_id.get(table.jurisdiction) if registry.divisions else None
            )
            if division is None:
                raise IngestError(
                    f"jurisdiction {table.jurisdiction!r} is neither in "
                    "data/reference/jurisdictions.csv nor in divisions.csv",
                    Location(table.metadata_from or table.file),
                )
            return division.id, registry.division_places(division), None
        return table.jurisdiction, (), None
    if series is not None:
        return series.jurisdiction, (), None
    issuer = registry.organisation_by_name(table.head.issuer) if table.head.issuer else None
    if issuer is not None:
        return issuer.jurisdiction, (), None
    # the register's names are simplified: a document in traditional characters is looked up
    # through a simplified copy (寶雞市 → 宝鸡市)
    texts = list(simplified(tuple(t for t in (table.head.issuer, table.head.title,
                                              table.head.table_title, table.head.page_says)
                                  if t)))  # fmt: skip
    found = registry.find_jurisdiction(texts, simplified((table.head.body,))[0])
    if found.place is not None:
        return found.place, found.new_places, None
    where = table.head.lines.get("issuer") or table.head.lines.get("title")
    return (
        UNKNOWN_PLACE,
        (UNKNOWN,),
        ReadingWarning(
            f"jurisdiction unknown: {found.reason}; give `jurisdiction:` (an id of "
            "data/reference/jurisdictions.csv or divisions.csv) in a sidecar YAML",
            where,
            field="jurisdiction",
        ),
    )


def unregistered_document(
    citation: Citation, jurisdiction: str, where: Location
) -> ReferenceDocument:
    """A cited document the registry does not list, kept under its title (the validation lists
    these); its jurisdiction is not known, so the citing document's stands in, unverified."""
    assert citation.title is not None
    return ReferenceDocument(
        id=f"{_UNREGISTERED}/{_SLASHES.sub('-', citation.title)}",
        kind="notice",
        title_zh=citation.title,
        title_en=f"unregistered document 《{citation.title}》",
        aliases=(),
        number=citation.number or "",
        issuers=(),
        date_issued="",
        date_in_force="",
        jurisdiction=jurisdiction,
        applies=(),
        part_of="",
        status=_UNREGISTERED,
        source=f"cited in {where}; not in data/reference/documents.csv",
        line=0,
    )


def unregistered(
    name: str, jurisdiction: str, where: Location, reading: DepartmentReading | None = None
) -> Organisation:
    """A department the registry does not list, kept as written so nothing is lost; the
    validation lists these for a curator to add to data/reference/departments.csv. The same
    name in two documents of one jurisdiction is one department; ``jurisdiction`` may be a
    scope below the place (``unknown/<document key>``: departments of a document whose place
    is unknown are never merged with another document's).

    ``reading`` is what the name says (:meth:`Registry.read_department`): its function, and
    its place when that is one above the document's (市应急局 in a district's table is the
    city's, the same body whichever district's table names it)."""
    scope = jurisdiction
    if reading is not None and reading.place and not scope.startswith(UNKNOWN_PLACE):
        scope = reading.place
    jurisdiction = scope.split("/", 1)[0]
    return Organisation(
        id=f"{scope}/{_UNREGISTERED}/{name}",
        kind="collective"
        if name.startswith("各") or (reading and reading.collective)
        else "agency",  # 各区政府, 各街道镇
        short_label=name,
        official_name="",
        name_en=f"unregistered department “{name}”",
        jurisdiction=jurisdiction,
        aliases=(),
        counterpart="",
        sub_organization_of="",
        member_of="",
        status=_UNREGISTERED,
        source=f"named in {where}; not in data/reference/departments.csv",
        line=0,
        functions=reading.functions if reading else (),
        function_basis=reading.basis if reading else "",
        level=reading.level if reading else "",
        generic=reading.generic if reading else False,
        names_category=reading.category if reading else False,
    )


def _resolve_citation(
    citation: Citation, registry: Registry, file: str, strict: bool, jurisdiction: str
) -> ResolvedCitation:
    assert citation.title is not None
    doc = registry.document_by_title(citation.title)
    if doc is None:
        where = Location(file, citation.line or None)
        if strict:
            raise UnknownLegalSourceError(citation.title, where)
        doc = unregistered_document(citation, jurisdiction, where)
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
    origin: tuple[int, int] | None,
    registry: Registry,
    jurisdiction: str,
    file: str,
    strict: bool,
    date: str = "",
) -> list[Assignment]:
    found = []
    for mention in cell.mentions:
        department = registry.department(mention.text, jurisdiction) or (
            registry.department(_ASIDE.sub("", mention.text), jurisdiction)
            if _ASIDE.search(mention.text)
            else None
        )  # 区应急局（区安委办） is 区应急局 in the registry; the mention keeps its aside
        if department is None:
            where = Location(file, cell.line, cell.column)
            if strict:
                raise UnknownDepartmentError(mention.text, where)
            place = jurisdiction.split("/", 1)[0]
            reading = registry.read_department(mention.text, place, date)
            department = unregistered(mention.text, jurisdiction, where, reading)
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
                inherited_from_task=origin[1] if origin else None,
                inherited_from_measure=origin[0] if origin else None,
                role_word=mention.role_word,
            )
        )
    return found


#: the cell a merged block starts with, and its (measure, task)
_Origin = dict[Role, tuple[DepartmentCell, tuple[int, int]] | None]


def _inherits(task: TaskRow, role: Role) -> bool:
    """Whether an empty cell continues the merged cell above it.

    Word, Excel and HTML say so. A text export cannot, so an empty cell is read as merged
    when it is a lead cell (a lead cell is never legitimately empty), or when the whole row's
    department cells are empty (a row continuing a merged block inherits both lists).
    """
    known = task.lead_merged if role is Role.LEAD else task.support_merged
    if known is not None:
        return known
    return role is Role.LEAD or (task.lead is None and task.support is None)


def _measure_assignments(
    measure: Measure,
    origin: _Origin,
    registry: Registry,
    jurisdiction: str,
    file: str,
    strict: bool,
    date: str = "",
) -> list[Assignment]:
    """Assignments of one measure's tasks, reading empty cells as merged where they are.

    In a text export, a row with a stated lead and an empty support has no support, and
    merges never cross measures (``origin`` starts empty for each): an empty first row stays
    without assignments and the validation reports it. Where the file records merges, a
    merged cell may span several measures, and ``origin`` carries over.
    """
    found: list[Assignment] = []
    for task in measure.tasks:
        stated = {Role.LEAD: task.lead, Role.SUPPORT: task.support}
        for role in (Role.LEAD, Role.SUPPORT):
            cell = stated[role]
            if cell is not None:
                origin[role] = (cell, (measure.ordinal, task.ordinal))
                found += _cell_assignments(
                    cell,
                    role,
                    measure,
                    task,
                    Basis.STATED,
                    None,
                    registry,
                    jurisdiction,
                    file,
                    strict,
                    date,
                )
            elif _inherits(task, role) and origin[role] is not None:
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
                    strict,
                    date,
                )
            else:
                origin[role] = None  # an empty cell that is not merged ends the block above
    return found


def _function_warnings(
    assignments: list[Assignment], registry: Registry, date: str
) -> tuple[ReadingWarning, ...]:
    """Per department, at its first cell: a name that reads as no function (not one that
    names none by design, 各有关部门), and a body whose function a reform had ended at its
    place and level before the document's date, naming the successor."""
    vocabulary = registry.vocabulary
    if not vocabulary:
        return ()
    found: list[ReadingWarning] = []
    seen: set[str] = set()
    for a in assignments:
        org = a.department
        if not isinstance(org, Organisation) or org.id in seen:
            continue
        seen.add(org.id)
        if not org.functions and not org.generic:
            found.append(ReadingWarning(
                f"department {a.mention!r} reads as no function of "
                "data/reference/functions.csv; list such names with `fengong review "
                "departments` and register them",
                a.cell.line, a.cell.column))  # fmt: skip
            continue
        if len(org.functions) > 1:
            continue  # a violation of its own (one function per department)
        for key in org.functions:
            function = vocabulary.functions.get(key)
            if function is None or function.era != "former" or not date:
                continue
            reform = registry.reform_ending(key, org.jurisdiction, org.level)
            if reform is None or date < reform.date:
                continue
            successors = [
                o for o in registry.organisations.values()
                if o.jurisdiction == org.jurisdiction and set(o.functions) & set(function.replaced_by)
            ]  # fmt: skip
            named = "、".join(o.short_label for o in successors) or "、".join(
                f"{vocabulary.functions[k].label_zh} ({k})" for k in function.replaced_by
            )
            found.append(ReadingWarning(
                f"{a.mention!r} is a body of {function.label_en} ({function.label_zh}), which "
                f"{reform.label_en} ({reform.label_zh}, {reform.dated_by} {reform.date}) "
                f"ended here before this document's date {date}: its successor is {named}",
                a.cell.line, a.cell.column))  # fmt: skip
    return tuple(found)


def resolve_document(
    table: TableDocument, registry: Registry, strict: bool = False
) -> ResolvedDocument:
    """Look up every name, number and citation of ``table``; errors name the file and line.

    A department the registry does not know is kept as an unregistered one (the validation
    warns), or refused when ``strict``.
    """
    if strict and table.warnings:  # --strict: a document read only in part is refused
        first = table.warnings[0]
        raise IngestError(first.message, Location(table.file, first.line, first.column))
    found_series = _series(table, registry)
    series = found_series[0] if found_series else None
    jurisdiction, new_places, place_warning = _jurisdiction(table, series, registry)
    key, key_warning = _document_key(table, found_series, jurisdiction)
    scope = f"{UNKNOWN_PLACE}/{key}" if jurisdiction == UNKNOWN_PLACE else jurisdiction
    issuer = registry.organisation_by_name(table.head.issuer) if table.head.issuer else None
    if issuer is None and series is not None:
        issuer = registry.organisations[series.issuer]
    if issuer is None and table.head.issuer:
        reading = registry.read_department(
            table.head.issuer, scope.split("/", 1)[0], table.head.date or ""
        )
        issuer = unregistered(
            table.head.issuer,
            scope,
            Location(table.file, table.head.lines.get("issuer")),
            reading,
        )
    extra = tuple(w for w in (place_warning, key_warning) if w is not None)
    if extra:
        table = replace(table, warnings=(*table.warnings, *extra))

    assignments: list[Assignment] = []
    citations: dict[tuple[int, int], tuple[ResolvedCitation, ...]] = {}
    origin: _Origin = {Role.LEAD: None, Role.SUPPORT: None}
    for measure in table.measures:
        if table.layout == "text-table":
            origin = {Role.LEAD: None, Role.SUPPORT: None}
        assignments += _measure_assignments(
            measure, origin, registry, scope, table.file, strict, table.head.date or ""
        )
        cells = [(measure.features, (measure.line, table.measure_column))] + [
            (t.features, (t.line, table.task_column)) for t in measure.tasks
        ]  # a measure's first task shares its row: the cell, not the line, owns a citation
        for features, cell in cells:
            if features.citations:
                citations[cell] = tuple(
                    _resolve_citation(c, registry, table.file, strict, jurisdiction)
                    for c in features.citations
                )

    function_warnings = _function_warnings(assignments, registry, table.head.date or "")
    if function_warnings:
        table = replace(table, warnings=(*table.warnings, *function_warnings))

    own_titles = {table.head.table_title}
    applies = tuple(
        _resolve_citation(c, registry, table.file, strict, jurisdiction)
        for c in table.head.applies
        if c.title not in own_titles
    )
    based_on = tuple(
        _resolve_citation(c, registry, table.file, strict, jurisdiction)
        for c in table.head.based_on
        if c.title not in own_titles
    )
    notes_source = None
    categories_by_note: dict[int, Category] = {}
    if table.notes is not None:
        if table.notes.quoted_from is not None:
            notes_source = _resolve_citation(
                table.notes.quoted_from, registry, table.file, strict, jurisdiction
            )
        for item in table.notes.items:
            category = registry.department(item.term, jurisdiction) if item.term else None
            if not isinstance(category, Category):
                if not strict or not item.term:
                    continue  # a note that defines no registered category: kept as text
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
        jurisdiction=jurisdiction,
        issuer=issuer,
        assignments=tuple(assignments),
        citations=citations,
        applies=applies,
        based_on=based_on,
        notes_source=notes_source,
        categories_by_note=categories_by_note,
        places=new_places,
    )
