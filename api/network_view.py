"""The collaboration view's data: departments and lead → support edges, ready for the page."""

from __future__ import annotations

from typing import Any

from api.islands import json_island
from fengong.client import Fengong
from fengong.figures import network

__all__ = ["network_context"]


def network_context(fg: Fengong, section: str | None = None) -> dict[str, Any]:
    """What ``network.html`` shows (``section``: the section filter, when one is chosen)."""
    net = network(fg)
    payload = json_island({"nodes": net.nodes, "edges": net.edges})
    return {"edges": net.edges, "network_json": payload}
