"""A rebuild that patches the previous build's files writes, byte for byte, what a full build
of the same sources writes; and it patches only when that is sure (fengong.graph.patch)."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from fengong.graph import Project
from fengong.graph.alignment import ALIGNMENT_COLUMNS
from fengong.graph.iris import Iris
from fengong.graph.patch import RECORD, PatchRefused, patch_sorted, patch_turtle, turtle_body
from fengong.graph.stream import StreamedBuild, stream_build
from fengong.synthetic import generate
from tests.conftest import ROOT, SEED
from tests.unit.test_stream import _differences

# -- sorted files ------------------------------------------------------------------------------


@pytest.mark.parametrize("end", [b"\n", b"\x00"])
def test_a_patched_sorted_file_is_the_sorted_set_it_should_hold(end: bytes, tmp_path: Path) -> None:
    rng = random.Random(7)
    # prefixes of one another, and a tab (below the line's end: sort(1) puts "a" before "a\tb")
    words = {"a", "a b", "a\tb", "ab", "b", "ba", "\u4e2d", "\u4e2d\u6587", "z" * 300}
    words |= {"".join(rng.choice("abc<> ") for _ in range(rng.randint(1, 12))) for _ in range(400)}
    items = sorted(w.encode() for w in words)
    for trial in range(30):
        old = set(rng.sample(items, rng.randint(0, len(items))))
        gone = set(rng.sample(sorted(old), rng.randint(0, len(old)))) if old else set()
        come = set(rng.sample([i for i in items if i not in old], rng.randint(0, 20)))
        (tmp_path / "old").write_bytes(b"".join(i + end for i in sorted(old)))
        patch_sorted(tmp_path / "old", tmp_path / "new", [g + end for g in gone],
                     [c + end for c in come], end)  # fmt: skip
        expected = b"".join(i + end for i in sorted((old - gone) | come))
        assert (tmp_path / "new").read_bytes() == expected, trial


def test_a_line_to_remove_must_be_there_and_one_to_add_must_not(tmp_path: Path) -> None:
    (tmp_path / "old").write_bytes(b"a\nc\n")
    with pytest.raises(PatchRefused, match="not there"):
        patch_sorted(tmp_path / "old", tmp_path / "new", [b"b\n"], [])
    with pytest.raises(PatchRefused, match="there already"):
        patch_sorted(tmp_path / "old", tmp_path / "new", [], [b"c\n"])
    patch_sorted(tmp_path / "old", tmp_path / "new", [b"c\n"], [b"b\n"])
    assert (tmp_path / "new").read_bytes() == b"a\nb\n"


def test_a_document_s_turtle_is_one_run_of_the_builds_turtle(tmp_path: Path) -> None:
    """What lets the Turtle be patched: the blocks of a document's subjects, serialised on
    their own, are found whole in the file written from all lines."""
    lines = [
        b'<https://e.org/a> <https://e.org/p> "1" .\n',
        b'<https://e.org/doc/k/1> <http://www.w3.org/2000/01/rdf-schema#label> "x"@zh .\n',
        b"<https://e.org/doc/k/1> <https://e.org/p> <https://e.org/a> .\n",
        b'<https://e.org/doc/k/2> <https://e.org/p> "2" .\n',
        b"<https://e.org/z> <https://e.org/p> <https://e.org/doc/k/1> .\n",
    ]
    whole = turtle_body(b"".join(lines))
    mine = turtle_body(b"".join(lines[1:4]))
    assert mine and whole.count(mine) == 1
    (tmp_path / "old.ttl").write_bytes(b"@prefix x: <https://x/> .\n" + whole)
    now = turtle_body(b"".join(lines[1:3]))
    patch_turtle(tmp_path / "old.ttl", tmp_path / "new.ttl", [(mine, now)])
    expected = turtle_body(b"".join(lines[:3] + lines[4:]))
    assert (tmp_path / "new.ttl").read_bytes() == b"@prefix x: <https://x/> .\n" + expected
    with pytest.raises(PatchRefused, match="not where expected"):
        patch_turtle(tmp_path / "old.ttl", tmp_path / "new.ttl", [(b"<https://nowhere> a", b"")])


# -- whole builds --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three generated documents (read in this process: fewer than LOCAL_FROM), built once
    with a chunk cache; each test works on a copy."""
    folder = tmp_path_factory.mktemp("built")
    generate(3, 5, folder / "project" / "data" / "sources", SEED)
    project = Project(folder / "project", ROOT)
    stream_build(project, [project.sources], folder / "one", Iris(), cache=folder / "chunks")
    return folder


