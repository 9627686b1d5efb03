"""The manual's generated pages: written from the files they describe, at every docs build.

The ontology, the shapes, the catalogue's ``#+`` headers, the Typer commands, the HTTP API's
OpenAPI description, bench/RESULTS.md and the module map of :mod:`fengong.layers` each give
one page. No generated page is kept in the repository (``docs/hooks.py`` hands them to MkDocs
as it builds), so none can fall behind what it documents; tests/docs/test_manual.py checks
that every command and every named query has its entry.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from fengong.catalogue import Catalogue, load_catalogue
from fengong.layers import EXCEPTIONS, LAYERS
from fengong.packaged import defaults_root

__all__ = [
    "GENERATED",
    "benchmarks_page",
    "checks_page",
    "cli_page",
    "http_page",
    "model_page",
    "module_map",
    "pages",
    "queries_page",
]

#: page path in the manual → what it is generated from
GENERATED = {
    "reference/model.md": "ontology/fengong.ttl",
    "reference/checks.md": "shapes/*.ttl and queries/checks/*.rq",
    "reference/queries.md": "the #+ headers of queries/*.rq",
    "reference/cli.md": "the Typer commands of fengong.cli",
    "reference/http.md": "the OpenAPI description of fengong.web.app",
    "benchmarks.md": "bench/RESULTS.md",
}
MODULE_MAP_MARK = "<!-- module-map -->"


def _notice(path: str) -> str:
    return (
        f'!!! info "Generated"\n    This page is written from {GENERATED[path]} at every '
        "build of the manual; edit that, not this.\n\n"
    )


def _cell(text: object) -> str:
    """Text for a Markdown table cell: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _labels(g: Graph, node: Any, predicate: URIRef = RDFS.label) -> dict[str, str]:
    found: dict[str, str] = {}
    for o in sorted(g.objects(node, predicate), key=str):
        if isinstance(o, Literal):
            found.setdefault(o.language or "en", str(o))
    return found


def _name(g: Graph, node: Any) -> str:
    """A term as a prefixed name (fg:Measure), or its IRI."""
    try:
        return g.namespace_manager.normalizeUri(node)
    except Exception:  # rdflib raises for IRIs it cannot split
        return str(node)


def model_page(ontology: Path) -> str:
    """Classes, properties and concept schemes of the ontology, with both labels."""
    g = Graph().parse(ontology, format="turtle")
    out = ["# The model\n", _notice("reference/model.md")]
    out.append(
        "The ontology in full, with its axioms, is the page `/ontology.html` of `fengong "
        "serve` (and `ontology.html` in every build). Labels are given in Chinese and "
        "English; every class and property is listed here.\n"
    )
    classes = sorted({s for s in g.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)})
    out.append(
        "## Classes\n\n| Class | 中文 | English | Subclass of | Note |\n|---|---|---|---|---|"
    )
    for c in classes:
        lab, note = _labels(g, c), _labels(g, c, RDFS.comment)
        parents = ", ".join(
            sorted(_name(g, p) for p in g.objects(c, RDFS.subClassOf) if isinstance(p, URIRef))
        )
        out.append(f"| `{_name(g, c)}` | {_cell(lab.get('zh', ''))} | {_cell(lab.get('en', ''))}"
                   f" | {parents} | {_cell(note.get('en', note.get('zh', '')))} |")  # fmt: skip
    for title, kind in (("Object properties", OWL.ObjectProperty),
                        ("Data properties", OWL.DatatypeProperty),
                        ("Annotation properties", OWL.AnnotationProperty)):  # fmt: skip
        props = sorted({s for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef)})
        if not props:
            continue
        out.append(f"\n## {title}\n\n| Property | 中文 | English | Domain | Range |\n"
                   "|---|---|---|---|---|")  # fmt: skip
        for p in props:
            lab = _labels(g, p)
            dom = ", ".join(sorted(_name(g, d) for d in g.objects(p, RDFS.domain)
                                   if isinstance(d, URIRef)))  # fmt: skip
            rng = ", ".join(sorted(_name(g, r) for r in g.objects(p, RDFS.range)
                                   if isinstance(r, URIRef)))  # fmt: skip
            out.append(f"| `{_name(g, p)}` | {_cell(lab.get('zh', ''))} | "
                       f"{_cell(lab.get('en', ''))} | {dom} | {rng} |")  # fmt: skip
    out.append("\n## Concept schemes\n")
    for scheme in sorted(g.subjects(RDF.type, SKOS.ConceptScheme)):
        lab = _labels(g, scheme)
        out.append(f"### {lab.get('en', '')} ({lab.get('zh', '')}) `{_name(g, scheme)}`\n")
        out.append("| Concept | 中文 | English |\n|---|---|---|")
        for concept in sorted(g.subjects(SKOS.inScheme, scheme)):
            cl = _labels(g, concept, SKOS.prefLabel) or _labels(g, concept)
            out.append(f"| `{_name(g, concept)}` | {_cell(cl.get('zh', ''))} | "
                       f"{_cell(cl.get('en', ''))} |")  # fmt: skip
        out.append("")
    return "\n".join(out) + "\n"


