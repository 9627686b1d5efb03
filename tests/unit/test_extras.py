"""Optional parts: a missing one fails with the extra that installs it, not an ImportError."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import Literal

from fengong.catalogue.run import Result
from fengong.errors import FengongError
from fengong.extras import EXTRAS, need
from fengong.store.base import Table


@pytest.fixture
def without(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Make modules unimportable, as in an install without their extra."""

    def hide(*names: str) -> None:
        for name in names:
            monkeypatch.setitem(sys.modules, name, None)  # import then raises ModuleNotFoundError

    return hide


def test_present_parts_are_imported() -> None:
    assert need("pandas", "to_pandas()").__name__ == "pandas"


def test_to_pandas_names_the_pandas_extra(without) -> None:  # type: ignore[no-untyped-def]
    without("pandas")
    result = Result("workload", Table(("a",), [(Literal(1),)]))
    with pytest.raises(FengongError, match=r"pip install 'fengong\[pandas\]'"):
        result.to_pandas()
    assert result.records() == [{"a": 1}]  # the rest of a result still works


def test_plot_names_the_plot_extra(without, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from fengong.figures import plot

    without("matplotlib", "matplotlib.pyplot")
    with pytest.raises(FengongError, match=r"fengong plot needs matplotlib.*fengong\[plot\]"):
        plot("workload", None, tmp_path / "w.png")  # type: ignore[arg-type]
    assert not (tmp_path / "w.png").exists()


def test_a_broken_part_is_not_mistaken_for_a_missing_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the module itself missing means 'install the extra'; a dependency of it missing
    is its own error, shown as it is."""
    (tmp_path / "brokenpart.py").write_text("import no_such_dependency_xyz\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(EXTRAS, "brokenpart", "plot")
    with pytest.raises(ModuleNotFoundError, match="no_such_dependency_xyz"):
        need("brokenpart", "a test")


def test_an_unknown_module_is_a_bug_said_loudly() -> None:
    with pytest.raises(KeyError):
        need("no_such_module_at_all", "a test")  # not an extra of ours
