"""pySHACL vs the SPARQL checks on the embedded store, on the seed replicated k times.

Usage: python bench/validation.py [k ...]   (default: 1 4 16)
Prints, per size: triples, median seconds of each engine over 3 runs, the ratio, and whether
both engines found the same (shape, focus, severity) set.
"""

from __future__ import annotations

import sys
from functools import partial

from common import ROOT, median_time, replicate, seed_graph

from fengong.graph.serialize import sorted_ntriples
from fengong.store import EmbeddedStore
from fengong.validate import load_shapes, validate_graph
from fengong.validate.sparql import load_checks, run_checks


def main(sizes: list[int]) -> None:
    seed = seed_graph()
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
