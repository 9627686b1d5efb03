"""The catalogue is checked once, at load time: each broken header names its file and problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fengong.catalogue import Catalogue, load_catalogue
from fengong.errors import CatalogueError

GOOD_HEAD = "#+ summary: {zh: 测试, en: test}\n"
BODY = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s ?o\n"


def test_the_catalogue_answers_at_least_twenty_questions(catalogue: Catalogue) -> None:
    assert len(catalogue) >= 20
    for spec in catalogue.values():
        assert spec.summary["zh"] and spec.summary["en"], spec.name
        assert spec.tags, spec.name
        for param in spec.params:
            assert param.description, f"{spec.name}.{param.name}"
            if param.required:
                assert param.example is not None, f"{spec.name}.{param.name} needs an example"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("#+ summary: [unclosed\n" + BODY, "bad #+ header"),
        ("#+ summary: {en: only english}\n" + BODY, "summary needs both zh and en"),
        ("#+ summry: {zh: 测, en: t}\n" + BODY, "unknown header keys"),
        (GOOD_HEAD + "SELEC ?s WHERE { ?s ?p ?o }\n", "SPARQL syntax error"),
        (GOOD_HEAD + "ASK { ?s ?p ?o }\n", "catalogue queries are SELECT"),
        (GOOD_HEAD + "#+ params: {x: {type: iri}}\n" + BODY, "'x' must be a projected variable"),
        (GOOD_HEAD + "#+ params: {s: {type: colour}}\n" + BODY, "type must be one of"),
        (GOOD_HEAD + "#+ params: {s: {type: enum}}\n" + BODY, "an enum needs 'values'"),
        (GOOD_HEAD + "#+ params: {s: {type: enum, values: [a], default: b}}\n" + BODY, "not in"),
        (GOOD_HEAD + "#+ params: {s: {type: iri, required: true, default: x}}\n" + BODY,
         "required and default exclude each other"),
        (GOOD_HEAD + "#+ params: {S: {type: string}}\n" + BODY, "use lower-case"),
        (GOOD_HEAD + "#+ params: {s: {type: iri, lookup: nowhere}}\n" + BODY, "no queries/lookup"),
        (GOOD_HEAD + "#+ pagination: 10\nSELECT ?s WHERE { ?s ?p ?o }\n", "needs ORDER BY"),
        (GOOD_HEAD + "#+ pagination: 10\nSELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 5\n",
         "must not set LIMIT"),
        (GOOD_HEAD + "#+ pagination: {default: 0}\n" + BODY, "pagination"),
        (GOOD_HEAD + "#+ columns: {nope: x}\n" + BODY, "columns"),
    ],
)  # fmt: skip
def test_a_broken_query_file_is_refused_with_its_name(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "lookup").mkdir()
    (tmp_path / "broken.rq").write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError, match=re.escape(message)) as caught:
        load_catalogue(tmp_path)
    assert "broken.rq" in str(caught.value)


def test_a_well_formed_query_loads(tmp_path: Path) -> None:
    (tmp_path / "fine.rq").write_text(
        GOOD_HEAD + "#+ params: {s: {type: iri, description: d}}\n#+ pagination: 10\n" + BODY,
        encoding="utf-8",
    )
    spec = load_catalogue(tmp_path)["fine"]
    assert spec.columns == ("s", "o")
    assert spec.pagination is not None and spec.pagination.default == 10