@pytest.fixture
def setup(built_once: Path, tmp_path: Path) -> tuple[Project, Path]:
    """A copy of the project, its first build (``one``) and its chunk cache."""
    for name in ("project", "one", "chunks"):
        shutil.copytree(built_once / name, tmp_path / name)
    return Project(tmp_path / "project", ROOT), tmp_path / "chunks"


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file of a build (its record too), by relative path."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".chunks" not in p.parts
    }


def _build(project: Project, out: Path, cache: Path, previous: Path | None = None) -> StreamedBuild:
    return stream_build(project, [project.sources], out, Iris(), cache=cache, previous=previous)


def _full(project: Project, cache: Path, out: Path) -> dict[str, bytes]:
    """The sources as they are now, merged in full from the same chunks (the full merge is
    held to the in-memory build by tests/unit/test_stream.py)."""
    built = _build(project, out, cache)
    assert built.delta is None
    return _tree(out)


def _reword(path: Path, n: int = 1) -> None:
    """A measure's wording changed: only the document's own nodes change."""
    text = path.read_text(encoding="utf-8")
    assert "。\t" in text
    path.write_text(text.replace("。\t", "，并定期通报。\t", n), encoding="utf-8")


def test_a_reworded_measure_is_patched_into_the_same_bytes_as_a_full_build(
    setup: tuple[Project, Path], tmp_path: Path
) -> None:
    project, cache = setup
    before = _tree(tmp_path / "one")
    _reword(sorted(project.sources.glob("*.txt"))[1], 3)
    patched = _build(project, tmp_path / "two", cache, previous=tmp_path / "one")
    assert patched.unpatched is None
    assert patched.delta is not None and patched.delta[0] and patched.delta[1]
    full = _build(project, tmp_path / "full", cache)
    assert _differences(_tree(tmp_path / "full"), _tree(tmp_path / "two")) == []
    assert patched.quads == full.quads
    assert patched.report is not None and full.report is not None
    assert patched.report.counts == full.report.counts
    assert patched.report.violations == full.report.violations
    assert _tree(tmp_path / "one") == before  # the previous build is never written to


def test_a_patched_build_can_be_patched_again(setup: tuple[Project, Path], tmp_path: Path) -> None:
    project, cache = setup
    original = _tree(tmp_path / "one")
    path = sorted(project.sources.glob("*.txt"))[2]
    text = path.read_text(encoding="utf-8")
    _reword(path)
    assert _build(project, tmp_path / "two", cache, previous=tmp_path / "one").delta
    path.write_text(text, encoding="utf-8")
    back = _build(project, tmp_path / "three", cache, previous=tmp_path / "two")
    assert back.delta is not None
    assert _differences(original, _tree(tmp_path / "three")) == []


def test_nothing_changed_links_every_file(setup: tuple[Project, Path], tmp_path: Path) -> None:
    project, cache = setup
    again = _build(project, tmp_path / "two", cache, previous=tmp_path / "one")
    assert again.delta == ([], [])
    assert _differences(_tree(tmp_path / "one"), _tree(tmp_path / "two")) == []
    for name in ("fengong.nq", "asserted.ttl", f"{RECORD}/findings"):
        assert os.stat(tmp_path / "one" / name).st_ino == os.stat(tmp_path / "two" / name).st_ino


def _shared_change(path: Path) -> None:
    """A department that was not named before: the document states a new shared node."""
    text = path.read_text(encoding="utf-8")
    cells = text.split("\t")
    for i, cell in enumerate(cells):
        if cell.startswith("区") and "局" in cell and "\n" not in cell:
            cells[i] = "区新设工作局"
            break
    else:
        raise AssertionError("no department cell")
    path.write_text("\t".join(cells), encoding="utf-8")


