"""The ontology: parses, documents every term in Chinese and English, stays in OWL 2 RL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from fengong.errors import FengongError
from fengong.graph import Build, Project, build_graphs
from fengong.graph.namespaces import DCTERMS, FG, OWL, RDF, RDFS, SKOS, XSD
from fengong.graph.profile import rl_violations
from fengong.graph.reference import _concept

ONTOLOGY_IRI = URIRef("https://w3id.org/fengong/ontology")


@pytest.fixture(scope="module")
def ontology(project: Project) -> Graph:
    return Graph().parse(project.ontology, format="turtle")


def _langs(graph: Graph, node: URIRef, predicate: URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(node, predicate) if isinstance(o, Literal)}


def test_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) is not None
    assert _langs(ontology, ONTOLOGY_IRI, DCTERMS.title) == {"zh", "en"}


def test_every_term_has_zh_and_en_label_and_definition(ontology: Graph) -> None:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)
    terms = {s for k in kinds for s in ontology.subjects(RDF.type, k) if isinstance(s, URIRef)}
    assert len(terms) > 80
    missing = [
        str(t)
        for t in sorted(terms)
        if not {"zh", "en"} <= _langs(ontology, t, RDFS.label)
        or not {"zh", "en"} <= _langs(ontology, t, SKOS.definition)
    ]
    assert missing == []


def test_own_terms_cover_the_model(ontology: Graph) -> None:
    for cls in (
        "PolicyDocument",
        "Section",
        "Measure",
        "RefinedTask",
        "ResponsibilityAssignment",
        "Agency",
        "Collective",
        "DepartmentCategory",
        "Jurisdiction",
        "LegalSource",
        "CitedArticle",
        "SourceSpan",
    ):
        assert (FG[cls], RDF.type, OWL.Class) in ontology, cls
    assert (
        FG.partOf,
        RDFS.subPropertyOf,
        URIRef("http://data.europa.eu/eli/ontology#is_part_of"),
    ) in ontology
    assert (FG.partOf, RDF.type, OWL.TransitiveProperty) not in ontology


def test_main_classes_are_pairwise_disjoint(ontology: Graph) -> None:
    groups = [
        {m for m in ontology.items(ontology.value(axiom, OWL.members))}
        for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses)
    ]
    assert {FG.Agency, FG.Collective, FG.DepartmentCategory} in groups
    assert any({FG.ResponsibilityAssignment, FG.Department, FG.Jurisdiction} <= g for g in groups)


def test_ontology_stays_in_owl2_rl(ontology: Graph) -> None:
    assert rl_violations(ontology) == []


def _with(ontology: Graph, *triples: tuple) -> Graph:  # type: ignore[type-arg]
    g = Graph()
    for t in ontology:
        g.add(t)
    for t in triples:
        g.add(t)
    return g


def test_profile_check_catches_an_existential_superclass(ontology: Graph) -> None:
    r = BNode()
    broken = _with(
        ontology,
        (FG.Measure, RDFS.subClassOf, r),
        (r, RDF.type, OWL.Restriction),
        (r, OWL.onProperty, FG.hasPart),
        (r, OWL.someValuesFrom, FG.RefinedTask),
    )
    problems = rl_violations(broken)
    assert any("expression where a name is required" in p for p in problems)
    assert any("someValuesFrom" in p for p in problems)


def test_profile_check_catches_unions_ranges_and_reflexivity(ontology: Graph) -> None:
    u = BNode()
    broken = _with(
        ontology,
        (FG.Department, OWL.unionOf, u),
        (FG.line, RDFS.range, XSD.date),
        (FG.partOf, RDF.type, OWL.ReflexiveProperty),
    )
    problems = " | ".join(rl_violations(broken))
    assert "unionOf" in problems
    assert "not in the OWL 2 RL datatype map" in problems
    assert "reflexive" in problems


def test_every_term_the_graph_uses_is_declared(ontology: Graph, seed_build: Build) -> None:
    declared = set(ontology.subjects(RDF.type, None))
    builtin = {RDF.type, RDFS.label, RDFS.comment}
    used = set()
    for graph in (seed_build.asserted, seed_build.inferred):
        for _, p, o in graph:
            used.add(p)
            if p == RDF.type:
                used.add(o)
    assert sorted(str(t) for t in used - declared - builtin) == []


@pytest.mark.parametrize(
    ("kinds", "cls", "suffix"),
    [
        pytest.param("PLACE_KINDS", FG.AdministrativeLevel, "Level", id="levels"),
        pytest.param("DOCUMENT_KINDS", FG.DocumentType, "Type", id="document-types"),
    ],
)
def test_every_registry_kind_is_an_ontology_concept(
    ontology: Graph, kinds: str, cls: URIRef, suffix: str
) -> None:
    """The registry's kind columns become concepts the ontology declares, notation = kind."""
    from fengong.reference import registry

    declared = {str(ontology.value(s, SKOS.notation)): s for s in ontology.subjects(RDF.type, cls)}
    assert set(declared) == getattr(registry, kinds)
    assert all(_concept(kind, suffix) == node for kind, node in declared.items())


def test_profile_check_refuses_chains_the_rules_cannot_follow(ontology: Graph) -> None:
    chain = BNode()
    Collection(broken := _with(ontology), chain, [FG.task, FG.partOf, FG.partOf, FG.partOf])
    broken.add((FG.reachesAgency, OWL.propertyChainAxiom, chain))
    assert any("chains of two or three" in p for p in rl_violations(broken))


def test_a_build_stops_when_the_ontology_leaves_the_subset(
    tmp_path: Path, project: Project
) -> None:
    for folder in ("data/reference", "queries/rules"):
        shutil.copytree(project.root / folder, tmp_path / folder)
    (tmp_path / "ontology").mkdir()
    text = project.ontology.read_text(encoding="utf-8")
    (tmp_path / "ontology" / "fengong.ttl").write_text(
        text + "\nfg:partOf a owl:ReflexiveProperty .\n", encoding="utf-8"
    )
    with pytest.raises(FengongError, match="OWL 2 RL subset") as err:
        build_graphs(Project(tmp_path), [project.sources])
    assert "fengong.ttl" in str(err.value)
