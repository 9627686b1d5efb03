"""The synthetic corpus on the command line (the generator is ``fengong.synthetic``).

Usage: python bench/corpus.py --docs N [--seed S] [--out DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from common import ROOT, SEED

from fengong.synthetic import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "output" / "corpus")
    args = parser.parse_args()
    paths = generate(args.docs, args.seed, args.out, SEED)
    print(f"wrote {len(paths)} documents to {args.out}")


if __name__ == "__main__":
    main()
