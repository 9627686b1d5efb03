"""One entry point for every layout: read a file, find its layout, parse it into records.

Readers (``--layout`` names):

* ``table``: a division table, whatever the file: tab-separated text exported like the seed,
  a table flattened with runs of spaces, ``|`` or one cell per line, or a Word, Excel or HTML
  table with real merged cells;
* ``inline``: numbered items in running text, each read by the form its own text shows: a role
  parenthesis with any brackets (（市应急局牵头，市公安局配合）, 〔责任单位：…〕) or labelled lines
  (牵头单位：… / 责任单位：… / 配合单位：…).

The file's format comes from its suffix (.txt, .docx, .xlsx, .html/.htm). Without
``--layout`` (or the sidecar's ``layout``) the readers work on evidence: a header row naming a
lead column sends the document to the table reader first, and running text is read when the
table reader finds no department. What cannot be read becomes a warning with its place; only a
document in which nothing can be read is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from enum import StrEnum
from pathlib import Path

from fengong.errors import FengongError, IngestError, Location, MalformedSourceError
from fengong.ingest.annotations import noise_copy, pinyin_copy
from fengong.ingest.cells import AGENCY_END
from fengong.ingest.flat_tables import normalise_flat_tables
from fengong.ingest.glued_tables import expand_glued_tables, lines_mapped
from fengong.ingest.html import read_html
from fengong.ingest.legacy import LEGACY_SUFFIXES, read_legacy
from fengong.ingest.listing import parse_inline_document
from fengong.ingest.office import read_docx, read_xlsx
from fengong.ingest.pdf import read_pdf
from fengong.ingest.reader import SourceText, read_source
from fengong.ingest.records import ReadingWarning, TableDocument
from fengong.ingest.sidecar import Metadata, read_sidecar, sidecar_path
from fengong.ingest.table import find_table_header, parse_table_document
from fengong.ingest.traditional import read_simplified, simplified_copy, taken_back

__all__ = [
    "SOURCE_SUFFIXES",
    "Layout",
    "parse_source",
    "placed",
    "read_any",
    "read_document",
]


class Layout(StrEnum):
    TABLE = "table"
    INLINE = "inline"


_READERS: dict[str, Callable[[Path, str], SourceText]] = {
    ".txt": read_source,
    ".text": read_source,
    ".docx": read_docx,
    ".xlsx": read_xlsx,
    ".html": read_html,
    ".htm": read_html,
    ".pdf": read_pdf,
    **dict.fromkeys(LEGACY_SUFFIXES, read_legacy),
}
SOURCE_SUFFIXES = frozenset(_READERS)


def read_any(path: Path, name: str) -> SourceText:
    """Read ``path`` with the reader its suffix names."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise MalformedSourceError(
            f"unsupported file type {path.suffix or '(none)'}: fengong reads "
            + ", ".join(sorted(SOURCE_SUFFIXES)),
            Location(name),
        )
    return reader(path, name)


def _mentions(table: TableDocument) -> int:
    return sum(
        len(cell.mentions)
        for m in table.measures
        for t in m.tasks
        for cell in (t.lead, t.support)
        if cell is not None
    )


_MARKED_COPIES = (
    (pinyin_copy, "written with pinyin after characters: read through a copy without it"),
    (noise_copy, "runs of symbols (■◆★) planted in the text: read through a copy without them"),
)


