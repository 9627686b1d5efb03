"""The on-disk store a build may carry (``--store disk``): the same answers as the in-memory
one, opened read-only by every worker, never opened half-written, and confined as before."""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path

import pytest

from fengong.catalogue import Catalogue
from fengong.store import EmbeddedStore, Store
from fengong.store.disk import DISK_FROM, READY, STORE, disk_store, wanted, write_disk_store
from fengong.web.worker import Job, WorkerPool
from tests.catalogue.conftest import CASES, Runner, golden_path, runner

JSON = "application/sparql-results+json"
MIB = 1 << 20


@pytest.fixture(scope="module")
def disk_build(seed_build_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("disk-build")
    shutil.copy(seed_build_dir / "fengong.nq", folder)
    assert write_disk_store(folder / "fengong.nq", folder) == 11_778  # every quad of the seed
    return folder


@pytest.fixture(scope="module")
def disk(disk_build: Path) -> Store:
    found = disk_store(disk_build)
    assert found is not None
    return EmbeddedStore.on_disk(found)


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_catalogue_answer_is_the_hand_made_one(
    name: str, disk: Store, catalogue: Catalogue, run_embedded: Runner
) -> None:
    """On disk as in memory: the golden CSV (made by hand from the source), rows in order;
    and the very terms the in-memory store gives (datatypes and languages included)."""
    got = runner(disk, catalogue)(name, **CASES[name])
    assert got.to_csv().splitlines() == golden_path(name).read_text("utf-8").splitlines()
    assert got.table.ntriples_rows() == run_embedded(name, **CASES[name]).table.ntriples_rows()


def test_a_half_written_store_is_never_opened(disk_build: Path, tmp_path: Path) -> None:
    copy = tmp_path / "b"
    shutil.copytree(disk_build, copy)
    assert disk_store(copy) == copy / STORE
    (copy / STORE / READY).unlink()  # a load stopped before its end writes no READY
    assert disk_store(copy) is None


def test_auto_chooses_disk_only_for_large_builds() -> None:
    assert not wanted("auto", 11_778) and wanted("auto", DISK_FROM)
    assert wanted("disk", 1) and not wanted("memory", 10**9)
    with pytest.raises(ValueError, match="auto, disk or memory"):
        wanted("rocks", 1)


def _pool_answers(nquads: Path, jobs: list[Job], memory: int | None = None) -> tuple[str, list]:
    pool = WorkerPool(nquads, size=2, deadline=20, memory=memory, isolate=False)

    async def go() -> list:
        await pool.start()
        try:
            return [await pool.run(job) for job in jobs]
        finally:
            await pool.stop()

    answers = asyncio.run(go())
    return str(pool.confinement.get("store")), answers


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/fengong/ontology#RefinedTask> }"


def test_workers_open_the_disk_store_and_answer_the_same(disk_build: Path,
                                                         seed_build_dir: Path) -> None:  # fmt: skip
    kind, (answer,) = _pool_answers(disk_build / "fengong.nq", [Job(COUNT, "SELECT", JSON)])
    assert kind == "disk" and answer.status == 200 and b'"54"' in answer.body
    kind, (same,) = _pool_answers(seed_build_dir / "fengong.nq", [Job(COUNT, "SELECT", JSON)])
    assert kind == "memory" and same.body == answer.body


def test_the_memory_cap_holds_on_the_disk_store(disk_build: Path) -> None:
    """A query that would need gigabytes is stopped as it is in memory: the evaluation's
    memory is the worker's own, whatever the store."""
    bomb = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY RAND() LIMIT 1"
    kind, (stopped, after) = _pool_answers(
        disk_build / "fengong.nq", [Job(bomb, "SELECT", JSON), Job("ASK {}", "ASK", JSON)],
        memory=128 * MIB,
    )  # fmt: skip
    assert kind == "disk"
    assert stopped.status == 503 and stopped.detail["title"] == "Query over the memory cap"
    assert after.status == 200


def test_build_store_disk_publishes_it_beside_the_same_graph(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from fengong.cli import app
    from fengong.packaged import seed_path

    graphs = []
    for choice in ("disk", "memory"):
        out = tmp_path / choice / "build"
        result = CliRunner().invoke(app, ["build", str(seed_path()), "--out", str(out),
                                          "--store", choice, "--project", str(tmp_path)])  # fmt: skip
        assert result.exit_code == 0, result.output
        graphs.append((out / "fengong.nq").read_bytes())
        assert (disk_store(out.resolve()) is not None) == (choice == "disk")
    assert graphs[0] == graphs[1]  # the store is beside the graph; the graph's bytes are one
    # the CLI's own queries open it read-only, and get the same rows
    rows = [CliRunner().invoke(app, ["query", "never-lead", "--format", "csv", "--graph",
                                     str(tmp_path / c / "build" / "fengong.nq")]).output
            for c in ("disk", "memory")]  # fmt: skip
    assert rows[0] == rows[1] and "区城运中心" in rows[0]


def test_blank_nodes_survive_a_load_in_pieces(
    seed_build_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store is loaded by pieces, and each load names blank nodes afresh: the ontology's
    axioms (an RDF list of a property chain) must not be cut in two. Pieces of 500 lines cut
    everything; the chains and the count of blank nodes are those of one load."""
    import pyoxigraph as ox

    import fengong.store.disk as disk_module

    shutil.copy(seed_build_dir / "fengong.nq", tmp_path)
    monkeypatch.setattr(disk_module, "PIECE", 500)
    write_disk_store(tmp_path / "fengong.nq", tmp_path)
    pieces = ox.Store.read_only(str(tmp_path / STORE))
    whole = ox.Store()
    whole.load(path=str(tmp_path / "fengong.nq"), format=ox.RdfFormat.N_QUADS)
    chains = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?p ?step WHERE { GRAPH ?g { ?p owl:propertyChainAxiom/rdf:rest*/rdf:first ?step } }
        ORDER BY ?p ?step"""
    blanks = """SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE {
        GRAPH ?g { { ?b ?p ?o } UNION { ?s ?p ?b } } FILTER isBlank(?b) }"""

    def answer(store: ox.Store, query: str) -> list[str]:
        return [str(row) for row in store.query(query)]  # type: ignore[union-attr]

    assert len(answer(whole, chains)) == 4  # two chains of two properties
    assert answer(pieces, chains) == answer(whole, chains)
    assert answer(pieces, blanks) == answer(whole, blanks)


def _dump(store: Path) -> list[bytes]:
    """Every quad of an on-disk store, as sorted N-Quads lines; blank nodes unnamed (each
    load names them afresh: test_blank_nodes_survive_a_load_in_pieces checks their shape)."""
    import io

    import pyoxigraph as ox

    opened = ox.Store.read_only(str(store))
    out = io.BytesIO()
    opened.dump(out, format=ox.RdfFormat.N_QUADS)
    return sorted(re.sub(rb"_:[0-9a-zA-Z]+", b"_:", line) for line in out.getvalue().splitlines())


def _generation(seed_build_dir: Path, folder: Path, nquads: bytes | None = None) -> Path:
    folder.mkdir(parents=True)
    (folder / "fengong.nq").write_bytes(nquads or (seed_build_dir / "fengong.nq").read_bytes())
    return folder


@pytest.mark.parametrize("known", [False, True])
def test_a_rebuild_patches_the_previous_store_and_leaves_it_alone(
    known: bool, seed_build_dir: Path, tmp_path: Path
) -> None:
    """One quad gone, one changed, one new: the patched copy holds exactly the new file's
    quads, its READY count is right, and the previous store (servers may read it) still
    holds the previous file's. ``known``: the build that patched the files says what
    changed (fengong.graph.patch), and ``comm`` is not run."""
    from fengong.store.disk import patch_disk_store

    old = _generation(seed_build_dir, tmp_path / "old")
    write_disk_store(old / "fengong.nq", old)
    before = _dump(old / STORE)
    lines = (old / "fengong.nq").read_bytes().splitlines(keepends=True)
    plain = [i for i, line in enumerate(lines) if b"_:" not in line and b"/doc/" in line]
    changed = lines[plain[1]].replace(b'"', b'"(changed) ', 1) if b'"' in lines[plain[1]] else None
    new_lines = [line for i, line in enumerate(lines) if i != plain[0]]
    if changed:
        new_lines = [changed if line == lines[plain[1]] else line for line in new_lines]
    new_lines.append(b"<https://example.org/s> <https://example.org/p> <https://example.org/o> "
                     b"<https://example.org/g> .\n")  # fmt: skip
    new = _generation(seed_build_dir, tmp_path / "new", b"".join(sorted(new_lines)))
    delta, given = None, new / "fengong.nq"
    if known:
        delta = (sorted(set(lines) - set(new_lines)), sorted(set(new_lines) - set(lines)))
        given = tmp_path / "absent.nq"  # not read: the differences are given
    count = patch_disk_store(old, given, new, delta)
    assert count == len(new_lines)
    assert (new / STORE / READY).read_text() == f"{len(new_lines)}\n"
    expected = tmp_path / "expected"
    expected.mkdir()
    write_disk_store(new / "fengong.nq", expected)
    assert _dump(new / STORE) == _dump(expected / STORE)
    assert _dump(old / STORE) == before


def test_a_store_is_loaded_afresh_when_patching_cannot_be_exact(
    seed_build_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blank nodes among the differences (no label names one across loads), too many
    differences, or no previous store: no patch, and nothing left half-written."""
    import fengong.store.disk as disk_module
    from fengong.store.disk import patch_disk_store

    old = _generation(seed_build_dir, tmp_path / "old")
    assert patch_disk_store(old, old / "fengong.nq", tmp_path) is None  # no store there yet
    write_disk_store(old / "fengong.nq", old)
    lines = (old / "fengong.nq").read_bytes().splitlines(keepends=True)
    blank = next(i for i, line in enumerate(lines) if b"_:" in line)
    without_blank = b"".join(line for i, line in enumerate(lines) if i != blank)
    new = _generation(seed_build_dir, tmp_path / "new", without_blank)
    assert patch_disk_store(old, new / "fengong.nq", new) is None
    assert not (new / STORE).exists()
    plain = [i for i, line in enumerate(lines) if b"_:" not in line][:3]
    fewer = b"".join(line for i, line in enumerate(lines) if i not in plain)
    (new / "fengong.nq").write_bytes(fewer)
    monkeypatch.setattr(disk_module, "PATCH_UP_TO", 2 / len(lines))  # 3 changes: too many
    assert patch_disk_store(old, new / "fengong.nq", new) is None
    monkeypatch.setattr(disk_module, "PATCH_UP_TO", 0.05)
    assert patch_disk_store(old, new / "fengong.nq", new, ([lines[blank]], [])) is None
    assert not (new / STORE).exists()
    assert patch_disk_store(old, new / "fengong.nq", new) == len(lines) - 3


def test_a_rebuild_after_one_document_changed_patches_the_published_store(
    tmp_path: Path,
) -> None:
    from typer.testing import CliRunner

    from fengong.cli import app
    from tests.conftest import ROOT

    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "tests" / "data" / "corpus", sources)
    (sources / "alignment.expected.csv").unlink()
    out = tmp_path / "build"
    command = ["build", str(sources), "--out", str(out), "--store", "disk",
               "--project", str(tmp_path)]  # fmt: skip
    first = CliRunner().invoke(app, command)
    assert first.exit_code == 0, first.output
    assert "patched" not in first.output
    previous = out.resolve()
    district = sources / "district-b.txt"
    district.write_text(
        district.read_text().replace("优先覆盖老旧小区", "优先覆盖老旧小区和城中村")
    )
    second = CliRunner().invoke(app, command)
    assert second.exit_code == 0, second.output
    assert "the on-disk store is the previous one's, patched" in second.output
    # its files are written again, and the build says why (fengong.graph.patch)
    assert re.search(r"every file written again: \S*district-b.txt: it is aligned with another "
                     r"document", second.output), second.output  # fmt: skip
    assert out.resolve() != previous
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    write_disk_store(out / "fengong.nq", fresh)
    assert _dump(out.resolve() / STORE) == _dump(fresh / STORE)
    assert "城中村" in (out / "fengong.nq").read_text()


def test_pieces_loaded_at_once_give_exactly_the_files_quads(
    seed_build_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """24 pieces on two loader threads: every quad of the file, none twice, and the ontology's
    blank nodes (loaded together, last) neither split nor merged."""
    import pyoxigraph as ox

    from fengong.store import disk

    monkeypatch.setattr(disk, "PIECE", 500)
    monkeypatch.setattr(disk, "LOADERS", 2)  # one by default (see LOADERS); both must be right
    nquads = seed_build_dir / "fengong.nq"
    assert write_disk_store(nquads, tmp_path) == 11_778
    loaded = list(ox.Store.read_only(str(tmp_path / STORE)))
    expected = list(ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))

    def plain(quads: list[ox.Quad]) -> set[str]:
        return {str(q) for q in quads if "_:" not in str(q)}

    def blanks(quads: list[ox.Quad]) -> tuple[int, int]:
        nodes = {t for q in quads for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}
        return sum("_:" in str(q) for q in quads), len(nodes)

    assert len(loaded) == len(expected)
    assert plain(loaded) == plain(expected)
    assert blanks(loaded) == blanks(expected)


def test_a_file_loaded_while_it_is_written_gives_exactly_its_quads(
    seed_build_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The streaming build loads its store while it writes its quads (GrowingFileLoader): the
    file grows in uneven writes, cut inside lines, with pauses and the ontology's blank nodes
    among them; the store holds exactly the whole file's quads, as a load of the file
    afterwards does."""
    import threading
    import time

    from fengong.store import disk

    monkeypatch.setattr(disk, "PIECE", 700)
    data = (seed_build_dir / "fengong.nq").read_bytes()
    growing = tmp_path / "growing.nq"
    growing.write_bytes(b"")
    loader = disk.GrowingFileLoader(growing, tmp_path / "fed")

    def write() -> None:
        with growing.open("ab") as out:
            for start in range(0, len(data), 99_991):  # a prime: cuts fall inside lines
                out.write(data[start : start + 99_991])
                out.flush()
                time.sleep(0.01)
        loader.close()

    writer = threading.Thread(target=write)
    writer.start()
    with pytest.raises(RuntimeError, match="close"):
        loader.result()  # the file may still grow
    writer.join()
    assert loader.result() == 11_778
    write_disk_store(seed_build_dir / "fengong.nq", tmp_path / "whole")
    assert _dump(tmp_path / "fed" / STORE) == _dump(tmp_path / "whole" / STORE)
    assert (tmp_path / "fed" / STORE / READY).read_text() == "11778\n"


def test_a_file_cut_inside_a_line_is_no_store(seed_build_dir: Path, tmp_path: Path) -> None:
    from fengong.store import disk

    cut = tmp_path / "cut.nq"
    cut.write_bytes((seed_build_dir / "fengong.nq").read_bytes()[:5000])
    loader = disk.GrowingFileLoader(cut, tmp_path / "fed")
    loader.close()
    with pytest.raises(ValueError, match="ends inside a line"):
        loader.result()
    assert not (tmp_path / "fed" / STORE).exists()
    abandoned = disk.GrowingFileLoader(cut, tmp_path / "gone")  # never closed: stopped
    abandoned.abandon()
    assert not (tmp_path / "gone" / STORE).exists()


def test_a_file_removed_once_written_is_still_loaded_whole(
    seed_build_dir: Path, tmp_path: Path
) -> None:
    """The build's sort removes the unsorted file it read: the loader opened it at once."""
    from fengong.store import disk

    written = tmp_path / "quads.nq"
    written.write_bytes((seed_build_dir / "fengong.nq").read_bytes())
    loader = disk.GrowingFileLoader(written, tmp_path / "fed")
    written.unlink()
    loader.close()
    assert loader.result() == 11_778
