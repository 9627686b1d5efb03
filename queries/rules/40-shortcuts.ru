#+ summary: Shortcut properties task → lead/support department, derived from the assignments.
#+ description: >
#+   For queries that do not need the qualifiers (basis, mention, position) of the
#+   responsibility assignments. Written into the inferred graph like the OWL 2 RL rules.
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>

INSERT { GRAPH ?out { ?task fg:leadDepartment ?lead } }
WHERE {
  GRAPH ?out { ?out prov:wasGeneratedBy ?activity . ?activity a fg:ReasoningActivity }
  GRAPH ?g { ?a fg:task ?task ; fg:role fg:lead ; fg:department ?lead }
} ;

INSERT { GRAPH ?out { ?task fg:supportDepartment ?support } }
WHERE {
  GRAPH ?out { ?out prov:wasGeneratedBy ?activity . ?activity a fg:ReasoningActivity }
  GRAPH ?g { ?a fg:task ?task ; fg:role fg:support ; fg:department ?support }
}
