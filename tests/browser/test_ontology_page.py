"""The ontology page in Chromium: titled by the ontology, inside the site's header, styled by
the site's stylesheets with nothing blocked by the CSP, and readable on a 390 px phone.

The server serves the build of the ``seed_build_dir`` fixture, which runs fengong.docs.
Screenshots go to test-output/screenshots/ontology*.png.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from selenium import webdriver
from selenium.webdriver.common.by import By

from fengong.graph.namespaces import DCTERMS, OWL, RDF, RDFS, SKOS
from tests.browser.conftest import SHOTS
from tests.conftest import ROOT

pytestmark = pytest.mark.integration

ONTOLOGY = Graph().parse(ROOT / "ontology" / "fengong.ttl")


def title(lang: str) -> str:
    (iri,) = ONTOLOGY.subjects(RDF.type, OWL.Ontology)
    return next(str(o) for o in ONTOLOGY.objects(iri, DCTERMS.title) if o.language == lang)


SCHEMES = {
    str(o)
    for s in ONTOLOGY.subjects(RDF.type, SKOS.ConceptScheme)
    for o in ONTOLOGY.objects(s, RDFS.label)
    if isinstance(o, Literal)
}


def severe(browser: webdriver.Chrome) -> list[dict[str, object]]:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def shot(browser: webdriver.Chrome, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / f"{name}.png"))


def test_the_ontology_page(browser: webdriver.Chrome, site: str) -> None:
    browser.get_log("browser")  # what earlier pages left
    browser.get(site + "/ontology?lang=zh")
    assert severe(browser) == []  # nothing refused by the CSP, nothing missing
    h1 = browser.find_element(By.TAG_NAME, "h1").text.strip()
    assert h1 == browser.title == title("zh") and h1 not in SCHEMES
    nav = browser.find_elements(By.CSS_SELECTOR, "header nav a")
    assert [a.get_attribute("href").removeprefix(site) for a in nav][:2] == [
        "/?lang=zh",
        "/measures?lang=zh",
    ]
    assert browser.find_element(By.CSS_SELECTOR, 'header nav a[href="/ontology"]').text == "本体"
    # the site's stylesheet applies (the header's colour) and the ontology's (two columns)
    header = browser.find_element(By.TAG_NAME, "header")
    assert header.value_of_css_property("background-color") == "rgba(24, 50, 79, 1)"
    main = browser.find_element(By.ID, "main")
    assert main.value_of_css_property("display") == "grid"
    assert browser.find_element(By.ID, "schemes").is_displayed()
    shot(browser, "ontology")
    browser.get(site + "/ontology?lang=zh#schemes")
    shot(browser, "ontology-schemes")


def test_the_ontology_page_fits_a_phone(browser: webdriver.Chrome, site: str) -> None:
    """At 390 px the page never scrolls sideways: long IRIs wrap, tables scroll in their box."""
    browser.set_window_size(390, 844)
    try:
        browser.get(site + "/ontology?lang=zh")
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 1, f"/ontology is {overflow}px too wide"
        assert browser.find_element(By.ID, "main").value_of_css_property("display") == "block"
        shot(browser, "ontology-phone")
        browser.execute_script("document.getElementById('classes').scrollIntoView()")
        shot(browser, "ontology-phone-classes")
        browser.execute_script("document.getElementById('scheme-levels').scrollIntoView()")
        shot(browser, "ontology-phone-schemes")
        assert severe(browser) == []
    finally:
        browser.set_window_size(1280, 900)


def test_the_english_ontology_page(browser: webdriver.Chrome, site: str) -> None:
    """The header's language switch leads to the English page, and the choice is kept."""
    browser.get(site + "/ontology?lang=zh")
    browser.find_element(By.CSS_SELECTOR, 'header a[lang="en"]').click()
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert severe(browser) == []
    h1 = browser.find_element(By.TAG_NAME, "h1").text.strip()
    assert h1 == browser.title == title("en") and h1 not in SCHEMES
    link = browser.find_element(By.CSS_SELECTOR, 'header nav a[href="/ontology"]')
    assert link.text == "Ontology"
    shot(browser, "ontology-en")
    link.click()  # no ?lang= on the link: the cookie keeps English
    assert browser.find_element(By.TAG_NAME, "h1").text.strip() == title("en")
    browser.get(site + "/ontology?lang=zh")  # and back, for the other tests
    assert browser.find_element(By.TAG_NAME, "h1").text.strip() == title("zh")
