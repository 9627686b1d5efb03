"""Ontology documentation: two pages, one per language, made with pyLODE at build time.

``ontology.html`` is Chinese (zh labels, en where a term has no zh one), ``ontology.en.html``
English (en, then zh). pyLODE joins every value of a label into one string and titles the page
after the last concept scheme it meets, so it is given a copy of the ontology that holds
neither: the OWL ontology alone (the ``owl:Ontology``, its classes and properties), one
language per literal. The SKOS concept schemes (roles, bases, document types, levels) get a
section of their own, both languages side by side. The page is then wrapped in the site's
header (the links and words of ``fengong/web/templates/base.html`` and ``fengong.web.i18n.TEXT``); pyLODE's
inline stylesheet is replaced by ``/static/style.css`` and ``/static/ontology.css``.

Same ontology, same pyLODE, same bytes: nothing in the page depends on the time, on blank node
labels or on hash order (the fragment ids come from the English labels, so an anchor is the
same in both pages).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections import defaultdict
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path
from typing import Any

from rdflib import RDF, SKOS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DC, DCTERMS, RDFS, SDO

__all__ = ["LANGS", "ontology_anchors", "ontology_page", "write_ontology_docs"]

#: The pages' languages, each with the order in which it takes a literal's language.
LANGS: dict[str, tuple[str, ...]] = {"zh": ("zh", "en"), "en": ("en", "zh")}

FG = Namespace("https://w3id.org/fengong/ontology#")

#: pyLODE's headings on the Chinese page.
_HEADINGS_ZH = {
    "Metadata": "元数据", "Classes": "类", "Properties": "属性", "Object Properties": "对象属性",
    "Datatype Properties": "数据属性", "Annotation Properties": "注释属性",
    "Functional Properties": "函数型属性", "Namespaces": "命名空间", "Legend": "图例",
    "Table of Contents": "目录",
}  # fmt: skip

#: The words of the concept-scheme section.
_WORDS = {
    "schemes": {"zh": "概念体系", "en": "Concept schemes"},
    "schemes_intro": {
        "zh": "本体所用的受控词表：每个概念的代码及中英文名称。",
        "en": "The controlled vocabularies the ontology uses: each concept's code and its "
        "Chinese and English names.",
    },
    "notation": {"zh": "代码", "en": "Code"},
    "zh": {"zh": "中文", "en": "Chinese"},
    "en": {"zh": "英文", "en": "English"},
    "definition": {"zh": "定义", "en": "Definition"},
}


def ontology_page(out: Path, lang: str) -> Path:
    """The page for ``lang`` next to ``out`` (the Chinese page, ``ontology.html``).

    >>> ontology_page(Path("build/ontology.html"), "en").as_posix()
    'build/ontology.en.html'
    >>> ontology_page(Path("build/ontology.html"), "zh").as_posix()
    'build/ontology.html'
    """
    return out if lang == "zh" else out.with_name(f"{out.stem}.{lang}{out.suffix}")


def _site_headers() -> dict[str, str]:
    """Per language, the site's skip link and header: fengong/web/templates/base.html rendered with the
    words of ``fengong.web.i18n.TEXT`` (everything its <body> holds before <main>), the ontology's link
    marked as the current page."""
    from jinja2 import Environment, FileSystemLoader

    import fengong.web  # installed with fengong: the site's template and words
    from fengong.web.i18n import TEXT

    templates = Path(fengong.web.__file__).resolve().parent / "templates"
    base = Environment(loader=FileSystemLoader(templates), autoescape=True).get_template(
        "base.html"
    )
    headers = {}
    for lang in LANGS:
        other = "en" if lang == "zh" else "zh"  # the switch leads to the other built page
        page = base.render(lang=lang, t={k: v[lang] for k, v in TEXT.items()}, page="ontology",
                           switch_href=f"/ontology?lang={other}")  # fmt: skip
        if 'href=""' in page:
            raise ValueError(f"{templates / 'base.html'}: a link the ontology page cannot fill")
        header = page.split("<body>", 1)[1].split("<main", 1)[0]
        header = "\n".join(line for line in header.splitlines() if line.strip())
        if "<header" not in header:
            raise ValueError(f"{templates / 'base.html'}: no <header> before <main>")
        headers[lang] = header.replace(
            '<a href="/ontology">', '<a href="/ontology" aria-current="page">'
        )
    return headers


def _stamp(ontology: Path, headers: dict[str, str]) -> str:
    """What the pages are a function of: the ontology's bytes, the pyLODE version, this
    module and the site's header."""
    digest = hashlib.sha256(ontology.read_bytes()).hexdigest()
    renderer = hashlib.sha256(Path(__file__).read_bytes())
    renderer.update(json.dumps(headers, sort_keys=True).encode())
    return (
        f"<!-- fengong: ontology sha256 {digest}, pyLODE {version('pylode')}, "
        f"renderer {renderer.hexdigest()[:16]} -->\n"
    )


