"""Named-query answers are kept: asked again, the store is not queried again, and the answer
is the same; other parameters or pages are other answers; the oldest is dropped first."""

from __future__ import annotations

from typing import Any

import pytest

from fengong.client import Fengong
from fengong.graph import Project
from fengong.store import EmbeddedStore
from fengong.web.catalogue import ResultCache


class Counting(Fengong):
    def __init__(self, store: EmbeddedStore, project: Project) -> None:
        super().__init__(store, project)
        self.calls = 0

    def query(self, name: str, **kwargs: Any) -> Any:  # type: ignore[override]
        self.calls += 1
        return super().query(name, **kwargs)


@pytest.fixture()
def fg(seed_store: EmbeddedStore, project: Project) -> Counting:
    return Counting(seed_store, project)


def test_an_answer_is_kept(fg: Counting) -> None:
    cache = ResultCache(8)
    first = cache.get(fg, "tasks-led-by", 5, 0, {"department": "区应急局"})
    again = cache.get(fg, "tasks-led-by", 5, 0, {"department": "区应急局"})
    assert fg.calls == 1
    assert again.to_json() == first.to_json()
    assert len(first) == 5, "the seed has more than 5 tasks led by 区应急局"


def test_other_parameters_and_pages_are_other_answers(fg: Counting) -> None:
    cache = ResultCache(8)
    page1 = cache.get(fg, "tasks-led-by", 5, 0, {"department": "区应急局"})
    page2 = cache.get(fg, "tasks-led-by", 5, 5, {"department": "区应急局"})
    other = cache.get(fg, "tasks-led-by", 5, 0, {"department": "区公安分局"})
    assert fg.calls == 3
    assert len({page1.to_json(), page2.to_json(), other.to_json()}) == 3


def test_the_least_recently_used_answer_goes_first(fg: Counting) -> None:
    cache = ResultCache(2)
    for department in ("区应急局", "区公安分局", "区应急局", "区建管委"):
        cache.get(fg, "tasks-led-by", 5, 0, {"department": department})
    assert fg.calls == 3  # 区应急局 was asked again while kept
    cache.get(fg, "tasks-led-by", 5, 0, {"department": "区公安分局"})
    assert fg.calls == 4  # 区公安分局 had been dropped (区应急局 was used after it)
    cache.get(fg, "tasks-led-by", 5, 0, {"department": "区建管委"})
    assert fg.calls == 4  # the newest two are kept


def test_size_zero_keeps_nothing(fg: Counting) -> None:
    cache = ResultCache(0)
    for _ in range(2):
        cache.get(fg, "tasks-led-by", 5, 0, {"department": "区应急局"})
    assert fg.calls == 2


class _Store:
    """The parts of a pooled store the cache asks: is this request served by the current
    build (False: it began before a reload and keeps the old pool)?"""

    def __init__(self, inner: EmbeddedStore, current: bool) -> None:
        self.inner, self.current = inner, current

    def serves_current_build(self) -> bool:
        return self.current

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_a_request_from_before_a_reload_neither_reads_nor_fills_the_cache(
    seed_store: EmbeddedStore, project: Project
) -> None:
    """Found when a reload test failed under load: a request pinned to the old pool, whose
    handler started after the swap, cached the old build's answer as the new one's."""
    old = Counting(_Store(seed_store, current=False), project)  # type: ignore[arg-type]
    new = Counting(_Store(seed_store, current=True), project)  # type: ignore[arg-type]
    cache = ResultCache(8)
    cache.get(old, "workload", 5, 0, {})
    cache.get(new, "workload", 5, 0, {})
    assert new.calls == 1  # the old request stored nothing
    cache.get(old, "workload", 5, 0, {})
    assert old.calls == 2  # and was not answered from the new build's cache
    cache.get(new, "workload", 5, 0, {})
    assert new.calls == 1  # the current build's answer is kept as before
