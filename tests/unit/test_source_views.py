"""The build keeps each document's text as read (fengong.graph.source_views): the source view
shows facts in place from it, so it must hold every line as read, with its place, and be the
same bytes for the same input."""

from __future__ import annotations

import json
from pathlib import Path

from fengong.graph.source_views import VIEW_FORMAT, SourceView, view_json, write_source_views
from fengong.ingest import SourceText

TABLE = SourceText(
    name="src/notice.docx",
    sha256="ab" * 32,
    lines=("关于印发的通知", "序号\t工作任务\t牵头单位", "1\t建立台账\t区应急局"),
    media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    places=("paragraph 1", "table 1, row 1", "table 1, row 2"),
    notes=("table 1, row 2: a row broken over a page break was joined",),
)


def test_every_line_is_kept_with_its_cells_and_place(tmp_path: Path) -> None:
    source = tmp_path / "notice.docx"
    source.write_bytes(b"PK\x03\x04 not really a docx")
    folder = write_source_views([SourceView("notice-2024-1", TABLE, source)], tmp_path / "out")
    view = json.loads((folder / "notice-2024-1.json").read_text(encoding="utf-8"))
    assert view["format"] == VIEW_FORMAT and view["file"] == "src/notice.docx"
    assert [line["cells"] for line in view["lines"]] == [
        ["关于印发的通知"], ["序号", "工作任务", "牵头单位"], ["1", "建立台账", "区应急局"]]  # fmt: skip
    assert [line["place"] for line in view["lines"]] == list(TABLE.places)
    assert [line["n"] for line in view["lines"]] == [1, 2, 3]  # provenance counts from 1
    assert view["notes"] == list(TABLE.notes)
    assert (folder / "notice-2024-1" / "notice.docx").read_bytes() == source.read_bytes()
    assert view["originals"] == ["notice.docx"]


def test_a_notice_keeps_its_attachments_as_published(tmp_path: Path) -> None:
    """A notice page's table is read from its attachment: the attachment is what a researcher
    must see, so it is kept beside the page (the first version kept the page alone)."""
    (tmp_path / "t.html").write_text("<p>通知</p>", encoding="utf-8")
    (tmp_path / "t.pdf").write_bytes(b"%PDF-1.7 the table")
    text = SourceText(name="src/t.html", sha256="c" * 64, lines=("通知", "1\t建立台账\t区应急局"),
                      attachments=("t.pdf",))  # fmt: skip
    folder = write_source_views([SourceView("t", text, tmp_path / "t.html")], tmp_path / "out")
    view = json.loads((folder / "t.json").read_text(encoding="utf-8"))
    assert view["originals"] == ["t.html", "t.pdf"]
    assert (folder / "t" / "t.pdf").read_bytes() == b"%PDF-1.7 the table"


def test_a_text_file_has_no_places() -> None:
    text = SourceText(name="a.txt", sha256="0" * 64, lines=("一", "二\t三"))
    view = json.loads(view_json(SourceView("a", text)))
    assert all("place" not in line for line in view["lines"])
    assert view["originals"] == []


def test_the_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    first = view_json(SourceView("k", TABLE))
    again = view_json(SourceView("k", TABLE))
    assert first == again and first.endswith("\n")
    changed = view_json(SourceView("k", TABLE.__class__(**{**TABLE.__dict__, "lines": (
        "关于印发的通知", "序号\t工作任务\t牵头单位", "1\t建立台账\t区财政局")})))  # fmt: skip
    assert changed != first  # the check can fail: another reading, other bytes
