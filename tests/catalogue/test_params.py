"""Typed parameters: values become RDF terms or a clear error naming the parameter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from fengong.catalogue import Catalogue, bind_params, load_spec
from fengong.errors import ParameterError
from fengong.graph import DEFAULT_BASE
from tests.catalogue.conftest import Runner

HEAD = """#+ summary: {zh: 测试, en: test}
#+ params:
#+   n: {type: integer, min: 1, max: 30}
#+   flag: {type: boolean}
#+   day: {type: date}
#+   role: {type: enum, values: [lead, support], default: lead}
#+   org: {type: iri, namespace: org/}
#+   many: {type: iri, namespace: org/, list: true}
#+   q: {type: string, max_length: 5}
SELECT ?n ?flag ?day ?role ?org ?many ?q WHERE { ?s ?p ?o }
"""


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = Path(tmp_path_factory.mktemp("q")) / "typed.rq"
    path.write_text(HEAD, encoding="utf-8")
    return load_spec(path)


def test_values_become_typed_terms(spec: Any) -> None:
    bound = bind_params(
        spec,
        {"n": "16", "flag": "yes", "day": "2020-12-08", "org": "shanghai-putuo/x",
         "many": ["a", "b", "a"], "q": "长三角"},
        DEFAULT_BASE,
    )  # fmt: skip
    assert bound.scalars == {
        "n": Literal(16),
        "flag": Literal(True),
        "day": Literal("2020-12-08", datatype=XSD.date),
        "role": Literal("lead"),  # the default
        "org": URIRef(DEFAULT_BASE + "org/shanghai-putuo/x"),
        "q": Literal("长三角"),
    }
    assert bound.lists == {"many": [URIRef(DEFAULT_BASE + "org/a"), URIRef(DEFAULT_BASE + "org/b")]}


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"n": "sixteen"}, "n: expected an integer"),
        ({"n": "0"}, "n: expected an integer from 1 to 30"),
        ({"n": True}, "n: expected an integer"),
        ({"flag": "maybe"}, "flag: expected true or false"),
        ({"day": "2020-13-01"}, "day: expected YYYY-MM-DD"),
        ({"role": "boss"}, "role: expected one of lead, support"),
        ({"org": "https://example.org/x"}, "org: expected an IRI under"),
        ({"org": "file:///etc/passwd"}, "not an http"),
        ({"org": "a b"}, "org: expected an IRI under"),
        ({"org": f"{DEFAULT_BASE}org/a>b"}, "not a valid IRI"),
        ({"q": "太长的一段文字"}, "q: expected 1 to 5 characters"),
        ({"q": ["a", "b"]}, "q: takes one value"),
        ({"colour": "red"}, "unknown parameter colour"),
    ],
)
def test_bad_values_name_the_parameter(spec: Any, given: dict[str, Any], message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        bind_params(spec, given, DEFAULT_BASE)


def test_a_required_parameter_must_be_given(catalogue: Catalogue) -> None:
    with pytest.raises(ParameterError, match="department: required"):
        bind_params(catalogue["tasks-led-by"], {}, DEFAULT_BASE)


def test_labels_resolve_through_the_lookup(run_embedded: Runner) -> None:
    by_label = run_embedded("tasks-led-by", department="区应急局").table.rows
    assert (
        by_label
        == run_embedded(
            "tasks-led-by",
            department=f"{DEFAULT_BASE}org/shanghai-putuo/emergency-management-bureau",
        ).table.rows
    )
    assert (
        by_label
        == run_embedded(
            "tasks-led-by", department="shanghai-putuo/emergency-management-bureau"
        ).table.rows
    )
    # an official name and an alias written as the table writes it
    assert run_embedded("department-profile", department="上海市普陀区市场监督管理局").table.rows
    assert run_embedded("tasks-led-by", department="各安全监管部门").table.rows
    with pytest.raises(ParameterError, match="nothing is called"):
        run_embedded("tasks-led-by", department="区不存在局")
    with pytest.raises(ParameterError, match="ambiguous"):
        run_embedded("tasks-led-by", department="emergency-management-bureau")  # city and district


def test_a_list_parameter_takes_at_most_the_cap(spec: Any) -> None:
    from fengong.catalogue.params import MAX_LIST_VALUES

    keys = [f"k{i}" for i in range(MAX_LIST_VALUES)]
    assert len(bind_params(spec, {"many": keys}, DEFAULT_BASE).lists["many"]) == MAX_LIST_VALUES
    with pytest.raises(ParameterError, match=f"at most {MAX_LIST_VALUES} values, got") as err:
        bind_params(spec, {"many": [*keys, "k0"]}, DEFAULT_BASE)  # repeats count: no free work
    assert err.value.parameter == "many"


def test_a_value_given_twice_is_looked_up_once(tmp_path: Path) -> None:
    path = tmp_path / "looked.rq"
    path.write_text(HEAD.replace("namespace: org/, list: true}", "lookup: department, list: true}"),
                    encoding="utf-8")  # fmt: skip
    looked: list[str] = []

    def lookup(name: str, text: str) -> list[URIRef]:
        looked.append(text)
        return [URIRef(DEFAULT_BASE + "org/" + {"区应急局": "a", "区民政局": "b"}[text])]

    bound = bind_params(load_spec(path), {"many": ["区应急局", "区应急局", "区民政局"]}, DEFAULT_BASE,
                        lookup)  # fmt: skip
    assert looked == ["区应急局", "区民政局"]
    assert len(bound.lists["many"]) == 2