def _check_files(checks: Path) -> dict[str, str]:
    """Shape local name → the SPARQL twin that finds the same (its ``#+ shape`` header)."""
    found: dict[str, str] = {}
    for path in sorted(checks.glob("*.rq")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#+ shape:"):
                found.setdefault(line.split(":", 1)[1].strip(), path.name)
    return found


def checks_page(shapes: Path, checks: Path) -> str:
    """Every SHACL shape and property constraint: what it requires, how grave, its twin."""
    g = Graph()
    for path in sorted(shapes.glob("*.ttl")):
        g.parse(path, format="turtle")
    twins = _check_files(checks)
    out = ["# The checks\n", _notice("reference/checks.md")]
    out.append(
        "`fengong validate` runs these shapes with pySHACL (`--engine shacl`, the reference) "
        "or their SPARQL twins on the embedded store (`--engine sparql`, much faster on "
        "large builds, and what `fengong build` runs before publishing); both give the "
        "same findings. A *violation* stops a build from being "
        "published (unless `--allow-invalid`); a *warning* and an *info* are reported.\n"
    )
    out.append("| Shape | Targets | Check (中文 / English) | Severity | SPARQL twin |\n"
               "|---|---|---|---|---|")  # fmt: skip
    for shape in sorted(s for s in g.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)):
        local = str(shape).rsplit("#", 1)[-1]
        targets = ", ".join(sorted(_name(g, t) for t in g.objects(shape, SH.targetClass)))
        if not targets and any(True for _ in g.objects(shape, SH.target)):
            targets = "a SPARQL target"
        rows: list[tuple[dict[str, str], Any]] = []
        if (shape, SH.name, None) in g:
            rows.append((_labels(g, shape, SH.name), g.value(shape, SH.severity)))
        for prop in g.objects(shape, SH.property):
            rows.append((_labels(g, prop, SH.name), g.value(prop, SH.severity)))
        for names, severity in sorted(rows, key=lambda r: r[0].get("en", "")):
            grade = str(severity or SH.Violation).rsplit("#", 1)[-1].lower()
            out.append(f"| `{local}` | {targets} | {_cell(names.get('zh', ''))} / "
                       f"{_cell(names.get('en', ''))} | {grade} | "
                       f"{twins.get(local, '')} |")  # fmt: skip
    return "\n".join(out) + "\n"


def queries_page(catalogue: Catalogue) -> str:
    """The named queries: what each answers, its parameters, its columns, how to call it."""
    out = ["# The query catalogue\n", _notice("reference/queries.md")]
    out.append(
        "Every named query runs the same way from the command line (`fengong query NAME "
        "-p param=value`), over HTTP (`/api/queries/NAME?param=value`, as JSON, CSV, "
        "Excel CSV or SPARQL JSON) and from Python (`fengong.open_store().query(NAME, param=value)`). Parameters "
        "are bound as RDF terms, never pasted into the text. A project's own `queries/*.rq` "
        "join this list.\n"
    )
    by_tag: dict[str, list[str]] = {}
    for name, spec in sorted(catalogue.items()):
        by_tag.setdefault(spec.tags[0] if spec.tags else "other", []).append(name)
    out.append("| Query | 中文 | English | Tags |\n|---|---|---|---|")
    for name, spec in sorted(catalogue.items()):
        out.append(f"| [`{name}`](#{name}) | {_cell(spec.summary.get('zh', ''))} | "
                   f"{_cell(spec.summary.get('en', ''))} | {', '.join(spec.tags)} |")  # fmt: skip
    for name, spec in sorted(catalogue.items()):
        out.append(f"\n## {name}\n")
        out.append(f"**{spec.summary.get('zh', '')}** — {spec.summary.get('en', '')}\n")
        if spec.description:
            out.append(" ".join(spec.description.split()) + "\n")
        if spec.params:
            out.append("| Parameter | Type | Required | Description | Example |\n"
                       "|---|---|---|---|---|")  # fmt: skip
            for p in spec.params:
                kind = p.type + (" (list)" if p.list else "")
                if p.values:
                    kind += ": " + ", ".join(p.values)
                out.append(f"| `{p.name}` | {kind} | {'yes' if p.required else 'no'} | "
                           f"{_cell(p.description)} | {_cell(p.example or '')} |")  # fmt: skip
            out.append("")
        out.append("Columns: " + ", ".join(
            f"`{c}`" + (f" ({_cell(spec.column_notes[c])})" if c in spec.column_notes else "")
            for c in spec.columns) + "\n")  # fmt: skip
        example = " ".join(
            f"-p {p.name}={p.example}" for p in spec.params if p.required and p.example
        )
        out.append(f"```console\nfengong query {name}{' ' + example if example else ''}\n```")
    return "\n".join(out) + "\n"


