"""Compiling the reference registries (CSV) into RDF: places, organisations, categories,
legal sources and related documents, slogans."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from fengong.graph.iris import Iris
from fengong.graph.namespaces import DCTERMS, ELI, FG, ORG, RDF, RDFS, SKOS, XSD
from fengong.ingest.numerals import int_to_chinese
from fengong.reference.functions import Vocabulary
from fengong.reference.registry import Organisation, Place, ReferenceDocument, Reform, Registry

__all__ = [
    "TripleSink",
    "Triples",
    "add_article",
    "add_functions",
    "add_reform",
    "en",
    "labels",
    "reference_graph",
    "zh",
]

_POLICY_KINDS = {"policy-opinion", "division-table", "notice"}
_SCHEMES = {
    "functions": ("政府职能", "government functions"),
    "jurisdictions": ("辖区", "jurisdictions"),
    "department-categories": ("部门类别", "department categories"),
    "slogans": ("政策提法", "policy slogans"),
}


#: A graph under construction: a plain set is several times faster than an rdflib Graph, and a
#: document's builder needs nothing but ``add`` and ``in``.
Triples = set[tuple[Node, Node, Node]]
TripleSink = Graph | Triples


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def labels(graph: TripleSink, node: URIRef, zh_text: str, en_text: str) -> None:
    graph.add((node, RDFS.label, zh(zh_text)))
    graph.add((node, RDFS.label, en(en_text)))


def _provenance(graph: TripleSink, node: URIRef, status: str | None, source: str) -> None:
    if status:
        graph.add((node, FG.verificationStatus, Literal(status)))
    if source:
        graph.add((node, FG.sourceNote, Literal(source)))


def add_article(g: TripleSink, iris: Iris, doc: ReferenceDocument, number: int) -> URIRef:
    """The node of article ``number`` (第N条) of a registry document."""
    doc_id = doc.id
    node = iris.article(doc_id, number)
    printed = f"第{int_to_chinese(number)}条"
    g.add((node, RDF.type, FG.CitedArticle))
    g.add((node, FG.partOf, iris.document(doc_id)))
    g.add((node, FG.ordinal, Literal(number)))
    g.add((node, ELI.number, zh(printed)))
    labels(g, node, f"《{doc.title_zh}》{printed}", f"{doc.title_en}, article {number}")
    return node


def add_organisation(g: TripleSink, iris: Iris, org: Organisation) -> URIRef:
    """An agency or collective with its names, jurisdiction, counterpart and provenance."""
    node = iris.organisation(org.id)
    g.add((node, RDF.type, FG.Collective if org.kind == "collective" else FG.Agency))
    labels(g, node, org.official_name or org.short_label, org.name_en)
    g.add((node, FG.shortLabel, zh(org.short_label)))
    if org.official_name:
        g.add((node, SKOS.prefLabel, zh(org.official_name)))
    for alias in org.aliases:
        g.add((node, SKOS.altLabel, zh(alias)))
    g.add((node, DCTERMS.spatial, iris.place(org.jurisdiction)))
    for key in org.functions:
        g.add((node, ORG.classification, iris.function(key)))
    if org.function_basis:
        g.add((node, FG.classificationBasis, Literal(org.function_basis)))
    if org.level:
        g.add((node, FG.administrativeLevel, _concept(org.level, "Level")))
    if org.generic:
        g.add((node, FG.namesNoFunction, Literal(True)))
    if org.names_category:
        g.add((node, FG.namesCategory, Literal(True)))
    if org.counterpart:
        g.add((node, FG.municipalCounterpart, iris.organisation(org.counterpart)))
    if org.sub_organization_of:
        g.add((node, ORG.subOrganizationOf, iris.organisation(org.sub_organization_of)))
    if org.member_of:
        g.add((iris.organisation(org.member_of), FG.hasCollectiveMember, node))
    _provenance(g, node, org.status, org.source)
    return node


def add_document(g: TripleSink, iris: Iris, doc: ReferenceDocument) -> URIRef:
    """A legal source or policy document of the registry (or cited but not registered)."""
    node = iris.document(doc.id)
    g.add((node, RDF.type, FG.PolicyDocument if doc.kind in _POLICY_KINDS else FG.LegalSource))
    g.add((node, DCTERMS.title, zh(doc.title_zh)))
    g.add((node, DCTERMS.title, en(doc.title_en)))
    labels(g, node, f"《{doc.title_zh}》", doc.title_en)
    for alias in doc.aliases:
        g.add((node, SKOS.altLabel, zh(alias)))
    g.add((node, FG.documentKey, Literal(doc.id)))
    g.add((node, ELI.type_document, _concept(doc.kind, "Type")))
    if doc.number:
        g.add((node, ELI.id_local, Literal(doc.number)))
    for issuer in doc.issuers:
        g.add((node, ELI.passed_by, iris.organisation(issuer)))
    if doc.date_issued:
        g.add((node, ELI.date_document, Literal(doc.date_issued, datatype=XSD.date)))
    if doc.date_in_force:
        g.add((node, ELI.first_date_entry_in_force, Literal(doc.date_in_force, datatype=XSD.date)))
    g.add((node, ELI.jurisdiction, iris.place(doc.jurisdiction)))
    for applied in doc.applies:
        g.add((node, ELI.applies, iris.document(applied)))
    if doc.part_of:
        g.add((node, FG.partOf, iris.document(doc.part_of)))
    _provenance(g, node, doc.status, doc.source)
    return node


def _concept(kind: str, suffix: str) -> URIRef:
    """The ontology individual for a registry kind: ``local-rules`` → ``fg:localRulesType``."""
    head, *rest = kind.split("-")
    return FG[head + "".join(part.title() for part in rest) + suffix]


def add_place(g: TripleSink, iris: Iris, place: Place) -> URIRef:
    """A jurisdiction: of the registry, or of the national register when a document names it."""
    node = iris.place(place.id)
    kind = FG.CooperationRegion if place.kind == "cooperation-region" else FG.AdministrativeDivision
    g.add((node, RDF.type, kind))
    g.add((node, SKOS.inScheme, iris.scheme("jurisdictions")))
    g.add((node, FG.level, _concept(place.kind, "Level")))
    g.add((node, SKOS.prefLabel, zh(place.label_zh)))
    labels(g, node, place.label_zh, place.label_en)
    for alias in place.aliases:
        g.add((node, SKOS.altLabel, zh(alias)))
    if place.code:
        g.add((node, FG.divisionCode, Literal(place.code)))
    if place.within:
        g.add((node, FG.directlyWithin, iris.place(place.within)))
    _provenance(g, node, place.status, place.source)
    return node


def add_functions(g: TripleSink, iris: Iris, vocabulary: Vocabulary) -> None:
    """The vocabulary of functions as a SKOS concept scheme: labels, every name as an
    alternative (whole names) or hidden label (cores and tails), broader functions, and the
    successors of the functions a reform ended."""
    scheme = iris.scheme("functions")
    for f in vocabulary.functions.values():
        node = iris.function(f.key)
        g.add((node, RDF.type, FG.GovernmentFunction))
        if f.era == "former":
            g.add((node, RDF.type, FG.FormerFunction))
        g.add((node, SKOS.inScheme, scheme))
        g.add((node, SKOS.notation, Literal(f.key)))
        g.add((node, SKOS.prefLabel, zh(f.label_zh)))
        g.add((node, SKOS.prefLabel, en(f.label_en)))
        labels(g, node, f.label_zh, f.label_en)
        g.add((node, FG.functionGroup, Literal(f.group)))
        if f.note:
            g.add((node, SKOS.scopeNote, zh(f.note) if _has_han(f.note) else en(f.note)))
        if f.broader:
            g.add((node, SKOS.broader, iris.function(f.broader)))
        else:
            g.add((node, SKOS.topConceptOf, scheme))
        for successor in f.replaced_by:
            g.add((node, DCTERMS.isReplacedBy, iris.function(successor)))
            g.add((iris.function(successor), DCTERMS.replaces, node))
    for n in vocabulary.names:
        label = SKOS.altLabel if n.form == "name" else SKOS.hiddenLabel
        g.add((iris.function(n.function), label, zh(n.name)))


def _has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def add_reform(g: TripleSink, iris: Iris, reform: Reform) -> URIRef:
    """A reform as an ORG change event: where, at which levels, which functions it ended,
    when, and the document that made it."""
    node = iris.reform(reform.id)
    g.add((node, RDF.type, FG.InstitutionalReform))
    labels(g, node, reform.label_zh, reform.label_en)
    g.add((node, DCTERMS.spatial, iris.place(reform.jurisdiction)))
    for level in reform.levels:
        g.add((node, FG.reformLevel, _concept(level, "Level")))
    for key in reform.functions:
        g.add((node, FG.endedFunction, iris.function(key)))
    g.add((node, DCTERMS.date, Literal(reform.date, datatype=XSD.date)))
    g.add((node, FG.datedBy, Literal(reform.dated_by)))
    g.add((node, DCTERMS.source, iris.document(reform.document)))
    _provenance(g, node, reform.status, reform.source)
    return node


def reference_graph(registry: Registry, iris: Iris) -> Graph:
    """The registries as one graph (the ``reference`` named graph)."""
    g = Graph()
    for name, (zh_label, en_label) in _SCHEMES.items():
        scheme = iris.scheme(name)
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        labels(g, scheme, zh_label, en_label)

    for place in registry.places.values():
        add_place(g, iris, place)

    add_functions(g, iris, registry.vocabulary)
    for reform in registry.reforms.values():
        add_reform(g, iris, reform)

    for org in registry.organisations.values():
        add_organisation(g, iris, org)

    for cat in registry.categories.values():
        node = iris.category(cat.id)
        g.add((node, RDF.type, FG.DepartmentCategory))
        g.add((node, SKOS.inScheme, iris.scheme("department-categories")))
        labels(g, node, cat.label_zh, cat.label_en)
        g.add((node, SKOS.prefLabel, zh(cat.label_zh)))
        g.add((node, FG.shortLabel, zh(cat.label_zh)))
        for alias in cat.aliases:
            g.add((node, SKOS.altLabel, zh(alias)))
        g.add((node, DCTERMS.spatial, iris.place(cat.jurisdiction)))
        g.add((node, SKOS.definition, en(cat.definition_en)))
        if cat.cites_document:
            target = (
                add_article(g, iris, registry.documents[cat.cites_document], int(cat.cites_article))
                if cat.cites_article
                else iris.document(cat.cites_document)
            )
            g.add((node, FG.definedBy, target))
        _provenance(g, node, None, cat.source)

    for member in registry.category_members:
        category = iris.category(member.category)
        if not member.agency:
            g.add((category, FG.listedAs, zh(member.listed_as)))
            continue
        agency = iris.organisation(member.agency)
        fact = iris.membership(member.category, member.agency)
        g.add((category, FG.hasCategoryMember, agency))
        g.add((fact, RDF.type, FG.CategoryMembership))
        g.add((fact, FG.membershipCategory, category))
        g.add((fact, FG.membershipAgency, agency))
        g.add((fact, FG.listedAs, zh(member.listed_as)))
        cat = registry.categories[member.category]
        org = registry.organisations[member.agency]
        labels(g, fact, f"{cat.label_zh}：{org.short_label}", f"{cat.label_en}: {org.name_en}")
        _provenance(g, fact, member.status, member.source)

    for doc in registry.documents.values():
        add_document(g, iris, doc)

    for slogan in registry.slogans.values():
        node = iris.slogan(slogan.label_zh)
        g.add((node, RDF.type, FG.PolicySlogan))
        g.add((node, SKOS.inScheme, iris.scheme("slogans")))
        g.add((node, SKOS.prefLabel, zh(slogan.label_zh)))
        labels(g, node, f"“{slogan.label_zh}”", slogan.label_en)
    return g
