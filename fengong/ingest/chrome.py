"""A website's own lines around a published document: navigation, toolbars, footers.

A page saved from a government website carries, besides the document, its breadcrumbs
(首页 > 政务公开 > …), a toolbar (【打印本页】【关闭窗口】, 字号：大 中 小, 分享到), links to other
pages after the text (相关链接, 上一篇 / 下一篇) and a footer (主办单位：… ICP备…). None of it is
the document; the related links are often numbered like items. This module recognises them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fengong.ingest.head_fields import box_fields

__all__ = ["cut_chrome", "is_chrome"]

_KEPT = frozenset({"number", "issuer", "date", "issued", "published", "title", "source"})

_SHORT = 40
#: lines that are chrome whatever else they say (short ones only: a sentence of the document may
#: mention 打印 or 分享)
_TOOLBAR = re.compile(
    r"(打印本页|打印此页|关闭窗口|关闭本页|【\s*打印\s*】|【\s*关闭\s*】|\[\s*打印\s*\]|\[\s*关闭\s*\]|"
    r"^打印$|^关闭$|^打印\s+关闭$|字号\s*[:：]|字体\s*[:：]|【\s*[大中小]\s*】|^\s*[大中小](\s+[大中小]){2}\s*$|"
    r"分享到|扫一扫|微信扫|手机扫|收藏本页|加入收藏|设为首页|浏览次数|访问量|阅读次数|点击数|"
    r"点击量|返回顶部|返回首页|网站地图|联系我们|无障碍|长辈版|繁體|English$|^繁体$|^简体$|"
    r"^(当前位置|您现在的位置|您的位置|所在位置)\s*[:：]|^首页\s*[>＞»/›]|[>＞»›]\s*正文$)"
)
_FOOTER = re.compile(
    r"(版权所有|Copyright|©|ICP\s*备|公网安备|网站标识码|技术支持\s*[:：]|承办单位\s*[:：])"
)
_BREADCRUMB = re.compile(r"^[^。，；]{0,40}(\s*[>＞»›]\s*[^。，；>＞»›]{1,15}){2,}\s*$")
#: after these, the page lists other pages (often numbered like items): the document has ended
_END = re.compile(
    r"^(相关链接|相关文件|相关阅读|相关新闻|相关附件下载|相关稿件|上一篇|下一篇|上一条|下一条)"
)


def is_chrome(text: str) -> bool:
    """Whether a line is the website's, not the document's.

    >>> is_chrome("【打印本页】 【关闭窗口】"), is_chrome("首页 > 政务公开 > 政策文件")
    (True, True)
    >>> is_chrome("主办单位：某某县人民政府办公室  ICP备12345678号"), is_chrome("字号：大 中 小")
    (True, True)
    >>> is_chrome("牵头单位：区发改局"), is_chrome("加强打印设备管理，做好分享工作。")
    (False, False)
    >>> is_chrome("发布日期:2013-03-27    浏览次数:1")  # the box is the head's evidence
    False
    """
    stripped = text.strip()
    if not stripped:
        return False
    if any(key in _KEPT for key, _, _ in box_fields(stripped)):
        return False  # 发布日期：… 浏览次数：…: the metadata box is the head's evidence
    if len(stripped) <= _SHORT * 2 and _FOOTER.search(stripped):
        return True
    if len(stripped) > _SHORT:
        return False
    return bool(_TOOLBAR.search(stripped) or _BREADCRUMB.match(stripped))


#: what only the document says: a department's role (a page's list of links never does)
_ROLES = re.compile(r"牵头|责任单位|责任部门|配合单位|配合部门|协办单位|主办单位|牽頭|責任單位")


def cut_chrome(entries: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """The document's lines: chrome dropped, and everything from a 相关链接 / 上一篇 marker on —
    unless roles are still assigned after it (a news page's 相关新闻 box above the plan it
    reports): then the marker alone is dropped.

    >>> cut_chrome([(1, "首页 > 政策 > 文件"), (2, "1.加强监管"), (3, "相关链接"), (4, "1.关于…")])
    [(2, '1.加强监管')]
    >>> cut_chrome([(1, "相关新闻>>"), (2, "1.加强监管。（牵头单位：区应急局）")])
    [(2, '1.加强监管。（牵头单位：区应急局）')]
    """
    kept: list[tuple[int, str]] = []
    for index, (n, text) in enumerate(entries):
        stripped = text.strip()
        if _END.match(stripped) and len(stripped) <= _SHORT:
            if any(_ROLES.search(t) for _, t in entries[index + 1 :]):
                continue
            if kept:
                break
        if not is_chrome(stripped):
            kept.append((n, text))
    return kept
