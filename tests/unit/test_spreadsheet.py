"""Exports never carry live formulas (issue 16, point 4): a name or a text beginning with = + -
@ (or tab, CR, or their full-width forms) is written as text in CSV (a leading apostrophe, as
OWASP recommends) and as a string cell in XLSX; ``--raw`` keeps CSV values unchanged."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from fengong import figures
from fengong.export import to_csv
from fengong.spreadsheet import FORMULA_START, text_cell

ATTACKS = ['=HYPERLINK("http://x","y")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)",
           "\t=1", "\r=1", "＝1+1", '=WEBSERVICE("http://x")']  # fmt: skip


@pytest.mark.parametrize("value", ATTACKS)
def test_a_cell_that_would_be_a_formula_is_text_in_csv(value: str) -> None:
    text = to_csv(["name"], [[value]])
    [_, [cell]] = list(csv.reader(io.StringIO(text, newline="")))  # one row, one cell
    assert cell == "'" + value.replace("\r", "\n")
    assert not cell.startswith(FORMULA_START)


def test_ordinary_values_and_numbers_are_unchanged_and_raw_keeps_everything() -> None:
    assert text_cell("区应急局") == "区应急局"
    assert text_cell("-1.5") == "-1.5" and text_cell("+3") == "+3"
    text = to_csv(["a", "b"], [["=1+1", "区应急局"]], raw=True)
    assert list(csv.reader(io.StringIO(text, newline="")))[1] == ["=1+1", "区应急局"]


def test_catalogue_answers_as_csv_carry_no_formula() -> None:
    from rdflib import Literal

    from fengong.catalogue.run import Result
    from fengong.store.base import Table

    result = Result("departments", Table(("name",), [(Literal(ATTACKS[0]),)]))
    rows = list(csv.reader(io.StringIO(result.to_csv(), newline="")))
    assert rows[1] == ["'" + ATTACKS[0]]
    assert list(csv.reader(io.StringIO(result.to_csv(raw=True), newline="")))[1] == [ATTACKS[0]]


def test_the_xlsx_matrix_writes_every_text_as_a_string_never_a_formula(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    header = ["document", "department", "1"]
    body = [["doc", ATTACKS[0], "L"], ["doc", "=cmd|' /C calc'!A0", "S"]]
    monkeypatch.setattr(figures, "matrix_rows", lambda store, queries: (header, body))
    data = figures.matrix_xlsx(None, Path("queries"))  # type: ignore[arg-type]
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "HYPERLINK" in sheet
