"""Reading the parenthesis that assigns roles at the end of a measure in running text.

Municipal documents often number their measures and close each with who does it, instead of a
table: "(市发展改革委、市商务委牵头，市安全监管局等部门配合)", "(市总工会、团市委负责)",
"(市应急办牵头，市消防局等部门分工负责)". The parenthesis is a list of clauses, each a list of
names and a role word:

* 牵头 names the lead departments, 配合 the supporting ones;
* 负责 (also 分工负责, 共同负责) names departments responsible for the measure: they lead when
  no clause says 牵头, and support when one does ("A牵头，B等部门分工负责": A leads, B supports).

Clauses are separated by a comma (full- or half-width), a semicolon, or 、 right after a role
word ("A牵头、B配合"). 等, 等部门 or 等单位 after a name marks the list as open-ended, as in
tables. A parenthesis without a role word ("(试行)") assigns nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fengong.ingest.cells import SEPARATORS, strip_etc
from fengong.ingest.records import CellMention

__all__ = ["InlineAssignment", "parse_inline_assignment"]

_LAST_PARENTHESIS = re.compile(r"[(（](?P<body>[^()（）]+)[)）]\s*[。．.；;]?\s*$")
_CLAUSE = re.compile(
    r"\s*(?P<names>[^，,；;]+?)\s*(?P<etc>等部门|等单位|等)?\s*"
    r"(?P<role>牵头|分工负责|共同负责|负责|配合)\s*(?:[、，,；;]|$)"
)
_RESPONSIBLE = {"负责", "分工负责", "共同负责"}


@dataclass(frozen=True)
class InlineAssignment:
    """Who leads and who supports, as the parenthesis says."""

    lead: tuple[CellMention, ...]
    support: tuple[CellMention, ...]
    responsible: bool  # the leads were named "负责" (jointly responsible), not "牵头"
    text: str  # the parenthesis's content, as written
    offset: int  # where the parenthesis opens in the item's text (0-based)

    @property
    def open_ended(self) -> bool:
        return any(m.followed_by_etc for m in (*self.lead, *self.support))


def _mentions(names: str, etc: bool, first: int, role_word: str) -> list[CellMention]:
    found = []
    for token in SEPARATORS.split(names):
        name, followed = strip_etc(token.strip())
        if name:
            found.append(CellMention(name, first + len(found), followed, role_word))
    if found and etc:
        last = found[-1]
        found[-1] = CellMention(last.text, last.position, True, role_word)
    return found


def parse_inline_assignment(item: str) -> InlineAssignment | None:
    """The assignment in the parenthesis that ends ``item``, if it ends with one.

    >>> a = parse_inline_assignment("加强监管。(市发展改革委、市商务委牵头,市安全监管局等部门配合)")
    >>> [m.text for m in a.lead], [(m.text, m.followed_by_etc) for m in a.support]
    (['市发展改革委', '市商务委'], [('市安全监管局', True)])
    >>> parse_inline_assignment("本办法自发布之日起施行(试行)") is None
    True
    """
    match = _LAST_PARENTHESIS.search(item)
    if match is None:
        return None
    body = match.group("body").strip()
    clauses, end = [], 0
    while end < len(body):
        clause = _CLAUSE.match(body, end)
        if clause is None:
            return None  # words that are not names and roles: not an assignment
        clauses.append(clause)
        end = clause.end()
    if not clauses:
        return None
    has_lead = any(c.group("role") == "牵头" for c in clauses)
    lead: list[CellMention] = []
    support: list[CellMention] = []
    for clause in clauses:
        role = clause.group("role")
        goes_to = support if role == "配合" or (role in _RESPONSIBLE and has_lead) else lead
        goes_to += _mentions(
            clause.group("names"), bool(clause.group("etc")), len(goes_to) + 1, role
        )
    return InlineAssignment(
        tuple(lead), tuple(support), not has_lead and bool(lead), body, match.start()
    )
