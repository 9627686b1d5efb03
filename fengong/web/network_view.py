"""The collaboration view's data: departments placed to fit the frame, lead → support edges, the
ordered adjacency matrix and the section filter, ready for ``network.html``.

The layout is computed here, on the server (:mod:`fengong.network_layout`), rather than by a
force simulation in the browser: that way it can be tested to fit (every circle and label in
the picture, labels legible, none over another), the page draws without waiting for script, and
the script only zooms, pans and highlights.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import Any

from fengong.client import Fengong
from fengong.network_layout import Edge, Layout, Node, is_dense, layout, matrix_order
from fengong.queries import load_query
from fengong.web.i18n import LANGS, TEXT
from fengong.web.islands import json_island
from fengong.web.paths import department_key

__all__ = ["network_context"]


def network_context(
    fg: Fengong, section: str | None = None, lang: str | None = None
) -> dict[str, Any]:
    """What ``network.html`` shows, for ``section`` (an ordinal from ``?section=``; none, or
    one the outline lacks, shows all). ``views`` holds one drawing per language, the page
    takes ``views[lang]``: the labels' language changes their sizes and so the layout. Given
    ``lang``, only that one is drawn."""
    outline = _sections(fg)
    chosen = section.strip() if section else ""
    unknown = bool(chosen) and chosen not in {s["value"] for s in outline}
    if unknown:
        chosen = ""
    depts, edges = _graph(fg, int(chosen) if chosen else None)
    langs = (lang,) if lang in LANGS else LANGS
    views = {code: _view(depts, edges, code) for code in langs}
    island = {
        "nodes": [{"id": d["label"], "key": d["key"], "label_en": d["label_en"],
                   "lead": d["lead"], "support": d["support"]} for d in depts.values()],
        "edges": [{"source": depts[a]["key"], "target": depts[b]["key"], "weight": w}
                  for (a, b), w in edges.items()],
    }  # fmt: skip
    return {
        "views": views,
        "sections": outline,
        "section": chosen,
        "unknown_section": unknown,
        "network_json": json_island(island),
    }


def _sections(fg: Fengong) -> list[dict[str, Any]]:
    """The filter's choices: each section ordinal with its titles (one per document)."""
    rows = fg.store.select(load_query(fg.project.queries / "api", "network-sections")).records()
    by: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by[int(r["section"])].append(r)
    out = []
    for ordinal in sorted(by):
        titles = " / ".join(dict.fromkeys(str(r["title"]) for r in by[ordinal]))
        number = by[ordinal][0]["number"] if len(by[ordinal]) == 1 else None
        zh = f"{number}、{titles}" if number else f"{ordinal}. {titles}"
        out.append({"value": str(ordinal), "label": {"zh": zh, "en": f"{ordinal}. {titles}"}})
    return out


def _graph(
    fg: Fengong, section: int | None
) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], int]]:
    """Departments (by IRI) with their tasks, and edges with shared tasks, in one section or
    all. The queries answer per section (see queries/api/network-nodes.rq for why they take
    no parameter); rows of other sections are left out here."""
    internal = fg.project.queries / "api"
    labels = {
        r["department"]: r
        for r in fg.store.select(load_query(internal, "network-labels")).records()
    }
    counts: dict[str, list[int]] = {}
    for r in fg.store.select(load_query(internal, "network-nodes")).records():
        if section is None or r["section"] == section:
            c = counts.setdefault(r["department"], [0, 0])
            c[0] += int(r["lead_tasks"])
            c[1] += int(r["support_tasks"])
    edges: dict[tuple[str, str], int] = {}
    for r in fg.store.select(load_query(internal, "network-edges")).records():
        if (
            (section is None or r["section"] == section)
            and r["lead"] in labels
            and r["support"] in labels
        ):
            pair = (r["lead"], r["support"])
            edges[pair] = edges.get(pair, 0) + int(r["tasks"])
    depts: dict[str, dict[str, Any]] = {}
    for iri in sorted(
        counts, key=lambda k: (-sum(counts[k]), str(labels.get(k, {}).get("label", k)), k)
    ):
        if iri not in labels:
            continue
        row = labels[iri]
        depts[iri] = {
            "iri": iri, "key": department_key(iri, fg.base), "label": str(row["label"]),
            "label_en": str(row["label_en"]) if row.get("label_en") else None,
            "place_en": str(row["jurisdiction_en"]) if row.get("jurisdiction_en") else None,
            "category": bool(row.get("is_category")),
            "lead": counts[iri][0], "support": counts[iri][1],
        }  # fmt: skip
    edges = {pair: w for pair, w in edges.items() if pair[0] in depts and pair[1] in depts}
    return depts, edges


