"""``fengong serve``: the web layer (fengong/web/) over the built graph, with uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fengong.cli_common import GraphOption, ProjectOption, fail
from fengong.errors import FengongError
from fengong.graph import DEFAULT_BASE
from fengong.graph.pipeline import Project
from fengong.store import Endpoint

__all__ = ["serve_command"]


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    deadline: Annotated[
        float, typer.Option("--deadline", help="Seconds a query may run (then 503).")
    ] = 10.0,
    max_rows: Annotated[
        int, typer.Option("--max-rows", help="Most rows or triples in one answer.")
    ] = 10_000,
    workers: Annotated[int, typer.Option("--workers", help="Query worker processes.")] = 2,
    query_memory: Annotated[
        int,
        typer.Option(
            "--query-memory",
            help="MiB a query worker may grow past the loaded graph; a query that needs more "
            "gets 503 and the worker is replaced (0: no cap).",
        ),
    ] = 1024,
    isolate_workers: Annotated[
        bool,
        typer.Option(
            "--isolate-workers/--no-isolate-workers",
            help="Run query workers in a network namespace of their own (Linux, where allowed).",
        ),
    ] = True,
    query_cache: Annotated[
        int, typer.Option("--query-cache", help="Named-query answers kept in memory (0: none).")
    ] = 256,
    cors: Annotated[
        list[str] | None,
        typer.Option(
            "--cors", help="An origin allowed to call the API (repeatable).", show_default=False
        ),
    ] = None,
    endpoint: Annotated[
        str | None,
        typer.Option(
            "--endpoint",
            help="Serve a remote SPARQL 1.1 store instead of the build.",
            show_default=False,
        ),
    ] = None,
    user: Annotated[str | None, typer.Option("--user", show_default=False)] = None,
    password: Annotated[
        str | None, typer.Option("--password", envvar="FENGONG_PASSWORD", show_default=False)
    ] = None,
    token: Annotated[
        str | None, typer.Option("--token", envvar="FENGONG_TOKEN", show_default=False)
    ] = None,
    head_timeout: Annotated[
        float,
        typer.Option("--head-timeout", help="Seconds a client has to send a request's head."),
    ] = 10.0,
    body_timeout: Annotated[
        float,
        typer.Option("--body-timeout", help="Seconds a client has to send a request's body."),
    ] = 30.0,
    max_connections: Annotated[
        int, typer.Option("--max-connections", help="Open connections at most (then 503).")
    ] = 512,
    client_connections: Annotated[
        int,
        typer.Option(
            "--client-connections",
            help="Open connections one client address may hold (then 503; 0: no share).",
        ),
    ] = 64,
    client_requests: Annotated[
        int,
        typer.Option(
            "--client-requests",
            help="Requests one client address may have in progress (then 429; 0: no share).",
        ),
    ] = 8,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log every request.")
    ] = True,
    max_query_bytes: Annotated[
        int,
        typer.Option("--max-query-bytes", help="The longest query text accepted (then 413)."),
    ] = 16 * 1024,
    public_url: Annotated[
        str | None,
        typer.Option(
            "--public-url",
            help="The server's address as clients see it (https://example.org), for the absolute "
            "IRIs it writes; without it they are relative, never taken from a Host header.",
            show_default=False,
        ),
    ] = None,
    trusted_proxy: Annotated[
        list[str] | None,
        typer.Option(
            "--trusted-proxy",
            help="An address whose X-Forwarded-* headers are believed (repeatable); none by "
            "default, so no client can claim another scheme or address.",
            show_default=False,
        ),
    ] = None,
    base: Annotated[
        str,
        typer.Option(
            envvar="FENGONG_BASE",
            help="Base of instance IRIs, as the build was made with (/id/… maps onto it).",
        ),
    ] = DEFAULT_BASE,
    graph: GraphOption = None,
    project: ProjectOption = None,
) -> None:
    """Serve the SPARQL endpoint on 127.0.0.1:8000 (read-only, time- and size-bounded)."""
    import uvicorn

    from fengong.web import Settings, create_app

    remote = Endpoint(endpoint, user=user, password=password, token=token) if endpoint else None
    path: Path | None = None
    if remote is None:
        path = graph or Project.discover(project).build / "fengong.nq"
        if not path.is_file():
            raise fail(FengongError(f"no built graph at {path}: run `fengong build` first"))
    settings = Settings(path, deadline, max_rows, workers=workers,
                        cors_origins=tuple(cors or ()), project=project, endpoint=remote,
                        query_cache=query_cache, head_seconds=head_timeout,
                        body_seconds=body_timeout, max_connections=max_connections,
                        public_url=public_url.rstrip("/") if public_url else None,
                        max_query_bytes=max_query_bytes, query_memory=query_memory,
                        isolate_workers=isolate_workers, client_connections=client_connections,
                        client_requests=client_requests, base=base)  # fmt: skip
    from fengong.web.protocol import guarded_protocol

    proxies = list(trusted_proxy or ())
    protocol = guarded_protocol(settings.head_seconds, settings.body_seconds,
                                settings.max_head_bytes, settings.client_connections,
                                frozenset(proxies))  # fmt: skip
    try:
        served = create_app(settings)
    except FengongError as err:  # a project's query named like a packaged one, and such
        raise fail(err) from None
    uvicorn.run(served, host=host, port=port, log_level="info",
                access_log=access_log, http=protocol,
                limit_concurrency=settings.max_connections,
                proxy_headers=bool(proxies), forwarded_allow_ips=proxies or None)  # fmt: skip
