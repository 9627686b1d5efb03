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
from dataclasses import dataclass, replace
from functools import lru_cache

from fengong.ingest.cells import looks_like_departments, name_tokens, strip_etc
from fengong.ingest.records import CellMention

__all__ = [
    "FIRST_LEADS",
    "ROLE_LABEL",
    "InlineAssignment",
    "by_clause_starts",
    "duty_clause_starts",
    "is_one_parenthesis",
    "merge_assignments",
    "parse_by_clause",
    "parse_inline_assignment",
    "parse_roles",
    "role_parenthesis_ends",
]

#: a parenthesis, with at most one level of brackets inside: （区建管委（区交通委）牵头）
_PARENTHESIS = re.compile(
    r"[(（\[【〔［](?P<body>(?:[^()（）\[\]【】〔〕［］]|[(（][^()（）]*[)）])+)[)）\]】〕］]"
)
_INNER = re.compile(r"[(（][^()（）]*(?:牵头|配合|负责)[^()（）]*[)）]")  # a role mark inside
_LEAD_WORDS = (
    "牵头负责", "牵头督导", "牵头推进", "牵头落实", "牵头实施", "牵头抓总", "分别牵头", "总牵头",
    "牵头", "主办", "主责", "承办",
)  # fmt: skip
_SUPPORT_WORDS = (
    "配合", "参与", "参加", "协同", "协助", "协办", "协作", "加强指导", "指导", "督促指导", "协调",
)  # fmt: skip
_RESPONSIBLE_WORDS = (
    "按照职责分工分别负责", "按职责分工分别负责", "按照职责分工负责", "按职责分工负责",
    "根据职责分工负责", "按照职责负责", "按职责负责", "分别负责",
    "分工负责", "共同负责", "负责落实", "负责", "落实",
)  # fmt: skip
_ROLE = "|".join((*_LEAD_WORDS, *_RESPONSIBLE_WORDS, *_SUPPORT_WORDS))
_CLAUSE = re.compile(
    r"\s*(?P<names>[^，,；;。]+?)\s*(?P<etc>等有关部门|等相关部门|等有关单位|等部门|等单位|等)?\s*"
    rf"(?P<role>{_ROLE})\s*(?:[、，,；;。]|$)"
)
#: a deadline or frequency beside the roles: （…牵头，…配合，2099年6月底前完成）
_TIME = re.compile(
    r"\s*[^，,；;。]*?(?:\d{4}\s*年|\d{1,2}\s*月|年底|年内|月底|前完成|长期坚持|持续推进|每年|定期)"
    r"[^，,；;。]*(?:[，,；;。]|$)"
)
#: the document's own rule: the first responsible unit leads (第一责任单位为牵头单位)
FIRST_LEADS = re.compile(
    r"(?:排在|列|位列|排列|排名)?(?:第一|首位)(?:位|个|家)?(?:的|者)?(?:责任)?(?:单位|部门)?(?:为|是)"
    r"(?:工作)?牵头(?:责任)?(?:或[\u4e00-\u9fff]{1,4})?(?:单位|部门)"
    r"|第一责任(?:单位|部门)(?:为|是)牵头"
    r"|(?:排在|列在?|位列|排名)第一位?的(?:单位|部门)牵头"  # 由排在第一位的部门牵头，其他部门配合
)


