"""Find every numeric expression in a Chinese text, with its span and parsed quantity.

:func:`extract` scans a text with one compiled regular expression and returns
:class:`Expression` objects: the printed form with its character span
(``text[e.start:e.end] == e.text``), the quantity read by
:func:`wzdata.figures.parse` (value, bounds, unit, kind, qualifier), the
direction of a change (``下降``, ``同比减少``), and for years, dates and periods
the ISO dates they cover.

Conventions (stated here and repeated in each expression's ``note``)
--------------------------------------------------------------------
* ``下降N倍`` / ``上升N倍``: the printed N is kept as the value and no
  :class:`wzdata.figures.FoldConvention` is applied; the note of each fold names
  the readings (see :data:`FOLD_NOTES`).
* Years missing from a date (``6月22日``) come from the last single year
  printed earlier in the same paragraph (``2019年6月`` ... ``6月18日`` is
  2019-06-18), otherwise from the publication date; a date that would fall
  after publication is put in the year before.
* ``月初`` / ``上旬`` = days 1-10, ``中旬`` = 11-20, ``月底`` / ``下旬`` = 21 to the
  end of the month; ``年初`` = January, ``年末`` / ``年底`` = December; a decade's
  ``初`` = its years 0-2, ``中期`` = 3-6, ``末`` = 7-9.
* ``以来`` runs to the publication date; ``以后`` / ``起`` starts with the printed
  period and is open-ended; ``以前`` / ``前`` ends the day before it.
* Lexicalised numerals (``一把手``, ``之一``, ``十年如一日``, ``零容忍`` ...) and the
  indefinite ``一`` before a measure word (``一项``, ``一批``) are not quantities.
  ``一`` + measure word counts only after a counting word (``共``, ``为期``,
  ``破获``, ``经过`` ...) or in a clause that states a frequency (``每半年...一次``);
  ``一`` before a collective classifier (``一批``, ``一伙``) is never 1.
* Slogans and names are not counted; they have kind ``name`` (value None) and a
  note saying why: a numeral + one character, repeated (``两学一做``, ``一增三降``,
  ``五降、五升``), ``N个一`` (``六个一``), a Chinese numeral inside a short quotation
  (``“六进”``), a number before 号 (``七号检察建议``, ``0号胶囊``), an ordinal that
  belongs to a name or title (``第二检察厅``, ``第一副主任``).
* Page furniture (licence numbers, copyright years, URLs and e-mail addresses
  with digits, phone numbers, digit strings of 7 or more, view counters, page
  numbers, word counts and reading times, numbers beside icons, digits of a site
  name or of a source line ``来源: ...``) has kind ``identifier``; list markers
  (``1.``, ``2、``, ``（3）``) and enumerations (``第一，``) are not reported.
* ``近N年`` is "the last N years", a period ending at the publication date
  (value N, exact; it starts the day after the same date N years before), when
  来/以来 follows it (also ``N年来`` without 近), when 间/内 follows 近N年, when
  近N年 opens its clause and no 的 follows (``近5年，...``), or in ``创近N年新高``;
  the same for 个月 and 天. Otherwise 近 is "nearly" (``经过近20年的持续严打``:
  (10, 20)), and the note says the other reading.
* ``以上`` and ``及以上`` are at least, ``以下``, ``及以下`` and ``以内`` at most
  (qualifier ``at_most``, bounds ``[0, N]``), the printed number included as in
  Chinese legal usage; ``前N名`` / ``前N位`` is a rank from 1 to N (``at_most``).
* Ranks by 名, 位, 个 have unit 位次; other ordinals keep their classifier
  (``第一批``: 批, ``第3版``: 版).
* A time of day is kept: a date with a time (``2023-01-05 09:12:40``,
  ``2020年03月02日 08:15``) has kind ``datetime`` and value ``YYYYMMDDhhmmss``;
  a time alone (``14时许``) kind ``time`` and value ``hhmmss``. ``许``/``左右``
  make it ``about`` (± half a step of the last printed place); the period gives
  the ISO date-times.
* A day alone (``24日举行``, ``从25日起``) is a date when a preposition or a news
  verb marks it so; its month comes from the paragraph's date, else from the
  publication date. Datelines may be spaced (``2020 年 06 月 26 日``) or
  written ``2022/6/26``, ``2021.12.31``.
* A text that prints 民國/民国 counts years in the ROC calendar: ``民國107年``
  and three-digit ``109年`` are 2018 and 2020.
* Inline pinyin glosses (``億(yì)元``) are skipped; the span keeps them.
* ``高出``/``低于`` and ``比...低`` before ``N个百分点`` give the sign of a
  difference as the direction; after one ``下降``/``分别增长``, every value of the
  list it governs takes the direction.
* A year named as the base of a comparison (``较去年同期``, ``比2015年``) does
  not become the year of the paragraph.
* A decimal before a magnitude word bounds ``余``/``多``: ``5.6万余`` is
  (56,000, 57,000), where :func:`wzdata.figures.parse` gives (56,000, 66,000).
* A printed range (``3-5起``, ``3至5年``) has qualifier ``range``, value None
  and the bounds of its two ends.
* ``6·26`` (a day named by its date) is a date, its year taken like a date's.
* Shares printed in words are percents, read by :func:`wzdata.figures.parse`
  (``三分之一``: 1/3, value 33.33 rounded, bounds 33.33-33.34 that hold 1/3; ``千分之三``
  is 3‰); ``以下``/``以内`` after one make it ``at_most``. ``半数``, ``一半`` are 50%,
  ``过半(数)``, ``大半`` and ``超过半数`` at least 50%; ``半`` is read only as such a word
  (``半年``, ``经过半年``, ``大半年``, ``另一半``, ``年过半百`` are not shares).
  ``a/b`` (``2/3``) is a share only when it is proper (1 <= a < b <= 100), stands alone,
  is followed by no month, day or unit, and its clause names a share (占, 比例, 比重,
  份额), a qualifier stands before it (近2/3, 超过2/3) or a bound after it (2/3以上), with
  no score word (得分 ...): ``6/26`` alone stays two bare numbers.

Kinds are those of :class:`wzdata.figures.Kind` plus ``datetime``, ``time``,
``period``, ``frequency``, ``identifier`` and ``name``.
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import datetime as dt
import gc
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import MAX_PREC, Context, Decimal
from functools import lru_cache
from typing import Any

from wzdata.extract.paragraphs import article_body, paragraph_lines
from wzdata.figures import READINGS, UNITS, FigureParseError, Quantity, share_reading
from wzdata.figures import parse as _parse_uncached
from wzdata.output import decimal_text, render

__all__ = [
    "FIGURE_KINDS",
    "FOLD_NOTES",
    "INFORMATIONAL_KINDS",
    "Expression",
    "cli",
    "extract",
    "format_expressions",
]

#: Kinds that are figures (rows of figures.csv); the others are informational.
FIGURE_KINDS = frozenset(
    {"count", "amount", "money", "weight", "percent", "fold", "rank", "duration"}
)
#: Kinds that locate a figure in time (they live in period columns, not rows).
INFORMATIONAL_KINDS = frozenset({"year", "date", "datetime", "time", "period", "frequency"})

#: How a printed fold is reported: the printed N is kept as the value and no
#: :class:`wzdata.figures.FoldConvention` is applied (the note names the readings).
FOLD_NOTES = {
    "down": f"下降N倍: printed N kept, no convention applied (readings: {READINGS})",
    "up": ("上升N倍: printed N kept, no convention applied (new/old = N, or (new-old)/old = N)"),
    "": "N倍 with no printed direction",
}


@dataclass(frozen=True, slots=True)
class Expression:
    """One numeric expression found in a text.

    Attributes
    ----------
    start, end : int
        Character span: ``text[start:end] == self.text``.
    text : str
        The expression as printed.
    kind : str
        A :class:`wzdata.figures.Kind` value, or ``datetime``, ``time``,
        ``period``, ``frequency``, ``identifier``, ``name`` (a numeral that names
        something: a slogan, a numbered name; value None).
    value, lower, upper : Decimal or None
        The quantity and its bounds (see :mod:`wzdata.figures`). For a date the
        value is ``YYYYMMDD`` (``YYYYMM00`` for a month, year ``0000`` when
        unresolved), for a datetime ``YYYYMMDDhhmmss``, for a time ``hhmmss``;
        for a period it is None, except the last N years (``近5年``, ``10年来``),
        whose value is N.
    unit : str
        Unit in base form (``人``, ``元``, ``%``, ``倍``, ``年`` ...).
    qualifier : str
        A :class:`wzdata.figures.Qualifier` value (``exact``, ``more_than`` ...),
        or ``range`` for a printed range (``3-5起``; value None), or
        ``at_most`` (``五年以下``, ``前5位``: the printed number is the upper bound).
    direction : str
        ``down``, ``up`` or ``""``: the way a printed change goes.
    period_start, period_end : str or None
        ISO dates covered by a year, date or period (None when open or unknown);
        for a datetime, ISO date-times (``2023-06-26T09:25:27``).
    paragraph : int or None
        1-based index of the non-empty line holding the expression.
    note : str
        Conventions applied and ambiguities (``下降N倍``, year taken from context).
    """

    start: int
    end: int
    text: str
    kind: str
    value: Decimal | None = None
    lower: Decimal | None = None
    upper: Decimal | None = None
    unit: str = ""
    qualifier: str = "exact"
    direction: str = ""
    period_start: str | None = None
    period_end: str | None = None
    paragraph: int | None = None
    note: str = ""

    @property
    def is_figure(self) -> bool:
        """True for a quantity that belongs in figures.csv (not a date or identifier)."""
        return self.kind in FIGURE_KINDS

    def to_dict(self) -> dict[str, Any]:
        """Plain dictionary with numbers as strings (``inf`` for an open bound)."""
        out: dict[str, Any] = {}
        for name in self.__slots__:
            v = getattr(self, name)
            out[name] = decimal_text(v) if isinstance(v, Decimal) else v
        return out


#: Expression without the freezing: the scan builds each expression as a _Draft and then
#: gives it its class (see :func:`_expression`).
_Draft = dataclasses.make_dataclass(
    "_Draft",
    [(f.name, f.type, field(default=f.default)) for f in dataclasses.fields(Expression)],
    slots=True,
)


def _expression(*args: Any, **kwargs: Any) -> Expression:
    """``Expression(*args, **kwargs)`` at a third of the cost.

    A frozen dataclass sets each field through ``object.__setattr__``, which made building
    the expressions a tenth of the scan. The fields are set on a mutable twin with the same
    slots, whose class is then made Expression (CPython allows it between classes of one
    layout): the result is an Expression like any other, frozen, equal and hashed alike.
    """
    e = _Draft(*args, **kwargs)
    object.__setattr__(e, "__class__", Expression)
    return e


#: parse() of a printed figure, memoised (Quantity is immutable; texts repeat forms).
parse = lru_cache(maxsize=8192)(_parse_uncached)

# --------------------------------------------------------------------------- patterns

_DIG = "0-9０-９"
_AR = rf"[{_DIG}]+(?:[.．][{_DIG}]+)?"
_AR_COMMA = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"
_CN_NUM_CHARS = "零〇一二两三四五六七八九十百千"
# a Chinese numeral starts with a digit or 十; 百/千 alone only before 余/多 (千余人)
_CN = r"(?:[一二两三四五六七八九十][零〇一二三四五六七八九十百千]*|[百千](?=[余多]))"
_CN_BARE = r"[一二两三四五六七八九十][零〇一二三四五六七八九十百千]*"
_NOT_AFTER_NUM = rf"(?<![{_DIG}.．A-Za-z_{_CN_NUM_CHARS}万亿第])"

_PREFIXES = (
    "将近",
    "將近",
    "接近",
    "大约",
    "大約",
    "超过",
    "超過",
    "不足",
    "不到",
    "近",
    "约",
    "約",
    "逾",
)
#: Traditional qualifier prefixes, read as their simplified forms by parse().
_PREFIX_READ = {"將近": "将近", "大約": "大约", "超過": "超过", "約": "约"}
_PREFIX = "|".join(_PREFIXES)

#: Units that parse() does not know, with the kind given to them here (units it
#: knows, such as 例, 亩 or 分钟, are left to it).
_EXTRA_UNITS: dict[str, str] = {
    **dict.fromkeys(
        (
            "架 艘 本 册 张 篇 幅 首 届 节 课时 组 队 户次 家次 场次 班 栋 间"
            " 床 部门 吨次 架次 名次 余人"
        ).split(),
        "count",
    ),
    **dict.fromkeys("平方米 千米 米 升 毫升 立方米 分".split(), "amount"),
    "大": "count",  # 三大战役: kept only before a noun (see _general)
    "成": "percent",  # 6成: tenths, read as 60%
    **dict.fromkeys("个小时 秒 个星期 星期 周年 个工作日 工作日 周岁".split(), "duration"),
}
_EXTRA_UNITS.pop("余人")
#: Printed units read as another unit by parse(): (unit given to parse, unit reported).
_ALIASES = {"噸": ("吨", "吨"), "公噸": ("吨", "吨"), "‰": ("%", "‰"), "宗": ("起", "宗")}
_ALIASES.pop("宗")  # 宗 is a parse() count unit already
#: Traditional magnitude words.
_TRAD = str.maketrans("萬億", "万亿")
#: Sums of printed values and steps, exact however many digits are printed.
_EXACT_SUM = Context(prec=MAX_PREC)
_UNITS = sorted(
    # 月 alone after a number is a month name, not a duration
    {*(u for u in UNITS if u != "月"), *_EXTRA_UNITS, *_ALIASES},
    key=len,
    reverse=True,
)
_UNIT_ALT = "|".join(re.escape(u) for u in _UNITS)
#: A unit followed by one of these characters is the start of another word.
_BAD_NEXT = {
    "年": "级龄代轻",
    "部": "署分长",
    "条": "例件款",
    "处": "理置罚长室",
    "只": "有是要能",
    "支": "持付出",
    "包": "括装",
    "场": "所地景",
    "期": "间限待望",
    "家": "庭属长乡",
    "所": "有以在属",
    "位": "于置列",
    "区": "域别分",
    "市": "场民",
    "起": "诉来草步",
    "名": "义称单",
    "项": "目",
    "天": "然",
    "日": "常益期",
    "户": "籍口",
    "周": "边围密到",
    "本": "地市县区人身",
    "班": "子",
    "间": "断",
    "节": "日约点",
    "分": "之钟鐘局院队子析布管配工别類类批期支行区所会",
    "大": "于於约約概多批量致体體都部分力型小",
    "成": "员員立功果效本交年绩績都熟长長型就人",
}

_LEXICAL = sorted(
    (
        "十年如一日 一技之长 一把手 之一 零容忍 零星 零流失 零发案 零发生 零报告 零距离 零死角"
        " 零盲区 零事故 双四色 一堂精品课 双岗双责 双人双锁 千家万户 五位一体 一天一夜 一年一度"
        " 一次次 一张张 一批批 一个个 一步步 一道道 一系列 一部分 一方面 一体化 一线 一致 一定"
        " 一直 一些 一样 一切 一旦 一度 一同 一再 一贯 一律 一道 一路 万一 千万 一次性 一对一"
        " 三五成群 四面八方 五湖四海 一带一路 一连串 一举 一手 一心 一环 一员 一分子 一帮 一伙"
        " 一番 一阵 一网打尽 一窝端 一条龙 一站式 一盘棋 一张网 一张图 一朝一夕 百分百 千方百计"
        " 三令五申 一针见血 第一责任 第一时间 第一线 第一书记 第一要务 第一道防线 第一生产力"
        " 第一资源 第一动力 一家人 唯一 统一 进一步 同一 之二 之三 四个意识 四个自信 两个维护"
        " 两个确立 三个代表 四个全面 十八大 十九大 二十大 两会 三农"
        " 十一五 十二五 十三五 十四五 十五五 十五大 十六大 十七大 第一副"
    ).split(),
    key=len,
    reverse=True,
)
# 一X一Y (一人一册, 一村一策): a pattern, not a count
_LEX_PATTERN = r"一[^\s0-9一二三四五六七八九十月，。、；：,;]一[^\s0-9，。、；：,;]"
_SLOGAN_DIGITS = "一二两三四五六七八九十"
#: Characters that cannot be the X or Y of a slogan NXNY: numerals, one-character units,
#: time words and function words (两年三个月 and 四区五大中心 are quantities).
_SLOGAN_STOP = "".join(
    sorted(
        set("零〇一二两三四五六七八九十百千万亿年月日时分秒第至到以来余多近约前后每半大个号之是的")
        | set("萬億時點來約過餘號兩")
        | {u for u in UNITS if len(u) == 1}
        | set("架艘本册张篇幅首届节组队班栋间床升米")
    )
)
#: The Y of NXNY may be a unit character (五降五升), not a numeral or a time word.
_SLOGAN_Y_STOP = "零〇一二两三四五六七八九十百千万亿萬億兩年月日时時第个個之的是余多餘近约約超逾不"
_SLOGAN = (
    rf"(?<![{_CN_NUM_CHARS}第])[{_SLOGAN_DIGITS}](?![{_SLOGAN_STOP}])[\u4e00-\u9fff]、?"
    rf"[{_SLOGAN_DIGITS}](?![{_SLOGAN_Y_STOP}])[\u4e00-\u9fff]"
    rf"|(?<![{_CN_NUM_CHARS}第])[二两三四五六七八九十]个一(?![{_CN_NUM_CHARS}个次])"
)

_IDENT = (
    r"(?:https?://|www\.)[A-Za-z0-9./_\-?=&%#:~+]+"
    r"|ICP[备证]?\s*[0-9]+\s*号?(?:\s*-\s*[0-9]+)?"
    r"|(?:Copyright|COPYRIGHT|copyright)\s*(?:©|\([Cc]\)|（[Cc]）)?\s*"
    r"(?:[0-9]{4}(?:\s*[-–—]\s*[0-9]{4})?)?"
    r"|©\s*[0-9]{4}(?:\s*[-–—]\s*[0-9]{4})?(?:版权所有)?"
    r"|[0-9]{4}\s*版权所有"
    r"|(?<![0-9])[0-9]{3,4}-[0-9]{7,8}(?![0-9])"
    r"|(?<![0-9])1[3-9][0-9]{9}(?![0-9])"
    r"|(?<![A-Za-z0-9])[A-Za-z][A-Za-z_\-]*[0-9][A-Za-z0-9_\-.]*"
    r"|(?<![A-Za-z0-9.])[0-9]+[A-Za-z][A-Za-z0-9_\-]*"
)

_YR = r"(?:19|20)[0-9]{2}"
_MO = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DY = r"(?:3[01]|[12][0-9]|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_QTR = r"(?:第?[一二三四1-4]季度|前[一二三1-3]季度|[上下]半年)"
_CHU = r"初(?!步|级|期|中|心|衷|始|次)"
_HOUR = r"(?:[01]?[0-9]|2[0-3])"
#: Parts of the day before an hour (下午3时: 15:00).
_DAY_PARTS = "上午|下午|中午|晚上|凌晨|早上|傍晚|夜间|晚"
_PM_PARTS = ("下午", "晚上", "傍晚", "夜间", "晚")
_TIME = (
    rf"(?:[ \u3000]?(?:{_DAY_PARTS})?{_HOUR}(?:[时時点點](?:[0-5]?[0-9]分(?:[0-5]?[0-9]秒)?|半)?"
    r"|:[0-5][0-9](?::[0-5][0-9])?)(?:许|許|左右)?)"
)
#: A space inside a dateline (2020 年 06 月 26 日).
_SP = "[ \u3000]?"
_SEP_CHARS = "[至到\\-—–~～－―]"
_SEP = rf"\s*{_SEP_CHARS}\s*"


def _point(s: str) -> str:
    md = (
        rf"(?P<mo{s}>{_MO})(?:{_SEP}(?P<mt{s}>{_MO}))?{_SP}月"
        rf"(?:{_SP}(?P<d{s}>{_DY}){_SP}[日号](?P<tm{s}>{_TIME})?)?"
        rf"(?P<mp{s}>{_CHU}|上旬|中旬|下旬|底|末|份)?"
    )
    return (
        rf"(?=(?:{_YR}){_SP}年|今年|去年|前年|明年|{_MO}{_SP}月|{_QTR})"
        rf"(?:(?P<y{s}>{_YR}){_SP}年|(?P<r{s}>今年|去年|前年|明年))?"
        rf"(?:(?P<yp{s}>{_QTR}|{_CHU}|末|底|度)|{_SP}{md})?"
    )


_TEMPORAL = (
    rf"(?:(?P<ybare>{_YR})(?={_SEP}{_YR}年)|(?P<mobare>{_MO})(?={_SEP}{_MO}月)|{_point('a')})"
    rf"(?:{_SEP}(?:{_point('b')}|(?P<dayb>{_DY})[日号](?!{_TIME})))?"
    r"(?P<sx>以来|以來|至今|迄今|以后|之后|以前|之前|前后|起(?!草|诉|来|步|点|到|码)"
    r"|前(?!往|进|来|去|行|夕|期|身|提|线|沿|列|三|两)|后(?!期|续|来|备|勤|方))?"
)
_ISO = (
    rf"(?P<iy>{_YR})[-/.](?P<im>1[0-2]|0?[1-9])[-/.](?P<id>3[01]|[12][0-9]|0?[1-9])(?![0-9])"
    r"(?:[ T](?P<it>[0-2]?[0-9]:[0-5][0-9](?::[0-5][0-9])?))?"
)
#: 6·26 (the international anti-drug day): a day named by its date
_NAMED_DAY = r"(?P<ndm>1[0-2]|[1-9])[·•・](?P<ndd>3[01]|[12][0-9]|[1-9])(?![0-9])"
_CEN = r"(?:[0-9]{2}|二十一|二十|十九|十八|上)"
_DECADE = (
    rf"(?:(?P<cen>{_CEN})世纪)?(?P<dd>[1-9]0|[一二三四五六七八九]十)年代"
    r"(?P<dp>初期|初|中期|中后期|中叶|后期|末期|末)?(?P<dsx>以来|以后|起|以前|之前)?"
)
_CENTURY = rf"(?P<cen2>{_CEN})世纪(?P<cp>初|中叶|末|上半叶|下半叶)?(?P<csx>以来|以后|起|以前|之前)?"
_FREQ = (
    r"每(?P<fn>半|[0-9]+|[一二两三四五六七八九十]+)?(?P<fc>个)?"
    r"(?P<fu>季度|年度|年|月|周|星期|天|日|小时)"
)
_RANK = (
    r"第(?P<rn>[0-9]+|[一二三四五六七八九十百]+)"
    r"(?P<ru>名|位|批|个|次|轮|届|期|阶段|站|梯队|档|版|条|款|章|页|頁)?"
)
_TOP = r"前(?P<tn>[0-9]+|[一二两三四五六七八九十]+)(?P<tu>名|位)"
#: A time of day without a date (14时许, 8点30分); checked against its context in Python.
_TOD = (
    r"(?<![0-9:.])(?:[01]?[0-9]|2[0-3])(?:[时時点點](?:[0-5]?[0-9]分(?:[0-5]?[0-9]秒)?|半|钟|鐘)?"
    r"|:[0-5][0-9](?::[0-5][0-9])?(?![0-9]))(?:许|許|左右)?"
)
_STREAK = r"(?P<sn>[0-9]+|[一二两三四五六七八九十]+)连(?P<su>冠|胜)"
_DOUBLING = r"翻了?(?P<fbn>一|两|二|三|四|[0-9]+)番"
_PCT_CN = (
    r"(?:百|(?P<pcden>[千万萬]))分之"
    r"(?P<pcnum>{_AR}|[零〇一二三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?)"
    r"(?P<pcq>左右|以上)?"
)
_PCT_POINT = rf"(?P<ppnum>{_AR}|{_CN})[个個]?百分[点點]"
_GENERAL = (
    rf"(?P<gnum>{_AR_COMMA}|{_AR}|{_CN}(?=[余多]?(?:[万亿萬億]|{_UNIT_ALT}))|[万萬](?=[余多]?[元人名]))"
    r"(?P<gq1>[余多])?(?P<gmag>万亿|萬億|[万亿萬億])?(?P<gtail>(?<=[0-9][万萬])[0-9]{1,4}(?![0-9.]))?"
    rf"(?P<gq2>[余多])?(?P<gunit>{_UNIT_ALT})?"
    r"(?P<gq3>左右|及以[上下]|以[上下内內]|余(?![额下])"
    r"|多(?![次名人家个年种项位起件部所元样方])|许(?![多可]))?"
)

_RANGE = (
    # atomic ends: a range's ends are whole numbers, and backtracking into them only costs
    rf"(?P<rlo>(?>{_AR}|{_CN_BARE}))(?P<rlq>[余多])?(?P<rlu>[%％])?{_SEP_CHARS}"
    rf"(?P<rhi>(?>{_AR}|{_CN_BARE}))(?P<rq>[余多])?"
    rf"(?P<rmag>万亿|萬億|[万亿萬億])?(?P<runit>{_UNIT_ALT})(?P<rq3>左右)?"
)
_CN_ONE_TO_NINE = "一二三四五六七八九"
#: The forms of the scan in their order of precedence (at a character, the first form that
#: matches there wins): name, pattern, and the characters it can start with (a test checks
#: them against the pattern).
_FORMS = (
    ("ident", _IDENT, f"{_DIG}A-Za-z©"),
    (
        "lex",
        f"{'|'.join(_LEXICAL)}|{_LEX_PATTERN}",
        "".join(sorted({"一", *(w[0] for w in _LEXICAL)})),
    ),
    ("iso", _ISO, "12"),
    ("dec", _NOT_AFTER_NUM + _DECADE, f"{_DIG}{_CN_ONE_TO_NINE}十上"),
    ("cent", _NOT_AFTER_NUM + _CENTURY, f"{_DIG}二十上"),
    ("tmp", _NOT_AFTER_NUM + _TEMPORAL, f"{_DIG}{_CN_ONE_TO_NINE}十今去前明上下第"),
    ("fq", _FREQ, "每"),
    ("rk", _RANK, "第"),
    ("sk", _NOT_AFTER_NUM + _STREAK, f"{_DIG}{_CN_ONE_TO_NINE}两十"),
    ("fb", _DOUBLING, "翻"),
    ("pc", _PCT_CN, "百千万萬"),
    ("hf", "半", "半"),
    ("pp", _NOT_AFTER_NUM + _PCT_POINT, f"{_DIG}{_CN_ONE_TO_NINE}两十百千"),
    ("nd", _NOT_AFTER_NUM + _NAMED_DAY, "1-9"),
    ("rg", _NOT_AFTER_NUM + _RANGE, f"{_DIG}{_CN_ONE_TO_NINE}两十"),
    ("g", _NOT_AFTER_NUM + _GENERAL, f"{_DIG}{_CN_ONE_TO_NINE}两十百千万萬"),
    ("slg", _SLOGAN, f"{_CN_ONE_TO_NINE}两十"),
    ("top", _NOT_AFTER_NUM + _TOP, "前"),
)
#: Characters that can start an expression (qualifier prefixes and rank scopes are
#: added in Python, looking left of the number).
_START_CHARS = f"{_DIG}A-Za-z©一二两三四五六七八九十百千万萬今去前明上下第每翻半"
# One scan: the leading character class lets the regex engine skip to candidate
# characters in C. At a candidate, the forms are tried in turn by a lookahead at that
# character, each behind a test of its first characters (which the engine makes before
# it enters the form), so each expression is reported by the span of its named group.
_MASTER_PATTERN = (
    rf"[{_START_CHARS}](?<="
    + "|".join(rf"[{first}](?<=(?=(?P<{name}>{form})).)" for name, form, first in _FORMS)
    + ")"
)


@lru_cache(maxsize=1)
def _master() -> re.Pattern[str]:
    """The scanning expression, compiled on first use (compiling takes ~0.2 s)."""
    return re.compile(_MASTER_PATTERN)


_SCOPES = ("全自治区", "全国", "全省", "全区", "全市", "全州", "全县", "全盟")


_FULLWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_PUNCT = '，。；;,！？!?\n：:、（）()“”"「」《》'
_CLAUSE_TAIL = re.compile(rf"[^{re.escape(_PUNCT)}]*\Z")
_PREFIX_LAST = frozenset(p[-1] for p in _PREFIXES)
_COUNT_CONTEXT = re.compile(
    r"(?:共计?|累计|仅有?|只有?|为期|破获|侦破|抓获|缴获|查获|铲除|捣毁|打掉|发生|新增|增加|减少|各"
    r"|经过|历时|历经|用时|耗时|仅用)$"
)
_DOWN = re.compile(
    r"(?:(?:下降|减少|減少|降低|下滑|回落|缩减|縮減|减|減|降)(?:了|達|达|分别|分別)?"
    r"|(?:降幅|减幅|減幅|下降幅度|降低幅度)(?:分别|分別)?(?:达到|達到|达|達|为|為|是|在)?"
    r"|低于|低於)$"
)
_UP = re.compile(
    r"(?:(?<![新净淨])(?:上升|增加|增长|增長|提高|提升|上涨|上漲|增|升|涨|漲)"
    r"(?:了|達|达|分别|分別)?"
    r"|(?:增幅|涨幅|漲幅|增长率|增長率|增速|增长幅度|增長幅度)(?:分别|分別)?"
    r"(?:达到|達到|达|達|为|為|是|在)?|高出|高于|高於|超出)$"
)
_YOY = re.compile(
    r"同比|环比|環比|比上年|比去年|较上年|较去年|較上年|較去年|较前年|較前年|与上年同期|与去年同期"
)
#: Characters before a list marker or an enumeration (1、 (2) 第一，).
_ENUM_BEFORE = frozenset("\n \t\u3000。；;：:（(！？!?")


# --------------------------------------------------------------------------- dates


def _to_date(published: dt.date | dt.datetime | str | None) -> dt.date | None:
    if published is None or published == "":
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    try:
        return dt.date.fromisoformat(str(published).strip()[:10])
    except ValueError:
        raise ValueError(
            f"published date {published!r} is not an ISO date (YYYY-MM-DD[THH:MM...]); "
            "pass a datetime.date or an ISO string"
        ) from None


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGIT.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})


def _small_int(s: str) -> int:
    """Arabic or Chinese integer below 100 (月, 日, 季度, 世纪)."""
    s = s.translate(_FULLWIDTH)
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
    return _CN_DIGIT[s]


@lru_cache(maxsize=4096)
def _year_part(y: int, part: str) -> tuple[dt.date, dt.date, str]:
    if part in ("度", ""):
        return dt.date(y, 1, 1), dt.date(y, 12, 31), ""
    if part == "初":
        return dt.date(y, 1, 1), dt.date(y, 1, 31), "年初 read as January"
    if part in ("末", "底"):
        return dt.date(y, 12, 1), dt.date(y, 12, 31), f"年{part} read as December"
    if part == "上半年":
        return dt.date(y, 1, 1), dt.date(y, 6, 30), ""
    if part == "下半年":
        return dt.date(y, 7, 1), dt.date(y, 12, 31), ""
    n = _small_int(part.removeprefix("第").removeprefix("前").removesuffix("季度"))
    end = _month_end(y, 3 * n)
    if part.startswith("前"):
        return dt.date(y, 1, 1), end, ""
    return dt.date(y, 3 * n - 2, 1), end, ""


@lru_cache(maxsize=4096)
def _month_part(y: int, mo: int, part: str) -> tuple[dt.date, dt.date, str]:
    if part in ("初", "上旬"):
        return dt.date(y, mo, 1), dt.date(y, mo, 10), f"月{part} read as days 1-10"
    if part == "中旬":
        return dt.date(y, mo, 11), dt.date(y, mo, 20), ""
    if part in ("底", "末", "下旬"):
        end = _month_end(y, mo)
        return dt.date(y, mo, 21), end, f"月{part} read as days 21-{end.day}"
    return dt.date(y, mo, 1), _month_end(y, mo), ""


@dataclass
class _Ctx:
    """Per-paragraph state while scanning: the year in force and the last frequency."""

    published: dt.date | None
    paragraph: int = 0
    year: int | None = None
    last_frequency_end: int = -1
    #: (year, month) of the last date of the paragraph, for a bare day (25日表示)
    month: tuple[int, int] | None = None
    #: the text counts years in the ROC calendar (it prints 民國/民国)
    roc: bool = False
    #: spans of source-attribution lines (来源: ...), whose digits are page furniture
    sources: list[tuple[int, int]] = field(default_factory=list)
    #: spans of e-mail addresses (page furniture), in text order
    emails: list[tuple[int, int]] = field(default_factory=list)
    #: end of the last expression found (a qualifier prefix cannot start before it)
    last_end: int = 0


def _resolve_point(
    m: re.Match[str], s: str, ctx: _Ctx, year_hint: int | None
) -> tuple[dt.date, dt.date, str, bool, int | None, str] | None:
    """Dates of one point of a temporal expression: (start, end, kind, explicit, year, note)."""
    notes: list[str] = []
    y_txt, rel, mo_txt, part, d_txt, mp, mt_txt = m.group(*_POINT_GROUPS[s])
    explicit = False
    year: int | None
    if y_txt:
        year, explicit = int(y_txt), True
    elif rel:
        if ctx.published is None:
            year = None
        else:
            year = ctx.published.year + {"今年": 0, "去年": -1, "前年": -2, "明年": 1}[rel]
            explicit = True
    else:
        year = year_hint if year_hint is not None else ctx.year
    part = part or ""
    if not (y_txt or rel or mo_txt or part) or (
        part in ("初", "末", "底", "度") and not (y_txt or rel)
    ):
        return None
    from_pub = False
    if year is None and ctx.published is not None and not (y_txt or rel):
        year, from_pub = ctx.published.year, True
    if year is None:
        return None
    if mo_txt:
        mo = _small_int(mo_txt)
        mp = mp or ""
        if mt_txt:
            mt = _small_int(mt_txt)
            if mt < mo:
                return None
            start, end, kind = dt.date(year, mo, 1), _month_end(year, mt), "period"
        elif d_txt:
            try:
                start = end = dt.date(year, mo, _small_int(d_txt))
            except ValueError:
                return None
            kind = "date"
        else:
            start, end, note = _month_part(year, mo, mp)
            notes.append(note)
            kind = "period" if mp and mp != "份" else "date"
    else:
        start, end, note = _year_part(year, part)
        notes.append(note)
        kind = "period" if part and part != "度" else "year"
    if from_pub and ctx.published is not None and start > ctx.published:
        year -= 1
        start, end = start.replace(year=year), end.replace(year=year)
        notes.append("year not printed: the year before publication")
    elif from_pub:
        notes.append("year not printed: the publication year")
    elif not (y_txt or rel):
        notes.append("year not printed: from the paragraph")
    elif rel:
        notes.append(f"{rel} read from the publication date")
    return start, end, kind, explicit, year, "; ".join(filter(None, notes))


#: The groups of the first and the second point of a temporal expression, as
#: :func:`_resolve_point` reads them.
_POINT_GROUPS = {s: tuple(g + s for g in ("y", "r", "mo", "yp", "d", "mp", "mt")) for s in "ab"}


# --------------------------------------------------------------------------- extraction


class _Text:
    """Paragraph lookup for character offsets (paragraph = non-empty line)."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = [pos for _, pos, _ in paragraph_lines(text)]
        self.paras: list[int] = list(range(1, len(self.starts) + 1))

    def paragraph(self, offset: int) -> int | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.paras[i] if i >= 0 else None


