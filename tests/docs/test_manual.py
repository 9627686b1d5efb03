"""The manual as built (make docs): every command and named query has its entry, the
generated pages carry what they are generated from, and /manual serves the site under a
policy that lets exactly its own inline scripts run."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from fengong.catalogue import load_catalogue
from fengong.manual import commands, module_map, queries_page
from fengong.web.headers import script_hash
from fengong.web.manual import MANUAL, add_manual_routes
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def site() -> Path:
    if not (MANUAL / "index.html").is_file():
        pytest.fail("the manual is not built: run `make docs` (make test does)")
    return MANUAL


def _text(page: Path) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))


def missing_commands(cli_text: str, names: list[str]) -> list[str]:
    """Command paths (``fengong export matrix``) the CLI page does not show in a usage line."""
    text = " ".join(cli_text.split())
    return [n for n in names if f"$ {n} " not in text]


def missing_queries(page_html: str, names: list[str]) -> list[str]:
    """Named queries without their section (an element with the query's id)."""
    return [n for n in names if f'id="{n}"' not in page_html]


def test_every_command_is_in_the_manual(site: Path) -> None:
    names = commands()
    assert "fengong init" in names and "fengong export matrix" in names
    assert missing_commands(_text(site / "reference" / "cli.html"), names) == []


def test_every_named_query_is_in_the_manual(site: Path) -> None:
    names = sorted(load_catalogue(ROOT / "queries"))
    page = (site / "reference" / "queries.html").read_text(encoding="utf-8")
    assert len(names) > 25
    assert missing_queries(page, names) == []


def test_a_missing_entry_is_caught(site: Path) -> None:
    """The negatives: a command or a query the pages lack is reported."""
    cli = _text(site / "reference" / "cli.html")
    assert missing_commands(cli, ["fengong build", "fengong teleport"]) == ["fengong teleport"]
    page = (site / "reference" / "queries.html").read_text(encoding="utf-8")
    assert missing_queries(page, ["workload", "no-such-query"]) == ["no-such-query"]


def test_generated_pages_hold_their_sources(site: Path) -> None:
    """Facts read from the files themselves, not from the generator: a class of the ontology,
    a shape's message, a bench heading, the module map."""
    model = _text(site / "reference" / "model.html")
    assert "fg:RefinedTask" in model and "细化措施" in model
    checks = _text(site / "reference" / "checks.html")
    assert "task-has-lead-violation.rq" in checks
    bench = (ROOT / "bench" / "RESULTS.md").read_text(encoding="utf-8").splitlines()[0]
    assert bench.lstrip("# ").strip() in _text(site / "benchmarks.html")
    architecture = _text(site / "architecture.html")
    assert "fengong.ingest" in architecture and "module-map" not in architecture


def test_the_query_page_renders_parameters() -> None:
    spec = load_catalogue(ROOT / "queries")
    page = queries_page({"tasks-led-by": spec["tasks-led-by"]})
    assert "| `department` | iri (list) | yes |" in page
    assert "fengong query tasks-led-by -p department=区应急局" in page
    assert "\n## " not in queries_page({})  # no query section invented for an empty catalogue
    assert "| foundation |" in module_map()


def test_manual_is_served_with_its_own_scripts_allowed(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        "<html><script>var a=1;</script><script src='x.js'></script>"
        '<script id="__config" type="application/json">{}</script></html>',
        encoding="utf-8",
    )
    app = FastAPI()
    add_manual_routes(app, tmp_path)
    answer = TestClient(app).get("/manual/index.html")
    assert answer.status_code == 200
    policy = answer.headers["content-security-policy"]
    assert script_hash("var a=1;") in policy
    assert script_hash("{}") not in policy  # JSON is data, not a script to allow
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


def test_an_unbuilt_manual_says_how_to_build_it(tmp_path: Path) -> None:
    app = FastAPI()
    add_manual_routes(app, tmp_path / "none")
    answer = TestClient(app).get("/manual/reference/cli.html")
    assert answer.status_code == 404 and "make docs" in answer.text


@pytest.mark.slow  # each line loads the seed graph afresh, as a user's shell would: ~20 s
def test_every_command_the_query_page_shows_runs(seed_build_dir: Path) -> None:
    """The console lines the catalogue page prints are what users copy: each runs on the seed."""
    from typer.testing import CliRunner

    from fengong.cli import app

    page = queries_page(load_catalogue(ROOT / "queries"))
    lines = re.findall(r"```console\nfengong (query [^\n]+)\n```", page)
    assert len(lines) == len(load_catalogue(ROOT / "queries"))
    graph = str(seed_build_dir / "fengong.nq")
    for line in lines:
        result = CliRunner().invoke(app, [*line.split(), "--graph", graph, "--format", "csv"])
        assert result.exit_code == 0, (line, result.output)
    wrong = CliRunner().invoke(app, ["query", "tasks-led-by", "--department", "区应急局",
                                     "--graph", graph])  # fmt: skip
    assert wrong.exit_code != 0  # the form the page once showed, refused


def test_a_missing_manual_page_is_the_themed_404_under_manual(site: Path) -> None:
    app = FastAPI()
    add_manual_routes(app, site)
    answer = TestClient(app).get("/manual/no-such-page.html")
    assert answer.status_code == 404
    assert 'href="/manual/assets/' in answer.text and 'href="/assets/' not in answer.text
    assert not (ROOT / "fengong" / "web" / "static" / "manual").exists()  # one copy only


def test_the_openapi_description_travels_with_the_manual(site: Path) -> None:
    import json

    described = json.loads((site / "reference" / "openapi.json").read_text(encoding="utf-8"))
    assert "/api/queries/workload" in described["paths"] and "/sparql" in described["paths"]
    assert 'href="openapi.json"' in (site / "reference" / "http.html").read_text(encoding="utf-8")
