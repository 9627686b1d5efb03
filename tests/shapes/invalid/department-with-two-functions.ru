# expect: OneFunction
# a department whose names read as two functions (区教育体育局: education and sports)
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ex: <http://example.org/id/>

INSERT DATA { ex:bureau org:classification ex:sports . }
