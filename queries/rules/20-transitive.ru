#+ summary: prp-trp, the closure of transitive properties.
#+ description: >
#+   One application joins two links, so a chain of n links needs log2(n) applications; the
#+   file is repeated until it adds nothing before the next file runs, so that a whole round is
#+   not spent on each doubling.
#+ repeat: true
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>

# prp-trp
INSERT { GRAPH ?out { ?x ?p ?z } }
WHERE {
  GRAPH ?out { ?out prov:wasGeneratedBy ?activity . ?activity a fg:ReasoningActivity }
  GRAPH ?axioms { ?p a owl:TransitiveProperty }
  GRAPH ?g1 { ?x ?p ?y }
  GRAPH ?g2 { ?y ?p ?z }
}
