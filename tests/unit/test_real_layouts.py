"""Every layout seen in published documents, written in our own words and read by hand
(tests/data/real-layouts/README.md lists the real documents each one imitates)."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from fengong.errors import IngestError
from fengong.ingest.head_fields import normalise_number
from fengong.ingest.layout import read_document
from fengong.ingest.resolve import resolve_document
from fengong.reference import Registry

FOLDER = Path(__file__).parents[1] / "data" / "real-layouts"
DOCUMENTS = sorted(p.name for p in FOLDER.glob("*.txt"))

#: What the reader does not read yet, by document: each one a strict xfail, so a document the
#: reader learns to read fails this list and is taken off it. Figures are (mentions read right /
#: mentions in the hand reading) when this list was written.
KNOWN_GAPS: dict[str, str] = {
    "A-hard-wrap.txt": "21 of 23 mentions right, 1 wrong",
    "A-table-cell-per-line.txt": "date '2023-01-20' (hand: 2023-01-18)",
    "A-table-pipes-star.txt": "2 of 22 mentions right, 0 wrong",
    "A-table-spaces-runon.txt": "refused (nothing readable: no numbered items (looked for headings 一、……); 0 of 14 mentions",
    "B-paren-first-is-lead-1comma.txt": "issuer '' (hand: 江西省人民政府办公厅)",
    "B-single-line.txt": "issuer '' (hand: 河南省人民政府)",
    "B-table-cell-per-line-province-lead.txt": "6 of 23 mentions right, 8 wrong",
    "B-table-merged-cells.txt": "18 of 21 mentions right, 4 wrong",
    "B-table-pipes-own-line.txt": "20 of 23 mentions right, 3 wrong",
    "C-labelled-lines-responsible.txt": "date '2021-06-03' (hand: 2021-05-28)",
    "C-paren-etc-responsible.txt": "issuer '' (hand: 省政府)",
    "C-table-cell-per-line.txt": "date '2023-02-10' (hand: 2023-02-08)",
}


def _differences(folder: Path, name: str, registry: Registry) -> list[str]:
    """What the reader reads in ``folder/name`` that its hand reading (``.reading.csv``,
    ``.head.yaml`` beside it) does not say, and the reverse; empty when they agree."""
    with (folder / name.replace(".txt", ".reading.csv")).open(encoding="utf-8") as f:
        hand = Counter((row["role"], row["mention"].strip()) for row in csv.DictReader(f))
    head = yaml.safe_load((folder / name.replace(".txt", ".head.yaml")).read_text("utf-8"))
    try:
        _, table = read_document(folder / name, name)
    except IngestError as err:
        return [f"refused: {err}"]
    doc = resolve_document(table, registry)
    read = Counter((a.role.value, a.mention) for a in doc.assignments if a.basis.value == "stated")
    found = [f"not read: {m}" for m in (hand - read).elements()]
    found += [f"not in the hand reading: {m}" for m in (read - hand).elements()]
    for field in ("number", "issuer", "date"):
        want, got = str(head.get(field) or ""), getattr(table.head, field)
        if field == "number":
            want, got = normalise_number(want), normalise_number(got)
        if want and got != want:
            found.append(f"{field}: {got!r}, hand reading {want!r}")
    return found


@pytest.mark.parametrize("name", DOCUMENTS)
def test_assignments_and_head_are_the_hand_reading(
    name: str, registry: Registry, request: pytest.FixtureRequest
) -> None:
    if name in KNOWN_GAPS:
        request.applymarker(pytest.mark.xfail(reason=KNOWN_GAPS[name], strict=True))
    assert _differences(FOLDER, name, registry) == []


def test_the_folder_holds_what_the_issue_asks() -> None:
    """At least one test document per form, each with its hand reading and head."""
    assert len(DOCUMENTS) >= 30
    for name in DOCUMENTS:
        assert (FOLDER / name.replace(".txt", ".reading.csv")).is_file(), name
        assert (FOLDER / name.replace(".txt", ".head.yaml")).is_file(), name
    assert set(KNOWN_GAPS) <= set(DOCUMENTS)  # no stale entry


def test_a_wrong_hand_reading_is_a_difference(tmp_path: Path, registry: Registry) -> None:
    """The comparison can fail: a document read exactly, with one role swapped and one head
    field changed in its hand reading, differs in both."""
    name = next(n for n in DOCUMENTS if n not in KNOWN_GAPS)
    for suffix in (".txt", ".reading.csv", ".head.yaml"):
        shutil.copy(FOLDER / name.replace(".txt", suffix), tmp_path / name.replace(".txt", suffix))
    assert _differences(tmp_path, name, registry) == []
    reading = tmp_path / name.replace(".txt", ".reading.csv")
    rows = list(csv.DictReader(reading.open(encoding="utf-8")))
    rows[0]["role"] = "support" if rows[0]["role"] == "lead" else "lead"
    with reading.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    head = tmp_path / name.replace(".txt", ".head.yaml")
    head.write_text(head.read_text("utf-8") + "\ndate: 1999-01-01\n", encoding="utf-8")
    found = _differences(tmp_path, name, registry)
    assert any(d.startswith("not read: ") for d in found)
    assert any(d.startswith("date: ") for d in found)


def test_roles_in_prose_are_read_only_beside_a_lead() -> None:
    """由X副市长负责，市环保局牵头，相关部门配合: the official is no department; a sentence that
    names no lead (各地要负责落实) assigns nothing, and the item is kept with a warning."""
    from fengong.ingest import decode_source
    from fengong.ingest.listing import parse_inline_document

    text = (
        "一、重点项目\n1、甲项目\n由某副市长负责，市环保局牵头，相关部门配合，抓紧完成报批。\n"
        "2、乙项目\n各地要负责落实，加强指导，按期完成。\n"
    )
    doc = parse_inline_document(decode_source(text.encode(), "p.txt"))
    first, second = (m.tasks[0] for m in doc.measures)
    assert first.lead is not None and [m.text for m in first.lead.mentions] == ["市环保局"]
    assert first.support is not None and [m.text for m in first.support.mentions] == ["相关部门"]
    assert second.lead is None and second.support is None
    assert any(w.line == 4 and "names no department" in w.message for w in doc.warnings)
