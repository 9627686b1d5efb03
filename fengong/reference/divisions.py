"""China's administrative divisions (GB/T 2260) and a finder for the places a text names.

``data/reference/divisions.csv`` lists every province, prefecture and county with its six-digit
code, a readable id (``liaoning-anshan-lishan``) and the id of the division it lies ``within``;
``data/reference/generate_divisions.py`` writes it (the source and its edition are named
there and in every row's ``source``). This module loads it and answers two questions:

* :meth:`Divisions.find`: which divisions does a text name, and where? (鞍山市立山区人民政府
  → 鞍山市 at 0, 立山区 at 3)
* :meth:`Divisions.resolve`: which jurisdiction do a document's issuer, title and text name?
  The most specific division consistent with the others named; a name several divisions
  share (朝阳区: Beijing and Changchun) is settled only by a higher-level name somewhere in the
  texts (长春市), never guessed.

A name is matched in three forms, each where the text around it allows:

* The full name (鞍山市, 立山区) anywhere, with three exceptions. Names that are ordinary words
  (城区, 郊区, 矿区, 东区, 西区) only right after a division containing them (攀枝花市东区).
  Names that end ordinary phrases (海城市 in 沿海城市, 老城区, 示范县 → 范县, 和县 in 城市和
  县域…, see ``_PHRASE_NAMES``) only before a government word (人民政府, 政府, 党委, 委, 办,
  局…: 和县人民政府) or beside a division above or below them. Names whose stem is an
  ordinary word (和平区) and all two-character names, not before a word their last character
  starts (和平区域, 沛县域).
* An alias: 延边州 for 延边朝鲜族自治州, 本溪县 for 本溪满族自治县, 广西自治区; like a full name.
* The short name, the name without its suffix and nationalities (鞍山, 立山, 延边; two
  characters at least): only before 人民政府 or 政府, or beside a division above or below it
  (辽宁鞍山市, 上海普陀). Not before 委, 办, 局 or 市, 区, 县: in this project's own sources
  普安办 is 普陀区安全生产委员会办公室, 规划资源局 a bureau and 会同区建管委 "with the
  district's…", not 普安县, 资源县, 会同县; and a short name before 市, 区, 县 is mostly a full
  name already. Short names that are ordinary words (和平, 平安, 公安, 红旗, 资源…, see
  ``_SHORT_STOPWORDS``) are never matched. The short names of the autonomous regions,
  municipalities and special administrative regions (内蒙古, 广西, 西藏, 宁夏, 新疆, 北京,
  天津, 上海, 重庆, 香港, 澳门) are matched anywhere.

>>> divisions = load_divisions(DIVISIONS_CSV)
>>> [(f.word, f.start, [d.code for d in f.candidates]) for f in divisions.find("鞍山市立山区人民政府")]
[('鞍山市', 0, ['210300']), ('立山区', 3, ['210304'])]
>>> divisions.full_name(divisions.by_code("210304"))
'辽宁省鞍山市立山区'
>>> divisions.resolve("朝阳区人民政府", "长春市朝阳区关于…").division.code
'220104'
>>> divisions.resolve("朝阳区人民政府").ambiguous
True
>>> divisions.resolve("国务院办公厅") is None
True
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fengong.errors import Location, ReferenceDataError
from fengong.packaged import defaults_root

__all__ = [
    "COLUMNS",
    "COUNTRY",
    "DIVISIONS_CSV",
    "ETHNIC_GROUPS",
    "LEVELS",
    "Division",
    "Divisions",
    "Evidence",
    "Found",
    "NameParts",
    "Resolution",
    "load_divisions",
    "split_name",
]

#: The copy in this checkout (the generator writes it; it is committed).
DIVISIONS_CSV = defaults_root() / "data" / "reference" / "divisions.csv"
LEVELS = ("province", "prefecture", "county")
COLUMNS = ("code", "id", "level", "label_zh", "label_en", "within", "source")
COUNTRY = "china"  # the id provinces lie within (data/reference/jurisdictions.csv)

#: The 55 minority nationalities' names without 族, as autonomous areas' names write them.
ETHNIC_GROUPS = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白",
    "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡",
    "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬",
    "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安",
    "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)  # fmt: skip

# Generic terms a name ends with, longest first (自治区 before 区, 矿区 before 区).
_SUFFIXES = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "新区", "林区", "矿区", "特区",
    "群岛", "省", "市", "区", "县", "旗", "盟",
)  # fmt: skip
# Before 自治…: 蒙古族, 各族 (龙胜各族自治县), and a bare name of two characters or more
# (巴音郭楞蒙古自治州, 伊犁哈萨克自治州); a bare one-character name never (水, 土, 京…).
_ETHNIC_TOKENS = tuple(
    sorted(
        {g + "族" for g in ETHNIC_GROUPS} | {g for g in ETHNIC_GROUPS if len(g) >= 2} | {"各族"},
        key=lambda t: (-len(t), t),
    )
)

# The only 林区 (forestry district); other names ending 林区 are …林 + 区 (碑林区, 西林区).
_FORESTRY_DISTRICTS = frozenset({"神农架林区"})
# Full names that are ordinary words as well: matched only right after a division above them.
_COMMON_WORD_NAMES = frozenset({"城区", "郊区", "矿区", "东区", "西区"})
# Full names that end ordinary phrases (沿海城市, 老城区改造, 终南山区, 东方市场, 形成县域,
# 示范县, 现代县域): matched like short names, with a government word after them or a division
# beside them.
_PHRASE_NAMES = frozenset(
    {"海城市", "古城区", "新城区", "老城区", "新市区", "城中区", "城东区", "城西区", "城北区",
     "城南区", "南山区", "东方市", "临县", "代县", "任县", "兴县", "南县", "和县", "宁县", "容县",
     "富县", "应县", "康县", "息县", "成县", "房县", "文县", "新县", "易县", "景县", "献县",
     "环县", "理县", "范县", "费县", "道县", "高县", "荣县", "义县", "随县", "青县", "温县",
     "横县"}
)  # fmt: skip
# Short names that are ordinary words, or start department names (公安局, 平安办, 合作办,
# 太湖局): never matched. Their full names (和平区) are, unless an ordinary word follows them
# (和平区域, see _WORD_AFTER_SUFFIX), as are all two-character full names (沛县域).
_SHORT_STOPWORDS = frozenset(
    {"和平", "平安", "公安", "红旗", "前进", "解放", "友好", "新兴", "向阳", "光明", "太平",
     "东方", "中山", "城关", "新华", "长安", "开发", "高新", "民主", "团结", "胜利", "文明",
     "互助", "市中", "城中", "城东", "城西", "城北", "城南", "河东", "河西", "江北", "江南",
     "江东", "南山", "北山", "青山", "白云", "铁东", "铁西", "桥东", "桥西", "新城", "老城",
     "古城", "新市", "太湖", "东海", "南海", "北海", "中原", "永安", "安定", "西湖", "东湖",
     "长城", "大同", "海城", "凤城", "合作", "白山", "城厢", "吉林", "河南", "海南", "会同",
     "通道", "新建", "资源", "和政", "共和", "同德", "同仁", "民和", "大通"}
)  # fmt: skip
# ...except as the short names of the provinces themselves (吉林省, not 吉林市; 河南省, not
# 河南蒙古族自治县; 海南省, not 海南藏族自治州).
_PROVINCE_SHORT_NAMES = frozenset({"吉林", "河南", "海南"})
# A name's last character and the next one making an ordinary word: 和平区域, 沛县域, 东方市场.
_WORD_AFTER_SUFFIX = (
    "区域", "区间", "区位", "区块", "区划", "区级", "市场", "市级", "县域", "县级", "省份", "省级",
)  # fmt: skip

# Words after a two-character or phrase-like full name (和县, 海城市) that make it a
# government's name: 和县人民政府, 和县委 (海城市教育局 is missed: 局 must follow the name).
_GOVERNMENT_WORDS = ("人民政府", "政府", "党委", "人大", "政协", "委", "办", "局")
# After a short name only these: 普安办 is 普陀区安全生产委员会办公室 and 规划资源局 a bureau,
# not 普安县's or 资源县's offices (both in this project's sources); 会同区建管委 is "with the
# district's …", not 会同县. A short name before 市/区/县 is a full name already.
_SHORT_GOVERNMENT_WORDS = ("人民政府", "政府")
# ...unless they start an ordinary word: 和县办法, 沛县局面.
_NOT_GOVERNMENT = ("办法", "办理", "办事", "办学", "办好", "局面", "局势", "局部", "局限", "委托")


@dataclass(frozen=True)
class Division:
    """One row of divisions.csv: a province, prefecture or county."""

    code: str  # six digits, GB/T 2260
    id: str  # liaoning-anshan-lishan
    level: str  # province | prefecture | county
    label_zh: str  # 立山区
    label_en: str  # Lishan District, Anshan, Liaoning
    within: str  # the parent's id; provinces: "china"


@dataclass(frozen=True)
class NameParts:
    """A name cut into its parts: 延边朝鲜族自治州 → 延边, (朝鲜,), 自治州.

    ``stem`` is the whole name where cutting the suffix off would leave one character (城区,
    沛县); ``suffix`` is then the shortest generic term it ends with (区, 县), or "".
    """

    stem: str
    ethnic: tuple[str, ...]  # nationalities without 族, in the name's order; 各 for 各族
    suffix: str


def split_name(label: str) -> NameParts:
    """Cut a division's name into stem, nationalities and generic suffix.

    >>> split_name("鞍山市")
    NameParts(stem='鞍山', ethnic=(), suffix='市')
    >>> split_name("黔东南苗族侗族自治州")
    NameParts(stem='黔东南', ethnic=('苗', '侗'), suffix='自治州')
    >>> split_name("新疆维吾尔自治区")
    NameParts(stem='新疆', ethnic=('维吾尔',), suffix='自治区')
    >>> split_name("内蒙古自治区")  # 蒙古 stays: 内 alone is not a name
    NameParts(stem='内蒙古', ethnic=(), suffix='自治区')
    >>> split_name("东乡族自治县")  # the name is the nationality's own
    NameParts(stem='东乡', ethnic=('东乡',), suffix='自治县')
    >>> split_name("矿区"), split_name("沛县")
    (NameParts(stem='矿区', ethnic=(), suffix='区'), NameParts(stem='沛县', ethnic=(), suffix='县'))
    >>> split_name("浦东新区"), split_name("清新区")
    (NameParts(stem='浦东', ethnic=(), suffix='新区'), NameParts(stem='清新', ethnic=(), suffix='区'))
    >>> split_name("管城回族区"), split_name("碑林区")
    (NameParts(stem='管城', ethnic=('回',), suffix='区'), NameParts(stem='碑林', ethnic=(), suffix='区'))
    """
    matching = [s for s in _SUFFIXES if label.endswith(s)]
    if label not in _FORESTRY_DISTRICTS and "林区" in matching:
        matching.remove("林区")  # 万柏林区, 碑林区: …林 + 区
    for suffix in matching:  # the longest that leaves two characters: 清新区 is 清新 + 区
        stem, ethnic = _strip_ethnic(label[: -len(suffix)], suffix)
        if len(stem) >= 2:
            return NameParts(stem, ethnic, suffix)
    if not matching:
        return NameParts(label, (), "")
    return NameParts(label, (), matching[-1])


def _strip_ethnic(stem: str, suffix: str) -> tuple[str, tuple[str, ...]]:
    """Nationalities off the end of ``stem``: any form before 自治…, X族 before 区 (管城回族区)."""
    if suffix.startswith("自治"):
        tokens = _ETHNIC_TOKENS
    elif suffix == "区":
        tokens = tuple(t for t in _ETHNIC_TOKENS if t.endswith("族") and t != "各族")
    else:
        return stem, ()
    ethnic: list[str] = []
    while token := next((t for t in tokens if stem.endswith(t)), ""):
        rest = stem[: -len(token)]
        if len(rest) < 2:
            if not rest and not ethnic:  # 东乡族自治县, 鄂伦春自治旗: the name is the group's
                bare = token.removesuffix("族")
                return bare, (bare,)
            break
        ethnic.insert(0, "各" if token == "各族" else token.removesuffix("族"))
        stem = rest
    return stem, tuple(ethnic)


@dataclass(frozen=True)
class Found:
    """A division's name in a text: the words, where they are, and whom they can name."""

    word: str  # as written: 鞍山市
    start: int
    end: int
    candidates: tuple[Division, ...]  # by code; more than one when the name is shared
    form: str  # full | alias | short


