"""Publishing is all or nothing: the link names a complete, validated generation, or the
previous one; failed and rejected builds leave the published graph byte-identical."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fengong.errors import FengongError, IngestError
from fengong.graph import Iris, Project
from fengong.graph.publish import (
    KEEP,
    RejectedBuild,
    collect_garbage,
    generations,
    notify_servers,
    publish,
    register_server,
    unregister_server,
)
from fengong.graph.reading import ReadOptions
from tests.conftest import edit_seed


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}  # fmt: skip


@pytest.fixture
def published(project_copy: Project) -> Project:
    publish(project_copy, [project_copy.sources], project_copy.build, Iris())
    return project_copy


def test_a_build_is_published_through_a_link(published: Project) -> None:
    link = published.build
    assert link.is_symlink() and link.resolve().parent == generations(link)
    assert {"fengong.nq", "asserted.nt", "inferred.nt", "ontology.html", "validation.json"} <= set(
        os.listdir(link)
    )
    report = json.loads((link / "validation.json").read_text(encoding="utf-8"))
    assert report["summary"]["violation"] == 0
    assert not list(generations(link).glob(".staging-*"))


def test_a_second_build_switches_and_keeps_the_first(published: Project) -> None:
    first = published.build.resolve()
    edit_seed(published, "(共印40份)", "(共印41份)")  # line 21: copies printed
    publish(published, [published.sources], published.build, Iris())
    second = published.build.resolve()
    assert second != first and first.is_dir()
    assert (second / "fengong.nq").read_bytes() != (first / "fengong.nq").read_bytes()


def test_bad_input_leaves_the_published_build_untouched(published: Project) -> None:
    before, target = _files(published.build), published.build.resolve()
    edit_seed(published, "区城运中心", "区城管执法局")
    with pytest.raises(IngestError, match=r"putuo-anban-2020-18\.txt:85:4: unknown department"):
        publish(
            published,
            [published.sources],
            published.build,
            Iris(),
            options=ReadOptions(strict=True),
        )
    assert published.build.resolve() == target and _files(published.build) == before
    assert not list(generations(published.build).glob(".staging-*"))


def test_violations_reject_the_build_unless_allowed(published: Project) -> None:
    before, target = _files(published.build), published.build.resolve()
    # line 32: 区应急局 leads and now also supports (NotLeadAndSupport, a violation)
    edit_seed(published, "区应急局\t各安全监管部门", "区应急局\t区应急局")
    with pytest.raises(RejectedBuild, match=r"validation found 1 violation\(s\)") as caught:
        publish(
            published,
            [published.sources],
            published.build,
            Iris(),
            options=ReadOptions(strict=True),
            store="disk",  # asked for, and not loaded: a rejected build serves nobody
        )
    assert published.build.resolve() == target and _files(published.build) == before
    assert "measure 2, task 3 (data/sources/putuo-anban-2020-18.txt:32)" in str(caught.value)
    rejected = Path(str(caught.value).split("The rejected build is in ")[1].split(":")[0])
    assert rejected.name.startswith("rejected-")
    report = json.loads((rejected / "validation.json").read_text(encoding="utf-8"))
    assert report["summary"]["violation"] == 1
    assert not (rejected / "store").exists()
    allowed = publish(published, [published.sources], published.build, Iris(), allow_invalid=True,
                      store="disk")  # fmt: skip
    assert allowed.violations == 1 and published.build.resolve() == allowed.generation
    assert (allowed.generation / "store" / "READY").is_file()  # published: served, so loaded


def test_an_old_build_folder_is_moved_aside_once(project_copy: Project) -> None:
    old = project_copy.build
    old.mkdir(parents=True)
    (old / "fengong.nq").write_text("")
    publish(project_copy, [project_copy.sources], old, Iris())
    assert old.is_symlink()
    legacy = list(generations(old).glob("legacy-*"))
    assert len(legacy) == 1 and (legacy[0] / "fengong.nq").read_text() == ""


def _stand_in_server() -> subprocess.Popen[str]:
    """A process that looks like a fengong server (its command line says so) and exits 7 on
    SIGHUP, as a test double for ``fengong serve``."""
    code = ("# a fengong server stand-in\nimport signal, time\n"
            "signal.signal(signal.SIGHUP, lambda *a: exit(7))\n"
            "print('ready', flush=True); time.sleep(60)")  # fmt: skip
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    return process


def _record(link: Path, pid: int, generation: str) -> Path:
    folder = generations(link) / "servers"
    folder.mkdir(exist_ok=True)
    entry = folder / f"{pid}.json"
    entry.write_text(json.dumps({"pid": pid, "generation": generation}))
    return entry


def test_clean_up_keeps_the_newest_the_published_and_those_served(published: Project) -> None:
    link = published.build
    served = link.resolve()
    server = _stand_in_server()  # a live server of the first generation
    _record(link, server.pid, served.name)
    try:
        for n in range(KEEP + 2):
            edit_seed(published, f"(共印{40 + n}份)", f"(共印{41 + n}份)")
            publish(published, [published.sources], link, Iris())
        complete = sorted(p.name for p in generations(link).iterdir() if p.name[0].isdigit())
        assert served.name in complete and link.resolve().name in complete
        assert len(complete) == KEEP + 1  # the newest KEEP (the published among them) + served
    finally:
        server.kill()
        server.wait()
    collect_garbage(link)  # the server is gone: its generation may go
    assert served.name not in os.listdir(generations(link))


def test_own_registration_is_written_and_removed(published: Project) -> None:
    entry = register_server(published.build, published.build.resolve())
    assert json.loads(entry.read_text())["pid"] == os.getpid()
    unregister_server(published.build)
    assert not entry.exists()


def test_staging_of_a_dead_build_is_removed(published: Project) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    staging = generations(published.build) / f".staging-{dead.stdout.strip()}-1"
    staging.mkdir()
    (staging / "fengong.nq").write_text("half")
    assert staging in collect_garbage(published.build)
    assert not staging.exists()


def test_servers_are_told_and_dead_or_foreign_ones_forgotten(published: Project) -> None:
    link = published.build
    server = _stand_in_server()
    _record(link, server.pid, link.resolve().name)
    dead = _record(link, 999_999_999, "x")
    other = subprocess.Popen(["sleep", "60"])  # alive, but not a fengong server (a reused pid)
    foreign = _record(link, other.pid, "x")
    try:
        assert notify_servers(link) == [server.pid]
        assert server.wait(10) == 7
        assert other.poll() is None  # not signalled
        assert not dead.exists() and not foreign.exists()
    finally:
        other.kill()
        other.wait()


def test_publishing_outside_a_project_folder_needs_no_link_support(tmp_path: Path) -> None:
    with pytest.raises(FengongError):
        publish(Project(tmp_path), [tmp_path / "none"], tmp_path / "build", Iris())
    assert not (tmp_path / "build").exists()


def test_the_kept_report_reads_back_as_the_report(published: Project) -> None:
    """What a server shows for a published build (its validation.json) is what validating it
    again finds, finding for finding."""
    from fengong.validate import ValidationReport, validate_build

    kept = ValidationReport.from_json((published.build / "validation.json").read_text("utf-8"))
    again = validate_build(published.build, published.root / "shapes", published.queries, "sparql")
    assert kept.findings == again.findings and len(kept.findings) > 0
    assert kept.render_json() == again.render_json()
    assert len(list(kept.graph.triples((None, None, None)))) > 0
