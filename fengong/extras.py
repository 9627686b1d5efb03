"""Optional parts, installed as extras (``pip install 'fengong[pandas]'``), imported on use.

pandas and matplotlib weigh about 80 MB and 40 MB: a server or a build never needs them. What
uses one calls :func:`need` first, so a missing part fails with the command that installs it
rather than an ImportError from deep inside.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from fengong.errors import FengongError

__all__ = ["EXTRAS", "need"]

#: module → the extra that provides it (pyproject.toml's [project.optional-dependencies])
EXTRAS = {
    "pandas": "pandas",
    "matplotlib": "plot",
    "pylopdf_fonts_zh_cn": "plot",
    "mkdocs": "docs",
    "owlready2": "reasoner",
}


def need(module: str, purpose: str) -> ModuleType:
    """Import ``module``, or fail saying which extra to install for ``purpose``."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as err:
        if err.name != module.split(".")[0]:
            raise  # the part is there but broken: its own error says more
        extra = EXTRAS[module.split(".")[0]]
        raise FengongError(
            f"{purpose} needs {module}, an optional part: pip install 'fengong[{extra}]'"
        ) from None
