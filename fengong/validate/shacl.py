"""Running the shapes with pySHACL (the reference engine) and reading its report."""

from __future__ import annotations

from pathlib import Path

from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from fengong.errors import FengongError, Location
from fengong.graph.namespaces import FG, RDFS
from fengong.validate.report import (
    Finding,
    Severity,
    ValidationReport,
    fill_message,
    finding_order,
)

__all__ = ["load_shapes", "validate_build", "validate_graph"]

_SEVERITY = {SH.Info: Severity.INFO, SH.Warning: Severity.WARNING, SH.Violation: Severity.VIOLATION}


def load_shapes(directory: Path) -> Graph:
    """All ``*.ttl`` files under ``directory`` as one shapes graph."""
    shapes = Graph()
    for path in sorted(directory.glob("*.ttl")):
        try:
            shapes.parse(path, format="turtle")
        except Exception as err:  # rdflib raises several unrelated types for bad Turtle
            raise FengongError(f"cannot parse shapes: {err}", Location(str(path))) from None
    return shapes


def _by_lang(graph: Graph, node: object, predicate: URIRef) -> dict[str, str]:
    found: dict[str, str] = {}
    for o in sorted(graph.objects(node, predicate), key=str):  # type: ignore[arg-type]
        if isinstance(o, Literal):
            found.setdefault(o.language or "en", str(o))
    return found


def _shape_name(shapes: Graph, shape: object) -> tuple[str, dict[str, str]]:
    """A result's shape and its name; property shapes are named by themselves or their parent."""
    names = _by_lang(shapes, shape, SH.name)
    parent = shapes.value(predicate=SH.property, object=shape)  # type: ignore[arg-type]
    iri = str(parent if parent is not None and not isinstance(shape, URIRef) else shape)
    return iri, names


def _source(data: Graph, focus: object) -> tuple[str, int] | None:
    """The file and first line a focus node was read from, if it came from a document."""
    lines = [
        (str(data.value(span, FG.inFile) or ""), int(line))
        for span in data.objects(focus, FG.sourceSpan)  # type: ignore[arg-type]
        if (line := data.value(span, FG.line)) is not None
    ]
    if not lines:
        return None
    file_iri, line = min(lines, key=lambda x: x[1])
    name = data.value(URIRef(file_iri), FG.fileName) if file_iri else None
    return str(name or file_iri), line


def validate_graph(data: Graph, shapes: Graph, ontology: Graph | None = None) -> ValidationReport:
    """Validate ``data`` (asserted + inferred) against ``shapes`` with pySHACL."""
    _, report_graph, _ = validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",  # the build has already reasoned; see fengong.graph.reason
        advanced=True,  # SHACL-SPARQL constraints
        allow_warnings=True,
        do_owl_imports=False,  # never fetch anything
    )
    findings = []
    for result in report_graph.subjects(SH.resultSeverity, None):
        focus = report_graph.value(result, SH.focusNode)
        source_shape = report_graph.value(result, SH.sourceShape)
        shape, names = _shape_name(shapes, source_shape)
        if not names:
            names = _by_lang(shapes, source_shape, SH.name) or {"en": shape.rsplit("#", 1)[-1]}
        value = report_graph.value(result, SH.value)
        source = _source(data, focus)
        message = _by_lang(report_graph, result, SH.resultMessage)
        constraint = report_graph.value(result, SH.sourceConstraint)
        for node in (source_shape, constraint):  # pySHACL keeps one language of a SPARQL message
            for lang, text in _by_lang(shapes, node, SH.message).items():
                message.setdefault(lang, text)
        findings.append(
            Finding(
                severity=_SEVERITY[report_graph.value(result, SH.resultSeverity)],  # type: ignore[index]
                shape=shape,
                check=names,
                message={
                    lang: fill_message(text, {"value": value}) for lang, text in message.items()
                },
                focus=str(focus),
                focus_label=_by_lang(data, focus, RDFS.label),
                source=f"{source[0]}:{source[1]}" if source else None,
                line=source[1] if source else None,
                value=str(value) if value is not None and value != focus else None,
            )
        )
    findings.sort(key=finding_order)
    return ValidationReport(tuple(findings), report_graph)


def validate_build(
    build_dir: Path, shapes_dir: Path, queries_dir: Path, engine: str = "shacl"
) -> ValidationReport:
    """Validate a build folder's asserted and inferred graphs (what ``fengong build`` wrote).

    ``engine`` is ``shacl`` (pySHACL, the reference) or ``sparql`` (queries/checks/ on the
    embedded store; same findings, much faster at scale).
    """
    from fengong.store import EmbeddedStore
    from fengong.validate.sparql import load_checks, run_checks

    paths = [build_dir / "asserted.nt", build_dir / "inferred.nt"]
    for path in paths:
        if not path.is_file():
            raise FengongError(f"no built graph at {path}: run `fengong build` first")
    shapes = load_shapes(shapes_dir)
    if engine == "sparql":
        store = EmbeddedStore.from_ntriples(paths)
        return run_checks(store, load_checks(queries_dir / "checks"), shapes, queries_dir)
    data = Graph()
    for path in paths:
        data.parse(path, format="nt")
    return validate_graph(data, shapes)
