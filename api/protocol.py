"""uvicorn's HTTP protocol with the limits uvicorn itself lacks.

uvicorn 0.54 (httptools) never times out a client that is still sending: a connection that
sends nothing, trickles its request head a byte at a time, or trickles a promised body stays
open for ever (measured: still open after 40 s in each case), and a request head of 8 MiB is
accepted. A few hundred such connections hold a server's sockets and memory (slowloris). This
protocol gives each request a deadline for its head and one for its body, and caps the head's
size; the limits are class attributes, set from ``Settings`` when the server starts.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["GuardedHttpProtocol", "guarded_protocol"]

_REQUEST_TIMEOUT = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"content-length: 44\r\nconnection: close\r\n\r\nthe request was not received in time: closed"
)


async def _head_too_large(scope: Any, receive: Any, send: Any) -> None:
    body = b"request head too large"
    await send(
        {
            "type": "http.response.start",
            "status": 431,
            "headers": [(b"content-type", b"text/plain"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})


class GuardedHttpProtocol(HttpToolsProtocol):
    """Closes a connection whose request head or body does not arrive in time (408), and
    answers 431 to a request head over ``head_bytes``."""

    head_seconds: float = 10.0  # from connecting, or from a request's first byte, to its head
    body_seconds: float = 30.0  # from the head to the last byte of the body
    head_bytes: int = 64 * 1024  # request line and headers

    _timer: asyncio.TimerHandle | None = None
    _head_size: int = 0
    _phase: str = "head"  # head, body, or answered (no deadline while the app answers)

    def _arm(self, phase: str, seconds: float) -> None:
        self._disarm()
        self._phase = phase
        self._timer = self.loop.call_later(seconds, self._expire)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expire(self) -> None:
        self._timer = None
        if self.transport.is_closing():
            return
        cycle = self.cycle
        if cycle is None or cycle.response_complete or not cycle.response_started:
            self.transport.write(_REQUEST_TIMEOUT)
        self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm("head", self.head_seconds)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_size = 0
        if self._timer is None:  # the next request on a kept-alive connection
            self._arm("head", self.head_seconds)

    def on_url(self, url: bytes) -> None:
        self._head_size += len(url)
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._head_size += len(name) + len(value) + 4
        if self._head_size <= self.head_bytes:  # past the cap, headers are not kept
            super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._arm("body", self.body_seconds)
        if self._head_size <= self.head_bytes:
            super().on_headers_complete()
            return
        app, self.app = self.app, _head_too_large
        try:
            super().on_headers_complete()
        finally:
            self.app = app

    def on_message_complete(self) -> None:
        self._disarm()
        self._phase = "answered"
        super().on_message_complete()


def guarded_protocol(head_seconds: float, body_seconds: float, head_bytes: int) -> type:
    """The protocol class with these limits, for ``uvicorn.run(http=...)``."""
    limits = {"head_seconds": head_seconds, "body_seconds": body_seconds, "head_bytes": head_bytes}
    return type("GuardedHttpProtocol", (GuardedHttpProtocol,), limits)
