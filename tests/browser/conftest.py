"""One headless Debian Chromium per test module, and one server on the seed build: the
browser tests' shared set-up (``make integration``; .ci/run installs chromium and
chromium-driver)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from tests.conftest import ROOT
from tests.servers import FengongServer

SHOTS = ROOT / "test-output" / "screenshots"
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,900")  # fmt: skip


def chrome(*extra: str) -> webdriver.Chrome:
    """Chromium with :data:`FLAGS` and ``extra`` (say, a network cut off), console logged."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or driver is None:
        pytest.fail("apt-get install chromium chromium-driver (make integration needs them)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*FLAGS, *extra):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=options)


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    driver = chrome()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def site(seed_build_dir: Path) -> Iterator[str]:
    with FengongServer(seed_build_dir / "fengong.nq") as server:
        yield server.base
