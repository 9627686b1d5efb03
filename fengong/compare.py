"""Pairing the measures of two documents: two versions of one table, or a district table and
the municipal one it implements.

Measures are paired by their numbering where the texts agree, and otherwise by their text
alone. Text similarity is the Dice coefficient of character bigrams, after removing
punctuation and the words that change between levels (本市/本区, 市/区, 各区/各街道镇): it needs
no word segmentation and no model, and it is stable enough to review by hand. Every pair says
on what basis it was made and with what score.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from fengong.ingest.inline import parse_inline_assignment
from fengong.ingest.records import Measure

__all__ = ["MatchBasis", "Pair", "match_measures", "similarity"]

#: A pair by text alone needs this score, or at least FLOOR and twice the score of any other
#: candidate of the measure (a clear winner). Measured on tests/data/corpus: a lightly adapted
#: counterpart scores 0.6–0.86, a strongly reworded one 0.15–0.48 with the runner-up at most
#: 0.17, and unrelated measures of one document 0–0.17.
TEXT_THRESHOLD = 0.3
FLOOR = 0.12
CLEAR_WINNER = 2.0
#: Measures with the same number are paired when their texts agree at least this much, and
#: neither agrees more with another measure of the other document.
NUMBERING_THRESHOLD = 0.15

_NOISE = re.compile(r"[\s\W_]+")
_LEVEL_WORDS = re.compile(r"本市|本区|全市|全区|各区|各街道镇|各级")


def _bigrams(text: str) -> Counter[str]:
    plain = _NOISE.sub("", _LEVEL_WORDS.sub("", text))
    return Counter(plain[i : i + 2] for i in range(len(plain) - 1))


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams, 0..1.

    >>> round(similarity("本市加强充电设施建设。", "本区加强充电设施建设，方便居民。"), 2)
    0.78
    >>> similarity("加强经费保障", "推进隐患排查")
    0.0
    """
    return _dice(_bigrams(a), _bigrams(b))


def _dice(left: Counter[str], right: Counter[str]) -> float:
    total = left.total() + right.total()
    return 2 * (left & right).total() / total if total else 0.0


class MatchBasis(StrEnum):
    NUMBERING = "numbering"  # same number, texts agree
    TEXT = "text"  # the most similar text
    MANUAL = "manual"  # a reviewer said so


@dataclass(frozen=True)
class Pair:
    left: Measure
    right: Measure
    basis: MatchBasis
    score: float  # text similarity of the two measures


def _without_roles(text: str) -> str:
    """Running text without the parenthesis that assigns it: who does it is compared apart."""
    found = parse_inline_assignment(text)
    return text[: found.offset] if found is not None else text


def _text(measure: Measure) -> str:
    return _without_roles(measure.text) + "".join(
        _without_roles(t.text) for t in measure.tasks if not t.whole_measure
    )


def _best_other(scores: dict[int, float], but: int) -> float:
    """The highest score in a row (or column) other than the one at ``but``."""
    return max((s for key, s in scores.items() if key != but), default=0.0)


def match_measures(left: Sequence[Measure], right: Sequence[Measure]) -> list[Pair]:
    """Pairs of measures, each measure in at most one pair, in the order of ``left``."""
    grams = {("l", m.ordinal): _bigrams(_text(m)) for m in left} | {
        ("r", m.ordinal): _bigrams(_text(m)) for m in right
    }  # each text read once, not once per pair
    rows: dict[int, dict[int, float]] = {
        a.ordinal: {b.ordinal: _dice(grams["l", a.ordinal], grams["r", b.ordinal]) for b in right}
        for a in left
    }
    columns: dict[int, dict[int, float]] = {
        b.ordinal: {a: row[b.ordinal] for a, row in rows.items()} for b in right
    }
    pairs: dict[int, Pair] = {}
    taken: set[int] = set()
    by_number = {b.ordinal: b for b in right}
    for a in left:
        b = by_number.get(a.ordinal)
        if b is None:
            continue
        score = rows[a.ordinal][b.ordinal]
        rival = max(
            _best_other(rows[a.ordinal], b.ordinal), _best_other(columns[b.ordinal], a.ordinal)
        )
        if score >= NUMBERING_THRESHOLD and score >= rival:
            pairs[a.ordinal] = Pair(a, b, MatchBasis.NUMBERING, score)
            taken.add(b.ordinal)

    def clear(ao: int, bo: int, score: float) -> bool:
        return score >= TEXT_THRESHOLD or (
            score >= FLOOR and score >= CLEAR_WINNER * _best_other(rows[ao], bo)
        )

    ranked = sorted(
        (
            (s, ao, bo)
            for ao, row in rows.items()
            for bo, s in row.items()
            if ao not in pairs and bo not in taken and clear(ao, bo, s)
        ),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    measures_left = {a.ordinal: a for a in left}
    for score, ao, bo in ranked:
        if ao in pairs or bo in taken:
            continue
        pairs[ao] = Pair(measures_left[ao], by_number[bo], MatchBasis.TEXT, score)
        taken.add(bo)
    return [pairs[a.ordinal] for a in left if a.ordinal in pairs]
