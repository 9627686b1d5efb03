"""Every import inside the package keeps to the module map of fengong.layers.

A part may import its own layer and the layers below; the listed exceptions are the only
others. The map is what the manual's architecture page shows, so a new import that breaks it
fails here instead of making the page untrue.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from fengong.layers import EXCEPTIONS, LAYERS, layer_of
from tests.conftest import ROOT

PACKAGE = ROOT / "fengong"


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {name for name in found if name == "fengong" or name.startswith("fengong.")}


def _excused(source: str, target: str) -> bool:
    return any(
        (source == s or source.startswith(s + ".")) and (target == t or target.startswith(t + "."))
        for s, t in EXCEPTIONS
    )


def breaches(modules: dict[str, set[str]]) -> list[str]:
    """Imports from a lower layer to a higher one that no exception allows."""
    return sorted(
        f"{source} imports {target} ({LAYERS[layer_of(target)].name} is above "
        f"{LAYERS[layer_of(source)].name})"
        for source, targets in modules.items()
        for target in targets
        if layer_of(target) > layer_of(source) and not _excused(source, target)
    )


def test_every_module_is_in_a_layer() -> None:
    for path in PACKAGE.rglob("*.py"):
        layer_of(_module(path))  # raises for a module the map forgets


def test_imports_keep_to_the_map() -> None:
    modules = {_module(p): _imports(p) for p in PACKAGE.rglob("*.py")}
    assert breaches(modules) == []


def test_a_reader_importing_the_web_is_caught() -> None:
    """The negative: the check fails on an upward import it was not told about."""
    found = breaches({"fengong.ingest.reader": {"fengong.web.app", "fengong.errors"}})
    assert found == ["fengong.ingest.reader imports fengong.web.app (web is above ingest)"]
    with pytest.raises(KeyError, match="no layer"):
        layer_of("elsewhere.module")
    with pytest.raises(KeyError, match="no layer"):
        layer_of("fengong.unmapped")  # a new package the map forgets is not 'front ends'
    assert LAYERS[layer_of("fengong")].name == "front ends"  # the package's __init__ itself


def test_every_exception_is_still_needed() -> None:
    """An exception no import uses any more is removed, so the map stays exact."""
    modules = {_module(p): _imports(p) for p in PACKAGE.rglob("*.py")}
    for source, target in EXCEPTIONS:
        used = any(
            (m == source or m.startswith(source + "."))
            and any(t == target or t.startswith(target + ".") for t in ts)
            for m, ts in modules.items()
        )
        assert used, f"{source} → {target} is listed but no longer imported"


def test_a_build_does_not_load_the_web_application() -> None:
    """The map counts direct imports; this catches one through a package's __init__: the
    build (which reads the site's words for its ontology page) must not load FastAPI."""
    import subprocess
    import sys

    code = ("import sys, fengong.graph.publish, fengong.cli_common; "
            "print(sorted(m for m in ('fastapi', 'fengong.web.app') if m in sys.modules))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)  # fmt: skip
    assert done.stdout.strip() == "[]"
