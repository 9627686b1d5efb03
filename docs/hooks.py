"""MkDocs hooks: the generated pages of the manual, made at every build (fengong.manual).

They are handed to MkDocs as generated files and never written into docs/, so no copy can
fall behind the ontology, shapes, queries, commands or API it describes. The architecture
page's module map is filled in the same way.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

from fengong.manual import MODULE_MAP_MARK, module_map, pages

CHECKOUT = Path(__file__).resolve().parents[1]


def on_files(files: Files, config: Any) -> Files:
    for path, text in pages(CHECKOUT).items():
        files.append(File.generated(config, path, content=text))
    return files


def on_post_build(config: Any) -> None:
    """MkDocs writes the 404 page's links from the site's root (``/assets/…``), as it cannot
    know where a missing page was asked for; the manual lives at /manual/, so they point
    there. (Opened from disk, the other pages' relative links are unaffected.)"""
    page = Path(config["site_dir"]) / "404.html"
    if page.is_file():
        text = page.read_text(encoding="utf-8")
        text = re.sub(r'(href|src)="/(?!/)', r'\1="/manual/', text)
        page.write_text(text, encoding="utf-8")


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    if MODULE_MAP_MARK in markdown:
        return markdown.replace(MODULE_MAP_MARK, module_map())
    return markdown
