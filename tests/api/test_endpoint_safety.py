"""The public endpoint is closed, bounded and usable by real clients.

A canary HTTP listener on 127.0.0.1 must receive no request whatever the endpoint is sent;
a cartesian product must get 503 within the deadline plus one second while a cheap query,
sent at the same time, is answered; SPARQLWrapper and rdflib's SPARQLStore must just work.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from tests.servers import Canary, FengongServer

DEADLINE = 2.0


@pytest.fixture(scope="module")
def endpoint(seed_build_dir: Path) -> Iterator[str]:
    with FengongServer(seed_build_dir / "fengong.nq", deadline=DEADLINE, max_rows=5000) as s:
        yield f"{s.base}/sparql"


def _post(endpoint: str, **form: str) -> tuple[int, bytes]:
    data = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(
        endpoint, data=data, headers={"Accept": "application/sparql-results+json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def test_nothing_reaches_the_canary(endpoint: str, canary: str, listener: Canary) -> None:
    attempts = [
        {"query": f"SELECT * WHERE {{ SERVICE <{canary}/sparql> {{ ?s ?p ?o }} }}"},
        {"query": f"SELECT * WHERE {{ SERVICE SILENT <{canary}/sparql> {{ ?s ?p ?o }} }}"},
        {"query": f"SELECT * FROM <{canary}/data.ttl> WHERE {{ ?s ?p ?o }}"},
        {"query": f"SELECT * FROM NAMED <{canary}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
        {"query": f"ASK {{ <{canary}/x> ?p ?o }}", "default-graph-uri": f"{canary}/d.ttl"},
        {"query": f"DESCRIBE <{canary}/x>"},
        {"update": f"LOAD <{canary}/data.ttl>"},
        {"update": f"LOAD <{canary}/data.ttl> INTO GRAPH <http://x/g>"},
        {"query": f"LOAD <{canary}/data.ttl>"},
        {"update": "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"},
    ]
    for form in attempts:
        status, body = _post(endpoint, **form)
        assert status < 500, (form, status, body[:200])
        assert Canary.MARKER.encode() not in body
    time.sleep(0.5)
    assert listener.hits == []


def test_from_a_local_file_returns_none_of_it(endpoint: str) -> None:
    hostname = Path("/etc/hostname")
    status, body = _post(
        endpoint, query=f"SELECT * FROM <{hostname.as_uri()}> WHERE {{ ?s ?p ?o }}"
    )
    assert status == 200
    assert json.loads(body)["results"]["bindings"] == []


def test_a_runaway_query_gets_503_while_others_are_answered(endpoint: str) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    cheap = "ASK { ?s ?p ?o }"
    with ThreadPoolExecutor(2) as pool:
        start = time.monotonic()
        slow = pool.submit(_post, endpoint, query=runaway)
        time.sleep(0.2)
        fast = pool.submit(_post, endpoint, query=cheap)
        status, body = fast.result(timeout=DEADLINE)
        assert (status, json.loads(body)["boolean"]) == (200, True)
        status, body = slow.result(timeout=DEADLINE + 5)
        elapsed = time.monotonic() - start
    assert status == 503
    assert json.loads(body)["title"] == "Query deadline exceeded"
    assert elapsed <= DEADLINE + 1
    # and the server is fully back afterwards
    assert _post(endpoint, query=cheap)[0] == 200


def test_oversized_results_and_bodies_are_refused(endpoint: str) -> None:
    status, body = _post(endpoint, query="SELECT * WHERE { ?s ?p ?o }")  # 9k+ rows > 5000
    assert status == 400 and "LIMIT" in json.loads(body)["detail"]
    status, _ = _post(endpoint, query="SELECT * WHERE { ?s ?p ?o } LIMIT 10")
    assert status == 200
    # the server answers from the Content-Length header alone, before any body is sent
    host, port = urllib.parse.urlsplit(endpoint).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     b"application/sparql-query\r\nContent-Length: 2000000\r\n\r\n")  # fmt: skip
        assert sock.recv(64).startswith(b"HTTP/1.1 413")


def test_sparqlwrapper_and_rdflib_sparqlstore(endpoint: str) -> None:
    wrapper = SPARQLWrapper(endpoint)
    wrapper.setQuery(
        "PREFIX fg: <https://w3id.org/fengong/ontology#> "
        "SELECT (COUNT(?m) AS ?n) WHERE { ?m a fg:Measure }"
    )
    wrapper.setReturnFormat(JSON)
    result = wrapper.queryAndConvert()
    assert result["results"]["bindings"][0]["n"]["value"] == "27"  # type: ignore[index]

    graph = Graph(store=SPARQLStore(endpoint, returnFormat="json"))
    task = URIRef("https://w3id.org/fengong/id/doc/putuo-anban-2020-18/measure/16/task/2")
    labels = {
        str(o) for o in graph.objects(task, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
    }
    assert "（十六）第2项" in labels
    constructed = graph.query(f"CONSTRUCT {{ <{task}> ?p ?o }} WHERE {{ <{task}> ?p ?o }}").graph
    assert constructed is not None and len(constructed) > 5
