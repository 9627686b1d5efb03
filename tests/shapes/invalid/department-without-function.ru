# expect: FunctionKnown
# a department whose name reads as no function
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ex: <http://example.org/id/>

DELETE DATA { ex:office org:classification ex:safetyCommittee . }
