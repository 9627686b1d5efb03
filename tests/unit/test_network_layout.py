"""The collaboration view's layout (fengong/network_layout.py) fits its frame.

The view once ran a force layout in the browser that settled ≈ 3,000 units out against a
±520 viewBox: 20 of 23 departments were drawn off the picture while the browser test, which
counted nodes, passed. These tests check what a reader sees instead: every circle and label
inside the frame, labels legible at the page's width and clear of each other, arrowheads on
their targets, and the same picture for the same graph; on the seed and on made-up graphs
(one node, two, two hundred, complete, in pieces). The check itself is shown to catch a
layout moved off its frame.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

import pytest

from fengong.catalogue import Result
from fengong.client import Fengong
from fengong.graph import Project
from fengong.network_layout import (
    Box,
    Edge,
    Frame,
    Layout,
    Node,
    PlacedNode,
    is_dense,
    label_px,
    layout,
    matrix_order,
    problems,
    text_width,
    wrap_label,
)
from fengong.queries import load_query
from fengong.store import EmbeddedStore, Store
from fengong.web.network_view import network_context
from tests.conftest import ROOT

#: the page draws the frame in <main> (72rem less padding: 1152 CSS px at a 1280 px window);
#: at 1280 × 900 Chromium's viewport is 757 px high and the drawing gets ≥ 520 of them
PAGE_WIDTH, PAGE_HEIGHT = 1120.0, 520.0


@pytest.fixture(scope="module")
def fg(seed_store: EmbeddedStore, project: Project) -> Fengong:
    return Fengong(seed_store, project)


@pytest.fixture(scope="module")
def seed_views(fg: Fengong) -> dict[str, dict]:
    return network_context(fg)["views"]


def _made_up(n: int, edges: int, seed: int) -> tuple[list[Node], list[Edge]]:
    """A graph of ``n`` departments and about ``edges`` lead → support pairs, Chinese and
    English names mixed, from a fixed linear congruential sequence (no random module: the
    test's own input must not vary either)."""
    state = seed

    def draw(k: int) -> int:
        nonlocal state
        state = (state * 1103515245 + 12345) % 2**31
        return state % k

    nodes = [
        Node(f"n{i}", f"区第{i}局" if i % 3 else f"Office {i} of Works", 1 + draw(40))
        for i in range(n)
    ]
    pairs = {(f"n{draw(n)}", f"n{draw(n)}") for _ in range(edges)}
    return nodes, [Edge(a, b, 1 + draw(6)) for a, b in sorted(pairs) if a != b]


@pytest.fixture(scope="module")
def big() -> tuple[list[Node], list[Edge], Layout]:
    nodes, edges = _made_up(200, 400, 7)
    return nodes, edges, layout(nodes, edges)


def _complete(n: int) -> tuple[list[Node], list[Edge]]:
    nodes = [Node(f"k{i}", f"部门{i}", n) for i in range(n)]
    return nodes, [Edge(a.id, b.id, 1 + (i + j) % 3) for i, a in enumerate(nodes)
                   for j, b in enumerate(nodes) if i != j]  # fmt: skip


def _pieces() -> tuple[list[Node], list[Edge]]:
    """Two triangles, a pair and three departments that share no task with anyone."""
    nodes = [Node(k, f"区{k}局", 3) for k in "abcdefghijkl"]
    edges = [Edge("a", "b", 2), Edge("b", "c", 1), Edge("c", "a", 1), Edge("d", "e", 3),
             Edge("e", "f", 1), Edge("f", "d", 2), Edge("g", "h", 1)]  # fmt: skip
    return nodes, edges


SMALL = {
    "one node": ([Node("a", "区应急局", 38)], []),
    "two nodes": ([Node("a", "区应急局", 38), Node("b", "区公安分局", 15)], [Edge("a", "b", 7)]),
    "two nodes both ways": (
        [Node("a", "区应急局", 38), Node("b", "Putuo Branch of the Public Security Bureau", 15)],
        [Edge("a", "b", 7), Edge("b", "a", 1)],
    ),
    "complete K12": _complete(12),
    "in pieces": _pieces(),
    "no edges at all": ([Node(f"x{i}", f"部门{i}", i) for i in range(9)], []),
}


# ---------------------------------------------------------------------------------------------
# the seed, as the page draws it


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_seed_fits_its_frame_in_each_language(seed_views: dict[str, dict], lang: str) -> None:
    view = seed_views[lang]
    net: Layout = view["layout"]
    assert len(net.nodes) == 23 and len(net.edges) == 49  # the workload and collaboration goldens
    assert problems(net) == []
    assert net.hidden_labels == 0  # every department named on the picture
    bounds = Box(0, 0, net.frame.width, net.frame.height)
    for node in net.nodes:
        assert node.circle_box.inside(bounds) and node.label_box and node.label_box.inside(bounds)
    assert label_px(net.frame, PAGE_WIDTH, PAGE_HEIGHT) >= 10
    assert not view["dense"] and view["default"] == "graph"


def test_the_seed_labels_overlap_nothing(seed_views: dict[str, dict]) -> None:
    for view in seed_views.values():
        nodes = view["layout"].nodes
        worst = max(
            (a.label_box.overlap(b.label_box) / min(a.label_box.area, b.label_box.area)
             for i, a in enumerate(nodes) for b in nodes[i + 1 :]),
            default=0.0,
        )  # fmt: skip
        assert worst == 0.0


@pytest.mark.parametrize("section", [str(n) for n in range(1, 9)])
def test_each_section_fits_and_keeps_to_its_departments(fg: Fengong, section: str) -> None:
    everything = {n["key"] for n in network_context(fg, None, "zh")["views"]["zh"]["nodes"]}
    context = network_context(fg, section, "zh")
    view = context["views"]["zh"]
    assert context["section"] == section and not context["unknown_section"]
    assert problems(view["layout"]) == [] and view["layout"].hidden_labels == 0
    keys = {n["key"] for n in view["nodes"]}
    assert keys and keys < everything  # a section names some departments, never all 23


def test_a_section_counts_only_its_own_tasks(fg: Fengong) -> None:
    """Section 4 from the measures-per-section golden: 16 tasks; its nodes add up to those
    tasks' leads and supports, and the all-sections counts are the workload query's."""
    whole = {
        r["label"]: r["lead_tasks"] + r["support_tasks"]
        for r in fg.query("workload", limit=1000).records()
    }
    nodes = network_context(fg, None, "zh")["views"]["zh"]["layout"].nodes
    assert {n.label: n.tasks for n in nodes} == whole
    four = network_context(fg, "4", "zh")["views"]["zh"]["layout"].nodes
    assert all(n.tasks <= whole[n.label] for n in four)
    assert sum(n.tasks for n in four) < sum(whole.values())


@pytest.mark.parametrize("section", ["abc", "99", "0", "-1", "1 OR 1=1"])
def test_an_unknown_section_shows_all_and_says_so(fg: Fengong, section: str) -> None:
    context = network_context(fg, section, "zh")
    assert context["unknown_section"] and context["section"] == ""
    assert len(context["views"]["zh"]["nodes"]) == 23


def test_english_labels_fall_back_to_chinese_and_drop_the_shared_district(fg: Fengong) -> None:
    view = network_context(fg, None, "en")["views"]["en"]
    names = {n["id"]: n["name"] for n in view["nodes"]}
    assert names["区应急局"] == "Emergency Management Bureau"  # "Putuo District …" said once
    assert names["区公安分局"] == "Putuo Branch of the Shanghai Public Security Bureau"
    assert "Putuo District, Shanghai" in view["shortened"]
    titles = {n["id"]: n["title"] for n in view["nodes"]}
    assert titles["区应急局"].startswith("Putuo District Emergency Management Bureau:")
    assert network_context(fg, None, "zh")["views"]["zh"]["nodes"][0]["name"] == "区应急局"


def test_every_node_links_to_its_department_page(fg: Fengong) -> None:
    for node in network_context(fg, None, "en")["views"]["en"]["nodes"]:
        assert node["href"] == f"/departments/{node['key']}?lang=en"
        assert node["iri"].removeprefix(fg.base).split("/", 1)[1] == node["key"]


def test_the_island_holds_every_department_and_edge(fg: Fengong) -> None:
    island = json.loads(network_context(fg)["network_json"])
    assert len(island["nodes"]) == 23 and len(island["edges"]) == 49
    assert {"区应急局", "各街道镇"} <= {n["id"] for n in island["nodes"]}


def test_the_view_is_drawn_for_the_language_asked(fg: Fengong) -> None:
    assert set(network_context(fg, None, "en")["views"]) == {"en"}
    assert set(network_context(fg)["views"]) == {"zh", "en"}  # the route passes no language yet


def test_the_network_queries_answer_alike_on_every_backend(any_store: Store, fg: Fengong) -> None:
    """Per-section rows add up to the catalogue's workload and collaboration-edges answers,
    on Oxigraph embedded and served and on rdflib alike (the queries take no parameter)."""
    internal = ROOT / "queries" / "api"
    totals: Counter[str] = Counter()
    for r in any_store.select(load_query(internal, "network-nodes")).records():
        totals[r["department"]] += r["lead_tasks"] + r["support_tasks"]
    pairs: Counter[tuple[str, str]] = Counter()
    for r in any_store.select(load_query(internal, "network-edges")).records():
        pairs[(r["lead"], r["support"])] += r["tasks"]
    workload: Result = fg.query("workload", limit=1000)
    assert {
        r["department"]: r["lead_tasks"] + r["support_tasks"] for r in workload.records()
    } == dict(totals)
    edges = fg.query("collaboration-edges", limit=1000).records()
    assert sorted(pairs.values()) == sorted(r["tasks"] for r in edges) and len(pairs) == 49
    labels = any_store.select(load_query(internal, "network-labels")).records()
    assert len(labels) == 23 and all(r["label"] for r in labels)
    assert sum(1 for r in labels if r["label_en"]) == 23


# ---------------------------------------------------------------------------------------------
# made-up graphs


@pytest.mark.parametrize("name", list(SMALL))
def test_small_graphs_fit_with_every_label(name: str) -> None:
    nodes, edges = SMALL[name]
    net = layout(nodes, edges)
    assert problems(net) == []
    assert len(net.nodes) == len(nodes) and net.hidden_labels == 0


def test_an_empty_graph_draws_nothing() -> None:
    net = layout([], [Edge("a", "b", 1)])
    assert net.nodes == () and net.edges == () and problems(net) == []
    assert matrix_order([], []) == ([], [])


def test_two_hundred_departments_fit_with_the_names_that_have_room(
    big: tuple[list[Node], list[Edge], Layout],
) -> None:
    _, edges, net = big
    assert len(net.nodes) == 200 and len(net.edges) == len(edges)
    assert problems(net) == []  # no circle over another or off the frame; no label over any
    shown = [n for n in net.nodes if n.label_box is not None]
    assert len(shown) >= 15
    busiest = sorted(net.nodes, key=lambda n: -n.tasks)[0]
    assert busiest.label_box is not None  # names kept by how busy the department is
    assert is_dense(200, len(edges)) is False and net.hidden_labels > 50  # the matrix first


def test_a_dense_graph_is_called_dense() -> None:
    nodes, edges = _complete(12)
    assert is_dense(len(nodes), len(edges)) and not is_dense(23, 49)


def test_the_check_catches_a_layout_moved_off_its_frame() -> None:
    net = layout(*_pieces())
    assert problems(net) == []
    moved = net.shifted(net.frame.width / 2, 0)
    found = problems(moved)
    assert any("outside the frame" in p for p in found)
    assert sum("node" in p for p in found) >= 3  # the right half of the picture, off it
    assert problems(net.shifted(0, net.frame.height)) != []


def test_the_check_catches_overlaps() -> None:
    net = layout(*_pieces())
    first = net.nodes[0]
    on_top = [
        first,
        *[PlacedNode(**{**vars(n), "x": first.x, "y": first.y}) for n in net.nodes[1:2]],
    ]
    found = problems(Layout(net.frame, tuple(on_top), ()))
    assert any("overlap" in p for p in found)


def test_the_same_graph_gives_the_same_picture_whatever_the_order() -> None:
    nodes, edges = SMALL["in pieces"]
    a = layout(nodes, edges)
    b = layout(nodes[::-1], edges[::-1])
    assert {n.id: (n.x, n.y, n.label_box) for n in a.nodes} == {
        n.id: (n.x, n.y, n.label_box) for n in b.nodes
    }
    assert layout(nodes, edges) == a


def test_the_same_graph_gives_the_same_picture_in_another_process() -> None:
    """Python salts str hashes per process: a layout that iterated over a set of names would
    differ between two runs; this one must not."""
    script = (
        "from tests.unit.test_network_layout import _made_up\n"
        "from fengong.network_layout import layout\n"
        "net = layout(*_made_up(40, 90, 3))\n"
        "print([(n.id, round(n.x, 6), round(n.y, 6), n.label_box is None) for n in net.nodes])\n"
    )
    runs = set()
    for salt in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": salt}
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             cwd=ROOT, env=env, check=True)  # fmt: skip
        runs.add(out.stdout)
    assert len(runs) == 1


