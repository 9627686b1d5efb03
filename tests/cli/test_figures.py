"""Exports for other tools: XLSX matrix, GraphML network, PNG/SVG figures."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from fengong.cli import app
from tests.catalogue.conftest import golden_path
from tests.conftest import ROOT

runner = CliRunner()
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout + result.stderr


def _hand_matrix() -> dict[tuple[str, str], str]:
    """(department, measure) → L, S or L/S, from the hand-checked reading of the table."""
    roles: dict[tuple[str, str], set[str]] = {}
    golden = ROOT / "tests" / "golden" / "putuo-anban-2020-18.assignments.csv"
    with golden.open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            roles.setdefault((r["department"], r["measure"]), set()).add(r["role"])
    return {k: {"lead": "L", "support": "S"}[next(iter(v))] if len(v) == 1 else "L/S"
            for k, v in roles.items()}  # fmt: skip


_DIGITS = "一二三四五六七八九"


def _printed(n: int) -> str:
    """How the document prints measure ``n`` (1-99): 十六 for 16, 二十一 for 21."""
    tens, ones = divmod(n, 10)
    head = ("" if tens == 1 else _DIGITS[tens - 1]) + "十" if tens else ""
    return head + (_DIGITS[ones - 1] if ones else "")


def _cells(rows: list[list[str]]) -> dict[tuple[str, str], str]:
    """Columns are titled by measure labels, which start with the printed number: （十六）…"""
    header, *body = rows
    number = {title: next(str(n) for n in range(1, 100) if title.startswith(f"（{_printed(n)}）"))
              for title in header[2:]}  # fmt: skip
    return {(row[1], number[m]): cell for row in body
            for m, cell in zip(header[2:], row[2:], strict=True) if cell}  # fmt: skip


def test_matrix_csv_and_xlsx_match_the_hand_reading(seed_build_dir: Path, tmp_path: Path) -> None:
    graph = str(seed_build_dir / "fengong.nq")
    code, text = _run("export", "matrix", "--graph", graph)
    assert code == 0
    assert _cells(list(csv.reader(io.StringIO(text)))) == _hand_matrix()
    out = tmp_path / "m.xlsx"
    assert _run("export", "matrix", "--format", "xlsx", "-o", str(out), "--graph", graph)[0] == 0
    sheet = load_workbook(out).active
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert _cells(rows) == _hand_matrix()
    assert _run("export", "matrix", "--format", "xlsx", "--graph", graph)[0] == 2  # needs -o


def test_graphml_has_the_golden_nodes_and_edges(seed_build_dir: Path) -> None:
    code, text = _run("export", "graphml", "--graph", str(seed_build_dir / "fengong.nq"))
    assert code == 0
    root = ElementTree.fromstring(text)
    nodes = root.findall(f".//{GRAPHML}node")
    edges = {(e.get("source"), e.get("target")): e.find(f"{GRAPHML}data").text  # type: ignore[union-attr]
             for e in root.findall(f".//{GRAPHML}edge")}  # fmt: skip
    with golden_path("collaboration-edges").open(encoding="utf-8") as handle:
        golden = {(r["lead"], r["support"]): r["tasks"] for r in csv.DictReader(handle)}
    assert edges == golden
    with golden_path("workload").open(encoding="utf-8") as handle:
        assert {n.get("id") for n in nodes} == {r["label"] for r in csv.DictReader(handle)}


def test_plots_are_written_and_svg_is_deterministic(seed_build_dir: Path, tmp_path: Path) -> None:
    graph = str(seed_build_dir / "fengong.nq")
    for kind in ("matrix", "network", "workload"):
        out = tmp_path / f"{kind}.png"
        assert _run("plot", kind, "-o", str(out), "--graph", graph)[0] == 0
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    for out in (first, second):
        assert _run("plot", "network", "-o", str(out), "--graph", graph)[0] == 0
    assert first.read_bytes() == second.read_bytes()
    assert _run("plot", "network", "-o", str(tmp_path / "x.jpg"), "--graph", graph)[0] == 2


def test_the_xlsx_matrix_is_written_whole_or_not_at_all(
    seed_build_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the write is interrupted before the file is put in place: the old file stays as it was
    import fengong.cli_common

    out = tmp_path / "m.xlsx"
    out.write_bytes(b"the previous matrix")

    def interrupted(source: object, target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(fengong.cli_common.os, "replace", interrupted)
    graph = str(seed_build_dir / "fengong.nq")
    code, _ = _run("export", "matrix", "--format", "xlsx", "-o", str(out), "--graph", graph)
    assert code != 0
    assert out.read_bytes() == b"the previous matrix"
