"""Splitting a lead or support cell into department mentions.

The table separates names with 、 and with full- or half-width commas; a list may end (or a
group within it may end) with 等 ("and others"). We keep 等 as a flag on the name it follows, so
nothing is lost; whether the whole list is open-ended is derived from those flags.
"""

from __future__ import annotations

import re

from fengong.errors import Location, MalformedSourceError
from fengong.ingest.records import CellMention, DepartmentCell
from fengong.ingest.text import strip_markup

__all__ = [
    "AGENCY_END",
    "ETC",
    "NOTHING",
    "SEPARATORS",
    "looks_like_departments",
    "name_tokens",
    "split_department_cell",
    "strip_etc",
]

SEPARATORS = re.compile(r"[、，,；;]")
_SEPARATOR_CHARS = frozenset("、，,；;")  # the same, for a test per character
#: Word and Excel cells often list one name per line (paragraphs, written <p>…</p><p>…</p>),
#: or separate names by spaces: both separate names too
_PARAGRAPHS = re.compile(r"</p\s*>\s*<p\s*>|<br\s*/?>", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u3000]+")
_AROUND = re.compile(r"[\s\u3000]*([、，,；;])[\s\u3000]*")
ETC = "等"
#: 等 and the words that may follow it: 等部门, 等单位, 等有关部门, 等相关单位
_ETC_TAIL = re.compile(
    r"\s*等(?:(?:省|市|区|县|州)(?:直|级)|省市|其他|其它|国务院|中央和国家机关)?(?:有关|相关)?"
    r"(?:部门|单位)?$"
)  # 等省直有关部门, 等市级有关部门, 等国务院相关部门


def strip_etc(name: str) -> tuple[str, bool]:
    """A name without the 等 (等部门, 等单位…) written after it, and whether there was one.

    >>> strip_etc("区文旅局等部门"), strip_etc("区应急局"), strip_etc("市消防局等有关单位")
    (('区文旅局', True), ('区应急局', False), ('市消防局', True))
    """
    match = _ETC_TAIL.search(name)
    return (name[: match.start()].rstrip(), True) if match else (name, False)


#: a cell that says there is no department
NOTHING = frozenset({"无", "/", "／", "—", "——", "－", "-", "暂无"})
#: the end of an agency's name: what 和, 及 and 与 must join on both sides to be a separator
#: (各行业和系统负有安全管理职责的部门 is one name)
AGENCY_END = re.compile(
    r"(局|委|办|府|部|队|镇|乡|街道|中心|厅|院|会|所|站|公司|处|团|联|室|组|班|单位|部门|区|县|银行|分行|"
    r"支行|人行|社|馆|台|校|集团|海关|法院|检察院|股)$"
)
_JOINED = re.compile(r"和|及|与|以及")
#: an aside after a name, spaced or not: 区应急局（区安委办）, 县 (市) 政府 (行署) from a PDF
_ALIAS = re.compile(r"(?<=[\u4e00-\u9fff])\s*[(（][^()（）]*[)）]$")
_ROLE_MARK = re.compile(r"[(（]\s*牵头")


