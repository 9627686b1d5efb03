"""One entry point for every layout: read a file, find its layout, parse it into records.

Layouts (``--layout`` names):

* ``table``: a division table, whatever the file: tab-separated text exported like the seed,
  or a Word, Excel or HTML table with real merged cells;
* ``inline``: numbered measures in running text, each ending in an assignment parenthesis.

The file's format comes from its suffix (.txt, .docx, .xlsx, .html/.htm); the layout is
detected from the content (a header row with 牵头 is a table; numbered items ending in role
parentheses are an inline list) unless ``--layout`` or the sidecar's ``layout`` says.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from fengong.errors import FengongError, IngestError, Location, MalformedSourceError
from fengong.ingest.html import read_html
from fengong.ingest.listing import count_inline_items, parse_inline_document
from fengong.ingest.office import read_docx, read_xlsx
from fengong.ingest.reader import SourceText, read_source
from fengong.ingest.records import TableDocument
from fengong.ingest.sidecar import Metadata, read_sidecar, sidecar_path
from fengong.ingest.table import find_table_header, parse_table_document

__all__ = [
    "SOURCE_SUFFIXES",
    "Layout",
    "detect_layout",
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


def detect_layout(source: SourceText) -> Layout:
    """A table when there is a header row naming 牵头; else inline when items end in role
    parentheses; else an error saying what was looked for."""
    if find_table_header(source.lines) is not None:
        return Layout.TABLE
    if count_inline_items(source.lines):
        return Layout.INLINE
    raise IngestError(
        "cannot tell the layout: no table header (a row with 牵头部门 or 牵头单位) and no "
        "numbered item ending in an assignment such as （市应急局牵头，市公安局配合）; "
        "give --layout table|inline, or `layout:` in a sidecar YAML",
        Location(source.name, 1),
    )


def parse_source(
    source: SourceText, layout: Layout | None = None, metadata: Metadata | None = None
) -> TableDocument:
    """Records of one document in ``layout`` (detected when None), the sidecar applied."""
    if layout is None and metadata is not None and metadata.layout:
        try:
            layout = Layout(metadata.layout)
        except ValueError:
            raise IngestError(
                f"unknown layout {metadata.layout!r} (known: table, inline)",
                Location(metadata.file),
            ) from None
    layout = layout or detect_layout(source)
    parse = parse_table_document if layout is Layout.TABLE else parse_inline_document
    return parse(source, metadata)


def read_document(
    path: Path, name: str, layout: Layout | None = None
) -> tuple[SourceText, TableDocument]:
    """Read, detect, parse: a file on disk to its source text and records."""
    source = read_any(path, name)
    sidecar = sidecar_path(path)
    metadata = None
    if sidecar is not None:
        shown = str(Path(name).with_name(sidecar.name))
        metadata = read_sidecar(sidecar, shown)
    try:
        return source, parse_source(source, layout, metadata)
    except FengongError as err:
        raise placed(err, source) from None


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
