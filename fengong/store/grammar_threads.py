"""rdflib's SPARQL grammar made safe to parse with from several threads at once.

pyparsing wraps every parse action so that it may take ``(s, loc, tokens)``, ``(loc, tokens)``,
``(tokens)`` or nothing, and finds out which *on the action's first call*, by calling it with
three arguments, then two, …, and catching the TypeError. The count it tries lives in the
wrapper, shared by every thread: two threads calling an action for the first time at once can
leave it fixed at the wrong count, and every later parse through that rule then fails with
``TypeError: Param.postParse2() missing 1 required positional argument`` — a 500 for every
query using the rule, for the life of the process. The server checks queries in threads (the
query guard), so a burst of new query shapes did exactly that.

:func:`settle_parse_actions` decides each action's count once, before any thread parses, the
way the trial would (the fewest leading arguments dropped for which the call binds), from the
action's signature, and marks it found.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any

from pyparsing import ParserElement

__all__ = ["settle_parse_actions"]

_CALL_ARGUMENTS = 3  # pyparsing calls an action with (string, location, tokens)


def _dropped_arguments(func: Callable[..., Any]) -> int | None:
    """How many leading arguments pyparsing's trial would drop for ``func``; None when its
    signature cannot be read (a builtin, say)."""
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return None
    for dropped in range(_CALL_ARGUMENTS + 1):
        try:
            signature.bind(*[None] * (_CALL_ARGUMENTS - dropped))
        except TypeError:
            continue
        return dropped
    return None


def _settle(wrapper: Callable[..., Any]) -> bool:
    """Fix one wrapper's argument count; False when it is not pyparsing's arity wrapper or its
    action's signature cannot be read (it is then left to find out by itself)."""
    code = getattr(wrapper, "__code__", None)
    cells = dict(zip(code.co_freevars, wrapper.__closure__ or (), strict=False)) if code else {}
    if not {"found_arity", "limit", "func"} <= cells.keys():
        return False
    if cells["found_arity"].cell_contents:
        return True
    dropped = _dropped_arguments(cells["func"].cell_contents)
    if dropped is None:
        return False
    cells["limit"].cell_contents = dropped
    cells["found_arity"].cell_contents = True
    return True


def settle_parse_actions(roots: Iterable[ParserElement]) -> tuple[int, int]:
    """Settle every parse action reachable from ``roots``: (settled, left to themselves).

    Each root is also *streamlined* now: pyparsing rewrites a grammar in place (merging nested
    sequences) on its first parse, and a thread parsing while another rewrites can fail a
    valid query (about 1 in 6,000 in a four-thread test)."""
    roots = list(roots)
    for root in roots:
        root.streamline()
    seen: set[int] = set()
    todo = list(roots)
    settled = left = 0
    while todo:
        element = todo.pop()
        if id(element) in seen:
            continue
        seen.add(id(element))
        for action in element.parseAction:
            if _settle(action):
                settled += 1
            else:
                left += 1
        todo.extend(element.recurse())
        todo.extend(element.ignoreExprs)
    return settled, left
