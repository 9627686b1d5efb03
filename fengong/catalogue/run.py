"""Running a catalogue query on any store: bind, paginate, and hand back a typed result.

Pagination fetches one row more than the page so ``has_more`` is known without counting; the
query's own ORDER BY (checked at load time) keeps pages stable across backends.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef

from fengong.catalogue.params import BoundParams, RawValue, bind_params
from fengong.catalogue.spec import QuerySpec
from fengong.errors import ParameterError
from fengong.extras import need
from fengong.queries import load_query
from fengong.spreadsheet import BOM, text_cell
from fengong.store.base import Store, Table
from fengong.store.sparql_text import inject_values

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MAX_OFFSET", "Result", "run_query"]

MAX_OFFSET = 1_000_000_000  # deeper than any page a person reads; engines refuse huge numbers


@dataclass(frozen=True)
class Result:
    """A page of a catalogue query's answer."""

    query: str
    table: Table
    params: dict[str, str | list[str]] = field(default_factory=dict)
    limit: int | None = None
    offset: int = 0
    has_more: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        return self.table.variables

    def __len__(self) -> int:
        return len(self.table)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.records())

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values: IRIs and strings as str, numbers typed."""
        return self.table.records()

    def _repr_html_(self) -> str:
        """A notebook shows the rows as a table, says when a page has more, and escapes
        every value (they come from the documents)."""
        head = "".join(f"<th>{escape(c)}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(str(r.get(c, '')))}</td>" for c in self.columns)
            + "</tr>" for r in self.records()
        )  # fmt: skip
        more = (f"<p>{len(self)} rows from offset {self.offset}; more follow: pass "
                f"offset={self.offset + len(self)}</p>") if self.has_more else ""  # fmt: skip
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"

    def to_pandas(self) -> pd.DataFrame:
        """The rows as a DataFrame, one column per projected variable, in query order
        (pandas is the ``pandas`` extra)."""
        pd = need("pandas", "to_pandas()")
        return pd.DataFrame.from_records(self.records(), columns=list(self.columns))

    def to_csv(self, raw: bool = False, excel: bool = False) -> str:
        """CSV with a header; every value in its lexical form (IRIs in full, ``true``/``false``),
        a cell a spreadsheet would run as a formula written as text unless ``raw``. ``excel``:
        a byte-order mark and CRLF line ends, without which Excel reads UTF-8 as the system's
        code page (Chinese comes out garbled)."""
        out = io.StringIO()
        if excel:
            out.write(BOM)
        writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
        writer.writerow(self.columns)
        for row in self.table.rows:
            writer.writerow([text_cell("" if t is None else str(t), raw) for t in row])
        return out.getvalue()

    def to_json(self) -> str:
        """A JSON array of objects (numbers and booleans typed; unbound values are null)."""
        return json.dumps(self.records(), ensure_ascii=False, indent=2, default=str) + "\n"

    def to_sparql_json(self) -> dict[str, Any]:
        """The page as SPARQL 1.1 Query Results JSON."""
        bindings = []
        for row in self.table:
            binding = {}
            for name, term in row.items():
                if term is None:
                    continue
                if isinstance(term, URIRef):
                    binding[name] = {"type": "uri", "value": str(term)}
                elif isinstance(term, Literal):
                    value: dict[str, str] = {"type": "literal", "value": str(term)}
                    if term.language:
                        value["xml:lang"] = term.language
                    elif term.datatype is not None:
                        value["datatype"] = str(term.datatype)
                    binding[name] = value
                else:
                    binding[name] = {"type": "bnode", "value": str(term)}
            bindings.append(binding)
        return {"head": {"vars": list(self.columns)}, "results": {"bindings": bindings}}


def lookup_with(store: Store, queries_dir: Path) -> Any:
    """A lookup function for :func:`bind_params` that asks ``store``."""

    def lookup(name: str, text: str) -> list[URIRef]:
        table = store.select(load_query(queries_dir / "lookup", name), {"label": Literal(text)})
        column = table.variables.index("iri")
        return sorted({row[column] for row in table.rows if isinstance(row[column], URIRef)})

    return lookup


def run_query(
    store: Store,
    spec: QuerySpec,
    params: Mapping[str, RawValue | Sequence[RawValue]] | None = None,
    *,
    base: str,
    queries_dir: Path,
    limit: int | None = None,
    offset: int = 0,
) -> Result:
    """Bind ``params``, run ``spec`` on ``store`` and return one page (or everything)."""
    bound: BoundParams = bind_params(spec, params or {}, base, lookup_with(store, queries_dir))
    text = inject_values(spec.text, bound.lists) if bound.lists else spec.text
    page = spec.pagination
    if page is None:
        if limit is not None or offset:
            raise ParameterError(f"{spec.name}: this query is not paginated", "limit")
    else:
        limit = page.default if limit is None else limit
        if not 1 <= limit <= page.max:
            raise ParameterError(f"limit: expected 1 to {page.max}", "limit")
        if not 0 <= offset <= MAX_OFFSET:
            raise ParameterError(f"offset: expected 0 to {MAX_OFFSET}", "offset")
        text = f"{text.rstrip()}\nLIMIT {int(limit) + 1}\nOFFSET {int(offset)}\n"
    table = store.select(text, bound.scalars)
    has_more = limit is not None and len(table.rows) > limit
    if has_more:
        table = Table(table.variables, table.rows[:limit])
    return Result(spec.name, table, bound.as_text(), limit, offset, has_more)
