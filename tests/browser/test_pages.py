"""The web pages in a real browser: Debian's Chromium, driven by selenium through chromedriver.

Each page must load without console errors; the matrix must show 区应急局 as lead exactly where
the hand-checked reading of the table puts it; sorting works from the keyboard; the language
switch works. Screenshots go to test-output/screenshots/ for review. `make integration` runs
this (it needs Debian's chromium and chromium-driver; .ci/run installs them).
"""

from __future__ import annotations

import csv
import re

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.browser.conftest import SHOTS
from tests.conftest import ROOT
from tests.servers import FengongServer

pytestmark = pytest.mark.integration

PAGES = ["/", "/measures", "/departments", "/yasgui", "/ontology", "/network",
         "/departments/shanghai-putuo/emergency-management-bureau", "/matrix", "/validation",
         "/page/doc/putuo-anban-2020-18/measure/16", "/lineage",
         "/page/doc/putuo-anban-2020-18/measure/16/task/2", "/page/doc/putuo-anban-2020-18",
         "/source/putuo-anban-2020-18?line=85&cell=3", "/measures?flag=no-support",
         "/page/file/data%2Fsources%2Fputuo-anban-2020-18.txt", "/docs", "/redoc"]  # fmt: skip


def _shot_name(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "_", path.strip("/")).strip("_") or "home"


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_console_errors(browser: webdriver.Chrome, site: str, path: str) -> None:
    browser.get(site + path)
    if path in {"/docs", "/redoc"}:  # drawn by their bundles (tests/browser/test_docs_offline)
        WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.TAG_NAME, "h1")
                                         or b.find_elements(By.CSS_SELECTOR, ".opblock"))  # fmt: skip
    else:
        assert browser.find_element(By.TAG_NAME, "h1").text.strip()
        assert browser.find_elements(By.CSS_SELECTOR, 'nav a[href="/ontology"]')
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / f"{_shot_name(path)}.png"))


@pytest.mark.parametrize("path", [p for p in PAGES if p not in {"/docs", "/redoc"}])
def test_page_in_english(browser: webdriver.Chrome, site: str, path: str) -> None:
    """Every page in English: loads clean, says so in <html lang>, kept for review."""
    browser.get(site + path + ("&" if "?" in path else "?") + "lang=en")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    browser.save_screenshot(str(SHOTS / f"en-{_shot_name(path)}.png"))
    browser.get(site + "/?lang=zh")  # the cookie back to Chinese for the other tests


def test_matrix_shows_the_emergency_bureau_where_the_table_does(
    browser: webdriver.Chrome, site: str
) -> None:
    golden = ROOT / "tests" / "golden" / "putuo-anban-2020-18.assignments.csv"
    with golden.open(encoding="utf-8") as handle:
        expected = {r["measure"] for r in csv.DictReader(handle)
                    if r["department"] == "区应急局" and r["role"] == "lead"}  # fmt: skip
    browser.get(site + "/matrix")
    headers = ["department"] + [
        th.get_attribute("data-measure")
        for th in browser.find_elements(By.CSS_SELECTOR, "#matrix thead th[data-measure]")
    ]
    row = browser.find_element(
        By.XPATH, "//table[@id='matrix']//tr[th[@data-department='区应急局']]"
    )
    cells = [td.text for td in row.find_elements(By.TAG_NAME, "td")]
    shown = {m for m, cell in zip(headers[1:], cells, strict=True) if cell.startswith("L")}
    assert shown == expected and len(expected) == 21


def test_sorting_works_from_the_keyboard(browser: webdriver.Chrome, site: str) -> None:
    browser.get(site + "/departments")
    header = browser.find_elements(By.CSS_SELECTOR, "th[data-sort]")[2]  # tasks supported
    header.send_keys(Keys.ENTER)
    assert header.get_attribute("aria-sort") == "descending"
    values = [int(r.find_elements(By.TAG_NAME, "td")[2].text)
              for r in browser.find_elements(By.CSS_SELECTOR, "tbody tr")]  # fmt: skip
    assert values == sorted(values, reverse=True)


def test_the_language_switch(browser: webdriver.Chrome, site: str) -> None:
    browser.get(site + "/measures?lang=zh")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh"
    browser.find_element(By.LINK_TEXT, "English").click()
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Measures"
    browser.get(site + "/departments")  # the choice is remembered
    assert browser.find_element(By.TAG_NAME, "h1").text == "Departments"


def test_a_yasgui_query_returns_rows(browser: webdriver.Chrome, site: str) -> None:
    """Pick a catalogue example, run it in YASGUI against /sparql, and see its rows."""
    browser.get(site + "/yasgui")
    wait = WebDriverWait(browser, 20)
    wait.until(lambda b: b.execute_script("return !!window.fengongYasgui"))
    Select(browser.find_element(By.ID, "examples")).select_by_visible_text(
        next(o.text for o in browser.find_elements(By.CSS_SELECTOR, "#examples option")
             if o.text.startswith("measures-per-section"))
    )  # fmt: skip
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    rows = wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr") or None)
    assert len(rows) == 8  # the eight sections
    assert "强化依法治理" in browser.find_element(By.CSS_SELECTOR, ".yasr").text
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    browser.save_screenshot(str(SHOTS / "yasgui-result.png"))


def test_the_network_is_drawn(browser: webdriver.Chrome, site: str) -> None:
    browser.get(site + "/network")
    nodes = browser.find_elements(By.CSS_SELECTOR, "#network g[data-node]")
    lines = browser.find_elements(By.CSS_SELECTOR, "#network line")
    assert len(nodes) == 23 and len(lines) == 49  # the workload and collaboration-edges goldens
    assert browser.find_element(By.CSS_SELECTOR, '#network g[data-node="区应急局"]')


@pytest.mark.parametrize("path", [p for p in PAGES if p not in {"/docs", "/redoc"}])
def test_pages_fit_a_phone(browser: webdriver.Chrome, site: str, path: str) -> None:
    """At 390 px the page itself never scrolls sideways (wide tables scroll in their box)."""
    browser.set_window_size(390, 844)
    try:
        browser.get(site + path)
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 1, f"{path} is {overflow}px too wide"
        browser.save_screenshot(str(SHOTS / f"phone-{_shot_name(path)}.png"))
    finally:
        browser.set_window_size(1280, 900)


def test_the_network_is_drawn_whatever_the_names_hold(
    browser: webdriver.Chrome, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Department names holding ``<!--<script>`` and ``</script>`` (issue 16, point 5): the
    network page's scripts still run and draw both, with no console error (the CSP included)."""
    from tests.api.test_html_islands import SOURCE
    from tests.servers import build_text

    with FengongServer(build_text(tmp_path_factory.mktemp("hostile"), SOURCE)) as server:
        browser.get(server.base + "/network")
        WebDriverWait(browser, 10).until(
            lambda b: b.find_elements(By.CSS_SELECTOR, "#network g[data-node]")
        )
        drawn = {e.get_attribute("data-node")
                 for e in browser.find_elements(By.CSS_SELECTOR, "#network g[data-node]")}  # fmt: skip
        errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert {"区<!--<script>应急局", "区</script>公安局"} <= drawn
    assert errors == []
