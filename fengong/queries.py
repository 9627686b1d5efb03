"""Loading named SPARQL queries from ``queries/**/*.rq`` (SPARQL lives in files, not in code)."""

from __future__ import annotations

from pathlib import Path

from fengong.errors import FengongError, Location

__all__ = ["load_query"]


def load_query(queries_dir: Path, name: str) -> str:
    """The text of ``queries_dir/name.rq``; ``name`` may contain a sub-folder (``export/matrix``)."""
    path = queries_dir / f"{name}.rq"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise FengongError(f"cannot read query: {err.strerror}", Location(str(path))) from None
