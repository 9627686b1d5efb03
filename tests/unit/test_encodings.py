"""Encodings as government sites publish them: the seed re-encoded must read the same, and a
file that is neither UTF-8 nor GB18030, or mixes the two, is refused naming the line."""

from __future__ import annotations

import pytest

from fengong.errors import MalformedSourceError
from fengong.ingest import decode_source, parse_table_document
from fengong.ingest.records import TableDocument
from fengong.ingest.resolve import resolve_document
from fengong.reference import Registry
from tests.conftest import SEED

NAME = "data/sources/putuo-anban-2020-18.txt"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_bytes().decode("utf-8")


def _same_content(data: bytes, expected: TableDocument) -> TableDocument:
    table = parse_table_document(decode_source(data, NAME))
    assert (table.head, table.sections, table.notes) == (
        expected.head,
        expected.sections,
        expected.notes,
    )
    return table


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda t: t.encode("gbk"), "GB18030"),
        (lambda t: t.encode("gb18030"), "GB18030"),
        (lambda t: b"\x84\x31\x95\x33" + t.encode("gb18030"), "GB18030"),
        (lambda t: t.encode("utf-16"), "UTF-16"),  # Word's "Unicode text": a BOM, then UTF-16LE
        (lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode(), "UTF-8"),
        (lambda t: t.replace("\n", "\r").encode(), "UTF-8"),  # classic Mac line ends
    ],
    ids=["gbk", "gb18030", "gb18030-bom", "utf16-bom", "utf8-bom-crlf", "cr"],
)
def test_the_seed_reads_the_same_in_every_encoding(
    seed_text: str, seed_table: TableDocument, encode, encoding: str
) -> None:
    table = _same_content(encode(seed_text), seed_table)
    assert table.encoding == encoding


def test_full_width_digits_give_the_same_numbers_and_dates(
    seed_text: str, seed_table: TableDocument, registry: Registry
) -> None:
    table = parse_table_document(decode_source(seed_text.translate(FULL_WIDTH).encode(), NAME))
    assert table.head.number == "普安办〔2020〕18号"
    assert table.head.date == "2020-12-08"
    assert [i.number for i in table.notes.items] == [i.number for i in seed_table.notes.items]
    assert table.notes.quoted_from.number == "沪府令第44号"
    resolved, expected = resolve_document(table, registry), resolve_document(seed_table, registry)
    assert resolved.key == expected.key
    assert resolved.assignments == expected.assignments


def test_the_encoding_is_recorded_as_provenance(seed_build) -> None:
    from fengong.graph.namespaces import CNT

    values = {str(o) for o in seed_build.asserted.objects(None, CNT.characterEncoding)}
    assert values == {"UTF-8"}


def test_a_utf8_line_in_a_gbk_file_is_named(seed_text: str) -> None:
    lines = seed_text.split("\n")
    data = b"\n".join(
        line.encode("utf-8") if number == 46 else line.encode("gbk")
        for number, line in enumerate(lines, start=1)
    )
    with pytest.raises(
        MalformedSourceError, match=r"^x\.txt:46: this line does not read as GB18030"
    ):
        decode_source(data, "x.txt")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("普陀区安全生产委员会办公室".encode("big5", errors="replace") + b"\n", "not valid UTF-8"),
        (b"abc\n\xff\xfe\xfd\n", r"x\.txt:2: not valid UTF-8"),
        ("甲\n乙\0丙\n".encode(), r"x\.txt:2: NUL character"),
        ("甲\n乙\n".encode("utf-16-le"), "NUL character"),  # UTF-16 without its mark
        (b"\xef\xbb\xbf\xff\n", "not valid UTF-8 after its byte-order mark"),
    ],
    ids=["big5", "binary", "nul", "utf16-no-bom", "bom-then-junk"],
)
def test_other_bytes_are_refused_with_the_line(data: bytes, message: str) -> None:
    with pytest.raises(MalformedSourceError, match=message):
        decode_source(data, "x.txt")


def test_utf16_big_endian_reads_the_same(seed_text: str, seed_table: TableDocument) -> None:
    table = _same_content(b"\xfe\xff" + seed_text.encode("utf-16-be"), seed_table)
    assert table.encoding == "UTF-16"


@pytest.mark.parametrize("cell", ["牵头", "配合", "区应急局"])
def test_a_short_utf8_cell_in_a_gbk_file_is_named(seed_text: str, cell: str) -> None:
    """Short cells too: 牵头 misread as GB18030 is 鐗靛ご (kana), 配合 is 閰嶅悎 (rare)."""
    lines = seed_text.split("\n")
    data = b"\r".join(  # CR line ends: the line is still named
        (line.encode("gbk") + b"\t" + cell.encode("utf-8")) if number == 30 else line.encode("gbk")
        for number, line in enumerate(lines, start=1)
    )
    with pytest.raises(MalformedSourceError, match=r"^x\.txt:30: this line does not read"):
        decode_source(data, "x.txt")


def test_rare_but_genuine_characters_in_a_gbk_file_read(seed_text: str) -> None:
    """Place and personal names are legitimately rare (盱眙县, 王梓萱): not a mixture."""
    lines = seed_text.split("\n")
    lines[29] += "\t盱眙县、岢岚县\t王梓萱\t李沐宸"  # a few extra cells on line 30
    source = decode_source("\n".join(lines).encode("gbk"), "x.txt")
    assert source.encoding == "GB18030" and "盱眙县" in source.lines[29]
