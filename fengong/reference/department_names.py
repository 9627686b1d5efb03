"""Reading a department's name as (jurisdiction, function, level).

A table writes the same body many ways (区发改局, 区发展和改革局, 上海市普陀区发展和改革委员会) and
every place names its bodies after itself. The name is cut into what it says about *where*
and what about *what*:

* ``各`` makes it a collective (各街道镇, 各区应急局); 有关/相关 a category; a trailing 等 goes.
* The place: a place name at the start (上海市普陀区, 济南市), a national word (国家, 中央,
  国务院), or one level character (省 市 区 县 州 旗 盟 镇 乡). A level character means the
  nearest place of the document's own chain whose name ends with it (in a 新密市 document
  市 is 新密市, in a 普陀区 one 上海市); none there means the level below the document (区应急局
  in a city's document: each district's). A name that fixes its level (应急管理部, 应急管理厅)
  places itself; a name with no place is the document's.
* What is left, the stem, is read against the vocabulary of functions
  (:mod:`fengong.reference.functions`). A name listed with an ``earlier`` function (农委,
  消防大队) means that one in a document dated before the reform reached its place.

Nothing here is per name: names are rows of data/reference/function_names.csv.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from fengong.reference.functions import Vocabulary, normalise

__all__ = ["GENERIC", "LEVEL_OF_CHARACTER", "ChainPlace", "DepartmentReading", "read_name"]


@dataclass(frozen=True)
class ChainPlace:
    """A place of the document's chain (the document's place first, then those above it)."""

    id: str
    label_zh: str
    level: str  # country | province | prefecture | district | subdistrict | town
    names: tuple[str, ...]  # label and aliases


@dataclass(frozen=True)
class DepartmentReading:
    """What a department's name says: the functions it names (none: unresolved; two or
    more: ambiguous), where and at what level, and how it was read."""

    mention: str
    functions: tuple[str, ...]
    basis: str  # name | core | tail | "" (unresolved)
    place: str | None  # the jurisdiction's id; None: below the document's place, or unknown
    level: str  # the jurisdiction's level, "" when unknown
    collective: bool
    category: bool
    generic: bool  # names no function by design: 各有关部门, 各成员单位, 相关企业
    stem: str


#: The level a level character means when it names a place below the document's own.
LEVEL_OF_CHARACTER = {
    "省": "province", "市": "prefecture", "州": "prefecture", "盟": "prefecture",
    "区": "district", "县": "district", "旗": "district", "镇": "town", "乡": "town",
}  # fmt: skip
_NATIONAL = ("中华人民共和国", "国务院", "中共中央", "党中央", "中央", "国家")
_PARTY = ("中国共产党", "中共")
#: 自治区 → 区 and the like: the level word an autonomous place's bodies are written with
_AUTONOMOUS = {"自治区": "区", "自治州": "州", "自治县": "县", "自治旗": "旗"}
_ORDINAL_UNIT = re.compile(r"[一二三四五六七八九十0-9]+(中队|大队|支队|分局|科|股|所|站)$")
#: How a stem is read, in order: whole (a name, core + word, a tail after a proper name),
#: then partial (a leading core, core + word after an unknown proper name).
_WHOLE = ("match", "match_after_name")
_PARTIAL = ("match_leading", "match_after_prefix")
#: "of this level" words before generic ones: 县政府有关部门, 区级相关部门, 市直有关单位
_OWN_LEVEL = re.compile(r"^[省市区县州镇乡]?(?:人民政府|政府|级|直|委)?")
_PLACES_ONLY = re.compile(r"(?:[省市区县州盟旗]|地区|地|[()〔〕、])+")
_LEVEL_RUN = re.compile(r"(?:[省市区县州盟旗镇乡地]|设区|级以上|县级|级|[()、])+")
#: A core's organisational word that says the level: 部 a ministry, 厅 a provincial department.
_SUFFIX_LEVEL = {"部": "national", "厅": "province"}
#: Words that name no function by design: a mention made only of these stays what it is.
GENERIC = re.compile(
    r"^(?:各|有关|相关|其他|其它|所属|属地|直属|各级|各类|本级|同级|上级|下级|主管|行业|负责|牵头|配合|责任|成员|"
    r"职能|部门|单位|机关|机构|企业|组织|协会|学会|平台|公司|集团|医院|学校|社区|村|居委|"
    r"村委会|居委会|村居|网格|街道社区|镇村|个人|群众|专家|团队|办|领导小组|委员会|成员单位|"
    r"监管|管理|安全|主体|生产经营单位|经营|生产|使用|储存|运输|[、，,]|和|与|及|等)+$"
)


def _strip_prefix(text: str, words: Sequence[str]) -> tuple[str, str]:
    for word in sorted(words, key=len, reverse=True):
        if word and text.startswith(word) and len(text) > len(word):
            return word, text[len(word) :]
    return "", text


def read_name(
    mention: str,
    chain: Sequence[ChainPlace],
    vocabulary: Vocabulary,
    places_named: Callable[[str], tuple[ChainPlace, int] | None] = lambda text: None,
    before_reform: Callable[[str | None, str, str], bool] = lambda place, level, function: False,
) -> DepartmentReading:
    """Read ``mention`` (simplified characters) written in a document of ``chain[0]``.

    ``places_named(text)`` gives the place a name at the start of ``text`` names and the
    length of that name (the national register's finder, called only when a name reads no
    other way); ``before_reform(place, level, function)`` whether the document predates the
    reform that ended ``function`` at that place and level.
    """
    text = normalise(mention)
    collective = text.startswith("各")
    text = text.lstrip("各")
    category = False
    for word in ("有关", "相关"):
        if text.startswith(word):
            text, category = text[len(word) :], True
    text = re.sub(r"(?:等|等部门|等单位)$", "", text)
    text = _ORDINAL_UNIT.sub(r"\1", text)  # 交警六中队 → 交警中队
    _, text = _strip_prefix(text, _PARTY)
    if collective:  # 各区县政府, 各县(市)区人民政府, 各设区市政府: the level words go
        run = _LEVEL_RUN.match(text)
        if run and run.end() < len(text) and len(run.group(0)) > 1:
            last = [c for c in run.group(0) if c in LEVEL_OF_CHARACTER]
            text = (last[-1] if last else "") + text[run.end() :]
    generic = not text or any(  # 有关直属单位; 县政府有关部门
        GENERIC.match(t) for t in (text, _OWN_LEVEL.sub("", text))
    )
    if (collective or category) and _PLACES_ONLY.fullmatch(text):  # 各市, 各县区, 有关市
        level = next((LEVEL_OF_CHARACTER[c] for c in text if c in LEVEL_OF_CHARACTER), "")
        return DepartmentReading(mention, ("government",), "place", None, level, collective,
                                 category, False, text)  # fmt: skip
    if "、" in text:  # 各开发区、镇: one reading only if every part reads the same
        parts = [read_name(p, chain, vocabulary, places_named, before_reform)
                 for p in text.split("、") if p]  # fmt: skip
        keys = {p.functions for p in parts}
        here = chain[0] if chain else None
        if len(keys) == 1 and parts[0].functions:
            first = parts[0]
            return DepartmentReading(mention, first.functions, first.basis, first.place,
                                     first.level, collective, category, False, text)  # fmt: skip
        return DepartmentReading(mention, (), "", here.id if here else None,
                                 here.level if here else "", collective, category, True, text)  # fmt: skip

    here = chain[0] if chain else None
    attempts: list[tuple[str, ChainPlace | None, str, bool]] = [(text, here, "", False)]
    # a place of the document's chain named at the start: 上海市普陀区应急局, 普陀区应急局
    rest, named = text, None
    while True:
        hit = next(
            (
                (p, w)
                for p in chain
                for w in sorted(p.names, key=len, reverse=True)
                if w and rest.startswith(w) and len(rest) > len(w)
            ),
            None,
        )
        if hit is None:
            break
        named, rest = hit[0], rest[len(hit[1]) :]
    if named is not None:
        attempts.append((rest, named, "", True))
    national, after = _strip_prefix(rest, _NATIONAL)
    if national:
        attempts.append((after, _country(chain), "", True))
    autonomous, after = _strip_prefix(rest, tuple(_AUTONOMOUS))
    if autonomous:
        rest = _AUTONOMOUS[autonomous] + after
    if rest and rest[0] in LEVEL_OF_CHARACTER:
        attempts.append((rest[1:], named, rest[0], named is not None))
    for stem, place, level_char, explicit in list(attempts):
        if stem.startswith(("政府", "府")) and not stem.startswith(("政府办", "府办")):
            # 省政府金融办: the government's office of …
            cut = 2 if stem.startswith("政府") else 1
            attempts.append((stem[cut:], place, level_char, explicit))

    whole = next((p for p in chain if text in p.names), None)
    if whole is None and text and not collective:
        found = places_named(text)
        whole = found[0] if found is not None and found[1] == len(text) else None
    if whole is not None:  # a place named alone (合肥市, 岳麓区): its government
        key = "subdistrict-town" if whole.level in _TOWNSHIP else "government"
        return DepartmentReading(mention, (key,), "place", whole.id, whole.level,
                                 collective, category, False, text)  # fmt: skip
    reading = _first_reading(attempts, chain, vocabulary, _WHOLE)
    if reading is None:  # a unit after its body: 市公安局交警总队, 市公安局普陀分局
        unit = _unit_of_body(text, chain, vocabulary, places_named, before_reform)
        if unit is not None:
            return DepartmentReading(mention, unit.functions, unit.basis, unit.place, unit.level,
                                     collective, category, False, text)  # fmt: skip
        reading = _first_reading(attempts, chain, vocabulary, _PARTIAL)
    if reading is None:  # a place the chain does not hold: 济南市历城区应急局 in another's table
        found = places_named(text)
        if found is not None:
            place, length = found
            rest = text[length:]
            tries = [(rest, place, "", True)]
            if rest and rest[0] in LEVEL_OF_CHARACTER:
                tries.append((rest[1:], place, rest[0], True))
            reading = _first_reading(tries, chain, vocabulary, _WHOLE + _PARTIAL)
    if reading is None:
        return DepartmentReading(mention, (), "", here.id if here else None,
                                 here.level if here else "", collective, category, generic, text)  # fmt: skip

    stem, place, level_char, match, explicit = reading
    wanted = {n.level for n in match.functions} if all(n.level for n in match.functions) else set()
    if not wanted and match.suffix in _SUFFIX_LEVEL:  # 应急管理部, 应急管理厅
        wanted = {_SUFFIX_LEVEL[match.suffix]}
    if wanted and not level_char and not explicit:
        place = _country(chain) if "national" in wanted else _nearest(chain, "province")
    if level_char:
        place = place if place is not None and place.label_zh.endswith(level_char) else None
        place = place or next((p for p in chain if p.label_zh.endswith(level_char)), None)
    level = place.level if place is not None else LEVEL_OF_CHARACTER.get(level_char, "")
    if (
        collective
        and level_char
        and place is not None
        and place is here
        and here.level in ("province", "prefecture")
        and LEVEL_OF_CHARACTER[level_char] != here.level
    ):
        place = None
    below = here is None or stem not in here.names  # 曹杨新村街道 in Putuo's table: below it
    if match.basis == "tail" and match.text != stem and place is here and below:
        place, level = None, _tail_level(match.functions[0].function, level)
    if (
        place is not None
        and place.level in _TOWNSHIP
        and {n.function for n in match.functions} == {"government"}
    ):  # 长征镇人民政府: a township's government is the township's body
        match = replace(match, functions=tuple(
            replace(n, function="subdistrict-town") for n in match.functions))  # fmt: skip
    where = place.id if place else (here.id if here else None)
    keys = tuple(
        sorted(
            {
                n.earlier if n.earlier and before_reform(where, level, n.earlier) else n.function
                for n in match.functions
            }
        )
    )
    return DepartmentReading(
        mention, keys, match.basis, place.id if place else None,
        level if place is not None or level else "", collective, category or match.category,
        False, stem,
    )  # fmt: skip


_BRANCH = re.compile(r"(.{1,8}?)(分局|支队|大队|中队|总队|派出所)")


def _unit_of_body(
    text: str,
    chain: Sequence[ChainPlace],
    vocabulary: Vocabulary,
    places_named: Callable[[str], tuple[ChainPlace, int] | None],
    before_reform: Callable[[str | None, str, str], bool],
) -> DepartmentReading | None:
    """A unit written after its body: 市公安局交警总队 (the unit's own function, at the body's
    place), 市公安局普陀分局 (the body's function, in the place the branch names)."""
    for i, ch in enumerate(text[:-1]):
        if ch not in "局委厅":
            continue
        body = read_name(text[: i + 1], chain, vocabulary, places_named, before_reform)
        if not body.functions:
            continue
        unit = read_name(text[i + 1 :], chain, vocabulary, places_named, before_reform)
        if unit.functions:
            return DepartmentReading(text, unit.functions, unit.basis, body.place, body.level,
                                     False, False, False, text)  # fmt: skip
        branch = _BRANCH.fullmatch(text[i + 1 :])
        if branch:
            here = chain[0] if chain else None
            named = here is not None and any(branch.group(1) in n for n in here.names)
            return DepartmentReading(
                text, body.functions, body.basis, here.id if named and here else body.place,
                here.level if named and here else body.level, False, False, False, text,
            )  # fmt: skip
    return None


_TOWNSHIP = ("town", "subdistrict")


def _tail_level(function: str, level: str) -> str:
    return "town" if function == "subdistrict-town" else level


def _country(chain: Sequence[ChainPlace]) -> ChainPlace | None:
    return next((p for p in chain if p.level == "country"), None)


def _nearest(chain: Sequence[ChainPlace], level: str) -> ChainPlace | None:
    return next((p for p in chain if p.level == level), None)


def _first_reading(
    attempts: Sequence[tuple[str, ChainPlace | None, str, bool]],
    chain: Sequence[ChainPlace],
    vocabulary: Vocabulary,
    hows: tuple[str, ...],
):  # type: ignore[no-untyped-def]
    """The first attempt whose stem the vocabulary reads; a party body written after the
    committee's 委 (区委组织部 → 委 + 组织部) is read without it."""
    for how in hows:
        for stem, place, level_char, explicit in attempts:
            match = getattr(vocabulary, how)(stem)
            after_name = how != "match"
            if match is None and not after_name and stem.startswith("委") and len(stem) > 1:
                inner = vocabulary.match(stem[1:])
                if inner is not None and all(
                    vocabulary.functions[n.function].group == "party" for n in inner.functions
                ):
                    match = inner
            if match is not None:
                return stem, place, level_char, match, explicit
    return None
