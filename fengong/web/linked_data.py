"""Linked Data: every IRI we mint under ``/id/`` dereferences (httpRange-14 style, 303s).

``GET /id/doc/putuo-anban-2020-18/measure/16`` names a thing, not a document, so it answers 303:
to ``/page/…`` for browsers (``Accept: text/html``) and to ``/data/….ttl|.jsonld|.nt`` for RDF
clients. The served path maps onto the configured IRI base, so the same graph can be served
from any host. Unknown IRIs are 404.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from rdflib import URIRef

from fengong.client import Fengong
from fengong.queries import load_query
from fengong.store.sparql_text import is_valid_iri
from fengong.web.negotiate import MEDIA_TYPES, RDFLIB_FORMATS, best_media
from fengong.web.paths import iri_path
from fengong.web.sparql import problem, problems

__all__ = ["add_linked_data_routes"]

_EXTENSIONS = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples",
               "rdf": "application/rdf+xml"}  # fmt: skip


def add_linked_data_routes(app: FastAPI, fg: Fengong) -> None:
    router = APIRouter(tags=["linked data"])
    internal = fg.project.queries / "api"

    def exists(iri: URIRef) -> bool:
        if not is_valid_iri(iri):
            return False
        return fg.store.ask("ASK { ?resource ?p ?o }", {"resource": iri})

    @router.get(
        "/id/{path:path}",
        summary="Dereference a Fengong IRI: 303 to its HTML page or RDF description",
        status_code=303,
        responses={303: {"description": "see the page or data"}, **problems({404: "unknown"})},
    )
    def resource(path: str, request: Request) -> Response:
        path = iri_path(request.scope.get("raw_path"), path, "/id/")
        iri = URIRef(fg.base + path)
        if not exists(iri):
            return problem(404, "Not found", f"nothing is known about <{iri}>")
        # RDF first: */* and no Accept get Turtle; a browser's text/html (q=1) gets the page,
        # and text/html;q=0.1 beside text/turtle gets the data (q-values honoured)
        offered = (*MEDIA_TYPES["CONSTRUCT"], "text/html", "application/xhtml+xml")
        best = best_media(request.headers.get("accept"), offered)
        media = best if best in MEDIA_TYPES["CONSTRUCT"] else None  # else the page, for a person
        if media is None:
            target = f"/page/{path}"
        else:
            extension = next(e for e, m in _EXTENSIONS.items() if m == media)
            target = f"/data/{path}.{extension}"
        return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})

    @router.get(
        "/data/{path:path}",
        summary="The RDF description of a Fengong resource",
        response_class=Response,
        responses={200: {"content": {m: {} for m in _EXTENSIONS.values()}},
                   **problems({404: "unknown, or an extension not offered"})},
    )  # fmt: skip
    def data(path: str, request: Request) -> Response:
        path = iri_path(request.scope.get("raw_path"), path, "/data/")
        stem, _, extension = path.rpartition(".")
        if extension not in _EXTENSIONS or not stem:
            return problem(404, "Not found", f"use one of .{', .'.join(_EXTENSIONS)}")
        iri = URIRef(fg.base + stem)
        if not exists(iri):
            return problem(404, "Not found", f"nothing is known about <{iri}>")
        graph = fg.store.construct(load_query(internal, "describe-graph"), {"resource": iri})
        media = _EXTENSIONS[extension]
        return Response(graph.serialize(format=RDFLIB_FORMATS[media]), media_type=media)

    app.include_router(router)