#: a role label: 牵头单位, 责任部门, 配合单位, 牵头责任单位, 协同责任单位, 主要责任单位, 工作协助部门 …
ROLE_LABEL = (
    r"(?:工作)?(?:主要)?(?:牵头|主责|主办|责任|负责|配合|协同|协办|协作|参与|协助)(?:责任|负责)?"
    r"(?:单位|部门|主体)?(?!处室|科室)"
)
_LABELS = ROLE_LABEL
#: a label's value: …：A、B
_VALUE = r"\s*[:：]\s*(?P<names>.+?)\s*$"
#: the labelled form: （牵头单位：A；配合单位：B）, （责任单位：A、B）, （牵头：A；配合：B）; other
#: labels beside them (完成时限：…) are not departments
_LABELLED = re.compile(rf"^\s*(?P<role>{_LABELS}){_VALUE}")
#: the labels of a department's own document, naming its divisions (牵头处室：A 责任处室：B): roles
#: only where no 单位/部门 label is beside them (there 责任处室 is a field of the unit)
_SUBUNIT_LABELLED = re.compile(
    rf"^\s*(?P<role>(?:牵头|主责|责任|负责|配合|协同|协办|参与)(?:处室|科室|股室)){_VALUE}"
)
_ANY_LABEL = re.compile(r"^\s*[\u4e00-\u9fff]{2,8}\s*[:：]")
#: labels of a task's other fields, which a page may run on right after a list of names
#: (…各县市党委和政府责任人：…整改时限：…)
_FIELD_LABEL = (
    r"(?:责任人|责任领导|牵头领导|分管领导|联系人|整改时限|完成时限|完成时间|时间节点|时限要求|"
    r"整改目标|整改措施|工作目标|工作措施|目标任务)\s*[:：]"
)
#: labelled parts end at ；。, at a comma or spaces before the next label (牵头领导：X 牵头处室：Y),
#: or right before a field's label
_LABEL_PARTS = re.compile(
    r"[；;。]|[，,](?=\s*[\u4e00-\u9fff]{2,8}\s*[:：])|\s+(?=[\u4e00-\u9fff]{2,8}\s*[:：])"
    rf"|(?<=[\u4e00-\u9fff）)])(?={_FIELD_LABEL})"
)
_SEPARATOR = re.compile(r"[，,；;。]")
#: a labelled sentence after clauses within one parenthesis: …负责。责任单位：…
_LABEL_IN_SENTENCE = re.compile(rf"(?<=[。；;])\s*(?={ROLE_LABEL}\s*[:：])")


@dataclass(frozen=True)
class InlineAssignment:
    """Who leads and who supports, as the parenthesis says."""

    lead: tuple[CellMention, ...]
    support: tuple[CellMention, ...]
    responsible: bool  # the leads were named "负责" (jointly responsible), not "牵头"
    text: str  # the parenthesis's content, as written
    offset: int  # where the parenthesis opens in the item's text (0-based)
    cut: bool = False  # the text breaks off inside the parenthesis: read as far as it goes

    @property
    def open_ended(self) -> bool:
        return any(m.followed_by_etc for m in (*self.lead, *self.support))


#: officials, not departments: 分管副省长、协管副秘书长负责
_OFFICIAL = re.compile(
    r"(?:副?(?:省|市|区|县|州|镇|乡|厅|局|部)长|长助理|助理|主任|秘书长|书记|领导|同志)$"
)


def _mentions(names: str, etc: bool, first: int, role_word: str) -> list[CellMention]:
    found = []
    for token in name_tokens(names):
        name, followed = strip_etc(token.strip())
        if _TIME.fullmatch(name):
            continue  # a deadline written among the names: …管委会，6月底完成
        if name and not _OFFICIAL.search(name):
            found.append(CellMention(name, first + len(found), followed, role_word))
    if found and etc:
        last = found[-1]
        found[-1] = CellMention(last.text, last.position, True, role_word)
    return found


def _kind(word: str) -> str:
    word = word.removeprefix("工作")  # 工作协助部门, 工作牵头单位
    if word.startswith(("牵头", "主责", "主办", "总牵头", "分别牵头", "承办")):
        return "lead"
    if word.startswith((*_SUPPORT_WORDS, "协办")):
        return "support"
    return "responsible"


