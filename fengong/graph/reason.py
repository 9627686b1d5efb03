"""owlrl, the reference implementation of OWL 2 RL, kept as the yardstick for the build's rules.

The build materialises entailments with the SPARQL rules in ``queries/rules/`` (see
:mod:`fengong.graph.rules`): owlrl keeps the whole closure in an rdflib graph and needs
minutes beyond ~100k triples. The tests run both and require the same triples.
"""

from __future__ import annotations

from dataclasses import dataclass

import owlrl
from owlrl.Namespaces import ERRNS
from rdflib import Graph, URIRef

from fengong.graph.namespaces import OWL, RDF, RDFS

__all__ = ["OwlrlClosure", "owlrl_closure"]

#: Entailments that say nothing a query could use (every node is an owl:Thing).
_TRIVIAL_TYPES = {OWL.Thing, OWL.NamedIndividual, RDFS.Resource, OWL.Class}


@dataclass(frozen=True)
class OwlrlClosure:
    graph: Graph  # the new, useful triples only
    errors: tuple[str, ...]  # owlrl's inconsistency messages


def _useful(triple: tuple, base: str) -> bool:  # type: ignore[type-arg]
    s, p, o = triple
    if not (isinstance(s, URIRef) and str(s).startswith(base)):
        return False  # entailments about the vocabulary itself, literals or blank nodes
    if p == OWL.sameAs:
        return False
    return not (p == RDF.type and o in _TRIVIAL_TYPES)


def owlrl_closure(ontology: Graph, asserted: Graph, base: str) -> OwlrlClosure:
    """owlrl's OWL 2 RL closure of ontology + data; keeps new triples about ``base`` IRIs."""
    work = Graph()
    for triple in ontology:
        work.add(triple)
    for triple in asserted:
        work.add(triple)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(work)
    errors = tuple(sorted(str(m) for m in work.objects(None, ERRNS.error)))
    inferred = Graph()
    for triple in work:
        if triple not in asserted and triple not in ontology and _useful(triple, base):
            inferred.add(triple)
    return OwlrlClosure(inferred, errors)
