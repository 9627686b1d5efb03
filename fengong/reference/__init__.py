"""Reference data: the CSV registries under data/reference/, loaded into typed records."""

from fengong.reference.registry import Registry, load_registry

__all__ = ["Registry", "load_registry"]
