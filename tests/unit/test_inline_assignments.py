"""The role parenthesis of inline lists, read by hand: each expected value below was written
from the example's own words, following the rules the issue states (牵头 leads, 配合 supports,
负责 alone means all lead, 负责 after a 牵头 clause means support)."""

from __future__ import annotations

import pytest

from fengong.ingest.inline import parse_inline_assignment

CASES = [
    # (item text, leads, supports, responsible, open-ended)
    ("（一）推进产业布局调整。(市发展改革委、市商务委牵头,市安全监管局等部门配合)",
     ["市发展改革委", "市商务委"], ["市安全监管局"], False, True),
    ("1. 开展职工安全教育。(市总工会、团市委负责)",
     ["市总工会", "团市委"], [], True, False),
    ("2. 完善应急预案。(市应急办牵头,市消防局等部门分工负责)",
     ["市应急办"], ["市消防局"], False, True),
    ("3. 加强学校安全管理（市教委牵头、市卫生健康委配合）。",
     ["市教委"], ["市卫生健康委"], False, False),
    ("4. 强化执法检查。（市应急局、市公安局牵头，市交通委、市市场监管局配合）",
     ["市应急局", "市公安局"], ["市交通委", "市市场监管局"], False, False),
    ("5. 落实属地责任（各区政府等单位共同负责）",
     ["各区政府"], [], True, True),
    ("6. 建立信息平台。(市经济信息化委牵头；市应急局等配合)",
     ["市经济信息化委"], ["市应急局"], False, True),
    # a label whose value states the roles itself (〔〕 brackets as printed)
    ("7. 推进确权。〔责任单位：省自然资源厅按职责分工负责〕",
     ["省自然资源厅"], [], True, False),
    ("8. 整治市场。〔责任单位：省市场监管局牵头，省公安厅、各市州政府配合〕",
     ["省市场监管局"], ["省公安厅", "各市州政府"], False, False),
    # names before 等部门， whose role comes after the comma are kept
    ("9. 稳定就业。（省人社厅、省财政厅等部门，各市州政府按职责分工负责）",
     ["省人社厅", "省财政厅", "各市州政府"], [], True, True),
]  # fmt: skip


@pytest.mark.parametrize(("item", "leads", "supports", "responsible", "open_ended"), CASES)
def test_roles_as_written(
    item: str, leads: list[str], supports: list[str], responsible: bool, open_ended: bool
) -> None:
    found = parse_inline_assignment(item)
    assert found is not None
    assert [m.text for m in found.lead] == leads
    assert [m.text for m in found.support] == supports
    assert (found.responsible, found.open_ended) == (responsible, open_ended)
    assert item[found.offset] in "(（〔"


@pytest.mark.parametrize(
    "item",
    [
        "7. 加快推进危险化学品企业搬迁改造。",  # no parenthesis: nothing assigned
        "8. 按照《上海市危险化学品安全管理办法》(沪府令第44号)执行",  # the parenthesis is not last
        "9. 本方案自印发之日起施行(试行)",  # a parenthesis without a role
    ],
)
def test_no_assignment(item: str) -> None:
    assert parse_inline_assignment(item) is None


@pytest.mark.parametrize(
    ("item", "lead", "support"),
    [
        # labelled forms
        ("加强。（责任单位：市经济信息化委、市科委）", ["市经济信息化委", "市科委"], []),
        (
            "加强。（牵头单位：市应急局；配合单位：市公安局、市消防救援总队等）",
            ["市应急局"],
            ["市公安局", "市消防救援总队"],
        ),
        # a deadline beside the roles is not a department
        ("加强。（市应急局牵头，市公安局配合，2099年6月底前完成）", ["市应急局"], ["市公安局"]),
        # other role words and qualifiers
        ("加强。（市应急局牵头，市公安局参与）", ["市应急局"], ["市公安局"]),
        (
            "加强。（市应急局牵头，各区政府、市有关部门按职责分工负责）",
            ["市应急局"],
            ["各区政府", "市有关部门"],
        ),
        ("加强。（市公安局等按职责分工负责）", ["市公安局"], []),
        ("加强。（市应急局牵头负责）", ["市应急局"], []),
        ("加强。（各区政府负责落实）", ["各区政府"], []),
        # a full stop inside, square brackets
        ("加强。（市应急局牵头。）", ["市应急局"], []),
        ("加强。【市应急局牵头】", ["市应急局"], []),
    ],
)
def test_other_forms_of_the_parenthesis(item: str, lead: list[str], support: list[str]) -> None:
    found = parse_inline_assignment(item)
    assert found is not None
    assert ([m.text for m in found.lead], [m.text for m in found.support]) == (lead, support)


def test_clauses_without_a_role_are_passed_over() -> None:
    """并会同有关部门 names no role: 市委宣传部 still leads (one unreadable clause used to
    void the whole parenthesis)."""
    found = parse_inline_assignment("10. 加强宣传(市委宣传部牵头,并会同有关部门)")
    assert found is not None
    assert ([m.text for m in found.lead], found.support) == (["市委宣传部"], ())


@pytest.mark.parametrize(
    ("item", "lead", "support"),
    [
        # two parentheses, one per clause of the item
        (
            "制定方案（区建管委牵头）；对夜间施工加强执法（区生态环境局牵头，区公安分局配合）。",
            ["区建管委", "区生态环境局"],
            ["区公安分局"],
        ),
        # the parenthesis before a closing sentence
        ("增强意识（市委宣传部牵头）。各区要结合实际抓好落实。", ["市委宣传部"], []),
        # one level of brackets inside
        (
            "加强管理（区建管委（区交通委）牵头，各街道镇配合）",
            ["区建管委（区交通委）"],
            ["各街道镇"],
        ),
        # a label that is not a role beside the roles
        (
            "开展整治（责任单位：区应急局、区公安分局；完成时限：2099年12月底前）",
            ["区应急局", "区公安分局"],
            [],
        ),
        (
            "开展整治（牵头：区建管委；配合：区应急局、区公安交警支队）",
            ["区建管委"],
            ["区应急局", "区公安交警支队"],
        ),
        # guidance (加强指导) supports
        (
            "推进（各区政府负责，市住房城乡建设管理委加强指导）",
            ["各区政府"],
            ["市住房城乡建设管理委"],
        ),
        # A会同B: A leads together with B
        (
            "推进（市住房城乡建设管理委会同市公安局、市应急局负责）",
            ["市住房城乡建设管理委"],
            ["市公安局", "市应急局"],
        ),
    ],
)
def test_parentheses_anywhere_in_the_item(item: str, lead: list[str], support: list[str]) -> None:
    found = parse_inline_assignment(item)
    assert found is not None
    assert ([m.text for m in found.lead], [m.text for m in found.support]) == (lead, support)


@pytest.mark.parametrize(
    "item", ["加强。（2099年底前完成）", "高层住宅（含商住楼）", "施行（试行）"]
)
def test_a_parenthesis_without_roles_assigns_nothing(item: str) -> None:
    assert parse_inline_assignment(item) is None
