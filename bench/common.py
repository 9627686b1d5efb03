"""What the benchmarks share: the seed graph, replicated to any size, and a median timer."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph, URIRef

from fengong.graph import Project, build_graphs

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


def seed_graph() -> Graph:
    """The seed build's asserted and inferred triples, as one graph."""
    project = Project(ROOT)
    build = build_graphs(project, [project.sources])
    seed = Graph()
    for graph in (build.asserted, build.inferred):
        for triple in graph:
            seed.add(triple)
    return seed
