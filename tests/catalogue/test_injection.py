"""No value can change a query: hostile input returns nothing or a clear error, never other rows.

Each value is tried on every backend: pyoxigraph (substitutions), rdflib (initBindings) and a
real Oxigraph server (VALUES written from escaped terms).
"""

from __future__ import annotations

import pytest

from fengong.errors import FengongError, ParameterError
from fengong.graph import DEFAULT_BASE
from tests.catalogue.conftest import Runner

HOSTILE = [
    '")) } UNION { ?t ?p ?text } #',
    "') } UNION { ?t ?p ?text } #",
    '"} ; DROP ALL ; #',
    '长三角") || true || ("',
    "x\n} UNION {\n?t ?p ?text\n}\n#",
    '"""',
    "\\",
    '\\"',
    "}}}} SELECT * WHERE { ?s ?p ?o }",
    "# everything after is a comment",
    "?text",
    "STR(?text)",
    "\u0000",
    "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_search_finds_nothing(value: str, run_any: Runner) -> None:
    try:
        result = run_any("search", q=value)
    except FengongError:
        return  # refused with a clear error: allowed
    assert result.table.rows == []
    assert result.params == {"q": value}


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_department_is_refused(value: str, run_any: Runner) -> None:
    with pytest.raises(ParameterError):
        run_any("tasks-led-by", department=value)


@pytest.mark.parametrize(
    "value",
    [
        f"{DEFAULT_BASE}org/x> . ?s ?p ?o . <http://x/y",
        f"{DEFAULT_BASE}org/x}} UNION {{ ?a ?b ?c",
        f"{DEFAULT_BASE}org/x\n",
        f"{DEFAULT_BASE}org/x#",
    ],
)
def test_a_hostile_iri_is_refused_or_names_nothing(value: str, run_any: Runner) -> None:
    try:
        result = run_any("department-profile", department=value)
    except FengongError:
        return
    assert result.table.rows == []


def test_quotes_that_are_really_in_the_text_are_found_everywhere(
    run_any: Runner, run_embedded: Runner
) -> None:
    """The positive control: a value with quote marks is bound as itself, not dropped."""
    expected = run_embedded("search", q="“双随机一公开”").table.rows
    assert len(expected) == 1
    assert run_any("search", q="“双随机一公开”").table.rows == expected


@pytest.mark.parametrize("value", ["http://[::1", "http://[", "https://a b/", "http://x/<y>"])
def test_an_iri_the_engine_would_not_accept_is_a_parameter_error_not_a_crash(
    value: str, run_any: Runner
) -> None:
    # /api/departments/http%3A%2F%2F%5B%3A%3A1 answered 500: Oxigraph refused the IRI late
    with pytest.raises(ParameterError):
        run_any("department-profile", department=value)
