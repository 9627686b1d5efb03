"""The assignments export against a hand-made reading of the seed, mention by mention."""

from __future__ import annotations

import csv
from pathlib import Path

from fengong.export import ASSIGNMENT_COLUMNS, assignment_rows, to_csv
from fengong.graph import Project
from fengong.store import EmbeddedStore

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "putuo-anban-2020-18.assignments.csv"


def _golden() -> list[dict[str, str]]:
    with GOLDEN.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == ASSIGNMENT_COLUMNS
        return list(reader)


def test_export_matches_the_hand_reading(seed_store: EmbeddedStore, project: Project) -> None:
    exported = list(csv.DictReader(to_csv(ASSIGNMENT_COLUMNS, assignment_rows(
        seed_store, project.root / "queries")).splitlines()))  # fmt: skip
    golden = _golden()
    key = ("measure", "task", "role", "mention")
    mismatches = [
        f"row {n}: golden {g} != exported {e}"
        for n, (g, e) in enumerate(zip(golden, exported, strict=False), start=2)
        if g != e
    ]
    assert mismatches == [], "\n".join(mismatches[:20])
    assert len(exported) == len(golden), (
        f"{len(exported)} exported rows, {len(golden)} in the golden file; missing: "
        f"{[tuple(r[k] for k in key) for r in golden[len(exported) :]]}"
    )


def test_golden_file_agrees_with_the_hand_counts() -> None:
    rows = _golden()
    assert {r["document"] for r in rows} == {"普安办〔2020〕18号"}
    assert len({(r["measure"], r["task"]) for r in rows}) == 54
    assert {r["measure"] for r in rows} == {str(n) for n in range(1, 28)}
    merged = {
        (r["measure"], r["task"], r["source_line"]) for r in rows if r["basis"] == "merged-cell"
    }
    assert merged == {("3", "2", "38"), ("7", "2", "52"), ("16", "2", "86"), ("16", "3", "87")}
