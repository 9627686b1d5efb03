"""Turning what users type into RDF terms, typed and checked, before any query runs.

Every value becomes an rdflib term (an IRI under our namespace, or a typed literal); nothing a
user types is ever pasted into query text. Errors name the parameter and say what was expected.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence

from pyoxigraph import NamedNode
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from fengong.catalogue.spec import Param, QuerySpec
from fengong.errors import ParameterError
from fengong.store.sparql_text import QueryTextError, sparql_term

__all__ = ["MAX_LIST_VALUES", "BoundParams", "Lookup", "bind_params"]

#: Resolves a label (or key) to IRIs with a queries/lookup/<name>.rq query: (name, text) → IRIs.
Lookup = Callable[[str, str], list[URIRef]]
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}
RawValue = str | int | bool | dt.date


class BoundParams:
    """Scalars (bound by the store's own mechanism) and lists (bound through VALUES)."""

    def __init__(self) -> None:
        self.scalars: dict[str, URIRef | Literal] = {}
        self.lists: dict[str, list[URIRef | Literal]] = {}

    def as_text(self) -> dict[str, str | list[str]]:
        """Bound values as plain strings, for echoing back to the user."""
        out: dict[str, str | list[str]] = {k: str(v) for k, v in self.scalars.items()}
        out.update({k: [str(v) for v in vs] for k, vs in self.lists.items()})
        return out


def _iri(param: Param, text: str, base: str, lookup: Lookup | None) -> URIRef:
    scope = base + (param.namespace or "")
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text) and not text.startswith(("urn:", "mailto:")):
        if not text.startswith(("http://", "https://")):
            raise ParameterError(f"{param.name}: {text!r} is not an http(s) IRI", param.name)
        try:
            NamedNode(text)  # the engine's own IRI rules: http://[::1 is none
        except ValueError as err:
            raise ParameterError(
                f"{param.name}: {text!r} is not a valid IRI ({err})", param.name
            ) from None
        iri = URIRef(text)
        if param.namespace is not None and not text.startswith(scope):
            raise ParameterError(f"{param.name}: expected an IRI under {scope}", param.name)
        try:
            sparql_term(iri)
        except QueryTextError as err:
            raise ParameterError(f"{param.name}: {err.message}", param.name) from None
        return iri
    if param.lookup and lookup is not None:
        found = lookup(param.lookup, text)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(sorted(str(f) for f in found))
            raise ParameterError(f"{param.name}: {text!r} is ambiguous: {names}", param.name)
        raise ParameterError(f"{param.name}: nothing is called {text!r}", param.name)
    if param.namespace is not None and _KEY.fullmatch(text):
        return URIRef(scope + text)
    raise ParameterError(f"{param.name}: expected an IRI under {scope}", param.name)


def _term(param: Param, value: RawValue, base: str, lookup: Lookup | None) -> URIRef | Literal:
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    if param.type == "iri":
        return _iri(param, text.strip(), base, lookup)
    if param.type == "string":
        if not text or len(text) > param.max_length:
            raise ParameterError(
                f"{param.name}: expected 1 to {param.max_length} characters", param.name
            )
        return Literal(text)
    if param.type == "integer":
        if isinstance(value, bool) or not re.fullmatch(r"[+-]?\d{1,18}", text.strip()):
            raise ParameterError(f"{param.name}: expected an integer, got {text!r}", param.name)
        number = int(text)
        if (param.min is not None and number < param.min) or (
            param.max is not None and number > param.max
        ):
            raise ParameterError(
                f"{param.name}: expected an integer from {param.min} to {param.max}", param.name
            )
        return Literal(number)
    if param.type == "boolean":
        lowered = text.strip().lower()
        if lowered not in _TRUE | _FALSE:
            raise ParameterError(f"{param.name}: expected true or false, got {text!r}", param.name)
        return Literal(lowered in _TRUE)
    if param.type == "date":
        try:
            day = dt.date.fromisoformat(text.strip())
        except ValueError:
            raise ParameterError(
                f"{param.name}: expected YYYY-MM-DD, got {text!r}", param.name
            ) from None
        return Literal(day.isoformat(), datatype=XSD.date)
    if text not in param.values:  # enum
        raise ParameterError(
            f"{param.name}: expected one of {', '.join(param.values)}; got {text!r}", param.name
        )
    return Literal(text)


#: values one list parameter takes (a department= repeated 2,500 times cost 1.2 s of lookups)
MAX_LIST_VALUES = 100


def bind_params(
    spec: QuerySpec,
    given: Mapping[str, RawValue | Sequence[RawValue]],
    base: str,
    lookup: Lookup | None = None,
) -> BoundParams:
    """Check ``given`` against ``spec`` and convert it; defaults fill what is not given."""
    unknown = sorted(set(given) - {p.name for p in spec.params})
    if unknown:
        known = ", ".join(p.name for p in spec.params) or "none"
        raise ParameterError(
            f"{spec.name}: unknown parameter {', '.join(unknown)} (parameters: {known})",
            unknown[0],
        )
    bound = BoundParams()
    for param in spec.params:
        raw = given.get(param.name, param.default)
        if hasattr(raw, "tolist") and not isinstance(raw, str):  # numpy and pandas values
            raw = raw.tolist()  # a scalar becomes int/str, an array or Series a list
        if raw is None or raw == []:
            if param.required:
                raise ParameterError(f"{param.name}: required", param.name)
            continue
        values = list(raw) if isinstance(raw, list | tuple) else [raw]
        if not param.list and len(values) > 1:
            raise ParameterError(f"{param.name}: takes one value, got {len(values)}", param.name)
        if len(values) > MAX_LIST_VALUES:  # each may cost a lookup: the work is bounded
            raise ParameterError(
                f"{param.name}: at most {MAX_LIST_VALUES} values, got {len(values)}", param.name
            )
        values = list(dict.fromkeys(values))  # a value given twice is looked up once
        terms = [_term(param, v, base, lookup) for v in values]
        if param.list:
            bound.lists[param.name] = list(dict.fromkeys(terms))
        else:
            bound.scalars[param.name] = terms[0]
    return bound
