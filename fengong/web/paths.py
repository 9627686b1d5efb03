"""Page and data addresses back to the IRIs they name.

The router hands routes a path with every escape decoded, so the IRI ``file/data%2Fsources%2F
x.txt`` arrived as ``file/data/sources/x.txt`` and was not found. Routes that rebuild an IRI
from their address read the raw path instead (:func:`iri_path`).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

__all__ = ["department_key", "iri_path"]

_NON_ASCII_ESCAPES = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")


def iri_path(raw: bytes | None, decoded: str, prefix: str) -> str:
    r"""The IRI path a page address names. The router hands routes a path with every escape
    decoded, so the IRI ``file/data%2Fsources%2Fx.txt`` arrived as ``file/data/sources/x.txt``
    and was not found; read the raw path instead and, as RFC 3987 (3.2) maps a URI to an IRI,
    decode only escapes of non-ASCII UTF-8 (what a browser made of 一网统管), keeping the rest.

    >>> iri_path(b"/page/file/data%2Fx.txt", "file/data/x.txt", "/page/")
    'file/data%2Fx.txt'
    >>> iri_path(b"/page/slogan/%E4%B8%80%E7%BD%91", "slogan/一网", "/page/")
    'slogan/一网'
    """
    if raw is None:
        return decoded
    text = raw.decode("latin-1").removeprefix(prefix)

    def decode(found: re.Match[str]) -> str:
        try:
            return unquote(found[0], errors="strict")
        except UnicodeDecodeError:
            return found[0]

    return _NON_ASCII_ESCAPES.sub(decode, text)


def department_key(iri: object, base: str) -> str:
    """The key of a department's (or a category's) page, ``/departments/<key>``: its IRI less
    the base and the first segment (``org/shanghai-putuo/x`` → ``shanghai-putuo/x``); an IRI
    from elsewhere is its own key.

    >>> department_key("https://x/id/org/shanghai-putuo/x", "https://x/id/")
    'shanghai-putuo/x'
    """
    path = str(iri).removeprefix(base)
    return path.split("/", 1)[1] if path != str(iri) and "/" in path else str(iri)
