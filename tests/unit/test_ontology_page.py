"""The ontology pages (fengong.docs): titled by the ontology, one language a page, the site's
header and stylesheets, the concept schemes listed apart, the same bytes from the same input.

Every expectation is read from ontology/fengong.ttl (with rdflib) or fengong/web/templates/base.html,
never from the code under test. The defects the pages fix are those of pyLODE's own page on
the same file, which serves as the negative case: each check must fail on it.
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pylode
import pytest
from jinja2 import Environment, FileSystemLoader
from rdflib import Graph, Literal, URIRef

from fengong.docs import write_ontology_docs
from fengong.graph.namespaces import DCTERMS, OWL, RDF, RDFS, SKOS
from fengong.web.i18n import TEXT
from tests.conftest import ROOT
from tests.unit.test_docs import Refused, _refuse  # pyLODE must not run

ONTOLOGY = ROOT / "ontology" / "fengong.ttl"
LANGS = ("zh", "en")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


# --- reading a page ---------------------------------------------------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    own: list[str] = field(default_factory=list)  # its text, not its children's
    text: list[str] = field(default_factory=list)  # all text inside it
    children: list[Node] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.iter()

    def find(self, tag: str, **attrs: str) -> list[Node]:
        return [n for n in self.iter()
                if n.tag == tag and all(n.attrs.get(k) == v for k, v in attrs.items())]  # fmt: skip

    def content(self) -> str:
        return " ".join("".join(self.text).split())

    def words(self) -> str:
        return " ".join("".join(self.own).split())


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.at = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.at)
        self.at.children.append(node)
        if tag not in VOID:
            self.at = node

    def handle_endtag(self, tag: str) -> None:
        node = self.at
        while node.parent is not None and node.tag != tag:
            node = node.parent
        if node.parent is not None:
            self.at = node.parent

    def handle_data(self, data: str) -> None:
        self.at.own.append(data)
        node: Node | None = self.at
        while node is not None:
            node.text.append(data)
            node = node.parent


def parse(page: str) -> Node:
    tree = _Tree()
    tree.feed(page)
    tree.close()
    return tree.root


# --- what the ontology file says --------------------------------------------------------------


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


def _in(graph: Graph, subject: object, lang: str, *predicates: URIRef) -> list[str]:
    return [str(o) for p in predicates for o in graph.objects(subject, p)
            if isinstance(o, Literal) and o.language == lang]  # fmt: skip


def ontology_title(graph: Graph, lang: str) -> str:
    (iri,) = graph.subjects(RDF.type, OWL.Ontology)
    (title,) = _in(graph, iri, lang, DCTERMS.title) or _in(graph, iri, lang, RDFS.label)
    return title


def scheme_labels(graph: Graph) -> set[str]:
    return {label for s in graph.subjects(RDF.type, SKOS.ConceptScheme)
            for lang in LANGS for label in _in(graph, s, lang, RDFS.label, SKOS.prefLabel)}  # fmt: skip


def term_labels(graph: Graph) -> list[tuple[str, str]]:
    """(zh, en) label of each class and property that has both."""
    kinds = (OWL.Class, RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty,
             OWL.AnnotationProperty)  # fmt: skip
    terms = {s for k in kinds for s in graph.subjects(RDF.type, k) if isinstance(s, URIRef)}
    return sorted((zh, en) for s in terms for zh in _in(graph, s, "zh", RDFS.label)
                  for en in _in(graph, s, "en", RDFS.label))  # fmt: skip


# --- the pages, and pyLODE's own page as the negative case ------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs") / "ontology.html"
    write_ontology_docs(ONTOLOGY, out)  # as tests/conftest.py and `fengong build` do
    return out.parent


@pytest.fixture(scope="module")
def pages(built: Path) -> dict[str, str]:
    return {"zh": (built / "ontology.html").read_text(encoding="utf-8"),
            "en": (built / "ontology.en.html").read_text(encoding="utf-8")}  # fmt: skip


@pytest.fixture(scope="module")
def plain() -> str:
    """pyLODE's page made from the whole file, as /ontology served it before."""
    return pylode.OntPub(ontology=str(ONTOLOGY)).make_html()