@pytest.mark.parametrize(
    "change",
    ["department", "added", "removed", "context", "tampered"],
)
def test_what_cannot_be_patched_is_built_in_full(
    change: str, setup: tuple[Project, Path], tmp_path: Path
) -> None:
    project, cache = setup
    before = _tree(tmp_path / "one")
    paths = sorted(project.sources.glob("*.txt"))
    if change == "department":
        _shared_change(paths[1])
    elif change == "added":
        shutil.copy(paths[0], paths[0].with_name("putuo-anban-2000-1000.txt"))
        text = paths[0].with_name("putuo-anban-2000-1000.txt").read_text(encoding="utf-8")
        paths[0].with_name("putuo-anban-2000-1000.txt").write_text(
            text.replace("〔2000〕100号", "〔2000〕1000号"), encoding="utf-8"
        )
    elif change == "removed":
        paths[0].unlink()
    elif change == "context":
        own = project.reference / "categories.csv"
        own.parent.mkdir(parents=True, exist_ok=True)
        header = (project.registry / "categories.csv").read_text(encoding="utf-8")
        own.write_text(header.splitlines()[0] + "\n", encoding="utf-8")
    else:  # the previous build's file lacks a line the patch would take out: never trusted
        _reword(paths[1])
        nq = tmp_path / "one" / "fengong.nq"
        lines = nq.read_bytes().splitlines(keepends=True)
        nq.write_bytes(b"".join(line for line in lines
                                if not line.startswith(b"<https://w3id.org/fengong/id/doc/"
                                                       b"putuo-anban-2000-101/measure/")))  # fmt: skip
        before = _tree(tmp_path / "one")
    built = _build(project, tmp_path / "two", cache, previous=tmp_path / "one")
    assert built.delta is None and built.unpatched
    assert _differences(_full(project, cache, tmp_path / "full"), _tree(tmp_path / "two")) == []
    assert _tree(tmp_path / "one") == before
    assert not (tmp_path / "two" / ".patching").exists()


def test_a_build_without_a_record_is_built_in_full(
    setup: tuple[Project, Path], tmp_path: Path
) -> None:
    project, cache = setup
    shutil.rmtree(tmp_path / "one" / RECORD)
    built = _build(project, tmp_path / "two", cache, previous=tmp_path / "one")
    assert built.delta is None and "no record" in str(built.unpatched)


