r"""What a read-only query may not do, checked on the parse tree before any engine sees it.

Updates (INSERT, DELETE, LOAD, CLEAR, …) do not parse as queries at all. SERVICE would make the
engine call out to any URL (pyoxigraph and rdflib both do by default), so it is refused here.

**What is checked is what runs.** The guard parses with rdflib, the store runs Oxigraph, and
two parsers can read one text differently: rdflib ends a ``#`` comment at a line feed only,
Oxigraph at a carriage return too, so ``# x<CR> SERVICE <…> {…}<LF>`` was an empty pattern to
the one and a SERVICE call to the other. So every query is first made *canonical* — line ends
written as line feeds, and no codepoint escape (``\u0053ERVICE``: the two parsers do not
decode them alike, and the character itself can always be written) — and that canonical text
is both what the guard parses and what every store executes (:attr:`QueryShape.text`, the
return value of :func:`refuse_outbound`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from pyparsing import ParseException, ParseResults
from rdflib import BNode, Variable
from rdflib.plugins.sparql import parser as sparql_grammar
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from fengong.errors import FengongError
from fengong.store.grammar_threads import settle_parse_actions

# queries are checked in threads: each parse action's argument count is fixed now, before
# two threads can race to find it out (see grammar_threads)
settle_parse_actions([sparql_grammar.Query, sparql_grammar.UpdateUnit])

T = TypeVar("T")

__all__ = [
    "QueryRefused",
    "QueryShape",
    "ServiceRefused",
    "canonical_query",
    "foreign_graph",
    "inspect_query",
    "query_form",
    "refuse_outbound",
]

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


def _rules(node: object) -> Iterator[CompValue]:
    """Every grammar-rule node of a parsed query (rdflib's tree of ``CompValue`` nodes)."""
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _rules(value)
    elif isinstance(node, list | tuple | ParseResults):
        for value in node:
            yield from _rules(value)


def _rule_names(node: object) -> set[str]:
    return {rule.name for rule in _rules(node)}


def _nodes(tree: object, name: str) -> Iterator[CompValue]:
    return (rule for rule in _rules(tree) if rule.name == name)


@dataclass(frozen=True)
class QueryShape:
    """What the server needs to know of a query, from one parse."""

    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    dataset: tuple[str, ...]  # the graphs FROM / FROM NAMED name (prefixed names as written)
    risk: str | None = None  # why the query may run long (a server runs it apart), if it may
    text: str = ""  # the canonical text that was checked: the only text to run


def _components(tree: object) -> int:
    """How many groups of triple patterns share no variable (or blank node) with each other."""
    parent: dict[object, object] = {}

    def root(node: object) -> object:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    seen_any = False
    for block in _nodes(tree, "TriplesBlock"):
        for chunk in block["triples"]:
            terms = list(chunk)
            for i in range(0, len(terms) - 2, 3):
                ends = [t for t in (terms[i], terms[i + 2]) if isinstance(t, Variable | BNode)]
                if isinstance(terms[i + 1], Variable):
                    ends.append(terms[i + 1])
                if ends:
                    seen_any = True
                    for other in ends[1:]:
                        parent[root(other)] = root(ends[0])
    return len({root(n) for n in list(parent)}) if seen_any else 0


def query_risk(tree: object) -> str | None:
    """A reason to expect a long run, from the query's shape alone (no engine estimates it):
    unbounded property paths, regular expressions, patterns joined by nothing."""
    if any(p.get("mod") in ("*", "+") for p in _nodes(tree, "PathElt")):
        return "a property path with * or +"
    if next(_nodes(tree, "Builtin_REGEX"), None) is not None:
        return "a regular expression"
    if _components(tree) > 1:
        return "triple patterns that share no variable (a cartesian product)"
    return None


def _remembered(check: Callable[[str], T]) -> Callable[[str], T]:
    """``check``, with the answers for short texts kept (a bounded cache: at most
    4,096 texts of at most 8 KiB, whatever clients send)."""
    cached = functools.lru_cache(maxsize=4096)(check)

    @functools.wraps(check)
    def wrapper(text: str) -> T:
        return cached(text) if len(text) <= 8192 else check(text)

    return wrapper


#: a codepoint escape, which SPARQL allows anywhere and the two parsers decode differently
_CODEPOINT_ESCAPE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")


def canonical_query(text: str) -> str:
    r"""The text both the guard and the engine read: line ends as line feeds (a comment then
    ends at the same place for both); :class:`QueryRefused` for a codepoint escape.

    >>> canonical_query("ASK { # x\r ?s ?p ?o \r\n }")
    'ASK { # x\n ?s ?p ?o \n }'
    >>> canonical_query("ASK { \\u003Fs ?p ?o }")
    Traceback (most recent call last):
    ...
    fengong.store.guard.QueryRefused: codepoint escapes (\u…, \U…) are not accepted: write the character itself
    """
    if _CODEPOINT_ESCAPE.search(text):
        raise QueryRefused(
            "codepoint escapes (\\u…, \\U…) are not accepted: write the character itself"
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


@_remembered
def inspect_query(text: str) -> QueryShape:
    """Parse ``text`` once; :class:`QueryRefused` unless it is a read-only, local query.

    Answers are remembered per text (catalogue queries repeat theirs; a refusal is not kept).

    >>> inspect_query("SELECT * FROM <http://x/g> { ?s ?p ?o }").dataset
    ('http://x/g',)
    >>> inspect_query("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    fengong.store.guard.ServiceRefused: SERVICE is not allowed: queries never leave this store
    """
    text = canonical_query(text)
    try:
        tree = parseQuery(text)
    except ParseException as err:
        raise QueryRefused(
            f"not a SPARQL query (line {err.lineno}, column {err.col}): {err.msg}; "
            "updates are not accepted"
        ) from None
    except RecursionError:  # rdflib's parser recurses per pattern: ~100 chained ones do it
        raise QueryRefused("the query is nested or chained too deeply to be checked") from None
    if "ServiceGraphPattern" in _rule_names(tree):
        raise ServiceRefused("SERVICE is not allowed: queries never leave this store")
    query = tree[1]
    # not .get(): rdflib's CompValue.get returns the key itself when it is absent, and its
    # second argument is not a default
    clauses = query["datasetClause"] if "datasetClause" in query else []  # noqa: SIM401
    dataset = tuple(str(c["default"] if "default" in c else c["named"]) for c in clauses)
    return QueryShape(_FORMS[query.name], dataset, query_risk(query), text)


@_remembered
def refuse_outbound(text: str) -> str:
    r"""The canonical text to run (:func:`canonical_query`); :class:`ServiceRefused` if it holds
    a SERVICE clause. Cheap for every other query: pyoxigraph, and the servers a remote store
    forwards to, call any SERVICE they are given, so only a text that spells the word (in any
    case) is parsed; the answer is remembered per query text, so catalogue queries, whose text
    never changes, pay once.

    >>> refuse_outbound("SELECT * {\r ?s ?p ?o }")
    'SELECT * {\n ?s ?p ?o }'
    >>> refuse_outbound("SELECT * { # x\r SERVICE <http://x/> { ?s ?p ?o }\n }")
    Traceback (most recent call last):
    ...
    fengong.store.guard.ServiceRefused: SERVICE is not allowed: queries never leave this store
    """
    text = canonical_query(text)
    if "service" in text.lower() and "ServiceGraphPattern" in _parsed_rules(text):
        raise ServiceRefused("SERVICE is not allowed: queries never leave this store")
    return text


def _parsed_rules(text: str) -> set[str]:
    try:
        return _rule_names(parseQuery(text))
    except ParseException:  # not parsed by rdflib, yet it spells the word: refused, to be sure
        return {"ServiceGraphPattern"}
    except RecursionError:
        raise QueryRefused("the query is nested or chained too deeply to be checked") from None


def foreign_graph(graphs: Iterable[str], prefix: str) -> str | None:
    """The first graph IRI that is not one of this store's (under ``prefix``, with no ``.``
    or ``..`` segment that could climb out of it), if any: a server may fetch a graph it does
    not hold (Oxigraph does).

    >>> foreign_graph(["https://x/graph/doc/a", "https://x/graph/../../etc"], "https://x/graph/")
    'https://x/graph/../../etc'
    """
    for graph in graphs:
        rest = graph.removeprefix(prefix)
        if rest == graph or {".", ".."} & set(rest.split("/")) or "%2e" in rest.lower():
            return graph
    return None


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; :class:`QueryRefused` for anything else.

    >>> query_form("ASK { ?s ?p ?o }")
    'ASK'
    """
    return inspect_query(text).form
