"""A synthetic corpus of division tables in the seed's own text layout, deterministic by seed.

Used by the benchmarks (``bench/corpus.py`` is its command line) and by tests that need more
than one document (the parallel build, cross-document queries).

Each document is written exactly as the seed is laid out (head, repeated page headers, section
rows, measure rows, continuation rows, the 注), so the whole pipeline runs on it, parser
included. Its cells are drawn from the seed's own cells: department lists keep their real
frequencies, 等 and citations; merged cells (empty lead, or empty lead and support, in a
continuation row) appear at the seed's rate. Documents get distinct 文号 (普安办〔YYYY〕N号) and
dates, and 5–12 sections of 1–5 measures of 1–7 tasks each.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from fengong.ingest.numerals import int_to_chinese

__all__ = ["generate"]

SECTION = re.compile(r"^(?P<n>[一二三四五六七八九十]+)、(?P<title>.+)$")
MEASURE = re.compile(
    r"^(?P<open><p>)?[(（](?P<n>[一二三四五六七八九十百]+)[)）]\s*(?P<rest>.*)$", re.S
)
NUMBER, DATE = "普安办〔2020〕18号", "2020年12月8日"


@dataclass
class Pools:
    """The seed, cut into the pieces a table is made of."""

    head: list[str]
    page_header: list[str]
    note: list[str]
    section_titles: list[str]
    measures: list[str]  # measure cells without their number
    tasks: list[str]
    leads: list[str]  # non-empty lead cells
    supports: list[str]  # support cells, empty ones included (their real share)
    merged_rate: float  # share of continuation rows whose lead cell is empty


def read_seed(path: Path) -> Pools:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("本区实施意见"))
    end = next(i for i, line in enumerate(lines) if line.startswith("注"))
    pools = Pools(lines[:start], lines[start : start + 2], lines[end:], [], [], [], [], [], 0.0)
    continuation = merged = 0
    for line in lines[start:end]:
        cells = line.split("\t")
        if len(cells) != 4 or cells[0] == "本区实施意见" or cells[2] == "牵头部门":
            continue
        first, task, lead, support = cells
        section = SECTION.match(first.strip())
        if section and not task:
            pools.section_titles.append(section["title"].strip())
            continue
        measure = MEASURE.match(first)
        if measure:
            pools.measures.append(measure["rest"])
        elif not first:
            continuation += 1
            merged += not lead.strip()
        if task:
            pools.tasks.append(task)
        if lead.strip():
            pools.leads.append(lead)
        pools.supports.append(support)
    pools.merged_rate = merged / max(continuation, 1)
    return pools


def document(pools: Pools, rng: random.Random, year: int, serial: int) -> str:
    number = f"普安办〔{year}〕{serial}号"
    date = f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
    out = [line.replace(NUMBER, number).replace(DATE, date) for line in pools.head]
    measure_no = 0
    for section_no in range(1, rng.randint(5, 12) + 1):
        out += pools.page_header
        out.append(f"{int_to_chinese(section_no)}、{rng.choice(pools.section_titles)}\t\t\t")
        for _ in range(rng.randint(1, 5)):
            measure_no += 1
            cell = f"<p>({int_to_chinese(measure_no)}) {rng.choice(pools.measures)}"
            if not cell.endswith("</p>"):
                cell += "</p>" if cell.startswith("<p>") and "</p>" not in cell else ""
            out.append("\t".join([cell, rng.choice(pools.tasks), rng.choice(pools.leads),
                                  rng.choice(pools.supports)]))  # fmt: skip
            for _ in range(rng.randint(0, 6)):
                if rng.random() < pools.merged_rate:  # a merged lead (and maybe support) cell
                    lead, support = "", rng.choice(["", *pools.supports])
                else:
                    lead, support = rng.choice(pools.leads), rng.choice(pools.supports)
                out.append("\t".join(["", rng.choice(pools.tasks), lead, support]))
    out += pools.note
    return "\n".join(out) + "\n"


def generate(docs: int, seed: int, out: Path, model: Path) -> list[Path]:
    """Write ``docs`` documents cut from ``model`` (the seed table) under ``out``; the same
    seed gives the same bytes."""
    pools = read_seed(model)
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for n in range(docs):
        year, serial = 2000 + n // 900, 100 + n % 900  # distinct from the seed's 〔2020〕18号
        path = out / f"putuo-anban-{year}-{serial}.txt"
        path.write_text(document(pools, rng, year, serial), encoding="utf-8")
        written.append(path)
    return written