def write_ontology_docs(ontology: Path, out: Path) -> Path:
    """Write ``out`` (Chinese) and ``ontology.en.html`` beside it from ``ontology``; each is
    replaced atomically. Returns ``out``.

    Rendering takes pyLODE most of a second a page, so pages already made from the same
    ontology by the same pyLODE and renderer (their last line says so) are kept.
    """
    headers = _site_headers()
    stamp = _stamp(ontology, headers)
    pages = {lang: ontology_page(out, lang) for lang in LANGS}
    if all(p.is_file() and p.read_text(encoding="utf-8").endswith(stamp) for p in pages.values()):
        return out
    from pylode import OntPub  # imported here: only `fengong build` needs it

    logging.getLogger().setLevel(max(logging.getLogger().level, logging.WARNING))
    graph = Graph().parse(ontology)
    anchors = _anchors(graph)
    for lang, page in pages.items():
        html = _render(OntPub, graph, lang, headers[lang], anchors)
        tmp = page.with_name(f".{page.name}.tmp")
        tmp.write_text(html.rstrip("\n") + "\n" + stamp, encoding="utf-8")
        os.replace(tmp, page)
    return out


# --- the graph pyLODE is given ---------------------------------------------------------------


def _primary(literal: Literal) -> str | None:
    return literal.language.split("-")[0].lower() if literal.language else None


def _vocabulary_terms(graph: Graph) -> set[Any]:
    """The concept schemes and the concepts in them."""
    schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    concepts = {c for c, s in graph.subject_objects(SKOS.inScheme) if s in schemes}
    concepts |= {c for c, s in graph.subject_objects(SKOS.topConceptOf) if s in schemes}
    concepts |= {c for s, c in graph.subject_objects(SKOS.hasTopConcept) if s in schemes}
    return schemes | concepts


#: What pyLODE makes a title of (it joins them all into one string): one predicate to us.
_TITLES = frozenset({DC.title, DCTERMS.title, RDFS.label, SKOS.prefLabel, SDO.name})


def _ontology_alone(graph: Graph, langs: tuple[str, ...]) -> Graph:
    """The ontology without its concept schemes, keeping of each subject's literals for a
    predicate only those in the first of ``langs`` it has (untagged literals are kept; a
    subject with none of ``langs`` keeps its alphabetically first language). pyLODE's title
    predicates count as one.

    pyLODE lists terms in the order their triples were added, and rdflib iterates a graph in
    hash order (which changes from one process to the next): the triples are added sorted, by
    each subject's label in the first of ``langs``, then its IRI (blank nodes last, under
    labels that depend only on the graph).
    """
    canonical = to_canonical_graph(graph)
    vocabulary = _vocabulary_terms(canonical)
    triples = [t for t in canonical if t[0] not in vocabulary]
    present: dict[tuple[Any, Any], set[str]] = defaultdict(set)
    for s, p, o in triples:
        if isinstance(o, Literal) and o.language:
            present[(s, "title" if p in _TITLES else p)].add(_primary(o) or "")
    chosen = {
        key: next((lang for lang in langs if lang in have), min(have))
        for key, have in present.items()
    }
    kept = [
        (s, p, o)
        for s, p, o in triples
        if not (
            isinstance(o, Literal)
            and o.language
            and _primary(o) != chosen[(s, "title" if p in _TITLES else p)]
        )
    ]
    titles = defaultdict(list)
    for s, p, o in kept:
        if p in _TITLES and isinstance(o, Literal):
            titles[s].append(str(o))
    alone = Graph(bind_namespaces="core")
    for prefix, namespace in graph.namespaces():
        alone.bind(prefix, namespace, override=True)

    def order(triple: tuple[Any, Any, Any]) -> tuple[Any, ...]:
        s, p, o = triple
        label = min(titles[s], default="").casefold()
        return (isinstance(s, BNode), label, s.n3(), p.n3(), o.n3())

    for triple in sorted(kept, key=order):
        alone.add(triple)
    return alone


