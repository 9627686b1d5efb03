# expect: IngestedDocument
# 2021年2月30日: well formed, yet no day of the calendar (pySHACL rejects the literal; the SPARQL
# check once let it through, so the build passed what `fengong validate` failed)
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX ex: <http://example.org/id/>

DELETE DATA { ex:doc eli:date_document "2021-01-01"^^xsd:date . } ;
INSERT DATA { ex:doc eli:date_document "2021-02-30"^^xsd:date . }
