"""Tables whose cells ran together with no separator (a PDF or a web table copied as text):
found by their header, cut into rows at the rows' numbers, into cells by what they hold; every
fact keeps the original line. Texts in our own words, in the layouts of K2-06 and H4-10."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from fengong.ingest.glued_tables import expand_glued_tables, glued_header
from fengong.ingest.layout import parse_source
from fengong.ingest.reader import decode_source
from fengong.ingest.records import TableDocument
from tests.fuzz.test_ingest_fuzz import ingest_outcome


def _read(text: str) -> TableDocument:
    return parse_source(decode_source(text.encode("utf-8"), "x.txt"))


def _roles(table: TableDocument) -> list[tuple[str, str, str, int]]:
    """(measure's first four characters, role, name, line) for every name."""
    return [
        (re.sub(r"^[\d.、]+", "", m.text)[:4], role, x.text, cell.line)
        for s in table.sections
        for m in s.measures
        for t in m.tasks
        for role, cell in (("lead", t.lead), ("support", t.support))
        if cell is not None
        for x in cell.mentions
    ]


# one line, as a PDF of a city's plan gives it: a page number, the title, the header, a
# section heading, rows numbered on across sections, two department columns run together
PDF_LINE = (
    "—1—《某市发展规划纲要》主要目标任务分解落实方案序号主要工作任务第一责任单位主要责任单位"
    "一、主要发展指标1地区生产总值年均增长8%左右,人均生产总值达到9万元左右。市发展改革委各县(市、区)"
    "政府、某某经济开发区2服务业增加值比重达到45%。市发展改革委市统计局各县(市、区)政府、市服务业"
    "领导小组各成员单位3新建5G基站3000个。市经信局—2—二、产业优化升级4积极推进技术创新,推广应用"
    "先进生产技术市科技局市发展改革委、市经信局,各县(市、区)政府"
)


def test_a_header_run_together_is_found_by_its_headings() -> None:
    header = glued_header(PDF_LINE)
    assert header is not None
    assert header.words == ("序号", "主要工作任务", "第一责任单位", "主要责任单位")
    assert (header.columns.number, header.columns.lead, header.columns.support) == (1, 3, 4)


def test_prose_that_names_columns_is_no_header() -> None:
    assert glued_header("牵头单位要加强领导，责任单位要积极配合，确保任务完成。") is None
    assert glued_header("重点任务和工作措施由各地制定") is None
    assert (
        expand_glued_tables(decode_source("一、任务\n1.加强监管。（区应急局牵头）".encode(), "x"))
        is None
    )


def test_rows_cut_at_their_numbers_read_by_what_their_cells_hold() -> None:
    table = _read(PDF_LINE)
    assert [r[:3] for r in _roles(table)] == [
        ("地区生产", "lead", "市发展改革委"),
        ("地区生产", "support", "各县(市、区)政府"),
        ("地区生产", "support", "某某经济开发区"),
        # two names run together before the first list written with 、 lead
        ("服务业增", "lead", "市发展改革委"),
        ("服务业增", "lead", "市统计局"),
        ("服务业增", "support", "各县(市、区)政府"),
        ("服务业增", "support", "市服务业领导小组各成员单位"),
        # 3个 and 5G are quantities, not row numbers; a lone name leads
        ("新建5G", "lead", "市经信局"),
        # no sentence end before the names: they are the row's whole end
        ("积极推进", "lead", "市科技局"),
        ("积极推进", "support", "市发展改革委"),
        ("积极推进", "support", "市经信局"),
        ("积极推进", "support", "各县(市、区)政府"),
    ]
    assert {r[3] for r in _roles(table)} == {1}  # every fact on the original's line 1
    assert [s.title for s in table.sections if s.title][-2:] == ["主要发展指标", "产业优化升级"]
    assert any("ran together" in w.message and w.line == 1 for w in table.warnings)


def test_rows_on_lines_of_their_own_keep_their_category_and_their_progress() -> None:
    # a progress table copied from a page: one row per line, the category glued before the
    # number, the lead unit glued between the task and its progress
    table = _read("""\
某区人民政府
某区2020年重点工作全年完成情况
类别序号重点督办内容牵头单位全年完成情况
主要预期目标1地区生产总值增长6%左右。区发展改革委西城区地区生产总值增速调整为正增长。
主要预期目标2一般公共预算收入增长2%左右。区财政局一般公共预算收入完成413亿元。
民生实事3新建养老服务驿站10个。区政府办公室已建成12个,超额完成。
""")
    assert _roles(table) == [
        ("地区生产", "lead", "区发展改革委", 4),
        ("一般公共", "lead", "区财政局", 5),
        ("新建养老", "lead", "区政府办公室", 6),
    ]


GLUED_PARTS = ["1", "2", "3", "12", "一、", "二、", "。", "，", "、", "市发展改革委", "各县(市、区)政府",
               "区财政局", "西城区", "加强监管", "增长6%", "3个", "—2—", "\n", "牵头单位", "序号"]  # fmt: skip


@given(st.lists(st.sampled_from(GLUED_PARTS), max_size=40))
def test_whatever_follows_a_glued_header_ends_in_records_or_a_located_error(
    parts: list[str],
) -> None:
    text = "序号主要工作任务牵头单位配合单位" + "".join(parts)
    # records that load, or an ingest error with its place; any other exception fails here
    assert ingest_outcome(text.encode("utf-8"))
