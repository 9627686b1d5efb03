"""Attachments as governments publish them: PDF (ruled tables, tables without rules, rotated
pages, scans, passwords), legacy files recognised by their bytes, and a notice page with its
attachment as one document. The conversions that need LibreOffice are integration tests
(tests/integration/test_legacy_formats.py).

The fixtures are in tests/data/pdf, each made by a script beside it (make_pdf_fixtures.py with
reportlab, make_seed_formats.py with LibreOffice); the expected readings below were written by
hand from the rows those scripts draw.
"""

from __future__ import annotations

import shutil
import sys
import zlib
from pathlib import Path

import pytest

from fengong.errors import FengongError, IngestError, MalformedSourceError
from fengong.graph.pipeline import collect_sources
from fengong.ingest import pdf as pdf_module
from fengong.ingest.layout import read_document
from fengong.ingest.legacy import sniff
from fengong.ingest.pdf import pdf_source, read_pdf
from fengong.ingest.resolve import ResolvedDocument, resolve_document
from fengong.reference import Registry
from tests.conftest import SEED
from tests.unit.test_layouts import _essence

PDFS = Path(__file__).parents[1] / "data" / "pdf"


def _read(path: Path, registry: Registry) -> ResolvedDocument:
    _, table = read_document(path, path.name)
    return resolve_document(table, registry)


def _facts(doc: ResolvedDocument) -> set[tuple[int, int, str, str]]:
    return {(a.measure, a.task, a.role.value, a.mention) for a in doc.assignments}


# the seed, published as PDF, Word 97 and Excel 97 -----------------------------------------


@pytest.mark.parametrize(
    "name",
    ["seed.pdf", "seed-protected.pdf"],
)
def test_the_seed_as_pdf_reads_as_the_seed(
    name: str, seed_resolved: ResolvedDocument, registry: Registry
) -> None:
    """216 assignments, merged cells included; the rows LibreOffice broke over a page break
    are joined and said; the copy-protected one opens without a password."""
    doc = _read(PDFS / name, registry)
    assert doc.table.layout == "grid-table"
    assert _essence(doc) == _essence(seed_resolved)
    assert len(doc.assignments) == 216
    joined = [w for w in doc.table.warnings if "goes on from page" in w.message]
    assert joined and all(w.message.startswith("page ") for w in joined)


def test_a_pdf_row_says_its_page_table_and_row(registry: Registry) -> None:
    doc = _read(PDFS / "seed.pdf", registry)
    places = {doc.table.places[a.cell.line - 1] for a in doc.assignments}
    assert all(p.startswith("page ") and ", table 1, row " in p for p in places)
    assert any(" – page " in p for p in places)  # a row broken over a page break


def test_a_name_says_which_line_of_its_cell_it_stands_on(registry: Registry) -> None:
    """Page 1, table 1, row 4 of seed.pdf draws its lead cell on five lines: 应急管理部门、各 /
    安全监管部门、各 / 行业和系统负有安 / 全管理职责的部门 / 等. The second name starts at the end
    of line 1, the third on line 2 (read off the page by hand); the graph says so."""
    from rdflib import Literal

    from fengong.graph.document import document_graph
    from fengong.graph.iris import Iris
    from fengong.graph.namespaces import FG

    source, table = read_document(PDFS / "seed.pdf", "seed.pdf")
    doc = resolve_document(table, registry)
    iris = Iris()
    triples = document_graph(doc, source.lines, registry, iris)
    line_of = {s_: o for s_, p, o in triples if p == FG.lineInCell}
    assert [line_of.get(iris.assignment(doc.key, 1, 1, "lead", n)) for n in (1, 2, 3)] == [
        Literal(1),
        Literal(1),
        Literal(2),
    ]
    assert len(line_of) > 100  # most names of the seed's wrapped cells
    # negative: a text export draws no lines, and says nothing of them
    seed_source, seed_table = read_document(SEED, SEED.name)
    seed = resolve_document(seed_table, registry)
    assert not any(
        p == FG.lineInCell for _, p, _ in document_graph(seed, seed_source.lines, registry, iris)
    )


