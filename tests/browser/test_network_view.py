"""The collaboration view as a reader sees it, in Chromium.

The old test counted 23 nodes and 49 lines and passed while 20 of the nodes were drawn outside
the picture. These measure what is on the screen instead: every department's circle and label
inside the drawing and inside the window, labels at least 10 px and clear of each other, each
arrowhead's tip on its target's circle; then what a reader does: open a department, zoom, pan,
pick a section, switch to the matrix, read it on a phone. Screenshots go to
test-output/screenshots/network*.png.
"""

from __future__ import annotations

import urllib.request
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.browser.conftest import SHOTS

pytestmark = pytest.mark.integration

#: boxes on the screen, in CSS px: the drawing, the window, each node, each label (with its
#: size: computed font size times the drawing's scale) and each edge's arrowhead tip against
#: its target circle
_GEOMETRY = """
const svg = document.getElementById("network");
const box = (r) => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
const marker = document.getElementById("arrow");
const view = marker.viewBox.baseVal;
const head = marker.markerWidth.baseVal.value * (view.width - marker.refX.baseVal.value) / view.width;
const lines = [...svg.querySelectorAll("line[data-source]")].map((l) => {
  const [x1, y1, x2, y2] = ["x1", "y1", "x2", "y2"].map((a) => l[a].baseVal.value);
  const d = Math.hypot(x2 - x1, y2 - y1) || 1;
  const tx = x2 + (x2 - x1) / d * head, ty = y2 + (y2 - y1) / d * head;
  const c = svg.querySelector(`g[data-key="${CSS.escape(l.dataset.target)}"] circle`);
  const gap = Math.hypot(tx - c.cx.baseVal.value, ty - c.cy.baseVal.value) - c.r.baseVal.value;
  return {gap_px: gap * l.getScreenCTM().a, width: l.getAttribute("stroke-width")};
});
return {
  svg: box(svg.getBoundingClientRect()),
  window: {left: 0, top: 0, right: innerWidth, bottom: innerHeight},
  overflow: document.documentElement.scrollWidth - innerWidth,
  markerUnits: marker.getAttribute("markerUnits"),
  nodes: [...svg.querySelectorAll("g[data-node]")].map((g) => ({
    key: g.dataset.key, name: g.dataset.node, ...box(g.getBoundingClientRect())})),
  labels: [...svg.querySelectorAll("g[data-node] text")].map((t) => ({
    text: t.textContent, ...box(t.getBoundingClientRect()),
    px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a})),
  lines,
  transform: document.getElementById("network-viewport").getAttribute("transform"),
};
"""


def _geometry(browser: webdriver.Chrome) -> dict[str, Any]:
    return browser.execute_script(_GEOMETRY)  # type: ignore[no-any-return]


def _inside(inner: dict[str, float], outer: dict[str, float], slack: float = 0.5) -> bool:
    return (inner["left"] >= outer["left"] - slack and inner["top"] >= outer["top"] - slack
            and inner["right"] <= outer["right"] + slack
            and inner["bottom"] <= outer["bottom"] + slack)  # fmt: skip


def _overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """The share of the smaller box that the other covers."""
    w = min(a["right"], b["right"]) - max(a["left"], b["left"])
    h = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    if w <= 0 or h <= 0:
        return 0.0
    area = min((a["right"] - a["left"]) * (a["bottom"] - a["top"]),
               (b["right"] - b["left"]) * (b["bottom"] - b["top"]))  # fmt: skip
    return w * h / area


def _open(browser: webdriver.Chrome, url: str) -> None:
    browser.set_window_size(1280, 900)
    browser.get(url)
    WebDriverWait(browser, 10).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "#network g[data-node]")
    )


def _no_console_errors(browser: webdriver.Chrome) -> None:
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_department_is_drawn_inside_the_picture_and_the_window(
    browser: webdriver.Chrome, site: str, lang: str
) -> None:
    _open(browser, f"{site}/network?lang={lang}&view=graph")
    shape = _geometry(browser)
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / f"network{'-en' if lang == 'en' else ''}.png"))
    assert len(shape["nodes"]) == 23 and len(shape["lines"]) == 49  # the goldens
    outside = [n["name"] for n in shape["nodes"]
               if not (_inside(n, shape["svg"]) and _inside(n, shape["window"]))]  # fmt: skip
    assert outside == []
    _no_console_errors(browser)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_labels_are_legible_and_apart(browser: webdriver.Chrome, site: str, lang: str) -> None:
    _open(browser, f"{site}/network?lang={lang}&view=graph")
    shape = _geometry(browser)
    labels = shape["labels"]
    assert len(labels) == 23  # every department named
    small = [(lab["text"], round(lab["px"], 1)) for lab in labels if lab["px"] < 10]
    assert small == []
    assert min(lab["bottom"] - lab["top"] for lab in labels) >= 10
    assert all(_inside(lab, shape["svg"]) for lab in labels)
    worst = max(_overlap(a, b) for i, a in enumerate(labels) for b in labels[i + 1 :])
    assert worst < 0.02, worst  # the browser's boxes hold the line gap; the glyphs never touch


def test_arrowheads_keep_one_size_and_touch_their_target(
    browser: webdriver.Chrome, site: str
) -> None:
    _open(browser, f"{site}/network?lang=zh")
    shape = _geometry(browser)
    assert shape["markerUnits"] == "userSpaceOnUse"  # not scaled by the line's width
    assert len({line["width"] for line in shape["lines"]}) > 1  # lines do differ in width
    off = [round(line["gap_px"], 2) for line in shape["lines"] if abs(line["gap_px"]) > 1.5]
    assert off == []


