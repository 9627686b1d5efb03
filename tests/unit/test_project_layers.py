"""A project folder layered over the packaged defaults: its registry rows, its own queries,
its sources and build; and `fengong init`, which lays one out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fengong.catalogue import load_catalogue
from fengong.cli import app
from fengong.errors import FengongError, ReferenceDataError
from fengong.graph import Project
from fengong.packaged import defaults_root, seed_path
from fengong.project_init import init_project
from tests.conftest import ROOT

HEADER = (ROOT / "data" / "reference" / "departments.csv").read_text(encoding="utf-8")
HEADER = HEADER.splitlines()[0]
WATER = ("shanghai-putuo/water-affairs-bureau,agency,区水务局,,Putuo District Water Affairs "
         "Bureau,shanghai-putuo,,,,,,unverified,named in our test document")  # fmt: skip


def _add(project: Path, name: str, *rows: str, header: str = HEADER) -> Path:
    path = project / "data" / "reference" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")
    return path


def test_an_empty_folder_uses_the_packaged_defaults(tmp_path: Path) -> None:
    project = Project(tmp_path)
    assert project.defaults == defaults_root()
    assert project.ontology.is_file() and project.build == tmp_path / "data" / "build"
    assert project.catalogue_dirs == (defaults_root() / "queries",)


def test_a_checkout_is_its_own_defaults() -> None:
    assert Project(ROOT).defaults == ROOT and Project(ROOT).catalogue_dirs == (ROOT / "queries",)


def test_a_project_adds_departments_to_the_registry(tmp_path: Path) -> None:
    before = Project(tmp_path).load_registry()
    assert "shanghai-putuo/water-affairs-bureau" not in before.organisations
    added = _add(tmp_path, "departments/shanghai-putuo.csv", WATER)
    registry = Project(tmp_path).load_registry()
    water = registry.organisations["shanghai-putuo/water-affairs-bureau"]
    assert water.file == str(added)  # its errors and provenance point at the project's file
    assert registry.department("区水务局", "shanghai-putuo") == water
    assert len(registry.organisations) == len(before.organisations) + 1


def test_a_project_may_not_reuse_a_packaged_id(tmp_path: Path) -> None:
    taken = WATER.replace("water-affairs-bureau", "emergency-management-bureau", 1)
    added = _add(tmp_path, "departments.csv", taken)
    with pytest.raises(ReferenceDataError, match="duplicate id") as err:
        Project(tmp_path).load_registry()
    packaged = defaults_root() / "data" / "reference" / "departments.csv"
    line = next(i for i, row in enumerate(packaged.read_text(encoding="utf-8").splitlines(), 1)
                if row.startswith("shanghai-putuo/emergency-management-bureau,"))  # fmt: skip
    assert str(err.value).startswith(f"{added}:2")
    assert f"(also in {packaged}:{line})" in str(err.value)  # the other row, found at once


def test_an_added_row_with_a_bad_reference_names_its_own_file(tmp_path: Path) -> None:
    header = (ROOT / "data/reference/jurisdictions.csv").read_text(encoding="utf-8")
    added = _add(tmp_path, "jurisdictions.csv",
                 "nowhere-county,district,无名县,Nowhere County,,no-such-place,,unverified,test",
                 header=header.splitlines()[0])  # fmt: skip
    with pytest.raises(ReferenceDataError, match="unknown place 'no-such-place'") as err:
        Project(tmp_path).load_registry()
    assert str(err.value).startswith(f"{added}:2")


def test_own_queries_join_the_catalogue(tmp_path: Path) -> None:
    init_project(tmp_path / "p")
    project = Project(tmp_path / "p")
    catalogue = load_catalogue(*project.catalogue_dirs)
    assert "example-tasks-per-document" in catalogue and "workload" in catalogue
    assert "example-tasks-per-document" not in load_catalogue(project.queries)


def test_an_own_query_may_not_take_a_packaged_name(tmp_path: Path) -> None:
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "workload.rq").write_text(
        "#+ summary:\n#+   zh: 冒名\n#+   en: an impostor\nSELECT ?s WHERE { ?s ?p ?o }\n",
        encoding="utf-8",
    )
    with pytest.raises(FengongError, match="already a packaged query"):
        load_catalogue(*Project(tmp_path).catalogue_dirs)


def test_init_lays_out_a_project_that_builds(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    written = init_project(folder, with_seed=True)
    rel = {p.relative_to(folder).as_posix() for p in written}
    assert {"README.md", ".gitignore", "queries/example-tasks-per-document.rq",
            "data/reference/departments.csv", "data/sources/putuo-anban-2020-18.txt"} <= rel  # fmt: skip
    assert (folder / "data" / "reference" / "departments").is_dir()
    # the headers are the packaged files' own: an empty addition, which loads
    assert (folder / "data/reference/departments.csv").read_text(encoding="utf-8") == HEADER + "\n"
    assert Project(folder).load_registry().organisations.keys() == \
        Project(tmp_path / "none").load_registry().organisations.keys()  # fmt: skip
    assert (folder / "data/sources" / seed_path().name).read_bytes() == seed_path().read_bytes()


def test_init_leaves_a_folder_with_files_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(app, ["init", str(tmp_path)])
    assert result.exit_code != 0 and "not an empty folder" in result.output
    assert "notes.txt" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_build_in_an_empty_folder_says_what_to_do(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 2
    assert "no documents given" in result.output and "fengong init" in result.output
    assert not (tmp_path / "data").exists()  # nothing written


def _clash(project: Path) -> None:
    (project / "queries").mkdir(parents=True)
    (project / "queries" / "workload.rq").write_text(
        "#+ summary:\n#+   zh: 冒名\n#+   en: an impostor\nSELECT ?s WHERE { ?s ?p ?o }\n",
        encoding="utf-8",
    )


def test_a_clashing_query_stops_build_before_reading(tmp_path: Path) -> None:
    _clash(tmp_path)
    shutil.copy(seed_path(), tmp_path)
    result = CliRunner().invoke(app, ["build", "--project", str(tmp_path),
                                      str(tmp_path / seed_path().name)])  # fmt: skip
    assert result.exit_code == 2 and "already a packaged query" in result.output
    assert not (tmp_path / "data" / "build").exists()


def test_a_clashing_query_is_one_error_line_from_serve(
    tmp_path: Path, seed_build_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the server started with a clashing catalogue")

    monkeypatch.setattr(uvicorn, "run", never)
    _clash(tmp_path)
    result = CliRunner().invoke(app, ["serve", "--project", str(tmp_path),
                                      "--graph", str(seed_build_dir / "fengong.nq")])  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "already a packaged query" in result.output and "Traceback" not in result.output


def test_an_empty_sources_folder_says_what_is_read(tmp_path: Path) -> None:
    init_project(tmp_path / "p")
    result = CliRunner().invoke(app, ["build", "--project", str(tmp_path / "p")])
    assert result.exit_code == 2
    assert "no source documents found" in result.output and ".docx" in result.output
    assert "--with-seed" in result.output


def test_version() -> None:
    from fengong import __version__

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output == f"fengong {__version__}\n"
    assert __version__ != "0.0.0" and __version__.count(".") == 2


def test_a_registry_a_project_may_not_extend_is_refused(tmp_path: Path) -> None:
    added = _add(tmp_path, "functions.csv", "garbage", header="key,label_zh")
    with pytest.raises(ReferenceDataError, match=r"functions\.csv is the package's own") as err:
        Project(tmp_path).load_registry()
    assert str(err.value).startswith(f"{added}:1")
    added.unlink()
    _add(tmp_path, "alignments.csv", header="anything")  # the project's own reviews: allowed
    assert Project(tmp_path).load_registry().organisations


def test_a_project_with_additions_builds_the_same_bytes_anywhere(tmp_path: Path) -> None:
    """Added rows carry their absolute file for errors; none of it may reach the graph."""
    from fengong.graph import Iris
    from fengong.graph.pipeline import build_graphs, write_build

    outputs = []
    for where in ("a", "elsewhere/b"):
        folder = tmp_path / where
        _add(folder, "departments/shanghai-putuo.csv", WATER)
        build = build_graphs(Project(folder), [seed_path()], Iris())
        write_build(build, folder / "out")
        outputs.append((folder / "out" / "fengong.nq").read_bytes())
    assert outputs[0] == outputs[1] and b"water-affairs-bureau" in outputs[0]
    assert str(tmp_path).encode() not in outputs[0]


def test_a_query_in_a_sub_folder_is_reported_not_lost(tmp_path: Path) -> None:
    init_project(tmp_path / "p")
    folder = tmp_path / "p" / "queries" / "checks"
    folder.mkdir()
    (folder / "mine.rq").write_text("#+ summary:\n#+   zh: 我的\n#+   en: mine\nSELECT ?s WHERE { ?s ?p ?o }\n",
                                    encoding="utf-8")  # fmt: skip
    with pytest.raises(FengongError, match="sub-folders are not read") as err:
        load_catalogue(*Project(tmp_path / "p").catalogue_dirs)
    assert "checks/mine.rq" in str(err.value)
    (folder / "mine.rq").rename(tmp_path / "p" / "queries" / "mine.rq")
    assert "mine" in load_catalogue(*Project(tmp_path / "p").catalogue_dirs)