def _clauses(
    body: str, rest: tuple[str, str] | None = None
) -> list[tuple[str, bool, str, str]] | None:
    """(names, 等, role word, lead|support|responsible) per clause of 'A、B牵头，C配合'.
    Clauses that name no role (a deadline, 加强指导) are passed over; a parenthesis with no
    role clause at all (（试行）, （含商住楼）) is not an assignment. ``rest`` (a label and its
    kind) is the role of names left at the end without a role word of their own."""
    found, end = [], 0
    pending: list[str] = []  # 'A、B等部门，C按职责分工负责': names whose role comes after a comma
    while end < len(body):
        clause = _CLAUSE.match(body, end)
        if clause is not None:
            role = clause.group("role")
            names = "、".join([*pending, clause.group("names")])
            found.append((names, bool(clause.group("etc")), role, _kind(role)))
            end, pending = clause.end(), []
            continue
        time = _TIME.match(body, end)
        if time is not None and time.end() > end:
            end, pending = time.end(), []
            continue
        separator = _SEPARATOR.search(body, end)
        if separator is None:
            last = body[end:].strip()
            if found and rest is not None and looks_like_departments("、".join([*pending, last])):
                # 责任单位：A牵头，B、C — names after the clauses take the label's role
                names, etc = strip_etc("、".join([*pending, last]))
                found.append((names, etc, rest[0], rest[1]))
            break
        skipped = body[end : separator.start()].strip()
        pending = [*pending, skipped] if looks_like_departments(skipped) else []
        end = separator.end()
    return found or None


def _labelled(body: str) -> list[tuple[str, bool, str, str]] | None:
    """Clauses of '牵头单位：A；配合单位：B', '责任单位：A、B' or '牵头：A；配合：B'; else of
    '牵头处室：A 责任处室：B' (a department's divisions)."""
    parts = _LABEL_PARTS.split(body)
    labelled = _LABELLED
    if not any(_LABELLED.match(p) for p in parts):
        labelled = _SUBUNIT_LABELLED
    found = []
    for part in parts:
        clause = labelled.match(part)
        if clause is None:
            continue  # 完成时限：… and other labels
        label, kind = clause.group("role"), _kind(clause.group("role"))
        said = _clauses(clause.group("names").strip(), (label, kind))
        if said:  # 责任单位：A按职责分工负责 / 责任单位：A牵头，B配合: the value says the roles
            found += [(n, e, w, kind if k == "responsible" else k) for n, e, w, k in said]
            continue
        trimmed, etc = strip_etc(clause.group("names").strip())
        found.append((trimmed, etc, label, kind))
    return found or None


def _together(clause: tuple[str, bool, str, str]) -> list[tuple[str, bool, str, str]]:
    """'A会同B、C负责': A leads, together with B and C, who support."""
    names, etc, word, kind = clause
    if "会同" not in names:
        return [clause]
    first, others = names.split("会同", 1)
    lead_kind = "support" if kind == "support" else "lead"
    return [(first, False, word, lead_kind), (others, etc, "会同", "support")]


#: a standing rule written inside a parenthesis, for this and the items after it: 明确牵头部门的，
#: 其他有关部门配合，不逐一列出，下同 / 列第一位的为牵头部门，下同 — a rule, not an assignment
#: (FIRST_LEADS reads the rule): from the clause that opens it to the one that ends it
_STANDING_RULE = re.compile(
    r"(?:^|(?<=[，,；;。]))\s*(?:明确|列第一|排在第一|排名第一|位列第一|除标注|除标明|凡|未明确|其他|以下)"
    r"[^。；;]*?(?:下同|不再列出|不逐一列出|不再一一列出)[，,；;。]?"
    r"|(?:^|(?<=[，,；;。]))\s*(?:下同|不再列出|不逐一列出|不再一一列出)[，,；;。]?"
)


