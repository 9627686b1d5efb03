"""The web pages researchers read: server-rendered (Jinja2), small vanilla JS, nothing from a CDN.

Every page is built from the same queries as the API (catalogue and ``queries/api/``), so what
a page shows is what ``/api`` and ``/sparql`` answer.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from rdflib import Literal, URIRef

from api.i18n import LANGS, TEXT
from api.islands import json_island
from api.negotiate import RDFLIB_FORMATS, choose
from api.network_view import network_context
from fengong.catalogue import bind_params
from fengong.catalogue.run import lookup_with
from fengong.client import Fengong
from fengong.errors import FengongError
from fengong.export import matrix_rows, to_csv
from fengong.figures import matrix_xlsx
from fengong.graph.namespaces import PREFIXES
from fengong.queries import load_query
from fengong.store.sparql_text import inject_values, is_valid_iri

__all__ = ["add_web_routes"]

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))


def _lang(request: Request) -> str:
    wanted = request.query_params.get("lang") or request.cookies.get("lang") or "zh"
    return wanted if wanted in LANGS else "zh"


def _is_lang(text: str, lang: str) -> bool:
    """A rough guess at a label's language: any CJK character means Chinese."""
    has_cjk = any("\u4e00" <= ch <= "\u9fff" for ch in text)
    return has_cjk if lang == "zh" else not has_cjk


