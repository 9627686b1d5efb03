"""MkDocs hooks: the generated pages of the manual, made at every build (fengong.manual).

They are handed to MkDocs as generated files and never written into docs/, so no copy can
fall behind the ontology, shapes, queries, commands or API it describes. The architecture
page's module map is filled in the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

from fengong.manual import MODULE_MAP_MARK, module_map, pages

CHECKOUT = Path(__file__).resolve().parents[1]


def on_files(files: Files, config: Any) -> Files:
    for path, text in pages(CHECKOUT).items():
        files.append(File.generated(config, path, content=text))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    if MODULE_MAP_MARK in markdown:
        return markdown.replace(MODULE_MAP_MARK, module_map())
    return markdown
