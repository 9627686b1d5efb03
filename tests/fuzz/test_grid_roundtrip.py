"""HTML and Excel tables with random merged cells read back as their specification.

Each case draws sections of measures of refined tasks, and for the lead and the support column
a partition of the rows into runs: a run is one merged cell (rowspan, or an Excel merged
range) holding its names, or nothing. Runs may cross measures, never sections. The table is
written here from the specification; reading it must give every task exactly its run's names,
stated on the run's first row and inherited (merged-cell) below, and nothing for an empty run.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from fengong.ingest.layout import read_document
from fengong.ingest.resolve import resolve_document
from fengong.reference import Registry, load_registry
from tests.conftest import ROOT

REGISTRY: Registry = load_registry(ROOT / "data" / "reference")
NAMES = ["区应急局", "区公安分局", "区市场监管局", "区商务委", "区建管委", "各街道镇", "区城运中心"]
NUMERALS = "一二三四五六七八九十"
HEAD = ["上海市普陀区安全生产委员会办公室", "普安办〔2099〕41号", "关于印发测试分工表的通知",
        "各街道镇：", "现印发给你们。", "上海市普陀区安全生产委员会办公室", "2099年3月3日",
        "测试分工表"]  # fmt: skip


Runs = list[tuple[int, tuple[str, ...]]]  # one column of a section: (rows, names) per merged run


@dataclass(frozen=True)
class Spec:
    sections: tuple[tuple[int, ...], ...]  # per section, tasks per measure
    leads: tuple[Runs, ...]  # per section
    supports: tuple[Runs, ...]


@st.composite
def runs(draw: st.DrawFn, rows: int, allow_empty: bool) -> Runs:
    found, left = [], rows
    while left:
        length = draw(st.integers(1, left))
        names = draw(st.lists(st.sampled_from(NAMES), min_size=0 if allow_empty else 1,
                              max_size=2, unique=True))  # fmt: skip
        found.append((length, tuple(names)))
        left -= length
    return found


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    sections = draw(st.lists(st.lists(st.integers(1, 3), min_size=1, max_size=3),
                             min_size=1, max_size=2))  # fmt: skip
    leads = [draw(runs(sum(s), False)) for s in sections]
    supports = [draw(runs(sum(s), True)) for s in sections]
    return Spec(tuple(map(tuple, sections)), tuple(leads), tuple(supports))


def _rows(spec: Spec) -> list[list[dict]]:
    """The grid: per row, cells as dicts (text, rowspan, colspan); spanned cells omitted."""
    grid: list[list[dict]] = [
        [{"text": "本区实施意见", "rows": 2}, {"text": "细化措施", "rows": 2},
         {"text": "工作部门", "cols": 2}],
        [{"text": "牵头部门"}, {"text": "配合部门"}],
    ]  # fmt: skip
    measure = 0
    for s, tasks_per_measure in enumerate(spec.sections):
        grid.append([{"text": f"{NUMERALS[s]}、第{s + 1}篇", "cols": 4}])
        starts = {0: spec.leads[s], 1: spec.supports[s]}
        begins: dict[int, dict[int, tuple[int, tuple[str, ...]]]] = {0: {}, 1: {}}
        for column, column_runs in starts.items():
            row = 0
            for length, names in column_runs:
                begins[column][row] = (length, names)
                row += length
        row = 0
        for tasks in tasks_per_measure:
            measure += 1
            for task in range(tasks):
                cells = []
                if task == 0:
                    cells.append(
                        {"text": f"（{NUMERALS[measure - 1]}）措施{measure}。", "rows": tasks}
                    )
                cells.append({"text": f"任务{measure}-{task + 1}。"})
                for column in (0, 1):
                    if row in begins[column]:
                        length, names = begins[column][row]
                        cells.append({"text": "、".join(names), "rows": length})
                grid.append(cells)
                row += 1
    return grid


def _expected(spec: Spec) -> set[tuple]:
    found = set()
    measure = 0
    for s, tasks_per_measure in enumerate(spec.sections):
        rows = []
        for tasks in tasks_per_measure:
            measure += 1
            rows += [(measure, t + 1) for t in range(tasks)]
        for role, column_runs in (("lead", spec.leads[s]), ("support", spec.supports[s])):
            row = 0
            for length, names in column_runs:
                for offset in range(length):
                    m, t = rows[row + offset]
                    basis = "stated" if offset == 0 else "merged-cell"
                    found |= {(m, t, role, n, basis) for n in names}
                row += length
    return found


def _html(grid: list[list[dict]]) -> str:
    out = ["<html><head><meta charset='utf-8'></head><body>"]
    out += [f"<p>{html.escape(line)}</p>" for line in HEAD]
    out.append("<table>")
    for row in grid:
        cells = "".join(
            f"<td rowspan='{c.get('rows', 1)}' colspan='{c.get('cols', 1)}'>"
            f"{html.escape(c['text'])}</td>"
            for c in row
        )
        out.append(f"<tr>{cells}</tr>")
    out.append("</table></body></html>")
    return "\n".join(out)


def _xlsx(grid: list[list[dict]], path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for r, line in enumerate(HEAD, start=1):
        sheet.cell(r, 1, line)
    occupied: set[tuple[int, int]] = set()
    top = len(HEAD) + 1
    for r, row in enumerate(grid, start=top):
        column = 1
        for cell in row:
            while (r, column) in occupied:
                column += 1
            rows, cols = cell.get("rows", 1), cell.get("cols", 1)
            sheet.cell(r, column, cell["text"] or None)
            occupied |= {(r + i, column + j) for i in range(rows) for j in range(cols)}
            if rows > 1 or cols > 1:
                sheet.merge_cells(start_row=r, start_column=column,
                                  end_row=r + rows - 1, end_column=column + cols - 1)  # fmt: skip
            column += cols
    book.save(path)


def _read(path: Path) -> set[tuple]:
    _, table = read_document(path, path.name)
    doc = resolve_document(table, REGISTRY)
    return {(a.measure, a.task, a.role.value, a.mention, a.basis.value) for a in doc.assignments}


@given(spec=specs())
def test_html_merges_read_back(spec: Spec, tmp_path_factory: object) -> None:
    path = tmp_path_factory.mktemp("grid") / "t.html"  # type: ignore[attr-defined]
    path.write_text(_html(_rows(spec)), encoding="utf-8")
    assert _read(path) == _expected(spec)


@given(spec=specs())
def test_excel_merges_read_back(spec: Spec, tmp_path_factory: object) -> None:
    path = tmp_path_factory.mktemp("grid") / "t.xlsx"  # type: ignore[attr-defined]
    _xlsx(_rows(spec), path)
    assert _read(path) == _expected(spec)
