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


#: Tests that take more than ~10 s each on 2 cores (pytest --durations, 2026-12-06): marked
#: ``slow``, left out of ``make test`` to keep it under 8 minutes, run by ``make integration``
#: (which .ci/run calls after ``make test``). Node ids, so a renamed test falls back to
#: running in ``make test`` rather than silently nowhere.
SLOW = frozenset(
    {
        "tests/catalogue/test_results.py::test_examples_in_the_headers_run_alike_everywhere[rdflib-compare-assignments]",
        "tests/reliability/test_killed_build.py::test_a_killed_rebuild_leaves_the_previous_store_answering",
        "tests/reliability/test_bounded_service.py::test_cheap_queries_never_fail_while_pathological_ones_are_bounded",
        "tests/reliability/test_checking_off_the_loop.py::test_probes_are_answered_while_a_long_query_is_being_checked",
        "tests/security/test_no_way_out.py::test_command_line",
        "tests/api/test_schemathesis.py::test_generated_requests_get_documented_answers",
        "tests/catalogue/test_results.py::test_pages_join_up_to_the_whole_answer[rdflib-13]",
        "tests/reliability/test_client_fairness.py::test_many_heavy_queries_from_one_client_leave_room_for_another",
        "tests/reliability/test_checking_off_the_loop.py::test_one_client_checks_one_query_at_a_time",
        "tests/unit/test_reasoning.py::test_rules_give_exactly_what_owlrl_gives_on_the_seed",
        "tests/unit/test_reasoning.py::test_owlrl_reports_a_disjointness_violation",
        "tests/cli/test_query_cli.py::test_usage_errors_exit_2_with_a_message",
        "tests/cli/test_validate.py::test_broken_data_exits_1_naming_node_and_shape[task-without-lead]",
        "tests/cli/test_validate.py::test_broken_data_exits_1_naming_node_and_shape[category-without-definition]",
        "tests/api/test_page_trust.py::test_every_link_from_the_main_pages_answers",  # 32 s: ~400 links
        "tests/cli/test_validate.py::test_broken_data_exits_1_naming_node_and_shape[lead-and-support]",
        "tests/api/test_caching.py::test_a_reload_changes_the_tags_and_hashes_each_build_once",
        "tests/unit/test_ontology_page.py::test_the_same_ontology_gives_the_same_bytes",
        "tests/unit/test_network_layout.py::test_the_same_graph_gives_the_same_picture_in_another_process",
        "tests/reliability/test_client_fairness.py::test_a_replacement_that_fails_to_start_is_started_again",
        "tests/unit/test_patch.py::test_the_command_says_what_it_patched",  # two CLI builds
        "tests/unit/test_patch.py::test_what_cannot_be_patched_is_built_in_full[context]",
        "tests/unit/test_patch.py::test_what_cannot_be_patched_is_built_in_full[added]",
        "tests/unit/test_patch.py::test_what_cannot_be_patched_is_built_in_full[removed]",
        # each 4.6-7.7 s; moved out of `make test` to keep it near 8 minutes (CI runs them)
        "tests/cli/test_figures.py::test_plots_are_written_and_svg_is_deterministic",
        "tests/security/test_parser_bombs.py::test_the_build_refuses_a_pdf_bomb_under_the_limit",
        "tests/unit/test_publish.py::test_clean_up_keeps_the_newest_the_published_and_those_served",
        "tests/api/test_html_islands.py::test_the_network_island_escapes_every_html_significant_character",
        "tests/unit/test_attachments.py::test_a_decompression_bomb_stops_at_the_memory_cap",
        "tests/unit/test_guard_threads.py::test_concurrent_first_parses_never_fail_once_the_guard_is_imported",
        "tests/cli/test_cli_corpus.py::test_build_a_folder_of_several_layouts",
        "tests/cli/test_cli_corpus.py::test_keep_going_leaves_out_a_bad_document",
        "tests/reliability/test_client_fairness.py::test_a_clients_own_queries_do_not_stop_each_other",
        "tests/cli/test_cli.py::test_bad_input_exits_2_and_keeps_the_previous_build[unknown-department]",
        "tests/api/test_pooled_queries.py::test_catalogue_queries_and_pages_have_the_deadline",
        "tests/reliability/test_checking_off_the_loop.py::test_a_query_over_the_size_cap_is_413_at_once",
        "tests/reliability/test_client_fairness.py::test_a_waiting_client_stops_the_busiest_clients_longest_query",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid in SLOW:
            item.add_marker(pytest.mark.slow)
