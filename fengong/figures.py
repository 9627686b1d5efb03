"""The division of work as files people open elsewhere: XLSX, GraphML, PNG and SVG figures.

All of it comes from the same queries as the CLI and the API: the matrix from
``queries/export/matrix.rq``, the network from the ``collaboration-edges`` and ``workload``
catalogue queries, run through an open :class:`~fengong.client.Fengong` (catalogue loaded once). Layouts are deterministic, so the same graph gives the same picture.

The figures set their text in Noto Sans SC from a PyPI package (see :func:`figure_fonts`), not
in whatever CJK font the machine may have: matplotlib's own DejaVu Sans has no Chinese glyphs.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from fengong.client import Fengong
from fengong.export import matrix_rows
from fengong.extras import need
from fengong.store.base import Store

__all__ = ["Network", "figure_fonts", "matrix_xlsx", "network", "plot", "to_graphml"]

_FILLS = {"L": "F7D4D4", "S": "D6E4F5", "L/S": "E8D4EF"}


def matrix_xlsx(store: Store, queries: Path) -> bytes:
    """Department × measure as a spreadsheet: L / S / L/S cells, coloured, header frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    header, body = matrix_rows(store, queries)
    book = Workbook()
    sheet = book.active
    sheet.title = "matrix"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in body:
        sheet.append(row)
        for cell in sheet[sheet.max_row][2:]:
            if cell.value in _FILLS:
                cell.fill = PatternFill("solid", fgColor=_FILLS[cell.value])
    for cells in sheet.iter_rows():
        for cell in cells:  # text is text: =HYPERLINK(…) in a name is no formula here
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "C2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Network:
    """Departments (with how many tasks they lead and support) and lead → support edges."""

    nodes: list[dict[str, object]]
    edges: list[dict[str, object]]


def network(fg: Fengong) -> Network:
    """The network from the ``workload`` and ``collaboration-edges`` catalogue queries."""

    def rows(name: str) -> list[dict[str, object]]:
        page = fg.spec(name).pagination
        return fg.query(name, limit=page.max if page else None).records()

    nodes = [{"id": r["label"], "lead": r["lead_tasks"], "support": r["support_tasks"]}
             for r in rows("workload")]  # fmt: skip
    edges = [{"source": r["lead"], "target": r["support"], "weight": r["tasks"]}
             for r in rows("collaboration-edges")]  # fmt: skip
    return Network(nodes, edges)


