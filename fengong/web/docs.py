"""``/docs`` (Swagger UI) and ``/redoc`` (ReDoc) from this server's own copies, not a CDN.

FastAPI's built-in pages load their scripts and styles from jsDelivr (and ReDoc's fonts from
Google): cut off from the network they stay blank, and they break the project's rule that
every asset comes from this server. Here the same pages load the bundles ``make`` copies from
npm into ``fengong/web/static/vendor/`` (``swagger-ui-dist`` and ``redoc``, pinned in
``web/package-lock.json``). Each asset URL carries ``?v=`` and a digest of the file, so a
browser may keep it for a year (``fengong.web.caching``) and still gets a new bundle after an upgrade.

Swagger UI starts from one inline script; its page's Content-Security-Policy allows exactly
that script's hash (``fengong.web.headers.csp``), nothing else inline. ReDoc's allows workers from
``blob:`` URLs, for its search. Swagger UI's online validator (a request to swagger.io per page
view) is turned off.
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from fengong.web.headers import csp, script_hash

__all__ = ["REDOC_CSP", "VENDOR", "add_docs_routes", "vendored_version"]

VENDOR = Path(__file__).resolve().parent / "static" / "vendor"
SWAGGER_JS, SWAGGER_CSS, REDOC_JS = "swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
#: ReDoc's bundle starts its search index in a worker made from a ``blob:`` URL (which only a
#: script already running on the page can make); every other source stays as on other pages
REDOC_CSP = csp(workers=("blob:",))


def vendored_version(name: str) -> str:
    """A short digest of a vendored file, for its URL (empty when ``make vendor`` has not run:
    the page then says so through its console, as YASGUI's does)."""
    path = VENDOR / name
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else ""


def add_docs_routes(app: FastAPI) -> None:
    """Serve ``/docs`` and ``/redoc`` (make the app with ``docs_url=None, redoc_url=None``).

    Added as plain Starlette routes, as FastAPI adds its own: they are not API operations,
    and they run no query."""
    versions = {name: vendored_version(name) for name in (SWAGGER_JS, SWAGGER_CSS, REDOC_JS)}

    def asset(root: str, name: str) -> str:
        return f"{root}/static/vendor/{name}?v={versions[name]}"

    @functools.lru_cache(maxsize=8)
    def swagger_page(root: str) -> tuple[bytes, str]:
        """The page and its policy, once per root path (the same for every request behind
        one proxy)."""
        page = get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} – Swagger UI",
            swagger_js_url=asset(root, SWAGGER_JS),
            swagger_css_url=asset(root, SWAGGER_CSS),
            swagger_favicon_url=f"{root}/favicon.ico",
            swagger_ui_parameters={"validatorUrl": None},
        )
        body = bytes(page.body)
        scripts = tuple(script_hash(s) for s in _INLINE_SCRIPT.findall(body.decode("utf-8")))
        return body, csp(scripts=scripts)

    @functools.lru_cache(maxsize=8)
    def redoc_page(root: str) -> bytes:
        page = get_redoc_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} – ReDoc",
            redoc_js_url=asset(root, REDOC_JS),
            redoc_favicon_url=f"{root}/favicon.ico",
            with_google_fonts=False,
        )
        return bytes(page.body)

    async def swagger_ui(request: Request) -> Response:
        body, policy = swagger_page(request.scope.get("root_path", "").rstrip("/"))
        return HTMLResponse(body, headers={"Content-Security-Policy": policy})

    async def redoc(request: Request) -> Response:
        page = redoc_page(request.scope.get("root_path", "").rstrip("/"))
        return HTMLResponse(page, headers={"Content-Security-Policy": REDOC_CSP})

    app.add_route("/docs", swagger_ui, include_in_schema=False)
    app.add_route("/redoc", redoc, include_in_schema=False)
