"""Run by test_guard_threads in a fresh interpreter: four threads parse new query shapes at
once, as the server's checking threads do; prints how many parses failed."""

import sys
import threading

if sys.argv[1] == "settled":
    from fengong.store.guard import inspect_query as parse
else:  # rdflib's grammar as it comes: each parse action finds its arguments on first call
    from rdflib.plugins.sparql.parser import parseQuery as parse

QUERIES = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f } # {n}",
    'SELECT ?o WHERE { ?s ?p ?o FILTER(REGEX(CONCAT(STR(?o), "x"), "^(a|aa)+$")) } # {n}',
    "SELECT (SUM(?x) AS ?n) WHERE { ?a (!<http://x/p>)* ?b . ?b <http://x/q>+ ?c } # {n}",
    "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } OPTIONAL { ?o ?q ?r } } # {n}",
    "ASK { VALUES ?x { 1 2 } BIND(?x + 1 AS ?y) MINUS { ?y ?p ?z } } # {n}",
    "DESCRIBE ?s WHERE { ?s ?p ?o } ORDER BY DESC(?o) LIMIT 3 # {n}",
]
sys.setswitchinterval(1e-6)  # threads take turns as often as they can: the race shows at once
failures: list[str] = []
start = threading.Barrier(4)


def parse_all(number: int) -> None:
    start.wait()
    for round_ in range(25):
        for query in QUERIES:
            try:
                parse(query.replace("{n}", f"{number}-{round_}"))
            except Exception as err:  # a refusal of a valid query is a failure too
                failures.append(repr(err))


threads = [threading.Thread(target=parse_all, args=(n,)) for n in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(len(failures))
