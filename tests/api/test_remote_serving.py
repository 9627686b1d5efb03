"""``fengong serve --endpoint``: the same API over a remote store (a real Oxigraph server)."""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Iterator

import pytest

from fengong.store import Endpoint, Store
from tests.api.test_endpoint_safety import _post
from tests.api.test_rest import _get, _query_url
from tests.catalogue.conftest import CASES, golden_path
from tests.servers import Canary, FengongServer


@pytest.fixture(scope="module")
def base(remote_store: Store, oxigraph_endpoint: Endpoint) -> Iterator[str]:
    with FengongServer(None, extra=("--endpoint", oxigraph_endpoint.query)) as server:
        yield server.base


@pytest.mark.parametrize("name", ["workload", "tasks-led-by", "measures-per-section"])
def test_catalogue_over_a_remote_store_gives_the_golden_csv(name: str, base: str) -> None:
    url = _query_url(
        base, name, CASES[name], **({"limit": 1000} if name != "measures-per-section" else {})
    )
    status, _, body = _get(url, "text/csv")
    assert status == 200 and body.decode() == golden_path(name).read_text(encoding="utf-8")


def test_sparql_is_forwarded_and_stays_closed(base: str, canary: str, listener: Canary) -> None:
    endpoint = f"{base}/sparql"
    status, body = _post(endpoint, query="PREFIX fg: <https://w3id.org/fengong/ontology#> "
                                         "SELECT (COUNT(?m) AS ?n) WHERE { ?m a fg:Measure }")  # fmt: skip
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "27"
    for form in (
        {"query": f"SELECT * FROM <{canary}/g.ttl> WHERE {{ ?s ?p ?o }}"},
        {"query": "ASK { ?s ?p ?o }", "named-graph-uri": f"{canary}/g.ttl"},
        {"query": f"SELECT * WHERE {{ SERVICE <{canary}/sparql> {{ ?s ?p ?o }} }}"},
        {"update": f"LOAD <{canary}/g.ttl>"},
    ):
        assert _post(endpoint, **form)[0] == 403, form
    time.sleep(0.3)
    assert listener.hits == []


def test_linked_data_and_validation_over_a_remote_store(base: str) -> None:
    path = urllib.parse.quote("doc/putuo-anban-2020-18/measure/16")
    status, headers, _ = _get(f"{base}/id/{path}", "text/turtle")
    assert status == 303
    assert "（十六）" in _get(base + headers["location"])[2].decode()
    report = json.loads(_get(f"{base}/api/validation")[2])
    assert report["summary"]["violation"] == 0
    assert len([f for f in report["findings"] if "merged" in f["shape"].lower()]) == 4
