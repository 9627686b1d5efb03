"""Conditional requests and cache lifetimes: a browser asks again cheaply, and only when needed.

Everything a page or an API answer says follows from four things: the build served, the code
and project files that turn it into answers (``fengong/web/``, ``fengong/``, ``queries/``, ``shapes/``,
the server's settings), the request's path and query, and its ``Accept`` header and ``lang``
cookie (which pages read when the query names no language). The ETag is a digest of those
four, so the server can answer ``If-None-Match`` with 304 *before* running the handler: no query
reaches the workers for a page the browser already holds.

* The build's part is a SHA-256 of the files the server reads from the build folder
  (``fengong.nq``, ``ontology.html``, ``validation.json``), computed once per build, in a thread
  (about a millisecond per MB), when the server starts and again after a reload.
  The build's identity (path, inode, size, mtime) says when to compute it anew; a reload to a
  byte-identical build keeps the tags, rightly. The digest is taken before the request reaches
  ``fengong.web.pooled.PinPool``, with no await in between, so a tag always names the build whose
  workers answered.
* The code's part (:func:`code_fingerprint`) is computed once, when the app is made.
* Tags are weak (``W/"…"``): the gzip and identity encodings of an answer share one, and they
  promise the same content, not the same bytes.

Not tagged: ``/sparql`` (a query may use ``NOW()`` or ``RAND()``, and a POST is not a read),
``/api/build`` (it reports counters, not the build), answers other than 200, and everything
when a remote endpoint is served (``--endpoint``: that store can change under us). Tagged
answers say ``Cache-Control: no-cache`` (keep, but ask each time) and ``Vary: Accept,
Accept-Encoding, Cookie``. ``/static/`` files keep Starlette's own ETag; vendored bundles are
cached long (a year, ``immutable``, when the URL names a version with ``?v=``; a week when not).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fengong.store.disk import STORE

__all__ = ["BuildDigests", "ConditionalGet", "build_digest", "code_fingerprint"]

#: request paths whose answers are never tagged (see the module's docstring)
UNTAGGED = frozenset({"/sparql", "/sparql/", "/api/build"})
VARY = ("Accept", "Accept-Encoding", "Cookie")
PAGE_CACHE = "no-cache"
STATIC_CACHE = "no-cache"
VENDOR_CACHE = "public, max-age=604800"
VERSIONED_VENDOR_CACHE = "public, max-age=31536000, immutable"
_CHUNK = 1 << 20


def _hash_files(digest: Any, paths: Iterable[Path], root: Path) -> None:
    for path in paths:
        digest.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape") + b"\0")
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
        digest.update(b"\0")


def build_digest(folder: Path) -> str:
    """SHA-256 over what the server reads of a build folder, in path order (blocking: call it
    from a thread): every file at its top and each document's source view. The source views
    were missed when only three named files counted: a build with the same graph and another
    reading kept its old tags, and browsers their old pages. The copies of published files
    (``sources/<key>/…``) are not read: their SHA-256 is in their document's view, hashed
    here, and a corpus of PDFs is not read a second time. Nor is the on-disk store
    (``store/``, gigabytes at scale): it is ``fengong.nq``'s copy, and that is hashed."""
    digest = hashlib.sha256()
    files = sorted(
        (p for p in folder.rglob("*") if p.is_file() and len(p.relative_to(folder).parts) <= 2
         and p.relative_to(folder).parts[0] != STORE),
        key=lambda p: p.relative_to(folder).parts,
    )  # fmt: skip
    _hash_files(digest, files, folder)
    return digest.hexdigest()


def code_fingerprint(roots: Iterable[Path], settings: object) -> str:
    """SHA-256 over every file under ``roots`` (byte-compiled caches aside) and the settings'
    ``repr``: a new release or a changed query gives new tags, while a restart alone, or
    another server with the same files, gives the same ones. A few MB: once, at start-up."""
    digest = hashlib.sha256(repr(settings).encode("utf-8"))
    for root in roots:
        if not root.is_dir():
            continue
        files = sorted(
            Path(folder) / name
            for folder, dirs, names in os.walk(root)
            if "__pycache__" not in Path(folder).parts
            for name in names
        )
        digest.update(str(root.name).encode("utf-8") + b"\0")
        _hash_files(digest, files, root)
    return digest.hexdigest()


class BuildDigests:
    """The digest of each served build, computed once, in a thread, shared by the requests
    that ask for it meanwhile."""

    def __init__(self) -> None:
        self._tasks: dict[tuple[Path, Any], asyncio.Future[str]] = {}

    async def of(self, served: Any) -> str | None:
        """The digest of ``served`` (an ``fengong.web.reload.Served``); None if its files cannot be
        read (then answers go untagged, and the next request tries again)."""
        key = (served.nquads, served.identity)
        task = self._tasks.get(key)
        if task is None:
            for old in list(self._tasks)[:-1]:  # the served build and the one before it
                del self._tasks[old]
            task = self._tasks[key] = asyncio.ensure_future(
                asyncio.to_thread(build_digest, served.folder)
            )
        try:
            return await asyncio.shield(task)
        except OSError:
            if self._tasks.get(key) is task:
                del self._tasks[key]
            return None


