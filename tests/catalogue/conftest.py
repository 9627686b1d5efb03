"""Catalogue fixtures: the catalogue itself, the golden cases, a runner per backend."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from fengong.catalogue import Catalogue, Result, load_catalogue, run_query
from fengong.graph import DEFAULT_BASE
from fengong.store import Store
from tests.conftest import ROOT

QUERIES = ROOT / "queries"
GOLDEN = ROOT / "tests" / "golden" / "catalogue"
CASES: dict[str, dict[str, Any]] = yaml.safe_load((GOLDEN / "cases.yaml").read_text("utf-8"))

Runner = Callable[..., Result]


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(QUERIES)


def runner(store: Store, catalogue: Catalogue) -> Runner:
    """Run a catalogue query by name on ``store``; paginated ones default to one full page."""

    def run(name: str, limit: int | None = None, offset: int = 0, **params: Any) -> Result:
        spec = catalogue[name]
        if spec.pagination is not None and limit is None:
            limit = spec.pagination.max
        return run_query(
            store, spec, params, base=DEFAULT_BASE, queries_dir=QUERIES, limit=limit, offset=offset
        )

    return run


@pytest.fixture(scope="session")
def run_embedded(seed_store: Store, catalogue: Catalogue) -> Runner:
    return runner(seed_store, catalogue)


@pytest.fixture(scope="session")
def run_any(any_store: Store, catalogue: Catalogue) -> Runner:
    return runner(any_store, catalogue)


@pytest.fixture(scope="session")
def run_other(other_store: Store, catalogue: Catalogue) -> Runner:
    """A runner on the rdflib, then the remote backend: answers to compare with the embedded."""
    return runner(other_store, catalogue)


def golden_path(name: str) -> Path:
    return GOLDEN / f"{name}.csv"
