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
from dataclasses import dataclass, field

from fengong.errors import IngestError, Location
from fengong.ingest.head import head_or_metadata, is_tail_line, parse_inline_head
from fengong.ingest.inline import InlineAssignment, parse_inline_assignment
from fengong.ingest.numerals import chinese_to_int
from fengong.ingest.reader import SourceText
from fengong.ingest.records import (
    DepartmentCell,
    Measure,
    Section,
    TableDocument,
    TaskRow,
)
from fengong.ingest.sidecar import Metadata
from fengong.ingest.text import strip_markup, text_features

__all__ = ["ITEM_PATTERNS", "SECTION", "count_inline_items", "parse_inline_document"]

_NUMERAL = "一二三四五六七八九十百零〇"
SECTION = re.compile(rf"^\s*([{_NUMERAL}]+)\s*、\s*(.*)$", re.DOTALL)
#: Item numbering, outermost first: （一） / 1. 1． 1、 / （1）
ITEM_PATTERNS = (
    re.compile(rf"^\s*([(（]\s*[{_NUMERAL}]+\s*[)）]|第[{_NUMERAL}]+条)\s*(.*)$", re.DOTALL),
    re.compile(r"^\s*(\d{1,3}\s*[.．、](?!\d))\s*(.*)$", re.DOTALL),
    re.compile(r"^\s*([(（]\s*\d{1,3}\s*[)）])\s*(.*)$", re.DOTALL),
)


_ANNEX = re.compile(r"^附件\s*[:：\d]")
_ONLY_PARENTHESIS = re.compile(r"\s*[(（\[【].*[)）\]】]\s*[。．.；;]?\s*")


@dataclass
class _Item:
    level: int  # index into ITEM_PATTERNS
    number: str
    line: int
    paragraphs: list[tuple[int, str]] = field(default_factory=list)  # (line, text)
    children: list[_Item] = field(default_factory=list)

    @property
    def everything(self) -> list[tuple[int, str]]:
        """Its paragraphs and its sub-items', in order: (1) under 1. is part of 1."""
        return self.paragraphs + [p for child in self.children for p in child.everything]

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.everything)

    def assignment(self) -> tuple[InlineAssignment, int] | None:
        """What its own paragraphs assign, taken together (a closing paragraph such as
        本意见自…起施行 may follow the parenthesis); else what its sub-items assign. The line
        is the last paragraph's that holds a role parenthesis."""
        for paragraphs in (self.paragraphs, self.everything):
            found = parse_inline_assignment("".join(t for _, t in paragraphs))
            if found is not None:
                line = next(
                    (n for n, t in reversed(paragraphs) if parse_inline_assignment(t)),
                    paragraphs[-1][0],
                )
                return found, line
        return None


@dataclass
class _Section:
    number: str
    title: str
    line: int
    items: list[_Item] = field(default_factory=list)


def _item_level(text: str) -> tuple[int, re.Match[str]] | None:
    for level, pattern in enumerate(ITEM_PATTERNS):
        match = pattern.match(text)
        if match and match.group(2).strip():
            return level, match
    return None


def count_inline_items(lines: tuple[str, ...]) -> int:
    """How many lines end in an assignment parenthesis, in a text with numbered items (the
    parenthesis closes an item's last paragraph, which need not be its numbered first one):
    layout detection."""
    texts = [strip_markup(raw) for raw in lines]
    if not any(_item_level(text) for text in texts):
        return 0
    return sum(1 for text in texts if parse_inline_assignment(text) is not None)


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


def _task(item: _Item, ordinal: int, whole: bool) -> TaskRow:
    text = item.text
    found = item.assignment()
    lead = support = None
    if found is not None:
        assignment, line = found
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
    )


def _number_of(printed: str) -> int | None:
    try:
        return chinese_to_int(printed.strip("()（）.．、第条 "))
    except ValueError:
        return None


