"""The three stores on the whole catalogue: rdflib (the baseline), embedded pyoxigraph, and an
Oxigraph server over HTTP, on the seed replicated k times.

Usage: python bench/stores.py [k ...]   (default: 1 4)
Prints, per size and backend: triples, load seconds, seconds to run every catalogue query once
(median of 3), the speed-up over rdflib measured in the same run, and whether every query gave
the same number of rows as on rdflib.
"""

from __future__ import annotations

import sys

import yaml
from common import ROOT, median_time, replicate, seed_graph

from fengong.catalogue import load_catalogue, run_query
from fengong.graph import DEFAULT_BASE
from fengong.graph.serialize import sorted_ntriples
from fengong.store import EmbeddedStore, MemoryStore, RdfFormat, RemoteStore, Store

sys.path.insert(0, str(ROOT))
from tests.servers import OxigraphServer

QUERIES = ROOT / "queries"
CASES = yaml.safe_load((ROOT / "tests/golden/catalogue/cases.yaml").read_text("utf-8"))
GRAPH = "https://w3id.org/fengong/id/graph/bench"
# every copy of the seed has the same 文号, so name the document by its (copied) IRI
CASES["applied-documents"] = {"document": f"{DEFAULT_BASE}doc/putuo-anban-2020-18-copy0"}


CATALOGUE = load_catalogue(QUERIES)  # parsed once: loading is not what is measured


def run_catalogue(store: Store) -> dict[str, int]:
    counts = {}
    for name, params in CASES.items():
        spec = CATALOGUE[name]
        limit = spec.pagination.max if spec.pagination else None
        result = run_query(store, spec, params, base=DEFAULT_BASE, queries_dir=QUERIES, limit=limit)
        counts[name] = len(result)
    return counts


def measure(store: Store, data: bytes) -> tuple[float, float, dict[str, int]]:
    def load() -> None:
        store.replace(data, RdfFormat.N_TRIPLES, GRAPH)

    load_s, _ = median_time(load)
    query_s, counts = median_time(lambda: run_catalogue(store))
    return load_s, query_s, counts  # type: ignore[return-value]


def main(sizes: list[int]) -> None:
    seed = seed_graph()
    print(f"{'copies':>6} {'triples':>8} {'backend':>9} {'load s':>8} {'queries s':>10} "
          f"{'speed-up':>9} same-rows")  # fmt: skip
    with OxigraphServer() as server:
        for k in sizes:
            data = sorted_ntriples(replicate(seed, k))
            triples = data.count(b"\n")
            backends: list[tuple[str, Store]] = [
                ("rdflib", MemoryStore()),
                ("embedded", EmbeddedStore()),
                ("remote", RemoteStore(server.endpoint)),
            ]
            baseline: tuple[float, dict[str, int]] | None = None
            for name, store in backends:
                load_s, query_s, counts = measure(store, data)
                if baseline is None:
                    baseline = (query_s, counts)
                speedup = baseline[0] / query_s
                same = counts == baseline[1]
                print(f"{k:>6} {triples:>8} {name:>9} {load_s:>8.3f} {query_s:>10.3f} "
                      f"{speedup:>8.1f}× {same}")  # fmt: skip
                store.clear(GRAPH)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 4])
