"""The web layer: a read-only, bounded SPARQL endpoint over the built graph.

``create_app`` and ``Settings`` are imported on first use: a build reads the site's words
(``fengong.web.i18n``) for its ontology page, and importing this package must not load the
application and FastAPI for that.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Settings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from fengong.web.app import create_app

        return create_app
    if name == "Settings":
        from fengong.web.settings import Settings

        return Settings
    raise AttributeError(f"module 'fengong.web' has no attribute {name!r}")
