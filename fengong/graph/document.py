"""Turning one resolved division table into RDF, with provenance on every fact."""

from __future__ import annotations

from rdflib import Literal, URIRef

from fengong.graph.iris import Iris
from fengong.graph.namespaces import CNT, DCTERMS, ELI, FG, PROV, RDF, RDFS, SKOS, XSD
from fengong.graph.reference import (
    Triples,
    add_article,
    add_document,
    add_organisation,
    add_place,
    labels,
    zh,
)
from fengong.ingest.numerals import int_to_chinese
from fengong.ingest.records import Basis, Role, Section, TextFeatures
from fengong.ingest.resolve import Assignment, ResolvedCitation, ResolvedDocument
from fengong.reference.registry import Category, Organisation, Registry

__all__ = ["document_graph"]

_ROLE = {Role.LEAD: FG.lead, Role.SUPPORT: FG.support}
_ROLE_ZH = {Role.LEAD: "牵头", Role.SUPPORT: "配合"}
_BASIS = {
    Basis.STATED: FG.stated,
    Basis.MERGED_CELL: FG.mergedCell,
    Basis.CATEGORY: FG.categoryExpansion,
}


class _DocumentGraph:
    """Builds the graph of one document; holds what every method needs."""

    def __init__(self, doc: ResolvedDocument, registry: Registry, iris: Iris) -> None:
        self.doc, self.registry, self.iris = doc, registry, iris
        self.key = doc.key
        self.g: Triples = set()
        self.end_lines: dict[URIRef, int] = {}  # span → last line of its merged cell
        self.file = iris.file(doc.table.file)
        self.raw_lines: tuple[str, ...] = ()
        self.tabular = doc.table.layout != "inline"  # inline documents have no columns
        # how people cite a measure: （五） in tables, 二、（三） where numbering restarts
        self.cited_as = {
            m.ordinal: m.cited_as or measure_label(m.ordinal) for m in doc.table.measures
        }
        self.whole = {
            (m.ordinal, t.ordinal) for m in doc.table.measures for t in m.tasks if t.whole_measure
        }

    def task_label(self, measure: int, task: int) -> tuple[str, str]:
        if (measure, task) in self.whole:
            return f"{self.cited_as[measure]}（整项）", f"measure {measure} as a whole"
        return f"{self.cited_as[measure]}第{task}项", f"measure {measure}, task {task}"

    def span(self, line: int, column: int | None = None, end_line: int | None = None) -> URIRef:
        """The span node of a line (or one cell of it), created on first use."""
        column = column if self.tabular else None
        g, node = self.g, self.iris.span(self.key, line, column)
        if (node, RDF.type, FG.SourceSpan) not in g:
            g.add((node, RDF.type, FG.SourceSpan))
            g.add((node, FG.inFile, self.file))
            g.add((node, FG.line, Literal(line)))
            where_zh = f"{self.doc.table.file} 第{line}行" + (f"第{column}列" if column else "")
            where_en = f"{self.doc.table.file} line {line}" + (
                f" column {column}" if column else ""
            )
            labels(g, node, where_zh, where_en)
            raw = self.raw_lines[line - 1]
            places = self.doc.table.places
            if places:
                g.add(
                    (
                        node,
                        FG.place,
                        Literal(places[line - 1] + (f", cell {column}" if column else "")),
                    )
                )
            if column is not None:
                g.add((node, FG.column, Literal(column)))
                cells = raw.split("\t")
                # a row read as far as it went, or a table flattened with spaces or |: the
                # cell is not a tab-separated field of the line, so the span keeps the line
                raw = cells[column - 1] if column <= len(cells) and len(cells) > 1 else raw
            g.add((node, PROV.value, Literal(raw)))
        if end_line is not None and end_line != line:
            self.end_lines[node] = end_line
        return node

    def build(self, raw_lines: tuple[str, ...]) -> Triples:
        self.raw_lines = raw_lines
        self.add_file()
        self.add_head()
        for section in self.doc.table.sections:
            self.add_section(section)
        self.add_assignments()
        self.add_notes()
        for node, end_line in self.end_lines.items():
            self.g.add((node, FG.endLine, Literal(end_line)))
        return self.g

    def add_file(self) -> None:
        g, table = self.g, self.doc.table
        g.add((self.file, RDF.type, FG.SourceFile))
        g.add((self.file, FG.fileName, Literal(table.file)))
        g.add((self.file, FG.sha256, Literal(table.sha256)))
        g.add((self.file, CNT.characterEncoding, Literal(table.encoding)))
        g.add((self.file, DCTERMS["format"], Literal(table.media_type)))
        g.add((self.file, FG.layout, Literal(table.layout)))
        if table.metadata_from:
            g.add((self.file, FG.metadataFile, Literal(table.metadata_from)))
        labels(g, self.file, f"源文件 {table.file}", f"source file {table.file}")

    def add_head(self) -> None:
        g, head, iris = self.g, self.doc.table.head, self.iris
        node = iris.document(self.key)
        new_places = {p.id: p for p in self.doc.places}
        for place in self.doc.places:  # from the national register: not in the reference graph
            add_place(g, iris, place)
        place = new_places.get(self.doc.jurisdiction) or self.registry.places[self.doc.jurisdiction]
        g.add((node, RDF.type, FG.PolicyDocument))
        name = self.doc.name
        labels(g, node, name, f"{name} ({place.label_en}, {head.date or 'undated'})")
        if head.number:
            g.add((node, ELI.id_local, Literal(head.number)))
        g.add((node, FG.documentKey, Literal(self.key)))
        g.add((node, ELI.type_document, FG.divisionTableType))
        if head.title:
            g.add((node, DCTERMS.title, zh(head.title)))
        if head.table_title:
            g.add((node, FG.tableTitle, zh(head.table_title)))
        if head.date:
            g.add((node, ELI.date_document, Literal(head.date, datatype=XSD.date)))
        if head.print_date:
            g.add((node, ELI.date_publication, Literal(head.print_date, datatype=XSD.date)))
        if self.doc.issuer is not None:
            g.add((node, ELI.passed_by, self.organisation(self.doc.issuer)))
        g.add((node, ELI.jurisdiction, iris.place(self.doc.jurisdiction)))
        for recipient in head.recipients:
            g.add((node, FG.recipient, zh(recipient)))
        if head.signatory:
            g.add((node, FG.signatory, zh(head.signatory)))
        self.add_warnings(node)
        if head.copies is not None:
            g.add((node, FG.copiesPrinted, Literal(head.copies)))
        for cited in self.doc.applies:
            g.add((node, ELI.applies, self.cited(cited)))
        for cited in self.doc.based_on:
            g.add((node, ELI.based_on, self.cited(cited)))
        for line in sorted(set(head.lines.values())):
            g.add((node, FG.sourceSpan, self.span(line)))

    def add_warnings(self, document: URIRef) -> None:
        """What the reader could not read, each with its place: the validation lists them."""
        for number, warning in enumerate(self.doc.table.warnings, start=1):
            node = self.iris.reading_warning(self.key, number)
            self.g.add((node, RDF.type, FG.ReadingWarning))
            self.g.add((document, FG.readingWarning, node))
            self.g.add((node, RDFS.comment, Literal(warning.message, lang="en")))
            if warning.field:
                self.g.add((node, FG.headField, Literal(warning.field)))
            if warning.line is not None and 0 < warning.line <= len(self.raw_lines):
                self.g.add((node, FG.sourceSpan, self.span(warning.line, warning.column)))
            labels(
                self.g,
                node,
                f"读取警告 {number}",
                f"reading warning {number}",
            )

    def cited(self, cited: ResolvedCitation) -> URIRef:
        """The node a citation points at: the article when one is given, else the document."""
        citation, doc = cited.citation, cited.document
        if doc.status == "unregistered":
            add_document(self.g, self.iris, doc)
        if citation.article is None:
            return self.iris.document(doc.id)
        node = add_article(self.g, self.iris, doc, citation.article)
        if citation.article_heading:
            self.g.add((node, FG.articleHeading, zh(citation.article_heading)))
        return node

    def add_features(
        self, node: URIRef, features: TextFeatures, cell: tuple[int, int], text: str
    ) -> None:
        g = self.g
        for slogan in features.slogans:
            concept = self.iris.slogan(slogan)
            g.add((node, FG.usesSlogan, concept))
            if slogan not in self.registry.slogans:  # not yet translated: Chinese label only
                g.add((concept, RDF.type, FG.PolicySlogan))
                g.add((concept, SKOS.prefLabel, zh(slogan)))
        for cited in self.doc.citations.get(cell, ()):
            g.add((node, ELI.cites, self.cited(cited)))
        for place in self.registry.places.values():
            if place.kind == "cooperation-region" and any(
                a in text for a in (place.label_zh, *place.aliases)
            ):
                g.add((node, FG.concernsRegion, self.iris.place(place.id)))

    def part(
        self,
        node: URIRef,
        cls: URIRef,
        parent: URIRef,
        ordinal: int,
        span: URIRef,
        label_zh: str,
        label_en: str,
    ) -> URIRef:
        """Add the triples every numbered part has: type, parent, ordinal, labels, span."""
        g = self.g
        g.add((node, RDF.type, cls))
        g.add((node, FG.partOf, parent))
        g.add((node, FG.ordinal, Literal(ordinal)))
        g.add((node, FG.sourceSpan, span))
        labels(g, node, label_zh, label_en)
        return node

    def add_section(self, section: Section) -> None:
        g, iris = self.g, self.iris
        node = self.part(
            iris.section(self.key, section.ordinal),
            FG.Section,
            iris.document(self.key),
            section.ordinal,
            self.span(section.line, 1),
            f"{section.number}、{section.title}",
            f"section {section.ordinal}",
        )
        g.add((node, ELI.number, zh(section.number)))
        g.add((node, FG.title, zh(section.title)))
        for measure in section.measures:
            m_node = self.part(
                iris.measure(self.key, measure.ordinal),
                FG.Measure,
                node,
                measure.ordinal,
                self.span(measure.line, self.doc.table.measure_column),
                f"{self.cited_as[measure.ordinal]}{measure.title}",
                f"measure {measure.ordinal}",
            )
            g.add((m_node, ELI.number, zh(measure.number)))
            g.add((m_node, FG.title, zh(measure.title)))
            g.add((m_node, FG.text, zh(measure.text)))
            self.add_features(
                m_node,
                measure.features,
                (measure.line, self.doc.table.measure_column),
                measure.text,
            )
            for task in measure.tasks:
                t_node = self.part(
                    iris.task(self.key, measure.ordinal, task.ordinal),
                    FG.RefinedTask,
                    m_node,
                    task.ordinal,
                    self.span(task.line, self.doc.table.task_column),
                    *self.task_label(measure.ordinal, task.ordinal),
                )
                g.add((t_node, FG.text, zh(task.text)))
                if task.whole_measure:
                    g.add((t_node, FG.wholeMeasure, Literal(True)))
                for label, value in task.fields:
                    g.add((t_node, FG.taskField, zh(f"{label}：{value}")))
                self.add_features(
                    t_node, task.features, (task.line, self.doc.table.task_column), task.text
                )

    def add_assignments(self) -> None:
        g, iris = self.g, self.iris
        last_line: dict[tuple[int, Role], int] = {}
        for a in self.doc.assignments:  # the merged extent of each origin cell
            if a.basis is Basis.MERGED_CELL:
                key = (a.cell.line, a.role)
                last_line[key] = max(last_line.get(key, a.cell.line), a.line)
        found = _lines_in_cells(self.doc)
        for a in self.doc.assignments:
            node = iris.assignment(self.key, a.measure, a.task, a.role.value, a.position)
            task = iris.task(self.key, a.measure, a.task)
            department = self.department(a)
            g.add((node, RDF.type, FG.ResponsibilityAssignment))
            g.add((node, FG.task, task))
            g.add((task, FG.hasAssignment, node))
            g.add((node, FG.role, _ROLE[a.role]))
            g.add((node, FG.department, department))
            g.add((node, FG.basis, _BASIS[a.basis]))
            g.add((node, FG.mention, Literal(a.mention)))
            g.add((node, FG.listPosition, Literal(a.position)))
            g.add((node, FG.openEnded, Literal(a.open_ended)))
            g.add((node, FG.followedByEtc, Literal(a.followed_by_etc)))
            if a.role_word:
                g.add((node, FG.roleWord, zh(a.role_word)))
            end = last_line.get((a.cell.line, a.role))
            g.add((node, FG.sourceSpan, self.span(a.cell.line, a.cell.column, end)))
            line_in_cell = found.get((a.cell.line, a.cell.column, a.role, a.position))
            if line_in_cell is not None:
                g.add((node, FG.lineInCell, Literal(line_in_cell)))
            if a.inherited_from_task is not None:
                origin = iris.assignment(
                    self.key,
                    a.inherited_from_measure or a.measure,
                    a.inherited_from_task,
                    a.role.value,
                    a.position,
                )
                g.add((node, FG.inheritedFrom, origin))
            name_en = (
                a.department.label_en
                if isinstance(a.department, Category)
                else a.department.name_en
            )
            task_zh, task_en = self.task_label(a.measure, a.task)
            labels(
                g,
                node,
                f"{task_zh} {_ROLE_ZH[a.role]}：{a.mention}",
                f"{task_en}, {a.role.value}: {name_en}",
            )

    def department(self, a: Assignment) -> URIRef:
        if isinstance(a.department, Category):
            return self.iris.category(a.department.id)
        return self.organisation(a.department)

    def organisation(self, org: Organisation) -> URIRef:
        """A registered organisation's IRI; an unregistered one is described here, in the
        document that names it (the registry graph does not know it)."""
        if org.status == "unregistered":
            return add_organisation(self.g, self.iris, org)
        return self.iris.organisation(org.id)

    def add_notes(self) -> None:
        notes = self.doc.table.notes
        if notes is None:
            return
        g, iris = self.g, self.iris
        node = iris.note(self.key)
        g.add((node, RDF.type, FG.Note))
        g.add((node, FG.partOf, iris.document(self.key)))
        labels(g, node, f"{self.doc.name} 注", f"note of {self.doc.name}")
        g.add((node, FG.sourceSpan, self.span(notes.line)))
        if self.doc.notes_source is not None:
            g.add((node, FG.quotedFrom, self.cited(self.doc.notes_source)))
            g.add((node, FG.sourceSpan, self.span(self.doc.notes_source.citation.line)))
        for item in notes.items:
            i_node = iris.note_item(self.key, item.number)
            defined = self.doc.categories_by_note.get(item.number)
            g.add((i_node, RDF.type, FG.NoteItem))
            g.add((i_node, FG.partOf, node))
            g.add((i_node, FG.ordinal, Literal(item.number)))
            g.add((i_node, FG.text, zh(item.text)))
            g.add((i_node, FG.sourceSpan, self.span(item.line)))
            label = f"注{item.number}：{item.term}" if item.term else f"注{item.number}"
            labels(g, i_node, label, f"note item {item.number}")
            if defined is not None:  # the item defines a registered category
                category = iris.category(defined.id)
                g.add((i_node, FG.definesCategory, category))
                g.add((category, SKOS.definition, zh(item.text)))
                g.add((category, FG.definedBy, i_node))


