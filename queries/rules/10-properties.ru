#+ summary: OWL 2 RL rules on properties: prp-spo1 (and prp-eqp1/2), prp-inv1/2, prp-symp.
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

# prp-spo1 (with scm-eqp, also prp-eqp1 and prp-eqp2)
INSERT { GRAPH ?out { ?x ?q ?y } }
WHERE {
  GRAPH ?out { ?out prov:wasGeneratedBy ?activity . ?activity a fg:ReasoningActivity }
  GRAPH ?axioms { ?p rdfs:subPropertyOf ?q }
  FILTER (?p != ?q)
  GRAPH ?g { ?x ?p ?y }
} ;

# prp-inv1
INSERT { GRAPH ?out { ?y ?q ?x } }
WHERE {
  GRAPH ?out { ?out prov:wasGeneratedBy ?activity . ?activity a fg:ReasoningActivity }
  GRAPH ?axioms { ?p owl:inverseOf ?q }
  GRAPH ?g { ?x ?p ?y }
  FILTER (!isLiteral(?y))
} ;

# prp-inv2
INSERT { GRAPH ?out { ?y ?p ?x } }
WHERE {
  GRAPH ?out { ?out prov:wasGeneratedBy ?activity . ?activity a fg:ReasoningActivity }
  GRAPH ?axioms { ?p owl:inverseOf ?q }
  GRAPH ?g { ?x ?q ?y }
  FILTER (!isLiteral(?y))
} ;

# prp-symp
INSERT { GRAPH ?out { ?y ?p ?x } }
WHERE {
  GRAPH ?out { ?out prov:wasGeneratedBy ?activity . ?activity a fg:ReasoningActivity }
  GRAPH ?axioms { ?p a owl:SymmetricProperty }
  GRAPH ?g { ?x ?p ?y }
  FILTER (!isLiteral(?y))
}
