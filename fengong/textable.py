"""Aligned plain-text tables for the terminal, where a Chinese character takes two columns."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = ["render", "width"]


def width(text: str) -> int:
    """Terminal columns ``text`` takes: wide and full-width characters count two.

    >>> width("区应急局"), width("abc"), width("（一）")
    (8, 3, 6)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, limit: int) -> str:
    if width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def render(columns: Sequence[str], rows: Sequence[Sequence[str]], max_width: int = 60) -> str:
    """A header, a rule and the rows, each cell cut to ``max_width`` columns with an ellipsis.

    >>> print(render(["a", "部门"], [["1", "区应急局"]]), end="")
    a  部门
    -  --------
    1  区应急局
    """
    cells = [[_fit(c.replace("\n", " "), max_width) for c in row] for row in rows]
    widths = [width(c) for c in columns]
    for row in cells:
        widths = [max(w, width(c)) for w, c in zip(widths, row, strict=True)]

    def line(values: Sequence[str]) -> str:
        padded = [v + " " * (w - width(v)) for v, w in zip(values, widths, strict=True)]
        return "  ".join(padded).rstrip() + "\n"

    return line(columns) + line(["-" * w for w in widths]) + "".join(line(r) for r in cells)
