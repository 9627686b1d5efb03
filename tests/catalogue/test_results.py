"""Every catalogue query against a hand-made golden result, and the backends against each other.

The golden CSVs were made from the source text and the registries by hand (with throwaway
scripts over those files only), never by running these queries: see tests/golden/README.md.
"""

from __future__ import annotations

import pytest

from fengong.catalogue import Catalogue
from tests.catalogue.conftest import CASES, Runner, golden_path


def test_every_catalogue_query_has_a_golden_case(catalogue: Catalogue) -> None:
    assert set(CASES) == set(catalogue)
    assert all(golden_path(name).is_file() for name in CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_result_matches_the_hand_made_golden_file(name: str, run_embedded: Runner) -> None:
    got = run_embedded(name, **CASES[name]).to_csv().splitlines()
    want = golden_path(name).read_text(encoding="utf-8").splitlines()
    assert got[0] == want[0], "columns"
    missing = [row for row in want[1:] if row not in got[1:]]
    extra = [row for row in got[1:] if row not in want[1:]]
    assert (missing, extra) == ([], []), f"{name}: rows differ"
    assert got == want, f"{name}: same rows, different order"


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_other_backend_gives_the_embedded_answer(
    name: str, run_other: Runner, run_embedded: Runner
) -> None:
    """Terms compared exactly (N-Triples form), rows in order."""
    expected = run_embedded(name, **CASES[name]).table.ntriples_rows()
    assert run_other(name, **CASES[name]).table.ntriples_rows() == expected


@pytest.mark.parametrize("name", sorted(CASES))
def test_examples_in_the_headers_run_alike_everywhere(
    name: str, catalogue: Catalogue, run_other: Runner, run_embedded: Runner
) -> None:
    """The documented example values are valid and give the same rows on every backend."""
    examples = {p.name: p.example for p in catalogue[name].params if p.example is not None}
    expected = run_embedded(name, **examples)
    # corpus queries need documents that implement one another: the seed alone has none, and
    # tests/unit/test_corpus_alignment.py runs them on a corpus
    assert len(expected) > 0 or "corpus" in catalogue[name].tags, "an example should find something"
    assert run_other(name, **examples).table.ntriples_rows() == expected.table.ntriples_rows()


@pytest.mark.parametrize("size", [13, 145, 146])
def test_pages_join_up_to_the_whole_answer(size: int, run_any: Runner) -> None:
    whole = run_any("open-ended").table.rows
    assert len(whole) == 146
    pages, offset = [], 0
    while True:
        page = run_any("open-ended", limit=size, offset=offset)
        pages.append(page)
        offset += size
        if not page.has_more:
            break
    assert [row for page in pages for row in page.table.rows] == whole
    assert all(len(page) == size for page in pages[:-1])
    assert 0 < len(pages[-1]) <= size


def test_a_list_parameter_answers_for_each_value(run_any: Runner, run_embedded: Runner) -> None:
    """Several departments at once: exactly the rows of each, merged in the query's order."""
    one = run_embedded("tasks-led-by", department="区应急局").table.rows
    other = run_embedded("tasks-led-by", department="区消防救援支队").table.rows
    both = run_any("tasks-led-by", department=["区应急局", "区消防救援支队"]).table.rows
    assert len(one) > 0 and len(other) > 0
    assert sorted(both) == sorted(one + other)
    assert (
        both == run_embedded("tasks-led-by", department=["区消防救援支队", "区应急局"]).table.rows
    )  # the order of the values does not matter


def test_an_enum_parameter_splits_the_answer(run_any: Runner) -> None:
    lead = run_any("open-ended", role="lead")
    support = run_any("open-ended", role="support")
    assert len(lead) + len(support) == len(run_any("open-ended"))
    assert {r["role"] for r in lead} == {"lead"}
