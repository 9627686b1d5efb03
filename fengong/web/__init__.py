"""The web layer: a read-only, bounded SPARQL endpoint over the built graph."""

from fengong.web.app import create_app
from fengong.web.settings import Settings

__all__ = ["Settings", "create_app"]
