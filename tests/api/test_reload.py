"""A running server switches to a new build without a restart and without a failed request.

Clients query all through the rebuild and the reload: every answer is 200 and is the old
graph's or the new one's, never a mixture and never an error; afterwards the cached named
query answers from the new graph. A failed rebuild changes nothing the server says.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from fengong.graph import Iris, Project
from fengong.graph.publish import publish
from tests.conftest import edit_seed
from tests.servers import FengongServer

WORKLOAD = "/api/queries/workload?limit=5&format=csv"
SPARQL = "/sparql?query=" + urllib.parse.quote(
    "SELECT ?d (COUNT(*) AS ?n) WHERE { ?t <https://w3id.org/fengong/ontology#leadDepartment> ?d }"
    " GROUP BY ?d ORDER BY ?d"
)


def _get(base: str, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(base + path, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def _fengong(*args: str) -> subprocess.CompletedProcess[str]:
    binary = str(Path(sys.executable).with_name("fengong"))
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=300)


@pytest.fixture
def server(project_copy: Project) -> Iterator[tuple[Project, str]]:
    publish(project_copy, [project_copy.sources], project_copy.build, Iris())
    extra = ("--project", str(project_copy.root), "--workers", "1")
    with FengongServer(project_copy.build / "fengong.nq", extra=extra) as s:
        yield project_copy, s.base


def _served(base: str) -> dict[str, object]:
    return json.loads(_get(base, "/api/build")[1])


def test_reload_swaps_the_graph_while_clients_query(server: tuple[Project, str]) -> None:
    project, base = server
    before = {path: _get(base, path) for path in (WORKLOAD, SPARQL)}
    assert _get(base, WORKLOAD) == before[WORKLOAD]  # now answered from the cache
    generation = _served(base)["generation"]
    # line 31: 区市场监管局 leads instead of 区应急局 (valid, and the workload changes)
    edit_seed(project, "动态监管全覆盖。\t区应急局\t", "动态监管全覆盖。\t区市场监管局\t")

    seen: list[tuple[str, int, bytes]] = []
    stop = threading.Event()

    def client() -> None:
        while not stop.is_set():
            for path in (WORKLOAD, SPARQL):
                seen.append((path, *_get(base, path)))

    threads = [threading.Thread(target=client) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        done = _fengong("reload", "--project", str(project.root))
        assert done.returncode == 0, done.stderr
        assert "asked 1 server(s) to reload" in done.stdout
        for _ in range(300):
            if _served(base)["generation"] != generation:
                break
            time.sleep(0.1)
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    after = {path: _get(base, path) for path in (WORKLOAD, SPARQL)}
    assert _served(base)["reloads"] == 1
    for path in (WORKLOAD, SPARQL):
        assert after[path][0] == 200 and after[path] != before[path], path
    answers = {(path, status, body) for path, status, body in seen}
    allowed = {(p, *before[p]) for p in before} | {(p, *after[p]) for p in after}
    assert answers <= allowed, "a request failed or saw neither graph"
    assert len(seen) > 20 and answers & {(p, *after[p]) for p in after}
    assert (
        _lead_tasks(after[WORKLOAD][1], "区应急局")
        == _lead_tasks(before[WORKLOAD][1], "区应急局") - 1
    )
    status, body = _get(base, "/api/validation")  # the new build's own report
    kept = json.loads((project.build / "validation.json").read_text(encoding="utf-8"))
    assert status == 200 and json.loads(body) == kept


def _lead_tasks(body: bytes, label: str) -> int:
    rows = csv.DictReader(io.StringIO(body.decode("utf-8")))
    return next(int(r["lead_tasks"]) for r in rows if r["label"] == label)


def test_a_failed_rebuild_changes_nothing_served(server: tuple[Project, str]) -> None:
    project, base = server
    before, served = _get(base, WORKLOAD), _served(base)
    edit_seed(project, "区城运中心", "区城管执法局")  # unknown: a strict build fails
    done = _fengong("reload", "--strict", "--project", str(project.root))
    assert done.returncode == 2 and "85:4: unknown department" in done.stderr
    assert "asked" not in done.stdout  # servers are not disturbed
    assert _fengong("reload", "--no-build", "--project", str(project.root)).returncode == 0
    time.sleep(1.0)  # the server looks, finds the same generation, and keeps it
    assert _served(base) == served and _get(base, WORKLOAD) == before
