"""Sorting a build's files on a disk that could not hold them twice (issue 21, 10⁸ quads).

The 10⁸-quad build stopped here once: its 24 GB of quads were to be sorted beside 25 GB of
other files, and input, spill and output side by side would have needed 74 GB of the 75
free. ``sort_file`` writes the output over the input and compresses the spill when the disk
has not twice the input free. These tests shrink sort's buffer so that a small file spills,
and put a compressor on PATH that notes each use.
"""

from __future__ import annotations

import os
import random
import shutil
from collections import namedtuple
from pathlib import Path

import pytest

from fengong.graph import serialize
from fengong.graph.serialize import sort_file

pytestmark = pytest.mark.skipif(shutil.which("sort") is None, reason="needs sort(1)")

Usage = namedtuple("Usage", "total used free")


def _lines(count: int) -> list[bytes]:
    rng = random.Random(21)
    return [f'<s{rng.randrange(count)}> <p> "{rng.random()}" .\n'.encode() for _ in range(count)]


@pytest.fixture
def noted_gzip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``gzip`` on PATH that notes each run, and the only compressor found there."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "compressor.log"
    real = shutil.which("gzip")
    if real is None:
        pytest.skip("needs gzip")
    script = bin_dir / "gzip"
    script.write_text(f'#!/bin/sh\necho "$@" >> {log}\nexec {real} "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    sort = shutil.which("sort")
    assert sort is not None
    os.symlink(sort, bin_dir / "sort")
    monkeypatch.setenv("PATH", str(bin_dir))  # no lz4 nor zstd: gzip is the one found
    monkeypatch.setattr(serialize, "SORT_BUFFER", "64K")  # 1 MB of lines spill
    return log


def _sort(tmp_path: Path, lines: list[bytes]) -> bytes:
    unsorted, out = tmp_path / "x.unsorted", tmp_path / "x.sorted"
    unsorted.write_bytes(b"".join(lines))
    sort_file(unsorted, out)
    assert not unsorted.exists()  # the input became the output
    return out.read_bytes()


def test_a_spill_on_a_short_disk_is_compressed_and_the_result_is_the_same(
    tmp_path: Path, noted_gzip: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _lines(20_000)
    expected = b"".join(sorted(set(lines)))  # bytes order, repeats dropped: what LC_ALL=C does
    monkeypatch.setattr(serialize.shutil, "disk_usage", lambda path: Usage(10**9, 10**9, 10))
    assert _sort(tmp_path, lines) == expected
    assert noted_gzip.is_file() and "-d" in noted_gzip.read_text()  # spilled through gzip


def test_a_disk_with_room_spills_plainly(tmp_path: Path, noted_gzip: Path) -> None:
    lines = _lines(20_000)
    assert _sort(tmp_path, lines) == b"".join(sorted(set(lines)))
    assert not noted_gzip.exists()


def test_records_sort_in_place_too(tmp_path: Path) -> None:
    unsorted, out = tmp_path / "r.unsorted", tmp_path / "r.sorted"
    unsorted.write_bytes(b"b\nline two\x00a\x00b\nline two\x00")
    sort_file(unsorted, out, records=True)
    assert out.read_bytes() == b"a\x00b\nline two\x00" and not unsorted.exists()


def test_a_reader_of_the_input_keeps_reading_it_when_sorted_aside(tmp_path: Path) -> None:
    # the on-disk store's loader reads the quads while they are sorted: sorted aside, the
    # input is unlinked and the open handle still reads it whole; sorted in place, it would
    # read the sorted bytes instead
    lines = _lines(5_000)
    unsorted, out = tmp_path / "q.unsorted", tmp_path / "q.sorted"
    unsorted.write_bytes(b"".join(lines))
    with unsorted.open("rb") as reader:
        sort_file(unsorted, out, in_place=False)
        assert reader.read() == b"".join(lines)
    assert out.read_bytes() == b"".join(sorted(set(lines))) and not unsorted.exists()


def test_in_place_the_output_is_the_input_file(tmp_path: Path) -> None:
    unsorted, out = tmp_path / "q.unsorted", tmp_path / "q.sorted"
    unsorted.write_bytes(b"".join(_lines(5_000)))
    inode = unsorted.stat().st_ino
    sort_file(unsorted, out)
    assert out.stat().st_ino == inode  # no second copy of the file was ever made
