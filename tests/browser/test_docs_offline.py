"""``/docs`` and ``/redoc`` render in a browser cut off from everything but this server.

FastAPI's own pages load Swagger UI and ReDoc from a CDN: offline they stayed blank. The browser
here resolves no name and reaches no address but 127.0.0.1 (host rules and a dead proxy), so
any asset still fetched from elsewhere shows as a missing script, an empty page or a console
error. Swagger UI must list the operations (with ``/api/measures`` among them) and ReDoc its
menu, both under the page's Content-Security-Policy (a refused inline script is a SEVERE
console entry). Screenshots go to test-output/screenshots/docs.png and redoc.png.
"""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import SHOTS, chrome

pytestmark = pytest.mark.integration


#: every host name fails to resolve and every connection goes to a closed port, except
#: 127.0.0.1, where the server under test listens
OFFLINE = (
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=127.0.0.1",
)


@pytest.fixture(scope="module")
def offline_browser() -> Iterator[webdriver.Chrome]:
    """The suite's Chromium with the network cut off."""
    driver = chrome(*OFFLINE)
    yield driver
    driver.quit()


def _severe(browser: webdriver.Chrome) -> list[dict[str, object]]:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_the_browser_is_offline(offline_browser: webdriver.Chrome, site: str) -> None:
    """The cut-off itself: a page from elsewhere does not load (else the tests below prove
    nothing)."""
    with pytest.raises(WebDriverException, match=r"net::ERR_"):
        offline_browser.get("https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css")
    offline_browser.get(site + "/docs")  # a local page still does
    offline_browser.get_log("browser")  # emptied: the refused page's errors are expected


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/manual/index.html"])
def test_the_pages_load_nothing_from_elsewhere(site: str, path: str) -> None:
    with urllib.request.urlopen(site + path, timeout=30) as response:
        html = response.read().decode("utf-8")
    assets = re.findall(r"<(?:script|link)\b[^>]*\b(?:src|href)=[\"']([^\"']+)", html)
    assert assets and all(not a.startswith(("http:", "https:", "//")) for a in assets), assets
    for asset in assets:  # each is really there
        url = asset if asset.startswith("/") else site + path.rsplit("/", 1)[0] + "/" + asset
        with urllib.request.urlopen(
            url if url.startswith("http") else site + url, timeout=30
        ) as response:
            assert response.status == 200 and response.read()


def test_swagger_ui_renders_the_operations_offline(
    offline_browser: webdriver.Chrome, site: str
) -> None:
    offline_browser.get(site + "/docs")
    blocks = WebDriverWait(offline_browser, 30).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, ".opblock") or None
    )
    paths = {
        e.text for e in offline_browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    }
    assert len(blocks) >= 10 and "/api/measures" in paths and "/sparql" in paths
    assert "Fengong" in offline_browser.find_element(By.CSS_SELECTOR, ".info .title").text
    assert _severe(offline_browser) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    offline_browser.save_screenshot(str(SHOTS / "docs.png"))


def test_redoc_renders_the_operations_offline(offline_browser: webdriver.Chrome, site: str) -> None:
    offline_browser.get(site + "/redoc")
    wait = WebDriverWait(offline_browser, 30)
    wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, ".api-content h1") or None)
    wait.until(lambda b: "/api/measures" in b.find_element(By.CSS_SELECTOR, ".api-content").text)
    menu = offline_browser.find_element(By.CSS_SELECTOR, ".menu-content").text
    assert "SPARQL query (GET)" in menu and "resources" in menu  # operations and tags
    assert _severe(offline_browser) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    offline_browser.save_screenshot(str(SHOTS / "redoc.png"))


def test_the_manual_renders_and_searches_offline(
    offline_browser: webdriver.Chrome, site: str
) -> None:
    """The manual's theme runs under its policy (its inline scripts allowed by hash), and its
    search, which builds its index in a worker, finds a named query."""
    offline_browser.get(site + "/manual/reference/queries.html")
    wait = WebDriverWait(offline_browser, 30)
    wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "h2#workload") or None)
    box = wait.until(lambda b: b.find_element(By.CSS_SELECTOR, "input.md-search__input"))
    box.click()
    box.send_keys("workload")
    # the results list is re-rendered as the index answers: read its text, not held elements
    results = WebDriverWait(
        offline_browser, 30, ignored_exceptions=(StaleElementReferenceException,)
    )
    text = results.until(
        lambda b: (
            (t := b.find_element(By.CSS_SELECTOR, ".md-search-result").text.lower())
            and "workload" in t
            and "matching" in t
            and t
        )
    )
    assert "the query catalogue" in text
    assert _severe(offline_browser) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    offline_browser.save_screenshot(str(SHOTS / "manual.png"))
