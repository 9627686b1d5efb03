"""Parser bombs are refused before a parser sees them, quickly and with a clear error.

Each bomb runs in a child process under a 1 GiB address-space limit and a time limit, so a
regression fails the test instead of taking the machine down. The first test shows the danger
is real: handed straight to pyoxigraph, the same ~950 bytes exhaust the limit.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import textwrap
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.servers import FengongServer

LIMIT = 1 << 30  # bytes of address space for a child
SECONDS = 60


def laughs(levels: int, width: int = 10) -> bytes:
    """The billion-laughs document as RDF/XML: ``width ** levels`` copies of "lol"."""
    entities = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{n} "{f"&l{n - 1};" * width}">' for n in range(1, levels + 1)
    ]
    return (
        '<?xml version="1.0"?><!DOCTYPE r [' + "".join(entities) + "]>"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:x="http://x/">'
        f'<rdf:Description rdf:about="http://x/s"><x:p>&l{levels};</x:p></rdf:Description>'
        "</rdf:RDF>"
    ).encode()


BOMBS = {
    "rdfxml-laughs": ("RDF_XML", laughs(9)),  # 10^9 × "lol"
    "rdfxml-small-laughs": ("RDF_XML", laughs(6, 9)),  # the ~650-byte kind that holds rdflib
    "jsonld-deep": ("JSON_LD", b"[" * 1_000_000 + b"]" * 1_000_000),
    "jsonld-deep-object": ("JSON_LD", b'{"a":' * 200_000 + b"1" + b"}" * 200_000),
}


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def _child(code: str, data: bytes) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        input=data.decode("latin-1"),
        capture_output=True,
        text=True,
        encoding="latin-1",
        timeout=SECONDS,
        preexec_fn=_limited,
        cwd=ROOT,
    )


def test_the_danger_is_real_without_the_check() -> None:
    """Straight to pyoxigraph, ~950 bytes of RDF/XML do not fit in 1 GiB."""
    bomb = laughs(9)
    assert len(bomb) < 1000
    done = _child(
        """
        import sys, pyoxigraph as ox
        data = sys.stdin.buffer.read()
        store = ox.Store()
        store.load(data, format=ox.RdfFormat.RDF_XML)
        print("loaded", len(store))
        """,
        bomb,
    )
    assert done.returncode != 0 and "loaded" not in done.stdout


@pytest.mark.parametrize("backend", ["EmbeddedStore", "MemoryStore"])
@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_every_store_refuses_the_bomb(bomb: str, backend: str) -> None:
    fmt, data = BOMBS[bomb]
    done = _child(
        f"""
        import json, sys, time
        from fengong.store import {backend}, RdfFormat
        from fengong.store.untrusted import UnsafeInputError
        data = sys.stdin.buffer.read()
        started = time.perf_counter()
        try:
            {backend}().load(data, RdfFormat.{fmt}, "http://x/g", name="upload")
        except UnsafeInputError as err:
            print(json.dumps({{"refused": str(err), "seconds": time.perf_counter() - started}}))
        """,
        data,
    )
    assert done.returncode == 0, done.stderr[-500:]
    outcome = json.loads(done.stdout)
    assert outcome["refused"].startswith("upload")
    print(bomb, backend, f"{outcome['seconds'] * 1000:.1f} ms")


def test_the_command_line_refuses_the_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.rdf"
    path.write_bytes(laughs(9))
    binary = str(Path(sys.executable).with_name("fengong"))
    done = subprocess.run(
        [binary, "sparql", "SELECT * { ?s ?p ?o }", "--graph", str(path)],
        capture_output=True, text=True, timeout=SECONDS, preexec_fn=_limited,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {path}:1: RDF/XML with a DOCTYPE")


@pytest.fixture(scope="module")
def server(seed_build_dir: Path) -> Iterator[str]:
    with FengongServer(seed_build_dir / "fengong.nq", deadline=5) as s:
        yield s.base


def _post(url: str, data: bytes, content_type: str) -> int:
    request = urllib.request.Request(url, data, {"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def test_the_server_refuses_bombs_and_stays_up(server: str) -> None:
    for name, (fmt, data) in BOMBS.items():
        media = "application/rdf+xml" if fmt == "RDF_XML" else "application/ld+json"
        status = _post(f"{server}/sparql", data[:900_000], media)
        assert status in {413, 415}, name
        # as a query: refused, too long (413, --max-query-bytes, before any parse) or not SPARQL
        too_long = len(data[:900_000]) > 16 * 1024
        expected = 413 if too_long else 400
        assert _post(f"{server}/sparql", data[:900_000], "application/sparql-query") == expected, (
            name
        )
        assert _post(f"{server}/sparql", data[:10_000], "application/sparql-query") == 400, name
    with urllib.request.urlopen(f"{server}/api/build", timeout=10) as response:
        assert response.status == 200


def test_the_build_refuses_a_pdf_bomb_under_the_limit(tmp_path: Path) -> None:
    """A 1.5 MB PDF inflating to 1.5 GiB, built from the command line under the 1 GiB limit:
    the reading process stops at its cap, the build says so and exits; nothing crashes."""
    from tests.unit.test_attachments import inflating

    (tmp_path / "bomb.pdf").write_bytes(inflating(1536 << 20))
    binary = str(Path(sys.executable).with_name("fengong"))
    done = subprocess.run(
        [binary, "build", str(tmp_path / "bomb.pdf"), "--project", str(ROOT),
         "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=SECONDS, preexec_fn=_limited,
    )  # fmt: skip
    assert done.returncode != 0
    assert "bomb.pdf: reading the PDF needs more than" in done.stderr, done.stderr[-500:]
