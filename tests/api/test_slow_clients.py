"""Slow and oversized clients are cut off, and nobody else notices.

uvicorn alone keeps a silent connection, a request head trickled a byte at a time, or a body
trickled after its head open for ever, and accepts an 8 MiB head; ``fengong.web.protocol`` closes them
(408) after ``--head-timeout`` / ``--body-timeout`` and answers 431 to a head over 64 KiB.
"""

from __future__ import annotations

import contextlib
import socket
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import FengongServer

HEAD, BODY = 1.5, 2.0


@pytest.fixture(scope="module")
def server(seed_build_dir: Path) -> Iterator[tuple[str, int]]:
    extra = ("--head-timeout", str(HEAD), "--body-timeout", str(BODY), "--workers", "1")
    with FengongServer(seed_build_dir / "fengong.nq", extra=extra) as s:
        yield s.base, s.port


def _connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.settimeout(0.2)
    return sock


def _trickle(
    sock: socket.socket, data: bytes, every: float, limit: float, started: float
) -> tuple[bytes, float]:
    """Send ``data`` a byte at a time; return what came back, and when the server closed
    (seconds since ``started``, taken before connecting: the server's clock starts there)."""
    received = b""
    for byte in data:
        try:
            sock.sendall(bytes([byte]))
        except OSError:  # closed by the server: what it said is read below
            break
        deadline = time.monotonic() + every
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                return received, time.monotonic() - started
            if not chunk:
                return received, time.monotonic() - started
            received += chunk
        if time.monotonic() - started > limit:
            break
    closed = time.monotonic() - started
    sock.settimeout(2)
    with contextlib.suppress(OSError):
        while chunk := sock.recv(4096):
            received += chunk
    return received, closed


def _response(sock: socket.socket) -> bytes:
    """One whole response (head and Content-Length bytes of body) from a kept-alive socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))  # fmt: skip
    while len(body) < length:
        body += sock.recv(65536)
    return head + b"\r\n\r\n" + body


def _others_still_answered(base: str) -> None:
    with urllib.request.urlopen(f"{base}/api/build", timeout=10) as response:
        assert response.status == 200


def test_a_silent_connection_is_closed(server: tuple[str, int]) -> None:
    base, port = server
    sock = _connect(port)
    sock.settimeout(HEAD + 5)  # and nothing is sent
    received = sock.recv(4096)
    assert received.startswith(b"HTTP/1.1 408")
    assert sock.recv(4096) == b""
    _others_still_answered(base)


def test_a_trickled_head_is_cut_off(server: tuple[str, int]) -> None:
    base, port = server
    head = b"GET /api/build HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 200
    started = time.monotonic()
    received, seconds = _trickle(_connect(port), head, 0.25, HEAD + 10, started)
    assert received.startswith(b"HTTP/1.1 408")
    assert HEAD - 0.05 <= seconds < HEAD + 5
    _others_still_answered(base)


def test_a_trickled_body_is_cut_off(server: tuple[str, int]) -> None:
    base, port = server
    sock = _connect(port)
    sock.sendall(
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/sparql-query\r\nContent-Length: 1000\r\n\r\n"
    )
    started = time.monotonic()  # the body's clock starts at the head, sent just now
    received, seconds = _trickle(sock, b"ASK { ?s ?p ?o }" + b" " * 500, 0.25, BODY + 10, started)
    assert received.startswith(b"HTTP/1.1 408")
    assert BODY - 0.05 <= seconds < BODY + 5
    _others_still_answered(base)


def test_a_kept_alive_connection_gets_a_fresh_head_deadline(server: tuple[str, int]) -> None:
    """The head deadline runs per request: a client that answers in time stays connected."""
    _, port = server
    sock = _connect(port)
    sock.settimeout(10)
    for _ in range(3):
        time.sleep(HEAD / 2)
        sock.sendall(b"GET /api/build HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert _response(sock).startswith(b"HTTP/1.1 200")


def test_an_oversized_head_gets_431(server: tuple[str, int]) -> None:
    base, port = server
    sock = _connect(port)
    sock.settimeout(10)
    sock.sendall(b"GET /api/build HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n")
    assert sock.recv(4096).startswith(b"HTTP/1.1 431")
    _others_still_answered(base)


def test_an_oversized_body_gets_413(server: tuple[str, int]) -> None:
    base, port = server
    sock = _connect(port)
    sock.settimeout(10)
    sock.sendall(
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 5000000\r\n\r\n" + b" " * 65536
    )
    assert sock.recv(4096).startswith(b"HTTP/1.1 413")
    _others_still_answered(base)


def test_a_large_body_after_a_split_blank_line_is_not_a_large_head(
    server: tuple[str, int],
) -> None:
    """The blank line that ends the head may straddle two reads: the body after it is not
    counted as head."""
    _, port = server
    body = b"ASK { ?s ?p ?o }" + b" " * 100_000
    head = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")  # fmt: skip
    sock = _connect(port)
    sock.settimeout(10)
    sock.sendall(head[:-1])
    time.sleep(0.3)  # the last byte of the blank line in a read of its own, with the body
    sock.sendall(head[-1:] + body)
    # read as a body: the query is then judged by its length (413 under --max-query-bytes),
    # never as a head too large (431)
    answer = _response(sock)
    assert answer.startswith(b"HTTP/1.1 413") and b"Query too long" in answer
