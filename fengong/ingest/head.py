"""The document head above the table: issuer, 文号, title, recipients, dates, copies printed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from fengong.errors import IngestError, Location, MalformedSourceError
from fengong.ingest.chrome import is_chrome
from fengong.ingest.head_fields import ORGAN, box_fields
from fengong.ingest.numerals import chinese_to_int, normalise_digits
from fengong.ingest.records import Citation, DocumentHead, ReadingWarning
from fengong.ingest.sidecar import Metadata
from fengong.ingest.text import DOCUMENT_NUMBER, applied_and_based_on, strip_markup

__all__ = ["head_or_metadata", "parse_head", "parse_inline_head"]

_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_PRINT_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日印发$")
_COPIES = re.compile(r"^[(（]共印(\d+)份[)）]$")
_RECIPIENTS = re.compile(r"^(.+)[：:]$")


def _head_line(line: str) -> bool:
    """A line of the document's head: not empty, not a row of a page's metadata table (it has
    cells), not the page's navigation or toolbar."""
    text = strip_markup(line)
    return bool(text) and "\t" not in line.strip() and not (is_chrome(text) or box_fields(text))


_ADDRESSEE = re.compile(
    r"(单位|政府|部门|局|委|办|镇|街道|机构|会|厅|院|队|中心|部|室|处|站|公司)$"
)


def _recipients(text: str) -> tuple[str, ...]:
    """Addressees split on 、 and commas; 市政府各委、办、局 is one (a lone character continues
    the name before it).

    >>> _recipients("各区人民政府，市政府各委、办、局")
    ('各区人民政府', '市政府各委、办、局')
    >>> _recipients("各省、自治区、直辖市人民政府，国务院各部委、各直属机构")
    ('各省、自治区、直辖市人民政府', '国务院各部委', '各直属机构')
    """
    found: list[str] = []
    pending = ""  # 各省、自治区、直辖市人民政府: the parts before the body they share
    for part in re.split(r"([、，,])", text):
        if part in "、，,":
            continue
        part = part.strip()
        if len(part) == 1 and found and not pending:
            found[-1] += "、" + part
        elif part and not _ADDRESSEE.search(part) and part != text.strip():
            pending += part + "、"
        elif part or pending:
            found.append(pending + part)
            pending = ""
    if pending:
        found.append(pending.rstrip("、"))
    return tuple(found)


_CHINESE_DATE = re.compile(
    r"^([(（]?)([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月"
    r"([一二三四五六七八九十]{1,3})日(印发)?([)）]?)$"
)
_YEAR_DIGITS = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")


def _arabic_date(text: str) -> str:
    """Dates printed in Chinese numerals (before GB/T 9704-2012): 二〇二〇年十二月八日 →
    2020年12月8日; anything else unchanged.

    >>> _arabic_date("二〇二〇年十二月八日"), _arabic_date("（二○一九年三月一日）"), _arabic_date("普陀区")
    ('2020年12月8日', '（2019年3月1日）', '普陀区')
    """
    match = _CHINESE_DATE.match(text)
    if match is None:
        return text
    opening, year, month, day, printed, closing = match.groups()
    return (
        f"{opening}{year.translate(_YEAR_DIGITS)}年{chinese_to_int(month)}月"
        f"{chinese_to_int(day)}日{printed or ''}{closing}"
    )


def _iso(match: re.Match[str]) -> str:
    """The date as ISO 8601; :class:`MalformedSourceError` for an impossible one (2月30日), so
    the tolerant head reads it instead: the date unknown, with a warning, never a guess."""
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise MalformedSourceError(
            f"{match.group(0)!r} is not a possible date", Location("", None)
        ) from None


