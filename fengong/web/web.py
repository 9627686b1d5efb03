"""The web pages researchers read: server-rendered (Jinja2), small vanilla JS, nothing from a CDN.

Every page is built from the same queries as the API (catalogue and ``queries/api/``), so what
a page shows is what ``/api`` and ``/sparql`` answer.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from fengong.catalogue import bind_params
from fengong.catalogue.run import lookup_with
from fengong.client import Fengong
from fengong.docs import ontology_anchors, ontology_page
from fengong.errors import FengongError
from fengong.export import matrix_rows, matrix_table, to_csv
from fengong.figures import matrix_xlsx
from fengong.graph.namespaces import FG, PREFIXES
from fengong.queries import load_query
from fengong.store.sparql_text import inject_values, is_valid_iri
from fengong.web.docs import vendored_version
from fengong.web.entity import arrange, incoming
from fengong.web.i18n import TEXT
from fengong.web.islands import json_island
from fengong.web.language import chosen
from fengong.web.negotiate import RDFLIB_FORMATS, choose
from fengong.web.network_view import network_context
from fengong.web.outline import FLAGS, Filters, Outline, build_outline
from fengong.web.paths import department_key, iri_path
from fengong.web.source_view import load_view, original_file, source_href, span_place

__all__ = ["add_web_routes"]

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))


def _with_lang(href: str, lang: str) -> str:
    """``href`` with ``lang=`` in its query, before any fragment (``/x#a`` → ``/x?lang=zh#a``).

    >>> _with_lang("/ontology#concept-districtLevel", "zh")
    '/ontology?lang=zh#concept-districtLevel'
    """
    if not href.startswith("/"):
        return href
    path, hash_, fragment = href.partition("#")
    return path + ("&" if "?" in path else "?") + f"lang={lang}" + hash_ + fragment


def _with_lang_param(request: Request, lang: str) -> str:
    """This page's own address (path and query) in ``lang``: filters and the cited line stay."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    query = urlencode([*params, ("lang", lang)])
    raw = request.scope.get("raw_path")  # as sent: %2F in a page's IRI stays an escape
    path = raw.decode("latin-1") if raw else request.url.path
    return f"{path}?{query}"


def _lang(request: Request) -> str:
    return chosen(request.scope.get("query_string", b""), request.headers.get("cookie", ""))


def add_web_routes(app: FastAPI, fg: Fengong) -> None:
    router = APIRouter(include_in_schema=False)
    internal = fg.project.queries / "api"

    @functools.cache
    def ontology_anchors_served() -> dict[str, str]:
        """The served build's ontology terms → their ids on the ontology page (the ids the
        build gave them, fengong.docs), once per build."""
        graph = fg.store.construct(load_query(internal, "ontology-graph"),
                                   {"graph": URIRef(fg.base + "graph/ontology")})  # fmt: skip
        return ontology_anchors(graph)

    app.state.on_reload.append(ontology_anchors_served.cache_clear)

    def page_of(iri: Any) -> str:
        """The site's page for a resource of this graph: a source span opens the source view
        at its line; any other IRI of ours its resource page; other IRIs are left as they are."""
        text = str(iri)
        anchor = ontology_anchors_served().get(text)
        if anchor is not None:  # a term of the ontology: its entry on the ontology page
            return f"/ontology#{anchor}"
        if not text.startswith(fg.base):
            return text
        path = text.removeprefix(fg.base)
        span = span_place(path)
        if span is not None:
            return source_href(*span)
        return "/page/" + path

    def every_page(name: str, **params: Any) -> list[dict[str, Any]]:
        """All rows of a paginated catalogue query (a corpus has more than one page)."""
        rows: list[dict[str, Any]] = []
        while True:
            result = fg.query(name, limit=1000, offset=len(rows), **params)
            rows += result.records()
            if not result.has_more:
                return rows

    @functools.cache
    def graph_labels(query: str, lang: str) -> dict[str, str]:
        """``?key`` → ``?label`` of an internal query in ``lang``, once per language and build:
        concept-labels (``merged-cell`` → 合并单元格继承, ``province`` → 省级) and
        department-labels (a short Chinese name → the department's name in ``lang``)."""
        found: dict[str, str] = {}
        for r in fg.store.select(load_query(internal, query), {"lang": Literal(lang)}).records():
            found.setdefault(str(r["key"]), str(r["label"]))
        return found

    app.state.on_reload.append(graph_labels.cache_clear)

    def render(request: Request, template: str, page: str, **context: Any) -> Response:
        lang = _lang(request)
        t = {k: v[lang] for k, v in TEXT.items()}
        other = "en" if lang == "zh" else "zh"  # the switch keeps the page's filters and place
        context.setdefault("switch_href", _with_lang_param(request, other))
        codes = graph_labels("concept-labels", lang)
        names = graph_labels("department-labels", lang) if lang != "zh" else {}
        context.setdefault("dept", lambda short: names.get(str(short), str(short)))
        context.setdefault(
            "code", lambda value: codes.get(str(value)) or t.get(str(value), str(value))
        )
        context.setdefault("with_lang", lambda href: _with_lang(str(href), lang))
        response = templates.TemplateResponse(
            request, template, {"lang": lang, "t": t, "page": page, **context}
        )
        return response

    @router.get("/", response_class=HTMLResponse)
    def home(request: Request) -> Response:
        """What needs a researcher's attention first, counted and linked to the filtered
        lists; then the documents and their outline."""
        measures = fg.store.select(load_query(internal, "measures")).records()
        ingested = {r["document_iri"] for r in measures}  # by IRI: a table may print no 文号
        documents = [
            {**r, "page": page_of(r["document"])}
            for r in fg.query("document-metadata").records() if r["document"] in ingested
        ]  # fmt: skip
        applied = []
        for doc in {d["document"] for d in documents}:
            applied += [{**r, "page": page_of(r["applied"])}
                        for r in fg.query("applied-documents", document=doc).records()]  # fmt: skip
        cited = [{**r, "page": page_of(r["act"])} for r in fg.query("cited-acts").records()]
        found = outline(request)
        report = app.state.validation_report()
        violations = sum(1 for f in report.findings if f.severity.name == "VIOLATION")
        unverified = {f.focus for f in report.findings if f.shape.endswith("#OfficialNameVerified")}
        lang = _lang(request)
        gaps = [{"key": "violations", "count": violations,
                 "href": f"/validation?lang={lang}#violation"}]  # fmt: skip
        gaps += [{"key": "flag_" + flag, "count": found.counts[flag],
                  "href": f"/measures?flag={flag}&lang={lang}"} for flag in FLAGS]  # fmt: skip
        gaps.append({"key": "gap_unverified", "count": len(unverified),
                     "href": f"/validation?lang={lang}#OfficialNameVerified"})  # fmt: skip
        return render(request, "home.html", "home", documents=documents, applied=applied,
                      cited=cited, gaps=gaps, total=found.total,
                      sections=fg.query("measures-per-section").records())  # fmt: skip

    def outline(request: Request, filters: Filters = Filters()) -> Outline:  # noqa: B008
        lang = _lang(request)
        rows = fg.store.select(load_query(internal, "tree")).records()
        return build_outline(rows, lang, page_of, lambda d: department_href(d, lang), filters)

    @router.get("/measures", response_class=HTMLResponse)
    def measures(request: Request, department: str = "", role: str = "", section: str = "",
                 flag: str = "") -> Response:  # fmt: skip
        """Every measure and task with who leads and supports it; filters in the URL."""
        filters = Filters(department, role if role in ("lead", "support") else "", section,
                          flag if flag in FLAGS else "")  # fmt: skip
        # keyed by document first: every document has its own section 1 and measure 1
        cites: dict[tuple[str, int, int], list[str]] = defaultdict(list)
        for r in fg.query("tasks-citing").records():
            cites[(r["document"], r["measure"], r["task"])].append(r["cited_title"])
        slogans: dict[tuple[str, int, int], list[str]] = defaultdict(list)
        for r in every_page("slogan-tasks"):
            slogans[(r["document"], r["measure"], r["task"])].append(r["label"])
        found = outline(request, filters)
        for doc in found.documents:
            for s in doc["sections"]:
                for m in s["measures"]:
                    for task in m["tasks"]:
                        key = (doc["number"], m["ordinal"], task["ordinal"])
                        task["cites"], task["slogans"] = cites.get(key, []), slogans.get(key, [])
        return render(request, "measures.html", "measures", outline=found, filters=filters,
                      flags=FLAGS)  # fmt: skip

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
            key = department_key(r["department"], fg.base)
            rows.append({**r, "key": key})
        return render(request, "departments.html", "departments", rows=rows)

    @router.get("/departments/{key:path}", response_class=HTMLResponse)
    def department(request: Request, key: str) -> Response:
        key = iri_path(request.scope.get("raw_path"), key, "/departments/")
        try:
            profile = fg.query("department-profile", department=key)
        except FengongError:
            return HTMLResponse("<h1>404</h1>", status_code=404)
        iri = str(profile.params["department"])
        described = list(
            fg.store.select(load_query(internal, "describe"), {"resource": URIRef(iri)})
        )
        name = next((str(r["o"]) for r in described if str(r["p"]).endswith("#shortLabel")), key)
        lang = _lang(request)
        # one row per task and role: a task reached by name and through a category is one task
        tasks: dict[str, dict[tuple[str, str], dict[str, Any]]] = {"lead": {}, "support": {}}
        for r in fg.store.select(load_query(internal, "department-tasks"),
                                 {"department": URIRef(iri), "lang": Literal(lang)}).records():  # fmt: skip
            row = tasks[r["role"]].setdefault((r["document"], r["task"]), {
                "label": r["task_label"], "text": r["text"], "page": page_of(r["task"]),
                "measure": r["measure_label"], "measure_page": page_of(r["measure"]),
                "source": page_of(r["span"]), "bases": [], "mentions": []})  # fmt: skip
            if r["basis"] not in row["bases"]:
                row["bases"].append(r["basis"])
            if r["mention"] not in row["mentions"]:
                row["mentions"].append(r["mention"])
        facts = [
            {**r, "page": page_of(str(r["node"])) if r["node"] else ""}
            for r in fg.store.select(
                load_query(internal, "department-functions"),
                {"department": URIRef(iri), "lang": Literal(lang)},
            ).records()
        ]
        labels = {str(r["o"].language): str(r["o"]) for r in described
                  if r["p"] == RDFS.label and isinstance(r["o"], Literal)}  # fmt: skip
        title = labels.get(lang) or name
        return render(request, "department.html", "departments", name=title, short=name,
                      iri=iri, node_page=page_of(iri), profile=profile.records(),
                      leads=list(tasks["lead"].values()),
                      supports=list(tasks["support"].values()), facts=facts)  # fmt: skip

    @router.get("/matrix", response_class=HTMLResponse)
    def matrix(request: Request) -> Response:
        columns, body = matrix_table(fg.store, fg.project.queries)
        measures = [{"ordinal": n, "title": title} for n, title in columns]
        keys = {r["label"]: department_key(r["department"], fg.base)
                for r in every_page("workload")}  # fmt: skip
        rows = [{"department": r[1], "key": keys.get(r[1]), "cells": r[2:]} for r in body]
        return render(request, "matrix.html", "matrix", measures=measures, rows=rows)

    @functools.cache
    def yasgui_examples(lang: str) -> tuple[list[dict[str, str]], str]:
        """Each catalogue query with its example values bound; once per language and graph."""
        examples = []
        lookup = lookup_with(fg.store, fg.project.queries)
        for spec in fg.queries():
            given = {p.name: p.example for p in spec.params if p.example is not None}
            try:
                bound = bind_params(spec, given, fg.base, lookup)
            except FengongError:  # the example names what this graph lacks (another corpus
                text = spec.text  # than the seed): the query as written, its values unbound
            else:
                values = {**{k: [v] for k, v in bound.scalars.items()}, **bound.lists}
                text = inject_values(spec.text, values) if values else spec.text
            examples.append({"name": spec.name, "summary": spec.summary[lang], "query": text})
        return examples, json_island(examples)

    @functools.cache
    def yasgui_versions() -> dict[str, str]:
        """Digests of the vendored editor's files, for their URLs: cached a year, yet fetched
        anew when ``make vendor`` brings another version."""
        return {name: vendored_version(name) for name in ("yasgui.min.js", "yasgui.min.css")}

    @router.get("/yasgui", response_class=HTMLResponse)
    def yasgui(request: Request) -> Response:
        examples, payload = yasgui_examples(_lang(request))
        return render(request, "yasgui.html", "sparql", examples=examples, examples_json=payload,
                      base=fg.base, versions=yasgui_versions())  # fmt: skip

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
            served, lang = app.state.served, _lang(request)
            built = ontology_page(served.folder / "ontology.html", lang) if served else None
            if built is None or not built.is_file():
                return HTMLResponse("<h1>Run `fengong build` to make the ontology pages</h1>",
                                    status_code=404)  # fmt: skip
            response = HTMLResponse(built.read_text(encoding="utf-8"),
                                    headers={"Vary": "Accept, Cookie"})  # fmt: skip
            return response
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
        return render(request, "network.html", "network",
                      **network_context(fg, section, _lang(request)))  # fmt: skip

    def department_href(iri: Any, lang: str) -> str:
        """A department's (or category's) page: its key is its IRI past ``org/``."""
        return f"/departments/{department_key(iri, fg.base)}?lang={lang}"

    def task_cards(iri: URIRef, lang: str) -> list[dict[str, Any]]:
        """A task's (or each task of a measure's) lead and support, in document order."""
        cards: dict[int, dict[str, Any]] = {}
        rows = fg.store.select(load_query(internal, "entity-assignments"),
                               {"resource": iri, "lang": Literal(lang)})  # fmt: skip
        for r in rows:
            card = cards.setdefault(int(r["task_ordinal"].toPython()), {
                "ordinal": int(r["task_ordinal"].toPython()), "label": str(r["task_label"]),
                "page": page_of(r["task"]), "text": str(r["text"]),
                "source": page_of(r["task_span"]), "lead": [], "support": []})  # fmt: skip
            if r["assignment"] is None:
                continue
            card[str(r["role"])].append({
                "name": str(r["name"]), "href": department_href(r["department"], lang),
                "basis": str(r["basis"]), "basis_label": str(r["basis_label"]),
                "open": r["open_ended"].toPython() is True,
                "category": r["is_category"].toPython() is True,
                "source": page_of(r["span"]), "page": page_of(r["assignment"])})  # fmt: skip
        return [cards[n] for n in sorted(cards)]

    @router.get("/page/{path:path}", response_class=HTMLResponse)
    def resource_page(request: Request, path: str) -> Response:
        """One resource in the manner of a Wikidata entity page (see fengong.web.entity)."""
        iri = URIRef(fg.base + iri_path(request.scope.get("raw_path"), path, "/page/"))
        lang = _lang(request)
        words = {k: v[lang] for k, v in TEXT.items()}
        bound = {"resource": iri, "lang": Literal(lang)}
        rows = (
            list(fg.store.select(load_query(internal, "entity"), bound))
            if is_valid_iri(iri)
            else []
        )
        if not rows:
            response = render(request, "resource.html", "", iri=str(iri), title="404",
                              statements=[], types=[], incoming=[], cards=[], labels=[],
                              data_links=[], tasks_page=None)  # fmt: skip
            response.status_code = 404
            return response
        labels = [r["o"] for r in rows if r["p"] == RDFS.label and isinstance(r["o"], Literal)]
        chinese = next((str(x) for x in labels if x.language == "zh"), None)
        title = next((str(x) for x in labels if x.language == lang),
                     chinese or (str(labels[0]) if labels else str(iri)))  # fmt: skip
        if lang != "zh" and chinese and chinese != title and re.fullmatch(r"[a-z0-9 ,:]+", title):
            title = f"{title} · {chinese}"  # "measure 16" says little: its printed title too
        codes = graph_labels("concept-labels", lang)
        statements, types = arrange(rows, lang, page_of, words,
                                    lambda c: codes.get(c) or words.get(c, c))  # fmt: skip
        links = incoming(fg.store.select(load_query(internal, "entity-incoming"), bound), page_of)
        typed = {str(r["o"]) for r in rows if r["p"] == RDF.type}
        cards = task_cards(iri, lang) if typed & {str(FG.RefinedTask), str(FG.Measure)} else []
        raw = str(iri).removeprefix(fg.base)  # as the IRI has it: %2F stays an escape
        data = [(e, f"/data/{raw}.{e}") for e in ("ttl", "jsonld", "nt", "rdf")]
        tasks_page = (department_href(iri, lang) if str(FG.Department) in typed
                      or str(FG.DepartmentCategory) in typed else None)  # fmt: skip
        return render(request, "resource.html", "", iri=str(iri), title=title,
                      statements=statements, types=types, incoming=links, cards=cards,
                      tasks_page=tasks_page,
                      labels=sorted({(x.language or "", str(x)) for x in labels}),
                      data_links=data)  # fmt: skip

    @router.get("/source/{key}", response_class=HTMLResponse)
    def source_page(request: Request, key: str, line: Annotated[int | None, Query(ge=1)] = None,
                    cell: Annotated[int | None, Query(ge=1)] = None) -> Response:  # fmt: skip
        """A document as read, line by line (row by row), the cited line highlighted and the
        facts read from it listed beside it."""
        served = app.state.served
        view = load_view(served.folder, key) if served else None
        if view is None:
            response = render(request, "resource.html", "", iri=key, title="404", rows=[],
                              data_links=[], incoming=[])  # fmt: skip
            response.status_code = 404
            return response
        lang = _lang(request)
        end, facts = line, []
        if line is not None:
            span = f"{fg.base}doc/{key}/source/line/{line}" + (f"/cell/{cell}" if cell else "")
            for r in fg.store.select(load_query(internal, "span-facts"),
                                     {"span": URIRef(span), "lang": Literal(lang)}).records():  # fmt: skip
                if r["end"] is not None:
                    end = max(end or line, int(r["end"]))
                elif r["fact"] is not None:
                    facts.append({"page": page_of(r["fact"]), "label": r["label"] or r["fact"]})
        width = max((len(x["cells"]) for x in view["lines"]), default=1)
        cited = range(line, (end or line) + 1) if line else range(0)
        return render(request, "source.html", "", view=view, width=width, cited=cited,
                      line=line, cell=cell, facts=facts)  # fmt: skip

    @router.get("/source/{key}/file/{name}")
    def source_file(key: str, name: str) -> Response:
        """The file as published, kept with the build: downloaded, never shown in place (an
        HTML page from elsewhere does not run here)."""
        served = app.state.served
        path = original_file(served.folder, key, name) if served else None
        if path is None:
            return Response("no such file", status_code=404, media_type="text/plain")
        return Response(path.read_bytes(), media_type="application/octet-stream",
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})  # fmt: skip

    icon = (HERE / "static" / "favicon.svg").read_bytes()  # read once, not on the event loop

    @router.get("/favicon.ico")
    async def favicon() -> Response:
        return Response(icon, media_type="image/svg+xml")

    @router.get("/matrix.csv")
    def matrix_csv(excel: bool = True) -> Response:
        """The matrix as CSV, measure names as column titles; for Excel by default (a byte-
        order mark and CRLF), ``excel=false`` for plain UTF-8."""
        header, body = matrix_rows(fg.store, fg.project.queries)
        return Response(to_csv(header, body, excel=excel), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="matrix.csv"'})  # fmt: skip

    @router.get("/validation", response_class=HTMLResponse)
    def validation(request: Request) -> Response:
        lang = _lang(request)
        report = app.state.validation_report()
        groups: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        for f in report.findings:
            severity = f.severity.name.lower()
            name = f.check.get(lang) or f.check.get("zh") or f.shape.rsplit("#", 1)[-1]
            group = groups[severity].setdefault(f.shape, {
                "name": name, "anchor": f.shape.rsplit("#", 1)[-1], "count": 0,
                "findings": []})  # fmt: skip
            group["count"] += 1
            path = f.focus.removeprefix(fg.base)
            key = path.split("/")[1] if path.startswith("doc/") and f.line else None
            group["findings"].append({
                "page": page_of(f.focus), "source": f.source,
                "source_href": source_href(key, f.line, lang=lang) if key else None,
                "label": f.focus_label.get(lang) or f.focus_label.get("zh") or f.focus,
                "message": f.message.get(lang) or f.message.get("zh", "")})  # fmt: skip
        ordered = [
            (s, list(groups[s].values())) for s in ("violation", "warning", "info") if s in groups
        ]
        summary = report.render_text(lang).splitlines()[-1]
        return render(request, "validation.html", "validation", report=ordered, summary=summary)

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(router)
