"""The outline's gap flags and the measures page's filters (fengong.web.outline), on rows shaped like
``queries/api/tree.rq``'s, written here by hand."""

from __future__ import annotations

from typing import Any

from fengong.web.outline import FLAGS, Filters, build_outline


def _row(
    task: int, role: str | None, department: str | None = None, **extra: Any
) -> dict[str, Any]:
    row = {"document": "d-1", "document_iri": "doc/d-1", "section": 1, "section_number": "一", "section_title": "总则",
           "measure": 1, "measure_label": "（一）建立制度", "measure_iri": "m1", "task": task,
           "task_label": f"（一）第{task}项", "task_iri": f"t{task}", "text": "做好工作。",
           "line": 10 + task, "task_span": f"s{task}", "role": role, "department": department,
           "department_en": None, "department_iri": department, "basis": "stated",
           "open_ended": False, "is_category": False}  # fmt: skip
    return {**row, **extra}


ROWS = [
    _row(1, "lead", "区应急局"), _row(1, "support", "区财政局"),
    _row(2, "lead", "区应急局", basis="merged-cell"),
    _row(3, None),
    _row(4, "lead", "各街道镇", is_category=True, open_ended=True),
]  # fmt: skip


def _tasks(outline: Any) -> list[int]:
    return [t["ordinal"] for d in outline.documents for s in d["sections"]
            for m in s["measures"] for t in m["tasks"]]  # fmt: skip


def _outline(filters: Filters = Filters()) -> Any:  # noqa: B008
    return build_outline(ROWS, "zh", str, str, filters)


def test_each_gap_is_counted_on_the_tasks_that_have_it() -> None:
    counts = _outline().counts
    assert counts == {"no-lead": 1, "merged-lead": 1, "category-lead": 1, "open-ended": 1,
                      "no-support": 3}  # fmt: skip
    assert set(counts) == set(FLAGS)


def test_a_flag_keeps_exactly_its_tasks() -> None:
    assert _tasks(_outline(Filters(flag="no-lead"))) == [3]
    assert _tasks(_outline(Filters(flag="merged-lead"))) == [2]
    assert _tasks(_outline(Filters(flag="no-support"))) == [2, 3, 4]
    assert _tasks(_outline()) == [1, 2, 3, 4]  # no filter, every task


def test_department_and_role_filter_together() -> None:
    assert _tasks(_outline(Filters(department="区应急局", role="lead"))) == [1, 2]
    assert _tasks(_outline(Filters(department="区应急局", role="support"))) == []
    assert _tasks(_outline(Filters(department="区财政局"))) == [1]
    outline = _outline(Filters(department="区财政局"))
    assert outline.tasks == 1 and outline.total == 4


def test_a_section_filter_and_an_empty_result() -> None:
    assert _tasks(_outline(Filters(section="1"))) == [1, 2, 3, 4]
    empty = _outline(Filters(section="2"))
    assert empty.documents == [] and empty.tasks == 0


def test_english_names_where_the_graph_has_them() -> None:
    rows = [_row(1, "lead", "区应急局", department_en="Putuo District Emergency Management Bureau")]
    english = build_outline(rows, "en", str, str)
    chinese = build_outline(rows, "zh", str, str)
    lead = english.documents[0]["sections"][0]["measures"][0]["tasks"][0]["lead"][0]
    assert lead["shown"] == "Putuo District Emergency Management Bureau"
    assert (
        chinese.documents[0]["sections"][0]["measures"][0]["tasks"][0]["lead"][0]["shown"]
        == "区应急局"
    )


def test_two_tables_sharing_a_title_stay_two_documents() -> None:
    # two tables without a 文号 may print the same title (2020年重点工作任务分解): the
    # outline keeps them apart by IRI and shows each under that name
    other = [{**r, "document_iri": "doc/d-2", "task_iri": "x" + r["task_iri"]} for r in ROWS]
    found = build_outline(ROWS + other, "zh", str, str)
    assert [d["number"] for d in found.documents] == ["d-1", "d-1"]
    assert found.total == 2 * build_outline(ROWS, "zh", str, str).total
