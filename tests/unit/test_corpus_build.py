"""A build of several documents: read in worker processes, the same bytes as read in one, each
triple stored once, and a broken document reported with its file and line."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import fengong.graph.reading as reading
from fengong.errors import UnknownDepartmentError
from fengong.graph import Project, build_graphs, write_build
from fengong.graph.reading import ReadOptions
from fengong.graph.serialize import BUILD_FILES
from fengong.synthetic import generate
from tests.conftest import SEED

DOCS = 6


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate(DOCS, 7, out, SEED)
    return out


def _files(project: Project, sources: list[Path], out: Path) -> dict[str, bytes]:
    build = build_graphs(project, sources)
    assert build.reasoning_errors == ()
    write_build(build, out)
    return {name: (out / name).read_bytes() for name in BUILD_FILES}


def test_generator_is_deterministic(tmp_path: Path) -> None:
    first = [p.read_bytes() for p in generate(3, 7, tmp_path / "a", SEED)]
    again = [p.read_bytes() for p in generate(3, 7, tmp_path / "b", SEED)]
    other = [p.read_bytes() for p in generate(3, 8, tmp_path / "c", SEED)]
    assert first == again
    assert first != other


def test_workers_give_the_bytes_one_process_gives(
    corpus: Path, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parallel = _files(project, [corpus], tmp_path / "parallel")
    monkeypatch.setattr(reading, "_PARALLEL_FROM", 10**9)
    serial = _files(project, [corpus], tmp_path / "serial")
    assert parallel == serial
    assert parallel["fengong.nq"].count(b"/graph/doc/putuo-anban-") > 50_000


def test_each_document_has_its_graph_and_each_triple_one_graph(
    corpus: Path, project: Project
) -> None:
    build = build_graphs(project, [corpus])
    assert len(build.names) == DOCS + 4  # ontology, reference, documents, functions, inferred
    count = """SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"""
    distinct = """SELECT (COUNT(*) AS ?n)
                  WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"""
    quads = next(iter(build.store.query(count)))[0].value  # type: ignore[index]
    triples = next(iter(build.store.query(distinct)))[0].value  # type: ignore[index]
    assert quads == triples
    # every document cites 沪府令第44号 第四条: what the first one says about it is not
    # repeated by the other five
    article = ox.NamedNode(build.iris.article("shanghai-hufuling-2016-44", 4))
    holders = {q.graph_name.value for q in build.store.quads_for_pattern(article, None, None)}  # type: ignore[union-attr]
    first_doc = str(build.names[2])
    assert first_doc in holders
    assert holders == {str(build.names[1]), first_doc, str(build.names[-1])}


def test_a_broken_document_is_reported_from_its_worker(
    corpus: Path, project: Project, tmp_path: Path
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    paths = sorted(corpus.glob("*.txt"))
    for path in paths:
        (broken / path.name).write_bytes(path.read_bytes())
    victim = broken / paths[4].name
    lines = victim.read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if line.split("\t")[2:3] == ["区应急局"])
    cells = lines[row].split("\t")
    cells[2] = "区不存在局"
    lines[row] = "\t".join(cells)
    victim.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(UnknownDepartmentError) as err:
        build_graphs(project, [broken], options=ReadOptions(strict=True))
    assert err.value.name == "区不存在局"
    assert err.value.location is not None
    assert err.value.location.file.endswith(victim.name)
    assert err.value.location.line == row + 1
