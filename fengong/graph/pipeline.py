"""The build: sources + registries + ontology → named graphs → files under data/build/.

Everything is parsed, resolved and reasoned in memory first; files are written only when all
of that succeeded, each through a temporary file and an atomic rename, so bad input leaves the
previous build untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from fengong.errors import FengongError, IngestError, Location
from fengong.graph.alignment import DocumentLink, align_corpus, alignment_graph, read_reviews
from fengong.graph.iris import Iris
from fengong.graph.namespaces import FG, PROV, RDF, RDFS
from fengong.graph.profile import rl_violations
from fengong.graph.reading import DEFAULT_READ, ReadOptions, read_documents
from fengong.graph.reference import labels, reference_graph
from fengong.graph.rules import RuleSet, run_rules
from fengong.graph.serialize import BUILD_FILES, ntriples_line, write_build_files
from fengong.graph.source_views import SourceView, write_source_views
from fengong.graph.succession import succession_graph
from fengong.ingest.layout import NOTICE_SUFFIXES, SOURCE_SUFFIXES, attachments
from fengong.ingest.resolve import ResolvedDocument
from fengong.ingest.sidecar import read_sidecar, sidecar_path
from fengong.packaged import defaults_root
from fengong.reference import Registry, load_registry
from fengong.store.embedded import to_oxigraph, to_rdflib

__all__ = [
    "BUILD_FILES",
    "Build",
    "Project",
    "base_graphs",
    "build_graphs",
    "collect_sources",
    "display_name",
    "reasoning_activity",
    "registry_files",
    "skipped_files",
    "write_build",
]


@dataclass(frozen=True)
class Project:
    """A project folder, layered over the packaged defaults.

    The folder holds what is the project's own: ``data/sources/`` (its documents),
    ``data/build/`` (what ``fengong build`` writes), ``data/reference/`` (rows it adds to the
    packaged registries, its reviewed alignments) and ``queries/*.rq`` (named queries added to
    the catalogue). The ontology, shapes, internal queries and registries come from the package
    (:func:`fengong.packaged.defaults_root`); in a checkout the two are the same folder. A
    folder with an ontology of its own (``ontology/fengong.ttl``: a checkout, or a fork that
    changes the ontology, shapes or registries) is its own defaults, whole.
    """

    root: Path
    defaults: Path = None  # type: ignore[assignment]  # set in __post_init__

    def __post_init__(self) -> None:
        if self.defaults is None:
            own = (self.root / "ontology" / "fengong.ttl").is_file()
            object.__setattr__(self, "defaults", self.root if own else defaults_root())

    @classmethod
    def discover(cls, root: Path | None = None) -> Project:
        """``root``, else the working directory: any folder is a project (``fengong init``
        gives one its layout and examples, but an empty folder builds too)."""
        return cls(root if root is not None else Path.cwd())

    @property
    def queries(self) -> Path:
        """The packaged queries: the catalogue's and the internal ones (api/, checks/ …)."""
        return self.defaults / "queries"

    @property
    def catalogue_dirs(self) -> tuple[Path, ...]:
        """Where named queries are listed: the package's, then the project's own."""
        own = self.root / "queries"
        return (self.queries,) + ((own,) if own.is_dir() and not _same(own, self.queries) else ())

    @property
    def ontology(self) -> Path:
        return self.defaults / "ontology" / "fengong.ttl"

    @property
    def shapes(self) -> Path:
        return self.defaults / "shapes"

    @property
    def registry(self) -> Path:
        """The packaged registries (data/reference/ of the package)."""
        return self.defaults / "data" / "reference"

    @property
    def reference(self) -> Path:
        """The project's own data/reference/: added registry rows, alignments.csv."""
        return self.root / "data" / "reference"

    @property
    def sources(self) -> Path:
        return self.root / "data" / "sources"

    @property
    def rules(self) -> Path:
        return self.queries / "rules"

    @property
    def build(self) -> Path:
        return self.root / "data" / "build"

    def load_registry(self) -> Registry:
        """The packaged registries with the rows this project adds."""
        return load_registry(self.registry, (self.reference,))


def _same(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


@dataclass(frozen=True)
class Build:
    """The result of a build, before or after it is written: the named graphs in one store."""

    store: ox.Store  # every named graph, the inferred one included
    names: tuple[URIRef, ...]  # the graphs in build order: ontology, reference, documents, inferred
    ontology: Graph  # as parsed from its file (its blank nodes keep their rdflib identity)
    documents: tuple[ResolvedDocument, ...]
    registry: Registry
    reasoning_errors: tuple[str, ...]  # findings of queries/rules/inconsistencies.rq
    iris: Iris
    rounds: int  # rule rounds until the fixpoint
    links: tuple[DocumentLink, ...] = ()  # documents implementing other ingested ones
    refused: tuple[FengongError, ...] = ()  # documents left out (``keep_going``), and why
    sources: tuple[SourceView, ...] = ()  # each document's text as read, for the source view

    # rdflib views, for the reference engines (owlrl, pySHACL, HermiT) and for tests; built on
    # first use, so a corpus build that never asks for them never pays for them.
    @cached_property
    def graphs(self) -> dict[URIRef, Graph]:
        """Named graph IRI → rdflib graph. The ontology comes from its file (blank nodes)."""
        out = {name: Graph() for name in self.names}
        for quad in self.store.quads_for_pattern(None, None, None, None):
            name = URIRef(quad.graph_name.value)  # type: ignore[union-attr]
            if name != self.iris.graph("ontology"):
                triple = (
                    to_rdflib(quad.subject),
                    to_rdflib(quad.predicate),
                    to_rdflib(quad.object),
                )
                out[name].add(triple)  # type: ignore[arg-type]
        out[self.iris.graph("ontology")] = self.ontology
        return out

    @cached_property
    def asserted(self) -> Graph:
        """The reference and document graphs together (no ontology, no inferences)."""
        out = Graph()
        for name in self.names[1:-1]:
            for triple in self.graphs[name]:
                out.add(triple)
        return out

    @property
    def inferred(self) -> Graph:
        return self.graphs[self.iris.graph("inferred")]


def collect_sources(paths: Iterable[Path]) -> list[Path]:
    """Files named on the command line, and the source files of named directories (by suffix:
    .txt, .html, .docx, .xlsx, .pdf, .doc, .wps, .xls, .et, .rtf; sidecar .yaml files are read
    with their source, and a notice page's attachments with the page), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            files = sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in SOURCE_SUFFIXES
                and p.is_file()
                and not p.name.startswith((".", "~$"))
            )
            found += files
        elif path.is_file():
            found.append(path)
        else:
            raise FengongError("no such file or directory", Location(str(path)))
    if not found:
        raise FengongError(
            "no source documents found: looked for "
            f"{', '.join(sorted(SOURCE_SUFFIXES))} files (put documents there, or lay out "
            "an example with `fengong init DIR --with-seed`)",
            Location(", ".join(map(str, paths))),
        )
    held = _attachments_of(found)  # read with their notice page, not on their own
    held |= {  # a sidecar named beside its source (a shell's src/*) is read with it
        sidecar.resolve() for p in found if (sidecar := sidecar_path(p)) is not None
    }
    return [p for p in found if p.resolve() not in held]


def _attachments_of(files: list[Path]) -> set[Path]:
    """The attachments of the notice pages among ``files``. A sidecar or attachment that is
    wrong is left for the reading of its page to report (with the page, not the build)."""
    held: set[Path] = set()
    for path in files:
        if path.suffix.lower() not in NOTICE_SUFFIXES:
            continue
        try:
            sidecar = sidecar_path(path)
            metadata = read_sidecar(sidecar, sidecar.name) if sidecar else None
            held.update(p.resolve() for p in attachments(path, metadata))
        except FengongError:
            continue
    return held


def skipped_files(paths: Iterable[Path]) -> list[Path]:
    """Files in the named folders that are not sources (a scan, a .doc) nor sidecars: the
    build says it left them out."""
    return sorted(
        p
        for path in paths
        if path.is_dir()
        for p in path.iterdir()
        if p.is_file()
        and not p.name.startswith((".", "~$"))
        and p.suffix.lower() not in SOURCE_SUFFIXES | {".yaml", ".yml"}
    )


def _quads(triples: Iterable[tuple[Node, Node, Node]], graph: URIRef) -> list[ox.Quad]:
    name = ox.NamedNode(graph)
    return [ox.Quad(*map(to_oxigraph, triple), name) for triple in triples]  # type: ignore[arg-type]


def base_graphs(project: Project, iris: Iris) -> tuple[Registry, Graph, Graph]:
    """The registries, the ontology (refused if it leaves the rules' OWL 2 RL subset) and the
    reference graph: what every document of a build is read and reasoned with."""
    registry = project.load_registry()
    ontology = Graph().parse(project.ontology, format="turtle")
    problems = rl_violations(ontology)
    if problems:
        raise FengongError(
            "the ontology leaves the OWL 2 RL subset the rules implement: " + "; ".join(problems),
            Location(str(project.ontology)),
        )
    return registry, ontology, reference_graph(registry, iris)


def registry_files(project: Project) -> list[Path]:
    """The registry files a build reads (the packaged ones, the project's added rows)."""
    folders = (project.registry, project.reference)
    return sorted({p for f in folders if f.is_dir() for p in f.rglob("*.csv")
                   if p.name != "alignments.csv"})  # fmt: skip


def build_graphs(
    project: Project,
    sources: Iterable[Path],
    iris: Iris | None = None,
    store: ox.Store | None = None,
    options: ReadOptions = DEFAULT_READ,
    progress: Callable[[ResolvedDocument], None] | None = None,
) -> Build:
    """Parse, resolve and reason over ``sources``; raise on the first input error.

    The graphs go into ``store``: by default a new in-memory one; an empty on-disk store keeps
    a corpus's memory bounded (pyoxigraph's in-memory store needs ~0.5 GB per million quads).
    """
    iris = iris or Iris()
    registry, ontology, reference = base_graphs(project, iris)
    store = store if store is not None else ox.Store()
    if len(store):
        raise FengongError("the store to build into is not empty")
    names = [iris.graph("ontology"), iris.graph("reference")]
    store.extend(_quads(ontology, names[0]))
    store.extend(_quads(reference, names[1]))
    # Each triple goes to the first graph that states it (ontology, reference, documents in
    # order): a union default graph need not deduplicate (pyoxigraph's does not), and a fact
    # stored twice would count twice. Documents share categories and cited articles.
    seen = {ntriples_line(*t) for g in (ontology, reference) for t in g if _no_bnode(t)}
    reserved = frozenset(str(s) for g in (ontology, reference) for s in g.subjects())
    jobs = [(path, display_name(path, project.root)) for path in collect_sources(sources)]
    documents = []
    sources: list[SourceView] = []
    refused: list[FengongError] = []
    for read in read_documents(jobs, registry, iris, reserved, options):
        if isinstance(read, FengongError):
            refused.append(read)
            continue
        resolved = read.resolved
        name = iris.graph(f"doc/{resolved.key}")
        if name in names:
            raise IngestError(
                f"a second document numbered {resolved.table.head.number}"
                if resolved.table.head.number
                else f"a second document with the key {resolved.key} (the same head and text)",
                Location(resolved.table.file),
            )
        new = [line for line in read.shared if line not in seen]
        seen.update(new)
        graph = ox.NamedNode(name)
        store.load(read.own + "".join(new).encode("utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=graph)
        names.append(name)
        documents.append(resolved)
        if read.source is not None:
            sources.append(SourceView(resolved.key, read.source, read.path))
        if progress is not None:
            progress(resolved)
    if refused and not documents:
        raise refused[0]  # nothing could be read: the first reason is the build's error
    derived = succession_graph(registry, documents, iris)
    if derived:  # counterparts above and successions, across the build's departments
        names.append(iris.graph("functions"))
        store.extend(_quads(sorted(derived, key=str), names[-1]))
    links = align_corpus(documents, read_reviews(project.reference / "alignments.csv"))
    if links:  # documents that implement other ingested documents
        names.append(iris.graph("alignment"))
        store.extend(_quads(alignment_graph(links, iris), names[-1]))
    names.append(iris.graph("inferred"))
    rules = RuleSet.load(project.rules)
    store.extend(_quads(reasoning_activity(rules, iris, names[:-1]), names[-1]))
    run = run_rules(store, rules)
    return Build(
        store,
        tuple(names),
        ontology,
        tuple(documents),
        registry,
        run.inconsistencies,
        iris,
        run.rounds,
        tuple(links),
        tuple(refused),
        tuple(sources),
    )


def _no_bnode(triple: tuple[Node, Node, Node]) -> bool:
    return not any(isinstance(term, BNode) for term in triple)


def reasoning_activity(rules: RuleSet, iris: Iris, used: Iterable[URIRef]) -> Graph:
    """The activity the inferred graph names as its origin; the rules find their output graph
    through it."""
    g, activity = Graph(), iris.activity("reasoning")
    g.add((iris.graph("inferred"), PROV.wasGeneratedBy, activity))
    g.add((activity, RDF.type, FG.ReasoningActivity))
    labels(g, activity, "构建时推理", "build-time reasoning")
    names = ", ".join(rules.names)
    g.add(
        (
            activity,
            RDFS.comment,
            Literal(f"OWL 2 RL rules as SPARQL Update on pyoxigraph {ox.__version__}: {names}"),
        )
    )
    for graph_name in used:
        g.add((activity, PROV.used, graph_name))
    return g


def display_name(path: Path, root: Path) -> str:
    """How provenance names a file: relative to the project when inside it, else its name."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def write_build(build: Build, out_dir: Path) -> dict[str, Path]:
    """Write the build's files (see ``BUILD_FILES``); returns name → path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = write_build_files(build.store, build.ontology, build.names, out_dir)
    if build.sources:
        written["sources"] = write_source_views(build.sources, out_dir / "sources")
    return written
