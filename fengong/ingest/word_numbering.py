"""The numbers Word draws in front of auto-numbered paragraphs, which are not in their text.

A paragraph numbered by Word (``w:numPr``: a list id and a level) shows "（一）" or "1." only
because numbering.xml says how: per level a format (decimal, chineseCounting …), a pattern
(``%1.``, ``（%1）``, ``%1、``) and a start. Measures numbered that way would otherwise be
invisible to the inline reader. Counters run per list in document order; a level restarts when
a higher level advances. A paragraph style may carry the numbering (List Number): it is
followed, through the styles it is based on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fengong.ingest.numerals import int_to_chinese

__all__ = ["Numbering"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHINESE = {"chineseCounting", "chineseCountingThousand", "ideographDigital", "taiwaneseCounting",
            "taiwaneseCountingThousand", "chineseLegalSimplified"}  # fmt: skip
_PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass(frozen=True)
class _Level:
    start: int
    format: str
    pattern: str


def _val(element: object, tag: str) -> str | None:
    child = element.find(f"{_W}{tag}")  # type: ignore[attr-defined]
    return None if child is None else child.get(f"{_W}val")


def _format(number: int, kind: str) -> str:
    if kind in _CHINESE and 0 < number < 1000:
        return int_to_chinese(number)
    if kind in ("upperLetter", "lowerLetter") and 0 < number <= 26:
        letter = chr(ord("A") + number - 1)
        return letter if kind == "upperLetter" else letter.lower()
    if kind in ("bullet", "none"):
        return ""
    return str(number)  # decimal, decimalZero, and anything else: digits


class Numbering:
    """The labels of one document's numbered paragraphs, asked for in document order."""

    def __init__(self, numbering_xml: object | None, styles_xml: object | None = None) -> None:
        self.lists: dict[str, dict[int, _Level]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.styles: dict[str, tuple[str, str]] = {}  # style id → (list id, level)
        if numbering_xml is None:
            return
        self._read_styles(styles_xml)
        abstract: dict[str, dict[int, _Level]] = {}
        for definition in numbering_xml.iter(f"{_W}abstractNum"):  # type: ignore[attr-defined]
            levels = {}
            for level in definition.iter(f"{_W}lvl"):
                start = _val(level, "start")
                levels[int(level.get(f"{_W}ilvl", "0"))] = _Level(
                    int(start) if start and start.isdigit() else 1,
                    _val(level, "numFmt") or "decimal",
                    _val(level, "lvlText") or "",
                )
            abstract[definition.get(f"{_W}abstractNumId", "")] = levels
        for instance in numbering_xml.iter(f"{_W}num"):  # type: ignore[attr-defined]
            source = _val(instance, "abstractNumId") or ""
            self.lists[instance.get(f"{_W}numId", "")] = abstract.get(source, {})

    def _read_styles(self, styles_xml: object | None) -> None:
        if styles_xml is None:
            return
        own: dict[str, tuple[str | None, str | None]] = {}
        based_on: dict[str, str] = {}
        for style in styles_xml.iter(f"{_W}style"):  # type: ignore[attr-defined]
            ident = style.get(f"{_W}styleId", "")
            numbered = style.find(f"{_W}pPr/{_W}numPr")
            if numbered is not None:
                own[ident] = (_val(numbered, "numId"), _val(numbered, "ilvl"))
            parent = _val(style, "basedOn")
            if parent:
                based_on[ident] = parent
        for ident in {*own, *based_on}:
            chain, seen = ident, set()
            while chain and chain not in own and chain not in seen:
                seen.add(chain)
                chain = based_on.get(chain, "")
            if chain in own and own[chain][0]:
                self.styles[ident] = (own[chain][0] or "", own[chain][1] or "0")

    def label(self, paragraph: object) -> str:
        """The number Word shows before ``paragraph`` ("" when it is not numbered)."""
        properties = paragraph.find(f"{_W}pPr/{_W}numPr")  # type: ignore[attr-defined]
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")  # type: ignore[attr-defined]
        by_style = self.styles.get(style.get(f"{_W}val", "")) if style is not None else None
        if properties is None and by_style is None:
            return ""
        list_id = (_val(properties, "numId") if properties is not None else None) or (
            by_style[0] if by_style else ""
        )
        level = (_val(properties, "ilvl") if properties is not None else None) or (
            by_style[1] if by_style else "0"
        )
        levels = self.lists.get(list_id)
        if not levels or list_id == "0" or not level.isdigit():
            return ""
        depth = int(level)
        counters = self.counters.setdefault(list_id, {})
        for deeper in [d for d in counters if d > depth]:
            del counters[deeper]  # a higher level advanced: the lower ones restart
        start = levels[depth].start if depth in levels else 1
        counters[depth] = counters.get(depth, start - 1) + 1
        definition = levels.get(depth)
        if definition is None:
            return ""

        def shown(match: re.Match[str]) -> str:
            at = int(match.group(1)) - 1
            kind = levels[at].format if at in levels else "decimal"
            start_at = levels[at].start if at in levels else 1
            return _format(counters.get(at, start_at), kind)

        return _PLACEHOLDER.sub(shown, definition.pattern)
