"""Pinyin that some mirror sites write after characters (發(fā)展, 負(fù)責(zé)): the readers' words
are broken by it, so such a document is read through a copy without it, and every string read
is taken back from the original across the same characters, annotations and all, as written.
"""

from __future__ import annotations

import re

__all__ = ["PinyinCopy", "pinyin_copy"]

#: a pinyin syllable in brackets right after a character: 發(fā), 區(qū), 門(mén)
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\((?:[a-zü]|[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]){1,6}\)")
#: annotations that make a document annotated (a word or two in brackets may be a real aside)
_ENOUGH = 3


class PinyinCopy:
    """The lines without their pinyin, and where each character of the copy stands in the
    original (for taking strings back)."""

    def __init__(self, lines: tuple[str, ...]) -> None:
        self.original = "\n".join(lines)
        kept: list[str] = []
        self.offsets: list[int] = []
        at = 0
        for match in _PINYIN.finditer(self.original):
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
