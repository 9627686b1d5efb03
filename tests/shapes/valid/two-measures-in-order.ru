# accepts: MeasureOrdinals
# measures numbered 1 and 2
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX ex: <http://example.org/id/>

INSERT DATA { ex:measure2 a fg:Measure ; fg:partOf ex:section ; fg:ordinal 2 .
  ex:taskB a fg:RefinedTask ; fg:partOf ex:measure2 ; fg:ordinal 1 ; fg:hasAssignment ex:lead , ex:support . }
