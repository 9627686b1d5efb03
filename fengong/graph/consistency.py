"""The consistency gate: owlready2 + HermiT over the ontology and the data.

Disjointness axioms turn HermiT into a bug detector (a task typed as a measure, an agency
typed as a category). owlready2 reads N-Triples, not Turtle, and HermiT rejects literals whose
datatype is outside the OWL 2 datatype map — ELI's dates are xsd:date — so those literals are
handed over as plain strings: no axiom of ours concerns them.

owlready2 follows every ``owl:imports`` it reads, over the network or from local files, and
imports the Python module an ontology names with its ``python_module`` annotation; no flag
turns either off. Both kinds of triple are dropped before it sees the graph.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from fengong.extras import need
from fengong.graph.namespaces import OWL, XSD
from fengong.graph.serialize import sorted_ntriples

__all__ = ["ConsistencyResult", "check_consistency", "java_available"]

#: Triples owlready2 acts on rather than reads: imports, and a Python module to import.
_ACTED_ON = {
    OWL.imports,
    URIRef("http://www.lesfleursdunormal.fr/static/_downloads/owlready_ontology.owl#python_module"),
}

#: Datatypes HermiT cannot parse (not in the OWL 2 datatype map).
_OUTSIDE_OWL2_MAP = {XSD.date, XSD.gYear, XSD.gYearMonth, XSD.time, XSD.duration}


@dataclass(frozen=True)
class ConsistencyResult:
    consistent: bool
    message: str  # HermiT's explanation when inconsistent


def java_available() -> bool:
    return shutil.which("java") is not None


def _for_hermit(graphs: list[Graph]) -> Graph:
    merged = Graph()
    for graph in graphs:
        for s, p, o in graph:
            if p in _ACTED_ON:
                continue
            if isinstance(o, Literal) and o.datatype in _OUTSIDE_OWL2_MAP:
                o = Literal(str(o))
            merged.add((s, p, o))
    return merged


def check_consistency(graphs: list[Graph]) -> ConsistencyResult:
    """Run HermiT on the union of ``graphs`` (ontology first); needs Java."""
    owlready2 = need("owlready2", "the HermiT consistency check")  # heavy, needs Java

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "all.nt"
        path.write_bytes(sorted_ntriples(_for_hermit(graphs)))
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as err:
            return ConsistencyResult(False, str(err) or "inconsistent")
        finally:
            world.close()
    return ConsistencyResult(True, "")
