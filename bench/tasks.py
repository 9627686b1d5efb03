"""One measurement per process, so that each has its own peak RSS and a cap can kill it.

Usage: python bench/tasks.py TASK ARGS...   (run by bench/full.py; prints one JSON object)

Tasks, ours and their baselines:
  build SOURCES OUT          our pipeline: parse, graphs, rules on pyoxigraph, sorted files
  whole SOURCES OUT          the in-memory path end to end: build, write, validate, load
  rdflib-build SOURCES OUT   rdflib only: the same graphs in rdflib, owlrl, rdflib's N-Quads
  load-embedded NQ           pyoxigraph in memory, as `fengong serve` loads a build
  load-rdflib NQ             an rdflib Dataset
  validate-sparql BUILD      the SPARQL checks on the embedded store (loading not timed)
  validate-shacl BUILD       pySHACL on an rdflib graph (loading not timed)
  queries BACKEND NQ RUNS [CAP]  every catalogue query RUNS times on embedded | rdflib | remote
                             (remote: an Oxigraph server started here); rdflib queries stop at
                             CAP seconds (SIGALRM, the only way to interrupt rdflib)
"""

from __future__ import annotations

import hashlib
import json
import signal
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def build(sources: str, out: str) -> dict[str, Any]:
    from fengong.graph import Project, build_graphs, write_build

    seconds, made = _timed(lambda: build_graphs(Project(ROOT), [Path(sources)]))
    write_s, _ = _timed(lambda: write_build(made, Path(out)))
    return {"seconds": seconds + write_s, "write_seconds": write_s, "quads": len(made.store),
            "documents": len(made.documents), "rounds": made.rounds}  # fmt: skip


def whole(sources: str, out: str) -> dict[str, Any]:
    """The in-memory path end to end, in one process: build, write, validate, load to serve
    (the baseline of bench/stream_build.py)."""
    from fengong.graph import Project, build_graphs, write_build
    from fengong.store import EmbeddedStore
    from fengong.validate import load_shapes
    from fengong.validate.sparql import load_checks, run_checks

    def run() -> dict[str, Any]:
        made = build_graphs(Project(ROOT), [Path(sources)])
        quads = len(made.store)
        write_build(made, Path(out))
        del made
        checked = EmbeddedStore.from_ntriples(_validated_files(out))
        report = run_checks(checked, load_checks(ROOT / "queries" / "checks"),
                            load_shapes(ROOT / "shapes"), ROOT / "queries")  # fmt: skip
        del checked
        served = EmbeddedStore.from_nquads(Path(out) / "fengong.nq")
        return {"quads": quads, "loaded": len(served), "findings": len(report.findings)}

    seconds, result = _timed(run)
    return {"seconds": seconds, **result}


def rdflib_build(sources: str, out: str) -> dict[str, Any]:
    """What a researcher would write with rdflib alone: graphs, owlrl, N-Quads, load."""
    from rdflib import Dataset, Graph

    from fengong.graph import Iris, Project
    from fengong.graph.document import document_graph
    from fengong.graph.reason import owlrl_closure
    from fengong.graph.reference import reference_graph
    from fengong.ingest import parse_table_document, read_source
    from fengong.ingest.resolve import resolve_document
    from fengong.reference import load_registry

    def run() -> int:
        project, iris = Project(ROOT), Iris()
        registry = load_registry(project.reference)
        ontology = Graph().parse(project.ontology)
        dataset = Dataset()
        asserted = Graph()
        for triple in reference_graph(registry, iris):
            dataset.graph(iris.graph("reference")).add(triple)
            asserted.add(triple)
        for path in sorted(Path(sources).glob("*.txt")):
            source = read_source(path, path.name)
            resolved = resolve_document(parse_table_document(source), registry)
            graph = dataset.graph(iris.graph(f"doc/{resolved.key}"))
            for triple in document_graph(resolved, source.lines, registry, iris):
                graph.add(triple)
                asserted.add(triple)
        inferred = dataset.graph(iris.graph("inferred"))
        for triple in owlrl_closure(ontology, asserted, iris.base).graph:
            inferred.add(triple)
        target = Path(out) / "rdflib.nq"
        dataset.serialize(target, format="nquads")
        return len(Dataset().parse(target, format="nquads"))

    seconds, quads = _timed(run)
    return {"seconds": seconds, "quads": quads}


