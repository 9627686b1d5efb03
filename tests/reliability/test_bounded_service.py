"""Sixteen clients, each mixing cheap and pathological queries, for a bounded time.

Cheap queries (named queries, small SPARQL) must all succeed; pathological ones (a cartesian
product, a catastrophic regular expression, a path closure over everything, an answer over
the row cap) must end in 503 or 400 within the deadline; the server's memory (its process and
its query workers) must stay bounded. Latencies are recorded in test-output/bounded-service.json
for the manual (docs/reliability.md), not asserted.
"""

from __future__ import annotations

import http.client
import json
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from tests.conftest import ROOT
from tests.servers import FengongServer

CLIENTS = 16
SECONDS = 20.0
DEADLINE = 2.0
FG = "https://w3id.org/fengong/ontology#"

CHEAP = [
    "/api/queries/workload?limit=5&offset={n}",
    "/api/queries/measures-per-section",
    "/api/queries/open-ended?limit=10&offset={n}",
    "/api/measures",
    "/sparql?query=" + urllib.parse.quote(f"SELECT ?m WHERE {{ ?m a <{FG}Measure> }} LIMIT 10 OFFSET ") + "{n}",
    "/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }").replace("%7B", "{{").replace("%7D", "}}"),
]  # fmt: skip
PATHOLOGICAL = [
    "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }} # {n}",
    'SELECT ?o WHERE {{ ?s ?p ?o . ?x ?y ?z FILTER(REGEX(CONCAT(STR(?o), STR(?z)), "^(a|aa)+$")) }} # {n}',
    "SELECT (COUNT(*) AS ?n) WHERE {{ ?a (!<http://x/p>)* ?b . ?b (!<http://x/p>)* ?c }} # {n}",
    "SELECT * WHERE {{ ?s ?p ?o }}",  # over the row cap: 400
]


def _get(url: str, source: str = "127.0.0.1") -> tuple[int, float]:
    """GET ``url`` from the loopback address ``source``: each simulated client has its own
    (the server shares its workers and requests out per client address)."""
    started = time.perf_counter()
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60,
                                            source_address=(source, 0))  # fmt: skip
    try:
        connection.request("GET", f"{parts.path}?{parts.query}" if parts.query else parts.path)
        response = connection.getresponse()
        response.read()
        status = response.status
    finally:
        connection.close()
    return status, time.perf_counter() - started


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (the server and its workers)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            status = (entry / "status").read_text()
        except OSError:
            continue
        children.setdefault(int(stat[1]), []).append(int(entry.name))
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[int(entry.name)] = int(line.split()[1]) * 1024
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo += children.get(current, [])
    return total


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def test_cheap_queries_never_fail_while_pathological_ones_are_bounded(seed_build_dir: Path) -> None:
    extra = ("--workers", "2", "--no-access-log")
    with FengongServer(seed_build_dir / "fengong.nq", deadline=DEADLINE, max_rows=5000,
                       extra=extra) as server:  # fmt: skip
        pid = server.process.pid
        for path in CHEAP:  # warm up: workers loaded, pages rendered once
            assert _get(server.base + path.format(n=0))[0] == 200
        idle_rss = _tree_rss(pid)
        results: list[tuple[str, int, float]] = []
        peak = [idle_rss]
        stop = threading.Event()

        def client(number: int) -> None:
            source = f"127.0.0.{10 + number}"
            n = 0
            while not stop.is_set():
                n += 1
                if n % 4 == 3:
                    text = PATHOLOGICAL[(number + n // 4) % len(PATHOLOGICAL)].format(
                        n=f"{number}-{n}"
                    )
                    url = f"{server.base}/sparql?query={urllib.parse.quote(text)}"
                    results.append(("pathological", *_get(url, source)))
                else:
                    path = CHEAP[(number + n) % len(CHEAP)].format(n=n % 20)
                    results.append(("cheap", *_get(server.base + path, source)))

        def sample() -> None:
            while not stop.is_set():
                peak.append(_tree_rss(pid))
                time.sleep(0.25)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        threads.append(threading.Thread(target=sample))
        for thread in threads:
            thread.start()
        time.sleep(SECONDS)
        stop.set()
        for thread in threads:
            thread.join(120)
        after = _get(server.base + CHEAP[0].format(n=0))

    cheap = [(s, t) for kind, s, t in results if kind == "cheap"]
    bad = [(s, t) for kind, s, t in results if kind == "pathological"]
    assert cheap and bad
    failed = [s for s, _ in cheap if s != 200]
    log = server.log_tail()
    assert failed == [], f"{len(failed)} cheap queries failed: {sorted(set(failed))}\n{log}"
    assert {s for s, _ in bad} <= {400, 503}, log
    assert max(t for _, t in bad) < DEADLINE + 5  # stopped near the deadline, not hanging
    assert after[0] == 200
    growth = max(peak) - idle_rss
    assert growth < 1 << 30, f"memory grew by {growth / 2**20:.0f} MiB under load"

    latencies = [t for _, t in cheap]
    report = {
        "clients": CLIENTS,
        "seconds": SECONDS,
        "deadline": DEADLINE,
        "cheap": {"requests": len(cheap), "errors": len(failed),
                  "p50_ms": round(statistics.median(latencies) * 1000, 1),
                  "p99_ms": round(_percentile(latencies, 0.99) * 1000, 1)},
        "pathological": {"requests": len(bad),
                         "outcomes": {str(s): sum(1 for x, _ in bad if x == s) for s in {s for s, _ in bad}},
                         "slowest_s": round(max(t for _, t in bad), 2)},
        "rss_mib": {"idle": round(idle_rss / 2**20), "peak": round(max(peak) / 2**20)},
    }  # fmt: skip
    out = ROOT / "test-output"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bounded-service.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report))
