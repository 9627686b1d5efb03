#+ summary: OWL 2 RL rules that type nodes and follow chains: prp-spo2, prp-dom, prp-rng, cax-sco.
#+ description: >
#+   Run in rounds until nothing new appears. Each operation reads every named graph and writes
#+   into the inferred graph (?out, found by its prov:wasGeneratedBy link to the reasoning
#+   activity). schema.ru has closed the class and property hierarchies already, so one step of
#+   rdfs:subClassOf or rdfs:subPropertyOf reaches every ancestor. Literals never become subjects.
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

# prp-spo2, a chain of two properties
INSERT { GRAPH ?out { ?x ?p ?z } }
WHERE {
  GRAPH ?out { ?out prov:wasGeneratedBy ?activity . ?activity a fg:ReasoningActivity }
  GRAPH ?axioms { ?p owl:propertyChainAxiom (?p1 ?p2) }
  GRAPH ?g1 { ?x ?p1 ?y }
  GRAPH ?g2 { ?y ?p2 ?z }
} ;

# prp-spo2, a chain of three properties (longer chains are refused before reasoning)
INSERT { GRAPH ?out { ?x ?p ?z } }
WHERE {
  GRAPH ?out { ?out prov:wasGeneratedBy ?activity . ?activity a fg:ReasoningActivity }
  GRAPH ?axioms { ?p owl:propertyChainAxiom (?p1 ?p2 ?p3) }
  GRAPH ?g1 { ?x ?p1 ?y1 }
  GRAPH ?g2 { ?y1 ?p2 ?y2 }
  GRAPH ?g3 { ?y2 ?p3 ?z }
} ;

# prp-dom
INSERT { GRAPH ?out { ?x a ?c } }
WHERE {
  GRAPH ?out { ?out prov:wasGeneratedBy ?activity . ?activity a fg:ReasoningActivity }
  GRAPH ?axioms { ?p rdfs:domain ?c }
  GRAPH ?g { ?x ?p ?y }
} ;

# prp-rng
INSERT { GRAPH ?out { ?y a ?c } }
WHERE {
  GRAPH ?out { ?out prov:wasGeneratedBy ?activity . ?activity a fg:ReasoningActivity }
  GRAPH ?axioms { ?p rdfs:range ?c }
  GRAPH ?g { ?x ?p ?y }
  FILTER (!isLiteral(?y))
} ;

# cax-sco (with scm-eqc, also cax-eqc1 and cax-eqc2)
INSERT { GRAPH ?out { ?x a ?d } }
WHERE {
  GRAPH ?out { ?out prov:wasGeneratedBy ?activity . ?activity a fg:ReasoningActivity }
  GRAPH ?axioms { ?c rdfs:subClassOf ?d }
  FILTER (?c != ?d)
  GRAPH ?g { ?x a ?c }
}
