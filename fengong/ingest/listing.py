"""Parser for documents that list their measures in running text (the inline layout).

Municipal and national documents rarely print a table: under section headings (一、…) they
number their measures ((一)… or 1. …) and close each with a parenthesis naming who leads and
who supports (see :mod:`fengong.ingest.inline`). This parser reads such a document into the
same records as a table: sections, measures, and for each measure one task standing for the
measure as a whole (``whole_measure``), which carries the assignment. When measures are
split into numbered sub-items (（一）… then 1. 2. …), the sub-items are its tasks.

A numbered item without an assignment parenthesis is still a measure, without a lead: the
validation reports it. Numbering that restarts in each section is kept as printed
(``cited_as``: 二（三）); ordinals count through the document so IRIs stay unique.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property

from fengong.errors import IngestError, Location
from fengong.ingest.cells import looks_like_departments
from fengong.ingest.chrome import cut_chrome
from fengong.ingest.flat_tables import split_cells
from fengong.ingest.head import head_or_metadata, is_tail_line, parse_inline_head
from fengong.ingest.head_fields import tolerant_head
from fengong.ingest.inline import (
    FIRST_LEADS,
    ROLE_LABEL,
    InlineAssignment,
    by_clause_starts,
    duty_clause_starts,
    is_one_parenthesis,
    merge_assignments,
    parse_by_clause,
    parse_inline_assignment,
    parse_roles,
    role_parenthesis_ends,
)
from fengong.ingest.numerals import chinese_to_int
from fengong.ingest.reader import SourceText
from fengong.ingest.records import (
    CellMention,
    DepartmentCell,
    Measure,
    ReadingWarning,
    Section,
    TableDocument,
    TaskRow,
)
from fengong.ingest.sidecar import Metadata
from fengong.ingest.text import strip_markup, text_features

__all__ = ["ITEM_PATTERNS", "SECTION", "parse_inline_document"]

_NUMERAL = "一二三四五六七八九十百零〇"
SECTION = re.compile(
    rf"^\s*((?:[{_NUMERAL}]+)(?=\s*[、．])|第[{_NUMERAL}]+部分)\s*[、．]?\s*(.*)$", re.DOTALL
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PARENTHESISED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"  # one character each: (1) … (20)
_DIGIT_STOPS = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"  # 1. … 20.
#: Item numbering, outermost first: （一） 第一条 / 1. 1． 1、 / （1） 1） / ① / 一是
ITEM_PATTERNS = (
    re.compile(rf"^\s*([(（]\s*[{_NUMERAL}]+\s*[)）]|第[{_NUMERAL}]+条)\s*(.*)$", re.DOTALL),
    re.compile(rf"^\s*(\d{{1,3}}\s*[.．、﹒](?!\d)|[{_DIGIT_STOPS}])\s*(.*)$", re.DOTALL),
    re.compile(rf"^\s*([(（]?\s*\d{{1,3}}\s*[)）]|[{_PARENTHESISED}])\s*(.*)$", re.DOTALL),
    re.compile(rf"^\s*([{_CIRCLED}])\s*(.*)$", re.DOTALL),
    re.compile(rf"^\s*([{_NUMERAL}]{{1,3}}是)[：:，,]?\s*(.*)$", re.DOTALL),
)

#: a line that names departments under a label: 牵头单位：区发改局 / 责任单位：… / 配合部门：…
_ROLE_LABEL = ROLE_LABEL
#: a labelled field that is no department: kept as an attribute of the task
_FIELD_LABEL = (
    r"(?:完成时限|完成时间|时间节点|时限要求|时间要求|时限|[\u4e00-\u9fff]{0,4}领导|责任人|联系人|"
    r"责任处室|责任科室|咨询电话|联系电话)"
)
#: a label whose value states the roles in clauses: 部门分工：A牵头，B、C配合。
_DIVISION_LABEL = r"(?:部门分工|责任分工|任务分工|分工)"
_LABEL_START = re.compile(
    rf"^\s*[(（【〔\[]?\s*(?:{_ROLE_LABEL}|{_FIELD_LABEL}|{_DIVISION_LABEL})\s*[:：]"
)
_DIVISION_LINE = re.compile(rf"^\s*[(（【〔\[]?\s*{_DIVISION_LABEL}\s*[:：]\s*(?P<value>.+)$")
_LABEL_PART = re.compile(
    rf"(?P<label>{_ROLE_LABEL}|{_FIELD_LABEL})\s*[:：]\s*(?P<value>.*?)\s*"
    rf"(?=[；;]|[，,]?\s*(?:{_ROLE_LABEL}|{_FIELD_LABEL})\s*[:：]|\s{{2,}}|[)）】〕\]]?\s*$)"
)
_FIELD_NAME = re.compile(rf"^{_FIELD_LABEL}$")


_ANNEX = re.compile(r"^附件\s*[:：\d]")


@dataclass
class _Item:
    level: int  # index into ITEM_PATTERNS; -1: a section heading standing for its one item
    number: str
    line: int
    paragraphs: list[tuple[int, str]] = field(default_factory=list)  # (line, text)
    children: list[_Item] = field(default_factory=list)
    labelled: list[tuple[int, str]] = field(default_factory=list)  # 牵头单位：… lines

    @property
    def everything(self) -> list[tuple[int, str]]:
        """Its paragraphs and its sub-items', in order: (1) under 1. is part of 1."""
        return self.paragraphs + [p for child in self.children for p in child.everything]

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.everything)

    def fields(self) -> tuple[tuple[str, str], ...]:
        """Labelled fields that name no department: 完成时限：…, 牵头领导：…"""
        return tuple(
            (m.group("label"), m.group("value"))
            for _, text in self.labelled
            for m in _LABEL_PART.finditer(text)
            if _FIELD_NAME.match(m.group("label")) and m.group("value")
        )

    def _labelled_assignment(self) -> tuple[InlineAssignment, int] | None:
        parts = [
            f"{m.group('label')}：{_balanced(m, text).rstrip('。.；;')}"
            for _, text in self.labelled
            for m in _LABEL_PART.finditer(text)
            if not _FIELD_NAME.match(m.group("label")) and m.group("value").strip()
        ]
        found = parse_roles("；".join(parts)) if parts else None
        for _, text in self.labelled:  # 部门分工：A牵头，B配合
            division = _DIVISION_LINE.match(text)
            said = parse_roles(division.group("value").rstrip("。.")) if division else None
            if said is not None:
                found = said if found is None else merge_assignments(found, said)
        return (found, self.labelled[0][0]) if found is not None else None

    @cached_property
    def assignment(self) -> tuple[InlineAssignment, int] | None:
        """What its labelled lines (牵头单位：…) and role parentheses assign, taken together (a
        closing paragraph such as 本意见自…起施行 may follow the parenthesis); else what its
        sub-items assign. The line is the first labelled line's, else the last paragraph's
        that holds a role parenthesis. Read once, when the item is complete (after the split)."""
        labelled = self._labelled_assignment()
        for paragraphs in (self.paragraphs, self.everything):
            found = parse_inline_assignment("".join(t for _, t in paragraphs))
            if found is not None:
                line = next(
                    (n for n, t in reversed(paragraphs) if parse_inline_assignment(t)),
                    paragraphs[-1][0],
                )
                if labelled is not None:
                    return merge_assignments(labelled[0], found), labelled[1]
                return found, line
            if labelled is not None:
                return labelled
        return self._prose_assignment()

    def _prose_assignment(self) -> tuple[InlineAssignment, int] | None:
        """Roles stated in the item's own sentences, without brackets or labels:
        由X副市长负责，市环保局牵头，相关部门配合 — read only where a department list is followed by
        牵头 and a comma, and only clauses whose names are departments; or 由A会同B等部门负责."""
        for n, text in self.paragraphs:
            by = parse_by_clause(text)
            if by is not None and by.lead:
                return by, n
            duties = duty_clause_starts(text)
            if duties:
                return duties[0][1], n
            if not _PROSE_LEAD.search(text):
                continue
            clauses = [c for c in re.split(r"[。；;]", text) if _PROSE_LEAD.search(c + "，")]
            found = parse_roles("，".join(clauses))
            if found is not None and found.lead:
                return found, n
        return None


