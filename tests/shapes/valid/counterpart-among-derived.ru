# accepts: CounterpartAgrees
# a registry counterpart that is also the derived one, and a second derived one: no warning
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ex: <http://example.org/id/>

INSERT DATA { ex:bureau fg:counterpartAbove ex:otherCityBureau . }
