"""Inline documents written from a random specification read back as that specification.

Each case draws sections of numbered items; each item has a text, maybe a second paragraph,
and maybe an assignment: lead names with 牵头 (or 负责 alone), support names with 配合 or
分工负责, 等 / 等部门 / 等单位 after a clause's last name, full- or half-width brackets and
commas. The document is rendered here from the specification, by rules written for the test
(not by the parser), and the parser must give back exactly the specified leads and supports.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from fengong.ingest.layout import parse_source
from fengong.ingest.reader import decode_source
from fengong.ingest.records import TableDocument

NAMES = ["市应急局", "市公安局", "市消防救援总队", "市市场监管局", "市住房城乡建设管理委",
         "市商务委", "市教委", "各区政府", "团市委", "市总工会", "市城运中心"]  # fmt: skip
SENTENCES = [
    "加强隐患排查治理，落实企业主体责任。",
    "完善应急预案体系，定期组织开展演练。",
    "推进信息化监管平台建设，实现数据共享。",
    "严格执法检查，依法查处违法违规行为。",
    "加大宣传教育力度，提高全社会安全意识。",
]
ETC = ["等", "等部门", "等单位"]
NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Item:
    text: str
    second: str | None
    lead: tuple[str, ...]
    support: tuple[str, ...]
    lead_etc: str
    support_etc: str
    style: str  # "配合" | "分工负责" | "负责" (leads only) | "none"
    wide: bool  # full-width brackets and commas


@st.composite
def items(draw: st.DrawFn) -> Item:
    style = draw(st.sampled_from(["配合", "分工负责", "负责", "none"]))
    names = draw(st.lists(st.sampled_from(NAMES), min_size=2, max_size=5, unique=True))
    cut = draw(st.integers(1, len(names) - (0 if style == "负责" else 1)))
    lead, support = tuple(names[:cut]), tuple(names[cut:])
    if style == "负责":
        lead, support = tuple(names), ()
    return Item(
        text=draw(st.sampled_from(SENTENCES)),
        second=draw(st.none() | st.sampled_from(SENTENCES)),
        lead=lead,
        support=support,
        lead_etc=draw(st.sampled_from(["", *ETC])),
        support_etc=draw(st.sampled_from(["", *ETC])),
        style=style,
        wide=draw(st.booleans()),
    )


def _parenthesis(item: Item) -> str:
    comma = "，" if item.wide else ","
    left, right = ("（", "）") if item.wide else ("(", ")")
    if item.style == "负责":
        return f"{left}{'、'.join(item.lead)}{item.lead_etc}负责{right}"
    clauses = f"{'、'.join(item.lead)}{item.lead_etc}牵头"
    if item.support:
        clauses += f"{comma}{'、'.join(item.support)}{item.support_etc}{item.style}"
    return left + clauses + right


def render(sections: list[list[Item]]) -> str:
    lines = ["上海市人民政府办公厅", "沪府办发〔2099〕7号", "上海市人民政府办公厅关于测试工作的实施意见",
             "各区人民政府，市政府各委、办、局：", "现提出如下实施意见："]  # fmt: skip
    for s, section in enumerate(sections):
        lines.append(f"{NUMERALS[s]}、第{s + 1}部分")
        for i, item in enumerate(section):
            tail = "" if item.style == "none" else _parenthesis(item)
            if item.second is None:
                lines.append(f"（{NUMERALS[i]}）{item.text}{tail}")
            else:
                lines += [f"（{NUMERALS[i]}）{item.text}", f"{item.second}{tail}"]
    lines += ["上海市人民政府办公厅", "2099年1月2日"]
    return "\n".join(lines) + "\n"


def _read(table: TableDocument) -> list[tuple[tuple[str, ...], tuple[str, ...], bool, bool]]:
    found = []
    for measure in table.measures:
        task = measure.tasks[0]
        lead = task.lead.mentions if task.lead else ()
        support = task.support.mentions if task.support else ()
        found.append(
            (
                tuple(m.text for m in lead),
                tuple(m.text for m in support),
                bool(lead) and lead[-1].followed_by_etc,
                bool(support) and support[-1].followed_by_etc,
            )
        )
    return found


@given(st.lists(st.lists(items(), min_size=1, max_size=4), min_size=1, max_size=3))
def test_an_inline_document_reads_back_as_written(sections: list[list[Item]]) -> None:
    if all(item.style == "none" for section in sections for item in section):
        sections[0][0] = Item(
            sections[0][0].text, None, ("市应急局",), (), "", "", "负责", True
        )  # an inline document assigns something somewhere
    table = parse_source(decode_source(render(sections).encode(), "gen.txt"))
    assert table.layout == "inline"
    expected = [
        (
            () if item.style == "none" else item.lead,
            () if item.style in ("none", "负责") else item.support,
            item.style != "none" and bool(item.lead_etc),
            item.style not in ("none", "负责") and bool(item.support) and bool(item.support_etc),
        )
        for section in sections
        for item in section
    ]
    assert _read(table) == expected
    assert [len(s.measures) for s in table.sections] == [len(s) for s in sections]
    assert table.head.number == "沪府办发〔2099〕7号" and table.head.date == "2099-01-02"
