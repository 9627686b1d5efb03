"""Document metadata supplied beside a source file, for heads that are missing or misread.

A source ``foo.docx`` may have ``foo.docx.yaml`` (or ``foo.yaml``) next to it::

    issuer: 上海市普陀区安全生产委员会办公室
    number: 普安办〔2020〕18号
    date: 2020-12-08
    title: 关于印发……的通知
    jurisdiction: shanghai-putuo      # an id of data/reference/jurisdictions.csv
    layout: table                     # optional: overrides detection (see fengong.ingest.layout)
    implements: [上海市全面加强危险化学品安全生产工作实施意见]   # titles of applied documents
    attachments: [附件1：分工表.pdf]   # files beside a notice page that hold its table

A notice page (``.html``) and a file beside it with the same stem (``t.html`` and ``t.pdf``) or
named under ``attachments`` are one document: the head comes from the page, the table from the
attachment.

What the file gives wins over what the head says, and the graph records that the metadata
came from the sidecar.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from pathlib import Path

import yaml

from fengong.errors import IngestError, Location

__all__ = ["Metadata", "read_sidecar", "sidecar_path"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Metadata:
    file: str  # the sidecar's name, for provenance and messages
    issuer: str | None = None
    number: str | None = None
    date: str | None = None  # ISO 8601
    title: str | None = None
    table_title: str | None = None
    signatory: str | None = None
    jurisdiction: str | None = None
    layout: str | None = None
    implements: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()  # file names beside the page, in order


def sidecar_path(source: Path) -> Path | None:
    """``foo.docx.yaml``, else ``foo.yaml``, if either exists."""
    for candidate in (
        source.with_name(source.name + ".yaml"),
        source.with_name(source.name + ".yml"),
        source.with_suffix(".yaml"),
    ):
        if candidate != source and candidate.is_file():
            return candidate
    return None


def read_sidecar(path: Path, name: str) -> Metadata:
    """Read and check a sidecar; errors name the file and the key's line."""
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)  # syntax only: no values built yet
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        mark = getattr(err, "problem_mark", None)
        raise IngestError(
            f"unreadable metadata file: {getattr(err, 'problem', None) or err}",
            Location(name, mark.line + 1 if mark else None),
        ) from None
    lines = (
        {key.value: key.start_mark.line + 1 for key, _ in node.value}
        if isinstance(node, yaml.MappingNode)
        else {}
    )
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as err:  # PyYAML builds dates: 2099-02-30 fails here
        raise IngestError(
            f"unreadable metadata file: {err}", Location(name, lines.get("date"))
        ) from None
    if data is None:
        return Metadata(name)
    if not isinstance(data, dict):
        raise IngestError("metadata must be a mapping of keys to values", Location(name, 1))
    known = {f.name for f in fields(Metadata)} - {"file"}
    values: dict[str, object] = {}
    for key, value in data.items():
        where = Location(name, lines.get(str(key)))
        if key not in known:
            raise IngestError(f"unknown key {key!r}; known keys: {', '.join(sorted(known))}", where)
        if key == "implements":
            items = value if isinstance(value, list) else [value]
            values[key] = tuple(str(v).strip("《》 ") for v in items if v)
        elif key == "attachments":
            items = value if isinstance(value, list) else [value]
            names = tuple(str(v).strip() for v in items if v)
            bad = [n for n in names if Path(n).name != n or n.startswith(".")]
            if bad:
                raise IngestError(
                    f"attachment {bad[0]!r} must be a file name beside the page, not a path",
                    where,
                )
            values[key] = names
        elif key == "date":
            text_value = value.isoformat() if isinstance(value, dt.date) else str(value)
            try:
                dt.date.fromisoformat(text_value)
                valid = bool(_DATE.match(text_value))
            except ValueError:
                valid = False
            if not valid:
                raise IngestError(f"date {value!r} is not a date written YYYY-MM-DD", where)
            values[key] = text_value
        elif value is not None:
            values[key] = str(value).strip()
    return Metadata(name, **values)  # type: ignore[arg-type]
