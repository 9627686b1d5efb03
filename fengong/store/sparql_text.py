"""Binding values into query text for endpoints that have no binding API.

A remote SPARQL endpoint takes only text, so bound values travel as a ``VALUES`` block placed
first in the query's WHERE group. The block is built from RDF terms, each checked and written in
N-Triples syntax: an IRI with a character IRIs forbid is refused, a literal's quotes, backslashes
and line breaks are escaped. Nothing a value contains (a quote, ``}``, ``#``, a newline, a
keyword) can end the term it is written in, so no value can change the query around it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from fengong.errors import FengongError

__all__ = ["QueryTextError", "inject_values", "is_valid_iri", "sparql_term", "where_group_start"]

# IRIREF in SPARQL 1.1 (and N-Triples) excludes these characters and all of U+0000–U+0020.
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_LANGUAGE = re.compile(r"[a-zA-Z]+(-[a-zA-Z0-9]+)*")
_CODEPOINT_ESCAPE = re.compile(r"\\[uU]")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<long>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
    | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<word>[A-Za-z_][\w.:-]*|[?$]\w+)
    | (?P<open>\{)
    | (?P<close>\})
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class QueryTextError(FengongError):
    """A value that cannot be written as an RDF term, or a query with no WHERE group."""


def _escape(text: str) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def sparql_term(term: URIRef | Literal | BNode) -> str:
    """``term`` in SPARQL syntax, or :class:`QueryTextError` if it cannot be written safely.

    >>> sparql_term(Literal('a"} #'))
    '"a\\\\"} #"^^<http://www.w3.org/2001/XMLSchema#string>'
    >>> sparql_term(URIRef("http://x/a b"))
    Traceback (most recent call last):
    ...
    fengong.store.sparql_text.QueryTextError: not a valid IRI: 'http://x/a b'
    """
    if isinstance(term, URIRef):
        if not term or _IRI_FORBIDDEN.search(term):
            raise QueryTextError(f"not a valid IRI: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        if _CODEPOINT_ESCAPE.search(str(term)):
            raise QueryTextError(
                "a value containing \\u or \\U cannot be sent as query text: SPARQL expands "
                "those escapes before parsing, so the server would see a different value"
            )
        body = f'"{_escape(str(term))}"'
        if term.language:
            if not _LANGUAGE.fullmatch(term.language):
                raise QueryTextError(f"not a valid language tag: {term.language!r}")
            return f"{body}@{term.language}"
        # a simple literal is xsd:string (RDF 1.1); saying so outright is the same term, and
        # Virtuoso 7 matches non-ASCII strings only when the type is written out
        return f"{body}^^{sparql_term(URIRef(term.datatype or XSD.string))}"
    raise QueryTextError("blank nodes cannot be bound: they name nothing outside one result")


def is_valid_iri(text: str) -> bool:
    """An absolute http(s) IRI that RFC 3987 allows (pyoxigraph's parser decides).

    >>> is_valid_iri("https://w3id.org/fengong/id/org/x"), is_valid_iri("https://x/a]b")
    (True, False)
    """
    if not re.match(r"https?://[^/]", text) or _IRI_FORBIDDEN.search(text):
        return False
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def where_group_start(query: str) -> int:
    """The index just after the ``{`` that opens the query's WHERE group.

    Comments, strings and IRIs are skipped, so braces or the word WHERE inside them do not count.
    A CONSTRUCT template is skipped. Queries without the keyword (``ASK {…}``, ``SELECT * {…}``)
    use their first top-level group.
    """
    form: str | None = None
    depth = 0
    seen_where = False
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind == "word":
            word = match.group().upper()
            if depth == 0 and form is None and word in {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"}:
                form = word
            elif depth == 0 and word == "WHERE":
                seen_where = True
        elif kind == "open":
            if depth == 0 and (seen_where or form in {"SELECT", "ASK", "DESCRIBE"}):
                return match.end()
            depth += 1
        elif kind == "close":
            depth -= 1
    raise QueryTextError("the query has no WHERE group to bind values in")


def inject_values(query: str, bindings: Mapping[str, Sequence[URIRef | Literal]]) -> str:
    """``query`` with ``VALUES (?a ?b) { … }`` first in its WHERE group.

    Each variable takes the listed values: one value binds it, several make the query run once
    per value (a join, as SPARQL ``VALUES`` always is). Variables vary independently: the block
    holds every combination.
    """
    if not bindings:
        return query
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"\w+", name):
            raise QueryTextError(f"not a variable name: {name!r}")
    rows: list[list[str]] = [[]]
    for name in names:
        terms = [sparql_term(t) for t in bindings[name]]
        rows = [[*row, t] for row in rows for t in terms]
    variables = " ".join(f"?{n}" for n in names)
    data = " ".join(f"({' '.join(row)})" for row in rows)
    block = f"\n  VALUES ({variables}) {{ {data} }}\n"
    at = where_group_start(query)
    return query[:at] + block + query[at:]
