"""One interface, three backends: each holds the seed and answers the same way.

The remote backend is a real ``oxigraph serve`` started for the session (tests/servers.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from fengong.errors import FengongError
from fengong.graph import Iris
from fengong.store import EmbeddedStore, Endpoint, MemoryStore, RdfFormat, RemoteStore, Store
from fengong.store.guard import QueryRefused, query_form

IRIS = Iris()
FG = "https://w3id.org/fengong/ontology#"
SCRATCH = "https://w3id.org/fengong/id/graph/test-scratch"
TWO_TRIPLES = b'<http://x/a> <http://x/p> "1" .\n<http://x/b> <http://x/p> "2" .\n'


def _quads_in(nquads: Path) -> int:
    return sum(1 for line in nquads.read_bytes().splitlines() if line.strip())


def test_every_backend_holds_the_whole_build(any_store: Store, seed_build_dir: Path) -> None:
    assert any_store.count() == _quads_in(seed_build_dir / "fengong.nq")
    assert any_store.graphs() == sorted(
        str(IRIS.graph(n))
        for n in ("doc/putuo-anban-2020-18", "functions", "inferred", "ontology", "reference")
    )


def test_select_with_a_bound_parameter(any_store: Store) -> None:
    """The parameter is bound as an RDF term (and, being projected, echoed in every row)."""
    query = f"""SELECT ?task ?label WHERE {{
        ?task a <{FG}RefinedTask> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label .
        FILTER(LANG(?label) = "zh") }}"""
    table = any_store.select(query, {"task": IRIS.task("putuo-anban-2020-18", 16, 2)})
    assert table.variables == ("task", "label")
    assert table.rows == [
        (IRIS.task("putuo-anban-2020-18", 16, 2), Literal("（十六）第2项", lang="zh"))
    ]


def test_ask_and_construct(any_store: Store) -> None:
    task = IRIS.task("putuo-anban-2020-18", 1, 1)
    assert any_store.ask(f"ASK {{ <{task}> a <{FG}RefinedTask> }}") is True
    assert any_store.ask(f"ASK {{ <{task}> a <{FG}Measure> }}") is False
    graph = any_store.construct(
        f"CONSTRUCT {{ ?t <{FG}ordinal> ?n }} WHERE {{ ?t a <{FG}RefinedTask> ; <{FG}ordinal> ?n }}"
    )
    assert len(graph) == 54
    assert (task, URIRef(FG + "ordinal"), Literal(1)) in graph


def test_integer_and_string_literals_come_back_alike(any_store: Store) -> None:
    query = f"""SELECT (COUNT(?t) AS ?n) (SAMPLE("文") AS ?s) WHERE {{ ?t a <{FG}Measure> }}"""
    assert any_store.select(query).records() == [{"n": 27, "s": "文"}]


@pytest.mark.parametrize("backend", ["embedded", "rdflib", "remote"])
def test_replace_and_clear_touch_only_their_graph(
    backend: str, oxigraph_endpoint: Endpoint
) -> None:
    store: Store = {
        "embedded": EmbeddedStore,
        "rdflib": MemoryStore,
        "remote": lambda: RemoteStore(oxigraph_endpoint),
    }[backend]()
    other = "https://w3id.org/fengong/id/graph/test-other"
    before = store.count()
    store.load(TWO_TRIPLES, RdfFormat.N_TRIPLES, other)
    store.replace(TWO_TRIPLES, RdfFormat.N_TRIPLES, SCRATCH)
    store.replace(TWO_TRIPLES[: TWO_TRIPLES.index(b"\n") + 1], RdfFormat.N_TRIPLES, SCRATCH)
    assert store.count(SCRATCH) == 1
    assert store.count(other) == 2
    store.clear(SCRATCH)
    assert store.count(SCRATCH) == 0
    assert store.count(other) == 2
    store.clear(other)
    assert store.count() == before


def test_remote_store_reports_an_unreachable_server() -> None:
    dead = RemoteStore(Endpoint(query="http://127.0.0.1:9/query", timeout=2))
    with pytest.raises(FengongError, match=re.escape("127.0.0.1:9")):
        dead.select("SELECT * WHERE { ?s ?p ?o }")


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
        "CLEAR ALL",
    ],
)
def test_service_and_updates_are_refused_before_evaluation(query: str) -> None:
    with pytest.raises(QueryRefused):
        query_form(query)
    with pytest.raises(QueryRefused):
        MemoryStore().select(query)


def test_rdflib_store_never_loads_from_graphs(tmp_path: Path) -> None:
    """rdflib would read FROM <file:///…> into the query; the store turns that off."""
    secret = tmp_path / "secret.nt"
    secret.write_bytes(b'<http://x/s> <http://x/p> "secret" .\n')
    rows = MemoryStore().select(f"SELECT ?o FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}")
    assert rows.rows == []


def test_endpoint_authorization_headers() -> None:
    assert Endpoint("http://x/q", token="t0k").authorization() == "Bearer t0k"
    assert (
        Endpoint("http://x/q", user="dba", password="dba").authorization() == "Basic ZGJhOmRiYQ=="
    )
    assert Endpoint("http://x/q", user="dba", password="dba", auth="digest").authorization() is None
    assert Endpoint("http://x/q").authorization() is None
