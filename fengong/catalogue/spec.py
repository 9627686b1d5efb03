"""Reading the catalogue: ``queries/*.rq``, each a SPARQL SELECT with a ``#+`` YAML header.

The header (in the manner of grlc's decorators) says what the query answers and what it takes::

    #+ summary:
    #+   zh: 某部门牵头的细化措施
    #+   en: Refined tasks a department leads
    #+ tags: [department, lead]
    #+ params:
    #+   department: {type: iri, namespace: org/, lookup: department, required: true}
    #+ pagination: {default: 100, max: 1000}

Everything is checked once, at load time, with the file and line in the error: the header's
shape, the SPARQL syntax, that each parameter is a projected variable (so every row says what
it answers, and pyoxigraph can bind it), and that a paginated query has a total ORDER BY and no
LIMIT of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pyparsing import ParseException
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

from fengong.errors import CatalogueError, Location

__all__ = ["PARAM_TYPES", "Catalogue", "Pagination", "Param", "QuerySpec", "load_catalogue"]

PARAM_TYPES = {"iri", "string", "integer", "boolean", "date", "enum"}
_PARAM_KEYS = {
    "type", "description", "required", "default", "list", "namespace", "lookup", "values",
    "min", "max", "max_length", "example",
}  # fmt: skip
_SPEC_KEYS = {"summary", "description", "tags", "params", "pagination", "columns"}
_NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Param:
    """One typed parameter. ``list`` parameters take several values (bound through VALUES)."""

    name: str
    type: str
    description: str = ""
    required: bool = False
    default: Any = None
    list: bool = False
    namespace: str | None = None  # iri: the value may be given relative to <base><namespace>
    lookup: str | None = None  # iri: a queries/lookup/<name>.rq that turns a label into IRIs
    values: tuple[str, ...] = ()  # enum
    min: int | None = None
    max: int | None = None
    max_length: int = 200
    example: Any = None


@dataclass(frozen=True)
class Pagination:
    default: int = 100
    max: int = 1000


@dataclass(frozen=True)
class QuerySpec:
    name: str
    path: Path
    text: str
    summary: dict[str, str]
    description: str
    tags: tuple[str, ...]
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    pagination: Pagination | None = None
    column_notes: dict[str, str] = field(default_factory=dict)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


Catalogue = dict[str, QuerySpec]


def _header(text: str) -> tuple[str, int]:
    """The ``#+`` lines (prefix removed) and the 1-based line where the header ends."""
    lines = []
    end = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#+"):
            lines.append(line[3:] if line.startswith("#+ ") else line[2:])
            end = number
        elif line.strip() and not line.startswith("#"):
            break
    return "\n".join(lines), end


def _fail(path: Path, message: str, line: int | None = None) -> CatalogueError:
    return CatalogueError(message, Location(str(path), line))


def _param(path: Path, name: str, raw: object) -> Param:
    if not _NAME.fullmatch(name):
        raise _fail(path, f"parameter name {name!r}: use lower-case letters, digits and _")
    if not isinstance(raw, dict):
        raise _fail(path, f"parameter {name!r}: expected a mapping with at least 'type'")
    unknown = set(raw) - _PARAM_KEYS
    if unknown:
        raise _fail(path, f"parameter {name!r}: unknown keys {sorted(unknown)}")
    kind = raw.get("type")
    if kind not in PARAM_TYPES:
        raise _fail(path, f"parameter {name!r}: type must be one of {sorted(PARAM_TYPES)}")
    values = tuple(str(v) for v in raw.get("values", ()))
    if kind == "enum" and not values:
        raise _fail(path, f"parameter {name!r}: an enum needs 'values'")
    param = Param(
        name=name,
        type=kind,
        description=str(raw.get("description", "")),
        required=bool(raw.get("required", False)),
        default=raw.get("default"),
        list=bool(raw.get("list", False)),
        namespace=raw.get("namespace"),
        lookup=raw.get("lookup"),
        values=values,
        min=raw.get("min"),
        max=raw.get("max"),
        max_length=int(raw.get("max_length", 200)),
        example=raw.get("example"),
    )
    if param.required and param.default is not None:
        raise _fail(path, f"parameter {name!r}: required and default exclude each other")
    if kind == "enum" and param.default is not None:
        defaults = param.default if isinstance(param.default, list) else [param.default]
        if not set(map(str, defaults)) <= set(values):
            raise _fail(path, f"parameter {name!r}: default {param.default!r} not in {values}")
    return param