def parse_source(
    source: SourceText, layout: Layout | None = None, metadata: Metadata | None = None
) -> TableDocument:
    """Records of one document, the sidecar applied. Without ``layout`` every reader that
    finds evidence is tried and the reading that names the most departments is kept; a
    document is refused only when no reader finds anything, and the error then says what
    each looked for and what it found."""
    if layout is None and metadata is not None and metadata.layout:
        try:
            layout = Layout(metadata.layout)
        except ValueError:
            raise IngestError(
                f"unknown layout {metadata.layout!r} (known: table, inline)",
                Location(metadata.file),
            ) from None
    # marks a mirror site wrote into the text (發(fā)展, 建设■◆★): read through a copy without
    # them, every string taken back as written
    for make_copy, said in _MARKED_COPIES:
        copy_of = make_copy(source.lines)
        if copy_of is not None:
            table = parse_source(replace(source, lines=copy_of.lines), layout, metadata)
            return replace(
                taken_back(table, copy_of.back),
                warnings=(*table.warnings, ReadingWarning(said)),
            )
    glued = expand_glued_tables(source)
    if glued is not None:  # 序号主要任务牵头单位1…: read through a copy with its cells apart
        table = parse_source(replace(source, lines=glued.lines), layout, metadata)
        return lines_mapped(
            replace(table, warnings=(*glued.warnings, *table.warnings)), glued.original
        )
    copy = simplified_copy(source.lines)
    if copy is not None:  # traditional characters: read through a simplified copy, as written
        table = parse_source(replace(source, lines=copy), layout, metadata)
        return replace(
            read_simplified(table, source.lines, copy),
            warnings=(
                *table.warnings,
                ReadingWarning("written in traditional characters: read through a simplified copy"),
            ),
        )
    flattened, flat_warnings = normalise_flat_tables(source)
    table_first = find_table_header(flattened.lines) is not None
    readers = (
        [layout]
        if layout is not None
        else ([Layout.TABLE, Layout.INLINE] if table_first else [Layout.INLINE])
    )
    readings: list[TableDocument] = []
    failures: list[IngestError] = []
    for reader in readers:
        try:
            if reader is Layout.TABLE:
                table = parse_table_document(flattened, metadata)
                readings.append(
                    replace(table, warnings=(*flat_warnings, *table.warnings))
                    if flat_warnings
                    else table
                )
            else:
                readings.append(parse_inline_document(source, metadata))
        except IngestError as err:
            failures.append(err)
        if readings and _mentions(readings[-1]):
            break  # the first reader that names departments: tables before running text
    if readings:
        return _without_cut_name(max(readings, key=_mentions), source)
    if len(failures) == 1:
        raise failures[0]
    raise IngestError(
        "nothing readable: " + " | ".join(err.message for err in failures),
        Location(source.name, 1),
    )


def _without_cut_name(table: TableDocument, source: SourceText) -> TableDocument:
    """``table`` without a last name that the text breaks off inside (a page saved or copied
    only in part: …市科技局、市人), with a warning: a name is not invented from its start.
    Only the last name of the last task is judged, when the text's last line ends with it and
    it does not end like an agency's name."""
    ending = next(
        (line.rstrip().rstrip("\ufffd") for line in reversed(source.lines) if line.strip()), ""
    )  # a page cut inside a character ends with U+FFFD
    places = [
        (s, m, t)
        for s, section in enumerate(table.sections)
        for m, measure in enumerate(section.measures)
        for t, task in enumerate(measure.tasks)
        if task.lead is not None or task.support is not None
    ]
    if not places:
        return table
    s, m, t = places[-1]
    task = table.sections[s].measures[m].tasks[t]
    role = "support" if task.support is not None else "lead"
    cell = getattr(task, role)
    name = cell.mentions[-1].text if cell.mentions else ""
    broken = name.endswith("\ufffd")  # cut inside a character: 省人� is no name
    name = name.rstrip("\ufffd")
    whole = re.sub(r"[(（][^()（）]*[)）]$", "", name)  # 各县(市、区)政府(管委会): its aside
    complete = len(whole) > 1 and AGENCY_END.search(whole) and not broken
    if not name or not ending.endswith(name) or complete:
        return table
    kept = cell.mentions[:-1]
    section, measure = table.sections[s], table.sections[s].measures[m]
    tasks = list(measure.tasks)
    tasks[t] = replace(task, **{role: replace(cell, mentions=kept) if kept else None})
    measures = list(section.measures)
    measures[m] = replace(measure, tasks=tuple(tasks))
    sections = list(table.sections)
    sections[s] = replace(section, measures=tuple(measures))
    warning = ReadingWarning(f"the text ends inside a name ({name!r}): left out", cell.line)
    return replace(table, sections=tuple(sections), warnings=(*table.warnings, warning))


