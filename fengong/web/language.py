"""The page language a reader chose: ``?lang=`` or, failing that, the ``lang`` cookie.

A request naming a language other than its cookie's gets the cookie set, here, on whatever the
answer is: a page, or a 304 the ETag check sends before any page runs. When each page set the
cookie itself, a revalidated ``?lang=en`` answered 304 without it, and the next page came back
in the old language (found in Chromium).
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send

from fengong.web.headers import editing_headers
from fengong.web.i18n import LANGS

__all__ = ["LanguageCookie", "chosen"]


def chosen(query_string: bytes, cookie: str) -> str:
    """The page's language: the last ``?lang=`` among :data:`LANGS`, else the cookie's, else zh.

    >>> chosen(b"lang=en", ""), chosen(b"", "lang=en"), chosen(b"lang=fr", "")
    ('en', 'en', 'zh')
    """
    asked = [v for k, v in parse_qsl(query_string.decode("latin-1")) if k == "lang"]
    wanted = asked[-1] if asked else cookie_parser(cookie).get("lang", "")
    return wanted if wanted in LANGS else "zh"


class LanguageCookie:
    """ASGI middleware: remember ``?lang=`` in the ``lang`` cookie when it changes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        asked = [v for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"))
                 if k == "lang"]  # fmt: skip
        cookie = cookie_parser(Headers(scope=scope).get("cookie", "")).get("lang", "")
        if not asked or asked[-1] not in LANGS or asked[-1] == cookie:
            await self.app(scope, receive, send)
            return
        value = f"lang={asked[-1]}; Path=/; SameSite=lax"

        cookie_header = (b"set-cookie", value.encode("latin-1"))
        await self.app(scope, receive, editing_headers(send, lambda h: [*h, cookie_header]))
