"""A query worker's answer: one run per query, exact terms in every format, the row cap."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest

from fengong.web.worker import Job, answer_job

EX = "http://example.org/"
FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


class CountingStore:
    """A pyoxigraph store that counts the queries run on it."""

    def __init__(self, store: ox.Store) -> None:
        self.store, self.runs = store, 0

    def query(self, text: str, **options: Any) -> Any:
        self.runs += 1
        return self.store.query(text, **options)


@pytest.fixture
def store() -> ox.Store:
    s = ox.Store()
    g = ox.NamedNode(EX + "g")
    p = ox.NamedNode(EX + "p")
    for obj in [
        ox.Literal('tab\there, newline\nthere, "quoted" and \\ backslash', language="zh"),
        ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ox.Literal('=HYPERLINK("x")'),
        ox.Literal("普陀区应急管理局"),
        ox.NamedNode(EX + "o?a=1&b=%3C2%3E&c=é"),
        ox.BlankNode("b1"),
    ]:
        s.add(ox.Quad(ox.NamedNode(EX + "s"), p, obj, g))
    s.add(ox.Quad(ox.BlankNode("b2"), p, ox.Literal("x"), g))
    return s


QUERIES = [
    "SELECT ?s ?o ?missing WHERE { ?s ?p ?o OPTIONAL { ?s <http://x/none> ?missing } } ORDER BY STR(?o)",
    "SELECT * {}",
    "SELECT ?x WHERE { FILTER(false) }",
    'SELECT ?x ?y WHERE { VALUES (?x ?y) { (UNDEF 1) (2 UNDEF) ("a"@en-GB 3.5) } }',
    'SELECT ?t WHERE { BIND(<<( <http://a> <http://b> <<( <http://c> <http://d> "e"@en )>> )>> AS ?t) }',
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("media", sorted(FORMATS))
def test_a_select_answer_is_what_pyoxigraph_writes_itself(
    store: ox.Store, query: str, media: str
) -> None:
    job = Job(query, "SELECT", media)
    kind, body = answer_job(store, job)
    assert kind == "ok"
    expected = store.query(query, use_default_graph_as_union=True).serialize(format=FORMATS[media])
    assert body == expected


def test_a_select_query_runs_once(store: ox.Store) -> None:
    counting = CountingStore(store)
    kind, _ = answer_job(counting, Job("SELECT ?o WHERE { ?s ?p ?o }", "SELECT", "text/csv"))
    assert (kind, counting.runs) == ("ok", 1)


def test_a_select_over_the_row_cap_is_refused_after_one_run(store: ox.Store) -> None:
    counting = CountingStore(store)
    job = Job("SELECT ?o WHERE { ?s ?p ?o }", "SELECT", "text/csv", max_rows=3)
    assert answer_job(counting, job) == ("too-large", 3)
    assert counting.runs == 1


def test_exactly_the_cap_is_answered(store: ox.Store) -> None:
    job = Job("SELECT ?o WHERE { ?s ?p ?o }", "SELECT", "text/csv", max_rows=7)
    kind, body = answer_job(store, job)
    assert kind == "ok" and body.count(b"\r\n") == 1 + 7


def test_construct_and_ask_run_once_too(store: ox.Store) -> None:
    counting = CountingStore(store)
    assert answer_job(counting, Job("ASK { ?s ?p ?o }", "ASK", "application/sparql-results+json")) == (
        "ok", b'{"head":{},"boolean":true}')  # fmt: skip
    kind, _body = answer_job(
        counting,
        Job("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", "application/n-triples", max_rows=2),
    )
    assert kind == "too-large" and counting.runs == 2


def test_a_failing_query_is_an_error_not_an_exception(store: ox.Store) -> None:
    kind, message = answer_job(
        store, Job("SELECT ?x WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }", "SELECT", "text/csv")
    )
    assert kind == "error" and message
