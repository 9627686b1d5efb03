"""Documents in traditional characters (mirror sites convert pages, and Hong Kong- or Taiwan-
facing reposts exist): the readers' vocabulary is simplified, so a document in traditional
characters is read through a copy where the characters of that vocabulary (牽頭, 負責, 責任單位,
配合部門, 協辦 …) are simplified one for one; every string read is then taken back from the
original at the same place, so mentions stay as written.
"""

from __future__ import annotations

import dataclasses
from typing import Any

__all__ = ["looks_traditional", "read_simplified"]

#: traditional → simplified, one character for one, for the words the readers look for
_PAIRS = (
    "牽牵 頭头 負负 責责 單单 門门 協协 參参 與与 辦办 職职 關关 會会 屬属 據据 為为 "
    "於于 發发 區区 縣县 鎮镇 廳厅 號号 條条 項项 務务 時时 間间 領领 導导 級级 應应 "
    "實实 構构 幹干 內内 產产 業业 網网 聯联 體体 統统 經经 濟济 衛卫 財财 稅税 營营 "
    "環环 輔辅 組组 織织 處处 規规 劃划 設设 計计 資资 進进 階阶 點点 達达 運运 動动 "
    "農农 場场 廣广 東东 勞劳 稱称 種种 類类 檢检 驗验 數数 執执 監监 質质 藥药 醫医 "
    "療疗 險险 災灾 護护 衞卫 報报 紙纸 書书 記记"
)
_TABLE = str.maketrans(dict(_PAIRS.split()))
_MARKERS = frozenset("牽負責單門協辦")


def looks_traditional(lines: tuple[str, ...]) -> bool:
    """Whether the role vocabulary is written in traditional characters (牽頭, 負責, 單位)."""
    text = "".join(lines)
    return any(c in _MARKERS for c in text) and ("牽頭" in text or "負責" in text or "單位" in text)


def simplified(lines: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(line.translate(_TABLE) for line in lines)


def read_simplified(record: Any, original: tuple[str, ...]) -> Any:
    """``record`` (read from the simplified copy) with each string taken back from
    ``original`` where the same characters stand: the document as written."""
    joined_original = "\n".join(original)
    joined_copy = joined_original.translate(_TABLE)
    cache: dict[str, str] = {}

    def back(text: str) -> str:
        if text not in cache:
            at = joined_copy.find(text) if text else -1
            cache[text] = joined_original[at : at + len(text)] if at >= 0 else text
        return cache[text]

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return back(value)
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
