"""Namespaces, declared once for the whole library."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

__all__ = [
    "CNT",
    "CV",
    "DCTERMS",
    "ELI",
    "FG",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "XSD",
]

FG = Namespace("https://w3id.org/fengong/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
CV = Namespace("http://data.europa.eu/m8g/")
CNT = Namespace("http://www.w3.org/2011/content#")  # W3C Representing Content in RDF

#: Prefixes bound in every Turtle output.
PREFIXES = {
    "fg": FG,
    "eli": ELI,
    "org": ORG,
    "cv": CV,
    "cnt": CNT,
    "prov": PROV,
    "skos": SKOS,
    "dct": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}
