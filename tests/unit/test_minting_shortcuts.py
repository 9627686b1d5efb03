"""The shortcuts reading takes when it mints terms give what the long way gives.

Reading one document made 6,600 namespace terms and escaped 14,000 IRI segments character by
character; both now take a shortcut (fengong.graph.namespaces, fengong.graph.iris)."""

from __future__ import annotations

import pickle

from rdflib import Namespace, URIRef

from fengong.graph import iris
from fengong.graph.namespaces import CNT, ELI, FG


def test_a_segment_of_kept_characters_is_whole_exactly_when_each_character_is_kept() -> None:
    disagree = [
        code
        for code in range(0x110000)
        if (iris._ALL_KEPT.fullmatch(chr(code)) is not None) != iris._kept(chr(code))
    ]
    assert disagree == []


def test_segments_with_and_without_escapes() -> None:
    assert iris._segment("普陀区应急管理局") == "普陀区应急管理局"
    assert iris._segment("a b") == "a%20b"  # one character not kept: the long way
    assert iris._segment("区\x7f局") == "区%7F局"
    assert iris._segment("") == ""


def test_a_kept_term_is_the_term_rdflib_makes_and_made_once() -> None:
    plain = Namespace(str(FG))
    assert FG.department == plain.department
    assert type(FG.department) is URIRef
    assert FG.department is FG.department
    assert FG["format"] == plain["format"]  # a name Python's str has: by item, as before
    assert ELI.id_local == URIRef("http://data.europa.eu/eli/ontology#id_local")
    assert CNT.characterEncoding in CNT
    assert pickle.loads(pickle.dumps(FG)).lead == FG.lead  # workers receive it pickled


def test_no_special_name_becomes_a_term() -> None:
    assert not hasattr(FG, "__wrapped__")
