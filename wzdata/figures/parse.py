"""Parse one printed figure into a typed quantity with its bounds.

The parser reads a figure exactly as printed in a Chinese text (``258起``,
``近12倍``, ``267万余株``, ``14.65万元``, ``91.87%``, ``十一连冠``) and returns a
:class:`Quantity`. It never guesses: anything it cannot read raises
:class:`FigureParseError` naming the input and the reason.

The bounds rule
---------------
Qualifiers are information, kept as an interval ``[lower, upper]``. The *step*
of a printed number is one unit of its last significant place:

* a number printed with decimals: ``10**-decimals`` (``21.5`` -> 0.1);
* an integer: ``10**k`` where ``k`` is the number of trailing zeros
  (``5000`` -> 1000, ``20`` -> 10, ``12`` -> 1);
* a magnitude word (万, 亿, ...) multiplies the step of the numeral before it,
  and when a qualifier stands *after* the magnitude word, the magnitude word is
  itself the last significant place: ``20余万`` has step 10万 (200,000 to
  300,000) while ``20万余`` has step 1万 (200,000 to 210,000).

With that step:

=================  ==========================  ===========================
qualifier          printed as                  interval
=================  ==========================  ===========================
``exact``          no qualifier                ``[v, v]``
``more_than``      余, 多 (after the number)    ``(v, v + step)``
``nearly``         近, 将近, 接近                ``(v - step, v)``
``about``          约, 左右, 许                 ``[v - step/2, v + step/2]``
``at_least``       以上, 超过, 逾                ``[v, inf)``
``less_than``      不足, 不到                    ``[0, v)``
=================  ==========================  ===========================

So ``9倍多`` -> (9, 10), ``5000余`` -> (5000, 6000), ``267万余`` ->
(2,670,000, 2,680,000) and ``近12倍`` -> (11, 12). Open or closed ends are
stated by the qualifier; the numbers are the same.

Shares printed in words are percents (kind ``percent``, unit ``%``), read with the
same rule: ``三分之一`` is 1/3 and its step one unit of the numerator (1/3), so
``近三分之一`` is (0, 1/3), ``约三分之一`` [1/6, 1/2] and ``三分之一以上`` [1/3, inf);
``强`` and ``弱`` after it are ``more_than`` and ``nearly``. Halves are 1/2: ``一半``
and ``半数`` 50%, ``近半数`` (0, 50%); ``过半``, ``过半数`` and ``大半`` (the greater
part) are ``at_least`` 50%, like ``超过半数``. A share that is not a finite decimal
(1/3 = 33.33...%) has its value rounded half up to :data:`SHARE_PLACES` places (more
for a denominator of more digits) and its bounds rounded outward, so that
``[lower, upper]`` holds the exact share (``三分之一``: value 33.33, bounds 33.33 to
33.34); :func:`share_reading` says how one was read. ``千分之三`` is per mille, 3‰
as ``3‰`` is; ``百分之三`` is 3%. ``2/3`` alone may be a date or a score and is not
read here (:func:`wzdata.extract.extract` reads it as a share in the context of one).

Figures of English pages (``more than 113,000``, ``2.35 million``,
``26.7 metric tons``, ``0.16 percent``) and traditional characters
(``4.2萬宗``, ``25.9噸``) are read with the same rule; an English number
with thousands separators may stand without a unit (kind ``amount``).

This module imports nothing beyond the standard library, so that it is fast
to import and usable without pandas.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, getcontext, localcontext
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from fractions import Fraction


class FigureParseError(ValueError):
    """A printed figure that the parser cannot read.

    Parameters
    ----------
    text : str
        The input as given.
    reason : str
        Why it cannot be read.
    """

    def __init__(self, text: object, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"cannot parse figure {text!r}: {reason}")


class Kind(StrEnum):
    """What a figure measures."""

    COUNT = "count"
    AMOUNT = "amount"
    MONEY = "money"
    WEIGHT = "weight"
    PERCENT = "percent"
    FOLD = "fold"
    RANK = "rank"
    DURATION = "duration"
    YEAR = "year"
    DATE = "date"


class Qualifier(StrEnum):
    """How the printed number bounds the true value (see the module docstring)."""

    EXACT = "exact"
    MORE_THAN = "more_than"
    NEARLY = "nearly"
    ABOUT = "about"
    AT_LEAST = "at_least"
    LESS_THAN = "less_than"


class Quantity(NamedTuple):
    """A parsed figure (an immutable named tuple).

    Attributes
    ----------
    as_printed : str
        The input, unchanged.
    value : Decimal
        The printed number in base units (万 and 亿 applied): ``14.65万元`` -> 146500.
    lower, upper : Decimal
        Bounds implied by the qualifier (``inf`` for an open upper end).
    unit : str
        Measure word or unit in base form (``起``, ``人``, ``元``, ``吨``, ``%``,
        ``倍``, ``年``, ``连冠``, ...).
    kind : Kind
        What sort of figure it is.
    qualifier : Qualifier
        How the number bounds the value.
    decimals : int
        Decimals as printed in the numeral (``21.5`` -> 1; ``14.65万`` -> 2).
    step : Decimal
        One unit of the last significant place, in base units (for a share printed in
        words, one unit of its numerator as a percent: ``三分之一`` -> 33.33).
    """

    as_printed: str
    value: Decimal
    lower: Decimal
    upper: Decimal
    unit: str
    kind: Kind
    qualifier: Qualifier
    decimals: int
    step: Decimal

    @property
    def is_exact(self) -> bool:
        """True when the figure carries no qualifier."""
        return self.qualifier is Qualifier.EXACT


# --------------------------------------------------------------------------- numerals

_CN_DIGITS = {
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
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_MAGNITUDES = {"万": 10_000, "亿": 100_000_000}
_CN_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "".join(_MAGNITUDES)


def chinese_to_int(text: str) -> int:
    """Convert a Chinese numeral such as ``十一``, ``二十``, ``两千零五`` to an int.

    Parameters
    ----------
    text : str
        Chinese numeral characters only.

    Returns
    -------
    int

    Raises
    ------
    FigureParseError
        When ``text`` is empty or not a well-formed numeral.
    """
    if not text:
        raise FigureParseError(text, "empty numeral")
    total = 0  # completed 亿 and 万 sections
    section = 0  # current section below 万
    digit: int | None = None
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and digit != 0:
                raise FigureParseError(text, f"two digits in a row at {ch!r}")
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if digit is None:
                if section or total:
                    raise FigureParseError(text, f"unit {ch!r} without a digit")
                digit = 1  # 十一 = 11, 百余 = 100 and more
            if digit == 0:
                raise FigureParseError(text, f"unit {ch!r} after 零")
            if section % (unit * 10):
                raise FigureParseError(text, f"unit {ch!r} out of order")
            section += digit * unit
            digit = None
        else:  # 万 or 亿
            mag = _MAGNITUDES[ch] if ch in _MAGNITUDES else None
            if mag is None:
                raise FigureParseError(text, f"{ch!r} is not a Chinese numeral character")
            section += digit or 0
            if section == 0 and total == 0:
                raise FigureParseError(text, f"magnitude {ch!r} without a number")
            total = (total + section) * mag if mag > 10_000 else total + section * mag
            section, digit = 0, None
    return total + section + (digit or 0)


_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUM = rf"(?:{_ARABIC}|[{_CN_CHARS}]+点[零〇一二三四五六七八九]+|[{_CN_CHARS}]+)"


def _step_of_integer(n: int) -> int:
    if n == 0:
        return 1
    step = 1
    while n % 10 == 0:
        n //= 10
        step *= 10
    return step


def parse_number(text: str) -> tuple[Decimal, int, Decimal]:
    """Read a numeral (Arabic, Chinese or mixed such as ``14.65万``).

    Parameters
    ----------
    text : str
        The numeral, with an optional trailing 万 or 亿 after Arabic digits.

    Returns
    -------
    value : Decimal
        The number in base units.
    decimals : int
        Decimals as printed.
    step : Decimal
        One unit of the last significant place, in base units.

    Raises
    ------
    FigureParseError
        When ``text`` is not a numeral.
    """
    m = _NUMBER_RE.fullmatch(text)
    if m is None:
        raise FigureParseError(text, "not a number")
    return _number(m.group("num"), m.group("mag") or "", text)


_NUMBER_RE = re.compile(rf"(?P<num>{_NUM}?)(?P<mag>[万亿]*)")


_STEPS = [Decimal(10) ** -k for k in range(12)]
_POW10 = [Decimal(10) ** k for k in range(20)]


_MAG_STEP = {"": 1, "万": 10_000, "亿": 100_000_000, "万亿": 10**12, "亿亿": 10**16}


def _number(num: str, mag: str, original: str) -> tuple[Decimal, int, Decimal]:
    if not num:
        raise FigureParseError(original, "no digits")
    if num[0].isdigit():
        if not num.isascii():
            num = num.translate(_TRADITIONAL)  # full-width digits
            if not num.isascii():
                raise FigureParseError(original, "digits must be 0-9")
        num = num.replace(",", "")
        value = Decimal(num)
        dot = num.find(".")
        if dot >= 0:
            decimals = len(num) - dot - 1
            step = _STEPS[decimals] if decimals < 12 else Decimal(1).scaleb(-decimals)
        else:
            decimals = 0
            stripped = num.rstrip("0")
            zeros = len(num) - len(stripped) if stripped else 0
            step = _POW10[zeros] if zeros < 20 else Decimal(1).scaleb(zeros)
    elif "点" in num:  # 四十七点五
        whole, frac = num.split("点")
        decimals = len(frac)
        value = Decimal(f"{chinese_to_int(whole)}.{''.join(str(_CN_DIGITS[c]) for c in frac)}")
        step = Decimal(1).scaleb(-decimals)
    else:
        if len(num) > 1 and all(ch in _CN_DIGITS for ch in num) and "两" not in num:
            n = int("".join(str(_CN_DIGITS[ch]) for ch in num))  # 二〇二一
        else:
            n = chinese_to_int(num)
        decimals = 0
        value = Decimal(n)
        step = Decimal(_step_of_integer(n))
    if mag:
        multiplier = _MAG_STEP.get(mag)
        if multiplier is None:
            multiplier = 1
            for ch in mag:
                multiplier *= _MAGNITUDES[ch]
        return value * multiplier, decimals, step * multiplier
    return value, decimals, step


# --------------------------------------------------------------------------- figures

#: Measure words that make a figure a count.
COUNT_UNITS = (
    "人次",
    "人",
    "名",
    "起",
    "户",
    "株",
    "家",
    "所",
    "处",
    "部",
    "块",
    "个",
    "次",
    "件",
    "批",
    "项",
    "位",
    "座",
    "场",
    "期",
    "条",
    "辆",
    "支",
    "只",
    "份",
    "套",
    "宗",
    "级",
    "市",
    "县",
    "区",
    "乡",
    "镇",
    "村",
    "枚",
    "粒",
    "包",
    "克次",
    "堂",
    "例",
    "种",
    "类",
    "台",
    "轮",
    "席",
)
_MONEY_UNITS = ("元",)
_WEIGHT_UNITS = {"克": "克", "毫克": "毫克", "公斤": "公斤", "千克": "公斤", "吨": "吨", "斤": "斤"}
_DURATION_UNITS = ("年间", "个月", "年", "月", "周", "天", "日", "小时", "分钟", "岁")
#: Units of other magnitudes (area, distance): kind ``amount``.
_AMOUNT_UNITS = ("亩", "公顷", "公里")

_UNIT_KIND: dict[str, tuple[str, Kind]] = {}
for _u in COUNT_UNITS:
    _UNIT_KIND[_u] = (_u, Kind.COUNT)
for _u in _MONEY_UNITS:
    _UNIT_KIND[_u] = (_u, Kind.MONEY)
for _u, _base in _WEIGHT_UNITS.items():
    _UNIT_KIND[_u] = (_base, Kind.WEIGHT)
for _u in _DURATION_UNITS:
    _UNIT_KIND[_u] = ("年" if _u == "年间" else _u, Kind.DURATION)
for _u in _AMOUNT_UNITS:
    _UNIT_KIND[_u] = (_u, Kind.AMOUNT)
_UNIT_KIND["倍"] = ("倍", Kind.FOLD)
_UNIT_KIND["%"] = ("%", Kind.PERCENT)
_UNIT_KIND["％"] = ("%", Kind.PERCENT)
_UNIT_KIND[""] = ("", Kind.AMOUNT)
#: Every unit the parser reads after a number: printed unit -> (base unit, kind).
UNITS: dict[str, tuple[str, Kind]] = {u: v for u, v in _UNIT_KIND.items() if u}

_UNIT_ALT = "|".join(sorted((re.escape(u) for u in _UNIT_KIND if u), key=len, reverse=True))
_PREFIX = {
    "近": Qualifier.NEARLY,
    "将近": Qualifier.NEARLY,
    "接近": Qualifier.NEARLY,
    "约": Qualifier.ABOUT,
    "大约": Qualifier.ABOUT,
    "超过": Qualifier.AT_LEAST,
    "逾": Qualifier.AT_LEAST,
    "不足": Qualifier.LESS_THAN,
    "不到": Qualifier.LESS_THAN,
}
_SUFFIX = {
    "左右": Qualifier.ABOUT,
    "许": Qualifier.ABOUT,
    "以上": Qualifier.AT_LEAST,
    "多": Qualifier.MORE_THAN,
    "余": Qualifier.MORE_THAN,
}
_PREFIX_ALT = "|".join(sorted(_PREFIX, key=len, reverse=True))

_FIGURE_RE = re.compile(
    rf"(?P<pre>{_PREFIX_ALT})?"
    rf"(?P<num>{_NUM})"
    r"(?P<q1>[余多])?"
    r"(?P<mag>[万亿]*)"
    r"(?P<q2>[余多])?"
    rf"(?P<unit>{_UNIT_ALT})?"
    r"(?P<q3>多|余|左右|许|以上)?"
)
_PERCENT_CN_RE = re.compile(rf"(?P<pre>{_PREFIX_ALT})?百分之(?P<num>{_NUM})(?P<q3>左右|以上)?")
#: A share printed as a fraction (三分之一, 3分之2, 千分之三) and its qualifiers; 强 and
#: 弱 after it are "a little more" and "a little less".
_FRACTION_RE = re.compile(
    rf"(?P<pre>{_PREFIX_ALT})?(?P<den>{_NUM})分之(?P<num>{_NUM})(?P<q3>多|余|左右|以上|强|弱)?"
)
#: Half (一半, 半数) and more than half (过半, 过半数, 大半); 超 before it is 超过.
_HALF_RE = re.compile(
    rf"(?P<pre>{_PREFIX_ALT}|超)?(?P<half>一半|过半数|过半|大半|半数|半)(?P<q3>多|左右|以上)?"
)
_SHARE_SUFFIX = {**_SUFFIX, "强": Qualifier.MORE_THAN, "弱": Qualifier.NEARLY}
_SHARE_PREFIX = {**_PREFIX, "超": Qualifier.AT_LEAST}
#: Words of half that carry their own qualifier.
_HALF_QUALIFIER = {
    "过半": Qualifier.AT_LEAST,
    "过半数": Qualifier.AT_LEAST,
    "大半": Qualifier.AT_LEAST,
}
_HALF_READING = {
    "过半": "过半: more than half, read as at least 50%",
    "过半数": "过半数: more than half, read as at least 50%",
    "大半": "大半: the greater part, more than half, read as at least 50%",
}
#: Traditional characters of shares, read as their simplified forms.
_SHARE_TRADITIONAL = str.maketrans({"過": "过", "數": "数", "強": "强"})
#: Decimal places of a share that is not a finite decimal (三分之一 = 33.33...%), at the
#: least: its value is rounded half up to them and its bounds outward, so that the bounds
#: hold the exact share. A denominator of more digits gives as many places as it has.
SHARE_PLACES = 2
_RANK_RE = re.compile(
    r"(?P<scope>全国|全区|全市|全省|全州|全县|全区五市)?"
    r"第(?P<num>[一二三四五六七八九十]+|\d+)(?P<unit>名|位|批|个|次)?"
)
_STREAK_RE = re.compile(r"(?P<num>[一二三四五六七八九十两]+|\d+)连冠")
_YEAR_RE = re.compile(r"(?P<y>(?:19|20)\d\d)年")
_DATE_RE = re.compile(
    r"(?:(?P<y>(?:19|20)\d\d)年)?(?P<m>1[0-2]|[1-9])月(?:(?P<d>3[01]|[12]\d|[1-9])日)?"
)

_INF = Decimal("Infinity")
_EXACT = Qualifier.EXACT

#: Traditional characters of figures, read as their simplified forms.
_TRADITIONAL = str.maketrans(
    {
        "萬": "万",
        "億": "亿",
        "噸": "吨",
        "兩": "两",
        "餘": "余",
        "幾": "几",
        "點": "点",
        "％": "%",
        "．": ".",
        "，": ",",
        **{chr(0xFF10 + i): str(i) for i in range(10)},
    }
)

_EN_QUALIFIER = {
    "more than": Qualifier.MORE_THAN,
    "over": Qualifier.MORE_THAN,
    "at least": Qualifier.AT_LEAST,
    "about": Qualifier.ABOUT,
    "around": Qualifier.ABOUT,
    "some": Qualifier.ABOUT,
    "an estimated": Qualifier.ABOUT,
    "approximately": Qualifier.ABOUT,
    "almost": Qualifier.NEARLY,
    "nearly": Qualifier.NEARLY,
    "under": Qualifier.LESS_THAN,
    "less than": Qualifier.LESS_THAN,
    "fewer than": Qualifier.LESS_THAN,
}
_EN_UNIT = {
    "people": ("人", Kind.COUNT),
    "persons": ("人", Kind.COUNT),
    "cases": ("起", Kind.COUNT),
    "person-times": ("人次", Kind.COUNT),
    "plants": ("株", Kind.COUNT),
    "tons": ("吨", Kind.WEIGHT),
    "tonnes": ("吨", Kind.WEIGHT),
    "metric tons": ("吨", Kind.WEIGHT),
    "grams": ("克", Kind.WEIGHT),
    "kilograms": ("公斤", Kind.WEIGHT),
    "kg": ("公斤", Kind.WEIGHT),
    "percent": ("%", Kind.PERCENT),
    "%": ("%", Kind.PERCENT),
    "": ("", Kind.AMOUNT),
}
_EN_MAGNITUDE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_EN_RE = re.compile(
    r"(?:(?P<pre>" + "|".join(sorted(_EN_QUALIFIER, key=len, reverse=True)) + r")\s+)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s+(?P<mag>thousand|million|billion))?"
    r"(?:\s*(?P<unit>"
    + "|".join(sorted((re.escape(u) for u in _EN_UNIT if u), key=len, reverse=True))
    + r"))?",
    re.IGNORECASE,
)
_PERMILLE_RE = re.compile(r"(?P<num>\d+(?:\.\d+)?)‰")


def _bounds(value: Decimal, step: Decimal, q: Qualifier) -> tuple[Decimal, Decimal]:
    if q is _EXACT:
        return value, value
    if q is Qualifier.MORE_THAN:
        return value, value + step
    if q is Qualifier.NEARLY:
        return value - step, value
    if q is Qualifier.ABOUT:
        half = step / 2
        return value - half, value + half
    if q is Qualifier.AT_LEAST:
        return value, _INF
    return Decimal(0), value  # LESS_THAN


def parse(text: str) -> Quantity:
    """Parse one printed figure.

    Parameters
    ----------
    text : str
        The figure exactly as printed, for example ``258起``, ``近12倍``,
        ``267万余株``, ``14.65万元``, ``91.87%``, ``十一连冠``, ``第一名``,
        ``20余年``, ``2016年``, ``近三分之一`` or ``过半数``.

    Returns
    -------
    Quantity
        Value, bounds, unit, kind, qualifier and printed precision.

    Raises
    ------
    FigureParseError
        When the text is not a figure the parser can read. It never guesses.

    Examples
    --------
    >>> q = parse("267万余株")
    >>> (q.value, q.lower, q.upper, q.unit, q.kind.value)
    (Decimal('2670000'), Decimal('2670000'), Decimal('2680000'), '株', 'count')
    """
    if not isinstance(text, str):
        raise FigureParseError(text, "not a string")
    if not text or text != text.strip():
        raise FigureParseError(text, "empty or padded with white space")
    # Exact arithmetic: a digit adds at most one digit to a value and a magnitude word or
    # letter (万, 亿, 千, million ...) at most 8 per character; bounds add 2. When the
    # caller's precision holds that many digits every operation is exact in it; otherwise
    # the text is parsed at that precision (no 28-digit rounding of long numbers).
    need = len(text) + 4
    if _WIDE_RE.search(text) is not None:
        need += 8 * len(_WIDE_RE.findall(text))
    try:
        if need <= getcontext().prec:
            return _parse(text)
        with localcontext() as context:
            context.prec = need
            return _parse(text)
    except ArithmeticError as exc:
        raise FigureParseError(text, f"number out of range ({type(exc).__name__})") from None


#: Characters that can add more than one digit to a value: magnitude and unit words of
#: Chinese numerals (simplified, traditional and financial) and the letters of English ones.
_WIDE_RE = re.compile("[十百千万亿拾佰仟萬億兆A-Za-z]")


def _parse(text: str) -> Quantity:
    m = _FIGURE_RE.fullmatch(text)
    if m is not None and not (m.group("unit") is None and text.isascii()):
        return _from_figure_match(text, m)
    if text.isascii():
        m = _EN_RE.fullmatch(text)
        if m is not None:
            return _from_english(text, m)
    m = _FIGURE_RE.fullmatch(text.translate(_TRADITIONAL))
    if m is not None:
        return _from_figure_match(text, m)
    m = _PERMILLE_RE.fullmatch(text)
    if m is not None:
        value, decimals, step = _number(m.group("num"), "", text)
        return Quantity(
            text, value, value, value, "‰", Kind.PERCENT, Qualifier.EXACT, decimals, step
        )
    m = _STREAK_RE.fullmatch(text)
    if m is not None:
        value, _, _ = _number(m.group("num"), "", text)
        return Quantity(
            text, value, value, value, "连冠", Kind.RANK, Qualifier.EXACT, 0, Decimal(1)
        )
    m = _RANK_RE.fullmatch(text)
    if m is not None:
        value, _, _ = _number(m.group("num"), "", text)
        if value < 1:
            raise FigureParseError(text, "a rank starts at 1")
        # 名/位/个 rank a place (位次); 批, 次 ... number what they classify (第一批: a batch)
        unit = "位次" if m.group("unit") in (None, "名", "位", "个") else m.group("unit")
        return Quantity(text, value, value, value, unit, Kind.RANK, Qualifier.EXACT, 0, Decimal(1))
    m = _PERCENT_CN_RE.fullmatch(text)
    if m is not None:
        value, decimals, step = _number(m.group("num"), "", text)
        q = _qualifier(text, m.group("pre"), None, None, m.group("q3"))
        lo, hi = _bounds(value, step, q)
        return Quantity(text, value, lo, hi, "%", Kind.PERCENT, q, decimals, step)
    if "分之" in text or "半" in text:
        share = _read_share(text)
        if share is not None:
            return _from_share(text, share)
    m = _DATE_RE.fullmatch(text)
    if m is not None:
        return _from_date(text, m)
    if "/" in text and _SLASH_RE.fullmatch(text):
        raise FigureParseError(
            text,
            "a/b alone may be a date, a score or a share; print a share as b分之a "
            "(wzdata.extract reads a/b as a share only in the context of one)",
        )
    raise FigureParseError(text, "no number with a known unit, rank, streak or date")


_SLASH_RE = re.compile(r"[0-9０-９]+[/／][0-9０-９]+")


class _Share(NamedTuple):
    """A printed share read: numerator and denominator, qualifier and how it was read."""

    numerator: Decimal
    numerator_decimals: int
    numerator_step: Decimal
    denominator: int
    qualifier: Qualifier
    words: str  # the share without its qualifiers (三分之一, 过半数)


def _read_share(text: str) -> _Share | None:
    """Numerator, denominator and qualifier of a printed fraction or half (None for
    another figure)."""
    plain = text.translate(_SHARE_TRADITIONAL)
    m = _FRACTION_RE.fullmatch(plain)
    if m is not None:
        den_text = m.group("den")
        if den_text[0] in _MAGNITUDES:  # 万分之三: one 万
            den_text = "一" + den_text
        den, den_decimals, _ = _number(den_text, "", text)
        num, num_decimals, num_step = _number(m.group("num"), "", text)
        words = plain[m.start("den") : m.end("num")]
        intrinsic = None
    else:
        m = _HALF_RE.fullmatch(plain)
        if m is None:
            return None
        words = m.group("half")
        if words == "半" and not m.group("pre"):
            raise FigureParseError(text, "半 alone is not a share (半年, 半小时: a duration)")
        den, den_decimals, num, num_decimals, num_step = Decimal(2), 0, Decimal(1), 0, Decimal(1)
        intrinsic = _HALF_QUALIFIER.get(words)
    if den_decimals or den < 2:
        raise FigureParseError(text, "the denominator of a share is a whole number of 2 or more")
    if den not in (100, 1000) and (num_decimals or num < 1 or num > den):
        raise FigureParseError(text, "a share N分之M needs a whole M from 1 to N")
    pre, q3 = m.group("pre"), m.group("q3")
    found = {q for q in (pre and _SHARE_PREFIX[pre], intrinsic, q3 and _SHARE_SUFFIX[q3]) if q}
    if len(found) > 1:
        raise FigureParseError(text, "more than one qualifier")
    q = found.pop() if found else Qualifier.EXACT
    return _Share(num, num_decimals, num_step, int(den), q, words)


def _share_percent(x: Decimal, den: int, places: int, rounding: str) -> Decimal:
    """``x / den`` as a percent: exact when it is a finite decimal, else rounded to
    ``places`` (``floor``, ``ceiling`` or ``half_up``)."""
    from fractions import Fraction  # imported when a share is read: import wzdata stays lean

    if not x.is_finite():
        return x
    f = Fraction(x) * 100 / den
    with localcontext() as context:
        # enough digits for the exact decimal of f (a denominator 2**a * 5**b has at most
        # 4 decimal digits of expansion per digit of its own) or for its rounding
        digits = len(str(abs(f.numerator))) + 4 * len(str(f.denominator)) + places + 2
        context.prec = max(context.prec, digits)
        if _is_finite_decimal(f):
            d = Decimal(f.numerator) / Decimal(f.denominator)
        else:
            scaled = f * 10**places
            n = (
                math.floor(scaled)
                if rounding == "floor"
                else math.ceil(scaled)
                if rounding == "ceiling"
                else math.floor(scaled + Fraction(1, 2))
            )
            d = Decimal(n).scaleb(-places)
        return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()


def _is_finite_decimal(f: Fraction) -> bool:
    d = f.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def _from_share(text: str, share: _Share) -> Quantity:
    num, den, q = share.numerator, share.denominator, share.qualifier
    if den in (100, 1000):  # 百分之三 is 3%, 千分之三 is 3‰: the numerator is the figure
        step = share.numerator_step
        lo, hi = _bounds(num, step, q)
        unit = "%" if den == 100 else "‰"
        decimals = share.numerator_decimals
        return Quantity(text, num, lo, hi, unit, Kind.PERCENT, q, decimals, step)
    places = max(SHARE_PLACES, len(str(den)))
    lo_n, hi_n = _bounds(num, share.numerator_step, q)
    return Quantity(
        text,
        _share_percent(num, den, places, "half_up"),
        _share_percent(lo_n, den, places, "floor"),
        _share_percent(hi_n, den, places, "ceiling"),
        "%",
        Kind.PERCENT,
        q,
        0,
        _share_percent(share.numerator_step, den, places, "half_up"),
    )


def share_reading(text: str) -> str:
    """How :func:`parse` reads a share printed in words, for a note; ``""`` for others.

    Parameters
    ----------
    text : str
        A printed figure (``三分之一``, ``近五分之四``, ``千分之三``, ``过半数``).

    Returns
    -------
    str
        For example ``三分之一 read as 1/3 = 33.33...% (value rounded half up to 2
        places, bounds outward, so that they hold 1/3)``.

    Examples
    --------
    >>> share_reading("五分之四")
    '五分之四 read as 4/5 = 80%'
    """
    try:
        share = _read_share(text)
    except FigureParseError:
        return ""
    if share is None:
        return ""
    num, den, words = share.numerator, share.denominator, share.words
    if den == 1000:
        return f"{words}: per mille (‰), read as {format(num, 'f')}‰, not per cent"
    if den == 100:
        return f"{words} read as {format(num, 'f')}%"
    from fractions import Fraction

    places = max(SHARE_PLACES, len(str(den)))
    exact = Fraction(num) * 100 / den
    value = _share_percent(num, den, places, "half_up")
    ratio = f"{format(num, 'f')}/{den}"
    if _is_finite_decimal(exact):
        reading = f"{words} read as {ratio} = {format(value, 'f')}%"
    else:
        reading = (
            f"{words} read as {ratio} = {format(value, 'f')}...% (value rounded half up to "
            f"{places} places, bounds outward, so that they hold {ratio})"
        )
    if words in _HALF_READING:
        reading = _HALF_READING[words]
    if share.qualifier is not Qualifier.EXACT and share.qualifier is not Qualifier.AT_LEAST:
        step = f"{format(share.numerator_step, 'f')}/{den}"
        reading += (
            f"; {share.qualifier.value}: bounds in steps of one unit of the numerator ({step})"
        )
    return reading


def _qualifier(
    text: str, pre: str | None, q1: str | None, q2: str | None, q3: str | None
) -> Qualifier:
    found = [
        q
        for q in (pre and _PREFIX[pre], q1 and _SUFFIX[q1], q2 and _SUFFIX[q2], q3 and _SUFFIX[q3])
        if q
    ]
    if len(found) > 1:
        raise FigureParseError(text, "more than one qualifier")
    return found[0] if found else Qualifier.EXACT


def _from_figure_match(text: str, m: re.Match[str]) -> Quantity:
    pre, num, q1, mag, q2, unit_printed, q3 = m.groups()
    unit_printed = unit_printed or ""
    if pre is None and q1 is None and q2 is None and q3 is None:
        q = Qualifier.EXACT
    else:
        q = _qualifier(text, pre, q1, q2, q3)
    if num[0].isdigit() is False and not unit_printed and not mag:
        raise FigureParseError(text, "a bare Chinese numeral is not a figure")
    value, decimals, step = _number(num, mag, text)
    if mag and (q2 or (q3 and q is Qualifier.MORE_THAN)):
        # 20万余: the last printed digit before the magnitude word is the last
        # significant place (20万余: 1万; 5.6万余: 0.1万)
        step = _STEPS[decimals] if decimals < len(_STEPS) else Decimal(1).scaleb(-decimals)
        for ch in mag:
            step *= _MAGNITUDES[ch]
    unit, kind = _UNIT_KIND[unit_printed]
    if (
        unit_printed == "年"
        and num.isdigit()
        and len(num) == 4
        and q is Qualifier.EXACT
        and not mag
        and 1900 <= int(num) <= 2100
    ):
        return Quantity(text, value, value, value, "年", Kind.YEAR, q, 0, Decimal(1))
    if not unit_printed and not mag and q is Qualifier.EXACT:
        raise FigureParseError(text, "a bare number without a unit or magnitude")
    if kind is Kind.MONEY and mag:
        unit = "元"
    lo, hi = _bounds(value, step, q)
    if q is Qualifier.LESS_THAN and kind is Kind.PERCENT:
        lo = Decimal(0)
    return Quantity(text, value, lo, hi, unit, kind, q, decimals, step)


def _from_english(text: str, m: re.Match[str]) -> Quantity:
    num = m.group("num").replace(",", "")
    value, decimals, step = _number(num, "", text)
    if "," in m.group("num") and "." not in num:
        step = Decimal(_step_of_integer(int(num)))
    mag = m.group("mag")
    if mag:
        factor = _EN_MAGNITUDE[mag.lower()]
        value, step = value * factor, step * factor
    unit, kind = _EN_UNIT[(m.group("unit") or "").lower()]
    pre = m.group("pre")
    q = _EN_QUALIFIER[pre.lower()] if pre else Qualifier.EXACT
    if kind is Kind.AMOUNT and not mag and "," not in m.group("num"):
        raise FigureParseError(text, "a bare number without a unit or magnitude")
    lo, hi = _bounds(value, step, q)
    return Quantity(text, value, lo, hi, unit, kind, q, decimals, step)


def _from_date(text: str, m: re.Match[str]) -> Quantity:
    y, mo, d = m.group("y"), int(m.group("m")), m.group("d")
    # value encodes the date as YYYYMMDD (0000 when the year is not printed)
    year = int(y) if y else 0
    day = int(d) if d else 0
    value = Decimal(year * 10_000 + mo * 100 + day)
    return Quantity(
        text, value, value, value, "日" if d else "月", Kind.DATE, Qualifier.EXACT, 0, Decimal(1)
    )
