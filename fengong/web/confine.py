"""What a query worker shuts itself off from once its store is loaded: the network and memory.

The guard refuses SERVICE before any engine sees a query (``fengong.store.guard``); should a
way round it ever be found, a worker in a network namespace of its own has no interface but a
loopback that is down, so Oxigraph's SERVICE client has nowhere to connect. A namespace needs
Linux and either root or unprivileged user namespaces; where neither is allowed the worker says
so, the server logs it, and ``/api/build`` reports it.

Memory is capped by construction: the worker's address space may grow by the allowance past
what it holds after loading (``RLIMIT_AS``), so a query that wants more fails to allocate (the
Rust allocator then aborts the process) instead of growing the machine into swap. The server
sees the worker die, answers 503, and starts another.
"""

from __future__ import annotations

from dataclasses import dataclass

import psutil

from fengong.confine import isolate_network  # shared with the ingest's child processes

__all__ = ["MemoryCap", "cap_memory", "isolate_network", "resident_bytes"]


@dataclass(frozen=True)
class MemoryCap:
    resident_after_load: int  # bytes in memory once the store was loaded
    address_space: int | None  # the RLIMIT_AS set (None where the OS has no such limit)


def resident_bytes() -> int:
    return int(psutil.Process().memory_info().rss)


def cap_memory(allowance: int) -> MemoryCap:
    """Let this process's address space grow at most ``allowance`` bytes from now on."""
    info = psutil.Process().memory_info()
    try:
        import resource
    except ImportError:  # not a Unix
        return MemoryCap(int(info.rss), None)
    limit = int(info.vms) + allowance
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):  # a lower hard limit is already set, or macOS refuses
        return MemoryCap(int(info.rss), None)
    return MemoryCap(int(info.rss), limit)
