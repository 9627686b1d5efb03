"""The reference registries: what the seed needs is there, and broken CSVs are caught."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fengong.errors import ReferenceDataError
from fengong.graph import Project
from fengong.ingest.resolve import ResolvedDocument
from fengong.reference import Registry, load_registry
from fengong.reference.registry import Organisation

# The 19 district agencies the seed names (read by hand from its lead and support columns).
SEED_AGENCIES = {
    "区应急局",
    "区市场监管局",
    "区消防救援支队",
    "区商务委",
    "区发改委",
    "区规划资源局",
    "区生态环境局",
    "区建管委",
    "区公安交警支队",
    "区公安分局",
    "区科委",
    "区财政局",
    "区城运中心",
    "区国资委",
    "区委组织部",
    "区教育局",
    "区人社局",
    "区文旅局",
    "区民政局",
}


def test_the_seed_names_exactly_the_19_agencies(seed_resolved: ResolvedDocument) -> None:
    named = {
        a.department.short_label
        for a in seed_resolved.assignments
        if isinstance(a.department, Organisation) and a.department.kind == "agency"
    }
    assert named == SEED_AGENCIES


def test_collective_has_8_subdistricts_and_2_towns(registry: Registry) -> None:
    members = registry.members_of("shanghai-putuo/subdistricts-and-towns")
    kinds = sorted(m.kind for m in members)
    assert kinds == ["subdistrict-office"] * 8 + ["town-government"] * 2
    assert all(registry.places[m.jurisdiction].within == "shanghai-putuo" for m in members)


def test_three_categories_with_their_source(registry: Registry) -> None:
    putuo = [c for c in registry.categories.values() if c.jurisdiction == "shanghai-putuo"]
    assert {c.label_zh for c in putuo} == {
        "应急管理部门",
        "安全监管部门",
        "各行业和系统负有安全管理职责的部门",
    }
    assert all(
        c.cites_document == "shanghai-hufuling-2016-44" and c.cites_article == "4" for c in putuo
    )


def test_every_row_says_where_its_facts_come_from(registry: Registry) -> None:
    assert all(o.source for o in registry.organisations.values())
    assert all(d.source for d in registry.documents.values())
    assert all(m.source for m in registry.category_members)
    # an official name is only given when a source gives it
    for org in registry.organisations.values():
        assert org.status in {"verified", "unverified"}
        if org.status == "unverified":
            assert not org.official_name, org.id


def test_decree_number_and_dates(registry: Registry) -> None:
    decree = registry.documents["shanghai-hufuling-2016-44"]
    assert (decree.number, decree.date_issued, decree.date_in_force) == (
        "沪府令第44号",
        "2016-09-05",
        "2017-01-01",
    )


@pytest.fixture
def reference_copy(tmp_path: Path, registry: Registry) -> Path:
    shutil.copytree(registry.directory, tmp_path / "reference")
    return tmp_path / "reference"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_duplicate_id_names_file_and_line(reference_copy: Path) -> None:
    path = reference_copy / "departments.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[2]]), encoding="utf-8")
    with pytest.raises(
        ReferenceDataError, match=rf"departments\.csv:{len(lines) + 1}: duplicate id"
    ):
        load_registry(reference_copy)


def test_dangling_reference_is_caught(reference_copy: Path) -> None:
    _edit(
        reference_copy / "departments.csv",
        "shanghai/emergency-management-bureau,,",
        "shanghai/no-such-bureau,,",
    )
    with pytest.raises(ReferenceDataError, match="unknown organisation 'shanghai/no-such-bureau'"):
        load_registry(reference_copy)


def test_one_name_for_two_things_is_caught(reference_copy: Path) -> None:
    _edit(reference_copy / "departments.csv", ",区科委,", ",区财政局,")
    with pytest.raises(ReferenceDataError, match="name '区财政局' means both"):
        load_registry(reference_copy)


def test_bad_date_is_caught(reference_copy: Path) -> None:
    _edit(reference_copy / "documents.csv", "2016-09-05", "2016年9月5日")
    with pytest.raises(ReferenceDataError, match=r"documents\.csv:3: date '2016年9月5日'"):
        load_registry(reference_copy)


def test_wrong_header_is_caught(reference_copy: Path) -> None:
    _edit(reference_copy / "slogans.csv", "label_zh,label_en", "zh,en")
    with pytest.raises(ReferenceDataError, match=r"slogans\.csv:1: expected columns"):
        load_registry(reference_copy)


def _changning(project_copy: Project) -> Path:
    """A second district's registry in its own file, and the district in jurisdictions.csv
    (test data: 长宁区 and its 区应急局 are named here only to have a second district)."""
    ref = project_copy.reference
    with (ref / "jurisdictions.csv").open("a", encoding="utf-8") as handle:
        handle.write("shanghai-changning,district,长宁区,\"Changning District, Shanghai\",310105,"
                     "shanghai,,unverified,test data\n")  # fmt: skip
    (ref / "departments").mkdir()
    path = ref / "departments" / "shanghai-changning.csv"
    header = (ref / "departments.csv").read_text(encoding="utf-8").splitlines()[0]
    path.write_text(
        header + "\nshanghai-changning/emergency-management-bureau,agency,区应急局,,"
        "Changning District Emergency Management Bureau,shanghai-changning,,,"
        "shanghai/emergency-management-bureau,,,unverified,test data\n",
        encoding="utf-8",
    )
    return path


def test_a_district_registry_in_its_own_file(project_copy: Project) -> None:
    _changning(project_copy)
    registry = load_registry(project_copy.reference)
    changning = registry.department("区应急局", "shanghai-changning")
    putuo = registry.department("区应急局", "shanghai-putuo")
    assert changning is not None and putuo is not None
    assert (changning.id, putuo.id) == (
        "shanghai-changning/emergency-management-bureau",
        "shanghai-putuo/emergency-management-bureau",
    )
    assert changning.file == "departments/shanghai-changning.csv"  # type: ignore[union-attr]


def test_errors_in_a_district_registry_name_its_file(project_copy: Project) -> None:
    path = _changning(project_copy)
    text = path.read_text(encoding="utf-8").replace("shanghai-changning,,", "shanghai-nowhere,,")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(
        ReferenceDataError,
        match=r"departments/shanghai-changning\.csv:2: unknown jurisdiction 'shanghai-nowhere'",
    ):
        load_registry(project_copy.reference)
    duplicate = (project_copy.reference / "departments.csv").read_text(encoding="utf-8")
    path.write_text(duplicate, encoding="utf-8")
    with pytest.raises(
        ReferenceDataError, match=r"departments/shanghai-changning\.csv:2: duplicate id"
    ):
        load_registry(project_copy.reference)


def test_each_district_document_finds_its_own_agency(project_copy: Project) -> None:
    from fengong.ingest.layout import parse_source
    from fengong.ingest.reader import decode_source
    from fengong.ingest.resolve import resolve_document

    _changning(project_copy)
    registry = load_registry(project_copy.reference)
    text = "\n".join([
        "上海市长宁区安全生产委员会办公室", "长安办〔2099〕1号", "关于印发测试分工的通知",
        "各街道：", "现印发给你们。", "上海市长宁区安全生产委员会办公室", "2099年5月5日",
        "测试分工", "序号\t工作任务\t牵头单位\t配合单位", "1\t开展隐患排查。\t区应急局\t",
    ]) + "\n"  # fmt: skip
    doc = resolve_document(parse_source(decode_source(text.encode(), "c.txt")), registry)
    assert doc.jurisdiction == "shanghai-changning"  # from the issuer's name: 长宁区
    assert [a.department.id for a in doc.assignments] == [
        "shanghai-changning/emergency-management-bureau"
    ]
