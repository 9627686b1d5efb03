"""The query catalogue: named, documented, parameterised SPARQL in queries/*.rq."""

from fengong.catalogue.params import BoundParams, bind_params
from fengong.catalogue.run import Result, run_query
from fengong.catalogue.spec import Catalogue, Param, QuerySpec, load_catalogue, load_spec

__all__ = [
    "BoundParams",
    "Catalogue",
    "Param",
    "QuerySpec",
    "Result",
    "bind_params",
    "load_catalogue",
    "load_spec",
    "run_query",
]
