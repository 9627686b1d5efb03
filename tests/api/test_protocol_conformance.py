"""The W3C SPARQL 1.1 Protocol test suite, replayed against a running ``fengong serve``.

tests/conformance/ holds the suite (from w3c/rdf-tests, licence in SOURCE.txt). The manifest is
read with rdflib: every test's HTTP requests (path, method, headers, body, expected response)
are sent as written. data1–3 are loaded into the named graphs the manifest names. Query tests must pass as written; the positive
update tests must be refused with 4xx, since this endpoint is read-only.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree

import pytest
from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection

from tests.conftest import ROOT
from tests.servers import FengongServer

SUITE = ROOT / "tests" / "conformance"
DATA = "http://kasei.us/2009/09/sparql/data/data{}.rdf"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")


def _requests() -> list[dict[str, Any]]:
    """Every request of every mf:ProtocolTest in the manifest, in manifest order."""
    manifest = Graph().parse(SUITE / "protocol" / "manifest.ttl", format="turtle")
    out = []
    for test in manifest.subjects(RDF.type, MF.ProtocolTest):
        action = manifest.value(test, MF.action)
        for req in Collection(manifest, manifest.value(action, HT.requests)):
            headers = {}
            for header in manifest.objects(req, HT.headers):
                for h in (
                    Collection(manifest, header)
                    if (header, RDF.first, None) in manifest
                    else [header]
                ):
                    headers[str(manifest.value(h, HT.fieldName)).lower()] = str(
                        manifest.value(h, HT.fieldValue)
                    )
            body = manifest.value(req, HT.body)
            resp = manifest.value(req, HT.resp)
            statuses = {
                str(s).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
                for s in manifest.objects(resp, MF.expectedStatus)
            }
            out.append(
                {
                    "id": str(test).rsplit("#", 1)[-1],
                    "method": str(manifest.value(req, HT.methodName)),
                    "path": str(manifest.value(req, HT.absolutePath)),
                    "headers": headers,
                    "body": None if body is None else str(manifest.value(body, CNT.chars)),
                    "encoding": None
                    if body is None
                    else str(manifest.value(body, CNT.characterEncoding) or "UTF-8"),
                    "status": statuses,
                    "format": None
                    if manifest.value(resp, MF.expectedFormat) is None
                    else str(manifest.value(resp, MF.expectedFormat)),
                    "boolean": manifest.value(resp, MF.expectedBoolean),
                }
            )
    return sorted(out, key=lambda r: r["id"])


REQUESTS = _requests()
RESULT_TYPES = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {"application/sparql-results+json", "application/sparql-results+xml",
                "text/csv", "text/tab-separated-values"},
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples"},
}  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("protocol")
    nquads = folder / "data.nq"
    lines = []
    for n in (1, 2, 3):
        for line in (SUITE / "protocol" / f"data{n}.nt").read_text("utf-8").splitlines():
            if line.strip():
                lines.append(f"{line.rstrip().removesuffix('.').rstrip()} <{DATA.format(n)}> .")
    nquads.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with FengongServer(nquads) as running:
        yield running.base


def _send(base: str, req: dict[str, Any]) -> tuple[int, str, bytes]:
    """Exactly the manifest's request: http.client adds no Content-Type of its own."""
    body = None if req["body"] is None else req["body"].encode(req["encoding"])
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=30)
    try:
        connection.request(req["method"], req["path"], body=body, headers=req["headers"])
        response = connection.getresponse()
        media = (response.getheader("Content-Type") or "").split(";")[0].strip()
        return response.status, media, response.read()
    finally:
        connection.close()


def _is_update(req: dict[str, Any]) -> bool:
    content_type = req["headers"].get("content-type", "")
    body = req["body"] or ""
    return (
        "sparql-update" in content_type
        or body.startswith("update=")
        or "update=" in req["path"]
        or (req["method"] == "POST" and not content_type and "update" in body.lower())
    )


def _boolean(media: str, body: bytes) -> bool:
    if media == "application/sparql-results+json":
        return bool(json.loads(body)["boolean"])
    node = ElementTree.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert node is not None
    return node.text == "true"


@pytest.mark.parametrize("req", REQUESTS, ids=[f"{r['id']}-{i}" for i, r in enumerate(REQUESTS)])
def test_protocol_request(req: dict[str, Any], server: str) -> None:
    status, media, body = _send(server, req)
    if _is_update(req):
        assert 400 <= status < 500, f"an update must be refused, got {status}"
        return
    if req["id"].startswith("update_"):
        # the query that would check the update's effect: the update was refused, so only
        # insist that the query itself is answered
        assert 200 <= status < 300, (status, body[:200])
        return
    if req["status"] == {"StatusCode4xx"}:
        assert 400 <= status < 500, (status, body[:200])
        return
    assert 200 <= status < 400, (status, body[:300])
    if req["format"] in RESULT_TYPES:
        assert media in RESULT_TYPES[req["format"]], media
    if req["boolean"] is not None:
        assert _boolean(media, body) is req["boolean"].toPython()


def test_the_suite_is_all_here() -> None:
    assert len({r["id"] for r in REQUESTS}) == 34
    assert len(REQUESTS) == 39
    assert (SUITE / "SOURCE.txt").is_file()
