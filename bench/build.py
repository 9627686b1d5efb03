"""Build cost against corpus size: ingest (read, parse, resolve) vs the whole build.

Usage: python bench/build.py [docs ...]   (default: 1 3 10)
Generates the corpus (bench/corpus.py, seed 1), then per size prints documents, triples,
median seconds of ingest alone and of the full build (graphs + OWL RL reasoning), and the
share of the build that is not ingest. Ingest is the baseline measured in the same run.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from common import ROOT, median_time
from corpus import generate

from fengong.graph import Project, build_graphs
from fengong.ingest import parse_table_document, read_source
from fengong.ingest.resolve import resolve_document
from fengong.reference import load_registry


def main(sizes: list[int]) -> None:
    project = Project(ROOT)
    registry = load_registry(project.reference)
    with tempfile.TemporaryDirectory() as folder:
        docs = generate(max(sizes), 1, Path(folder))
        print(f"{'docs':>5} {'triples':>9} {'ingest s':>9} {'build s':>8} {'triples/s':>10} "
              f"{'not ingest':>10}")  # fmt: skip
        for n in sizes:
            chosen = docs[:n]

            def ingest(chosen: list[Path] = chosen) -> int:
                return sum(
                    len(
                        resolve_document(
                            parse_table_document(read_source(p, p.name)), registry
                        ).assignments
                    )
                    for p in chosen
                )

            ingest_s, _ = median_time(ingest)
            build_s, build = median_time(lambda chosen=chosen: build_graphs(project, chosen))
            triples = sum(len(g) for g in build.graphs.values())  # type: ignore[attr-defined]
            print(f"{n:>5} {triples:>9} {ingest_s:>9.3f} {build_s:>8.2f} "
                  f"{triples / build_s:>10,.0f} {1 - ingest_s / build_s:>9.0%}")  # fmt: skip


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 3, 10])
