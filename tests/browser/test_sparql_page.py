"""The SPARQL page (YASGUI) in a real browser: what a researcher sees when using it.

The editor opens on the query itself (the catalogue's ``#+`` front matter is not shown and not
run); the example menu names the example in the editor; numbers read as numbers; an IRI of
ours links to this site's page for it, not out to w3id.org; the page fits a phone. Screenshots
go to test-output/screenshots/sparql*.png.
"""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from fengong.graph.iris import DEFAULT_BASE
from tests.browser.conftest import SHOTS

pytestmark = pytest.mark.integration

BASE = DEFAULT_BASE  # the base the seed build is made with
ONTOLOGY = "https://w3id.org/fengong/ontology#"  # under w3id.org/fengong/ but not the base


def _open(browser: webdriver.Chrome, url: str) -> list[dict[str, Any]]:
    """Load the page, wait for YASGUI, and give the catalogue examples its island holds."""
    browser.get(url)
    WebDriverWait(browser, 20).until(lambda b: b.execute_script("return !!window.fengongYasgui"))
    island = browser.find_element(By.ID, "example-queries").get_attribute("textContent")
    return json.loads(island or "[]")


def _editor(browser: webdriver.Chrome) -> str:
    return browser.execute_script("return window.fengongYasgui.getTab().getYasqe().getValue()")


def _without_front_matter(query: str) -> str:
    lines = query.splitlines()
    while lines and lines[0].startswith("#+"):
        lines.pop(0)
    return "\n".join(lines).strip()


def _run(browser: webdriver.Chrome) -> list[Any]:
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    return WebDriverWait(browser, 20).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr") or None
    )


def _choose(browser: webdriver.Chrome, name: str) -> None:
    menu = Select(browser.find_element(By.ID, "examples"))
    option = next(o for o in menu.options if o.text.startswith(name + " "))
    menu.select_by_visible_text(option.text)


def _severe(browser: webdriver.Chrome) -> list[dict[str, Any]]:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def _shot(browser: webdriver.Chrome, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / f"{name}.png"))


def test_the_editor_opens_on_the_first_example_without_its_front_matter(
    browser: webdriver.Chrome, site: str
) -> None:
    examples = _open(browser, site + "/yasgui?lang=en")
    first = examples[0]
    assert first["query"].startswith("#+")  # the catalogue text has front matter ...
    shown = _editor(browser)
    assert not shown.splitlines()[0].startswith("#+")  # ... the editor does not
    assert shown.strip() == _without_front_matter(first["query"])
    visible = browser.execute_script(  # the first line drawn (CodeMirror redraws its lines)
        "return document.querySelector('.CodeMirror-code pre').innerText"
    )
    assert not visible.startswith("#+")
    menu = Select(browser.find_element(By.ID, "examples"))
    assert menu.first_selected_option.text.startswith(first["name"] + " ")
    assert all(o.text != "—" for o in menu.options)
    label = browser.find_element(By.CSS_SELECTOR, 'label[for="examples"]')
    assert label.is_displayed() and label.text == "Catalogue examples"
    _shot(browser, "sparql-open")
    assert _severe(browser) == []


def test_choosing_an_example_updates_the_editor_and_the_menu(
    browser: webdriver.Chrome, site: str
) -> None:
    examples = _open(browser, site + "/yasgui")
    chosen = next(e for e in examples if e["name"] == "measures-per-section")
    _choose(browser, "measures-per-section")
    assert _editor(browser).strip() == _without_front_matter(chosen["query"])
    menu = Select(browser.find_element(By.ID, "examples"))
    assert menu.first_selected_option.text.startswith("measures-per-section ")
    assert _severe(browser) == []


def test_numbers_show_as_numbers(browser: webdriver.Chrome, site: str) -> None:
    _open(browser, site + "/yasgui")
    _choose(browser, "measures-per-section")
    rows = _run(browser)
    assert len(rows) == 8  # the eight sections
    headers = [th.text.strip() for th in browser.find_elements(By.CSS_SELECTOR, ".yasr thead th")]
    for row in rows:
        cells = dict(zip(headers, (td.text.strip() for td in row.find_elements(By.TAG_NAME, "td")),
                         strict=True))  # fmt: skip
        for column in ("section", "measures", "tasks"):
            assert re.fullmatch(r"\d+", cells[column]), (column, cells[column])
        assert "^^" not in cells["document"] and '"' not in cells["document"]
    assert "^^" not in browser.find_element(By.CSS_SELECTOR, ".yasr table tbody").text
    _shot(browser, "sparql-numbers")
    assert _severe(browser) == []


def test_our_iris_link_to_our_pages(browser: webdriver.Chrome, site: str) -> None:
    _open(browser, site + "/yasgui")
    query = (f"PREFIX fg: <{ONTOLOGY}>\n"
             "SELECT ?measure ?type WHERE { ?measure a fg:Measure ; a ?type } "
             "ORDER BY ?measure LIMIT 3")  # fmt: skip
    browser.execute_script("window.fengongYasgui.getTab().getYasqe().setValue(arguments[0])", query)
    _run(browser)
    links = browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody a.iri")
    ours = [a for a in links if a.text.strip("<>").startswith(BASE)]
    others = [a for a in links if a.text.startswith("fg:")]  # the query's prefix for its own
    assert ours and others
    for a in ours:
        href = urlsplit(a.get_attribute("href"))
        assert f"{href.scheme}://{href.netloc}" == site
        assert href.path.startswith("/page/")
        assert unquote(href.path).removeprefix("/page/") == a.text.strip("<>").removeprefix(BASE)
    for a in others:  # other IRIs (the ontology's here) stay as they are
        assert a.get_attribute("href") == a.text.replace("fg:", ONTOLOGY, 1)
    target = ours[0].get_attribute("href")
    with urllib.request.urlopen(target) as answer:
        assert answer.status == 200
    _shot(browser, "sparql-links")
    assert _severe(browser) == []
    browser.get(target)  # the link opens a new tab (the results stay); follow it here
    assert browser.find_element(By.TAG_NAME, "h1").text.strip() != "404"
    assert _severe(browser) == []


def test_the_page_fits_a_phone(browser: webdriver.Chrome, site: str) -> None:
    """At 390 px the page never scrolls sideways, results drawn or not."""
    browser.set_window_size(390, 844)
    try:
        _open(browser, site + "/yasgui")
        overflow = "return document.documentElement.scrollWidth - window.innerWidth"
        assert browser.execute_script(overflow) <= 1
        _choose(browser, "measures-per-section")
        _run(browser)
        assert browser.execute_script(overflow) <= 1
        _shot(browser, "sparql-phone")
        assert _severe(browser) == []
    finally:
        browser.set_window_size(1280, 900)
