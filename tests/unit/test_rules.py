"""Each rule of queries/rules/ against owlrl, on a small ontology that uses every construct our
OWL 2 RL subset allows (the seed's ontology uses only some), and each inconsistency the rules
report, shown on data made to break it."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from fengong.graph import Project
from fengong.graph.reason import owlrl_closure
from fengong.graph.rules import run_rules
from fengong.store.embedded import to_oxigraph, to_rdflib

BASE = "http://example.org/id/"
OUT, ACTIVITY = URIRef("urn:test:inferred"), URIRef("urn:test:reasoning")
PREFIXES = """
@prefix : <http://example.org/vocab#> .
@prefix id: <http://example.org/id/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""

ONTOLOGY = (
    PREFIXES
    + """
<http://example.org/vocab> a owl:Ontology .
:Task rdfs:subClassOf :Work . :Work rdfs:subClassOf :Thing .
:Job owl:equivalentClass :Task .
:Agency a owl:Class . :Office a owl:Class .
:leads a owl:ObjectProperty ; rdfs:subPropertyOf :involves ; rdfs:domain :Agency ;
    rdfs:range :Task ; owl:inverseOf :ledBy .
:heads owl:equivalentProperty :leads .
:partOf a owl:TransitiveProperty .
:partners a owl:SymmetricProperty .
:reaches owl:propertyChainAxiom ( :leads :partOf ) .
:reachesVia owl:propertyChainAxiom ( :partners :leads :partOf ) .
:code a owl:DatatypeProperty , owl:FunctionalProperty .
:serial a owl:DatatypeProperty , owl:InverseFunctionalProperty .
:oversees a owl:ObjectProperty , owl:AsymmetricProperty , owl:IrreflexiveProperty ;
    owl:propertyDisjointWith :assists .
[] a owl:AllDisjointClasses ; owl:members ( :Agency :Work :Office ) .
:Agency owl:disjointWith :Thing .
"""
)

DATA = (
    PREFIXES
    + """
id:a1 :leads id:t1 ; :partners id:a2 ; :code "A1" ; :serial "1" .
id:a2 :heads id:t2 .
id:t1 :partOf id:m1 . id:m1 :partOf id:d1 . id:d1 :partOf id:c1 .
id:t2 :partOf id:m2 .
id:j1 a :Job .
id:a3 :oversees id:a4 .
"""
)


@pytest.fixture(scope="module")
def rules_dir(project: Project):  # type: ignore[no-untyped-def]
    return project.rules


def _graph(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def _run(ontology: Graph, data: Graph, rules_dir):  # type: ignore[no-untyped-def]
    store = ox.Store()
    for graph, name in ((ontology, "urn:test:ontology"), (data, "urn:test:data")):
        store.extend(
            ox.Quad(*(to_oxigraph(t) for t in triple), ox.NamedNode(name))  # type: ignore[misc]
            for triple in graph
        )
    fg = "https://w3id.org/fengong/ontology#"
    anchor = [
        (OUT, URIRef("http://www.w3.org/ns/prov#wasGeneratedBy"), ACTIVITY),
        (ACTIVITY, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(fg + "ReasoningActivity")),
    ]  # fmt: skip
    store.extend(ox.Quad(*(to_oxigraph(t) for t in a), ox.NamedNode(OUT)) for a in anchor)  # type: ignore[misc]
    run = run_rules(store, rules_dir)
    inferred = {
        (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(OUT))
        if q.subject.value.startswith(BASE)  # type: ignore[union-attr]
    }
    return inferred, run


def test_every_rule_gives_what_owlrl_gives(rules_dir) -> None:  # type: ignore[no-untyped-def]
    ontology, data = _graph(ONTOLOGY), _graph(DATA)
    ours, run = _run(ontology, data, rules_dir)
    reference = owlrl_closure(ontology, data, BASE)
    v, i = "http://example.org/vocab#", BASE
    expected_samples = {
        (URIRef(i + "t1"), URIRef(v + "ledBy"), URIRef(i + "a1")),  # prp-inv
        (URIRef(i + "a2"), URIRef(v + "leads"), URIRef(i + "t2")),  # prp-eqp
        (URIRef(i + "a1"), URIRef(v + "involves"), URIRef(i + "t1")),  # prp-spo1
        (URIRef(i + "t1"), URIRef(v + "partOf"), URIRef(i + "c1")),  # prp-trp, twice over
        (URIRef(i + "a2"), URIRef(v + "partners"), URIRef(i + "a1")),  # prp-symp
        (URIRef(i + "a1"), URIRef(v + "reaches"), URIRef(i + "c1")),  # prp-spo2 (2) + trp
        (URIRef(i + "a2"), URIRef(v + "reachesVia"), URIRef(i + "m1")),  # prp-spo2 (3)
    }
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    typed = {
        (URIRef(i + "a2"), rdf_type, URIRef(v + "Agency")),  # prp-dom via prp-eqp
        (URIRef(i + "t1"), rdf_type, URIRef(v + "Thing")),  # prp-rng, cax-sco twice
        (URIRef(i + "j1"), rdf_type, URIRef(v + "Work")),  # cax-eqc
    }
    for triple in [*expected_samples, *typed]:
        assert triple in ours, triple
        assert triple in set(reference.graph), triple
    assert ours == set(reference.graph)
    assert run.inconsistencies == ()
    assert reference.errors == ()


BROKEN = {
    "cax-dw": "id:x a :Agency , :Thing .",
    "cax-adc": "id:x a :Agency , :Office .",
    "prp-pdw": "id:x :oversees id:y ; :assists id:y .",
    "prp-asyp": "id:x :oversees id:y . id:y :oversees id:x .",
    "prp-irp": "id:x :oversees id:x .",
    "prp-fp": 'id:x :code "A" , "B" .',
    "prp-ifp": 'id:x :serial "7" . id:y :serial "7" .',
}


@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_each_inconsistency_is_reported(rule: str, rules_dir) -> None:  # type: ignore[no-untyped-def]
    _, run = _run(_graph(ONTOLOGY), _graph(DATA + BROKEN[rule]), rules_dir)
    # a node linked to itself by an asymmetric property is both rules' case (OWL 2 RL table 5)
    expected = {rule, "prp-asyp"} if rule == "prp-irp" else {rule}
    assert {line.split(":", 1)[0] for line in run.inconsistencies} == expected
    assert len(run.inconsistencies) == len(expected), "each finding once"
    assert "http://example.org/id/x" in run.inconsistencies[0]


def test_an_entailed_type_can_be_the_inconsistency(rules_dir) -> None:  # type: ignore[no-untyped-def]
    # id:z leads something, so it is an Agency (prp-dom), and it is stated to be Work
    _, run = _run(_graph(ONTOLOGY), _graph(DATA + "id:z :leads id:t1 ; a :Task ."), rules_dir)
    assert any(line.startswith("cax-adc") and "id/z" in line for line in run.inconsistencies)
