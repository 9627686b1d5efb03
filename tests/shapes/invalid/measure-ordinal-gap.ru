# expect: MeasureOrdinals
# the only measure is numbered 2
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX ex: <http://example.org/id/>

DELETE DATA { ex:measure fg:ordinal 1 . } ;
INSERT DATA { ex:measure fg:ordinal 2 . }