def cli_page() -> str:
    """Every command and option, from the Typer application itself."""
    import typer
    from typer.cli import get_docs_for_click
    from typer.main import get_command

    from fengong.cli import app

    command = get_command(app)
    text = get_docs_for_click(obj=command, ctx=typer.Context(command), name="fengong",
                              title="Command line")  # fmt: skip
    notice = _notice("reference/cli.md")
    head, _, rest = text.partition("\n")
    return f"{head}\n\n{notice}{rest.strip()}\n"


def commands(prefix: str = "fengong") -> list[str]:
    """Every command path of the CLI (``fengong export matrix`` …), for the manual's test."""
    from typer.main import get_command

    from fengong.cli import app

    def walk(cmd: Any, path: str) -> Iterable[str]:  # Typer's own click: duck-typed
        yield path
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            yield from walk(sub, f"{path} {name}")

    return list(walk(get_command(app), prefix))


def http_page(openapi: dict[str, Any]) -> str:
    """Every path and method of the HTTP API, by tag, from its OpenAPI description."""
    out = ["# HTTP API\n", _notice("reference/http.md")]
    out.append(
        "`fengong serve` describes its API in OpenAPI at `/openapi.json` (as of this "
        "manual: [openapi.json](openapi.json)), browsable at `/docs` (Swagger UI) and "
        "`/redoc`, all served from the machine itself. The SPARQL "
        "endpoint at `/sparql` follows the SPARQL 1.1 Protocol. Version "
        f"{openapi.get('info', {}).get('version', '')}.\n"
    )
    rows: dict[str, list[str]] = {}
    for path, methods in sorted(openapi.get("paths", {}).items()):
        for method, op in sorted(methods.items()):
            tag = (op.get("tags") or ["other"])[0]
            rows.setdefault(tag, []).append(
                f"| `{method.upper()}` | `{path}` | {_cell(op.get('summary', ''))} |"
            )
    for tag, lines in sorted(rows.items()):
        out.append(f"## {tag}\n\n| Method | Path | What it does |\n|---|---|---|")
        out.extend(lines)
        out.append("")
    return "\n".join(out) + "\n"


def openapi_description() -> dict[str, Any]:
    """The served API's OpenAPI description, from an app that is created but never started
    (pointed at an endpoint it never calls, so no build is needed)."""
    from fengong.web import Settings, create_app
    from fengong.web.settings import Endpoint

    app = create_app(Settings(graph=None, endpoint=Endpoint("http://127.0.0.1:9/sparql")))
    return app.openapi()


def benchmarks_page(results: Path) -> str:
    """bench/RESULTS.md as it is, under the generated notice."""
    text = results.read_text(encoding="utf-8")
    head, _, rest = text.partition("\n")
    if not head.startswith("# "):
        head, rest = "# Benchmarks", text
    return f"{head}\n\n{_notice('benchmarks.md')}{rest.lstrip()}"


def module_map() -> str:
    """The layers of :mod:`fengong.layers` as a table, lowest first, and its exceptions."""
    out = ["| Layer | Modules | What it does | May import |", "|---|---|---|---|"]
    for index, layer in enumerate(LAYERS):
        below = ", ".join(lay.name for lay in LAYERS[:index]) or "nothing of fengong"
        mods = ", ".join(f"`{m}`" for m in layer.modules)
        out.append(f"| {layer.name} | {mods} | {_cell(layer.role)} | {below} |")
    out.append("\nAllowed exceptions (tests/unit/test_layers.py fails on any other):\n")
    out.extend(f"- `{s}` → `{t}`: {why}" for (s, t), why in EXCEPTIONS.items())
    return "\n".join(out) + "\n"


def bench_figures(results: Path) -> dict[str, bytes]:
    """The figures bench/RESULTS.md shows (relative links to files beside it), by name."""
    import re

    names = re.findall(r"\]\(([\w.-]+\.(?:svg|png))\)", results.read_text(encoding="utf-8"))
    return {n: (results.parent / n).read_bytes() for n in sorted(set(names))
            if (results.parent / n).is_file()}  # fmt: skip


def pages(checkout: Path) -> dict[str, str | bytes]:
    """Every generated page of the manual, by its path in the site, and the figures the
    benchmark page shows."""
    root = defaults_root()
    openapi = openapi_description()  # an app is made once, for both its page and its file
    return {
        **bench_figures(checkout / "bench" / "RESULTS.md"),
        "reference/openapi.json": json.dumps(openapi, indent=1),
        "reference/model.md": model_page(root / "ontology" / "fengong.ttl"),
        "reference/checks.md": checks_page(root / "shapes", root / "queries" / "checks"),
        "reference/queries.md": queries_page(load_catalogue(root / "queries")),
        "reference/cli.md": cli_page(),
        "reference/http.md": http_page(openapi),
        "benchmarks.md": benchmarks_page(checkout / "bench" / "RESULTS.md"),
    }
