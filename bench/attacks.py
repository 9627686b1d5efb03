"""What each attack of issue 16 does to everyone else: the latency of another client's probe
(``ASK {}`` from 127.0.0.1) while the attack runs from 127.0.0.2, against the same probe on the
idle server in the same run, and the largest resident size of any query worker.

    python bench/attacks.py [--probes 10] [--deadline 10]

One server (``fengong serve`` with its defaults: two workers, 1 GiB per worker past the graph)
over the seed build. Printed as a Markdown table for the manual's reliability page (docs/reliability.md).
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contextlib

from bench.common import ROOT, SEED
from tests.servers import FengongServer

ATTACKER, PROBE = "127.0.0.2", "127.0.0.1"
IN_LIST = "SELECT * { ?s ?p ?o FILTER(?o IN (" + ",".join(["1"] * 8000) + ")) }"
BOMB = "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY RAND() LIMIT 1"
JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?c . ?f ?g ?c . ?h ?i ?c }"


def _request(port: int, method: str, path: str, source: str, body: bytes | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120,
                                            source_address=(source, 0))  # fmt: skip
    try:
        headers = {"Content-Type": "application/sparql-query"} if body else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        connection.close()


def _sparql(port: int, query: str, source: str) -> int:
    return _request(port, "POST", "/sparql", source, query.encode())


def _probe(port: int) -> tuple[float, int]:
    started = time.perf_counter()
    status = _request(port, "GET", "/sparql?query=" + urllib.parse.quote("ASK {}"), PROBE)
    return time.perf_counter() - started, status


class _Peak:
    """The largest resident size of the server's child processes (its query workers)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._done = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.wait(0.02):
            for child in psutil.Process(self.pid).children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    self.peak = max(self.peak, child.memory_info().rss)

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak


def _under(port: int, attack: Callable[[], object], probes: int) -> tuple[list[float], set[int]]:
    """Probe latencies (and statuses) while ``attack`` runs in threads of its own."""
    thread = threading.Thread(target=attack, daemon=True)
    thread.start()
    time.sleep(0.3)  # the attack is under way
    results = [_probe(port) for _ in range(probes)]
    thread.join(300)
    return [t for t, _ in results], {s for _, s in results}


def _many(count: int, job: Callable[[int], object]) -> Callable[[], None]:
    def run() -> None:
        threads = [threading.Thread(target=job, args=(n,)) for n in range(count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--probes", type=int, default=10)
    parser.add_argument("--deadline", type=float, default=10.0)
    args = parser.parse_args()
    from fengong.graph import Project, build_graphs, write_build

    with tempfile.TemporaryDirectory() as tmp:
        write_build(build_graphs(Project(ROOT), [SEED]), Path(tmp))
        graph = Path(tmp) / "fengong.nq"
        with FengongServer(graph, deadline=args.deadline, extra=("--no-access-log",)) as server:
            port = server.port
            assert server.process is not None
            peak = _Peak(server.process.pid)
            idle = [_probe(port)[0] for _ in range(args.probes)]
            sockets: list[socket.socket] = []

            def idle_sockets() -> None:
                for _ in range(530):
                    try:
                        sockets.append(socket.create_connection(("127.0.0.1", port), timeout=10,
                                                                source_address=(ATTACKER, 0)))  # fmt: skip
                    except OSError:
                        break

            departments = "&".join(["department=" + urllib.parse.quote("区应急局")] * 100)
            attacks: list[tuple[str, Callable[[], object]]] = [
                ("a 16 KB `IN (1,1,…)` list being checked", lambda: _sparql(port, IN_LIST, ATTACKER)),
                ("`ORDER BY RAND()` over a cartesian product", lambda: _sparql(port, BOMB, ATTACKER)),
                ("32 four-way joins at once, one client",
                 _many(32, lambda n: _sparql(port, f"{JOIN} # {n}", ATTACKER))),
                ("16 named queries with 100 `department=` values each, at once",
                 _many(16, lambda n: _request(port, "GET", f"/api/queries/tasks-led-by?{departments}&n={n}",
                                              ATTACKER))),
                ("530 idle sockets from one client", idle_sockets),
            ]  # fmt: skip
            rows = []
            for name, attack in attacks:
                times, statuses = _under(port, attack, args.probes)
                rows.append((name, times, statuses))
            for sock in sockets:
                sock.close()
            worker_peak = peak.stop()
    base = statistics.median(idle)
    print(f"idle probe: median {base * 1000:.1f} ms, max {max(idle) * 1000:.1f} ms\n")
    print(
        "| attack (from 127.0.0.2) | probe median | probe max | ratio to idle (median) | probe statuses |"
    )
    print("|---|---|---|---|---|")
    for name, times, statuses in rows:
        median = statistics.median(times)
        print(f"| {name} | {median * 1000:.1f} ms | {max(times) * 1000:.1f} ms | "
              f"{median / base:.1f}× | {', '.join(map(str, sorted(statuses)))} |")  # fmt: skip
    print(f"\npeak resident size of a query worker: {worker_peak / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
