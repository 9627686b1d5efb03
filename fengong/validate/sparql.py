"""The fast path: the same checks as SPARQL queries (queries/checks/*-violation.rq and their
warning/info siblings) on the embedded store.

pySHACL stays the reference; tests hold the two engines to identical findings (shape, focus
node, severity) on the seed and on every example under tests/shapes/. The queries use MINUS and
OPTIONAL rather than FILTER NOT EXISTS where it matters: on pyoxigraph the latter is orders of
magnitude slower (see ../shared/ANCHORS.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH

from fengong.errors import FengongError, Location
from fengong.queries import load_query
from fengong.store.base import Store
from fengong.validate.report import Finding, Severity, ValidationReport, fill_message, report_graph

__all__ = ["Check", "load_checks", "run_checks"]

SHAPES_NS = "https://w3id.org/fengong/shapes#"
_HEADER = re.compile(r"^#\+\s*(\w+):\s*(.*)$")


@dataclass(frozen=True)
class Check:
    name: str
    shape: str  # IRI of the SHACL shape this query mirrors
    severity: Severity
    query: str


def load_checks(directory: Path) -> list[Check]:
    """Every ``*.rq`` under ``directory``, with its ``#+ shape`` and ``#+ severity`` header."""
    checks = []
    for path in sorted(directory.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        meta = dict(m.groups() for line in text.splitlines() if (m := _HEADER.match(line)))
        try:
            severity = Severity[meta["severity"].strip().upper()]
            shape = SHAPES_NS + meta["shape"].strip()
        except KeyError as err:
            raise FengongError(
                f"check lacks a valid #+ {err.args[0]} header", Location(str(path))
            ) from None
        checks.append(Check(path.stem, shape, severity, text))
    return checks


def _by_lang(graph: Graph, nodes: list[object], predicate: URIRef) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in nodes:
        for o in sorted(graph.objects(node, predicate), key=str):  # type: ignore[arg-type]
            if isinstance(o, Literal):
                found.setdefault(o.language or "en", str(o))
    return found


def run_checks(store: Store, checks: list[Check], shapes: Graph, queries: Path) -> ValidationReport:
    """Run every check on ``store``; name findings with the shapes' names and messages."""
    describe = load_query(queries, "validate/focus-node")
    findings = []
    for check in checks:
        shape = URIRef(check.shape)
        parts = [shape, *shapes.objects(shape, SH.sparql)]
        # a check's name may sit on the node shape, its SPARQL constraint or (as in SHACL's
        # own results) the property shape it re-implements: a report never titles a group
        # with the shape's IRI when the shapes name it
        named = [*parts, *sorted(shapes.objects(shape, SH.property), key=str)]
        names = _by_lang(shapes, [shape], RDFS.label) or _by_lang(shapes, named, SH.name)
        messages = _by_lang(shapes, named, SH.message)
        for row in store.select(check.query).records():
            focus = str(row["focus"])
            labels: dict[str, str] = {}
            lines: list[tuple[int, str]] = []
            for info in store.select(describe, {"focus": URIRef(focus)}):
                label = info["label"]
                if isinstance(label, Literal):
                    labels.setdefault(label.language or "en", str(label))
                if info["line"] is not None and info["file"] is not None:
                    lines.append((int(info["line"]), str(info["file"])))  # type: ignore[call-overload]
            first = min(lines) if lines else None
            value = row.get("value")
            findings.append(
                Finding(
                    severity=check.severity,
                    shape=check.shape,
                    check=names,
                    message={lang: fill_message(text, row) for lang, text in messages.items()},
                    focus=focus,
                    focus_label=labels,
                    source=f"{first[1]}:{first[0]}" if first else None,
                    line=first[0] if first else None,
                    value=str(value) if value is not None else None,
                )
            )
    findings.sort(
        key=lambda f: (-f.severity, f.shape, f.line or 0, f.focus_label.get("zh", f.focus), f.focus,
                       f.value or "")
    )  # fmt: skip
    return ValidationReport(tuple(findings), report_graph(findings))
