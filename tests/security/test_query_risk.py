"""The shapes that send a query to the long-running lane (fengong.web.worker), and those that do not."""

from __future__ import annotations

import pytest

from fengong.store.guard import inspect_query

X = "http://x/"


@pytest.mark.parametrize(
    ("query", "risk"),
    [
        ("ASK { ?s ?p ?o }", None),
        (f"SELECT ?m WHERE {{ ?m a <{X}M> }} LIMIT 10", None),
        (f"SELECT * {{ ?s <{X}p> ?o ; <{X}q> [ <{X}r> ?f ] . ?f ?g ?h }}", None),
        ("SELECT * { ?s ?p ?o OPTIONAL { ?o ?q ?r } }", None),
        (f"SELECT * {{ ?s <{X}p>/<{X}q> ?o }}", None),  # a fixed-length path is a join
        ("SELECT * { ?a ?b ?c . ?d ?e ?f }", "cartesian"),
        (f"SELECT * {{ <{X}a> ?p ?o . <{X}b> ?q ?r }}", "cartesian"),
        (f"SELECT * {{ ?a <{X}p>* ?b }}", "path"),
        (f"SELECT * {{ ?a (<{X}p>|!<{X}p>)+ ?b }}", "path"),
        ('SELECT * { ?s ?p ?o FILTER(REGEX(STR(?o), "(a+)+$")) }', "regular expression"),
    ],
)
def test_query_risk(query: str, risk: str | None) -> None:
    found = inspect_query(query).risk
    assert (found is None) if risk is None else (risk in str(found))