def _label(graph: Graph, subject: Any, langs: Iterable[str], *preds: URIRef) -> str | None:
    """``subject``'s value for the first of ``preds`` it has, in the first of ``langs``
    (untagged after them), or None."""
    for pred in preds:
        values = sorted(
            (o for o in graph.objects(subject, pred) if isinstance(o, Literal)), key=str
        )
        for lang in (*langs, None):
            for value in values:
                if _primary(value) == lang:
                    return str(value)
    return None


# --- the page ----------------------------------------------------------------------------------


def _anchors(graph: Graph) -> dict[str, str]:
    """pyLODE's fragment id of each term, made from its English label: both pages share them,
    and no Chinese label becomes an empty id (pyLODE keeps a label's ASCII characters only)."""
    from pylode.utils import generate_fid

    english = _ontology_alone(graph, LANGS["en"])
    fids: dict[str, str] = {}
    for subject in sorted({s for s in english.subjects() if isinstance(s, URIRef)}, key=str):
        title = _label(english, subject, LANGS["en"], *_TITLES)
        generate_fid(Literal(title) if title else None, subject, fids)
    return fids


def ontology_anchors(graph: Graph) -> dict[str, str]:
    """IRI → its fragment on the ontology pages (both languages share them): classes and
    properties as pyLODE names them, the schemes and their concepts as this module does. The
    site's pages link a term to ``/ontology#<fragment>`` through it, the same ids the page has."""
    found = dict(_anchors(graph))
    for scheme, concepts in _schemes_in(graph):
        found[str(scheme)] = _anchor("scheme", scheme)
        found.update((str(c), _anchor("concept", c)) for c in concepts)
    return found


def _render(ontpub: Any, graph: Graph, lang: str, header: str, anchors: dict[str, str]) -> str:
    alone = _ontology_alone(graph, LANGS[lang])
    doc = ontpub(ontology=alone)
    doc.fids.update(anchors)
    # links to a term this ontology labels show its label in the page's language, not the
    # English title pyLODE's background ontologies give it
    for subject in {s for p in _TITLES for s in alone.subjects(p)}:
        doc.back_onts.remove((subject, DCTERMS.title, None))
    doc.make_html()
    _dress(doc.doc, graph, lang, header)
    return doc.doc.render()


def _dress(page: Any, graph: Graph, lang: str, header: str) -> None:
    """pyLODE's document (a dominate tree) made a page of the site."""
    from dominate import tags as t
    from dominate.util import raw

    page["lang"] = lang
    head = page.head
    kept = [c for c in head.children if isinstance(c, (t.title, t.script))]  # title, JSON-LD
    head.clear()
    head.add(t.meta(charset="utf-8"))
    head.add(t.meta(name="viewport", content="width=device-width, initial-scale=1"))
    head.add(kept[0])
    head.add(t.link(rel="stylesheet", href="/static/style.css"))
    head.add(t.link(rel="stylesheet", href="/static/ontology.css"))
    head.add(t.link(rel="icon", href="/static/favicon.svg", type="image/svg+xml"))
    for child in kept[1:]:
        head.add(child)

    body = page.body
    parts = {c.attributes.get("id"): c for c in _descendants(body, t.div)}
    content, toc, credit = parts["content"], parts["toc"], parts["pylode"]
    schemes = _schemes(graph, lang)
    content.children.insert(_index(content, "namespaces"), schemes)
    schemes.parent = content
    _toc_schemes(toc, graph, lang)
    for table in list(_descendants(content, t.table)):
        box = t.div(_class="scroll")
        table.parent.children[table.parent.children.index(table)] = box
        box.add(table)
    if lang == "zh":
        for heading in _descendants(page, (t.h2, t.h3, t.a)):
            text = heading.children[0] if heading.children else None
            if isinstance(text, str) and text in _HEADINGS_ZH:
                heading.children[0] = _HEADINGS_ZH[text]
    seen: set[str] = set()
    for node in _descendants(content, t.html_tag):  # pyLODE lists a functional property twice
        ident = node.attributes.get("id")
        if ident in seen:
            del node.attributes["id"]
        elif ident is not None:
            seen.add(ident)
    body.clear()
    body.add(raw("\n" + header + "\n"))
    body.add(t.main(content, toc, id="main"))
    body.add(t.footer(credit))


def _index(parent: Any, ident: str) -> int:
    for i, child in enumerate(parent.children):
        if getattr(child, "attributes", {}).get("id") == ident:
            return i
    return len(parent.children)


