"""Values written into query text: escaped terms, VALUES in the right group, nothing escapes."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery

from fengong.store.sparql_text import QueryTextError, inject_values, sparql_term, where_group_start

HOSTILE = [
    'a"b',
    "x') } ; DROP ALL #",
    '"} UNION { ?s ?p ?o } #',
    "line\nbreak\r\n",
    "back\\slash",
    "'''triple''' and \"\"\"quotes\"\"\"",
    "SELECT * WHERE { ?s ?p ?o }",
    "}}}}",
    "# comment",
    "区应急局",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_literal_stays_one_literal(value: str) -> None:
    """Parsed back, the VALUES block holds exactly the value, as one literal."""
    query = inject_values("SELECT ?q WHERE { ?s ?p ?o }", {"q": [Literal(value)]})
    join = prepareQuery(query).algebra.p.p  # Project(Join(ToMultiSet(values), BGP))
    assert (join.name, join.p1.name, join.p2.name) == ("Join", "ToMultiSet", "BGP")
    assert join.p1.p.res == [{Variable("q"): Literal(value, datatype=XSD.string)}]
    assert len(join.p2.triples) == 1


@pytest.mark.parametrize(
    "iri", ["http://x/a b", "http://x/a>b", 'http://x/"', "http://x/{", "http://x/\n", ""]
)
def test_iris_with_forbidden_characters_are_refused(iri: str) -> None:
    with pytest.raises(QueryTextError):
        sparql_term(URIRef(iri))


@pytest.mark.parametrize("value", ["\\u0022", "a\\U0000007D"])
def test_codepoint_escapes_are_refused(value: str) -> None:
    """SPARQL expands \\u before parsing, even after an escaped backslash: refuse, never alter."""
    with pytest.raises(QueryTextError):
        sparql_term(Literal(value))


def test_terms_keep_language_and_datatype() -> None:
    assert sparql_term(Literal("区", lang="zh")) == '"区"@zh'
    assert sparql_term(Literal(3)) == f'"3"^^<{XSD.integer}>'
    with pytest.raises(QueryTextError):
        sparql_term(BNode())


@pytest.mark.parametrize(
    ("query", "marker"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "?s ?p ?o"),
        ("select * where{?s ?p ?o}", "?s ?p ?o"),
        ("SELECT * { ?s ?p ?o }", "?s ?p ?o"),
        ("ASK { ?s ?p ?o }", "?s ?p ?o"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . }", "?s ?p ?o . }"),
        ("# WHERE { in a comment\nSELECT * WHERE { ?s ?p ?o }", "?s ?p ?o"),
        ('PREFIX x: <http://x/>\nSELECT ("WHERE {" AS ?w) WHERE { ?s ?p ?o }', "?s ?p ?o"),
        ("SELECT ?s (COUNT(*) AS ?n) WHERE { { SELECT ?s WHERE { ?s ?p ?o } } } GROUP BY ?s",
         "{ SELECT"),
    ],
)  # fmt: skip
def test_values_go_first_in_the_where_group(query: str, marker: str) -> None:
    at = where_group_start(query)
    assert query[at - 1] == "{"
    assert query[at:].lstrip().startswith(marker)
    prepareQuery(inject_values(query, {"o": [Literal("x")]}))  # still parses


def test_a_query_without_a_group_is_refused() -> None:
    with pytest.raises(QueryTextError):
        where_group_start("DESCRIBE <http://x/a>")


def test_list_values_make_one_row_each() -> None:
    query = inject_values(
        "SELECT ?a WHERE { ?a ?p ?o }", {"a": [URIRef("http://x/1"), URIRef("http://x/2")]}
    )
    assert "VALUES (?a) { (<http://x/1>) (<http://x/2>) }" in query
