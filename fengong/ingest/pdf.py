"""Reading a PDF's text layer into grid lines: ruled tables as cells with their spans, running
text as paragraphs in reading order, page furniture removed.

A PDF has no tables, only characters and lines drawn at positions. pdfplumber (on pdfminer.six)
finds the cells a table's ruling lines enclose; a cell spanning several of the grid's rows or
columns *is* the merged cell, so the merge comes from the drawing, never from emptiness. What
the drawing cannot say is said as a warning at its place:

* a table continued on the next page is one table (same columns, nothing but a 续表 line or a
  repeated header between); its repeated header rows are skipped;
* a row broken over the page break (its text cut mid-sentence, no number of its own) is one
  row; an empty cell at the top of a continued page, under a filled one, is read as the merged
  cell going on (Word draws both the same way);
* a table drawn without ruling lines is read by the alignment of its text under a header row
  that names the columns (序号, 牵头单位 …), rows starting where the first column starts;
  its empty cells are read as a text export's are (continuing the cell above).

Page numbers (— 3 —, 第3页 共10页, 3/10) and running headers or footers repeated on the pages
are removed. A page without any text (a scan) is reported by number; a file of scans only is an
error: OCR is out of scope. Provenance is the page, the table and its row (``page 3, table 1,
row 7``) or the page and line of a paragraph.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import statistics
import subprocess
import sys
import tempfile
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path

from fengong.confine import child_limits
from fengong.errors import Location, MalformedSourceError
from fengong.ingest.cells import AGENCY_END
from fengong.ingest.columns import is_header_row
from fengong.ingest.grid import GridCell, GridLine, cell_text, grid_source
from fengong.ingest.radicals import ideographs
from fengong.ingest.reader import SourceText, read_bytes

__all__ = ["MAX_PAGES", "PDF", "REFUSED", "TOO_BIG", "pdf_source", "read_pdf", "to_json"]

PDF = "application/pdf"
#: More pages than any division table has (the longest seen: 60); a file with more is refused
#: before its pages are read (a 10,000-page PDF is an attack or a mistake, not a table).
MAX_PAGES = 2000

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－─_·•\s]*\d{1,4}[-—–－─_·•\s]*"  # — 3 —, -3-, ·3·, 3
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"  # 第3页 共10页
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"  # 3/10
    r"|(?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$"
)
_NAME_START = re.compile(r"^(?:各|[区市县省]|中共)")  # how a department's name begins
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_CONTINUED = re.compile(r"^[(（]?续(?:表|上表)[)）]?\s*\d*[:：]?$")
_SENTENCE_END = "。；;！!？?」』”）)】"
#: An item's number at the start of a line or cell: 1. 1、 （一） (1) 一、, or a number alone
#: (a 序号 cell); not a figure (7.5%左右, 2022年).
_ITEM_START = re.compile(
    r"^\s*(?:\d{1,3}(?:[.．、](?!\d)|\s*$)|[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)"
)
_CELL_GAP = 1.5  # characters of space that separate two cells on a line of a table without rules
_GAP = 2.0  # points: edges closer than this are one grid line
_MARGIN = 0.12  # share of the page height at top and bottom where furniture sits


@dataclass
class _Line:
    """A visual line of running text."""

    page: int
    number: int  # 1-based among the page's lines outside tables
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    text: str
    pieces: list[tuple[float, float, str]]  # runs of text more than 1.5 characters apart
    glyphs: list[tuple[float, float, str]]  # each character: x0, x1, text


@dataclass
class _Row:
    page: int
    row: int  # 1-based in the table as printed on its page
    top: float
    cells: list[GridCell]  # each with its visual lines (a row broken over a page joins them)
    place: str = ""


@dataclass
class _Table:
    page: int
    top: float
    bottom: float
    edges: tuple[float, ...]  # column boundaries
    rows: list[_Row] = field(default_factory=list)
    ruled: bool = True


#: The reading process's limits: a decompression bomb or a page that never ends stops there
#: with an error, not in the build.
SECONDS = float(os.environ.get("FENGONG_PDF_SECONDS", "300"))
MEMORY = int(os.environ.get("FENGONG_PDF_MEMORY", str(3 << 30)))  # bytes of address space


def read_pdf(path: Path, name: str) -> SourceText:
    """Read a PDF file in a child process under a time and memory cap (see :func:`pdf_source`):
    pdfminer inflates every stream it reads whole, so a small file can ask for gigabytes."""
    data = read_bytes(path, name)
    try:
        done = subprocess.run(
            # -I: no current folder, PYTHONPATH or user site on the path; fixed folder, UTF-8
            [sys.executable, "-I", "-m", "fengong.ingest.pdf_worker", name],
            input=data,
            cwd=tempfile.gettempdir(),
            env={**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUTF8": "1"},
            capture_output=True,
            timeout=SECONDS,
            preexec_fn=child_limits(MEMORY, SECONDS),
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise MalformedSourceError(
            f"reading the PDF took more than {SECONDS:.0f} s: stopped", Location(name)
        ) from None
    if done.returncode == 0:
        return _from_json(json.loads(done.stdout.decode("utf-8")), data)
    said = done.stderr.decode("utf-8", "replace").strip().splitlines()
    if done.returncode == REFUSED and said:
        raise MalformedSourceError(said[-1], Location(name))
    if done.returncode == TOO_BIG or (said and "MemoryError" in said[-1]):
        raise MalformedSourceError(
            f"reading the PDF needs more than {MEMORY >> 20} MiB (a decompression bomb?): stopped",
            Location(name),
        )
    reason = f"signal {-done.returncode}" if done.returncode < 0 else f"exit {done.returncode}"
    raise MalformedSourceError(
        f"the PDF reader stopped ({reason}{': ' + said[-1][:200] if said else ''})",
        Location(name),
    )


REFUSED, TOO_BIG = 3, 4  # the worker's exit codes


def to_json(source: SourceText) -> str:
    return json.dumps(
        {
            "lines": source.lines,
            "places": source.places,
            "merged": None if source.merged is None else sorted(source.merged),
            "notes": source.notes,
            "cell_lines": source.cell_lines,
        },
        ensure_ascii=False,
    )


def _from_json(value: dict, data: bytes) -> SourceText:  # type: ignore[type-arg]
    merged = value["merged"]
    return SourceText(
        value.get("name", ""),
        hashlib.sha256(data).hexdigest(),
        tuple(value["lines"]),
        "UTF-8",
        PDF,
        tuple(value["places"]),
        None if merged is None else frozenset((int(a), int(b)) for a, b in merged),
        tuple(value["notes"]),
        tuple((int(a), int(b), tuple(map(str, c))) for a, b, c in value.get("cell_lines", ())),
    )


def _open(data: bytes, name: str) -> object:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    head = data[:1024]
    if b"%PDF-" not in head:
        raise MalformedSourceError(
            f"not a PDF file (no %PDF- header; it starts with {data[:8]!r})", Location(name)
        )
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        len(pdf.pages)  # the page tree is read here: a broken or locked file fails now
        return pdf
    except Exception as err:  # pdfplumber wraps pdfminer's errors in PdfminerException
        cause = err.args[0] if err.args and isinstance(err.args[0], Exception) else err
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise MalformedSourceError(
                "the PDF is encrypted with a password (or an encryption pdfminer cannot read): "
                f"open it with its password and save an unprotected copy ({type(cause).__name__})",
                Location(name),
            ) from None
        raise MalformedSourceError(
            f"not a readable PDF ({type(cause).__name__}: {str(cause)[:200]})", Location(name)
        ) from None


def pdf_source(data: bytes, name: str, max_pages: int = MAX_PAGES) -> SourceText:
    """The document's paragraphs and table rows, in reading order, with their pages."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # a font's missing box, each char
    pdf = _open(data, name)
    try:
        pages = pdf.pages  # type: ignore[attr-defined]
        count = len(pages)
        if count > max_pages:
            raise MalformedSourceError(
                f"{count} pages: more than the {max_pages} a division table could have; "
                "split the file or raise the limit",
                Location(name),
            )
        lines, tables, scanned, blank, unmapped = [], [], [], [], []
        radicals: list[int] = []  # a page, once per character read from a radical
        sideways: list[tuple[int, int]] = []  # (page, characters) of text set sideways
        for number, page in enumerate(pages, start=1):
            try:
                page_lines, page_tables = _read_page(
                    page.dedupe_chars(), number, radicals, sideways
                )
            except MalformedSourceError:
                raise
            except MemoryError:
                raise
            except Exception as err:  # a broken content stream on one page
                if "allocate" in str(err) or isinstance(err.__cause__, MemoryError):
                    raise MemoryError from None  # zlib's, wrapped by pdfplumber
                raise MalformedSourceError(
                    f"page {number} cannot be read ({type(err).__name__}: {str(err)[:200]})",
                    Location(name),
                ) from None
            if page_lines is None:  # characters without a map to Unicode
                unmapped.append(number)
                page_lines, page_tables = [], []
            elif not page_lines and not page_tables:
                (scanned if page.images else blank).append(number)
            lines += page_lines
            tables += page_tables
            page.close()
    finally:
        pdf.close()  # type: ignore[attr-defined]
    if not lines and not tables and unmapped:
        raise MalformedSourceError(
            f"the text of {_pages(unmapped)} cannot be read: its fonts map their "
            "characters to no Unicode text (no ToUnicode map), so one character cannot be told "
            "from another; export the PDF again from its source with fonts embedded",
            Location(name),
        )
    if not lines and not tables:
        said = (
            f"{_pages(scanned)} {'is an image' if len(scanned) == 1 else 'are images'} only (a scan?)"
            if scanned
            else "no text"
        )
        raise MalformedSourceError(
            f"no text layer to read on any of its {count} pages: {said}. fengong reads the "
            "text of a PDF, not its images (no OCR): find the text version of the document, "
            "or convert the scan with an OCR program first",
            Location(name),
        )
    notes: list[str] = []
    if unmapped:
        notes.append(f"{_pages(unmapped)}: fonts without a map to Unicode text, not read")
    if scanned:
        notes.append(f"{_pages(scanned)}: no text, only images (scanned?): not read (no OCR)")
    if sideways:
        pages = [page for page, _ in sideways]
        notes.append(
            f"{_pages(pages)}: {sum(n for _, n in sideways)} characters set sideways (rotated "
            "text, not a rotated page): not read"
        )
    if radicals:
        notes.append(
            f"{_pages(sorted(set(radicals)))}: {len(radicals)} "
            f"character{'s' if len(radicals) > 1 else ''} that the fonts map to radicals "
            "(⼯ for 工, ⻓ for 长) read as the ideographs they show"
        )
    furniture = _furniture(lines)
    body = [line for line in lines if id(line) not in furniture]
    body, aligned_tables = _without_rules(body, tables, count)
    tables += aligned_tables
    grid, more = _assemble(body, tables)
    notes += more
    source = grid_source(name, data, grid, PDF)
    if all(not t.ruled for t in tables):  # no ruling lines at all: the file does not say which
        source = replace(source, merged=None)  # cells are merged; read it as a text export
    return replace(source, notes=tuple(notes))


