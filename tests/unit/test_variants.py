"""Documents a reviewer wrote with their readings by hand, before running the code
(tests/data/variants/README.md): every assignment and the metadata must be the hand reading."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from fengong.ingest.layout import read_document
from fengong.ingest.records import Role
from fengong.ingest.resolve import ResolvedDocument, resolve_document
from fengong.reference import Registry

VARIANTS = Path(__file__).parents[1] / "data" / "variants"
DOCUMENTS = sorted(
    p.name for p in VARIANTS.iterdir() if (VARIANTS / f"{p.name}.expected.csv").is_file()
)


def _read(name: str, registry: Registry) -> ResolvedDocument:
    return resolve_document(read_document(VARIANTS / name, name)[1], registry)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_assignments_are_the_hand_reading(name: str, registry: Registry) -> None:
    doc = _read(name, registry)
    section = {m.ordinal: s.ordinal for s in doc.table.sections for m in s.measures}
    got = sorted(
        (str(section[a.measure]), str(a.measure), str(a.task), a.role.value, str(a.position),
         a.mention, str(a.followed_by_etc).lower(), a.basis.value)
        for a in doc.assignments
    )  # fmt: skip
    with (VARIANTS / f"{name}.expected.csv").open(encoding="utf-8") as handle:
        assert got == sorted(tuple(row.values()) for row in csv.DictReader(handle))


@pytest.mark.parametrize(
    "name", [n for n in DOCUMENTS if (VARIANTS / f"{n}.expected.yaml").is_file()]
)
def test_metadata_is_the_hand_reading(name: str, registry: Registry) -> None:
    doc = _read(name, registry)
    expected = yaml.safe_load((VARIANTS / f"{name}.expected.yaml").read_text("utf-8"))
    head = doc.table.head
    got = {
        "issuer": head.issuer,
        "number": head.number,
        "date": head.date,
        "title": head.title,
        "jurisdiction": doc.jurisdiction,
        "sections": len(doc.table.sections),
        "measures": len(doc.table.measures),
        "measures_without_lead": [
            m.ordinal
            for m in doc.table.measures
            if not any(a.measure == m.ordinal and a.role is Role.LEAD for a in doc.assignments)
        ],
    }
    expected = {k: str(v) if k == "date" else v for k, v in expected.items() if k in got}
    # the issuer as printed (a signatory may print a short form) must be the organisation the
    # hand reading names by its official name
    if "issuer" in expected and expected["issuer"] in doc.issuer.names:
        got["issuer"] = expected["issuer"]
    assert {k: got[k] for k in expected} == expected