#: what follows a zone's name, not a division's: 东城区管委会, 高新区管理委员会
_ZONE_BODY = ("管委会", "管理委员会", "工委")


@dataclass(frozen=True)
class Evidence:
    """A name found in the ``text``-th text given to :meth:`Divisions.resolve`."""

    text: int
    found: Found


@dataclass(frozen=True)
class Resolution:
    """The jurisdiction a document names, or the divisions it could be (never a guess)."""

    division: Division | None  # None when ambiguous
    candidates: tuple[Division, ...]  # (division,) or the divisions the names leave open
    text: int  # which text decided: the first one naming a division
    evidence: tuple[Evidence, ...]  # the names that decided it, in the order of the texts
    reason: str  # one line for a warning: what was found where

    @property
    def ambiguous(self) -> bool:
        return self.division is None


@dataclass(frozen=True)
class _Entry:
    division: Division
    form: str  # full | alias | short
    need: int  # what must surround the word for it to be this division's name (below)


# Anywhere; not before an ordinary word (和平区域); before a government word (和县人民政府) or
# beside a division above or below it; only beside a division above it (攀枝花市东区).
_ANYWHERE, _BOUNDED, _GOVERNMENT_OR_BESIDE, _BESIDE = 0, 1, 2, 3


class Divisions:
    """The register: look-ups by code and id, paths, names, and finding names in texts."""

    def __init__(self, divisions: Iterable[Division]) -> None:
        self._by_code: dict[str, Division] = {}
        self._by_id: dict[str, Division] = {}
        for d in divisions:
            self._by_code[d.code] = d
            self._by_id[d.id] = d
        self._paths: dict[str, tuple[Division, ...]] = {}
        for d in self._by_code.values():
            self._paths[d.code] = self._walk(d)
        self._forms: dict[str, list[_Entry]] = {}
        for d in sorted(self._by_code.values(), key=lambda d: d.code):
            for word, form, need in self._name_forms(d):
                self._forms.setdefault(word, []).append(_Entry(d, form, need))
        lengths: dict[str, set[int]] = {}
        for word in self._forms:
            lengths.setdefault(word[0], set()).add(len(word))
        self._lengths = {c: sorted(ls, reverse=True) for c, ls in lengths.items()}

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Division]:
        return iter(sorted(self._by_code.values(), key=lambda d: d.code))

    def by_code(self, code: str) -> Division | None:
        """The division with this six-digit code (None if there is none).

        >>> load_divisions(DIVISIONS_CSV).by_code("310107").id
        'shanghai-putuo'
        >>> load_divisions(DIVISIONS_CSV).by_code("310100") is None  # 市辖区 is not a place
        True
        """
        return self._by_code.get(code)

    def by_id(self, id: str) -> Division | None:
        """The division with this id (None if there is none)."""
        return self._by_id.get(id)

    def parent(self, division: Division) -> Division | None:
        """The division this one lies within (None for a province)."""
        return self._by_id.get(division.within)

    def path(self, division: Division) -> tuple[Division, ...]:
        """The division's ancestors, outermost first, ending with the division itself.

        >>> [d.label_zh for d in load_divisions(DIVISIONS_CSV).path(
        ...     load_divisions(DIVISIONS_CSV).by_code("210304"))]
        ['辽宁省', '鞍山市', '立山区']
        """
        return self._paths[division.code]

    def full_name(self, division: Division) -> str:
        """The names of the path run together: 辽宁省鞍山市立山区, 北京市朝阳区."""
        return "".join(d.label_zh for d in self.path(division))

    def contains(self, outer: Division, inner: Division) -> bool:
        """Whether ``inner`` lies within ``outer`` (a division does not contain itself)."""
        return outer != inner and outer in self._paths[inner.code]

    def names(self, division: Division) -> tuple[str, ...]:
        """The words :meth:`find` takes for this division: full name, aliases, short name.

        >>> load_divisions(DIVISIONS_CSV).names(load_divisions(DIVISIONS_CSV).by_code("222400"))
        ('延边朝鲜族自治州', '延边州', '延边')
        >>> load_divisions(DIVISIONS_CSV).names(load_divisions(DIVISIONS_CSV).by_code("210304"))
        ('立山区', '立山')
        """
        return tuple(word for word, _, _ in self._name_forms(division))

    def find(self, text: str) -> list[Found]:
        """Every division named in ``text``, left to right, the longest name at each place.

        A name several divisions share lists them all, unless the name right before it is one
        of theirs' ancestors (北京市朝阳区: only Beijing's).

        >>> d = load_divisions(DIVISIONS_CSV)
        >>> [(f.word, [c.code for c in f.candidates]) for f in d.find("北京市朝阳区")]
        [('北京市', ['110000']), ('朝阳区', ['110105'])]
        >>> [f.word for f in d.find("推进老城区和城区改造，维护和平")]
        []
        >>> [f.word for f in d.find("九江市支持大南昌都市圈发展")]
        ['九江市']
        """
        found: list[Found] = []
        i = 0
        stripped = text.strip()
        while i < len(text):
            hit, skip = self._match_at(text, i, found[-1] if found else None, stripped)
            if hit is not None and self._inside_another_name(text, i):
                hit, skip = None, 1
            if hit is not None:
                found.append(hit)
                i = hit.end
            else:
                i += max(skip, 1)
        return found

    def _inside_another_name(self, text: str, i: int) -> bool:
        """Whether the name found at ``i`` begins inside another division's name that starts
        before it (大南昌都市圈: 昌都市 inside 南昌), so it is no name of its own."""
        return any(text[j : i + 1] in self._forms for j in range(max(0, i - 6), i))

    def resolve(self, *texts: str | None) -> Resolution | None:
        """The jurisdiction that ``texts`` (issuer, title, text… in that order) name.

        The first text naming a division decides; the others only settle a name several
        divisions share. Within the deciding text the answer is the most specific division
        that all the others lie on the path of; a name still shared, or two places off each
        other's path, give an ambiguous resolution listing the candidates. No name: None.

        >>> d = load_divisions(DIVISIONS_CSV)
        >>> d.resolve("上海市普陀区人民政府").division.id
        'shanghai-putuo'
        >>> r = d.resolve("普陀区人民政府")
        >>> r.ambiguous, [c.code for c in r.candidates]
        (True, ['310107', '330903'])
        >>> r.reason
        '普陀区 (text 0) names 2 divisions: 上海市普陀区 (310107), 浙江省舟山市普陀区 (330903)'
        """
        mentions = [Evidence(n, f) for n, text in enumerate(texts) if text for f in self.find(text)]
        if not mentions:
            return None
        settled, support = self._settle(mentions)
        deciding = min(m.text for m in mentions)
        here = [m for m in mentions if m.text == deciding]
        fixed = [m for m in here if len(settled[id(m)]) == 1]
        open_ = [m for m in here if len(settled[id(m)]) > 1]
        places = {settled[id(m)][0] for m in fixed}
        deepest = sorted(
            (p for p in places if not any(self.contains(p, q) for q in places)),
            key=lambda d: d.code,
        )
        used = list(here)
        for m in here:
            used.extend(support.get(id(m), ()))
        evidence = tuple(sorted(set(used), key=lambda e: (e.text, e.found.start)))
        if len(deepest) == 1 and not open_:
            division = deepest[0]
            words = ", ".join(f"{e.found.word} (text {e.text})" for e in evidence)
            reason = f"{self.full_name(division)} ({division.code}) from {words}"
            return Resolution(division, (division,), deciding, evidence, reason)
        candidates: dict[str, Division] = {d.code: d for d in deepest}
        for m in open_:
            for c in settled[id(m)]:
                if not any(self.contains(c, p) for p in places):  # deeper, or off the path
                    candidates[c.code] = c
        chosen = tuple(  # 江苏省 with 鼓楼区: the two 鼓楼区 in Jiangsu, not the province
            candidates[k]
            for k in sorted(candidates)
            if not any(self.contains(candidates[k], c) for c in candidates.values())
        )
        names = ", ".join(f"{self.full_name(c)} ({c.code})" for c in chosen)
        words = "、".join(dict.fromkeys(f"{m.found.word} (text {m.text})" for m in here))
        reason = f"{words} names {len(chosen)} divisions: {names}"
        return Resolution(None, chosen, deciding, evidence, reason)

    # -- internals -------------------------------------------------------------------------

    def _walk(self, division: Division) -> tuple[Division, ...]:
        path = [division]
        seen = {division.code}
        while (up := self._by_id.get(path[-1].within)) is not None:
            if up.code in seen:
                raise ReferenceDataError(f"{division.id}: its `within` chain loops")
            seen.add(up.code)
            path.append(up)
        return tuple(reversed(path))

    def _name_forms(self, d: Division) -> list[tuple[str, str, int]]:
        parts = split_name(d.label_zh)
        label = d.label_zh
        if label in _COMMON_WORD_NAMES:
            need = _BESIDE
        elif label in _PHRASE_NAMES:
            need = _GOVERNMENT_OR_BESIDE
        elif len(label) <= 2 or parts.stem in _SHORT_STOPWORDS:
            need = _BOUNDED
        else:
            need = _ANYWHERE
        forms = [(label, "full", need)]
        stem = parts.stem
        if stem == label:
            return forms
        alias = {"自治州": "州", "自治县": "县", "自治旗": "旗"}.get(parts.suffix)
        if alias and len(stem) >= 2:
            forms.append((stem + alias, "alias", _BOUNDED))  # not 河南县域
        if d.level == "province" and parts.suffix == "自治区":
            forms.append((stem + "自治区", "alias", _BOUNDED))
        special = d.level == "province" and parts.suffix in {"自治区", "市", "特别行政区"}
        if special:
            forms.append((stem, "short", _ANYWHERE))
        elif self._short_allowed(d, stem):
            forms.append((stem, "short", _GOVERNMENT_OR_BESIDE))
        return forms

    @staticmethod
    def _short_allowed(d: Division, stem: str) -> bool:
        if len(stem) < 2:
            return False
        if stem in _PROVINCE_SHORT_NAMES:
            return d.level == "province"
        return stem not in _SHORT_STOPWORDS

    def _match_at(
        self, text: str, i: int, previous: Found | None, whole: str
    ) -> tuple[Found | None, int]:
        """The name starting at ``i`` (or None, and how far to skip past a rejected name)."""
        before = previous if previous is not None and previous.end == i else None
        for length in self._lengths.get(text[i], ()):
            word = text[i : i + length]
            entries = self._forms.get(word)
            if not entries:
                continue
            end = i + length
            picked = [e for e in entries if self._allowed(e, text, end, word == whole, before)]
            if not picked:
                if any(e.form != "short" for e in entries):
                    return None, length  # a full name refused: not its short name inside it
                continue
            candidates = tuple(dict.fromkeys(e.division for e in picked))
            if text.startswith(_ZONE_BODY, end):
                return None, length  # 东城区管委会: a zone's committee, whatever division shares it
            if before is not None:  # 北京市朝阳区: Beijing's
                related = tuple(c for c in candidates if self._related(before, c))
                if not related and before.form == "full":
                    # 许昌市东城区, 济南市钢城区 (Laiwu's before 2019 in the register): the text
                    # puts it under the name before, which the register does not — a zone or
                    # a moved county; the name before stands
                    return None, length
                candidates = related or candidates
            forms = {e.form for e in picked}
            form = next(f for f in ("full", "alias", "short") if f in forms)
            return Found(word, i, end, candidates, form), length
        return None, 1

    def _allowed(self, e: _Entry, text: str, end: int, alone: bool, before: Found | None) -> bool:
        """Whether the text around a name lets it name ``e.division`` (see the module's doc)."""
        if e.need == _ANYWHERE:
            return True
        if e.need == _BOUNDED:
            return not text.startswith(_WORD_AFTER_SUFFIX, end - 1)
        if before is not None and self._related(before, e.division):
            return True
        if e.need == _BESIDE:
            return False
        return (
            alone
            or _government_word_at(text, end, e.form == "short")
            or self._chain_ahead(text, end, e.division, depth=3)
        )

    def _related(self, found: Found, division: Division) -> bool:
        return any(
            self.contains(c, division) or self.contains(division, c) for c in found.candidates
        )

    def _chain_ahead(self, text: str, end: int, division: Division, depth: int) -> bool:
        """Whether a division within (or above) ``division`` is named right at ``end``."""
        if depth == 0 or end >= len(text):
            return False
        for length in self._lengths.get(text[end], ()):
            entries = self._forms.get(text[end : end + length])
            if not entries:
                continue
            for e in entries:
                if not (self.contains(division, e.division) or self.contains(e.division, division)):
                    continue
                if e.need in (_ANYWHERE, _BOUNDED):
                    return True
                after = end + length
                if _government_word_at(text, after, e.form == "short") or self._chain_ahead(
                    text, after, e.division, depth - 1
                ):
                    return True
        return False

    def _settle(
        self, mentions: list[Evidence]
    ) -> tuple[dict[int, tuple[Division, ...]], dict[int, list[Evidence]]]:
        """Narrow each shared name to the candidates other names support (above or below)."""
        settled = {id(m): m.found.candidates for m in mentions}
        support: dict[int, list[Evidence]] = {}
        changed = True
        while changed:
            changed = False
            for m in mentions:
                options = settled[id(m)]
                if len(options) < 2:
                    continue
                backers: dict[str, list[Evidence]] = {c.code: [] for c in options}
                for other in mentions:
                    if other is m or other.found.word == m.found.word:
                        continue
                    for c in options:
                        if any(
                            self.contains(o, c) or self.contains(c, o) for o in settled[id(other)]
                        ):
                            backers[c.code].append(other)
                best = max(len(b) for b in backers.values())
                if best == 0:
                    continue
                kept = tuple(c for c in options if len(backers[c.code]) == best)
                if kept != options:
                    settled[id(m)] = kept
                    support[id(m)] = [e for c in kept for e in backers[c.code]]
                    changed = True
        return settled, support


