"""`fengong validate`: the seed's report, broken data caught, exit codes 0/1/2 exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH
from typer.testing import CliRunner

from fengong.cli import app
from fengong.graph import Project
from tests.conftest import edit_seed

runner = CliRunner()
SEED_NAME = "putuo-anban-2020-18.txt"


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def built_seed(tmp_path_factory: pytest.TempPathFactory) -> Project:
    import shutil

    from tests.conftest import ROOT

    root = tmp_path_factory.mktemp("seed")
    for part in ("ontology", "data/reference", "data/sources", "queries", "shapes"):
        shutil.copytree(ROOT / part, root / part)
    assert _run("build", "--project", str(root))[0] == 0
    return Project(root)


def test_seed_conforms_with_the_merged_cells_as_warnings(built_seed: Project) -> None:
    code, out, _ = _run("validate", "--format", "json", "--project", str(built_seed.root))
    assert code == 0
    report = json.loads(out)
    assert report["summary"]["violation"] == 0
    merged = [f for f in report["findings"] if f["shape"].endswith("#LeadOnlyFromMergedCell")]
    assert [(f["focus_label"]["en"], f["source"]) for f in merged] == [
        ("measure 3, task 2", f"data/sources/{SEED_NAME}:38"),
        ("measure 7, task 2", f"data/sources/{SEED_NAME}:52"),
        ("measure 16, task 2", f"data/sources/{SEED_NAME}:86"),
        ("measure 16, task 3", f"data/sources/{SEED_NAME}:87"),
    ]
    assert all(f["severity"] == "warning" for f in merged)


def test_text_report_in_both_languages(built_seed: Project) -> None:
    code, zh, _ = _run("validate", "--lang", "zh", "--project", str(built_seed.root))
    assert code == 0
    assert (
        f"（十六）第2项 (data/sources/{SEED_NAME}:86): 该细化措施的牵头部门仅由合并单元格继承" in zh
    )
    assert "汇总：违规 0" in zh
    code, en, _ = _run("validate", "--lang", "en", "--project", str(built_seed.root))
    assert (
        f"measure 16, task 2 (data/sources/{SEED_NAME}:86): this task's lead is only inherited"
        in en
    )


def test_turtle_report_is_a_standard_validation_report(built_seed: Project) -> None:
    code, out, _ = _run("validate", "--format", "turtle", "--project", str(built_seed.root))
    assert code == 0
    report = Graph().parse(data=out, format="turtle")
    assert len(list(report.subjects(RDF.type, SH.ValidationReport))) == 1
    assert len(list(report.subjects(RDF.type, SH.ValidationResult))) > 4


def test_severity_chooses_what_fails(built_seed: Project) -> None:
    root = str(built_seed.root)
    assert _run("validate", "--severity", "violation", "--project", root)[0] == 0
    assert _run("validate", "--severity", "warning", "--project", root)[0] == 1
    assert _run("validate", "--severity", "fatal", "--project", root)[0] == 2


def _break_and_build(project: Project, old: str, new: str) -> None:
    edit_seed(project, old, new)
    code, _, err = _run("build", "--project", str(project.root))
    assert code == 2 and "so the graph was not published" in err  # the gate refuses it
    code, _, err = _run("build", "--allow-invalid", "--project", str(project.root))
    assert code == 0, err


@pytest.mark.parametrize(
    ("old", "new", "node", "shape"),
    [
        # line 69: (十二)'s only task loses its lead (first row of a measure: nothing to inherit)
        ("纳入安全生产标准化等级评审条件。实行安全生产标准化激励和竞争机制，不断提高安全生产标准化建设质量和水平。</p>\t区应急局\t",
         "纳入安全生产标准化等级评审条件。实行安全生产标准化激励和竞争机制，不断提高安全生产标准化建设质量和水平。</p>\t\t",
         "measure 12, task 1", "TaskHasLead"),
        # line 32: 区应急局 leads and now also supports
        ("区应急局\t各安全监管部门", "区应急局\t区应急局", "measure 2, task 3", "NotLeadAndSupport"),
        # line 133: note 3 (the definition of the third category) is dropped
        ("3. 对行业、系统负有安全管理职责的部门是指: 对本行业、本系统所属单位危险化学品安全管理进行督促、检查、指导的部门。\n", "",
         "各行业和系统负有安全管理职责的部门", "CategoryShape"),
    ],
    ids=["task-without-lead", "lead-and-support", "category-without-definition"],
)  # fmt: skip
def test_broken_data_exits_1_naming_node_and_shape(
    project_copy: Project, old: str, new: str, node: str, shape: str
) -> None:
    _break_and_build(project_copy, old, new)
    code, out, _ = _run("validate", "--format", "json", "--project", str(project_copy.root))
    assert code == 1
    violations = [f for f in json.loads(out)["findings"] if f["severity"] == "violation"]
    named = {
        (label, f["shape"].rsplit("#", 1)[-1])
        for f in violations
        for label in f["focus_label"].values()
    }
    assert (node, shape) in named
    code, en, _ = _run("validate", "--lang", "en", "--project", str(project_copy.root))
    code_zh, zh, _ = _run("validate", "--lang", "zh", "--project", str(project_copy.root))
    assert code == code_zh == 1
    assert node in en + zh
    # the SPARQL engine (the build's and the server's) fills {?value} in messages as pySHACL
    # does: it printed "{?value} 在同一细化措施中既是牵头部门又是配合部门"
    code_sparql, sparql, _ = _run("validate", "--engine", "sparql", "--lang", "zh",
                                  "--project", str(project_copy.root))  # fmt: skip
    assert code_sparql == 1 and "{?" not in sparql + zh
    # the report the build wrote says the same, without loading the graph
    code_written, written, _ = _run("validate", "--written", "--format", "json",
                                    "--project", str(project_copy.root))  # fmt: skip
    assert code_written == 1
    assert (node, shape) in {
        (label, f["shape"].rsplit("#", 1)[-1])
        for f in json.loads(written)["findings"] if f["severity"] == "violation"
        for label in f["focus_label"].values()
    }  # fmt: skip


def test_the_written_report_is_the_builds_own_file(built_seed: Project) -> None:
    """--written shows validation.json as the build wrote it (its JSON byte for byte), in
    every format, with the same exit codes; nothing is checked again."""
    root = str(built_seed.root)
    code, out, _ = _run("validate", "--written", "--format", "json", "--project", root)
    assert code == 0
    assert out == (built_seed.build / "validation.json").read_text(encoding="utf-8")
    code, text, _ = _run("validate", "--written", "--lang", "en", "--project", root)
    assert code == 0 and f"measure 16, task 2 (data/sources/{SEED_NAME}:86)" in text
    assert _run("validate", "--written", "--severity", "warning", "--project", root)[0] == 1


def test_the_written_report_that_is_not_there_exits_2(built_seed: Project, tmp_path: Path) -> None:
    code, _, err = _run("validate", "--written", "--build", str(tmp_path), "--project",
                        str(built_seed.root))  # fmt: skip
    assert code == 2 and "no validation report at" in err
    (tmp_path / "validation.json").write_text('{"summary": {}}', encoding="utf-8")
    code, _, err = _run("validate", "--written", "--build", str(tmp_path), "--project",
                        str(built_seed.root))  # fmt: skip
    assert code == 2 and "is not a report fengong wrote" in err


def test_missing_build_exits_2(project_copy: Project) -> None:
    code, _, err = _run("validate", "--project", str(project_copy.root))
    assert code == 2 and "run `fengong build` first" in err


@pytest.fixture
def large_from_one_quad(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every build counts as large (5,000,000 quads or more): the seed stands in for one."""
    monkeypatch.setattr("fengong.cli.DISK_FROM", 1)


