"""The ontology page is rendered again only when the ontology (or pyLODE) changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pylode
import pytest

from fengong.docs import write_ontology_docs
from fengong.graph import Project


class Refused(Exception):
    pass


def _refuse(*args: object, **kwargs: object) -> None:
    raise Refused


def test_a_page_from_the_same_ontology_is_kept(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ontology = tmp_path / "fengong.ttl"
    shutil.copy(project.ontology, ontology)
    page = write_ontology_docs(ontology, tmp_path / "ontology.html")
    first = page.read_text(encoding="utf-8")
    assert "<html" in first and "fengong: ontology sha256" in first.splitlines()[-1]

    monkeypatch.setattr(pylode, "OntPub", _refuse)
    write_ontology_docs(ontology, page)  # pyLODE is not asked again
    assert page.read_text(encoding="utf-8") == first

    ontology.write_text(ontology.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    with pytest.raises(Refused):
        write_ontology_docs(ontology, page)