# hand-made PDFs ----------------------------------------------------------------------------


def test_a_lead_cell_merged_across_a_page_break(registry: Registry) -> None:
    """Item 2's lead cell (区商务委) runs from page 1 into page 2, where it is an empty cell
    spanning two rows under a 续表 line and the repeated header; the running header and the
    page numbers are furniture."""
    doc = _read(PDFS / "merged-over-page.pdf", registry)
    assert _facts(doc) == {
        (1, 1, "lead", "区消防救援支队"),
        (1, 1, "support", "区应急局"),
        (2, 1, "lead", "区商务委"),
        (2, 1, "support", "区消防救援支队"),
        (2, 2, "lead", "区商务委"),
        (2, 2, "support", "各街道镇"),
        (2, 3, "lead", "区商务委"),
        (2, 3, "support", "区市场监管局"),
        (2, 4, "lead", "区商务委"),
        (3, 1, "lead", "区应急局"),
        (3, 1, "support", "区消防救援支队"),
        (3, 1, "support", "各街道镇"),
    }
    head = doc.table.head
    assert (head.number, head.date) == ("普安办〔2099〕21号", "2099-05-06")
    source, _ = read_document(PDFS / "merged-over-page.pdf", "merged-over-page.pdf")
    lines = [line.strip() for line in source.lines]
    assert not {"— 1 —", "— 2 —", "—1—", "—2—", "续表"} & set(lines)  # page numbers, 续表
    assert lines.count("普陀区安全生产委员会办公室") == 1  # the signature, not the page headers
    assert sum(line.startswith("序号\t") for line in source.lines) == 1  # header once
    task = doc.table.measures[1].tasks[2]
    assert task.text == "加强仓库电气线路检查。"
    assert doc.table.places[task.line - 1] == "page 2, table 1, row 2"
    assert [t.text for t in doc.table.measures[1].tasks].count("序号") == 0


def test_a_row_broken_over_a_page_break_is_one_row(registry: Registry) -> None:
    """The task's sentence runs onto page 2; the next row's empty support cell is its own
    (it is not at the top of the page): nothing is inherited into it."""
    doc = _read(PDFS / "broken-row.pdf", registry)
    first = doc.table.measures[0].tasks[0]
    assert first.text.endswith("督促企业更换老化管道和阀门，并建立检查台账。")
    assert _facts(doc) == {
        (1, 1, "lead", "区应急局"),
        (1, 1, "support", "区市场监管局"),
        (2, 1, "lead", "区应急局"),
    }


def test_a_table_without_ruling_lines_is_read_by_alignment(registry: Registry) -> None:
    doc = _read(PDFS / "no-rules.pdf", registry)
    assert _facts(doc) == {
        (1, 1, "lead", "区消防救援支队"),
        (1, 1, "support", "区应急局"),
        (2, 1, "lead", "区商务委"),
        (2, 1, "support", "各街道镇"),
        (3, 1, "lead", "区应急局"),
    }
    assert doc.table.layout == "text-table"  # empty cells read as a text export's
    assert doc.table.measures[0].tasks[0].text == "开展仓储场所消防安全隐患排查，建立隐患清单。"


def test_a_table_without_rules_goes_on_to_the_next_page(registry: Registry) -> None:
    """No header on page 2, the running header removed first; two names on two lines of one
    cell are two names, not one glued name (区房管局区公安分局 would be invented)."""
    doc = _read(PDFS / "no-rules-pages.pdf", registry)
    assert _facts(doc) == {
        (1, 1, "lead", "区消防救援支队"),
        (1, 1, "support", "区应急局"),
        (2, 1, "lead", "区商务委"),
        (2, 1, "support", "各街道镇"),
        (3, 1, "lead", "区应急局"),
        (3, 1, "support", "区消防救援支队"),
        (4, 1, "lead", "区消防救援支队"),
        (4, 1, "support", "区房管局"),
        (4, 1, "support", "区公安分局"),
    }
    task = doc.table.measures[3].tasks[0]
    assert doc.table.places[task.line - 1] == "page 2, table 1, row 2"


