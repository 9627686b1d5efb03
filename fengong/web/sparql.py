"""``/sparql``: the SPARQL 1.1 Protocol, query operation only, read-only and bounded.

Every request is parsed and checked before any engine sees it: one query, no update, no
SERVICE (queries never leave this server), UTF-8 only. ``FROM``/``FROM NAMED`` and the protocol's
dataset parameters pick graphs *in the store*; nothing is ever fetched.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import Response

from fengong.store.guard import QueryRefused, ServiceRefused, inspect_query
from fengong.web.clients import client_key
from fengong.web.negotiate import MEDIA_TYPES, choose
from fengong.web.worker import Job

__all__ = ["router"]

router = APIRouter()
_FORM = "application/x-www-form-urlencoded"


def problem(status: int, title: str, detail: str, **extra: object) -> Response:
    """An RFC 9457 problem response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return Response(
        json.dumps(body, ensure_ascii=False), status, media_type="application/problem+json"
    )


_PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["title", "status"],
    "properties": {"type": {"type": "string"}, "title": {"type": "string"},
                   "status": {"type": "integer"}, "detail": {"type": "string"}},
}  # fmt: skip


def problems(codes: dict[int, str]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for problem answers (RFC 9457), so clients and schemathesis know
    every status a route gives."""
    out: dict[int | str, dict[str, Any]] = {}
    for code, why in codes.items():
        content: dict[str, Any] = {"application/problem+json": {"schema": _PROBLEM_SCHEMA}}
        if code == 422:  # FastAPI's own validation answers stay application/json
            content["application/json"] = {"schema": {"type": "object"}}
        out[code] = {"description": why, "content": content}
    return out


_SPARQL_PROBLEMS = {
    400: "not a query, or the query failed, or its answer is over the row cap",
    403: "SERVICE, or a graph outside this store",
    406: "no offered media type is acceptable",
    503: "the query ran out of time, or was stopped under load",
}
_SPARQL_ANSWERS = {
    200: {"description": "the answer (or, without a query, the service description)",
          "content": {m: {} for m in sorted({t for ts in MEDIA_TYPES.values() for t in ts})}},
}  # fmt: skip


def _media_type(request: Request) -> tuple[str, dict[str, str]]:
    raw = request.headers.get("content-type", "")
    media, *params = [p.strip() for p in raw.split(";")]
    parsed = {}
    for param in params:
        name, _, value = param.partition("=")
        parsed[name.strip().lower()] = value.strip().strip('"').lower()
    return media.lower(), parsed


def _decode(body: bytes, what: str) -> str | Response:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        return problem(400, "Bad encoding", f"{what} is not UTF-8 (byte {err.start})")


async def _read_params(request: Request) -> list[tuple[str, str]] | Response:
    """Query-string parameters plus, for a form POST, the body's."""
    params = list(parse_qsl(request.url.query, keep_blank_values=True))
    if request.method == "POST":
        media, options = _media_type(request)
        if media == _FORM:
            text = _decode(await request.body(), "the form body")
            if isinstance(text, Response):
                return text
            params += parse_qsl(text, keep_blank_values=True)
        elif media == "application/sparql-query":
            if options.get("charset", "utf-8") not in {"utf-8", "utf8"}:
                return problem(400, "Bad encoding", "a direct POST query must be UTF-8")
            text = _decode(await request.body(), "the query")
            if isinstance(text, Response):
                return text
            params.append(("query", text))
        elif media == "application/sparql-update":
            await request.body()  # read (at most the body cap) so the answer is not lost to a
            params.append(("update", ""))  # TCP reset from closing on unread bytes
        else:
            await request.body()
            return problem(
                415,
                "Unsupported media type",
                f"POST {media or 'without a Content-Type'}: send {_FORM} or "
                "application/sparql-query",
            )
    return params


#: queries checked at once, in threads (the rest wait their turn, off the event loop)
_CHECKING = asyncio.Semaphore(2)
#: one check at a time per client: checking a 16 KiB ``IN`` list takes about 8 s of a core, so
#: a client sending several would otherwise hold every slot while others' queries wait
_CHECKING_CLIENTS: dict[str, tuple[asyncio.Lock, int]] = {}  # client → (its lock, users)


@contextlib.asynccontextmanager
async def _checking_slot(client: str) -> AsyncIterator[None]:
    lock, users = _CHECKING_CLIENTS.get(client, (asyncio.Lock(), 0))
    _CHECKING_CLIENTS[client] = (lock, users + 1)
    try:
        async with lock, _CHECKING:
            yield
    finally:
        lock, users = _CHECKING_CLIENTS[client]
        if users == 1:
            del _CHECKING_CLIENTS[client]
        else:
            _CHECKING_CLIENTS[client] = (lock, users - 1)


def _endpoint_iri(request: Request) -> str:
    """This endpoint's IRI as written in answers: under ``--public-url`` when given, else the
    relative ``/sparql`` (a client resolves it against the address it used); never built from
    the request's Host header, which any client sets."""
    public = request.app.state.settings.public_url
    return f"{public}/sparql" if public else "/sparql"


def service_description(request: Request) -> Response:
    """A SPARQL 1.1 Service Description of this endpoint, in Turtle."""
    base = _endpoint_iri(request)
    text = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .

<{base}> a sd:Service ;
    sd:endpoint <{base}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat fmt:SPARQL_Results_JSON , fmt:SPARQL_Results_XML , fmt:SPARQL_Results_CSV ,
        fmt:SPARQL_Results_TSV , fmt:Turtle , fmt:N-Triples , fmt:JSON-LD , fmt:RDF_XML .
"""
    return Response(text, media_type="text/turtle")


def _base_iri(request: Request) -> str:
    """The base for relative IRIs in a query: the public address when configured, else a fixed
    loopback one (never the client's Host header)."""
    public = request.app.state.settings.public_url
    return f"{public}/sparql" if public else "http://127.0.0.1/sparql"


async def _answer(request: Request) -> Response:
    params = await _read_params(request)
    if isinstance(params, Response):
        return params
    names = [name for name, _ in params]
    if "update" in names or "using-graph-uri" in names or "using-named-graph-uri" in names:
        return problem(403, "Read-only endpoint", "this endpoint answers queries, not updates")
    queries = [value for name, value in params if name == "query"]
    if not queries:
        if request.method == "GET":
            return service_description(request)
        return problem(400, "Missing query", "send exactly one 'query' parameter")
    if len(queries) > 1:
        return problem(400, "Several queries", f"{len(queries)} 'query' parameters: send one")
    query = queries[0]
    client = client_key(request.client.host if request.client else None)
    limit = request.app.state.settings.max_query_bytes
    if len(query.encode("utf-8")) > limit:
        return problem(413, "Query too long", f"queries are limited to {limit} bytes (UTF-8)")
    try:
        # the check parses the text in pure Python (about 0.5 ms per byte of a long IN list):
        # in a thread, a few at a time, so the event loop goes on serving everyone else
        async with _checking_slot(client):
            shape = await asyncio.to_thread(inspect_query, query)
    except ServiceRefused as err:
        return problem(403, "Query refused", err.message)
    except QueryRefused as err:
        return problem(400, "Bad query", err.message)
    form = shape.form
    override = next((v for n, v in params if n == "format"), None)
    media = choose(form, request.headers.get("accept"), override)
    if media is None:
        offered = ", ".join(MEDIA_TYPES[form])
        return problem(406, "Not acceptable", f"{form} results come as one of: {offered}")
    pool = request.app.state.pool
    job = Job(
        query=shape.text,  # the canonical text the guard checked, and nothing else, runs
        form=form,
        media_type=media,
        default_graphs=tuple(v for n, v in params if n == "default-graph-uri"),
        named_graphs=tuple(v for n, v in params if n == "named-graph-uri"),
        max_rows=request.app.state.settings.max_rows,
        base_iri=_base_iri(request),
        own_dataset=bool(shape.dataset),
        risky=shape.risk is not None,
    )
    refuses = getattr(pool, "refuses", None)
    if refuses is not None:
        reason = refuses(job, list(shape.dataset))
        if reason:
            return problem(403, "Query refused", reason)
    answer = await pool.run(job, client=client)
    if answer.status != 200:
        return problem(
            answer.status, str(answer.detail.get("title")), str(answer.detail.get("detail"))
        )
    return Response(answer.body, media_type=media, headers={"Vary": "Accept"})


@router.get("/sparql/", include_in_schema=False)
@router.get(
    "/sparql",
    name="sparql_get",
    summary="SPARQL query (GET); without a query, the service description",
    response_class=Response,
    responses={**_SPARQL_ANSWERS, **problems(_SPARQL_PROBLEMS)},
)
async def sparql_get(request: Request) -> Response:
    return await _answer(request)


@router.post("/sparql/", include_in_schema=False)
@router.post(
    "/sparql",
    name="sparql_post",
    summary="SPARQL query (form or direct POST)",
    response_class=Response,
    responses={**_SPARQL_ANSWERS, **problems({
        **_SPARQL_PROBLEMS,
        413: "the request body is over the size cap",
        415: "send application/x-www-form-urlencoded or application/sparql-query"})},
)  # fmt: skip
async def sparql_post(request: Request) -> Response:
    return await _answer(request)


@router.api_route("/sparql", methods=["PUT", "DELETE", "PATCH"], include_in_schema=False)
@router.api_route("/sparql/", methods=["PUT", "DELETE", "PATCH"], include_in_schema=False)
async def sparql_other(request: Request) -> Response:
    return problem(405, "Method not allowed", f"{request.method}: use GET or POST")
