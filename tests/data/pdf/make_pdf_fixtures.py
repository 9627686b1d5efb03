"""Write the hand-made PDF fixtures: invented division tables (year 2099, so never taken for a
real document), drawn the way published PDFs are laid out. Each is described beside its
expected reading (``<name>.expected.csv``: measure, task, role, mention), written by hand from
the rows below, not by running the reader.

* ``merged-over-page.pdf``: a ruled table whose lead cell for item 2 is merged across the page
  break (its text on page 1, an empty cell spanning two rows at the top of page 2), a 续表 line
  and the header row repeated on page 2, a running header and "— 1 —" page numbers;
* ``broken-row.pdf``: a row whose task text runs over the page break (no number, the sentence
  cut), and a genuinely empty support cell at the top of the next row;
* ``no-rules.pdf``: the same kind of table with no ruling lines at all, columns kept by
  alignment, rows numbered and spaced apart;
* ``no-rules-pages.pdf``: a table without rules going on to page 2 without its header; item 4's
  support cell holds two names on two lines;
* ``pipe-rows.pdf``: a table that reached the PDF as text, its cells separated by ``|``;
* ``radicals.pdf``: department names written with Kangxi and supplement radicals (⽂, ⺠); the
  CID font maps the Kangxi ones to the ideographs' glyphs, so the text layer keeps ⺠ only;
* ``names-on-lines.pdf``: a wide cell with three names on three lines, no 、 between them;
* ``new-row-on-next-page.pdf``: the first row of page 2 is a task of its own, under a task
  without 。 (not a row broken over the page);
* ``sideways.pdf``: page 2 holds a table drawn turned by 90° in an upright page;
* ``cell-per-line.pdf``: a table copied one cell per line, a row's number last on page 1;
* ``rotated.pdf``: a landscape table on a page stored portrait with /Rotate 90;
* ``scanned.pdf``: one page that is only an image (a scan): no text layer;
* ``partly-scanned.pdf``: the no-rules page, then a scanned page;
* ``password.pdf``: the merged-over-page table encrypted with a user password (refused);
* ``unmapped.pdf``: encrypted with an owner password only; pdfminer then finds no Unicode for
  reportlab's CID font, so its characters come out as ``(cid:123)``: the case of a PDF whose
  fonts have no ToUnicode map (refused with that reason, never read as text).

The seed as PDF (ruled, and copy-protected with an owner password), .doc and .xls come from
LibreOffice: ``make_seed_formats.py``.

reportlab writes them with ``invariant=1``, so running this again gives the same bytes (the
tests check that). Fonts: Adobe's STSong-Light CID font, which every PDF reader knows without
embedding. Run with the project's interpreter::

    .venv/bin/python tests/data/pdf/make_pdf_fixtures.py
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

HERE = Path(__file__).resolve().parent
FONT = "STSong-Light"
SIZE = 10.5
A4 = (595.0, 842.0)
LEADING = 15.0
PAD = 4.0

HEAD = [
    ("上海市普陀区安全生产委员会办公室", 16),
    ("普安办〔2099〕21号", 12),
    ("区安全生产委员会办公室关于印发普陀区仓储场所消防安全整治工作措施和部门分工表的通知", 12),
    ("各安委会相关成员单位、各街道镇：", SIZE),
    ("现将《普陀区仓储场所消防安全整治工作措施和部门分工表》印发给你们，请认真执行。", SIZE),
    ("普陀区安全生产委员会办公室", SIZE),
    ("2099年5月6日", SIZE),
]
HEADER = ["序号", "重点任务", "具体措施", "牵头单位", "配合单位"]
WIDTHS = [36.0, 110.0, 160.0, 80.0, 90.0]


@dataclass
class Cell:
    text: str
    rows: int = 1  # rows spanned on this page


def _lines(text: str, width: float) -> list[str]:
    """``text`` wrapped to ``width`` points, one character at a time (Chinese wraps anywhere)."""
    out, line = [], ""
    for ch in text:
        if pdfmetrics.stringWidth(line + ch, FONT, SIZE) > width - 2 * PAD:
            out.append(line)
            line = ""
        line += ch
    return [*out, line] if line else out


def _table(
    c: Canvas, top: float, rows: Sequence[Sequence[Cell | None]], heights: Sequence[float],
    rules: bool = True, x: float = 60.0,
) -> float:  # fmt: skip
    """Draw ``rows`` (None: covered by a span from above) from ``top`` down; the y below."""
    xs = [x]
    for w in WIDTHS:
        xs.append(xs[-1] + w)
    ys = [top]
    for h in heights:
        ys.append(ys[-1] - h)
    c.setFont(FONT, SIZE)
    for r, row in enumerate(rows):
        for k, cell in enumerate(row):
            if cell is None:
                continue
            bottom = ys[r + cell.rows]
            if rules:
                c.rect(xs[k], bottom, xs[k + 1] - xs[k], ys[r] - bottom)
            for n, line in enumerate(_lines(cell.text, xs[k + 1] - xs[k])):
                c.drawString(xs[k] + PAD, ys[r] - PAD - SIZE - n * LEADING, line)
    return ys[-1]


def _furniture(c: Canvas, page: int) -> None:
    c.setFont(FONT, 9)
    c.drawCentredString(A4[0] / 2, A4[1] - 40, "普陀区安全生产委员会办公室")
    c.setFont(FONT, 12)
    c.drawCentredString(A4[0] / 2, 36, f"— {page} —")


def _head(c: Canvas) -> float:
    y = A4[1] - 90
    for text, size in HEAD:
        c.setFont(FONT, size)
        if size > SIZE:
            c.drawCentredString(A4[0] / 2, y, text)
        else:
            c.drawString(60, y, text)
        y -= size + 12
    c.setFont(FONT, 14)
    c.drawCentredString(A4[0] / 2, y - 6, "普陀区仓储场所消防安全整治工作措施和部门分工表")
    return y - 30


def _canvas(name: str, encrypt: StandardEncryption | None = None) -> Canvas:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    c = Canvas(str(HERE / name), pagesize=A4, invariant=1, encrypt=encrypt)
    c.setTitle("普陀区仓储场所消防安全整治工作措施和部门分工表")
    return c


def _header_row() -> list[Cell | None]:
    return [Cell(h) for h in HEADER]


def merged_over_page(name: str = "merged-over-page.pdf", encrypt: object = None) -> None:
    c = _canvas(name, encrypt)  # type: ignore[arg-type]
    _furniture(c, 1)
    top = _head(c)
    rows = [
        _header_row(),
        [Cell("1"), Cell("排查仓储场所风险"), Cell("开展仓储场所消防安全隐患排查。"), Cell("区消防救援支队"), Cell("区应急局")],
        [Cell("2", 2), Cell("规范物流仓库管理", 2), Cell("督促物流仓库落实防火分隔。"), Cell("区商务委", 2), Cell("区消防救援支队")],
        [None, None, Cell("清理占用疏散通道的堆放物品。"), None, Cell("各街道镇")],
    ]  # fmt: skip
    heights = [26.0, 40.0, 40.0, 40.0]
    bottom = _table(c, top, rows, heights)
    # the rest of page 1 is empty down to the margin, as when the next row does not fit
    del bottom
    c.showPage()
    _furniture(c, 2)
    c.setFont(FONT, SIZE)
    c.drawString(60, A4[1] - 80, "续表")
    rows = [
        _header_row(),
        # the merged lead (and number, task) cells of item 2 go on: empty, spanning two rows
        [Cell("", 2), Cell("", 2), Cell("加强仓库电气线路检查。"), Cell("", 2), Cell("区市场监管局")],
        [None, None, Cell("落实仓库夜间值守制度。"), None, Cell("")],
        [Cell("3"), Cell("强化宣传培训"), Cell("组织仓储企业负责人开展消防培训。"), Cell("区应急局"), Cell("区消防救援支队、各街道镇")],
    ]  # fmt: skip
    _table(c, A4[1] - 90, rows, [26.0, 40.0, 40.0, 54.0])
    c.setFont(FONT, SIZE)
    c.drawString(60, 120, "注：各街道镇负责本辖区仓储场所日常巡查。")
    c.showPage()
    c.save()


def broken_row() -> None:
    c = _canvas("broken-row.pdf")
    _furniture(c, 1)
    top = _head(c)
    long_task = "对辖区内冷库逐一开展氨制冷系统安全检查，督促企业更换老化管道和阀门，并建立检查台账。"
    # the page ends after two full lines of the cell, as a row broken by the page's end
    wrapped = _lines(long_task, WIDTHS[2])
    first, rest = "".join(wrapped[:2]), "".join(wrapped[2:])
    rows = [
        _header_row(),
        [Cell("1"), Cell("整治冷库氨制冷"), Cell(first), Cell("区应急局"), Cell("区市场监管局")],
    ]  # fmt: skip
    _table(c, top, rows, [26.0, 54.0 + (A4[1] - 0) * 0])
    c.showPage()
    _furniture(c, 2)
    rows = [
        [Cell(""), Cell(""), Cell(rest), Cell(""), Cell("")],
        [Cell("2"), Cell("开展应急演练"), Cell("组织冷库企业开展泄漏应急演练。"), Cell("区应急局"), Cell("")],
    ]  # fmt: skip
    _table(c, A4[1] - 70, rows, [40.0, 40.0])
    c.showPage()
    c.save()


def no_rules(name: str = "no-rules.pdf", then_scan: bool = False) -> None:
    c = _canvas(name)
    _furniture(c, 1)
    top = _head(c)
    rows = [
        _header_row(),
        [Cell("1"), Cell("排查仓储场所风险"), Cell("开展仓储场所消防安全隐患排查，建立隐患清单。"), Cell("区消防救援支队"), Cell("区应急局")],
        [Cell("2"), Cell("规范物流仓库管理"), Cell("督促物流仓库落实防火分隔。"), Cell("区商务委"), Cell("各街道镇")],
        [Cell("3"), Cell("强化宣传培训"), Cell("组织仓储企业负责人开展消防培训。"), Cell("区应急局"), Cell("")],
    ]  # fmt: skip
    _table(c, top, rows, [26.0, 48.0, 48.0, 48.0], rules=False)
    c.showPage()
    if then_scan:
        _scan(c)
        c.showPage()
    c.save()


def no_rules_pages() -> None:
    """A table without rules over two pages: no header on page 2, a support cell there with
    two names on two lines (each line ends short of the column's width)."""
    c = _canvas("no-rules-pages.pdf")
    _furniture(c, 1)
    top = _head(c)
    rows = [
        _header_row(),
        [Cell("1"), Cell("排查仓储场所风险"), Cell("开展仓储场所消防安全隐患排查，建立隐患清单。"), Cell("区消防救援支队"), Cell("区应急局")],
        [Cell("2"), Cell("规范物流仓库管理"), Cell("督促物流仓库落实防火分隔。"), Cell("区商务委"), Cell("各街道镇")],
    ]  # fmt: skip
    _table(c, top, rows, [26.0, 48.0, 48.0], rules=False)
    c.showPage()
    _furniture(c, 2)
    rows = [
        [Cell("3"), Cell("强化宣传培训"), Cell("组织仓储企业负责人开展消防培训。"), Cell("区应急局"), Cell("区消防救援支队")],
        [Cell("4"), Cell("整治电动车充电"), Cell("清理仓库内违规充电设施。"), Cell("区消防救援支队"), Cell("")],
    ]  # fmt: skip
    bottom = _table(c, A4[1] - 80, rows, [48.0, 48.0], rules=False)
    c.setFont(FONT, SIZE)
    c.drawString(60 + sum(WIDTHS[:4]) + PAD, A4[1] - 80 - 48 - PAD - SIZE, "区房管局")
    c.drawString(60 + sum(WIDTHS[:4]) + PAD, A4[1] - 80 - 48 - PAD - SIZE - LEADING, "区公安分局")
    del bottom
    c.showPage()
    c.save()


def pipe_rows() -> None:
    """A web page's table saved as text, then printed to PDF: no table in the drawing, the
    columns kept by ``|`` in the text (seen on a township's page, 专项整治行业名称 | 时间安排 |)."""
    c = _canvas("pipe-rows.pdf")
    y = _head(c)
    c.setFont(FONT, SIZE)
    for text in (
        "序号 | 整治行业 | 牵头单位 | 配合单位 |",
        "1 | 烟花爆竹 | 区应急局 | 区公安分局 |",
        "2 | 电动自行车 | 区消防救援支队 | 各街道镇 |",
    ):
        c.drawString(60, y, text)
        y -= LEADING
    c.showPage()
    c.save()


def radicals() -> None:
    """Names whose characters the font maps to radicals (⽂ U+2F42 for 文, ⺠ U+2EA0 for 民), as
    Chromium's print to PDF does: the text layer says ⽂, the page shows 文."""
    c = _canvas("radicals.pdf")
    rows = [
        _header_row(),
        [Cell("1"), Cell("整治文化场所"), Cell("开展娱乐场所消防检查。"), Cell("区⽂化旅游局"), Cell("各街道⼈⺠政府")],
    ]  # fmt: skip
    _table(c, A4[1] - 90, rows, [26.0, 40.0])
    c.showPage()
    c.save()


def names_on_lines() -> None:
    """A wide support cell listing three names, each on a line of its own (no 、 between):
    three names, not one."""
    c = _canvas("names-on-lines.pdf")
    rows = [
        _header_row(),
        [Cell("1"), Cell("规范物流仓库管理"), Cell("督促物流仓库落实防火分隔。"), Cell("区商务委"), Cell("区消防救援支队")],
    ]  # fmt: skip
    bottom = _table(c, A4[1] - 90, rows, [26.0, 60.0])
    del bottom
    c.setFont(FONT, SIZE)  # two more names under the first, in the same cell
    x = 60 + sum(WIDTHS[:4]) + PAD
    for n, name in enumerate(("区应急局", "各街道镇"), start=1):
        c.drawString(x, A4[1] - 90 - 26 - PAD - SIZE - n * LEADING, name)
    c.showPage()
    c.save()


def new_row_on_next_page() -> None:
    """Item 1's number and task title merged over its rows run onto page 2, where the first
    row is a task of its own (its own departments); the task texts have no full stop."""
    c = _canvas("new-row-on-next-page.pdf")
    rows = [
        _header_row(),
        [Cell("1", 2), Cell("排查仓储场所风险", 2), Cell("开展仓储场所消防安全隐患排查"), Cell("区消防救援支队"), Cell("区应急局")],
        [None, None, Cell("建立隐患整改台账"), Cell("区应急局"), Cell("各街道镇")],
    ]  # fmt: skip
    _table(c, 200.0, rows, [26.0, 40.0, 40.0])
    c.showPage()
    rows = [
        [Cell("", 2), Cell("", 2), Cell("督促企业落实主体责任"), Cell("区商务委"), Cell("区市场监管局")],
        [None, None, Cell("组织开展应急演练"), Cell("区应急局"), Cell("区消防救援支队")],
    ]  # fmt: skip
    _table(c, A4[1] - 70, rows, [40.0, 40.0])
    c.showPage()
    c.save()


def sideways() -> None:
    """Page 1 a table; page 2 the same kind of table drawn turned by 90° inside an upright
    page (no /Rotate): its text is sideways, which the reader says it did not read."""
    c = _canvas("sideways.pdf")
    rows = [
        _header_row(),
        [Cell("1"), Cell("排查仓储场所风险"), Cell("开展仓储场所消防安全隐患排查。"), Cell("区消防救援支队"), Cell("区应急局")],
    ]  # fmt: skip
    _table(c, A4[1] - 90, rows, [26.0, 40.0])
    c.showPage()
    c.saveState()
    c.translate(A4[0] - 60, 60)
    c.rotate(90)
    rows = [
        _header_row(),
        [Cell("2"), Cell("规范物流仓库管理"), Cell("督促物流仓库落实防火分隔。"), Cell("区商务委"), Cell("各街道镇")],
    ]  # fmt: skip
    _table(c, 0.0, rows, [26.0, 40.0], x=0.0)
    c.restoreState()
    c.showPage()
    c.save()


def cell_per_line() -> None:
    """A web page's table copied one cell per line and printed: no grid, each cell a short
    line; row 3's number falls last on page 1 (a number alone, not a page number)."""
    c = _canvas("cell-per-line.pdf")
    y = A4[1] - 90
    c.setFont(FONT, SIZE)
    cells = ["序号", "工作任务", "牵头单位", "配合单位",
             "1", "开展危险化学品安全检查。", "区应急局", "区公安分局",
             "2", "加强仓储场所消防管理。", "区消防救援支队", "区商务委",
             "3"]  # fmt: skip
    for text in cells:
        c.drawString(60, y, text)
        y -= LEADING
    c.showPage()
    c.setFont(FONT, SIZE)
    y = A4[1] - 90
    for text in ("组织企业开展应急演练。", "区商务委", "各街道镇"):
        c.drawString(60, y, text)
        y -= LEADING
    c.showPage()
    c.save()


def rotated() -> None:
    c = _canvas("rotated.pdf")
    c.setPageRotation(90)
    c.saveState()
    c.translate(A4[0], 0)
    c.rotate(90)  # draw in landscape coordinates: x along the long side
    rows = [
        _header_row(),
        [Cell("1"), Cell("排查仓储场所风险"), Cell("开展仓储场所消防安全隐患排查。"), Cell("区消防救援支队"), Cell("区应急局")],
        [Cell("2"), Cell("规范物流仓库管理"), Cell("督促物流仓库落实防火分隔。"), Cell("区商务委"), Cell("各街道镇")],
    ]  # fmt: skip
    c.setFont(FONT, 14)
    c.drawString(60, A4[0] - 60, "普陀区仓储场所消防安全整治工作措施和部门分工表")
    _table(c, A4[0] - 90, rows, [26.0, 40.0, 40.0], x=120.0)
    c.restoreState()
    c.showPage()
    c.save()


def scanned() -> None:
    c = _canvas("scanned.pdf")
    _scan(c)
    c.showPage()
    c.save()


def _scan(c: Canvas) -> None:
    from reportlab.lib.utils import ImageReader

    # an image standing for a scanned page: grey stripes, no text layer
    import io
    import zlib

    width, height = 40, 60
    raw = b"".join(bytes([0] + [200 if (y // 4) % 2 else 60] * width) for y in range(height))
    png = _png(width, height, zlib.compress(raw, 9))
    c.drawImage(ImageReader(io.BytesIO(png)), 60, 200, 400, 600)


def _png(width: int, height: int, data: bytes) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def main() -> None:
    merged_over_page()
    broken_row()
    no_rules()
    no_rules("partly-scanned.pdf", then_scan=True)
    no_rules_pages()
    pipe_rows()
    radicals()
    names_on_lines()
    new_row_on_next_page()
    sideways()
    cell_per_line()
    rotated()
    scanned()
    merged_over_page("password.pdf", StandardEncryption("secret", "owner", strength=128))
    merged_over_page("unmapped.pdf", StandardEncryption("", "owner", canCopy=0, strength=128))


if __name__ == "__main__":
    main()
