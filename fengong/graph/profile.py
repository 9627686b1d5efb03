"""A conservative OWL 2 RL profile check for our ontology.

No Python library checks OWL 2 profiles (the OWL API does, in Java). We accept a strict subset
of OWL 2 RL, which is all the ontology needs: named classes and properties only, in
subclass, subproperty, inverse, domain, range, disjointness, characteristics and property
chains; ranges limited to datatypes of the OWL 2 RL datatype map. Anything else — existential
superclasses, unions, cardinalities, reflexive properties, xsd:date ranges — is reported.
"""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection

from fengong.graph.namespaces import OWL, RDF, RDFS, XSD

__all__ = ["rl_violations"]

_DECLARATIONS = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.Ontology,
    OWL.NamedIndividual,
    OWL.TransitiveProperty,
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
    OWL.SymmetricProperty,
    OWL.AsymmetricProperty,
    OWL.IrreflexiveProperty,
    OWL.AllDisjointClasses,
}
_NAMED_TO_NAMED = {
    RDFS.subClassOf,
    OWL.equivalentClass,
    OWL.disjointWith,
    RDFS.subPropertyOf,
    OWL.inverseOf,
    OWL.equivalentProperty,
    OWL.propertyDisjointWith,
    RDFS.domain,
}
_ONTOLOGY_HEADER = {OWL.versionIRI, OWL.versionInfo}
#: OWL 2 RL datatype map (OWL 2 Profiles, section 4.2), the ones a range may name.
_RL_DATATYPES = {
    RDF.PlainLiteral,
    RDF.XMLLiteral,
    RDFS.Literal,
    XSD.decimal,
    XSD.integer,
    XSD.nonNegativeInteger,
    XSD.nonPositiveInteger,
    XSD.positiveInteger,
    XSD.negativeInteger,
    XSD.long,
    XSD.int,
    XSD.short,
    XSD.byte,
    XSD.unsignedLong,
    XSD.unsignedInt,
    XSD.unsignedShort,
    XSD.unsignedByte,
    XSD.float,
    XSD.double,
    XSD.string,
    XSD.normalizedString,
    XSD.token,
    XSD.language,
    XSD.Name,
    XSD.NCName,
    XSD.NMTOKEN,
    XSD.boolean,
    XSD.hexBinary,
    XSD.base64Binary,
    XSD.anyURI,
    XSD.dateTime,
    XSD.dateTimeStamp,
}


def _named_list(graph: Graph, head: object) -> bool:
    if not isinstance(head, BNode):
        return False
    return all(isinstance(item, URIRef) for item in Collection(graph, head))


def rl_violations(graph: Graph) -> list[str]:
    """Human-readable reasons why ``graph`` leaves our OWL 2 RL subset (empty: it stays)."""
    problems = []
    datatype_properties = set(graph.subjects(RDF.type, OWL.DatatypeProperty))
    for s, p, o in graph:
        where = f"{s} {p} {o}"
        if p == RDF.type:
            if isinstance(s, BNode) and o != OWL.AllDisjointClasses:
                problems.append(f"anonymous {o}: {where}")
            elif o in (OWL.ReflexiveProperty,):
                problems.append(f"reflexive properties are outside OWL 2 RL: {s}")
        elif p in _NAMED_TO_NAMED:
            if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
                problems.append(f"class or property expression where a name is required: {where}")
        elif p == RDFS.range:
            if not isinstance(o, URIRef):
                problems.append(f"anonymous range: {where}")
            elif s in datatype_properties and o not in _RL_DATATYPES:
                problems.append(f"datatype {o} is not in the OWL 2 RL datatype map: {s}")
        elif p == OWL.propertyChainAxiom:
            if not _named_list(graph, o):
                problems.append(f"property chain with anonymous members: {s}")
            elif not 2 <= len(Collection(graph, o)) <= 3:
                problems.append(f"the rules follow chains of two or three properties: {s}")
        elif p == OWL.members:
            if not _named_list(graph, o):
                problems.append(f"disjointness with anonymous members: {s}")
        elif p == OWL.imports:
            problems.append(f"owl:imports is not allowed (no remote fetches): {o}")
        elif str(p).startswith(str(OWL)) and p not in _ONTOLOGY_HEADER:
            problems.append(f"construct outside our OWL 2 RL subset: {p} on {s}")
    return sorted(problems)
