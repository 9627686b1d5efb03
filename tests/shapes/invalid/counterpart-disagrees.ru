# expect: CounterpartAgrees
# the registry names a counterpart that is not the body of the same function one level up
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ex: <http://example.org/id/>

DELETE DATA { ex:bureau fg:counterpartAbove ex:cityBureau . } ;
INSERT DATA { ex:bureau fg:counterpartAbove ex:cityMarketBureau . }
