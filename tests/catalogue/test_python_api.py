"""The notebook path: fengong.open_store(), query(name, **params), to_pandas()."""

from __future__ import annotations

from pathlib import Path

import pytest

import fengong
from fengong.errors import FengongError
from tests.catalogue.conftest import golden_path


@pytest.mark.parametrize("backend", ["embedded", "rdflib"])
def test_open_store_query_and_dataframe(backend: str, seed_build_dir: Path) -> None:
    with fengong.open_store(seed_build_dir / "fengong.nq", backend=backend) as fg:
        result = fg.query("workload", limit=5)
        frame = result.to_pandas()
    assert list(frame.columns) == list(result.columns)
    assert len(frame) == 5 and result.has_more
    assert frame.loc[0, "label"] == "区应急局"
    assert frame["lead_tasks"].dtype.kind == "i"  # integers stay integers
    assert frame["lead_tasks"].is_monotonic_decreasing


def test_remote_open_store_reads_the_server(
    remote_store: object, oxigraph_endpoint: object
) -> None:
    fg = fengong.open_store(endpoint=oxigraph_endpoint)  # type: ignore[arg-type]
    assert fg.query("measures-per-section").to_csv() == golden_path(
        "measures-per-section"
    ).read_text(encoding="utf-8")


def test_open_store_without_a_build_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(FengongError, match="run `fengong build` first"):
        fengong.open_store(tmp_path / "missing.nq")