def titles(page: str) -> tuple[str, str]:
    tree = parse(page)
    (title,) = tree.find("title")
    (h1,) = tree.find("h1")
    return title.content(), h1.content()


def runs_together(page: str, pairs: list[tuple[str, str]]) -> list[str]:
    """The labels found next to their translation, with nothing between them."""
    text = html.unescape(page)
    return [a + b for zh, en in pairs for a, b in ((zh, en), (en, zh)) if a + b in text]


def nav_links(page: str) -> list[tuple[str, str]]:
    headers = parse(page).find("header")
    return [(a.attrs.get("href", ""), a.content()) for h in headers for a in h.find("a")]


def test_the_page_is_titled_by_the_ontology(
    pages: dict[str, str], plain: str, ontology: Graph
) -> None:
    schemes = scheme_labels(ontology)
    assert schemes  # the file does hold concept schemes, which must not title the page
    for lang in LANGS:
        title, h1 = titles(pages[lang])
        assert title == h1 == ontology_title(ontology, lang)
        assert title not in schemes and not any(s in h1 for s in schemes)
    title, h1 = titles(plain)  # negative case: pyLODE's page on the whole file
    assert title in schemes and title != ontology_title(ontology, "en")
    assert not {ontology_title(ontology, lang) for lang in LANGS} & {h1}


def test_no_label_runs_into_its_translation(
    pages: dict[str, str], plain: str, ontology: Graph
) -> None:
    pairs = term_labels(ontology)
    assert len(pairs) > 80
    for lang in LANGS:
        assert runs_together(pages[lang], pairs) == [], lang
    assert "法律资源legal resource" in runs_together(plain, pairs)  # negative case


def test_each_page_shows_the_terms_in_its_language(pages: dict[str, str], ontology: Graph) -> None:
    """Each class and property is headed by its label in the page's language, never the
    other one."""
    pairs = term_labels(ontology)
    for lang, pick, other in (("zh", 0, 1), ("en", 1, 0)):
        headings = {h.words() for h in parse(pages[lang]).find("h3")}
        missing = [p[pick] for p in pairs if p[pick] not in headings]
        assert missing == [], lang
        # negative case: the other language's labels head nothing (bar labels both share)
        shared = {p[other] for p in pairs} & {p[pick] for p in pairs}
        assert {p[other] for p in pairs} & headings <= shared, lang
    zh_headings = {h.words() for h in parse(pages["zh"]).find("h3")}
    assert "legal resource" not in zh_headings and "法律资源" in zh_headings


