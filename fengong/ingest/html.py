"""Reading an HTML page into grid lines: block elements as paragraphs, tables with their
rowspan and colspan.

Government sites publish 分工表 as HTML tables whose merged cells are ``rowspan``/``colspan``;
the spans are read from the markup, never guessed from empty cells. The page is parsed with
the standard library's tokenizer: no network, no scripts, no entities beyond HTML's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from fengong.errors import Location, MalformedSourceError
from fengong.ingest.grid import GridCell, GridLine, cell_text, grid_source
from fengong.ingest.reader import SourceText, decode_source, read_bytes

__all__ = ["HTML", "read_html"]

HTML = "text/html"
_BLOCKS = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article",
    "header", "footer", "center", "blockquote", "pre", "hr", "table",
}  # fmt: skip
_SKIPPED = {"script", "style", "template", "noscript", "title"}  # not "head": HTML5 may
# leave </head> out, and the head holds no text besides the title
_PARAGRAPH = re.compile(r"<p>(.*?)</p>")  # how cell_text writes a cell's paragraphs
_MAX_SPAN = 1000  # a rowspan or colspan past this is a typo (HTML caps colspan at 1000)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)


def _span(value: str | None) -> int:
    try:
        return min(max(int(value or "1"), 1), _MAX_SPAN)
    except ValueError:
        return 1


@dataclass
class _Row:
    line: int
    cells: list[GridCell] = field(default_factory=list)


@dataclass
class _Table:
    """A table being read. Pages often wrap the content in layout tables: a table that holds
    another is read as paragraphs (its cells' text), and the inner table as the table."""

    number: int
    lines: list[GridLine] = field(default_factory=list)  # rows and nested tables, in order
    rows: set[int] = field(default_factory=set)  # indexes into lines of this table's own rows
    holds_table: bool = False
    row: _Row | None = None
    row_number: int = 0
    cell: list[list[str]] | None = None  # paragraphs of the open cell
    cell_span: tuple[int, int] = (1, 1)
    pending: dict[int, int] = field(default_factory=dict)  # column → rows a rowspan covers

    def fill_spans(self) -> None:
        """Cells covered by a rowspan from above, up to the first free column."""
        assert self.row is not None
        while self.pending.get(len(self.row.cells), 0) > 0:
            self.pending[len(self.row.cells)] -= 1
            self.row.cells.append(GridCell("", merged=True))

    def start_row(self, line: int) -> None:
        self.end_row()
        self.row_number += 1
        self.row = _Row(line)
        self.fill_spans()

    def start_cell(self, line: int, rows: int, columns: int) -> None:
        self.end_cell()
        if self.row is None:  # a cell without <tr>: HTML allows leaving it out
            self.start_row(line)
        self.cell = [[]]
        self.cell_span = (rows, columns)

    def end_cell(self) -> None:
        if self.cell is None or self.row is None:
            self.cell = None
            return
        text = cell_text("".join(p) for p in self.cell)
        rows, columns = self.cell_span
        for offset in range(columns):
            if rows > 1:
                self.pending[len(self.row.cells)] = rows - 1
            self.row.cells.append(GridCell(text if offset == 0 else ""))
        self.cell = None
        self.fill_spans()

    def end_row(self) -> None:
        self.end_cell()
        if self.row is None:
            return
        self.fill_spans()
        for column in sorted(self.pending):  # spans past the row's own last cell
            if column >= len(self.row.cells) and self.pending[column] > 0:
                while len(self.row.cells) < column:
                    self.row.cells.append(GridCell(""))
                self.pending[column] -= 1
                self.row.cells.append(GridCell("", merged=True))
        place = f"table {self.number}, row {self.row_number} (line {self.row.line})"
        self.rows.add(len(self.lines))
        self.lines.append(GridLine(tuple(self.row.cells), place, table_row=True))
        self.row = None

    def flush_cell_text(self) -> None:
        """The open cell's text so far, as a paragraph: a table is about to start inside it."""
        if self.cell is not None and self.row is not None:
            place = f"table {self.number}, row {self.row_number} (line {self.row.line})"
            for paragraph in self.cell:
                text = cell_text(["".join(paragraph)])
                if text:
                    self.lines.append(GridLine((GridCell(text),), place))
            self.cell = [[]]

    def close(self) -> list[GridLine]:
        self.end_row()
        if not self.holds_table:
            return self.lines
        out = []  # a layout table: its own rows become paragraphs, one per non-empty cell
        for index, line in enumerate(self.lines):
            if index in self.rows:
                out += [
                    GridLine((GridCell(paragraph),), line.place)
                    for c in line.cells
                    for paragraph in _PARAGRAPH.findall(c.text) or [c.text]
                    if paragraph
                ]
            else:
                out.append(line)
        return out


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[GridLine] = []
        self.text: list[str] = []  # the paragraph being read, outside tables
        self.text_line = 1
        self.skip = 0
        self.tables = 0
        self.stack: list[_Table] = []  # open tables, innermost last
        self.caption: list[str] | None = None  # a table's <caption>: its title, a paragraph
        self.lists: list[int] = []  # open <ol>s outside tables: the number of the next <li>

    @property
    def table(self) -> _Table | None:
        return self.stack[-1] if self.stack else None

    # paragraphs outside tables
    def flush(self) -> None:
        text = cell_text(["".join(self.text)])
        if text:
            self.lines.append(GridLine((GridCell(text),), f"line {self.text_line}"))
        self.text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skip += 1
            return
        attributes = dict(attrs)
        table = self.table
        if tag == "table":
            if table is None:
                self.flush()
            else:
                table.holds_table = True
                table.flush_cell_text()
            self.tables += 1
            self.stack.append(_Table(self.tables))
        elif table is not None and tag == "caption":
            self.caption = []
        elif table is not None and tag == "tr":
            table.start_row(self.getpos()[0])
        elif table is not None and tag in ("td", "th"):
            table.start_cell(
                self.getpos()[0], _span(attributes.get("rowspan")), _span(attributes.get("colspan"))
            )
        elif table is not None:
            if table.cell is not None and tag in _BLOCKS:
                table.cell.append([])
        elif tag == "ol":
            self.flush()
            start = attributes.get("start") or "1"
            self.lists.append(int(start) if start.isdigit() else 1)
        elif tag == "li" and self.lists:
            self.flush()  # the browser draws the number; the text does not hold it
            self.text_line = self.getpos()[0]
            self.text.append(f"{self.lists[-1]}．")
            self.lists[-1] += 1
        elif tag in _BLOCKS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip = max(self.skip - 1, 0)
            return
        table = self.table
        if tag == "table" and table is not None:
            self.stack.pop()
            (self.table.lines if self.table else self.lines).extend(table.close())
        elif table is not None and tag == "caption" and self.caption is not None:
            text = cell_text(["".join(self.caption)])
            if text:
                place = f"table {table.number}, caption (line {self.getpos()[0]})"
                table.lines.append(GridLine((GridCell(text),), place))
            self.caption = None
        elif table is not None and tag in ("td", "th"):
            table.end_cell()
        elif table is not None and tag == "tr":
            table.end_row()
        elif table is not None:
            if table.cell is not None and tag in _BLOCKS:
                table.cell.append([])
        elif tag == "ol" and self.lists:
            self.flush()
            self.lists.pop()
        elif tag in _BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        table = self.table
        if table is not None:
            if table.cell is not None:
                table.cell[-1].append(data)
            elif self.caption is not None:
                self.caption.append(data)
            return
        if not "".join(self.text).strip():
            self.text_line = self.getpos()[0]
        self.text.append(data)

    def close(self) -> None:
        super().close()
        while self.stack:  # tables left open at the end of the page
            table = self.stack.pop()
            (self.table.lines if self.table else self.lines).extend(table.close())
        self.flush()


def read_html(path: Path, name: str) -> SourceText:
    """The page's paragraphs and table rows in reading order."""
    return read_html_bytes(read_bytes(path, name), name)


def read_html_bytes(data: bytes, name: str, digest_of: bytes | None = None) -> SourceText:
    """:func:`read_html` on bytes already read (a web page saved by Word as .doc or .mht);
    the digest is ``digest_of``'s (the original file) when given."""
    declared = _CHARSET.search(data[:4096])
    if declared and declared.group(1).lower() in (b"gbk", b"gb2312", b"gb18030"):
        try:
            decoded = data.decode("gb18030")
        except UnicodeDecodeError as err:
            raise MalformedSourceError(
                f"declares charset {declared.group(1).decode()} but is not (byte offset "
                f"{err.start})",
                Location(name),
            ) from None
        encoding = "GB18030"
    else:
        text = decode_source(data, name)  # UTF-8, GB18030 or a byte-order mark
        decoded, encoding = "\n".join(text.lines), text.encoding
    reader = _Reader()
    reader.feed(decoded)
    reader.close()
    return grid_source(name, digest_of or data, reader.lines, HTML, encoding)
