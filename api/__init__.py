"""The web layer: a read-only, bounded SPARQL endpoint over the built graph."""

from api.app import create_app
from api.settings import Settings

__all__ = ["Settings", "create_app"]
