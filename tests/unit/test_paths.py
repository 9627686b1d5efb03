"""Addresses back to IRIs (fengong.web.paths) and document keys of the source view (fengong.web.source_view)."""

from __future__ import annotations

from fengong.web.paths import iri_path
from fengong.web.source_view import KEY, span_place


def test_an_escaped_slash_stays_an_escape() -> None:
    raw = b"/page/file/data%2Fsources%2Fx.txt"
    assert iri_path(raw, "file/data/sources/x.txt", "/page/") == "file/data%2Fsources%2Fx.txt"


def test_non_ascii_is_decoded_as_a_browser_encoded_it() -> None:
    raw = "/page/slogan/一网统管".encode().decode("latin-1")  # what the browser sends, escaped
    escaped = "/page/slogan/" + "".join(f"%{b:02X}" for b in "一网统管".encode())
    assert iri_path(escaped.encode(), "slogan/一网统管", "/page/") == "slogan/一网统管"
    assert raw != escaped  # the two forms differ; only the escaped one is sent


def test_an_escape_that_is_not_utf8_is_kept() -> None:
    assert iri_path(b"/page/x/%FF%FE", "x/\ufffd\ufffd", "/page/") == "x/%FF%FE"


def test_without_a_raw_path_the_decoded_one_is_used() -> None:
    assert iri_path(None, "doc/a", "/page/") == "doc/a"


def test_document_keys_of_any_script_but_never_a_path() -> None:
    for key in ("putuo-anban-2020-18", "某政办-2024-3", "shanghai-2021-06-ab12cd"):
        assert KEY.fullmatch(key), key
    for key in ("../etc", "a/b", ".hidden", "", "a\\b", "x" * 300):
        assert not KEY.fullmatch(key), key


def test_span_places() -> None:
    assert span_place("doc/k/source/line/85/cell/3") == ("k", 85, 3)
    assert span_place("doc/k/source/line/85") == ("k", 85, None)
    assert span_place("doc/k/measure/1") is None


def test_a_department_named_with_dots_never_climbs_out_of_its_place() -> None:
    """A name read from a document may hold slashes and dots (区../../x局): its IRI keeps it
    under its place, with no segment a browser would resolve as 'up'."""
    from fengong.graph.iris import Iris

    iri = str(Iris().organisation("shanghai-putuo/区../../x局"))
    segments = iri.removeprefix("https://w3id.org/fengong/id/").split("/")
    assert "." not in segments and ".." not in segments
    assert segments[:2] == ["org", "shanghai-putuo"]
    plain = str(Iris().organisation("shanghai-putuo/emergency-management-bureau"))
    assert plain.endswith("/org/shanghai-putuo/emergency-management-bureau")  # unchanged