def extract(
    text: str, published: dt.date | str | None = None, *, title: str | None = None
) -> list[Expression]:
    """Find every numeric expression in a Chinese text.

    Parameters
    ----------
    text : str
        Plain text; paragraphs are non-empty lines.
    published : datetime.date or str, optional
        Publication date (ISO string accepted, time and offset ignored): resolves
        dates printed without a year, ``今年``, ``去年`` and ``以来``.
    title : str, optional
        The article title as it stands on its own line. Given, only the article
        body is read (the title line to the byline, see
        :func:`wzdata.extract.paragraphs.article_body`) and paragraphs are numbered
        from the title (= 1); spans stay offsets in ``text``. Without it the
        whole text is read and paragraph 1 is its first non-empty line.

    Returns
    -------
    list of Expression
        In text order, non-overlapping; ``text[e.start:e.end] == e.text``.

    Examples
    --------
    >>> [(e.text, e.kind, str(e.value), e.direction) for e in extract("下降了近12倍")]
    [('近12倍', 'fold', '12', 'down')]
    """
    if not isinstance(text, str):
        raise TypeError(f"extract() needs a str, got {type(text).__name__}")
    if title:
        body, offset = article_body(text, title)
        return [
            dataclasses.replace(e, start=e.start + offset, end=e.end + offset)
            for e in extract(body, published)
        ]
    ctx = _Ctx(_to_date(published))
    # years in the ROC calendar only where the text writes one (民國109年), not where it
    # merely names the era (民国时期)
    ctx.roc = ("民國" in text or "民国" in text) and _ROC_YEAR.search(text) is not None
    if "源" in text or "转" in text or "轉" in text or "出处" in text or "出處" in text:
        ctx.sources = [mm.span() for mm in _SOURCE_LINE.finditer(text)]
    if "@" in text:
        ctx.emails = [mm.span() for mm in _EMAIL.finditer(text)]
    glosses = _glosses(text)
    scanned = _without_glosses(text, glosses) if glosses else text
    # The scan allocates many small acyclic objects; the cyclic collector only adds
    # work that grows with the output, so it is paused (and restored) meanwhile.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        found = _scan(scanned, ctx)
    finally:
        if gc_was_enabled:
            gc.enable()
    return _restore_glosses(text, found, glosses) if glosses else found


