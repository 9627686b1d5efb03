"""Shutting a process off from the network and capping what it may use: the query workers
(``fengong.web.worker``) and the child processes that read untrusted files (the PDF reader, the
LibreOffice conversion) share these.

A network namespace needs Linux and either root or unprivileged user namespaces; where the OS
refuses, :func:`isolate_network` says so (False) and the caller decides what to report.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import resource
import sys
from collections.abc import Callable

__all__ = ["child_limits", "isolate_network", "lower_limit"]

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


def isolate_network() -> bool:
    """Move this process into a new, empty network namespace; False where the OS refuses."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    # root may create a network namespace directly; others need a user namespace around it
    for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return True
    return False


def lower_limit(kind: int, value: int) -> None:
    """Set a limit to ``value``, or keep a lower one already set: a process cannot raise its
    hard limit, and a caller's tighter cap (a test's, a parent's) stays."""
    soft, hard = resource.getrlimit(kind)
    for current in (soft, hard):
        if current != resource.RLIM_INFINITY:
            value = min(value, current)
    resource.setrlimit(kind, (value, value if hard == resource.RLIM_INFINITY else min(value, hard)))


def child_limits(memory: int, seconds: float) -> Callable[[], None]:
    """A ``preexec_fn`` for a child that reads an untrusted file: at most ``memory`` bytes of
    address space, ``seconds`` (and a margin) of CPU, no core dump, and no network where a
    namespace can be made. It runs in the forked child, before the program starts."""

    def confine() -> None:
        lower_limit(resource.RLIMIT_AS, memory)
        lower_limit(resource.RLIMIT_CPU, int(seconds) + 5)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        isolate_network()

    return confine
