"""Documents in traditional characters (mirror sites convert pages, and Hong Kong- or Taiwan-
facing reposts exist): the readers' vocabulary is simplified, so a document in traditional
characters is read through a simplified copy made with OpenCC (t2s), character for character so
that every place stays put; every string read is then taken back from the original at the same
place, so mentions stay as written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import opencc

__all__ = ["read_simplified", "simplified", "simplified_copy", "taken_back"]

_TO_SIMPLIFIED = opencc.OpenCC("t2s")
#: characters that change when simplified: a simplified text may quote a name or two (a Hong
#: Kong firm's), not a head and a body
_ENOUGH = 5


def _simplify(line: str) -> str:
    """``line`` in simplified characters, one for one (phrase conversion first; a line whose
    length it changes is converted character by character, so every place stays put)."""
    converted = _TO_SIMPLIFIED.convert(line)
    if len(converted) == len(line):
        return converted
    return "".join(_TO_SIMPLIFIED.convert(c) or c for c in line)


def simplified(lines: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_simplify(line) for line in lines)


def simplified_copy(lines: tuple[str, ...]) -> tuple[str, ...] | None:
    """``lines`` simplified, when they are written in traditional characters (enough of them
    change: 牽頭, 辦公室關於, 區, 縣 — role words or not); else None."""
    copy = simplified(lines)
    changed = sum(
        a != b
        for line, new in zip(lines, copy, strict=True)
        for a, b in zip(line, new, strict=True)
    )
    return copy if changed >= _ENOUGH else None


def read_simplified(record: Any, original: tuple[str, ...], copy: tuple[str, ...]) -> Any:
    """``record`` (read from ``copy``, the simplified lines) with each string taken back from
    ``original`` where the same characters stand: the document as written."""
    joined_original = "\n".join(original)
    joined_copy = "\n".join(copy)

    def back(text: str) -> str:
        at = joined_copy.find(text) if text else -1
        return joined_original[at : at + len(text)] if at >= 0 else text

    return taken_back(record, back)


def taken_back(record: Any, back: Callable[[str], str]) -> Any:
    """``record`` with every string of it replaced by ``back(string)`` (the reading of a copy
    taken back to the original), the file's own identifiers left alone."""
    cache: dict[str, str] = {}

    def once(text: str) -> str:
        if text not in cache:
            cache[text] = back(text)
        return cache[text]

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return once(value)
        if isinstance(value, tuple):
            return tuple(walk(v) for v in value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {
                f.name: walk(getattr(value, f.name))
                for f in dataclasses.fields(value)
                if f.name not in ("file", "sha256", "encoding", "layout", "media_type", "places")
            }
            return dataclasses.replace(value, **changes)
        return value

    return walk(record)