def _balanced(match: re.Match[str], text: str) -> str:
    """A label's value with the closing bracket the label pattern left after it when the value
    opened one: 各县(市、区)政府(管委会) at the end of a line keeps its last ）."""
    value = match.group("value")
    opened = sum(value.count(c) for c in "(（") - sum(value.count(c) for c in ")）")
    after = text[match.end() :].lstrip()
    if opened > 0 and after[:1] in (")", "）"):
        return value + after[0]
    return value


@dataclass
class _Section:
    number: str
    title: str
    line: int
    items: list[_Item] = field(default_factory=list)
    heading: tuple[int, str] | None = None  # the heading line as printed
    paragraphs: list[tuple[int, str]] = field(default_factory=list)  # text before any item


def _item_level(text: str) -> tuple[int, re.Match[str]] | None:
    for level, pattern in enumerate(ITEM_PATTERNS):
        match = pattern.match(text)
        if match and match.group(2).strip():
            return level, match
    return None


def _title(text: str) -> str:
    """An item's title: its first sentence (up to 。 or ；), or the whole short text."""
    head = re.split(r"[。；;]", text, maxsplit=1)[0].strip()
    paren = re.search(r"[(（][^()（）]*$", head)
    return (head[: paren.start()] if paren else head).strip() or text[:40]