def to_graphml(net: Network) -> str:
    """GraphML (directed; node keys lead/support, edge key weight), readable by Gephi, yEd."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        '  <key id="lead" for="node" attr.name="lead_tasks" attr.type="int"/>',
        '  <key id="support" for="node" attr.name="support_tasks" attr.type="int"/>',
        '  <key id="weight" for="edge" attr.name="shared_tasks" attr.type="int"/>',
        '  <graph id="collaboration" edgedefault="directed">',
    ]
    for node in net.nodes:
        lines.append(f'    <node id="{escape(str(node["id"]), {chr(34): "&quot;"})}">'
                     f'<data key="lead">{node["lead"]}</data>'
                     f'<data key="support">{node["support"]}</data></node>')  # fmt: skip
    for n, edge in enumerate(net.edges):
        source = escape(str(edge["source"]), {'"': "&quot;"})
        target = escape(str(edge["target"]), {'"': "&quot;"})
        lines.append(f'    <edge id="e{n}" source="{source}" target="{target}">'
                     f'<data key="weight">{edge["weight"]}</data></edge>')  # fmt: skip
    lines += ["  </graph>", "</graphml>"]
    return "\n".join(lines) + "\n"


def _circle(net: Network) -> dict[str, tuple[float, float]]:
    """Busiest departments first around a circle: deterministic and easy to read."""
    order = sorted(net.nodes, key=lambda n: (-int(n["lead"]) - int(n["support"]), str(n["id"])))  # type: ignore[call-overload]
    return {
        str(node["id"]): (math.cos(2 * math.pi * i / len(order)),
                          math.sin(2 * math.pi * i / len(order)))
        for i, node in enumerate(order)
    }  # fmt: skip


def figure_fonts() -> list[str]:
    """The font families figures set their text in: the packaged Noto Sans SC, then DejaVu Sans.

    Department names and measure titles are Chinese, and matplotlib's own DejaVu Sans has no CJK
    glyphs: on a machine without a CJK system font every name came out as empty boxes. ``make
    run`` needs only PyPI and npm, so the font comes from a PyPI package, ``pylopdf-fonts-zh-cn``
    (Noto Sans SC, the simplified-Chinese subset of Noto Sans CJK, SIL OFL 1.1), and no system
    font is looked for. Its file is registered with matplotlib's font manager here, when a figure
    is drawn, so that importing this module (the CLI, the API) reads no 8 MB font; a second call
    registers nothing more. DejaVu Sans, which ships with matplotlib, stays second: the fallback
    for any glyph that Noto Sans SC lacks. tests/unit/test_figure_fonts.py checks that the seed's
    figures lack none.
    """
    from matplotlib import font_manager
    from pylopdf_fonts_zh_cn import sans_path

    path = str(sans_path())
    manager = font_manager.fontManager
    entry = next((font for font in manager.ttflist if font.fname == path), None)
    if entry is None:
        manager.addfont(path)  # appends, and forgets what findfont had found
        entry = next(font for font in manager.ttflist if font.fname == path)
        # findfont keeps the first of equally good matches: a system font of the same name
        # (a desktop with Noto Sans SC installed) would win over the packaged file
        manager.ttflist.remove(entry)
        manager.ttflist.insert(0, entry)
    return [entry.name, "DejaVu Sans"]


def plot(kind: str, fg: Fengong, out: Path) -> Path:
    """Draw ``matrix``, ``network`` or ``workload`` to ``out`` (.png or .svg).

    Text is set in :func:`figure_fonts`; those settings hold while the figure is drawn and
    saved, and the process's own matplotlib settings are left as they were.
    """
    matplotlib = need("matplotlib", "fengong plot")  # the ``plot`` extra
    need("pylopdf_fonts_zh_cn", "fengong plot")

    settings = {
        "font.family": figure_fonts(),
        "svg.hashsalt": "fengong",  # stable ids: the same graph, the same SVG
    }
    with matplotlib.rc_context(settings):
        return _draw(kind, fg, out)


def _draw(kind: str, fg: Fengong, out: Path) -> Path:
    """The figure itself, drawn and saved under the settings :func:`plot` chose."""
    from matplotlib.figure import Figure  # no pyplot: no backend chosen, a notebook's kept

    if kind == "matrix":
        header, body = matrix_rows(fg.store, fg.project.queries, titled=False)
        values = [[{"L": 2, "L/S": 1.5, "S": 1}.get(c, 0) for c in row[2:]] for row in body]
        fig = Figure(figsize=(12, 0.32 * len(body) + 1.5))
        ax = fig.subplots()
        ax.imshow(values, cmap="Reds", aspect="auto")
        ax.set_xticks(range(len(header) - 2), header[2:])
        ax.set_yticks(range(len(body)), [row[1] for row in body])
        ax.set_xlabel("measure")
    elif kind == "workload":
        net = network(fg)
        names = [str(n["id"]) for n in net.nodes][::-1]
        fig = Figure(figsize=(8, 0.32 * len(names) + 1.5))
        ax = fig.subplots()
        ax.barh(names, [int(n["lead"]) for n in net.nodes][::-1], label="lead", color="#9b1c1c")  # type: ignore[call-overload]
        ax.barh(names, [int(n["support"]) for n in net.nodes][::-1],  # type: ignore[call-overload]
                left=[int(n["lead"]) for n in net.nodes][::-1], label="support", color="#1d4e89")  # type: ignore[call-overload]  # fmt: skip
        ax.set_xlabel("refined tasks")
        ax.legend()
    elif kind == "network":
        net = network(fg)
        where = _circle(net)
        fig = Figure(figsize=(10, 10))
        ax = fig.subplots()
        for edge in net.edges:
            (x0, y0), (x1, y1) = where[str(edge["source"])], where[str(edge["target"])]
            ax.annotate("", (x1, y1), (x0, y0), arrowprops={
                "arrowstyle": "->", "alpha": 0.5, "lw": 0.5 + int(edge["weight"])})  # type: ignore[call-overload]  # fmt: skip
        for name, (x, y) in where.items():
            ax.text(x * 1.12, y * 1.12, name, ha="center", va="center", fontsize=8)
            ax.plot(x, y, "o", color="#18324f")
        ax.set_axis_off()
    else:
        raise ValueError(f"unknown plot {kind!r}: matrix, network or workload")
    fig.savefig(out, bbox_inches="tight",
                metadata={"Date": None} if out.suffix == ".svg" else None)  # fmt: skip
    return out