def _parse(body: str) -> list[tuple[str, bool, str, str]] | None:
    body = _INNER.sub("", body).strip()  # （区建管委（牵头）、…）: the mark is not a name
    body = _STANDING_RULE.sub("", body).strip()
    if _ANY_LABEL.match(body):
        return _labelled(body)
    said = _clauses(body)
    label = _LABEL_IN_SENTENCE.search(body)
    if label is None:
        return said
    # 〔A、B等按职责分工负责。责任单位：C、D。〕: clauses, then a labelled sentence
    labelled = _labelled(body[label.start() :]) or []
    before = _clauses(body[: label.start()]) or []
    return (before + labelled) or said


def _closes(item: str, end: int) -> bool:
    """Whether a parenthesis ending at ``end`` closes the item (only punctuation after it)."""
    return not item[end:].strip(" 。.；;，,\u3000")


def is_one_parenthesis(text: str) -> bool:
    """Whether ``text`` is one parenthesis and nothing else (closing punctuation aside).

    >>> is_one_parenthesis("（市环保局牵头）。"), is_one_parenthesis("(甲牵头)乙。(丙牵头)")
    (True, False)
    """
    match = _PARENTHESIS.match(text.strip())
    return match is not None and _closes(text.strip(), match.end())


def role_parenthesis_ends(text: str) -> list[int]:
    """Where each parenthesis of ``text`` that names roles ends (after the punctuation that
    follows it): the places a paragraph of several measures, each closed by its own roles,
    divides.

    >>> role_parenthesis_ends("甲。(市环保局牵头)乙。(市林业局牵头)丙。(试行)")
    [10, 20]
    """
    ends = []
    for match in _PARENTHESIS.finditer(text):
        if _parse(match.group("body")):
            end = match.end()
            while end < len(text) and text[end] in "。；;，, \u3000":
                end += 1
            ends.append(end)
    return ends


@lru_cache(maxsize=4096)  # detection, the tail, items and their lines ask about one paragraph
def parse_inline_assignment(item: str) -> InlineAssignment | None:
    """The assignment of ``item``: its parentheses that name roles, together (one usually
    closes the item; some items have one per clause, or one before a closing sentence).

    >>> a = parse_inline_assignment("加强监管。(市发展改革委、市商务委牵头,市安全监管局等部门配合)")
    >>> [m.text for m in a.lead], [(m.text, m.followed_by_etc) for m in a.support]
    (['市发展改革委', '市商务委'], [('市安全监管局', True)])
    >>> parse_inline_assignment("本办法自发布之日起施行(试行)") is None
    True
    """
    clauses: list[tuple[str, bool, str, str]] = []
    bodies, offset = [], None
    for match in _PARENTHESIS.finditer(item):
        found = _parse(match.group("body"))
        names = _STANDING_RULE.sub("", match.group("body")).strip().rstrip("。；;，,")
        if not found and _closes(item, match.end()) and looks_like_departments(names):
            found = [(names, False, "", "responsible")]  # names alone: they do it
        if found:
            clauses += found
            bodies.append(match.group("body").strip())
            offset = match.start() if offset is None else offset
    unclosed = _UNCLOSED.search(item)
    cut = False
    if unclosed is not None:  # the text breaks off inside its last parenthesis
        found = _parse(_completed(unclosed.group("body")))
        if found:
            clauses += found
            bodies.append(unclosed.group("body").strip())
            offset = unclosed.start() if offset is None else offset
            cut = True
    if not clauses or offset is None:
        return None  # no parenthesis names departments and roles: not an assignment
    return replace(_assignment(clauses, "；".join(bodies), offset), cut=cut)


#: a parenthesis opened and never closed: the text ends inside it
_UNCLOSED = re.compile(
    r"[(（\[【〔［](?P<body>(?:[^()（）\[\]【】〔〕［］\ufffd]|[(（][^()（）]*[)）])+)\ufffd*$"
)
_ROLE_WORDS = sorted((*_LEAD_WORDS, *_RESPONSIBLE_WORDS, *_SUPPORT_WORDS), key=len, reverse=True)


