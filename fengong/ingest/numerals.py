"""Chinese numerals as printed in document numbering: 一 … 九十九, and full-width digits."""

from __future__ import annotations

__all__ = ["chinese_to_int", "int_to_chinese", "normalise_digits"]

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def chinese_to_int(text: str) -> int:
    """Convert a Chinese numeral (as used for 条, 项 and measure numbers) to an integer.

    >>> [chinese_to_int(t) for t in ["一", "十", "十六", "二十", "二十七", "九十九", "一百零五"]]
    [1, 10, 16, 20, 27, 99, 105]
    >>> chinese_to_int("27")
    27
    >>> chinese_to_int("甲")
    Traceback (most recent call last):
    ...
    ValueError: not a Chinese numeral: '甲'
    >>> chinese_to_int("二二")
    Traceback (most recent call last):
    ...
    ValueError: not a Chinese numeral: '二二'
    >>> chinese_to_int("一十六"), chinese_to_int("两"), chinese_to_int("一百〇五")
    (16, 2, 105)
    """
    text = normalise_digits(text.strip())
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _DIGITS and ch not in "十百" for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    value = _value(text)
    if not 0 < value < 1000 or int_to_chinese(value) != _canonical(text):
        raise ValueError(f"not a Chinese numeral: {text!r}")  # 二二, 一二三, 十十
    return value


def _canonical(text: str) -> str:
    """The numeral in the one form :func:`int_to_chinese` writes: 两 and 〇 as 二 and 零, 一十六
    as 十六, 二百五 (spoken) is none."""
    text = text.replace("两", "二").replace("〇", "零")
    return text[1:] if text.startswith("一十") else text


def _value(text: str) -> int:
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[ch]
    return total + current


def normalise_digits(text: str) -> str:
    """Replace full-width digits with ASCII ones.

    >>> normalise_digits("第４４号")
    '第44号'
    """
    return text.translate({0xFF10 + i: ord("0") + i for i in range(10)})


def int_to_chinese(number: int) -> str:
    """Write 1..999 the way document numbering prints it; inverse of :func:`chinese_to_int`.

    >>> [int_to_chinese(n) for n in [1, 4, 10, 16, 20, 27, 105]]
    ['一', '四', '十', '十六', '二十', '二十七', '一百零五']
    >>> all(chinese_to_int(int_to_chinese(n)) == n for n in range(1, 1000))
    True
    """
    if not 0 < number < 1000:
        raise ValueError(f"out of range: {number}")
    names = "零一二三四五六七八九"
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    text = names[hundreds] + "百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else names[tens]) + "十"
    elif hundreds and units:
        text += "零"
    if units:
        text += names[units]
    return text
