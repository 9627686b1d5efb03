# accepts: NotLeadAndSupport
# one agency leads one task and supports another
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX ex: <http://example.org/id/>

INSERT DATA { ex:task2 a fg:RefinedTask ; fg:partOf ex:measure ; fg:ordinal 2 ; fg:sourceSpan ex:span2 ;
    fg:hasAssignment ex:lead2 , ex:support2 .
  ex:lead2 a fg:ResponsibilityAssignment ; fg:task ex:task2 ; fg:role fg:lead ; fg:department ex:bureau ;
    fg:basis fg:stated ; fg:mention "区应急局" ; fg:followedByEtc false ; fg:sourceSpan ex:span3 .
  ex:support2 a fg:ResponsibilityAssignment ; fg:task ex:task2 ; fg:role fg:support ; fg:department ex:category ;
    fg:basis fg:stated ; fg:mention "安全监管部门" ; fg:followedByEtc false ; fg:sourceSpan ex:span4 . } ;
DELETE DATA { ex:support2 fg:department ex:category . ex:lead2 fg:department ex:bureau . } ;
INSERT DATA { ex:support2 fg:department ex:bureau . ex:lead2 fg:department ex:office . }
