"""Whatever bytes a source file holds, ingest ends in one of two ways: records and N-Triples
that load, or a typed ingest error naming the file and the line. Never another exception,
never a hang (an alarm stops any single case after ``CASE_SECONDS``)."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fengong.errors import IngestError
from fengong.graph.iris import Iris
from fengong.graph.reading import read_text
from fengong.ingest import decode_source
from fengong.reference import Registry, load_registry
from tests.conftest import ROOT
from tests.fuzz.strategies import documents

NAME = "data/sources/fuzzed.txt"
CASE_SECONDS = 20
REGISTRY: Registry = load_registry(ROOT / "data" / "reference")
IRIS = Iris()


class Hang(Exception):
    pass


@contextmanager
def alarm(seconds: int) -> Iterator[None]:
    def ring(signum: int, frame: object) -> None:
        raise Hang(f"one case ran over {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def ingest_outcome(data: bytes) -> str:
    """'ok' or the error class; anything that is not a located ingest error propagates."""
    with alarm(CASE_SECONDS):
        try:
            read = read_text(decode_source(data, NAME), REGISTRY, IRIS)
        except IngestError as err:
            assert err.location is not None, err
            assert err.location.file == NAME, err
            assert err.location.line is not None and err.location.line >= 1, err
            return type(err).__name__
        store = ox.Store()  # what the build does with them: the N-Triples must load
        store.load(read.own + "".join(read.shared).encode(), ox.RdfFormat.N_TRIPLES)
        assert len(store) > 0
        return "ok"


@pytest.fixture(scope="module")
def outcomes() -> Iterator[dict[str, dict[str, int]]]:
    """Strategy → outcome → cases. At the end of the module, each strategy that ran must have
    produced readable documents and refusals (so the later stages were reached), and its tally
    goes to test-output/fuzz-<strategy>.json, the figures in the manual's reliability page (docs/reliability.md)."""
    tallies: dict[str, dict[str, int]] = {}
    yield tallies
    out = Path(os.environ.get("FUZZ_REPORT_DIR", ROOT / "test-output"))
    out.mkdir(parents=True, exist_ok=True)
    for strategy, tally in tallies.items():
        cases = sum(tally.values())
        report = {"cases": cases, "outcomes": dict(sorted(tally.items()))}
        (out / f"fuzz-{strategy}.json").write_text(json.dumps(report, indent=2) + "\n")
        assert 0 < tally.get("ok", 0) < cases, (strategy, tally)


def _count(outcomes: dict[str, dict[str, int]], strategy: str, data: bytes) -> None:
    tally = outcomes.setdefault(strategy, {})
    outcome = ingest_outcome(data)
    tally[outcome] = tally.get(outcome, 0) + 1


@given(data=documents("tables"))
def test_generated_tables_are_read_or_refused_with_a_line(
    outcomes: dict[str, dict[str, int]], data: bytes
) -> None:
    _count(outcomes, "tables", data)


@given(data=documents("seed"))
def test_mutated_seed_is_read_or_refused_with_a_line(
    outcomes: dict[str, dict[str, int]], data: bytes
) -> None:
    _count(outcomes, "seed", data)


def test_the_property_catches_an_unlocated_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check is not vacuous: an error without a line, or a stray exception, fails it."""
    import tests.fuzz.test_ingest_fuzz as me

    def without_line(*args: object) -> None:
        raise IngestError("no line", None)

    monkeypatch.setattr(me, "read_text", without_line)
    with pytest.raises(AssertionError):
        ingest_outcome(b"x")

    def stray(*args: object) -> None:
        raise ValueError("not a Chinese numeral")

    monkeypatch.setattr(me, "read_text", stray)
    with pytest.raises(ValueError):
        ingest_outcome(b"x")


def test_the_alarm_stops_a_hang() -> None:
    with pytest.raises(Hang), alarm(1):
        while True:
            pass


_LAYOUTS = sorted((ROOT / "tests" / "data" / "real-layouts").glob("*.txt"))


@st.composite
def published(draw: st.DrawFn) -> bytes:
    """A test document of tests/data/real-layouts (every form seen in published documents),
    cut to a slice, lines dropped or repeated, its separators swapped (full- and half-width
    punctuation, tabs, runs of spaces, |, brackets), its lines joined by empty lines or run
    into one: the readers of issue 15 under stress."""
    lines = draw(st.sampled_from(_LAYOUTS)).read_text(encoding="utf-8").split("\n")
    start = draw(st.integers(0, len(lines) - 1))
    lines = lines[start : start + draw(st.integers(1, len(lines)))]
    swaps = [("：", ":"), ("，", ","), ("（", "〔"), ("）", "〕"), ("、", " "), ("  ", "\t"),
             ("\t", "|"), ("牵头", ""), ("单位", "部门"), ("1.", "①"), ("一、", "（一）")]  # fmt: skip
    out = []
    for line in lines:
        op = draw(st.integers(0, 9))
        if op == 0:
            continue
        if op == 1:
            out.append(line)
        if op == 2:
            old, new = draw(st.sampled_from(swaps))
            line = line.replace(old, new)
        out.append(line)
    # a page copied cell by cell (an empty line between), or saved as one long line
    joiner = draw(st.sampled_from(["\n", "\n", "\n\n", " "]))
    text = joiner.join(out)
    return text.encode(draw(st.sampled_from(["utf-8", "gb18030"])), errors="ignore")


@given(data=published())
def test_published_layouts_are_read_or_refused_with_a_line(
    outcomes: dict[str, dict[str, int]], data: bytes
) -> None:
    _count(outcomes, "published", data)
