"""Real SPARQL servers for tests: started on 127.0.0.1 with a free port, stopped afterwards."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from fengong.store import Endpoint

__all__ = ["OxigraphServer", "free_port", "wait_until_up"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    """Poll ``url`` until it answers (any HTTP status); fail if the process dies first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"no answer from {url} within {seconds} s")


class OxigraphServer:
    """``oxigraph serve`` (PyPI package ``oxigraph``) in memory, union default graph on."""

    def __init__(self) -> None:
        found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
        if not Path(found).is_file():
            raise RuntimeError("the oxigraph server binary is missing: `pip install oxigraph`")
        self.binary = found
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.endpoint = Endpoint(
            query=f"{self.base}/query", update=f"{self.base}/update", store=f"{self.base}/store"
        )
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> OxigraphServer:
        self.process = subprocess.Popen(
            [self.binary, "serve", "--bind", f"127.0.0.1:{self.port}", "--union-default-graph"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_up(f"{self.base}/query?query=ASK%7B%7D", self.process)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
