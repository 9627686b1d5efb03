"""The pages on a corpus that is not the seed, as a researcher's own documents are: found by
running the site on real published documents (an unregistered series, no seed document)."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

from tests.servers import FengongServer, build_text

SOURCE = """\
某区人民政府办公室关于印发重点工作分工方案的通知
某政办〔2024〕3号
一、任务
1.加强监管。（区应急局牵头，区公安局配合）
2.强化执法。（区应急局牵头）
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with FengongServer(build_text(tmp_path_factory.mktemp("other"), SOURCE)) as server:
        yield server.base


def _get(url: str) -> tuple[int, str]:
    url = urllib.parse.quote(url, safe=":/?&=%#+,;@!$'()*[]~")
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


def test_the_sparql_page_opens_without_the_seed_document(base: str) -> None:
    """Its examples are bound to the seed's values (普安办〔2020〕18号): on another corpus the
    page answered 500; an example that cannot be bound is shown as written."""
    status, page = _get(base + "/yasgui")
    assert status == 200 and "measures-per-section" in page


def test_a_task_of_an_unregistered_series_links_to_its_source_line(base: str) -> None:
    """The document's key holds Chinese (某政办-2024-3): its source view is found, and the
    task's line is the one the source has."""
    status, measures = _get(base + "/measures")
    assert status == 200
    task = re.search(r'href="(/page/doc/[^"?]+/task/1)', measures)
    assert task is not None
    status, page = _get(base + urllib.parse.unquote(task.group(1)))
    source = re.search(r'href="(/source/[^"]+)"', page)
    assert status == 200 and source is not None
    status, view = _get(base + source.group(1).replace("&amp;", "&"))
    cited = re.search(r'<tr id="L(\d+)" class="cited">(.*?)</tr>', view, re.S)
    assert status == 200 and cited is not None
    line = int(cited.group(1))
    assert SOURCE.splitlines()[line - 1].startswith("1.加强监管") and "加强监管" in cited.group(2)
