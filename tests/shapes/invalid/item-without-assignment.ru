# expect: ItemAssigned TaskHasSupport
# a numbered item of running text without an assignment parenthesis: a warning, and neither
# TaskHasLead nor MeasureHasLead (the document names no one; nothing was misread)
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ex: <http://example.org/id/>

INSERT DATA {
  ex:measure2 a fg:Measure ; fg:partOf ex:section ; fg:ordinal 2 ;
      rdfs:label "（二）测试"@zh , "measure 2"@en .
  ex:item a fg:RefinedTask ; fg:partOf ex:measure2 ; fg:ordinal 1 ; fg:wholeMeasure true ;
      rdfs:label "（二）（整项）"@zh , "measure 2 as a whole"@en ; fg:sourceSpan ex:span2 .
}