def _cell(assignment: InlineAssignment, lead: bool, line: int) -> DepartmentCell | None:
    mentions = assignment.lead if lead else assignment.support
    if not mentions:
        return None
    return DepartmentCell(assignment.text, line, None, tuple(mentions))


def _first_leads(assignment: InlineAssignment) -> InlineAssignment:
    """The document's rule 第一责任单位为牵头单位: of names all said to be responsible, the
    first leads and the others support."""
    if not assignment.responsible or len(assignment.lead) < 1:
        return assignment
    first, *others = assignment.lead
    return InlineAssignment(
        (CellMention(first.text, 1, first.followed_by_etc, "第一责任单位"),),
        tuple(
            CellMention(m.text, i, m.followed_by_etc, m.role_word)
            for i, m in enumerate([*others, *assignment.support], start=1)
        ),
        False,
        assignment.text,
        assignment.offset,
    )


def _task(item: _Item, ordinal: int, whole: bool, first_leads: bool = False) -> TaskRow:
    text = item.text
    found = item.assignment
    lead = support = None
    if found is not None:
        assignment, line = found
        if first_leads:
            assignment = _first_leads(assignment)
        lead, support = _cell(assignment, True, line), _cell(assignment, False, line)
    return TaskRow(
        ordinal=ordinal,
        text=text,
        line=item.line,
        lead=lead,
        support=support,
        features=text_features(text, item.line),
        lead_merged=False,
        support_merged=False,
        whole_measure=whole,
        fields=item.fields(),
    )


def _task_units(item: _Item) -> list[_Item]:
    """The units of an item that are its tasks: its sub-items, and the sub-items of one that
    assigns nothing itself (1.约束性指标 over ⑴ ⑵ ⑶, each with its 责任单位 line); an item
    without sub-items whose text closes several measures with their own role parentheses has a
    unit per parenthesis, numbered L<line>."""
    if not item.children:
        return _paragraph_units(item)
    units: list[_Item] = []
    for child in item.children:
        if child.assignment is None and child.children:
            deeper = _task_units(child)
            if any(unit.assignment for unit in deeper):
                units += deeper
                continue
        units += (_paragraph_units(child) if not child.children else []) or [child]
    return units


def _paragraph_units(item: _Item) -> list[_Item]:
    """An item's measures when its text closes several with their own role parentheses
    (…降低18%。（市发展改革委牵头）…减少8%。（市环保局牵头）): a unit per parenthesis, with
    the text before it; text after the last one stays with the last. None for an item with
    one parenthesis or labelled lines (its roles are the item's)."""
    if item.labelled:
        return []
    pieces: list[tuple[int, str, bool]] = []  # (line, text, closed by roles)
    for n, text in item.paragraphs:
        start = 0
        for end in role_parenthesis_ends(text):
            pieces.append((n, text[start:end], True))
            start = end
        if text[start:].strip():
            pieces.append((n, text[start:], False))
    closing = sum(closed for _, _, closed in pieces)
    if closing < 2:
        return [] if closing else _duty_units(item)
    if pieces and not pieces[0][2] and pieces[0][0] == item.paragraphs[0][0]:
        pieces = pieces[1:]  # the item's heading (（一）约束性指标): the measure's, no task's
    units: list[_Item] = []
    pending: list[tuple[int, str]] = []
    for n, text, closed in pieces:
        pending.append((n, text))
        if closed:
            units.append(_Item(item.level + 1, f"L{pending[0][0]}", pending[0][0], pending))
            pending = []
    if pending and units:  # a closing sentence after the last roles: part of that measure
        units[-1].paragraphs.extend(pending)
    return units


