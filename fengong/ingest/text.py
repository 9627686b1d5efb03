"""Reading running text: markup, citations 《…》, document numbers and quoted slogans “…”."""

from __future__ import annotations

import re
from collections.abc import Sequence

from fengong.ingest.numerals import chinese_to_int, normalise_digits
from fengong.ingest.records import Citation, TextFeatures

__all__ = [
    "DOCUMENT_NUMBER",
    "applied_and_based_on",
    "find_citations",
    "find_slogans",
    "strip_markup",
    "text_features",
]

_MARKUP = re.compile(r"</?p\s*>", re.IGNORECASE)

#: Document numbers as printed: 普安办〔2020〕18号 (organ + year + serial) or 沪府令第44号
#: (decree series + serial). Brackets may be 〔〕, [] or （）in sloppy copies.
DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}(?:[〔\[［(（]\d{4}[〕\]］)）]\d+号|令第\d+号)")

_CITATION = re.compile(
    r"《(?P<title>[^《》]+)》"
    r"(?:\s*[(（](?P<number>" + DOCUMENT_NUMBER.pattern + r")[)）])?"
    r"(?:\s*第(?P<article>[一二三四五六七八九十百零〇\d]+)条)?"
    r"(?:\s*[(（](?P<heading>[^()（）]+)[)）])?"
)
_ARTICLE_ONLY = re.compile(r"第(?P<article>[一二三四五六七八九十百零〇\d]+)条")
_SLOGAN = re.compile(r"“([^“”]+)”")
_APPLIES = ("贯彻落实", "贯彻", "落实")
_BASED_ON = ("根据", "依据")


def strip_markup(cell: str) -> str:
    """Remove the ``<p>`` markup of the export and surrounding white space.

    >>> strip_markup("<p>区应急局</p>  ")
    '区应急局'
    """
    return _MARKUP.sub("", cell).strip()


def find_citations(text: str, line: int) -> tuple[Citation, ...]:
    """Every 《title》 in ``text``, with a document number and article when printed after it.

    >>> c, = find_citations("——摘自《上海市危险化学品安全管理办法》(沪府令第44号)第四条(行政管理部门职责)", 9)
    >>> (c.title, c.number, c.article, c.article_heading, c.line)
    ('上海市危险化学品安全管理办法', '沪府令第44号', 4, '行政管理部门职责', 9)
    >>> [c.title for c in find_citations("依照《甲条例》《乙办法》等规定", 1)]
    ['甲条例', '乙办法']
    """
    found = []
    for m in _CITATION.finditer(normalise_digits(text)):
        article = m.group("article")
        found.append(
            Citation(
                title=m.group("title").strip(),
                number=m.group("number"),
                article=chinese_to_int(article) if article else None,
                article_heading=m.group("heading") if article else None,
                line=line,
            )
        )
    return tuple(found)


def find_slogans(text: str) -> tuple[str, ...]:
    """Quoted phrases, in order of first appearance, without repeats.

    >>> find_slogans("推广“双随机一公开”，按照“四不放过”和“双随机一公开”原则")
    ('双随机一公开', '四不放过')
    """
    return tuple(dict.fromkeys(s.strip() for s in _SLOGAN.findall(text)))


def text_features(text: str, line: int) -> TextFeatures:
    """Citations and slogans of one cell of running text."""
    return TextFeatures(citations=find_citations(text, line), slogans=find_slogans(text))


def applied_and_based_on(
    entries: Sequence[tuple[int, str]],
) -> tuple[tuple[Citation, ...], tuple[Citation, ...]]:
    """The documents the text says it implements (为贯彻落实《…》) and draws on (根据《…》)."""
    applies: list[Citation] = []
    based_on: list[Citation] = []
    for n, text in entries:
        for clause in re.split(r"[，,。；;]", text):
            target = (
                applies
                if clause.startswith(_APPLIES) or clause.startswith("为" + _APPLIES[0])
                else based_on
                if clause.startswith(_BASED_ON)
                else None
            )
            if target is not None:
                target.extend(find_citations(clause, n))
    return tuple(applies), tuple(based_on)
