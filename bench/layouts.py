"""What reading a document costs in each format: the seed as the text export (the baseline),
and the same table as Word, Excel and HTML with real merged cells, as PDF (LibreOffice's export,
read in its capped child process) and, when LibreOffice is installed, as .doc and .xls
(converted on every read), in the same run.

    python bench/layouts.py [--repeat 20]

Each format is read (file → records → resolved against the registries) ``--repeat`` times,
alternating formats, and the median time is printed with its ratio to the text export's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, SEED
from fengong.ingest.layout import read_document
from fengong.ingest.legacy import find_libreoffice
from fengong.ingest.resolve import resolve_document
from fengong.reference import load_registry
from tests.conversions import to_docx, to_html, to_xlsx


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    registry = load_registry(ROOT / "data" / "reference")
    text = SEED.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        files = {"text": SEED}
        for name, convert, suffix in (("docx", to_docx, ".docx"), ("xlsx", to_xlsx, ".xlsx"),
                                      ("html", to_html, ".html")):  # fmt: skip
            files[name] = Path(folder) / f"seed{suffix}"
            convert(text, files[name])
        pdfs = ROOT / "tests" / "data" / "pdf"
        files["pdf"] = pdfs / "seed.pdf"
        if find_libreoffice() is not None:
            files["doc"] = pdfs / "seed.doc"
            files["xls"] = pdfs / "seed.xls"
        times: dict[str, list[float]] = {name: [] for name in files}
        for _ in range(args.repeat):
            for name, path in files.items():
                start = time.perf_counter()
                resolve_document(read_document(path, path.name)[1], registry)
                times[name].append(time.perf_counter() - start)
    base = statistics.median(times["text"])
    print(f"{'format':6} {'median ms':>10} {'× text':>8}   ({args.repeat} reads each, the seed)")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:6} {median * 1000:10.1f} {median / base:8.2f}")


if __name__ == "__main__":
    main()
