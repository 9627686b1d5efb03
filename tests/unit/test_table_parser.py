"""The seed table parsed into records; expectations read by hand from the source document."""

from __future__ import annotations

import pytest

from fengong.errors import MalformedSourceError
from fengong.graph.iris import Iris
from fengong.graph.reading import read_text
from fengong.ingest import decode_source, parse_table_document
from fengong.ingest.records import TableDocument
from fengong.reference import Registry

# Read by hand from data/sources/putuo-anban-2020-18.txt (`cat -n`).
SECTIONS = {
    1: ("强化依法治理", 27, [1, 2]),
    2: ("强化责任落实", 36, [3, 4, 5]),
    3: ("强化源头管控", 45, [6, 7, 8]),
    4: ("强化风险防控", 54, [9, 10, 11, 12, 13, 14]),
    5: ("强化科技支撑", 83, [15, 16, 17]),
    6: ("强化能力建设", 92, [18, 19, 20, 21]),
    7: ("强化应急救援", 105, [22, 23]),
    8: ("强化社会共治", 114, [24, 25, 26, 27]),
}
TASKS_PER_MEASURE = [
    2,
    3,
    2,
    2,
    1,
    2,
    2,
    1,
    2,
    4,
    2,
    1,
    3,
    4,
    1,
    3,
    1,
    3,
    1,
    1,
    1,
    3,
    2,
    1,
    1,
    2,
    3,
]


def test_counts(seed_table: TableDocument) -> None:
    assert len(seed_table.sections) == 8
    assert len(seed_table.measures) == 27
    assert sum(len(m.tasks) for m in seed_table.measures) == 54


def test_sections(seed_table: TableDocument) -> None:
    for section in seed_table.sections:
        title, line, measures = SECTIONS[section.ordinal]
        assert (section.title, section.line) == (title, line)
        assert [m.ordinal for m in section.measures] == measures


def test_tasks_per_measure(seed_table: TableDocument) -> None:
    assert [len(m.tasks) for m in seed_table.measures] == TASKS_PER_MEASURE
    for measure in seed_table.measures:
        assert [t.ordinal for t in measure.tasks] == list(range(1, len(measure.tasks) + 1))


@pytest.mark.parametrize(
    ("ordinal", "number", "title", "line"),
    [
        (1, "(一)", "完善制度建设和执行", 28),
        (5, "（五）", "强化企业安全生产主体责任", 44),  # full-width brackets
        (6, "（六）", "深化产业规划布局调整", 46),  # no full stop after the title in the source
        (7, "(七)", "深化“目录化”“清单式”管理", 51),
        (14, "（十四）", "强化危险废物监管", 76),
        (27, "(二十七)", "加大激励保障力度", 125),
    ],
)
def test_measure_rows(
    seed_table: TableDocument, ordinal: int, number: str, title: str, line: int
) -> None:
    measure = seed_table.measures[ordinal - 1]
    assert (measure.ordinal, measure.number, measure.title, measure.line) == (
        ordinal,
        number,
        title,
        line,
    )


def test_continuation_rows_are_tasks_of_the_measure_above(seed_table: TableDocument) -> None:
    measure = seed_table.measures[9]  # (十) has four tasks on lines 60-63
    assert [t.line for t in measure.tasks] == [60, 61, 62, 63]
    assert measure.tasks[1].text.startswith("规范汽车加氢站")


def test_page_headers_are_skipped(seed_table: TableDocument) -> None:
    lines = {t.line for m in seed_table.measures for t in m.tasks}
    assert not lines & {25, 26, 34, 35, 42, 43, 49, 50}


def test_head(seed_table: TableDocument) -> None:
    head = seed_table.head
    assert head.issuer == "上海市普陀区安全生产委员会办公室"
    assert head.number == "普安办〔2020〕18号"
    assert (
        head.title == "区安全生产委员会办公室关于印发普陀区全面加强危险化学品安全生产工作实施意见"
    )
    assert head.recipients == ("各安委会相关成员单位", "各街道镇")
    assert head.date == "2020-12-08"
    assert head.print_date == "2020-12-08"
    assert head.copies == 40
    assert head.table_title == "普陀区全面加强危险化学品安全生产工作实施意见工作措施和部门分工表"
    assert [c.title for c in head.applies] == ["上海市全面加强危险化学品安全生产工作实施意见"]
    assert [c.title for c in head.based_on] == [
        "上海市全面加强危险化学品安全生产工作实施意见工作措施和部门分工表"
    ]
    assert head.lines["number"] == 5 and head.lines["copies"] == 21


def test_notes(seed_table: TableDocument) -> None:
    notes = seed_table.notes
    assert notes is not None
    assert [(i.number, i.term, i.line) for i in notes.items] == [
        (1, "应急管理部门", 131),
        (2, "安全监管部门", 132),
        (3, "对行业、系统负有安全管理职责的部门", 133),
    ]
    assert notes.items[1].text.startswith("应急、公安、交通、海事、质量技监")
    cited = notes.quoted_from
    assert cited is not None
    assert (cited.title, cited.number, cited.article, cited.line) == (
        "上海市危险化学品安全管理办法",
        "沪府令第44号",
        4,
        135,
    )