def looks_like_departments(text: str) -> bool:
    """Whether ``text`` is a list of department names and nothing else: each name ends like an
    agency (局, 委, 办, 政府 …) or is a collective (各…).

    >>> looks_like_departments("市发展改革委、市财政局等部门"), looks_like_departments("2023年底前")
    (True, False)
    >>> looks_like_departments("各县区政府"), looks_like_departments("加强指导")
    (True, False)
    >>> looks_like_departments("公安、交通部门"), looks_like_departments("公安、交通")
    (True, False)
    """
    tokens = [_ALIAS.sub("", strip_etc(t.strip())[0]) for t in name_tokens(text)]
    # 公安、交通部门: sectors sharing the 部门 written after the last (each one a party)
    shared = len(tokens) > 1 and tokens[-1].endswith(("部门", "单位", "机关"))
    return bool(tokens) and all(
        t
        and len(t) <= 30
        and (
            AGENCY_END.search(t)
            or t.startswith("各")
            or (shared and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", t) is not None)
        )
        for t in tokens
    )  # 省发改委（省能源局）: the name before its aside


_OPENING, _CLOSING = "(（〔[［【", ")）〕]］】"
#: a list of places that share the department named after the last one: 各县、区政府,
#: 海西州、酒泉市、敦煌市交通运输部门, 各市、自治州人民政府 (one mention, as written)
_PLACE_ONLY = re.compile(
    r"^各?[\u4e00-\u9fff]{0,8}?(?:省|市|县|区|州|自治州|自治区|盟|旗|地区)(?:[(（〔][^()（）〔〕]*[)）〕])?$"
)


def _split_outside_brackets(names: str) -> list[str]:
    """``names`` split on 、，,；; outside brackets only: 各县(市、区)政府 is one name."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(names):  # cut by index: linear however long the cell
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(0, depth - 1)
        if depth == 0 and char in _SEPARATOR_CHARS:
            parts.append(names[start:index])
            start = index + 1
    return [*parts, names[start:]]


_GENERIC = frozenset({"单位", "部门", "机构", "单位等", "部门等"})
#: the end of an agency's own name, after which a lone character starts another (not 各街道、镇)
_OWN_NAME_END = re.compile(r"(?:局|委|办|厅|部|中心|政府|公司|院|所|站|队|处|室)$")
#: a kind of place or unit alone, after a collective (各开发区、镇（街道）, 各县区、乡镇): the
#: collective's 各 goes on over it
_KIND_ONLY = re.compile(
    r"^(?:乡镇|镇|乡|街道|村|社区|园区|开发区|功能区|县区|县市区)(?:[(（][^()（）]*[)）])?$"
)


def _joined_names(token: str) -> list[str]:
    """``token`` cut at each 和/及/与 that joins two agencies' names, and only there: 省工业和
    信息化厅和有关设区市人民政府 is two names (the first 和 is inside one).

    >>> _joined_names("省工业和信息化厅和有关设区市人民政府")
    ['省工业和信息化厅', '有关设区市人民政府']
    >>> _joined_names("各行业和系统负有安全管理职责的部门"), _joined_names("有关部门和各地区")
    (['各行业和系统负有安全管理职责的部门'], ['有关部门', '各地区'])
    >>> _joined_names("省直其他有关部门和单位"), _joined_names("各县（市、区）党委和人民政府")
    (['省直其他有关部门和单位'], ['各县（市、区）党委和人民政府'])
    """
    parts: list[str] = []
    start = 0
    for joiner in _JOINED.finditer(token):
        left = token[start : joiner.start()]
        if AGENCY_END.search(strip_etc(left)[0]) and not _place(left):
            parts.append(left)
            start = joiner.end()
    last = token[start:]
    if not parts or not AGENCY_END.search(strip_etc(last)[0]) or _place(last):
        return [token]
    if strip_etc(last)[0] in _GENERIC:  # 省直其他有关部门和单位: one group, not a 单位 of its own
        return [token]
    if _BARE_ORGAN.match(strip_etc(last)[0]):  # 各县（市、区）党委和人民政府: whose, said once
        return [token]
    return [*parts, last]


#: an organ's word with no place or name of its own: after 和 it is the same place's organ
_BARE_ORGAN = re.compile(r"^(?:人民政府|政府|管委会|党工委|党委|人大常委会|政协)$")


def _place(name: str) -> bool:
    """A place's name alone (北京市, 天津市 sharing a department named after them); a
    collective such as 各地区 is a party of its own."""
    return bool(_PLACE_ONLY.match(name)) and not name.startswith("各")


def name_tokens(names: str) -> list[str]:
    """Split a list of names on 、，,；; (outside brackets) and on 和/及/与 between two
    agencies' names; a lone character continues the name before it (各街道、镇 is 各街道镇);
    places listed before the department they share stay with it (各县、区政府); bracketed
    asides stay with their name, as written (区应急局（区安委办）, 各市(州)人民政府).

    >>> name_tokens("区教育局和各街道镇、区城管执法局及各街道镇")
    ['区教育局', '各街道镇', '区城管执法局', '各街道镇']
    >>> name_tokens("各行业和系统负有安全管理职责的部门、各街道、镇、区应急局（区安委办）")
    ['各行业和系统负有安全管理职责的部门', '各街道镇', '区应急局（区安委办）']
    >>> name_tokens("各县(市、区)政府、市财政局"), name_tokens("各县、区政府、市财政局")
    (['各县(市、区)政府', '市财政局'], ['各县、区政府', '市财政局'])
    """
    tokens: list[str] = []
    places = ""  # places waiting for the department they share
    for token in _split_outside_brackets(names):
        token = token.strip()
        if (
            len(token) == 1
            and tokens
            and token not in "等"
            and not places
            and not _OWN_NAME_END.search(tokens[-1])  # 区统计局、区 (cut short): no 区统计局区
        ):
            tokens[-1] += token
            continue
        if tokens and tokens[-1].startswith("各") and _KIND_ONLY.match(token) and not places:
            tokens[-1] += "、" + token  # 各开发区、镇（街道）: 各 goes on over the kinds listed
            continue
        if token in _GENERIC and tokens and not places:  # 市直有关部门、单位: one group
            tokens[-1] += "、" + token
            continue
        if (_PLACE_ONLY.match(token) and not token.endswith(("县", "区"))) or (
            _PLACE_ONLY.match(token) and token.startswith("各") and len(token) <= 3
        ):
            places += token + "、"
            continue
        if places:
            shares = not _PLACE_ONLY.match(token) and not token.startswith("各")
            if (
                AGENCY_END.search(_ALIAS.sub("", strip_etc(token)[0])) and shares
            ):  # 各县、区政府; not 各地区、
                token = places + token  # 各有关部门 (a collective of its own)
            else:
                tokens += [p for p in places.rstrip("、").split("、") if p]
            places = ""
        tokens += _joined_names(token)
    if places:
        tokens += [p for p in places.rstrip("、").split("、") if p]
    return tokens


#: a bracketed note in a department cell that states the table's rule, not a name's aside:
#: 各镇人民政府（县政府部门中列在首位的为牵头部门，有关部门按职责分工负责，下同）
_RULE_ASIDE = re.compile(r"[(（][^()（）]*(?:下同|首位|第一位|按职责分工负责)[^()（）]*[)）]")


def split_department_cell(raw: str, location: Location) -> DepartmentCell | None:
    """Split a cell such as ``<p>区应急局、区商务委等，各街道镇</p>``; ``None`` when empty.

    >>> cell = split_department_cell("区应急局、区商务委等，各街道镇", Location("f", 3, 3))
    >>> [(m.text, m.position, m.followed_by_etc) for m in cell.mentions]
    [('区应急局', 1, False), ('区商务委', 2, True), ('各街道镇', 3, False)]
    >>> cell.open_ended
    True
    >>> split_department_cell(" <p></p> ", Location("f", 3, 3)) is None
    True
    >>> [m.text for m in split_department_cell("<p>区教育局</p><p>区人社局</p>", Location("f", 3, 3)).mentions]
    ['区教育局', '区人社局']
    >>> [m.text for m in split_department_cell("区应急局　区公安分局、 各街道镇", Location("f", 3, 3)).mentions]
    ['区应急局', '区公安分局', '各街道镇']
    >>> [m.text for m in split_department_cell("县民政局、各镇政府（列在首位的为牵头部门，下同）",
    ...                                         Location("f", 3, 3)).mentions]
    ['县民政局', '各镇政府']
    """
    text = strip_markup(raw)
    if not text:
        return None
    if text in NOTHING:
        return None
    names = strip_markup(_PARAGRAPHS.sub("、", raw))
    names = _RULE_ASIDE.sub("", names)  # （列在首位的为牵头部门，下同）: the table's rule, no name
    names = _SPACES.sub("、", _AROUND.sub(r"\1", names))
    mentions = []
    for position, token in enumerate(name_tokens(names), start=1):
        name, followed_by_etc = strip_etc(token.strip())
        if not name:
            raise MalformedSourceError(
                f"empty department name at position {position} in cell {text!r}", location
            )
        mentions.append(CellMention(name, position, followed_by_etc))
    assert location.line is not None and location.column is not None
    return DepartmentCell(text, location.line, location.column, tuple(mentions))
