"""The streaming build writes what the in-memory build writes, byte for byte, and a rebuild
does again only what changed.

The in-memory build (``build_graphs`` + ``write_build``: one store, the rules over all of it)
is the reference: the streaming build reasons per document and once more over what spans
documents, and these tests hold the two together on every multi-document fixture we have
(alignment between levels, successions of departments, the seed, a generated corpus read
on a local Dask cluster).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fengong.errors import FengongError
from fengong.graph import Project, build_graphs, write_build
from fengong.graph.iris import Iris
from fengong.graph.reading import ReadOptions
from fengong.graph.serialize import BUILD_FILES
from fengong.graph.stream import StreamedBuild, keep_chunks, stream_build
from fengong.synthetic import generate
from fengong.validate import Finding, ValidationReport, validate_build
from tests.conftest import ROOT, SEED

DATA = ROOT / "tests" / "data"


def _classic(project: Project, sources: list[Path], out: Path) -> dict[str, bytes]:
    write_build(build_graphs(project, sources, Iris()), out)
    return _files(out)


def _files(out: Path) -> dict[str, bytes]:
    found = {name: (out / name).read_bytes() for name in BUILD_FILES}
    sources = out / "sources"
    if sources.is_dir():
        found |= {
            f"sources/{p.relative_to(sources)}": p.read_bytes()
            for p in sorted(sources.rglob("*"))
            if p.is_file()
        }
    return found


def _differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    out = [f"only in one: {name}" for name in sorted(set(a) ^ set(b))]
    for name in sorted(set(a) & set(b)):
        if a[name] != b[name]:
            left, right = set(a[name].splitlines()), set(b[name].splitlines())
            out.append(f"{name}: {sorted(left - right)[:2]} / {sorted(right - left)[:2]}")
    return out


@pytest.mark.parametrize("corpus", ["corpus", "functions-corpus", "seed"])
def test_the_streaming_build_writes_the_in_memory_builds_bytes(
    project: Project, corpus: str, tmp_path: Path
) -> None:
    sources = [SEED] if corpus == "seed" else [DATA / corpus]
    expected = _classic(project, sources, tmp_path / "classic")
    built = stream_build(project, sources, tmp_path / "stream", Iris())
    assert _differences(expected, _files(tmp_path / "stream")) == []
    assert built.quads == expected["fengong.nq"].count(b"\n")
    assert built.documents == len(list((tmp_path / "classic" / "sources").glob("*.json")))
    assert _report(built) == _whole_store_report(project, tmp_path / "classic")


def _report(built: StreamedBuild) -> str:
    """The report the streaming build wrote, row by row (fengong.validate.sparql.ReportWriter)."""
    assert built.report is not None
    return built.report.path.read_text(encoding="utf-8")


def _findings(built: StreamedBuild) -> tuple[Finding, ...]:
    return ValidationReport.from_json(_report(built)).findings


def _whole_store_report(project: Project, build: Path) -> str:
    """The checks run on one store holding the whole build: what the streaming build's
    per-document and spanning checks must add up to, finding for finding."""
    return validate_build(build, project.shapes, project.queries, "sparql").render_json()


def test_the_spanning_graphs_are_really_there(project: Project, tmp_path: Path) -> None:
    """The comparison above means something only if the fixtures exercise what spans
    documents: alignment between levels, successions, inferences over them."""
    stream_build(project, [DATA / "corpus"], tmp_path / "a", Iris())
    stream_build(project, [DATA / "functions-corpus"], tmp_path / "b", Iris())
    quads = (tmp_path / "a" / "fengong.nq").read_text() + (
        tmp_path / "b" / "fengong.nq"
    ).read_text()
    assert "/graph/alignment> ." in quads and "/graph/functions> ." in quads
    assert "implementsMeasure" in quads and "ChangeEvent" in quads
    inferred = (tmp_path / "a" / "inferred.nt").read_text()
    # eli:applies is inferred from the alignment graph's fg:implementsDocument only
    assert "<http://data.europa.eu/eli/ontology#applies>" in inferred


def test_a_generated_corpus_read_on_a_local_cluster_gives_the_same_bytes(
    project: Project, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    generate(6, 3, corpus, SEED)  # 6 documents: above LOCAL_FROM, so a local Dask cluster
    expected = _classic(project, [corpus], tmp_path / "classic")
    built = stream_build(project, [corpus], tmp_path / "stream", Iris())
    assert built.made == 6
    assert _differences(expected, _files(tmp_path / "stream")) == []
    assert _report(built) == _whole_store_report(project, tmp_path / "classic")


def _project(tmp_path: Path) -> Project:
    """A project folder over the packaged defaults, with three documents of its own."""
    root = tmp_path / "project"
    (root / "data" / "sources").mkdir(parents=True)
    for path in sorted((DATA / "corpus").glob("*.txt")):
        shutil.copy(path, root / "data" / "sources" / path.name)
    return Project(root, ROOT)


def _build(project: Project, out: Path, cache: Path, **kwargs: object) -> StreamedBuild:
    shutil.rmtree(out, ignore_errors=True)
    return stream_build(project, [project.sources], out, Iris(), cache=cache, **kwargs)  # type: ignore[arg-type]


def test_a_rebuild_reuses_the_chunks_of_unchanged_documents(tmp_path: Path) -> None:
    project, cache = _project(tmp_path), tmp_path / "chunks"
    first = _build(project, tmp_path / "one", cache)
    assert (first.made, first.reused) == (3, 0)
    again = _build(project, tmp_path / "two", cache)
    assert (again.made, again.reused) == (0, 3)
    assert _files(tmp_path / "one") == _files(tmp_path / "two")

    changed = project.sources / "district-b.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = _build(project, tmp_path / "three", cache)
    assert (third.made, third.reused) == (1, 2)


def test_a_registry_row_added_makes_every_chunk_again(tmp_path: Path) -> None:
    """A chunk depends on the registries (names are read against them), not only on its
    file: an added department must reach every document."""
    project, cache = _project(tmp_path), tmp_path / "chunks"
    _build(project, tmp_path / "one", cache)
    own = project.reference / "categories.csv"
    own.parent.mkdir(parents=True, exist_ok=True)
    header = (project.registry / "categories.csv").read_text(encoding="utf-8").splitlines()[0]
    own.write_text(header + "\n", encoding="utf-8")  # a file of no rows still counts
    again = _build(project, tmp_path / "two", cache)
    assert (again.made, again.reused) == (3, 0)


def test_the_chunk_cache_keeps_only_the_last_builds_chunks(tmp_path: Path) -> None:
    project, cache = _project(tmp_path), tmp_path / "chunks"
    first = _build(project, tmp_path / "one", cache)
    (project.sources / "district-a.txt").unlink()
    second = _build(project, tmp_path / "two", cache)
    keep_chunks(cache, second.chunks)
    assert sorted(p.stem for p in cache.glob("*.chunk")) == sorted(second.chunks)
    assert len(set(first.chunks) - set(second.chunks)) == 1


def _break(path: Path) -> None:
    """A division table without its table: nothing readable."""
    path.write_text("关于印发《某某工作措施》的通知\n\n没有表格。\n", encoding="utf-8")


def test_the_first_unreadable_document_in_order_stops_the_build(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _break(project.sources / "district-b.txt")
    _break(project.sources / "municipal.txt")
    with pytest.raises(FengongError) as caught:
        _build(project, tmp_path / "out", tmp_path / "chunks")
    with pytest.raises(FengongError) as classic:
        build_graphs(project, [project.sources], Iris())
    assert "district-b.txt" in str(caught.value)
    assert str(caught.value) == str(classic.value)


def test_keep_going_leaves_out_what_cannot_be_read_as_the_in_memory_build_does(
    tmp_path: Path,
) -> None:
    project = _project(tmp_path)
    _break(project.sources / "district-b.txt")
    options = ReadOptions(keep_going=True)
    built = _build(project, tmp_path / "stream", tmp_path / "chunks", options=options)
    classic = build_graphs(project, [project.sources], Iris(), options=options)
    write_build(classic, tmp_path / "classic")
    assert [str(e) for e in built.refused] == [str(e) for e in classic.refused] != []
    assert built.documents == 2
    assert _differences(_files(tmp_path / "classic"), _files(tmp_path / "stream")) == []


def test_two_documents_with_one_number_are_refused(tmp_path: Path) -> None:
    project = _project(tmp_path)
    shutil.copy(project.sources / "district-a.txt", project.sources / "district-a-copy.txt")
    with pytest.raises(FengongError, match="a second document numbered"):
        _build(project, tmp_path / "out", tmp_path / "chunks")


def test_the_report_adds_up_to_the_whole_stores_finding_for_finding(
    project: Project, tmp_path: Path
) -> None:
    """Checks of document scope run on each document alone, the spanning ones once on what
    spans documents: on 58 documents of every layout we read (reading warnings, unregistered
    departments, documents without dates or issuers) and two with faults, the report is the
    one the checks give on a store holding the whole build. Declaring every check of either
    scope makes this fail (a finding per document, or none)."""
    sources = [DATA / "faults-corpus", DATA / "real-layouts"]
    built = stream_build(project, sources, tmp_path / "out", Iris(), ReadOptions(keep_going=True))
    assert _report(built) == _whole_store_report(project, tmp_path / "out")
    kinds = {f.shape.rsplit("#", 1)[1] for f in _findings(built)}
    assert {"IngestedDocument", "DocumentNumberPattern", "DepartmentShape", "ReadingWarning",
            "FunctionKnown", "Registered", "MeasureHasLead", "TaskHasLead"} <= kinds  # fmt: skip


def test_the_faults_read_by_hand_are_reported_once(project: Project, tmp_path: Path) -> None:
    """tests/data/faults-corpus/README.md, read off the text before the code ran."""
    built = stream_build(project, [DATA / "faults-corpus"], tmp_path / "out", Iris())
    found = sorted(
        (f.shape.rsplit("#", 1)[1], f.focus_label.get("zh", f.focus), f.line)
        for f in _findings(built)
        if f.source is None or "warehouse" in f.source or "cold-storage" in f.source
        if "Official" not in f.shape and "Registry" not in f.shape and "Reading" not in f.shape
    )
    assert found == [
        ("FunctionKnown", "区仓储协调办", None),
        ("MeasureHasLead", "（二）整治违规住人", 30),
        ("NotLeadAndSupport", "（一）第2项", 29),
        ("Registered", "区仓储协调办", None),
        ("Registered", "区有关部门", None),
        ("TaskHasLead", "（二）第1项", 30),
        ("TaskHasLead", "（二）第2项", 31),
        ("TaskHasSupport", "（二）第1项", 30),
    ]


@pytest.mark.parametrize("with_comm", [True, False])
def test_what_is_stated_is_taken_from_what_is_inferred(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_comm: bool
) -> None:
    """The inferred graph less every stated line: with comm(1), and in Python where there is
    none; lines that only share a prefix with a stated one stay."""
    import subprocess

    from fengong.graph import stream

    if not with_comm:
        monkeypatch.setattr(stream.shutil, "which", lambda name: None)
    inferred = tmp_path / "inferred"
    stated = tmp_path / "stated"
    out = tmp_path / "out"
    inferred.write_bytes(
        b'<a> <p> <b> .\n<a> <p> <bb> .\n<c> <p> "\xe7\x94\xb2" .\n<z> <p> <y> .\n'
    )
    stated.write_bytes(b"<a> <p> <b> .\n<b> <p> <c> .\n<z> <p> <y> .\n")
    stream._subtract(inferred, stated, out)
    assert out.read_bytes() == b'<a> <p> <bb> .\n<c> <p> "\xe7\x94\xb2" .\n'
    (tmp_path / "empty").write_bytes(b"")
    stream._subtract(inferred, tmp_path / "empty", out)
    assert out.read_bytes() == inferred.read_bytes()
    if with_comm:  # lines out of order are refused, not subtracted wrongly
        stated.write_bytes(b"<z> <p> <y> .\n<a> <p> <b> .\n")
        with pytest.raises(subprocess.CalledProcessError):
            stream._subtract(inferred, stated, out)


def test_a_turtle_that_cannot_be_written_stops_the_build(project: Project, tmp_path: Path) -> None:
    """The Turtle is written by a process of its own: when it fails (here its file's place is
    taken by a folder), the build says so, and no asserted.ttl or asserted.nt is put in place
    as if it had been written."""
    out = tmp_path / "out"
    (out / ".asserted.ttl.tmp").mkdir(parents=True)
    with pytest.raises(FengongError, match=r"writing asserted\.ttl stopped"):
        stream_build(project, [SEED], out, Iris())
    assert not (out / "asserted.ttl").exists() and not (out / "asserted.nt").exists()


@pytest.mark.parametrize("end", [b"\n", b"\x00"])
def test_whole_blocks_cut_only_between_records(end: bytes) -> None:
    """Read 3 bytes at a time, records longer than that come out whole, every block ends a
    record, and a last record without its end gets one."""
    import io

    from fengong.graph.serialize import whole_blocks

    data = end.join([b"ab", "甲乙丙".encode(), b"", b"x" * 10, b"tail"])
    blocks = list(whole_blocks(io.BytesIO(data), end, size=3))
    assert b"".join(blocks) == data + end
    assert all(block.endswith(end) for block in blocks)
    assert b"".join(blocks).split(end)[:-1] == [b"ab", "甲乙丙".encode(), b"", b"x" * 10, b"tail"]
