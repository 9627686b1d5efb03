"""What changed between two division documents: two versions of one table, or two districts'
tables of one municipal opinion.

Measures are paired as :mod:`fengong.compare` pairs them; a measure without a partner was
added or removed. For each pair, the departments of each task (by task number) are compared
role by role, and a reworded measure is reported with its similarity. Departments are
compared by registry identity where both documents share a jurisdiction, else by the name
as written.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass

from fengong.compare import match_measures
from fengong.ingest.records import Measure, Role
from fengong.ingest.resolve import ResolvedDocument

__all__ = ["Change", "as_records", "diff_documents", "render_text"]

_REWORDED = 0.999  # texts that score below this are reported as reworded


@dataclass(frozen=True)
class Change:
    kind: str  # added | removed | reworded | lead | support | tasks
    left: str  # the measure (and task) in the first document, as cited: （五）第2项
    right: str  # the same in the second document
    detail: str  # what changed, in a line


def _cite(measure: Measure | None, task: int | None = None) -> str:
    if measure is None:
        return ""
    label = measure.cited_as or f"（{measure.number.strip('()（）')}）"
    return label + (f"第{task}项" if task is not None else "")


def _departments(doc: ResolvedDocument, same_place: bool) -> dict[tuple[int, int, Role], list[str]]:
    found: dict[tuple[int, int, Role], list[str]] = defaultdict(list)
    for a in doc.assignments:
        name = a.department.id if same_place else a.mention
        found[a.measure, a.task, a.role].append(name)
    return found


def diff_documents(a: ResolvedDocument, b: ResolvedDocument) -> list[Change]:
    """Changes from ``a`` to ``b``, in the order of ``a``'s measures, then ``b``'s additions."""
    pairs = match_measures(a.table.measures, b.table.measures)
    same_place = a.jurisdiction == b.jurisdiction
    left, right = _departments(a, same_place), _departments(b, same_place)
    names = {
        **{a_.department.id: a_.mention for a_ in a.assignments},
        **{b_.department.id: b_.mention for b_ in b.assignments},
    }
    changes: list[Change] = []
    paired = {p.left.ordinal: p for p in pairs}
    for measure in a.table.measures:
        pair = paired.get(measure.ordinal)
        if pair is None:
            changes.append(Change("removed", _cite(measure), "", measure.title))
            continue
        other = pair.right
        if pair.score < _REWORDED and pair.left.text != pair.right.text:
            changes.append(
                Change(
                    "reworded",
                    _cite(measure),
                    _cite(other),
                    f"{measure.title} → {other.title} (text similarity {pair.score:.2f}, "
                    f"paired by {pair.basis.value})",
                )
            )
        if len(measure.tasks) != len(other.tasks):
            changes.append(
                Change(
                    "tasks",
                    _cite(measure),
                    _cite(other),
                    f"{len(measure.tasks)} → {len(other.tasks)} refined tasks",
                )
            )
        for task in range(1, max(len(measure.tasks), len(other.tasks)) + 1):
            for role in (Role.LEAD, Role.SUPPORT):
                before = left.get((measure.ordinal, task, role), [])
                after = right.get((other.ordinal, task, role), [])
                if before == after:
                    continue
                gone = [names.get(n, n) for n in before if n not in after]
                new = [names.get(n, n) for n in after if n not in before]
                detail = " ".join(
                    [f"+{n}" for n in new] + [f"-{n}" for n in gone]
                ) or "order changed: " + "、".join(names.get(n, n) for n in after)
                changes.append(Change(role.value, _cite(measure, task), _cite(other, task), detail))
    taken = {p.right.ordinal for p in pairs}
    for measure in b.table.measures:
        if measure.ordinal not in taken:
            changes.append(Change("added", "", _cite(measure), measure.title))
    return changes


def render_text(a: ResolvedDocument, b: ResolvedDocument, changes: list[Change]) -> str:
    """One line per change, as a reviewer reads them."""
    marks = {"added": "+", "removed": "-", "reworded": "~", "tasks": "#"}
    lines = [
        f"--- {a.name} ({a.table.file})",
        f"+++ {b.name} ({b.table.file})",
    ]
    for change in changes:
        mark = marks.get(change.kind, "*")
        where = (
            f"{change.left} → {change.right}"
            if change.left and change.right and change.left != change.right
            else change.left or change.right
        )
        kind = change.kind if change.kind in ("lead", "support") else ""
        lines.append(f"{mark} {where} {kind + ': ' if kind else ''}{change.detail}".rstrip())
    if not changes:
        lines.append("no changes in measures, tasks or assignments")
    return "\n".join(lines) + "\n"


def as_records(changes: list[Change]) -> list[dict[str, str]]:
    return [asdict(c) for c in changes]
