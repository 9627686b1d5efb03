"""The server's own queries (catalogue, pages, exports) run in the query workers, from threads:
bounded by the deadline like /sparql, never on the event loop, and from the build served."""

from __future__ import annotations

import asyncio
import json
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from fastapi.routing import APIRoute

from fengong.web import Settings, create_app
from fengong.web.pooled import PooledStore
from tests.servers import FengongServer

#: routes that may run on the event loop: they await the pool, or run no query at all
ON_THE_LOOP = {"/sparql", "/sparql/", "/favicon.ico", "/api/build", "/api/queries"}


def test_every_route_that_queries_runs_in_a_thread(seed_build_dir: Path) -> None:
    app = create_app(Settings(seed_build_dir / "fengong.nq"))
    on_loop = sorted(
        route.path for route in app.routes if isinstance(route, APIRoute)
        and asyncio.iscoroutinefunction(route.endpoint) and route.path not in ON_THE_LOOP
    )  # fmt: skip
    assert on_loop == []
    assert isinstance(app.state.fengong.store, PooledStore)  # no copy of the graph in-process


def test_a_pooled_store_refuses_to_wait_on_the_event_loop(seed_build_dir: Path) -> None:
    store = PooledStore(create_app(Settings(seed_build_dir / "fengong.nq")))

    async def on_the_loop() -> None:
        store.ask("ASK {}")

    with pytest.raises(RuntimeError, match="event loop"):
        asyncio.run(on_the_loop())


def _get(url: str, accept: str = "application/json") -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def test_catalogue_queries_and_pages_have_the_deadline(seed_build_dir: Path) -> None:
    """With a deadline of 0 s, which no query can meet, a named query and a page answer 503
    (they once ran in the server process, with no deadline at all); with the default, 200.
    (A deadline of half a millisecond was met now and then by a fast query.)"""
    with FengongServer(seed_build_dir / "fengong.nq", deadline=0) as server:
        status, body = _get(f"{server.base}/api/queries/workload?limit=50")
        assert status == 503 and json.loads(body)["title"] == "Query deadline exceeded"
        assert _get(f"{server.base}/measures", "text/html")[0] == 503
    with FengongServer(seed_build_dir / "fengong.nq") as server:
        assert _get(f"{server.base}/api/queries/workload?limit=50")[0] == 200
        assert _get(f"{server.base}/measures", "text/html")[0] == 200


def test_the_ontology_rdf_comes_from_the_served_build(seed_build_dir: Path, tmp_path: Path) -> None:
    """A statement only the served build's ontology graph holds is in /ontology's Turtle (it
    was once read from the checkout's ontology file, whatever build was served)."""
    graph = tmp_path / "fengong.nq"
    shutil.copy(seed_build_dir / "fengong.nq", graph)
    with graph.open("a", encoding="utf-8") as out:
        out.write('<https://w3id.org/fengong/ontology#Measure> '
                  '<http://www.w3.org/2000/01/rdf-schema#comment> "only in this build"@en '
                  '<https://w3id.org/fengong/id/graph/ontology> .\n')  # fmt: skip
    with FengongServer(graph) as server:
        status, body = _get(f"{server.base}/ontology", "text/turtle")
    assert status == 200 and "only in this build" in body.decode("utf-8")
    assert "owl:Ontology" in body.decode("utf-8")
