"""The guard and the engine read one text alike: whatever a generated query hides in comments,
line breaks of every kind, escapes, strings and IRIs, the guard refuses it whenever Oxigraph
would call a SERVICE on the text that is run.

The oracle is Oxigraph itself, on the text the guard lets through (the canonical text that is
executed): a SERVICE to port 9 of 127.0.0.1 fails at once with an error that names the port,
before any connection is made, so the test reaches nothing.
"""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import given
from hypothesis import strategies as st

from fengong.store.guard import QueryRefused, refuse_outbound

SERVICE = " SERVICE <http://127.0.0.1:9/sparql> { ?a ?b ?c } "
PARTS = [
    SERVICE, " service <http://127.0.0.1:9/sparql> { ?a ?b ?c } ", " SeRvIcE SILENT <http://127.0.0.1:9/x> {} ",
    " # a comment ", "#", "\r", "\n", "\r\n", "\u2028", "\u0085", "\x0b", "\x0c", "\t", " ",
    '"#"', "'#'", '"""#\r"""', "'''\n#'''", "<http://x/#a>", "<http://x/a>", " ?s ?p ?o . ",
    "\\u0053ERVICE", "\\u0023", "\\U00000053", "\\", "{", "}", " . ", " OPTIONAL { ?s ?p ?o } ",
    " FILTER(?s < <http://x/>) ", " BIND(1 AS ?n) ", "SERVICE", "<", ">",
]  # fmt: skip
STORE = ox.Store()
STORE.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("o")))


def _oxigraph_calls_out(text: str) -> bool:
    try:
        answer = STORE.query(text)
        if isinstance(answer, ox.QuerySolutions | ox.QueryTriples):
            list(answer)
    except OSError as err:
        return "port 9" in str(err) or "127.0.0.1:9" in str(err)
    except (SyntaxError, ValueError):
        return False
    return False


@given(
    st.lists(st.sampled_from(PARTS), max_size=14), st.sampled_from(["SELECT * WHERE {", "ASK {"])
)
def test_the_guard_refuses_every_text_oxigraph_would_send_out(parts: list[str], form: str) -> None:
    text = form + "".join(parts) + " }"
    try:
        run = refuse_outbound(text)
    except QueryRefused:
        return  # refused: nothing runs
    assert not _oxigraph_calls_out(run), repr(text)


def test_the_oracle_sees_a_service_call() -> None:
    # the negative: without the guard, Oxigraph does call out on the CR-comment text
    text = "SELECT * WHERE { # x\r" + SERVICE + "\n }"
    assert _oxigraph_calls_out(text)
    assert _oxigraph_calls_out("SELECT * WHERE {" + SERVICE + "}")
    assert not _oxigraph_calls_out("SELECT * WHERE { ?s ?p ?o }")


#: what may stand around a SERVICE clause and hide it from one parser and not the other
NOISE = [
    " # a comment", "#", "\r", "\n", "\r\n", "\u2028", "\u0085", "\x0b", "\x0c", "\t", " ",
    " ?s ?p ?o . ", ' FILTER(?s != "#") ', " FILTER(?s != <http://x/#a>) ", "\\u0023",
]  # fmt: skip
CLAUSES = [
    SERVICE, " service <http://127.0.0.1:9/sparql> { ?a ?b ?c } ",
    " SERVICE SILENT <http://127.0.0.1:9/sparql> { ?a ?b ?c } ",
    " \\u0053ERVICE <http://127.0.0.1:9/sparql> { ?a ?b ?c } ",
]  # fmt: skip


@given(
    st.lists(st.sampled_from(NOISE), max_size=6),
    st.sampled_from(CLAUSES),
    st.lists(st.sampled_from(NOISE), max_size=6),
    st.sampled_from(["SELECT * WHERE {", "ASK {"]),
)
def test_a_service_clause_hidden_in_noise_is_refused_whenever_oxigraph_would_run_it(
    before: list[str], clause: str, after: list[str], form: str
) -> None:
    text = form + "".join(before) + clause + "".join(after) + "\n }"
    try:
        run = refuse_outbound(text)
    except QueryRefused:
        return  # refused: nothing runs
    assert not _oxigraph_calls_out(run), repr(text)
