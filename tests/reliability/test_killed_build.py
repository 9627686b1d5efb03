"""SIGKILL a rebuild at random moments: the published store still opens and answers every
catalogue query exactly as before (or, when the kill came after the switch, exactly as the
new build does); never a mixture, never a broken file. The next build cleans up."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from fengong.client import Fengong
from fengong.graph import Project
from fengong.graph.publish import generations
from fengong.store import EmbeddedStore
from tests.catalogue.conftest import CASES

TRIALS = 10
SEED_NAME = "putuo-anban-2020-18.txt"


def _build(project: Project) -> subprocess.Popen[bytes]:
    binary = str(Path(sys.executable).with_name("fengong"))
    return subprocess.Popen(
        [binary, "build", "--project", str(project.root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _answers(project: Project) -> dict[str, str]:
    """Every catalogue query's answer (CSV) over the published build, opened afresh."""
    fg = Fengong(EmbeddedStore.from_nquads(project.build / "fengong.nq"), project)
    return {name: fg.query(name, **CASES[name]).to_csv() for name in sorted(CASES)}


def test_a_killed_rebuild_leaves_the_previous_store_answering(project_copy: Project) -> None:
    project = project_copy
    path = project.sources / SEED_NAME
    text = path.read_text(encoding="utf-8")
    # two versions of the source that answer differently (line 31: another lead department)
    versions = [text, text.replace("全覆盖。\t区应急局\t", "全覆盖。\t区市场监管局\t", 1)]
    expected, durations = [], []
    for version in versions:
        path.write_text(version, encoding="utf-8")
        started = time.monotonic()
        assert _build(project).wait(300) == 0
        durations.append(time.monotonic() - started)
        expected.append(_answers(project))
    assert expected[0] != expected[1]

    rng = random.Random(20201208)
    outcomes = []
    for _ in range(TRIALS):
        before, served = project.build.resolve(), _answers(project)
        other = 1 - expected.index(served)  # each trial rebuilds the version not served
        target = expected[other]
        path.write_text(versions[other], encoding="utf-8")
        process = _build(project)
        time.sleep(rng.uniform(0.0, max(durations)))
        process.send_signal(signal.SIGKILL)
        code = process.wait(60)
        answers = _answers(project)  # opens the published store afresh; raises if broken
        if project.build.resolve() == before:
            assert answers == served
            outcomes.append("killed before the switch" if code < 0 else "failed")
        else:
            assert answers == target
            outcomes.append("switched before the kill")
    print("outcomes:", {o: outcomes.count(o) for o in sorted(set(outcomes))})
    assert "failed" not in outcomes
    assert outcomes.count("killed before the switch") >= TRIALS // 2

    assert _build(project).wait(300) == 0  # a later build removes what the killed ones left
    assert not list(generations(project.build).glob(".staging-*"))
