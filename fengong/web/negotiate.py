"""Content negotiation for SPARQL results: Accept with q-values, and a ``format=`` override."""

from __future__ import annotations

from collections.abc import Sequence

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

__all__ = ["FORMAT_ALIASES", "MEDIA_TYPES", "RDFLIB_FORMATS", "best_media", "choose"]

#: What each query form can be answered in, the preferred one first.
MEDIA_TYPES: dict[str, tuple[str, ...]] = {
    "SELECT": ("application/sparql-results+json", "application/sparql-results+xml",
               "text/csv", "text/tab-separated-values"),
    "ASK": ("application/sparql-results+json", "application/sparql-results+xml"),
    "CONSTRUCT": ("text/turtle", "application/n-triples", "application/ld+json",
                  "application/rdf+xml"),
}  # fmt: skip
MEDIA_TYPES["DESCRIBE"] = MEDIA_TYPES["CONSTRUCT"]

#: The rdflib serializer for each RDF media type offered (pages, /data/…, /ontology).
RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}

#: ``format=`` values (and loose media types clients send) → the media type they mean.
FORMAT_ALIASES = {
    "json": "application/sparql-results+json",
    "application/json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "application/x-turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "text/plain": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
}


def _ranges(accept: str) -> list[tuple[str, float, int]]:
    """(media range, q, position) for each entry of an Accept header."""
    out = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        out.append((media, q, position))
    return out


def _matches(media_range: str, offered: str) -> int:
    """How specifically ``media_range`` matches ``offered``: 3 exact/alias, 2 type/*, 1 */*."""
    if media_range == "*/*":
        return 1
    if media_range.endswith("/*") and offered.startswith(media_range[:-1]):
        return 2
    if FORMAT_ALIASES.get(media_range, media_range) == offered:
        return 3
    return 0


def choose(form: str, accept: str | None, override: str | None = None) -> str | None:
    """The media type to answer ``form`` in, or None if nothing acceptable is offered.

    >>> choose("SELECT", "text/csv;q=0.5, application/sparql-results+xml")
    'application/sparql-results+xml'
    >>> choose("CONSTRUCT", "application/sparql-results+json")
    'text/turtle'
    >>> choose("SELECT", "image/png") is None
    True
    >>> choose("SELECT", "text/csv;q=0, */*;q=0.5")
    'application/sparql-results+json'
    >>> choose("ASK", None, "xml")
    'application/sparql-results+xml'
    """
    offered = MEDIA_TYPES[form]
    if override:
        wanted = FORMAT_ALIASES.get(override.lower(), override.lower())
        return wanted if wanted in offered else None
    if not accept or not accept.strip():
        return offered[0]
    ranges = _ranges(accept)
    scored = []
    for preference, media in enumerate(offered):
        matching = [(_matches(r, media), -pos, q) for r, q, pos in ranges if _matches(r, media)]
        if matching:
            q = max(matching)[2]  # the most specific range decides (RFC 9110 §12.5.1)
            if q > 0:
                scored.append((q, -preference, media))
    if scored:
        return max(scored)[2]
    # A client that asks only for SPARQL or RDF types of the other kind (rdflib's SPARQLStore
    # sends its results type even for CONSTRUCT) gets this form's default, as most servers do;
    # anything else it asks for is really not on offer.
    known = {m for ms in MEDIA_TYPES.values() for m in ms} | set(FORMAT_ALIASES)
    if ranges and all(r in known for r, q, _ in ranges if q > 0):
        return offered[0]
    return None


def best_media(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type an Accept header prefers, by werkzeug's reading of it (q-values,
    q=0 as "not this", the most specific range deciding); the first offered when there is no
    header; None when nothing offered is acceptable.

    >>> best_media("text/csv;q=0, application/json", ["application/json", "text/csv"])
    'application/json'
    >>> best_media("text/html;q=0.1, text/turtle", ["text/turtle", "text/html"])
    'text/turtle'
    >>> best_media(None, ["application/json", "text/csv"]), best_media("image/png", ["text/csv"])
    ('application/json', None)
    """
    if not accept or not accept.strip():
        return offered[0]
    return parse_accept_header(accept, MIMEAccept).best_match(list(offered))
