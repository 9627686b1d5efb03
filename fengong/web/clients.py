"""Fair shares per client: how many requests one client address may have in progress at once.

Without a share, one client sending 32 heavy queries at once keeps every query worker busy and
everyone else waits or gets 503; with it, that client's 33rd request is told to slow down (429,
``Retry-After``) while the others are served. A client is its address as the server sees it
(behind a ``--trusted-proxy``, the address the proxy reports); IPv6 clients are grouped by
their /64, which one host usually holds entirely. Connections are shared out the same way in
``fengong.web.protocol``; a client's queries get at most all workers but one in ``fengong.web.worker``.
"""

from __future__ import annotations

import contextvars
import ipaddress
import json
from collections import Counter
from typing import Any

__all__ = ["ClientLimits", "client_key", "current_client"]

#: the client the current request comes from, for the queries its handler runs
current_client: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "current_client", default=None
)


def client_key(host: str | None) -> str:
    """The address a share is counted against.

    >>> client_key("2001:db8::1") == client_key("2001:db8::ffff")
    True
    >>> client_key("127.0.0.2")
    '127.0.0.2'
    """
    if not host:
        return "-"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:  # a name, or a unix socket: taken as it is
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


class ClientLimits:
    """ASGI middleware: at most ``limit`` requests in progress per client (429 beyond)."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit
        self.in_progress: Counter[str] = Counter()

    async def _refuse(self, send: Any) -> None:
        body = json.dumps({"type": "about:blank", "title": "Too many requests", "status": 429,
                           "detail": f"at most {self.limit} requests from one client at once: "
                           "wait for an answer before sending more"})  # fmt: skip
        await send({"type": "http.response.start", "status": 429,
                    "headers": [(b"content-type", b"application/problem+json"),
                                (b"retry-after", b"1")]})  # fmt: skip
        await send({"type": "http.response.body", "body": body.encode()})

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = client_key((scope.get("client") or (None,))[0])
        current_client.set(client)
        if self.limit <= 0:
            await self.app(scope, receive, send)
            return
        if self.in_progress[client] >= self.limit:
            await self._refuse(send)
            return
        self.in_progress[client] += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_progress[client] -= 1
            if not self.in_progress[client]:
                del self.in_progress[client]
