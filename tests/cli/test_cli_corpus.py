"""The corpus commands from the command line: build a folder of several layouts, align,
diff; documents from tests/data (invented, read by hand)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from fengong.cli import app
from fengong.graph import Project
from tests.conftest import ROOT

runner = CliRunner()
DATA = ROOT / "tests" / "data"


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _corpus(project_copy: Project) -> Project:
    for path in (DATA / "corpus").glob("*.txt"):
        shutil.copy(path, project_copy.sources)
    for name in ("table-district.docx", "inline-numbered.txt", "no-head.txt", "no-head.txt.yaml"):
        shutil.copy(DATA / "layouts" / name, project_copy.sources)
    (project_copy.sources / "scan.ofd").write_bytes(b"PK")  # OFD is not read: skipped
    return project_copy


def test_build_a_folder_of_several_layouts(project_copy: Project) -> None:
    project = _corpus(project_copy)
    code, out, err = _run("build", "--project", str(project.root))
    assert code == 0, err
    assert "skipped " in err and "scan.ofd: not a source file" in err
    assert ".pdf" in err and ".doc," in err  # what is read, as the readers list it
    lines = [line for line in out.splitlines() if line.startswith("read ")]
    assert len(lines) == 7  # the seed, three corpus tables, a Word table, two text documents
    assert any("table-district.docx (grid-table layout" in line for line in lines)
    assert any("inline-numbered.txt (read as GB18030; inline layout" in line for line in lines)
    assert any("head from data/sources/no-head.txt.yaml" in line for line in lines)
    code, out, _ = _run("query", "untaken-measures", "--format", "json",
                        "--project", str(project.root))  # fmt: skip
    assert code == 0
    rows = json.loads(out)  # by hand: district B never took up municipal (三) and (七)
    assert [(r["lower_document"], r["higher_measure"]) for r in rows] == [
        ("普安办〔2099〕22号", 3),
        ("普安办〔2099〕22号", 7),
    ]


def test_strict_refuses_a_name_the_registry_lacks(project_copy: Project) -> None:
    shutil.copy(DATA / "layouts" / "inline-numbered.txt", project_copy.sources)
    code, _, err = _run("build", "--strict", "--project", str(project_copy.root))
    assert code == 2 and "unknown department '区水务局'" in err


def test_align_writes_proposals_for_review(project_copy: Project, tmp_path: Path) -> None:
    project = _corpus(project_copy)
    target = tmp_path / "alignments.csv"
    code, out, err = _run("align", "--output", str(target), "--project", str(project.root))
    assert code == 0, err
    assert (
        "普安办〔2099〕22号 implements 沪安委办〔2099〕3号: 6 of 6 measures paired, 2 higher" in out
    )
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == 14 and {r["status"] for r in rows} == {"proposed"}


def test_diff_two_versions(tmp_path: Path) -> None:
    old = DATA / "corpus" / "district-a.txt"
    new = tmp_path / "district-a-v2.txt"
    new.write_text(old.read_text(encoding="utf-8").replace(
        "\t区商务委\t区发改委、区国资委", "\t区商务委、区应急局\t区发改委", 1), encoding="utf-8")  # fmt: skip
    code, out, _ = _run("diff", str(old), str(new))
    assert code == 0
    assert out.splitlines()[2:] == [
        "* （一）第2项 lead: +区应急局",
        "* （一）第2项 support: -区国资委",
    ]
    code, out, _ = _run("diff", str(old), str(new), "--format", "csv")
    assert out.splitlines()[0] == "kind,left,right,detail"


def test_diff_of_an_unreadable_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"not a zip")
    code, _, err = _run("diff", str(bad), str(bad))
    assert code == 2 and "x.docx: not a Word file" in err


def test_keep_going_leaves_out_a_bad_document(project_copy: Project) -> None:
    (project_copy.sources / "broken.html").write_text(
        "<p>没有表格，也没有编号条目。</p>", encoding="utf-8"
    )
    code, _, err = _run("build", "--project", str(project_copy.root))
    assert code == 2 and "broken.html" in err  # by default one bad document stops the build
    code, out, err = _run("build", "--keep-going", "--project", str(project_copy.root))
    assert code == 0, err
    assert "left out: data/sources/broken.html" in err and "nothing readable" in err
    assert "read data/sources/putuo-anban-2020-18.txt" in out and "published" in out
    for path in project_copy.sources.glob("*.txt"):
        path.unlink()  # nothing readable left: the build fails with the reason
    code, _, err = _run("build", "--keep-going", "--project", str(project_copy.root))
    assert code == 2 and "nothing readable" in err
