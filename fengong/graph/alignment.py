"""Following a measure down the levels: which ingested document and measure a district's
measure implements, and which municipal measures a district never took up.

A document implements an ingested one when its head cites that document's title
(为贯彻落实《…》): the title as printed, or the title a notice issues (关于印发《…》…的通知).
Its measures are then paired with the higher document's (:func:`fengong.compare.match_measures`:
by numbering where the texts agree, else by text), each pair with its basis and score.

The pairs are proposals. ``data/reference/alignments.csv`` (written by ``fengong align``)
lists them for review: a row whose status is ``confirmed`` makes its pair (basis ``manual``;
an empty municipal measure says the district measure implements none), ``rejected`` removes
it, ``proposed`` changes nothing. Departments' counterparts one level up are derived from
their functions for every department of the build (:mod:`fengong.graph.succession`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef

from fengong.compare import MatchBasis, Pair, match_measures, similarity
from fengong.errors import FengongError, Location, ReferenceDataError
from fengong.graph.iris import Iris
from fengong.graph.namespaces import FG, RDF, XSD
from fengong.graph.reference import Triples, labels
from fengong.ingest.records import Measure
from fengong.ingest.resolve import ResolvedCitation, ResolvedDocument

__all__ = [
    "ALIGNMENT_COLUMNS",
    "DocumentLink",
    "Heading",
    "Review",
    "align_corpus",
    "alignment_graph",
    "find_links",
    "heading",
    "pair_link",
    "read_reviews",
    "write_proposals",
]

ALIGNMENT_COLUMNS = (
    "district_document",
    "district_measure",
    "district_title",
    "municipal_document",
    "municipal_measure",
    "municipal_title",
    "basis",
    "score",
    "status",
    "note",
)
_STATUSES = {"proposed", "confirmed", "rejected"}
_ISSUED = re.compile(r"《([^《》]+)》")
_TABLE_SUFFIX = re.compile(r"(工作措施和部门分工表|部门分工表|分工方案|任务分工)$")


@dataclass(frozen=True)
class Review:
    """A reviewed row of alignments.csv."""

    district_document: str  # the document's name: 文号, else title, else key
    district_measure: int
    municipal_document: str
    municipal_measure: int | None  # None: implements no measure
    status: str
    line: int


@dataclass(frozen=True)
class DocumentLink:
    """A document that implements another ingested one, and its measures' pairs."""

    lower: ResolvedDocument
    higher: ResolvedDocument
    pairs: tuple[Pair, ...]
    citations: tuple[ResolvedCitation, ...] = ()  # how the lower one cites the higher


def _titles(doc: ResolvedDocument) -> set[str]:
    """The titles a citing document may use for ``doc``."""
    head = doc.table.head
    found = {head.title, head.table_title, *_ISSUED.findall(head.title)}
    found |= {_TABLE_SUFFIX.sub("", t) for t in list(found)}
    return {t.strip() for t in found if t.strip()}


def _cited(doc: ResolvedDocument) -> list[ResolvedCitation]:
    return [c for c in (*doc.applies, *doc.based_on) if c.citation.title]


