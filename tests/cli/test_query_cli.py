"""``fengong queries | query | sparql | push``: outputs, formats and exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from fengong.cli import app
from fengong.store import Endpoint, RemoteStore
from tests.catalogue.conftest import golden_path

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_queries_lists_the_catalogue_in_both_languages() -> None:
    code, out, _ = _run("queries", "--format", "json")
    assert code == 0
    listed = {q["name"]: q for q in json.loads(out)}
    assert len(listed) >= 20
    assert listed["tasks-led-by"]["params"] == "department:iri[]"
    code, out, _ = _run("queries", "--lang", "zh")
    assert code == 0 and "某（些）部门牵头的细化措施" in out


def test_query_csv_is_the_golden_result(seed_build_dir: Path) -> None:
    graph = str(seed_build_dir / "fengong.nq")
    code, out, err = _run(
        "query", "tasks-led-by", "-p", "department=区应急局", "--format", "csv", "--graph", graph
    )
    assert code == 0, err
    assert out == golden_path("tasks-led-by").read_text(encoding="utf-8")


def test_query_table_and_json(seed_build_dir: Path) -> None:
    graph = str(seed_build_dir / "fengong.nq")
    code, out, _ = _run("query", "search", "-p", "q=长三角", "--graph", graph)
    assert code == 0
    header, rule, *rows = out.splitlines()
    assert header.split() == ["q", "document", "measure", "task", "text", "source_line"]
    assert len(rows) == 2 and set(rule) <= {"-", " "}
    code, out, _ = _run("query", "search", "-p", "q=长三角", "--format", "json", "--graph", graph)
    assert [(r["measure"], r["task"]) for r in json.loads(out)] == [(13, 3), (22, 2)]


def test_query_pages_with_limit_and_offset(seed_build_dir: Path) -> None:
    graph = str(seed_build_dir / "fengong.nq")
    code, out, _ = _run("query", "open-ended", "--limit", "5", "--graph", graph)
    assert code == 0 and "more rows: --offset 5" in out
    code, first, _ = _run(
        "query", "open-ended", "--limit", "10", "--format", "csv", "--graph", graph
    )
    code, second, _ = _run(
        "query", "open-ended", "--limit", "5", "--offset", "5", "--format", "csv", "--graph", graph
    )
    assert first.splitlines()[6:11] == second.splitlines()[1:]


def test_usage_errors_exit_2_with_a_message(seed_build_dir: Path) -> None:
    graph = str(seed_build_dir / "fengong.nq")
    cases = [
        (["query", "no-such-query"], "no query named 'no-such-query'"),
        (["query", "search"], "q: required"),
        (["query", "search", "-p", "q"], "write name=value"),
        (["query", "tasks-of-measure", "-p", "measure=x"], "measure: expected an integer"),
        (["query", "search", "-p", "q=a", "--limit", "9999"], "limit: expected 1 to 500"),
        (["query", "workload", "-p", "colour=red"], "unknown parameter colour"),
        (["sparql", "SELECT * WHERE {"], "not a SPARQL query"),
        (["sparql", "DROP ALL"], "updates are not accepted"),
        (["sparql", "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], "SERVICE"),
    ]
    for args, message in cases:
        code, _, err = _run(*args, "--graph", graph)
        assert code == 2, args
        assert message in err, (args, err)


def test_sparql_select_ask_construct(seed_build_dir: Path, tmp_path: Path) -> None:
    graph = str(seed_build_dir / "fengong.nq")
    query = tmp_path / "q.rq"
    query.write_text(
        "PREFIX fg: <https://w3id.org/fengong/ontology#>\n"
        "SELECT (COUNT(?m) AS ?measures) WHERE { ?m a fg:Measure }",
        encoding="utf-8",
    )
    code, out, _ = _run("sparql", "-f", str(query), "--format", "csv", "--graph", graph)
    assert code == 0 and list(csv.reader(io.StringIO(out))) == [["measures"], ["27"]]
    code, out, _ = _run("sparql", "ASK { ?s ?p ?o }", "--graph", graph)
    assert (code, out) == (0, "true\n")
    code, out, _ = _run(
        "sparql",
        "CONSTRUCT { ?m a <http://x/M> } WHERE { ?m a <https://w3id.org/fengong/ontology#Measure> }",
        "--graph",
        graph,
    )
    assert code == 0 and out.count("<http://x/M>") + out.count("x:M") >= 1


def test_push_publishes_every_graph_and_the_remote_answers(
    seed_build_dir: Path, oxigraph_endpoint: Endpoint
) -> None:
    code, out, err = _run(
        "push", "--endpoint", oxigraph_endpoint.query, "--store", str(oxigraph_endpoint.store),
        "--update", str(oxigraph_endpoint.update), "--graph", str(seed_build_dir / "fengong.nq"),
    )  # fmt: skip
    assert code == 0, err
    assert len(out.splitlines()) == 5 and "graph/doc/putuo-anban-2020-18:" in out
    total = sum(1 for line in (seed_build_dir / "fengong.nq").read_bytes().splitlines() if line)
    assert RemoteStore(oxigraph_endpoint).count() == total
    code, out, _ = _run(
        "query", "search", "-p", "q=长三角", "--format", "csv",
        "--endpoint", oxigraph_endpoint.query,
    )  # fmt: skip
    assert code == 0 and len(out.splitlines()) == 3


def test_push_to_a_dead_server_exits_2(seed_build_dir: Path) -> None:
    code, _, err = _run(
        "push", "--endpoint", "http://127.0.0.1:9/query", "--store", "http://127.0.0.1:9/store",
        "--graph", str(seed_build_dir / "fengong.nq"),
    )  # fmt: skip
    assert code == 2 and "127.0.0.1:9" in err
