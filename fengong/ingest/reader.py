"""Reading a source file's bytes into numbered lines: the only place ingest touches the disk."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from fengong.errors import Location, MalformedSourceError

__all__ = ["SourceText", "decode_source", "read_bytes", "read_source"]

#: Byte-order marks, longest first (UTF-32 is not expected from any export).
_BOMS = (
    (b"\x84\x31\x95\x33", "GB18030", "gb18030"),
    (b"\xef\xbb\xbf", "UTF-8", "utf-8"),
    (b"\xff\xfe", "UTF-16", "utf-16-le"),
    (b"\xfe\xff", "UTF-16", "utf-16-be"),
)
#: A file of GB18030 text must have most of its ideographs among the 3,755 common characters of
#: GB 2312 level 1: real text does (the seed: 99.99 %), UTF-8 bytes misread as GB18030 do not
#: (the seed: 10 %). Lines and cells are not judged by frequency: place and personal names
#: (盱眙县、岢岚县, 王梓萱) are legitimately rare; a UTF-8 cell is recognised as UTF-8 instead.
_CHECKED_IDEOGRAPHS = 4
_COMMON_SHARE = 0.5
_UTF8_IDEOGRAPH = re.compile("[\u4e00-\u9fff]")


def _utf8_cell(raw: bytes) -> bool:
    """Whether a cell's bytes are UTF-8 Chinese: GBK text almost never is valid UTF-8 with
    ideographs in it, so this finds a UTF-8 cell in a GBK file however short (牵头)."""
    try:
        return _UTF8_IDEOGRAPH.search(raw.decode("utf-8")) is not None
    except UnicodeDecodeError:
        return False


@dataclass(frozen=True)
class SourceText:
    """A decoded source file: its name as reported in provenance, its digest and its lines.

    Text files are their lines. Word, Excel and HTML files are flattened into the same shape
    (one line per paragraph or table row, cells separated by tabs) by :mod:`fengong.ingest.grid`,
    which also keeps where each line sits in the original (``places``) and which cells continue
    a merged cell (``merged``), because those formats say so instead of leaving cells empty.
    """

    name: str
    sha256: str
    lines: tuple[str, ...]  # without line ends; lines[0] is line 1
    encoding: str = "UTF-8"  # as detected: UTF-8, GB18030 (which covers GBK and GB 2312), UTF-16
    media_type: str = "text/plain"
    places: tuple[str, ...] = ()  # per line, where it is in a non-text file ("table 1, row 5")
    merged: frozenset[tuple[int, int]] | None = None  # (line, column) continuing a merged cell
    # None: the format does not say (text exports), so empty cells are read as merged ones
    notes: tuple[str, ...] = ()  # what the file's reader could not read or had to decide
    # (a scanned page, a row broken over a page break), each saying its place
    cell_lines: tuple[tuple[int, int, tuple[str, ...]], ...] = ()  # (line, column, the cell's
    # visual lines) for cells drawn on several lines (PDF): where in its cell a name stands
    attachments: tuple[str, ...] = ()  # file names of the attachments read after a notice's
    # own lines (beside it): the files, with it, that this text was read from

    def place(self, line: int, column: int | None = None) -> str:
        """Where a line (or a cell) is, the way a person finds it in the original file."""
        if not self.places:
            return f"line {line}" + (f", column {column}" if column else "")
        return self.places[line - 1] + (f", cell {column}" if column else "")


def _common_share(text: str) -> tuple[int, float]:
    """How many CJK ideographs ``text`` has, and the share of them in GB 2312 level 1."""
    ideographs = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    common = sum(
        0xB0 <= code[0] <= 0xD7
        for code in (c.encode("gb2312", errors="ignore") for c in ideographs)
        if code
    )
    return len(ideographs), (common / len(ideographs) if ideographs else 1.0)


def _utf8_error(body: bytes, err: UnicodeDecodeError, name: str) -> MalformedSourceError:
    line_start = body.rfind(b"\n", 0, err.start) + 1
    line = body.count(b"\n", 0, err.start) + 1
    column = len(body[line_start : err.start].decode("utf-8", errors="replace")) + 1
    return MalformedSourceError(
        f"not valid UTF-8 (byte 0x{body[err.start]:02x} at column {column}), nor GB18030 "
        "(GBK) text; save the file as UTF-8, and check it does not mix two encodings",
        Location(name, line),
    )


def _decode_gb18030(body: bytes, name: str) -> str | None:
    """The text if ``body`` reads as Chinese in GB18030, else None; raises naming the line
    when the file is GB18030 apart from some lines (two encodings mixed)."""
    count, share = _common_share(body.decode("gb18030", errors="replace"))
    if count < _CHECKED_IDEOGRAPHS or share < _COMMON_SHARE:
        return None
    # 0x0A and 0x0D are never part of a GB18030 character: the bytes split into lines safely
    lines = body.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    for number, raw in enumerate(lines, start=1):
        try:
            raw.decode("gb18030")
            foreign = any(_utf8_cell(cell) for cell in raw.split(b"\t"))
        except UnicodeDecodeError:
            foreign = True
        if foreign:
            raise MalformedSourceError(
                "this line does not read as GB18030 (GBK) text like the rest of the file: "
                "two encodings mixed? Save the whole file as UTF-8",
                Location(name, number),
            )
    return body.decode("gb18030")


def _line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_source(data: bytes, name: str) -> SourceText:
    """Decode UTF-8, else GB18030 (GBK); a byte-order mark decides when there is one. Line ends
    may be LF, CRLF or CR. Bytes that are neither are an error naming the line.

    >>> decode_source("甲\\r\\n乙\\n".encode(), "x.txt").lines
    ('甲', '乙')
    >>> decode_source("普陀区安全生产委员会办公室\\n".encode("gbk"), "x.txt").encoding
    'GB18030'
    >>> decode_source(b"ok\\n\\xff\\n", "x.txt")
    Traceback (most recent call last):
    ...
    fengong.errors.MalformedSourceError: x.txt:2: not valid UTF-8 (byte 0xff at column 1), nor ...
    """
    digest = hashlib.sha256(data).hexdigest()
    encoding, codec, body = next(
        ((enc, codec, data[len(bom) :]) for bom, enc, codec in _BOMS if data.startswith(bom)),
        (None, "utf-8", data),
    )
    try:
        if encoding is not None:
            text = body.decode(codec)
        else:
            try:
                encoding, text = "UTF-8", body.decode("utf-8")
            except UnicodeDecodeError as err:
                gb = _decode_gb18030(body, name)
                if gb is None:
                    raise _utf8_error(body, err, name) from None
                encoding, text = "GB18030", gb
    except UnicodeDecodeError as err:  # a byte-order mark that the rest does not honour
        before = body[: err.start].decode(codec, errors="replace")
        raise MalformedSourceError(
            f"not valid {encoding} after its byte-order mark (byte offset {err.start})",
            Location(name, _line_ends(before).count("\n") + 1),
        ) from None
    text = _line_ends(text)
    nul = text.find("\0")
    if nul >= 0:
        raise MalformedSourceError(
            "NUL character: a binary file, or UTF-16 saved without a byte-order mark?",
            Location(name, text.count("\n", 0, nul) + 1),
        )
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return SourceText(name, digest, tuple(lines), encoding)


def read_source(path: Path, name: str | None = None) -> SourceText:
    """Read and decode ``path``; ``name`` is how provenance refers to it (default: file name)."""
    return decode_source(read_bytes(path, str(path)), name or path.name)


def read_bytes(path: Path, name: str) -> bytes:
    """A source file's bytes, read once; an unreadable file is an error naming it."""
    try:
        return path.read_bytes()
    except OSError as err:
        raise MalformedSourceError(f"cannot read file: {err.strerror}", Location(name)) from None
