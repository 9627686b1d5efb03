"""Publishing a build: all or nothing, while servers go on answering from the last good one.

A build is written into a new *generation* folder beside the published name
(``data/builds/<id>/`` for ``data/build``), validated there, and only then published by
replacing the symlink ``data/build`` → ``builds/<id>`` in one ``rename(2)``. Whatever stops a
build (bad input, failed validation, SIGKILL, a full disk), ``data/build`` still names the
previous complete generation. Servers read the generation the link names when they start or
reload, and register in ``builds/servers/`` so that ``fengong reload`` can tell them, and so
that clean-up never removes a generation a live server may still need (a query worker that is
replaced reloads its file).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from fengong.docs import write_ontology_docs
from fengong.errors import FengongError, Location
from fengong.graph.iris import Iris
from fengong.graph.pipeline import Project
from fengong.graph.reading import DEFAULT_READ, ReadOptions
from fengong.graph.stream import StreamedBuild, keep_chunks, stream_build
from fengong.store.disk import DISK_FROM, disk_store, patch_disk_store, wanted, write_disk_store

__all__ = [
    "Published",
    "RejectedBuild",
    "generations",
    "notify_servers",
    "publish",
    "register_server",
    "served_generation",
    "unregister_server",
]

KEEP = 3  # complete generations kept besides the published one and those live servers use
CHUNKS = "chunks"  # the documents' chunks, kept for the next build (fengong.graph.stream)
_STAGING = ".staging-"


class RejectedBuild(FengongError):
    """The build succeeded but its graph fails validation; it was not published."""


@dataclass(frozen=True)
class Published:
    build: StreamedBuild
    generation: Path  # the folder the link now names
    violations: int  # findings at violation level (non-zero only when allowed)
    store: str | None = None  # its on-disk store: "loaded", "patched" from the previous one


def generations(out: Path) -> Path:
    """Where the generations of ``out`` live: ``data/build`` → ``data/builds``."""
    return out.parent / f"{out.name}s"


def served_generation(out: Path) -> Path:
    """The generation folder ``out`` names now (for an old-style folder: itself)."""
    return out.resolve(strict=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_dir():  # sources/: the documents' texts as read, and their files
            _fsync_tree(path)
        elif path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    _fsync_dir(folder)


def _graph_digest(folder: Path) -> str:
    with (folder / "fengong.nq").open("rb") as graph:  # read whole, 10M quads were 2.4 GB
        return hashlib.file_digest(graph, "sha256").hexdigest()[:8]  # of memory: streamed


def _generation_id(digest: str) -> str:
    """Sortable by time, and telling which graph (``digest``, of its ``fengong.nq``):
    20261129T094232.117732-9c604eac."""
    now = time.time_ns()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**9))
    return f"{stamp}.{now // 1000 % 10**6:06d}-{digest}"


def _switch(out: Path, target: Path) -> None:
    """Point ``out`` at ``target`` atomically (a new link renamed over the old one)."""
    if out.exists() and not out.is_symlink():  # a build folder from before generations
        legacy = generations(out) / f"legacy-{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}"
        out.rename(legacy)
    link = out.with_name(f".{out.name}.link-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    link.symlink_to(os.path.relpath(target, out.parent))
    os.replace(link, out)
    _fsync_dir(out.parent)


def _load_from(store: str, previous: Path | None) -> int | None:
    """From how many quads a full merge loads the on-disk store as it writes them: not when
    the previous generation has a store to patch (a few documents changed: seconds, where a
    load takes minutes), nor for ``--store memory``."""
    if store == "memory" or (previous is not None and disk_store(previous) is not None):
        return None
    return 0 if store == "disk" else DISK_FROM


def publish(
    project: Project,
    sources: Iterable[Path],
    out: Path,
    iris: Iris,
    allow_invalid: bool = False,
    options: ReadOptions = DEFAULT_READ,
    progress: Callable[[str], None] | None = None,
    store: str = "auto",
    scheduler: str | None = None,
) -> Published:
    """Build ``sources`` into a new generation, validate it, and publish it at ``out``.

    ``store``: whether the generation also gets an on-disk store its servers open read-only
    (``disk``, ``memory`` or ``auto``: from :data:`fengong.store.disk.DISK_FROM` quads).
    ``scheduler``: the Dask scheduler the documents are read on (default: a local cluster).
    Each document's chunk is kept in ``<generations>/chunks/`` under a hash of its content,
    registries and code, and reused by the next build.

    Raises the build's error, or :class:`RejectedBuild` when validation finds violations
    (unless ``allow_invalid``); in both cases ``out`` is untouched.
    """
    from fengong.validate import Severity

    gens = generations(out)
    gens.mkdir(parents=True, exist_ok=True)
    collect_garbage(out)
    staging = gens / f"{_STAGING}{os.getpid()}-{time.time_ns()}"
    staging.mkdir()
    build: StreamedBuild | None = None
    try:
        previous = served_generation(out) if out.exists() else None
        build = stream_build(project, sources, staging, iris, options, progress, scheduler,
                             cache=gens / CHUNKS, previous=previous,
                             store_from=_load_from(store, previous))  # fmt: skip
        if build.reasoning_errors:
            raise FengongError("the graph is inconsistent: " + "; ".join(build.reasoning_errors))
        for page in ("ontology.html", "ontology.en.html"):  # unchanged ontology: the pages
            if (out / page).is_file():  # are reused, not rendered again
                shutil.copy2(out / page, staging / page)
        write_ontology_docs(project.ontology, staging / "ontology.html")
        report = build.report  # checked as it was built, and written: fengong.graph.stream
        if report is None:  # pragma: no cover - stream_build always checks
            raise FengongError("the build made no validation report")
        violations = report.count(Severity.VIOLATION)
        rejecting = bool(violations) and not allow_invalid
        stored = None
        with ThreadPoolExecutor(1, "digest") as aside:  # hashing 2.4 GB (10M quads) takes
            digest = aside.submit(_graph_digest, staging)  # 5 s: beside the store's load
            if wanted(store, build.quads) and not rejecting:  # a rejected build serves nobody
                loaded = build.loading
                patched = (patch_disk_store(previous, staging / "fengong.nq", staging,
                                            build.delta)
                           if previous is not None and loaded is None else None)  # fmt: skip
                stored = "patched" if patched is not None else "loaded"
                if loaded is not None:
                    count = loaded.result()  # interrupted: abandoned below, before rmtree
                    build = replace(build, loading=None)
                    if count != build.quads:
                        raise FengongError(f"the on-disk store holds {count:,} quads and "
                                           f"fengong.nq {build.quads:,}")  # fmt: skip
                elif patched is None:
                    write_disk_store(staging / "fengong.nq", staging)
            generation = _generation_id(digest.result())
        if build.loading is not None:  # loaded as it was written, and not wanted after all
            build.loading.abandon()
        _fsync_tree(staging)
        final = gens / generation
        if rejecting:
            rejected = final.with_name("rejected-" + final.name)
            staging.rename(rejected)
            first = [f.text("en") for f in report.violations]
            raise RejectedBuild(
                f"validation found {violations} violation(s), so the graph was not published "
                f"and {out} still names the previous build. The rejected build is in "
                f"{rejected}: `fengong validate --written --build {rejected}` lists the findings; "
                "the first: " + "; ".join(first[:3]),
                Location(str(out)),
            )
        staging.rename(final)
        _switch(out, final)
    except BaseException:
        if build is not None and build.loading is not None:
            build.loading.abandon()  # before its folder goes
        shutil.rmtree(staging, ignore_errors=True)
        raise
    collect_garbage(out)
    keep_chunks(gens / CHUNKS, build.chunks)
    return Published(build, final, violations, stored)


# -- servers ---------------------------------------------------------------------------------
def _servers(out: Path) -> Path:
    return generations(out) / "servers"


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (another user's process too: it may be a server or a build)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _a_server(pid: int) -> bool:
    """Whether the running ``pid`` is a fengong process (where /proc tells): a record left by
    a killed server must not get the process that reused its pid signalled."""
    try:
        return b"fengong" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True


def register_server(out: Path, generation: Path) -> Path:
    """Record that this process serves ``generation`` (rewritten on every reload)."""
    folder = _servers(out)
    folder.mkdir(parents=True, exist_ok=True)
    entry = folder / f"{os.getpid()}.json"
    tmp = entry.with_suffix(".tmp")
    tmp.write_text(json.dumps({"pid": os.getpid(), "generation": generation.name}))
    os.replace(tmp, entry)
    return entry


def unregister_server(out: Path) -> None:
    with contextlib.suppress(OSError):
        (_servers(out) / f"{os.getpid()}.json").unlink()


def _live_servers(out: Path) -> Iterator[dict[str, object]]:
    folder = _servers(out)
    if not folder.is_dir():
        return
    for entry in sorted(folder.glob("*.json")):
        try:
            record = json.loads(entry.read_text())
        except (OSError, ValueError):
            continue
        pid = int(record["pid"])
        if _alive(pid) and _a_server(pid):
            yield record
        else:
            with contextlib.suppress(OSError):  # not ours to remove: leave it
                entry.unlink(missing_ok=True)


def notify_servers(out: Path) -> list[int]:
    """Send SIGHUP to every live server of ``out``; they reload the published generation."""
    told = []
    for record in _live_servers(out):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(int(record["pid"]), signal.SIGHUP)  # type: ignore[call-overload]
            told.append(int(record["pid"]))  # type: ignore[call-overload]
    return told


# -- clean-up --------------------------------------------------------------------------------
def collect_garbage(out: Path) -> list[Path]:
    """Remove staging folders of dead builds and all but the newest complete generations,
    keeping the published one and those live servers use."""
    gens = generations(out)
    if not gens.is_dir():
        return []
    removed = []
    for staging in gens.glob(f"{_STAGING}*"):
        pid = int(staging.name.removeprefix(_STAGING).split("-", 1)[0])
        if not _alive(pid):
            shutil.rmtree(staging, ignore_errors=True)
            removed.append(staging)
    keep = {p.name for p in [out.resolve()] if out.is_symlink()}
    keep |= {str(r["generation"]) for r in _live_servers(out)}
    complete = sorted(
        (p for p in gens.iterdir() if p.is_dir() and p.name[0].isdigit()), reverse=True
    )
    rejected = sorted(gens.glob("rejected-*"), reverse=True)
    for old in complete[KEEP:] + rejected[KEEP:]:
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
            removed.append(old)
    return removed
