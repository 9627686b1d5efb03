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
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path

import pyoxigraph as ox

__all__ = ["DISK_FROM", "READY", "STORE", "disk_store", "open_read_only", "patch_disk_store",
           "wanted", "write_disk_store"]  # fmt: skip

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


def write_disk_store(nquads: Path, folder: Path) -> int:
    """Bulk-load ``nquads`` into ``folder/store`` (replacing any there); the quads loaded.

    The file goes in by pieces of :data:`PIECE` lines: one bulk load of a whole 1M-quad build
    peaked at 1.0 GB, pieces at 0.34 GB (and were faster: 9 s against 12 s); :data:`LOADERS`
    pieces load at once. Each load names blank nodes afresh, so every line that may hold one
    (the ontology's axioms) goes into one last load together: a blank node split over two
    loads would become two."""
    target = folder / STORE
    shutil.rmtree(target, ignore_errors=True)
    store = ox.Store(str(target))
    blank: list[bytes] = []
    with nquads.open("rb") as lines, ThreadPoolExecutor(LOADERS, "bulk-load") as loaders:
        loading: set[Future[None]] = set()
        while piece := list(itertools.islice(lines, PIECE)):
            blank += [line for line in piece if b"_:" in line]
            plain = b"".join(line for line in piece if b"_:" not in line)
            if len(loading) >= LOADERS:  # no more than LOADERS pieces read ahead: memory
                done, loading = wait(loading, return_when=FIRST_COMPLETED)
                for load in done:
                    load.result()  # a failed load stops the store here, READY unwritten
            loading.add(loaders.submit(store.bulk_load, plain, format=ox.RdfFormat.N_QUADS))
        for load in loading:
            load.result()
    store.bulk_load(b"".join(blank), format=ox.RdfFormat.N_QUADS)
    store.optimize()
    count = len(store)
    store.flush()
    del store  # closes RocksDB: read-only openers see every file complete
    (target / READY).write_text(f"{count}\n", encoding="ascii")
    return count


def disk_store(folder: Path) -> Path | None:
    """The complete on-disk store of the build in ``folder``, if it has one."""
    target = folder / STORE
    return target if (target / READY).is_file() else None


def open_read_only(store: Path) -> tuple[ox.Store, int]:
    """The store at ``store`` opened read-only, and its quad count (from ``READY``: counting
    a RocksDB store means reading all of it)."""
    count = int((store / READY).read_text(encoding="ascii"))
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
