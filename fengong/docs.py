"""Ontology documentation: pyLODE renders ontology/fengong.ttl as one self-contained HTML page."""

from __future__ import annotations

import logging
import os
from pathlib import Path

__all__ = ["write_ontology_docs"]


def write_ontology_docs(ontology: Path, out: Path) -> Path:
    """Write ``out`` (HTML, no external assets) from ``ontology``; replaced atomically."""
    from pylode import OntPub  # imported here: only `fengong build` needs it

    logging.getLogger().setLevel(max(logging.getLogger().level, logging.WARNING))
    html = OntPub(ontology=str(ontology)).make_html()
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, out)
    return out