def _government_word_at(text: str, end: int, short: bool) -> bool:
    if short:
        return text.startswith(_SHORT_GOVERNMENT_WORDS, end)
    rest = text[end : end + 4]
    return rest.startswith(_GOVERNMENT_WORDS) and not rest.startswith(_NOT_GOVERNMENT)


@lru_cache(maxsize=8)
def load_divisions(path: Path) -> Divisions:
    """Load divisions.csv, checking its codes, levels, ids and parents (cached per path).

    >>> len(load_divisions(DIVISIONS_CSV)) > 3000
    True
    """
    rows: list[Division] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ReferenceDataError(f"columns must be {','.join(COLUMNS)}", Location(str(path), 1))
        codes: set[str] = set()
        ids: set[str] = set()
        for line, row in enumerate(reader, start=2):
            where = Location(str(path), line)
            d = Division(*(row[c] for c in COLUMNS[:-1]))
            if not re.fullmatch(r"\d{6}", d.code) or d.code in codes:
                raise ReferenceDataError(f"code {d.code!r} is not six digits or repeats", where)
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", d.id) or d.id in ids:
                raise ReferenceDataError(f"id {d.id!r} is malformed or repeats", where)
            if d.level != _level_of(d.code):
                raise ReferenceDataError(f"level {d.level!r} does not fit code {d.code}", where)
            codes.add(d.code)
            ids.add(d.id)
            rows.append(d)
    by_id = {d.id: d for d in rows}
    for line, d in enumerate(rows, start=2):
        parent = by_id.get(d.within)
        fits = (
            d.within == COUNTRY
            if d.level == "province"
            else parent is not None
            and parent.level != "county"
            and d.code.startswith(parent.code[: 2 if parent.level == "province" else 4])
            and (d.level == "county" or parent.level == "province")
        )
        if not fits:
            raise ReferenceDataError(
                f"{d.id}: within {d.within!r} is not a division above code {d.code}",
                Location(str(path), line),
            )
    return Divisions(rows)


def _level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "prefecture" if code.endswith("00") else "county"