def test_arrowheads_end_on_the_target_circle_with_one_size() -> None:
    nodes, edges = SMALL["two nodes both ways"]
    for net in (layout(nodes, edges), layout(*_complete(8)), layout(*_pieces())):
        at = {n.id: n for n in net.nodes}
        f = net.frame
        for e in net.edges:
            target = at[e.target]
            tip = ((e.tip_x - target.x) ** 2 + (e.tip_y - target.y) ** 2) ** 0.5
            assert tip == pytest.approx(target.r, abs=1e-6)  # on the circle's edge
            head = ((e.tip_x - e.x2) ** 2 + (e.tip_y - e.y2) ** 2) ** 0.5
            assert head == pytest.approx(f.arrow_length)  # the same head on every line
            along = (e.x2 - e.x1) * (e.tip_x - e.x2) + (e.y2 - e.y1) * (e.tip_y - e.y2)
            assert along >= 0  # the line runs towards its head, not back through it
            assert f.min_stroke <= e.width <= f.max_stroke < f.arrow_width


def test_a_pair_working_both_ways_is_drawn_as_two_lines() -> None:
    net = layout(*SMALL["two nodes both ways"])
    there, back = net.edges
    assert there.offset > 0 and back.offset > 0
    assert (there.x1, there.y1) != (back.x2, back.y2)  # not one line over the other


