"""Every shape against small examples: the base conforms to all; each invalid example makes
exactly the shapes it names fire; each valid example makes none fire."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from fengong.graph import Project
from fengong.validate import load_shapes, validate_graph

HERE = Path(__file__).parent
SHAPES_NS = "https://w3id.org/fengong/shapes#"


@pytest.fixture(scope="module")
def shapes(project: Project) -> Graph:
    return load_shapes(project.root / "shapes")


def _fired(shapes: Graph, update: Path | None) -> set[str]:
    data = Graph().parse(HERE / "base.ttl", format="turtle")
    if update is not None:
        data.update(update.read_text(encoding="utf-8"))
    report = validate_graph(data, shapes)
    return {f.shape.removeprefix(SHAPES_NS) for f in report.findings}


def _header(path: Path, key: str) -> set[str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(f"# {key}: "), path
    return set(first.removeprefix(f"# {key}: ").split())


def test_base_conforms_to_every_shape(shapes: Graph) -> None:
    assert _fired(shapes, None) == set()


@pytest.mark.parametrize("example", sorted((HERE / "invalid").glob("*.ru")), ids=lambda p: p.stem)
def test_invalid_example_fires_exactly_its_shapes(shapes: Graph, example: Path) -> None:
    assert _fired(shapes, example) == _header(example, "expect")


@pytest.mark.parametrize("example", sorted((HERE / "valid").glob("*.ru")), ids=lambda p: p.stem)
def test_valid_example_fires_nothing(shapes: Graph, example: Path) -> None:
    assert _fired(shapes, example) == set()


def test_every_shape_has_an_invalid_and_a_valid_example(shapes: Graph) -> None:
    from rdflib.namespace import RDF, SH

    declared = {str(s).removeprefix(SHAPES_NS) for s in shapes.subjects(RDF.type, SH.NodeShape)}
    invalid = set().union(*(_header(p, "expect") for p in (HERE / "invalid").glob("*.ru")))
    assert declared <= invalid
    # the base document is the valid example of every shape; valid/ adds the subtle cases
    assert _fired(shapes, None) == set()


def test_every_shape_is_named_and_explained_in_both_languages(shapes: Graph) -> None:
    from rdflib import Literal
    from rdflib.namespace import RDF, SH

    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        parts = [shape, *shapes.objects(shape, SH.property), *shapes.objects(shape, SH.sparql)]
        names = {
            o.language for p in parts for o in shapes.objects(p, SH.name) if isinstance(o, Literal)
        }
        messages = {
            o.language
            for p in parts
            for o in shapes.objects(p, SH.message)
            if isinstance(o, Literal)
        }
        assert {"zh", "en"} <= names, shape
        assert {"zh", "en"} <= messages, shape
        severities = {o for p in parts for o in shapes.objects(p, SH.severity)}
        assert severities and severities <= {SH.Violation, SH.Warning, SH.Info}, shape
