"""A resource's page in the manner of a Wikidata entity page: its label in the page's language,
what it is, labelled statements in document order, what links to it, and a citable IRI.

The rows come from ``queries/api/entity.rq`` and ``entity-incoming.rq``; this module only
arranges them. Three things make the raw triples unreadable and are undone here:

* the graph states several facts twice, once in ELI's terms and once in Fengong's (``eli:
  has_part`` and ``fg:hasPart``, ``prov:wasDerivedFrom`` and ``fg:sourceSpan``): a value shown
  under a Fengong property is not shown again under another;
* parts sorted by IRI run (一), (十), (十一) … (二): values sort by their ``fg:ordinal`` first;
* both languages of a text: the page's language is shown where the graph has it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from fengong.graph.namespaces import FG

__all__ = ["Statement", "Value", "arrange", "incoming", "literal_text"]

#: properties shown first, in this order (the rest follow by their label)
FIRST = [FG.text, FG.title, FG.leadDepartment, FG.supportDepartment, FG.role, FG.department,
         FG.basis, FG.openEnded, FG.mention, FG.task, FG.partOf, FG.hasPart,
         FG.sourceSpan]  # fmt: skip
#: shown in the page's head, not as statements
HEAD = {RDF.type, RDFS.label}
_NUMBERS = {XSD.integer, XSD.int, XSD.long, XSD.decimal, XSD.double, XSD.float,
            XSD.nonNegativeInteger, XSD.positiveInteger}  # fmt: skip


@dataclass
class Value:
    text: str
    href: str | None = None
    lang: str | None = None
    ordinal: float = float("inf")
    line: float = float("inf")  # the source line it was read from: document order
    position: float = float("inf")  # its place among the names of one cell

    def order(self) -> tuple[float, float, float, str]:
        """Document order: by source line, then place in the cell, then ordinal; the
        text last (sorting labels as text put (十) before (二))."""
        return (self.line, self.position, self.ordinal, self.text)


@dataclass
class Statement:
    prop: str  # its IRI
    label: str  # in the page's language
    values: list[Value] = field(default_factory=list)


def literal_text(term: Literal, words: dict[str, str]) -> str:
    """A literal as a reader reads it: 32, not ``"32"^^xsd:integer``; yes or no for booleans."""
    if term.datatype == XSD.boolean:
        return words["yes"] if term.toPython() is True else words["no"]
    if term.datatype in _NUMBERS:
        return str(term.toPython())
    return str(term)


#: what a code looks like: lower-case ASCII words joined by hyphens (text-table, verified)
_CODE = re.compile(r"[a-z]+(?:-[a-z]+)*")


def _prop_label(row: dict[str, Any], words: dict[str, str]) -> str:
    """The property's label from the graph, else the site's word for it, else its name."""
    if row["p_label"] is not None:
        return str(row["p_label"])
    local = _local_name(str(row["p"]))
    return words.get(f"prop_{local}", local)


def _local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _ordinal(term: Any) -> float:
    try:
        return float(term.toPython()) if term is not None else float("inf")
    except (TypeError, ValueError):
        return float("inf")


def arrange(
    rows: Iterable[dict[str, Any]],
    lang: str,
    page_of: Callable[[Any], str],
    words: dict[str, str],
    code: Callable[[str], str] = str,
) -> tuple[list[Statement], list[Value]]:
    """Rows of ``entity.rq`` (terms) → (statements in reading order, the resource's types).

    ``code`` names an untagged code (``verified``, ``registry``) in the page's language."""
    by_prop: dict[str, Statement] = {}
    types: list[Value] = []
    fengong_objects: set[str] = set()
    rows = list(rows)
    for r in rows:
        if str(r["p"]).startswith(str(FG)) and isinstance(r["o"], URIRef):
            fengong_objects.add(str(r["o"]))
    seen: set[tuple[str, str]] = set()
    for r in rows:
        p, o = r["p"], r["o"]
        if p == RDF.type:
            if not any(t.text == str(r["label"] or _local_name(str(o))) for t in types):
                href = page_of(o)  # its entry on the ontology page; no link out elsewhere
                types.append(Value(str(r["label"] or _local_name(str(o))),
                                   href if href.startswith("/") else None))  # fmt: skip
            continue
        if p in HEAD or (str(o) in fengong_objects and not str(p).startswith(str(FG))):
            continue  # in the head, or the same value under a Fengong property
        if (str(p), str(o)) in seen:
            continue
        seen.add((str(p), str(o)))
        label = _prop_label(r, words)
        statement = by_prop.setdefault(str(p), Statement(str(p), label))
        if isinstance(o, Literal):
            text = literal_text(o, words)
            if o.language is None and o.datatype is None and _CODE.fullmatch(text):
                text = code(text)  # a code of the graph, named in the page's language
            statement.values.append(Value(text, lang=o.language))
        else:
            text = str(r["label"]) if r["label"] is not None else str(o)
            href = page_of(o) if str(o).startswith(("http://", "https://")) else None
            statement.values.append(Value(text, href, ordinal=_ordinal(r["ordinal"]),
                                          line=_ordinal(r.get("line")),
                                          position=_ordinal(r.get("position"))))  # fmt: skip
    for statement in by_prop.values():
        if any(v.lang == lang for v in statement.values):  # the page's language where it exists
            statement.values = [v for v in statement.values if v.lang in (lang, None)]
        statement.values.sort(key=Value.order)
    rank = {str(p): n for n, p in enumerate(FIRST)}
    ordered = sorted(by_prop.values(), key=lambda s: (rank.get(s.prop, len(rank)), s.label))
    types.sort(key=lambda v: v.text)
    return ordered, types


def incoming(rows: Iterable[dict[str, Any]], page_of: Callable[[Any], str]) -> list[Statement]:
    """Rows of ``entity-incoming.rq`` → what links here, grouped by property, in order."""
    by_prop: dict[str, Statement] = {}
    rows = list(rows)
    fengong_subjects = {str(r["s"]) for r in rows if str(r["p"]).startswith(str(FG))}
    seen: set[tuple[str, str]] = set()
    for r in rows:
        p, s = r["p"], r["s"]
        if str(s) in fengong_subjects and not str(p).startswith(str(FG)):
            continue  # the same link under a Fengong property
        if (str(p), str(s)) in seen:
            continue  # one link, however many source lines its subject was read from
        seen.add((str(p), str(s)))
        label = _prop_label(r, {})
        statement = by_prop.setdefault(str(p), Statement(str(p), label))
        statement.values.append(
            Value(
                str(r["label"]) if r["label"] is not None else str(s),
                page_of(s),
                ordinal=_ordinal(r["ordinal"]),
                line=_ordinal(r.get("line")),
                position=_ordinal(r.get("position")),
            )
        )
    for statement in by_prop.values():
        statement.values.sort(key=Value.order)
    return sorted(by_prop.values(), key=lambda s: s.label)