def add_web_routes(app: FastAPI, fg: Fengong) -> None:
    router = APIRouter(include_in_schema=False)
    internal = fg.project.queries / "api"

    def page_of(iri: Any) -> str:
        text = str(iri)
        return "/page/" + text.removeprefix(fg.base) if text.startswith(fg.base) else text

    def every_page(name: str, **params: Any) -> list[dict[str, Any]]:
        """All rows of a paginated catalogue query (a corpus has more than one page)."""
        rows: list[dict[str, Any]] = []
        while True:
            result = fg.query(name, limit=1000, offset=len(rows), **params)
            rows += result.records()
            if not result.has_more:
                return rows

    def render(request: Request, template: str, page: str, **context: Any) -> Response:
        lang = _lang(request)
        t = {k: v[lang] for k, v in TEXT.items()}
        response = templates.TemplateResponse(
            request, template, {"lang": lang, "t": t, "page": page, **context}
        )
        if "lang" in request.query_params and request.query_params["lang"] in LANGS:
            response.set_cookie("lang", lang, samesite="lax")
        return response

    @router.get("/", response_class=HTMLResponse)
    def home(request: Request) -> Response:
        ingested = {
            r["document"] for r in fg.store.select(load_query(internal, "measures")).records()
        }
        documents = [
            {**r, "page": page_of(r["document"])}
            for r in fg.query("document-metadata").records() if r["number"] in ingested
        ]  # fmt: skip
        applied = []
        for doc in {d["document"] for d in documents}:
            applied += [{**r, "page": page_of(r["applied"])}
                        for r in fg.query("applied-documents", document=doc).records()]  # fmt: skip
        cited = [{**r, "page": page_of(r["act"])} for r in fg.query("cited-acts").records()]
        return render(request, "home.html", "home", documents=documents, applied=applied,
                      cited=cited, sections=fg.query("measures-per-section").records())  # fmt: skip

    @router.get("/measures", response_class=HTMLResponse)
    def measures(request: Request) -> Response:
        # keyed by document first: every document has its own section 1 and measure 1
        cites: dict[tuple[str, int, int], list[str]] = defaultdict(list)
        for r in fg.query("tasks-citing").records():
            cites[(r["document"], r["measure"], r["task"])].append(r["cited_title"])
        slogans: dict[tuple[str, int, int], list[str]] = defaultdict(list)
        for r in every_page("slogan-tasks"):
            slogans[(r["document"], r["measure"], r["task"])].append(r["label"])
        documents: dict[str, dict[int, dict[str, Any]]] = {}
        for r in fg.store.select(load_query(internal, "tree")).records():
            sections = documents.setdefault(r["document"], {})
            section = sections.setdefault(r["section"], {"number": r["section_number"],
                                                         "title": r["section_title"], "by": {}})  # fmt: skip
            measure = section["by"].setdefault(r["measure"], {"ordinal": r["measure"],
                                                              "label": r["measure_label"], "by": {}})  # fmt: skip
            key = (r["document"], r["measure"], r["task"])
            task = measure["by"].setdefault(r["task"], {
                "label": r["task_label"], "text": r["text"], "line": r["line"],
                "page": page_of(r["task_iri"]), "lead": [], "support": [],
                "cites": cites.get(key, []), "slogans": slogans.get(key, []),
            })  # fmt: skip
            if r["role"]:
                task[r["role"]].append({"name": r["department"], "basis": r["basis"],
                                        "open": r["open_ended"],
                                        "category": r["is_category"]})  # fmt: skip
        tree = [
            {"number": number, "sections": [
                {**s, "measures": [{**m, "tasks": list(m["by"].values())}
                                   for m in s["by"].values()]}
                for s in sections.values()
            ]}
            for number, sections in documents.items()
        ]  # fmt: skip
        return render(request, "measures.html", "measures", documents=tree)

    @router.get("/lineage", response_class=HTMLResponse)
    def lineage(request: Request) -> Response:
        """Each higher-level measure with the measures implementing it, and per implementing
        document the higher measures it never took up."""
        higher: dict[tuple[str, int], dict[str, Any]] = {}
        for r in fg.query("measure-lineage").records():
            entry = higher.setdefault((r["higher_document"], r["higher_measure"]), {
                "document": r["higher_document"], "measure": r["higher_measure"],
                "title": r["higher_title"], "page": page_of(r["document"]), "lower": []})  # fmt: skip
            entry["lower"].append(r)
        untaken = fg.query("untaken-measures").records()
        return render(request, "lineage.html", "lineage", rows=list(higher.values()),
                      untaken=untaken)  # fmt: skip

    @router.get("/departments", response_class=HTMLResponse)
    def departments(request: Request) -> Response:
        rows = []
        for r in every_page("workload"):
            key = r["department"].removeprefix(fg.base).split("/", 1)[1]
            rows.append({**r, "key": key})
        return render(request, "departments.html", "departments", rows=rows)

    @router.get("/departments/{key:path}", response_class=HTMLResponse)
    def department(request: Request, key: str) -> Response:
        try:
            profile = fg.query("department-profile", department=key)
        except FengongError:
            return HTMLResponse("<h1>404</h1>", status_code=404)
        iri = str(profile.params["department"])
        described = fg.store.select(load_query(internal, "describe"), {"resource": URIRef(iri)})
        name = next((str(r["o"]) for r in described if str(r["p"]).endswith("#shortLabel")), key)
        leads = every_page("tasks-led-by", department=key)
        facts = [
            {**r, "page": page_of(str(r["node"])) if r["node"] else ""}
            for r in fg.store.select(
                load_query(internal, "department-functions"),
                {"department": URIRef(iri), "lang": Literal(_lang(request))},
            ).records()
        ]
        return render(request, "department.html", "departments", name=name, iri=iri,
                      node_page=page_of(iri), profile=profile.records(), leads=leads,
                      facts=facts)  # fmt: skip

    @router.get("/matrix", response_class=HTMLResponse)
    def matrix(request: Request) -> Response:
        header, body = matrix_rows(fg.store, fg.project.queries)
        rows = [{"department": r[1], "cells": r[2:]} for r in body]
        return render(request, "matrix.html", "matrix", measures=header[2:], rows=rows)

    @functools.cache
    def yasgui_examples(lang: str) -> tuple[list[dict[str, str]], str]:
        """Each catalogue query with its example values bound; once per language and graph."""
        examples = []
        lookup = lookup_with(fg.store, fg.project.queries)
        for spec in fg.queries():
            given = {p.name: p.example for p in spec.params if p.example is not None}
            bound = bind_params(spec, given, fg.base, lookup)
            values = {**{k: [v] for k, v in bound.scalars.items()}, **bound.lists}
            text = inject_values(spec.text, values) if values else spec.text
            examples.append({"name": spec.name, "summary": spec.summary[lang], "query": text})
        return examples, json_island(examples)

    @router.get("/yasgui", response_class=HTMLResponse)
    def yasgui(request: Request) -> Response:
        examples, payload = yasgui_examples(_lang(request))
        return render(request, "yasgui.html", "sparql", examples=examples, examples_json=payload)

    app.state.on_reload.append(yasgui_examples.cache_clear)  # its examples come from the graph

    @functools.cache
    def ontology_rdf(media: str) -> str:
        """The served build's ontology graph (so RDF and HTML describe the same build),
        serialised once per build and media type."""
        graph = fg.store.construct(load_query(internal, "ontology-graph"),
                                   {"graph": URIRef(fg.base + "graph/ontology")})  # fmt: skip
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        return graph.serialize(format=RDFLIB_FORMATS[media])

    app.state.on_reload.append(ontology_rdf.cache_clear)

    @router.get("/ontology")
    def ontology(request: Request) -> Response:
        """The ontology: pyLODE's HTML for browsers, RDF by content negotiation."""
        accept = request.headers.get("accept", "")
        media = choose("CONSTRUCT", accept or None)
        if "text/html" in accept or media is None:
            served = app.state.served
            built = served.folder / "ontology.html" if served else None
            if built is None or not built.is_file():
                return HTMLResponse("<h1>Run `fengong build` to make the ontology pages</h1>",
                                    status_code=404)  # fmt: skip
            return HTMLResponse(built.read_text(encoding="utf-8"), headers={"Vary": "Accept"})
        return Response(ontology_rdf(media), media_type=media, headers={"Vary": "Accept"})

    @router.get("/matrix.xlsx")
    def matrix_xlsx_file() -> Response:
        return Response(
            matrix_xlsx(fg.store, fg.project.queries),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": 'attachment; filename="matrix.xlsx"'},
        )

    @router.get("/network", response_class=HTMLResponse)
    def network_page(request: Request, section: str | None = None) -> Response:
        return render(request, "network.html", "network", **network_context(fg, section))

    @router.get("/page/{path:path}", response_class=HTMLResponse)
    def resource_page(request: Request, path: str) -> Response:
        """What the graph says about one resource, links to its neighbours' pages."""
        iri = URIRef(fg.base + path)
        rows = (
            fg.store.select(load_query(internal, "describe"), {"resource": iri}).records()
            if is_valid_iri(iri) else []
        )  # fmt: skip
        if not rows:
            response = render(request, "resource.html", "", iri=str(iri), title="404", rows=[],
                              data_links=[])  # fmt: skip
            response.status_code = 404
            return response
        lang = _lang(request)
        labels = [r["o"] for r in rows if str(r["p"]).endswith("#label")]
        title = next(
            (str(x) for x in labels if _is_lang(str(x), lang)),
            str(labels[0]) if labels else str(iri),
        )
        shown = [{"p": str(r["p"]), "o": str(r["o"]), "label": r["label"],
                  "href": page_of(r["o"]) if str(r["o"]).startswith(("http://", "https://")) else None}
                 for r in rows]  # fmt: skip
        links = [(e, f"/data/{path}.{e}") for e in ("ttl", "jsonld", "nt", "rdf")]
        return render(request, "resource.html", "", iri=str(iri), title=title, rows=shown,
                      data_links=links)  # fmt: skip

    @router.get("/favicon.ico")
    async def favicon() -> Response:
        return Response((HERE / "static" / "favicon.svg").read_bytes(), media_type="image/svg+xml")

    @router.get("/matrix.csv")
    def matrix_csv() -> Response:
        header, body = matrix_rows(fg.store, fg.project.queries)
        return Response(to_csv(header, body), media_type="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="matrix.csv"'})  # fmt: skip

    @router.get("/validation", response_class=HTMLResponse)
    def validation(request: Request) -> Response:
        lang = _lang(request)
        report = app.state.validation_report()
        groups: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        for f in report.findings:
            severity = f.severity.name.lower()
            group = groups[severity].setdefault(f.shape, {"name": f.check.get(lang, f.shape),
                                                          "count": 0, "findings": []})  # fmt: skip
            group["count"] += 1
            group["findings"].append({"page": page_of(f.focus), "source": f.source,
                                      "label": f.focus_label.get(lang, f.focus),
                                      "message": f.message.get(lang, "")})  # fmt: skip
        ordered = [
            (s, list(groups[s].values())) for s in ("violation", "warning", "info") if s in groups
        ]
        summary = report.render_text(lang).splitlines()[-1]
        return render(request, "validation.html", "validation", report=ordered, summary=summary)

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(router)
