"""The build as a whole: deterministic bytes, provenance on every fact, no blank nodes."""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef

from fengong.graph import Build, Iris, Project, build_graphs, write_build
from fengong.graph.namespaces import FG, PROV, RDF, RDFS
from fengong.graph.pipeline import BUILD_FILES
from tests.conftest import SEED

IRIS = Iris()
DOC = "putuo-anban-2020-18"


def test_two_builds_give_identical_bytes(
    project: Project, tmp_path: Path, seed_build_dir: Path
) -> None:
    again = tmp_path / "again"
    write_build(build_graphs(project, [SEED]), again)
    for name in BUILD_FILES:
        assert (again / name).read_bytes() == (seed_build_dir / name).read_bytes(), name


def test_ntriples_are_sorted_and_parse(seed_build_dir: Path, seed_build: Build) -> None:
    lines = (seed_build_dir / "asserted.nt").read_bytes().splitlines()
    assert lines == sorted(lines)
    parsed = Graph().parse(seed_build_dir / "asserted.nt", format="nt")
    assert len(parsed) == len(seed_build.asserted)
    turtle = Graph().parse(seed_build_dir / "asserted.ttl", format="turtle")
    assert len(turtle) == len(parsed)


def test_no_triple_is_stored_in_two_named_graphs(seed_build_dir: Path) -> None:
    """A union default graph need not deduplicate (pyoxigraph's does not): store facts once."""
    owners: dict[bytes, list[bytes]] = {}
    for line in (seed_build_dir / "fengong.nq").read_bytes().splitlines():
        triple, graph = line.removesuffix(b" .").rsplit(b" ", 1)
        owners.setdefault(triple, []).append(graph)
    assert {t: g for t, g in owners.items() if len(g) > 1} == {}


def test_no_blank_nodes_in_the_data(seed_build: Build) -> None:
    for graph in (seed_build.asserted, seed_build.inferred):
        assert not any(isinstance(t, BNode) for triple in graph for t in triple)


def test_base_iri_is_configurable(project: Project) -> None:
    build = build_graphs(project, [SEED], Iris("http://example.org/kg/"))
    subjects = {str(s) for s in build.asserted.subjects(RDF.type, FG.RefinedTask)}
    assert "http://example.org/kg/doc/putuo-anban-2020-18/measure/16/task/3" in subjects
    assert len(subjects) == 54


def test_every_assignment_task_and_measure_has_a_source_span(seed_build: Build) -> None:
    g = seed_build.asserted
    for cls in (FG.ResponsibilityAssignment, FG.RefinedTask, FG.Measure, FG.Section, FG.NoteItem):
        for node in g.subjects(RDF.type, cls):
            span = g.value(node, FG.sourceSpan)
            assert span is not None, node
            assert g.value(span, FG.inFile) == IRIS.file("data/sources/putuo-anban-2020-18.txt")
            assert isinstance(g.value(span, FG.line), Literal)


def test_spans_hold_the_verbatim_cell(seed_build: Build) -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    g = seed_build.asserted
    for span in g.subjects(RDF.type, FG.SourceSpan):
        line, column = g.value(span, FG.line), g.value(span, FG.column)
        raw = lines[int(line) - 1]
        expected = raw.split("\t")[int(column) - 1] if column is not None else raw
        assert str(g.value(span, PROV.value)) == expected


def test_merged_cell_provenance(seed_build: Build) -> None:
    g = seed_build.asserted
    inherited = IRIS.assignment(DOC, 16, 3, "support", 2)
    assert g.value(inherited, FG.basis) == FG.mergedCell
    assert g.value(inherited, FG.inheritedFrom) == IRIS.assignment(DOC, 16, 1, "support", 2)
    span = g.value(inherited, FG.sourceSpan)
    assert (g.value(span, FG.line), g.value(span, FG.column), g.value(span, FG.endLine)) == (
        Literal(85),
        Literal(4),
        Literal(87),
    )
    # the task row itself is line 87
    assert g.value(g.value(IRIS.task(DOC, 16, 3), FG.sourceSpan), FG.line) == Literal(87)


def test_every_label_comes_in_chinese_and_english(seed_build: Build) -> None:
    g = seed_build.asserted
    labelled = set(g.subjects(RDFS.label, None))
    missing = [
        str(s)
        for s in labelled
        if {o.language for o in g.objects(s, RDFS.label) if isinstance(o, Literal)} != {"zh", "en"}
    ]
    assert missing == []


def test_document_metadata_and_links(seed_build: Build) -> None:
    from fengong.graph.namespaces import ELI, XSD

    g, doc = seed_build.asserted, IRIS.document(DOC)
    assert g.value(doc, ELI.id_local) == Literal("普安办〔2020〕18号")
    assert g.value(doc, ELI.date_document) == Literal("2020-12-08", datatype=XSD.date)
    assert g.value(doc, ELI.passed_by) == IRIS.organisation(
        "shanghai-putuo/work-safety-committee-office"
    )
    assert g.value(doc, ELI.jurisdiction) == IRIS.place("shanghai-putuo")
    assert g.value(doc, ELI.applies) == IRIS.document("shanghai-hazardous-chemicals-opinion-2020")
    assert g.value(doc, ELI.based_on) == IRIS.document(
        "shanghai-hazardous-chemicals-division-table-2020"
    )
    assert g.value(doc, FG.copiesPrinted) == Literal(40)
    # the note quotes article 4 of 沪府令第44号, which defines the categories
    article = IRIS.article("shanghai-hufuling-2016-44", 4)
    assert g.value(IRIS.note(DOC), FG.quotedFrom) == article
    assert g.value(article, FG.partOf) == IRIS.document("shanghai-hufuling-2016-44")
    assert (
        IRIS.category("shanghai-putuo/safety-supervision-departments"),
        FG.definedBy,
        IRIS.note_item(DOC, 2),
    ) in g


def test_citations_and_slogans_are_linked(seed_build: Build) -> None:
    from fengong.graph.namespaces import ELI

    g = seed_build.asserted
    cited = set(g.objects(IRIS.task(DOC, 4, 1), ELI.cites))
    assert cited == {
        IRIS.document("prc-hazardous-chemicals-regulations"),
        IRIS.document("shanghai-hufuling-2016-44"),
    }
    assert (IRIS.task(DOC, 2, 1), FG.usesSlogan, IRIS.slogan("双随机一公开")) in g
    # line 51: the measure cell of （七） quotes the 目录, its first task's cell on the same row
    # does not; task 2 (line 52) does. A citation belongs to its cell, not to its line.
    catalogue = IRIS.document("shanghai-hazardous-chemicals-catalogue")
    assert (IRIS.measure(DOC, 7), ELI.cites, catalogue) in g
    assert (IRIS.task(DOC, 7, 1), ELI.cites, catalogue) not in g
    assert (IRIS.task(DOC, 7, 2), ELI.cites, catalogue) in g
    assert (IRIS.task(DOC, 22, 2), FG.concernsRegion, IRIS.place("yangtze-river-delta")) in g
    assert isinstance(IRIS.slogan("双随机一公开"), URIRef)
