"""The query guard parses in threads (the server checks queries off the event loop, two at a
time): rdflib's grammar, as pyparsing leaves it, fails valid queries when two threads first
use a rule at once — in CI a pathological query got 500 from ``TypeError: Param.postParse2()
missing 1 required positional argument``, and a rule so broken stays broken for the process.
Each case runs in a fresh interpreter: the grammar is global, and a parse in this process
would have settled it already."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "data" / "scripts" / "race_parse.py"


def _failures(mode: str) -> int:
    done = subprocess.run([sys.executable, str(SCRIPT), mode], capture_output=True, text=True,
                          timeout=300, check=True)  # fmt: skip
    return int(done.stdout.strip())


def test_concurrent_first_parses_never_fail_once_the_guard_is_imported() -> None:
    assert _failures("settled") == 0


def test_the_race_is_real_in_the_grammar_as_rdflib_leaves_it() -> None:
    """The same threads on rdflib's own parser: what the guard's settling prevents."""
    assert _failures("raw") > 0
