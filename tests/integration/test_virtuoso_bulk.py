"""`fengong push --bulk`: the build through Virtuoso's own bulk loader (ld_dir and
rdf_loader_run, via isql), then every graph counted and the catalogue compared with the
embedded store. A second push replaces, not adds; a file the loader cannot read is an error
naming what the loader said."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fengong.catalogue import Catalogue
from fengong.cli import app
from fengong.errors import FengongError
from fengong.store import RemoteStore
from fengong.store.virtuoso_bulk import bulk_push, graphs_of
from tests.catalogue.conftest import CASES, Runner, runner
from tests.servers import VirtuosoServer

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    with VirtuosoServer(tmp_path_factory.mktemp("virtuoso-bulk")) as running:
        yield running


def _push(server: VirtuosoServer, nquads: Path) -> str:
    result = CliRunner().invoke(app, [
        "push", "--bulk", "--graph", str(nquads), "--endpoint", server.endpoint.query,
        "--store", str(server.endpoint.store), "--auth", "digest",
        "--sql", f"127.0.0.1:{server.sql_port}", "--load-dir", str(server.folder / "load"),
        "--user", "dba", "--password", "dba"])  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def test_bulk_push_loads_every_graph_and_replaces(server: VirtuosoServer,
                                                  seed_build_dir: Path) -> None:  # fmt: skip
    nquads = seed_build_dir / "fengong.nq"
    expected = graphs_of(nquads)
    assert len(expected) == 5 and sum(expected.values()) == 11_778
    store = RemoteStore(server.endpoint)
    for _ in range(2):  # the second push replaces the first
        out = _push(server, nquads)
        assert all(store.count(g) == n for g, n in expected.items()), out
    assert sum(store.count(g) for g in expected) == 11_778
    assert not list((server.folder / "load").glob("*.nq"))  # the copy is removed once loaded


def test_the_catalogue_on_bulk_loaded_virtuoso(server: VirtuosoServer, seed_build_dir: Path,
                                               catalogue: Catalogue,
                                               run_embedded: Runner) -> None:  # fmt: skip
    _push(server, seed_build_dir / "fengong.nq")
    run = runner(RemoteStore(server.endpoint), catalogue)
    for name in ("workload", "tasks-without-support", "never-lead", "open-ended"):
        expected = run_embedded(name, **CASES[name]).table.ntriples_rows()
        assert run(name, **CASES[name]).table.ntriples_rows() == expected, name


def test_a_file_the_loader_cannot_read_is_an_error(server: VirtuosoServer,
                                                   tmp_path: Path) -> None:  # fmt: skip
    broken = tmp_path / "fengong.nq"
    broken.write_text('<http://ex.org/s> <http://ex.org/p> "never closed <http://ex.org/g> .\n',
                      encoding="utf-8")  # fmt: skip
    with pytest.raises(FengongError, match=r"did not load .*fengong-[0-9a-f]{16}\.nq"):
        bulk_push(broken, server.folder / "load", f"127.0.0.1:{server.sql_port}", "dba", "dba",
                  RemoteStore(server.endpoint))  # fmt: skip


def test_counts_short_of_the_build_are_an_error(server: VirtuosoServer, seed_build_dir: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The check after loading reads the server: a graph the loader left short is named."""
    real = RemoteStore.count

    def one_short(self: RemoteStore, graph: str | None = None) -> int:
        return real(self, graph) - (1 if graph and graph.endswith("/inferred") else 0)

    monkeypatch.setattr(RemoteStore, "count", one_short)
    with pytest.raises(FengongError, match=r"other counts than the build: .*inferred: (\d+) of"):
        bulk_push(seed_build_dir / "fengong.nq", server.folder / "load",
                  f"127.0.0.1:{server.sql_port}", "dba", "dba", RemoteStore(server.endpoint))  # fmt: skip
