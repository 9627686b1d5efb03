# a cited document the registries do not list, which the build ingested: nothing to curate
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX ex: <http://example.org/id/>

INSERT DATA {
  ex:cited-opinion fg:verificationStatus "unregistered" ; fg:ingestedAs ex:doc .
}
