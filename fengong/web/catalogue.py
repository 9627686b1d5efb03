"""``/api/queries``: the query catalogue as a REST API, one documented route per query.

Each ``queries/*.rq`` becomes ``GET /api/queries/{name}`` with its typed parameters in the
OpenAPI description. Values are checked by the catalogue (a bad one is a 422 naming the
parameter); pages carry RFC 8288 ``Link`` headers — ``next`` only when a row beyond the page
exists (the query fetches one extra), ``prev``/``first`` when not on the first page, never a
guessed ``last``.
"""

from __future__ import annotations

import inspect
import json
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import Response

from fengong.catalogue import QuerySpec, Result
from fengong.catalogue.run import MAX_OFFSET
from fengong.client import Fengong
from fengong.errors import FengongError, ParameterError
from fengong.web.negotiate import best_media
from fengong.web.pooled import QueryUnavailable
from fengong.web.sparql import problem, problems

__all__ = ["RESERVED", "ResultCache", "add_catalogue_routes", "result_response"]

RESERVED = {"limit", "offset", "format"}
_FORMATS = {
    "json": "application/json",
    "csv": "text/csv",
    "csv-excel": "text/csv",  # with a byte-order mark and CRLF: Excel then reads UTF-8
    "sparql-json": "application/sparql-results+json",
}


def _wants(request: Request, override: str | None) -> str | None:
    if override:
        return _FORMATS.get(override)
    offered = ("application/json", "text/csv", "application/sparql-results+json")
    return best_media(request.headers.get("accept"), offered)  # q-values honoured


def _page_link(request: Request, rel: str, limit: int, offset: int) -> str:
    """A link to another page, as a reference relative to this one (RFC 8288 resolves it
    against the request's address): no Host header is ever written back."""
    url = request.url.include_query_params(limit=limit, offset=max(0, offset))
    return f'<{url.path}?{url.query}>; rel="{rel}"'


def result_response(request: Request, result: Result, override: str | None = None) -> Response:
    """``result`` as JSON (array of objects), CSV or SPARQL JSON, with paging links."""
    media = _wants(request, override)
    if media is None:
        return problem(
            406, "Not acceptable", "answers come as application/json, text/csv or "
            "application/sparql-results+json (or use format=json|csv|sparql-json)",
        )  # fmt: skip
    if media == "text/csv":
        body = result.to_csv(excel=override == "csv-excel")
    elif media == "application/sparql-results+json":
        body = json.dumps(result.to_sparql_json(), ensure_ascii=False)
    else:
        body = result.to_json()
    headers = {"Vary": "Accept"}
    if result.limit is not None:
        links = []
        if result.has_more:
            links.append(_page_link(request, "next", result.limit, result.offset + result.limit))
        if result.offset > 0:
            links.append(_page_link(request, "prev", result.limit, result.offset - result.limit))
            links.append(_page_link(request, "first", result.limit, 0))
        if links:
            headers["Link"] = ", ".join(links)
    return Response(body, media_type=media, headers=headers)


def _annotation(spec: QuerySpec, name: str) -> Any:
    param = spec.param(name)
    assert param is not None
    base: Any = {"integer": int, "boolean": bool}.get(param.type, str)
    extra: dict[str, Any] = {}
    if param.type == "enum":
        extra["enum"] = list(param.values)
    if param.type == "date":
        extra["format"] = "date"
    kind = param.type + (", several allowed" if param.list else "")
    description = f"{param.description} ({kind})".strip()
    query = Query(
        description=description,
        examples=[param.example] if param.example is not None else None,
        json_schema_extra=extra or None,
    )
    typed = list[base] | None if param.list else base | None
    return Annotated[typed, query]


