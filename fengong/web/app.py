"""The web application: ``create_app(settings)`` serves the SPARQL endpoint over a build."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import Response
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware

import fengong
from fengong.client import Fengong
from fengong.graph.pipeline import Project
from fengong.store import RemoteStore, Store
from fengong.web import sparql
from fengong.web.caching import BuildDigests, ConditionalGet, code_fingerprint
from fengong.web.catalogue import add_catalogue_routes
from fengong.web.clients import ClientLimits
from fengong.web.docs import add_docs_routes
from fengong.web.forward import RemoteForwarder
from fengong.web.headers import SecurityHeaders
from fengong.web.language import LanguageCookie
from fengong.web.limits import BodyLimit
from fengong.web.linked_data import add_linked_data_routes
from fengong.web.manual import add_manual_routes
from fengong.web.pooled import PinPool, PooledStore, QueryUnavailable
from fengong.web.reload import Reloader, Served, served_file
from fengong.web.resources import add_resource_routes
from fengong.web.settings import Settings
from fengong.web.sparql import problem
from fengong.web.web import add_web_routes
from fengong.web.worker import WorkerPool

__all__ = ["create_app"]

#: answers worth compressing start at about a kilobyte; smaller ones gain less than gzip's
#: own header and the time it takes
GZIP_MINIMUM = 1024
#: already compressed (an XLSX is a ZIP archive), as are Starlette's defaults (images, …)
NOT_COMPRESSED = (*DEFAULT_EXCLUDED_CONTENT_TYPES,
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool: WorkerPool | RemoteForwarder
        if settings.endpoint is not None:
            pool = RemoteForwarder(settings.endpoint, settings.deadline, settings.max_remote_bytes)
        else:
            pool = WorkerPool.for_settings(app.state.served.nquads, settings)
        app.state.loop = asyncio.get_running_loop()  # where handler threads send their queries
        digest = None  # the served build's digest (fengong.web.caching), hashed while workers load
        if app.state.served is not None:
            digest = asyncio.ensure_future(app.state.build_digests.of(app.state.served))
        await pool.start()
        if digest is not None:
            await digest
        app.state.pool = pool
        if isinstance(pool, WorkerPool):  # the quads the workers loaded (none in this process)
            app.state.served = replace(app.state.served, quads=pool.quads, loaded_at=time.time())
        if reloader is not None:
            reloader.listen()
            reloader.register()
        yield
        if reloader is not None:
            reloader.unregister()
        await app.state.pool.stop()

    app = FastAPI(
        title="Fengong (分工)",
        summary="Policy measures, the departments that lead or support them, and their sources",
        version=fengong.__version__,
        lifespan=lifespan,
        docs_url=None,  # served by fengong.web.docs from vendored files, not FastAPI's CDN pages
        redoc_url=None,
    )
    app.state.settings = settings
    project = Project.discover(settings.project)
    reloader: Reloader | None = None
    app.state.served = None
    app.state.on_reload = []  # callables that forget what was computed from the served graph
    app.state.build_digests = BuildDigests()  # for ETags (fengong.web.caching)
    if settings.endpoint is not None:
        store: Store = RemoteStore(settings.endpoint)
    elif settings.graph is not None:
        path, identity = served_file(settings.graph)  # pinned: a rebuild needs a reload
        store = PooledStore(app)  # every query runs in the workers
        app.state.served = Served(path, identity, 0, time.time())
        reloader = app.state.reloader = Reloader(app, settings)
    else:
        raise ValueError("serve a build (graph) or a remote endpoint")
    fg = Fengong(store, project, settings.base)
    app.state.fengong = fg

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type"],
        )
    app.include_router(sparql.router)
    # a remote store can change under us: its answers are not kept
    add_catalogue_routes(app, fg, settings.query_cache if settings.endpoint is None else 0)
    add_resource_routes(app, fg)
    add_linked_data_routes(app, fg)
    add_web_routes(app, fg)
    add_build_route(app)
    add_docs_routes(app)
    add_manual_routes(app)

    @app.exception_handler(QueryUnavailable)
    async def unavailable(request: Request, err: QueryUnavailable) -> Response:
        return problem(err.status, err.title, err.message)

    app.add_middleware(PinPool)
    app.add_middleware(BodyLimit, limit=settings.max_body)
    app.add_middleware(ClientLimits, limit=settings.client_requests)
    # chunks over 128 KiB are compressed in threads, off the event loop; level 6 takes half of
    # level 9's time or less, for 3-6 % more bytes (the ontology page, the N-Quads)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM, compresslevel=6,
                       exclude_content_types=NOT_COMPRESSED)  # fmt: skip
    # what the answers depend on besides the build and the request (fengong.web.caching)
    code = (
        Path(fengong.__file__).resolve().parent,  # the web layer, its pages and the manual too
        project.queries,
        project.shapes,
        *project.catalogue_dirs[1:],
    )
    app.add_middleware(ConditionalGet, fingerprint=code_fingerprint(code, settings))
    app.add_middleware(LanguageCookie)  # outside the ETag check: a 304 carries it too
    app.add_middleware(SecurityHeaders)
    return app


def add_build_route(app: FastAPI) -> None:
    @app.get("/api/build", tags=["service"], summary="The build this server answers from")
    async def build() -> dict[str, Any]:
        served = app.state.served
        if served is None:  # a remote store: no build of ours
            return {"endpoint": app.state.settings.endpoint.query}
        reloader = app.state.reloader  # there is one whenever a build is served
        pool = app.state.pool
        workers = {"count": pool.size, "network_isolated": bool(pool.confinement.get("isolated")),
                   "address_space_cap": pool.confinement.get("address_space"),
                   "store": pool.confinement.get("store")}  # fmt: skip
        return {**served.describe(), "reloads": reloader.reloads,
                "failed_reloads": reloader.failures, "query_workers": workers}  # fmt: skip
