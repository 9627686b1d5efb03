"""Tabular exports of the built graph (CSV, JSON), each backed by a query in queries/export/."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

from fengong.queries import load_query
from fengong.spreadsheet import BOM, text_cell
from fengong.store.base import Store

Row = dict[str, object]

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "assignment_rows",
    "matrix_rows",
    "matrix_table",
    "to_csv",
    "to_json",
]

ASSIGNMENT_COLUMNS = (
    "document",
    "section",
    "measure",
    "task",
    "role",
    "department",
    "mention",
    "basis",
    "open_ended",
    "source_line",
    "jurisdiction",  # GB/T 2260 code of the department's place ("" when unknown)
    "function",  # key of its function in data/reference/functions.csv ("" when none)
)


def assignment_rows(store: Store, queries: Path, expand: bool = False) -> list[Row]:
    """One row per department mention; with ``expand``, also the agencies categories reach."""
    rows = store.select(load_query(queries, "export/assignments")).records()
    return [
        {c: row[c] for c in ASSIGNMENT_COLUMNS}
        for row in rows
        if expand or row["basis"] != "category"
    ]


def matrix_table(store: Store, queries: Path) -> tuple[list[tuple[int, str]], list[list[str]]]:
    """Department × measure, cells L (lead), S (support) or L/S, busiest leads first: the
    measures (ordinal, label) in order, and rows of document, department and one cell each."""
    cells: dict[tuple[str, str], dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    titles: dict[int, str] = {}
    for row in store.select(load_query(queries, "export/matrix")).records():
        key = (str(row["document"]), str(row["department"]))
        measure = int(row["measure"])  # type: ignore[arg-type]
        titles.setdefault(measure, str(row["measure_label"]))
        cells[key][measure].add("L" if row["role"] == "lead" else "S")
    ordered = sorted(titles)

    def load(item: tuple[tuple[str, str], dict[int, set[str]]]) -> tuple[str, int, int, str]:
        (document, department), by_measure = item
        leads = sum("L" in r for r in by_measure.values())
        return (document, -leads, -len(by_measure), department)

    body = [
        [document, department, *["/".join(sorted(by_measure.get(m, set()))) for m in ordered]]
        for (document, department), by_measure in sorted(cells.items(), key=load)
    ]
    return [(m, titles[m]) for m in ordered], body


def matrix_rows(
    store: Store, queries: Path, titled: bool = True
) -> tuple[list[str], list[list[str]]]:
    """:func:`matrix_table` as a header and rows. Measure columns are titled with the measure's label
    (``（十六）提升信息化监管水平``), so a spreadsheet reads without the document beside it;
    ``titled=False`` gives bare ordinals."""
    measures, body = matrix_table(store, queries)
    header = ["document", "department", *[title if titled else str(n) for n, title in measures]]
    return header, body


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def to_csv(
    columns: list[str] | tuple[str, ...],
    rows: list[Row] | list[list[str]],
    raw: bool = False,
    excel: bool = False,
) -> str:
    """CSV with a header; a cell a spreadsheet would run as a formula is written as text
    (:func:`fengong.spreadsheet.text_cell`) unless ``raw``; ``excel``: a byte-order mark and
    CRLF line ends, so Excel reads the UTF-8 as UTF-8."""
    out = io.StringIO()
    if excel:
        out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
    writer.writerow([text_cell(str(c), raw) for c in columns])
    for row in rows:
        values = [row[c] for c in columns] if isinstance(row, dict) else row
        writer.writerow([text_cell(_text(v), raw) for v in values])
    return out.getvalue()


def to_json(rows: list[Row]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
