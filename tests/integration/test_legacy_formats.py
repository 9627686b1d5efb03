"""Legacy office files through a real LibreOffice (Debian's libreoffice-writer-nogui and
libreoffice-calc-nogui, which .ci/run installs): the seed as Word 97, Excel 97 and their WPS
twins reads as the seed; a file LibreOffice cannot make sense of is a clear error. Without
LibreOffice these are skipped with that reason; the message a user then gets is tested in
tests/unit/test_attachments.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fengong.errors import FengongError
from fengong.ingest.legacy import find_libreoffice
from fengong.ingest.resolve import ResolvedDocument
from fengong.reference import Registry
from tests.unit.test_attachments import PDFS, _read
from tests.unit.test_layouts import _essence

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        find_libreoffice() is None,
        reason="LibreOffice is not installed (Debian: libreoffice-writer-nogui, "
        "libreoffice-calc-nogui); .ci/run installs it",
    ),
]


@pytest.mark.parametrize("name", ["seed.doc", "seed.xls"])
def test_legacy_office_files_read_as_the_seed(
    name: str, seed_resolved: ResolvedDocument, registry: Registry
) -> None:
    doc = _read(PDFS / name, registry)
    assert _essence(doc) == _essence(seed_resolved)
    assert doc.table.file == name and doc.table.media_type in {
        "application/msword",
        "application/vnd.ms-excel",
    }


@pytest.mark.parametrize(("name", "as_"), [("seed.doc", "seed.wps"), ("seed.xls", "seed.et")])
def test_wps_files_are_read_like_their_office_twins(
    name: str, as_: str, tmp_path: Path, seed_resolved: ResolvedDocument, registry: Registry
) -> None:
    shutil.copy(PDFS / name, tmp_path / as_)
    doc = _read(tmp_path / as_, registry)
    assert _essence(doc) == _essence(seed_resolved)
    assert all(p.startswith(("table", "sheet", "paragraph")) for p in doc.table.places)


def test_a_doc_libreoffice_cannot_open_is_a_clear_error(tmp_path: Path, registry: Registry) -> None:
    """An OLE header over garbage: LibreOffice either refuses it or imports it as plain
    text; either way the error names the file and says what was found, and nothing is read."""
    (tmp_path / "broken.doc").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 64
    )
    with pytest.raises(
        FengongError, match=r"^broken\.doc\b.*(LibreOffice could not|nothing readable)"
    ):
        _read(tmp_path / "broken.doc", registry)


def test_a_conversion_that_takes_too_long_is_stopped(
    monkeypatch: pytest.MonkeyPatch, registry: Registry
) -> None:
    """LibreOffice runs under a wall-clock cap: past it, its process group is killed and the
    error names the file."""
    from fengong.errors import MalformedSourceError
    from fengong.ingest import legacy

    monkeypatch.setattr(legacy, "SECONDS", 0.05)
    with pytest.raises(MalformedSourceError, match=r"^seed\.doc: LibreOffice did not convert"):
        _read(PDFS / "seed.doc", registry)


def test_libreoffice_runs_without_network() -> None:
    """The confinement LibreOffice starts under cannot reach a server listening on this
    machine's loopback (negative: the same connection without it succeeds)."""
    import socket
    import subprocess
    import sys

    from fengong.confine import child_limits, isolate_network
    from fengong.ingest import legacy

    probe_ns = subprocess.run(
        [sys.executable, "-c", "import sys; from fengong.confine import isolate_network as i; sys.exit(0 if i() else 1)"],
        capture_output=True,
    )  # fmt: skip
    del isolate_network
    if probe_ns.returncode != 0:
        pytest.skip("no network namespace can be made here (not root, no user namespaces)")
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        probe = f"import socket; socket.create_connection(('127.0.0.1', {port}), timeout=3)"
        plain = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=30)
        confined = subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            timeout=30,
            preexec_fn=child_limits(legacy.MEMORY, legacy.SECONDS),
        )
    assert plain.returncode == 0, plain.stderr
    assert confined.returncode != 0
    assert b"Error" in confined.stderr  # ConnectionRefusedError or OSError: network unreachable