def read_reviews(path: Path) -> list[Review]:
    """The reviewed rows (confirmed or rejected) of alignments.csv; none when it is absent."""
    if not path.is_file():
        return []
    reviews = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(ALIGNMENT_COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise ReferenceDataError(
                f"missing column(s): {', '.join(sorted(missing))}", Location(str(path), 1)
            )
        for line, row in enumerate(reader, start=2):
            status = row["status"].strip()
            where = Location(str(path), line)
            if status not in _STATUSES:
                raise ReferenceDataError(
                    f"status {status!r} is not one of {', '.join(sorted(_STATUSES))}", where
                )
            if status == "proposed":
                continue
            try:
                district = int(row["district_measure"])
                municipal = int(row["municipal_measure"]) if row["municipal_measure"] else None
            except ValueError:
                raise ReferenceDataError("measures are numbered 1, 2, 3 …", where) from None
            reviews.append(
                Review(
                    row["district_document"].strip(),
                    district,
                    row["municipal_document"].strip(),
                    municipal,
                    status,
                    line,
                )
            )
    return reviews


def _apply(
    pairs: list[Pair], lower: ResolvedDocument, higher: ResolvedDocument, reviews: list[Review]
) -> list[Pair]:
    mine = [
        r
        for r in reviews
        if r.district_document == lower.name and r.municipal_document == higher.name
    ]
    if not mine:
        return pairs
    lower_m = {m.ordinal: m for m in lower.table.measures}
    higher_m = {m.ordinal: m for m in higher.table.measures}
    by_lower = {p.left.ordinal: p for p in pairs}
    for review in mine:
        if review.district_measure not in lower_m or (
            review.municipal_measure is not None and review.municipal_measure not in higher_m
        ):
            raise ReferenceDataError(
                f"no measure {review.district_measure} in {review.district_document} or "
                f"{review.municipal_measure} in {review.municipal_document}",
                Location("data/reference/alignments.csv", review.line),
            )
        current = by_lower.get(review.district_measure)
        if review.status == "rejected":
            if current and current.right.ordinal == review.municipal_measure:
                del by_lower[review.district_measure]
        elif review.municipal_measure is None:
            by_lower.pop(review.district_measure, None)
        else:
            left, right = lower_m[review.district_measure], higher_m[review.municipal_measure]
            by_lower[left.ordinal] = Pair(
                left, right, MatchBasis.MANUAL, similarity(left.text, right.text)
            )
    return [by_lower[o] for o in sorted(by_lower)]


@dataclass(frozen=True)
class Heading:
    """What finding links needs of a document: small enough to keep for every document of a
    corpus while the documents themselves stay on disk (the streaming build)."""

    key: str
    number: str  # 文号
    titles: frozenset[str]  # the titles a citing document may use for it
    cited: tuple[ResolvedCitation, ...]  # the documents it cites by title


def heading(doc: ResolvedDocument) -> Heading:
    return Heading(doc.key, doc.table.head.number, frozenset(_titles(doc)), tuple(_cited(doc)))


def find_links(
    headings: Sequence[Heading],
) -> list[tuple[Heading, Heading, tuple[ResolvedCitation, ...]]]:
    """Every (lower, higher, citations) where the lower document cites the higher: by the 文号
    printed with the citation, else by its title (as printed, or as a notice issues it)."""
    by_title: dict[str, Heading] = {}
    by_number = {doc.number: doc for doc in headings}
    for doc in headings:
        for title in sorted(doc.titles):
            by_title.setdefault(title, doc)
    found = []
    for doc in headings:
        cited_as: dict[str, tuple[Heading, list[ResolvedCitation]]] = {}
        for cited in doc.cited:
            number = cited.citation.number
            higher = by_number.get(number) if number else None
            higher = higher or by_title.get(cited.citation.title or "")
            if higher is not None and higher is not doc:
                cited_as.setdefault(higher.key, (higher, []))[1].append(cited)
        for higher, citations in cited_as.values():
            found.append((doc, higher, tuple(citations)))
    return found


def pair_link(
    lower: ResolvedDocument,
    higher: ResolvedDocument,
    citations: tuple[ResolvedCitation, ...],
    reviews: Sequence[Review] = (),
) -> DocumentLink:
    """The link from ``lower`` to ``higher``, its measures paired and the reviews applied."""
    pairs = _apply(match_measures(lower.table.measures, higher.table.measures),
                   lower, higher, list(reviews))  # fmt: skip
    return DocumentLink(lower, higher, tuple(pairs), citations)


def align_corpus(
    documents: Sequence[ResolvedDocument], reviews: Iterable[Review] = ()
) -> list[DocumentLink]:
    """Every (lower, higher) pair of ingested documents where the lower cites the higher."""
    reviews = list(reviews)
    by_key = {doc.key: doc for doc in documents}
    return [
        pair_link(by_key[lower.key], by_key[higher.key], citations, reviews)
        for lower, higher, citations in find_links([heading(doc) for doc in documents])
    ]


def alignment_graph(links: Sequence[DocumentLink], iris: Iris) -> Triples:
    """The links as triples: document to document, measure to measure (with an alignment
    node saying on what basis and with what score). Departments' counterparts one level up
    come from their functions (:mod:`fengong.graph.succession`), not from here."""
    g: Triples = set()
    for link in links:
        lower, higher = link.lower, link.higher
        g.add((iris.document(lower.key), FG.implementsDocument, iris.document(higher.key)))
        for cited in link.citations:  # the node the citation made is the ingested document
            g.add((iris.document(cited.document.id), FG.ingestedAs, iris.document(higher.key)))
        for pair in link.pairs:
            left = iris.measure(lower.key, pair.left.ordinal)
            right = iris.measure(higher.key, pair.right.ordinal)
            node = URIRef(f"{left}/implements/{higher.key}")
            g.add((left, FG.implementsMeasure, right))
            g.add((node, RDF.type, FG.MeasureAlignment))
            g.add((node, FG.lowerMeasure, left))
            g.add((node, FG.higherMeasure, right))
            g.add((node, FG.alignmentBasis, Literal(pair.basis.value)))
            g.add((node, FG.alignmentScore, Literal(f"{pair.score:.3f}", datatype=XSD.decimal)))
            labels(
                g,
                node,
                f"{lower.name}{_cite(pair.left)} 落实 {higher.name}{_cite(pair.right)}",
                f"{lower.name} measure {pair.left.ordinal} implements "
                f"{higher.name} measure {pair.right.ordinal}",
            )
    return g


def _cite(measure: Measure) -> str:
    return measure.cited_as or f"（{measure.number.strip('()（） ')}）"


def write_proposals(links: Sequence[DocumentLink], path: Path, reviews: Sequence[Review]) -> int:
    """Write alignments.csv: reviewed rows kept as they are, and one proposed row for every
    other lower-level measure (with an empty municipal measure when none is similar enough).
    Returns the number of rows."""
    kept = {(r.district_document, r.district_measure, r.municipal_document) for r in reviews}
    rows: list[dict[str, str]] = []
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [
                r for r in csv.DictReader(handle) if r.get("status") in ("confirmed", "rejected")
            ]
    for link in links:
        lower, higher = link.lower, link.higher
        paired = {p.left.ordinal: p for p in link.pairs}
        for measure in lower.table.measures:
            key = (lower.name, measure.ordinal, higher.name)
            if key in kept:
                continue
            pair = paired.get(measure.ordinal)
            rows.append(
                {
                    "district_document": lower.name,
                    "district_measure": str(measure.ordinal),
                    "district_title": measure.title,
                    "municipal_document": higher.name,
                    "municipal_measure": str(pair.right.ordinal) if pair else "",
                    "municipal_title": pair.right.title if pair else "",
                    "basis": pair.basis.value if pair else "",
                    "score": f"{pair.score:.3f}" if pair else "",
                    "status": "proposed",
                    "note": "" if pair else "no municipal measure is similar enough",
                }
            )
    rows.sort(
        key=lambda r: (r["district_document"], r["municipal_document"], int(r["district_measure"]))
    )
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=ALIGNMENT_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows({k: r.get(k, "") for k in ALIGNMENT_COLUMNS} for r in rows)
        tmp.replace(path)
    except OSError as err:
        raise FengongError(f"cannot write: {err.strerror}", Location(str(path))) from None
    return len(rows)
