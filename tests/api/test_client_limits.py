"""Per-client shares: requests in progress (429 beyond), and the address a share counts."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from fengong.web.clients import ClientLimits, client_key


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("127.0.0.2", "127.0.0.2"),
        ("2001:db8::1", "2001:db8::/64"),
        ("2001:db8:0:0:ffff::9", "2001:db8::/64"),  # same /64: same client
        ("2001:db8:0:1::1", "2001:db8:0:1::/64"),  # next /64: another
        ("::ffff:10.0.0.7", "10.0.0.7"),  # an IPv4 client on a dual-stack socket
        (None, "-"),
        ("some-host", "some-host"),
    ],
)
def test_the_address_a_share_counts(host: str | None, key: str) -> None:
    assert client_key(host) == key


class Held:
    """An ASGI app whose answers wait until released."""

    def __init__(self) -> None:
        self.release = asyncio.Event()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        await self.release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def _request(app: Any, host: str) -> tuple[int, dict[bytes, bytes]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app({"type": "http", "client": (host, 5000), "path": "/"}, receive, send)
    return sent[0]["status"], dict(sent[0]["headers"])


def test_a_client_past_its_share_gets_429_and_others_are_served() -> None:
    async def go() -> None:
        inner = Held()
        app = ClientLimits(inner, limit=3)
        held = [asyncio.ensure_future(_request(app, "127.0.0.2")) for _ in range(3)]
        await asyncio.sleep(0.01)  # all three are in progress
        status, headers = await _request(app, "127.0.0.2")
        assert status == 429 and headers[b"retry-after"] == b"1"
        other = asyncio.ensure_future(_request(app, "127.0.0.1"))  # another client is let in
        await asyncio.sleep(0.01)
        assert not other.done() and app.in_progress["127.0.0.1"] == 1
        inner.release.set()
        assert [(await h)[0] for h in held] == [200, 200, 200]
        assert (await other)[0] == 200
        assert (await _request(app, "127.0.0.2"))[0] == 200  # the share is free again
        assert not app.in_progress  # nothing is kept for clients that left

    asyncio.run(go())


def test_no_share_when_the_limit_is_zero() -> None:
    async def go() -> None:
        inner = Held()
        app = ClientLimits(inner, limit=0)
        held = [asyncio.ensure_future(_request(app, "127.0.0.2")) for _ in range(20)]
        await asyncio.sleep(0.01)
        inner.release.set()
        assert {(await h)[0] for h in held} == {200}

    asyncio.run(go())