def document_graph(
    doc: ResolvedDocument, raw_lines: tuple[str, ...], registry: Registry, iris: Iris
) -> Triples:
    """The triples of one document's named graph (``graph/doc/<key>``)."""
    return _DocumentGraph(doc, registry, iris).build(raw_lines)


def measure_label(ordinal: int) -> str:
    """（十六）: the way people cite a measure, whichever bracket width the source printed."""
    return f"（{int_to_chinese(ordinal)}）"


def _lines_in_cells(doc: ResolvedDocument) -> dict[tuple[int, int | None, Role, int], int]:
    """Where in its cell each name stands, for cells drawn on several lines (a PDF's): the
    1-based visual line its first character is on, the names of one cell found in order."""
    drawn = {(line, column): lines for line, column, lines in doc.table.cell_lines}
    if not drawn:
        return {}
    out: dict[tuple[int, int | None, Role, int], int] = {}
    cursor: dict[tuple[int, int | None], int] = {}
    for a in sorted(doc.assignments, key=lambda a: (a.cell.line, a.cell.column or 0, a.position)):
        lines = drawn.get((a.cell.line, a.cell.column or 0))
        key = (a.cell.line, a.cell.column, a.role, a.position)
        if lines is None or key in out:
            continue
        text = "".join(lines)
        at = text.find(a.mention, cursor.get((a.cell.line, a.cell.column), 0))
        if at < 0:
            continue
        cursor[(a.cell.line, a.cell.column)] = at + len(a.mention)
        ends = 0
        for number, line in enumerate(lines, start=1):
            ends += len(line)
            if at < ends:
                out[key] = number
                break
    return out
