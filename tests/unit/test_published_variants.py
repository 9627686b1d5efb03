"""Variants of the genre as pages and files publish them, each found by a review and read here
by hand: the documents are written in the tests (invented, year 2099)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fengong.errors import FengongError, IngestError
from fengong.graph import Iris, Project
from fengong.graph.publish import publish
from fengong.ingest.layout import parse_source, read_document
from fengong.ingest.reader import decode_source
from fengong.ingest.resolve import ResolvedDocument, resolve_document
from fengong.reference import Registry
from tests.conftest import ROOT

HEAD = ["上海市普陀区安全生产委员会办公室", "普安办〔2099〕51号", "关于印发测试分工表的通知",
        "各街道镇：", "现印发给你们，请认真贯彻落实。", "上海市普陀区安全生产委员会办公室",
        "2099年9月1日", "测试分工表"]  # fmt: skip
HEADER = "<tr><th>本区实施意见</th><th>细化措施</th><th>牵头部门</th><th>配合部门</th></tr>"


def _html(rows: str, before: str = "", after: str = "") -> str:
    head = "".join(f"<p>{line}</p>" for line in HEAD)
    return f"<html><body>{before}{head}<table>{HEADER}{rows}</table>{after}</body></html>"


def _read(path: Path, registry: Registry) -> ResolvedDocument:
    return resolve_document(read_document(path, path.name)[1], registry)


def _who(doc: ResolvedDocument) -> list[tuple[int, int, str, str]]:
    return sorted((a.measure, a.task, a.role.value, a.mention) for a in doc.assignments)


ROWS = (
    "<tr><td colspan=4>一、测试篇</td></tr>"
    "<tr><td>（一）加强排查。</td><td>开展排查。</td><td><p>区应急局</p><p>区公安分局</p></td>"
    "<td>区建管委&nbsp;各街道镇</td></tr>"
)


def test_names_one_per_line_or_space_separated(tmp_path: Path, registry: Registry) -> None:
    path = tmp_path / "t.html"
    path.write_text(_html(ROWS), encoding="utf-8")
    assert _who(_read(path, registry)) == [
        (1, 1, "lead", "区公安分局"),
        (1, 1, "lead", "区应急局"),
        (1, 1, "support", "区建管委"),
        (1, 1, "support", "各街道镇"),
    ]


def test_a_page_footer_and_a_one_line_note_end_the_table(
    tmp_path: Path, registry: Registry
) -> None:
    path = tmp_path / "t.html"
    footer = "<p>注：本表由区应急局负责解释。</p><p>【打印本页】【关闭窗口】</p>"
    path.write_text(_html(ROWS, after=footer), encoding="utf-8")
    doc = _read(path, registry)
    assert len(doc.assignments) == 4
    assert doc.table.notes is not None
    assert [(i.term, i.text) for i in doc.table.notes.items] == [("", "本表由区应急局负责解释。")]


def test_a_division_table_inside_a_layout_table(tmp_path: Path, registry: Registry) -> None:
    """Sites wrap content in layout tables; HTML5 may also leave out </head>."""
    inner = _html(ROWS).removeprefix("<html><body>").removesuffix("</body></html>")
    page = (
        "<html><head><meta charset=utf-8><title>页面</title>"
        f"<body><table><tr><td>首页 &gt; 政务公开</td></tr><tr><td>{inner}</td></tr>"
        "<tr><td>主办：某某网站</td></tr></table></body></html>"
    )
    path = tmp_path / "t.html"
    path.write_text(page, encoding="utf-8")
    doc = _read(path, registry)
    assert doc.table.head.number == "普安办〔2099〕51号" and len(doc.assignments) == 4


def test_a_header_without_rows_is_an_error(tmp_path: Path, registry: Registry) -> None:
    path = tmp_path / "t.html"
    path.write_text(_html(""), encoding="utf-8")
    with pytest.raises(IngestError, match=r"nothing readable: .*no measure rows"):
        _read(path, registry)


def test_a_workbook_continued_on_a_second_sheet(tmp_path: Path, registry: Registry) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    cover = book.active
    assert cover is not None
    for r, line in enumerate(HEAD, start=1):
        cover.cell(r, 1, line)
    first = book.create_sheet("一")
    second = book.create_sheet("二")
    for sheet, section, measure, lead in ((first, "一、甲篇", "（一）甲。", "区应急局"),
                                          (second, "二、乙篇", "（二）乙。", "区商务委")):  # fmt: skip
        rows = [
            ["本区实施意见", "细化措施", "牵头部门", "配合部门"],
            [section],
            [measure, "任务。", lead, ""],
        ]
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                sheet.cell(r, c, value or None)
    path = tmp_path / "t.xlsx"
    book.save(path)
    doc = _read(path, registry)
    assert [s.title for s in doc.table.sections] == ["甲篇", "乙篇"]
    assert _who(doc) == [(1, 1, "lead", "区应急局"), (2, 1, "lead", "区商务委")]


def test_a_responsible_column_with_marks(registry: Registry) -> None:
    text = "\n".join([*HEAD, "序号\t具体措施\t责任单位", "1\t开展排查。\t区建管委（牵头）、区市场监管局、各街道镇", "2\t建设平台。\t区城运中心牵头，区建管委配合", "3\t加强宣传。\t区应急局、区文旅局"]) + "\n"  # fmt: skip
    doc = resolve_document(parse_source(decode_source(text.encode(), "r.txt")), registry)
    assert sorted((a.measure, a.role.value, a.mention, a.role_word) for a in doc.assignments) == [
        (1, "lead", "区建管委", "牵头"),
        (1, "support", "区市场监管局", "负责"),
        (1, "support", "各街道镇", "负责"),
        (2, "lead", "区城运中心", "牵头"),
        (2, "support", "区建管委", "配合"),
        (3, "lead", "区应急局", "负责"),
        (3, "lead", "区文旅局", "负责"),
    ]


INLINE_HEAD = ["上海市人民政府办公厅关于加强测试工作的实施意见", "沪府办发〔2099〕61号",
               "为贯彻落实《国务院关于测试工作的意见》，现提出如下实施意见："]  # fmt: skip


def test_inline_variants(registry: Registry) -> None:
    text = "\n".join([*INLINE_HEAD, "一、主要任务", "（一）加强排查。（市应急局牵头，市公安局配合）", "1．排查重点场所。", "2．建立台账。", "（二）完善机制。", "1．建立会商制度。（市应急局负责）", "（1）每月会商。", "2．建立通报制度。（市公安局牵头，各区政府按职责分工负责）", "本意见自2099年10月1日起施行。", "上海市人民政府办公厅", "2099年9月1日"]) + "\n"  # fmt: skip
    doc = resolve_document(parse_source(decode_source(text.encode(), "i.txt")), registry)
    head = doc.table.head
    # the title above the 文号 (as pages print it); no recipients line; the issuer signs below
    assert (head.title, head.issuer) == (INLINE_HEAD[0], "上海市人民政府办公厅")
    assert [c.title for c in head.applies] == ["国务院关于测试工作的意见"]
    first, second = doc.table.measures
    # (一)'s sub-items name no one: they are its text, and its parenthesis assigns it
    assert len(first.tasks) == 1 and first.tasks[0].whole_measure
    assert "建立台账" in first.text
    # (二)'s sub-items do: they are its tasks; (1) belongs to 1.; a closing line follows 2.
    assert [t.text[:6] for t in second.tasks] == ["建立会商制度", "建立通报制度"]
    assert "每月会商" in second.tasks[0].text
    assert _who(doc) == [
        (1, 1, "lead", "市应急局"),
        (1, 1, "support", "市公安局"),
        (2, 1, "lead", "市应急局"),
        (2, 2, "lead", "市公安局"),
        (2, 2, "support", "各区政府"),
    ]


def test_a_notice_with_its_own_points_above_the_plan(registry: Registry) -> None:
    text = "\n".join([
        "上海市应急管理局文件", "沪应急〔2099〕71号",
        "上海市应急管理局关于印发《测试方案》的通知", "各区应急局：",
        "现将《测试方案》印发给你们，请抓好落实：", "1．高度重视。", "2．加强协调。",
        "上海市应急管理局", "2099年9月2日",
        "测试方案", "一、重点任务", "（一）开展排查。（市应急局牵头）",
    ]) + "\n"  # fmt: skip
    doc = resolve_document(parse_source(decode_source(text.encode(), "n.txt")), registry)
    assert doc.table.head.issuer == "上海市应急管理局"  # 版头 …文件
    assert doc.table.head.date == "2099-09-02"
    assert [m.title for m in doc.table.measures] == ["开展排查"]
    assert _who(doc) == [(1, 1, "lead", "市应急局")]


def test_a_district_outside_the_registry_is_not_filed_under_the_city(
    tmp_path: Path, registry: Registry
) -> None:
    text = "\n".join(["上海市静安区安全生产委员会办公室", "静安办〔2099〕1号", *HEAD[2:], "序号\t工作任务\t牵头单位", "1\t排查。\t区应急局"]) + "\n"  # fmt: skip
    table = parse_source(decode_source(text.encode(), "j.txt"))
    doc = resolve_document(table, registry)
    # the national register of divisions names it: 310106, within Shanghai, never Shanghai itself
    assert doc.jurisdiction == "shanghai-jingan"
    assert [(p.id, p.code, p.within) for p in doc.places] == [
        ("shanghai-jingan", "310106", "shanghai")
    ]
    assert {a.department.jurisdiction for a in doc.assignments} == {"shanghai-jingan"}


def test_a_place_no_register_names_is_unknown_with_a_warning(registry: Registry) -> None:
    text = "\n".join(["某某委员会办公室", "某办〔2099〕1号", *HEAD[2:], "序号\t工作任务\t牵头单位", "1\t排查。\t区应急局"]) + "\n"  # fmt: skip
    doc = resolve_document(parse_source(decode_source(text.encode(), "u.txt")), registry)
    assert doc.jurisdiction == "unknown" and doc.places[0].kind == "unknown"
    assert any(w.field == "jurisdiction" for w in doc.table.warnings)
    assert doc.assignments[0].department.id == f"unknown/{doc.key}/unregistered/区应急局"


def test_a_document_alone_is_published(tmp_path: Path) -> None:
    """Without the seed in the build, the seed's categories are not checked for definitions."""
    for part in ("ontology", "data/reference", "queries", "shapes"):
        shutil.copytree(ROOT / part, tmp_path / part)
    (tmp_path / "data" / "sources").mkdir()
    shutil.copy(ROOT / "tests/data/layouts/table-district.html", tmp_path / "data" / "sources")
    project = Project(tmp_path)
    result = publish(project, [project.sources], project.build, Iris())
    assert result.violations == 0 and project.build.resolve().is_dir()


