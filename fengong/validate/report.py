"""The validation report: typed findings, grouped and rendered for people and machines."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, fields
from enum import IntEnum
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from fengong.errors import FengongError

__all__ = [
    "Finding",
    "Severity",
    "ValidationReport",
    "fill_message",
    "finding_order",
    "json_row",
    "json_row_text",
    "report_graph",
    "written_report",
]


class Severity(IntEnum):
    """SHACL severities, ordered so that ``>=`` means "at least as serious"."""

    INFO = 1
    WARNING = 2
    VIOLATION = 3

    @property
    def label(self) -> dict[str, str]:
        return {
            Severity.INFO: {"zh": "提示", "en": "Info"},
            Severity.WARNING: {"zh": "警告", "en": "Warning"},
            Severity.VIOLATION: {"zh": "违规", "en": "Violation"},
        }[self]


def fill_message(template: str, row: dict[str, object]) -> str:
    """A message with its ``{?name}`` / ``{$name}`` filled from the result's bindings, as
    SHACL-SPARQL (section 5.3.2) asks: both engines' reports said "读取时未能读出或存疑：{?value}"
    (pySHACL fills only the message it keeps, in one language; the others come from the shapes).

    >>> fill_message("not read: {?value} ({$focus})", {"value": "第3页", "focus": "x"})
    'not read: 第3页 (x)'
    """
    for name, term in row.items():
        if term is not None:
            template = template.replace(f"{{?{name}}}", str(term)).replace(
                f"{{${name}}}", str(term)
            )
    return template


@dataclass(frozen=True)
class Finding:
    """One SHACL result, with the focus node named the way people name it."""

    severity: Severity
    shape: str  # IRI of the shape (or property shape's parent node shape)
    check: dict[str, str]  # the shape's name, by language
    message: dict[str, str]  # the result message, by language
    focus: str  # IRI of the focus node
    focus_label: dict[str, str]  # e.g. {"zh": "（十六）第2项", "en": "measure 16, task 2"}
    source: str | None  # "data/sources/x.txt:86" when the focus node came from a document
    line: int | None  # the line of ``source``, for sorting
    value: str | None

    def text(self, lang: str) -> str:
        where = f" ({self.source})" if self.source else ""
        value = f" [{self.value}]" if self.value else ""
        label = self.focus_label.get(lang) or self.focus
        message = self.message.get(lang) or next(iter(self.message.values()), "")
        return f"{label}{where}{value}: {message}"


_FIELDS = fields(Finding)


def finding_order(f: Finding) -> tuple[object, ...]:
    """The report's order, for every engine: most serious first, then by check, line, label,
    node and value."""
    return (-f.severity, f.shape, f.line or 0, f.focus_label.get("zh", f.focus), f.focus,
            f.value or "")  # fmt: skip


def json_row(f: Finding) -> dict[str, object]:
    """A finding as validation.json holds it (its fields in order; nothing is copied:
    ``asdict`` deep-copied every label, a third of a 10M-quad build's report time)."""
    row: dict[str, object] = {field.name: getattr(f, field.name) for field in _FIELDS}
    row["severity"] = f.severity.name.lower()
    return row


def json_row_text(f: Finding) -> str:
    """``json.dumps(json_row(f), ensure_ascii=False, indent=2)``, written directly: with an
    indent, ``json`` encodes in pure Python, and a corpus has millions of findings. Values
    are strings, numbers, None or dicts of strings (tests hold the two equal)."""
    parts = []
    for key, value in json_row(f).items():
        if isinstance(value, dict):
            inner = ",\n".join(f"    {_string(k)}: {_string(v)}" for k, v in value.items())
            text = "{\n" + inner + "\n  }" if value else "{}"
        elif isinstance(value, str):
            text = _string(value)
        else:
            text = json.dumps(value)
        parts.append(f"  {_string(key)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}"


_string = json.encoder.encode_basestring  # type: ignore[attr-defined]  # what ensure_ascii=False uses


@dataclass(frozen=True)
class ValidationReport:
    findings: tuple[Finding, ...]
    shacl: Graph | None = None  # the SHACL engine's own sh:ValidationReport, when it made one

    @property
    def graph(self) -> Graph:
        """The standard ``sh:ValidationReport`` (made from the findings when no engine made
        one: a large build's report is rendered as JSON without it)."""
        return self.shacl if self.shacl is not None else report_graph(self.findings)

    def count(self, severity: Severity) -> int:
        return sum(f.severity == severity for f in self.findings)

    def fails(self, threshold: Severity = Severity.VIOLATION) -> bool:
        """Whether any finding is at least as serious as ``threshold``."""
        return any(f.severity >= threshold for f in self.findings)

    def render_text(self, lang: str = "en") -> str:
        """Grouped by severity (most serious first), then by check."""
        lines: list[str] = []
        for severity in sorted(Severity, reverse=True):
            group = [f for f in self.findings if f.severity == severity]
            if not group:
                continue
            lines.append(f"== {severity.label[lang]}: {len(group)} ==")
            by_check: dict[str, list[Finding]] = defaultdict(list)
            for finding in group:
                by_check[finding.check.get(lang) or finding.shape].append(finding)
            for check, findings in sorted(by_check.items()):
                lines.append(f"-- {check} ({len(findings)})")
                lines.extend(f"   {f.text(lang)}" for f in findings)
        summary = {
            "zh": "汇总：违规 {v}，警告 {w}，提示 {i}",
            "en": "summary: {v} violation(s), {w} warning(s), {i} info",
        }[lang]
        lines.append(summary.format(v=self.count(Severity.VIOLATION),
                                    w=self.count(Severity.WARNING), i=self.count(Severity.INFO)))  # fmt: skip
        return "\n".join(lines) + "\n"

    def render_json(self) -> str:
        rows = [json_row(f) for f in self.findings]
        summary = {s.name.lower(): self.count(s) for s in Severity}
        return (
            json.dumps({"summary": summary, "findings": rows}, ensure_ascii=False, indent=2) + "\n"
        )

    def render_turtle(self) -> str:
        return self.graph.serialize(format="turtle")

    @classmethod
    def from_json(cls, text: str) -> ValidationReport:
        """The report :meth:`render_json` wrote (a build keeps its own: validation.json)."""
        findings = tuple(
            Finding(**{**row, "severity": Severity[row["severity"].upper()]})
            for row in json.loads(text)["findings"]
        )
        return cls(findings)


def written_report(build_dir: Path) -> ValidationReport:
    """The report a build wrote beside its graph (``validation.json``), as it was written."""
    path = build_dir / "validation.json"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FengongError(f"no validation report at {path} (a build writes one)") from None
    try:
        return ValidationReport.from_json(text)
    except (ValueError, KeyError, TypeError) as err:
        raise FengongError(f"{path} is not a report fengong wrote: {err}") from None


_SH_SEVERITY = {
    Severity.INFO: SH.Info,
    Severity.WARNING: SH.Warning,
    Severity.VIOLATION: SH.Violation,
}


def report_graph(findings: list[Finding] | tuple[Finding, ...]) -> Graph:
    """A standard ``sh:ValidationReport`` for findings that did not come from a SHACL engine.

    ``sh:conforms`` follows SHACL: false as soon as there is any result, whatever its severity.
    """
    graph = Graph()
    graph.bind("sh", SH)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(not findings)))
    for finding in findings:
        result = BNode()
        graph.add((report, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.focusNode, URIRef(finding.focus)))
        graph.add((result, SH.resultSeverity, _SH_SEVERITY[finding.severity]))
        graph.add((result, SH.sourceShape, URIRef(finding.shape)))
        for lang, text in finding.message.items():
            graph.add((result, SH.resultMessage, Literal(text, lang=lang)))
        if finding.value is not None:
            graph.add((result, SH.value, Literal(finding.value)))
    return graph
