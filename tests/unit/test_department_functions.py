"""Department names read as (jurisdiction, function, level): the hand-labelled names of real
published tables (tests/data/department-names/), the seed's registry, and the rules one by one."""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from fengong.graph import Project
from fengong.ingest.traditional import simplified
from fengong.reference.registry import Registry, load_registry

LABELLED = Path(__file__).parents[1] / "data" / "department-names" / "labelled.csv"

#: Names the reader gets wrong, each with why; a new wrong name fails the test.
KNOWN_WRONG = {
    # undated tables: the name meant the earlier function before the reform; without a date
    # the reader takes today's (the hand label judged the era from the table's other bodies)
    "农牧", "县农委", "县农牧局", "文化宣传股", "旅游股",
    # merged or internal bodies where the hand label takes another of the name's words
    "区经贸投促局", "县委县政府 督查室", "市人大常委会法制办", "市市政市容委",
    "省农村农业厅",  # a typo for 农业农村厅, read as the agriculture of 农村 + 农业
}  # fmt: skip


@pytest.fixture(scope="module")
def registry(project: Project) -> Registry:
    return load_registry(project.reference)


def _date(text: str) -> str:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    return f"{text}-07-01" if re.fullmatch(r"\d{4}", text) else ""


def test_labelled_names_of_real_tables(registry: Registry) -> None:
    @cache
    def place(text: str) -> str:
        found = registry.find_jurisdiction([simplified((text,))[0]]) if text != "中国" else None
        return found.place if found is not None and found.place else "china"

    with LABELLED.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle)]
    assert len({r["document"] for r in rows}) >= 40 and len(rows) >= 500
    outcome: Counter[str] = Counter()
    wrong = set()
    for row in rows:
        label = row["function"]
        if not label or label.startswith("OTHER"):
            continue  # names no function, or one the vocabulary lacks
        reading = registry.read_department(
            simplified((row["mention"],))[0], place(row["jurisdiction"]), _date(row["date"])
        )
        got = "|".join(reading.functions)
        if got == label:
            outcome["right"] += 1
        elif not got:
            outcome["unresolved"] += 1
        else:
            outcome["wrong"] += 1
            wrong.add(row["mention"])
    total = sum(outcome.values())
    assert outcome["right"] / total >= 0.95, outcome
    assert wrong <= KNOWN_WRONG, sorted(wrong - KNOWN_WRONG)


def test_every_registry_department_reads_as_its_function(registry: Registry) -> None:
    """The registry writes each department's function; its short label and official name read
    as it, and no alias reads as another (普安办, a document series' prefix, reads as none)."""
    agencies = [o for o in registry.organisations.values() if o.kind == "agency"]
    assert len([o for o in agencies if o.jurisdiction == "shanghai-putuo"]) == 20
    for org in registry.organisations.values():
        assert org.function_basis == "registry" and len(org.functions) == 1, org.id
        for name in (org.short_label, org.official_name):
            if name:
                reading = registry.read_department(name, org.jurisdiction)
                assert reading.functions == org.functions, (org.id, name, reading)
        for alias in org.aliases:
            assert registry.read_department(alias, org.jurisdiction).functions in (
                (),
                org.functions,
            ), (org.id, alias)


@pytest.mark.parametrize(
    ("name", "place", "date", "functions", "where", "level"),
    [
        ("区应急局", "shanghai-putuo", "", ("emergency-management",), "shanghai-putuo", "district"),
        ("市应急局", "shanghai-putuo", "", ("emergency-management",), "shanghai", "province"),
        (
            "上海市普陀区应急管理局",
            "shanghai-putuo",
            "",
            ("emergency-management",),
            "shanghai-putuo",
            "district",
        ),
        ("应急管理部", "shanghai-putuo", "", ("emergency-management",), "china", "country"),
        ("国家发展改革委", "shanghai-putuo", "", ("development-reform",), "china", "country"),
        ("各区应急局", "shanghai", "", ("emergency-management",), None, "district"),
        (
            "区发展和改革委员会",
            "shanghai-putuo",
            "",
            ("development-reform",),
            "shanghai-putuo",
            "district",
        ),
        ("发改部门", "shanghai-putuo", "", ("development-reform",), "shanghai-putuo", "district"),
        ("区委组织部", "shanghai-putuo", "", ("party-organisation",), "shanghai-putuo", "district"),
        ("市公安局交警总队", "shanghai-putuo", "", ("traffic-police",), "shanghai", "province"),
        (
            "区安监局",
            "shanghai-putuo",
            "2016-05-01",
            ("work-safety",),
            "shanghai-putuo",
            "district",
        ),
        ("区农委", "shanghai-putuo", "2016-05-01", ("agriculture",), "shanghai-putuo", "district"),
        (
            "区农委",
            "shanghai-putuo",
            "2020-05-01",
            ("agriculture-rural",),
            "shanghai-putuo",
            "district",
        ),
        ("曹杨新村街道", "shanghai-putuo", "", ("subdistrict-town",), None, "town"),
        # negative cases: no function is invented
        ("各有关部门", "shanghai-putuo", "", (), "shanghai-putuo", "district"),
        ("区不存在局", "shanghai-putuo", "", (), "shanghai-putuo", "district"),
        # a commission's full name is no development zone's 管理委员会 (a bug found here)
        (
            "上海市普陀区国有资产监督管理委员会",
            "shanghai-putuo",
            "",
            ("state-assets",),
            "shanghai-putuo",
            "district",
        ),
    ],
)
def test_rules(
    registry: Registry,
    name: str,
    place: str,
    date: str,
    functions: tuple[str, ...],
    where: str | None,
    level: str,
) -> None:
    reading = registry.read_department(name, place, date)
    assert (reading.functions, reading.place, reading.level) == (functions, where, level)


def test_generic_names_are_not_warned_about(registry: Registry) -> None:
    assert registry.read_department("各有关部门", "shanghai-putuo").generic
    assert not registry.read_department("区不存在局", "shanghai-putuo").generic
