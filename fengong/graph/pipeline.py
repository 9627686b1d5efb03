"""The build: sources + registries + ontology → named graphs → files under data/build/.

Everything is parsed, resolved and reasoned in memory first; files are written only when all
of that succeeded, each through a temporary file and an atomic rename, so bad input leaves the
previous build untouched.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from fengong.errors import FengongError, IngestError, Location
from fengong.graph.document import document_graph
from fengong.graph.iris import Iris
from fengong.graph.namespaces import PROV
from fengong.graph.reason import materialise
from fengong.graph.reference import reference_graph
from fengong.graph.serialize import sorted_nquads, sorted_ntriples, turtle
from fengong.ingest import parse_table_document, read_source
from fengong.ingest.resolve import ResolvedDocument, resolve_document
from fengong.reference import Registry, load_registry

__all__ = ["BUILD_FILES", "Build", "Project", "build_graphs", "collect_sources", "write_build"]

#: What a build writes, relative to the output directory.
BUILD_FILES = ("fengong.nq", "asserted.nt", "asserted.ttl", "inferred.nt")


@dataclass(frozen=True)
class Project:
    """Where a project's inputs live (defaults: this repository's layout)."""

    root: Path

    @classmethod
    def discover(cls, root: Path | None = None) -> Project:
        """``root``, else the working directory if it is a project, else this checkout."""
        if root is not None:
            return cls(root)
        cwd = Path.cwd()
        if (cwd / "ontology" / "fengong.ttl").is_file():
            return cls(cwd)
        return cls(Path(__file__).resolve().parents[2])

    @property
    def queries(self) -> Path:
        return self.root / "queries"

    @property
    def ontology(self) -> Path:
        return self.root / "ontology" / "fengong.ttl"

    @property
    def reference(self) -> Path:
        return self.root / "data" / "reference"

    @property
    def sources(self) -> Path:
        return self.root / "data" / "sources"

    @property
    def rules(self) -> Path:
        return self.root / "queries" / "rules"

    @property
    def build(self) -> Path:
        return self.root / "data" / "build"


@dataclass(frozen=True)
class Build:
    """The result of a build, before or after it is written."""

    graphs: dict[URIRef, Graph]  # named graph IRI → graph
    asserted: Graph  # the reference and document graphs together (no ontology, no inferences)
    documents: tuple[ResolvedDocument, ...]
    registry: Registry
    reasoning_errors: tuple[str, ...]
    iris: Iris

    @property
    def inferred(self) -> Graph:
        return self.graphs[self.iris.graph("inferred")]


def collect_sources(paths: Iterable[Path]) -> list[Path]:
    """Files named on the command line, and the *.txt files of named directories, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(path.glob("*.txt"))
        elif path.is_file():
            found.append(path)
        else:
            raise FengongError("no such file or directory", Location(str(path)))
    if not found:
        raise FengongError("no source documents found", Location(", ".join(map(str, paths))))
    return found


def build_graphs(project: Project, sources: Iterable[Path], iris: Iris | None = None) -> Build:
    """Parse, resolve and reason over ``sources``; raise on the first input error."""
    iris = iris or Iris()
    registry = load_registry(project.reference)
    ontology = Graph().parse(project.ontology, format="turtle")
    graphs: dict[URIRef, Graph] = {
        iris.graph("ontology"): ontology,
        iris.graph("reference"): reference_graph(registry, iris),
    }
    documents = []
    for path in collect_sources(sources):
        source = read_source(path, _display_name(path, project.root))
        resolved = resolve_document(parse_table_document(source), registry)
        name = iris.graph(f"doc/{resolved.key}")
        if name in graphs:
            raise IngestError(
                f"a second document numbered {resolved.table.head.number}", Location(source.name)
            )
        graphs[name] = document_graph(resolved, source.lines, registry, iris)
        documents.append(resolved)
    asserted_names = [n for n in graphs if n != iris.graph("ontology")]
    asserted = Graph()
    for n in asserted_names:
        for triple in graphs[n]:
            asserted.add(triple)
    inference = materialise(
        ontology, asserted, project.rules, iris, [iris.graph("ontology"), *asserted_names]
    )
    inference.graph.add((iris.graph("inferred"), PROV.wasGeneratedBy, iris.activity("reasoning")))
    graphs[iris.graph("inferred")] = inference.graph
    _store_each_triple_once(graphs)
    return Build(graphs, asserted, tuple(documents), registry, inference.errors, iris)


def _store_each_triple_once(graphs: dict[URIRef, Graph]) -> None:
    """Keep each triple only in the first named graph that holds it (ontology, reference,
    documents, inferred), because a union default graph need not deduplicate: pyoxigraph's
    does not, and a fact stored twice would count twice. (The article a document cites is also
    the reference graph's, for instance.)"""
    seen: set[tuple[object, object, object]] = set()
    for graph in graphs.values():
        for triple in [t for t in graph if t in seen]:
            graph.remove(triple)
        seen.update(graph)


def _display_name(path: Path, root: Path) -> str:
    """How provenance names a file: relative to the project when inside it, else its name."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_build(build: Build, out_dir: Path) -> dict[str, Path]:
    """Write the build's files (see ``BUILD_FILES``); returns name → path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    contents = {
        "fengong.nq": sorted_nquads(build.graphs),
        "asserted.nt": sorted_ntriples(build.asserted),
        "asserted.ttl": turtle(build.asserted),
        "inferred.nt": sorted_ntriples(build.inferred),
    }
    paths = {}
    for name, data in contents.items():
        paths[name] = out_dir / name
        _write_atomically(paths[name], data)
    return paths
