"""The fast path: the same checks as SPARQL queries (queries/checks/*-violation.rq and their
warning/info siblings) on the embedded store.

pySHACL stays the reference; tests hold the two engines to identical findings (shape, focus
node, severity) on the seed and on every example under tests/shapes/. The queries use MINUS and
OPTIONAL rather than FILTER NOT EXISTS where it matters: on pyoxigraph the latter is orders of
magnitude slower (see ../shared/ANCHORS.md).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH

from fengong.errors import FengongError, Location
from fengong.graph.serialize import sort_file, whole_blocks
from fengong.queries import load_query
from fengong.store.base import Store
from fengong.validate.report import (
    Finding,
    Severity,
    ValidationReport,
    fill_message,
    finding_order,
    json_row_text,
)

__all__ = [
    "SCOPES",
    "SPANNING",
    "Check",
    "Hit",
    "ReportSummary",
    "ReportWriter",
    "find_hits",
    "load_checks",
    "name_hits",
    "record_severity",
    "render_records",
    "run_checks",
]

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


class _Words:
    """Each check's severity, name and message templates, as its shape words them."""

    def __init__(self, checks: Iterable[Check], shapes: Graph) -> None:
        self.words: dict[str, tuple[Check, dict[str, str], dict[str, str]]] = {}
        for check in checks:
            shape = URIRef(check.shape)
            parts = [shape, *shapes.objects(shape, SH.sparql)]
            # a check's name may sit on the node shape, its SPARQL constraint or (as in
            # SHACL's own results) the property shape it re-implements: a report never titles
            # a group with the shape's IRI when the shapes name it
            named = [*parts, *sorted(shapes.objects(shape, SH.property), key=str)]
            names = _by_lang(shapes, [shape], RDFS.label) or _by_lang(shapes, named, SH.name)
            self.words[check.name] = (check, names, _by_lang(shapes, named, SH.message))

    def finding(self, hit: Hit) -> Finding:
        check, names, messages = self.words[hit.check]
        row = dict(hit.bindings)
        return Finding(
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


def name_hits(hits: Iterable[Hit], checks: Iterable[Check], shapes: Graph) -> ValidationReport:
    """The report: each hit named and worded as its shape names it, in the report's order."""
    words = _Words(checks, shapes)
    findings = sorted((words.finding(hit) for hit in hits), key=finding_order)
    return ValidationReport(tuple(findings))


class ReportWriter:
    """The report of a corpus, in memory bounded by one finding: findings go to a file as
    they come, with their place in the report's order as a key; ``sort(1)`` orders them
    (spilling to disk), and the JSON is written row by row. 10⁸ quads have millions of
    findings: held as objects and rendered at once, 30M quads' took 1.5 GB.

    Findings of equal key stay in the order of their source (a document's place in the
    build, then the spanning checks: :data:`SPANNING`) and of their place in it, so a
    document's records do not depend on any other's, and a rebuild can replace one
    document's records in the sorted file (:mod:`fengong.graph.patch`)."""

    def __init__(self, checks: Iterable[Check], shapes: Graph, folder: Path) -> None:
        self._words = _Words(checks, shapes)
        self._raw = folder / ".findings.unsorted"
        self._file = self._raw.open("wb")
        self.counts = dict.fromkeys(Severity, 0)
        self.violations: list[Finding] = []  # few, and what a rejected build quotes

    def wording(self) -> str:
        """Every check's severity, shape, names and messages: what a finding's row is made of
        besides its hit."""
        return json.dumps(
            {name: [check.severity.name, check.shape, names, messages]
             for name, (check, names, messages) in sorted(self._words.words.items())},
            ensure_ascii=False, sort_keys=True,
        )  # fmt: skip

    def records(self, hits: Iterable[Hit], source: int) -> list[tuple[Finding, bytes]]:
        """Each hit of ``source`` as a finding and its sort record (key, place, JSON row)."""
        out = []
        for place, hit in enumerate(hits):
            finding = self._words.finding(hit)
            key = "\x01".join(_keyed(part) for part in _order_parts(finding))
            row = json_row_text(finding)
            out.append((finding, f"{key}\x01{source:09d}{place:09d}\x01{row}\x00".encode()))
        return out

    def add(self, hits: Iterable[Hit], source: int) -> list[bytes]:
        """Add the findings of ``source``; their records."""
        records = self.records(hits, source)
        for finding, record in records:
            self.counts[finding.severity] += 1
            if finding.severity is Severity.VIOLATION:
                self.violations.append(finding)
            self._file.write(record)
        return [record for _, record in records]

    def close(self) -> None:
        """Leave nothing behind (a build that stopped before :meth:`finish`)."""
        self._file.close()
        self._raw.unlink(missing_ok=True)

    def finish(self, path: Path, keep: Path | None = None) -> ReportSummary:
        """Write the report to ``path`` (what ValidationReport.render_json writes); the sorted
        records are kept at ``keep`` if given (the next build may patch them)."""
        self._file.close()
        ordered = keep or path.with_name(".findings.sorted")
        sort_file(self._raw, ordered, records=True)
        render_records(ordered, self.counts, path)
        if keep is None:
            ordered.unlink()
        self.violations.sort(key=finding_order)
        return ReportSummary(path, dict(self.counts), tuple(self.violations))


#: the source of the spanning checks' findings: after every document's
SPANNING = 10**9 - 1


def render_records(records: Path, counts: dict[Severity, int], path: Path) -> list[Finding]:
    """The report's JSON at ``path`` from its sorted records; the violations in it."""
    summary = {s.name.lower(): counts[s] for s in Severity}
    head = json.dumps({"summary": summary, "findings": []}, ensure_ascii=False, indent=2)
    violations = []
    with path.open("w", encoding="utf-8") as out, records.open("rb") as handle:
        rows = (record.split(b"\x01", 7)[7].decode() for record in _records(handle))
        first = next(rows, None)
        if first is None:
            out.write(head + "\n")
            return violations
        out.write(head[: head.rindex("[") + 1] + "\n")
        for n, row in enumerate(itertools.chain([first], rows)):
            if _VIOLATION in row:
                violations.append(_finding(row))
            out.write((",\n" if n else "") + "\n".join("    " + line for line in row.splitlines()))
        out.write("\n  ]\n}\n")
    return violations


_VIOLATION = '"severity": "violation"'
_SEVERITY = re.compile(rb'\n  "severity": "(\w+)"')


def record_severity(record: bytes) -> Severity:
    """The severity of a finding's sort record (see :meth:`ReportWriter.records`)."""
    found = _SEVERITY.search(record)
    if found is None:
        raise ValueError("a report record without a severity")
    return Severity[found.group(1).decode().upper()]


def _finding(row: str) -> Finding:
    data = json.loads(row)
    return Finding(**{**data, "severity": Severity[data["severity"].upper()]})


@dataclass(frozen=True)
class ReportSummary:
    """A report written by :class:`ReportWriter`: where, how many of each severity, and the
    violations (a rejected build names the first)."""

    path: Path
    counts: dict[Severity, int]
    violations: tuple[Finding, ...]

    def count(self, severity: Severity) -> int:
        return self.counts[severity]


def _order_parts(f: Finding) -> tuple[str, ...]:
    """:func:`~fengong.validate.report.finding_order` as strings that sort as bytes the way it
    sorts (UTF-8 keeps code point order; numbers, the negated severity too, shifted and of
    fixed width)."""
    return tuple(f"{part + _SHIFT:012d}" if isinstance(part, int) else str(part)
                 for part in finding_order(f))  # fmt: skip


_SHIFT = 10**11  # makes every number the order holds (severities, lines) positive


def _keyed(part: str) -> str:
    # \x01 ends a key's part and \x00 a record: below every character a part holds, so a
    # shorter part sorts first as in Python; the two never occur in labels or IRIs
    return part.replace("\x00", " ").replace("\x01", " ")


def _records(handle: BinaryIO) -> Iterator[bytes]:
    """The NUL-terminated records of ``handle``."""
    for block in whole_blocks(handle, b"\x00"):
        yield from block.split(b"\x00")[:-1]


def run_checks(store: Store, checks: list[Check], shapes: Graph, queries: Path) -> ValidationReport:
    """Run every check on ``store``; name findings with the shapes' names and messages."""
    hits = find_hits(store, checks, load_query(queries, "validate/focus-node"))
    return name_hits(hits, checks, shapes)
