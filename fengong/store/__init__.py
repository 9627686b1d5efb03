"""Stores behind one small interface. For now: the embedded pyoxigraph store."""

from fengong.store.embedded import EmbeddedStore

__all__ = ["EmbeddedStore"]
