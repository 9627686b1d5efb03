"""Hypothesis strategies for division tables: tables built from scratch, and the seed mutated.

Both end as bytes, in any of the encodings government sites use (and mixtures of them), so
one property covers decoding, parsing, resolving against the registries and building the
graph. Cells come from the seed's own pools (``fengong.synthetic``) and from the registries, so
a good share of the generated tables are valid and the later stages are reached, not only the
first check that refuses.
"""

from __future__ import annotations

import operator
from functools import cache

from hypothesis import strategies as st

from fengong.ingest.numerals import int_to_chinese
from fengong.ingest.text import strip_markup
from fengong.reference import load_registry
from fengong.synthetic import Pools, read_seed
from tests.conftest import ROOT, SEED

__all__ = ["documents", "seed_lines"]

HEADER_WORDS = ("本区实施意见", "细化措施", "工作部门", "牵头部门", "配合部门", "")
SEPARATORS = ("、", "，", ",", "；", ";", " ", "/", "和", "及", "\u3000", "、、", "")
TAILS = ("", "等", "等部门", "等单位", "等相关部门", "，各街道镇", "（牵头）", "…")
ENCODINGS = ("utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "mixed")
LINE_ENDS = ("\n", "\r\n", "\r")


@cache
def pools() -> Pools:
    return read_seed(SEED)


@cache
def seed_lines() -> tuple[str, ...]:
    return tuple(SEED.read_text(encoding="utf-8").split("\n"))


@cache
def department_names() -> tuple[str, ...]:
    registry = load_registry(ROOT / "data" / "reference")
    named = [*registry.organisations.values(), *registry.categories.values()]
    return tuple(sorted({name for item in named for name in item.names}))


# -- text of a cell -------------------------------------------------------------------------
_awkward = st.characters(
    codec="utf-8",
    categories=("Lo", "Nd", "P", "Zs", "Cc", "Cf", "Sm", "So", "Ll", "Lu"),
    exclude_characters="\t\n\r",
)
_pieces = st.sampled_from(
    [
        "《",
        "》",
        "“",
        "”",
        "(",
        ")",
        "（",
        "）",
        "〔",
        "〕",
        "<p>",
        "</p>",
        "等",
        "第四条",
        "注",
        "注：",
        "1.",
        "一、",
        "(一)",
        "——摘自",
        "号",
        "令第",
        "\\",
        '"',
        "\x00",
        "\x7f",
        "\ufeff",
        "\u2028",
        "\ud7ff",
        "\U0001f600",
        "沪府令第44号",
        "普安办〔2020〕18号",
    ]
)
_short = st.lists(st.one_of(_awkward, _pieces), max_size=20).map("".join)
_huge = st.builds(
    operator.mul,
    st.sampled_from(["区应急局、", "《", "等", "a", "：", " ", "(", "<p>", "第", "〔2020〕"]),
    st.integers(2_000, 60_000),
)


@st.composite
def department_cell(draw: st.DrawFn) -> str:
    names = draw(
        st.lists(st.one_of(st.sampled_from(department_names()), _short), min_size=0, max_size=6)
    )
    text = draw(st.sampled_from(SEPARATORS)).join(names) + draw(st.sampled_from(TAILS))
    if draw(st.booleans()):
        text = f"<p>{text}</p>"
    return text


def cell() -> st.SearchStrategy[str]:
    seed = pools()
    return st.one_of(
        st.sampled_from(seed.tasks),
        st.sampled_from(seed.leads),
        st.sampled_from(seed.supports),
        department_cell(),
        _short,
        _huge,
        st.just(""),
    )


# -- whole tables ---------------------------------------------------------------------------
@st.composite
def _table_lines(draw: st.DrawFn) -> list[str]:
    seed = pools()
    # one table in four is well-formed, so that whole tables reach the graph too; the rest
    # draw every cell from anything
    clean = draw(st.integers(0, 3)) == 0
    head = (
        seed.head if clean else draw(st.one_of(st.just(seed.head), st.lists(_short, max_size=14)))
    )
    lines = list(head) + list(seed.page_header)
    sections = draw(st.integers(1 if clean else 0, 4))
    measure_number = 0
    for section_number in range(1, sections + 1):
        if not clean and draw(st.integers(0, 9)) == 0:  # now and then, a wrong number
            section_number = draw(st.integers(1, 99))
        titles = st.sampled_from(seed.section_titles)
        title = draw(titles if clean else st.one_of(titles, _short))
        lines.append(f"{int_to_chinese(section_number)}、{title}\t\t\t")
        for _ in range(draw(st.integers(1 if clean else 0, 3))):
            measure_number += 1
            shown = measure_number
            if not clean and draw(st.integers(0, 9)) == 0:
                shown = draw(st.integers(1, 99))
            measures = st.sampled_from(seed.measures)
            text = draw(measures.map(strip_markup) if clean else st.one_of(measures, _short))
            first = f"<p>({int_to_chinese(shown)}) {text}</p>"
            for task in range(draw(st.integers(1, 3))):
                if clean:
                    names = st.lists(st.sampled_from(department_names()), min_size=1, max_size=3)
                    row = [draw(st.sampled_from(seed.tasks)), "、".join(draw(names)),
                           "、".join(draw(names))]  # fmt: skip
                else:
                    row = [draw(cell()), draw(cell()), draw(cell())]
                lines.append("\t".join([first if task == 0 else "", *row]))
        if not clean and draw(st.integers(0, 4)) == 0:  # a page header in the middle, a stray line
            lines += draw(st.one_of(st.just(list(seed.page_header)), st.lists(_short, max_size=2)))
    if not clean and draw(st.integers(0, 5)) == 0:  # a row of the wrong width
        lines.append("\t".join(draw(st.lists(cell(), min_size=1, max_size=6))))
    notes = st.just(list(seed.note))
    lines += draw(notes if clean else st.one_of(notes, st.lists(_short, max_size=4), st.just([])))
    return lines


def _mutation() -> st.SearchStrategy[tuple[str, int, int, str]]:
    """(operation, line index, position, text); indices are taken modulo the sizes."""
    return st.tuples(
        st.sampled_from(
            [
                "delete",
                "duplicate",
                "swap",
                "replace-cell",
                "insert-text",
                "delete-span",
                "add-tab",
                "drop-tab",
                "replace-line",
                "numeral",
            ]
        ),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
        st.one_of(cell(), _short),
    )


def _apply(lines: list[str], op: str, i: int, j: int, text: str) -> None:
    if not lines:
        lines.append(text)
        return
    i %= len(lines)
    line = lines[i]
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, line)
    elif op == "swap":
        j %= len(lines)
        lines[i], lines[j] = lines[j], line
    elif op == "replace-cell":
        cells = line.split("\t")
        cells[j % len(cells)] = text
        lines[i] = "\t".join(cells)
    elif op == "insert-text":
        at = j % (len(line) + 1)
        lines[i] = line[:at] + text + line[at:]
    elif op == "delete-span":
        at = j % (len(line) + 1)
        lines[i] = line[:at] + line[at + len(text) :]
    elif op == "add-tab":
        at = j % (len(line) + 1)
        lines[i] = line[:at] + "\t" + line[at:]
    elif op == "drop-tab":
        lines[i] = line.replace("\t", "", 1)
    elif op == "replace-line":
        lines[i] = text
    elif op == "numeral":
        for a, b in (("一", "二"), ("二", "三"), ("八", "十"), ("(", "（"), ("、", ".")):
            if a in line:
                lines[i] = line.replace(a, b, 1)
                break