def test_the_concept_schemes_are_listed_in_both_languages(
    pages: dict[str, str], plain: str, ontology: Graph
) -> None:
    schemes = list(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(schemes) >= 4
    for lang in LANGS:
        (section,) = parse(pages[lang]).find("div", id="schemes")
        cells = {td.content() for td in section.find("td")}
        names = {n.content() for n in section.iter() if n.tag in {"h3", "p"}}
        for scheme in schemes:
            assert set(_in(ontology, scheme, lang, RDFS.label)) <= names
            for concept in ontology.subjects(SKOS.inScheme, scheme):
                labels = {*_in(ontology, concept, "zh", RDFS.label),
                          *_in(ontology, concept, "en", RDFS.label)}  # fmt: skip
                assert labels and labels <= cells, concept
                assert str(ontology.value(concept, SKOS.notation)) in cells
    assert parse(plain).find("div", id="schemes") == []  # negative case


def scheme_iris_outside_the_list(page: str, ontology: Graph) -> list[str]:
    """The IRIs of schemes and concepts the page shows anywhere but in its list of schemes."""
    iris = {str(s) for s in ontology.subjects(RDF.type, SKOS.ConceptScheme)}
    iris |= {str(c) for c in ontology.subjects(SKOS.inScheme, None)}
    tree = parse(page)
    listed = [id(n) for section in tree.find("div", id="schemes") for n in section.iter()]
    return [n.content() for n in tree.find("code")
            if n.content() in iris and id(n) not in listed]  # fmt: skip


def test_only_the_list_of_schemes_shows_them(
    pages: dict[str, str], plain: str, ontology: Graph
) -> None:
    """pyLODE is given the ontology alone: no scheme or concept among its terms."""
    for lang in LANGS:
        assert scheme_iris_outside_the_list(pages[lang], ontology) == [], lang
    # negative case: pyLODE's page on the whole file shows a scheme's IRI as the ontology's
    assert scheme_iris_outside_the_list(plain, ontology)


def test_the_header_is_the_sites(pages: dict[str, str], plain: str) -> None:
    """The same links, with the same words, as fengong/web/templates/base.html in that language."""
    templates = Environment(
        loader=FileSystemLoader(ROOT / "fengong" / "web" / "templates"), autoescape=True
    )
    for lang in LANGS:
        t = {k: v[lang] for k, v in TEXT.items()}
        other = "en" if lang == "zh" else "zh"  # the switch: the other language's page
        site = templates.get_template("base.html").render(
            lang=lang, t=t, page="ontology", switch_href=f"/ontology?lang={other}"
        )
        expected = nav_links(site)
        assert len(expected) >= 12 and ("/ontology", TEXT["ontology"][lang]) in expected
        assert nav_links(pages[lang]) == expected, lang
        tree = parse(pages[lang])
        (html_tag,) = tree.find("html")
        assert html_tag.attrs.get("lang") == lang
        assert tree.find("a", href="#main") and tree.find("main", id="main")
    assert nav_links(plain) == []  # negative case


def test_the_site_stylesheets_replace_pylodes(pages: dict[str, str], plain: str) -> None:
    """Styles come from /static (the CSP's 'self'); no inline style, no script that runs."""
    for lang in LANGS:
        tree = parse(pages[lang])
        sheets = [n.attrs["href"] for n in tree.find("link") if n.attrs.get("rel") == "stylesheet"]
        assert sheets == ["/static/style.css", "/static/ontology.css"]
        assert all((ROOT / "fengong" / "web" / s.lstrip("/")).is_file() for s in sheets)
        assert tree.find("style") == []
        assert [n for n in tree.iter() if "style" in n.attrs] == []
        assert {n.attrs.get("type") for n in tree.find("script")} <= {"application/ld+json"}
        assert tree.find("meta", name="viewport")
    assert parse(plain).find("style")  # negative case: pyLODE inlines its stylesheet


def test_ids_are_unique_and_shared_by_both_pages(pages: dict[str, str]) -> None:
    ids = {}
    for lang in LANGS:
        found = [n.attrs["id"] for n in parse(pages[lang]).iter() if "id" in n.attrs]
        assert "" not in found and len(found) == len(set(found)), lang
        ids[lang] = set(found)
    assert ids["zh"] == ids["en"]  # a fragment link works in either language


def test_the_same_ontology_gives_the_same_bytes(built: Path, tmp_path: Path) -> None:
    """Built again in another process, with another hash seed (rdflib iterates a graph in
    hash order): the same bytes."""
    script = ("import sys; from pathlib import Path; from fengong.docs import write_ontology_docs; "
              "write_ontology_docs(Path(sys.argv[1]), Path(sys.argv[2]))")  # fmt: skip
    for seed in ("1", "2"):
        out = tmp_path / seed
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(ONTOLOGY), str(out / "ontology.html")],
                       check=True, env=env, cwd=ROOT)  # fmt: skip
        for name in ("ontology.html", "ontology.en.html"):
            assert (out / name).read_bytes() == (built / name).read_bytes(), (seed, name)


def test_a_missing_language_page_is_made_again(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("ontology.html", "ontology.en.html"):
        (tmp_path / name).write_bytes((built / name).read_bytes())
    monkeypatch.setattr(pylode, "OntPub", _refuse)
    write_ontology_docs(ONTOLOGY, tmp_path / "ontology.html")  # both there: kept
    (tmp_path / "ontology.en.html").unlink()
    with pytest.raises(Refused):  # negative case: one missing, pyLODE is asked again
        write_ontology_docs(ONTOLOGY, tmp_path / "ontology.html")
