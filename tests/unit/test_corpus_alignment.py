"""A municipal table and two district tables implementing it (tests/data/corpus, invented and
aligned by hand): measures followed down the levels, reviews, the corpus queries, diff."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from fengong.catalogue import load_catalogue, run_query
from fengong.diff import diff_documents
from fengong.graph import DEFAULT_BASE, Build, Project, build_graphs, write_build
from fengong.graph.alignment import align_corpus, read_reviews, write_proposals
from fengong.ingest.layout import read_document
from fengong.ingest.resolve import ResolvedDocument, resolve_document
from fengong.reference import Registry
from fengong.store import EmbeddedStore
from tests.conftest import ROOT

CORPUS = ROOT / "tests" / "data" / "corpus"
FILES = ("municipal.txt", "district-a.txt", "district-b.txt")


def _expected() -> set[tuple[str, int, int]]:
    with (CORPUS / "alignment.expected.csv").open(encoding="utf-8") as handle:
        return {
            (r["district_document"], int(r["district_measure"]), int(r["municipal_measure"]))
            for r in csv.DictReader(handle)
        }


@pytest.fixture(scope="module")
def documents(registry: Registry) -> dict[str, ResolvedDocument]:
    return {
        name: resolve_document(read_document(CORPUS / name, name)[1], registry) for name in FILES
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("corpus")
    for folder in ("ontology", "queries", "shapes"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copytree(ROOT / "data" / "reference", root / "data" / "reference")
    (root / "data" / "sources").mkdir()
    for name in FILES:
        shutil.copy(CORPUS / name, root / "data" / "sources" / name)
    return Project(root)


@pytest.fixture(scope="module")
def corpus_build(corpus: Project) -> Build:
    return build_graphs(corpus, [corpus.sources])


@pytest.fixture(scope="module")
def corpus_dir(corpus_build: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus-build")
    write_build(corpus_build, out)
    return out


@pytest.fixture(scope="module")
def corpus_store(corpus_dir: Path) -> EmbeddedStore:
    return EmbeddedStore.from_nquads(corpus_dir / "fengong.nq")


def _pairs(links: object) -> set[tuple[str, int, int]]:
    return {
        (link.lower.table.head.number, p.left.ordinal, p.right.ordinal)
        for link in links  # type: ignore[attr-defined]
        for p in link.pairs
    }


def test_district_measures_are_aligned_as_read_by_hand(corpus_build: Build) -> None:
    assert _pairs(corpus_build.links) == _expected()
    links = {link.lower.table.head.number: link for link in corpus_build.links}
    assert set(links) == {"普安办〔2099〕21号", "普安办〔2099〕22号"}
    assert all(link.higher.table.head.number == "沪安委办〔2099〕3号" for link in links.values())
    # district A keeps the numbering; district B skips two and renumbers: text decides
    assert {p.basis.value for p in links["普安办〔2099〕21号"].pairs} == {"numbering"}
    assert {p.basis.value for p in links["普安办〔2099〕22号"].pairs} == {"numbering", "text"}


def _run(store: EmbeddedStore, name: str, **params: str) -> list[dict[str, str]]:
    catalogue = load_catalogue(ROOT / "queries")
    result = run_query(
        store, catalogue[name], params, base=DEFAULT_BASE, queries_dir=ROOT / "queries"
    )
    lines = result.to_csv().splitlines()
    return list(csv.DictReader(lines))


def test_untaken_measures_are_those_district_b_skipped(corpus_store: EmbeddedStore) -> None:
    rows = _run(corpus_store, "untaken-measures")
    # by hand (tests/data/corpus/README.md): B skips municipal (三) and (七); A skips none
    assert [(r["lower_document"], r["higher_measure"]) for r in rows] == [
        ("普安办〔2099〕22号", "3"),
        ("普安办〔2099〕22号", "7"),
    ]
    only_b = _run(corpus_store, "untaken-measures", document="普安办〔2099〕21号")
    assert only_b == []


def test_lineage_and_comparison_queries(corpus_store: EmbeddedStore) -> None:
    lineage = _run(corpus_store, "measure-lineage", document="沪安委办〔2099〕3号")
    got = {
        (r["lower_document"], int(r["lower_measure"]), int(r["higher_measure"])) for r in lineage
    }
    assert got == _expected()
    compared = _run(corpus_store, "compare-assignments")
    first = [r for r in compared if r["higher_measure"] == "1"]
    # by hand: municipal (一) is led by 市住房城乡建设管理委 and 市商务委; both districts'
    # (一) by 区建管委 and 区商务委, whose registry counterparts those are
    assert {r["lower_document"] for r in first} == {"普安办〔2099〕21号", "普安办〔2099〕22号"}
    for row in first:
        assert set(row["higher_leads"].split("、")) == {"市住房城乡建设管理委", "市商务委"}
        assert set(row["lower_leads"].split("、")) == {"区建管委", "区商务委"}
        assert row["counterpart_leads"] == "2"


def test_reviews_override_the_proposals(
    documents: dict[str, ResolvedDocument], tmp_path: Path
) -> None:
    path = tmp_path / "alignments.csv"
    docs = list(documents.values())
    assert write_proposals(align_corpus(docs), path, []) == 8 + 6
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert {r["status"] for r in rows} == {"proposed"}
    for row in rows:  # a reviewer rejects B (五) → (六) and says B (六) implements (七)
        if (row["district_document"], row["district_measure"]) == ("普安办〔2099〕22号", "5"):
            row["status"] = "rejected"
        if (row["district_document"], row["district_measure"]) == ("普安办〔2099〕22号", "6"):
            row["municipal_measure"], row["status"] = "7", "confirmed"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    reviews = read_reviews(path)
    pairs = _pairs(align_corpus(docs, reviews))
    assert ("普安办〔2099〕22号", 5, 6) not in pairs
    assert ("普安办〔2099〕22号", 6, 7) in pairs and ("普安办〔2099〕22号", 6, 8) not in pairs
    manual = [
        p for link in align_corpus(docs, reviews) for p in link.pairs if p.basis.value == "manual"
    ]
    assert [(p.left.ordinal, p.right.ordinal) for p in manual] == [(6, 7)]
    # writing proposals again keeps the reviewed rows as they are
    write_proposals(align_corpus(docs, reviews), path, reviews)
    again = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(again) == 14
    assert sum(r["status"] != "proposed" for r in again) == 2


def test_a_review_naming_a_missing_measure_is_an_error(
    documents: dict[str, ResolvedDocument], tmp_path: Path
) -> None:
    from fengong.errors import ReferenceDataError
    from fengong.graph.alignment import ALIGNMENT_COLUMNS

    path = tmp_path / "alignments.csv"
    path.write_text(
        ",".join(ALIGNMENT_COLUMNS)
        + "\n普安办〔2099〕22号,9,,沪安委办〔2099〕3号,1,,,,confirmed,\n",
        encoding="utf-8",
    )
    with pytest.raises(ReferenceDataError, match="no measure 9"):
        align_corpus(list(documents.values()), read_reviews(path))
    path.write_text(",".join(ALIGNMENT_COLUMNS) + "\nx,1,,y,1,,,,maybe,\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"alignments\.csv:2: status 'maybe'"):
        read_reviews(path)


def test_diff_of_two_districts(documents: dict[str, ResolvedDocument]) -> None:
    a, b = documents["district-a.txt"], documents["district-b.txt"]
    changes = diff_documents(a, b)
    removed = [c.left for c in changes if c.kind == "removed"]
    # B has no measure on A's (三) (illegal modification) and (七) (publicity): hand reading
    assert removed == ["（三）", "（七）"]
    assert not [c for c in changes if c.kind == "added"]
    assert ("（四）", "（三）") in {(c.left, c.right) for c in changes if c.kind == "reworded"}


def test_diff_reports_a_changed_assignment(tmp_path: Path, registry: Registry) -> None:
    text = (CORPUS / "district-a.txt").read_text(encoding="utf-8")
    assert "\t区商务委\t区发改委、区国资委" in text
    edited = tmp_path / "district-a-v2.txt"
    edited.write_text(
        text.replace("\t区商务委\t区发改委、区国资委", "\t区商务委、区应急局\t区发改委", 1),
        encoding="utf-8",
    )
    a = resolve_document(read_document(CORPUS / "district-a.txt", "a.txt")[1], registry)
    b = resolve_document(read_document(edited, "b.txt")[1], registry)
    changes = [(c.kind, c.left, c.detail) for c in diff_documents(a, b)]
    assert changes == [
        ("lead", "（一）第2项", "+区应急局"),
        ("support", "（一）第2项", "-区国资委"),
    ]
    assert diff_documents(a, a) == []


def test_the_web_pages_show_every_document_and_the_lineage(corpus_dir: Path) -> None:
    import urllib.request

    from tests.servers import FengongServer

    with FengongServer(corpus_dir / "fengong.nq") as server:
        with urllib.request.urlopen(f"{server.base}/lineage?lang=zh", timeout=30) as response:
            lineage = response.read().decode("utf-8")
        with urllib.request.urlopen(f"{server.base}/measures?lang=zh", timeout=30) as response:
            measures = response.read().decode("utf-8")
        with urllib.request.urlopen(f"{server.base}/?lang=zh", timeout=30) as response:
            home = response.read().decode("utf-8")
        with urllib.request.urlopen(f"{server.base}/lineage?lang=en", timeout=30) as response:
            english = response.read().decode("utf-8")
    assert all(
        n in home for n in ("沪安委办〔2099〕3号", "普安办〔2099〕21号", "普安办〔2099〕22号")
    )
    assert "Higher measures not taken up" in english
    # B's (三) implements the municipal (四); B never took up (三) 严厉查处非法改装 and (七)
    assert 'href="/measures?lang=zh#measure-普安办〔2099〕22号-3">（3）清理公共通道停车' in lineage
    untaken = lineage.split("未被落实的上级措施", 1)[1]
    assert "严厉查处非法改装" in untaken and "深化宣传教育" in untaken
    assert "加快充电设施建设" not in untaken
    # every document's measure 1 is its own, not merged with the others'
    for number in ("沪安委办〔2099〕3号", "普安办〔2099〕21号", "普安办〔2099〕22号"):
        assert f'id="measure-{number}-1"' in measures and f"<h2>{number}</h2>" in measures


def test_a_citation_by_number_links_under_another_title(
    documents: dict[str, ResolvedDocument], tmp_path: Path, registry: Registry
) -> None:
    text = (CORPUS / "district-a.txt").read_text(encoding="utf-8")
    title = "《上海市加强电动自行车消防安全管理工作实施意见》"
    assert title in text
    path = tmp_path / "short.txt"
    path.write_text(text.replace(title, "《电动自行车消防实施意见》（沪安委办〔2099〕3号）", 1),
                    encoding="utf-8")  # fmt: skip
    short = resolve_document(read_document(path, path.name)[1], registry)
    links = align_corpus([documents["municipal.txt"], short])
    assert [link.higher.table.head.number for link in links] == ["沪安委办〔2099〕3号"]
    (cited,) = links[0].citations
    assert cited.document.status == "unregistered"  # its node is said to be the ingested one
    assert len(links[0].pairs) == 8


def test_diff_of_an_inline_document_reports_roles_not_rewording(
    tmp_path: Path, registry: Registry
) -> None:
    old = ROOT / "tests" / "data" / "layouts" / "inline-municipal.txt"
    text = old.read_text(encoding="utf-8")
    assert "（市消防救援总队、市应急局负责）" in text
    new = tmp_path / "v2.txt"
    new.write_text(text.replace("（市消防救援总队、市应急局负责）",
                                "（市消防救援总队、市应急局、市公安局负责）"), encoding="utf-8")  # fmt: skip
    a = resolve_document(read_document(old, "a.txt")[1], registry)
    b = resolve_document(read_document(new, "b.txt")[1], registry)
    assert [(c.kind, c.left, c.detail) for c in diff_documents(a, b)] == [
        ("lead", "三、（一）第1项", "+市公安局")
    ]