def test_align_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    from fengong.graph.alignment import write_proposals

    with pytest.raises(FengongError, match="cannot write"):
        write_proposals([], tmp_path / "no" / "such" / "a.csv", [])


def _numbered_list(document: object, pattern: str, fmt: str) -> str:
    """Add a one-level list (its pattern and format) to a python-docx document; its id."""
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ident = str(900 + len(numbering.findall(f"{{{numbering.nsmap['w']}}}num")))
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {ns} w:abstractNumId="{ident}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{pattern}"/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(parse_xml(
        f'<w:num {ns} w:numId="{ident}"><w:abstractNumId w:val="{ident}"/></w:num>'))  # fmt: skip
    return ident


def _numbered(paragraph: object, list_id: str) -> None:
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    properties = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    properties.append(
        parse_xml(f'<w:numPr {ns}><w:ilvl w:val="0"/><w:numId w:val="{list_id}"/></w:numPr>')
    )


def test_word_auto_numbered_items(tmp_path: Path, registry: Registry) -> None:
    """Word draws （一） and 1. from numbering.xml: the numbers are not in the text."""
    import docx

    document = docx.Document()
    for line in ["上海市人民政府办公厅", "沪府办发〔2099〕81号", "上海市人民政府办公厅关于测试的实施意见",
                 "各区人民政府：", "现提出如下意见："]:  # fmt: skip
        document.add_paragraph(line)
    for section, items in (("一、第一部分", ["排查。（市应急局牵头，市公安局配合）", "值守。（市公安局负责）"]),
                           ("二、第二部分", ["宣传。（市教委牵头）"])):  # fmt: skip
        document.add_paragraph(section)
        list_id = _numbered_list(document, "（%1）", "chineseCounting")  # each part restarts
        for text in items:
            _numbered(document.add_paragraph(text), list_id)
    document.add_paragraph("上海市人民政府办公厅")
    document.add_paragraph("2099年9月9日")
    path = tmp_path / "auto.docx"
    document.save(str(path))
    doc = _read(path, registry)
    assert [m.cited_as for m in doc.table.measures] == ["一、（一）", "一、（二）", "二、（一）"]
    assert _who(doc) == [
        (1, 1, "lead", "市应急局"),
        (1, 1, "support", "市公安局"),
        (2, 1, "lead", "市公安局"),
        (3, 1, "lead", "市教委"),
    ]


def test_a_date_in_chinese_numerals_and_a_collective_mention(registry: Registry) -> None:
    text = "\n".join([*INLINE_HEAD, "一、主要任务", "（一）排查。（市应急局牵头，各区政府配合）",
                      "上海市人民政府办公厅", "二〇九九年十二月八日"]) + "\n"  # fmt: skip
    doc = resolve_document(parse_source(decode_source(text.encode(), "d.txt")), registry)
    assert doc.table.head.date == "2099-12-08"  # written before GB/T 9704-2012 allowed digits
    support = next(a.department for a in doc.assignments if a.mention == "各区政府")
    assert (support.kind, support.status) == ("collective", "unregistered")  # type: ignore[union-attr]
