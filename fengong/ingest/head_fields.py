"""A document's head read field by field, from wherever each field is printed.

The strict readers in :mod:`fengong.ingest.head` expect the head of GB/T 9704 (版头, 文号,
title, recipients, text, signatory, date) in its order. Documents as published often lack
parts of it or print them elsewhere: a website's metadata box (索引号 / 文号 / 发布机构 /
成文日期, labels with spaces inside, in any order), a title that names the issuer
(`X关于印发《…》的通知`), the signature and date at the end of the notice, a 文号 written with
other brackets (`许政 [2020] 20号`). This module takes each field from the best evidence found
and reports a missing or unreadable field as a warning that says how to supply it — never a
refusal.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from fengong.ingest.numerals import chinese_to_int, normalise_digits
from fengong.ingest.records import DocumentHead, ReadingWarning
from fengong.ingest.text import applied_and_based_on

__all__ = [
    "DOCUMENT_NUMBER_LOOSE",
    "ORGAN",
    "HeadFields",
    "box_fields",
    "normalise_number",
    "parse_date",
    "read_head_fields",
]

_SP = r"[\s\u3000]*"


def _label(word: str) -> str:
    """A label as web pages print it: spaces allowed between its characters (文    号)."""
    return _SP.join(re.escape(c) for c in word)


#: the metadata box of a government website: label → field
_BOX_LABELS = {
    "索引号": "index",
    "文号": "number",
    "发文字号": "number",
    "发文文号": "number",
    "发文序号": "number",
    "发布机构": "issuer",
    "发文机关": "issuer",
    "发文单位": "issuer",
    "发文机构": "issuer",
    "成文日期": "date",
    "成文时间": "date",
    "发文日期": "issued",
    "发文时间": "issued",
    "印发日期": "issued",
    "发布日期": "published",
    "发布时间": "published",
    "公开日期": "published",
    "公开时间": "published",
    "颁布时间": "published",
    "颁布日期": "published",
    "发表时间": "published",
    "发表日期": "published",
    "时间": "published",
    "日期": "published",
    "标题": "title",
    "名称": "title",
    "文件名称": "title",
    "信息名称": "title",
    "主题分类": "other",
    "公开方式": "other",
    "公开范围": "other",
    "所属主题": "other",
    "主题词": "other",
    "体裁分类": "other",
    "组配分类": "other",
    "有效性": "other",
    "生效日期": "other",
    "废止日期": "other",
    "信息来源": "source",
    "来源": "source",
    "稿源": "source",
    "文章来源": "source",
    "浏览次数": "other",
    "浏览量": "other",
    "阅读量": "other",
    "点击量": "other",
    "责任编辑": "other",
    "编辑": "other",
    "作者": "other",
    "字体": "other",
    "访问量": "other",
    "字号": "other",
}
_BOX = re.compile(
    r"(?:^|(?<=[\s\u3000|｜\t]))(?P<label>"
    + "|".join(_label(w) for w in sorted(_BOX_LABELS, key=len, reverse=True))
    + rf"){_SP}(?:[:：]{_SP}|(?=[\s\u3000]))"
)
_OPEN, _CLOSE = "〔\\[［【(（", "〕\\]］】)）"
#: 文号 as printed, tolerantly: 蔡政办〔2023〕1号, 许政 [2020] 20号, 国办发【2023】12号,
#: 鄂政办发(2021)9号, ２０２０ in full-width digits; or a decree series 沪府令第44号
DOCUMENT_NUMBER_LOOSE = re.compile(
    rf"(?P<prefix>[\u4e00-\u9fff]{{1,14}}){_SP}"
    rf"(?:[{_OPEN}]{_SP}(?P<year>[0-9０-９]{{4}}){_SP}[{_CLOSE}]{_SP}第?{_SP}(?P<serial>[0-9０-９]{{1,5}}){_SP}[号號]"
    rf"|令{_SP}第{_SP}(?P<decree>[0-9０-９]{{1,5}}){_SP}[号號])"
)
_BRACKETS = str.maketrans("[［(（【]］)）】", "〔〔〔〔〔〕〕〕〕〕")


def normalise_number(printed: str) -> str:
    """A 文号 in the standard form: 〔〕 brackets, ASCII digits, no spaces, no 第 before the
    serial.

    >>> normalise_number("许政 [2020] 20号"), normalise_number("国办发【２０２３】第12号")
    ('许政〔2020〕20号', '国办发〔2023〕12号')
    """
    text = re.sub(r"[\s\u3000]+", "", normalise_digits(printed)).translate(_BRACKETS)
    return re.sub(r"〕第(\d)", r"〕\1", text)


_CN_DIGITS = str.maketrans("〇○零ＯOo一二三四五六七八九", "000000123456789")
_DATE_FORMS = (
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    re.compile(r"(?P<y>\d{4})\s*[-/.．]\s*(?P<m>\d{1,2})\s*[-/.．]\s*(?P<d>\d{1,2})(?!\d)"),
    re.compile(
        r"(?P<y>[〇○零ＯOo一二三四五六七八九]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,3})\s*月"
        r"\s*(?P<d>[一二三四五六七八九十]{1,3})\s*日"
    ),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)"),
)


def parse_date(text: str) -> tuple[str | None, bool]:
    """The first date printed in ``text`` as ISO 8601, and whether something looked like a
    date but is impossible (2月30日, 2019116): that is unknown, never a guess.

    >>> parse_date("2023年3月28日"), parse_date("发布日期：2023-03-28"), parse_date("2023.3.28")
    (('2023-03-28', False), ('2023-03-28', False), ('2023-03-28', False))
    >>> parse_date("二〇二三年三月二十八日"), parse_date("20230328"), parse_date("（二OO八年二月二十六日）")
    (('2023-03-28', False), ('2023-03-28', False), ('2008-02-26', False))
    >>> parse_date("2023年2月30日"), parse_date("成文日期：2019116"), parse_date("普陀区")
    ((None, True), (None, True), (None, False))
    """
    text = normalise_digits(text)
    for form in _DATE_FORMS:
        match = form.search(text)
        if match is None:
            continue
        year = match.group("y").translate(_CN_DIGITS)
        try:
            month, day = chinese_to_int(match.group("m")), chinese_to_int(match.group("d"))
            return dt.date(int(year), month, day).isoformat(), False
        except ValueError:
            return None, True
    impossible = re.search(r"(?<!\d)(?:19|20)\d{5}(?!\d)", text) is not None  # 2019116
    return None, impossible


def box_fields(text: str) -> list[tuple[str, str, str]]:
    """(field, label as printed, value) of every metadata-box label in one line; a value
    runs to the next label.

    >>> box_fields("索 引 号：000/2023-01  文    号 蔡政办〔2023〕1号")
    [('index', '索 引 号', '000/2023-01'), ('number', '文    号', '蔡政办〔2023〕1号')]
    >>> box_fields("为贯彻落实文号所说的精神")
    []
    """
    found = list(_BOX.finditer(text))
    out = []
    for match, following in zip(found, [*found[1:], None], strict=False):
        label = match.group("label")
        key = _BOX_LABELS[re.sub(r"[\s\u3000]+", "", label)]
        end = following.start() if following else len(text)
        value = text[match.end() : end].strip(" \t\u3000|｜:：")
        out.append((key, label, value))
    return out


@dataclass(frozen=True)
class HeadFields:
    """Each field of the head with the line it came from (None: not found)."""

    number: tuple[str, int] | None
    issuer: tuple[str, int] | None
    date: tuple[str, int] | None
    title: tuple[str, int] | None
    published: tuple[str, int] | None
    warnings: tuple[ReadingWarning, ...]
    page_says: str = ""  # the box's 发布机构 and 来源, as evidence of the place


_TITLE_WORDS = re.compile(
    r"关于|意见|通知|方案|办法|措施|规划|计划|决定|细则|要点|分工|清单|分解|汇总表|一览表|台账"
)
_ISSUER_IN_TITLE = re.compile(r"^(?P<issuer>.{2,60}?)(?:关于|印发)")
#: the end of an organ's name (the issuer's, a signature's, a 版头's)
ORGAN = re.compile(
    r"(政府|办公室|办公厅|委员会|委|局|厅|部|办|院|中心|管委会|办事处|党委|党工委|队|会|督查室|"
    r"领导小组)(文件)?$"
)
_BANNER = re.compile(r"^(?P<issuer>.{2,40}?)[\s\u3000]*文件$")
_PUBLIC = re.compile(r"^[(（]\s*此件[^)）]*[)）]$")


#: an issuer named without its place (区政府办, 市政府办公室), as a website's box may print it
_PLACELESS = ("区", "市", "县", "省", "州", "镇")


#: a website's breadcrumb printed before a title on one line: 600字范文 > 湖南省人民政府关于…
_CRUMBS = re.compile(r"^.*[>＞»›]\s*")


def _clean(text: str) -> str:
    return re.sub(r"[\s\u3000]+", " ", text).strip()


def _organ(text: str) -> str:
    """An issuer without what a page prints before it: 【栏目】, a 文号."""
    text = re.sub(r"^【[^】]*】", "", text.strip()).lstrip('《〈<“"')
    match = DOCUMENT_NUMBER_LOOSE.match(text)
    return _clean(text[match.end() :] if match else text)


def read_head_fields(
    entries: Sequence[tuple[int, str]],
    tail: Sequence[tuple[int, str]],
    file: str,
    document: Sequence[tuple[int, str]] = (),
) -> HeadFields:
    """The head's fields from the lines above the body (``entries``) and the closing lines
    (``tail``). Evidence, best first: a metadata box; a 文号 line (or one within a short
    line); the 版头 (…文件); the title; the signature and date of the notice."""
    box: dict[str, tuple[str, int]] = {}
    for n, text in entries:
        for key, _label_text, value in box_fields(text):
            if value and key not in box:
                box[key] = (value, n)
    warnings: list[ReadingWarning] = []
    sidecar = f"{file}.yaml"

    # 文号
    number: tuple[str, int] | None = None
    if "number" in box:
        match = DOCUMENT_NUMBER_LOOSE.search(box["number"][0])
        if match:
            number = (_clean(match.group(0)), box["number"][1])
        elif box["number"][0] not in ("", "无", "-", "/"):
            warnings.append(
                ReadingWarning(
                    f"the 文号 field says {box['number'][0]!r}, which does not read as "
                    f"organ〔year〕serial号; give `number:` in {sidecar}",
                    box["number"][1],
                    field="number",
                )
            )
    if number is None:
        for index, (n, text) in enumerate(entries):
            stripped = text.strip()
            for match in DOCUMENT_NUMBER_LOOSE.finditer(stripped):
                before = stripped[: match.start()]
                alone = not stripped[match.end() :].strip(")）") and before in ("(", "（")
                cited = (before.endswith(("(", "（")) and not alone) or before.count(
                    "《"
                ) > before.count("》")  # (长府办发〔2012〕19号) on its own line is the 文号
                # its own line, the start of one, or the top of a page saved as one line
                placed = match.start() == 0 or len(stripped) <= 40 or index < 2
                if placed and not cited:
                    number = (_clean(match.group(0)), n)
                    break
            if number is not None:
                break

    # title
    title: tuple[str, int] | None = None
    if "title" in box:
        title = (_clean(box["title"][0]), box["title"][1])
    else:
        candidates = [
            (n, _clean(_CRUMBS.sub("", t)))
            for n, t in _wrapped_titles_joined(entries)
            if _TITLE_WORDS.search(t)
            and not box_fields(t)
            and len(t) <= 120
            and not t.strip().startswith(("为", "根据", "按照", "现将", "经"))
            and not t.rstrip().endswith(("：", ":", "。"))
        ]
        # 东府办〔2017〕136号《东莞市人民政府办公室关于…》: a page's heading, the title quoted
        candidates = [(n, _numbered_title(t)) for n, t in candidates]
        with_about = [c for c in candidates if "关于" in c[1]]
        chosen = (with_about or candidates or [None])[0]
        if chosen is not None:
            title = (chosen[1], chosen[0])

    # issuer: the signature above the date names the organ formally; then the 版头, the title
    # (X关于…), the organ above the title, a news page's "X印发《…》"; a website box's 发布机构
    # last (it is often the website's own unit, printed without its place: 区政府办). A
    # notice whose own points (一、二、) run before its signature has it in the ``document``.
    signed = _signature([*entries, *tail]) or _signature(document)
    signature = signed[0] if signed else None
    banner_issuer: tuple[str, int] | None = None
    for n, text in entries:
        banner = _BANNER.match(text.strip())
        if banner and ORGAN.search(banner.group("issuer")):
            banner_issuer = (_organ(banner.group("issuer")), n)
            break
    title_issuer: tuple[str, int] | None = None
    if title is not None:
        match = _ISSUER_IN_TITLE.match(title[0])
        # 《中共中央 国务院关于…的意见》重点任务分工方案: the 关于 of the document it implements
        inside_quote = match is not None and "《" in match.group("issuer")
        if match and not inside_quote and ORGAN.search(match.group("issuer").strip()):
            title_issuer = (_organ(match.group("issuer")), title[1])
    above_title: tuple[str, int] | None = None
    if title is not None:  # 四川省人民政府 / 关于…: the organ above the title
        ordered = sorted(entries)
        at = next((i for i, (n, _) in enumerate(ordered) if n == title[1]), 0)
        above = ordered[at - 1] if at else None
        if (
            above is not None
            and len(above[1].strip()) <= 30
            and ORGAN.search(above[1].strip())
            and not box_fields(above[1])
            and not DOCUMENT_NUMBER_LOOSE.search(above[1])
        ):
            above_title = (_organ(above[1]), above[0])
    box_issuer = (_clean(box["issuer"][0]), box["issuer"][1]) if "issuer" in box else None
    # a page's 来源 / 稿源 (the unit that posted it) when it names an organ: the last resort
    source_issuer: tuple[str, int] | None = None
    if "source" in box and ORGAN.search(_clean(box["source"][0])):
        source_issuer = (_clean(box["source"][0]), box["source"][1])
    above_number: tuple[str, int] | None = None
    if number is not None:  # the line above the 文号 in a 版头
        ordered = sorted(entries)
        at = next((i for i, (n, _) in enumerate(ordered) if n == number[1]), 0)
        if at and ORGAN.search(ordered[at - 1][1].strip()) and len(ordered[at - 1][1]) <= 40:
            above_number = (
                _clean(ordered[at - 1][1]).removesuffix("文件").strip(),
                ordered[at - 1][0],
            )
    issuer = next(
        (
            found
            for found in (
                signature,
                banner_issuer,
                title_issuer,
                above_title,
                _issuer_in_sentence(entries),
                box_issuer,
                above_number,
                source_issuer,
            )
            if found is not None
        ),
        None,
    )

    # date: 成文日期, the notice's signature date, 发文日期, a date line, 发布日期
    published: tuple[str, int] | None = None

    def from_box(key: str) -> tuple[str, int] | None:
        if key not in box:
            return None
        value, impossible = parse_date(box[key][0])
        if impossible:
            warnings.append(
                ReadingWarning(
                    f"the {key} field says {box[key][0]!r}, which is not a possible date: "
                    f"left unknown; give `date:` in {sidecar}",
                    box[key][1],
                    field="date",
                )
            )
        return (value, box[key][1]) if value else None

    # 成文日期 is the date of signature; the date under the signature is next; 发文日期 (the
    # day it was sent out) only after them
    date = from_box("date")
    if date is None and signed is not None:
        value, _ = parse_date(signed[1][0])
        if value:
            date = (value, signed[1][1])
    if date is None:
        date = from_box("issued")
    if date is None:
        for n, text in [(n, t) for n, t in [*entries, *tail] if _is_date_line(t)]:
            value, impossible = parse_date(text)
            if value:
                date = (value, n)
                break
            if impossible:
                warnings.append(
                    ReadingWarning(
                        f"{text.strip()!r} is not a possible date: left unknown; give `date:` in "
                        f"{sidecar}",
                        n,
                        field="date",
                    )
                )
    if date is None and number is not None:  # 川府发〔2011〕8号 二○一一年三月十七日
        line = dict(entries).get(number[1], "")
        value, _ = parse_date(line.replace(number[0], " "))
        if value:
            date = (value, number[1])
    if "published" in box:
        value, _ = parse_date(box["published"][0])
        if value:
            published = (value, box["published"][1])
    if date is None and published is not None:
        date = published
        warnings.append(
            ReadingWarning(
                f"no date of signature: the page's publication date {published[0]} stands "
                f"for it; give `date:` in {sidecar} if it differs",
                published[1],
                field="date",
            )
        )

    first = entries[0][0] if entries else (tail[0][0] if tail else 1)
    for field, value, looked in (
        ("number", number, "a 文号 such as 蔡政办〔2023〕1号, on its own line or in a 文号 field"),
        ("issuer", issuer, "a 版头 (…文件), a 发布机构 field, the title's X关于…, or a signature"),
        ("date", date, "a date such as 2023年3月28日 under the signature, or a 成文日期 field"),
        ("title", title, "a title such as X关于印发《…》的通知"),
    ):
        if value is None and not any(w.field == field for w in warnings):
            warnings.append(
                ReadingWarning(
                    f"document head: no {field} found (looked for {looked}); give `{field}:` "
                    f"in {sidecar}",
                    first,
                    field=field,
                )
            )
    page_says = " ".join(box[key][0] for key in ("issuer", "source") if key in box)
    return HeadFields(number, issuer, date, title, published, tuple(warnings), page_says)


#: an organ that issues (印发) a document, as a news page or a run-on head says it:
#: 南岸区人民政府办公室印发《…》, 【政务方案】江西省人民政府办公厅关于印发…
_ISSUES = re.compile(
    r"(?P<issuer>[\u4e00-\u9fff（）()]{0,40}?(?:人民政府|政府|办公室|办公厅|委员会|国务院|局|厅|委))"
    r"[\s\u3000]*(?:近日|日前|近期|今天|今日|昨日|昨天)?(?:关于)?(?:印发|发布|出台)(?!的)"
)  # X日前印发通知 (a news page)
_CITING = re.compile(r"根据|按照|依据|贯彻|落实|对照|参照|遵照|执行|结合")
_NEWS_OPENING = re.compile(r"^(?:近日|日前|今天|今日|昨日|昨天|近期|最近|目前)")


_TITLE_END = re.compile(
    r"(通知|意见|方案|决定|办法|规定|函|报告|批复|要点|计划|细则|分解|清单|安排)$"
)


def _numbered_title(text: str) -> str:
    """A heading that is a document's number and its title in 《》 (东府办〔2017〕136号《…》):
    the title; any other text as it is."""
    number = DOCUMENT_NUMBER_LOOSE.match(text.strip())
    rest = text.strip()[number.end() :].strip() if number else ""
    if rest.startswith("《") and rest.endswith("》") and rest.count("《") == 1:
        return rest[1:-1]
    return text


def _wrapped_titles_joined(entries: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """``entries`` with a title broken over short lines joined on its first line's number
    (县人民政府办公室关于 / 对县《政府工作报告》确定的 / …的通知); other lines unchanged."""
    out: list[tuple[int, str]] = []
    index = 0
    while index < len(entries):
        n, text = entries[index]
        out.append((n, text))
        index += 1
        stripped = text.strip()
        if "关于" not in stripped or len(stripped) > 30 or _TITLE_END.search(stripped):
            continue
        parts = [stripped]
        for k in range(index, min(index + 4, len(entries))):
            following = entries[k][1].strip()
            if not following or len(following) > 30 or following.endswith(("：", ":", "。")):
                break
            parts.append(following)
            if _TITLE_END.search(following):
                out[-1] = (n, "".join(parts))
                index = k + 1
                break
    return out


def _issuer_in_sentence(entries: Sequence[tuple[int, str]]) -> tuple[str, int] | None:
    """The organ a sentence of the head says issued the document (X印发《…》, X关于印发…);
    None when no line of the head says so."""
    for n, text in entries:
        for match in _ISSUES.finditer(text):
            before = text[: match.start()]
            quoted = before.rfind("《") > before.rfind("》")
            sentence = re.split(r"[。；;]", before)[-1]
            if quoted and _CITING.search(sentence):
                continue  # 根据《国务院办公厅关于印发…》: a document it cites, not its issuer
            name = _NEWS_OPENING.sub("", match.group("issuer"))
            if len(name) >= 3:
                return name, n
    return None


def _signature(
    lines: Sequence[tuple[int, str]],
) -> tuple[tuple[str, int], tuple[str, int]] | None:
    """The organ (or organs, one per line, joined by a space) signed above the first line
    that is only a date, and that date line; None when no date line has an organ's name
    above it."""
    ordered = [(n, t) for n, t in sorted(lines) if t.strip()]
    for at, (n, text) in enumerate(ordered):
        if _is_date_line(text):
            organs = _organs_above(ordered, at)
            if organs:
                return organs, (text, n)
    return None


#: a seal stamped for another organ: …领导小组办公室(代), …（代章）
_ON_BEHALF = re.compile(r"[(（]代章?[)）]$")


def _organs_above(ordered: Sequence[tuple[int, str]], at: int) -> tuple[str, int] | None:
    organs: list[tuple[int, str]] = []
    for n, text in reversed(ordered[:at]):
        stripped = _ON_BEHALF.sub("", text.strip())
        if len(stripped) > 40 or not ORGAN.search(stripped) or box_fields(stripped):
            break
        if DOCUMENT_NUMBER_LOOSE.search(stripped) or re.search(r"[，,。；;：:、]", stripped):
            break
        organs.insert(0, (n, _clean(stripped)))
        if len(organs) == 3:
            break
    if not organs:
        return None
    return " ".join(name for _, name in organs), organs[0][0]


def _is_date_line(text: str) -> bool:
    """A line that is a date and nothing else (a signature date, (2023年3月28日))."""
    stripped = text.strip().strip("()（）")
    if not stripped or len(stripped) > 20:
        return False
    value, impossible = parse_date(stripped)
    return (value is not None or impossible) and not re.search(r"[，,。；;]", stripped)


_SENTENCE = re.compile(r"[，,。；;：:]")


def _text_lines(entries: Sequence[tuple[int, str]], where: dict[str, int]) -> list[tuple[int, str]]:
    """The head's text: the lines after its title (or after a 文号 printed under the title),
    less the signature under the text (the organ above the date, and the date), whose lines
    are not text. Without either, every line but the fields' and the signature's; without a
    date under the head, the lines after every field found.

    A head without a 文号 is read here; its date of signature is usually *under* the text
    (…印发给你们，请认真贯彻执行。 / 某市人民政府办公厅 / 2099年4月1日), and the text is
    where the document says which plan it implements (现将《…》印发给你们): starting after
    the last field found would lose it.
    """
    top = [where[name] for name in ("number", "title") if name in where]
    issuer, date = where.get("issuer"), where.get("date")
    if date is None or (top and date <= min(top)):  # no date under the head: the text runs on
        start = max(top or where.values(), default=0)
        return [(n, t) for n, t in entries if n > start]
    start = max((n for n in top if n < date), default=0)
    signed_from = date
    if issuer is not None and start < issuer < date:  # signed above the date, or a 版头
        between = [t for n, t in entries if issuer < n < date]
        if not any(_SENTENCE.search(t) for t in between):  # a signature holds no sentence
            signed_from = issuer
    fields = set(where.values())
    return [
        (n, t) for n, t in entries if n > start and n not in fields and not signed_from <= n <= date
    ]


def tolerant_head(
    entries: Sequence[tuple[int, str]],
    tail: Sequence[tuple[int, str]],
    file: str,
    document: Sequence[tuple[int, str]] = (),
) -> tuple[DocumentHead, tuple[ReadingWarning, ...]]:
    """A :class:`DocumentHead` with what could be read; empty strings for the rest, each
    reported as a warning. ``document`` (every line) is searched for a signature that the
    head and the tail lack."""
    fields = read_head_fields(entries, tail, file, document)
    where = {
        name: value[1]
        for name, value in (
            ("number", fields.number),
            ("issuer", fields.issuer),
            ("date", fields.date),
            ("title", fields.title),
        )
        if value is not None
    }
    title = fields.title[0] if fields.title else ""
    text = _text_lines(entries, where)
    body = [t.strip() for _, t in text if t.strip() and not _PUBLIC.match(t)]
    applies, based_on = applied_and_based_on(text)
    head = DocumentHead(
        issuer=fields.issuer[0] if fields.issuer else "",
        number=normalise_number(fields.number[0]) if fields.number else "",
        title=title,
        recipients=(),
        body="\n".join(body),
        signatory="",
        date=fields.date[0] if fields.date else "",
        printed_by=None,
        print_date=None,
        copies=None,
        table_title=title,
        applies=applies,
        based_on=based_on,
        lines=where,
        page_says=fields.page_says,
    )
    return head, fields.warnings
