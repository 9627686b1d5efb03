"""``fengong push --bulk``: a build into Virtuoso through its own bulk loader.

Pushing through the Graph Store Protocol sends every triple over HTTP and has Virtuoso parse
it in one request per graph; past a few million quads its bulk loader is the tool Virtuoso
documents (``ld_dir`` registers files, ``rdf_loader_run`` loads them, ``checkpoint`` makes it
durable). The loader reads files on the server's machine, from a folder its ``DirsAllowed``
lists, so the build's N-Quads are copied there first, under a name of their own (the graph's
digest); it speaks SQL, so the statements go through Virtuoso's ``isql`` client.

The build's graphs are cleared and loaded in one script. What the loader reports for the file
(``DB.DBA.load_list``: its state and error) is read back, and a file it did not load is an
error naming Virtuoso's own message; the graph counts are then compared with the build's.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path
from string import Template

from fengong.errors import FengongError
from fengong.packaged import defaults_root
from fengong.store.remote import RemoteStore

__all__ = ["bulk_push", "graphs_of", "isql_binary"]

_SCRIPT = "virtuoso-bulk-load.sql"  # in queries/store/, with the store's other queries
_GRAPH = re.compile(rb"<([^<>]*)> \.\s*$")


def isql_binary() -> str:
    """Virtuoso's SQL client: ``isql-vt`` on Debian, ``isql`` elsewhere."""
    for name in ("isql-vt", "isql"):
        found = shutil.which(name)
        if found:
            return found
    raise FengongError("Virtuoso's isql client is missing (Debian: apt-get install "
                       "virtuoso-opensource, which has isql-vt)")  # fmt: skip


def graphs_of(nquads: Path) -> dict[str, int]:
    """Each named graph of a build's N-Quads with its quad count, in order of appearance
    (a build writes every quad with its graph, one per line)."""
    counts: dict[str, int] = {}
    with nquads.open("rb") as handle:
        for line in handle:
            found = _GRAPH.search(line)
            if found:
                name = found.group(1).decode("utf-8")
                counts[name] = counts.get(name, 0) + 1
    return counts


def _quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def bulk_push(nquads: Path, load_dir: Path, sql: str, user: str, password: str,
              remote: RemoteStore) -> dict[str, int]:  # fmt: skip
    """Load ``nquads`` into the Virtuoso whose SQL port is ``sql`` (host:port) and whose
    SPARQL endpoints ``remote`` names, replacing the build's graphs there; ``load_dir`` is a
    folder the server may read (``DirsAllowed``). Returns the graphs and their quad counts,
    each checked on the server."""
    graphs = graphs_of(nquads)
    if not graphs:
        raise FengongError(f"{nquads} holds no quads to push")
    digest = hashlib.sha256(nquads.read_bytes()).hexdigest()[:16]
    name = f"fengong-{digest}.nq"
    load_dir.mkdir(parents=True, exist_ok=True)
    target = load_dir / name
    if not target.is_file():
        shutil.copyfile(nquads, target.with_suffix(".part"))
        os.replace(target.with_suffix(".part"), target)
    for graph in graphs:  # as every push replaces: through the store's own endpoint
        remote.clear(graph)
    folder = str(load_dir.resolve())
    script = Template((defaults_root() / "queries" / "store" / _SCRIPT).read_text("utf-8"))
    done = subprocess.run(
        [isql_binary(), sql, user, password, "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF",
         "ERRORS=STDOUT"],
        input=script.substitute(folder=_quote(folder), file=_quote(name),
                                path=_quote(f"{folder}/{name}")),
        capture_output=True, text=True, timeout=None, check=False,
    )  # fmt: skip
    output = done.stdout + done.stderr
    if done.returncode != 0 or "*** Error" in output:
        raise FengongError(f"Virtuoso refused the bulk load: {_first_error(output)}")
    report = re.search(r"LOADED\s+(\d+)\s+(.*)", output)
    if report is None or report.group(1) != "2" or report.group(2).strip() not in ("", "NULL"):
        raise FengongError(
            f"Virtuoso's loader did not load {target}: "
            f"{report.group(0).strip() if report else _first_error(output)}"
        )
    short = {g: (n, remote.count(g)) for g, n in graphs.items() if remote.count(g) != n}
    if short:
        raise FengongError("Virtuoso holds other counts than the build: " + "; ".join(
            f"{g}: {found} of {n}" for g, (n, found) in sorted(short.items())))  # fmt: skip
    target.unlink()  # loaded and counted: the copy is not needed any more
    return graphs


def _first_error(output: str) -> str:
    for line in output.splitlines():
        if "Error" in line:
            return line.strip()
    return output.strip()[-500:] or "no output"
