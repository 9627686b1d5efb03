"""Ontology documentation: pyLODE renders ontology/fengong.ttl as one self-contained HTML page."""

from __future__ import annotations

import hashlib
import logging
import os
from importlib.metadata import version
from pathlib import Path

__all__ = ["write_ontology_docs"]


def _stamp(ontology: Path) -> str:
    """What the page is a function of: the ontology's bytes and the pyLODE version."""
    digest = hashlib.sha256(ontology.read_bytes()).hexdigest()
    return f"<!-- fengong: ontology sha256 {digest}, pyLODE {version('pylode')} -->\n"


def write_ontology_docs(ontology: Path, out: Path) -> Path:
    """Write ``out`` (HTML, no external assets) from ``ontology``; replaced atomically.

    Rendering takes pyLODE most of a second, so a page already made from the same ontology
    by the same pyLODE (its last line says so) is kept.
    """
    stamp = _stamp(ontology)
    if out.is_file() and out.read_text(encoding="utf-8").endswith(stamp):
        return out
    from pylode import OntPub  # imported here: only `fengong build` needs it

    logging.getLogger().setLevel(max(logging.getLogger().level, logging.WARNING))
    html = OntPub(ontology=str(ontology)).make_html()
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(html.rstrip("\n") + "\n" + stamp, encoding="utf-8")
    os.replace(tmp, out)
    return out
