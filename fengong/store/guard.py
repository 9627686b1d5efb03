"""What a read-only query may not do, checked on the parse tree before any engine sees it.

Updates (INSERT, DELETE, LOAD, CLEAR, …) do not parse as queries at all. SERVICE would make the
engine call out to any URL (pyoxigraph and rdflib both do by default), so it is refused here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from fengong.errors import FengongError

__all__ = ["QueryRefused", "QueryShape", "ServiceRefused", "inspect_query", "query_form"]

_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


class QueryRefused(FengongError):
    """A query that is not a read-only query, or that would reach outside the store."""


class ServiceRefused(QueryRefused):
    """A query that would call another endpoint (SERVICE)."""


def _rule_names(node: object) -> Iterator[str]:
    """The grammar rules a parsed query uses (rdflib's parse tree of ``CompValue`` nodes)."""
    if isinstance(node, CompValue):
        yield node.name
        for value in node.values():
            yield from _rule_names(value)
    elif isinstance(node, list | tuple | ParseResults):
        for value in node:
            yield from _rule_names(value)


@dataclass(frozen=True)
class QueryShape:
    """What the server needs to know of a query, from one parse."""

    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    dataset: tuple[str, ...]  # the graphs FROM / FROM NAMED name (prefixed names as written)


def inspect_query(text: str) -> QueryShape:
    """Parse ``text`` once; :class:`QueryRefused` unless it is a read-only, local query.

    >>> inspect_query("SELECT * FROM <http://x/g> { ?s ?p ?o }")
    QueryShape(form='SELECT', dataset=('http://x/g',))
    >>> inspect_query("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    fengong.store.guard.ServiceRefused: SERVICE is not allowed: queries never leave this store
    """
    try:
        tree = parseQuery(text)
    except ParseException as err:
        raise QueryRefused(
            f"not a SPARQL query (line {err.lineno}, column {err.col}): {err.msg}; "
            "updates are not accepted"
        ) from None
    if "ServiceGraphPattern" in set(_rule_names(tree)):
        raise ServiceRefused("SERVICE is not allowed: queries never leave this store")
    query = tree[1]
    # not .get(): rdflib's CompValue.get returns the key itself when it is absent, and its
    # second argument is not a default
    clauses = query["datasetClause"] if "datasetClause" in query else []  # noqa: SIM401
    dataset = tuple(str(c["default"] if "default" in c else c["named"]) for c in clauses)
    return QueryShape(_FORMS[query.name], dataset)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; :class:`QueryRefused` for anything else.

    >>> query_form("ASK { ?s ?p ?o }")
    'ASK'
    """
    return inspect_query(text).form