def test_a_table_printed_as_text_is_read_like_text(registry: Registry) -> None:
    """No table in the drawing; the rows keep their cells apart with |: the flat-table reader
    reads them as it reads a text file (a PDF with no ruling lines reads as a text export)."""
    doc = _read(PDFS / "pipe-rows.pdf", registry)
    assert _facts(doc) == {
        (1, 1, "lead", "区应急局"),
        (1, 1, "support", "区公安分局"),
        (2, 1, "lead", "区消防救援支队"),
        (2, 1, "support", "各街道镇"),
    }


def test_radicals_in_the_text_layer_are_read_as_the_ideographs_shown(registry: Registry) -> None:
    doc = _read(PDFS / "radicals.pdf", registry)
    assert _facts(doc) == {(1, 1, "lead", "区文化旅游局"), (1, 1, "support", "各街道人民政府")}
    # reportlab's CID font maps the Kangxi radicals ⽂ ⼈ to the ideographs' glyphs, which
    # pdfminer reads as 文 人; the supplement's ⺠ stays a radical in the text layer
    said = "page 1: 1 character that the fonts map to radicals"
    assert any(w.message.startswith(said) for w in doc.table.warnings)


def test_names_on_lines_of_their_own_are_so_many_names(registry: Registry) -> None:
    """Review finding: a wide cell's names, one per line, were glued into one made-up name."""
    doc = _read(PDFS / "names-on-lines.pdf", registry)
    assert _facts(doc) == {
        (1, 1, "lead", "区商务委"),
        (1, 1, "support", "区消防救援支队"),
        (1, 1, "support", "区应急局"),
        (1, 1, "support", "各街道镇"),
    }


def test_a_new_row_at_the_top_of_a_page_is_not_joined(registry: Registry) -> None:
    """Review finding: a task without 。 at the bottom of page 1 made the next page's first
    row (its own task and departments) part of it; 区应急局区商务委 was read."""
    doc = _read(PDFS / "new-row-on-next-page.pdf", registry)
    assert _facts(doc) == {
        (1, 1, "lead", "区消防救援支队"),
        (1, 1, "support", "区应急局"),
        (1, 2, "lead", "区应急局"),
        (1, 2, "support", "各街道镇"),
        (1, 3, "lead", "区商务委"),
        (1, 3, "support", "区市场监管局"),
        (1, 4, "lead", "区应急局"),
        (1, 4, "support", "区消防救援支队"),
    }
    assert not any("goes on from page" in w.message for w in doc.table.warnings)


def test_sideways_text_is_said_not_dropped(registry: Registry) -> None:
    doc = _read(PDFS / "sideways.pdf", registry)
    assert _facts(doc) == {(1, 1, "lead", "区消防救援支队"), (1, 1, "support", "区应急局")}
    assert any(
        w.message.startswith("page 2: ") and "set sideways" in w.message for w in doc.table.warnings
    )


def test_a_row_number_alone_at_a_pages_end_is_no_page_number(registry: Registry) -> None:
    """Review finding: the lone 3 ending page 1 was taken for a page number, and row 3's
    departments went to row 2; short lines sharing an end were glued as one paragraph."""
    doc = _read(PDFS / "cell-per-line.pdf", registry)
    assert _facts(doc) == {
        (1, 1, "lead", "区应急局"),
        (1, 1, "support", "区公安分局"),
        (2, 1, "lead", "区消防救援支队"),
        (2, 1, "support", "区商务委"),
        (3, 1, "lead", "区商务委"),
        (3, 1, "support", "各街道镇"),
    }


