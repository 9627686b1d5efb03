"""Write table-district.docx and table-district.xlsx: one invented division-of-responsibility
table (普安办〔2099〕11号, year 2099 so it is never taken for a real document), laid out as a
district office publishes it in Word and in Excel.

Merged cells are real merges: ``cell.merge(other)`` in the .docx (vMerge / gridSpan) and
``ws.merge_cells(...)`` in the .xlsx, the same ranges in both. Text is written only in the
top-left cell of a merged range (python-docx would otherwise join the texts of the merged cells).

The expected reading (table-district.office.expected.csv / .yaml) was written by hand from the
rows below, not by running this script. Run with the project's interpreter:

    .venv/bin/python tests/data/layouts/make_office_fixtures.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

HERE = Path(__file__).resolve().parent

ISSUER = "上海市普陀区安全生产委员会办公室"
NUMBER = "普安办〔2099〕11号"
TITLE = "区安全生产委员会办公室关于印发普陀区建设工程施工安全专项整治工作措施和部门分工表的通知"
RECIPIENTS = "各安委会相关成员单位、各街道镇："
BODY = (
    "为进一步加强本区建设工程施工安全管理，有效防范和遏制建筑施工生产安全事故，结合本区实际和各单位"
    "职责，制定了《普陀区建设工程施工安全专项整治工作措施和部门分工表》。现印发给你们，请结合实际认真执行。"
)
SIGNATORY = "普陀区安全生产委员会办公室"
DATE = "2099年7月20日"
TABLE_TITLE = "普陀区建设工程施工安全专项整治工作措施和部门分工表"

M1 = (
    "（一）落实建设单位首要责任。建设单位要依法履行项目安全管理首要责任，合理确定工期和造价，"
    "足额支付安全生产措施费用。严格施工现场围挡和临时道路管理，保障周边交通安全。"
)
M2 = (
    "（二）加强施工现场设备和渣土管理。开展起重机械、施工升降机等建筑施工设备专项检查，"
    "规范建筑渣土运输和处置。"
)
M3 = (
    "（三）加强危险性较大的分部分项工程管控。对深基坑、高大模板支撑体系、起重吊装等危大工程实施"
    "专项方案论证和全过程监控。"
)
M4 = (
    "（四）加强施工人员安全培训。将建筑施工一线作业人员纳入职业技能提升行动，"
    "将施工企业安全培训落实情况纳入社会信用评价。"
)

# The grid as it is printed: 4 columns, None = a cell covered by a merge (no text of its own),
# "" = a cell that is really empty.
ROWS: list[list[str | None]] = [
    ["本区实施意见", "细化措施", "工作部门", None],
    [None, None, "牵头部门", "配合部门"],
    ["一、压实安全责任", None, None, None],
    [M1, "督促建设单位依法履行项目安全管理首要责任，建立项目安全生产管理体系。",
     "区建管委", "区应急局、区规划资源局"],
    [None, "督促建设单位合理确定工期和造价，足额支付安全生产措施费用，不得压缩合理工期。",
     None, None],
    [None, "严格施工现场围挡和临时道路管理，保障施工现场周边道路交通安全。",
     "区建管委、区公安分局", "区公安交警支队等"],
    [M2, "开展起重机械、施工升降机等建筑施工设备专项检查，依法查处使用不合格设备行为。",
     "区建管委", "区市场监管局"],
    [None, "规范建筑渣土运输和处置，依法查处偷倒乱倒建筑渣土行为。",
     None, "区城管执法局、各街道镇"],
    ["二、强化风险防控", None, None, None],
    [M3, "对深基坑、高大模板支撑体系、起重吊装等危大工程实施专项方案论证和全过程监控。",
     "区建管委、区应急局", ""],
    [M4, "将建筑施工一线作业人员纳入职业技能提升行动，落实安全培训补贴政策。",
     "区人社局", "区建管委、区财政局"],
    [None, "将施工企业安全培训落实情况纳入社会信用评价，实施守信激励和失信惩戒。",
     "区发改委", None],
]  # fmt: skip

# Merged ranges on ROWS, as (first row, first column, last row, last column), 0-based.
MERGES: list[tuple[int, int, int, int]] = [
    (0, 0, 1, 0),  # 本区实施意见 over the two header rows
    (0, 1, 1, 1),  # 细化措施 over the two header rows
    (0, 2, 0, 3),  # 工作部门 over 牵头部门 / 配合部门
    (2, 0, 2, 3),  # section 一
    (3, 0, 5, 0),  # measure （一） over its three tasks
    (3, 2, 4, 2),  # lead 区建管委 over tasks 1-2 of （一）
    (3, 3, 4, 3),  # support 区应急局、区规划资源局 over tasks 1-2 of （一）
    (6, 0, 7, 0),  # measure （二） over its two tasks
    (6, 2, 7, 2),  # lead 区建管委 over tasks 1-2 of （二） (task 2 has its own support)
    (8, 0, 8, 3),  # section 二
    (10, 0, 11, 0),  # measure （四） over its two tasks
    (10, 3, 11, 3),  # support 区建管委、区财政局 over tasks 1-2 of （四） (task 2 has its own lead)
]

HEAD = [ISSUER, NUMBER, TITLE, RECIPIENTS, BODY, SIGNATORY, DATE]


def _covered() -> set[tuple[int, int]]:
    """Cells inside a merge other than its top-left one; they must hold no text."""
    cells = set()
    for r0, c0, r1, c1 in MERGES:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    cells.add((r, c))
    return cells


def _check_grid() -> None:
    covered = _covered()
    for r, row in enumerate(ROWS):
        assert len(row) == 4, r
        for c, value in enumerate(row):
            assert (value is None) == ((r, c) in covered), (r, c, value)


def write_docx(path: Path) -> None:
    doc = Document()
    doc.core_properties.author = ISSUER
    doc.core_properties.title = TITLE
    doc.core_properties.created = dt.datetime(2099, 7, 20, 9, 0, 0)
    doc.core_properties.modified = dt.datetime(2099, 7, 20, 9, 0, 0)
    doc.core_properties.last_modified_by = ISSUER

    def para(
        text: str,
        align: WD_ALIGN_PARAGRAPH | None = None,
        bold: bool = False,
        size: float | None = None,
        indent: bool = False,
    ) -> None:
        p = doc.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(32)
        if text:
            run = p.add_run(text)
            run.bold = bold
            if size:
                run.font.size = Pt(size)

    para(ISSUER, WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=22)
    para("")
    para(NUMBER, WD_ALIGN_PARAGRAPH.CENTER)
    para("")
    para(TITLE, WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=18)
    para(RECIPIENTS)
    para(BODY, indent=True)
    para("")
    para(SIGNATORY, WD_ALIGN_PARAGRAPH.RIGHT)
    para(DATE, WD_ALIGN_PARAGRAPH.RIGHT)
    doc.add_page_break()
    para(TABLE_TITLE, WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=16)

    table = doc.add_table(rows=len(ROWS), cols=4)
    table.style = "Table Grid"
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            if value:  # None (covered) and "" (really empty) cells keep their empty paragraph
                table.cell(r, c).text = value
    for r0, c0, r1, c1 in MERGES:
        table.cell(r0, c0).merge(table.cell(r1, c1))
    for r in (0, 1):
        for cell in table.rows[r].cells:
            for p in cell.paragraphs:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for run in p.runs:
                    run.bold = True
    doc.save(str(path))


def write_xlsx(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "分工表"
    wb.properties.creator = ISSUER
    wb.properties.title = TITLE
    wb.properties.created = dt.datetime(2099, 7, 20, 9, 0, 0)

    head = [*HEAD, TABLE_TITLE]
    for i, line in enumerate(head, start=1):
        ws.cell(row=i, column=1, value=line)
    ws.cell(row=3, column=1).font = Font(bold=True, size=14)
    ws.cell(row=len(head), column=1).font = Font(bold=True, size=12)

    first = len(head) + 1  # the table starts on the row after the head
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            cell = ws.cell(row=first + r, column=c + 1)
            cell.border = border
            cell.alignment = wrap
            if value:
                cell.value = value
                if r < 2:
                    cell.font = Font(bold=True)
                    cell.alignment = Alignment(
                        wrap_text=True, horizontal="center", vertical="center"
                    )
    for r0, c0, r1, c1 in MERGES:
        ws.merge_cells(
            start_row=first + r0, start_column=c0 + 1, end_row=first + r1, end_column=c1 + 1
        )
    for letter, width in zip("ABCD", (46, 46, 22, 26), strict=True):
        ws.column_dimensions[letter].width = width
    wb.save(str(path))


def main() -> None:
    _check_grid()
    write_docx(HERE / "table-district.docx")
    write_xlsx(HERE / "table-district.xlsx")


if __name__ == "__main__":
    main()
