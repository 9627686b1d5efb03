"""The benchmark corpus generator writes tables the real parser reads, the same for a seed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fengong.ingest import parse_table_document, read_source
from fengong.ingest.resolve import resolve_document
from fengong.reference import Registry
from tests.conftest import ROOT


def _generate(out: Path, seed: int) -> list[Path]:
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "corpus.py"), "--docs", "6", "--seed", str(seed),
         "--out", str(out)],
        check=True, capture_output=True,
    )  # fmt: skip
    return sorted(out.glob("*.txt"))


def test_generated_tables_parse_resolve_and_repeat(tmp_path: Path, registry: Registry) -> None:
    first = _generate(tmp_path / "a", 3)
    again = _generate(tmp_path / "b", 3)
    other = _generate(tmp_path / "c", 4)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]
    numbers, merged = set(), 0
    for path in first:
        doc = resolve_document(parse_table_document(read_source(path, path.name)), registry)
        numbers.add(doc.table.head.number)
        ordinals = [m.ordinal for m in doc.table.measures]
        assert ordinals == list(range(1, len(ordinals) + 1))
        assert all(m.tasks for m in doc.table.measures)
        merged += sum(a.basis.value == "merged-cell" for a in doc.assignments)
    assert len(numbers) == 6 and "普安办〔2020〕18号" not in numbers
    assert merged > 0  # merged cells occur, as in the seed
