# expect: Registered
# a cited document the registries do not list is kept, marked unregistered
PREFIX fg: <https://w3id.org/fengong/ontology#>
PREFIX ex: <http://example.org/id/>

INSERT DATA { ex:unlisted-opinion fg:verificationStatus "unregistered" . }
