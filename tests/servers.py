"""Real SPARQL servers for tests: started on 127.0.0.1 with a free port, stopped afterwards."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from fengong.store import Endpoint

LOGS = Path(__file__).resolve().parents[1] / "test-output" / "servers"

__all__ = ["FengongServer", "OxigraphServer", "VirtuosoServer", "free_port", "wait_until_up"]


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


class _ServerProcess:
    """A server started on 127.0.0.1 for a test, and stopped (terminate, then kill) after it."""

    stop_timeout = 10.0
    process: subprocess.Popen[bytes] | None = None

    def _start(
        self, args: list[str], ready_url: str, seconds: float = 60, cwd: Path | None = None
    ) -> None:
        # the server's own messages (a traceback behind a 500, say) are kept for the failing test
        LOGS.mkdir(parents=True, exist_ok=True)
        self.log_path = LOGS / f"{Path(args[0]).name}-{os.getpid()}-{id(self):x}.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(args, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        wait_until_up(ready_url, self.process, seconds)

    def log_tail(self, lines: int = 60) -> str:
        """The last ``lines`` the server printed: quoted in an assertion message."""
        path = getattr(self, "log_path", None)
        if path is None or not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()


class OxigraphServer(_ServerProcess):
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

    def __enter__(self) -> OxigraphServer:
        self._start(
            [self.binary, "serve", "--bind", f"127.0.0.1:{self.port}", "--union-default-graph"],
            f"{self.base}/query?query=ASK%7B%7D",
        )
        return self


_VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


class VirtuosoServer(_ServerProcess):
    """Debian's ``virtuoso-opensource`` in a private folder; publishing goes through the
    digest-protected Graph Store endpoint as the default ``dba`` user (a throwaway database)."""

    stop_timeout = 30.0  # Virtuoso checkpoints on the way out

    def __init__(self, folder: Path) -> None:
        binary = shutil.which("virtuoso-t")
        if binary is None:
            raise RuntimeError("virtuoso-t is missing: apt-get install virtuoso-opensource")
        self.binary, self.folder = binary, folder
        self.http_port, self.sql_port = free_port(), free_port()
        base = f"http://127.0.0.1:{self.http_port}"
        self.endpoint = Endpoint(
            query=f"{base}/sparql",
            update=f"{base}/sparql-auth",
            store=f"{base}/sparql-graph-crud-auth",
            user="dba",
            password="dba",
            auth="digest",
        )

    def __enter__(self) -> VirtuosoServer:
        ini = self.folder / "virtuoso.ini"
        ini.write_text(
            _VIRTUOSO_INI.format(dir=self.folder, sql_port=self.sql_port, http_port=self.http_port),
            encoding="utf-8",
        )
        self._start(
            [self.binary, "+foreground", "+configfile", str(ini)],
            f"{self.endpoint.query}?query=ASK%7B%7D",
            seconds=120,
            cwd=self.folder,
        )
        return self


class FengongServer(_ServerProcess):
    """``fengong serve`` over an N-Quads file, as a user would start it."""

    def __init__(
        self,
        graph: Path | None,
        deadline: float = 10.0,
        max_rows: int = 10_000,
        extra: tuple[str, ...] = (),
    ) -> None:
        self.graph, self.deadline, self.max_rows, self.extra = graph, deadline, max_rows, extra
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FengongServer:
        binary = str(Path(sys.executable).with_name("fengong"))
        self._start(
            [binary, "serve", "--port", str(self.port),
             *(["--graph", str(self.graph)] if self.graph else []),
             "--deadline", str(self.deadline), "--max-rows", str(self.max_rows), *self.extra],
            f"{self.base}/sparql",
            seconds=120,
        )  # fmt: skip
        return self


class Canary:
    """An HTTP listener on 127.0.0.1 that records every request it receives and answers with
    data that would show in a result (``MARKER``): Turtle, or a JSON-LD context for ``.jsonld``.
    A test of the "no way out" kind asserts that ``hits`` stays empty."""

    MARKER = "canary-marker-7f3a"

    def __init__(self) -> None:
        self.hits: list[str] = []

    def __enter__(self) -> Canary:
        from http.server import BaseHTTPRequestHandler, HTTPServer

        hits, marker = self.hits, self.MARKER

        class Handler(BaseHTTPRequestHandler):
            def _hit(self) -> None:
                hits.append(f"{self.command} {self.path}")
                jsonld = self.path.endswith(".jsonld")
                body = (
                    f'{{"@context": {{"m": "http://canary/{marker}#"}}}}'
                    if jsonld
                    else f"<http://canary/s> <http://canary/p> <http://canary/{marker}> .\n"
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/ld+json" if jsonld else "text/turtle")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_HEAD = _hit  # the names http.server calls

            def log_message(self, *args: object) -> None:
                pass

        self._server = HTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def build_text(folder: Path, text: str) -> Path:
    """``text`` written as one source document under ``folder`` and built with the CLI, as a
    user would (violations allowed: tests serve odd documents on purpose); its N-Quads."""
    from typer.testing import CliRunner

    from fengong.cli import app

    source = folder / "src" / "x.txt"
    source.parent.mkdir(parents=True)
    source.write_text(text, encoding="utf-8")
    built = CliRunner().invoke(app, ["build", str(source), "--out", str(folder / "build"),
                                     "--allow-invalid"])  # fmt: skip
    assert built.exit_code == 0, built.output
    return folder / "build" / "fengong.nq"
