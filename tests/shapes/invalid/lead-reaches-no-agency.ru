# expect: LeadExpandsToAgency
# the only lead is a category with no member agency
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX ex: <http://example.org/id/>

DELETE DATA { ex:lead fg:department ex:bureau . } ;
INSERT DATA { ex:lead fg:department ex:category3 .
  ex:category3 a fg:DepartmentCategory , fg:Department ; rdfs:label "各行业和系统负有安全管理职责的部门"@zh ;
    fg:shortLabel "各行业和系统负有安全管理职责的部门"@zh ; dct:spatial ex:putuo ;
    skos:definition "对本行业安全管理进行督促的部门"@zh ; fg:definedBy ex:note3 . }
