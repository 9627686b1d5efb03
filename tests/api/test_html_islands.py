"""JSON embedded in a page cannot end its <script> element or start another (issue 16, point 5).

A source names a department ``区<!--<script>应急局`` and another ``区</script>公安局``: with only
``</`` escaped, ``<!--<script>`` kept the real ``</script>`` from closing the island and the
network page's scripts never ran. Built and served as a user would; the page's island must hold
no ``<``, ``>`` or ``&`` and parse back to the same names."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

from typer.testing import CliRunner

from fengong.cli import app
from tests.servers import FengongServer

SOURCE = """\
某区人民政府办公室关于印发重点工作分工方案的通知
某政办〔2024〕3号
一、任务
1.加强监管。（区<!--<script>应急局牵头，区</script>公安局配合）
2.强化执法。（区<!--<script>应急局牵头）
"""


def test_the_network_island_escapes_every_html_significant_character(tmp_path: Path) -> None:
    source = tmp_path / "src" / "x.txt"
    source.parent.mkdir()
    source.write_text(SOURCE, encoding="utf-8")
    built = CliRunner().invoke(
        app, ["build", str(source), "--out", str(tmp_path / "build"), "--allow-invalid"]
    )
    assert built.exit_code == 0, built.output
    with (
        FengongServer(tmp_path / "build" / "fengong.nq") as server,
        urllib.request.urlopen(f"{server.base}/network", timeout=30) as response,
    ):
        page = response.read().decode("utf-8")
    island = re.search(
        r'<script type="application/json" id="network-data">(.*?)</script>', page, re.S
    )
    assert island is not None
    text = island.group(1)
    assert not set("<>&") & set(text), text[:200]
    names = json.dumps(json.loads(text), ensure_ascii=False)
    assert "区<!--<script>应急局" in names and "区</script>公安局" in names
    # the page's own scripts come after the island, outside it
    assert page.index("</script>", island.start()) == island.end() - len("</script>")
