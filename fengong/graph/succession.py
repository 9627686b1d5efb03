"""What the function vocabulary lets a build derive across documents: each department's
counterpart one level up, and which body succeeded which in a reform.

Both need every department of the build at once (the registry's and those the documents
name), so they are made after the documents are read, into their own named graph
(``functions``):

* **Counterpart above**: the body of the same function in the parent jurisdiction
  (区应急局 → 市应急局 → 应急管理部). Registered bodies are preferred to bodies only named in
  tables; the registry's hand-made ``counterpart`` is kept as written, and a check flags it
  where the derived one differs.
* **Succession**: a body of a function a reform ended (区安监局: work safety) and the body of
  the successor function in the same place (区应急局) meet in an ``org:ChangeEvent`` dated by
  the reform that reached that place and level, citing its document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Literal

from fengong.graph.iris import Iris
from fengong.graph.namespaces import DCTERMS, FG, ORG, RDF, XSD
from fengong.graph.reference import Triples, labels
from fengong.ingest.resolve import ResolvedDocument
from fengong.reference.registry import Organisation, Registry

__all__ = [
    "build_organisations",
    "counterparts_above",
    "document_organisations",
    "succession_graph",
]


def document_organisations(doc: ResolvedDocument) -> tuple[Organisation, ...]:
    """The organisations a document names (its issuer, then its departments), in order."""
    found = [doc.issuer] if isinstance(doc.issuer, Organisation) else []
    found += [a.department for a in doc.assignments if isinstance(a.department, Organisation)]
    return tuple(found)


def build_organisations(
    registry: Registry, documents: Iterable[ResolvedDocument | tuple[Organisation, ...]]
) -> dict[str, Organisation]:
    """Every organisation of the build: the registry's and those the documents name (a
    document, or the organisations :func:`document_organisations` found in it)."""
    found = dict(registry.organisations)
    for doc in documents:
        named = doc if isinstance(doc, tuple) else document_organisations(doc)
        for org in named:
            found.setdefault(org.id, org)
    return found


def _bodies(orgs: Iterable[Organisation]) -> dict[tuple[str, str], list[Organisation]]:
    """Bodies (not collectives, not names of a kind of department) by (place, function)."""
    index: dict[tuple[str, str], list[Organisation]] = defaultdict(list)
    for org in orgs:
        if org.kind == "collective" or org.names_category or len(org.functions) != 1:
            continue
        index[(org.jurisdiction, org.functions[0])].append(org)
    for bodies in index.values():
        bodies.sort(key=lambda o: (o.status == "unregistered", o.id))
    return index


def counterparts_above(
    registry: Registry, orgs: dict[str, Organisation]
) -> dict[str, tuple[Organisation, ...]]:
    """Each body's counterparts one level up, by its id: the registered bodies of its
    function in the parent place, else those the tables name."""
    index = _bodies(orgs.values())
    found: dict[str, tuple[Organisation, ...]] = {}
    for org in orgs.values():
        if org.kind == "collective" or org.names_category or len(org.functions) != 1:
            continue
        chain = registry.chain(org.jurisdiction)
        if len(chain) < 2:
            continue
        above = index.get((chain[1].id, org.functions[0]), [])
        registered = [o for o in above if o.status != "unregistered"]
        chosen = registered or above
        if chosen:
            found[org.id] = tuple(chosen)
    return found


def succession_graph(
    registry: Registry,
    documents: Iterable[ResolvedDocument | tuple[Organisation, ...]],
    iris: Iris,
) -> Triples:
    """Counterparts above and successions of the build's departments, as triples."""
    g: Triples = set()
    orgs = build_organisations(registry, documents)
    for ident, above in counterparts_above(registry, orgs).items():
        for other in above:
            g.add((iris.organisation(ident), FG.counterpartAbove, iris.organisation(other.id)))
    index = _bodies(orgs.values())
    vocabulary = registry.vocabulary
    for org in sorted(orgs.values(), key=lambda o: o.id):
        if org.kind == "collective" or org.names_category or len(org.functions) != 1:
            continue
        function = vocabulary.functions.get(org.functions[0])
        if function is None or function.era != "former":
            continue
        reform = registry.reform_ending(function.key, org.jurisdiction, org.level)
        if reform is None:
            continue
        event = iris.succession(org.id, reform.id)
        g.add((event, RDF.type, ORG.ChangeEvent))
        g.add((event, ORG.originalOrganization, iris.organisation(org.id)))
        g.add((iris.organisation(org.id), ORG.changedBy, event))
        g.add((event, FG.partOfReform, iris.reform(reform.id)))
        g.add((event, DCTERMS.date, Literal(reform.date, datatype=XSD.date)))
        successors = [
            other
            for key in function.replaced_by
            for other in index.get((org.jurisdiction, key), [])
        ]
        for other in successors:
            g.add((event, ORG.resultingOrganization, iris.organisation(other.id)))
            g.add((iris.organisation(other.id), ORG.resultedFrom, event))
        after = "、".join(o.short_label for o in successors) or "、".join(
            vocabulary.functions[k].label_zh for k in function.replaced_by
        )
        after_en = ", ".join(o.name_en for o in successors) or ", ".join(
            vocabulary.functions[k].label_en for k in function.replaced_by
        )
        labels(
            g,
            event,
            f"{org.short_label} → {after}（{reform.label_zh}）",
            f"{org.name_en} → {after_en} ({reform.label_en})",
        )
    return g
