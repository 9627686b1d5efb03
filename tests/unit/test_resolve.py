"""Resolving the seed: merged cells, 等, aliases, unknown names. Expectations read by hand."""

from __future__ import annotations

import pytest

from fengong.errors import UnknownDepartmentError
from fengong.ingest import decode_source, parse_table_document
from fengong.ingest.records import Basis, Role
from fengong.ingest.resolve import Assignment, ResolvedDocument, resolve_document
from fengong.reference import Registry
from fengong.reference.registry import Category


def _label(a: Assignment) -> str:
    return a.department.label_zh if isinstance(a.department, Category) else a.department.short_label


def _of(doc: ResolvedDocument, measure: int, task: int, role: Role) -> list[tuple[str, Basis]]:
    return [
        (_label(a), a.basis)
        for a in doc.assignments
        if (a.measure, a.task, a.role) == (measure, task, role)
    ]


def test_document_key_and_jurisdiction(seed_resolved: ResolvedDocument) -> None:
    assert seed_resolved.key == "putuo-anban-2020-18"
    assert seed_resolved.jurisdiction == "shanghai-putuo"
    assert seed_resolved.issuer.short_label == "区安委办"


# The four rows whose lead and support cells are both empty (merged with the row above).
@pytest.mark.parametrize(
    ("measure", "task", "line", "lead", "support"),
    [
        (3, 2, 38, ["各街道镇"], []),
        (
            7,
            2,
            52,
            ["应急管理部门", "安全监管部门", "各行业和系统负有安全管理职责的部门", "各街道镇"],
            [],
        ),
        (
            16,
            2,
            86,
            ["区应急局"],
            [
                "安全监管部门",
                "各行业和系统负有安全管理职责的部门",
                "区财政局",
                "区城运中心",
                "各街道镇",
            ],
        ),
        (
            16,
            3,
            87,
            ["区应急局"],
            [
                "安全监管部门",
                "各行业和系统负有安全管理职责的部门",
                "区财政局",
                "区城运中心",
                "各街道镇",
            ],
        ),
    ],
)
def test_merged_cell_rows(
    seed_resolved: ResolvedDocument,
    measure: int,
    task: int,
    line: int,
    lead: list[str],
    support: list[str],
) -> None:
    assert _of(seed_resolved, measure, task, Role.LEAD) == [(n, Basis.MERGED_CELL) for n in lead]
    assert _of(seed_resolved, measure, task, Role.SUPPORT) == [
        (n, Basis.MERGED_CELL) for n in support
    ]
    rows = [a for a in seed_resolved.assignments if (a.measure, a.task) == (measure, task)]
    assert {a.line for a in rows} == {line}
    assert {a.inherited_from_task for a in rows} == {1}  # every merge starts at task 1
    assert all(a.cell.line == line - (task - 1) for a in rows)


def test_exactly_four_merged_rows(seed_resolved: ResolvedDocument) -> None:
    merged = {
        (a.measure, a.task) for a in seed_resolved.assignments if a.basis is Basis.MERGED_CELL
    }
    assert merged == {(3, 2), (7, 2), (16, 2), (16, 3)}


@pytest.mark.parametrize(("measure", "task"), [(1, 2), (6, 2), (13, 3), (26, 2)])
def test_stated_lead_with_empty_support_has_no_support(
    seed_resolved: ResolvedDocument, measure: int, task: int
) -> None:
    # lines 29, 47, 72, 121: the row above has supports, but this row's lead is stated
    assert _of(seed_resolved, measure, task, Role.SUPPORT) == []
    assert _of(seed_resolved, measure, task, Role.LEAD)


def test_every_task_of_the_seed_has_a_lead(seed_resolved: ResolvedDocument) -> None:
    with_lead = {(a.measure, a.task) for a in seed_resolved.assignments if a.role is Role.LEAD}
    assert len(with_lead) == 54


def test_etc_flags(seed_resolved: ResolvedDocument) -> None:
    # line 84: 区应急局、区科委、区商务委、区财政局、区生态环境局、区市场监管局等，区公安交警支队等，各街道镇
    rows = [
        a for a in seed_resolved.assignments if (a.measure, a.task, a.role) == (15, 1, Role.LEAD)
    ]
    assert [a.mention for a in rows] == [
        "区应急局",
        "区科委",
        "区商务委",
        "区财政局",
        "区生态环境局",
        "区市场监管局",
        "区公安交警支队",
        "各街道镇",
    ]
    assert [a.followed_by_etc for a in rows] == [False] * 5 + [True, True, False]
    assert all(a.open_ended for a in rows)
    # line 69: 区应急局 alone, no 等
    (only,) = [a for a in seed_resolved.assignments if (a.measure, a.task) == (12, 1)]
    assert not only.open_ended and not only.followed_by_etc


def test_alias_normalisation(seed_resolved: ResolvedDocument) -> None:
    # line 32: support 各安全监管部门 is the category 安全监管部门
    (a,) = [
        a for a in seed_resolved.assignments if (a.measure, a.task, a.role) == (2, 3, Role.SUPPORT)
    ]
    assert a.mention == "各安全监管部门"
    assert isinstance(a.department, Category)
    assert a.department.id == "shanghai-putuo/safety-supervision-departments"


def test_note_terms_resolve_to_categories(seed_resolved: ResolvedDocument) -> None:
    assert {n: c.label_zh for n, c in seed_resolved.categories_by_note.items()} == {
        1: "应急管理部门",
        2: "安全监管部门",
        3: "各行业和系统负有安全管理职责的部门",
    }


def test_unknown_department_names_name_file_and_line(registry: Registry) -> None:
    from tests.conftest import SEED

    text = SEED.read_text(encoding="utf-8").replace("区城运中心", "区城管执法局", 1)
    table = parse_table_document(decode_source(text.encode(), "data/sources/x.txt"))
    with pytest.raises(UnknownDepartmentError) as err:
        resolve_document(table, registry, strict=True)
    assert err.value.name == "区城管执法局"
    assert str(err.value).startswith("data/sources/x.txt:85:4: unknown department '区城管执法局'")


def test_a_name_of_another_jurisdiction_does_not_resolve(registry: Registry) -> None:
    # 市应急局 is in the registry, but as a Shanghai agency: a Putuo table cannot name it.
    assert registry.department("市应急局", "shanghai") is not None
    assert registry.department("市应急局", "shanghai-putuo") is None
