# accepts: LeadOnlyFromMergedCell
# a task with a stated lead and an inherited one
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX ex: <http://example.org/id/>

INSERT DATA { ex:task fg:hasAssignment ex:lead9 . ex:lead9 a fg:ResponsibilityAssignment ; fg:task ex:task ; fg:role fg:lead ;
  fg:department ex:office ; fg:basis fg:mergedCell ; fg:mention "区安委办" ; fg:followedByEtc false ; fg:sourceSpan ex:span3 . }
