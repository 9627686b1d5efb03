"""Resource endpoints: documents, measures, departments, legal sources and the validation report.

List endpoints are thin wrappers over catalogue queries (same parameters, same pages); the
detail endpoints combine internal queries from ``queries/api/``.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import Response
from rdflib import Literal, URIRef

from fengong.catalogue import Result
from fengong.catalogue.run import MAX_OFFSET
from fengong.client import Fengong
from fengong.errors import FengongError, ParameterError
from fengong.queries import load_query
from fengong.store.sparql_text import is_valid_iri
from fengong.validate import ValidationReport, load_shapes, validate_build
from fengong.validate.sparql import load_checks, run_checks
from fengong.web.catalogue import result_response
from fengong.web.sparql import problem, problems

__all__ = ["add_resource_routes"]


def _json(data: Any) -> Response:
    return Response(json.dumps(data, ensure_ascii=False, indent=2, default=str),
                    media_type="application/json")  # fmt: skip


def add_resource_routes(app: FastAPI, fg: Fengong) -> None:
    router = APIRouter(prefix="/api", tags=["resources"])
    internal = fg.project.queries / "api"
    base = fg.base

    def records(name: str, **bindings: URIRef | Literal) -> list[dict[str, Any]]:
        return fg.store.select(load_query(internal, name), bindings or None).records()

    @router.get("/documents", summary="Documents: number, title, type, level, issuer, dates")
    def documents(request: Request) -> Response:
        return result_response(request, fg.query("document-metadata"))

    @router.get("/legal-sources", summary="Laws, regulations and other legal sources cited")
    def legal_sources() -> Response:
        return _json(records("legal-sources"))

    @router.get("/measures", summary="Every measure, with its section and number of tasks")
    def measures() -> Response:
        return _json(records("measures"))

    @router.get(
        "/measures/{measure_id:path}",
        summary="One measure: its text and refined tasks with lead and support departments",
        responses=problems({404: "no such measure"}),
    )
    def measure(measure_id: str) -> Response:
        iri = URIRef(
            measure_id if measure_id.startswith("http") else
            f"{base}doc/{measure_id.replace('/', '/measure/', 1)}"
        )  # fmt: skip
        rows = records("measure-tasks", measure=iri) if is_valid_iri(iri) else []
        if not rows:
            return problem(404, "Not found", f"no measure {measure_id!r}; try "
                                             "putuo-anban-2020-18/16 or a measure IRI")  # fmt: skip
        tasks: dict[int, dict[str, Any]] = {}
        for row in rows:
            task = tasks.setdefault(row["task"], {"task": row["task"], "text": row["text"],
                                                  "source_line": row["line"], "lead": [],
                                                  "support": []})  # fmt: skip
            if row["role"]:
                task[row["role"]].append({"department": row["department"], "iri": row["iri"],
                                          "basis": row["basis"]})  # fmt: skip
        first = rows[0]
        return _json({"measure": str(iri), "title": first["title"], "text": first["measure_text"],
                      "tasks": list(tasks.values())})  # fmt: skip

    @router.get(
        "/departments",
        summary="Departments: short label, official name, status",
        response_class=Response,
        responses=problems({406: "no offered media type is acceptable",
                            422: "a parameter is missing or invalid"}),
    )  # fmt: skip
    def departments(
        request: Request,
        kind: Annotated[
            str | None, Query(json_schema_extra={"enum": ["agency", "collective", "category"]})
        ] = None,
        limit: Annotated[int | None, Query(ge=1, le=1000)] = None,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> Response:
        try:
            result: Result = fg.query("departments", limit=limit, offset=offset,
                                      **({"kind": kind} if kind else {}))  # fmt: skip
        except ParameterError as err:
            return problem(422, "Invalid parameter", err.message, parameter=err.parameter)
        return result_response(request, result)

    @router.get(
        "/departments/{department_id:path}",
        summary="A department's profile: lead and support by section, and the tasks it leads",
        responses=problems({400: "not a department IRI or key", 404: "no such department"}),
    )
    def department(department_id: str) -> Response:
        try:
            profile = fg.query("department-profile", department=department_id)
            leads = fg.query("tasks-led-by", department=department_id, limit=1000)
        except ParameterError as err:
            return problem(404, "Not found", err.message)
        except FengongError as err:
            return problem(400, "Bad request", err.message)
        iri = leads.params.get("department") or profile.params.get("department")
        iri = iri[0] if isinstance(iri, list) else iri
        facts: dict[str, list[dict[str, Any]]] = {}
        for r in records("department-functions", department=URIRef(str(iri)), lang=Literal("en")):
            facts.setdefault(str(r["relation"]), []).append(
                {k: r[k] for k in ("node", "label", "key", "date") if r.get(k) not in (None, "")}
            )
        return _json({"department": iri, "functions": facts,
                      "profile": profile.records(), "leads": leads.records()})  # fmt: skip

    def validation_report() -> ValidationReport:
        """The SHACL report of what is served, computed once per build served."""
        if app.state.validation is None:
            shapes = fg.project.shapes
            served = app.state.served
            kept = served.folder / "validation.json" if served is not None else None
            if kept is not None and kept.is_file():  # written when the build was published
                report = ValidationReport.from_json(kept.read_text(encoding="utf-8"))
            elif served is not None:
                report = validate_build(served.folder, shapes, fg.project.queries, "sparql")
            else:  # a remote store: the same checks, as SPARQL, on the server
                report = run_checks(fg.store, load_checks(fg.project.queries / "checks"),
                                    load_shapes(shapes), fg.project.queries)  # fmt: skip
            app.state.validation = report
        return app.state.validation

    @router.get("/validation", summary="The SHACL validation report of the served build")
    def validation() -> Response:
        return _json(json.loads(validation_report().render_json()))

    app.state.validation_report = validation_report
    app.state.validation = None
    app.include_router(router)