def _take_tail(
    entries: list[tuple[int, str]],
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Split off the closing lines at the very end (date, 印发, 抄送, 附件, (此件公开发布) and the
    signatory above the date): nothing else marks where the last item ends. Dates earlier in
    the file (a notice's, above the plan it issues) stay where they are."""
    start = len(entries)
    annex = next((i for i in range(len(entries) - 1, -1, -1) if _ANNEX.match(entries[i][1])), None)
    if annex is not None and all(
        len(t) < 80 and parse_inline_assignment(t) is None for _, t in entries[annex + 1 :]
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


def _split(
    source: SourceText,
) -> tuple[list[tuple[int, str]], list[_Section], list[tuple[int, str]]]:
    """Head lines, sections with their items, and the tail after the last item."""
    head: list[tuple[int, str]] = []
    sections: list[_Section] = []
    stack: list[_Item] = []
    entries = [(n, strip_markup(t)) for n, t in enumerate(source.lines, 1) if strip_markup(t)]
    entries, tail = _take_tail(entries)
    # with section headings, what comes before the first is the head, numbered or not (a
    # notice's own points, 附件：1. 2., above the plan it issues)
    first_heading = next(
        (i for i, (_, t) in enumerate(entries) if SECTION.match(t) and not _item_level(t)),
        None,
    )
    for index, (n, text) in enumerate(entries):
        if first_heading is not None and index < first_heading:
            head.append((n, text))
            continue
        heading = SECTION.match(text)
        numbered = _item_level(text)
        if heading and not numbered:
            title = re.split(r"[。：:]", heading.group(2), maxsplit=1)[0].strip()
            sections.append(_Section(heading.group(1), title, n))
            stack = []
        elif numbered:
            level, match = numbered
            if not sections:
                sections.append(_Section("", "", n))  # items without section headings
            item = _Item(level, match.group(1).replace(" ", ""), n, [(n, match.group(2).strip())])
            while stack and stack[-1].level >= level:
                stack.pop()
            (stack[-1].children if stack else sections[-1].items).append(item)
            stack.append(item)
        elif stack:
            # a paragraph that is only a role parenthesis, after sub-items, closes the measure
            only_roles = _ONLY_PARENTHESIS.fullmatch(text) and parse_inline_assignment(text)
            (stack[0] if only_roles else stack[-1]).paragraphs.append((n, text))
        elif sections:
            continue  # a section's own paragraph before its first item
        else:
            head.append((n, text))
    return head, sections, tail


def parse_inline_document(source: SourceText, metadata: Metadata | None = None) -> TableDocument:
    """Parse a document in the inline layout into the records a table gives."""
    head_lines, raw_sections, tail = _split(source)
    if not any(s.items for s in raw_sections):
        raise IngestError(
            "no numbered items found (expected headings 一、… and items （一）… or 1. …)",
            Location(source.name, 1),
        )
    head = head_or_metadata(lambda: parse_inline_head(head_lines, tail, source.name), metadata)
    sections: list[Section] = []
    measure_ordinal = 0
    # numbering that restarts in each section is cited with its section: 二、（三）
    restarts = any(s.items and _number_of(s.items[0].number) == 1 for s in raw_sections[1:])
    for s_ordinal, raw in enumerate(raw_sections, start=1):
        measures = []
        for item in raw.items:
            measure_ordinal += 1
            if any(child.assignment() for child in item.children):
                tasks = tuple(_task(child, i, False) for i, child in enumerate(item.children, 1))
            else:  # sub-items that name no one are the measure's text; its parenthesis assigns
                tasks = (_task(item, 1, True),)
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
                    if raw.number and restarts
                    else item.number,
                )
            )
        sections.append(
            Section(s_ordinal, raw.number, raw.title or head.title, raw.line, tuple(measures))
        )
    tasks = [t for s in sections for m in s.measures for t in m.tasks]
    if not any(t.lead or t.support for t in tasks):
        raise IngestError(
            f"none of the {len(tasks)} numbered items ends in an assignment parenthesis such as "
            "（市应急局牵头，市公安局配合）: not an inline division document?",
            Location(source.name, tasks[0].line),
        )
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
    )
