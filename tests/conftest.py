"""Shared fixtures. The seed build is made once per session and only read by tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fengong.graph import Build, Project, build_graphs, write_build
from fengong.ingest import parse_table_document, read_source
from fengong.ingest.records import TableDocument
from fengong.ingest.resolve import ResolvedDocument, resolve_document
from fengong.reference import Registry, load_registry
from fengong.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "sources" / "putuo-anban-2020-18.txt"


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
    return out


@pytest.fixture(scope="session")
def seed_store(seed_build_dir: Path) -> EmbeddedStore:
    return EmbeddedStore.from_nquads(seed_build_dir / "fengong.nq")


@pytest.fixture
def project_copy(tmp_path: Path) -> Project:
    """A private copy of the project's inputs, for tests that break them on purpose."""
    for part in ("ontology", "data/reference", "data/sources", "queries", "shapes"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return Project(tmp_path)
