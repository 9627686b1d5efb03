"""What a researcher meets in a notebook: a result shows as a table, a build folder opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal

from fengong import FengongError, open_store
from fengong.catalogue.run import Result
from fengong.store.base import Table


def test_a_result_shows_as_an_escaped_table() -> None:
    table = Table(("department", "tasks"), [(Literal("<script>x</script>区应急局"), Literal(3))])
    page = Result("workload", table, offset=0, has_more=True)._repr_html_()
    assert "<th>department</th><th>tasks</th>" in page
    assert "&lt;script&gt;x&lt;/script&gt;区应急局" in page and "<script>" not in page
    assert "<td>3</td>" in page and "offset=1" in page
    assert "more follow" not in Result("workload", table)._repr_html_()


def test_a_build_folder_opens_as_its_graph(seed_build_dir: Path, tmp_path: Path) -> None:
    fg = open_store(seed_build_dir)
    assert len(fg.query("never-lead")) == 3
    with pytest.raises(FengongError, match=r"no built graph at .*fengong\.nq"):
        open_store(tmp_path)


def test_values_from_a_dataframe_bind_as_plain_ones(seed_build_dir: Path) -> None:
    """A measure number or departments taken from a DataFrame are numpy and pandas values."""
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    fg = open_store(seed_build_dir)
    plain = fg.query("tasks-of-measure", measure=3).records()
    assert plain and fg.query("tasks-of-measure", measure=np.int64(3)).records() == plain
    column = pd.Series(["区应急局", "区消防救援支队"])
    listed = fg.query("tasks-led-by", department=["区应急局", "区消防救援支队"]).records()
    assert fg.query("tasks-led-by", department=column).records() == listed
    with pytest.raises(FengongError, match="required"):
        fg.query("tasks-led-by", department=np.array([]))  # empty is still missing
