"""Minting IRIs: the one place that decides what entities are called.

IRIs are readable and deterministic: they are built from the document number and the printed
numbering, never from random identifiers, so the same input always gives the same IRIs and
people can guess and link them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from rdflib import URIRef

__all__ = ["DEFAULT_BASE", "Iris"]

DEFAULT_BASE = "https://w3id.org/fengong/id/"

#: ASCII characters an IRI path segment may hold as they are (RFC 3987 ipchar: unreserved,
#: sub-delims, ":" and "@"); the rest of ASCII is percent-encoded.
_ASCII_KEPT = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@"
)
#: Non-ASCII ranges RFC 3987 allows in a path (ucschar), so Chinese stays readable; controls
#: (DEL, C1), surrogates, private use and noncharacters are percent-encoded.
_UCSCHAR = (
    (0xA0, 0xD7FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFEF),
    *((plane, plane + 0xFFFD) for plane in range(0x10000, 0xE0000, 0x10000)),
    (0xE1000, 0xEFFFD),
)


#: a text made only of characters kept as they are (nearly every one): no need to look at each
_ALL_KEPT = re.compile(
    "["
    + re.escape("".join(sorted(_ASCII_KEPT)))
    + "".join(f"{chr(low)}-{chr(high)}" for low, high in _UCSCHAR)
    + "]*"
)


def _kept(ch: str) -> bool:
    code = ord(ch)
    if code < 0x80:
        return ch in _ASCII_KEPT
    return any(low <= code <= high for low, high in _UCSCHAR)


def _segment(text: str) -> str:
    """Make text safe as one IRI path segment, keeping CJK characters readable.

    >>> _segment("谁主张、谁举证、属地（行业）报备")
    '谁主张、谁举证、属地（行业）报备'
    >>> _segment("a b/c")
    'a%20b%2Fc'
    >>> _segment("\x7f两重点\ue000")  # DEL and private use: found by the fuzzer
    '%7F两重点%EE%80%80'
    """
    if _ALL_KEPT.fullmatch(text):
        return text
    return "".join(ch if _kept(ch) else quote(ch, safe="") for ch in text)


def _path(ident: str) -> str:
    """An id's parts as IRI path segments; a part of dots only is escaped, so a name read from
    a document (区../../x局 gives the parts 区.., .., x局) never climbs out of its place when a
    browser or a server resolves the path.

    >>> _path("shanghai-putuo/区../../x局")
    'shanghai-putuo/区../%2E%2E/x局'
    """
    return "/".join(
        part.replace(".", "%2E") if part and set(part) == {"."} else _segment(part)
        for part in ident.split("/")
    )


@dataclass(frozen=True)
class Iris:
    """IRIs under one base (configurable; default ``https://w3id.org/fengong/id/``)."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            object.__setattr__(self, "base", self.base + "/")

    def _iri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    # documents and their parts -------------------------------------------------------------
    def document(self, key: str) -> URIRef:
        """The IRI of a document, named by its key.

        >>> Iris().document("putuo-anban-2020-18")
        rdflib.term.URIRef('https://w3id.org/fengong/id/doc/putuo-anban-2020-18')
        """
        return self._iri("doc/" + "/".join(_segment(part) for part in key.split("/")))

    def section(self, doc: str, n: int) -> URIRef:
        return self._iri(f"doc/{doc}/section/{n}")

    def measure(self, doc: str, n: int) -> URIRef:
        return self._iri(f"doc/{doc}/measure/{n}")

    def task(self, doc: str, measure: int, task: int) -> URIRef:
        """A refined task: measure ordinal, then task ordinal within it.

        >>> Iris("http://ex.org/id").task("d", 5, 2)
        rdflib.term.URIRef('http://ex.org/id/doc/d/measure/5/task/2')
        """
        return self._iri(f"doc/{doc}/measure/{measure}/task/{task}")

    def assignment(self, doc: str, measure: int, task: int, role: str, position: int) -> URIRef:
        return self._iri(f"doc/{doc}/measure/{measure}/task/{task}/{role}/{position}")

    def note(self, doc: str) -> URIRef:
        return self._iri(f"doc/{doc}/note")

    def note_item(self, doc: str, n: int) -> URIRef:
        return self._iri(f"doc/{doc}/note/{n}")

    def article(self, doc: str, n: int) -> URIRef:
        return self._iri(f"doc/{doc}/article/{n}")

    # provenance ------------------------------------------------------------------------------
    def file(self, name: str) -> URIRef:
        return self._iri(f"file/{_segment(name)}")

    def span(self, doc: str, line: int, column: int | None = None) -> URIRef:
        cell = f"/cell/{column}" if column is not None else ""
        return self._iri(f"doc/{doc}/source/line/{line}{cell}")

    def reading_warning(self, doc: str, n: int) -> URIRef:
        return self._iri(f"doc/{doc}/reading-warning/{n}")

    def activity(self, name: str) -> URIRef:
        return self._iri(f"activity/{name}")

    def graph(self, name: str) -> URIRef:
        """Named graphs: ``ontology``, ``reference``, ``doc/<key>``, ``inferred``."""
        return self._iri(f"graph/{name}")

    # registry things ---------------------------------------------------------------------------
    def organisation(self, ident: str) -> URIRef:
        """Registry ids are already safe; an unregistered department's id ends in its name."""
        return self._iri("org/" + _path(ident))

    def category(self, ident: str) -> URIRef:
        return self._iri(f"category/{ident}")

    def membership(self, category: str, agency: str) -> URIRef:
        return self._iri(f"category/{category}/member/{agency.rsplit('/', 1)[-1]}")

    def place(self, ident: str) -> URIRef:
        return self._iri(f"place/{ident}")

    def slogan(self, text: str) -> URIRef:
        return self._iri(f"slogan/{_segment(text)}")

    def function(self, key: str) -> URIRef:
        """A function of the vocabulary (data/reference/functions.csv).

        >>> Iris().function("emergency-management")
        rdflib.term.URIRef('https://w3id.org/fengong/id/function/emergency-management')
        """
        return self._iri(f"function/{key}")

    def reform(self, ident: str) -> URIRef:
        return self._iri(f"reform/{ident}")

    def succession(self, org: str, reform: str) -> URIRef:
        """The change event by which a body of a former function gave way to its successor."""
        return self._iri("org/" + _path(org) + f"/succession/{reform}")

    def scheme(self, name: str) -> URIRef:
        return self._iri(f"scheme/{name}")