def _names(
    depts: dict[str, dict[str, Any]], lang: str
) -> tuple[dict[str, str], dict[str, str], str | None]:
    """Each department's name in ``lang`` as drawn and in full (the tooltip), and the place
    left out of the drawn English names: where every department is of one jurisdiction,
    "Putuo District Education Bureau" is drawn "Education Bureau" and the page says it once."""
    full = {iri: (d["label_en"] if lang == "en" and d["label_en"] else d["label"])
            for iri, d in depts.items()}  # fmt: skip
    if lang != "en":
        return full, full, None
    places = {d["place_en"] for d in depts.values()}
    place = next(iter(places)) if len(places) == 1 else None
    prefix = place.split(",")[0].strip() + " " if place else None
    shown = {}
    for iri, name in full.items():
        if prefix and name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix) :]
        shown[iri] = name[:1].upper() + name[1:]
    shortened = place if prefix and any(shown[i] != full[i] for i in full) else None
    return shown, full, shortened


@functools.lru_cache(maxsize=64)
def _layout(nodes: tuple[Node, ...], edges: tuple[Edge, ...]) -> Layout:
    """Layouts are deterministic, so one per input is enough (a pure function of it)."""
    return layout(nodes, edges)


def _view(depts: dict[str, dict[str, Any]], edges: dict[tuple[str, str], int],
          lang: str) -> dict[str, Any]:  # fmt: skip
    """One language's drawing, matrix and edge table."""
    w = {k: v[lang] for k, v in TEXT.items()}
    shown, full, place = _names(depts, lang)
    nodes = tuple(Node(iri, shown[iri], d["lead"] + d["support"]) for iri, d in depts.items())
    links = tuple(Edge(a, b, n) for (a, b), n in edges.items())
    net = _layout(nodes, links)

    def href(iri: str) -> str:
        return f"/departments/{depts[iri]['key']}?lang={lang}"

    def role(d: dict[str, Any]) -> str:
        total = d["lead"] + d["support"]
        share = d["lead"] / total if total else 0.5
        return "lead" if share >= 2 / 3 else ("support" if share <= 1 / 3 else "mixed")

    drawn_nodes = []
    for p in net.nodes:
        d = depts[p.id]
        drawn_nodes.append({
            "iri": p.id, "key": d["key"], "id": d["label"], "name": shown[p.id], "href": href(p.id),
            "title": w["node_title"].format(name=full[p.id], lead=d["lead"], support=d["support"]),
            "role": role(d), "category": d["category"], "x": p.x, "y": p.y, "r": p.r,
            "lines": p.lines if p.label_box else (), "text_x": p.text_x, "text_y": p.text_y,
            "anchor": p.anchor,
        })  # fmt: skip
    drawn_edges = [
        {"source": depts[e.source]["key"], "target": depts[e.target]["key"], "weight": e.weight,
         "width": e.width, "x1": e.x1, "y1": e.y1, "x2": e.x2, "y2": e.y2,
         "title": w["edge_title"].format(source=full[e.source], target=full[e.target], n=e.weight)}
        for e in net.edges
    ]  # fmt: skip
    rows, cols = matrix_order(nodes, links)
    head = {iri: {"name": shown[iri], "title": full[iri], "href": href(iri)} for iri in depts}
    matrix_rows = []
    for a in rows:
        cells = []
        for b in cols:
            n = edges.get((a, b), 0)
            title = w["edge_title"].format(source=full[a], target=full[b], n=n) if n else ""
            cells.append({"n": n, "title": title})
        matrix_rows.append({**head[a], "cells": cells})
    dense = is_dense(len(nodes), len(links)) or net.hidden_labels * 4 > len(nodes)
    table = [
        {"source": full[a], "target": full[b], "source_href": href(a), "target_href": href(b),
         "weight": n}
        for (a, b), n in sorted(edges.items(), key=lambda kv: (-kv[1], full[kv[0][0]], full[kv[0][1]]))
    ]  # fmt: skip
    return {
        "layout": net,  # for tests: fengong.network_layout.problems() checks it
        "frame": net.frame,
        "nodes": drawn_nodes,
        "edges": drawn_edges,
        "matrix": {"rows": matrix_rows, "cols": [head[b] for b in cols]},
        "dense": dense,
        "default": "matrix" if dense else "graph",
        "hidden": w["network_hidden"].format(n=net.hidden_labels) if net.hidden_labels else "",
        "shortened": w["shortened"].format(place=place) if place else "",
        "table": table,
    }
