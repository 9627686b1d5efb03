"""``fengong init``: a project folder with its layout and commented examples.

The template is package data (``fengong/project_template/``): what a researcher edits is
plain CSV, Markdown and SPARQL, so the files are copied as they are. The registry files carry
the packaged files' headers, read from the installed registries at init time, so a header can
never fall behind the registry it adds to.
"""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

from fengong.errors import FengongError
from fengong.packaged import defaults_root, seed_path

__all__ = ["init_project"]

_TEMPLATE = files("fengong") / "project_template"
_RENAMED = {"gitignore": ".gitignore"}  # a packaged .gitignore would hide files from git
_HEADERS = ("jurisdictions", "departments", "categories", "category_members", "documents",
            "reforms")  # fmt: skip


def init_project(folder: Path, with_seed: bool = False) -> list[Path]:
    """Lay out ``folder`` (absent or empty) as a project; the files written, in order."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        found = sorted(p.name for p in folder.iterdir())[:5] if folder.is_dir() else ["a file"]
        raise FengongError(
            f"{folder} is not an empty folder (it holds {', '.join(found)}): init writes only "
            "into a new or empty folder, so nothing of yours is overwritten"
        )
    written: list[Path] = []
    for rel in ("data/sources", "data/reference/departments", "queries"):
        (folder / rel).mkdir(parents=True, exist_ok=True)
    template = Path(str(_TEMPLATE))
    for source in sorted(p for p in template.rglob("*") if p.is_file()):
        rel = source.relative_to(template)
        target = folder / rel.parent / _RENAMED.get(rel.name, rel.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    registry = defaults_root() / "data" / "reference"
    for name in _HEADERS:  # the header of the packaged file: an empty addition
        header = (registry / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
        target = folder / "data" / "reference" / f"{name}.csv"
        target.write_text(header + "\n", encoding="utf-8")
        if target not in written:
            written.append(target)
    if with_seed:
        target = folder / "data" / "sources" / seed_path().name
        shutil.copyfile(seed_path(), target)
        written.append(target)
    return written
