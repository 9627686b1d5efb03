"""The vocabulary of government functions, and the names a function goes by.

``data/reference/functions.csv`` lists the functions of Chinese government and party bodies
(应急管理, 市场监督管理, 组织部 …) and the functions the 2018 institutional reform ended (安全生产
监督管理 → 应急管理); ``function_names.csv`` lists what bodies performing each function are
called, without the place: whole names (安委办, 国务院办公厅), *cores* that a body's name makes
with an organisational word (应急管理 + 局, 发改 + 委, 公安 + 分局), and *tails* that may follow a
proper name (曹杨新村 + 街道, 漕河泾 + 开发区). Names are data: a researcher adds a row, not a code
path. This module loads both and reads a name's *stem* (the name with its place taken off, see
:mod:`fengong.reference.department_names`) against them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = [
    "CATEGORY_SUFFIXES",
    "ERAS",
    "FORMS",
    "GROUPS",
    "ORGAN_SUFFIXES",
    "Function",
    "FunctionName",
    "StemMatch",
    "Vocabulary",
    "normalise",
]

GROUPS = {
    "government", "coordination", "vertical", "judicial", "legislature", "party", "military",
    "peoples-organisation",
}  # fmt: skip
ERAS = {"current", "former"}
FORMS = {"name", "core", "tail"}
LEVELS = {"", "national", "province"}
KEY = re.compile(r"[a-z][a-z0-9-]*")

#: Organisational words a core makes a body's name with (longest first when matching):
#: 应急管理 + 局, 发改 + 委, 公安 + 分局, 交警 + 支队, 人民银行 + 中心支行.
ORGAN_SUFFIXES = (
    "管理委员会办公室", "委员会办公室", "领导小组办公室", "工作领导小组办公室", "管理委员会",
    "委员会", "办公室", "办公厅", "管理局", "管理处", "管理所", "管理站", "服务中心", "管理中心",
    "执法局", "执法队", "执法大队", "执法支队", "执法总队", "总局", "分局", "支队", "大队", "总队",
    "中队", "中心支行", "支行", "分行", "事务局", "工作局", "工作部", "工作委员会", "工作办公室",
    "工作办", "服务局", "服务站", "服务所", "监管局", "监管所", "发展中心", "中心", "集团",
    "局", "委", "厅", "部", "办", "处", "科", "股", "所", "站", "署", "组", "会",
)  # fmt: skip
#: Words that make a core a *category* of departments, not one body: 应急管理部门, 公安机关.
CATEGORY_SUFFIXES = (
    "行政主管部门", "主管部门", "行政部门", "管理部门", "职能部门", "部门", "机关", "系统", "条线",
)  # fmt: skip

_ASIDES = re.compile(r"[（(][^（）()]*[）)]")
_CONJUNCTIONS = re.compile(r"[和与及]")


def normalise(name: str) -> str:
    """The form names are compared in: NFKC, no spaces, no asides, no 和/与/及 (发展和改革委员会
    and 发展改革委员会 are one name)."""
    text = unicodedata.normalize("NFKC", name)
    text = re.sub(r"\s+", "", text)
    while True:  # asides inside asides: 自治區(qū)農(nóng)牧廳(鄉(xiāng)村振興局)
        shorter = _ASIDES.sub("", text)
        if shorter == text:
            break
        text = shorter
    return _CONJUNCTIONS.sub("", text)


@dataclass(frozen=True)
class Function:
    """One function of the vocabulary (a SKOS concept)."""

    key: str
    label_zh: str
    label_en: str
    group: str
    broader: str
    era: str  # current | former (ended by a reform)
    replaced_by: tuple[str, ...]
    note: str
    line: int


@dataclass(frozen=True)
class FunctionName:
    """A name (or core, or tail) a function's bodies go by."""

    function: str
    name: str
    form: str  # name | core | tail
    level: str  # "" | national | province: the name itself says whose body it is
    earlier: str  # the function the name meant before the reform, where that differs
    note: str
    line: int


@dataclass(frozen=True)
class StemMatch:
    """What a stem reads as: the functions it names (several: ambiguous), how, and whether it
    names a category of departments (发改部门) rather than one body."""

    functions: tuple[FunctionName, ...]
    basis: str  # name | core | tail
    category: bool
    text: str  # the part of the stem the vocabulary recognised
    suffix: str = ""  # the organisational word after a core (局, 厅, 部…)