def parse_head(lines: Sequence[tuple[int, str]], file: str) -> DocumentHead:
    """Parse the numbered, non-empty lines that precede the table.

    The last line is the table's own title; the head must give a 文号, a title and a date.
    """
    entries = [(n, _arabic_date(strip_markup(t))) for n, t in lines if _head_line(t)]
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
    date_index = index_of[date_line]
    # issuer, 文号, title, text, signatory, date; web pages print the title above the 文号
    title_above = (
        number_index > 0
        and _looks_like_title(entries[number_index - 1][1])
        and not (
            number_index + 1 < len(entries) and _looks_like_title(entries[number_index + 1][1])
        )
    )
    if number_index == 0:
        raise IngestError("document head has no issuer above the 文号", Location(file, number_line))
    if date_index - 1 <= number_index + (0 if title_above else 1):
        raise IngestError(
            "document head needs a title, its text and a signatory between the 文号 "
            f"(line {number_line}) and the date",
            Location(file, date_line),
        )
    where["signatory"] = entries[date_index - 1][0]
    if title_above:
        where["title"] = entries[number_index - 1][0]
        above = entries[number_index - 2] if number_index >= 2 else None
        where["issuer"] = above[0] if above and ORGAN.search(above[1]) else where["signatory"]
    else:
        if not ORGAN.search(entries[number_index - 1][1].strip()):
            raise IngestError(  # a page's toolbar (• 分享到) above the 文号: not a 版头
                "document head: the line above the 文号 names no organ",
                Location(file, entries[number_index - 1][0]),
            )
        where["issuer"] = entries[number_index - 1][0]
        where["title"] = entries[number_index + 1][0]
    if "print_date" in where:
        if index_of[where["print_date"]] <= date_index:
            raise IngestError(
                "the print date (…印发) comes before the date of signature",
                Location(file, where["print_date"]),
            )
        where["printed_by"] = entries[index_of[where["print_date"]] - 1][0]
    if where.get("recipients", 0) >= where["signatory"]:
        del where["recipients"]  # a line ending in ：below the text is not the recipients
    body_start = where.get("recipients", max(where["title"], number_line))
    body_lines = [t for n, t in entries if body_start < n < where["signatory"]]
    body_line = next((n for n, _ in entries if body_start < n < where["signatory"]), None)
    if body_line is None:
        raise IngestError(
            "document head has no text between its title (or recipients) and the signatory",
            Location(file, where["signatory"]),
        )
    where["body"] = body_line
    body = "\n".join(body_lines)

    applies, based_on = applied_and_based_on(
        [(n, t) for n, t in entries if body_start < n < where["signatory"]]
    )

    recipients: tuple[str, ...] = ()
    if "recipients" in where:
        match = _RECIPIENTS.match(text_at[where["recipients"]])
        assert match is not None
        recipients = _recipients(match.group(1))
    print_match = _PRINT_DATE.match(text_at.get(where.get("print_date", -1), ""))
    copies_match = _COPIES.match(text_at.get(where.get("copies", -1), ""))
    date_match = _DATE.match(text_at[date_line])
    assert date_match is not None
    return DocumentHead(
        issuer=text_at[where["issuer"]].removesuffix("文件"),  # 版头: …文件
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
        applies=applies,
        based_on=based_on,
        lines=where,
    )


_TITLE_WORDS = ("关于", "意见", "通知", "方案", "分工", "办法", "措施", "规划", "计划")
_TAIL_EXTRA = re.compile(r"^(抄送|附件|[(（]此件|[(（]共印|\d{4}年\d{1,2}月\d{1,2}日印发)")


_TITLE_ENDINGS = (
    "意见",
    "通知",
    "方案",
    "办法",
    "措施",
    "规划",
    "计划",
    "分工",
    "决定",
    "细则",
    "要点",
)
_OPENINGS = ("为", "根据", "按照", "依据", "现将", "现")


def _looks_like_title(text: str) -> bool:
    return not text.startswith(_OPENINGS) and ("关于" in text or text.endswith(_TITLE_ENDINGS))


def _is_recipients(text: str) -> bool:
    """各区人民政府，市政府各委、办、局： — not the opening sentence (为贯彻落实《…》…：)."""
    return (
        bool(_RECIPIENTS.match(text))
        and len(text) <= 80
        and "《" not in text
        and not (text.startswith(_OPENINGS))
    )


