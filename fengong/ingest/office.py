"""Reading Word (.docx) and Excel (.xlsx) files into grid lines, with their real merged cells.

Word marks a vertically merged cell with ``w:vMerge`` (``restart`` on the first cell,
continuation below) and a horizontal one with ``w:gridSpan``; Excel lists merged ranges. Both
are read from the file, never guessed from empty cells. Only the text is read: no macros, no
external links, no embedded objects.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from fengong.errors import Location, MalformedSourceError
from fengong.ingest.grid import GridCell, GridLine, cell_text, grid_source
from fengong.ingest.reader import SourceText, read_bytes
from fengong.ingest.word_numbering import Numbering

__all__ = ["DOCX", "XLSX", "read_docx", "read_docx_bytes", "read_xlsx", "read_xlsx_bytes"]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _package(data: bytes, name: str, kind: str) -> io.BytesIO:
    """A stream over the file's bytes, which must be a zip package."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise MalformedSourceError(
            f"not a {kind} file (an Office Open XML file is a zip archive)",
            Location(name),
        )
    return io.BytesIO(data)


def _paragraph_text(element: object, numbering: Numbering | None = None) -> str:
    """The visible text of a paragraph or cell: its number if Word draws one, text runs, tabs
    and breaks as spaces."""
    parts = [numbering.label(element)] if numbering is not None else []
    for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):  # type: ignore[attr-defined]
        parts.append(node.text or "" if node.tag == f"{_W}t" else " ")
    return "".join(parts)


def _docx_row(tr: object, table: int, row: int, numbering: Numbering) -> GridLine:
    cells: list[GridCell] = [GridCell("")] * tr.grid_before  # type: ignore[attr-defined]
    for tc in tr.tc_lst:  # type: ignore[attr-defined]
        merged = tc.vMerge == "continue"
        paragraphs = tc.iter(f"{_W}p")
        text = "" if merged else cell_text(_paragraph_text(p, numbering) for p in paragraphs)
        cells.append(GridCell(text, merged))
        cells += [GridCell("", merged)] * (tc.grid_span - 1)  # the span's other columns
    return GridLine(tuple(cells), f"table {table}, row {row}", table_row=True)


def read_docx(path: Path, name: str) -> SourceText:
    """Paragraphs and table rows of the document body, in reading order."""
    return read_docx_bytes(read_bytes(path, name), name)


def read_docx_bytes(data: bytes, name: str) -> SourceText:
    """:func:`read_docx` on bytes already read (a converted .doc)."""
    import docx  # deferred: python-docx loads lxml, which plain-text builds never need

    stream = _package(data, name, "Word")
    try:
        document = docx.Document(stream)
        body = document.element.body
        try:
            numbering = Numbering(document.part.numbering_part.element, document.styles.element)
        except (KeyError, NotImplementedError):  # a document without numbering.xml
            numbering = Numbering(None)
    except Exception as err:  # python-docx raises KeyError, ValueError, lxml errors...
        raise MalformedSourceError(f"not a readable Word file: {err}", Location(name)) from None
    lines: list[GridLine] = []
    paragraphs = tables = 0
    for block in body.iterchildren():
        if block.tag == f"{_W}p":
            paragraphs += 1
            text = _paragraph_text(block, numbering)
            lines.append(GridLine((GridCell(text),), f"paragraph {paragraphs}"))
        elif block.tag == f"{_W}tbl":
            tables += 1
            for row, tr in enumerate(block.tr_lst, start=1):
                lines.append(_docx_row(tr, tables, row, numbering))
    return grid_source(name, data, lines, DOCX)


def _sheet_lines(sheet: object) -> list[GridLine]:
    """One sheet's rows, merged ranges written once in their top left cell. The table runs
    from the first to the last row with a value past column A (or a merge across columns);
    the rows above and below are paragraphs."""
    below: set[tuple[int, int]] = set()  # cells inside a merged range, under its first row
    spanned: set[tuple[int, int]] = set()  # cells inside a merged range, right of its first column
    wide_rows: set[int] = set()  # rows crossed by a merge of several columns: table rows
    for merge in sheet.merged_cells.ranges:  # type: ignore[attr-defined]
        for row in range(merge.min_row, merge.max_row + 1):
            for column in range(merge.min_col, merge.max_col + 1):
                if row > merge.min_row:
                    below.add((row, column))
                elif column > merge.min_col:
                    spanned.add((row, column))
            if merge.max_col > merge.min_col:
                wide_rows.add(row)
    lines = []
    title = sheet.title  # type: ignore[attr-defined]
    for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row):  # type: ignore[attr-defined]
        cells = []
        for cell in row:
            at = (cell.row, cell.column)
            value = "" if at in below or at in spanned or cell.value is None else cell.value
            cells.append(GridCell(cell_text(str(value).splitlines()), at in below))
        number = row[0].row if row else len(lines) + 1
        filled = [c for c in cells if c.text or c.merged]
        table_row = number in wide_rows or len(filled) > 1 or any(c.text for c in cells[1:])
        lines.append(GridLine(tuple(cells), f"sheet {title}, row {number}", table_row))
    wide = [i for i, line in enumerate(lines) if line.table_row]
    if wide:  # a section row written in column A alone is still inside the table
        for i in range(wide[0], wide[-1] + 1):
            lines[i] = GridLine(lines[i].cells, lines[i].place, table_row=True)
    return lines


def read_xlsx(path: Path, name: str) -> SourceText:
    """Every sheet with content, in order: a cover sheet reads as paragraphs, and a table
    continued on a second sheet continues (its repeated header rows are skipped)."""
    return read_xlsx_bytes(read_bytes(path, name), name)


def read_xlsx_bytes(data: bytes, name: str) -> SourceText:
    """:func:`read_xlsx` on bytes already read (a converted .xls)."""
    import openpyxl

    stream = _package(data, name, "Excel")
    try:
        book = openpyxl.load_workbook(stream, data_only=True, read_only=False)
    except Exception as err:  # openpyxl raises many kinds for a broken package
        raise MalformedSourceError(f"not a readable Excel file: {err}", Location(name)) from None
    sheets = [ws for ws in book.worksheets if ws.max_row > 1 or ws["A1"].value]
    if not sheets:
        raise MalformedSourceError("the workbook has no sheet with content", Location(name))
    return grid_source(name, data, [line for ws in sheets for line in _sheet_lines(ws)], XLSX)
