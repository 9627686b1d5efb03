"""Where the packaged defaults live: the ontology, shapes, queries, registries and the seed.

A wheel carries them under ``fengong/defaults/`` (``[tool.hatch.build.targets.wheel.
force-include]`` copies the checkout's top-level ``ontology/``, ``shapes/``, ``queries/`` and
``data/`` there), laid out as in the checkout; a checkout (an editable install, the tests) reads
the top-level folders themselves. Either way one path comes back whose layout is the
checkout's, so nothing else needs to know which it is.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from fengong.errors import FengongError

__all__ = ["defaults_root", "seed_path"]

_MARK = Path("ontology") / "fengong.ttl"  # present in every complete set of defaults


@cache
def defaults_root() -> Path:
    """The folder holding ``ontology/``, ``shapes/``, ``queries/`` and ``data/reference/``."""
    installed = files("fengong") / "defaults"
    if isinstance(installed, Path) and (installed / _MARK).is_file():
        return installed
    checkout = Path(__file__).resolve().parents[1]
    if (checkout / _MARK).is_file():
        return checkout
    raise FengongError(
        f"the packaged ontology, shapes and queries are missing: looked for {_MARK} in "
        f"{installed} (an installed wheel) and in {checkout} (a checkout); reinstall fengong"
    )


def seed_path() -> Path:
    """The seed document (普安办〔2020〕18号), which ``fengong init`` offers as an example."""
    return defaults_root() / "data" / "sources" / "putuo-anban-2020-18.txt"
