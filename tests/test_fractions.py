"""Shares printed as fractions (三分之一, 千分之三, 2/3) and halves (半数, 过半, 一半).

The sentences are invented for these tests, in the style of anti-drug reports.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wzdata.extract import Expression, extract
from wzdata.extract.stream import BLOCK, extract_file
from wzdata.figures import FigureParseError, Kind, Qualifier, parse, share_reading
from wzdata.figures.parse import SHARE_PLACES

D = Decimal
INF = Decimal("Infinity")


def _shares(text: str) -> list[Expression]:
    return [e for e in extract(text, "2022-06-27") if e.kind == "percent"]


def _one(text: str) -> Expression:
    found = _shares(text)
    assert len(found) == 1, found
    return found[0]


# ------------------------------------------------------------------ parse


#: Shares in words: printed form, value, bounds and qualifier.
SHARES = [
    # fractions: one unit of the numerator is the step of their qualifier
    ("五分之四", "80", "80", "80", "exact"),
    ("十分之一", "10", "10", "10", "exact"),
    ("八分之一", "12.5", "12.5", "12.5", "exact"),
    ("3分之2", "66.67", "66.66", "66.67", "exact"),
    ("三分之一", "33.33", "33.33", "33.34", "exact"),
    ("近三分之一", "33.33", "0", "33.34", "nearly"),
    ("近三分之二", "66.67", "33.33", "66.67", "nearly"),
    ("约四分之一", "25", "12.5", "37.5", "about"),
    ("超过三分之一", "33.33", "33.33", "Infinity", "at_least"),
    ("逾五分之一", "20", "20", "Infinity", "at_least"),
    ("三分之二以上", "66.67", "66.66", "Infinity", "at_least"),
    ("不到三分之一", "33.33", "0", "33.34", "less_than"),
    ("不足十分之一", "10", "0", "10", "less_than"),
    ("三分之一强", "33.33", "33.33", "66.67", "more_than"),
    ("四分之一弱", "25", "0", "25", "nearly"),
    ("万分之三", "0.03", "0.03", "0.03", "exact"),
    # halves are 50%; more than half (过半, 大半) is at least 50%
    ("半数", "50", "50", "50", "exact"),
    ("一半", "50", "50", "50", "exact"),
    ("过半", "50", "50", "Infinity", "at_least"),
    ("过半数", "50", "50", "Infinity", "at_least"),
    ("過半數", "50", "50", "Infinity", "at_least"),
    ("超过半数", "50", "50", "Infinity", "at_least"),
    ("超半数", "50", "50", "Infinity", "at_least"),
    ("大半", "50", "50", "Infinity", "at_least"),
    ("半数以上", "50", "50", "Infinity", "at_least"),
    ("近半数", "50", "0", "50", "nearly"),
    ("不到一半", "50", "0", "50", "less_than"),
    ("一半多", "50", "50", "100", "more_than"),
]


@pytest.mark.parametrize(("printed", "value", "lower", "upper", "qualifier"), SHARES)
def test_a_share_in_words_is_a_percent_with_the_bounds_of_its_qualifier(
    printed: str, value: str, lower: str, upper: str, qualifier: str
) -> None:
    q = parse(printed)
    assert (q.value, q.lower, q.upper) == (D(value), D(lower), D(upper))
    assert (q.unit, q.kind, q.qualifier) == ("%", Kind.PERCENT, Qualifier(qualifier))


def test_per_mille_and_per_cent_in_words_keep_their_units() -> None:
    assert parse("千分之三")[1:6] == (D(3), D(3), D(3), "‰", Kind.PERCENT)
    assert parse("千分之三") == parse("3‰")._replace(as_printed="千分之三")
    assert parse("千分之零点五").value == D("0.5")
    assert parse("百分之三十").value == D(30)  # the percent in words, as before


@pytest.mark.parametrize(
    ("printed", "reason"),
    [
        ("三分之四", "from 1 to N"),
        ("三分之零", "from 1 to N"),
        ("一分之一", "2 or more"),
        ("三分之一点五", "from 1 to N"),
        ("半", "半 alone"),
        ("2/3", "date, a score or a share"),
        ("6/26", "date, a score or a share"),
        ("近过半", "more than one qualifier"),
    ],
)
def test_what_is_not_a_share_raises_with_its_reason(printed: str, reason: str) -> None:
    with pytest.raises(FigureParseError, match=reason):
        parse(printed)


def test_the_note_says_how_a_share_was_read() -> None:
    assert share_reading("五分之四") == "五分之四 read as 4/5 = 80%"
    note = share_reading("三分之一")
    assert note.startswith("三分之一 read as 1/3 = 33.33...%")
    assert f"{SHARE_PLACES} places" in note and "hold 1/3" in note
    assert "nearly" in share_reading("近三分之一")
    assert "more than half" in share_reading("过半数")
    assert "per mille" in share_reading("千分之三")
    assert share_reading("258起") == ""


@settings(max_examples=300)  # deadline and derandomize: the profile of conftest.py
@given(
    st.one_of(st.integers(min_value=2, max_value=20_000), st.integers(2, 10**30)),
    st.data(),
    st.sampled_from(["", "近", "约", "超过", "不到"]),
    st.sampled_from(["", "以上", "左右", "强", "弱"]),
)
def test_the_bounds_hold_the_exact_share_and_the_value(
    den: int, data: st.DataObject, pre: str, tail: str
) -> None:
    num = data.draw(st.integers(min_value=1, max_value=den))
    try:
        q = parse(f"{pre}{den}分之{num}{tail}")
    except FigureParseError as exc:
        assert "more than one qualifier" in str(exc)
        return
    # 百分之N and 千分之N are N% and N‰; every other denominator gives a percent
    exact = Fraction(num) if den in (100, 1000) else Fraction(100 * num, den)
    assert q.unit == ("‰" if den == 1000 else "%")
    assert q.lower <= q.value <= q.upper
    # whatever the qualifier, the interval holds the printed share itself
    assert Fraction(q.lower) <= exact
    assert q.upper == INF or exact <= Fraction(q.upper)
    places = max(SHARE_PLACES, len(str(den)))
    assert abs(Fraction(q.value) - exact) <= Fraction(1, 2 * 10**places)


# ------------------------------------------------------------------ extract


def test_the_shares_of_a_sentence_are_found_with_their_spans() -> None:
    text = "近三分之一的吸毒人员为青少年，超过半数案件涉及网络，五分之四的乡镇建成禁毒室。"
    found = _shares(text)
    assert [e.text for e in found] == ["近三分之一", "超过半数", "五分之四"]
    assert all(text[e.start : e.end] == e.text for e in found)
    first = found[0]
    assert (first.value, first.lower, first.upper, first.unit) == (D("33.33"), 0, D("33.34"), "%")
    assert "三分之一 read as 1/3" in first.note
    assert (found[1].qualifier, found[1].lower, found[1].upper) == ("at_least", 50, INF)


@pytest.mark.parametrize(
    ("text", "printed", "value", "qualifier"),
    [
        ("毒品案件占比达2/3。", "2/3", "66.67", "exact"),
        ("占全市吸毒人员总数的1/4。", "1/4", "25", "exact"),
        ("近2/3的乡镇开展了宣传。", "近2/3", "66.67", "nearly"),
        ("超过1/2的案件涉及网络。", "超过1/2", "50", "at_least"),
        ("青少年比例为1/10。", "1/10", "10", "exact"),
        ("2/3以上的乡镇建成禁毒室。", "2/3以上", "66.67", "at_least"),
        ("1/5以下的村有吸毒人员。", "1/5以下", "20", "at_most"),
    ],
)
def test_a_slash_fraction_is_a_share_after_a_share_word_or_a_qualifier(
    text: str, printed: str, value: str, qualifier: str
) -> None:
    e = _one(text)
    assert (e.text, e.value, e.qualifier, e.unit) == (printed, D(value), qualifier, "%")
    assert "not a date or a score" in e.note


@pytest.mark.parametrize(
    "text",
    [
        "6/26国际禁毒日当天开展宣传。",  # a date
        "本场比赛以3/5告负。",  # a score, no share word
        "考评得分占3/5。",  # a share word, but a score word too
        "占比达3/2。",  # not a proper fraction
        "占地2/3公里。",  # a unit after it
        "占用2/3月的时间。",  # months
        "占2022/6/26。",  # a date written with slashes
        "占比1/2/3。",  # a chain of slashes
        "占比02/03。",  # leading zeros
    ],
)
def test_a_slash_fraction_is_no_share_without_its_context(text: str) -> None:
    assert not [e for e in _shares(text) if "/" in e.text], extract(text, "2022-06-27")


def test_a_rejected_slash_fraction_is_read_as_before() -> None:
    # the numbers stay what they were: bare numbers or a date
    found = extract("6/26国际禁毒日", "2022-06-27")
    assert [(e.text, e.kind) for e in found] == [("6", "amount"), ("26", "amount")]


@pytest.mark.parametrize(
    ("text", "printed", "qualifier", "lower", "upper"),
    [
        ("有一半以上的村庄建立了禁毒室。", "一半以上", "at_least", "50", "Infinity"),
        ("有近一半人员参加了培训。", "近一半", "nearly", "0", "50"),
        ("逾半数案件告破。", "逾半数", "at_least", "50", "Infinity"),
        ("涉网案件占比近半。", "近半", "nearly", "0", "50"),
        ("大半的案件涉及网络。", "大半", "at_least", "50", "Infinity"),
        ("全年任务已过半。", "过半", "at_least", "50", "Infinity"),
        ("三分之一以下的村未发案。", "三分之一以下", "at_most", "0", "33.34"),
        ("三分之二及以上的乡镇。", "三分之二及以上", "at_least", "66.66", "Infinity"),
        ("全市千分之三的人口。", "千分之三", "exact", "3", "3"),
        ("十万分之一的概率。", "十万分之一", "exact", "0.001", "0.001"),
        ("３分之１的案件。", "３分之１", "exact", "33.33", "33.34"),
    ],
)
def test_halves_and_fractions_in_sentences(
    text: str, printed: str, qualifier: str, lower: str, upper: str
) -> None:
    e = _one(text)
    assert (e.text, e.qualifier, e.lower, e.upper) == (printed, qualifier, D(lower), D(upper))
    assert e.lower <= e.value <= e.upper
    assert e.note


def test_a_share_takes_the_direction_of_its_change() -> None:
    assert _one("吸毒人员减少一半。").direction == "down"
    assert _one("涉毒案件同比下降三分之一。").direction == "down"
    assert _one("戒治人数增长了一半多。").qualifier == "more_than"


@pytest.mark.parametrize(
    "text",
    [
        "经过半年的努力，全市案件下降。",  # 经过 + 半年
        "超过半年未发案。",  # 超过 + 半年
        "近半年来形势好转。",  # the last half year
        "大半年来工作推进。",  # the better part of a year
        "年过半百的老人。",  # over fifty years of age
        "另一半是他的家属。",  # the other half: a spouse
        "这一半年工作有成效。",  # 这一 + 半年
        "半小时内赶到现场，半个月后结案。",
        "历时一年半破获此案。",
        "扩大半径开展排查。",
        "以两分之差落败。",  # 分之 without a numerator
        "部分之间协调。",
        "十分之重要。",
        "他多半会来。",
        "赞成票不过半数。",  # negated: not more than half
        "进度未过半。",
        "三分之四的增幅。",  # an improper fraction
    ],
)
def test_half_and_fen_zhi_inside_other_words_are_not_shares(text: str) -> None:
    assert _shares(text) == [], extract(text, "2022-06-27")


def test_more_after_a_fraction_is_read_only_when_it_ends_the_phrase() -> None:
    e = _one("三分之一多为青少年。")  # 多为: mostly, not "more than a third"
    assert (e.text, e.qualifier) == ("三分之一", "exact")
    assert _one("三分之一多的案件。").qualifier == "more_than"


def test_shares_read_in_blocks_of_a_file_are_those_of_the_whole_text(tmp_path: Path) -> None:
    line = "全市破获案件86起。近三分之一的案件涉网，超过半数为青少年，占比达2/3。\n"
    text = line * (BLOCK // len(line) + 7)  # more than one block of lines
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    found = list(extract_file(path, "2022-06-27"))
    assert found == extract(text, "2022-06-27")
    assert sum(e.text == "2/3" for e in found) == text.count("2/3")
