"""What a read-only query may not do, checked on the parse tree before any engine sees it.

Updates (INSERT, DELETE, LOAD, CLEAR, …) do not parse as queries at all. SERVICE would make the
engine call out to any URL (pyoxigraph and rdflib both do by default), so it is refused here.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from fengong.errors import FengongError

__all__ = ["QueryRefused", "dataset_iris", "has_dataset_clause", "query_form"]

_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


class QueryRefused(FengongError):
    """A query that is not a read-only query, or that would reach outside the store."""


def _rule_names(node: object) -> Iterator[str]:
    """The grammar rules a parsed query uses (rdflib's parse tree of ``CompValue`` nodes)."""
    if isinstance(node, CompValue):
        yield node.name
        for value in node.values():
            yield from _rule_names(value)
    elif isinstance(node, list | tuple | ParseResults):
        for value in node:
            yield from _rule_names(value)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; :class:`QueryRefused` for anything else.

    >>> query_form("ASK { ?s ?p ?o }")
    'ASK'
    >>> query_form("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    fengong.store.guard.QueryRefused: SERVICE is not allowed: queries never leave this store
    """
    try:
        tree = parseQuery(text)
    except ParseException as err:
        raise QueryRefused(
            f"not a SPARQL query (line {err.lineno}, column {err.col}): {err.msg}; "
            "updates are not accepted"
        ) from None
    if "ServiceGraphPattern" in set(_rule_names(tree)):
        raise QueryRefused("SERVICE is not allowed: queries never leave this store")
    return _FORMS[tree[1].name]


def has_dataset_clause(text: str) -> bool:
    """Whether the query names its own dataset (FROM / FROM NAMED)."""
    return "datasetClause" in parseQuery(text)[1]  # (CompValue.get returns the key if absent)


def dataset_iris(text: str) -> list[str]:
    """The graphs a query's FROM / FROM NAMED clauses name (prefixed names as written)."""
    tree = parseQuery(text)[1]
    if "datasetClause" not in tree:
        return []
    return [
        str(c.get("default") if "default" in c else c.get("named")) for c in tree["datasetClause"]
    ]
