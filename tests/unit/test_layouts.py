"""Every layout against documents written for the tests and read by hand (tests/data/layouts),
and the seed re-published as Word, Excel and HTML with real merged cells."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
import yaml

from fengong.errors import IngestError, UnknownDepartmentError
from fengong.ingest.layout import Layout, parse_source, read_document
from fengong.ingest.reader import decode_source
from fengong.ingest.records import Role
from fengong.ingest.resolve import ResolvedDocument, resolve_document
from fengong.reference import Registry
from tests.conftest import SEED
from tests.conversions import to_docx, to_html, to_xlsx

LAYOUTS = Path(__file__).parents[1] / "data" / "layouts"
#: file → its hand reading (the .docx and the .xlsx hold the same document)
CASES = {
    "inline-municipal.txt": "inline-municipal.txt",
    "inline-numbered.txt": "inline-numbered.txt",
    "table-district.html": "table-district.html",
    "table-district.docx": "table-district.office",
    "table-district.xlsx": "table-district.office",
    "no-head.txt": "no-head.txt",
}


def _read(path: Path, registry: Registry, layout: Layout | None = None) -> ResolvedDocument:
    _, table = read_document(path, path.name, layout)
    return resolve_document(table, registry)


def _rows(doc: ResolvedDocument) -> list[tuple[str, ...]]:
    section = {m.ordinal: s.ordinal for s in doc.table.sections for m in s.measures}
    return sorted(
        (
            str(section[a.measure]),
            str(a.measure),
            str(a.task),
            a.role.value,
            str(a.position),
            a.mention,
            str(a.followed_by_etc).lower(),
            a.basis.value,
        )
        for a in doc.assignments
    )


@pytest.mark.parametrize("name", CASES)
def test_assignments_are_the_hand_reading(name: str, registry: Registry) -> None:
    doc = _read(LAYOUTS / name, registry)
    with (LAYOUTS / f"{CASES[name]}.expected.csv").open(encoding="utf-8") as handle:
        expected = sorted(tuple(row.values()) for row in csv.DictReader(handle))
    assert _rows(doc) == expected


@pytest.mark.parametrize("name", CASES)
def test_metadata_and_counts_are_the_hand_reading(name: str, registry: Registry) -> None:
    doc = _read(LAYOUTS / name, registry)
    expected = yaml.safe_load((LAYOUTS / f"{CASES[name]}.expected.yaml").read_text("utf-8"))
    head = doc.table.head
    assert (head.issuer, head.number, head.date, head.title) == (
        expected["issuer"],
        expected["number"],
        str(expected["date"]),
        expected["title"],
    )
    assert doc.jurisdiction == expected["jurisdiction"]
    assert len(doc.table.sections) == expected["sections"]
    assert len(doc.table.measures) == expected["measures"]
    led = {a.measure for a in doc.assignments if a.role is Role.LEAD}
    without = [m.ordinal for m in doc.table.measures if m.ordinal not in led]
    assert without == expected["measures_without_lead"]


def test_layouts_are_detected(registry: Registry) -> None:
    kinds = {name: _read(LAYOUTS / name, registry).table.layout for name in CASES}
    assert kinds == {
        "inline-municipal.txt": "inline",
        "inline-numbered.txt": "inline",
        "table-district.html": "grid-table",
        "table-district.docx": "grid-table",
        "table-district.xlsx": "grid-table",
        "no-head.txt": "text-table",
    }
    assert _read(LAYOUTS / "inline-numbered.txt", registry).table.encoding == "GB18030"


def test_a_forced_layout_that_does_not_fit_fails_clearly(registry: Registry) -> None:
    with pytest.raises(IngestError, match="no item names a department"):
        _read(LAYOUTS / "table-district.html", registry, Layout.INLINE)
    with pytest.raises(IngestError, match="no table found"):
        _read(LAYOUTS / "inline-municipal.txt", registry, Layout.TABLE)


def test_text_in_no_layout_names_what_was_looked_for() -> None:
    source = decode_source(
        "上海市某某局\n关于某事的说明\n一、总体情况\n我们做了很多工作。\n".encode(), "x.txt"
    )
    with pytest.raises(IngestError, match="nothing readable") as err:
        parse_source(source)
    # what was looked for, and what was found
    assert "looked for" in str(err.value) and "1 section headings" in str(err.value)


def test_inline_measure_is_one_whole_task_with_role_words(registry: Registry) -> None:
    doc = _read(LAYOUTS / "inline-municipal.txt", registry)
    measure = doc.table.measures[7]  # 三、（二） runs over two paragraphs
    assert measure.cited_as == "三、（二）" and len(measure.tasks) == 1
    assert measure.tasks[0].whole_measure
    words = {(a.mention, a.role_word) for a in doc.assignments if a.measure == measure.ordinal}
    assert words == {("市公安局", "分工负责"), ("市市场监管局", "分工负责")}
    # the parenthesis sits on the item's second paragraph: that line is the cell's
    cell = next(a.cell for a in doc.assignments if a.measure == measure.ordinal)
    assert cell.line == measure.line + 2 and cell.column is None


def test_merged_cells_come_from_the_file_not_from_emptiness(registry: Registry) -> None:
    """The HTML has an empty, unmerged support cell under a merged one: it inherits nothing,
    where a text export (which cannot tell) would read it as merged."""
    doc = _read(LAYOUTS / "table-district.html", registry)
    task = doc.table.measures[1].tasks[0]
    assert task.support is None and task.support_merged is False
    assert not [a for a in doc.assignments if (a.measure, a.task, a.role) == (2, 1, Role.SUPPORT)]


def test_errors_in_office_files_name_the_place(tmp_path: Path, registry: Registry) -> None:
    broken = tmp_path / "broken.html"
    text = (LAYOUTS / "table-district.html").read_text(encoding="utf-8")
    broken.write_text(text.replace("（二）", "（九）", 1), encoding="utf-8")
    doc = _read(broken, registry)  # read, numbered in order; the place of the gap is said
    warning = next(w for w in doc.table.warnings if "measure numbered （九）" in w.message)
    assert doc.table.places[warning.line - 1].startswith("table 1, row ")


# the seed in other formats ---------------------------------------------------------------


def _essence(doc: ResolvedDocument) -> tuple[object, ...]:
    """Everything a reader must agree on, without lines (which differ between formats)."""
    table = doc.table
    return (
        doc.key,
        table.head.number,
        table.head.title,
        table.head.date,
        [(s.number, s.title) for s in table.sections],
        [(m.number, m.title, m.text, [t.text for t in m.tasks]) for m in table.measures],
        sorted(
            (
                a.measure,
                a.task,
                a.role.value,
                a.position,
                a.department.id,
                a.mention,
                a.basis.value,
                a.inherited_from_task,
                a.followed_by_etc,
                a.open_ended,
            )
            for a in doc.assignments
        ),
        [(i.number, i.term, i.text) for i in table.notes.items] if table.notes else None,
    )


@pytest.mark.parametrize("convert", [to_docx, to_xlsx, to_html], ids=["docx", "xlsx", "html"])
def test_the_seed_in_every_format_reads_the_same(
    convert: object, tmp_path: Path, seed_resolved: ResolvedDocument, registry: Registry
) -> None:
    suffix = {"to_docx": ".docx", "to_xlsx": ".xlsx", "to_html": ".html"}[convert.__name__]  # type: ignore[attr-defined]
    path = tmp_path / f"seed{suffix}"
    convert(SEED.read_text(encoding="utf-8"), path)  # type: ignore[operator]
    doc = _read(path, registry)
    assert doc.table.layout == "grid-table"
    assert _essence(doc) == _essence(seed_resolved)
    assert len(doc.assignments) == len(seed_resolved.assignments) > 100


def test_a_converted_seed_keeps_its_merges_in_the_file(tmp_path: Path, registry: Registry) -> None:
    """Negative: the same Word table with one merge undone loses exactly that inheritance."""
    import docx

    path = tmp_path / "seed.docx"
    to_docx(SEED.read_text(encoding="utf-8"), path)
    before = _read(path, registry)
    document = docx.Document(str(path))
    for tc in document.tables[0]._tbl.iter_tcs():
        if tc.vMerge == "continue" and tc.grid_offset == 2:  # the first merged lead cell
            tc.vMerge = None
            break
    document.save(str(path))
    after = _read(path, registry)
    lost = {a[:3] for a in _essence(before)[6]} - {a[:3] for a in _essence(after)[6]}  # type: ignore[index]
    assert len(lost) == 1 and next(iter(lost))[2] == "lead"


# metadata ----------------------------------------------------------------------------------


def test_a_table_without_head_builds_with_warnings(tmp_path: Path, registry: Registry) -> None:
    shutil.copy(LAYOUTS / "no-head.txt", tmp_path / "no-head.txt")
    doc = _read(tmp_path / "no-head.txt", registry)  # built; each missing field is a warning
    missing = {w.field for w in doc.table.warnings if w.field}
    assert {"number", "date", "issuer", "title"} <= missing
    assert all(
        "no-head.txt.yaml" in w.message for w in doc.table.warnings if w.field != "jurisdiction"
    )
    assert doc.table.head.number == ""
    # without a 文号: <jurisdiction>-<date or undated>-<digest>, the same whatever the file is
    # called, and another for other content
    assert re.fullmatch(rf"{doc.jurisdiction}-undated-[0-9a-f]{{8}}", doc.key), doc.key
    shutil.copy(tmp_path / "no-head.txt", tmp_path / "renamed.txt")
    assert _read(tmp_path / "renamed.txt", registry).key == doc.key
    (tmp_path / "other.txt").write_text(
        (tmp_path / "no-head.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    assert _read(tmp_path / "other.txt", registry).key != doc.key
    (tmp_path / "no-head.txt.yaml").write_text("number: 普安办〔2099〕13号\n", encoding="utf-8")
    doc = _read(tmp_path / "no-head.txt", registry)  # the sidecar supplies and silences
    assert doc.key == "putuo-anban-2099-13"
    assert "number" not in {w.field for w in doc.table.warnings}


def test_a_sidecar_corrects_the_head_and_says_so(tmp_path: Path, registry: Registry) -> None:
    shutil.copy(LAYOUTS / "table-district.html", tmp_path / "t.html")
    (tmp_path / "t.html.yaml").write_text("date: 2099-06-13\n", encoding="utf-8")
    doc = _read(tmp_path / "t.html", registry)
    assert doc.table.head.date == "2099-06-13" and doc.table.metadata_from == "t.html.yaml"
    assert "date" not in doc.table.head.lines  # the date no longer comes from a line


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("numbr: 普安办〔2099〕13号\n", r"t\.txt\.yaml:1: unknown key 'numbr'"),
        ("issuer: x\ndate: 8 December\n", r"t\.txt\.yaml:2: date '8 December' is not a date"),
        ("date: '2099-02-30'\n", r"t\.txt\.yaml:1: date '2099-02-30' is not a date"),
        ("date: 2099-02-30\n", r"t\.txt\.yaml:1: unreadable metadata file: day is out of range"),
        ("issuer: [unclosed\n", r"t\.txt\.yaml:2: unreadable metadata file"),
        ("layout: diagonal\n", r"unknown layout 'diagonal'"),
    ],
    ids=[
        "unknown-key",
        "bad-date",
        "no-such-day",
        "no-such-day-unquoted",
        "bad-yaml",
        "bad-layout",
    ],
)
def test_sidecar_errors_name_the_file_and_line(
    tmp_path: Path, registry: Registry, text: str, message: str
) -> None:
    shutil.copy(LAYOUTS / "no-head.txt", tmp_path / "t.txt")
    (tmp_path / "t.txt.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(IngestError, match=message):
        _read(tmp_path / "t.txt", registry)


# names the registries do not know -------------------------------------------------------


def test_unknown_departments_are_kept_or_refused(registry: Registry) -> None:
    _, table = read_document(LAYOUTS / "inline-numbered.txt", "inline-numbered.txt")
    kept = resolve_document(table, registry)
    water = [a for a in kept.assignments if a.mention == "区水务局"]
    assert [(a.measure, a.role) for a in water] == [(2, Role.LEAD)]
    assert water[0].department.id == "shanghai-putuo/unregistered/区水务局"
    with pytest.raises(
        UnknownDepartmentError, match=r"inline-numbered\.txt:\d+: unknown department '区水务局'"
    ):
        resolve_document(table, registry, strict=True)


def test_jurisdiction_comes_from_the_issuer_when_the_series_is_unknown(
    registry: Registry,
) -> None:
    doc = _read(LAYOUTS / "inline-municipal.txt", registry)
    assert doc.series is None and doc.key == "沪府办发-2099-12"
    assert doc.jurisdiction == "shanghai"  # 上海市人民政府办公厅
    assert doc.issuer.status == "unregistered"


def test_traditional_characters_are_read_and_kept_as_written() -> None:
    """A mirror's traditional text: roles found through a simplified copy, names as written."""
    text = "一、加強監管\n（一）開展檢查。（市發改委牽頭，市財政局、各區政府配合）\n"
    table = parse_source(decode_source(text.encode(), "t.txt"))
    task = table.measures[0].tasks[0]
    assert task.lead is not None and [m.text for m in task.lead.mentions] == ["市發改委"]
    assert task.support is not None
    assert [m.text for m in task.support.mentions] == ["市財政局", "各區政府"]
    assert table.measures[0].text.startswith("開展檢查")  # the text as written, too
    simplified = parse_source(
        decode_source(
            text.translate(str.maketrans("牽頭財區發監", "牵头财区发监")).encode(), "s.txt"
        )
    )
    assert not any("traditional" in w.message for w in simplified.warnings)
