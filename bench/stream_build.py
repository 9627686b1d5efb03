"""The streaming build against the in-memory one, side by side in one run, at corpus scale.

Usage: python bench/stream_build.py --docs 87 870 [--baseline-up-to 870] [--work DIR]
                                    [--results bench/STREAM.md]

For each size (documents cut from the seed by ``fengong.synthetic``; 87 documents ≈ 1M quads):

* **in memory** (the baseline, ``bench/tasks.py whole``): one process builds the corpus in one
  store, writes the files, validates them and loads the store a server would serve;
* **streaming, cold**: ``fengong build --store disk --allow-invalid`` as a user runs it, with
  an empty chunk cache: a local Dask cluster reads the documents, this process merges,
  validates and bulk-loads the on-disk store, and publishes;
* **no change**: the same command again (every chunk from the cache);
* **one document changed**: one task's wording changed in one document, then the command
  (which patches the previous build's files: the table says in how many runs it did);
  ``--rebuilds`` times, another document each time, each change measured and so is its
  undoing (one document changed back); the run of median time is reported, the others
  beside it.

Processor time is the user and system time of the build and every process it started and
reaped (its workers, sort, the Turtle writer), beside the share of the cores it kept busy: below
100 %, something waited. Memory is the process tree's resident set, sampled every 0.1 s (summed
over the build and its workers: what the machine must hold), beside the kernel's peak of the
largest single process.
Generated documents have faults on purpose (a department both leads and supports), hence
``--allow-invalid``. Nothing here asserts a time: the figures are printed and written down.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from common import ROOT, SEED

from fengong.synthetic import generate

TASKS = Path(__file__).with_name("tasks.py")
PATCHED = "the previous build's files patched"  # what fengong build says (fengong.graph.patch)
FENGONG = Path(sys.executable).with_name("fengong")


@dataclass
class Measured:
    seconds: float
    tree_mb: float  # highest sum of the tree's RSS, sampled
    largest_mb: float  # the kernel's peak RSS of the largest single process
    output: str
    cpu_seconds: float = 0.0  # user + system time of the build and every process it reaped

    def cells(self) -> str:
        busy = self.cpu_seconds / (self.seconds * (os.cpu_count() or 1))
        return (f"{self.seconds:,.1f} s | {self.cpu_seconds:,.0f} core-s ({busy:.0%} of the "
                f"cores) | {self.tree_mb:,.0f} MB | {self.largest_mb:,.0f} MB")  # fmt: skip


def measure(command: list[str], cap: float) -> Measured:
    """Run ``command``; its wall time, its tree's peak RSS (sampled) and the kernel's peak.
    Its output goes to a file, not a pipe: a build prints a line per document, and a full
    pipe would stop it."""
    with tempfile.TemporaryFile() as log:
        start = time.monotonic()
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        watched = psutil.Process(process.pid)
        tree = 0.0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            total = 0
            try:
                members = [watched, *watched.children(recursive=True)]
            except psutil.Error:
                members = []
            for member in members:
                with contextlib.suppress(psutil.Error):  # a worker that just ended
                    total += member.memory_info().rss
            tree = max(tree, total / 2**20)
            if time.monotonic() - start > cap:
                for member in members:
                    member.kill()
                raise RuntimeError(f"{command[:3]} passed its cap of {cap:.0f} s")
            time.sleep(0.1)
        seconds = time.monotonic() - start
        log.seek(0)
        output = log.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{command} failed:\n{output[-3000:]}")
    # wait4 reports the process's own time and that of the children it reaped (the workers,
    # sort, the Turtle writer): whether a build is bound by the processors or waits
    return Measured(seconds, tree, usage.ru_maxrss / 1024, output,
                    usage.ru_utime + usage.ru_stime)  # fmt: skip


def change_one_document(corpus: Path, which: int = 0) -> Path:
    """Reword one measure of a document near the middle (``which`` picks another one each
    time: its chunk alone must be made again)."""
    paths = sorted(corpus.glob("*.txt"))
    path = paths[(len(paths) // 2 + which) % len(paths)]
    text = path.read_text(encoding="utf-8")
    if "。\t" not in text:
        raise RuntimeError(f"{path}: no measure cell to reword")
    path.write_text(text.replace("。\t", "，并定期通报。\t", 1), encoding="utf-8")
    return path


def run_size(docs: int, work: Path, baseline: bool, cap: float, cold_only: bool = False,
             store: str = "disk", rebuilds: int = 3) -> dict[str, object]:  # fmt: skip
    corpus = work / f"corpus-{docs}"
    if not corpus.is_dir():
        generate(docs, 1, corpus, SEED)
    row: dict[str, object] = {"docs": docs}
    if baseline:
        whole = measure([sys.executable, str(TASKS), "whole", str(corpus), str(work / "whole")],
                        cap)  # fmt: skip
        row["whole"] = whole
        row["quads"] = json.loads(whole.output.strip().splitlines()[-1])["quads"]
        shutil.rmtree(work / "whole", ignore_errors=True)
    out = work / f"build-{docs}"
    shutil.rmtree(work / f"build-{docs}s", ignore_errors=True)  # generations and chunk cache
    if out.is_symlink():
        out.unlink()
    command = [str(FENGONG), "build", str(corpus), "--out", str(out), "--store", store,
               "--allow-invalid"]  # fmt: skip
    row["cold"] = measure(command, cap)
    row["quads"] = sum(1 for _ in (out / "fengong.nq").open("rb"))
    row["chunks_mb"] = (
        sum(p.stat().st_size for p in (work / f"build-{docs}s" / "chunks").iterdir()) / 2**20
    )
    row["store_mb"] = (
        sum(p.stat().st_size for p in (out / "store").rglob("*") if p.is_file()) / 2**20
    )
    row["store"] = store
    if cold_only:  # a large corpus: its generations would not fit on the disk twice
        return row
    unchanged, changed = [], []
    for n in range(rebuilds):  # rebuilds vary from run to run: each is run several times
        unchanged.append(measure(command, cap))
        edited = change_one_document(corpus, n)
        changed.append(measure(command, cap))
        row.setdefault("changed_files", []).append(edited.name)  # type: ignore[union-attr]
        generate(docs, 1, corpus, SEED)  # the corpus as it was: one document changed back
        changed.append(measure(command, cap))
    row["unchanged"], row["changed"] = median_run(unchanged), median_run(changed)
    row["unchanged_runs"], row["changed_runs"] = unchanged, changed
    return row


def median_run(runs: list[Measured]) -> Measured:
    """The run of median time (its memory with it)."""
    return sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]


def report(rows: list[dict[str, object]]) -> list[str]:
    lines = [
        f"Machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}.",
        "",
        "| documents | quads | run | wall | processor time | tree peak RSS | largest process "
        "| vs in memory |",
        "|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        whole = row.get("whole")
        for name, label in (("whole", "in memory (build, validate, load)"),
                            ("cold", "streaming, cold cache"),
                            ("unchanged", "streaming, nothing changed"),
                            ("changed", "streaming, one document changed")):  # fmt: skip
            run = row.get(name)
            if not isinstance(run, Measured):
                continue
            speed = (f"{whole.seconds / run.seconds:.1f}× faster"
                     if isinstance(whole, Measured) and name != "whole" else "")  # fmt: skip
            if name != "whole":
                label += f" (--store {row['store']})"
            runs = row.get(f"{name}_runs")
            if isinstance(runs, list) and len(runs) > 1:
                label += ", median of " + ", ".join(f"{r.seconds:.1f}" for r in runs) + " s"
            if isinstance(runs, list) and name != "cold":
                patched = sum(PATCHED in r.output for r in runs)
                label += f"; files patched in {patched} of {len(runs)}"
            lines.append(f"| {row['docs']:,} | {row['quads']:,} | {label} | {run.cells()} | "
                         f"{speed} |")  # fmt: skip
    lines += ["", "Targets (issue 21):", ""]
    by_docs = {row["docs"]: row for row in rows}
    ten = by_docs.get(870)
    if ten:
        cold = ten["cold"]
        assert isinstance(cold, Measured)
        lines.append(f"- 10M built, loaded, validated ≤ 240 s and ≤ 2 GB: {cold.seconds:.0f} s, "
                     f"{cold.tree_mb:,.0f} MB (tree)")  # fmt: skip
        changed = ten.get("changed")
        if isinstance(changed, Measured):
            lines.append(f"- one document of 870 changed ≤ 10 % of the full build: "
                         f"{100 * changed.seconds / cold.seconds:.1f} %")  # fmt: skip
    hundred = next((r for d, r in by_docs.items() if d >= 8000), None)
    if hundred and ten:
        cold100, cold10 = hundred["cold"], ten["cold"]
        assert isinstance(cold100, Measured) and isinstance(cold10, Measured)
        lines.append(f"- {hundred['quads']:,} quads ≤ 4 GB and ≤ 11× the 10M time: "
                     f"{cold100.tree_mb:,.0f} MB, {cold100.seconds / cold10.seconds:.1f}×")  # fmt: skip
    for row in rows:
        lines.append(f"- {row['docs']:,} documents: chunk cache {row['chunks_mb']:,.0f} MB, "
                     f"on-disk store {row['store_mb']:,.0f} MB")  # fmt: skip
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[87, 870])
    parser.add_argument("--baseline-up-to", type=int, default=870,
                        help="no in-memory baseline above this many documents (it needs "
                             "≈ 0.6 GB per 1M quads)")  # fmt: skip
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "output" / "stream")
    parser.add_argument("--results", type=Path, default=None)
    parser.add_argument("--cap", type=float, default=4 * 3600)
    parser.add_argument(
        "--store",
        choices=("disk", "memory"),
        default="disk",
        help="the streaming build's --store (memory: no on-disk store)",
    )
    parser.add_argument("--cold-only", action="store_true",
                        help="no rebuilds (each keeps a generation: 10⁸ quads take ≈ 50 GB)")  # fmt: skip
    parser.add_argument("--rebuilds", type=int, default=3,
                        help="times each rebuild is measured (the median is reported)")  # fmt: skip
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for docs in args.docs:
        rows.append(run_size(docs, args.work, docs <= args.baseline_up_to, args.cap,
                             args.cold_only, args.store, args.rebuilds))  # fmt: skip
        print("\n".join(report(rows)), flush=True)
    if args.results:
        args.results.write_text("\n".join(report(rows)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
