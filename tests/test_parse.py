"""Parser of printed figures: every form in the article, bounds, errors, properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wzdata.figures import FigureParseError, Kind, Qualifier, chinese_to_int, parse

INF = Decimal("Infinity")

# as printed -> (value, lower, upper, unit, kind, qualifier, decimals)
CASES = {
    "258起": (258, 258, 258, "起", "count", "exact", 0),
    "12起": (12, 12, 12, "起", "count", "exact", 0),
    "306人": (306, 306, 306, "人", "count", "exact", 0),
    "1681户": (1681, 1681, 1681, "户", "count", "exact", 0),
    "33名": (33, 33, 33, "名", "count", "exact", 0),
    "5023人次": (5023, 5023, 5023, "人次", "count", "exact", 0),
    "5800余人次": (5800, 5800, 5900, "人次", "count", "more_than", 0),
    "5000余人次": (5000, 5000, 6000, "人次", "count", "more_than", 0),
    "1000余株": (1000, 1000, 2000, "株", "count", "more_than", 0),
    "267万余株": (2_670_000, 2_670_000, 2_680_000, "株", "count", "more_than", 0),
    "20余株": (20, 20, 30, "株", "count", "more_than", 0),
    "110多所": (110, 110, 120, "所", "count", "more_than", 0),
    "20多家": (20, 20, 30, "家", "count", "more_than", 0),
    "28块": (28, 28, 28, "块", "count", "exact", 0),
    "32处": (32, 32, 32, "处", "count", "exact", 0),
    "214部": (214, 214, 214, "部", "count", "exact", 0),
    "107个": (107, 107, 107, "个", "count", "exact", 0),
    "两个": (2, 2, 2, "个", "count", "exact", 0),
    "四级": (4, 4, 4, "级", "count", "exact", 0),
    "五市": (5, 5, 5, "市", "count", "exact", 0),
    "一次": (1, 1, 1, "次", "count", "exact", 0),
    "14.65万元": (146_500, 146_500, 146_500, "元", "money", "exact", 2),
    "10公斤": (10, 10, 10, "公斤", "weight", "exact", 0),
    "5吨": (5, 5, 5, "吨", "weight", "exact", 0),
    "91.87%": (Decimal("91.87"), Decimal("91.87"), Decimal("91.87"), "%", "percent", "exact", 2),
    "7.6%": (Decimal("7.6"), Decimal("7.6"), Decimal("7.6"), "%", "percent", "exact", 1),
    "100%": (100, 100, 100, "%", "percent", "exact", 0),
    "百分之五十": (50, 50, 50, "%", "percent", "exact", 0),
    "21.5倍": (Decimal("21.5"), Decimal("21.5"), Decimal("21.5"), "倍", "fold", "exact", 1),
    "17倍": (17, 17, 17, "倍", "fold", "exact", 0),
    "9倍多": (9, 9, 10, "倍", "fold", "more_than", 0),
    "近12倍": (12, 11, 12, "倍", "fold", "nearly", 0),
    "近8倍": (8, 7, 8, "倍", "fold", "nearly", 0),
    "2倍": (2, 2, 2, "倍", "fold", "exact", 0),
    "十一连冠": (11, 11, 11, "连冠", "rank", "exact", 0),
    "三连冠": (3, 3, 3, "连冠", "rank", "exact", 0),
    "第一名": (1, 1, 1, "位次", "rank", "exact", 0),
    "全区第一": (1, 1, 1, "位次", "rank", "exact", 0),
    "第一批": (1, 1, 1, "批", "rank", "exact", 0),
    "20余年": (20, 20, 30, "年", "duration", "more_than", 0),
    "近20年": (20, 10, 20, "年", "duration", "nearly", 0),
    "5年间": (5, 5, 5, "年", "duration", "exact", 0),
    "十一年": (11, 11, 11, "年", "duration", "exact", 0),
    "一年": (1, 1, 1, "年", "duration", "exact", 0),
    "2016年": (2016, 2016, 2016, "年", "year", "exact", 0),
    "约3000人": (3000, 2500, 3500, "人", "count", "about", 0),
    "3000人左右": (3000, 2500, 3500, "人", "count", "about", 0),
    "100公斤以上": (100, 100, INF, "公斤", "weight", "at_least", 0),
    "不足20%": (20, 0, 20, "%", "percent", "less_than", 0),
    "1.2亿元": (120_000_000, 120_000_000, 120_000_000, "元", "money", "exact", 1),
    "5.6万余人次": (56_000, 56_000, 57_000, "人次", "count", "more_than", 1),
    "百分之四十七点五": (
        Decimal("47.5"),
        Decimal("47.5"),
        Decimal("47.5"),
        "%",
        "percent",
        "exact",
        1,
    ),
    "1,280人次": (1280, 1280, 1280, "人次", "count", "exact", 0),
    "１２起": (12, 12, 12, "起", "count", "exact", 0),
    "3例": (3, 3, 3, "例", "count", "exact", 0),
    "8.47亩": (Decimal("8.47"), Decimal("8.47"), Decimal("8.47"), "亩", "amount", "exact", 2),
    "第二次": (2, 2, 2, "次", "rank", "exact", 0),
    "全州第一": (1, 1, 1, "位次", "rank", "exact", 0),
    "4.2萬宗": (42_000, 42_000, 42_000, "宗", "count", "exact", 1),
    "more than 113,000": (113_000, 113_000, 114_000, "", "amount", "more_than", 0),
    "2.35 million": (2_350_000, 2_350_000, 2_350_000, "", "amount", "exact", 2),
    "over 4.5 tons": (
        Decimal("4.5"),
        Decimal("4.5"),
        Decimal("4.6"),
        "吨",
        "weight",
        "more_than",
        1,
    ),
    "0.8‰": (Decimal("0.8"), Decimal("0.8"), Decimal("0.8"), "‰", "percent", "exact", 1),
}


@pytest.mark.parametrize("text", sorted(CASES))
def test_parse_table(text: str) -> None:
    value, lower, upper, unit, kind, qualifier, decimals = CASES[text]
    q = parse(text)
    assert q.as_printed == text
    assert (q.value, q.lower, q.upper) == (Decimal(value), Decimal(lower), Decimal(upper))
    assert (q.unit, q.kind.value, q.qualifier.value, q.decimals) == (
        unit,
        kind,
        qualifier,
        decimals,
    )


def test_position_of_qualifier_matters() -> None:
    """20余万 is 200,000 to 300,000; 20万余 is 200,000 to 210,000."""
    a, b = parse("20余万人"), parse("20万余人")
    assert (a.lower, a.upper) == (200_000, 300_000)
    assert (b.lower, b.upper) == (200_000, 210_000)


def test_dates() -> None:
    assert parse("6月22日").kind is Kind.DATE
    assert parse("2019年6月").value == 20190600


@pytest.mark.parametrize(
    "text",
    [
        "",
        " 12起",
        "12起 ",
        "258",
        "abc",
        "四川",
        "第零名",
        "近近12倍",
        "12起起",
        "近9倍多",
        "3-5起",
        "十百",
        "百十",
    ],
)
def test_unreadable_raises(text: str) -> None:
    with pytest.raises(FigureParseError) as info:
        parse(text)
    assert repr(text) in str(info.value)


def test_not_a_string_raises() -> None:
    with pytest.raises(FigureParseError):
        parse(12)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("一百零八", 108),
        ("两千零五", 2005),
        ("一万二千", 12000),
        ("三亿五千万", 350_000_000),
    ],
)
def test_chinese_numerals(text: str, n: int) -> None:
    assert chinese_to_int(text) == n


@given(st.text(max_size=12))
@settings(max_examples=500, deadline=None)
def test_only_figure_parse_error(text: str) -> None:
    try:
        q = parse(text)
    except FigureParseError:
        return
    assert q.lower <= q.value <= q.upper or q.qualifier is Qualifier.NEARLY


_DIGITS = "零一二三四五六七八九"


def _to_chinese(n: int) -> str:
    """Independent spelling of 1 <= n < 100,000,000 in Chinese numerals."""

    def below_10k(m: int, leading: bool) -> str:
        out, zero = "", False
        for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = m // unit_value % 10
            if d == 0:
                zero = bool(out) or not leading
                continue
            if zero and out:
                out += "零"
            elif zero and not leading and not out:
                out += "零"
            zero = False
            out += ("" if (d == 1 and unit == "十" and not out and leading) else _DIGITS[d]) + unit
        return out

    high, low = divmod(n, 10_000)
    if high:
        return below_10k(high, True) + "万" + (below_10k(low, False) if low else "")
    return below_10k(low, True)


@given(st.integers(min_value=1, max_value=99_999_999))
@settings(max_examples=400, deadline=None)
def test_numerals_round_trip(n: int) -> None:
    assert chinese_to_int(_to_chinese(n)) == n
    assert parse(f"{n}人").value == n
    assert parse(f"{_to_chinese(n)}人").value == n


@given(
    st.integers(min_value=1, max_value=10**6),
    st.sampled_from(["起", "人", "株", "人次", "倍", "%", "元", "吨"]),
    st.sampled_from(["", "近", "约"]),
    st.sampled_from(["", "余", "多"]),
)
@settings(max_examples=300, deadline=None)
def test_bounds_contain_value_side(n: int, unit: str, pre: str, post: str) -> None:
    if pre and post:
        return
    q = parse(f"{pre}{n}{post}{unit}")
    assert q.lower <= q.upper
    if post:
        assert q.lower == n < q.upper
    if pre == "近":
        assert q.lower < n == q.upper
