"""What the request limits cost: the guarded protocol (fengong/web/protocol.py) against uvicorn's own
httptools protocol, on the same app and build, in the same run.

    python bench/guard.py [--seconds 8] [--rounds 2] [--clients 16]

Each round starts one server of each kind in turn (one process, one query worker), hammers a
cached named query with keep-alive clients, and stops it; the ratio is guarded / plain
requests per second, per round and as the median.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, SEED
from bench.load import hammer
from tests.servers import free_port

PATH = "/api/queries/workload?limit=5"
SERVER = """
import sys, uvicorn
from pathlib import Path
from fengong.web import Settings, create_app
from fengong.web.protocol import guarded_protocol
graph, port, kind = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
settings = Settings(graph, workers=1, client_requests=0)  # the load comes from one address
http = guarded_protocol(settings.head_seconds, settings.body_seconds,
                        settings.max_head_bytes) if kind == "guarded" else "httptools"
uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning",
            access_log=False, http=http)
"""


def _build(folder: Path) -> Path:
    from fengong.graph import Project, build_graphs, write_build

    write_build(build_graphs(Project(ROOT), [SEED]), folder)
    return folder / "fengong.nq"


def _measure(graph: Path, kind: str, clients: int, seconds: float) -> float:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(graph), str(port), kind], cwd=ROOT)
    try:
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{PATH}", timeout=2):
                    break
            except OSError:
                time.sleep(0.1)
        result = hammer(port, PATH, clients, seconds)
        assert result.errors == 0, result
        return result.per_second
    finally:
        server.terminate()
        server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        graph = _build(Path(tmp))
        ratios = []
        for round_ in range(1, args.rounds + 1):
            plain = _measure(graph, "plain", args.clients, args.seconds)
            guarded = _measure(graph, "guarded", args.clients, args.seconds)
            ratios.append(guarded / plain)
            print(f"round {round_}: plain {plain:,.0f} req/s, guarded {guarded:,.0f} req/s, "
                  f"ratio {guarded / plain:.3f}")  # fmt: skip
        print(f"median ratio guarded / plain: {statistics.median(ratios):.3f}")


if __name__ == "__main__":
    main()
