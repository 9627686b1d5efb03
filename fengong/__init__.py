"""Fengong: a knowledge graph of policy measures and the departments that lead or support them."""

from importlib.metadata import version

from fengong.client import Fengong, open_store
from fengong.errors import FengongError

__all__ = ["Fengong", "FengongError", "__version__", "open_store"]
__version__ = version("fengong")  # one place: pyproject.toml
