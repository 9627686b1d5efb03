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
        reading = registry.read_department(  # as written: traditional characters too
            row["mention"], place(row["jurisdiction"]), _date(row["date"])
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
        # traditional characters read as simplified (read end to end, 省財政廳 read as none)
        ("省財政廳", "liaoning", "", ("finance",), "liaoning", "province"),
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
    assert registry.read_department("县政府有关部门", "shanghai-putuo").generic
    assert registry.read_department("有关直属单位", "shanghai-putuo").generic
    assert not registry.read_department("区不存在局", "shanghai-putuo").generic


DATA = Path(__file__).parents[1] / "data"
ID = "https://w3id.org/fengong/id/"


@pytest.fixture(scope="module")
def corpus_rows(project: Project) -> dict[str, list[tuple[str, ...]]]:
    """The municipal table, Putuo's, Changning's and Xuhui's 2016 one (before the reform)
    built together; the answers of the function queries as tuples of strings."""
    from fengong.graph import build_graphs

    paths = [DATA / "corpus" / "municipal.txt", DATA / "corpus" / "district-a.txt",
             DATA / "functions-corpus" / "district-changning.txt",
             DATA / "functions-corpus" / "district-xuhui-2016.txt"]  # fmt: skip
    build = build_graphs(project, paths)
    answers: dict[str, list[tuple[str, ...]]] = {}
    for name in ("compare-functions", "function-leads", "compare-assignments"):
        text = (project.root / "queries" / f"{name}.rq").read_text(encoding="utf-8")
        answers[name] = [
            tuple("" if v is None else str(v.value) for v in row)
            for row in build.store.query(text, use_default_graph_as_union=True)  # type: ignore[union-attr]
        ]
    org = """PREFIX org: <http://www.w3.org/ns/org#>
             PREFIX fg: <https://w3id.org/fengong/ontology#>
             PREFIX dct: <http://purl.org/dc/terms/>
             SELECT ?org ?p ?o WHERE { ?org ?p ?o .
               VALUES ?p { org:classification dct:spatial fg:counterpartAbove org:changedBy } }"""
    answers["org"] = [
        tuple(str(v.value) for v in row)
        for row in build.store.query(org, use_default_graph_as_union=True)  # type: ignore[union-attr]
    ]
    event = """PREFIX org: <http://www.w3.org/ns/org#>
               PREFIX fg: <https://w3id.org/fengong/ontology#>
               PREFIX dct: <http://purl.org/dc/terms/>
               SELECT ?old ?reform ?date WHERE {
                 ?e org:originalOrganization ?old ; fg:partOfReform ?reform ; dct:date ?date }"""
    answers["events"] = [
        tuple(str(v.value) for v in row)
        for row in build.store.query(event, use_default_graph_as_union=True)  # type: ignore[union-attr]
    ]
    answers["warnings"] = [(d.key, w.message) for d in build.documents for w in d.table.warnings]
    return answers


def test_the_same_measure_side_by_side_by_function(
    corpus_rows: dict[str, list[tuple[str, ...]]],
) -> None:
    """Municipal measure 6 (its tasks led by 市消防救援总队 and 市城运中心): Putuo gives the
    first to its fire and rescue detachment, Changning to its emergency bureau, Xuhui in 2016
    to the public security fire service; all give the second to the city-operation centre."""
    rows = {
        (key, place.removeprefix(ID + "place/"))
        for _, measure, key, place, _, _, _ in corpus_rows["compare-functions"]
        if measure == "6"
    }
    assert rows == {
        ("fire-rescue", "shanghai"), ("city-operation", "shanghai"),
        ("fire-rescue", "shanghai-putuo"), ("city-operation", "shanghai-putuo"),
        ("emergency-management", "shanghai-changning"), ("city-operation", "shanghai-changning"),
        ("public-security-fire", "shanghai-xuhui"), ("city-operation", "shanghai-xuhui"),
    }  # fmt: skip


def test_unregistered_leads_meet_their_counterparts_by_function(
    corpus_rows: dict[str, list[tuple[str, ...]]],
) -> None:
    """Municipal measure 1 is led by 市住房城乡建设管理委 and 市商务委; Changning's unregistered
    区建管委 and 区商务委 lead its (一): both are counted as counterparts through their functions
    (swapping 区 for 市 in the name, as before, found only 市商务委)."""
    [first] = [
        r for r in corpus_rows["compare-assignments"]
        if r[4] == "长安办〔2099〕21号" and r[2] == "1"
    ]  # fmt: skip
    assert set(first[6].split("、")) == {"区建管委", "区商务委"} and first[7] == "2"


def test_the_pre_reform_body_is_comparable(corpus_rows: dict[str, list[tuple[str, ...]]]) -> None:
    """Xuhui's 2016 区安监局 performs work safety, a function the district reform of 2019 handed
    to emergency management; Changning's unregistered 区应急局 has the municipal bureau above."""
    old = ID + "org/shanghai-xuhui/unregistered/区安监局"
    facts = {(p.rsplit("#", 1)[-1].rsplit("/", 1)[-1], o) for s, p, o in corpus_rows["org"]
             if s == old}  # fmt: skip
    assert ("classification", ID + "function/work-safety") in facts
    assert ("spatial", ID + "place/shanghai-xuhui") in facts
    assert (old, ID + "reform/shanghai-2019-districts", "2019-03-31") in corpus_rows["events"]
    changning = ID + "org/shanghai-changning/unregistered/区应急局"
    assert (changning, "https://w3id.org/fengong/ontology#counterpartAbove",
            ID + "org/shanghai/emergency-management-bureau") in corpus_rows["org"]  # fmt: skip
    # 2016 is before the reform: no warning that the body was gone
    assert not [m for _, m in corpus_rows["warnings"] if "ended here" in m]


def test_a_body_named_after_the_reform_is_warned_about(project: Project, tmp_path: Path) -> None:
    """The same Xuhui table dated 2020: 区安监局 names a body the reform had ended, and the
    warning names its successor's function."""
    from fengong.graph import build_graphs

    text = (DATA / "functions-corpus" / "district-xuhui-2016.txt").read_text(encoding="utf-8")
    late = tmp_path / "xuhui-2020.txt"
    late.write_text(text.replace("2016年3月15日", "2020年3月15日"), encoding="utf-8")
    build = build_graphs(project, [late])
    messages = [w.message for d in build.documents for w in d.table.warnings]
    ended = {m.split("'")[1]: m for m in messages if "ended here" in m}
    assert set(ended) == {"区安监局", "区规土局", "区公安消防支队"}
    assert "2019-03-31" in ended["区安监局"] and "emergency-management" in ended["区安监局"]
    assert "natural-resources" in ended["区规土局"]
    assert "2018-10-09" in ended["区公安消防支队"] and "fire-rescue" in ended["区公安消防支队"]


def test_review_lists_what_reads_as_no_function(project: Project, tmp_path: Path) -> None:
    """`fengong review departments` lists a name no function reads (区星河事务所, invented) in
    the registry's columns, and not the names that read or name none by design."""
    from typer.testing import CliRunner

    from fengong.cli import app
    from fengong.graph import build_graphs
    from fengong.graph.serialize import sorted_nquads

    text = (DATA / "functions-corpus" / "district-xuhui-2016.txt").read_text(encoding="utf-8")
    source = tmp_path / "xuhui.txt"
    source.write_text(text.replace("区民政局", "区星河事务所"), encoding="utf-8")
    graph = tmp_path / "fengong.nq"
    graph.write_bytes(sorted_nquads(build_graphs(project, [source]).graphs))
    result = CliRunner().invoke(
        app, ["review", "departments", "--project", str(project.root), "--graph", str(graph)]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.output.splitlines()))
    assert [(r["short_label_zh"], r["jurisdiction"], r["function"]) for r in rows] == [
        ("区星河事务所", "shanghai-xuhui", "")
    ]


@pytest.mark.parametrize(
    ("file", "row", "error"),
    [
        (
            "function_names.csv",
            "water,应急管理,core,,,\n",
            r"function_names\.csv:\d+: duplicate core",
        ),
        ("function_names.csv", "nowhere,某某局,name,,,\n", r"unknown function 'nowhere'"),
        ("function_names.csv", "water,某某局,word,,,\n", r"form 'word' is not one of"),
        (
            "functions.csv",
            "odd,某,odd,government,,current,water,\n",
            r"functions\.csv:\d+: only a former function is replaced",
        ),
        ("functions.csv", "Odd Key,某,odd,government,,current,,\n", r"is not lower-case"),
    ],
)
def test_the_vocabulary_is_checked_row_by_row(
    project_copy: Project, file: str, row: str, error: str
) -> None:
    """One name meaning two functions, dangling keys, closed lists: the build stops at the
    file and line."""
    from fengong.errors import ReferenceDataError

    with (project_copy.reference / file).open("a", encoding="utf-8") as handle:
        handle.write(row)
    with pytest.raises(ReferenceDataError, match=error):
        load_registry(project_copy.reference)
