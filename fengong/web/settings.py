"""How the server is set up; every bound has a default that is safe for a public endpoint."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fengong.graph.iris import DEFAULT_BASE
from fengong.store import Endpoint

__all__ = ["Settings"]


@dataclass(frozen=True)
class Settings:
    graph: Path | None  # the build's N-Quads (None when serving a remote endpoint)
    deadline: float = 10.0  # seconds a query may run before the client gets 503
    max_rows: int = 10_000  # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) in one answer
    max_body: int = 1_000_000  # bytes of request body
    max_query_bytes: int = 16 * 1024  # the longest query text (413 beyond): checking costs
    workers: int = 2  # query worker processes
    query_memory: int = 1024  # MiB a worker may grow past its loaded graph (0: no cap)
    isolate_workers: bool = True  # workers in a network namespace of their own, where allowed
    cors_origins: tuple[str, ...] = field(default_factory=tuple)  # none: same origin only
    project: Path | None = None  # queries/ and shapes/ (default: this checkout)
    base: str = DEFAULT_BASE  # the IRI base the graph was built with; /id/… maps onto it
    endpoint: Endpoint | None = None  # serve a remote SPARQL 1.1 store instead of the build
    max_remote_bytes: int = 50_000_000  # the most a forwarded answer may weigh
    query_cache: int = 256  # named-query answers kept in memory (emptied on reload)
    head_seconds: float = 10.0  # a client has this long to send its request head
    body_seconds: float = 30.0  # and this long, after the head, to send the body
    max_head_bytes: int = 64 * 1024  # request line and headers (431 beyond)
    max_connections: int = 512  # open connections, idle ones included (503 beyond)
    client_connections: int = 64  # open connections per client address (503 beyond; 0: any)
    client_requests: int = 8  # requests in progress per client address (429 beyond; 0: any)
    public_url: str | None = None  # how clients reach us: absolute IRIs; never the Host header
