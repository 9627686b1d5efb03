"""Which column of a division table holds what, read from its header rows.

Tables of this genre name their columns in many ways: 本区实施意见 | 细化措施 | 牵头部门 |
配合部门 (the seed), 序号 | 重点任务 | 具体措施 | 牵头单位 | 配合单位 | 完成时限, or 序号 | 工作任务
| 责任单位. The header is one or two rows (a group heading such as 工作部门 over 牵头/配合);
each column is classified by the words above it, from a closed vocabulary, so that a section
row such as 一、主要任务 is never taken for a header.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "VOCABULARY",
    "Columns",
    "heading_form",
    "is_header_row",
    "is_vocabulary_word",
    "read_columns",
]

_LEAD = {
    "牵头部门", "牵头单位", "牵头", "主责部门", "主责单位", "牵头责任部门", "牵头责任单位",
    "主要责任单位", "主要责任部门", "第一责任单位", "第一责任部门",
}  # fmt: skip
_SUPPORT = {
    "配合部门", "配合单位", "配合", "协同部门", "协同单位", "协办单位", "协办部门", "参与部门",
    "参与单位", "协助部门", "协助单位", "配合责任部门", "配合责任单位", "协作单位", "协作部门",
    "主要协作单位", "协同责任单位",
}  # fmt: skip
_RESPONSIBLE = {"责任部门", "责任单位", "负责部门", "负责单位", "责任主体", "主体责任单位"}
_NUMBER = {"序号", "编号"}
_TASK = {
    "细化措施", "具体措施", "细化任务", "具体任务", "分解任务", "推进措施", "工作举措",
    "具体举措", "实施举措", "落实措施", "细化工作措施", "具体工作措施",
}  # fmt: skip
_MEASURE = {
    "本区实施意见", "本市实施意见", "本县实施意见", "实施意见", "工作措施", "主要措施",
    "主要任务", "重点任务", "工作任务", "任务", "措施", "工作内容", "主要内容", "内容", "事项",
    "工作事项", "目标任务", "任务措施", "具体工作", "意见", "重点工作", "工作要点", "任务内容",
}  # fmt: skip
_OTHER = {
    "工作部门", "责任分工", "部门分工", "分工", "时间节点", "完成时限", "完成时间", "时限",
    "进度安排", "时间安排", "备注", "工作目标", "预期成效", "责任领导", "牵头领导",
    "名称", "项目名称", "类别", "指标", "指标名称", "分管领导", "市政府分管领导", "区政府分管领导",
    "县政府分管领导", "责任人", "项目", "领域", "工作领域",
}  # fmt: skip
_WORDS = _LEAD | _SUPPORT | _RESPONSIBLE | _NUMBER | _TASK | _MEASURE | _OTHER
VOCABULARY = frozenset(_WORDS)  # the headings as they stand
_SPACE = re.compile(r"[\s\u3000]+|</?p\s*>")


_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")  # 牵头部门（单位）
_VARIANTS = (
    (re.compile(r"牵头"), "牵头部门"),
    (re.compile(r"^(主要)?(配合|协同|协办|协作|参与|协助)"), "配合部门"),
    (re.compile(r"(协同|配合)(单位|部门)$"), "配合部门"),  # 责任主体与协同单位
    (re.compile(r"^(责任|负责|主责)(部门|单位|主体|股室|科室|处室)$"), "责任单位"),
    (re.compile(r"^(细化|具体|分解|推进|落实|实施)(工作)?(措施|任务|举措)$"), "细化措施"),
    (re.compile(r"^[\u4e00-\u9fff]{0,4}(任务|措施|内容|事项|要点)$"), "工作措施"),
    (re.compile(r"^[\u4e00-\u9fff\d]{0,8}(任务|措施|举措|目标|内容|要求)$"), "工作措施"),
    (re.compile(r"^[\u4e00-\u9fff]{2,8}(名称|行业|领域)$"), "工作措施"),  # 专项整治行业名称
    (re.compile(r"^[\u4e00-\u9fff\d]{0,6}重点工作$"), "工作措施"),  # 年度重点工作
    (re.compile(r"(时限|时间|节点|备注|进度|成效|情况|领导)$"), "完成时限"),
)


def _word(cell: str) -> str:
    """A heading in its vocabulary form: 牵头部门（单位） → 牵头部门, 重点工作任务 → 工作措施; a
    cell that is no heading stays as it is (and makes its row no header row)."""
    word = _BRACKETED.sub("", _SPACE.sub("", cell)) or _SPACE.sub("", cell)
    if word in _WORDS or len(word) > 10:
        return word
    return next((form for pattern, form in _VARIANTS if pattern.search(word)), word)


def heading_form(cell: str) -> str:
    """A heading's vocabulary form (牵头部门（单位） → 牵头部门, 主要工作任务 → 工作措施), or the
    cell as it is when it is no heading."""
    return _word(cell)


def is_vocabulary_word(cell: str) -> bool:
    """Whether ``cell`` is a heading of the closed vocabulary as it stands (no variant form):
    the test for a heading broken over two lines (市政府 / 分管领导)."""
    return _SPACE.sub("", cell) in _WORDS


def is_header_row(cells: Sequence[str]) -> bool:
    """Every cell is empty or a column heading, and one is not empty.

    >>> is_header_row(["本区实施意见", "细化措施", "工作部门", ""]), is_header_row(["一、主要任务", "", ""])
    (True, False)
    >>> is_header_row(["重点工作任务", "具体工作措施", "牵头部门（单位）", "配合部门（单位）"])
    True
    >>> is_header_row(["序号", "主要任务", "牵头单位", "是否达序"]), is_header_row(["1", "加强监管", "区应急局"])
    (True, False)
    """
    words = [_word(c) for c in cells]
    if any(words) and all(not w or w in _WORDS for w in words):
        return True
    # a wide header with a column of its own naming (是否达序, 说明) beside the vocabulary: at
    # least three headings known, one of them a department column, and few others, short ones
    known = [w for w in words if w and w in _WORDS]
    unknown = [w for w in words if w and w not in _WORDS]
    roles = _LEAD | _SUPPORT | _RESPONSIBLE
    return (
        len(known) >= 3
        and any(w in roles for w in known)
        and 2 * len(unknown) <= len(known)
        and all(len(w) <= 8 and not re.search(r"\d", w) for w in unknown)
    )


@dataclass(frozen=True)
class Columns:
    """1-based columns; ``task`` None when each row is a measure of its own."""

    width: int
    measure: int
    task: int | None
    lead: int
    support: int | None
    number: int | None
    responsible: bool  # the lead column says 责任单位 (there is no 牵头 column)

    def describe(self) -> str:
        names = {self.measure: "measure", self.lead: "lead"}
        if self.task:
            names[self.task] = "refined task"
        if self.support:
            names[self.support] = "support"
        if self.number:
            names[self.number] = "number"
        return ", ".join(names.get(c, "other") for c in range(1, self.width + 1))


def read_columns(rows: Sequence[Sequence[str]]) -> Columns | None:
    """The columns the header rows name; None when they name no lead column or no text one."""
    width = max(len(r) for r in rows)
    words = [{_word(r[c]) for r in rows if c < len(r) and _word(r[c])} for c in range(width)]

    def first(vocabulary: set[str], skip: tuple[int | None, ...] = ()) -> int | None:
        return next(
            (c + 1 for c, w in enumerate(words) if w & vocabulary and c + 1 not in skip), None
        )

    lead = first(_LEAD)
    responsible = lead is None
    if lead is None:
        lead = first(_RESPONSIBLE)
    support = first(_SUPPORT, (lead,))
    if support is None and not responsible:  # 牵头单位 | 责任单位: the others responsible
        support = first(_RESPONSIBLE, (lead,))
    if support is None and not responsible:  # 第一责任单位 | 主要责任单位: the second supports
        support = first(_LEAD, (lead,))
    number = first(_NUMBER, (lead, support))
    taken = (lead, support, number)
    measure = first(_MEASURE, taken)
    task = first(_TASK, (*taken, measure))
    if measure is None:
        measure, task = task, None
    elif task is None:
        task = first(_MEASURE, (*taken, measure))  # 重点任务 | 工作措施: the second refines
    if lead is None or measure is None:
        return None
    return Columns(width, measure, task, lead, support, number, responsible)