def test_a_rotated_landscape_page(registry: Registry) -> None:
    doc = _read(PDFS / "rotated.pdf", registry)
    assert _facts(doc) == {
        (1, 1, "lead", "区消防救援支队"),
        (1, 1, "support", "区应急局"),
        (2, 1, "lead", "区商务委"),
        (2, 1, "support", "各街道镇"),
    }


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("scanned.pdf", r"no text layer .* page 1 is an image only .*no OCR"),
        ("password.pdf", r"encrypted with a password"),
        ("unmapped.pdf", r"pages 1–2 cannot be read: .*no ToUnicode"),
    ],
)
def test_unreadable_pdfs_say_why(name: str, said: str, registry: Registry) -> None:
    with pytest.raises(MalformedSourceError, match=said) as err:
        _read(PDFS / name, registry)
    assert str(err.value).startswith(f"{name}: ")


def test_a_scanned_page_among_text_pages_is_a_warning(registry: Registry) -> None:
    """Partial results: the text page is read, the scanned page is named in a warning."""
    doc = _read(PDFS / "partly-scanned.pdf", registry)
    assert len(doc.table.measures) == 3
    assert any(
        w.message == "page 2: no text, only images (scanned?): not read (no OCR)"
        for w in doc.table.warnings
    )
    assert pdf_module._pages([1, 2, 3, 5]) == "pages 1–3, 5"


# files recognised by their bytes ------------------------------------------------------------


def test_files_are_recognised_by_their_bytes(tmp_path: Path, registry: Registry) -> None:
    """A .doc that is a Word page saved as HTML, or a .docx renamed: read without LibreOffice."""
    from tests.conftest import SEED
    from tests.conversions import to_docx, to_html

    text = SEED.read_text(encoding="utf-8")
    to_html(text, tmp_path / "page.doc")
    to_docx(text, tmp_path / "renamed.doc")
    assert sniff((tmp_path / "page.doc").read_bytes()) == "html"
    assert len(_read(tmp_path / "page.doc", registry).assignments) == 216
    assert len(_read(tmp_path / "renamed.doc", registry).assignments) == 216


def test_a_word_web_archive_is_read_from_its_html_part(tmp_path: Path, registry: Registry) -> None:
    """Review finding: a .doc saved as MHTML ("single file web page") was read as raw
    quoted-printable; its text/html part is decoded, in its charset."""
    import quopri

    from tests.conftest import SEED
    from tests.conversions import to_html

    to_html(SEED.read_text(encoding="utf-8"), tmp_path / "page.html")
    html = (tmp_path / "page.html").read_text(encoding="utf-8").encode("gb18030")
    mime = (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\n'
        b'Content-Type: text/html; charset="gb2312"\r\n'
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        + quopri.encodestring(html)
        + b"\r\n--b--\r\n"
    )
    (tmp_path / "page.doc").write_bytes(mime)
    assert len(_read(tmp_path / "page.doc", registry).assignments) == 216


def test_a_pdf_named_doc_is_read_under_the_pdf_caps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: Registry
) -> None:
    """Review finding: a PDF given an office suffix was read in the build's own process."""
    shutil.copy(PDFS / "merged-over-page.pdf", tmp_path / "t.doc")
    assert len(_read(tmp_path / "t.doc", registry).assignments) == 12
    monkeypatch.setattr(pdf_module, "SECONDS", 0.01)
    with pytest.raises(MalformedSourceError, match="took more than"):
        _read(tmp_path / "t.doc", registry)


def test_the_pdf_process_ignores_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: Registry
) -> None:
    """Review finding: python -m put the working folder first on the child's path, so a
    statistics.py there ran in it; and its output followed the locale's encoding."""
    (tmp_path / "statistics.py").write_text("raise SystemExit('planted module ran')\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONIOENCODING", "gb18030")
    assert len(_read(PDFS / "merged-over-page.pdf", registry).assignments) == 12


def test_a_file_that_is_no_office_file_says_so(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "x.doc").write_bytes(b"this is not a Word file at all")
    with pytest.raises(MalformedSourceError, match=r"x\.doc: not a \.doc file"):
        _read(tmp_path / "x.doc", registry)