def _pages(numbers: Sequence[int]) -> str:
    """``page 3`` or ``pages 1–3, 5``."""
    return ("page " if len(numbers) == 1 else "pages ") + _ranges(numbers)


def _ranges(numbers: Sequence[int]) -> str:
    """``1–3, 5``: page numbers as a person writes them."""
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}" if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)


# -- one page ---------------------------------------------------------------------------------


def _read_page(
    page: object,
    number: int,
    radicals: list[int] | None = None,
    sideways: list[tuple[int, int]] | None = None,
) -> tuple[list[_Line] | None, list[_Table]]:
    """The page's lines outside ruled tables, and its ruled tables; None for the lines when
    its characters have no Unicode (pdfminer writes them as ``(cid:123)``)."""
    sideways_here = [c for c in page.chars if not c.get("upright", True) and c["text"].strip()]  # type: ignore[attr-defined]
    if sideways is not None and sideways_here:
        sideways.append((number, len(sideways_here)))
    chars = [c for c in page.chars if c.get("upright", True)]  # type: ignore[attr-defined]
    inked = [c for c in chars if c["text"].strip()]
    if not inked:
        return [], []
    if 2 * sum(c["text"].startswith("(cid:") for c in inked) > len(inked):
        return None, []
    chars = [c for c in chars if not c["text"].startswith("(cid:")]
    for c in chars:  # a font that maps 工 to the radical ⼯: the ideograph it stands for
        if any("\u2e80" <= ch <= "\u2fdf" for ch in c["text"]):
            read = ideographs(c["text"])
            if radicals is not None:
                radicals += [number] * sum(a != b for a, b in zip(c["text"], read, strict=False))
            c["text"] = read
    found = page.find_tables()  # type: ignore[attr-defined]  # ruling lines (the default strategy)
    tables: list[_Table] = []
    inside: set[int] = set()
    kept: list[tuple[float, float, float, float]] = []
    for table in sorted(found, key=lambda t: (t.bbox[1], t.bbox[0])):
        if any(_inside(table.bbox, box) for box in kept):
            continue  # a table drawn inside a cell of another: its text is that cell's
        grid = _ruled_table(table, chars, number)
        if grid is None:
            continue
        x0, top, x1, bottom = table.bbox
        kept.append(table.bbox)
        inside.update(
            i
            for i, c in enumerate(chars)
            if x0 - 1 <= _cx(c) <= x1 + 1 and top - 1 <= _cy(c) <= bottom + 1
        )
        tables.append(grid)
    outside = [c for i, c in enumerate(chars) if i not in inside]
    return _visual_lines(outside, number), tables