class ResultCache:
    """The most recently used answers of named queries, by query, parameters and page.

    An answer stays right until the server reloads another build, which empties the cache
    (``fengong.web.reload``); a catalogue query over a large corpus takes milliseconds to seconds, a
    cached one nothing. Handlers run in threads: the cache is locked, and an answer computed
    while a reload emptied it is not kept (it may come from the old build).
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._results: OrderedDict[Hashable, Result] = OrderedDict()
        self._lock = threading.Lock()
        self._generation = 0  # how many times it was emptied

    def get(
        self, fg: Fengong, name: str, limit: int | None, offset: int, given: dict[str, Any]
    ) -> Result:
        key = (name, limit, offset, tuple(sorted((k, _hashable(v)) for k, v in given.items())))
        with self._lock:
            generation = self._generation
            # a request that began before a reload is answered by the old build: neither read
            # from nor written to the cache of the new one (it stored the old answer under
            # the new build, for good, when its handler started after the swap)
            current = getattr(fg.store, "serves_current_build", lambda: True)()
            result = self._results.get(key) if current else None
            if result is not None:
                self._results.move_to_end(key)
                return result
        if not current:
            return fg.query(name, limit=limit, offset=offset, **given)
        result = fg.query(name, limit=limit, offset=offset, **given)  # in the query workers
        with self._lock:
            if self.size and generation == self._generation:
                self._results[key] = result
                if len(self._results) > self.size:
                    self._results.popitem(last=False)
        return result

    def clear(self) -> None:
        with self._lock:
            self._results.clear()
            self._generation += 1


def _hashable(value: Any) -> Hashable:
    return tuple(value) if isinstance(value, list) else value


def _route(fg: Fengong, spec: QuerySpec, cache: ResultCache) -> Any:
    def handler(request: Request, **values: Any) -> Response:  # in a thread: it waits on queries
        limit, offset, fmt = (
            values.pop("limit", None),
            values.pop("offset", 0),
            values.pop("format", None),
        )
        given = {k: v for k, v in values.items() if v is not None}
        try:
            result = cache.get(fg, spec.name, limit, offset or 0, given)
        except ParameterError as err:
            return problem(422, "Invalid parameter", err.message, parameter=err.parameter)
        except QueryUnavailable:
            raise  # 503, by the app's handler
        except FengongError as err:
            return problem(400, "Query failed", err.message)
        return result_response(request, result, fmt)

    parameters = [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                    annotation=Request)]  # fmt: skip
    for p in spec.params:
        parameters.append(inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY,
                                            annotation=_annotation(spec, p.name), default=None))  # fmt: skip
    if spec.pagination is not None:
        page = spec.pagination
        parameters += [
            inspect.Parameter("limit", inspect.Parameter.KEYWORD_ONLY, default=None,
                              annotation=Annotated[int | None, Query(ge=1, le=page.max,
                              description=f"page size (default {page.default})")]),
            inspect.Parameter("offset", inspect.Parameter.KEYWORD_ONLY, default=0,
                              annotation=Annotated[int, Query(ge=0, le=MAX_OFFSET,
                                                               description="rows to skip")]),
        ]  # fmt: skip
    parameters.append(
        inspect.Parameter("format", inspect.Parameter.KEYWORD_ONLY, default=None,
                          annotation=Annotated[str | None, Query(
                              description="json, csv, csv-excel (CSV with a byte-order mark, for "
                                          "Excel) or sparql-json (overrides Accept)",
                              json_schema_extra={"enum": sorted(_FORMATS)})])
    )  # fmt: skip
    handler.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    handler.__name__ = "query_" + spec.name.replace("-", "_")
    return handler


def add_catalogue_routes(app: FastAPI, fg: Fengong, cache_size: int = 256) -> None:
    """One route per catalogue query; ``cache_size`` answers are kept (0: none)."""
    cache = app.state.result_cache = ResultCache(cache_size)
    router = APIRouter(prefix="/api/queries", tags=["catalogue"])

    @router.get("", summary="The query catalogue: names, summaries, parameters")
    async def list_queries() -> list[dict[str, Any]]:
        return [
            {
                "name": spec.name,
                "summary": spec.summary,
                "description": spec.description,
                "tags": list(spec.tags),
                "columns": list(spec.columns),
                "column_notes": spec.column_notes,
                "paginated": spec.pagination is not None,
                "parameters": [
                    {
                        "name": p.name,
                        "type": p.type,
                        "required": p.required,
                        "list": p.list,
                        "description": p.description,
                        "default": p.default,
                        "values": list(p.values) or None,
                        "example": p.example,
                    }
                    for p in spec.params
                ],
                "href": f"/api/queries/{spec.name}",
            }
            for spec in fg.queries()
        ]

    for spec in fg.queries():
        if RESERVED & {p.name for p in spec.params}:
            raise FengongError(f"{spec.name}: parameters may not be named {sorted(RESERVED)}")
        router.add_api_route(
            f"/{spec.name}",
            _route(fg, spec, cache),
            methods=["GET"],
            summary=f"{spec.summary['en']} / {spec.summary['zh']}",
            description=spec.description,
            response_class=Response,
            responses={200: {"content": {m: {} for m in _FORMATS.values()}},
                       **problems({400: "the query failed",
                                   406: "no offered media type is acceptable",
                                   422: "a parameter is missing or invalid"})},
        )  # fmt: skip
    app.include_router(router)