def _descendants(node: Any, kind: Any) -> Iterable[Any]:
    for child in getattr(node, "children", []):
        if isinstance(child, kind):
            yield child
        yield from _descendants(child, kind)


def _schemes_in(graph: Graph) -> list[tuple[Any, list[Any]]]:
    """Each concept scheme with its concepts, in the file's order (concepts by fg:ordinal
    first where they have one)."""
    schemes = list(dict.fromkeys(graph.subjects(RDF.type, SKOS.ConceptScheme)))
    found = []
    for scheme in schemes:
        members = [c for c, s in graph.subject_objects(SKOS.inScheme) if s == scheme]
        members += [c for c, s in graph.subject_objects(SKOS.topConceptOf) if s == scheme]
        members += list(graph.objects(scheme, SKOS.hasTopConcept))
        members = list(dict.fromkeys(members))

        def order(concept: Any, members: list[Any] = members) -> tuple[bool, float, int]:
            ordinal = graph.value(concept, FG.ordinal)
            number = float(ordinal) if isinstance(ordinal, Literal) else 0.0
            return (ordinal is None, number, members.index(concept))

        found.append((scheme, sorted(members, key=order)))
    return found


def _anchor(prefix: str, iri: Any) -> str:
    """``scheme-levels`` for fg:levels: the IRI's last part, ASCII letters kept."""
    tail = str(iri).rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return (
        prefix + "-" + "".join(ch for ch in tail if ch.isascii() and (ch.isalnum() or ch in "-_"))
    )


def _schemes(graph: Graph, lang: str) -> Any:
    """The concept schemes: per scheme its name, definition and IRI, and a table of its
    concepts with their code, Chinese and English names and definition."""
    from dominate import tags as t

    langs = LANGS[lang]
    section = t.div(id="schemes", _class="section")
    section.add(t.h2(_WORDS["schemes"][lang]))
    section.add(t.p(_WORDS["schemes_intro"][lang]))
    for scheme, concepts in _schemes_in(graph):
        if isinstance(scheme, BNode):
            continue
        box = section.add(t.div(id=_anchor("scheme", scheme), _class="entity scheme"))
        box.add(t.h3(_label(graph, scheme, langs, SKOS.prefLabel, RDFS.label) or str(scheme)))
        other = _label(graph, scheme, langs[1:], SKOS.prefLabel, RDFS.label)
        if other:
            box.add(t.p(other, lang=langs[1], _class="muted"))
        definition = _label(graph, scheme, langs, SKOS.definition, RDFS.comment)
        if definition:
            box.add(t.p(definition))
        box.add(t.p(t.code(str(scheme))))
        table = box.add(t.table(_class="concepts"))
        table.add(t.thead(t.tr(*(t.th(_WORDS[k][lang], scope="col")
                                 for k in ("notation", "zh", "en", "definition")))))  # fmt: skip
        rows = table.add(t.tbody())
        for concept in concepts:
            notation = _label(graph, concept, (), SKOS.notation)
            rows.add(
                t.tr(
                    t.td(t.code(notation) if notation else ""),
                    t.td(
                        _label(graph, concept, ("zh",), SKOS.prefLabel, RDFS.label) or "", lang="zh"
                    ),
                    t.td(
                        _label(graph, concept, ("en",), SKOS.prefLabel, RDFS.label) or "", lang="en"
                    ),
                    t.td(
                        _label(graph, concept, langs, SKOS.definition, RDFS.comment) or "",
                        t.br(),
                        t.code(str(concept), _class="iri"),
                    ),
                    id=_anchor("concept", concept),
                )
            )
    return section


def _toc_schemes(toc: Any, graph: Graph, lang: str) -> None:
    """The schemes in pyLODE's table of contents, before its namespaces."""
    from dominate import tags as t

    first = next(_descendants(toc, t.ul))
    entry = t.li(t.h4(t.a(_WORDS["schemes"][lang], href="#schemes")))
    listed = entry.add(t.ul(_class="second"))
    for scheme, _ in _schemes_in(graph):
        if not isinstance(scheme, BNode):
            name = _label(graph, scheme, LANGS[lang], SKOS.prefLabel, RDFS.label) or str(scheme)
            listed.add(t.li(t.a(name, href="#" + _anchor("scheme", scheme))))
    at = next(
        (i for i, li in enumerate(first.children)
         if any(a.attributes.get("href") == "#namespaces" for a in _descendants(li, t.a))),
        len(first.children),
    )  # fmt: skip
    first.children.insert(at, entry)
    entry.parent = first
