"""JSON inside a page's ``<script type="application/json">`` element, safe whatever it holds."""

from __future__ import annotations

import json

__all__ = ["json_island"]


#: what must not appear as itself in JSON inside a <script> element: < and > (</script>,
#: <!--, which keeps the real </script> from closing it), & (entities in XHTML), and the
#: JavaScript line terminators U+2028 / U+2029
_ISLAND_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def json_island(value: object) -> str:
    r"""``value`` as JSON to embed in a ``<script type="application/json">`` element: the same
    data to ``JSON.parse``, with no character that HTML or JavaScript would read otherwise.

    >>> json_island({"name": "<!--<script>市</script>&"})
    '{"name": "\\u003c!--\\u003cscript\\u003e市\\u003c/script\\u003e\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    return "".join(_ISLAND_ESCAPES.get(c, c) for c in text)
