"""docs/notebooks/tour.ipynb runs from top to bottom, in the venv's kernel, and shows real answers.

The notebook is executed with nbclient in a temporary working directory (its temporary build
goes there too: TMPDIR points the kernel's ``tempfile`` at it), never written back, and its
outputs are read: the pivot names the seed's departments, the chart is a PNG drawn without a
missing glyph, no cell writes to stderr. Negative tests show that the same run fails when a
cell asks for a query that does not exist, and that the stderr check hears matplotlib when the
Chinese font is left out.
"""

from __future__ import annotations

import base64
import copy
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbformat import NotebookNode

from tests.conftest import ROOT

NOTEBOOK = ROOT / "docs" / "notebooks" / "tour.ipynb"
PNG = b"\x89PNG\r\n\x1a\n"
# The seed's departments: 区应急局 leads most; 区城运中心 only ever supports (never-lead).
LEADER, SUPPORTER = "区应急局", "区城运中心"
# Appended to the executed copy only: which interpreter and which fengong the kernel ran.
PROBE = "import sys, fengong\nprint(sys.executable)\nprint(fengong.__file__)"


def _read() -> NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


def _cell(nb: NotebookNode, tag: str) -> NotebookNode:
    (cell,) = [c for c in nb.cells if tag in c.metadata.get("tags", [])]
    return cell


def _text(cell: NotebookNode) -> str:
    """Everything a cell printed or displayed as text (stdout, text/plain, text/html)."""
    parts = []
    for out in cell.outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type in {"execute_result", "display_data"}:
            parts += [out.data.get("text/plain", ""), out.data.get("text/html", "")]
    return "\n".join(parts)


def _stderr(nb: NotebookNode) -> list[str]:
    return [
        out.text
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "stream" and out.name == "stderr"
    ]


def _execute(
    nb: NotebookNode, workdir: Path, monkeypatch: pytest.MonkeyPatch, build: Path | None = None
) -> NotebookNode:
    """Run ``nb`` in place in a fresh python3 kernel whose working and temporary folder is
    ``workdir``; ``build`` is the FENGONG_BUILD the kernel sees (none by default)."""
    monkeypatch.setenv("TMPDIR", str(workdir))  # the kernel inherits the environment
    if build is None:
        monkeypatch.delenv("FENGONG_BUILD", raising=False)
    else:
        monkeypatch.setenv("FENGONG_BUILD", str(build))
    client = NotebookClient(
        nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    client.execute()
    return nb


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> tuple[NotebookNode, Path]:
    """The notebook run once as a reader runs it (no FENGONG_BUILD), with the probe cell."""
    workdir = tmp_path_factory.mktemp("tour")
    nb = _read()
    nb.cells.append(nbformat.v4.new_code_cell(PROBE, metadata={"tags": ["probe"]}))
    with pytest.MonkeyPatch.context() as monkeypatch:
        _execute(nb, workdir, monkeypatch)
    return nb, workdir


def test_the_stored_notebook_is_clean() -> None:
    """Valid nbformat 4 for the python3 kernel, every output and count left out."""
    nb = _read()
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert nb.metadata.kernelspec.name == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)


def test_the_python3_kernel_is_this_venvs_python(executed: tuple[NotebookNode, Path]) -> None:
    # ipykernel's kernelspec says "python", which jupyter_client starts as sys.executable; a
    # kernelspec installed elsewhere (~/.local/share/jupyter) naming another interpreter would
    # run the notebook against another fengong, or none.
    argv = KernelSpecManager().get_kernel_spec("python3").argv
    assert argv[0] in {"python", "python3", sys.executable}, argv
    executable, module = _text(_cell(executed[0], "probe")).split()
    assert executable == sys.executable
    assert Path(module).resolve().is_relative_to(ROOT / "fengong")


def test_every_cell_ran_and_none_wrote_to_stderr(executed: tuple[NotebookNode, Path]) -> None:
    nb, _ = executed
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert _stderr(nb) == []  # warnings included: a missing glyph would be one


