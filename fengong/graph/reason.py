"""Reasoning at build time: owlrl materialises the OWL 2 RL entailments the graph needs
(category expansion, part-of and containment closures, inverses, superclasses), and the rules
in queries/rules/*.rq add shortcut properties. Both go to the separate ``inferred`` graph, so
asserted and inferred facts never blur.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import owlrl
from owlrl.Namespaces import ERRNS
from rdflib import Graph, Literal, URIRef

from fengong.graph.iris import Iris
from fengong.graph.namespaces import FG, OWL, PROV, RDF, RDFS
from fengong.graph.reference import labels

__all__ = ["Inference", "materialise"]

#: Entailments that say nothing a query could use (every node is an owl:Thing).
_TRIVIAL_TYPES = {OWL.Thing, OWL.NamedIndividual, RDFS.Resource, OWL.Class}


@dataclass(frozen=True)
class Inference:
    graph: Graph  # the inferred triples only, with the activity that produced them
    errors: tuple[str, ...]  # owlrl's inconsistency messages (must be empty)


def _useful(triple: tuple, base: str) -> bool:  # type: ignore[type-arg]
    s, p, o = triple
    if not (isinstance(s, URIRef) and str(s).startswith(base)):
        return False  # entailments about the vocabulary itself, literals or blank nodes
    if p == OWL.sameAs:
        return False
    return not (p == RDF.type and o in _TRIVIAL_TYPES)


def materialise(
    ontology: Graph, asserted: Graph, rules_dir: Path, iris: Iris, used: list[URIRef]
) -> Inference:
    """Run owlrl's OWL 2 RL closure and the SPARQL rules; keep only the new, useful triples."""
    work = Graph()
    for triple in ontology:
        work.add(triple)
    for triple in asserted:
        work.add(triple)
    before = len(work)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(work)
    errors = tuple(sorted(str(m) for m in work.objects(None, ERRNS.error)))
    inferred = Graph()
    if len(work) > before:
        for triple in work:
            if triple not in asserted and triple not in ontology and _useful(triple, iris.base):
                inferred.add(triple)
    for rule in sorted(rules_dir.glob("*.rq")):
        for triple in asserted.query(rule.read_text(encoding="utf-8")):
            if triple not in asserted:
                inferred.add(triple)  # type: ignore[arg-type]

    activity = iris.activity("reasoning")
    inferred.add((activity, RDF.type, FG.ReasoningActivity))
    labels(inferred, activity, "构建时推理", "build-time reasoning")
    inferred.add(
        (
            activity,
            RDFS.comment,
            Literal(
                f"owlrl {version('owlrl')} OWL 2 RL closure; "
                f"rules: {', '.join(sorted(r.name for r in rules_dir.glob('*.rq')))}"
            ),
        )
    )
    for graph_name in used:
        inferred.add((activity, PROV.used, graph_name))
    return Inference(inferred, errors)