def test_a_large_build_shows_its_written_report_and_says_so(
    built_seed: Project, large_from_one_quad: None
) -> None:
    """Checking 10M quads again in one store takes 4.5 GB and minutes; the build checked them
    as it wrote them, so its report is shown, saying so."""
    root = str(built_seed.root)
    quads = (built_seed.build / "fengong.nq").read_bytes().count(b"\n")
    code, out, err = _run("validate", "--format", "json", "--project", root)
    assert code == 0
    assert out == (built_seed.build / "validation.json").read_text(encoding="utf-8")
    assert f"holds {quads:,} quads: this is the report its build wrote" in err
    assert "fengong validate --again" in err


def test_again_checks_a_large_build_in_one_store(
    built_seed: Project, large_from_one_quad: None, tmp_path: Path
) -> None:
    """A copy of the build whose written report is gone: without --again that is an error
    (nothing is checked behind the user's back); with it, the graph is checked again."""
    import shutil

    copy = tmp_path / "build"
    shutil.copytree(built_seed.build, copy)
    (copy / "validation.json").unlink()
    root = str(built_seed.root)
    code, _, err = _run("validate", "--build", str(copy), "--project", root)
    assert code == 2 and "no validation report at" in err and "validate --again" in err
    assert "this is the report its build wrote" not in err
    code, out, err = _run("validate", "--again", "--format", "json", "--build", str(copy),
                          "--project", root)  # fmt: skip
    assert code == 0 and "this is the report its build wrote" not in err
    assert json.loads(out)["summary"]["violation"] == 0


def test_a_small_build_is_checked_again_and_written_with_again_is_refused(
    built_seed: Project, tmp_path: Path
) -> None:
    import shutil

    copy = tmp_path / "build"
    shutil.copytree(built_seed.build, copy)
    (copy / "validation.json").unlink()  # a small build: checked again, so not needed
    root = str(built_seed.root)
    code, _, err = _run("validate", "--build", str(copy), "--project", root)
    assert code == 0 and "report its build wrote" not in err
    code, _, err = _run("validate", "--written", "--again", "--project", root)
    assert code == 2 and "choose one" in err


def test_the_on_disk_stores_count_decides(built_seed: Project, tmp_path: Path) -> None:
    """A build with an on-disk store knows its size without counting fengong.nq's lines."""
    import shutil

    copy = tmp_path / "build"
    shutil.copytree(built_seed.build, copy)
    (copy / "store").mkdir()
    (copy / "store" / "READY").write_text("9914117\n", encoding="ascii")
    code, _, err = _run("validate", "--build", str(copy), "--project", str(built_seed.root))
    assert code == 0 and "holds 9,914,117 quads" in err
    (copy / "store" / "READY").write_text("4999999\n", encoding="ascii")
    code, _, err = _run("validate", "--build", str(copy), "--project", str(built_seed.root))
    assert code == 0 and "quads:" not in err


@pytest.mark.parametrize("ready", [b"", b"\xff", b"many\n"])
def test_a_ready_file_cut_short_counts_the_lines_instead(
    built_seed: Project, tmp_path: Path, ready: bytes, large_from_one_quad: None
) -> None:
    """A crash while READY was written leaves it empty: not a traceback (exit 1 would say
    "findings"), but the count of fengong.nq's lines."""
    import shutil

    copy = tmp_path / "build"
    shutil.copytree(built_seed.build, copy)
    (copy / "store").mkdir()
    (copy / "store" / "READY").write_bytes(ready)
    quads = (copy / "fengong.nq").read_bytes().count(b"\n")
    code, _, err = _run("validate", "--build", str(copy), "--project", str(built_seed.root))
    assert code == 0 and f"holds {quads:,} quads" in err
