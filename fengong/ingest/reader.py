"""Reading a source file's bytes into numbered lines: the only place ingest touches the disk."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from fengong.errors import Location, MalformedSourceError

__all__ = ["SourceText", "decode_source", "read_source"]

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class SourceText:
    """A decoded source file: its name as reported in provenance, its digest and its lines."""

    name: str
    sha256: str
    lines: tuple[str, ...]  # without line ends; lines[0] is line 1


def decode_source(data: bytes, name: str) -> SourceText:
    """Decode UTF-8 (with or without BOM, LF or CRLF); other bytes are an error naming the line.

    >>> decode_source("甲\\r\\n乙\\n".encode(), "x.txt").lines
    ('甲', '乙')
    >>> decode_source(b"ok\\n\\xff\\n", "x.txt")
    Traceback (most recent call last):
    ...
    fengong.errors.MalformedSourceError: x.txt:2: not valid UTF-8 (byte 0xff at column 1); ...
    """
    digest = hashlib.sha256(data).hexdigest()
    body = data[len(_BOM) :] if data.startswith(_BOM) else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        line_start = body.rfind(b"\n", 0, err.start) + 1
        line = body.count(b"\n", 0, err.start) + 1
        column = len(body[line_start : err.start].decode("utf-8", errors="replace")) + 1
        raise MalformedSourceError(
            f"not valid UTF-8 (byte 0x{body[err.start]:02x} at column {column}); "
            "save the file as UTF-8",
            Location(name, line),
        ) from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return SourceText(name, digest, tuple(lines))


def read_source(path: Path, name: str | None = None) -> SourceText:
    """Read and decode ``path``; ``name`` is how provenance refers to it (default: file name)."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise MalformedSourceError(
            f"cannot read file: {err.strerror}", Location(str(path))
        ) from None
    return decode_source(data, name or path.name)
