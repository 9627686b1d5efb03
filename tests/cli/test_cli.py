"""The command line, driven through Typer's CliRunner: exit codes, outputs, and errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fengong.cli import app
from fengong.export import ASSIGNMENT_COLUMNS
from fengong.graph import Project
from tests.conftest import edit_seed

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_help_lists_the_commands() -> None:
    code, out, _ = _run("--help")
    assert code == 0
    for command in ("build", "stats", "export"):
        assert command in out


def test_build_then_export(project_copy: Project) -> None:
    root = str(project_copy.root)
    code, out, err = _run("build", "--project", root)
    assert code == 0, err
    assert "普安办〔2020〕18号, 27 measures" in out
    code, out, _ = _run("export", "assignments", "--project", root)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0].keys()) == ASSIGNMENT_COLUMNS
    assert {r["basis"] for r in rows} == {"stated", "merged-cell"}
    code, out, _ = _run("export", "assignments", "--expand", "--format", "json", "--project", root)
    expanded = json.loads(out)
    assert {r["basis"] for r in expanded} == {"stated", "merged-cell", "category"}
    assert len(expanded) > len(rows)
    assert all(
        isinstance(r["measure"], int) and isinstance(r["open_ended"], bool) for r in expanded
    )
    code, out, _ = _run("stats", "--project", root)
    assert code == 0 and "RefinedTask: 54" in out and "Measure: 27" in out


def test_matrix_marks_the_emergency_bureau(project_copy: Project) -> None:
    root = str(project_copy.root)
    assert _run("build", "--project", root)[0] == 0
    code, out, _ = _run("export", "matrix", "--project", root)
    assert code == 0
    # columns are titled by the measures' labels, which begin with their printed numbers
    printed = {"3": "三", "6": "六", "9": "九", "10": "十", "12": "十二", "18": "十八",
               "19": "十九", "20": "二十", "21": "二十一", "22": "二十二", "23": "二十三"}  # fmt: skip
    titled = list(csv.DictReader(io.StringIO(out)))
    column = {n: next(c for c in titled[0] if c.startswith(f"（{p}）")) for n, p in printed.items()}
    rows = {r["department"]: {n: r[c] for n, c in column.items()} for r in titled}
    bureau = rows["区应急局"]
    # read by hand: 区应急局 leads (九), (十二), (十九)-(二十三); leads and supports in (六)
    # (lines 46-47) and (十) (lines 61-62); is not named in (三) (lines 37-38)
    for measure in ("9", "12", "19", "20", "21", "22", "23"):
        assert bureau[measure] == "L", measure
    assert bureau["6"] == bureau["10"] == "L/S"
    assert bureau["3"] == ""
    # 区教育局 leads in (十八) (line 93) and supports in (十九)-(二十一) (lines 99, 100, 104)
    education = rows["区教育局"]
    assert [education[m] for m in ("18", "19", "20", "21", "22")] == ["L", "S", "S", "S", ""]
    assert next(iter(rows)) == "区应急局"  # the busiest lead comes first


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "区城运中心",
            "区城管执法局",
            "data/sources/putuo-anban-2020-18.txt:85:4: unknown department '区城管执法局'",
        ),
        (
            "对有关工业园区危险化学品生产实施总量控制,降低区域风险。\t各街道镇\t",
            "对有关工业园区",
            "data/sources/putuo-anban-2020-18.txt:60: table row has 2 column(s)",
        ),
    ],
    ids=["unknown-department", "truncated-row"],
)
def test_bad_input_exits_2_and_keeps_the_previous_build(
    project_copy: Project, old: str, new: str, message: str
) -> None:
    root = str(project_copy.root)
    assert _run("build", "--project", root)[0] == 0
    before = {str(p.relative_to(project_copy.build)): p.read_bytes()
              for p in sorted(project_copy.build.rglob("*")) if p.is_file()}  # fmt: skip
    edit_seed(project_copy, old, new)
    code, out, err = _run("build", "--strict", "--project", root)
    assert code == 2
    assert err.startswith("error: ") and message in err
    assert "Traceback" not in err + out
    after = {str(p.relative_to(project_copy.build)): p.read_bytes()
              for p in sorted(project_copy.build.rglob("*")) if p.is_file()}  # fmt: skip
    assert after == before


def test_non_utf8_source_exits_2_with_the_line(project_copy: Project) -> None:
    path = project_copy.sources / "putuo-anban-2020-18.txt"
    data = path.read_bytes().replace("区商务委".encode(), "区商务委".encode("gbk"), 1)
    path.write_bytes(data)
    code, _, err = _run("build", "--project", str(project_copy.root))
    assert code == 2
    assert "putuo-anban-2020-18.txt:46: not valid UTF-8" in err
    assert not project_copy.build.exists()


def test_export_without_a_build_is_a_clear_error(tmp_path: Path, project_copy: Project) -> None:
    code, _, err = _run("export", "assignments", "--project", str(project_copy.root))
    assert code == 2 and "run `fengong build` first" in err


def test_missing_source_is_a_usage_error(project_copy: Project) -> None:
    code, _, err = _run("build", "nope.txt", "--project", str(project_copy.root))
    assert code == 2 and "nope.txt: no such file or directory" in err