def _completed(body: str) -> str:
    """A parenthesis the text breaks off in, its last role word completed where the text
    ends inside one (…等按职责分 → …等按职责分工负责); names whose role word is lost
    altogether stay without a role (the clause reader passes them over).

    >>> _completed("省发改委牵头，省统计局等按职责分"), _completed("省发改委牵头，省统计")
    ('省发改委牵头，省统计局等按职责分工负责', '省发改委牵头，省统计')
    """
    cut = [  # (how much of the word the text has, the word): the most, then the shortest word
        (k, word)
        for word in _ROLE_WORDS
        for k in range(len(word) - 1, 1, -1)
        if body.endswith(word[:k])
    ]
    if not cut:
        return body
    k, word = min(cut, key=lambda c: (-c[0], len(c[1])))
    return body + word[k:]


def parse_roles(text: str) -> InlineAssignment | None:
    """The roles a text names without brackets around it, as a 责任单位 cell may write them
    ('A牵头，B配合', '牵头：A；配合：B'); None when it names no role."""
    clauses = _parse(text)
    return _assignment(clauses, text.strip(), 0) if clauses else None


#: roles in a sentence of the national form: 由发展改革委会同农业部、财政部等部门研究提出落实意见,
#: 由国土资源部负责落实, 由市商务局牵头 — 由 opens the lead list, 会同 the support list
_BY = re.compile(
    r"由(?P<lead>[^。；;由]{2,80}?)(?:会同(?P<support>[^，,。；;]{2,200}?)"
    r"(?P<etc>等有关部门|等相关部门|等部门|等单位|等)?)?(?P<lead_etc>等有关部门|等相关部门|等部门|等单位)?(?:分别|各自)?(?P<verb>牵头|负责|承办|主办|研究|共同|组织|"
    r"提出|制定|承担|抓好|具体|按职责|落实|[\s\ufffd]*$)"  # $: the text breaks off after the names
)


_COUNTED = re.compile(r"^(?:一|两|二|三|多|几|若干|某)个?(?:部门|单位)")

#: a duty sentence, as a plan's 职责分工 writes one per department: 法规处负责…；市场处牵头负责…，
#: 会同消委秘书处收集… — at the start of a sentence, the names right before 负责
_DUTY = re.compile(
    r"(?:^|(?<=[。；;！!]))\s*(?:即\s*)?(?P<names>[\u4e00-\u9fff、（）()]{2,60}?)(?:[。：:]\s*)?(?:主要)?"
    r"(?:(?:牵头[，,]?\s*)?负责(?!人|同志|的)|牵头(?=[，,]))"
)  # also the name as a heading of its own: 市公安局。负责… / 市教育局：负责…; and X牵头，(负责)…
#: who works with the department on its duty: 会同B收集… (B supports), ended by a verb or a stop
_DUTY_WITH = re.compile(
    r"会同(?P<names>[^，,。；;]{2,40}?)(?P<etc>等有关部门|等相关部门|等部门|等单位)?"
    r"(?=共同|研究|制定|开展|做好|抓好|加强|推进|落实|组织|指导|督促|督办|收集|负责|查处|查办|办理|"
    r"处理|实施|完成|建立|健全|出台|协调|审核|核查|检查|监督|对|进行|按照|及时|依法|[，,。；;]|$)"
)
#: who supports the department on its duty, in the clause right after it: 市工商局负责，市经贸委、
#: 市农业局配合，… (names of any kind, collectives too: 各县区政府配合)
_DUTY_SUPPORT = re.compile(
    r"^\s*[，,]\s*(?P<names>[^，,。；;]{2,80}?)(?P<etc>等有关部门|等相关部门|等部门|等单位|等)?"
    r"(?:积极|共同|密切|协同)?(?:配合|协助|协办|参与)"
)
#: names that are a collective or a reference, not a department: 各地, 有关部门, 各责任单位
_NOT_A_DUTY_HOLDER = re.compile(r"^(?:有关|相关|其他|其它|上述|以上|本|该|所属|牵头|责任|成员)")
#: a collective's duty is an exhortation when a modal stands before 负责: 各地要负责…
_MODAL_END = re.compile(r"[要应须将也都还需必均]$")