_ROC_YEAR = re.compile(r"民[國国]\s*(?:[0-9]{1,3}|[一二三四五六七八九十百]+)\s*年")
_EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
#: An inline pinyin gloss after a character (億(yì)元, 噸(dūn)): dropped before the scan.
_GLOSS = re.compile(r"[(（](?<=[\u4e00-\u9fff][(（])[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")


def _glosses(text: str) -> list[tuple[int, int]]:
    if "(" not in text and "（" not in text:
        return []
    return [mm.span() for mm in _GLOSS.finditer(text)]


def _without_glosses(text: str, glosses: list[tuple[int, int]]) -> str:
    parts, pos = [], 0
    for a, b in glosses:
        parts.append(text[pos:a])
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


def _restore_glosses(
    text: str, found: list[Expression], glosses: list[tuple[int, int]]
) -> list[Expression]:
    """Spans of the scanned text (glosses dropped) mapped back to the original text."""
    # offsets in the scanned text at which each gloss was removed, and the shift after it
    cuts, shifts, total = [], [], 0
    for a, b in glosses:
        cuts.append(a - total)
        total += b - a
        shifts.append(total)

    def back(i: int, *, is_end: bool) -> int:
        k = bisect.bisect_right(cuts, i - 1 if is_end else i) - 1
        return i + (shifts[k] if k >= 0 else 0)

    out = []
    for e in found:
        start, end = back(e.start, is_end=False), back(e.end, is_end=True)
        if (start, end) == (e.start, e.end):
            out.append(e)
            continue
        e = _replace(e, start=start, end=end, text=text[start:end])
        if any(start < a and b <= end for a, b in glosses):
            e = _amend(e, "inline pinyin gloss ignored")
        out.append(e)
    return out