def test_citations_and_slogans(seed_table: TableDocument) -> None:
    task = seed_table.measures[3].tasks[0]  # (四) task 1, line 39
    assert [c.title for c in task.features.citations] == [
        "危险化学品安全管理条例",
        "上海市危险化学品安全管理办法",
    ]
    assert task.features.slogans == ("管行业必须管安全、管业务必须管安全、管生产经营必须管安全",)
    measure2 = seed_table.measures[1]
    assert measure2.features.slogans == ("双随机一公开", "四不放过", "依法依规、实事求是、注重实效")


# --- malformed input ------------------------------------------------------------------------


def _seed_lines() -> list[str]:
    from tests.conftest import SEED

    return SEED.read_text(encoding="utf-8").split("\n")


def _parse(lines: list[str]) -> TableDocument:
    return parse_table_document(decode_source("\n".join(lines).encode(), "bad.txt"))


def test_truncated_row_names_the_line() -> None:
    lines = _seed_lines()
    lines[59] = lines[59].split("\t")[0][:40]  # line 60 cut off mid-cell
    table = _parse(lines)  # read as far as it goes, and said where
    assert _warned(table, 60, "1 column(s), expected 4")


def test_wrong_column_count_names_the_line() -> None:
    lines = _seed_lines()
    lines[30] += "\t额外"  # line 31 gets a fifth column
    assert _warned(_parse(lines), 31, "table row has 5 column")


def test_unbalanced_markup_names_the_cell() -> None:
    lines = _seed_lines()
    lines[43] = lines[43].replace("</p>\t", "\t", 1)  # line 44: first cell loses its </p>
    assert _warned(_parse(lines), 44, "unbalanced <p>")


def test_non_utf8_bytes_name_the_line() -> None:
    data = "\n".join(_seed_lines()).encode()
    bad = data.replace("区商务委".encode(), "区商务委".encode("gbk"), 1)
    with pytest.raises(MalformedSourceError, match=r"^bad\.txt:46: not valid UTF-8"):
        parse_table_document(decode_source(bad, "bad.txt"))


def test_measure_numbering_gap_is_an_error() -> None:
    lines = _seed_lines()
    lines[52] = lines[52].replace("(八)", "(九)", 1)
    table = _parse(lines)  # numbered in order, and the gap reported
    assert _warned(table, 53, "measure numbered (九) (9) where 8")
    assert [m.ordinal for m in table.measures] == list(range(1, 28))


def test_continuation_row_without_task_text_is_an_error() -> None:
    lines = _seed_lines()
    lines[30] = "\t\t区应急局\t"
    table = _parse(lines)  # the row is left out, and said so; the rest is read
    assert _warned(table, 31, "row has no refined task")
    assert all(t.line != 31 for m in table.measures for t in m.tasks)


def test_crlf_and_bom_read_the_same(seed_table: TableDocument) -> None:
    data = "\r\n".join(_seed_lines()).encode()
    again = parse_table_document(decode_source(b"\xef\xbb\xbf" + data, seed_table.file))
    assert again.sections == seed_table.sections and again.head == seed_table.head


# head lines out of order: found by the fuzzer (tests/fuzz), which once ended in StopIteration;
# now the head is read field by field, and what cannot be read is a warning, never a refusal
@pytest.mark.parametrize(
    ("edit", "field"),
    [
        ({11: ""}, None),
        ({7: "2020年12月8日", 15: "区安全生产委员会办公室关于印发…"}, None),
        ({15: "2020年12月8日印发", 19: "2020年12月8日"}, None),
        ({5: ""}, "number"),
    ],
    ids=["no-body", "date-above-title", "printed-before-signed", "no-number"],
)
def test_head_lines_out_of_order_are_read_field_by_field(
    edit: dict[int, str], field: str | None
) -> None:
    lines = _seed_lines()
    for line, text in edit.items():
        lines[line - 1] = text
    table = _parse(lines)
    assert len(table.measures) == 27  # the table is read whatever the head
    assert table.head.date == "2020-12-08"
    if field is None:
        assert table.head.number == "普安办〔2020〕18号"
    else:
        assert table.head.number == ""
        assert any(w.field == field and "bad.txt.yaml" in w.message
                   for w in table.warnings)  # fmt: skip


def _warned(table: TableDocument, line: int, text: str) -> bool:
    """Whether the reader reported ``text`` at ``line``."""
    return any(w.line == line and text in w.message for w in table.warnings)


def test_a_short_row_is_built_with_its_line_as_the_span(registry: Registry) -> None:
    """Found by the fuzzer: a row read as far as it went (fewer cells than the header) made the
    span's cell lookup fail once rows were no longer refused."""
    lines = _seed_lines()
    lines[59] = lines[59].split("\t")[0][:40]  # line 60 cut off mid-cell
    read = read_text(decode_source("\n".join(lines).encode(), "bad.txt"), registry, Iris())
    assert read.resolved.table.warnings and b"reading-warning/1" in read.own