def test_sizes_grow_with_work_and_are_capped() -> None:
    nodes = [Node("a", "甲", 1), Node("b", "乙", 30), Node("c", "丙", 10_000)]
    edges = [Edge("a", "b", 1), Edge("b", "c", 4), Edge("c", "a", 500)]
    net = layout(nodes, edges)
    r = {n.id: n.r for n in net.nodes}
    assert r["a"] < r["b"] < r["c"] == net.frame.max_radius
    w = {(e.source, e.target): e.width for e in net.edges}
    assert w[("a", "b")] < w[("b", "c")] < w[("c", "a")] == net.frame.max_stroke


def test_label_size_on_the_page() -> None:
    frame = Frame()
    assert label_px(frame, PAGE_WIDTH, PAGE_HEIGHT) >= 10
    assert label_px(frame, 2 * frame.width) == 2 * frame.font


def test_long_names_wrap_and_stay_whole() -> None:
    for text in ("各行业和系统负有安全管理职责的部门",
                 "Putuo District State-owned Assets Supervision and Administration Commission"):  # fmt: skip
        lines = wrap_label(text, 13, 180)
        assert len(lines) > 1 and all(text_width(line, 13) <= 180 for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert wrap_label("区应急局", 13, 180) == ("区应急局",)
    assert wrap_label("x" * 200, 13, 50, max_lines=3)[-1].endswith("…")


def test_the_matrix_order_puts_partners_together() -> None:
    """Two teams that never work together, listed interleaved: the seriation gathers each
    team's rows and columns into one block."""
    nodes = [Node(k, k, 1) for k in "a1b2c3d4"]
    team = {"a": 0, "b": 0, "c": 1, "d": 1, "1": 0, "2": 0, "3": 1, "4": 1}
    edges = [Edge(s, t, 1) for s in "abcd" for t in "1234" if team[s] == team[t]]
    rows, cols = matrix_order(nodes, edges)
    assert set(rows) == set("abcd") and set(cols) == set("1234")
    assert [team[r] for r in rows] in ([0, 0, 1, 1], [1, 1, 0, 0])
    assert [team[c] for c in cols] == [team[r] for r in rows]
    assert matrix_order(nodes[::-1], edges[::-1]) == (rows, cols)


def test_the_seed_matrix_has_a_cell_for_every_edge(seed_views: dict[str, dict]) -> None:
    matrix = seed_views["zh"]["matrix"]
    cells = [c["n"] for row in matrix["rows"] for c in row["cells"] if c["n"]]
    assert len(cells) == 49 and sum(cells) == 111
    assert matrix["rows"][0]["href"].startswith("/departments/")  # headers link to pages
