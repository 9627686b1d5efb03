"""Tables whose headers name their columns differently from the seed (序号, 重点任务, 牵头单位,
责任单位, 完成时限 …). The documents are written here, invented (year 2099), and read by hand."""

from __future__ import annotations

from fengong.ingest.columns import is_header_row, read_columns
from fengong.ingest.reader import decode_source
from fengong.ingest.records import Role
from fengong.ingest.resolve import resolve_document
from fengong.ingest.table import parse_table_document
from fengong.reference import Registry

HEAD = """上海市普陀区安全生产委员会办公室
普安办〔2099〕31号
区安全生产委员会办公室关于印发普陀区燃气安全专项整治任务分工的通知
各街道镇、区各有关部门：
现将任务分工印发给你们，请认真贯彻落实。
上海市普陀区安全生产委员会办公室
2099年8月1日
普陀区燃气安全专项整治任务分工
"""

# one measure per row, numbered in a 序号 column, a deadline column to ignore
WIDE = (
    HEAD
    + "\t".join(["序号", "重点任务", "牵头单位", "配合单位", "完成时限"])
    + "\n"
    + "\n".join(
        [
            "一、排查整治\t\t\t\t",
            "1\t开展餐饮场所燃气隐患排查。\t区市场监管局\t区消防救援支队、各街道镇\t2099年9月底",
            "2\t整治违规使用瓶装液化气。\t区商务委、区市场监管局\t区公安分局等\t2099年10月底",
            "二、长效管理\t\t\t\t",
            "3\t建立燃气安全信息平台。\t区城运中心\t\t2099年12月底",
        ]
    )
    + "\n"
)

# a 责任单位 column and no 牵头 column: the named departments lead, responsible
RESPONSIBLE = (
    HEAD
    + "序号\t工作任务\t责任单位\n"
    + "\n".join(
        [
            "1\t开展燃气安全宣传。\t区应急局、区文旅局",
            "2\t加强燃气管网巡查。\t区建管委",
        ]
    )
    + "\n"
)


def test_a_table_with_a_number_column_and_one_measure_per_row(registry: Registry) -> None:
    table = parse_table_document(decode_source(WIDE.encode(), "wide.txt"))
    assert [(s.number, s.title) for s in table.sections] == [("一", "排查整治"), ("二", "长效管理")]
    assert [(m.ordinal, m.number, m.text) for m in table.measures] == [
        (1, "1", "开展餐饮场所燃气隐患排查。"),
        (2, "2", "整治违规使用瓶装液化气。"),
        (3, "3", "建立燃气安全信息平台。"),
    ]
    assert all(len(m.tasks) == 1 and m.tasks[0].whole_measure for m in table.measures)
    assert (table.measure_column, table.task_column) == (2, 2)
    doc = resolve_document(table, registry)
    got = sorted((a.measure, a.role.value, a.position, a.mention, a.followed_by_etc)
                 for a in doc.assignments)  # fmt: skip
    # read by hand from WIDE above; the deadline column (完成时限) assigns nothing
    assert got == [
        (1, "lead", 1, "区市场监管局", False),
        (1, "support", 1, "区消防救援支队", False),
        (1, "support", 2, "各街道镇", False),
        (2, "lead", 1, "区商务委", False),
        (2, "lead", 2, "区市场监管局", False),
        (2, "support", 1, "区公安分局", True),
        (3, "lead", 1, "区城运中心", False),
    ]


def test_a_responsible_column_leads(registry: Registry) -> None:
    table = parse_table_document(decode_source(RESPONSIBLE.encode(), "resp.txt"))
    doc = resolve_document(table, registry)
    assert len(table.sections) == 1  # no section rows: one untitled section
    assert sorted((a.measure, a.role, a.mention, a.role_word) for a in doc.assignments) == [
        (1, Role.LEAD, "区应急局", "负责"),
        (1, Role.LEAD, "区文旅局", "负责"),
        (2, Role.LEAD, "区建管委", "负责"),
    ]


def test_a_wrong_measure_number_and_a_short_row_are_warnings() -> None:
    # a 序号 column may number rows, not measures: its numbers are labels, not checked
    table = parse_table_document(decode_source(WIDE.replace("\n3\t", "\n7\t").encode(), "w.txt"))
    assert [(m.ordinal, m.number) for m in table.measures] == [(1, "1"), (2, "2"), (3, "7")]
    # a number printed in the measure's own text is the measure's, and checked
    own = WIDE.replace("\t整治违规使用瓶装液化气。", "\t（五）整治违规使用瓶装液化气。")
    checked = parse_table_document(decode_source(own.encode(), "wide.txt"))
    assert any(
        w.line == 12 and "measure numbered （五） (5)" in w.message for w in checked.warnings
    )
    short = WIDE.replace("\t2099年12月底", "")
    read = parse_table_document(decode_source(short.encode(), "wide.txt"))
    assert any(
        "expected 5 (number, measure, lead, support, other)" in w.message for w in read.warnings
    )
    assert len(read.measures) == len(table.measures)  # the short row is read as far as it goes


def test_header_vocabulary_is_closed() -> None:
    """A section row that happens to end in a heading word is not a header."""
    assert is_header_row(["序号", "重点任务", "牵头单位", "配合单位"])
    assert not is_header_row(["一、主要任务", "", "", ""])
    assert not is_header_row(["", "", "", ""])
    assert read_columns([["序号", "重点任务", "完成时限"]]) is None  # no lead column
    seed = read_columns(
        [["本区实施意见", "细化措施", "工作部门", ""], ["", "", "牵头部门", "配合部门"]]
    )
    assert seed is not None
    assert (seed.measure, seed.task, seed.lead, seed.support, seed.width) == (1, 2, 3, 4, 4)
