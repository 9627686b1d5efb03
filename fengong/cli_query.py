"""CLI commands that read the graph: ``queries``, ``query``, ``sparql`` and ``push``.

Kept apart from :mod:`fengong.cli` (build, validate, export) so each file stays about one job.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from fengong.catalogue import Result
from fengong.cli_common import GraphOption, Lang, OutputOption, ProjectOption, emit, fail
from fengong.client import Fengong, open_store
from fengong.errors import FengongError, ParameterError
from fengong.graph.iris import DEFAULT_BASE
from fengong.graph.pipeline import Project
from fengong.store import Endpoint, RemoteStore, load_build
from fengong.store.base import Table
from fengong.store.guard import query_form
from fengong.store.virtuoso_bulk import bulk_push
from fengong.textable import render

__all__ = ["register"]


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class Backend(StrEnum):
    embedded = "embedded"
    rdflib = "rdflib"
    remote = "remote"


class Auth(StrEnum):
    basic = "basic"
    digest = "digest"


FormatOption = Annotated[Format, typer.Option("--format", help="Output format.")]
BackendOption = Annotated[
    Backend,
    typer.Option("--backend", help="embedded (pyoxigraph), rdflib, or remote (--endpoint)."),
]
EndpointOption = Annotated[
    str | None,
    typer.Option("--endpoint", help="SPARQL query endpoint URL (implies --backend remote).",
                 show_default=False),
]  # fmt: skip


def _open(
    backend: Backend, endpoint: str | None, graph: Path | None, project: Path | None
) -> Fengong:
    return open_store(graph, backend=backend.value, endpoint=endpoint, project=project)


def _short(value: str) -> str:
    return value.removeprefix(DEFAULT_BASE) if value.startswith(DEFAULT_BASE) else value


def _table_text(table: Table) -> str:
    rows = [["" if t is None else _short(str(t)) for t in row] for row in table.rows]
    return render(table.variables, rows)


def _result_text(result: Result, fmt: Format) -> str:
    if fmt is Format.csv:
        return result.to_csv()
    if fmt is Format.json:
        return result.to_json()
    text = _table_text(result.table)
    if result.has_more:
        text += f"… more rows: --offset {result.offset + (result.limit or 0)}\n"
    return text


def _params(pairs: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ParameterError(f"--param {pair!r}: write name=value")
        out.setdefault(name.strip(), []).append(value)
    return out


def queries_command(
    lang: Annotated[Lang, typer.Option("--lang", help="Summary language.")] = Lang.en,
    fmt: FormatOption = Format.table,
    project: ProjectOption = None,
) -> None:
    """List the query catalogue (queries/*.rq) with summaries and parameters."""
    from fengong.catalogue import load_catalogue

    try:
        catalogue = load_catalogue(*Project.discover(project).catalogue_dirs)
    except FengongError as err:
        raise fail(err) from None
    rows = []
    for name in sorted(catalogue):
        spec = catalogue[name]
        params = ", ".join(
            f"{p.name}{'' if p.required else '?'}:{p.type}{'[]' if p.list else ''}"
            for p in spec.params
        )
        rows.append({"name": name, "summary": spec.summary[lang.value], "params": params,
                     "tags": ",".join(spec.tags)})  # fmt: skip
    if fmt is Format.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt is Format.csv:
        from fengong.export import to_csv

        sys.stdout.write(to_csv(["name", "summary", "params", "tags"], rows))
    else:
        sys.stdout.write(render(["name", "summary", "params"],
                                [[r["name"], r["summary"], r["params"]] for r in rows], 70))  # fmt: skip


def query_command(
    name: Annotated[str, typer.Argument(help="Catalogue query name (see `fengong queries`).")],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="name=value; repeat for lists.", show_default=False),
    ] = None,
    fmt: FormatOption = Format.table,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Page size.", show_default=False)
    ] = None,
    offset: Annotated[int, typer.Option("--offset", help="Rows to skip.")] = 0,
    backend: BackendOption = Backend.embedded,
    endpoint: EndpointOption = None,
    graph: GraphOption = None,
    project: ProjectOption = None,
    output: OutputOption = None,
) -> None:
    """Run a named catalogue query with typed parameters."""
    try:
        with _open(backend, endpoint, graph, project) as fg:
            values = {k: v if len(v) > 1 else v[0] for k, v in _params(param or []).items()}
            result = fg.query(name, limit=limit, offset=offset, **values)  # type: ignore[arg-type]
    except FengongError as err:
        raise fail(err) from None
    emit(_result_text(result, fmt), output)


def sparql_command(
    query: Annotated[
        str | None, typer.Argument(help="The query text (or use -f).", show_default=False)
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", "-f", help="Read the query from a file.", show_default=False),
    ] = None,
    fmt: FormatOption = Format.table,
    backend: BackendOption = Backend.embedded,
    endpoint: EndpointOption = None,
    graph: GraphOption = None,
    project: ProjectOption = None,
    output: OutputOption = None,
) -> None:
    """Run any read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE)."""
    try:
        if (query is None) == (file is None):
            raise ParameterError("give the query text or --file, not both")
        text = query if query is not None else file.read_text(encoding="utf-8")  # type: ignore[union-attr]
        form = query_form(text)
        with _open(backend, endpoint, graph, project) as fg:
            if form == "SELECT":
                table = fg.store.select(text)
                result = Result("sparql", table)
                out = _result_text(result, fmt)
            elif form == "ASK":
                answer = fg.store.ask(text)
                out = json.dumps({"boolean": answer}) + "\n" if fmt is Format.json else (
                    f"{str(answer).lower()}\n")  # fmt: skip
            else:
                graph_out = fg.store.construct(text)
                out = graph_out.serialize(format="json-ld" if fmt is Format.json else "turtle")
    except FengongError as err:
        raise fail(err) from None
    except OSError as err:
        raise fail(FengongError(f"cannot read {file}: {err.strerror}")) from None
    emit(out, output)


def push_command(
    endpoint: Annotated[str, typer.Option("--endpoint", help="SPARQL query endpoint URL.")],
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            help="Graph Store Protocol endpoint (else SPARQL Update).",
            show_default=False,
        ),
    ] = None,
    update: Annotated[
        str | None,
        typer.Option(
            "--update", help="SPARQL Update endpoint (default: --endpoint).", show_default=False
        ),
    ] = None,
    user: Annotated[str | None, typer.Option("--user", show_default=False)] = None,
    password: Annotated[
        str | None,
        typer.Option(
            "--password",
            envvar="FENGONG_PASSWORD",
            show_default=False,
            help="Or set FENGONG_PASSWORD.",
        ),
    ] = None,
    auth: Annotated[Auth, typer.Option("--auth", help="HTTP authentication scheme.")] = Auth.basic,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="FENGONG_TOKEN",
            show_default=False,
            help="Bearer token (or set FENGONG_TOKEN).",
        ),
    ] = None,
    bulk: Annotated[
        bool,
        typer.Option(
            "--bulk",
            help="Virtuoso: load with its bulk loader (ld_dir, rdf_loader_run) "
            "through isql; needs --sql and --load-dir.",
        ),
    ] = False,
    sql: Annotated[
        str | None,
        typer.Option(
            "--sql",
            help="With --bulk: Virtuoso's SQL port, host:port (1111 by default in Virtuoso).",
            show_default=False,
        ),
    ] = None,
    load_dir: Annotated[
        Path | None,
        typer.Option(
            "--load-dir",
            help="With --bulk: a folder the Virtuoso server can read "
            "(listed in its DirsAllowed); the build is copied there to be loaded.",
            show_default=False,
        ),
    ] = None,
    graph: GraphOption = None,
    project: ProjectOption = None,
) -> None:
    """Publish the build's named graphs to a SPARQL 1.1 server, replacing them there."""
    try:
        path = graph or Project.discover(project).build / "fengong.nq"
        if not path.is_file():
            raise FengongError(f"no built graph at {path}: run `fengong build` first")
        remote = RemoteStore(Endpoint(endpoint, update, store, user, password, auth.value, token))
        if bulk:
            if sql is None or load_dir is None:
                raise FengongError("--bulk needs --sql host:port and --load-dir")
            bulk_push(path, load_dir, sql, user or "dba", password or "", remote)
        else:
            load_build(remote, path)
        for name in remote.graphs():
            typer.echo(f"{name}: {remote.count(name)} triples")
    except FengongError as err:
        raise fail(err) from None


def register(app: typer.Typer) -> None:
    app.command("queries")(queries_command)
    app.command("query")(query_command)
    app.command("sparql")(sparql_command)
    app.command("push")(push_command)
    from fengong.cli_serve import serve_command

    app.command("serve")(serve_command)
