"""The Python entry point for notebooks and scripts::

    import fengong
    fg = fengong.open_store()
    fg.query("tasks-led-by", department="区应急局").to_pandas()

(tests/catalogue/test_python_api.py runs exactly this.)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fengong.catalogue import Catalogue, QuerySpec, Result, load_catalogue, run_query
from fengong.catalogue.params import RawValue
from fengong.errors import FengongError, ParameterError
from fengong.graph.iris import DEFAULT_BASE
from fengong.graph.pipeline import Project
from fengong.store import (
    EmbeddedStore,
    Endpoint,
    MemoryStore,
    RdfFormat,
    RemoteStore,
    Store,
    load_build,
)
from fengong.store.base import Bindings, Table
from fengong.store.disk import disk_store

__all__ = ["Fengong", "open_store"]


class Fengong:
    """A store plus the catalogue: what researchers query."""

    def __init__(self, store: Store, project: Project, base: str = DEFAULT_BASE) -> None:
        self.store = store
        self.project = project
        self.base = base
        self.catalogue: Catalogue = load_catalogue(*project.catalogue_dirs)

    def queries(self) -> list[QuerySpec]:
        """The catalogue, by name."""
        return [self.catalogue[name] for name in sorted(self.catalogue)]

    def spec(self, name: str) -> QuerySpec:
        try:
            return self.catalogue[name]
        except KeyError:
            raise ParameterError(
                f"no query named {name!r}; try one of: {', '.join(sorted(self.catalogue))}"
            ) from None

    def query(
        self,
        name: str,
        *,
        limit: int | None = None,
        offset: int = 0,
        **params: RawValue | Sequence[RawValue],
    ) -> Result:
        """Run catalogue query ``name``; ``params`` are typed and checked against its header."""
        return run_query(
            self.store,
            self.spec(name),
            params,
            base=self.base,
            queries_dir=self.project.queries,
            limit=limit,
            offset=offset,
        )

    def sparql(self, text: str, bindings: Bindings | None = None) -> Table:
        """Any SELECT query, with optional bindings (RDF terms)."""
        return self.store.select(text, bindings)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Fengong:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(
    graph: Path | str | None = None,
    *,
    backend: str = "embedded",
    endpoint: Endpoint | str | None = None,
    project: Path | str | None = None,
    base: str = DEFAULT_BASE,
) -> Fengong:
    """Open the built graph (default ``data/build/fengong.nq``; a build folder stands for its
    ``fengong.nq``) or a remote endpoint.

    ``backend`` is ``embedded`` (pyoxigraph, the default), ``rdflib`` or ``remote``; a remote
    store reads from ``endpoint`` (a URL or an :class:`~fengong.store.Endpoint`) and loads
    nothing.
    """
    proj = Project.discover(Path(project) if project else None)
    if backend == "remote" or endpoint is not None:
        if endpoint is None:
            raise FengongError("a remote store needs an endpoint URL")
        where = Endpoint(query=endpoint) if isinstance(endpoint, str) else endpoint
        return Fengong(RemoteStore(where), proj, base)
    path = Path(graph) if graph else proj.build
    if path.is_dir():  # what `fengong build` printed: the folder it published
        path = path / "fengong.nq"
    if not path.is_file():
        raise FengongError(f"no built graph at {path}: run `fengong build` first")
    if backend == "embedded":
        on_disk = disk_store(path.parent) if path.name == "fengong.nq" else None
        store: Store = EmbeddedStore.on_disk(on_disk) if on_disk else EmbeddedStore.from_file(path)
    elif backend == "rdflib":
        fmt = RdfFormat.for_path(path)
        if fmt is RdfFormat.N_QUADS:
            store = load_build(MemoryStore(), path)
        else:
            store = MemoryStore()
            store.load(path.read_bytes(), fmt, name=str(path))
    else:
        raise FengongError(f"unknown backend {backend!r}: embedded, rdflib or remote")
    return Fengong(store, proj, base)