def parse_inline_head(
    head: Sequence[tuple[int, str]], tail: Sequence[tuple[int, str]], file: str
) -> DocumentHead:
    """The head of a document written as running text: 版头, 文号, title, recipients and the
    opening paragraph above the first heading; signatory and date usually below the last item
    (``tail``), sometimes under the title. Only the 文号, the date and a title are required."""
    entries = [(n, _arabic_date(strip_markup(t))) for n, t in head if _head_line(t)]
    ending = [(n, _arabic_date(strip_markup(t))) for n, t in tail if strip_markup(t)]
    where: dict[str, int] = {}
    text_at = dict(entries + ending)
    first = entries[0][0] if entries else (ending[0][0] if ending else 1)
    number = next((n for n, t in entries if DOCUMENT_NUMBER.fullmatch(normalise_digits(t))), None)
    if number is None:
        raise IngestError(
            "document head has no 文号 (a line such as 沪府办发〔2017〕12号)", Location(file, first)
        )
    where["number"] = number
    dates = [(n, m) for n, t in ending + entries if (m := _DATE.match(t.strip("()（）")))]
    if not dates:
        raise IngestError(
            "document has no date (a line such as 2017年2月26日)",
            Location(file, ending[-1][0] if ending else first),
        )
    where["date"], date_match = dates[0]
    titles = [n for n, t in entries if n != number and _looks_like_title(t)]
    order = [n for n, _ in entries]
    at = order.index(number)
    right_after = order[at + 1] if at + 1 < len(order) else None
    right_before = order[at - 1] if at > 0 else None
    title = right_after if right_after in titles else None  # 版头, 文号, title
    if title is None and right_before in titles:  # web pages print the title above the 文号
        title = right_before
    if title is None:
        title = next((n for n in titles if n > number), None)
    if title is None:
        title = next((n for n in reversed(titles) if n < number), None)
    if title is None:
        title = next((n for n, _ in entries if n > number), None)
    if title is None:
        raise IngestError("document head has no title near the 文号", Location(file, number))
    if text_at[title].rstrip().endswith("关于"):  # a title broken over lines: the tolerant
        raise IngestError(  # reader joins it
            "document head: the title is broken over lines", Location(file, title)
        )
    where["title"] = title
    before = [n for n, _ in entries if n < number and n != title and n < title]
    before = before or [n for n, _ in entries if n < number and n != title]
    everything = sorted(entries + ending)
    at_date = next(i for i, (n, _) in enumerate(everything) if n == where["date"])
    above_date = everything[at_date - 1] if at_date else None
    if (
        above_date
        and above_date[0] not in (number, title)
        and len(above_date[1]) < 40
        and ORGAN.search(above_date[1].strip())
    ):
        where["signatory"] = above_date[0]
    issuer_in_title = text_at[title].split("关于", 1)[0] if "关于" in text_at[title] else ""
    if before and (title > number or ORGAN.search(text_at[before[-1]])):
        where["issuer"] = before[-1]
    elif "signatory" in where:
        where["issuer"] = where["signatory"]
    elif not ORGAN.search(issuer_in_title):
        raise IngestError(
            "document names no issuer (above the 文号, above the date, or before 关于 in the "
            "title)",
            Location(file, number),
        )
    issuer = (
        text_at[where["issuer"]] if "issuer" in where else issuer_in_title  # 国务院办公厅关于…
    ).removesuffix("文件")
    recipients = next((n for n, t in entries if n > max(title, number) and _is_recipients(t)), None)
    if recipients is not None:
        where["recipients"] = recipients
    body = [(n, t) for n, t in entries if n > (recipients or max(title, number))]
    if body:
        where["body"] = body[0][0]
    applies, based_on = applied_and_based_on(body)
    recipient_match = _RECIPIENTS.match(text_at[recipients]) if recipients else None
    print_line = next((n for n, t in ending if _PRINT_DATE.match(t)), None)
    print_match = _PRINT_DATE.match(text_at[print_line]) if print_line else None
    if print_line:
        where["print_date"] = print_line
    return DocumentHead(
        issuer=issuer,  # 版头: 上海市应急管理局文件 → 上海市应急管理局
        number=normalise_digits(text_at[number]),
        title=text_at[title],
        recipients=_recipients(recipient_match.group(1)) if recipient_match else (),
        body="\n".join(t for _, t in body),
        signatory=text_at[where["signatory"]] if "signatory" in where else "",
        date=_iso(date_match),
        printed_by=None,
        print_date=_iso(print_match) if print_match else None,
        copies=None,
        table_title=text_at[title],
        applies=applies,
        based_on=based_on,
        lines=where,
    )


def is_tail_line(text: str) -> bool:
    """Lines that end a document after its last item: 印发, 抄送, 附件, (此件公开发布)."""
    return bool(_TAIL_EXTRA.match(text) or _DATE.match(_arabic_date(text).strip("()（）")))


def head_or_metadata(
    parse: Callable[[], DocumentHead],
    metadata: Metadata | None,
    tolerant: Callable[[], tuple[DocumentHead, tuple[ReadingWarning, ...]]],
) -> tuple[DocumentHead, tuple[ReadingWarning, ...]]:
    """The head ``parse`` reads (a head in the order of GB/T 9704), else the fields
    ``tolerant`` finds wherever they are printed, with a warning for each field missing;
    then corrected by the sidecar, whose fields silence the warnings about them."""
    warnings: tuple[ReadingWarning, ...] = ()
    try:
        head = parse()
    except IngestError:
        head, warnings = tolerant()
    if metadata is None:
        return head, warnings
    supplied = {key for key in ("issuer", "number", "date", "title") if getattr(metadata, key)}
    return _apply_metadata(head, metadata), tuple(w for w in warnings if w.field not in supplied)


def _apply_metadata(head: DocumentHead, metadata: Metadata) -> DocumentHead:
    """The head with the sidecar's values over it (the graph says which came from where)."""
    changes: dict[str, object] = {
        key: value
        for key in ("issuer", "number", "date", "title", "table_title", "signatory")
        if (value := getattr(metadata, key))
    }
    if metadata.title and not head.table_title:
        changes.setdefault("table_title", metadata.title)  # a head without a title of its own
    lines = {k: v for k, v in head.lines.items() if k not in changes}
    applies = head.applies + tuple(Citation(title) for title in metadata.implements)
    return replace(head, **changes, lines=lines, applies=applies)  # type: ignore[arg-type]
