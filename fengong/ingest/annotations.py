"""Marks that some mirror sites write into the text: pinyin after characters (發(fā)展, 負(fù)責(zé)),
or runs of symbols scattered through sentences and even labels to defeat copying (支持■◆★建设,
责任单位◆★◆■:). The readers' words are broken by them, so such a document is read through a
copy without them, and every string read is taken back from the original across the same
characters, marks and all, as written.
"""

from __future__ import annotations

import re

__all__ = ["PinyinCopy", "noise_copy", "pinyin_copy"]

#: a pinyin syllable in brackets right after a character: 發(fā), 區(qū), 門(mén)
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\((?:[a-zü]|[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]){1,6}\)")
#: a run of symbols planted in the text: ■◆★, two or more (one ★ may mark a key task; ○ is a
#: zero in 二○○八年, so it is no noise)
_NOISE = re.compile(r"[■◆★☆●◇□▲△▼▽◎※♦]{2,}")
#: annotations that make a document annotated (a word or two in brackets may be a real aside)
_ENOUGH = 3


class PinyinCopy:
    """The lines without their pinyin, and where each character of the copy stands in the
    original (for taking strings back)."""

    def __init__(self, lines: tuple[str, ...], marks: re.Pattern[str] = _PINYIN) -> None:
        self.original = "\n".join(lines)
        kept: list[str] = []
        self.offsets: list[int] = []
        at = 0
        for match in marks.finditer(self.original):
            kept.append(self.original[at : match.start()])
            self.offsets.extend(range(at, match.start()))
            at = match.end()
        kept.append(self.original[at:])
        self.offsets.extend(range(at, len(self.original)))
        self.copy = "".join(kept)
        self.lines = tuple(self.copy.split("\n"))

    def back(self, text: str) -> str:
        """``text`` (found in the copy) as the original writes it; itself when not found.

        >>> PinyinCopy(("省發(fā)展改革委負(fù)責(zé)",)).back("省發展改革委")
        '省發(fā)展改革委'
        """
        at = self.copy.find(text) if text else -1
        if at < 0:
            return text
        return self.original[self.offsets[at] : self.offsets[at + len(text) - 1] + 1]


def pinyin_copy(lines: tuple[str, ...]) -> PinyinCopy | None:
    """The copy to read ``lines`` through, when they carry pinyin annotations; else None.

    >>> pinyin_copy(("区应急局（牵头）",)) is None
    True
    >>> pinyin_copy(("省發(fā)展改革委負(fù)責(zé)",)).lines
    ('省發展改革委負責',)
    """
    if sum(1 for _ in _PINYIN.finditer("\n".join(lines))) < _ENOUGH:
        return None
    return PinyinCopy(lines)


def noise_copy(lines: tuple[str, ...]) -> PinyinCopy | None:
    """The copy to read ``lines`` through, when runs of planted symbols break their words;
    else None.

    >>> noise_copy(("支持建设■■★。（责任单位◆★◆:省发展改革委）推进■◆重组★◆。",)).lines
    ('支持建设。（责任单位:省发展改革委）推进重组。',)
    >>> noise_copy(("★1. 重点任务",)) is None
    True
    """
    if sum(1 for _ in _NOISE.finditer("\n".join(lines))) < _ENOUGH:
        return None
    return PinyinCopy(lines, _NOISE)
