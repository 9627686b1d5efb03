"""The document head above the table: issuer, 文号, title, recipients, dates, copies printed."""

from __future__ import annotations

import re
from collections.abc import Sequence

from fengong.errors import IngestError, Location
from fengong.ingest.numerals import normalise_digits
from fengong.ingest.records import Citation, DocumentHead
from fengong.ingest.text import DOCUMENT_NUMBER, find_citations, strip_markup

__all__ = ["parse_head"]

_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_PRINT_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日印发$")
_COPIES = re.compile(r"^[(（]共印(\d+)份[)）]$")
_RECIPIENTS = re.compile(r"^(.+)[：:]$")
_APPLIES = ("贯彻落实", "贯彻", "落实")
_BASED_ON = ("根据", "依据")


def _iso(match: re.Match[str]) -> str:
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_head(lines: Sequence[tuple[int, str]], file: str) -> DocumentHead:
    """Parse the numbered, non-empty lines that precede the table.

    The last line is the table's own title; the head must give a 文号, a title and a date.
    """
    entries = [(n, strip_markup(t)) for n, t in lines if strip_markup(t)]
    where: dict[str, int] = {}

    def need(field: str, what: str) -> int:
        if field not in where:
            first = entries[0][0] if entries else 1
            raise IngestError(f"document head has no {what}", Location(file, first))
        return where[field]

    text_at = dict(entries)
    index_of = {n: i for i, (n, _) in enumerate(entries)}
    for n, text in entries:
        if "number" not in where and DOCUMENT_NUMBER.fullmatch(text):
            where["number"] = n
        elif "print_date" not in where and _PRINT_DATE.match(text):
            where["print_date"] = n
        elif "date" not in where and _DATE.match(text):
            where["date"] = n
        elif "copies" not in where and _COPIES.match(text):
            where["copies"] = n
        elif "recipients" not in where and "number" in where and _RECIPIENTS.match(text):
            where["recipients"] = n
    number_line = need("number", "文号 (a line such as 普安办〔2020〕18号)")
    date_line = need("date", "date of signature (a line such as 2020年12月8日)")
    if not entries or entries[-1][0] <= date_line:
        raise IngestError("document head has no table title", Location(file, date_line))
    where["table_title"] = entries[-1][0]
    number_index = index_of[number_line]
    if number_index == 0:
        raise IngestError("document head has no issuer above the 文号", Location(file, number_line))
    date_index = index_of[date_line]
    if date_index - 1 <= number_index + 1:  # issuer, 文号, title, text, signatory, date
        raise IngestError(
            "document head needs a title, its text and a signatory between the 文号 "
            f"(line {number_line}) and the date",
            Location(file, date_line),
        )
    where["issuer"] = entries[number_index - 1][0]
    where["title"] = entries[number_index + 1][0]
    where["signatory"] = entries[date_index - 1][0]
    if "print_date" in where:
        if index_of[where["print_date"]] <= date_index:
            raise IngestError(
                "the print date (…印发) comes before the date of signature",
                Location(file, where["print_date"]),
            )
        where["printed_by"] = entries[index_of[where["print_date"]] - 1][0]
    if where.get("recipients", 0) >= where["signatory"]:
        del where["recipients"]  # a line ending in ：below the text is not the recipients
    body_start = where.get("recipients", where["title"])
    body_lines = [t for n, t in entries if body_start < n < where["signatory"]]
    body_line = next((n for n, _ in entries if body_start < n < where["signatory"]), None)
    if body_line is None:
        raise IngestError(
            "document head has no text between its title (or recipients) and the signatory",
            Location(file, where["signatory"]),
        )
    where["body"] = body_line
    body = "\n".join(body_lines)

    applies: list[Citation] = []
    based_on: list[Citation] = []
    for n, text in entries:
        if not body_start < n < where["signatory"]:
            continue
        for clause in re.split(r"[，,。；;]", text):
            target = (
                applies
                if clause.startswith(_APPLIES) or clause.startswith("为" + _APPLIES[0])
                else based_on
                if clause.startswith(_BASED_ON)
                else None
            )
            if target is not None:
                target.extend(find_citations(clause, n))

    recipients: tuple[str, ...] = ()
    if "recipients" in where:
        match = _RECIPIENTS.match(text_at[where["recipients"]])
        assert match is not None
        recipients = tuple(r.strip() for r in re.split(r"[、，,]", match.group(1)) if r.strip())
    print_match = _PRINT_DATE.match(text_at.get(where.get("print_date", -1), ""))
    copies_match = _COPIES.match(text_at.get(where.get("copies", -1), ""))
    date_match = _DATE.match(text_at[date_line])
    assert date_match is not None
    return DocumentHead(
        issuer=text_at[where["issuer"]],
        number=normalise_digits(text_at[number_line]),  # 〔２０２０〕 as 〔2020〕
        title=text_at[where["title"]],
        recipients=recipients,
        body=body,
        signatory=text_at[where["signatory"]],
        date=_iso(date_match),
        printed_by=text_at[where["printed_by"]] if "printed_by" in where else None,
        print_date=_iso(print_match) if print_match else None,
        copies=int(copies_match.group(1)) if copies_match else None,
        table_title=text_at[where["table_title"]],
        applies=tuple(applies),
        based_on=tuple(based_on),
        lines=where,
    )
