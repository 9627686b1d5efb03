#+ summary: The OWL 2 RL rules for the constructs our ontology may use, one operation each.
#+ description: >
#+   Run in rounds until nothing new appears. Each operation reads every named graph and writes
#+   into the inferred graph (?out, found by its prov:wasGeneratedBy link to the reasoning
#+   activity). Class and property hierarchies are followed with paths inside the graph that holds
#+   the axiom, so one round covers a whole hierarchy. Literals never become subjects.
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

# prp-spo1, prp-eqp1, prp-eqp2: a triple holds for every super- or equivalent property.
INSERT { GRAPH ?out { ?x ?q ?y } }
WHERE {
  GRAPH ?out { ?out prov:wasGeneratedBy ?activity . ?activity a fg:ReasoningActivity }
  GRAPH ?axioms {
    ?p (rdfs:subPropertyOf|owl:equivalentProperty|^owl:equivalentProperty)+ ?q
  }
  FILTER (?p != ?q)
  GRAPH ?g { ?x ?p ?y }
} ;

# prp-inv1, prp-inv2
INSERT { GRAPH ?out { ?y ?q ?x } }
WHERE {
  GRAPH ?out { ?out prov:wasGeneratedBy ?activity . ?activity a fg:ReasoningActivity }
  GRAPH ?axioms { ?p owl:inverseOf|^owl:inverseOf ?q }
  GRAPH ?g { ?x ?p ?y }
  FILTER (!isLiteral(?y))
} ;

# prp-symp
INSERT { GRAPH ?out { ?y ?p ?x } }
WHERE {
  GRAPH ?out { ?out prov:wasGeneratedBy ?activity . ?activity a fg:ReasoningActivity }
  GRAPH ?axioms { ?p a owl:SymmetricProperty }
  GRAPH ?g { ?x ?p ?y }
  FILTER (!isLiteral(?y))
} ;

# prp-trp
INSERT { GRAPH ?out { ?x ?p ?z } }
WHERE {
  GRAPH ?out { ?out prov:wasGeneratedBy ?activity . ?activity a fg:ReasoningActivity }
  GRAPH ?axioms { ?p a owl:TransitiveProperty }
  GRAPH ?g1 { ?x ?p ?y }
  GRAPH ?g2 { ?y ?p ?z }
} ;

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

# cax-sco, cax-eqc1, cax-eqc2: an instance of a class is an instance of its super- and
# equivalent classes.
INSERT { GRAPH ?out { ?x a ?d } }
WHERE {
  GRAPH ?out { ?out prov:wasGeneratedBy ?activity . ?activity a fg:ReasoningActivity }
  GRAPH ?axioms { ?c (rdfs:subClassOf|owl:equivalentClass|^owl:equivalentClass)+ ?d }
  FILTER (?c != ?d)
  GRAPH ?g { ?x a ?c }
}