def _duty_units(item: _Item) -> list[_Item]:
    """An item's duties when its text gives each department its own (法规处负责…；市场处负责…,
    or 由A负责，…。由B牵头，C负责，…): a unit per such sentence, up to the next; the text
    before the first is the item's heading. None for an item with fewer than two such
    sentences (one is the item's own assignment)."""
    pieces: list[tuple[int, str]] = []
    for n, text in item.paragraphs:
        starts = sorted({at for at, _ in duty_clause_starts(text)} | set(by_clause_starts(text)))
        ends = [*starts[1:], len(text)] if starts else []
        pieces += [(n, text[a:b]) for a, b in zip(starts, ends, strict=True)]
    if len(pieces) < 2:
        return []
    return [_Item(item.level + 1, f"L{n}", n, [(n, text)]) for n, text in pieces]


#: a heading that names the lead of everything under it: （一）省发展改革委牵头的工作,
#: 一、县示范区管委会牵头工作（8项）, （九）县公安局主要工作任务：
_HEADING_LEAD = re.compile(
    r"^\s*(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．]|[一二三四五六七八九十]{1,3}、)?"
    r"\s*(?P<names>[^，,。；;:：()（）]{2,60}?)(?:(?:牵头|主责)(?:负责)?的?(?:重点)?(?:工作|事项|任务)"
    r"|的?(?:主要)?(?:工作任务|工作职责|职责任务)\s*[:：]?\s*$)"
)  # …牵头的工作 anywhere in the heading; …主要工作任务 as the whole of it


def _with_heading_lead(item: _Item, tasks: tuple[TaskRow, ...]) -> tuple[TaskRow, ...]:
    """The tasks of an item whose heading names their lead (（一）省发展改革委牵头的工作): the
    lead is stated once, on the first task, and continues over the others that name none, as
    a merged lead cell does in a table."""
    heading = _HEADING_LEAD.match(item.paragraphs[0][1]) if item.paragraphs else None
    said = parse_roles(f"{heading.group('names')}牵头") if heading else None
    if said is None or not said.lead or not looks_like_departments(heading.group("names")):
        return tasks
    line = item.paragraphs[0][0]
    lead = _cell(said, True, line)
    first = tasks[0]
    if first.lead is not None:
        assert lead is not None
        mentions = (*lead.mentions, *first.lead.mentions)
        lead = replace(
            lead, mentions=tuple(replace(m, position=i) for i, m in enumerate(mentions, 1))
        )
    rest = tuple(t if t.lead is not None else replace(t, lead_merged=True) for t in tasks[1:])
    return (replace(first, lead=lead), *rest)


def _with_section_lead(raw: _Section, measures: tuple[Measure, ...]) -> tuple[Measure, ...]:
    """The measures of a section whose heading names their lead (一、县示范区管委会牵头工作（8项）,
    then 1. 2. 3. without roles): the lead is stated once, on the section's first task, at the
    heading's line, and continues over the tasks after it that name none."""
    heading = _HEADING_LEAD.match(raw.title or "")
    if heading is None or not measures or not measures[0].tasks:
        return measures
    said = parse_roles(f"{heading.group('names')}牵头")
    if said is None or not said.lead or not looks_like_departments(heading.group("names")):
        return measures
    first = measures[0].tasks[0]
    if first.lead is not None:
        return measures  # the item says its own lead: the heading is only a grouping
    lead = _cell(said, True, raw.line)
    out = []
    for m, measure in enumerate(measures):
        tasks = tuple(
            replace(t, lead=lead)
            if (m, k) == (0, 0)
            else t
            if t.lead is not None
            else replace(t, lead_merged=True)
            for k, t in enumerate(measure.tasks)
        )
        out.append(replace(measure, tasks=tasks))
    return tuple(out)


