"""An on-disk copy of a build, opened read-only by every process that serves it.

Each query worker used to load the build's N-Quads into a store of its own: at 10M quads,
3.3 GB per worker. A build can also be bulk-loaded once into an on-disk Oxigraph store
(RocksDB) in ``<generation>/store/``; workers then open that folder read-only, and the pages
they read are the operating system's page cache, shared by all of them. In-memory stays the
default where it is faster (small builds): :func:`wanted` decides.

The store is derived from ``fengong.nq`` and is not part of the build's deterministic output
(RocksDB's files differ from run to run); the graph's bytes stay those of ``fengong.nq``. A
load that stops half-way leaves no ``READY`` file, and a folder without one is never opened.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path

import pyoxigraph as ox

__all__ = ["DISK_FROM", "READY", "STORE", "GrowingFileLoader", "PieceLoader", "disk_store",
           "open_read_only", "patch_disk_store", "ready_count", "wanted",
           "write_disk_store"]  # fmt: skip

STORE = "store"  # the folder in a build generation
READY = "READY"  # written last, holding the quad count
#: builds from this many quads are served from disk by default (``--store auto``). Memory is
#: faster at every size (catalogue median 3.4× at 1M quads) but each worker holds a copy, about
#: 380 MiB per million quads: from 5M, two workers would need 4 GB (bench/serve_store.py)
DISK_FROM = 5_000_000
PIECE = 200_000  # lines of N-Quads per bulk load (whole lines: N-Quads has one quad a line)
#: pieces loaded at once, each on a thread of its own (Oxigraph's loader lets go of the GIL;
#: the next piece is read meanwhile). Two at a time loaded 10M quads in 57 s against 90 s
#: (0.76 GB against 0.40 GB), but the store answered the catalogue 14 % slower (median over 16
#: queries, up to 24 %), even compacted: a store is queried far more often than it is built
LOADERS = 1
#: a rebuild patches the previous generation's store when at most this share of its quads
#: changed (one document of many); beyond, a bulk load is faster than removing and adding
PATCH_UP_TO = 0.05


def wanted(choice: str, quads: int) -> bool:
    """Whether a build of ``quads`` gets an on-disk store: ``disk``, ``memory`` or ``auto``."""
    if choice not in ("auto", "disk", "memory"):
        raise ValueError(f"store {choice!r}: auto, disk or memory")
    return choice == "disk" or (choice == "auto" and quads >= DISK_FROM)


class PieceLoader:
    """Bulk-loads N-Quads into ``folder/store`` (replacing any there) as pieces come, on
    :data:`LOADERS` threads of their own (Oxigraph's loader lets go of the GIL), so a build can
    load its quads while it still merges and sorts them.

    Pieces of :data:`PIECE` lines: one bulk load of a whole 1M-quad build peaked at 1.0 GB,
    pieces at 0.34 GB (and were faster: 9 s against 12 s). Each load names blank nodes afresh,
    so every line that may hold one (the ontology's axioms) goes into one last load together:
    a blank node split over two loads would become two. Nothing is complete (``READY``) until
    :meth:`finish`."""

    def __init__(self, folder: Path) -> None:
        self.target = folder / STORE
        shutil.rmtree(self.target, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        self.store = ox.Store(str(self.target))
        self.loaders = ThreadPoolExecutor(LOADERS, "bulk-load")
        self.loading: set[Future[None]] = set()
        self.piece: list[bytes] = []
        self.lines = 0
        self.blank: list[bytes] = []

    def add(self, quads: bytes) -> None:
        """Whole N-Quads lines, in any order."""
        if b"_:" in quads:
            lines = quads.splitlines(keepends=True)
            self.blank += [line for line in lines if b"_:" in line]
            quads = b"".join(line for line in lines if b"_:" not in line)
        self.piece.append(quads)
        self.lines += quads.count(b"\n")
        if self.lines >= PIECE:
            self._load()

    def _load(self) -> None:
        plain, self.piece, self.lines = b"".join(self.piece), [], 0
        if len(self.loading) >= LOADERS:  # no more than LOADERS pieces held: memory
            done, self.loading = wait(self.loading, return_when=FIRST_COMPLETED)
            for load in done:
                load.result()  # a failed load stops the store here, READY unwritten
        self.loading.add(self.loaders.submit(self.store.bulk_load, plain,
                                             format=ox.RdfFormat.N_QUADS))  # fmt: skip

    def finish(self) -> int:
        """Load what is left, compact, and mark the store complete; the quads it holds."""
        if self.piece:
            self._load()
        for load in self.loading:
            load.result()
        self.loaders.shutdown()
        self.store.bulk_load(b"".join(self.blank), format=ox.RdfFormat.N_QUADS)
        self.store.optimize()
        count = len(self.store)
        self.store.flush()
        del self.store  # closes RocksDB: read-only openers see every file complete
        (self.target / READY).write_text(f"{count}\n", encoding="ascii")
        return count

    def abandon(self) -> None:
        """Stop, and leave no store behind."""
        for load in self.loading:
            load.cancel()
        self.loaders.shutdown(wait=True)
        self.store = None  # type: ignore[assignment]
        shutil.rmtree(self.target, ignore_errors=True)


class GrowingFileLoader:
    """Loads a file of N-Quads into an on-disk store *while it is being written*: a thread
    reads what the writer has written so far, whole lines, and hands it to a
    :class:`PieceLoader`; :meth:`close` says nothing more will come. A streaming build writes
    its quads in 20 s and sorts them in 30 s; the load takes 110 s (10M quads), so it runs
    beside those rather than after, at its own pace and in bounded memory (the lines wait in
    the file, not in this process)."""

    def __init__(self, path: Path, folder: Path) -> None:
        self.path = path
        self.handle = path.open("rb")  # now: the writer may remove the file before it is read
        self.loader = PieceLoader(folder)
        self.closed = threading.Event()
        self.stopped = False
        self.failure: BaseException | None = None
        self.count: int | None = None
        self.thread = threading.Thread(target=self._run, name="store-feed", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            with self.handle as handle:
                rest = b""
                while not self.stopped:
                    done = self.closed.is_set()  # before reading: all was written by then
                    block = handle.read(1 << 23)
                    if block:
                        rest += block
                        cut = rest.rfind(b"\n") + 1
                        if cut:
                            self.loader.add(rest[:cut])
                            rest = rest[cut:]
                    elif done:
                        break
                    else:
                        time.sleep(0.05)
                if rest and not self.stopped:
                    raise ValueError(f"{self.path.name} ends inside a line")
            if not self.stopped:
                self.count = self.loader.finish()
        except BaseException as err:  # reported by result(); the store is left unfinished
            self.failure = err

    def close(self) -> None:
        """Everything is written (and flushed): load the rest and finish."""
        self.closed.set()

    def result(self) -> int:
        """Wait for the load (after :meth:`close`); the quads the store holds."""
        if not self.closed.is_set():
            raise RuntimeError("the file may still grow: close() first")
        self.thread.join()
        if self.failure is not None:
            self.loader.abandon()
            raise self.failure
        assert self.count is not None
        return self.count

    def abandon(self) -> None:
        """Stop, and leave no store behind."""
        self.stopped = True
        self.closed.set()
        self.thread.join()
        self.loader.abandon()


def write_disk_store(nquads: Path, folder: Path) -> int:
    """Bulk-load ``nquads`` into ``folder/store`` (replacing any there); the quads loaded.
    The next piece is read while one loads (:class:`PieceLoader`)."""
    loader = PieceLoader(folder)
    try:
        with nquads.open("rb") as lines:
            while piece := list(itertools.islice(lines, PIECE)):
                loader.add(b"".join(piece))
        return loader.finish()
    except BaseException:
        loader.abandon()
        raise


def disk_store(folder: Path) -> Path | None:
    """The complete on-disk store of the build in ``folder``, if it has one."""
    target = folder / STORE
    return target if (target / READY).is_file() else None


def ready_count(store: Path) -> int | None:
    """The quad count a complete store's ``READY`` holds (counting a RocksDB store means
    reading all of it); None if it holds none (a write cut short, or not ours)."""
    try:
        return int((store / READY).read_text(encoding="ascii"))
    except (OSError, ValueError):
        return None


def open_read_only(store: Path) -> tuple[ox.Store, int]:
    """The store at ``store`` opened read-only, and its quad count (:func:`ready_count`)."""
    count = ready_count(store)
    if count is None:
        raise ValueError(f"{store / READY} holds no quad count")
    return ox.Store.read_only(str(store)), count


def patch_disk_store(
    previous: Path,
    nquads: Path,
    folder: Path,
    delta: tuple[list[bytes], list[bytes]] | None = None,
) -> int | None:
    """The store of the generation ``previous``, copied into ``folder/store`` and patched with
    the lines in which its ``fengong.nq`` and ``nquads`` differ (``delta``: the lines removed
    and added, when the build knows them: it patched the file); the quad count, or None when
    it cannot be done so (no store there; blank nodes among the differences, which no label
    names across loads; more than :data:`PATCH_UP_TO` of the quads changed), and then
    nothing was written.

    The copy is a RocksDB checkpoint (hard links to the previous store's immutable files, made
    from a read-only opening), so the previous generation, which servers may still read, is
    never written to. Both files are sorted as bytes, so ``comm(1)`` finds the differences in
    one pass: a rebuild after one document of 870 changed patches a 10M-quad store in
    seconds, where a bulk load takes minutes.
    """
    old_store, old_nq, comm = disk_store(previous), previous / "fengong.nq", shutil.which("comm")
    if old_store is None:
        return None
    count = int((old_store / READY).read_text(encoding="ascii"))
    limit = max(1, int(count * PATCH_UP_TO))
    if delta is not None:
        removed, added = delta
        if len(removed) + len(added) > limit or any(b"_:" in q for q in (*removed, *added)):
            return None
    else:
        if not old_nq.is_file() or comm is None:
            return None
        found = _differences(old_nq, nquads, comm, limit)
        if found is None:
            return None
        removed, added = found
    target = folder / STORE
    shutil.rmtree(target, ignore_errors=True)
    source = ox.Store.read_only(str(old_store))
    source.backup(str(target))
    del source
    store = ox.Store(str(target))
    for quad in ox.parse(b"".join(removed), format=ox.RdfFormat.N_QUADS):
        store.remove(quad)
    store.extend(ox.parse(b"".join(added), format=ox.RdfFormat.N_QUADS))
    store.flush()
    del store  # closes RocksDB before the mark says the store is complete
    count += len(added) - len(removed)
    (target / READY).write_text(f"{count}\n", encoding="ascii")
    return count


def _differences(
    old: Path, new: Path, comm: str, limit: int
) -> tuple[list[bytes], list[bytes]] | None:
    """The lines of sorted ``old`` not in sorted ``new`` and the reverse, by ``comm(1)``; None
    past ``limit`` lines or at a blank node."""
    removed: list[bytes] = []
    added: list[bytes] = []
    with subprocess.Popen([comm, "-3", str(old), str(new)], stdout=subprocess.PIPE,
                          env={**os.environ, "LC_ALL": "C"}) as process:  # fmt: skip
        assert process.stdout is not None
        for line in process.stdout:
            if b"_:" in line or len(removed) + len(added) >= limit:
                process.kill()
                return None
            (added if line.startswith(b"\t") else removed).append(line.lstrip(b"\t"))
    if process.returncode != 0:
        return None
    return removed, added
