"""The module map: what each part of the package does, and which parts it may import.

The folders follow the data flow (sources → blocks → records → graph → store → validate /
query / serve). A part may import the parts of lower layers and its own, nothing above: the
reader never knows about the store, the store never about the web. The few edges that cross
a layer sideways are listed with their reason. tests/unit/test_layers.py reads every import
of the package and fails on one this map does not allow; the manual's architecture page shows
this table, so the map and the code cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EXCEPTIONS", "LAYERS", "Layer", "layer_of"]


@dataclass(frozen=True)
class Layer:
    name: str
    modules: tuple[str, ...]  # dotted prefixes: a package or a module
    role: str


#: Lowest first: a layer may import itself and every layer before it.
LAYERS: tuple[Layer, ...] = (
    Layer("foundation",
          ("fengong.errors", "fengong.extras", "fengong.packaged", "fengong.queries",
           "fengong.spreadsheet", "fengong.textable", "fengong.confine"),
          "errors with their place, optional parts, where the packaged defaults are, loading "
          ".rq files, spreadsheet-safe cells, plain-text tables, confining child processes"),
    Layer("reference", ("fengong.reference",),
          "the CSV registries (places, departments, categories, documents, functions, "
          "reforms) as typed records, and reading a department's name against them"),
    Layer("ingest", ("fengong.ingest", "fengong.compare"),
          "sources → blocks → records: detecting a document's layout (text, HTML, DOCX, XLSX, "
          "PDF, legacy Office), its head, sections, measures, tasks and the departments of "
          "each cell, with the place of every fact; matching two documents' measures"),
    Layer("store", ("fengong.store",),
          "the stores queries run on: embedded pyoxigraph, a remote SPARQL endpoint, "
          "Virtuoso; the query guard"),
    Layer("graph", ("fengong.graph",),
          "records → RDF: IRIs, the document graphs, the reference graph, OWL 2 RL rules, "
          "alignment of documents, the build written and published atomically"),
    Layer("validate", ("fengong.validate",),
          "the completeness checks: SHACL shapes (pySHACL) and their SPARQL twins, "
          "as one report"),
    Layer("catalogue", ("fengong.catalogue",),
          "named queries: their #+ headers, parameters bound as RDF terms, paged results"),
    Layer("front ends",
          ("fengong", "fengong.client", "fengong.export", "fengong.figures",
           "fengong.diff", "fengong.docs", "fengong.network_layout", "fengong.synthetic",
           "fengong.project_init", "fengong.layers"),
          "what people call: the package's face (fengong.Fengong), the Python client, exports, figures, comparisons, the ontology "
          "page, generated corpora, project folders, this map"),
    Layer("web", ("fengong.web",),
          "the HTTP layer (FastAPI): SPARQL protocol, REST, pages, query worker processes, "
          "limits per client"),
    Layer("command line", ("fengong.cli", "fengong.cli_common", "fengong.cli_progress",
                           "fengong.cli_query", "fengong.cli_serve"),
          "the `fengong` command (Typer)"),
    Layer("manual", ("fengong.manual",),
          "the manual's generated pages, written from every layer below"),
)  # fmt: skip

#: Imports that cross layers sideways or upwards, each with why it is allowed.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("fengong.reference.registry", "fengong.ingest.traditional"):
        "names in registries are compared in simplified characters, as documents are read",
    ("fengong.validate.shacl", "fengong.graph.namespaces"):
        "the vocabulary's namespaces are constants the checks name",
    ("fengong.graph.publish", "fengong.validate"):
        "a build is validated before it is published",
    ("fengong.graph.chunk", "fengong.validate.sparql"):
        "a document's own checks run in its chunk, on the store its reasoning used",
    ("fengong.graph.stream", "fengong.validate"):
        "the streaming build validates as it merges: the spanning checks run on its "
        "cross-document store, the only place that holds what they look at",
    ("fengong.graph.patch", "fengong.validate"):
        "a patched build's report is the previous one's records, with the changed "
        "documents' findings replaced, rendered again",
    ("fengong.graph.publish", "fengong.docs"):
        "a build writes its ontology page beside the graph",
    ("fengong.docs", "fengong.web.i18n"):
        "the ontology page carries the site's header, in the site's words",
    ("fengong.docs", "fengong.web"):
        "the ontology page is rendered with the site's own template",
}  # fmt: skip


def layer_of(module: str) -> int:
    """The index in :data:`LAYERS` of the layer holding ``module`` (longest prefix wins)."""
    best, found = -1, -1
    for index, layer in enumerate(LAYERS):
        for prefix in layer.modules:
            inside = module == prefix or (prefix != "fengong" and module.startswith(prefix + "."))
            if inside and len(prefix) > best:  # "fengong" is the package's __init__ alone
                best, found = len(prefix), index
    if found < 0:
        raise KeyError(f"{module} is in no layer of fengong.layers.LAYERS")
    return found
