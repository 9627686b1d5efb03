"""``/manual``: the manual, as ``make docs`` built it (MkDocs, Material theme), from this server.

The site is static files under ``manual_site/`` (an installed wheel carries them). Its pages
start with a few inline scripts of the theme's, which differ with a page's depth; at start-up
their hashes are collected from every page, and the manual's Content-Security-Policy allows
exactly those, as ``/docs`` does for Swagger UI's one script. A checkout where the manual has
not been built answers 404 with the command that builds it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

from fengong.web.headers import csp, editing_headers, script_hash

__all__ = ["MANUAL", "add_manual_routes", "manual_policy"]

MANUAL = Path(__file__).resolve().parent / "manual_site"  # not under static/: one copy, one policy
#: an inline script: no src attribute, and a type browsers run (not the theme's JSON config)
_INLINE = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>(.*?)</script>",
                     re.DOTALL)  # fmt: skip


@cache  # read once per process: every app made (a test makes many) shares it
def manual_policy(site: Path) -> str:
    """The CSP that lets every inline script of the built pages run, and nothing else."""
    hashes = {script_hash(s) for p in site.rglob("*.html")
              for s in _INLINE.findall(p.read_text(encoding="utf-8")) if s.strip()}  # fmt: skip
    return csp(scripts=tuple(sorted(hashes)))


class _Manual(StaticFiles):
    """The static site, with the manual's policy on every answer."""

    def __init__(self, directory: Path, policy: str) -> None:
        super().__init__(directory=str(directory), html=True)
        self.policy = policy.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        policy = (b"content-security-policy", self.policy)
        await super().__call__(scope, receive, editing_headers(send, lambda h: [*h, policy]))


def add_manual_routes(app: FastAPI, site: Path = MANUAL) -> None:
    """Mount the built manual at /manual, or a 404 that says how to build it."""
    if (site / "index.html").is_file():
        app.mount("/manual", _Manual(site, manual_policy(site)), name="manual")
        return

    @app.get("/manual", include_in_schema=False)
    @app.get("/manual/{rest:path}", include_in_schema=False)
    async def missing(rest: str = "") -> PlainTextResponse:
        return PlainTextResponse(
            "The manual is not built in this installation: run `make docs` in a checkout "
            "(or install a released wheel, which carries it).",
            status_code=404,
        )