def _duty_holders(names: str) -> bool:
    """Whether ``names`` name departments, each by its own name or as a collective of places
    or units (各乡镇, 各负有监管职责的部门), not by a reference (有关部门, 上述单位) and not in
    an exhortation (各地要负责…)."""
    tokens = [strip_etc(t.strip())[0] for t in name_tokens(names)]
    return bool(tokens) and all(
        t
        and len(t) <= 25
        and not _NOT_A_DUTY_HOLDER.match(t)
        and not _MODAL_END.search(t)
        and looks_like_departments(t)
        for t in tokens
    )


def duty_clause_starts(text: str) -> list[tuple[int, InlineAssignment]]:
    """Where each duty sentence of ``text`` starts (A负责…；B负责…), with what it assigns: the
    names before 负责 lead, those it works with (会同C) support. Only sentences opening with
    departments' own names count: 各地要负责…, 领导小组，负责… are no duty of a department.

    >>> [(at, [m.text for m in a.lead], [m.text for m in a.support]) for at, a in
    ...  duty_clause_starts("法规处负责普法；消保分局负责监测，会同消委秘书处收集线索。")]
    [(0, ['法规处'], []), (8, ['消保分局'], ['消委秘书处'])]
    >>> duty_clause_starts("各地要负责落实；领导小组，负责统筹。")
    []
    >>> [([m.text for m in a.lead], [m.text for m in a.support]) for _, a in
    ...  duty_clause_starts("市工商局负责，市经贸委、市农业局配合，严格实施公示制度。")]
    [(['市工商局'], ['市经贸委', '市农业局'])]
    """
    found: list[tuple[int, InlineAssignment]] = []
    for match in _DUTY.finditer(text):
        names = match.group("names")
        if not _duty_holders(names):
            continue
        clauses = [(names, False, "负责", "lead")]
        sentence = re.split(r"[。；;]", text[match.end() :], maxsplit=1)[0]
        supported = _DUTY_SUPPORT.match(sentence)
        if supported and looks_like_departments(supported.group("names")):
            clauses.append(
                (supported.group("names"), bool(supported.group("etc")), "配合", "support")
            )
        for with_ in _DUTY_WITH.finditer(sentence):
            if _duty_holders(with_.group("names")):
                clauses.append((with_.group("names"), bool(with_.group("etc")), "会同", "support"))
        start = match.start("names")
        end = match.end() + len(sentence) + 1
        found.append((start, _assignment(clauses, text[start:end].strip(), start)))
    return found


def by_clause_starts(text: str) -> list[int]:
    """Where each sentence of ``text`` that states roles as 由A负责 / 由A牵头，B负责 starts: a
    paragraph of several (a news page summing up a plan) divides there.

    >>> by_clause_starts("在服务体系方面，由甲局、乙委分别负责，建设中心。由丙局牵头，丁部负责，加快建设。")
    [0, 24]
    """
    starts, at = [], 0
    for sentence in re.split(r"(?<=[。；;！!])", text):
        said = parse_by_clause(sentence) if "由" in sentence else None
        if said is not None and said.lead:
            starts.append(at)
        at += len(sentence)
    return starts


