"""Where the collaboration view draws each department, computed here so that it can be tested.

The view used to run a force layout in the browser: it settled wherever its forces balanced
(≈ 3,000 units out against a ±520 viewBox), so 20 of 23 departments were drawn off the picture,
and shrinking the picture to fit made the labels ≈ 3 px. Here the frame comes first: positions
are found in an abstract plane (stress majorization on path lengths, which keeps near what is
joined and spreads what is not), stretched onto a fixed frame, and then moved only as far as
needed for every circle *and its label* to stand clear of the others and inside the frame.
Labels keep one font size in frame units, so their size on screen depends only on how wide the
page draws the frame. Pure Python and deterministic: the same graph gives the same positions
(no randomness, no iteration over sets; ties broken by label and id).

>>> net = layout([Node("a", "区应急局", 38), Node("b", "区公安分局", 15)], [Edge("a", "b", 3)])
>>> problems(net)
[]
>>> [n.id for n in net.nodes]
['a', 'b']
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace

__all__ = [
    "Box",
    "Edge",
    "Frame",
    "Layout",
    "Node",
    "PlacedEdge",
    "PlacedNode",
    "is_dense",
    "label_px",
    "layout",
    "matrix_order",
    "problems",
    "text_width",
    "wrap_label",
]


# ---------------------------------------------------------------------------------------------
# input and output


@dataclass(frozen=True)
class Node:
    """A department: ``id`` (unique), the ``label`` to show, ``tasks`` (lead + support)."""

    id: str
    label: str
    tasks: int


@dataclass(frozen=True)
class Edge:
    """``source`` leads and ``target`` supports ``weight`` refined tasks together."""

    source: str
    target: str
    weight: int


@dataclass(frozen=True)
class Frame:
    """The drawing's coordinate system (the SVG viewBox is ``0 0 width height``) and the sizes
    drawn in it. ``font`` is the labels' size in frame units: on a page that draws the frame
    ``w`` CSS pixels wide, labels are ``font * w / width`` px (see :func:`label_px`)."""

    width: float = 1000.0
    height: float = 500.0
    margin: float = 6.0  # nothing drawn closer to the edge than this
    font: float = 13.0
    line: float = 1.25  # baseline to baseline, in em
    max_label: float = 9.5  # a Chinese label wraps beyond this width, in em (9 characters)
    max_label_words: float = 14.0  # a label with spaces (English) beyond this one
    max_lines: int = 4
    min_radius: float = 4.0
    max_radius: float = 22.0
    radius_per_task: float = 2.2  # radius = min_radius + radius_per_task * sqrt(tasks)
    min_stroke: float = 1.0
    max_stroke: float = 6.0
    stroke_per_task: float = 0.75  # stroke = min_stroke + stroke_per_task * (weight - 1)
    arrow_length: float = 10.0
    arrow_width: float = 9.0  # wider than max_stroke: the line never shows beside the head
    gap: float = 4.0  # the least space between two things drawn


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in frame units."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlap(self, other: Box) -> float:
        """The area both cover (0 when they only touch)."""
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return w * h if w > 0 and h > 0 else 0.0

    def inside(self, outer: Box) -> bool:
        eps = 1e-6
        return (self.x0 >= outer.x0 - eps and self.y0 >= outer.y0 - eps
                and self.x1 <= outer.x1 + eps and self.y1 <= outer.y1 + eps)  # fmt: skip

    @property
    def area(self) -> float:
        return max(0.0, self.x1 - self.x0) * max(0.0, self.y1 - self.y0)

    def grow(self, d: float) -> Box:
        return Box(self.x0 - d, self.y0 - d, self.x1 + d, self.y1 + d)

    def shift(self, dx: float, dy: float) -> Box:
        return Box(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)


@dataclass(frozen=True)
class PlacedNode:
    """A node where it is drawn: circle at (x, y) with radius r; its label's lines, the box they
    fill (``None`` when there was no room: the label is then shown on hover and focus only),
    the point of the first baseline and the text-anchor that puts them in that box."""

    id: str
    label: str
    tasks: int
    x: float
    y: float
    r: float
    lines: tuple[str, ...]
    label_box: Box | None
    text_x: float
    text_y: float
    anchor: str  # start | middle | end

    @property
    def circle_box(self) -> Box:
        return Box(self.x - self.r, self.y - self.r, self.x + self.r, self.y + self.r)


@dataclass(frozen=True)
class PlacedEdge:
    """A lead → support line from the source circle's edge to the arrowhead's base (x2, y2);
    the head, ``arrow_length`` long, ends at (tip_x, tip_y) on the target circle's edge.
    ``offset`` moves a pair drawn both ways apart, each to its own side."""

    source: str
    target: str
    weight: int
    width: float
    x1: float
    y1: float
    x2: float
    y2: float
    tip_x: float
    tip_y: float
    offset: float


@dataclass(frozen=True)
class Layout:
    frame: Frame
    nodes: tuple[PlacedNode, ...]
    edges: tuple[PlacedEdge, ...]

    @property
    def hidden_labels(self) -> int:
        return sum(1 for n in self.nodes if n.label_box is None)

    def shifted(self, dx: float, dy: float) -> Layout:
        """The same picture moved by (dx, dy): a layout that no longer fits, for tests."""
        nodes = tuple(
            replace(n, x=n.x + dx, y=n.y + dy, text_x=n.text_x + dx, text_y=n.text_y + dy,
                    label_box=n.label_box.shift(dx, dy) if n.label_box else None)
            for n in self.nodes
        )  # fmt: skip
        edges = tuple(
            replace(e, x1=e.x1 + dx, y1=e.y1 + dy, x2=e.x2 + dx, y2=e.y2 + dy,
                    tip_x=e.tip_x + dx, tip_y=e.tip_y + dy)
            for e in self.edges
        )  # fmt: skip
        return Layout(self.frame, nodes, edges)


# ---------------------------------------------------------------------------------------------
# text

#: advance widths (em) of printable ASCII in DejaVu Sans, the widest of the usual sans-serif
#: faces (and Chromium's system-ui where no other is installed): a label measured with them is
#: never narrower than drawn. CJK and other wide characters are one em.
_ASCII_EM = (
    0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361,
    0.318, 0.337, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337,
    0.337, 0.838, 0.838, 0.838, 0.531, 1.0, 0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775,
    0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787, 0.603, 0.787, 0.695, 0.635, 0.611,
    0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5, 0.5, 0.613, 0.635,
    0.55, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612,
    0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337,
    0.636, 0.838,
)  # fmt: skip
#: a line's box: this far above its baseline and below it (em); Noto Sans CJK's glyphs reach
#: 0.88 above and 0.12 below, Latin descenders 0.24
_ASCENT, _DESCENT = 1.0, 0.3


def _char_em(ch: str) -> float:
    code = ord(ch)
    if 32 <= code < 127:
        return _ASCII_EM[code - 32]
    if code < 0x2E80:  # Latin, Greek, Cyrillic, punctuation: about as wide as the widest Latin
        return 0.75
    return 1.0


def text_width(text: str, font: float) -> float:
    """How wide ``text`` is at ``font`` (an upper bound for usual sans-serif faces).

    >>> text_width("区应急局", 10)
    40.0
    """
    return sum(_char_em(c) for c in text) * font


def wrap_label(text: str, font: float, max_width: float, max_lines: int = 4) -> tuple[str, ...]:
    """``text`` in as few lines as fit ``max_width``, balanced (no long line over a short one):
    at spaces where it has them, between any two characters in Chinese. Over ``max_lines``
    lines, the last one ends in an ellipsis (the full name is the node's tooltip).

    >>> wrap_label("各行业和系统负有安全管理职责的部门", 13, 130)
    ('各行业和系统负有', '安全管理职责的部门')
    >>> wrap_label("Construction and Management Commission", 13, 182)
    ('Construction and', 'Management Commission')
    """
    text = " ".join(text.split())
    if text_width(text, font) <= max_width or not text:
        return (text,)
    words = text.split(" ") if " " in text else list(text)
    sep = " " if " " in text else ""
    widths = [text_width(w, font) for w in words]
    space = text_width(sep, font)
    fewest = max(2, math.ceil(text_width(text, font) / max_width))
    for count in range(fewest, min(len(words), max_lines) + 1):
        joined = [sep.join(line) for line in _balanced(words, widths, space, count)]
        if all(text_width(j, font) <= max_width for j in joined):
            return tuple(joined)
    joined = []  # no balanced cut fits: fill each line in turn, a too-long word on its own
    for word in words:
        if joined and text_width(joined[-1] + sep + word, font) <= max_width:
            joined[-1] += sep + word
        else:
            joined.append(word)
    if len(joined) > max_lines:
        head = joined[: max_lines - 1]
        rest = sep.join(joined[max_lines - 1 :])
        while rest and text_width(rest + "…", font) > max_width:
            rest = rest[:-1]
        joined = [*head, rest.rstrip() + "…"]
    return tuple(joined)


def _balanced(words: list[str], widths: list[float], space: float, count: int) -> list[list[str]]:
    """``words`` cut into ``count`` lines so that the widest line is as narrow as it can be
    (dynamic programming over cut points; a label has a few dozen words at most)."""
    n = len(words)
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)

    def line(i: int, j: int) -> float:  # words i..j-1 on one line
        return prefix[j] - prefix[i] + space * (j - i - 1)

    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(count + 1)]
    cut = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for k in range(1, count + 1):
        for j in range(k, n + 1):
            for i in range(k - 1, j):
                value = max(best[k - 1][i], line(i, j))
                if value < best[k][j] - 1e-9:
                    best[k][j], cut[k][j] = value, i
    lines: list[list[str]] = []
    j = n
    for k in range(count, 0, -1):
        i = cut[k][j]
        lines.append(words[i:j])
        j = i
    return lines[::-1]


def label_px(frame: Frame, rendered_width: float, rendered_height: float | None = None) -> float:
    """The labels' size in CSS px when the page draws ``frame`` in a box ``rendered_width`` ×
    ``rendered_height`` px (SVG's default preserveAspectRatio: the frame scaled to fit, whole).

    >>> label_px(Frame(), 1120)
    14.56
    """
    scale = rendered_width / frame.width
    if rendered_height is not None:
        scale = min(scale, rendered_height / frame.height)
    return round(frame.font * scale, 2)


# ---------------------------------------------------------------------------------------------
# sizes


def _radius(frame: Frame, tasks: int) -> float:
    return min(
        frame.max_radius, frame.min_radius + frame.radius_per_task * math.sqrt(max(tasks, 0))
    )


def _stroke(frame: Frame, weight: int) -> float:
    return min(frame.max_stroke, frame.min_stroke + frame.stroke_per_task * max(weight - 1, 0))


def is_dense(nodes: int, edges: int) -> bool:
    """Whether a node-link drawing is too knotted to read and the matrix should come first:
    more than three edges per node (the seed has 49 edges on 23 nodes, ≈ 2.1).

    >>> is_dense(23, 49), is_dense(10, 45)
    (False, True)
    """
    return edges > 3 * nodes


# ---------------------------------------------------------------------------------------------
# the abstract layout: stress majorization


def _distances(n: int, adjacency: list[list[int]]) -> list[list[float]]:
    """Hop counts between all pairs (breadth-first from each node); pairs in different parts
    of a disconnected graph get one more than the longest path, so the parts sit side by side."""
    far = -1.0
    dist = [[-1.0] * n for _ in range(n)]
    for s in range(n):
        row = dist[s]
        row[s] = 0.0
        queue = deque([s])
        while queue:
            u = queue.popleft()
            for v in adjacency[u]:
                if row[v] < 0:
                    row[v] = row[u] + 1
                    queue.append(v)
        far = max(far, max(row))
    apart = max(far, 1.0) + 1.0
    for row in dist:
        for j, d in enumerate(row):
            if d < 0:
                row[j] = apart
    return dist


def _pivot_mds(dist: list[list[float]]) -> list[list[float]]:
    """A first drawing by pivot MDS (Brandes & Pich 2006): the distances to a few far-apart
    pivots, double-centred, projected on their two main axes (power iteration from a fixed
    start, so the same graph gives the same drawing)."""
    n = len(dist)
    pivots = [0]
    nearest = list(dist[0])
    while len(pivots) < min(n, 24):
        nxt = max(range(n), key=lambda i: (nearest[i], -i))
        if nearest[nxt] <= 0:
            break
        pivots.append(nxt)
        nearest = [min(a, b) for a, b in zip(nearest, dist[nxt], strict=True)]
    k = len(pivots)
    c = [[dist[i][p] ** 2 for p in pivots] for i in range(n)]
    row_mean = [sum(r) / k for r in c]
    col_mean = [sum(c[i][j] for i in range(n)) / n for j in range(k)]
    grand = sum(row_mean) / n
    c = [[-0.5 * (c[i][j] - row_mean[i] - col_mean[j] + grand) for j in range(k)]
         for i in range(n)]  # fmt: skip
    ctc = [[sum(c[i][a] * c[i][b] for i in range(n)) for b in range(k)] for a in range(k)]
    axes: list[list[float]] = []
    for axis in range(2):
        v = [1.0 / (j + 1 + axis) for j in range(k)]
        for _ in range(100):
            w = [sum(ctc[a][b] * v[b] for b in range(k)) for a in range(k)]
            for u in axes:  # deflate: stay orthogonal to the axes found
                dot = sum(x * y for x, y in zip(w, u, strict=True))
                w = [x - dot * y for x, y in zip(w, u, strict=True)]
            norm = math.sqrt(sum(x * x for x in w))
            if norm < 1e-12:
                w = [1.0 if j == axis else 0.0 for j in range(k)]
                norm = 1.0
            v = [x / norm for x in w]
        axes.append(v)
    return [[sum(c[i][j] * axes[a][j] for j in range(k)) for a in range(2)] for i in range(n)]


def _stress(dist: list[list[float]], pos: list[list[float]], work: int = 1_500_000) -> None:
    """Stress majorization (Gansner, Koren & North 2004), node by node, in place: each pair
    pulled towards its path length, short paths weighted most (1/d²). Iterations are capped
    so that a big graph costs about ``work`` pair updates."""
    n = len(dist)
    if n < 2:
        return
    rounds = max(15, min(200, work // (n * n)))
    weights = [[0.0 if i == j else 1.0 / (dist[i][j] ** 2) for j in range(n)] for i in range(n)]
    totals = [sum(w) for w in weights]
    for _ in range(rounds):
        for i in range(n):
            xi, yi = pos[i]
            sx = sy = 0.0
            wi, di = weights[i], dist[i]
            for j in range(n):
                if j == i:
                    continue
                xj, yj = pos[j]
                dx, dy = xi - xj, yi - yj
                d = math.hypot(dx, dy) or 1e-9
                w = wi[j]
                sx += w * (xj + di[j] * dx / d)
                sy += w * (yj + di[j] * dy / d)
            pos[i] = [sx / totals[i], sy / totals[i]]


def _components(n: int, adjacency: list[list[int]]) -> list[list[int]]:
    """The connected parts, biggest first (ties: the part holding the busier node first)."""
    seen = [False] * n
    parts: list[list[int]] = []
    for s in range(n):
        if seen[s]:
            continue
        seen[s] = True
        part, queue = [s], deque([s])
        while queue:
            for v in adjacency[queue.popleft()]:
                if not seen[v]:
                    seen[v] = True
                    part.append(v)
                    queue.append(v)
        parts.append(sorted(part))
    return sorted(parts, key=lambda p: (-len(p), p[0]))


def _abstract(n: int, adjacency: list[list[int]], aspect: float) -> list[list[float]]:
    """Each connected part drawn on its own (unit: one hop), then the parts packed in columns
    left to right, biggest first, about as wide as ``aspect`` times high: departments that
    share no task with any other stand in a column beside the rest instead of far off."""
    pos = [[0.0, 0.0] for _ in range(n)]
    pieces: list[tuple[list[int], list[list[float]], float, float]] = []
    for part in _components(n, adjacency):
        local = {v: k for k, v in enumerate(part)}
        sub = [[local[v] for v in adjacency[u]] for u in part]
        drawn = _connected(len(part), sub)
        x0, y0 = min(p[0] for p in drawn), min(p[1] for p in drawn)
        drawn = [[p[0] - x0, p[1] - y0] for p in drawn]
        w, h = max(p[0] for p in drawn), max(p[1] for p in drawn)
        room = 1.0 if len(part) > 1 else 0.8  # one hop all round; lone nodes closer together
        pieces.append((part, drawn, w + room, h + room))
    area = sum(w * h for _, _, w, h in pieces)
    height = max(pieces[0][3], math.sqrt(area / aspect))
    columns: list[list[int]] = [[]]
    used = 0.0
    for k, (_, _, _, h) in enumerate(pieces):
        if columns[-1] and used + h > height + 1e-9:
            columns.append([])
            used = 0.0
        columns[-1].append(k)
        used += h
    left = 0.0
    for column in columns:
        width = max(pieces[k][2] for k in column)
        total = sum(pieces[k][3] for k in column)
        top = (height - total) / 2
        for k in column:
            part, drawn, w, h = pieces[k]
            for v, p in zip(part, drawn, strict=True):
                pos[v] = [left + (width - w) / 2 + 0.5 + p[0], top + 0.5 + p[1]]
            top += h
        left += width
    return pos


def _connected(n: int, adjacency: list[list[int]]) -> list[list[float]]:
    """A connected graph in a plane whose unit is one hop, the longer axis horizontal, the
    busiest node (index 0) on the left and above the middle (a fixed choice among mirror
    images)."""
    if n == 1:
        return [[0.0, 0.0]]
    dist = _distances(n, adjacency)
    pos = _pivot_mds(dist)
    spread = max(max(abs(p[0]), abs(p[1])) for p in pos)
    if spread < 1e-9:  # all at one point (e.g. no edges at all): start on a circle
        pos = [[math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)] for i in range(n)]
    _stress(dist, pos)
    mx = sum(p[0] for p in pos) / n
    my = sum(p[1] for p in pos) / n
    pos = [[p[0] - mx, p[1] - my] for p in pos]
    sxx = sum(p[0] * p[0] for p in pos)
    syy = sum(p[1] * p[1] for p in pos)
    sxy = sum(p[0] * p[1] for p in pos)
    angle = 0.5 * math.atan2(2 * sxy, sxx - syy)  # the principal axis, turned to horizontal
    cos, sin = math.cos(-angle), math.sin(-angle)
    pos = [[p[0] * cos - p[1] * sin, p[0] * sin + p[1] * cos] for p in pos]
    if pos[0][0] > 1e-9:
        pos = [[-p[0], p[1]] for p in pos]
    if pos[0][1] > 1e-9:
        pos = [[p[0], -p[1]] for p in pos]
    return pos


# ---------------------------------------------------------------------------------------------
# labels beside nodes

#: where a label may sit, in order of preference: right, left, below, above, then the corners
_SIDES = ("E", "W", "S", "N", "SE", "NE", "SW", "NW")
_SIDE_COST = {"E": 0.0, "W": 1.0, "S": 3.0, "N": 3.0, "SE": 5.0, "NE": 5.0, "SW": 6.0, "NW": 6.0}


def _label_box(x: float, y: float, r: float, w: float, h: float, side: str, gap: float) -> Box:
    d = r * 0.7071
    if side == "E":
        return Box(x + r + gap, y - h / 2, x + r + gap + w, y + h / 2)
    if side == "W":
        return Box(x - r - gap - w, y - h / 2, x - r - gap, y + h / 2)
    if side == "S":
        return Box(x - w / 2, y + r + gap, x + w / 2, y + r + gap + h)
    if side == "N":
        return Box(x - w / 2, y - r - gap - h, x + w / 2, y - r - gap)
    east, south = "E" in side, "S" in side
    bx0 = x + d + gap / 2 if east else x - d - gap / 2 - w
    by0 = y + d + gap / 2 if south else y - d - gap / 2 - h
    return Box(bx0, by0, bx0 + w, by0 + h)


def _anchor(side: str) -> str:
    return "middle" if side in {"N", "S"} else ("end" if "W" in side else "start")


# ---------------------------------------------------------------------------------------------
# the layout


class _State:
    """Positions, sizes and label sides while the layout is being settled."""

    def __init__(self, frame: Frame, nodes: Sequence[Node]) -> None:
        self.frame = frame
        self.nodes = list(nodes)
        self.n = len(nodes)
        self.x = [0.0] * self.n
        self.y = [0.0] * self.n
        self.r = [_radius(frame, node.tasks) for node in nodes]
        self.lines = [
            wrap_label(node.label, frame.font,
                       (frame.max_label_words if " " in node.label else frame.max_label)
                       * frame.font, frame.max_lines)
            for node in nodes
        ]  # fmt: skip
        self.w = [max(text_width(t, frame.font) for t in lines) for lines in self.lines]
        self.h = [(_ASCENT + _DESCENT + frame.line * (len(lines) - 1)) * frame.font
                  for lines in self.lines]  # fmt: skip
        self.side = ["E"] * self.n
        self.adjacency: list[list[int]] = [[] for _ in range(self.n)]
        self.shown = [True] * self.n
        self.bounds = Box(frame.margin, frame.margin, frame.width - frame.margin,
                          frame.height - frame.margin)  # fmt: skip

    def circle(self, i: int) -> Box:
        x, y, r = self.x[i], self.y[i], self.r[i]
        return Box(x - r, y - r, x + r, y + r)

    def label(self, i: int, side: str | None = None) -> Box:
        return _label_box(self.x[i], self.y[i], self.r[i], self.w[i], self.h[i],
                          side or self.side[i], self.frame.gap / 2)  # fmt: skip

    def footprint(self, i: int) -> Box:
        """What node i needs room for: its circle and (when shown) its label, with half the
        gap all round, so that two footprints that do not overlap are a gap apart."""
        box = self.circle(i)
        if self.shown[i]:
            lab = self.label(i)
            box = Box(min(box.x0, lab.x0), min(box.y0, lab.y0), max(box.x1, lab.x1),
                      max(box.y1, lab.y1))  # fmt: skip
        return box.grow(self.frame.gap / 2)

    def keep_inside(self, i: int) -> None:
        box = self.footprint(i).grow(-self.frame.gap / 2)
        b = self.bounds
        dx = (b.x0 - box.x0 if box.x0 < b.x0 else 0.0) - (box.x1 - b.x1 if box.x1 > b.x1 else 0.0)
        dy = (b.y0 - box.y0 if box.y0 < b.y0 else 0.0) - (box.y1 - b.y1 if box.y1 > b.y1 else 0.0)
        self.x[i] += dx
        self.y[i] += dy

    def overlapping(self, boxes: list[Box]) -> list[tuple[int, int]]:
        """Pairs whose boxes overlap, by a sweep along x (a big graph has few such pairs)."""
        order = sorted(range(self.n), key=lambda i: (boxes[i].x0, i))
        pairs: list[tuple[int, int]] = []
        active: list[int] = []
        for i in order:
            bi = boxes[i]
            active = [j for j in active if boxes[j].x1 > bi.x0]
            for j in active:
                if boxes[j].overlap(bi) > 0:
                    pairs.append((min(i, j), max(i, j)))
            active.append(i)
        pairs.sort()
        return pairs


def layout(nodes: Sequence[Node], edges: Sequence[Edge], frame: Frame | None = None) -> Layout:
    """Place ``nodes`` and draw ``edges`` inside ``frame``: every circle and every label that
    is shown lies inside it, no two of them overlap, and each arrowhead ends on its target's
    circle. Labels that cannot be placed (a graph too big for the frame) are left to the
    tooltip, least busy nodes first. Edges naming unknown nodes, and self-loops, are dropped."""
    frame = frame or Frame()
    order = sorted(range(len(nodes)), key=lambda i: (-nodes[i].tasks, nodes[i].label, nodes[i].id))
    nodes = [nodes[i] for i in order]
    index = {node.id: i for i, node in enumerate(nodes)}
    if len(index) != len(nodes):
        raise ValueError("node ids must be unique")
    edges = [e for e in edges if e.source in index and e.target in index and e.source != e.target]
    state = _State(frame, nodes)
    n = state.n
    if n == 0:
        return Layout(frame, (), ())
    neighbours: list[set[int]] = [set() for _ in range(n)]
    for e in edges:
        neighbours[index[e.source]].add(index[e.target])
        neighbours[index[e.target]].add(index[e.source])
    adjacency = [sorted(s) for s in neighbours]
    state.adjacency = adjacency
    _fit_sizes(state)
    aspect = (frame.width - 2 * frame.margin) / (frame.height - 2 * frame.margin)
    _place(state, _abstract(n, adjacency, aspect))
    pairs = sorted({(min(index[e.source], index[e.target]), max(index[e.source], index[e.target]))
                    for e in edges})  # fmt: skip
    settled = _settle(state, pairs)
    for _ in range(12):  # too crowded to settle: fewer labels, then smaller circles
        if settled:
            break
        boxes = [state.footprint(i) for i in range(state.n)]
        crowded = state.overlapping(boxes)
        labelled = sorted({k for pair in crowded for k in pair if state.shown[k]}, reverse=True)
        if labelled:
            for k in labelled[: max(1, len(labelled) // 2)]:  # the least busy first
                state.shown[k] = False
        else:
            state.r = [max(2.0, r * 0.85) for r in state.r]
        settled = _settle(state, pairs, rounds=150, pull=False)
    placed = _final_labels(state, edges, index)
    return Layout(frame, placed, _draw_edges(state, edges, index))


def _fit_sizes(state: _State) -> None:
    """A graph too big for the frame: smaller circles first (down to 3 units), then labels
    left to the tooltip, least busy first, until what must be placed covers at most about a
    third of the frame (beyond that, moving things apart rarely finds room for all)."""
    f = state.frame
    room = (f.width - 2 * f.margin) * (f.height - 2 * f.margin)
    circles = sum((2 * r + f.gap) ** 2 for r in state.r)
    if circles > 0.2 * room:
        scale = math.sqrt(0.2 * room / circles)
        state.r = [max(3.0, r * scale) for r in state.r]
    need = sum((2 * r + f.gap) ** 2 for r in state.r)
    for i in range(state.n):
        extra = (state.w[i] + f.gap) * (state.h[i] + f.gap)
        if need + extra > 0.36 * room:
            state.shown[i:] = [False] * (state.n - i)
            break
        need += extra


def _place(state: _State, pos: list[list[float]]) -> None:
    """The abstract drawing scaled onto the frame, centred, leaving room at the sides for
    labels. One axis may be stretched up to 1.6 times the other to fill a frame of another
    shape, no more: a nearly flat drawing (a row of parts) stays a row instead of having its
    rounding errors blown up to the frame's height."""
    f = state.frame
    xs = [p[0] for p in pos]
    ys = [p[1] for p in pos]
    reach_x = max(state.r) + f.gap + (max(state.w) if any(state.shown) else 0) * 0.6
    reach_y = max(state.r) + f.gap + max(state.h) * 0.6
    room_x = max(f.width - 2 * (f.margin + reach_x), 1.0)
    room_y = max(f.height - 2 * (f.margin + reach_y), 1.0)
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    fit_x = room_x / span_x if span_x > 1e-9 else math.inf
    fit_y = room_y / span_y if span_y > 1e-9 else math.inf
    even = min(fit_x, fit_y)
    scale_x = min(fit_x, 1.6 * even) if even < math.inf else 0.0
    scale_y = min(fit_y, 1.6 * even) if even < math.inf else 0.0
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    for i in range(state.n):
        state.x[i] = f.width / 2 + (xs[i] - mid_x) * scale_x
        state.y[i] = f.height / 2 + (ys[i] - mid_y) * scale_y
        u = (xs[i] - min(xs)) / span_x if span_x > 1e-9 else 0.5
        state.side[i] = "W" if u > 0.6 else "E"  # labels point out of the picture
        state.keep_inside(i)


def _choose_sides(state: _State, boxes: list[Box]) -> None:
    """Each shown label (busiest nodes first) to the side where it overlaps least of what is
    around it and lies across none of its own node's edges (the side they leave from is the
    likeliest to be crossed); a side is changed only for a clearly better one, so labels do
    not flicker."""
    f = state.frame
    for i in range(state.n):
        if not state.shown[i]:
            continue
        reach = max(state.w[i], state.h[i]) + state.r[i] + f.gap
        around = state.circle(i).grow(reach)
        ax0, ay0, ax1, ay1 = around.x0, around.y0, around.x1, around.y1
        near = [b for j, b in enumerate(boxes)
                if j != i and b.x1 > ax0 and b.x0 < ax1 and b.y1 > ay0 and b.y0 < ay1]  # fmt: skip
        x, y = state.x[i], state.y[i]
        lines = [(x, y, state.x[j], state.y[j]) for j in state.adjacency[i]]  # its own edges
        costs: dict[str, float] = {}
        for side in _SIDES:
            lab = state.label(i, side)
            b = state.bounds
            out = (max(0.0, b.x0 - lab.x0) + max(0.0, lab.x1 - b.x1)
                   + max(0.0, b.y0 - lab.y0) + max(0.0, lab.y1 - b.y1))  # fmt: skip
            grown = lab.grow(f.gap / 2)
            over = sum(box.overlap(grown) for box in near)
            own = sum(1 for s in lines if _segment_hits_box(*s, lab))
            costs[side] = over + 5.0 * out + 8.0 * _SIDE_COST[side] + 300.0 * own
        best = min(_SIDES, key=lambda s: (costs[s], _SIDES.index(s)))
        if costs[best] < costs[state.side[i]] - 20.0:
            state.side[i] = best
        boxes[i] = state.footprint(i)


def _settle(
    state: _State, pairs: list[tuple[int, int]], rounds: int = 400, pull: bool = True
) -> bool:
    """Move nodes apart until no two footprints overlap (each pair pushed apart along the axis
    that needs the smaller move), every footprint kept inside the frame, and joined nodes
    left room for an arrowhead; whether that was reached in ``rounds``. With ``pull``, for the
    first rounds each node is also drawn back towards its place in the stretched drawing, so
    the picture keeps its shape."""
    f = state.frame
    home_x, home_y = list(state.x), list(state.y)
    need = f.arrow_length + 2 * f.gap
    for step in range(rounds):
        boxes = [state.footprint(i) for i in range(state.n)]
        if step % (4 if step < 100 else 20) == 0:
            _choose_sides(state, boxes)
        moved = 0.0
        for i, j in state.overlapping(boxes):
            a, b = state.footprint(i), state.footprint(j)
            ox = min(a.x1, b.x1) - max(a.x0, b.x0)
            oy = min(a.y1, b.y1) - max(a.y0, b.y0)
            if ox <= 0 or oy <= 0:
                continue
            cxa, cxb = (a.x0 + a.x1) / 2, (b.x0 + b.x1) / 2
            cya, cyb = (a.y0 + a.y1) / 2, (b.y0 + b.y1) / 2
            if ox < oy:
                d = (ox / 2 + 0.01) * (1 if cxa < cxb or (cxa == cxb and i < j) else -1)
                state.x[i] -= d
                state.x[j] += d
            else:
                d = (oy / 2 + 0.01) * (1 if cya < cyb or (cya == cyb and i < j) else -1)
                state.y[i] -= d
                state.y[j] += d
            state.keep_inside(i)
            state.keep_inside(j)
            moved += min(ox, oy)
        for i, j in pairs:  # room for the arrowhead between joined circles
            dx, dy = state.x[j] - state.x[i], state.y[j] - state.y[i]
            dist = math.hypot(dx, dy)
            short = state.r[i] + state.r[j] + need - dist
            if short > 0:
                ux, uy = (dx / dist, dy / dist) if dist > 1e-9 else (1.0, 0.0)
                state.x[i] -= ux * short / 2
                state.y[i] -= uy * short / 2
                state.x[j] += ux * short / 2
                state.y[j] += uy * short / 2
                state.keep_inside(i)
                state.keep_inside(j)
                moved += short
        if pull and step < rounds // 4:
            back = 0.08 * (1 - step / (rounds // 4))
            for i in range(state.n):
                state.x[i] += back * (home_x[i] - state.x[i])
                state.y[i] += back * (home_y[i] - state.y[i])
                state.keep_inside(i)
        elif moved == 0.0:
            return True
    return False


def _crossings(box: Box, segments: list[tuple[float, float, float, float]]) -> int:
    return sum(1 for s in segments if _segment_hits_box(*s, box))


def _segment_hits_box(x1: float, y1: float, x2: float, y2: float, box: Box) -> bool:
    """Liang–Barsky clipping: whether the segment passes through the box."""
    t0, t1 = 0.0, 1.0
    dx, dy = x2 - x1, y2 - y1
    for p, q in ((-dx, x1 - box.x0), (dx, box.x1 - x1), (-dy, y1 - box.y0), (dy, box.y1 - y1)):
        if p == 0:
            if q < 0:
                return False
        else:
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                return False
    return True


def _final_labels(
    state: _State, edges: Sequence[Edge], index: dict[str, int]
) -> tuple[PlacedNode, ...]:
    """Each label's side, busiest nodes first: inside the frame, clear of every circle, of the
    labels already placed and of those still to place where they were settled, crossing as few
    edges as it can. After :func:`_settle` every label has at least the side it was settled
    on; one with no side at all (a graph too big to settle) is left to the tooltip."""
    f = state.frame
    circles = [state.circle(i).grow(f.gap / 2) for i in range(state.n)]
    segments = [(state.x[index[e.source]], state.y[index[e.source]],
                 state.x[index[e.target]], state.y[index[e.target]]) for e in edges]  # fmt: skip
    crossing_check = len(segments) * state.n <= 200_000
    current = [state.label(i) for i in range(state.n)]
    taken: list[Box] = []
    placed: list[PlacedNode] = []
    for i, node in enumerate(state.nodes):
        best: tuple[float, str, Box] | None = None
        if state.shown[i]:
            for side in _SIDES:
                lab = state.label(i, side)
                if not lab.inside(state.bounds):
                    continue
                if any(j != i and c.overlap(lab) > 0 for j, c in enumerate(circles)):
                    continue
                grown = lab.grow(f.gap / 2)
                if any(t.overlap(grown) > 0 for t in taken):
                    continue
                if any(
                    state.shown[j] and current[j].overlap(grown) > 0 for j in range(i + 1, state.n)
                ):
                    continue  # the labels still to place keep the room they were settled with
                hits = _crossings(lab, segments) if crossing_check else 0
                score = hits * 10.0 + _SIDE_COST[side] + (0.0 if side == state.side[i] else 2.0)
                if best is None or score < best[0]:
                    best = (score, side, lab)
        x, y, r = state.x[i], state.y[i], state.r[i]
        if best is None:
            placed.append(PlacedNode(node.id, node.label, node.tasks, x, y, r, state.lines[i],
                                     None, x, y, "middle"))  # fmt: skip
            continue
        _, side, lab = best
        taken.append(lab)
        anchor = _anchor(side)
        text_x = (
            lab.x0 if anchor == "start" else (lab.x1 if anchor == "end" else (lab.x0 + lab.x1) / 2)
        )
        text_y = lab.y0 + _ASCENT * f.font
        placed.append(PlacedNode(node.id, node.label, node.tasks, x, y, r, state.lines[i], lab,
                                 text_x, text_y, anchor))  # fmt: skip
    return tuple(placed)


def _draw_edges(
    state: _State, edges: Sequence[Edge], index: dict[str, int]
) -> tuple[PlacedEdge, ...]:
    """Each edge from the source circle's edge to its arrowhead, whose tip touches the target
    circle (the head has one size whatever the line's width). A pair drawn both ways is split:
    each line moved to its own side by half its width and a little more."""
    f = state.frame
    both = {(e.source, e.target) for e in edges}
    out: list[PlacedEdge] = []
    for e in edges:
        s, t = index[e.source], index[e.target]
        width = _stroke(f, e.weight)
        sx, sy, tx, ty = state.x[s], state.y[s], state.x[t], state.y[t]
        dx, dy = tx - sx, ty - sy
        dist = math.hypot(dx, dy) or 1e-9
        ux, uy = dx / dist, dy / dist
        nx, ny = -uy, ux  # to the left of the direction of travel
        offset = 0.0
        if (e.target, e.source) in both:
            offset = min(f.arrow_width / 2 + 0.5, 0.6 * min(state.r[s], state.r[t]))
        rs, rt = state.r[s], state.r[t]
        along_s = math.sqrt(max(rs * rs - offset * offset, 0.0))
        along_t = math.sqrt(max(rt * rt - offset * offset, 0.0))
        x1, y1 = sx + nx * offset + ux * along_s, sy + ny * offset + uy * along_s
        tip_x, tip_y = tx + nx * offset - ux * along_t, ty + ny * offset - uy * along_t
        x2, y2 = tip_x - ux * f.arrow_length, tip_y - uy * f.arrow_length
        if (x2 - x1) * ux + (y2 - y1) * uy < 0:  # circles too close for a line: the head alone
            x1, y1 = x2, y2
        out.append(PlacedEdge(e.source, e.target, e.weight, width, x1, y1, x2, y2, tip_x, tip_y,
                              offset))  # fmt: skip
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# checking


def problems(net: Layout, overlap_tolerance: float = 0.0) -> list[str]:
    """What is wrong with a layout, in words (nothing, for one :func:`layout` made): a circle
    or a shown label outside the frame (less its margin), two circles overlapping, a label over
    another label or over another node's circle (by more than ``overlap_tolerance`` of the
    smaller box's area)."""
    f = net.frame
    bounds = Box(f.margin, f.margin, f.width - f.margin, f.height - f.margin)
    found: list[str] = []
    for n in net.nodes:
        if not n.circle_box.inside(bounds):
            found.append(f"node {n.id!r} at ({n.x:.0f}, {n.y:.0f}) is outside the frame")
        if n.label_box is not None and not n.label_box.inside(bounds):
            found.append(f"label of {n.id!r} is outside the frame")
    nodes = list(net.nodes)
    for a_i, a in enumerate(nodes):
        for b in nodes[a_i + 1 :]:
            if math.hypot(a.x - b.x, a.y - b.y) < a.r + b.r - 1e-6:
                found.append(f"nodes {a.id!r} and {b.id!r} overlap")
            for p, q in ((a, b), (b, a)):
                if p.label_box is None:
                    continue
                if _too_much(p.label_box, q.circle_box, overlap_tolerance):
                    found.append(f"label of {p.id!r} covers node {q.id!r}")
            if (
                a.label_box
                and b.label_box
                and _too_much(a.label_box, b.label_box, overlap_tolerance)
            ):
                found.append(f"labels of {a.id!r} and {b.id!r} overlap")
    return found


def _too_much(a: Box, b: Box, tolerance: float) -> bool:
    common = a.overlap(b)
    return common > 0 and common > tolerance * min(a.area, b.area)


# ---------------------------------------------------------------------------------------------
# the matrix


def matrix_order(nodes: Sequence[Node], edges: Sequence[Edge]) -> tuple[list[str], list[str]]:
    """Rows (leads) and columns (supports) of the adjacency matrix, ordered so that the cells
    gather along the diagonal: busiest first, then a few rounds of barycentric seriation (each
    column moved to the mean row of its cells, weighted by shared tasks, then each row to the
    mean column), the way layered drawings cut crossings. Deterministic: ties keep the order
    they had.

    >>> ns = [Node(k, k, 1) for k in "abcd"]
    >>> matrix_order(ns, [Edge("a", "c", 2), Edge("b", "d", 1), Edge("a", "d", 1)])
    (['a', 'b'], ['c', 'd'])
    """
    known = {n.id for n in nodes}
    edges = [e for e in edges if e.source in known and e.target in known and e.source != e.target]
    rank = {n.id: i for i, n in enumerate(sorted(nodes, key=lambda n: (-n.tasks, n.label, n.id)))}
    out_w: dict[str, int] = {}
    in_w: dict[str, int] = {}
    for e in edges:
        out_w[e.source] = out_w.get(e.source, 0) + e.weight
        in_w[e.target] = in_w.get(e.target, 0) + e.weight
    rows = sorted(out_w, key=lambda k: (-out_w[k], rank[k]))
    cols = sorted(in_w, key=lambda k: (-in_w[k], rank[k]))
    for _ in range(8):
        row_at = {k: i for i, k in enumerate(rows)}
        cols = _by_barycentre(cols, [(e.target, row_at[e.source], e.weight) for e in edges])
        col_at = {k: i for i, k in enumerate(cols)}
        new_rows = _by_barycentre(rows, [(e.source, col_at[e.target], e.weight) for e in edges])
        if new_rows == rows:
            break
        rows = new_rows
    return rows, cols


def _by_barycentre(keys: list[str], cells: list[tuple[str, int, int]]) -> list[str]:
    total: dict[str, float] = {}
    weight: dict[str, float] = {}
    for key, at, w in cells:
        total[key] = total.get(key, 0.0) + at * w
        weight[key] = weight.get(key, 0.0) + w
    place = {k: i for i, k in enumerate(keys)}
    return sorted(
        keys, key=lambda k: (total[k] / weight[k] if weight.get(k) else place[k], place[k])
    )
