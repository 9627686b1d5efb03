"""Compressed answers and conditional requests (``fengong.web.caching``, gzip in ``fengong.web.app``).

A browser that already holds a page sends its ETag back and gets 304, empty, before any query
runs; the tag changes with the language, the negotiated type, the URL and the build (a reload
gives new tags, a byte-identical build the same ones). Large text answers are gzipped when the
client accepts it; ``/sparql``'s answers are neither tagged nor otherwise changed, and nor are
errors. The app runs in-process (Starlette's test client) on the seed build, with one worker.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import StreamingResponse
from starlette.routing import Route

import fengong.web.caching
from fengong.web import Settings, create_app
from fengong.web.caching import BuildDigests, ConditionalGet, build_digest
from fengong.web.headers import BUNDLE_CSP, CSP
from fengong.web.reload import Served, served_file

GZIP = {"Accept-Encoding": "gzip"}
IDENTITY = {"Accept-Encoding": "identity"}
SELECT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 200"


@pytest.fixture(scope="module")
def client(seed_build_dir: Path) -> Iterator[TestClient]:
    app = create_app(Settings(seed_build_dir / "fengong.nq", workers=1))
    with TestClient(app) as test_client:
        yield test_client


def _vary(headers: object) -> set[str]:
    return {v.strip().lower() for v in headers.get("vary", "").split(",") if v.strip()}  # type: ignore[attr-defined]


# compression


def test_large_text_answers_are_gzipped_when_accepted(client: TestClient) -> None:
    zipped = client.get("/measures", headers=GZIP)
    plain = client.get("/measures", headers=IDENTITY)
    assert zipped.status_code == plain.status_code == 200
    assert zipped.headers["content-encoding"] == "gzip" and "accept-encoding" in _vary(
        zipped.headers
    )
    assert int(zipped.headers["content-length"]) < len(plain.content) / 3
    assert "content-encoding" not in plain.headers
    assert zipped.text == plain.text  # the test client inflates it: the same page
    assert zipped.headers["etag"] == plain.headers["etag"]  # weak: one tag for both codings


def test_small_answers_are_not_compressed(client: TestClient) -> None:
    small = client.get("/api/build", headers=GZIP)
    assert small.status_code == 200 and len(small.content) < 1024
    assert "content-encoding" not in small.headers


def test_an_xlsx_is_not_compressed_again(client: TestClient) -> None:
    sheet = client.get("/matrix.xlsx", headers=GZIP)
    assert sheet.status_code == 200 and len(sheet.content) > 1024
    assert "content-encoding" not in sheet.headers


# ETags and 304


@pytest.mark.parametrize("path", ["/measures", "/api/measures", "/openapi.json", "/docs"])
def test_reads_are_tagged_and_revalidated(client: TestClient, path: str) -> None:
    first = client.get(path)
    tag = first.headers["etag"]
    assert first.status_code == 200 and re.fullmatch(r'W/"[0-9a-f]{32}"', tag)
    assert first.headers["cache-control"] == "no-cache"
    assert {"accept", "accept-encoding", "cookie"} <= _vary(first.headers)
    again = client.get(path, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag and again.headers["cache-control"] == "no-cache"
    listed = client.get(path, headers={"If-None-Match": f'"other", {tag.removeprefix("W/")}'})
    assert listed.status_code == 304  # weak comparison, anywhere in the list


def test_a_mismatching_tag_gets_the_whole_answer(client: TestClient) -> None:
    answer = client.get("/measures", headers={"If-None-Match": 'W/"0123456789abcdef"'})
    assert answer.status_code == 200 and "<h1" in answer.text
    assert answer.headers["etag"] != 'W/"0123456789abcdef"'
    star = client.get("/measures", headers={"If-None-Match": "*"})
    assert star.status_code == 200 and star.content  # left to the handler: never a wrong 304


def test_the_tag_follows_the_language(client: TestClient) -> None:
    client.cookies.set("lang", "zh")
    zh = client.get("/measures?lang=zh").headers["etag"]
    client.cookies.set("lang", "en")
    en = client.get("/measures?lang=en").headers["etag"]
    assert zh != en
    try:
        client.cookies.clear()  # ?lang= above set the cookie
        plain = client.get("/departments").headers["etag"]
        client.cookies.set("lang", "en")
        english = client.get("/departments")
        assert english.headers["etag"] != plain and "Departments" in english.text
        # the Chinese page's tag does not revalidate the English one
        assert client.get("/departments", headers={"If-None-Match": plain}).status_code == 200
        client.cookies.set("lang", "en")
        assert client.get("/departments").headers["etag"] == english.headers["etag"]
    finally:
        client.cookies.clear()


def test_a_language_switch_answered_304_still_sets_the_cookie(client: TestClient) -> None:
    """``?lang=en`` with a Chinese cookie must set the cookie, even when the page is unchanged
    and answered 304 before any page runs (when pages set the cookie themselves, that 304
    lacked it, and the next page came back in Chinese: seen in Chromium)."""
    try:
        client.cookies.set("lang", "zh")
        first = client.get("/measures?lang=en")
        assert first.status_code == 200 and "lang=en" in first.headers["set-cookie"]
        client.cookies.clear()
        client.cookies.set("lang", "zh")  # the browser's cookie as it was
        again = client.get("/measures?lang=en", headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304 and "lang=en" in again.headers["set-cookie"]
        client.cookies.clear()
        client.cookies.set("lang", "en")  # once the cookie agrees, nothing more is set
        same = client.get("/measures?lang=en")
        assert "set-cookie" not in same.headers
    finally:
        client.cookies.clear()


def test_the_tag_follows_the_negotiated_type_and_the_query(client: TestClient) -> None:
    html = client.get("/ontology", headers={"Accept": "text/html"})
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert html.status_code == turtle.status_code == 200
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert html.headers["etag"] != turtle.headers["etag"]
    stale = client.get("/ontology", headers={"Accept": "text/turtle",
                                             "If-None-Match": html.headers["etag"]})  # fmt: skip
    assert stale.status_code == 200 and stale.content
    one = client.get("/api/queries/workload?limit=1").headers["etag"]
    two = client.get("/api/queries/workload?limit=2").headers["etag"]
    assert one != two


def test_errors_and_counters_are_not_tagged(client: TestClient) -> None:
    missing = client.get("/page/no/such/thing")
    assert missing.status_code == 404 and "etag" not in missing.headers
    build = client.get("/api/build")
    assert build.status_code == 200 and "etag" not in build.headers


# /sparql


def test_sparql_answers_keep_their_headers_and_get_no_tag(client: TestClient) -> None:
    for answer in (
        client.get("/sparql", params={"query": SELECT}, headers=IDENTITY),
        client.post("/sparql", data={"query": SELECT}, headers=IDENTITY),
        client.post("/sparql", content=SELECT.encode(), headers={
            **IDENTITY, "Content-Type": "application/sparql-query"}),
    ):  # fmt: skip
        assert answer.status_code == 200, answer.text[:300]
        assert answer.headers["content-type"] == "application/sparql-results+json"
        assert _vary(answer.headers) == {"accept", "accept-encoding"}  # gzip's, even unused
        assert int(answer.headers["content-length"]) == len(answer.content)
        assert "etag" not in answer.headers and "cache-control" not in answer.headers
        assert len(answer.json()["results"]["bindings"]) == 200
    tagged = client.get("/sparql", params={"query": SELECT}, headers={"If-None-Match": "*"})
    assert tagged.status_code == 200


def test_sparql_answers_are_compressed_like_any_other(client: TestClient) -> None:
    plain = client.get("/sparql", params={"query": SELECT}, headers=IDENTITY)
    zipped = client.get("/sparql", params={"query": SELECT}, headers=GZIP)
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["content-type"] == plain.headers["content-type"]
    assert _vary(zipped.headers) == {"accept", "accept-encoding"}
    assert zipped.json() == plain.json()
    problem = client.get("/sparql", params={"query": "SELECT nonsense"})
    assert problem.status_code == 400
    assert problem.headers["content-type"] == "application/problem+json"


# static files


def test_static_lifetimes(client: TestClient) -> None:
    docs = client.get("/docs").text
    bundle = re.search(r'src="(/static/vendor/swagger-ui-bundle\.js\?v=[0-9a-f]{12})"', docs)
    assert bundle is not None
    versioned = client.get(bundle.group(1))
    assert versioned.status_code == 200
    assert versioned.headers["cache-control"] == "public, max-age=31536000, immutable"
    unversioned = client.get("/static/vendor/yasgui.min.js")
    assert unversioned.headers["cache-control"] == "public, max-age=604800"
    own = client.get("/static/style.css")
    assert own.headers["cache-control"] == "no-cache"
    again = client.get("/static/style.css", headers={"If-None-Match": own.headers["etag"]})
    assert again.status_code == 304 and again.headers["cache-control"] == "no-cache"


# the docs pages' policy


def test_only_the_docs_page_may_run_its_one_inline_script(client: TestClient) -> None:
    page = client.get("/docs")
    policy = page.headers["content-security-policy"]
    inline = re.findall(r"<script>(.*?)</script>", page.text, re.S)
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert policy == BUNDLE_CSP.replace("script-src 'self'", f"script-src 'self' 'sha256-{digest}'")
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";")[0]
    redoc = client.get("/redoc").headers["content-security-policy"]
    assert redoc == BUNDLE_CSP + "; worker-src 'self' blob:"
    assert client.get("/measures").headers["content-security-policy"] == CSP
    assert "unsafe-inline" not in CSP  # the site's own pages allow no inline style either


# reloads


def _generation(folder: Path, source: Path, extra: str = "") -> Path:
    folder.mkdir(parents=True)
    for name in ("fengong.nq", "ontology.html"):
        shutil.copy(source / name, folder / name)
    if extra:
        with (folder / "fengong.nq").open("a", encoding="utf-8") as handle:
            handle.write(extra)
    return folder


def _point(link: Path, target: Path) -> None:
    new = link.with_name(link.name + ".new")
    new.symlink_to(target.relative_to(link.parent), target_is_directory=True)
    new.replace(link)


def test_a_reload_changes_the_tags_and_hashes_each_build_once(
    seed_build_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hashed: list[Path] = []

    def counted(folder: Path) -> str:
        hashed.append(folder)
        return build_digest(folder)

    monkeypatch.setattr(fengong.web.caching, "build_digest", counted)
    first = _generation(tmp_path / "builds" / "a", seed_build_dir)
    same = _generation(tmp_path / "builds" / "b", seed_build_dir)
    other = _generation(tmp_path / "builds" / "c", seed_build_dir,
                        '<https://example.org/s> <https://example.org/p> "x" '
                        "<https://example.org/g> .\n")  # fmt: skip
    link = tmp_path / "build"
    _point(link, first)
    # a reload returns once the old workers have had their grace (deadline + 1 s): kept short
    app = create_app(Settings(link / "fengong.nq", workers=1, deadline=2.0))
    with TestClient(app) as client:
        before = {p: client.get(p).headers["etag"] for p in ("/measures", "/api/measures")}
        assert hashed == [first]  # at start-up, not per request
        _point(link, same)  # a new file with the same bytes: the same answers, the same tags
        assert client.portal.call(app.state.reloader.reload) is True
        assert {p: client.get(p).headers["etag"] for p in before} == before
        _point(link, other)
        assert client.portal.call(app.state.reloader.reload) is True
        assert app.state.served.folder == other
        after = {p: client.get(p).headers["etag"] for p in before}
        stale = client.get("/measures", headers={"If-None-Match": before["/measures"]})
        assert stale.status_code == 200 and stale.content
        assert (
            client.get("/measures", headers={"If-None-Match": after["/measures"]}).status_code
            == 304
        )
        assert hashed == [first, same, other]  # once per build
    assert all(after[p] != before[p] for p in before)


# streaming, and the middleware alone


def test_streamed_answers_pass_through_whole(seed_build_dir: Path) -> None:
    """No route streams today; one that does must still arrive whole, compressed or not, and
    tagged like any other read."""
    from starlette.middleware import Middleware
    from starlette.middleware.gzip import GZipMiddleware

    chunks = [f"line {i} ".encode() * 40 + b"\n" for i in range(50)]

    async def stream(request: object) -> StreamingResponse:
        async def body() -> object:
            for chunk in chunks:
                yield chunk

        return StreamingResponse(body(), media_type="text/plain")

    app = Starlette(routes=[Route("/stream", stream)], middleware=[
        Middleware(ConditionalGet, fingerprint="test"),
        Middleware(GZipMiddleware, minimum_size=1024)])  # fmt: skip
    path, identity = served_file(seed_build_dir / "fengong.nq")
    app.state.served = Served(path, identity, 0, 0.0)
    app.state.build_digests = BuildDigests()
    with TestClient(app) as client:
        with client.stream("GET", "/stream", headers=GZIP) as response:
            wire = b"".join(response.iter_raw())
            zipped = response.headers
        plain = client.get("/stream", headers=IDENTITY)
    assert gzip.decompress(wire) == plain.content == b"".join(chunks)
    assert zipped["content-encoding"] == "gzip" and "content-length" not in zipped
    assert zipped["etag"] == plain.headers["etag"]


def test_addresses_that_name_different_iris_have_different_tags(client: TestClient) -> None:
    """/page/ reads the raw path: %2F and / name different resources (one exists, one does
    not), so they must not share a tag and revalidate each other."""
    escaped = client.get("/page/file/data%2Fsources%2Fputuo-anban-2020-18.txt")
    assert escaped.status_code == 200
    plain = client.get("/page/file/data/sources/putuo-anban-2020-18.txt",
                       headers={"If-None-Match": escaped.headers["etag"]})  # fmt: skip
    assert plain.status_code == 404


def test_the_tag_reads_repeated_headers_as_the_handler_does(client: TestClient) -> None:
    """Two Accept headers: the handler answers the first; the tag must be that variant's."""
    turtle = client.get("/ontology", headers=[("Accept", "text/turtle"), ("Accept", "text/html")])
    html = client.get("/ontology", headers={"Accept": "text/html"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert turtle.headers["etag"] != html.headers["etag"]


def test_the_build_digest_covers_the_source_views(tmp_path: Path) -> None:
    """A build with the same graph but another reading of a document (its source view) or
    another English ontology page is another build: its pages must get new tags."""
    from fengong.web.caching import build_digest

    (tmp_path / "sources").mkdir()
    (tmp_path / "fengong.nq").write_text("<a> <b> <c> <g> .\n", encoding="utf-8")
    (tmp_path / "sources" / "k.json").write_text('{"lines": []}', encoding="utf-8")
    first = build_digest(tmp_path)
    assert build_digest(tmp_path) == first
    (tmp_path / "sources" / "k.json").write_text('{"lines": [1]}', encoding="utf-8")
    second = build_digest(tmp_path)
    assert second != first
    (tmp_path / "ontology.en.html").write_text("<html></html>", encoding="utf-8")
    assert build_digest(tmp_path) != second


def test_the_build_digest_reads_no_copy_of_a_published_file(tmp_path: Path) -> None:
    """A copy under sources/<key>/ is covered by its SHA-256 in sources/<key>.json: changing
    the copy alone changes nothing the server says, and is not read."""
    from fengong.web.caching import build_digest

    (tmp_path / "sources" / "k").mkdir(parents=True)
    (tmp_path / "fengong.nq").write_text("<a> <b> <c> <g> .\n", encoding="utf-8")
    (tmp_path / "sources" / "k.json").write_text('{"sha256": "ab"}', encoding="utf-8")
    (tmp_path / "sources" / "k" / "t.pdf").write_bytes(b"one")
    first = build_digest(tmp_path)
    (tmp_path / "sources" / "k" / "t.pdf").write_bytes(b"two")
    assert build_digest(tmp_path) == first
