"""Graph building: IRIs, registry and document graphs, reasoning, serialisation."""

from fengong.graph.iris import DEFAULT_BASE, Iris
from fengong.graph.pipeline import Build, Project, build_graphs, write_build

__all__ = ["DEFAULT_BASE", "Build", "Iris", "Project", "build_graphs", "write_build"]
