"""Cells that a spreadsheet must show as text, never run as a formula.

A department name or a task's text is the document's, and so is anyone's: one that begins with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, or their full-width forms) is a
formula to Excel and LibreOffice when a CSV export is opened (``=HYPERLINK(…)``,
``=WEBSERVICE(…)``, ``=cmd|…``). As OWASP recommends for CSV, such a cell is written with a
leading apostrophe, which spreadsheets take as "text"; a number (-1.5) is left as it is. In
XLSX every text cell is written with the string type, so nothing in it is ever a formula.
A carriage return inside a cell is written as a line feed, so the cell is quoted and cannot
start a row of its own. ``raw=True`` (``fengong export … --raw``) writes the values unchanged,
for tools that read CSV as data and not as a spreadsheet.
"""

from __future__ import annotations

import re

__all__ = ["BOM", "FORMULA_START", "text_cell"]

#: what makes a spreadsheet read a cell as a formula (or break a row, for tab and CR)
#: the UTF-8 byte-order mark: Excel opens a CSV as UTF-8 only when it starts with one
BOM = "\ufeff"

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def text_cell(value: str, raw: bool = False) -> str:
    """``value`` as a CSV cell a spreadsheet shows as text.

    >>> text_cell("=HYPERLINK(\\"http://x\\")"), text_cell("区应急局"), text_cell("-1.5")
    ('\\'=HYPERLINK("http://x")', '区应急局', '-1.5')
    >>> text_cell("@SUM(A1)", raw=True)
    '@SUM(A1)'
    """
    if raw:
        return value
    if value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        value = "'" + value
    # a carriage return ends a row for a spreadsheet, yet the csv module quotes only a cell
    # holding the line end it writes (\n): written as \n, the cell is quoted and stays one
    return value.replace("\r\n", "\n").replace("\r", "\n")