@dataclass
class Vocabulary:
    """The functions by key and every name they go by, indexed by form and normalised name
    (loaded and checked with the other registries: :func:`fengong.reference.registry.load_registry`)."""

    functions: dict[str, Function] = field(default_factory=dict)
    names: list[FunctionName] = field(default_factory=list)
    _by_form: dict[str, dict[str, list[FunctionName]]] = field(default_factory=dict)
    _longest: dict[str, int] = field(default_factory=dict)  # form → its longest name

    @classmethod
    def of(cls, functions: Iterable[Function], names: Iterable[FunctionName]) -> Vocabulary:
        vocabulary = cls({f.key: f for f in functions}, list(names))
        vocabulary._by_form = {form: {} for form in FORMS}
        for n in vocabulary.names:
            vocabulary._by_form[n.form].setdefault(normalise(n.name), []).append(n)
        # the searches below try every cut of a name: only cuts as long as a known name can
        # match, so a cell of 460,000 characters (found by fuzzing: 37 s) is read in linear time
        vocabulary._longest = {form: max(map(len, names), default=0)
                               for form, names in vocabulary._by_form.items()}  # fmt: skip
        return vocabulary

    def __bool__(self) -> bool:
        return bool(self.functions)

    def _lookup(self, form: str, text: str) -> tuple[FunctionName, ...]:
        return tuple(self._by_form.get(form, {}).get(text, ()))

    def match(self, stem: str) -> StemMatch | None:
        """The vocabulary's reading of ``stem`` (already normalised, place taken off): a whole
        name or tail first, then core + organisational word (the longest core wins), then
        core + category word (see also :meth:`match_after_name`)."""
        if not stem:
            return None
        for form in ("name", "tail"):
            found = self._lookup(form, stem)
            if found:
                return StemMatch(found, form, False, stem)
        best = self._split(stem, ORGAN_SUFFIXES)
        if best is not None:
            return best
        split = self._split(stem, CATEGORY_SUFFIXES)
        if split is not None:
            return StemMatch(split.functions, split.basis, True, split.text, split.suffix)
        for suffix in CATEGORY_SUFFIXES:  # 应急管理局部门 is rare; 公安部门: a core + 部门
            if stem.endswith(suffix):
                inner = self.match(stem[: -len(suffix)])
                if inner is not None and not inner.category:
                    return StemMatch(inner.functions, inner.basis, True, inner.text)
        found = self._lookup("core", stem) if len(stem) > 1 else ()
        if found:  # a bare core names the function's departments: 环保, 国土, 人口计生
            return StemMatch(found, "core", True, stem)
        return None

    def match_after_prefix(self, stem: str) -> StemMatch | None:
        """core + organisational word after an unknown proper name (工业园安监分局: the
        industrial park's work-safety branch); the core must have two characters or more."""
        longest = self._longest.get("core", 0) + max(map(len, ORGAN_SUFFIXES))
        for start in range(max(1, len(stem) - longest), len(stem) - 2):
            found = self._split(stem[start:], ORGAN_SUFFIXES)
            if found is not None and len(found.text) > 1:
                return found
        return None

    def match_leading(self, stem: str) -> StemMatch | None:
        """A body whose name begins with a core and ends with an organisational word, the
        middle unknown (工商质监所, 人行杭州中心支行): the function that leads its name."""
        if not stem.endswith(ORGAN_SUFFIXES):
            return None
        for length in range(min(len(stem) - 2, self._longest.get("core", 0)), 1, -1):
            found = self._lookup("core", stem[:length])
            if found:
                return StemMatch(found, "core", False, stem[:length])
        return None

    def match_after_name(self, stem: str) -> StemMatch | None:
        """A tail after a proper name (曹杨新村街道, 漕河泾开发区): tried only when the name
        reads no other way, so 国有资产监督管理委员会 is never a zone's 管理委员会."""
        for length in range(min(len(stem) - 1, self._longest.get("tail", 0)), 0, -1):
            found = self._lookup("tail", stem[-length:])
            if found:
                return StemMatch(found, "tail", False, stem[-length:])
        return None

    def _split(self, stem: str, suffixes: tuple[str, ...]) -> StemMatch | None:
        """core + suffix, the longest core that reads."""
        best: StemMatch | None = None
        for suffix in suffixes:
            if not stem.endswith(suffix) or len(stem) == len(suffix):
                continue
            core = stem[: -len(suffix)]
            found = self._lookup("core", core)
            if found and (best is None or len(core) > len(best.text)):
                best = StemMatch(found, "core", False, core, suffix)
        return best