def test_without_libreoffice_the_error_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: Registry
) -> None:
    monkeypatch.setenv("FENGONG_SOFFICE", str(tmp_path / "no-such-soffice"))
    with pytest.raises(MalformedSourceError, match="libreoffice-writer-nogui"):
        _read(PDFS / "seed.doc", registry)


# a notice page with its attachment ----------------------------------------------------------

NOTICE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知</title></head><body>
<p>上海市普陀区安全生产委员会办公室</p><p>普安办〔2099〕22号</p>
<p>区安全生产委员会办公室关于印发普陀区仓储场所消防安全整治工作措施和部门分工表的通知</p>
<p>各安委会相关成员单位、各街道镇：现将分工表印发给你们，请认真执行。</p>
<p>普陀区安全生产委员会办公室</p><p>2099年6月1日</p><p>附件：分工表</p></body></html>
"""


def test_a_notice_page_and_its_attachment_are_one_document(
    tmp_path: Path, registry: Registry
) -> None:
    (tmp_path / "notice.html").write_text(NOTICE, encoding="utf-8")
    shutil.copy(PDFS / "merged-over-page.pdf", tmp_path / "notice.pdf")
    assert collect_sources([tmp_path]) == [tmp_path / "notice.html"]  # the PDF goes with it
    doc = _read(tmp_path / "notice.html", registry)
    assert doc.table.head.number == "普安办〔2099〕22号"  # the head is the notice's
    assert len(doc.assignments) == 12
    lead = next(a for a in doc.assignments if a.mention == "区市场监管局")
    assert doc.table.places[lead.cell.line - 1] == "notice.pdf, page 2, table 1, row 2"


def test_a_sidecar_names_the_attachment(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "t2099.html").write_text(NOTICE, encoding="utf-8")
    shutil.copy(PDFS / "merged-over-page.pdf", tmp_path / "附件1.pdf")
    (tmp_path / "t2099.html.yaml").write_text("attachments: [附件1.pdf]\n", encoding="utf-8")
    assert collect_sources([tmp_path]) == [tmp_path / "t2099.html"]
    assert len(_read(tmp_path / "t2099.html", registry).assignments) == 12
    # negative: without the sidecar the PDF is a document of its own, the page has no table
    (tmp_path / "t2099.html.yaml").unlink()
    assert collect_sources([tmp_path]) == [tmp_path / "t2099.html", tmp_path / "附件1.pdf"]
    with pytest.raises(IngestError):
        _read(tmp_path / "t2099.html", registry)


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("[missing.pdf]", "attachment missing.pdf is not beside the page"),
        ("[../x.pdf]", "not a path"),
    ],
)
def test_a_wrong_attachment_is_an_error(
    value: str, said: str, tmp_path: Path, registry: Registry
) -> None:
    (tmp_path / "t.html").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "t.html.yaml").write_text(f"attachments: {value}\n", encoding="utf-8")
    with pytest.raises(FengongError, match=said):
        _read(tmp_path / "t.html", registry)


# malformed PDFs: a clear error, within a time and memory cap -------------------------------


def many_pages(count: int) -> bytes:
    """A valid PDF of ``count`` empty pages sharing one content stream, written by hand."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(count))
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count))
    objects.append(b"<< /Length 0 >>\nstream\n\nendstream")
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"
    return _pdf([*objects, *[page] * count])


