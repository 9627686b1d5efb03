"""Security headers on every answer: what a browser may do with what it gets from us.

Every response says ``X-Content-Type-Options: nosniff`` (a CSV or a JSON answer is never run as
a script or a page) and ``Referrer-Policy: same-origin``. HTML pages add a Content-Security-
Policy: scripts and styles from this server only, no inline script and no inline style (the
JSON islands are data; the ontology page and the network drawing use stylesheets), nothing
framed anywhere (``frame-ancestors 'none'``), no plugins, forms and ``<base>`` kept to this
server. The vendored bundles set styles inline, so the SPARQL editor page (YASGUI), ``/docs``
and ``/redoc`` allow inline styles, and the editor also gets ``'unsafe-eval'``, which its
bundle uses; no other page does. A page that must run one inline script of its own (Swagger UI's
start-up call on ``/docs``) sends its own policy, made by :func:`csp` with that script's hash:
only that exact text runs, and the middleware leaves a policy already set alone. ``/redoc``
adds ``worker-src blob:`` the same way (ReDoc's search index runs in such a worker).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BUNDLE_CSP", "CSP", "SecurityHeaders", "csp", "editing_headers", "script_hash"]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
#: for the vendored bundles (YASGUI, Swagger UI, ReDoc), which style their widgets inline
BUNDLE_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
_EDITOR_CSP = BUNDLE_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'")


def script_hash(script: str) -> str:
    """The CSP source that lets exactly this inline script's text run."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def csp(scripts: tuple[str, ...] = (), workers: tuple[str, ...] = ()) -> str:
    """:data:`BUNDLE_CSP` (a vendored bundle's page) with more script sources (inline-script
    hashes) and, when given, a ``worker-src`` of its own; everything else as strict as every
    other page's."""
    policy = BUNDLE_CSP.replace("script-src 'self'", " ".join(("script-src 'self'", *scripts)))
    if workers:
        policy += "; worker-src " + " ".join(("'self'", *workers))
    return policy


Raw = list[tuple[bytes, bytes]]


def editing_headers(send: Send, edit: Callable[[Raw], Raw]) -> Send:
    """``send``, with ``edit`` applied to the response's headers as they start: the one way
    the middlewares here (security headers, the language cookie, the manual's policy) touch
    an answer's headers."""

    async def edited(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": edit(list(message.get("headers", [])))}
        await send(message)

    return edited


class SecurityHeaders:
    """ASGI middleware: the headers above, added to whatever the app answers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        editor = scope.get("path", "").rstrip("/") == "/yasgui"

        def add(headers: Raw) -> Raw:
            names = {name.lower() for name, _ in headers}
            extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
            if dict(headers).get(b"content-type", b"").startswith(b"text/html"):
                extra.append(
                    (b"content-security-policy", (_EDITOR_CSP if editor else CSP).encode())
                )
            return headers + [(name, value) for name, value in extra if name not in names]

        await self.app(scope, receive, editing_headers(send, add))