def _number_of(printed: str) -> int | None:
    printed = printed.strip("()（）.．、﹒第条是 ")
    for characters in (_CIRCLED, _PARENTHESISED, _DIGIT_STOPS):
        if printed and printed in characters:
            return characters.index(printed) + 1
    try:
        return chinese_to_int(printed)
    except ValueError:
        return None


_LABEL_ANYWHERE = re.compile(rf"{_ROLE_LABEL}\s*[:：]")


def _take_tail(
    entries: list[tuple[int, str]],
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Split off the closing lines at the very end (date, 印发, 抄送, 附件, (此件公开发布) and the
    signatory above the date): nothing else marks where the last item ends. Dates earlier in
    the file (a notice's, above the plan it issues) stay where they are."""
    start = len(entries)
    annex = next((i for i in range(len(entries) - 1, -1, -1) if _ANNEX.match(entries[i][1])), None)
    if (
        annex is not None
        and all(
            len(t) < 80
            and parse_inline_assignment(t) is None
            and not _LABEL_ANYWHERE.search(t)
            and not SECTION.match(t)  # 附件1, its title, 一、…: the attachment itself, not a list
            and not _HEADING_LEAD.match(t)
            for _, t in entries[annex + 1 :]
        )
    ):
        start = annex  # 附件：1. … 2. …, a list of attachments at the end
    while start > 0 and is_tail_line(entries[start - 1][1]):
        start -= 1
    if start == len(entries):
        return entries, []
    above = entries[start - 1][1] if start else ""
    if (
        above
        and len(above) < 40
        and not re.search(r"[。；;)）]$", above)
        and not (SECTION.match(above) or _item_level(above))
    ):
        start -= 1  # the signatory
    return entries[:start], entries[start:]


#: a department list followed by 牵头 and a comma, within a sentence: …，市环保局牵头，…
_PROSE_LEAD = re.compile(
    r"(?:^|[，,由。；;])\s*[\u4e00-\u9fff、]{2,40}?(?:局|委|办|厅|部|院|政府|中心|公司)牵头[，,]"
)
#: a numbered heading or item that starts after a sentence within a line: …。二、… / …）（三）…
_NUMBERED_WITHIN = re.compile(
    r"(?<=[。；;）):：])\s*(?=(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|"
    r"\d{1,2}[.、．](?!\d)))"
)
#: in a page saved as one long line, a numbered heading or item after a space: … 责任分解 一、…
_NUMBERED_AFTER_SPACE = re.compile(
    r"(?<=\S)[ \u3000\u00a0]+(?=(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|"
    r"\d{1,2}[.、．](?![\d%])|[(（]\d{1,2}[)）]))"
)
#: in such a line, an item numbered in brackets right after a heading's words: 一、认识不深（一）…
_PARENTHESISED_WITHIN = re.compile(
    r"(?<=[\u4e00-\u9fff])(?=[（(][一二三四五六七八九十]{1,3}[)）][\u4e00-\u9fff])"
)
_RUN_ON = 200  # characters: a line this long holds several paragraphs run together


def _run_on_parts(text: str) -> list[str]:
    """A line's paragraphs: items run together after a sentence (…。二、…), and, in a line
    long enough to be a page saved as one, after a space (…责任分解 一、… 1.…) or right after
    a heading's words (一、认识不深（一）…)."""
    parts = _NUMBERED_WITHIN.split(text)
    if len(text) < _RUN_ON:
        return parts
    return [
        piece
        for part in parts
        for spaced in _NUMBERED_AFTER_SPACE.split(part)
        for piece in _PARENTHESISED_WITHIN.split(spaced)
    ]


#: labelled roles written at the end of an item's paragraph: …。牵头单位：区发改局
_LABEL_AFTER = re.compile(rf"(?<=[。；;！!])\s*(?=[(（【〔]?\s*{_ROLE_LABEL}\s*[:：])")


def _split(
    source: SourceText,
) -> tuple[list[tuple[int, str]], list[_Section], list[tuple[int, str]]]:
    """Head lines, sections with their items, and the tail after the last item."""
    head: list[tuple[int, str]] = []
    sections: list[_Section] = []
    stack: list[_Item] = []
    entries = [
        (n, part)
        for n, t in enumerate(source.lines, 1)
        for part in _run_on_parts(strip_markup(t))
        if part.strip()
    ]  # items run together on one line (a page saved as one paragraph) are items all the same
    entries = cut_chrome(entries)
    entries, tail = _take_tail(entries)
    # with section headings, what comes before the first is the head, numbered or not (a
    # notice's own points, 附件：1. 2., above the plan it issues)
    first_heading = next(
        (i for i, (_, t) in enumerate(entries) if SECTION.match(t) and not _item_level(t)),
        None,
    )
    if first_heading is not None:  # a page that starts inside the plan: items before 一、
        first_heading = _first_assigning(entries[:first_heading], first_heading)
    for index, (n, text) in enumerate(entries):
        if first_heading is not None and index < first_heading:
            head.append((n, text))
            continue
        heading = SECTION.match(text)
        numbered = _item_level(text)
        labelled = _LABEL_START.match(text) is not None
        if labelled and not sections and _ROLE_LINE.match(text):  # roles before any item
            sections.append(_Section("", "", n))
            unit = _Item(-1, f"L{n}", n, [(n, text)])
            unit.labelled.append((n, text))
            sections[-1].items.append(unit)
            stack = []  # the items that follow are its siblings
            continue
        if heading and not numbered and not labelled:
            title = re.split(r"[。：:]", heading.group(2), maxsplit=1)[0].strip()
            sections.append(_Section(heading.group(1), title, n, heading=(n, text)))
            stack = []
        elif numbered and not labelled:
            level, match = numbered
            if not sections:
                sections.append(_Section("", "", n))  # items without section headings
            body, after = _split_label(match.group(2).strip())
            item = _Item(level, match.group(1).replace(" ", ""), n, [(n, body)])
            if after:
                item.labelled.append((n, after))
            while stack and stack[-1].level >= level:
                stack.pop()
            (stack[-1].children if stack else sections[-1].items).append(item)
            stack.append(item)
        elif labelled and (stack or sections):
            if not stack:  # roles under a heading with no numbered items: the heading is one
                section = sections[-1]
                number, heading_text = section.number, section.heading[1] if section.heading else ""
                stack = [_Item(-1, number, section.line, [(section.line, heading_text)])]
                section.items.append(stack[0])
            stack[-1].labelled.append((n, text))
        elif stack:
            body, after = _split_label(text)
            # a paragraph that is only a role parenthesis, after sub-items, closes the measure
            only_roles = is_one_parenthesis(body) and parse_inline_assignment(body)
            target = stack[0] if only_roles else stack[-1]
            if body:
                target.paragraphs.append((n, body))
            if after:
                target.labelled.append((n, after))
        elif sections:
            sections[-1].paragraphs.append((n, text))  # before its first item, if it has any
        else:
            head.append((n, text))
    for section in sections:  # a heading whose own text carries roles is a measure too
        if section.heading is None:
            continue
        item = _Item(-1, section.number, section.line, [section.heading, *section.paragraphs])
        if item.assignment is not None:  # 一、…（省发改委总牵头） / 由省经贸委承办，…协办。
            section.items.insert(0, item)
    if not any(section.items for section in sections):
        return _unnumbered(head, sections, tail)
    if not any(_assigns(item) for section in sections for item in section.items):
        # numbered lines that assign nothing (a news page's 1、2、 disclaimer) under paragraphs
        # that do: read the paragraphs
        head_again, found, tail_again = _unnumbered(head, sections, tail)
        if any(section.items for section in found) and found is not sections:
            return head_again, found, tail_again
    return head, sections, tail


def _assigns(item: _Item) -> bool:
    """Whether an item, or one of its sub-items, names someone."""
    return item.assignment is not None or any(_assigns(child) for child in item.children)


def _unnumbered(
    head: list[tuple[int, str]], sections: list[_Section], tail: list[tuple[int, str]]
) -> tuple[list[tuple[int, str]], list[_Section], list[tuple[int, str]]]:
    """A text with no numbered item (a news page quoting a measure, a plan in plain
    paragraphs): each paragraph that closes with a role parenthesis, or states roles as 由A负责
    or A牵头，负责…, is an item, L<line>; what comes before the first is the head. Unchanged
    when no paragraph names roles."""
    lines = [*head, *(p for s in sections for p in ([s.heading] if s.heading else []))]
    lines += [p for s in sections for p in s.paragraphs]
    lines.sort()
    said = [
        (n, t)
        for n, t in lines
        if parse_inline_assignment(t) is not None or by_clause_starts(t) or duty_clause_starts(t)
    ]
    if not said:
        return head, sections, tail
    first = said[0][0]
    items = [_Item(-1, f"L{n}", n, [(n, t)]) for n, t in said]
    section = _Section("", "", first, items)
    return [(n, t) for n, t in lines if n < first], [section], tail


_ROLE_LINE = re.compile(rf"^\s*[(（【〔\[]?\s*{_ROLE_LABEL}\s*[:：]")


def _first_assigning(prefix: list[tuple[int, str]], default: int) -> int:
    """Where a page that starts inside the plan has its first unit, before its first section
    heading: the numbered item above a line that states roles (责任单位：…), or such a line
    with a numbered item right after it (the page begins inside an item); ``default`` (the
    heading) otherwise — a website's 主办单位：… at the top is no unit."""
    for index, (_, text) in enumerate(prefix):
        level = _item_level(text)
        if _ROLE_LINE.match(text):
            if index and _item_level(prefix[index - 1][1]):
                return index - 1
            if any(_item_level(t) for _, t in prefix[index + 1 : index + 3]):
                return index  # the roles of an item the page begins inside, then the next item
        elif level and not SECTION.match(text):
            heading = _HEADING_LEAD.match(text)
            if heading and looks_like_departments(heading.group("names")):
                return index  # （八）县经济局主要工作任务：, its tasks below
            block = [text]
            for _, following in prefix[index + 1 :]:
                if _item_level(following):
                    break
                block.append(following)
            joined = "".join(block)
            if (
                parse_inline_assignment(joined)
                or parse_by_clause(joined)
                or duty_clause_starts(level[1].group(2))  # 1.市工商局负责，…
            ):
                return index  # an item of the plan, with its roles, above the first heading
    return default


def _split_label(text: str) -> tuple[str, str]:
    """A paragraph's text and the labelled roles written at its end, if any."""
    inside = 0  # the end of a role parenthesis passed over: its labels are its own
    for match in _LABEL_AFTER.finditer(text):
        if match.start() < inside:
            continue
        before = text[: match.start()]
        opened = sum(before.count(c) for c in "(（[【〔［") - sum(
            before.count(c) for c in ")）]】〕］"
        )
        if opened > 0:  # inside a bracket: [牵头单位：A；责任单位：B] is one parenthesis
            continue
        after = text[match.end() :].strip()
        closing = _bracket_end(after) if after[:1] in "(（[【〔［" else None
        if closing is not None and parse_inline_assignment(after[:closing]) is not None:
            inside = len(text) - len(after) + closing
            continue  # …。(责任单位:A)推进…。(责任单位:B): role parentheses, read as such
        return before.rstrip(), after
    return text, ""


def _bracket_end(text: str) -> int | None:
    """Where the bracket that opens ``text`` closes (just after it); None if it does not."""
    depth = 0
    for at, char in enumerate(text):
        depth += char in "(（[【〔［"
        depth -= char in ")）]】〕］"
        if depth == 0:
            return at + 1
    return None


def _describe(source: SourceText, sections: list[_Section]) -> str:
    """What the reader found when it found nothing it could read: for the error message."""
    items = [i for s in sections for i in s.items]
    lines = [t for t in source.lines if t.strip()]
    # the table rows the text looks to have, by separator (flat_tables reads them)
    rows = Counter(
        "tabs" if "\t" in t else how
        for t in lines
        if "\t" in t or (how := (split_cells(t) or ([], ""))[1])
    )
    found = [
        f"{len(lines)} non-empty lines",
        f"{len(sections)} section headings (一、…)",
        f"{len(items)} numbered items, none with a department",
    ]
    if rows:
        how, count = rows.most_common(1)[0]
        shown = {"spaces": "runs of spaces", "|": "|"}.get(how, how)
        found.append(
            f"{count} lines look like table rows (columns separated by {shown}) but no header "
            "row names a lead column (牵头单位, 责任单位 …)"
        )
    return "; ".join(found)


def _numbered_lines(source: SourceText) -> list[tuple[int, str]]:
    return [(n, strip_markup(t)) for n, t in enumerate(source.lines, 1)]


def parse_inline_document(source: SourceText, metadata: Metadata | None = None) -> TableDocument:
    """Parse a document in the inline layout into the records a table gives. Items whose
    roles cannot be read are kept, without assignment, each with a warning; only a document
    where no item names a department is an error, saying what was looked for and found."""
    head_lines, raw_sections, tail = _split(source)
    if not any(s.items for s in raw_sections):
        raise IngestError(
            "nothing readable: no numbered items (looked for headings 一、… and items （一）, "
            f"1. 1、 （1） ① 第一条 一是 …); found {_describe(source, raw_sections)}",
            Location(source.name, 1),
        )
    head, warnings = head_or_metadata(
        lambda: parse_inline_head(head_lines, tail, source.name),
        metadata,
        lambda: tolerant_head(head_lines, tail, source.name, _numbered_lines(source)),
    )
    every_line = " ".join(source.lines)
    first_leads = FIRST_LEADS.search(every_line) is not None
    sections: list[Section] = []
    measure_ordinal = 0
    cut: list[ReadingWarning] = []
    # numbering that restarts in each section is cited with its section: 二、（三）
    restarts = any(s.items and _number_of(s.items[0].number) == 1 for s in raw_sections[1:])
    for s_ordinal, raw in enumerate(raw_sections, start=1):
        measures = []
        for item in raw.items:
            measure_ordinal += 1
            units = _task_units(item)
            if any(unit.assignment for unit in units):
                # the measure's own roles, stated above its 具体措施 that have theirs: a task
                # standing for the whole measure, first
                own = _Item(item.level, item.number, item.line, item.paragraphs, [], item.labelled)
                if item.children and units[0] is not item and own.assignment is not None:
                    units = [own, *units]
                tasks = tuple(
                    _task(unit, i, unit is own, first_leads) for i, unit in enumerate(units, 1)
                )
            else:  # sub-items that name no one are the measure's text; its parenthesis assigns
                units = [item]
                tasks = (_task(item, 1, True, first_leads),)
            cut += [
                ReadingWarning(
                    "the text breaks off inside this item's role parenthesis: read as far as it "
                    "goes (a role word cut short is completed; names left without one are not read)",
                    found[1],
                )
                for unit in units
                if (found := unit.assignment) is not None and found[0].cut
            ]
            tasks = _with_heading_lead(item, tasks)
            measures.append(
                Measure(
                    ordinal=measure_ordinal,
                    number=item.number,
                    title=_title(item.text),
                    text=item.text,
                    line=item.line,
                    tasks=tasks,
                    features=text_features(item.text, item.line),
                    cited_as=f"{raw.number}、{item.number}"
                    if raw.number and restarts and item.level >= 0
                    else item.number,
                )
            )
        sections.append(
            Section(
                s_ordinal,
                raw.number,
                raw.title or head.title,
                raw.line,
                _with_section_lead(raw, tuple(measures)),
            )
        )
    tasks = [t for s in sections for m in s.measures for t in m.tasks]
    if not any(t.lead or t.support for t in tasks):
        raise IngestError(
            "nothing readable: no item names a department (looked for role parentheses such "
            "as （市应急局牵头，市公安局配合） or 〔责任单位：…〕, and lines such as 牵头单位：… / "
            f"责任单位：…); found {_describe(source, raw_sections)}",
            Location(source.name, tasks[0].line),
        )
    unassigned = [
        ReadingWarning(
            f"item {m.cited_as or m.number} names no department (no role parenthesis, no "
            "牵头单位/责任单位 line): kept as a task without assignment",
            t.line,
        )
        for s in sections
        for m in s.measures
        for t in m.tasks
        if not (t.lead or t.support or t.lead_merged)
    ]
    return TableDocument(
        source.name,
        source.sha256,
        head,
        tuple(sections),
        None,
        source.encoding,
        "inline",
        source.media_type,
        source.places,
        metadata.file if metadata else None,
        metadata.jurisdiction if metadata else None,
        warnings=(*warnings, *cut, *unassigned),
    )
