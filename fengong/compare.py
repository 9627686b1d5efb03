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
    left, right = _bigrams(a), _bigrams(b)
    total = sum(left.values()) + sum(right.values())
    if not total:
        return 0.0
    return 2 * sum((left & right).values()) / total


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


def match_measures(left: Sequence[Measure], right: Sequence[Measure]) -> list[Pair]:
    """Pairs of measures, each measure in at most one pair, in the order of ``left``."""
    scores = {(a.ordinal, b.ordinal): similarity(_text(a), _text(b)) for a in left for b in right}
    pairs: dict[int, Pair] = {}
    taken: set[int] = set()
    by_number = {b.ordinal: b for b in right}
    for a in left:
        b = by_number.get(a.ordinal)
        if b is None:
            continue
        score = scores[a.ordinal, b.ordinal]
        rivals = [s for (ao, bo), s in scores.items() if (ao == a.ordinal) != (bo == b.ordinal)]
        if score >= NUMBERING_THRESHOLD and score >= max(rivals, default=0.0):
            pairs[a.ordinal] = Pair(a, b, MatchBasis.NUMBERING, score)
            taken.add(b.ordinal)

    def clear(ao: int, bo: int, score: float) -> bool:
        others = [s for (a2, b2), s in scores.items() if a2 == ao and b2 != bo]
        return score >= TEXT_THRESHOLD or (
            score >= FLOOR and score >= CLEAR_WINNER * max(others, default=0.0)
        )

    ranked = sorted(
        ((s, ao, bo) for (ao, bo), s in scores.items() if clear(ao, bo, s)),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    measures_left = {a.ordinal: a for a in left}
    for score, ao, bo in ranked:
        if ao in pairs or bo in taken:
            continue
        pairs[ao] = Pair(measures_left[ao], by_number[bo], MatchBasis.TEXT, score)
        taken.add(bo)
    return [pairs[a.ordinal] for a in left if a.ordinal in pairs]
