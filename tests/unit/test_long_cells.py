"""A cell of hundreds of thousands of characters (fuzzing made one of 463,032: 〔2020〕 over
and over) is read in time linear in its length: reading it took 37 s, because the name
reader tried every cut of it against the function vocabulary. Counted in lookups, not timed."""

from __future__ import annotations

import pytest

from fengong.ingest.cells import _split_outside_brackets
from fengong.reference import Registry, load_registry
from fengong.reference.functions import Vocabulary
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(ROOT / "data" / "reference")


def _lookups(registry: Registry, name: str, monkeypatch: pytest.MonkeyPatch) -> int:
    calls = 0
    real = Vocabulary._lookup

    def counted(self: Vocabulary, form: str, text: str) -> tuple[object, ...]:
        nonlocal calls
        calls += 1
        return real(self, form, text)

    monkeypatch.setattr(Vocabulary, "_lookup", counted)
    registry.read_department(name, "310107")
    return calls


@pytest.mark.parametrize("repeats", [1_000, 10_000])
def test_a_very_long_name_costs_lookups_bounded_by_the_vocabulary(
    registry: Registry, monkeypatch: pytest.MonkeyPatch, repeats: int
) -> None:
    name = "〔2020〕" * repeats
    assert _lookups(registry, name, monkeypatch) < 2_000  # was ~10 per character


@pytest.mark.parametrize(
    ("name", "function", "basis"),
    [
        ("区应急局", "emergency-management", "core"),
        ("曹杨新村街道", "subdistrict-town", "tail"),  # a tail after a proper name
        ("工业园安监分局", "work-safety", "core"),  # a core after an unknown prefix
        ("工商质监所", "industry-commerce", "core"),  # a leading core, the middle unknown
    ],
)
def test_the_bounded_searches_still_read_each_kind_of_name(
    registry: Registry, name: str, function: str, basis: str
) -> None:
    """The bounds cut nothing a name can match: one name for each search that was bounded
    (the examples of their docstrings)."""
    reading = registry.read_department(name, "310107")
    assert (reading.functions, reading.basis) == ((function,), basis)


def test_cells_split_outside_brackets_only() -> None:
    assert _split_outside_brackets("区应急局、各县(市、区)政府，区财政局") == [
        "区应急局", "各县(市、区)政府", "区财政局"]  # fmt: skip
    long = "、".join(["区应急局"] * 50_000)
    assert len(_split_outside_brackets(long)) == 50_000
