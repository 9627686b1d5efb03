"""The SPARQL fast path finds what pySHACL (the reference) finds: same shapes, same focus
nodes, same severities — on the seed and on every shape example."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from fengong.graph import Build, Project
from fengong.graph.serialize import sorted_ntriples
from fengong.store import EmbeddedStore
from fengong.validate import Severity, ValidationReport, load_shapes, validate_graph
from fengong.validate.report import Finding
from fengong.validate.sparql import load_checks, run_checks

HERE = Path(__file__).parent
EXAMPLES = sorted((HERE / "invalid").glob("*.ru")) + sorted((HERE / "valid").glob("*.ru"))


def _key(report: ValidationReport) -> set[tuple[str, str, str]]:
    return {(f.shape, f.focus, f.severity.name) for f in report.findings}


@pytest.fixture(scope="module")
def shapes(project: Project) -> Graph:
    return load_shapes(project.root / "shapes")


def _both(
    data: Graph, shapes: Graph, project: Project
) -> tuple[ValidationReport, ValidationReport]:
    store = EmbeddedStore.from_ntriples_bytes(sorted_ntriples(data))
    checks = load_checks(project.root / "queries" / "checks")
    return validate_graph(data, shapes), run_checks(store, checks, shapes, project.root / "queries")


def test_one_check_query_per_shape(shapes: Graph, project: Project) -> None:
    from rdflib.namespace import RDF, SH

    declared = {str(s) for s in shapes.subjects(RDF.type, SH.NodeShape)}
    checks = load_checks(project.root / "queries" / "checks")
    assert sorted(c.shape for c in checks) == sorted(declared)
    for check in checks:  # file names say the severity, ODK style
        assert check.name.endswith("-" + check.severity.name.lower())


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_engines_agree_on_examples(shapes: Graph, project: Project, example: Path) -> None:
    data = Graph().parse(HERE / "base.ttl", format="turtle")
    data.update(example.read_text(encoding="utf-8"))
    reference, fast = _both(data, shapes, project)
    assert _key(fast) == _key(reference)


def test_engines_agree_on_the_seed(shapes: Graph, project: Project, seed_build: Build) -> None:
    data = Graph()
    for triple in seed_build.asserted:
        data.add(triple)
    for triple in seed_build.inferred:
        data.add(triple)
    reference, fast = _both(data, shapes, project)
    assert _key(reference)  # the seed has warnings and infos to compare
    assert _key(fast) == _key(reference)
    # the fast path names focus nodes the same way
    by_focus = {(f.shape, f.focus): (f.focus_label, f.source) for f in reference.findings}
    for f in fast.findings:
        assert (f.focus_label, f.source) == by_focus[(f.shape, f.focus)]


def test_every_check_says_where_a_streaming_build_runs_it(project: Project) -> None:
    scopes = {c.name: c.scope for c in load_checks(project.queries / "checks")}
    assert set(scopes.values()) == {"document", "spanning"}
    # documents' own nodes: one document tells; nodes several may state: all of them together
    assert scopes["measure-has-lead-violation"] == "document"
    assert scopes["registered-warning"] == "spanning"


def test_a_check_with_an_unknown_scope_is_refused(tmp_path: Path) -> None:
    from fengong.errors import FengongError

    (tmp_path / "x-violation.rq").write_text(
        "#+ shape: XShape\n#+ severity: violation\n#+ scope: corpus\nSELECT ?focus WHERE {}\n"
    )
    with pytest.raises(FengongError, match="scope: corpus; a scope is one of document, spanning"):
        load_checks(tmp_path)
    (tmp_path / "x-violation.rq").write_text(
        "#+ shape: XShape\n#+ severity: violation\nSELECT ?focus WHERE {}\n"
    )
    assert load_checks(tmp_path)[0].scope == "document"  # a project's own checks, by default


def test_the_report_written_row_by_row_is_render_json(
    shapes: Graph, project: Project, tmp_path: Path
) -> None:
    """ReportWriter (a corpus's report, in bounded memory) writes what render_json writes:
    empty; and with findings whose keys tie (kept in the order they came) or hold the
    characters the sort key reserves, and a value with a line break, kept as it was."""
    from fengong.validate.sparql import (
        Hit,
        ReportWriter,
        name_hits,
        record_severity,
        render_records,
    )

    checks = load_checks(project.queries / "checks")
    empty = ReportWriter(checks, shapes, tmp_path).finish(tmp_path / "empty.json")
    assert empty.path.read_text() == ValidationReport(()).render_json()
    hits = [
        Hit("reading-warning", "https://x/w/2", "b\nsecond",
            (("value", "b\nsecond"),), (("zh", "乙\x01"),), (3, "a.txt")),
        Hit("reading-warning", "https://x/w/1", "a", (("value", "a"),), (("zh", "乙"),), (3, "a.txt")),
        Hit("task-has-lead-violation", "https://x/t/1", None, (), (("zh", "甲"),), None),
        Hit("reading-warning", "https://x/w/1", "a", (("value", "a"),), (("zh", "乙"),), (3, "a.txt")),
    ]  # fmt: skip
    writer = ReportWriter(checks, shapes, tmp_path)
    records = writer.add(hits[:2], 0) + writer.add(hits[2:], 1)
    summary = writer.finish(tmp_path / "report.json", keep=tmp_path / "records")
    expected = name_hits(hits, checks, shapes)
    assert summary.path.read_text() == expected.render_json()
    assert summary.count(Severity.VIOLATION) == 1 and summary.count(Severity.WARNING) == 3
    assert [f.focus for f in summary.violations] == ["https://x/t/1"]
    # the kept records render the same report again (a patched build's: fengong.graph.patch)
    again = render_records(tmp_path / "records", summary.counts, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_text() == expected.render_json()
    assert again == list(summary.violations)
    kinds = [Severity.WARNING, Severity.WARNING, Severity.VIOLATION, Severity.WARNING]
    assert [record_severity(r) for r in records] == kinds  # in the order the hits came
    with pytest.raises(ValueError, match="without a severity"):
        record_severity(b"key\x01000000000000000000\x01{}\x00")
    assert ValidationReport.from_json(summary.path.read_text()).findings[-1].value == "b\nsecond"
    assert not list(tmp_path.glob(".findings*"))


@pytest.mark.parametrize(
    "finding",
    [
        Finding(Severity.VIOLATION, "https://x/s", {}, {}, "https://x/f", {}, None, None, None),
        Finding(Severity.WARNING, "https://x/s", {"en": 'a "q" \\ b', "zh": "甲\u2028乙"},
                {"en": "tab\there\nline", "zh": "控制\x00\x1f\x7f"}, "https://x/f?a=1&b=<2>",
                {"zh": "（十六）第2项", "en": "measure 16"}, "data/x.txt:86", 86, "𠀋 value"),
        Finding(Severity.INFO, "", {"en": ""}, {"en": "/"}, "", {"en": "\ud7ff"}, "", 0, ""),
    ],
)  # fmt: skip
def test_a_row_written_directly_is_the_json_modules(finding: Finding) -> None:
    """json_row_text writes what json.dumps(..., indent=2) writes (the report's rows), for
    empty dicts, escapes, control characters, None, zero and characters beyond the BMP."""
    import json

    from fengong.validate.report import json_row, json_row_text

    assert json_row_text(finding) == json.dumps(json_row(finding), ensure_ascii=False, indent=2)
