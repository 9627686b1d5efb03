"""The catalogue and resources over HTTP, and dereferenceable IRIs, on a running server."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fengong.catalogue import load_catalogue
from tests.catalogue.conftest import CASES, QUERIES, golden_path
from tests.servers import FengongServer

IRI_BASE = "https://w3id.org/fengong/id/"
CATALOGUE = load_catalogue(QUERIES)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


@pytest.fixture(scope="module")
def base(seed_build_dir: Path) -> Iterator[str]:
    with FengongServer(seed_build_dir / "fengong.nq") as server:
        yield server.base


def _get(url: str, accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with _OPENER.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def _query_url(base: str, name: str, params: dict[str, Any], **extra: Any) -> str:
    pairs = [(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])]
    pairs += list(extra.items())
    return f"{base}/api/queries/{name}?{urllib.parse.urlencode(pairs)}"


def test_the_catalogue_is_listed_with_its_parameters(base: str) -> None:
    status, _, body = _get(f"{base}/api/queries")
    listed = {q["name"]: q for q in json.loads(body)}
    assert status == 200 and set(listed) == set(CASES)
    department = listed["tasks-led-by"]["parameters"][0]
    assert (department["name"], department["type"], department["list"]) == (
        "department",
        "iri",
        True,
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_query_over_http_gives_the_golden_csv(name: str, base: str) -> None:
    page = CATALOGUE[name].pagination
    extra = {"limit": page.max} if page else {}  # one page holds every row
    status, headers, body = _get(_query_url(base, name, CASES[name], **extra), "text/csv")
    assert status == 200, body[:300]
    assert headers["content-type"].startswith("text/csv")
    assert body.decode("utf-8") == golden_path(name).read_text(encoding="utf-8")


def test_json_is_an_array_of_typed_objects_and_sparql_json_is_standard(base: str) -> None:
    _, _, body = _get(_query_url(base, "workload", {}, limit=2))
    rows = json.loads(body)
    assert rows[0]["label"] == "区应急局" and isinstance(rows[0]["lead_tasks"], int)
    _, _, body = _get(_query_url(base, "workload", {}, limit=2),
                            "application/sparql-results+json")  # fmt: skip
    data = json.loads(body)
    assert data["head"]["vars"][:2] == ["department", "label"]
    assert data["results"]["bindings"][0]["lead_tasks"]["datatype"].endswith("#integer")


def test_paging_links_are_true(base: str) -> None:
    seen, url, pages = [], _query_url(base, "open-ended", {}, limit=40), 0
    while url:
        status, headers, body = _get(url)
        assert status == 200
        seen += json.loads(body)
        links = dict((rel, href) for href, rel in
                     re.findall(r'<([^>]+)>; rel="(\w+)"', headers.get("link", "")))  # fmt: skip
        assert "last" not in links
        assert ("prev" in links) == (pages > 0) and ("first" in links) == (pages > 0)
        # links are references relative to the page (RFC 8288), resolved as a client does
        following = links.get("next")
        url, pages = (urllib.parse.urljoin(url, following) if following else None), pages + 1
    assert pages == 4 and len(seen) == 146  # 40 + 40 + 40 + 26
    status, headers, body = _get(_query_url(base, "open-ended", {}, limit=146))
    assert "next" not in headers.get("link", "") and len(json.loads(body)) == 146


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("search", {}, "q: required"),
        ("tasks-led-by", {"department": "区不存在局"}, "nothing is called"),
        ("open-ended", {"role": "boss"}, "role"),
        ("tasks-of-measure", {"measure": "abc"}, "measure"),
        ("open-ended", {"limit": "0"}, "limit"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(
    base: str, name: str, params: dict[str, str], message: str
) -> None:
    status, _, body = _get(_query_url(base, name, params))
    assert status == 422
    assert message in body.decode("utf-8")


def test_resources(base: str) -> None:
    status, _, body = _get(f"{base}/api/measures")
    measures = json.loads(body)
    assert status == 200 and len(measures) == 27 and sum(m["tasks"] for m in measures) == 54
    status, _, body = _get(f"{base}/api/measures/putuo-anban-2020-18/16")
    measure = json.loads(body)
    assert [t["source_line"] for t in measure["tasks"]] == [85, 86, 87]
    assert [d["basis"] for d in measure["tasks"][1]["lead"]] == ["merged-cell"]
    assert _get(f"{base}/api/measures/putuo-anban-2020-18/99")[0] == 404
    status, _, body = _get(f"{base}/api/departments/{urllib.parse.quote('区应急局')}")
    profile = json.loads(body)
    assert profile["department"] == IRI_BASE + "org/shanghai-putuo/emergency-management-bureau"
    assert [f["key"] for f in profile["functions"]["function"]] == ["emergency-management"]
    assert [f["node"] for f in profile["functions"]["above"]] == [
        IRI_BASE + "org/shanghai/emergency-management-bureau"
    ]
    assert len(profile["leads"]) == 51
    assert _get(f"{base}/api/departments/{urllib.parse.quote('区不存在局')}")[0] == 404
    status, _, body = _get(f"{base}/api/departments?kind=category")
    assert status == 200 and len(json.loads(body)) == 3
    status, _, body = _get(f"{base}/api/legal-sources")
    sources = {s["title"]: s for s in json.loads(body)}
    assert sources["危险化学品安全管理条例"]["cited_by_tasks"] == 1
    status, _, body = _get(f"{base}/api/documents", "text/csv")
    documents = list(csv.reader(io.StringIO(body.decode())))
    assert status == 200 and len(documents) == 14  # header, 10 of the seed, 3 reform plans
    status, _, body = _get(f"{base}/api/validation")
    report = json.loads(body)
    assert report["summary"]["violation"] == 0
    merged = [f for f in report["findings"] if "merged" in f["shape"].lower()]
    assert len(merged) == 4


@pytest.mark.parametrize(
    ("accept", "target"),
    [
        ("text/html", "/page/doc/putuo-anban-2020-18/measure/16"),
        ("text/turtle", "/data/doc/putuo-anban-2020-18/measure/16.ttl"),
        ("application/ld+json", "/data/doc/putuo-anban-2020-18/measure/16.jsonld"),
        ("application/n-triples", "/data/doc/putuo-anban-2020-18/measure/16.nt"),
        # q-values decide: a barely acceptable page loses to data, and the other way round
        ("text/html;q=0.1, text/turtle", "/data/doc/putuo-anban-2020-18/measure/16.ttl"),
        ("text/turtle;q=0.2, text/html", "/page/doc/putuo-anban-2020-18/measure/16"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "/page/doc/putuo-anban-2020-18/measure/16"),
        ("*/*", "/data/doc/putuo-anban-2020-18/measure/16.ttl"),
    ],
)
def test_iris_dereference_with_303(base: str, accept: str, target: str) -> None:
    status, headers, _ = _get(f"{base}/id/doc/putuo-anban-2020-18/measure/16", accept)
    assert status == 303 and headers["location"] == target
    status, headers, body = _get(base + target)
    assert status == 200
    assert "（十六）" in body.decode("utf-8")


def test_every_minted_iri_dereferences_and_unknown_ones_are_404(
    base: str, seed_build_dir: Path
) -> None:
    subjects = {
        line.split(b" ", 1)[0][1:-1].decode()
        for line in (seed_build_dir / "asserted.nt").read_bytes().splitlines()
        if line.startswith(f"<{IRI_BASE}".encode())
    }
    assert len(subjects) > 500
    for iri in sorted(subjects)[::25]:  # a spread sample of every kind of entity
        path = urllib.parse.quote(iri.removeprefix(IRI_BASE), safe="/")
        status, headers, _ = _get(f"{base}/id/{path}", "text/turtle")
        assert status == 303, iri
        assert _get(base + headers["location"])[0] == 200, iri
    assert _get(f"{base}/id/doc/no-such-document", "text/turtle")[0] == 404
    assert _get(f"{base}/page/doc/no-such-document")[0] == 404


def test_openapi_documents_every_query_with_typed_parameters(base: str) -> None:
    status, _, body = _get(f"{base}/openapi.json")
    assert status == 200
    spec = json.loads(body)
    assert spec["openapi"].startswith("3.")
    operation = spec["paths"]["/api/queries/tasks-of-measure"]["get"]
    measure = next(p for p in operation["parameters"] if p["name"] == "measure")
    assert "integer" in json.dumps(measure["schema"])
    assert all(f"/api/queries/{name}" in spec["paths"] for name in CASES)
    assert _get(f"{base}/docs")[0] == 200


@pytest.mark.parametrize(
    ("accept", "media", "marker"),
    [
        ("text/html", "text/html", "<html"),
        ("text/turtle", "text/turtle", "owl:Ontology"),
        ("application/ld+json", "application/ld+json", "@id"),
        ("application/rdf+xml", "application/rdf+xml", "rdf:RDF"),
    ],
)
def test_the_ontology_by_content_negotiation(
    base: str, accept: str, media: str, marker: str
) -> None:
    status, headers, body = _get(f"{base}/ontology", accept)
    assert status == 200 and headers["content-type"].startswith(media)
    assert marker in body.decode("utf-8")
    if media == "text/html":  # a class label, rendered in the page's language (Chinese first)
        assert "责任分工" in body.decode("utf-8")
        english = _get(f"{base}/ontology?lang=en", accept)[2].decode("utf-8")
        assert "responsibility assignment" in english and "责任分工" not in english


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/csv;q=0, application/json", "application/json"),
        ("application/json;q=0.5, text/csv", "text/csv"),
        ("application/*", "application/json"),
        (None, "application/json"),
    ],
)
def test_catalogue_answers_honour_q_values(base: str, accept: str | None, media: str) -> None:
    status, headers, _ = _get(f"{base}/api/queries/departments", accept)
    assert status == 200 and headers["content-type"].startswith(media), headers


def test_a_catalogue_answer_nobody_accepts_is_406(base: str) -> None:
    status, _, _ = _get(f"{base}/api/queries/departments", "text/csv;q=0, image/png")
    assert status == 406


def test_no_header_a_client_sends_is_written_back(base: str) -> None:
    # the Host header (and X-Forwarded-*) were reflected into paging links and the service
    # description; now links are relative and the description uses --public-url or /sparql
    headers = {"Host": "evil.example", "X-Forwarded-Proto": "gopher",
               "X-Forwarded-Host": "evil.example", "Accept": "application/json"}  # fmt: skip
    request = urllib.request.Request(_query_url(base, "open-ended", {}, limit=40), headers=headers)
    with _OPENER.open(request, timeout=30) as response:
        link = response.headers.get("link", "")
    assert (
        link.startswith("</api/queries/open-ended?") and "evil" not in link and "gopher" not in link
    )
    request = urllib.request.Request(f"{base}/sparql", headers={**headers, "Accept": "text/turtle"})
    with _OPENER.open(request, timeout=30) as response:
        description = response.read().decode("utf-8")
    assert "sd:endpoint </sparql>" in description and "evil" not in description


def test_the_public_url_names_the_endpoint_in_its_description(seed_build_dir: Path) -> None:
    extra = ("--public-url", "https://fengong.example.org/")
    with FengongServer(seed_build_dir / "fengong.nq", extra=extra) as server:
        request = urllib.request.Request(f"{server.base}/sparql", headers={"Accept": "text/turtle"})
        with _OPENER.open(request, timeout=30) as response:
            description = response.read().decode("utf-8")
    assert "sd:endpoint <https://fengong.example.org/sparql>" in description


@pytest.mark.parametrize(
    "path", ["/", "/network", "/matrix", "/yasgui", "/measures", "/departments"]
)
def test_html_pages_send_a_content_security_policy(base: str, path: str) -> None:
    status, headers, _ = _get(base + path, "text/html")
    headers = {k.lower(): v for k, v in headers.items()}
    assert status == 200
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert ("'unsafe-eval'" in policy) == (path == "/yasgui")  # the vendored editor only
    assert headers["x-content-type-options"] == "nosniff"


def test_data_answers_are_never_sniffed(base: str) -> None:
    _, headers, _ = _get(_query_url(base, "open-ended", {}, format="csv"))
    headers = {k.lower(): v for k, v in headers.items()}
    assert headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in headers  # a CSV is no page


def test_department_page_shows_function_level_and_counterparts(base: str) -> None:
    """区应急局's page: emergency management, the district level, 市应急局 above; 市应急局's page
    has 应急管理部 above and 区应急局 below (the registry's and the derived links agree)."""
    status, _, body = _get(f"{base}/departments/shanghai-putuo/emergency-management-bureau?lang=zh")
    page = body.decode()
    assert status == 200 and "职能与对口" in page, page[:500] and "应急管理</a>" in page
    assert "上海市应急管理局</a>" in page and "上级同职能部门" in page
    status, _, body = _get(f"{base}/departments/shanghai/emergency-management-bureau?lang=zh")
    page = body.decode()
    assert (
        "应急管理部</a>" in page
        and "下级同职能部门" in page
        and "上海市普陀区" not in page.split("下级同职能部门")[0][-20:]
    )
    status, _, body = _get(f"{base}/departments/shanghai-putuo/city-operation-centre?lang=en")
    assert "Function and counterparts" in body.decode()