def _scan(text: str, ctx: _Ctx) -> list[Expression]:
    out: list[Expression] = []
    _scan_window(text, ctx, _Text(text), out, 0, len(text), None)
    return out


def _scan_window(
    text: str,
    ctx: _Ctx,
    lines: _Text,
    out: list[Expression],
    pos: int,
    stop: int,
    prev: Expression | None,
    before: int | None = None,
) -> tuple[int, Expression | None]:
    """Scan ``text`` from ``pos`` for expressions that begin before ``stop``.

    ``text`` may be a window of a longer text (:mod:`wzdata.extract.stream`): then
    ``lines`` numbers the paragraphs that start in it, ``before`` is the paragraph
    in force at its start and ``prev`` the last expression found before it.
    Returns the position to go on from and the last expression found.
    """
    search = _master().search
    emails = ctx.emails
    para: int | None = None
    para_start, para_end = 0, -1
    while True:
        m = search(text, pos)
        if m is None or m.start() >= stop:
            break
        begin = m.start()
        if emails and begin >= emails[0][0]:
            while emails and emails[0][1] <= begin:
                emails.pop(0)
            if emails and emails[0][0] <= begin:
                a, b = emails.pop(0)
                e = _expression(
                    a, b, text[a:b], "identifier", note="e-mail address: page furniture"
                )
                object.__setattr__(e, "paragraph", lines.paragraph(a))
                out.append(e)
                prev = e
                ctx.last_end = pos = b
                continue
        if not para_start <= begin < para_end:  # a new paragraph: look it up once
            i = bisect.bisect_right(lines.starts, begin) - 1
            para = lines.paras[i] if i >= 0 else before
            para_start = lines.starts[i] if i >= 0 else 0
            para_end = lines.starts[i + 1] if i + 1 < len(lines.starts) else len(text) + 1
            if para != ctx.paragraph:
                ctx.paragraph, ctx.year, ctx.last_frequency_end = para or 0, None, -1
                ctx.month = None
        found, nxt = _HANDLERS[m.lastgroup or ""](text, m, ctx)
        for e in found:
            if prev is not None and not e.direction and e.kind in _CHANGE_KINDS:
                e = _inherit_direction(text, prev, e)
            # set once, before the expression is handed out (frozen afterwards)
            object.__setattr__(e, "paragraph", para)
            out.append(e)
            prev = e
            ctx.last_end = e.end
        pos = nxt if nxt > begin else begin + 1
    return pos, prev


_CHANGE_KINDS = frozenset({"percent", "fold", "count", "money", "weight", "amount"})
_LIST_JOINERS = frozenset({"、", "和", "及", "与", "以及", "，、"})


def _inherit_direction(text: str, prev: Expression, e: Expression) -> Expression:
    """分别下降12.5%、8.3%和45.9%: a listed change takes the direction of the one before.

    Every value of the list takes it, whatever its kind (分别增长1.2倍、35%和2个百分点).
    """
    if (
        not prev.direction
        or prev.kind not in _CHANGE_KINDS
        or text[prev.end : e.start] not in _LIST_JOINERS
    ):
        return e
    return _amend(e, "direction of the preceding listed change (分别 ...)", prev.direction)


_Result = tuple[list[Expression], int]


def _h_ident(text: str, m: re.Match[str], ctx: _Ctx) -> _Result:
    start, end = m.span("ident")
    if not any(ch.isdigit() for ch in m.group("ident")):
        return [], end
    if m.group("ident").startswith("ICP") and start and "\u4e00" <= text[start - 1] <= "\u9fff":
        start -= 1  # 京ICP备: the province character is part of the licence number
    e = _expression(start, end, text[start:end], "identifier", note="page furniture or code")
    return [e], end


def _h_lex(text: str, m: re.Match[str], ctx: _Ctx) -> _Result:
    return [], m.end("lex")


def _h_iso(text: str, m: re.Match[str], ctx: _Ctx) -> _Result:
    try:
        d = dt.date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    except ValueError:
        return [], m.start("iso") + 1
    ctx.year = d.year
    if m.group("it"):
        return _datetime(text, m.span("iso"), d, m.group("it"), [], ctx)
    ctx.month = (d.year, d.month)
    e = _one_day(m.start("iso"), m.end("iso"), m.group("iso"), d.year, d.month, d.day)
    return [e], m.end("iso")


def _one_day(
    start: int, end: int, printed: str, year: int | None, month: int, day: int, note: str = ""
) -> Expression:
    """A date of one day: value ``YYYYMMDD`` (year ``0000`` when unknown), the day its period."""
    value = Decimal((year or 0) * 10_000 + month * 100 + day)
    iso = dt.date(year, month, day).isoformat() if year is not None else None
    return _expression(
        start, end, printed, "date", value, value, value, "日", "exact", "", iso, iso, note=note
    )


def _years_period(
    text: str,
    start: int,
    end: int,
    first: int,
    last: int,
    sx: str,
    ctx: _Ctx,
    notes: list[str],
) -> Expression:
    """A period of whole years ``first``-``last`` printed at ``text[start:end]``, opened by
    a suffix ``sx`` (以来, 以后, 起, 以前) as :func:`_open_period` reads it."""
    ps, pe = _open_period(dt.date(first, 1, 1), dt.date(last, 12, 31), sx, ctx, notes)
    return _expression(
        start,
        end,
        text[start:end],
        "period",
        period_start=ps.isoformat() if ps else None,
        period_end=pe.isoformat() if pe else None,
        note="; ".join(notes),
    )


def _open_period(
    start: dt.date, end: dt.date, sx: str, ctx: _Ctx, notes: list[str]
) -> tuple[dt.date | None, dt.date | None]:
    """Apply 以来 / 以后 / 起 / 以前 to a printed period."""
    if sx in ("以来", "以來", "至今", "迄今"):
        notes.append(f"{sx} runs to the publication date" if ctx.published else f"{sx}: open end")
        return start, ctx.published
    if sx in ("以后", "之后", "后", "起"):
        notes.append(f"{sx}: from the start of the printed period, open end")
        return start, None
    if sx in ("以前", "之前", "前"):
        notes.append(f"{sx}: up to the day before the printed period")
        return None, start - dt.timedelta(days=1)
    return start, end


