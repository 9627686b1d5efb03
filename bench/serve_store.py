"""Serving from memory or from the on-disk store, side by side on one build (issue 21).

Usage: python bench/serve_store.py --docs N [--workers 2] [--runs 5]

One synthetic corpus of N documents (about 11,500 quads each) is built once. Its graph is
served by a pool of query workers twice: each worker loading the N-Quads into memory (the
baseline), then each opening the build's on-disk store read-only. Printed: the time until the
workers answer, their total resident memory once loaded and after every catalogue query, and
each catalogue query's median time (``--runs`` runs) on both, through the workers, as the
server runs them.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import psutil
from common import ROOT, SEED

from fengong.catalogue import load_catalogue
from fengong.catalogue.params import bind_params
from fengong.graph import DEFAULT_BASE, Iris, Project
from fengong.graph.pipeline import build_graphs, write_build
from fengong.store.disk import write_disk_store
from fengong.store.sparql_text import inject_values
from fengong.synthetic import generate
from fengong.web.worker import Job, WorkerPool

JSON = "application/sparql-results+json"


def _rss() -> int:
    """Resident bytes of this process's children (the workers)."""
    return sum(c.memory_info().rss for c in psutil.Process().children(recursive=True))


def _jobs() -> dict[str, Job]:
    """Every catalogue query with its golden case's parameters, bound as the API binds them."""
    import yaml

    cases = yaml.safe_load((ROOT / "tests/golden/catalogue/cases.yaml").read_text("utf-8"))
    cases["applied-documents"] = {"document": "普安办〔2000〕100号"}  # the corpus's first
    jobs = {}
    for name, spec in sorted(load_catalogue(ROOT / "queries").items()):
        try:
            bound = bind_params(spec, cases.get(name, {}), DEFAULT_BASE)
        except Exception:  # a lookup parameter (a label to IRIs) needs a store: left out
            continue
        text = inject_values(spec.text, bound.lists) if bound.lists else spec.text
        limit = spec.pagination.max if spec.pagination else None
        if limit:
            text += f"\nLIMIT {limit}"
        subs = tuple((k, ("uri", str(v))) for k, v in bound.scalars.items()
                     if str(type(v).__name__) == "URIRef")  # fmt: skip
        if len(subs) != len(bound.scalars):
            continue  # literal scalars: the API binds them itself; not worth copying here
        jobs[name] = Job(text, "SELECT", JSON, substitutions=subs, max_rows=10**6)
    return jobs


async def _serve(nquads: Path, workers: int, jobs: dict[str, Job], runs: int) -> dict:
    started = time.perf_counter()
    pool = WorkerPool(nquads, size=workers, deadline=120, memory=None, isolate=False)
    await pool.start()
    ready = time.perf_counter() - started
    loaded = _rss()
    times: dict[str, float] = {}
    try:
        for name, job in jobs.items():
            seconds = []
            for _ in range(runs):
                t = time.perf_counter()
                answer = await pool.run(job)
                seconds.append(time.perf_counter() - t)
                assert answer.status == 200, (name, answer.body[:300])
            times[name] = statistics.median(seconds)
        after = _rss()
    finally:
        await pool.stop()
    return {"ready": ready, "rss_loaded": loaded, "rss_after": after, "store":
            pool.confinement.get("store"), "times": times, "quads": pool.quads}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(args.docs, 1, root / "corpus", SEED)
        t = time.perf_counter()
        write_build(build_graphs(Project(ROOT), [root / "corpus"], Iris()), root / "memory")
        built = time.perf_counter() - t
        (root / "disk").mkdir()
        (root / "disk" / "fengong.nq").hardlink_to(root / "memory" / "fengong.nq")
        t = time.perf_counter()
        write_disk_store(root / "disk" / "fengong.nq", root / "disk")
        loaded = time.perf_counter() - t
        size = sum(p.stat().st_size for p in (root / "disk" / "store").rglob("*"))
        jobs = _jobs()
        memory = asyncio.run(_serve(root / "memory" / "fengong.nq", args.workers, jobs, args.runs))
        disk = asyncio.run(_serve(root / "disk" / "fengong.nq", args.workers, jobs, args.runs))
    mib = 1 << 20
    print(f"## Serving {memory['quads']:,} quads from memory or from disk "
          f"({args.workers} query workers)\n")  # fmt: skip
    print(f"Build {built:.1f} s; bulk load into the on-disk store {loaded:.1f} s "
          f"({size / mib:,.0f} MiB on disk).\n")  # fmt: skip
    print("| | in memory (baseline) | on disk | ratio |\n|---|---:|---:|---:|")
    print(f"| workers ready | {memory['ready']:.1f} s | {disk['ready']:.2f} s | "
          f"{memory['ready'] / disk['ready']:.0f}× sooner |")  # fmt: skip
    for key, label in (("rss_loaded", "workers' RSS, loaded"),
                       ("rss_after", "workers' RSS, after every query")):  # fmt: skip
        print(f"| {label} | {memory[key] / mib:,.0f} MiB | {disk[key] / mib:,.0f} MiB | "
              f"{disk[key] / memory[key]:.2f} |")  # fmt: skip
    print(
        "\n| catalogue query | p50 in memory | p50 on disk | disk / memory |\n|---|---:|---:|---:|"
    )
    ratios = []
    for name in jobs:
        m, d = memory["times"][name], disk["times"][name]
        ratios.append(d / m)
        print(f"| {name} | {m * 1000:.1f} ms | {d * 1000:.1f} ms | {d / m:.2f} |")
    print(f"\nMedian disk / memory over {len(ratios)} queries: {statistics.median(ratios):.2f}; "
          f"slowest on disk {max(disk['times'].values()) * 1000:.0f} ms.")  # fmt: skip


if __name__ == "__main__":
    main()
