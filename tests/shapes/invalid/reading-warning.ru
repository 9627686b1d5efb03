# expect: ReadingWarning
# the reader could not read a head field: the document carries a reading warning
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ex: <http://example.org/id/>

INSERT DATA {
  ex:doc fg:readingWarning ex:warning1 .
  ex:warning1 a fg:ReadingWarning ; fg:headField "number" ;
    rdfs:comment "document head: no number found; give `number:` in t.txt.yaml"@en .
}
