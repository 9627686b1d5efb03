"""Build-time reasoning on the store: the SPARQL Update rules in ``queries/rules/`` run in
rounds until the store stops growing, then a finishing pass and the inconsistency query.

owlrl, the reference implementation of OWL 2 RL, needs minutes for 100k triples (it keeps the
whole closure in an rdflib graph and re-derives everything each round); the rules run inside
pyoxigraph and scale with the corpus. The tests hold both to the same result.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from fengong.errors import FengongError, Location

__all__ = ["RuleRun", "RuleSet", "run_rules"]

#: A fixpoint needs as many rounds as the longest chain of rule applications; our ontology
#: needs three. Far more means a rule keeps inventing terms, which is a bug, not a big corpus.
MAX_ROUNDS = 20
#: The header line of a rule file that is repeated until it adds nothing (a closure).
_REPEAT = "#+ repeat: true"


@dataclass(frozen=True)
class RuleRun:
    rounds: int  # rounds until nothing new appeared (the last one added nothing)
    inconsistencies: tuple[str, ...]  # one line per finding of inconsistencies.rq


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise FengongError(f"cannot read rule: {err.strerror}", Location(str(path))) from None


def _describe(solution: ox.QuerySolution) -> str:
    parts = [
        str(solution[name])
        for name in ("node", "property", "first", "second")
        if solution[name] is not None
    ]
    return f"{solution['rule'].value}: {' '.join(parts)}"


@dataclass(frozen=True)
class _Rule:
    text: str
    repeat: bool  # a closure: applied until it adds nothing before the next rule runs


def _rule(path: Path) -> _Rule:
    text = _read(path)
    return _Rule(text, _REPEAT in text.splitlines())


def _fixpoint(store: ox.Store, rules: list[_Rule]) -> int:
    """Apply ``rules`` in order, round after round, until a round adds nothing."""
    size, rounds = len(store), 0
    while True:
        rounds += 1
        if rounds > MAX_ROUNDS:
            raise FengongError(f"the rules did not reach a fixpoint in {MAX_ROUNDS} rounds")
        for rule in rules:
            store.update(rule.text)
            if rule.repeat:
                _fixpoint(store, [_Rule(rule.text, repeat=False)])
        grown = len(store)
        if grown == size:
            return rounds
        size = grown


@dataclass(frozen=True)
class RuleSet:
    """The rule files' texts, read once: a build's workers (on other machines, perhaps) get
    the texts, not a path to read them from."""

    schema: _Rule
    rules: tuple[_Rule, ...]
    finish: str
    inconsistencies: str
    names: tuple[str, ...]  # every rule file, for the reasoning activity's description

    @classmethod
    def load(cls, rules_dir: Path) -> RuleSet:
        paths = sorted(rules_dir.glob("[0-9]*.ru"))
        if not paths:
            raise FengongError("no rules found", Location(str(rules_dir)))
        return cls(
            _rule(rules_dir / "schema.ru"),
            tuple(_rule(path) for path in paths),
            _read(rules_dir / "finish.ru"),
            _read(rules_dir / "inconsistencies.rq"),
            tuple(sorted(r.name for r in rules_dir.glob("*.r[qu]"))),
        )


def run_rules(store: ox.Store, rules: Path | RuleSet) -> RuleRun:
    """Close ``store`` under the rules; the inferred graph must already name its activity."""
    rules = rules if isinstance(rules, RuleSet) else RuleSet.load(rules)
    _fixpoint(store, [rules.schema])
    rounds = _fixpoint(store, list(rules.rules))
    store.update(rules.finish)
    found = store.query(rules.inconsistencies, use_default_graph_as_union=True)
    return RuleRun(rounds, tuple(_describe(s) for s in found))  # type: ignore[union-attr]
