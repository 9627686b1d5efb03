"""uvicorn's HTTP protocol with the limits uvicorn itself lacks.

uvicorn 0.54 (httptools) never times out a client that is still sending: a connection that
sends nothing, trickles its request head a byte at a time, or trickles a promised body stays
open for ever (measured: still open after 40 s in each case), and a request head of 8 MiB is
accepted. A few hundred such connections hold a server's sockets and memory (slowloris). This
protocol gives each request a deadline for its head and one for its body, and caps the head's
size; it also shares connections out per client address, so one client holding hundreds of
idle sockets cannot take the slots everyone else needs. The limits are class attributes, set
from ``Settings`` when the server starts.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from fengong.web.clients import client_key

__all__ = ["GuardedHttpProtocol", "guarded_protocol"]

_REQUEST_TIMEOUT = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"content-length: 44\r\nconnection: close\r\n\r\nthe request was not received in time: closed"
)


_HEAD_TOO_LARGE = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"content-length: 22\r\nconnection: close\r\n\r\nrequest head too large"
)


_TOO_MANY_CONNECTIONS = (
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"retry-after: 1\r\ncontent-length: 42\r\nconnection: close\r\n\r\n"
    b"too many open connections from this client"
)


class GuardedHttpProtocol(HttpToolsProtocol):
    """Closes a connection whose request head or body does not arrive in time (408), or
    whose request head passes ``head_bytes`` (431), before the head is kept in memory."""

    head_seconds: float = 10.0  # from connecting, or from a request's first byte, to its head
    body_seconds: float = 30.0  # from the head to the last byte of the body
    head_bytes: int = 64 * 1024  # request line and headers
    client_connections: int = 64  # open connections one client address may hold (0: any)
    exempt: frozenset[str] = frozenset()  # trusted proxies: every client comes through them
    open_per_client: ClassVar[Counter[str]] = Counter()  # one per server (guarded_protocol)

    _client: str | None = None  # the address this connection is counted against

    _timer: asyncio.TimerHandle | None = None
    _head_size: int = 0
    _tail: bytes = b""  # the last bytes of the previous read, for a blank line split in two
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
        peer = transport.get_extra_info("peername")
        host = peer[0] if isinstance(peer, tuple) and peer else None
        if self.client_connections > 0 and host not in self.exempt:
            client = client_key(host)
            if self.open_per_client[client] >= self.client_connections:
                transport.write(_TOO_MANY_CONNECTIONS)  # closed before any byte is read
                transport.close()
                return
            self.open_per_client[client] += 1
            self._client = client
        self._arm("head", self.head_seconds)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self._client is not None:
            self.open_per_client[self._client] -= 1
            if not self.open_per_client[self._client]:
                del self.open_per_client[self._client]
            self._client = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        # Counted before httptools sees the bytes: it keeps a header however long it grows
        # (and uvicorn the URL), so a cap checked in its callbacks would come too late.
        if self._phase != "body":
            # the head ends at a blank line (CRLF or bare LF), which may straddle two reads
            window = self._tail + data
            ends = [i + len(m) for m in (b"\r\n\r\n", b"\n\n") if (i := window.find(m)) >= 0]
            self._head_size += max(0, min(ends) - len(self._tail)) if ends else len(data)
            self._tail = window[-3:]
            if self._head_size > self.head_bytes:
                self._disarm()
                self.transport.write(_HEAD_TOO_LARGE)
                self.transport.close()
                return
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._timer is None:  # the next request on a kept-alive connection
            self._arm("head", self.head_seconds)

    def on_headers_complete(self) -> None:
        self._arm("body", self.body_seconds)
        self._head_size, self._tail = 0, b""
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._disarm()
        self._phase = "answered"  # the next bytes are the next request's head
        super().on_message_complete()


def guarded_protocol(
    head_seconds: float,
    body_seconds: float,
    head_bytes: int,
    client_connections: int = 64,
    exempt: frozenset[str] = frozenset(),
) -> type:
    """The protocol class with these limits, for ``uvicorn.run(http=...)``."""
    limits = {"head_seconds": head_seconds, "body_seconds": body_seconds,
              "head_bytes": head_bytes, "client_connections": client_connections,
              "exempt": exempt, "open_per_client": Counter()}  # fmt: skip
    return type("GuardedHttpProtocol", (GuardedHttpProtocol,), limits)
