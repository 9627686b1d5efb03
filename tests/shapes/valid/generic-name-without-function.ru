# accepts: FunctionKnown
# a name that names no function by design (各有关部门): no warning
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ex: <http://example.org/id/>

INSERT DATA { ex:relevant a fg:Collective , fg:Department ; rdfs:label "各有关部门"@zh ;
    fg:shortLabel "各有关部门"@zh ; dct:spatial ex:putuo ; fg:namesNoFunction true . }
