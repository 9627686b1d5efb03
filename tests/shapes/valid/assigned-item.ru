# a numbered item of running text whose parenthesis names its lead: nothing fires
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX ex: <http://example.org/id/>

INSERT DATA { ex:task fg:wholeMeasure true . }