def _lang_cookie(cookie: str) -> str:
    """The ``lang`` cookie as ``request.cookies`` reads it, whatever it holds: pages fall back
    on it when the query names no language, and taking it as it is (not the language it
    resolves to) keeps the tag right whatever rule ``fengong.web.web`` applies."""
    return cookie_parser(cookie).get("lang", "") if cookie else ""


def _vary(present: str) -> str:
    """``present`` (gzip's ``Accept-Encoding``, a handler's ``Accept``) and :data:`VARY`, each
    name once."""
    names = [n.strip() for n in present.split(",") if n.strip()]
    seen = {n.lower() for n in names}
    return ", ".join(names + [n for n in VARY if n.lower() not in seen])


def _matches(if_none_match: str, tag: str) -> bool:
    """Weak comparison (RFC 9110 §13.1.2); ``*`` is left to the handler (it is not matched
    here, so the client gets the full answer, never a wrong 304)."""
    opaque = tag.removeprefix("W/")
    return any(t.strip().removeprefix("W/") == opaque for t in if_none_match.split(","))


class ConditionalGet:
    """ASGI middleware: ETags and ``If-None-Match`` for reads, cache lifetimes for static files.

    ``fingerprint`` is :func:`code_fingerprint`'s; build digests come from the app's
    ``state.build_digests`` (a :class:`BuildDigests`) for ``state.served``."""

    def __init__(self, app: ASGIApp, fingerprint: str) -> None:
        self.app, self.fingerprint = app, fingerprint

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        if path.startswith("/static/"):
            await self.app(scope, receive, self._static_sender(scope, send))
            return
        state = scope["app"].state
        if scope["method"] not in {"GET", "HEAD"} or path in UNTAGGED or state.served is None:
            await self.app(scope, receive, send)
            return
        tag = await self._tag(scope, state)
        if tag is None:  # unreadable build files, or reloads while the digest was computed
            await self.app(scope, receive, send)
            return
        if _matches(Headers(scope=scope).get("if-none-match", ""), tag):
            await send({"type": "http.response.start", "status": 304,
                        "headers": self._validators(tag)})  # fmt: skip
            await send({"type": "http.response.body", "body": b""})
            return

        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                response = MutableHeaders(raw=list(message.get("headers", [])))
                if "etag" not in response and "set-cookie" not in response:  # a handler's
                    # own validator is kept; an answer setting a cookie is not one to reuse
                    response["ETag"] = tag
                    if "cache-control" not in response:
                        response["Cache-Control"] = PAGE_CACHE
                    response["Vary"] = _vary(response.get("vary", ""))
                message = {**message, "headers": response.raw}
            await send(message)

        await self.app(scope, receive, tagged)

    async def _tag(self, scope: Scope, state: Any) -> str | None:
        """This request's tag for the build served now; computed with no await between reading
        ``state.served`` and returning, so the handler runs on the same build."""
        for _ in range(3):
            served = state.served
            build = await state.build_digests.of(served)
            if state.served is served:
                break
        else:
            return None
        if build is None:
            return None
        # the headers as the handlers read them (the first of repeated ones), and the path as
        # sent: /page/ reads the raw path, where %2F and / name different resources
        headers = Headers(scope=scope)
        cookie = headers.get("cookie", "")
        accept = headers.get("accept", "").strip()
        raw = scope.get("raw_path") or scope.get("path", "").encode("utf-8")
        target = raw.decode("latin-1") + "?" + scope.get("query_string", b"").decode("latin-1")
        parts = (self.fingerprint, build, _lang_cookie(cookie), accept, target)
        return 'W/"' + hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32] + '"'

    @staticmethod
    def _validators(tag: str) -> list[tuple[bytes, bytes]]:
        """What a 304 repeats of the 200 it stands for (RFC 9110 §15.4.5)."""
        return [(b"etag", tag.encode()), (b"cache-control", PAGE_CACHE.encode()),
                (b"vary", ", ".join(VARY).encode())]  # fmt: skip

    @staticmethod
    def _static_sender(scope: Scope, send: Send) -> Send:
        path: str = scope.get("path", "")
        if path.startswith("/static/vendor/"):
            versioned = any(k == "v" for k, _ in parse_qsl(scope["query_string"].decode("latin-1")))
            lifetime = VERSIONED_VENDOR_CACHE if versioned else VENDOR_CACHE
        else:
            lifetime = STATIC_CACHE

        async def with_lifetime(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in {200, 304}:
                response = MutableHeaders(raw=list(message.get("headers", [])))
                response.setdefault("Cache-Control", lifetime)
                message = {**message, "headers": response.raw}
            await send(message)

        return with_lifetime
