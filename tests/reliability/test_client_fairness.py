"""One client cannot deny the others (issue 16, point 3): not with many heavy queries at once,
not with hundreds of idle connections.

The attacker connects from 127.0.0.2, the other client from 127.0.0.1 (Linux routes all of
127/8 to the loopback). No wall-clock bound is asserted: the other client's probes must be
answered 200 while the attack is still going on.
"""

from __future__ import annotations

import asyncio
import http.client
import socket
import threading
import time
import urllib.parse
from pathlib import Path

from api.worker import Job, WorkerPool
from tests.servers import FengongServer

#: a four-way join on shared objects: 25 s on the seed, and nothing the "risky" shape check
#: recognises (no path, no regex, no cartesian product)
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?c . ?f ?g ?c . ?h ?i ?c }"
ASK = "/sparql?query=" + urllib.parse.quote("ASK {}")


def _get(port: int, path: str, source: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120,
                                            source_address=(source, 0))  # fmt: skip
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_many_heavy_queries_from_one_client_leave_room_for_another(seed_build_dir: Path) -> None:
    with FengongServer(seed_build_dir / "fengong.nq", deadline=8) as server:
        statuses: list[int] = []
        threads = [
            threading.Thread(target=lambda n=n: statuses.append(_get(
                server.port, "/sparql?query=" + urllib.parse.quote(f"{HEAVY} # {n}"), "127.0.0.2")))
            for n in range(32)
        ]  # fmt: skip
        for thread in threads:
            thread.start()
        for _ in range(1200):  # until the attacker's share is full (or, unshared, all ended)
            if 429 in statuses or not any(thread.is_alive() for thread in threads):
                break
            time.sleep(0.05)
        probes = [_get(server.port, ASK, "127.0.0.1") for _ in range(5)]
        during = sum(thread.is_alive() for thread in threads)
        for thread in threads:
            thread.join(120)
    assert probes == [200] * 5
    assert during > 0, "the probes were answered only after the attack ended"
    assert statuses.count(429) >= 32 - 8  # beyond the share of 8 requests in progress
    assert set(statuses) <= {200, 429, 503}


def test_one_clients_queries_get_all_workers_but_one(seed_build_dir: Path) -> None:
    """In the pool itself: a client's second heavy query waits for its share, so a worker
    stays free for anyone else; without a client named, both workers are taken."""

    async def busy_workers(client: str | None) -> int:
        pool = WorkerPool(seed_build_dir / "fengong.nq", size=2, deadline=2, isolate=False)
        await pool.start()
        try:
            heavy = [asyncio.ensure_future(pool.run(Job(f"{HEAVY} # {n}", "SELECT",
                                                         "text/csv"), client)) for n in range(2)]  # fmt: skip
            await asyncio.sleep(0.5)
            busy = len(pool._busy)
            other = await pool.run(Job("ASK {}", "ASK", "text/csv"), "127.0.0.1")
            assert other.status == 200
            await asyncio.gather(*heavy)
            return busy
        finally:
            await pool.stop()

    assert asyncio.run(busy_workers("127.0.0.2")) == 1
    assert asyncio.run(busy_workers(None)) == 2


def _idle_sockets(port: int, count: int, source: str) -> list[socket.socket]:
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0))
        sockets.append(sock)
    return sockets


def test_hundreds_of_idle_sockets_from_one_client_do_not_shut_out_another(
    seed_build_dir: Path,
) -> None:
    with FengongServer(seed_build_dir / "fengong.nq", extra=("--head-timeout", "60")) as server:
        sockets = _idle_sockets(server.port, 530, "127.0.0.2")
        try:
            assert _get(server.port, ASK, "127.0.0.1") == 200
            refused = sockets[-1].recv(200)  # past its share, a connection is told and closed
            assert refused.startswith(b"HTTP/1.1 503")
        finally:
            for sock in sockets:
                sock.close()


def test_without_a_connection_share_the_same_sockets_shut_everyone_out(
    seed_build_dir: Path,
) -> None:
    """The attack is real: with --client-connections 0 the other client gets 503."""
    extra = ("--head-timeout", "60", "--client-connections", "0")
    with FengongServer(seed_build_dir / "fengong.nq", extra=extra) as server:
        sockets = _idle_sockets(server.port, 530, "127.0.0.2")
        try:
            assert _get(server.port, ASK, "127.0.0.1") == 503
        finally:
            for sock in sockets:
                sock.close()