def _h_decade(text: str, m: re.Match[str], ctx: _Ctx) -> _Result:
    cen_txt = m.group("cen")
    decade = _small_int(m.group("dd"))
    notes = []
    if cen_txt and cen_txt != "上":
        base = (_small_int(cen_txt) - 1) * 100
    elif cen_txt == "上" and ctx.published is not None:
        base = (ctx.published.year // 100 - 1) * 100
        notes.append("上世纪 read from the publication date")
    else:
        base = 1900
        notes.append("century not printed: read as the 1900s")
    y0 = base + decade
    part = m.group("dp") or ""
    lo, hi = {"": (0, 9), "初": (0, 2), "初期": (0, 2), "中期": (3, 6), "中叶": (3, 6)}.get(
        part, (7, 9)
    )
    if part:
        notes.append(f"年代{part} read as years {lo}-{hi} of the decade")
    start, end = m.span("dec")
    e = _years_period(text, start, end, y0 + lo, y0 + hi, m.group("dsx") or "", ctx, notes)
    return [e], end


def _h_century(text: str, m: re.Match[str], ctx: _Ctx) -> _Result:
    cen_txt = m.group("cen2")
    notes = []
    if cen_txt == "上":
        if ctx.published is None:
            return [_expression(m.start("cent"), m.end("cent"), m.group("cent"), "period")], m.end(
                "cent"
            )
        c = ctx.published.year // 100
        notes.append("上世纪 read from the publication date")
    else:
        c = _small_int(cen_txt)
    first, last = (c - 1) * 100 + 1, c * 100
    part = m.group("cp") or ""
    spans = {
        "": (first, last),
        "初": (first, first + 19),
        "中叶": (first + 39, first + 69),
        "末": (last - 19, last),
        "上半叶": (first, first + 49),
        "下半叶": (first + 50, last),
    }
    a, b = spans[part]
    notes.append(f"{c}世纪 = {first}-{last}" + (f"; {part} read as {a}-{b}" if part else ""))
    start, end = m.span("cent")
    return [_years_period(text, start, end, a, b, m.group("csx") or "", ctx, notes)], end


def _h_temporal(text: str, m: re.Match[str], ctx: _Ctx) -> _Result:
    s = m.group("tmp")
    notes: list[str] = []
    if m.group("ybare") or m.group("mobare"):
        # 2016-2021年 / 1-5月: the first point is bare and takes the second's year or month unit
        b = _resolve_point(m, "b", ctx, None)
        if b is None:
            return [
                _expression(m.start("tmp"), m.end("tmp"), s, "period", note="year unknown")
            ], m.end("tmp")
        if m.group("ybare"):
            start = dt.date(int(m.group("ybare")), 1, 1)
        else:
            start = dt.date(b[0].year, _small_int(m.group("mobare")), 1)
        end, kind = b[1], "period"
        explicit_year = None
    else:
        a = _resolve_point(m, "a", ctx, None)
        if a is None and m.group("da") and not m.group("sx") and not m.group("mob"):
            mo, day = _small_int(m.group("moa")), _small_int(m.group("da"))
            value = Decimal(mo * 100 + day)
            e = _expression(
                m.start("tmp"),
                m.end("tmp"),
                s,
                "date",
                value,
                value,
                value,
                "日",
                note="year not printed and no publication date: year unknown (0000)",
            )
            return [e], m.end("tmp")
        if a is None:
            return [
                _expression(m.start("tmp"), m.end("tmp"), s, "period", note="year not printed")
            ], m.end("tmp")
        start, end, kind, explicit, year, note_a = a
        notes.append(note_a)
        explicit_year = year if explicit else None
        if s.startswith("下半年") and text[m.start("tmp") - 1 : m.start("tmp")] in _REMAINING:
            return _half_year(m.start("tmp") + 1)  # 剩下半年: the remaining half year
        has_b = any(m.group("yb", "rb", "mob", "ypb"))
        if kind == "date" and s[-1] in "日号" and m.group("dayb") and start == end:
            try:
                end = start.replace(day=_small_int(m.group("dayb")))
            except ValueError:
                return [], m.start("tmp") + 1
            if end < start:
                return [], m.start("tmp") + 1
            kind, explicit_year = "period", None
        if kind == "date" and not _HOUR_MARKS.isdisjoint(s) and m.group("tma") and not has_b:
            return _datetime(text, m.span("tmp"), start, m.group("tma"), notes, ctx)
        if has_b:
            b = _resolve_point(m, "b", ctx, year)
            if b is None:
                return [_expression(m.start("tmp"), m.end("tmp"), s, "period")], m.end("tmp")
            end, kind, explicit_year = b[1], "period", None
            if not b[3]:
                notes.append(b[5])
    sx = m.group("sx") or ""
    qualifier = "exact"
    ps, pe = _open_period(start, end, sx, ctx, notes)
    if sx == "前后":
        qualifier = "about"
    if sx:
        kind = "period"
    if explicit_year is not None and not sx and not _is_comparison_base(text, m.span("tmp")):
        ctx.year = explicit_year
    value: Decimal | None = None
    unit = ""
    if kind == "year":
        value, unit = Decimal(start.year), "年"
    elif kind == "date":
        day = start.day if start == end else 0
        value = Decimal(start.year * 10_000 + start.month * 100 + day)
        unit = "日" if day else "月"
        ctx.month = (start.year, start.month)
    e = _expression(
        m.start("tmp"),
        m.end("tmp"),
        s,
        kind,
        value,
        value,
        value,
        unit,
        qualifier,
        "",
        ps.isoformat() if ps else None,
        pe.isoformat() if pe else None,
        note="; ".join(filter(None, notes)),
    )
    return [e], m.end("tmp")


_COMPARISON_BEFORE = ("较", "較", "比", "与", "與", "同比", "对比", "相比")
_COMPARISON_LAST = frozenset(w[-1] for w in _COMPARISON_BEFORE)
#: 剩下半年, 余下半年: 下 ends the word before; 半年 is half a year, not the second half.
_REMAINING = frozenset("剩余餘留")


def _half_year(start: int) -> _Result:
    value = Decimal("0.5")
    e = _expression(
        start,
        start + 2,
        "半年",
        "duration",
        value,
        value,
        value,
        "年",
        note="半年: half a year (剩下半年 is not the second half of the year)",
    )
    return [e], start + 2


_TIME_PARTS = re.compile(
    rf"\s*(?P<part>{_DAY_PARTS})?(?P<h>[0-9]{{1,2}})(?:[时時点點](?:(?P<mi>[0-9]{{1,2}})分(?:(?P<se>[0-9]{{1,2}})秒)?|(?P<half>半)"
    r"|[钟鐘])?|:(?P<mc>[0-9]{2})(?::(?P<sc>[0-9]{2}))?)(?P<q>许|許|左右)?"
)


def _time_of_day(printed: str) -> tuple[dt.time, str, bool] | None:
    """(time, unit of its last printed place, about) of 14时许, 08:15, 9点半."""
    t = _TIME_PARTS.fullmatch(printed)
    if t is None:
        return None
    h = int(t.group("h"))
    if t.group("part") in _PM_PARTS and h < 12:
        h += 12  # 下午3时: 15:00
    mi_txt, se_txt = t.group("mi") or t.group("mc"), t.group("se") or t.group("sc")
    mi = 30 if t.group("half") else int(mi_txt or 0)
    se = int(se_txt or 0)
    if h > 23 or mi > 59 or se > 59:
        return None
    unit = "秒" if se_txt else "分" if (mi_txt or t.group("half")) else "时"
    return dt.time(h, mi, se), unit, t.group("q") is not None


_TIME_STEP = {
    "时": dt.timedelta(hours=1),
    "分": dt.timedelta(minutes=1),
    "秒": dt.timedelta(seconds=1),
}


def _stamp(x: dt.datetime, with_date: bool) -> Decimal:
    n = x.hour * 10_000 + x.minute * 100 + x.second
    return Decimal((x.year * 10_000 + x.month * 100 + x.day) * 1_000_000 + n if with_date else n)


def _iso_instant(x: dt.datetime, unit: str) -> str:
    return x.isoformat(timespec="seconds" if unit == "秒" else "minutes")


def _datetime(
    text: str,
    span: tuple[int, int],
    day: dt.date | None,
    printed_time: str,
    notes: list[str],
    ctx: _Ctx,
) -> _Result:
    """A date with its time of day (kind ``datetime``), or a time alone (kind ``time``)."""
    start, end = span
    parts = _time_of_day(printed_time.strip())
    if parts is None:
        return [], start + 1
    t, unit, about = parts
    base = dt.datetime.combine(day or dt.date(2000, 1, 1), t)
    lo = hi = base
    if about:  # 14时许: half a step of the last printed place either side
        half = _TIME_STEP[unit] / 2
        lo, hi = base - half, base + half
        if day is None:  # a time alone stays within its day
            lo = max(lo, base.replace(hour=0, minute=0, second=0))
            hi = min(hi, base.replace(hour=23, minute=59, second=59))
        notes.append(f"许/左右: about, ± half a {unit}")
    if day is not None:
        ctx.month = (day.year, day.month)
        e = _expression(
            start,
            end,
            text[start:end],
            "datetime",
            _stamp(base, True),
            _stamp(lo, True),
            _stamp(hi, True),
            unit,
            "about" if about else "exact",
            "",
            _iso_instant(lo, unit),
            _iso_instant(hi, unit),
            note="; ".join(n for n in [*notes, "value YYYYMMDDhhmmss"] if n),
        )
    else:
        e = _expression(
            start,
            end,
            text[start:end],
            "time",
            _stamp(base, False),
            _stamp(lo, False),
            _stamp(hi, False),
            unit,
            "about" if about else "exact",
            note="; ".join([*notes, "time of day, no date printed: value hhmmss"]),
        )
    return [e], end


#: A time of day written with 点 needs one of these before it (上午8点) or 分/半/许 after.
_TOD_BEFORE = (
    "上午",
    "下午",
    "中午",
    "晚上",
    "凌晨",
    "早上",
    "傍晚",
    "夜间",
    "晚",
    "早",
    "日",
    "天",
)


@lru_cache(maxsize=1)
def _tod_re() -> re.Pattern[str]:
    return re.compile(_TOD)


def _time_of_day_at(text: str, start: int, ctx: _Ctx) -> _Result | None:
    """A time of day starting at ``start`` (14时许, 08:15), or None."""
    m = _tod_re().match(text, start)
    if m is None:
        return None
    end = m.end()
    printed = m.group()
    after = text[end : end + 1]
    context = any(text.startswith(w, start - len(w), start) for w in _TOD_BEFORE)
    ok = True
    if ":" in printed:
        ok = context or len(printed.split(":")[0]) == 2
    elif "点" in printed or "點" in printed:
        ok = context or printed[-1] not in "点點"
    elif printed[-1] in "时時":
        ok = after not in _NOT_AFTER_HOUR
    if not ok:
        return None
    part = next((w for w in _DAY_PARTS.split("|") if text.startswith(w, start - len(w), start)), "")
    if part:  # 下午3时: the part of the day belongs to the expression
        start -= len(part)
    return _datetime(text, (start, end), None, part + printed, [], ctx)


_NOT_AFTER_HOUR = frozenset("间間期代候刻节節段效限空机機尚事任")
_HOUR_MARKS = frozenset("时時点點:")


def _is_comparison_base(text: str, span: tuple[int, int]) -> bool:
    """较去年同期, 比2015年: a year named as the base of a comparison sets no context."""
    start, end = span
    if text.startswith("同期", end) or text.startswith("相比", end):
        return True
    if not start or text[start - 1] not in _COMPARISON_LAST:
        return False
    return any(text.startswith(w, start - len(w), start) for w in _COMPARISON_BEFORE)


def _h_frequency(text: str, m: re.Match[str], ctx: _Ctx) -> _Result:
    n_txt, unit = m.group("fn"), m.group("fu")
    if n_txt == "半":
        value = Decimal("0.5")
    elif n_txt:
        value = Decimal(_small_int(n_txt)) if len(n_txt) <= 3 else Decimal(int(n_txt))
    else:
        value = Decimal(1)
    unit = {"年度": "年", "星期": "周", "日": "天"}.get(unit, unit)
    ctx.last_frequency_end = m.end("fq")
    e = _expression(
        m.start("fq"),
        m.end("fq"),
        m.group("fq"),
        "frequency",
        value,
        value,
        value,
        unit,
        note=f"once every {decimal_text(value)} {unit} (the interval)",
    )
    return [e], m.end("fq")


def _h_rank(text: str, m: re.Match[str], ctx: _Ctx) -> _Result:
    start, end = m.span("rk")
    if (
        m.group("ru") is None
        and text[end : end + 1] in ("，", ",", "、", "：", ":", "是")
        and (text[start - 1 : start] if start else "\n") in _ENUM_BEFORE
    ):
        return [], end  # 第一，坚持...; 第二是...: an enumeration, not a rank
    ru = m.group("ru")
    if ru in ("页", "頁"):
        e = _expression(
            start, end, text[start:end], "identifier", note="page number: page furniture"
        )
        return [e], end
    if ru is None and _ORDINAL_NAME.match(text, end):
        note = f"ordinal in a name ({text[start : end + 3]}...): not a rank"
        return [_expression(start, end, text[start:end], "name", note=note)], end
    scope = next((sc for sc in _SCOPES if text.startswith(sc, start - len(sc), start)), "")
    try:
        q = parse(scope + m.group("rk"))
    except FigureParseError:
        try:
            q = parse("第" + m.group("rn"))
        except FigureParseError:
            return [], start + 1
    start -= len(scope)
    # 名/位/个 rank a place (位次); 第一批, 第3版 keep what they number
    unit = "位次" if ru in (None, "名", "位", "个") else ru
    note = "" if unit == "位次" else f"ordinal of a {ru} (第N{ru}), not a place"
    e = _from_quantity(start, end, text[start:end], q, kind="rank", unit=unit, note=note)
    return [e], end


#: 第二检察厅, 第一副主任: an ordinal that is part of a name or title.
_ORDINAL_NAME = re.compile(
    r"副|检察|檢察|法院|中级|中級|人民|厅|廳|庭|处|處|科|分局|中队|大队|支队|监狱|中学|小学|医院"
    r"|书记|看守所|戒毒所|季度"
)


def _h_top(text: str, m: re.Match[str], ctx: _Ctx) -> _Result:
    """前5位, 前三名: the top N, a rank from 1 to N."""
    start, end = m.span("top")
    try:
        q = parse(f"第{m.group('tn')}名")
    except FigureParseError:
        return [], start + 1
    scope = next((sc for sc in _SCOPES if text.startswith(sc, start - len(sc), start)), "")
    start -= len(scope)
    e = _expression(
        start,
        end,
        text[start:end],
        "rank",
        q.value,
        Decimal(1),
        q.value,
        "位次",
        "at_most",
        note=f"前N{m.group('tu')}: the top N, a rank from 1 to N",
    )
    return [e], end


def _h_slogan(text: str, m: re.Match[str], ctx: _Ctx) -> _Result:
    start, end = m.span("slg")
    note = "slogan (numeral + character, repeated): a name, not counted"
    return [_expression(start, end, text[start:end], "name", note=note)], end


def _h_streak(text: str, m: re.Match[str], ctx: _Ctx) -> _Result:
    s = m.group("sk")
    try:
        q = parse(s if m.group("su") == "冠" else m.group("sn") + "连冠")
    except FigureParseError:
        return [], m.start("sk") + 1
    e = _from_quantity(m.start("sk"), m.end("sk"), s, q, unit="连" + m.group("su"))
    return [e], m.end("sk")


def _h_doubling(text: str, m: re.Match[str], ctx: _Ctx) -> _Result:
    n = _small_int(m.group("fbn")) if len(m.group("fbn")) < 3 else int(m.group("fbn"))
    value = Decimal(2**n)
    e = _expression(
        m.start("fb"),
        m.end("fb"),
        m.group("fb"),
        "fold",
        value,
        value,
        value,
        "倍",
        "exact",
        "up",
        note=f"翻{n}番: new/old = 2**{n} = {value}",
    )
    return [e], m.end("fb")


def _prefix_before(text: str, start: int, floor: int = 0) -> str:
    """The qualifier prefix printed just before a number (近, 约, 超过 ...), or ``""``.

    The prefix starts at ``floor`` or later (the end of the expression before).
    """
    if start == 0 or text[start - 1] not in _PREFIX_LAST:
        return ""
    for p in _PREFIXES:
        if start - len(p) >= floor and text.startswith(p, start - len(p), start):
            if p == "近" and start >= 2 and text[start - 2] in "最附":
                return ""  # 最近3天, 附近: 近 is not "nearly"
            return p
    return ""


def _h_pct_cn(text: str, m: re.Match[str], ctx: _Ctx) -> _Result:
    start, end = m.span("pc")
    pre = _prefix_before(text, start, ctx.last_end)
    printed = m.group("pc")
    try:
        q = parse(_PREFIX_READ.get(pre, pre) + printed)
    except FigureParseError:
        num = m.group("pcnum")
        if "点" not in num or m.group("pcden"):
            return [], start + 1
        whole, _, frac = num.partition("点")
        try:
            w = parse(whole + "%") if whole.isdigit() else parse("百分之" + whole)
            digits = "".join(str(_CN_DIGIT[c]) for c in frac)
            pq = _PREFIX_READ.get(pre, pre)
            q = parse(f"{pq}{decimal_text(w.value)}.{digits}%{m.group('pcq') or ''}")
        except FigureParseError:
            return [], start + 1
    start -= len(pre)
    note = share_reading(printed) if m.group("pcden") else ""
    e = _from_quantity(start, end, text[start:end], q, note=note)
    return [_with_direction(text, e)], end


#: What may follow a printed fraction: its qualifier (三分之一以上, 三分之一强).
_SHARE_TAIL = re.compile(
    r"(?P<q>及以上|以上|及以下|以下|以内|以內|左右|(?:多|余|餘|强|強|弱)(?![\u4e00-\u9fff])"
    r"|(?:多|余|餘|强|強|弱)(?=的))?"
)
_FRACTION_NUMERATOR = re.compile(
    rf"{_AR}|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?"
)
_AT_MOST_TAILS = frozenset({"以下", "及以下", "以内", "以內"})


def _share(
    text: str, start: int, end: int, printed_share: str, pre: str, notes: list[str]
) -> _Result | None:
    """A share printed in words from ``start`` to ``end`` (三分之一, 一半, 过半数), with its
    qualifiers: the prefix ``pre`` before it and a tail after it (以上, 以下, 左右, 强 ...).

    ``printed_share`` is the share as parse() reads it. None when parse() cannot read it.
    """
    tail = _SHARE_TAIL.match(text, end).group("q") or ""
    at_most = tail in _AT_MOST_TAILS
    read_tail = "以上" if tail == "及以上" else "" if at_most else tail
    pq = _PREFIX_READ.get(pre, pre)
    try:
        q = parse(f"{pq}{printed_share}{read_tail}")
    except FigureParseError:
        if not pre:
            return None
        return _share(text, start, end, printed_share, "", notes)
    start -= len(pre)
    end += len(tail)
    notes = [*notes, share_reading(f"{pq}{printed_share}{read_tail}")]
    e = _from_quantity(start, end, text[start:end], q)
    if tail == "及以上":
        notes.append("及以上: at least, the printed share included")
    if at_most:
        e = _replace(e, lower=Decimal(0), qualifier="at_most")
        notes.append(f"{tail}: at most, the printed share included")
    e = _with_direction(text, e)
    return [_amend(e, "; ".join(notes))], end


def _fraction(text: str, start: int, after: int, denominator: str, pre: str) -> _Result | None:
    """三分之一, 3分之2, 十万分之一: ``denominator`` printed from ``start``, 分之 at ``after``."""
    m = _FRACTION_NUMERATOR.match(text, after + 2)
    if m is None:
        return None
    den = denominator.translate(_FULLWIDTH)
    return _share(text, start, m.end(), f"{den}分之{m.group().translate(_FULLWIDTH)}", pre, [])


#: A share printed with a slash (2/3) is read only after one of these in its clause, after
#: a qualifier (近2/3, 超过2/3) or before a bound (2/3以上): 6/26 alone is a date, 3/5 may
#: be a score.
_SHARE_CONTEXT = re.compile(r"占|佔|比例|比重|份额|份額")
_SLASH_DENOMINATOR = re.compile(r"[/／](?P<den>[1-9][0-9]?|100)(?![0-9０-９./／:：\-A-Za-z%％‰])")
#: After a/b, these make it a share as a qualifier before it does (2/3以上的乡镇).
_BOUND_TAILS = frozenset({"以上", "及以上", "以下", "及以下"})
#: After a/b, these make it a date (2/3月), a count or a measure, not a share.
_NOT_AFTER_SLASH_SHARE = ("月", "日", "号", "號", "时", "時", "点", "點", "版", "期")


def _slash_share(text: str, start: int, end: int, num: str, pre: str) -> _Result | None:
    """2/3 as a share (占比达2/3, 超过2/3的乡镇), or None when it is not read as one.

    It is read as a share when a/b is proper (1 <= a < b <= 100, no leading zero), stands
    alone (no digit, slash or point on either side), is not followed by a month, day, hour or
    unit, and the clause before it names a share (占, 比例, 比重, 份额), or a qualifier stands
    before it (近, 约, 超过, 逾, 不到, 不足) or a bound after it (以上, 以下), and no score
    word (得分, 评分 ...) stands in the clause before it.
    """
    m = _SLASH_DENOMINATOR.match(text, end)
    if m is None or not num.isdigit() or num[0] == "0" or (start and text[start - 1] in "/／"):
        return None
    a, b = int(num), int(m.group("den"))
    if not 1 <= a < b or text.startswith(_NOT_AFTER_SLASH_SHARE, m.end()):
        return None
    if _unit_after(text, m.end()):
        return None
    clause = _clause_before(text, start - len(pre), 16)
    word = _SHARE_CONTEXT.search(clause)
    tail = _SHARE_TAIL.match(text, m.end()).group("q") or ""
    bound = tail if tail in _BOUND_TAILS else ""
    if not (pre or word or bound) or _SCORE_CONTEXT.search(clause):
        return None
    why = f"{bound} after it" if bound else f"{pre or (word.group() if word else '')} before it"
    note = f"{num}/{b} with {why}: a share, not a date or a score"
    return _share(text, start, m.end(), f"{b}分之{a}", pre, [note])


def _unit_after(text: str, pos: int) -> bool:
    """Whether a measure word or unit starts at ``pos`` (2/3公里, 1/2人)."""
    return _unit_re().match(text, pos) is not None


@lru_cache(maxsize=1)
def _unit_re() -> re.Pattern[str]:
    return re.compile(_UNIT_ALT)


def _h_half(text: str, m: re.Match[str], ctx: _Ctx) -> _Result:
    """半数, 一半, 过半(数), 大半, 近半: half, and more than half, of a whole."""
    p = m.start("hf")
    floor = ctx.last_end
    before = text[p - 1] if p - 1 >= floor else ""
    core = p
    if before in ("过", "過") and text[p - 2 : p - 1] in _NEGATIONS:
        return [], p + 1  # 不过半, 未过半: "not more than half", no share read
    if before == "一" and text[p - 2 : p - 1] not in _NOT_BEFORE_ONE_HALF:
        core = p - 1  # 一半 (not 另一半, 第一半场)
    elif before in ("过", "過") and text[p - 2 : p - 1] not in _GUO_WORDS:
        core = p - 1  # 过半 (not 经过半年, 超过半数: 超过 is the prefix)
    elif before == "大":
        core = p - 1  # 大半
    has_count = text[p + 1 : p + 2] in ("数", "數")
    end = p + 2 if has_count else p + 1
    pre = _prefix_before(text, core, floor)
    if not pre and core - 1 >= floor and text[core - 1 : core] == "超":
        pre = "超"  # 超半数: 超过
    if core == p and not (pre or has_count):
        return [], p + 1  # 半年, 半小时, 半个月: not a share
    if not has_count and _SHARE_TAIL.match(text, end).group("q") is None:
        nxt = text[end : end + 1]
        if core == p - 1 and before == "一":
            if nxt in _NOT_AFTER_ONE_HALF:
                return [], p + 1  # 一半年, 一半儿: not a share; 一半人员 is one
        elif nxt and nxt not in _CLAUSE_START and nxt not in _AFTER_HALF:
            return [], p + 1  # 大半年, 过半百, 近半小时: not a share
    found = _share(text, core, end, text[core:end], pre, [])
    return found if found is not None else ([], p + 1)


#: 另一半, 第一半场: 一 before 半 that does not make 一半.
_NOT_BEFORE_ONE_HALF = frozenset("另第") | frozenset(_CN_NUM_CHARS)
#: 经过, 超过 ...: 过 that ends another word before 半.
_GUO_WORDS = frozenset("经經通超越度太错錯跨走闯闖渡穿胜勝")
_NEGATIONS = frozenset("不未没沒")
#: 一半年, 一半儿: characters after 一半 that make it part of another word.
_NOT_AFTER_ONE_HALF = frozenset("年月天日个個小时時夜晚辈輩生世儿兒")
#: Characters that may follow 过半, 大半, 近半 used as a share (过半的, 大半是).
_AFTER_HALF = frozenset("的是为為都还還已均以被由来來属屬涉系係在")


def _h_pct_point(text: str, m: re.Match[str], ctx: _Ctx) -> _Result:
    start, end = m.span("pp")
    pre = _prefix_before(text, start, ctx.last_end)
    num = m.group("ppnum").translate(_FULLWIDTH)
    try:
        pq = _PREFIX_READ.get(pre, pre)
        q = parse(pq + num + "%") if num[0].isdigit() else parse(pq + "百分之" + num)
    except FigureParseError:
        return [], start + 1
    start -= len(pre)
    e = _from_quantity(start, end, text[start:end], q, unit="百分点", note="percentage points")
    return [_with_direction(text, e, difference=True)], end


@lru_cache(maxsize=1)
def _general_re() -> re.Pattern[str]:
    return re.compile(rf"(?P<g>{_GENERAL})")


def _general(text: str, m: re.Match[str], ctx: _Ctx, use_prefix: bool = True) -> _Result:
    start, end = m.span("g")
    num, q1, mag, tail, q2, unit, q3 = m.group(
        "gnum", "gq1", "gmag", "gtail", "gq2", "gunit", "gq3"
    )
    q1, mag, q2, unit, q3 = q1 or "", mag or "", q2 or "", unit or "", q3 or ""
    pre = _prefix_before(text, start, ctx.last_end) if use_prefix else ""
    notes: list[str] = []
    follower = text[end : end + 1]
    if unit and not q3 and follower and follower in _BAD_NEXT.get(unit, ""):
        if unit == "分" and follower == "之" and not (q1 or q2 or tail):
            found = _fraction(text, start, end - 1, f"{num}{mag}", pre)
            if found is not None:  # 三分之一, 3分之2: a share
                return found
        # 3年级, 一部署: the unit character begins another word
        end -= len(unit)
        unit = ""
    elif unit in _CONTEXT_UNITS and (
        not _is_cjk(follower) or num == "一"
        if unit == "大"
        else not _SCORE_CONTEXT.search(_clause_before(text, start, 12))
    ):
        # 一大批; N大 counts only before a noun (三大战役); 分 is a score point only
        # after 得分, 评分, 满分 ...
        end -= 1
        unit = ""
    is_cn = num[0] not in "0123456789０１２３４５６７８９"
    if is_cn:
        if _in_short_quote(text, start, end):
            note = "numeral in a quoted slogan or name: not counted"
            return [_expression(start, end, text[start:end], "name", note=note)], end
        if not unit and not mag:
            if follower in ("号", "號") and not q1:
                return _numbered_name(text, start, end)
            return [], start + 1
        if unit == "个" and follower == "一":
            slogan = _slogan_re().match(text, start)
            if slogan is not None:  # 六个一: a slogan
                note = "slogan (N个一): a name, not counted"
                return [
                    _expression(start, slogan.end(), slogan.group(), "name", note=note)
                ], slogan.end()
        if num == "一":
            if unit in _COLLECTIVE:
                return [], end  # 一批, 一伙: "a batch", not 1, even after 破获
            if not (pre or q1 or q2 or q3 or mag) and not _counting_context(text, start, ctx):
                return [], end  # the indefinite 一 (一项, 一位) unless a counting word precedes
    if not unit and not mag:
        if follower in ("/", "／") and not (q1 or q2):
            found = _slash_share(text, start, end, num, pre)
            if found is not None:  # 占比达2/3: a share
                return found
        if follower in ("号", "號") and not q1:
            return _numbered_name(text, start, end)
        if not q1 and not q2:
            q3 = ""
            end = m.start("gq3") if m.group("gq3") else end
        if not (q1 or q2 or q3 or pre):
            furniture = _furniture(text, start, end, unit, ctx)
            if furniture:
                e = _expression(start, end, text[start:end], "identifier")
                return [_amend(e, furniture)], end
            if follower in _HOUR_MARKS:
                found = _time_of_day_at(text, start, ctx)
                if found is not None:
                    return found
            return _bare_number(text, start, end, text[start:end])
    if unit in _FURNITURE_UNITS or (start and text[start - 1] in _FURNITURE_BEFORE):
        furniture = _furniture(text, start - len(pre), end, unit, ctx)
        if furniture:
            e = _expression(start - len(pre), end, text[start - len(pre) : end], "identifier")
            return [_amend(e, furniture)], end
    if unit in _DATE_UNITS and not (mag or q1 or q2 or q3 or pre):
        if unit == "年" and is_cn and len(num) == 4 and all(c in _CN_DIGIT for c in num):
            found = _chinese_year(text, start, end, num, ctx)  # 二〇二二年
        elif unit == "年":
            found = _roc(text, start, end, int(num), ctx) if ctx.roc and num.isdigit() else None
        else:
            found = _day_of_month(text, start, end, num, ctx)
        if found is not None:
            return found
    norm_num = num.translate(_FULLWIDTH).replace(",", "")
    if num != norm_num:
        notes.append("digits normalised (full-width or thousands separators)")
    if tail and norm_num.isdigit():
        # 3萬3985: 万 followed by the digits below it
        norm_num, mag = str(int(norm_num) * 10_000 + int(tail)), ""
        notes.append(f"{num}{m.group('gmag')}{tail} read as {norm_num}")
    if norm_num in ("万", "萬"):
        if unit != "元" and not (pre or q1 or q3):
            return [], end  # 万人签名: a name; 近万人, 万余人 are counts
        norm_num, mag = "1", "万"  # 万元以上, 近万人: one 万
        notes.append("万 with no digit before it: one 万")
    at_most = False
    if q3 and q3[-1] in "下上内內":
        at_most = q3 in ("以下", "及以下", "以内", "以內")
        if at_most:
            q3 = ""
        elif q3 == "及以上":
            q3 = "以上"
            notes.append("及以上: at least, the printed number included")
    parse_unit = unit
    extra_kind = _EXTRA_UNITS.get(unit)
    if extra_kind is not None:
        parse_unit = "个"
        notes.append(f"unit {unit} is not a parse() unit: read as {extra_kind}")
    alias = _ALIASES.get(unit)
    if alias is not None:
        parse_unit = alias[0]
        notes.append("per mille (‰), not per cent" if unit == "‰" else f"{unit} read as {alias[1]}")
    if mag != mag.translate(_TRAD):
        mag = mag.translate(_TRAD)
        notes.append("traditional magnitude word")
    try:
        pq = _PREFIX_READ.get(pre, pre) if pre else ""
        q = parse(f"{pq}{norm_num}{q1}{mag}{q2}{parse_unit}{q3}")
    except FigureParseError:
        if q3:
            m2 = _general_re().match(text, start, end - len(q3))
            return _general(text, m2, ctx, use_prefix=use_prefix) if m2 else ([], start + 1)
        if pre:
            return _general(text, m, ctx, use_prefix=False)
        return [], start + 1
    start -= len(pre)
    kind: str | None = None
    unit_out: str | None = alias[1] if alias else None
    if extra_kind is not None:
        kind, unit_out = extra_kind, unit
        if extra_kind == "duration":
            unit_out = {"个小时": "小时", "个星期": "周", "星期": "周", "个工作日": "工作日"}.get(
                unit, unit
            )
    if mag and q.decimals and (q2 or q3 in ("余", "多")) and q.qualifier.value == "more_than":
        # 5.6万余: parse() takes 万 as the last significant place (upper 66,000); the
        # printed decimal is finer (0.1万), so the upper bound is 57,000
        step = Decimal(1).scaleb(-q.decimals)
        for ch in mag:
            step = step.scaleb(4 if ch == "万" else 8)
        q = Quantity(
            q.as_printed,
            q.value,
            q.value,
            _EXACT_SUM.add(q.value, step),
            q.unit,
            q.kind,
            q.qualifier,
            q.decimals,
            step,
        )
        notes.append("upper bound from the printed decimal (finer than the magnitude word)")
    e = _from_quantity(start, end, text[start:end], q, kind=kind, unit=unit_out)
    if unit == "成":  # tenths: 6成 is 60%, its bounds scaled alike
        ten = Decimal(10)
        hi = e.upper * ten if e.upper is not None and e.upper.is_finite() else e.upper
        e = _replace(e, value=e.value * ten, lower=e.lower * ten, upper=hi, unit="%")
        notes[-1] = f"成 = tenths: {text[start:end]} read as {decimal_text(e.value)}%"
    if at_most and e.value is not None:
        e = _replace(e, lower=Decimal(0), upper=e.value, qualifier="at_most")
        notes.append(
            f"{m.group('gq3')}: at most, the printed number included (以上/以下/以内 include it)"
        )
    if e.kind == "duration" and (pre == "近" or text[end : end + 1] in _RECENT_NEXT):
        found = _recent(text, e, pre, ctx) if e.unit in _RECENT_UNITS else None
        if found is not None:
            return found
    if e.kind == "year":
        # 2021年 read by the figure grammar (e.g. before 级): a year, not a count
        e = _expression(
            start,
            end,
            e.text,
            "year",
            e.value,
            e.value,
            e.value,
            "年",
            "exact",
            period_start=f"{e.value}-01-01",
            period_end=f"{e.value}-12-31",
        )
        return [e], end
    if e.kind == "duration" and pre == "近" and e.unit == "年":
        notes.append(
            "近 read as 'nearly' (no 来/以来/间/内 after it, not at the start of a clause); "
            "近N年 can also mean 'the last N years'"
        )
    if unit in _CONTEXT_UNITS:
        notes.append(
            f"N大 + noun: a count of {decimal_text(e.value)} (三大战役)"
            if unit == "大"
            else "score points (分)"
        )
    direction = None
    if e.kind in _CHANGE_KINDS:
        direction, note = _direction_before(text, start)
        if e.kind == "fold":
            notes.insert(0, FOLD_NOTES[direction])
        if note:
            notes.insert(0, note)
    if direction or notes:
        e = _amend(e, "; ".join(notes), direction)
    return [e], end


#: Collective classifiers: 一批, 一伙 are "a batch", "a gang", never the count 1.
_COLLECTIVE = frozenset({"批", "伙", "帮", "群", "拨", "系列"})
_SCORE_CONTEXT = re.compile(r"得分|评分|評分|打分|满分|滿分|分值|分数|分數|测评|考评|积分|扣")
_RECENT_UNITS = frozenset({"年", "个月", "天"})
_RECENT_NEXT = frozenset("来來以间間内內")
#: Units read only in their context (N大 before a noun, 分 after a scoring word).
_CONTEXT_UNITS = frozenset({"大", "分"})
#: Units that may make a date rather than a duration (ROC years, days of the month).
_DATE_UNITS = frozenset({"年", "日"})


@lru_cache(maxsize=1)
def _slogan_re() -> re.Pattern[str]:
    return re.compile(_SLOGAN)


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _numbered_name(text: str, start: int, end: int) -> _Result:
    """七号, 0号胶囊: a number used as a name."""
    printed = text[start : end + 1]
    note = f"{printed}: a number used as a name (七号, 0号胶囊), not counted"
    return [_expression(start, end + 1, printed, "name", note=note)], end + 1


_QUOTE_BEFORE = re.compile(r'[“「『"][^“”「」『』"，。；;！？!?\n]*\Z')
_QUOTE_AFTER = re.compile(r'[^“”「」『』"，。；;！？!?\n]*[”」』"]')


def _in_short_quote(text: str, start: int, end: int, width: int = 16) -> bool:
    """Whether [start, end) stands inside a quotation of at most ``width`` characters."""
    before = _QUOTE_BEFORE.search(text, max(0, start - width), start)
    if before is None:
        return False
    return _QUOTE_AFTER.match(text, end, min(len(text), before.start() + width + 2)) is not None


_VIEW_COUNTER = re.compile(
    r"(?:阅读|閱讀|浏览|瀏覽|点击|點擊|访问|訪問|评论|評論|点赞|點讚|分享|收藏|转发|轉發)"
    r"(?:量|数|數|次数|次數|人数|人數)?\s*[:：]?\s*\Z"
)
_READING_TIME = re.compile(
    r"(?:读完|讀完|阅读|閱讀)(?:全文|本文)?(?:需要|需|约需|約需)?(?:大约|大約|约|約)?\Z"
)
_WORD_COUNT = re.compile(r"(?:文章|全文|本文)(?:共|约|約)?\Z")
_FURNITURE_UNITS = frozenset({"", "次", "人次", "分钟"})
_FURNITURE_BEFORE = frozenset(" \u3000←→↑↓▲▼△▽►◄▶◀»«›‹★☆♥❤♡👍👁💬🔥")
_VIEW_TAIL = frozenset(":： 量数數览覽读讀击擊问問论論赞讚享藏发發")
_ICONS = frozenset("←→↑↓▲▼△▽►◄▶◀»«›‹★☆♥❤♡👍👁💬🔥")
_SITE_WORDS = ("网", "網", "热线", "熱線", "频道", "頻道", "客户端", "同城", "资讯", "資訊")
_SOURCE_LINE = re.compile(
    r"(?:来源|來源|稿源|转自|轉自|转载自|轉載自|出处|出處)\s*[:：]\s*[^\s，。；;,]{1,30}"
)


def _furniture(text: str, start: int, end: int, unit: str, ctx: _Ctx) -> str:
    """Why a number is page furniture (a view counter, a page number ...), or ``""``."""
    if ctx.sources and unit in _FURNITURE_UNITS:
        k = bisect.bisect_right(ctx.sources, (start, len(text) + 1)) - 1
        if k >= 0 and ctx.sources[k][0] <= start < ctx.sources[k][1]:
            return "in a source line (来源: ...): page furniture"
    c = text[start - 1] if start else ""
    if c in " \u3000" and start > 1:
        c = text[start - 2]
    if c in _ICONS:
        return "number beside an icon: page furniture"
    if unit not in _FURNITURE_UNITS:
        return ""
    before = text[max(0, start - 10) : start]
    if unit != "分钟" and c in _VIEW_TAIL and _VIEW_COUNTER.search(before):
        return "view counter: page furniture"
    if unit == "分钟" and _READING_TIME.search(before):
        return "reading time: page furniture"
    if unit == "":
        after = text[end : end + 1]
        if after in ("页", "頁") or (after == "字" and _WORD_COUNT.search(before)):
            return "page number or word count: page furniture"
        if text.startswith(_SITE_WORDS, end):
            return "digits of a site name: page furniture"
    return ""


def _chinese_year(text: str, start: int, end: int, num: str, ctx: _Ctx) -> _Result | None:
    """二〇二二年: a year written digit by digit in Chinese numerals."""
    year = int("".join(str(_CN_DIGIT[c]) for c in num))
    if not 1900 <= year <= 2100:
        return None
    return [_year(text, start, end, year, "year in Chinese digits", ctx)], end


def _year(text: str, start: int, end: int, year: int, note: str, ctx: _Ctx) -> Expression:
    """A calendar year; it becomes the year in force unless it is a comparison base."""
    if not _is_comparison_base(text, (start, end)):
        ctx.year = year
    v = Decimal(year)
    return _expression(
        start,
        end,
        text[start:end],
        "year",
        v,
        v,
        v,
        "年",
        "exact",
        period_start=f"{year}-01-01",
        period_end=f"{year}-12-31",
        note=note,
    )


def _roc_prefix(text: str, start: int) -> bool:
    return text.startswith(("民國", "民国"), start - 2, start)


def _roc_year(n: int, prefixed: bool) -> int | None:
    """The Gregorian year of ROC year ``n`` (民國109年 = 2020), or None when it is not one."""
    if (prefixed and 1 <= n <= 199) or 100 <= n <= 199:
        return n + 1911
    return None


def _roc(text: str, start: int, end: int, n: int, ctx: _Ctx) -> _Result | None:
    """109年, 民國107年, 109年以來 in a text that counts years from 民國 (ROC)."""
    prefixed = _roc_prefix(text, start)
    year = _roc_year(n, prefixed)
    if year is None:
        return None
    if prefixed:
        start -= 2
    note = f"ROC calendar (民國): {n}年 = {year}"
    sx = next((w for w in ("以來", "以来", "至今", "迄今") if text.startswith(w, end)), "")
    if sx:
        end += len(sx)
        return [_years_period(text, start, end, year, year, sx, ctx, [note])], end
    return [_year(text, start, end, year, note, ctx)], end


_DAY_BEFORE = ("从", "從", "于", "於", "自", "截至", "截止", "至", "到", "~", "～", "、", "日")
_DAY_AFTER = (
    "表示",
    "举行",
    "舉行",
    "召开",
    "召開",
    "发布",
    "發布",
    "公布",
    "通报",
    "通報",
    "上午",
    "下午",
    "中午",
    "晚",
    "凌晨",
    "早",
    "电",
    "電",
    "讯",
    "訊",
    "开幕",
    "開幕",
    "举办",
    "舉辦",
    "宣布",
    "介绍",
    "介紹",
    "发表",
    "發表",
    "当天",
    "當天",
    "起",
)
_DURATION_BEFORE = (
    "为期",
    "為期",
    "连续",
    "連續",
    "历时",
    "歷時",
    "共",
    "每",
    "拘留",
    "达",
    "满",
    "近",
)


def _day_of_month(text: str, start: int, end: int, num: str, ctx: _Ctx) -> _Result | None:
    """24日举行, 从25日起: a day of the month, the month from the paragraph's date."""
    try:
        day = _small_int(num)
    except (KeyError, ValueError):
        return None
    if not 1 <= day <= 31 or any(
        text.startswith(w, start - len(w), start) for w in _DURATION_BEFORE
    ):
        return None
    if not (
        any(text.startswith(w, start - len(w), start) for w in _DAY_BEFORE)
        or text.startswith(_DAY_AFTER, end)
    ):
        return None
    if ctx.month is not None:
        (y, mo), note = ctx.month, "day of the month: month and year from the paragraph's date"
    elif ctx.published is not None:
        y, mo = ctx.published.year, ctx.published.month
        note = "day of the month: month and year from the publication date"
        if day > ctx.published.day:
            y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
            note += " (the month before, as the day is later)"
    else:
        return None
    try:
        e = _one_day(start, end, text[start:end], y, mo, day, note)
    except ValueError:
        return None
    return [e], end


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    return dt.date(y, m0 + 1, min(d.day, calendar.monthrange(y, m0 + 1)[1]))


_CLAUSE_START = frozenset(_PUNCT) | {" ", "\u3000", "\t"}
_RECORD = ("新高", "新低", "最高", "最低", "最多", "最少")


def _recent(text: str, e: Expression, pre: str, ctx: _Ctx) -> _Result | None:
    """近N年来, N年以来, clause-initial 近两年: the last N years, a period ending at publication.

    The reading "the last N years" is taken when 来/以来 follows the duration, when 近
    stands before it and 间/内 follows, when 近N年 opens a clause (and no 的 follows:
    近20年的坚守 is "nearly 20 years of"), or in 创近N年新高. Otherwise 近 is "nearly".
    """
    end = e.end
    nxt = text[end : end + 1]
    if text.startswith(("以来", "以來"), end):
        end, why = end + 2, "以来"
    elif nxt in ("来", "來"):
        end, why = end + 1, "来"
    elif pre == "近" and nxt in ("间", "間", "内", "內"):
        end, why = end + 1, nxt
    elif pre == "近" and e.text.endswith(("年间", "年間")):
        why = "间"
    elif pre == "近" and text.startswith(_RECORD, end):
        why = f"{text[end : end + 2]} (a record of the last N years)"
    elif pre == "近" and (e.start == 0 or text[e.start - 1] in _CLAUSE_START) and nxt != "的":
        why = "at the start of its clause"
    else:
        return None
    exact = e.qualifier in ("exact", "nearly")
    value = e.value
    lo, hi = (value, value) if exact else (e.lower, e.upper)
    ps: str | None = None
    pe: str | None = None
    span = {"年": "years", "个月": "months", "天": "days"}[e.unit]
    form = f"近N{e.unit}" if pre == "近" else f"N{e.unit}来"
    note = f"{form} read as 'the last N {span}' ({why}), a period ending at publication"
    if ctx.published is not None and value is not None:
        pe = ctx.published.isoformat()
        if exact and value == value.to_integral_value():
            n = int(value)
            try:
                if e.unit == "年":
                    first = _add_months(ctx.published, -12 * n)
                elif e.unit == "个月":
                    first = _add_months(ctx.published, -n)
                else:
                    first = ctx.published - dt.timedelta(days=n)
                ps = (first + dt.timedelta(days=1)).isoformat()
            except (ValueError, OverflowError):
                note += "; start before year 1: open"
        else:
            note += "; start open (the length is not exact)"
    else:
        note += "; no publication date: period unknown"
    out = _expression(
        e.start,
        end,
        text[e.start : end],
        "period",
        value,
        lo,
        hi,
        e.unit,
        "exact" if exact else e.qualifier,
        "",
        ps,
        pe,
        note=note,
    )
    return [out], end


def _replace(e: Expression, **changes: Any) -> Expression:
    """A copy of ``e`` with some fields changed (Expression is frozen)."""
    fields = {name: getattr(e, name) for name in e.__slots__}
    fields.update(changes)
    return _expression(**fields)


def _bare_number(text: str, start: int, end: int, printed: str) -> _Result:
    digits = printed.translate(_FULLWIDTH).replace(",", "")
    after = text[end : end + 1]
    before = text[start - 1 : start] if start else "\n"
    if after and after in ".、)）．" and before in _ENUM_BEFORE:
        return [], end  # list marker: 1. 2、 (3)
    if "+" in (after, before) or _in_short_quote(text, start, end):
        note = "bare number in a quoted name or a model named by numbers (1+3+N): not counted"
        return [_expression(start, end, printed, "name", note=note)], end
    if len(digits.split(".")[0]) >= 7:
        return [
            _expression(start, end, printed, "identifier", note="long digit string, no unit")
        ], end
    try:
        value = Decimal(digits)
    except ArithmeticError:
        return [], end
    direction, note = _direction_before(text, start)
    note = f"{note}; bare number: no unit printed" if note else "bare number: no unit printed"
    return [
        _expression(
            start, end, printed, "amount", value, value, value, "", "exact", direction, note=note
        )
    ], end


def _counting_context(text: str, start: int, ctx: _Ctx) -> bool:
    before = text[max(0, start - 6) : start]
    if _COUNT_CONTEXT.search(before):
        return True
    if 0 <= ctx.last_frequency_end <= start:
        between = text[ctx.last_frequency_end : start]
        ctx.last_frequency_end = -1  # one count per frequency (每半年...一次)
        return len(between) <= 12 and not any(ch in _PUNCT for ch in between)
    return False


def _clause_before(text: str, start: int, width: int) -> str:
    m = _CLAUSE_TAIL.search(text, max(0, start - width), start)
    return m.group() if m else ""


#: Last characters of the words that announce a change (_DOWN, _UP): a quick filter.
_DIRECTION_TAIL = frozenset("降少低滑落减升加长高涨增幅率速了达别为是度到出于在減長漲達別為於")


def _with_direction(text: str, e: Expression, *, difference: bool = False) -> Expression:
    """``e`` with the direction of its printed change (see :func:`_direction_before`)."""
    direction, note = _direction_before(text, e.start, difference=difference)
    return _amend(e, note, direction) if direction or note else e


def _direction_before(text: str, start: int, *, difference: bool = False) -> tuple[str, str]:
    """The direction of a change printed before ``start``, and its note (``""`` for none).

    With ``difference``, also the sign of a difference between two levels (高出/低于 ...
    N个百分点).
    """
    if start == 0 or (not difference and text[start - 1] not in _DIRECTION_TAIL):
        return "", ""
    before = _clause_before(text, start, 16)
    near = before[-8:]
    direction = ""
    found = _DOWN.search(near)
    if found:
        direction = "down"
    else:
        found = _UP.search(near)
        direction = "up" if found else ""
    if not direction and difference:
        # 比同期平均低13.17个百分点; 高出全部案件重刑率10个百分点: a difference, signed
        if near.endswith(("低", "高")) and ("比" in before or "较" in before):
            direction = "down" if near.endswith("低") else "up"
        else:
            diff = _DIFFERENCE.search(before)
            if diff and not any(ch.isdigit() for ch in before[diff.end() :]):
                direction = "down" if diff.group() == "低于" else "up"
        if direction:
            return direction, "difference between two levels (高出/低于 ...), signed"
    if not direction:
        return "", ""
    if found is not None and near[: found.start()].endswith(("未", "没有", "没", "无", "不")):
        return "", f"negated change ({near[found.start() - 1 :]}): no direction"
    yoy = _YOY.search(before)
    if yoy is None:
        return direction, ""
    return direction, (
        "period-on-period (环比)" if yoy.group() in ("环比", "環比") else "year-on-year"
    )


_DIFFERENCE = re.compile(r"高出|高于|高於|超出|低于|低於")


def _amend(e: Expression, note: str, direction: str | None = None) -> Expression:
    """A copy of ``e`` with ``note`` added to its notes and, if given, another direction."""
    return _expression(
        e.start,
        e.end,
        e.text,
        e.kind,
        e.value,
        e.lower,
        e.upper,
        e.unit,
        e.qualifier,
        e.direction if direction is None else direction,
        e.period_start,
        e.period_end,
        e.paragraph,
        (f"{e.note}; {note}" if e.note else note) if note else e.note,
    )


def _from_quantity(
    start: int,
    end: int,
    printed: str,
    q: Quantity,
    *,
    kind: str | None = None,
    unit: str | None = None,
    note: str = "",
) -> Expression:
    return _expression(
        start,
        end,
        printed,
        kind or q.kind._value_,
        q.value,
        q.lower,
        q.upper,
        q.unit if unit is None else unit,
        q.qualifier._value_,
        note=note,
    )


def _h_named_day(text: str, m: re.Match[str], ctx: _Ctx) -> _Result:
    start, end = m.span("nd")
    mo, day = int(m.group("ndm")), int(m.group("ndd"))
    year, note = ctx.year, "named day (6·26): year from the paragraph"
    if year is None and ctx.published is not None:
        year, note = ctx.published.year, "named day (6·26): the publication year"
        if (mo, day) > (ctx.published.month, ctx.published.day):
            year, note = year - 1, "named day (6·26): the year before publication"
    if year is None:
        note = "named day (6·26): year unknown (0000)"
    try:
        e = _one_day(start, end, text[start:end], year, mo, day, note)
    except ValueError:
        return [], start + 1
    return [e], end


def _h_range(text: str, m: re.Match[str], ctx: _Ctx) -> _Result:
    start, end = m.span("rg")
    lo, hi, rq, mag, unit = m.group("rlo", "rhi", "rq", "rmag", "runit")
    rq, mag, rlq, rlu = rq or "", mag or "", m.group("rlq") or "", m.group("rlu") or ""
    if rlu and rlu.translate(_FULLWIDTH) != unit.translate(_FULLWIDTH):
        return [], start + 1
    if unit == "年" and ctx.roc and not (rq or rlq or mag) and lo.isdigit() and hi.isdigit():
        y0, y1 = _roc_year(int(lo), True), _roc_year(int(hi), True)
        if y0 and y1 and y0 <= y1:
            note = f"ROC calendar (民國): {lo}-{hi}年 = {y0}-{y1}"
            e = _expression(
                start,
                end,
                text[start:end],
                "period",
                period_start=f"{y0}-01-01",
                period_end=f"{y1}-12-31",
                note=note,
            )
            return [e], end
    extra_kind = _EXTRA_UNITS.get(unit)
    parse_unit = "个" if extra_kind else unit
    try:
        q_hi = parse(f"{hi.translate(_FULLWIDTH)}{rq}{mag}{parse_unit}")
        q_lo = parse(f"{lo.translate(_FULLWIDTH)}{rlq}{mag}{parse_unit}")
    except FigureParseError:
        return [], start + 1
    if q_lo.value > q_hi.value or q_lo.kind != q_hi.kind:
        return [], start + 1
    kind = extra_kind or str(q_hi.kind)
    note = "a printed range: value None, bounds from its two ends"
    if m.group("rq3"):
        note += " (左右 after the range: approximate)"
    e = _expression(
        start,
        end,
        text[start:end],
        kind,
        None,
        q_lo.lower,
        q_hi.upper,
        unit if extra_kind else q_hi.unit,
        "range",
        note=note,
    )
    e = _with_direction(text, e)
    return [_amend(e, FOLD_NOTES[e.direction]) if kind == "fold" else e], end


_HANDLERS = {
    "nd": _h_named_day,
    "rg": _h_range,
    "ident": _h_ident,
    "lex": _h_lex,
    "iso": _h_iso,
    "dec": _h_decade,
    "cent": _h_century,
    "tmp": _h_temporal,
    "fq": _h_frequency,
    "top": _h_top,
    "slg": _h_slogan,
    "rk": _h_rank,
    "sk": _h_streak,
    "fb": _h_doubling,
    "pc": _h_pct_cn,
    "hf": _h_half,
    "pp": _h_pct_point,
    "g": _general,
}


# --------------------------------------------------------------------------- command line

_COLUMNS = (
    "paragraph",
    "start",
    "end",
    "text",
    "kind",
    "value",
    "lower",
    "upper",
    "unit",
    "qualifier",
    "direction",
    "period_start",
    "period_end",
    "note",
)


def _read_text(path: str) -> str:
    from pathlib import Path

    p = Path(path)
    try:
        return p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SystemExit(f"wzdata: {p}: no such file; give the path of a UTF-8 text") from None
    except IsADirectoryError:
        raise SystemExit(f"wzdata: {p}: is a folder; give the path of a UTF-8 text") from None
    except OSError as exc:
        raise SystemExit(f"wzdata: {p}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise SystemExit(
            f"wzdata: {p}: byte {exc.start} is not UTF-8; convert the file to UTF-8"
        ) from None


def format_expressions(exprs: Iterable[Expression], fmt: str = "table") -> str:
    """Render expressions as an aligned table, CSV or JSON.

    Parameters
    ----------
    exprs : iterable of Expression
    fmt : {"table", "csv", "json"}

    Returns
    -------
    str
    """
    rows = [e.to_dict() for e in exprs]
    if fmt == "json":
        return render(rows, "json", list(rows[0]) if rows else [])
    if fmt not in ("table", "csv"):
        raise ValueError(f"unknown format {fmt!r}; use table, csv or json")
    shown = list(_COLUMNS) if fmt == "csv" else [c for c in _COLUMNS if c not in ("start", "end")]
    heads = None if fmt == "csv" else ["para", *shown[1:]]
    return render(rows, fmt, shown, headers=heads)


def cli(argv: list[str]) -> int:
    """``wzdata extract FILE``: list every numeric expression of a text."""
    import argparse

    parser = argparse.ArgumentParser(prog="wzdata extract", description=cli.__doc__)
    parser.add_argument("file", help="UTF-8 plain text")
    parser.add_argument("--published", default=None, help="publication date, YYYY-MM-DD")
    parser.add_argument(
        "--title",
        default=None,
        help="the article title as on its own line: read only the body and number "
        "paragraphs from the title (= 1), as figures.csv does; without it paragraph 1 "
        "is the first non-empty line",
    )
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    args = parser.parse_args(argv)
    from wzdata.extract.stream import TextFileError, extract_file, write_expressions

    _check_text_path(args.file)
    try:
        # read, scanned and written as it goes (memory does not grow with the text)
        exprs = extract_file(args.file, args.published, title=args.title)
    except TextFileError as exc:
        raise SystemExit(f"wzdata: {exc}") from None
    except ValueError as exc:
        print(f"wzdata extract: {exc}", file=sys.stderr)
        return 2
    write_expressions(exprs, args.format, sys.stdout)
    return 0


def _check_text_path(path: str) -> None:
    from pathlib import Path

    p = Path(path)
    if p.is_dir():
        raise SystemExit(f"wzdata: {p}: is a folder; give the path of a UTF-8 text")
    if not p.exists():
        raise SystemExit(f"wzdata: {p}: no such file; give the path of a UTF-8 text")
