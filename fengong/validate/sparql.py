"""The fast path: the same checks as SPARQL queries (queries/checks/*-violation.rq and their
warning/info siblings) on the embedded store.

pySHACL stays the reference; tests hold the two engines to identical findings (shape, focus
node, severity) on the seed and on every example under tests/shapes/. The queries use MINUS and
OPTIONAL rather than FILTER NOT EXISTS where it matters: on pyoxigraph the latter is orders of
magnitude slower (see ../shared/ANCHORS.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH

from fengong.errors import FengongError, Location
from fengong.queries import load_query
from fengong.store.base import Store
from fengong.validate.report import Finding, Severity, ValidationReport, fill_message

__all__ = ["SCOPES", "Check", "Hit", "find_hits", "load_checks", "name_hits", "run_checks"]

SHAPES_NS = "https://w3id.org/fengong/shapes#"
_HEADER = re.compile(r"^#\+\s*(\w+):\s*(.*)$")


#: Where a check can run in a streaming build (fengong.graph.stream): ``document`` checks look
#: only at a document's own nodes, so they run on each document with the reference graph and
#: what the rules infer; ``spanning`` checks look at nodes several documents may state (their
#: document nodes, departments, cited acts), so they run once on what spans documents.
SCOPES = ("document", "spanning")


@dataclass(frozen=True)
class Check:
    name: str
    shape: str  # IRI of the SHACL shape this query mirrors
    severity: Severity
    query: str
    scope: str = "document"  # see SCOPES


@dataclass(frozen=True)
class Hit:
    """A check's result as a store gives it, before it is named with the shapes' words: what a
    document's chunk carries back from the worker that checked it."""

    check: str  # the check's name (its file's stem)
    focus: str
    value: str | None
    bindings: tuple[tuple[str, str], ...]  # what the message template may name
    labels: tuple[tuple[str, str], ...]  # the focus's rdfs:label, one per language
    source: tuple[int, str] | None  # the focus's first source line and its file


def load_checks(directory: Path) -> list[Check]:
    """Every ``*.rq`` under ``directory``, with its ``#+ shape``, ``#+ severity`` and optional
    ``#+ scope`` header."""
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
        scope = meta.get("scope", "document").strip()
        if scope not in SCOPES:
            raise FengongError(
                f"check has #+ scope: {scope}; a scope is one of {', '.join(SCOPES)}",
                Location(str(path)),
            )
        checks.append(Check(path.stem, shape, severity, text, scope))
    return checks


def _by_lang(graph: Graph, nodes: list[object], predicate: URIRef) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in nodes:
        for o in sorted(graph.objects(node, predicate), key=str):  # type: ignore[arg-type]
            if isinstance(o, Literal):
                found.setdefault(o.language or "en", str(o))
    return found


def find_hits(store: Store, checks: Iterable[Check], describe: str) -> list[Hit]:
    """Run ``checks`` on ``store``; each result with its focus described by ``describe``
    (queries/validate/focus-node.rq): the least label in each language, the first line."""
    hits = []
    for check in checks:
        for row in store.select(check.query).records():
            focus = str(row["focus"])
            labels: dict[str, str] = {}
            lines: set[tuple[int, str]] = set()
            for info in store.select(describe, {"focus": URIRef(focus)}):
                label = info["label"]
                if isinstance(label, Literal):
                    lang = label.language or "en"
                    labels[lang] = min(labels.get(lang, str(label)), str(label))
                if info["line"] is not None and info["file"] is not None:
                    lines.add((int(info["line"]), str(info["file"])))  # type: ignore[call-overload]
            value = row.get("value")
            hits.append(
                Hit(
                    check=check.name,
                    focus=focus,
                    value=str(value) if value is not None else None,
                    bindings=tuple((k, str(v)) for k, v in row.items() if v is not None),
                    labels=tuple(sorted(labels.items())),
                    source=min(lines) if lines else None,
                )
            )
    return hits


def name_hits(hits: Iterable[Hit], checks: Iterable[Check], shapes: Graph) -> ValidationReport:
    """The report: each hit named and worded as its shape names it, in the report's order."""
    words: dict[str, tuple[Check, dict[str, str], dict[str, str]]] = {}
    for check in checks:
        shape = URIRef(check.shape)
        parts = [shape, *shapes.objects(shape, SH.sparql)]
        # a check's name may sit on the node shape, its SPARQL constraint or (as in SHACL's
        # own results) the property shape it re-implements: a report never titles a group
        # with the shape's IRI when the shapes name it
        named = [*parts, *sorted(shapes.objects(shape, SH.property), key=str)]
        names = _by_lang(shapes, [shape], RDFS.label) or _by_lang(shapes, named, SH.name)
        words[check.name] = (check, names, _by_lang(shapes, named, SH.message))
    findings = []
    for hit in hits:
        check, names, messages = words[hit.check]
        row = dict(hit.bindings)
        findings.append(
            Finding(
                severity=check.severity,
                shape=check.shape,
                check=names,
                message={lang: fill_message(text, row) for lang, text in messages.items()},
                focus=hit.focus,
                focus_label=dict(hit.labels),
                source=f"{hit.source[1]}:{hit.source[0]}" if hit.source else None,
                line=hit.source[0] if hit.source else None,
                value=hit.value,
            )
        )
    findings.sort(
        key=lambda f: (-f.severity, f.shape, f.line or 0, f.focus_label.get("zh", f.focus), f.focus,
                       f.value or "")
    )  # fmt: skip
    return ValidationReport(tuple(findings))


def run_checks(store: Store, checks: list[Check], shapes: Graph, queries: Path) -> ValidationReport:
    """Run every check on ``store``; name findings with the shapes' names and messages."""
    hits = find_hits(store, checks, load_query(queries, "validate/focus-node"))
    return name_hits(hits, checks, shapes)
