"""How a resource page arranges its statements (fengong.web.entity): ELI duplicates folded, parts in
document order, the page's language, readable literals."""

from __future__ import annotations

from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from fengong.web.entity import arrange, incoming, literal_text

FG = "https://w3id.org/fengong/ontology#"
ELI = "http://data.europa.eu/eli/ontology#"
WORDS = {"yes": "是", "no": "否"}


def _row(p: str, o: Any, label: str | None = None, ordinal: int | None = None) -> dict[str, Any]:
    return {"p": URIRef(p), "o": o, "label": Literal(label) if label else None,
            "p_label": None, "ordinal": Literal(ordinal) if ordinal is not None else None}  # fmt: skip


def _parts(n: int) -> URIRef:
    return URIRef(f"https://x/id/doc/d/measure/{n}")


ORDINALS = {1: "（一）", 2: "（二）", 10: "（十）", 11: "（十一）"}
ROWS = [
    *[_row(FG + "hasPart", _parts(n), label, n) for n, label in ORDINALS.items()],
    *[_row(ELI + "has_part", _parts(n), label, n) for n, label in ORDINALS.items()],
    _row(FG + "title", Literal("建立制度", lang="zh")),
    _row(FG + "title", Literal("set up rules", lang="en")),
    _row(FG + "openEnded", Literal(True)),
    _row(str(RDF.type), URIRef(FG + "Measure"), "措施"),
]


def test_parts_in_document_order_and_eli_duplicates_folded() -> None:
    statements, types = arrange(ROWS, "zh", str, WORDS)
    props = [s.prop for s in statements]
    assert ELI + "has_part" not in props  # the same values under fg:hasPart
    parts = next(s for s in statements if s.prop == FG + "hasPart")
    assert [v.text for v in parts.values] == ["（一）", "（二）", "（十）", "（十一）"]
    assert sorted(v.text for v in parts.values) != [v.text for v in parts.values]  # not by text
    assert [t.text for t in types] == ["措施"]


def test_a_value_only_under_eli_is_kept() -> None:
    rows = [*ROWS, _row(ELI + "is_part_of", URIRef("https://x/id/doc/d"), "文件")]
    statements, _ = arrange(rows, "zh", str, WORDS)
    assert any(s.prop == ELI + "is_part_of" for s in statements)


def test_the_page_language_where_the_graph_has_it() -> None:
    zh, _ = arrange(ROWS, "zh", str, WORDS)
    en, _ = arrange(ROWS, "en", str, WORDS)
    assert [v.text for v in next(s for s in zh if s.prop == FG + "title").values] == ["建立制度"]
    assert [v.text for v in next(s for s in en if s.prop == FG + "title").values] == [
        "set up rules"
    ]


def test_literals_read_as_people_read_them() -> None:
    assert literal_text(Literal("32", datatype=XSD.integer), WORDS) == "32"
    assert literal_text(Literal(False), WORDS) == "否"
    assert literal_text(Literal("2020-12-08", datatype=XSD.date), WORDS) == "2020-12-08"
    statements, _ = arrange(ROWS, "zh", str, WORDS)
    assert [v.text for v in next(s for s in statements if s.prop == FG + "openEnded").values] == [
        "是"
    ]


def test_incoming_links_fold_eli_duplicates_too() -> None:
    rows = [{"p": URIRef(p), "s": URIRef("https://x/id/doc/d/measure/1/task/1"),
             "label": Literal("（一）第1项"), "p_label": None, "ordinal": Literal(1)}
            for p in (FG + "partOf", ELI + "is_part_of")]  # fmt: skip
    grouped = incoming(rows, str)
    assert [s.prop for s in grouped] == [FG + "partOf"]


def test_a_link_read_from_several_lines_is_listed_once() -> None:
    """A document read from several source lines came back once per line (7 times on a real
    document's measure page)."""
    rows = [{"p": URIRef(FG + "partOf"), "s": URIRef("https://x/id/doc/d/measure/1"),
             "label": Literal("（一）"), "p_label": None, "ordinal": Literal(1),
             "line": Literal(line)} for line in (3, 5, 9)]  # fmt: skip
    assert [len(s.values) for s in incoming(rows, str)] == [1]