def _without_rules(
    lines: list[_Line], tables: list[_Table], pages: int
) -> tuple[list[_Line], list[_Table]]:
    """Tables without ruling lines, found in the running text of the pages that have no ruled
    table (page furniture already removed); one that ends its page goes on at the top of the
    next in the same columns."""
    ruled = {t.page for t in tables}
    by_page: dict[int, list[_Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    kept: list[_Line] = []
    found: list[_Table] = []
    carry: tuple[float, ...] | None = None
    for number in range(1, pages + 1):
        page_lines = by_page.get(number, [])
        aligned = None
        if number not in ruled and page_lines:
            if carry is not None:
                aligned = _aligned_continuation(page_lines, carry, number)
            if aligned is None:
                aligned = _aligned_table(page_lines, number)
        carry = None
        if aligned is not None:
            table, used = aligned
            page_lines = [line for line in page_lines if id(line) not in used]
            found.append(table)
            if all(line.top < table.bottom for line in page_lines):
                carry = table.edges  # nothing under it: it may go on
        kept += page_lines
    return kept, found


def _inside(
    box: tuple[float, float, float, float], outer: tuple[float, float, float, float]
) -> bool:
    return (
        box[0] >= outer[0] - 1
        and box[1] >= outer[1] - 1
        and box[2] <= outer[2] + 1
        and box[3] <= outer[3] + 1
    )


def _cx(c: dict) -> float:  # type: ignore[type-arg]
    return (c["x0"] + c["x1"]) / 2


def _cy(c: dict) -> float:  # type: ignore[type-arg]
    return (c["top"] + c["bottom"]) / 2


def _boundaries(values: Iterable[float]) -> list[float]:
    """Positions closer than ``_GAP`` merged into one (their mean)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] < _GAP:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _index(edges: Sequence[float], value: float) -> int:
    """The boundary nearest ``value``."""
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


_Visual = tuple[
    float,
    float,
    float,
    float,
    float,
    str,
    list[tuple[float, float, str]],
    list[tuple[float, float, str]],
]


def _text_lines(chars: list[dict]) -> list[_Visual]:  # type: ignore[type-arg]
    """Characters grouped into visual lines, top to bottom, each left to right: (top, bottom,
    x0, x1, size, text, pieces). A gap wider than half a character is a space; one wider than
    ``_CELL_GAP`` characters separates two pieces (the cells of a table without rules)."""
    out: list[_Visual] = []
    rows: list[list[dict]] = []  # type: ignore[type-arg]
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if rows:
            last = rows[-1]
            top = min(x["top"] for x in last)
            bottom = max(x["bottom"] for x in last)
            if _cy(c) < bottom and c["top"] < (top + bottom) / 2 + (bottom - top) * 0.25:
                last.append(c)
                continue
        rows.append([c])
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        ink = [c for c in row if c["text"].strip()]
        if not ink:
            continue
        size = statistics.median(c["size"] for c in ink) or 1.0
        pieces = [[ink[0]["x0"], ink[0]["x1"], ink[0]["text"]]]
        text, space = "", False
        for c in row:
            if not c["text"].strip():
                space = bool(text)
                continue
            gap = c["x0"] - pieces[-1][1] if text else 0.0
            if text and gap > size * _CELL_GAP:
                pieces.append([c["x0"], c["x1"], c["text"]])
            elif text:
                pieces[-1][1] = c["x1"]
                pieces[-1][2] += (" " if space or gap > size * 0.5 else "") + c["text"]
            text += (" " if space or gap > size * 0.5 else "") + c["text"]
            space = False
        row = ink
        out.append(
            (
                min(c["top"] for c in row),
                max(c["bottom"] for c in row),
                row[0]["x0"],
                row[-1]["x1"],
                size,
                text,
                [(a, b, t) for a, b, t in pieces],
                [(c["x0"], c["x1"], c["text"]) for c in row],
            )
        )
    return out


def _joined(lines: Sequence[str]) -> str:
    """A cell's visual lines as its text: Chinese wraps without a space, Latin words with one."""
    text = ""
    for line in lines:
        line = line.strip()
        if text and line and text[-1].isascii() and text[-1].isalnum() and line[0].isascii():
            text += " "
        text += line
    return text


def _runs_to_edge(lines: list[_Visual], box: tuple[float, float, float, float]) -> bool:
    """Whether the cell's last line runs to the edge its other lines reach (a single line: the
    cell's side less the padding its text keeps on the left), within a character and a half:
    its text may go on past the page's end."""
    if not lines:
        return False
    last = max(lines, key=lambda line: line[0])
    if len(lines) > 1:  # the edge its wrapped lines reach: their median end (a comma kept
        # off a line's start leaves a line one character short, a hanging ” one long)
        edge = statistics.median(line[3] for line in lines if line is not last)
    else:
        edge = box[2] - max(0.0, last[2] - box[0])  # right side less the left padding
    return last[3] >= edge - 1.5 * last[4]


def _cell_text(lines: list[_Visual], box: tuple[float, float, float, float] | None = None) -> str:
    """A cell's paragraphs: a line ending well short of the cell's text edge (two characters
    or more) ends its paragraph; the others wrap. Chinese text is justified to the edge, and
    a line pushed short by a punctuation mark is one character short. The edge is where the
    longest line ends; when even that one stops two characters short of the cell's side (less
    the padding its text keeps on the left), no line wraps: names on lines of their own in a
    wide cell are so many paragraphs."""
    right = max((line[3] for line in lines), default=0.0)
    if box is not None and lines:  # no line reaches the edge: each line is a paragraph
        padding = max(0.0, min(line[2] for line in lines) - box[0])
        size = statistics.median(line[4] for line in lines)
        if right < box[2] - padding - 2 * size:
            right = box[2] - padding
    paragraphs: list[list[str]] = [[]]
    for k, (_top, _bottom, _x0, x1, size, text, _pieces, _glyphs) in enumerate(lines):
        paragraphs[-1].append(text)
        after = lines[k + 1][5] if k + 1 < len(lines) else ""
        # a name ending a line and a name starting the next: two names, even at the edge
        last = re.split(r"[、，,；;\s]", text.rstrip())[-1]  # the line's last name, whole
        names = len(last) >= 3 and AGENCY_END.search(last) and _NAME_START.match(after)
        if x1 < right - 1.8 * size or names:
            paragraphs.append([])
    return cell_text(_joined(p) for p in paragraphs if p)


def _ruled_table(table: object, chars: list[dict], page: int) -> _Table | None:  # type: ignore[type-arg]
    cells = table.cells  # type: ignore[attr-defined]
    if len(cells) < 2:
        return None
    xs = _boundaries([c[0] for c in cells] + [c[2] for c in cells])
    ys = _boundaries([c[1] for c in cells] + [c[3] for c in cells])
    width, height = len(xs) - 1, len(ys) - 1
    if width < 2 or height < 1:
        return None  # a box around a paragraph, not a table
    owner: dict[tuple[int, int], int] = {}
    spans = []
    for k, (x0, top, x1, bottom) in enumerate(cells):
        c0, c1, r0, r1 = _index(xs, x0), _index(xs, x1), _index(ys, top), _index(ys, bottom)
        if c1 <= c0 or r1 <= r0:
            continue
        spans.append((k, r0, r1, c0, c1))
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner.setdefault((r, c), k)
    contents: dict[int, list[dict]] = {}  # type: ignore[type-arg]
    for ch in chars:
        x, y = _cx(ch), _cy(ch)
        if not (xs[0] <= x <= xs[-1] and ys[0] <= y <= ys[-1]):
            continue
        c = min(bisect_right(xs, x) - 1, width - 1)
        r = min(bisect_right(ys, y) - 1, height - 1)
        k = owner.get((r, c))
        if k is not None:
            contents.setdefault(k, []).append(ch)
    grid: list[list[GridCell | None]] = [[None] * width for _ in range(height)]
    for k, r0, r1, c0, c1 in spans:
        if grid[r0][c0] is not None:
            continue
        visual = _text_lines(contents.get(k, []))
        grid[r0][c0] = GridCell(
            _cell_text(visual, cells[k]),
            lines=tuple(v[5] for v in visual),
            full=_runs_to_edge(visual, cells[k]),
        )
        for r in range(r0, r1):
            for c in range(c0, c1):
                if (r, c) != (r0, c0) and grid[r][c] is None:
                    grid[r][c] = GridCell("", merged=r > r0)
    out = _Table(page, ys[0], ys[-1], tuple(xs))
    for r, row in enumerate(grid):
        out.rows.append(
            _Row(page, r + 1, ys[r], [c if c is not None else GridCell("") for c in row])
        )
    return out


def _visual_lines(chars: list[dict], page: int) -> list[_Line]:  # type: ignore[type-arg]
    return [_Line(page, n, *visual) for n, visual in enumerate(_text_lines(chars), start=1)]


# -- a table drawn without ruling lines ------------------------------------------------------


def _gutters(lines: Sequence[_Line], size: float) -> list[tuple[float, float]]:
    """The x-intervals no character of ``lines`` covers, wider than half a character, between
    the leftmost and rightmost character."""
    spans = sorted((x0, x1) for line in lines for x0, x1, _ in line.glyphs)
    out = []
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach > size * 0.5:
            out.append((reach, x0))
        reach = max(reach, x1)
    return out


def _aligned_table(lines: list[_Line], page: int) -> tuple[_Table, set[int]] | None:
    """A table without rules: a header line naming the columns, then the lines under it as far
    as the white gutters between the columns run. A row starts where the first column starts
    an item (1, （一）, 一、) or after a gap wider than the lines' spacing."""
    for h, header in enumerate(lines):
        if len(header.pieces) < 2 or not is_header_row([c[2] for c in header.pieces]):
            continue
        wanted = len(header.pieces) - 1
        below = h + 1
        while below < len(lines) and is_header_row([c[2] for c in lines[below].pieces]):
            wanted = max(wanted, len(lines[below].pieces) - 1)
            below += 1
        end = below
        while end < len(lines) and not _CONTINUED.match(lines[end].text.strip()):
            if len(_gutters(lines[h : end + 1], header.size)) < wanted:
                break
            end += 1
        region = lines[h:end]
        gutters = _gutters(region, header.size)
        if end - below < 1 or len(gutters) < 1:
            continue
        edges = [min(line.x0 for line in region) - 1]
        edges += [(a + b) / 2 for a, b in gutters]
        edges.append(max(line.x1 for line in region) + 1)
        table = _aligned_rows(region, tuple(edges), below - h, page)
        return table, {id(line) for line in region}
    return None


def _column_text(lines: list[tuple[str, float, float]], right: float) -> str:
    """A cell of a table without rules: a line ending two characters or more short of where
    its column's text reaches ends a paragraph (so 区应急局 / 区公安分局 on two lines stay two
    names); the others wrap."""
    paragraphs: list[list[str]] = [[]]
    for text, x1, size in lines:
        paragraphs[-1].append(text)
        if x1 < right - 1.8 * size:
            paragraphs.append([])
    return cell_text(_joined(p) for p in paragraphs if p)


def _crosses(line: _Line, edges: Sequence[float]) -> bool:
    """Whether a character of ``line`` straddles a column boundary (a paragraph, not a row)."""
    inner = edges[1:-1]
    return any(x0 < edge - 1 and x1 > edge + 1 for x0, x1, _ in line.glyphs for edge in inner)


def _aligned_continuation(
    lines: list[_Line], edges: tuple[float, ...], page: int
) -> tuple[_Table, set[int]] | None:
    """The top of a page going on with the table without rules that ended the page before:
    the lines that keep to its columns, from the top, until one crosses them."""
    region: list[_Line] = []
    for line in lines:
        if (
            _crosses(line, edges)
            or _CONTINUED.match(line.text.strip())
            or line.text.startswith("注")
        ):
            if region or not _CONTINUED.match(line.text.strip()):
                break
            continue
        region.append(line)
    if not region:
        return None
    return _aligned_rows(region, edges, 0, page), {id(line) for line in region}


def _aligned_rows(region: list[_Line], edges: tuple[float, ...], headers: int, page: int) -> _Table:
    """The rows of a table without rules: each character in the column its centre falls in;
    a row starts where the first column starts an item (1, （一）, 一、) or after a gap wider
    than the lines' spacing. The first ``headers`` lines are header rows."""
    table = _Table(page, region[0].top, region[-1].bottom, edges, ruled=False)
    pitch = statistics.median(
        [b.top - a.top for a, b in pairwise(region[max(headers - 1, 0) :])] or [0.0]
    )
    rows: list[tuple[_Line, list[list[tuple[str, float, float]]]]] = []
    right = [0.0] * (len(edges) - 1)  # where each column's text reaches, its widest line
    previous: _Line | None = None
    for k, line in enumerate(region):
        placed: list[list[tuple[float, float, str]]] = [[] for _ in edges[1:]]
        for x0, x1, text in line.glyphs:
            c = min(max(0, bisect_right(edges, (x0 + x1) / 2) - 1), len(placed) - 1)
            placed[c].append((x0, x1, text))
        texts = [
            ("".join(g[2] for g in p).strip(), max((g[1] for g in p), default=0.0), line.size)
            for p in placed
        ]
        right = [max(r, t[1]) for r, t in zip(right, texts, strict=True)]
        gap = previous is not None and line.top - previous.top > 1.6 * pitch > 0
        if k <= headers or gap or _ITEM_START.match(texts[0][0]):
            rows.append((line, [[t] if t[0] else [] for t in texts]))
        else:
            for c, t in enumerate(texts):
                if t[0]:
                    rows[-1][1][c].append(t)
        previous = line
    for number, (line, columns) in enumerate(rows, start=1):
        cells = [
            GridCell(
                _column_text(t, right[c]),
                lines=tuple(x[0] for x in t),
                full=bool(t) and t[-1][1] >= right[c] - 1.5 * t[-1][2],
            )
            for c, t in enumerate(columns)
        ]
        table.rows.append(_Row(page, number, line.top, cells))
    # empty cells under filled ones continue them, as in a text export
    for above, row in pairwise(table.rows[headers:]):
        row.cells = [
            GridCell("", merged=True) if not c.text and (a.text or a.merged) else c
            for a, c in zip(above.cells, row.cells, strict=True)
        ]
    return table


# -- page furniture ---------------------------------------------------------------------------


def _furniture(lines: list[_Line]) -> set[int]:
    """Page numbers, and lines repeated in the top or bottom margin of several pages."""
    by_page: dict[int, list[_Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    out: set[int] = set()
    repeated: Counter[str] = Counter()
    edges: list[_Line] = []
    bare: dict[int, list[_Line]] = {0: [], -1: []}  # a number alone, first or last on a page
    for page_lines in by_page.values():
        ends = {id(page_lines[0]): page_lines[0], id(page_lines[-1]): page_lines[-1]}
        height = max(line.bottom for line in page_lines) or 1.0
        for line in ends.values():
            if _BARE_NUMBER.match(line.text.strip()):
                bare[0 if line is page_lines[0] else -1].append(line)
            elif _PAGE_NUMBER.match(line.text.strip()):
                out.add(id(line))
            elif line.top < height * _MARGIN or line.bottom > height * (1 - _MARGIN):
                edges.append(line)
                repeated[re.sub(r"\d+", "#", line.text.strip())] += 1
    if len(by_page) >= 2:
        for line in edges:
            if repeated[re.sub(r"\d+", "#", line.text.strip())] >= max(2, len(by_page) // 2):
                out.add(id(line))
    for numbers in bare.values():  # a 序号 cell alone on a line can end a page too: a bare
        # number is a page number only where most pages have one at that end, apart
        if len(numbers) >= max(2, (len(by_page) + 1) // 2):
            out.update(id(line) for line in numbers)
    return out


# -- the document -----------------------------------------------------------------------------


def _continues(previous: _Table, table: _Table, between: list[_Line]) -> bool:
    """Whether ``table`` goes on from ``previous``: the next page, the same columns, nothing
    but a 续表 line in between."""
    if table.page != previous.page + 1 or len(table.edges) != len(previous.edges):
        return False
    if any(abs(a - b) > 3 for a, b in zip(table.edges, previous.edges, strict=True)):
        return False
    return all(_CONTINUED.match(line.text.strip()) for line in between)


def _header_rows(table: _Table) -> list[tuple[str, ...]]:
    out = []
    for row in table.rows[:3]:
        texts = [c.text for c in row.cells]
        if not is_header_row(texts):
            break
        out.append(tuple(texts))
    return out


def _broken_row(above: Sequence[GridCell], first: _Row) -> bool:
    """Whether ``first`` (top of a page) is the rest of the row above it (``above``: each
    column's cell at the bottom of the previous page, a merged cell's own): it starts no item
    of its own, and every cell it fills goes on from a cell above whose last line runs to the
    cell's edge — a text cut by the page's end, not one that ended (a title, a list of names
    ends short of the edge, and a new row under it has its own cells)."""
    if first.cells[0].text and _ITEM_START.match(first.cells[0].text):
        return False
    pairs = [(a, b) for a, b in zip(above, first.cells, strict=True) if b.text]
    return bool(pairs) and all(a.text and a.full for a, _ in pairs)


_MARKUP = re.compile(r"</?p>")


def _owners(out: list[GridLine], width: int) -> list[int | None]:
    """Per column, the index in ``out`` of the cell that the last table row shows there: the
    row itself, or the row a merged cell starts in."""
    last = next((i for i in range(len(out) - 1, -1, -1) if out[i].table_row), None)
    owners: list[int | None] = []
    for c in range(width):
        i = last
        while i is not None and c < len(out[i].cells) and out[i].cells[c].merged:
            i = next((j for j in range(i - 1, -1, -1) if out[j].table_row), None)
        owners.append(i if i is not None and c < len(out[i].cells) else None)
    return owners


def _continued_text(before: str, after: str) -> str:
    """A cell's text on the previous page followed by its rest on this one: the last paragraph
    before the break and the first after it are one."""
    left = _MARKUP.split(before) if "<p>" in before else [before]
    right = _MARKUP.split(after) if "<p>" in after else [after]
    left, right = [p for p in left if p], [p for p in right if p]
    if left and right:
        left[-1] = _joined([left[-1], right.pop(0)])
    return cell_text([*left, *right])


def _assemble(lines: list[_Line], tables: list[_Table]) -> tuple[list[GridLine], list[str]]:
    """Paragraphs and rows in reading order, tables continued over pages joined."""
    notes: list[str] = []
    blocks: list[tuple[int, float, object]] = [(line.page, line.top, line) for line in lines]
    blocks += [(t.page, t.top, t) for t in tables]
    blocks.sort(key=lambda b: (b[0], b[1]))
    out: list[GridLine] = []
    pending: list[_Line] = []  # running text not yet written (a 续表 line waits)
    current: _Table | None = None
    number = 0
    last_row: _Row | None = None
    headers: list[tuple[str, ...]] = []
    for _, _, block in blocks:
        if isinstance(block, _Line):
            pending.append(block)
            continue
        table = block
        assert isinstance(table, _Table)
        if current is not None and _continues(current, table, pending):
            rows = list(table.rows)
            while rows and tuple(c.text for c in rows[0].cells) in headers:
                rows.pop(0)  # a header row repeated on the new page
            if rows and last_row is not None:
                first: _Row | None = rows[0]
                width = len(first.cells)
                owners = _owners(out, width)
                above = [
                    out[i].cells[c] if i is not None else GridCell("") for c, i in enumerate(owners)
                ]
                if _broken_row(above, first):
                    _join_rows(out, owners, first)
                    notes.append(
                        f"page {first.page}: the row at the top of the page goes on from "
                        f"page {last_row.page} (table {number}, row {last_row.row}): read as one row"
                    )
                    rows.pop(0)
                    first = None  # the next row starts below the page's top: its own cells
                if first is not None:  # an empty cell under a filled one goes on with it
                    first.cells = [
                        GridCell("", merged=True) if not c.text and not c.merged and a.text else c
                        for a, c in zip(above, first.cells, strict=True)
                    ]
            pending = []
        else:
            out += _paragraphs(pending)
            pending = []
            number += 1
            headers = _header_rows(table)
            rows = list(table.rows)
        for row in rows:
            row.place = f"page {row.page}, table {number}, row {row.row}"
            out.append(GridLine(tuple(row.cells), row.place, table_row=True))
            last_row = row
        current = table
    out += _paragraphs(pending)
    return out, notes


def _join_rows(out: list[GridLine], owners: list[int | None], first: _Row) -> None:
    """``first``'s text appended, cell by cell, to the cells it continues."""
    for c, cell in enumerate(first.cells):
        i = owners[c]
        if not cell.text or i is None:
            continue
        cells = list(out[i].cells)
        cells[c] = GridCell(
            _continued_text(cells[c].text, cell.text),
            lines=(*cells[c].lines, *cell.lines),
            full=cell.full,
        )
        out[i] = GridLine(tuple(cells), out[i].place, table_row=True)
    last = next(i for i in range(len(out) - 1, -1, -1) if out[i].table_row)
    place = out[last].place + f" – page {first.page}, row {first.row}"
    out[last] = GridLine(out[last].cells, place, table_row=True)


def _margins(lines: list[_Line]) -> tuple[float, float]:
    """A page's text margins: the leftmost start, and the rightmost end that two lines or more
    share (a single over-wide line — a long number, a URL — does not move the margin), unless
    that end is well short of the longest line."""
    left = min(line.x0 for line in lines)
    ends = sorted((line.x1 for line in lines), reverse=True)
    size = statistics.median(line.size for line in lines)
    right = next((a for a, b in pairwise(ends) if a - b < size / 2), ends[0])
    if right - left < 0.85 * (ends[0] - left):  # short lines sharing an end (one cell per
        right = ends[0]  # line) are no margin: nothing on the page wraps but full lines
    return left, right


def _pitch(gaps: list[float]) -> float:
    """The smallest distance between lines that occurs twice or more (a line to the next in
    one paragraph); the smallest of all when none repeats, 0 without gaps."""
    ordered = sorted(gaps)
    return next((a for a, b in pairwise(ordered) if b - a < 1.0), ordered[0] if ordered else 0.0)


def _paragraphs(lines: list[_Line]) -> list[GridLine]:
    """Visual lines joined into paragraphs: a line reaching the right margin wraps into the
    next when that one starts at the left margin, on the same page or the next."""
    if not lines:
        return []
    margins = {
        page: _margins([line for line in lines if line.page == page])
        for page in {line.page for line in lines}
    }
    pitches = {  # the distance from one line to the next inside a paragraph, per page
        page: _pitch([b.top - a.top for a, b in pairwise(ls) if b.top - a.top > a.size / 2])
        for page in margins
        for ls in [[line for line in lines if line.page == page]]
    }
    out: list[GridLine] = []
    text, place, previous = "", "", None
    for line in lines:
        left = margins[line.page][0]
        wraps = (
            previous is not None
            and previous.x1 >= margins[previous.page][1] - 1.5 * previous.size
            and line.x0 <= left + 0.8 * line.size
            and not _ITEM_START.match(line.text)
            and previous.text.rstrip()[-1:] not in "。！？!?"  # a sentence ended at the margin:
            # a paragraph split in two loses nothing, two glued could make up a name
            and (line.page != previous.page or line.top - previous.bottom < 1.2 * line.size)
        )
        if wraps:
            text = _joined([text, line.text])
        else:
            if text:
                out.append(GridLine((GridCell(text),), place))
            if previous is not None and previous.page == line.page:
                # space for empty lines kept as empty lines: a table copied one cell per
                # line leaves an empty cell as an empty line, and a printer as space
                pitch = pitches[line.page]
                skipped = round((line.top - previous.top) / pitch) - 1 if pitch else 0
                out += [GridLine((GridCell(""),), f"page {line.page}")] * min(max(skipped, 0), 3)
            text, place = line.text.strip(), f"page {line.page}, line {line.number}"
        previous = line
    if text:
        out.append(GridLine((GridCell(text),), place))
    return out
