"""Codes the registries write into the graph as plain literals (a function's group, a body's
status) are shown in the page's language: each has its words (fengong.web.i18n.TEXT). Found on real
documents, where 'unregistered' and 'peoples-organisation' appeared on Chinese pages."""

from __future__ import annotations

import csv

from fengong.web.i18n import LANGS, TEXT
from tests.conftest import ROOT


def test_every_function_group_of_the_registry_has_words() -> None:
    with (ROOT / "data" / "reference" / "functions.csv").open(encoding="utf-8") as handle:
        groups = {row["group"] for row in csv.DictReader(handle)}
    assert groups and sorted(g for g in groups if g not in TEXT) == []
    assert all(set(TEXT[g]) == set(LANGS) for g in groups)


def test_a_body_s_status_has_words() -> None:
    for status in ("verified", "unverified", "unregistered"):
        assert set(TEXT[status]) == set(LANGS), status
    assert TEXT["unregistered"]["zh"] != "unregistered"
