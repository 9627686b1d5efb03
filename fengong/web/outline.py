"""The documents' outline (sections → measures → tasks → who leads and supports), with the gaps
a researcher checks first flagged on each task, and the filters of the measures page.

The rows come from ``queries/api/tree.rq``; the flags are decided here once, so the home page's
counts and the measures page's filtered lists are the same tasks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FLAGS", "Filters", "Outline", "build_outline"]

#: gaps, in the order the home page lists them: each a test on a task's assignments
FLAGS = ("no-lead", "merged-lead", "category-lead", "open-ended", "no-support")


def _flags(task: dict[str, Any]) -> set[str]:
    leads, supports = task["lead"], task["support"]
    found = set()
    if not leads:
        found.add("no-lead")
    elif all(d["basis"] == "merged-cell" for d in leads):
        found.add("merged-lead")
    if leads and all(d["category"] for d in leads):
        found.add("category-lead")
    if any(d["open"] for d in leads + supports):
        found.add("open-ended")
    if not supports:
        found.add("no-support")
    return found


@dataclass(frozen=True)
class Filters:
    """The measures page's filters, as given in its URL (empty: no filter)."""

    department: str = ""  # a department's short name, as the page lists them
    role: str = ""  # lead or support (with ``department``: in that role)
    section: str = ""  # "<document> <section ordinal>", or the ordinal when one document
    flag: str = ""  # one of FLAGS

    def active(self) -> bool:
        return bool(self.department or self.section or self.flag or self.role)

    def keeps(self, task: dict[str, Any], section: str) -> bool:
        if self.flag and self.flag not in task["flags"]:
            return False
        if self.section and self.section != section:
            return False
        roles = (self.role,) if self.role in ("lead", "support") else ("lead", "support")
        if self.department:
            return any(d["name"] == self.department for role in roles for d in task[role])
        if self.role and not self.department:
            return bool(task[self.role]) if self.role in ("lead", "support") else True
        return True


@dataclass
class Outline:
    documents: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # flag → tasks with it (unfiltered)
    tasks: int = 0  # tasks shown
    total: int = 0  # tasks in all
    departments: list[str] = field(default_factory=list)  # every named department, for the filter
    sections: list[tuple[str, str]] = field(default_factory=list)  # (value, title) for the filter


def build_outline(
    rows: Iterable[dict[str, Any]],
    lang: str,
    page_of: Callable[[Any], str],
    department_href: Callable[[Any], str],
    filters: Filters = Filters(),
) -> Outline:
    """Rows of ``tree.rq`` (plain values) → the outline, filtered, with flag counts."""
    documents: dict[str, dict[Any, Any]] = {}  # by IRI: two tables may share a title
    shown: dict[str, str] = {}  # IRI → the document's name (文号, else title, else key)
    names: set[str] = set()
    for r in rows:
        shown.setdefault(r["document_iri"], r["document"])
        sections = documents.setdefault(r["document_iri"], {})
        section = sections.setdefault(r["section"], {
            "ordinal": r["section"], "number": r["section_number"], "title": r["section_title"],
            "by": {}})  # fmt: skip
        measure = section["by"].setdefault(r["measure"], {
            "ordinal": r["measure"], "label": r["measure_label"],
            "page": page_of(r["measure_iri"]), "by": {}})  # fmt: skip
        task = measure["by"].setdefault(r["task"], {
            "ordinal": r["task"], "label": r["task_label"], "text": r["text"], "line": r["line"],
            "page": page_of(r["task_iri"]), "source": page_of(r["task_span"]),
            "lead": [], "support": []})  # fmt: skip
        if r["role"]:
            name = r["department"]
            names.add(name)
            task[r["role"]].append({
                "name": name, "shown": (r["department_en"] or name) if lang == "en" else name,
                "href": department_href(r["department_iri"]), "basis": r["basis"],
                "open": bool(r["open_ended"]), "category": bool(r["is_category"])})  # fmt: skip
    outline = Outline(counts=dict.fromkeys(FLAGS, 0), departments=sorted(names))
    several = len(documents) > 1
    for iri, sections in documents.items():
        number = shown[iri]
        kept_sections = []
        for s in sections.values():
            value = f"{number} {s['ordinal']}" if several else str(s["ordinal"])
            outline.sections.append((value, f"{s['number']}、{s['title']}"))
            kept_measures = []
            for m in s["by"].values():
                tasks = []
                for task in m["by"].values():
                    task["flags"] = sorted(_flags(task))
                    outline.total += 1
                    for flag in task["flags"]:
                        outline.counts[flag] += 1
                    if filters.keeps(task, value):
                        tasks.append(task)
                if tasks:
                    leads = {d["shown"]: d for t in m["by"].values() for d in t["lead"]}
                    kept_measures.append({**m, "tasks": tasks, "leads": list(leads.values())})
                    outline.tasks += len(tasks)
            if kept_measures:
                kept_sections.append({**s, "value": value, "measures": kept_measures})
        if kept_sections:
            outline.documents.append({"number": number, "sections": kept_sections})
    return outline