def _lead_also_supports(path: Path) -> None:
    """A task's first lead department named again as its support: a violation more
    (lead-and-support), and no department new to the document."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for n, line in enumerate(lines):
        cells = line.split("\t")
        if len(cells) == 4 and cells[0] == "" and cells[2] and not cells[3]:
            cells[3] = cells[2].removeprefix("<p>").split("、")[0].split("</p>")[0]
            lines[n] = "\t".join(cells)
            break
    else:
        raise AssertionError("no task with a lead and no support")
    path.write_text("\n".join(lines), encoding="utf-8")


def test_a_finding_the_change_brings_is_patched_into_the_report(
    setup: tuple[Project, Path], tmp_path: Path
) -> None:
    project, cache = setup
    before = json.loads((tmp_path / "one" / "validation.json").read_text(encoding="utf-8"))
    _lead_also_supports(sorted(project.sources.glob("*.txt"))[1])
    patched = _build(project, tmp_path / "two", cache, previous=tmp_path / "one")
    assert patched.delta is not None, patched.unpatched
    after = json.loads((tmp_path / "two" / "validation.json").read_text(encoding="utf-8"))
    assert after["summary"]["violation"] == before["summary"]["violation"] + 1
    assert _differences(_full(project, cache, tmp_path / "full"), _tree(tmp_path / "two")) == []


def test_the_command_says_what_it_patched(setup: tuple[Project, Path], tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from fengong.cli import app

    project, _ = setup
    command = ["build", str(project.sources), "--out", str(tmp_path / "build"), "--store",
               "disk", "--allow-invalid", "--project", str(project.root)]  # fmt: skip
    first = CliRunner().invoke(app, command)
    assert first.exit_code == 0, first.output
    assert "patched" not in first.output and "written again" not in first.output
    _reword(sorted(project.sources.glob("*.txt"))[0])
    second = CliRunner().invoke(app, command)
    assert second.exit_code == 0, second.output
    assert re.search(r"the previous build's files patched: \d+ quad\(s\) taken out, \d+ put in",
                     second.output), second.output  # fmt: skip
    assert "the on-disk store is the previous one's, patched" in second.output


def _defaults_copy(tmp_path: Path) -> Path:
    """The packaged defaults as a folder of their own (an upgrade may change only data)."""
    defaults = tmp_path / "defaults"
    for part in ("shapes", "queries", "ontology", "data/reference"):
        shutil.copytree(ROOT / part, defaults / part)
    return defaults


@pytest.mark.parametrize("change", ["message", "review"])
def test_what_words_the_report_or_reviews_alignments_is_part_of_the_record(
    change: str, setup: tuple[Project, Path], tmp_path: Path
) -> None:
    """Neither the shapes' messages nor the alignment reviews shape a chunk, but both shape
    the build's files: changing one makes the build merge in full (a review found both
    patched stale)."""
    project, cache = setup
    if change == "message":
        project = Project(project.root, _defaults_copy(tmp_path))
        shapes = sorted(project.shapes.glob("*.ttl"))
        text = shapes[0].read_text(encoding="utf-8")
        assert "sh:message" in text
        shapes[0].write_text(text.replace('sh:message "', 'sh:message "Edited: ', 1),
                             encoding="utf-8")  # fmt: skip
    else:
        reviews = project.reference / "alignments.csv"
        reviews.parent.mkdir(parents=True, exist_ok=True)
        reviews.write_text(",".join(ALIGNMENT_COLUMNS) + "\n", encoding="utf-8")  # none yet
    built = _build(project, tmp_path / "two", cache, previous=tmp_path / "one")
    assert built.made == 0 and built.delta is None
    assert "names or messages, or the alignment reviews" in str(built.unpatched)
    assert _differences(_full(project, cache, tmp_path / "full"), _tree(tmp_path / "two")) == []


def test_a_last_line_without_its_end_is_still_one_line(tmp_path: Path) -> None:
    from fengong.graph.patch import SortedFile

    (tmp_path / "f").write_bytes(b"<a> <p> 1 .\n<b> <p> 2 .\n<b> <p> 3 .")
    with SortedFile(tmp_path / "f") as found:
        assert found.starting(b"<b> ") == [b"<b> <p> 2 .\n", b"<b> <p> 3 ."]
        assert found.starting(b"<a> ") == [b"<a> <p> 1 .\n"]
        assert found.contains(b"<b> <p> 2 .\n") and not found.contains(b"<c> <p> 2 .\n")


def test_a_key_that_begins_another_document_s_key_is_not_patched(
    setup: tuple[Project, Path],
) -> None:
    """doc/k/x/… nodes begin with doc/k/: the document k cannot call them its own."""
    from types import SimpleNamespace

    from fengong.graph.patch import BuildRecord
    from fengong.graph.stream import _patchable

    project, _ = setup
    record = BuildRecord.read(project.root.parent / "one" / RECORD)
    first, second = record.documents[0], record.documents[1]
    chunk = SimpleNamespace(key=first.key, number="1", file="a.txt", heading=None,
                            organisations=(), inconsistencies=())  # fmt: skip
    context = SimpleNamespace(iris=Iris(), reserved=frozenset())
    _patchable(chunk, chunk, record, context)  # type: ignore[arg-type]  # nothing in the way
    renamed = tuple(replace(d, key=f"{first.key}/x") if d is second else d
                    for d in record.documents)  # fmt: skip
    with pytest.raises(PatchRefused, match="first part of another"):
        _patchable(chunk, chunk, replace(record, documents=renamed), context)  # type: ignore[arg-type]
