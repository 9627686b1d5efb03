"""pySHACL vs the SPARQL checks on the embedded store, on the seed replicated k times.

Usage: python bench/validation.py [k ...]   (default: 1 4 16)
Prints, per size: triples, median seconds of each engine over 3 runs, the ratio, and whether
both engines found the same (shape, focus, severity) set.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from rdflib import Graph, URIRef

from fengong.graph import Project, build_graphs
from fengong.graph.serialize import sorted_ntriples
from fengong.store import EmbeddedStore
from fengong.validate import load_shapes, validate_graph
from fengong.validate.sparql import load_checks, run_checks

ROOT = Path(__file__).resolve().parents[1]
RUNS = 3


def replicate(data: Graph, copies: int) -> Graph:
    """The graph with every document-scoped IRI copied under ``copies`` document keys."""
    out = Graph()
    marker = "/doc/putuo-anban-2020-18"

    def rename(term: object, n: int) -> object:
        if isinstance(term, URIRef) and marker in term:
            return URIRef(str(term).replace(marker, f"{marker}-copy{n}"))
        return term

    for n in range(copies):
        for s, p, o in data:
            out.add((rename(s, n), p, rename(o, n)))  # type: ignore[arg-type]
    return out


def median_time(fn: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(sizes: list[int]) -> None:
    project = Project(ROOT)
    build = build_graphs(project, [project.sources])
    seed = Graph()
    for graph in (build.asserted, build.inferred):
        for triple in graph:
            seed.add(triple)
    shapes = load_shapes(ROOT / "shapes")
    checks = load_checks(ROOT / "queries" / "checks")
    print(f"{'copies':>6} {'triples':>9} {'pySHACL s':>10} {'SPARQL s':>9} {'ratio':>7} same")
    for k in sizes:
        data = replicate(seed, k)
        store = EmbeddedStore.from_ntriples_bytes(sorted_ntriples(data))
        slow, reference = median_time(partial(validate_graph, data, shapes))
        fast, quick = median_time(partial(run_checks, store, checks, shapes, ROOT / "queries"))
        same = {(f.shape, f.focus, f.severity) for f in reference.findings} == {  # type: ignore[attr-defined]
            (f.shape, f.focus, f.severity)
            for f in quick.findings  # type: ignore[attr-defined]
        }
        print(f"{k:>6} {len(data):>9} {slow:>10.2f} {fast:>9.3f} {slow / fast:>6.1f}× {same}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 4, 16])
