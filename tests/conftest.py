"""Shared fixtures. The seed build is made once per session and only read by tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from fengong.docs import write_ontology_docs
from fengong.graph import Build, Project, build_graphs, write_build
from fengong.ingest import parse_table_document, read_source
from fengong.ingest.records import TableDocument
from fengong.ingest.resolve import ResolvedDocument, resolve_document
from fengong.reference import Registry, load_registry
from fengong.store import EmbeddedStore, Endpoint, MemoryStore, RemoteStore, Store, load_build
from tests.servers import Canary, OxigraphServer

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "sources" / "putuo-anban-2020-18.txt"


def edit_seed(project: Project, old: str, new: str) -> None:
    """Replace the first ``old`` in a project copy's seed with ``new`` (which must be there)."""
    path = project.sources / SEED.name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def registry(project: Project) -> Registry:
    return load_registry(project.reference)


@pytest.fixture(scope="session")
def seed_table() -> TableDocument:
    return parse_table_document(read_source(SEED, "data/sources/putuo-anban-2020-18.txt"))


@pytest.fixture(scope="session")
def seed_resolved(seed_table: TableDocument, registry: Registry) -> ResolvedDocument:
    return resolve_document(seed_table, registry)


@pytest.fixture(scope="session")
def seed_build(project: Project) -> Build:
    return build_graphs(project, [SEED])


@pytest.fixture(scope="session")
def seed_build_dir(seed_build: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    write_build(seed_build, out)
    write_ontology_docs(ROOT / "ontology" / "fengong.ttl", out / "ontology.html")  # as `build` does
    return out


@pytest.fixture(scope="session")
def seed_store(seed_build_dir: Path) -> EmbeddedStore:
    return EmbeddedStore.from_nquads(seed_build_dir / "fengong.nq")


@pytest.fixture(scope="session")
def rdflib_store(seed_build_dir: Path) -> Store:
    return load_build(MemoryStore(), seed_build_dir / "fengong.nq")


@pytest.fixture(scope="session")
def oxigraph_endpoint() -> Iterator[Endpoint]:
    """A real Oxigraph server on 127.0.0.1 for the whole session, stopped at the end."""
    with OxigraphServer() as server:
        yield server.endpoint


@pytest.fixture(scope="session")
def remote_store(oxigraph_endpoint: Endpoint, seed_build_dir: Path) -> Store:
    """The seed build pushed to the Oxigraph server (Graph Store Protocol)."""
    return load_build(RemoteStore(oxigraph_endpoint), seed_build_dir / "fengong.nq")


@pytest.fixture(scope="session", params=["embedded", "rdflib", "remote"])
def any_store(request: pytest.FixtureRequest) -> Store:
    """Each backend in turn, all holding the seed build."""
    fixture = {"embedded": "seed_store", "rdflib": "rdflib_store", "remote": "remote_store"}
    return request.getfixturevalue(fixture[request.param])


@pytest.fixture(scope="session", params=["rdflib", "remote"])
def other_store(request: pytest.FixtureRequest) -> Store:
    """Each backend but the embedded one, holding the seed build: to compare with it (the
    embedded store compared with itself could not fail)."""
    fixture = {"rdflib": "rdflib_store", "remote": "remote_store"}
    return request.getfixturevalue(fixture[request.param])


@pytest.fixture(scope="module")
def listener() -> Iterator[Canary]:
    """A canary HTTP listener on 127.0.0.1 (tests.servers.Canary), one per module."""
    with Canary() as canary:
        yield canary


@pytest.fixture(scope="module")
def canary(listener: Canary) -> str:
    """The canary's base URL."""
    return listener.url


@pytest.fixture
def project_copy(tmp_path: Path) -> Project:
    """A private copy of the project's inputs, for tests that break them on purpose."""
    for part in ("ontology", "data/reference", "data/sources", "queries", "shapes"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return Project(tmp_path)