@st.composite
def _mutated_seed_lines(draw: st.DrawFn) -> list[str]:
    lines = list(seed_lines())
    for op, i, j, text in draw(st.lists(_mutation(), min_size=1, max_size=6)):
        _apply(lines, op, i, j, text)
    return lines


# -- to bytes -------------------------------------------------------------------------------
def _encode_line(line: str, encoding: str) -> bytes:
    codec = {"gbk": "gbk", "gb18030": "gb18030"}.get(encoding, "utf-8")
    try:
        return line.encode(codec, errors="strict")
    except UnicodeEncodeError:
        return line.encode("gb18030" if codec == "gbk" else "utf-8", errors="replace")


@st.composite
def _to_bytes(draw: st.DrawFn, lines: list[str]) -> bytes:
    end = draw(st.sampled_from(LINE_ENDS))
    encoding = draw(st.sampled_from(ENCODINGS))
    if encoding == "mixed":
        codecs = st.sampled_from(["utf-8", "gbk"])
        data = end.encode().join(_encode_line(line, draw(codecs)) for line in lines)
    elif encoding in {"utf-8", "utf-8-sig", "utf-16"}:
        data = end.join(lines).encode(encoding, errors="surrogatepass")
    else:
        data = end.encode().join(_encode_line(line, encoding) for line in lines)
    if draw(st.integers(0, 9)) == 0:  # damage the bytes themselves
        cut = draw(st.integers(0, max(0, len(data) - 1)))
        if draw(st.booleans()):
            data = data[:cut]
        else:
            data = data[:cut] + draw(st.binary(min_size=1, max_size=8)) + data[cut:]
    return data


def documents(kind: str) -> st.SearchStrategy[bytes]:
    """``tables``: generated from scratch; ``seed``: the seed with a few mutations."""
    lines = _table_lines() if kind == "tables" else _mutated_seed_lines()
    return lines.flatmap(_to_bytes)
