# expect: TaskHasLead MeasureHasLead
# an item of running text that names a supporting department but no lead is still missing one
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX ex: <http://example.org/id/>

DELETE DATA { ex:task fg:hasAssignment ex:lead . } ;
INSERT DATA { ex:task fg:wholeMeasure true . }