def _pagination(path: Path, raw: object) -> Pagination | None:
    if raw in (None, False):
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        return Pagination(default=raw, max=max(raw, 1000))
    if isinstance(raw, dict) and set(raw) <= {"default", "max"}:
        page = Pagination(int(raw.get("default", 100)), int(raw.get("max", 1000)))
        if 0 < page.default <= page.max:
            return page
    raise _fail(path, "pagination: an integer page size or {default: N, max: M} with 0 < N <= M")


def load_spec(path: Path) -> QuerySpec:
    text = path.read_text(encoding="utf-8")
    header, end = _header(text)
    try:
        meta = yaml.safe_load(header) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise _fail(path, f"bad #+ header: {problem}", mark.line + 1 if mark else None) from None
    if not isinstance(meta, dict):
        raise _fail(path, "the #+ header must be a YAML mapping", 1)
    unknown = set(meta) - _SPEC_KEYS
    if unknown:
        raise _fail(path, f"unknown header keys {sorted(unknown)}", 1)
    summary = meta.get("summary")
    if not isinstance(summary, dict) or not {"zh", "en"} <= set(summary):
        raise _fail(path, "summary needs both zh and en", 1)
    params = tuple(_param(path, n, r) for n, r in (meta.get("params") or {}).items())

    try:
        parsed = parseQuery(text)
        prepared = translateQuery(parsed)  # the algebra of the same parse, not a second one
    except ParseException as err:
        raise _fail(path, f"SPARQL syntax error: {err.msg}", err.lineno) from None
    except Exception as err:  # rdflib raises assorted errors for semantically bad queries
        raise _fail(path, f"not a valid query: {err}", end + 1) from None
    query = parsed[1]
    if query.name != "SelectQuery":
        raise _fail(path, "catalogue queries are SELECT queries", end + 1)
    projected = tuple(str(v) for v in prepared.algebra["PV"])
    for p in params:
        if p.name not in projected:
            raise _fail(path, f"parameter {p.name!r} must be a projected variable (?{p.name})")
    pagination = _pagination(path, meta.get("pagination"))
    if pagination is not None:
        if "orderby" not in query:
            raise _fail(path, "a paginated query needs ORDER BY (pages must not overlap)")
        if "limitoffset" in query:
            raise _fail(path, "a paginated query must not set LIMIT or OFFSET itself")
    notes = meta.get("columns") or {}
    if not isinstance(notes, dict) or not set(notes) <= set(projected):
        raise _fail(path, f"columns: notes only for projected variables {projected}")
    return QuerySpec(
        name=path.stem,
        path=path,
        text=text,
        summary={k: str(v).strip() for k, v in summary.items()},
        description=str(meta.get("description", "")).strip(),
        tags=tuple(str(t) for t in meta.get("tags") or ()),
        params=params,
        columns=projected,
        pagination=pagination,
        column_notes={k: str(v) for k, v in notes.items()},
    )


def load_catalogue(queries_dir: Path, *own: Path) -> Catalogue:
    """Every ``queries_dir/*.rq`` (sub-folders hold internal queries and are not listed), then
    every ``*.rq`` of the folders in ``own`` (a project's queries/). A project's query may not
    take a packaged query's name: the name is what users, scripts and links call it by."""
    specs = [load_spec(path) for path in sorted(queries_dir.glob("*.rq"))]
    packaged = {spec.name for spec in specs}
    for folder in own:
        hidden = sorted(p for p in folder.rglob("*.rq") if p.parent != folder)
        if hidden:  # a project's catalogue is flat: a query in a sub-folder would be lost
            raise _fail(hidden[0], "a project's named queries live directly in its queries/ "
                        "folder (sub-folders are not read): move the file up")  # fmt: skip
        for path in sorted(folder.glob("*.rq")):
            spec = load_spec(path)
            if spec.name in packaged:
                raise _fail(path, f"{spec.name!r} is already a packaged query: rename the file")
            specs.append(spec)
    lookups = {p.stem for p in (queries_dir / "lookup").glob("*.rq")}
    for spec in specs:
        for param in spec.params:
            if param.lookup and param.lookup not in lookups:
                raise _fail(
                    spec.path, f"parameter {param.name!r}: no queries/lookup/{param.lookup}.rq"
                )
    return {spec.name: spec for spec in specs}
