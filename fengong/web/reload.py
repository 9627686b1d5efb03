"""Switching a running server to a newly published build, without a restart.

On SIGHUP (``fengong reload`` sends it) the server starts new query workers on the file its
``--graph`` names, while the old ones go on answering; then, in one step on the event loop, it
swaps them in and empties everything derived from the old graph (the named-query answers, the
validation report). A request keeps the workers it started with (``fengong.web.pooled`` pins them), so
it sees one graph or the other, never both. Old workers are stopped once every query sent to
them has had its deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from fengong.graph.publish import register_server, unregister_server
from fengong.web.settings import Settings
from fengong.web.worker import WorkerPool

__all__ = ["Reloader", "Served", "served_file"]

log = logging.getLogger("uvicorn.error")  # printed with the server's own messages


@dataclass(frozen=True)
class Served:
    """The build a server answers from."""

    nquads: Path  # the resolved file (inside its generation folder)
    identity: tuple[int, int, int]  # inode, size, mtime: a changed file is a new build
    quads: int
    loaded_at: float  # epoch seconds

    @property
    def folder(self) -> Path:
        return self.nquads.parent

    def describe(self) -> dict[str, Any]:
        return {
            "generation": self.folder.name,
            "quads": self.quads,
            "loaded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.loaded_at)),
        }


def served_file(graph: Path) -> tuple[Path, tuple[int, int, int]]:
    """The file ``graph`` names now, through the published link, and its identity."""
    path = graph.resolve(strict=True)
    stat = path.stat()
    return path, (stat.st_ino, stat.st_size, stat.st_mtime_ns)


class Reloader:
    """Loads a published build beside the served one and swaps them on the event loop."""

    def __init__(self, app: FastAPI, settings: Settings) -> None:
        assert settings.graph is not None
        self.app, self.settings, self.graph = app, settings, settings.graph
        self._lock = asyncio.Lock()
        self.reloads = 0
        self.failures = 0

    def link(self) -> Path | None:
        """The published link (``data/build``) when the graph is served through one."""
        return self.graph.parent if self.graph.parent.is_symlink() else None

    def register(self) -> None:
        """Tell ``fengong reload`` where to find this server; a server that cannot write
        there (a read-only build) still serves, and still reloads on SIGHUP."""
        link = self.link()
        if link is not None:
            try:
                register_server(link, self.app.state.served.folder)
            except OSError as err:
                log.warning(
                    "cannot register (%s): `fengong reload` will not find this server (SIGHUP "
                    "will), and clean-up may remove the generation it serves; its query "
                    "workers could then not restart",
                    err,
                )

    def unregister(self) -> None:
        link = self.link()
        if link is not None:
            unregister_server(link)

    def listen(self) -> None:
        """Reload on SIGHUP (only possible in the main thread: not under a test client)."""
        loop = asyncio.get_running_loop()
        with contextlib.suppress(ValueError, RuntimeError, NotImplementedError):
            loop.add_signal_handler(signal.SIGHUP, lambda: asyncio.ensure_future(self.reload()))

    async def reload(self) -> bool:
        """Serve the build ``--graph`` names now; False if it is the one already served or
        cannot be loaded (then the old one stays, and the error is logged)."""
        async with self._lock:
            state = self.app.state
            try:
                path, identity = served_file(self.graph)
                if (path, identity) == (state.served.nquads, state.served.identity):
                    return False
                pool = WorkerPool.for_settings(path, self.settings)
                await pool.start()
            except Exception as err:  # whatever went wrong, the served graph stays
                self.failures += 1
                log.error("reload failed, still serving %s: %s", state.served.folder.name, err)
                return False
            old_pool = state.pool
            # the swap: nothing below awaits; a request already under way keeps the pool it
            # started with (fengong.web.pooled pins it), so none runs half on each graph
            state.pool = pool
            state.result_cache.clear()
            state.validation = None
            for forget in state.on_reload:  # anything else computed from the old graph
                forget()
            state.served = Served(path, identity, pool.quads, time.time())
            self.reloads += 1
            self.register()
            log.info("now serving %s (%d quads)", path.parent.name, pool.quads)
        await old_pool.retire(self.settings.deadline + 1)
        return True