def parse_by_clause(text: str) -> InlineAssignment | None:
    """The roles a sentence states as 由A会同B等部门负责 (A leads, B supports) or 由A牵头 /
    由A负责; None when no such clause names departments.

    >>> a = parse_by_clause("由发展改革委会同中央农办、农业部等部门研究提出落实意见。")
    >>> [m.text for m in a.lead], [(m.text, m.followed_by_etc) for m in a.support]
    (['发展改革委'], [('中央农办', False), ('农业部', True)])
    >>> parse_by_clause("由此带来的问题要认真研究。") is None
    True
    >>> a = parse_by_clause("由发展改革委、中医药局等单位分别负责，建成体系。")
    >>> [(m.text, m.followed_by_etc) for m in a.lead]
    [('发展改革委', False), ('中医药局', True)]
    >>> a = parse_by_clause("由县规划局负责牵头查处，违法建设发生地镇政府配合。")
    >>> [m.text for m in a.lead], [m.text for m in a.support]
    (['县规划局'], ['违法建设发生地镇政府'])
    >>> a = parse_by_clause("由中医药局牵头，卫生健康委、科技部负责，加快建设。")
    >>> [m.text for m in a.lead], [m.text for m in a.support]
    (['中医药局'], ['卫生健康委', '科技部'])
    """
    clauses: list[tuple[str, bool, str, str]] = []
    first = None
    for match in _BY.finditer(text):
        lead, support = match.group("lead").strip(), (match.group("support") or "").strip()
        if not looks_like_departments(lead) or (support and not looks_like_departments(support)):
            continue
        if _COUNTED.match(lead):
            continue  # 由一个部门牵头: a principle, not a department
        word = match.group("verb").strip().strip("\ufffd")
        if not word and not support:
            continue  # 由A at the very end: no role said
        said = word if word in ("牵头", "承办", "主办") else "负责"
        clauses.append((lead, bool(match.group("lead_etc")), said, "lead"))
        if support:
            clauses.append((support, bool(match.group("etc")), "会同", "support"))
        elif word in ("牵头", "负责", "承办", "主办"):  # 由A负责，B配合 / 由A承办，B协办
            rest = re.split(r"[。；;]", text[match.end() :], maxsplit=1)[0]
            if not rest.startswith(("，", ",")):  # 由A负责牵头查处，B配合: the predicate first
                rest = re.split(r"[，,]", rest, maxsplit=1)[1] if re.search(r"[，,]", rest) else ""
            rest = rest.lstrip("，, ")
            # 由A牵头，B、C负责: those responsible under a lead support it
            clauses += [
                (c[0], c[1], c[2], "support")
                for c in _clauses(rest) or ()
                if c[3] == "support" or (word == "牵头" and c[3] == "responsible")
            ]
        first = match.start() if first is None else first
    if not clauses or first is None:
        return None
    return _assignment(clauses, text.strip(), first)


def _assignment(
    clauses: list[tuple[str, bool, str, str]], body: str, offset: int
) -> InlineAssignment:
    """Who leads and who supports, from the clauses of one or more parentheses."""
    clauses = [part for clause in clauses for part in _together(clause)]
    has_lead = any(kind == "lead" for _, _, _, kind in clauses)
    lead: list[CellMention] = []
    support: list[CellMention] = []
    for names, etc, word, kind in clauses:
        goes_to = support if kind == "support" or (kind == "responsible" and has_lead) else lead
        goes_to += _mentions(names, etc, len(goes_to) + 1, word)
    return InlineAssignment(tuple(lead), tuple(support), not has_lead and bool(lead), body, offset)


def merge_assignments(first: InlineAssignment, second: InlineAssignment) -> InlineAssignment:
    """Two statements of one item's roles as one (labelled lines, then a parenthesis):
    positions run on; a name already listed in a role is not listed again."""

    def joined(a: tuple[CellMention, ...], b: tuple[CellMention, ...]) -> tuple[CellMention, ...]:
        seen = {m.text for m in a}
        extra = [m for m in b if m.text not in seen]
        return a + tuple(
            CellMention(m.text, len(a) + i, m.followed_by_etc, m.role_word)
            for i, m in enumerate(extra, start=1)
        )

    return InlineAssignment(
        joined(first.lead, second.lead),
        joined(first.support, second.support),
        first.responsible and second.responsible,
        f"{first.text}；{second.text}",
        first.offset,
    )
