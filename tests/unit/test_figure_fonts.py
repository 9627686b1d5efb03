"""The figures draw their Chinese with the packaged Noto Sans SC, never as empty boxes ("tofu").

matplotlib says so when it cannot draw a character: a ``UserWarning`` "Glyph N (…) missing from
font(s) …" for each one. These tests draw the seed build's real figures through
:func:`fengong.figures.plot`, as ``fengong plot`` does, and listen for it; one test shows that
the same listening hears the warnings when the figures are held to DejaVu Sans alone.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import sysconfig
import warnings
from collections.abc import Callable
from importlib.metadata import distribution
from pathlib import Path

import pylopdf_fonts_zh_cn
import pytest
from matplotlib import font_manager

from fengong import figures
from fengong.client import Fengong
from fengong.graph import Project
from fengong.store import EmbeddedStore
from tests.conftest import ROOT, SEED

KINDS = ("matrix", "network", "workload")
PNG = b"\x89PNG\r\n\x1a\n"


def _missing_glyphs(draw: Callable[[], object]) -> list[str]:
    """What matplotlib said it could not draw ("Glyph … missing from font(s) …") while ``draw``
    ran: every warning, however often the same one was given before."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        draw()
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


@pytest.fixture(scope="module")
def fg(seed_store: EmbeddedStore, project: Project) -> Fengong:
    """The seed build with the catalogue, as ``fengong plot --graph`` opens it."""
    return Fengong(seed_store, project)


@pytest.mark.parametrize("kind", KINDS)
def test_every_figure_draws_the_seeds_chinese(
    kind: str, fg: Fengong, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / f"{kind}.png"
    with caplog.at_level(logging.WARNING, logger="matplotlib"):
        missing = _missing_glyphs(lambda: figures.plot(kind, fg, out))
    assert missing == []
    assert out.read_bytes()[:8] == PNG
    # no family was looked for in vain (findfont would fall back to DejaVu Sans, saying so)
    assert [r.getMessage() for r in caplog.records if "findfont" in r.getMessage()] == []


def test_the_check_finds_tofu_when_the_figures_have_only_dejavu_sans(
    fg: Fengong, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the same figure and the same check, the font list cut to matplotlib's own DejaVu Sans
    monkeypatch.setattr(figures, "figure_fonts", lambda: ["DejaVu Sans"])
    missing = _missing_glyphs(lambda: figures.plot("workload", fg, tmp_path / "tofu.png"))
    assert missing, "DejaVu Sans has no CJK glyphs: the check should have heard of them"
    assert all("DejaVu Sans" in message for message in missing)
    assert any("CJK UNIFIED IDEOGRAPH" in message for message in missing)


def test_every_character_of_the_seed_is_in_the_packaged_font() -> None:
    # the department names and measure titles, and everything else the seed document says
    text = SEED.read_text(encoding="utf-8")
    shown = "".join(sorted({c for c in text if not c.isspace()}))
    font = font_manager.get_font(pylopdf_fonts_zh_cn.sans_path())
    charmap = font.get_charmap()
    assert [c for c in shown if ord(c) not in charmap] == []
    assert _missing_glyphs(lambda: _draw_text(shown)) == []


def _draw_text(text: str) -> None:
    """``text`` drawn in the packaged font alone, without the DejaVu Sans fallback."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with plt.rc_context({"font.family": figures.figure_fonts()[:1]}):
        fig = plt.figure(figsize=(40, 2))
        fig.text(0, 0.5, text, fontsize=6)
        fig.canvas.draw()
        plt.close(fig)


def test_the_font_used_is_the_packaged_file() -> None:
    families = figures.figure_fonts()
    assert families[0] == "Noto Sans SC"
    assert families[-1] == "DejaVu Sans"  # the Latin fallback, shipped with matplotlib
    found = Path(
        font_manager.findfont(
            font_manager.FontProperties(family=families), fallback_to_default=False
        )
    )
    assert found == pylopdf_fonts_zh_cn.sans_path()
    # a file the installed wheel put in site-packages, not one of the machine's fonts
    files = distribution("pylopdf-fonts-zh-cn").files or []
    assert found.resolve() in {Path(str(f.locate())).resolve() for f in files}
    assert found.resolve().is_relative_to(Path(sysconfig.get_paths()["purelib"]).resolve())


def test_the_font_is_registered_once() -> None:
    figures.figure_fonts()
    figures.figure_fonts()
    path = str(pylopdf_fonts_zh_cn.sans_path())
    assert [f.fname for f in font_manager.fontManager.ttflist].count(path) == 1


def test_plot_leaves_the_process_matplotlib_settings_alone(fg: Fengong, tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # as plot does: the one setting it changes for good
    before = dict(matplotlib.rcParams)
    figures.plot("network", fg, tmp_path / "n.svg")
    assert dict(matplotlib.rcParams) == before


def test_importing_the_cli_and_the_api_reads_no_font() -> None:
    # the font is registered when a figure is drawn, not when the CLI or the API starts
    code = (
        "import sys, fengong.cli, fengong.figures, fengong.web.web\n"
        "print(sorted(m for m in ('matplotlib', 'pylopdf_fonts_zh_cn') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_plotting_leaves_the_callers_backend_alone(seed_build_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A notebook's inline backend survives a plot (pyplot switched it to Agg, after which
    plt.show() showed nothing)."""
    import matplotlib

    from fengong import open_store
    from fengong.figures import plot

    before = matplotlib.get_backend()
    matplotlib.use("svg")  # any backend that is not Agg stands for the notebook's
    try:
        plot("workload", open_store(seed_build_dir), tmp_path / "w.png")
        assert matplotlib.get_backend() == "svg"
        assert (tmp_path / "w.png").read_bytes().startswith(b"\x89PNG")
    finally:
        matplotlib.use(before)
