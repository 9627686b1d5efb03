"""Fengong: a knowledge graph of policy measures and the departments that lead or support them."""

from fengong.errors import FengongError

__all__ = ["FengongError", "__version__"]
__version__ = "0.1.0"