def test_clicking_a_department_opens_its_page(browser: webdriver.Chrome, site: str) -> None:
    _open(browser, f"{site}/network?lang=zh")
    node = browser.find_element(By.CSS_SELECTOR, '#network g[data-node="区应急局"] a')
    href = node.get_dom_attribute("href")
    assert href == "/departments/shanghai-putuo/emergency-management-bureau?lang=zh"
    with urllib.request.urlopen(site + href, timeout=30) as response:
        assert response.status == 200
    browser.find_element(By.CSS_SELECTOR, '#network g[data-node="区应急局"] circle').click()
    WebDriverWait(browser, 10).until(lambda b: "/departments/" in b.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "区应急局"
    _open(browser, f"{site}/network?lang=zh")
    category = browser.find_element(By.CSS_SELECTOR, '#network g[data-node="应急管理部门"] text')
    category.click()  # a category of departments has its page too
    WebDriverWait(browser, 10).until(lambda b: "/departments/" in b.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "应急管理部门"


def test_zoom_and_pan(browser: webdriver.Chrome, site: str) -> None:
    _open(browser, f"{site}/network?lang=zh")
    viewport = browser.find_element(By.ID, "network-viewport")
    start = viewport.get_attribute("transform")
    browser.find_element(By.CSS_SELECTOR, '[data-zoom="in"]').click()
    zoomed = viewport.get_attribute("transform")
    assert zoomed != start and "scale(1.4000)" in (zoomed or "")
    svg = browser.find_element(By.ID, "network")
    corner = {"x": -svg.rect["width"] / 2 + 8, "y": -svg.rect["height"] / 2 + 8}  # background
    ActionChains(browser).move_to_element_with_offset(svg, corner["x"], corner["y"]).click_and_hold() \
        .move_by_offset(120, 80).release().perform()  # fmt: skip
    panned = viewport.get_attribute("transform")
    assert panned != zoomed and "scale(1.4000)" in (panned or "")
    browser.find_element(By.CSS_SELECTOR, '[data-zoom="out"]').click()
    assert "scale(1.0000)" in (viewport.get_attribute("transform") or "")
    ActionChains(browser).scroll_from_origin(ScrollOrigin.from_element(svg), 0, -300).perform()
    WebDriverWait(browser, 5).until(
        lambda b: "scale(1.0000)" not in (viewport.get_attribute("transform") or "")
    )
    browser.save_screenshot(str(SHOTS / "network-zoomed.png"))
    browser.find_element(By.CSS_SELECTOR, '[data-zoom="reset"]').click()
    assert viewport.get_attribute("transform") == "translate(0.00 0.00) scale(1.0000)"
    svg.send_keys("+")  # the keyboard too, for those without a wheel
    assert "scale(1.4000)" in (viewport.get_attribute("transform") or "")
    _no_console_errors(browser)


def test_the_section_filter(browser: webdriver.Chrome, site: str) -> None:
    _open(browser, f"{site}/network?lang=zh")
    everyone = {
        e.get_attribute("data-node")
        for e in browser.find_elements(By.CSS_SELECTOR, "#network g[data-node]")
    }
    Select(browser.find_element(By.ID, "net-section")).select_by_value("4")
    WebDriverWait(browser, 10).until(lambda b: "section=4" in b.current_url)
    WebDriverWait(browser, 10).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "#network g[data-node]")
    )
    assert "lang=zh" in browser.current_url
    four = {
        e.get_attribute("data-node")
        for e in browser.find_elements(By.CSS_SELECTOR, "#network g[data-node]")
    }
    assert four and four < everyone and len(four) == 13
    assert (
        Select(browser.find_element(By.ID, "net-section")).first_selected_option.get_attribute(
            "value"
        )
        == "4"
    )
    shape = _geometry(browser)
    assert all(_inside(n, shape["svg"]) and _inside(n, shape["window"]) for n in shape["nodes"])
    browser.save_screenshot(str(SHOTS / "network-section-4.png"))
    Select(browser.find_element(By.ID, "net-section")).select_by_value("")
    WebDriverWait(browser, 10).until(lambda b: "section=" not in b.current_url)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#network g[data-node]")) == 23


def test_the_matrix_view(browser: webdriver.Chrome, site: str) -> None:
    _open(browser, f"{site}/network?lang=zh")
    assert browser.find_element(By.ID, "network").is_displayed()
    browser.find_element(By.ID, "net-tab-matrix").click()
    assert "view=matrix" in browser.current_url
    assert not browser.find_element(By.ID, "network").is_displayed()
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, ".net-matrix td") if td.text]
    assert len(cells) == 49 and sum(map(int, cells)) == 111
    browser.save_screenshot(str(SHOTS / "network-matrix.png"))
    browser.refresh()  # the choice survives a reload
    assert browser.find_element(By.ID, "net-matrix").is_displayed()


@pytest.mark.parametrize(
    "query", ["lang=zh&view=graph", "lang=en&view=graph", "lang=zh", "lang=en&view=matrix"]
)
def test_a_phone_never_scrolls_sideways(browser: webdriver.Chrome, site: str, query: str) -> None:
    browser.set_window_size(390, 844)
    try:
        browser.get(f"{site}/network?{query}")
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 1, f"{overflow}px too wide"
        if "view=graph" in query:
            shape = _geometry(browser)
            assert all(_inside(n, shape["svg"]) for n in shape["nodes"])
            assert shape["svg"]["right"] <= shape["window"]["right"]
        name = query.replace("lang=", "").replace("&view=", "-")
        browser.save_screenshot(str(SHOTS / f"network-phone-{name}.png"))
    finally:
        browser.set_window_size(1280, 900)
