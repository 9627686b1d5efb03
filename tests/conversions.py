"""The seed re-published as Word, Excel and HTML, with real merged cells, for the layout tests.

The conversion reads the seed's text lines directly (not through the parser under test): the
head and the 注 become paragraphs, table rows become rows, and an empty cell becomes part of
the merged cell above it where the original table had one. Which empty cells were merges is
decided here from the text, by the reading a person gives the export: the measure column
continues its measure; a lead cell is never empty, so an empty one is merged with the row
above; an empty support cell is merged only when the whole row's departments are empty (a row
with its own lead and no support has no support). Merges stop at a measure's end and at
section rows. The header's 工作部门 spans the lead and support columns.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

_MARKUP = re.compile(r"</?p\s*>")
_MEASURE = re.compile(r"^\s*[(（][一二三四五六七八九十]+[)）]")


@dataclass
class Cell:
    text: str
    rows: int = 1  # rowspan
    columns: int = 1  # colspan
    covered: bool = False  # inside another cell's span


def _plain(cell: str) -> str:
    return _MARKUP.sub("", cell).strip()


def seed_parts(text: str) -> tuple[list[str], list[list[Cell]], list[str]]:
    """Head paragraphs, table rows (a grid of cells with spans) and the paragraphs after."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("本区实施意见\t"))
    end = next(i for i, line in enumerate(lines) if line.strip().rstrip("：:") == "注")
    head = [_plain(line) for line in lines[:start] if line.strip()]
    after = [_plain(line) for line in lines[end:] if line.strip()]
    grid: list[list[Cell]] = []
    open_cells: dict[int, Cell] = {}  # column → the cell a merge would extend
    for line in lines[start:end]:
        if not line.strip():
            continue
        cells = [_plain(c) for c in line.split("\t")]
        row: list[Cell] = []
        if cells[0] == "本区实施意见":  # first header row: 本区实施意见 | 细化措施 | 工作部门 (2)
            row = [Cell(cells[0], rows=2), Cell(cells[1], rows=2), Cell(cells[2], columns=2)]
            row.append(Cell("", covered=True))
            open_cells = {}
        elif cells[2] == "牵头部门":
            row = [Cell("", covered=True), Cell("", covered=True), Cell(cells[2]), Cell(cells[3])]
        elif not any(cells[1:]):  # a section row spans the table
            row = [Cell(cells[0], columns=4)] + [Cell("", covered=True) for _ in range(3)]
            open_cells = {}
        else:
            if _MEASURE.match(cells[0]):
                open_cells = {}
            both_empty = not cells[2] and not cells[3]
            for column, value in enumerate(cells):
                merges = not value and (column == 0 or column == 2 or (column == 3 and both_empty))
                if merges and column in open_cells:
                    open_cells[column].rows += 1
                    row.append(Cell("", covered=True))
                else:
                    cell = Cell(value)
                    row.append(cell)
                    open_cells[column] = cell
                    if not value and column == 3:
                        open_cells.pop(column)  # an empty support cell ends the block
        grid.append(row)
    return head, grid, after


def to_docx(text: str, path: Path) -> None:
    import docx

    head, grid, after = seed_parts(text)
    document = docx.Document()
    for paragraph in head:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=len(grid), cols=4)
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if not cell.covered:
                table.cell(r, c).text = cell.text
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if not cell.covered and (cell.rows > 1 or cell.columns > 1):
                table.cell(r, c).merge(table.cell(r + cell.rows - 1, c + cell.columns - 1))
    for paragraph in after:
        document.add_paragraph(paragraph)
    document.save(str(path))


def to_xlsx(text: str, path: Path) -> None:
    import openpyxl

    head, grid, after = seed_parts(text)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "分工表"
    for r, paragraph in enumerate(head, start=1):
        sheet.cell(r, 1, paragraph)
    top = len(head) + 1
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if not cell.covered:
                sheet.cell(top + r, c + 1, cell.text or None)
                if cell.rows > 1 or cell.columns > 1:
                    sheet.merge_cells(
                        start_row=top + r,
                        start_column=c + 1,
                        end_row=top + r + cell.rows - 1,
                        end_column=c + cell.columns,
                    )
    for r, paragraph in enumerate(after, start=top + len(grid)):
        sheet.cell(r, 1, paragraph)
    book.save(path)


def to_html(text: str, path: Path) -> None:
    head, grid, after = seed_parts(text)
    out = ['<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8"><title>分工表</title>']
    out.append("<style>td{border:1px solid}</style></head><body>")
    out += [f"<p>{html.escape(p)}</p>" for p in head]
    out.append("<table>")
    for row in grid:
        out.append("<tr>")
        for cell in row:
            if cell.covered:
                continue
            spans = (f' rowspan="{cell.rows}"' if cell.rows > 1 else "") + (
                f' colspan="{cell.columns}"' if cell.columns > 1 else ""
            )
            out.append(f"  <td{spans}>{html.escape(cell.text)}</td>")
        out.append("</tr>")
    out.append("</table>")
    out += [f"<p>{html.escape(p)}</p>" for p in after]
    out.append("</body></html>\n")
    path.write_text("\n".join(out), encoding="utf-8")