def load_embedded(nq: str) -> dict[str, Any]:
    from fengong.store import EmbeddedStore

    seconds, store = _timed(lambda: EmbeddedStore.from_nquads(Path(nq)))
    return {"seconds": seconds, "quads": len(store)}


def load_rdflib(nq: str) -> dict[str, Any]:
    from rdflib import Dataset

    seconds, dataset = _timed(lambda: Dataset().parse(nq, format="nquads"))
    return {"seconds": seconds, "quads": len(dataset)}


def _digest(report: Any) -> str:
    keys = sorted({f"{f.shape} {f.focus} {f.severity}" for f in report.findings})  # as the tests
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16] + f" ({len(keys)})"


def _validated_files(build: str) -> list[Path]:
    """What `fengong validate` reads: the asserted and inferred graphs, not the ontology."""
    return [Path(build) / "asserted.nt", Path(build) / "inferred.nt"]


def validate_sparql(build: str) -> dict[str, Any]:
    from fengong.store import EmbeddedStore
    from fengong.validate import load_shapes
    from fengong.validate.sparql import load_checks, run_checks

    store = EmbeddedStore.from_ntriples(_validated_files(build))
    shapes, checks = load_shapes(ROOT / "shapes"), load_checks(ROOT / "queries" / "checks")
    seconds, report = _timed(lambda: run_checks(store, checks, shapes, ROOT / "queries"))
    return {"seconds": seconds, "findings": _digest(report)}


def validate_shacl(build: str) -> dict[str, Any]:
    from rdflib import Graph

    from fengong.validate import load_shapes, validate_graph

    data = Graph()
    for path in _validated_files(build):
        data.parse(path, format="nt")
    shapes = load_shapes(ROOT / "shapes")
    seconds, report = _timed(lambda: validate_graph(data, shapes))
    return {"seconds": seconds, "findings": _digest(report)}


class _Overrun(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Overrun


def queries(backend: str, nq: str, runs: str, cap: str = "30") -> dict[str, Any]:
    import contextlib

    import yaml

    from fengong.catalogue import load_catalogue, run_query
    from fengong.graph import DEFAULT_BASE
    from fengong.store import EmbeddedStore, MemoryStore, RemoteStore, load_build
    from tests.servers import OxigraphServer

    cases = yaml.safe_load((ROOT / "tests/golden/catalogue/cases.yaml").read_text("utf-8"))
    cases["applied-documents"] = {"document": "普安办〔2000〕100号"}  # the corpus's first
    catalogue = load_catalogue(ROOT / "queries")
    with contextlib.ExitStack() as stack:
        if backend == "embedded":
            store: Any = EmbeddedStore.from_nquads(Path(nq))
        elif backend == "rdflib":
            store = load_build(MemoryStore(), Path(nq))
        else:
            server = stack.enter_context(OxigraphServer())
            store = load_build(RemoteStore(server.endpoint), Path(nq))
        signal.signal(signal.SIGALRM, _alarm)
        out: dict[str, Any] = {}
        for name, params in cases.items():
            spec = catalogue[name]
            limit = spec.pagination.max if spec.pagination else None
            times: list[float] = []
            for _ in range(int(runs)):
                signal.alarm(int(cap))
                try:
                    seconds, result = _timed(lambda spec=spec, params=params, limit=limit:
                                             run_query(store, spec, params, base=DEFAULT_BASE,
                                                       queries_dir=ROOT / "queries", limit=limit))  # fmt: skip
                except _Overrun:
                    times = [float("inf")]
                    break
                finally:
                    signal.alarm(0)
                times.append(seconds)
            out[name] = {"times": times, "rows": len(result) if times[0] != float("inf") else None}
    return {"queries": out}


TASKS = {
    "build": build,
    "whole": whole,
    "rdflib-build": rdflib_build,
    "load-embedded": load_embedded,
    "load-rdflib": load_rdflib,
    "validate-sparql": validate_sparql,
    "validate-shacl": validate_shacl,
    "queries": queries,
}

if __name__ == "__main__":
    result = TASKS[sys.argv[1]](*sys.argv[2:])
    print(json.dumps(result, default=str))