NOTICE_SUFFIXES = frozenset({".html", ".htm"})
ATTACHMENT_SUFFIXES = (".pdf", ".docx", ".doc", ".wps", ".xlsx", ".xls", ".et", ".rtf")


def attachments(path: Path, metadata: Metadata | None) -> list[Path]:
    """The files that hold a notice page's table: those its sidecar names, else the one beside
    it with the same stem (``t.html`` → ``t.pdf``). A named file that is missing is an error."""
    if path.suffix.lower() not in NOTICE_SUFFIXES:
        return []
    if metadata is not None and metadata.attachments:
        found = [path.with_name(n) for n in metadata.attachments]
        missing = [p.name for p in found if not p.is_file()]
        if missing:
            raise IngestError(
                f"attachment {missing[0]} is not beside the page", Location(metadata.file)
            )
        return found
    return [
        candidate
        for suffix in ATTACHMENT_SUFFIXES
        for spelled in (suffix, suffix.upper())  # t.html beside T.PDF or t.PDF
        if (candidate := path.with_suffix(spelled)).is_file()
    ][:1]


def with_attachments(notice: SourceText, parts: list[tuple[str, SourceText]]) -> SourceText:
    """The notice's lines, then each attachment's, every place naming its file; the digest
    covers them all."""
    import hashlib

    lines, places = (
        list(notice.lines),
        list(notice.places or [f"line {n}" for n in range(1, len(notice.lines) + 1)]),
    )
    merged: set[tuple[int, int]] | None = set(notice.merged or ())
    notes = list(notice.notes)
    cell_lines = list(notice.cell_lines)
    digest = hashlib.sha256(notice.sha256.encode())
    for shown, part in parts:
        offset = len(lines)
        lines += part.lines
        own = part.places or tuple(f"line {n}" for n in range(1, len(part.lines) + 1))
        places += [f"{shown}, {place}" for place in own]
        if part.merged is None:
            merged = None
        elif merged is not None:
            merged.update((line + offset, column) for line, column in part.merged)
        notes += [f"{shown}: {note}" for note in part.notes]
        cell_lines += [(line + offset, column, texts) for line, column, texts in part.cell_lines]
        digest.update(part.sha256.encode())
    return replace(
        notice,
        sha256=digest.hexdigest(),
        lines=tuple(lines),
        places=tuple(places),
        merged=None if merged is None else frozenset(merged),
        notes=tuple(notes),
        cell_lines=tuple(cell_lines),
        attachments=tuple(name for name, _ in parts),
    )


def read_document(
    path: Path, name: str, layout: Layout | None = None
) -> tuple[SourceText, TableDocument]:
    """Read, detect, parse: a file on disk to its source text and records; a notice page with
    its attachments is one document."""
    source = read_any(path, name)
    sidecar = sidecar_path(path)
    metadata = None
    if sidecar is not None:
        shown = str(Path(name).with_name(sidecar.name))
        metadata = read_sidecar(sidecar, shown)
    files = attachments(path, metadata)
    if files:
        parts = []
        for file in files:
            shown = str(Path(name).with_name(file.name))
            parts.append((file.name, read_any(file, shown)))
        source = with_attachments(source, parts)
    try:
        table = parse_source(source, layout, metadata)
    except FengongError as err:
        if source.notes:  # what the file's reader said explains why nothing could be read
            err.message += " (" + "; ".join(source.notes) + ")"
            err.args = (f"{err.location}: {err.message}" if err.location else err.message,)
        raise placed(err, source) from None
    if source.notes:
        said = tuple(ReadingWarning(note) for note in source.notes)
        table = replace(table, warnings=(*said, *table.warnings))
    if source.cell_lines:
        table = replace(table, cell_lines=source.cell_lines)
    return source, table


def placed(err: FengongError, source: SourceText) -> FengongError:
    """The error with its line put the way a person finds it in a Word, Excel or HTML file."""
    where = err.location
    if not source.places or where is None or where.file != source.name or where.line is None:
        return err
    if not 0 < where.line <= len(source.places):
        return err
    err.location = Location(f"{where.file} ({source.place(where.line, where.column)})")
    err.args = (f"{err.location}: {err.message}",)
    return err
