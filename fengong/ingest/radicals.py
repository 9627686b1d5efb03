"""Radicals that stand for ideographs: a PDF's font may map 工 to ⼯ (U+2F2F KANGXI RADICAL
WORK) or 长 to ⻓ (U+2ED3 CJK RADICAL C-SIMPLIFIED LONG) in its ToUnicode table — Chromium's
"print to PDF" does, for one — so the text reads 市⼯信局 where the page shows 市工信局, and no
name would match. The reader puts back the ideograph each radical stands for.

Kangxi radicals (U+2F00–U+2FD5) have compatibility decompositions: NFKC gives the ideograph.
Radicals of the CJK Radicals Supplement (U+2E80–U+2EF3) have none; those that are whole
characters are listed here with the ideograph Unicode names as their equivalent
(Unicode Character Database, EquivalentUnifiedIdeograph.txt; each checked against the
radical's Unicode name, e.g. ⻓ CJK RADICAL C-SIMPLIFIED LONG → 长). Radicals that are only
components (⺡ 氵, ⺘ 扌) are left as they are: they never stand alone in a name.
"""

from __future__ import annotations

import unicodedata

__all__ = ["ideographs"]

_SUPPLEMENT = {
    "\u2e9f": "母",  # CJK RADICAL MOTHER
    "\u2ea0": "民",  # CJK RADICAL CIVILIAN
    "\u2ea9": "王",  # CJK RADICAL JADE
    "\u2eac": "示",  # CJK RADICAL SPIRIT ONE
    "\u2eb3": "网",  # CJK RADICAL NET THREE
    "\u2ec1": "虎",  # CJK RADICAL TIGER
    "\u2ec4": "西",  # CJK RADICAL WEST TWO
    "\u2ec5": "见",  # CJK RADICAL C-SIMPLIFIED SEE
    "\u2ec6": "角",  # CJK RADICAL SIMPLIFIED HORN
    "\u2ec9": "贝",  # CJK RADICAL C-SIMPLIFIED SHELL
    "\u2ecb": "车",  # CJK RADICAL C-SIMPLIFIED CART
    "\u2ed1": "長",  # CJK RADICAL LONG ONE
    "\u2ed3": "长",  # CJK RADICAL C-SIMPLIFIED LONG
    "\u2ed4": "门",  # CJK RADICAL C-SIMPLIFIED GATE
    "\u2ed7": "雨",  # CJK RADICAL RAIN
    "\u2ed8": "青",  # CJK RADICAL BLUE
    "\u2ed9": "韦",  # CJK RADICAL C-SIMPLIFIED TANNED LEATHER
    "\u2eda": "页",  # CJK RADICAL C-SIMPLIFIED LEAF
    "\u2edb": "风",  # CJK RADICAL C-SIMPLIFIED WIND
    "\u2edc": "飞",  # CJK RADICAL C-SIMPLIFIED FLY
    "\u2edd": "食",  # CJK RADICAL EAT ONE
    "\u2ee2": "马",  # CJK RADICAL C-SIMPLIFIED HORSE
    "\u2ee3": "骨",  # CJK RADICAL BONE
    "\u2ee4": "鬼",  # CJK RADICAL GHOST
    "\u2ee5": "鱼",  # CJK RADICAL C-SIMPLIFIED FISH
    "\u2ee6": "鸟",  # CJK RADICAL C-SIMPLIFIED BIRD
    "\u2ee7": "卤",  # CJK RADICAL C-SIMPLIFIED SALT
    "\u2ee8": "麦",  # CJK RADICAL SIMPLIFIED WHEAT
    "\u2ee9": "黄",  # CJK RADICAL SIMPLIFIED YELLOW
    "\u2eea": "黾",  # CJK RADICAL C-SIMPLIFIED FROG
    "\u2eec": "齐",  # CJK RADICAL C-SIMPLIFIED EVEN
    "\u2eee": "齿",  # CJK RADICAL C-SIMPLIFIED TOOTH
    "\u2ef0": "龙",  # CJK RADICAL C-SIMPLIFIED DRAGON
    "\u2ef3": "龟",  # CJK RADICAL C-SIMPLIFIED TURTLE
}


def ideographs(text: str) -> str:
    """``text`` with each radical that stands for an ideograph replaced by it.

    >>> ideographs("市⼯信局、各县区⼈⺠政府、市⻓江办")
    '市工信局、各县区人民政府、市长江办'
    >>> ideographs("（一）市应急局，扌")  # full-width marks and components are kept
    '（一）市应急局，扌'
    """
    out = []
    for ch in text:
        if "\u2f00" <= ch <= "\u2fd5":
            out.append(unicodedata.normalize("NFKC", ch))
        else:
            out.append(_SUPPLEMENT.get(ch, ch))
    return "".join(out)
