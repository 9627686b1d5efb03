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


# the third reviewer's documents: what each hand reading (third/rNN.expected) says, for the
# readings that were wrong or refused at first
THIRD = VARIANTS / "third"


def _who_by_measure(name: str, registry: Registry) -> dict[int, tuple[list[str], list[str]]]:
    doc = resolve_document(read_document(THIRD / name, name)[1], registry)
    found: dict[int, tuple[list[str], list[str]]] = {}
    for a in sorted(doc.assignments, key=lambda a: (a.measure, a.task, a.position)):
        lead, support = found.setdefault(a.measure, ([], []))
        (lead if a.role is Role.LEAD else support).append(a.mention)
    return found


def test_third_review_readings(registry: Registry) -> None:
    # r09 M4: 协同部门 is a supporting label
    assert _who_by_measure("r09-inline-labelled.txt", registry)[4] == (
        ["市城运中心"], ["市应急局", "市气象局"])  # fmt: skip
    # r14 M1: 牵头：… and 配合：… on two lines of one 责任单位 cell
    assert _who_by_measure("r14-docx-responsible-labels.docx", registry)[1] == (
        ["区建管委"], ["区市场监管局", "区应急局"])  # fmt: skip
    # r13: <ol><li> items, numbered as the browser draws them
    assert _who_by_measure("r13-html-ol.html", registry)[1] == (
        ["区消防救援支队"], ["区建管委", "各街道镇"])  # fmt: skip
    # r03: 第一条 … 第四条 are the items (第四条 names no one)
    assert _who_by_measure("r03-inline-tiao.txt", registry) == {
        1: (["区城运中心"], ["区应急局", "区公安分局"]),
        2: (["区建管委", "区民防办"], []),
        3: (["区公安分局"], ["区文旅局", "区市场监管局"]),
    }
    # r06, r07: headings 治理任务, 整治内容 are measure columns
    assert len(_who_by_measure("r06-html-th.html", registry)) == 3
    assert len(_who_by_measure("r07-gb18030-crlf.txt", registry)) == 4


def test_third_review_heads(registry: Registry) -> None:
    _, notice = read_document(THIRD / "r01-guoban-notice.txt", "r01-guoban-notice.txt")
    doc = resolve_document(notice, registry)
    # r01: the title above the 文号, no 版头: the issuer is the title's 国务院办公厅
    assert (notice.head.issuer, doc.issuer.id) == (
        "国务院办公厅",
        "china/general-office-state-council",
    )
    assert notice.head.recipients == ("各省、自治区、直辖市人民政府", "国务院各部委", "各直属机构")
    assert doc.jurisdiction == "china"
    # its （三） continues the numbering of section 一: cited as printed, without the section
    assert [m.cited_as for m in notice.measures] == ["（一）", "（二）", "（三）", "（四）"]
    _, municipal = read_document(THIRD / "r02-municipal-2row.docx", "r02-municipal-2row.docx")
    assert municipal.head.issuer == "上海市应急管理局"  # 版头 上海市应急管理局文件
