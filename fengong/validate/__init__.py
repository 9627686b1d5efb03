"""Validation: SHACL shapes (shapes/*.ttl) over the built graph, with a typed report."""

from fengong.validate.report import Finding, Severity, ValidationReport, written_report
from fengong.validate.shacl import load_shapes, validate_build, validate_graph

__all__ = [
    "Finding",
    "Severity",
    "ValidationReport",
    "load_shapes",
    "validate_build",
    "validate_graph",
    "written_report",
]