def _pdf(objects: list[bytes]) -> bytes:
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def inflating(size: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``size`` bytes of spaces (~1/1000 of
    that on disk)."""
    squeeze = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    body = b"".join(squeeze.compress(chunk) for _ in range(size >> 20)) + squeeze.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(body), body)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            stream,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>",
        ]
    )


def test_ten_thousand_pages_are_refused_before_they_are_read(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(many_pages(10_000))
    with pytest.raises(MalformedSourceError, match=r"10000 pages: more than the 2000"):
        read_pdf(path, "long.pdf")
    path.write_bytes(many_pages(3))  # negative: a short empty file is read, and has no text
    with pytest.raises(MalformedSourceError, match=r"no text layer to read on any of its 3"):
        read_pdf(path, "long.pdf")


def test_a_decompression_bomb_stops_at_the_memory_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1.5 GiB of spaces in a ~1.5 MB file: the reading process hits its cap and the error
    says so; the build's own process never holds it."""
    monkeypatch.setattr(pdf_module, "MEMORY", 768 << 20)
    path = tmp_path / "bomb.pdf"
    path.write_bytes(inflating(1536 << 20))
    assert path.stat().st_size < 3 << 20
    with pytest.raises(MalformedSourceError, match=r"^bomb\.pdf: reading the PDF needs more than"):
        read_pdf(path, "bomb.pdf")


def test_a_pdf_that_takes_too_long_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_module, "SECONDS", 0.01)
    with pytest.raises(MalformedSourceError, match=r"took more than 0 s: stopped"):
        read_pdf(PDFS / "seed.pdf", "seed.pdf")


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9])
def test_a_truncated_pdf_is_read_in_part_or_refused_clearly(cut: float, registry: Registry) -> None:
    data = (PDFS / "merged-over-page.pdf").read_bytes()
    try:
        source = pdf_source(data[: int(len(data) * cut)], "cut.pdf")
    except MalformedSourceError as err:
        assert str(err).startswith("cut.pdf: ")
    else:
        assert source.lines  # what it read, it read


def test_a_file_that_is_no_pdf_says_what_it_starts_with() -> None:
    with pytest.raises(MalformedSourceError, match=r"not a PDF file \(no %PDF- header"):
        pdf_source(b"<html>not a pdf</html>", "x.pdf")


def test_the_pdf_fixtures_are_what_their_script_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """reportlab writes them with invariant=1: the script run again gives the same bytes."""
    pytest.importorskip("reportlab")
    import importlib.util

    spec = importlib.util.spec_from_file_location("fixtures", PDFS / "make_pdf_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "fixtures", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    module.HERE = tmp_path
    module.main()
    for written in tmp_path.glob("*.pdf"):
        assert written.read_bytes() == (PDFS / written.name).read_bytes(), written.name


# review findings on notice pages and their attachments -------------------------------------


def test_named_files_hold_their_attachments_too(tmp_path: Path) -> None:
    """Review finding: ``build src/*`` built the attachment a second time; a T.PDF beside
    t.html was not paired; a wrong sidecar elsewhere stopped the listing."""
    (tmp_path / "t.html").write_text(NOTICE, encoding="utf-8")
    shutil.copy(PDFS / "merged-over-page.pdf", tmp_path / "t.PDF")
    (tmp_path / "other.html").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "other.html.yaml").write_text("attachments: [missing.pdf]\n", encoding="utf-8")
    named = sorted(tmp_path.iterdir())
    assert collect_sources(named) == [tmp_path / "other.html", tmp_path / "t.html"]
    assert collect_sources([tmp_path]) == [tmp_path / "other.html", tmp_path / "t.html"]


def test_a_notice_with_a_table_of_fields_and_a_text_table_attachment(
    tmp_path: Path, registry: Registry
) -> None:
    """Review finding: the notice's small real table (发布日期 | …, as government sites print
    their fields) turned off the reading of the attachment's table flattened to text."""
    fields = "<table><tr><td>发布日期</td><td>2099-06-01</td></tr></table>"
    (tmp_path / "n.html").write_text(NOTICE.replace("<body>", "<body>" + fields), "utf-8")
    shutil.copy(PDFS / "pipe-rows.pdf", tmp_path / "n.pdf")
    assert _facts(_read(tmp_path / "n.html", registry)) == {
        (1, 1, "lead", "区应急局"),
        (1, 1, "support", "区公安分局"),
        (2, 1, "lead", "区消防救援支队"),
        (2, 1, "support", "各街道镇"),
    }
