"""A small HTTP/1.1 load generator: N keep-alive clients on asyncio, bounded in requests and time.

No load tool ships with the Python packages we pin (Debian's ``wrk`` would be one more system
package), and a plain asyncio client is enough to saturate a one-process uvicorn on two cores
(it shares those cores: the figures are lower bounds for a separate client machine).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class LoadResult:
    clients: int
    requests: int
    errors: int  # answers that were not 200
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


async def _read_response(reader: asyncio.StreamReader) -> int:
    status = int((await reader.readline()).split(b" ", 2)[1])
    length, chunked = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value:
            chunked = True
    if chunked:
        while size := int((await reader.readline()).strip(), 16):
            await reader.readexactly(size + 2)
        await reader.readline()
    else:
        await reader.readexactly(length)
    return status


async def _client(port: int, request: bytes, stop: float, budget: list[int], out: list[float],
                  errors: list[int]) -> None:  # fmt: skip
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < stop and budget[0] > 0:
            budget[0] -= 1
            start = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status = await _read_response(reader)
            out.append(time.perf_counter() - start)
            if status != 200:
                errors[0] += 1
    finally:
        writer.close()


async def _run(port: int, path: str, clients: int, seconds: float, max_requests: int,
               accept: str) -> LoadResult:  # fmt: skip
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: {accept}\r\n\r\n"
               ).encode()  # fmt: skip
    latencies: list[float] = []
    errors, budget = [0], [max_requests]
    start = time.perf_counter()
    await asyncio.gather(*(_client(port, request, start + seconds, budget, latencies, errors)
                           for _ in range(clients)))  # fmt: skip
    elapsed = time.perf_counter() - start
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return LoadResult(clients, len(latencies), errors[0], elapsed, cuts[49] * 1000,
                      cuts[98] * 1000)  # fmt: skip


def hammer(port: int, path: str, clients: int, seconds: float = 5.0, max_requests: int = 50_000,
           accept: str = "application/json") -> LoadResult:  # fmt: skip
    """``clients`` connections asking ``path`` back to back until ``seconds`` or
    ``max_requests``; a short warm-up run first."""
    asyncio.run(_run(port, path, clients, 0.5, 200, accept))
    return asyncio.run(_run(port, path, clients, seconds, max_requests, accept))
