"""Stores behind one interface: embedded pyoxigraph (default), rdflib, any SPARQL 1.1 server."""

from __future__ import annotations

from pathlib import Path

from fengong.store.base import Bindings, RdfFormat, Store, Table, Term
from fengong.store.embedded import EmbeddedStore
from fengong.store.memory import MemoryStore
from fengong.store.remote import Endpoint, RemoteError, RemoteStore, split_quads

__all__ = [
    "Bindings",
    "EmbeddedStore",
    "Endpoint",
    "MemoryStore",
    "RdfFormat",
    "RemoteError",
    "RemoteStore",
    "Store",
    "Table",
    "Term",
    "load_build",
]


def load_build(store: Store, nquads: Path) -> Store:
    """Load a build's N-Quads (every named graph) into ``store``, replacing those graphs."""
    data = nquads.read_bytes()
    if isinstance(store, EmbeddedStore | MemoryStore):
        store.load(data, RdfFormat.N_QUADS)
        return store
    for graph, triples in sorted(split_quads(data).items()):
        store.replace(triples, RdfFormat.N_TRIPLES, graph)
    return store