def test_the_build_goes_into_the_temporary_folder(executed: tuple[NotebookNode, Path]) -> None:
    nb, workdir = executed
    (graph,) = workdir.glob("fengong-tour-*/build/fengong.nq")
    printed = _text(_cell(nb, "build"))
    assert "built 普安办〔2020〕18号 into" in printed and str(graph.parent) in printed


def test_the_answers_are_the_seeds(executed: tuple[NotebookNode, Path]) -> None:
    nb, _ = executed
    assert "强化风险防控" in _text(_cell(nb, "sections"))
    assert "28 refined tasks name no 配合部门" in _text(_cell(nb, "unsupported"))
    # task text joined on: measure （一）'s first task
    assert "完善安全生产行政处罚自由裁量标准" in _text(_cell(nb, "unsupported"))
    led = _text(_cell(nb, "led-by"))
    assert f"{LEADER} is reached as lead in 43 refined tasks (51 mentions)" in led
    assert "category" in led and "安全监管部门" in led
    assert SUPPORTER in _text(_cell(nb, "never-lead"))


def test_the_pivot_crosses_lead_and_support_departments(
    executed: tuple[NotebookNode, Path],
) -> None:
    pivot = _cell(executed[0], "pivot")
    (result,) = [o for o in pivot.outputs if o.output_type == "execute_result"]
    html = result.data["text/html"]
    assert "牵头部门 lead" in html and "配合部门 support" in html
    assert LEADER in html and SUPPORTER in html  # a column and a row
    # 区应急局 leads seven tasks with 区消防救援支队 in support, the busiest pair
    row = next(line for line in result.data["text/plain"].splitlines() if "区消防救援支队" in line)
    assert row.split()[1:] == ["0", "1", "0", "7", "2", "0"]


def test_the_chart_is_a_png(executed: tuple[NotebookNode, Path]) -> None:
    plot = _cell(executed[0], "plot")
    images = [o.data["image/png"] for o in plot.outputs if "image/png" in o.get("data", {})]
    assert len(images) == 1
    png = base64.b64decode(images[0])
    assert png.startswith(PNG) and len(png) > 10_000


def test_a_build_made_beforehand_is_used(
    seed_build_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FENGONG_BUILD set (as after `fengong build`): nothing is built, the answers are the same."""
    nb = _execute(_read(), tmp_path, monkeypatch, build=seed_build_dir)
    assert _text(_cell(nb, "build")).strip() == f"using the build at {seed_build_dir}"
    assert not list(tmp_path.glob("fengong-tour-*"))
    assert LEADER in _text(_cell(nb, "pivot"))
    assert _stderr(nb) == []


def test_a_query_that_does_not_exist_fails_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nb = copy.deepcopy(_read())
    cell = _cell(nb, "unsupported")
    assert '"tasks-without-support"' in cell.source
    cell.source = cell.source.replace('"tasks-without-support"', '"tasks-without-anyone"')
    with pytest.raises(CellExecutionError) as failed:
        _execute(nb, tmp_path, monkeypatch)
    assert failed.value.ename == "ParameterError"
    assert "no query named 'tasks-without-anyone'" in failed.value.evalue
    assert cell.outputs[-1].output_type == "error"
    assert _cell(nb, "plot").execution_count is None  # the run stopped there


def test_the_stderr_check_hears_a_missing_font(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without figure_fonts() the chart's Chinese is empty boxes, and matplotlib says so."""
    nb = _read()
    nb.cells = [c for c in nb.cells if {"build", "open", "plot"} & set(c.metadata.get("tags", []))]
    plot = _cell(nb, "plot")
    setting = 'plt.rcParams["font.family"] = figure_fonts()'
    assert setting in plot.source
    plot.source = plot.source.replace(setting, "")
    _execute(nb, tmp_path, monkeypatch)
    assert any("missing from font" in text for text in _stderr(nb))
