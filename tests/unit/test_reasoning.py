"""Build-time reasoning on the seed (the rules, owlrl as their reference) and the HermiT gate."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from fengong.graph import Build, Iris
from fengong.graph.consistency import check_consistency, java_available
from fengong.graph.namespaces import ELI, FG, RDF
from fengong.graph.reason import owlrl_closure

IRIS = Iris()
DOC = "putuo-anban-2020-18"
ORG = "https://w3id.org/fengong/id/org/"
#: What the rules add beyond OWL 2 RL: the shortcut properties, and the reasoning activity's
#: own description (owlrl never sees it).
NOT_OWL = {FG.leadDepartment, FG.supportDepartment}


def _owl_part(inferred: Graph) -> set[tuple[object, object, object]]:
    own = (IRIS.activity("reasoning"), IRIS.graph("inferred"))
    return {t for t in inferred if t[0] not in own and t[1] not in NOT_OWL}


def test_rules_find_the_seed_consistent(seed_build: Build) -> None:
    assert seed_build.reasoning_errors == ()
    assert 1 < seed_build.rounds < 6


def test_rules_give_exactly_what_owlrl_gives_on_the_seed(seed_build: Build) -> None:
    reference = owlrl_closure(seed_build.ontology, seed_build.asserted, IRIS.base)
    assert reference.errors == ()
    ours = _owl_part(seed_build.inferred)
    assert len(reference.graph) > 2000
    assert set(reference.graph) - ours == set(), "owlrl entails these, the rules do not"
    assert ours - set(reference.graph) == set(), "the rules entail these, owlrl does not"


def test_owlrl_reports_a_disjointness_violation(seed_build: Build) -> None:
    broken = Graph()
    for t in seed_build.asserted:
        broken.add(t)
    broken.add((IRIS.measure(DOC, 1), RDF.type, FG.RefinedTask))  # a measure cannot be a task
    result = owlrl_closure(seed_build.ontology, broken, IRIS.base)
    assert any("isjoint" in e for e in result.errors)


def _reached(build: Build, measure: int, task: int, role: str, position: int) -> set[str]:
    node = IRIS.assignment(DOC, measure, task, role, position)
    return {str(o).removeprefix(ORG) for o in build.inferred.objects(node, FG.reachesAgency)}


def test_category_expansion(seed_build: Build) -> None:
    # line 28: lead 应急管理部门 (note 1) → 区应急局
    assert _reached(seed_build, 1, 1, "lead", 1) == {"shanghai-putuo/emergency-management-bureau"}
    # line 32: support 各安全监管部门 → the Putuo agencies the registry maps note 2's list to
    assert _reached(seed_build, 2, 3, "support", 1) == {
        "shanghai-putuo/emergency-management-bureau",
        "shanghai-putuo/public-security-branch",
        "shanghai-putuo/market-supervision-bureau",
        "shanghai-putuo/ecology-environment-bureau",
    }
    # note 3's category lists no members: nothing is reached (a lower bound, not a guess)
    assert _reached(seed_build, 1, 1, "lead", 3) == set()
    # a concrete agency is not "expanded"
    assert _reached(seed_build, 12, 1, "lead", 1) == set()


def test_expansion_stays_in_the_jurisdiction(seed_build: Build) -> None:
    reached = {str(o) for o in seed_build.inferred.objects(None, FG.reachesAgency)}
    assert reached and all(r.startswith(ORG + "shanghai-putuo/") for r in reached)


def test_collective_distributes_to_its_ten_members(seed_build: Build) -> None:
    node = IRIS.assignment(DOC, 3, 1, "lead", 1)  # line 37: 各街道镇
    assert len(set(seed_build.inferred.objects(node, FG.distributesTo))) == 10


def test_part_of_and_containment_closures(seed_build: Build) -> None:
    task = IRIS.task(DOC, 16, 3)
    assert (task, ELI.is_part_of, IRIS.document(DOC)) in seed_build.inferred
    assert (task, ELI.is_part_of, IRIS.section(DOC, 5)) in seed_build.inferred
    town = IRIS.place("shanghai-putuo-taopu")
    assert (town, FG.within, IRIS.place("china")) in seed_build.inferred
    assert (IRIS.place("yangtze-river-delta"), FG.within, None) not in seed_build.inferred


def test_shortcut_properties(seed_build: Build) -> None:
    leads = set(seed_build.inferred.objects(IRIS.task(DOC, 8, 1), FG.leadDepartment))
    assert leads == {
        URIRef(ORG + "shanghai-putuo/construction-management-commission"),
        URIRef(ORG + "shanghai-putuo/emergency-management-bureau"),
    }


needs_java = pytest.mark.skipif(not java_available(), reason="HermiT needs Java; `java` not found")


@needs_java
def test_hermit_finds_ontology_and_data_consistent(seed_build: Build) -> None:
    graphs = [seed_build.graphs[IRIS.graph("ontology")], seed_build.asserted, seed_build.inferred]
    result = check_consistency(graphs)
    assert result.consistent, result.message


@needs_java
@pytest.mark.parametrize(
    "bad",
    [
        (
            URIRef(ORG + "shanghai-putuo/emergency-management-bureau"),
            RDF.type,
            FG.DepartmentCategory,
        ),
        (IRIS.task(DOC, 1, 1), RDF.type, FG.Measure),
        (IRIS.assignment(DOC, 1, 1, "lead", 1), RDF.type, FG.Agency),
    ],
    ids=["agency-as-category", "task-as-measure", "assignment-as-agency"],
)
def test_hermit_catches_inconsistent_data(seed_build: Build, bad: tuple) -> None:  # type: ignore[type-arg]
    extra = Graph()
    extra.add(bad)
    graphs = [seed_build.graphs[IRIS.graph("ontology")], seed_build.asserted, extra]
    assert not check_consistency(graphs).consistent
