"""The package as people install it: a wheel, in a clean virtual environment, in an empty folder.

Nothing of the checkout is on the path: the wheel must carry the ontology, shapes, queries,
registries, the seed, the page templates, the front-end bundles and the manual, and find them
through importlib.resources. Then, as a new user would: `fengong build` on the seed, `fengong
validate`, a catalogue query, `fengong init`, and `fengong serve` answering HTTP requests
(a page, a named query, the manual). Building the wheel needs `make vendor docs` (which
`make integration` runs first) and PyPI for the dependencies, so it runs in CI.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.integration

SEED = ROOT / "data" / "sources" / "putuo-anban-2020-18.txt"


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 900) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (ROOT / "fengong" / "web" / "manual_site" / "index.html").is_file():
        pytest.fail("the manual is not built: run `make docs` (make integration does)")
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
         ROOT, dict(os.environ))  # fmt: skip
    (found,) = out.glob("fengong-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A fresh virtual environment outside the checkout, the wheel installed into it."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    _run([str(venv / "bin" / "pip"), "install", "--quiet", "-c", str(ROOT / "constraints.txt"),
          str(wheel)], venv, env)  # fmt: skip
    return venv, env


def test_the_wheel_carries_what_it_reads(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("fengong/defaults/ontology/fengong.ttl",
                     "fengong/defaults/data/reference/jurisdictions.csv",
                     "fengong/defaults/data/sources/putuo-anban-2020-18.txt",
                     "fengong/defaults/queries/workload.rq",
                     "fengong/defaults/queries/api/tree.rq",
                     "fengong/defaults/shapes/assignment.ttl",
                     "fengong/web/templates/base.html",
                     "fengong/web/static/vendor/yasgui.min.js",
                     "fengong/web/manual_site/index.html",
                     "fengong/project_template/queries/example-tasks-per-document.rq"):  # fmt: skip
        assert expected in names, expected
    assert not any(n.startswith(("api/", "tests/", "ontology/")) for n in names)
    assert not any(n.endswith(".map") for n in names)  # source maps stay out
    # the defaults are exactly the tracked files: nothing untracked of the builder's ships
    tracked = subprocess.run(["git", "ls-files", "ontology", "shapes", "queries",
                              "data/reference", "data/sources"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()  # fmt: skip
    wanted = {
        f"fengong/defaults/{t}" for t in tracked if t != "data/reference/generate_divisions.py"
    }
    assert {n for n in names if n.startswith("fengong/defaults/")} == wanted


def test_a_new_user_builds_queries_and_serves(installed: tuple[Path, dict],
                                              tmp_path: Path) -> None:  # fmt: skip
    venv, env = installed
    fengong = str(venv / "bin" / "fengong")
    work = tmp_path / "empty"
    work.mkdir()
    shutil.copy(SEED, work)
    where = _run([str(venv / "bin" / "python"), "-c", "import fengong; print(fengong.__file__)"],
                 work, env)  # fmt: skip
    assert str(venv) in where and str(ROOT) not in where  # the wheel, not the checkout
    out = _run([fengong, "build", SEED.name], work, env)
    assert "published" in out
    assert (work / "data" / "build" / "fengong.nq").is_file()
    report = _run([fengong, "validate", "--format", "json"], work, env)
    assert json.loads(report)["summary"]["violation"] == 0
    table = _run([fengong, "query", "workload", "--format", "csv"], work, env)
    assert "区应急局" in table

    project = tmp_path / "project"
    _run([fengong, "init", str(project), "--with-seed"], tmp_path, env)
    _run([fengong, "build"], project, env)
    own = _run([fengong, "query", "example-tasks-per-document", "--format", "csv"], project, env)
    assert "普安办〔2020〕18号,27,54" in own  # the project's own query, on its own build

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([fengong, "serve", "--port", str(port), "--workers", "1"],
                              cwd=work, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/queries/workload?limit=3") as r:
                    rows = json.load(r)
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "the server did not answer in 120 s"
                time.sleep(0.5)
        assert "区应急局" in json.dumps(rows, ensure_ascii=False)
        with urllib.request.urlopen(f"{base}/manual/index.html") as r:
            assert r.status == 200 and "Fengong" in r.read().decode()
        with urllib.request.urlopen(f"{base}/measures") as r:
            assert r.status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
