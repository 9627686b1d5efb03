"""`fengong serve --base`: a build made with another IRI base is served with that base, so
/id/… pages map onto its IRIs (FENGONG_BASE works for serve as it does for build)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import fengong.web
from fengong.cli import app
from fengong.graph import DEFAULT_BASE


class _Started(Exception):
    pass


@pytest.fixture
def settings_seen(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    seen: list[object] = []

    def capture(settings: object) -> None:
        seen.append(settings)
        raise _Started

    monkeypatch.setattr(fengong.web, "create_app", capture)
    return seen


@pytest.mark.parametrize(("args", "env", "expected"), [
    ([], {}, DEFAULT_BASE),
    (["--base", "https://example.org/id/"], {}, "https://example.org/id/"),
    ([], {"FENGONG_BASE": "https://example.net/x/"}, "https://example.net/x/"),
])  # fmt: skip
def test_serve_takes_the_base_of_the_build(
    seed_build_dir: Path, settings_seen: list[object], args: list[str], env: dict[str, str],
    expected: str,
) -> None:  # fmt: skip
    graph = str(seed_build_dir / "fengong.nq")
    result = CliRunner().invoke(app, ["serve", "--graph", graph, *args], env=env)
    assert isinstance(result.exception, _Started), result.output
    assert settings_seen[0].base == expected  # type: ignore[attr-defined]
