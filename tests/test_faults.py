"""Hostile input: the parser raises only FigureParseError, the extractor never raises.

Strategies build figures from the grammar's own parts (numerals, magnitude words,
units, qualifiers) and embed them in text, besides arbitrary Unicode. The runs are
deterministic (derandomize) with a fixed number of examples each, recorded in
``EXAMPLES`` so the numbers can be quoted.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wzdata.extract import extract
from wzdata.figures import UNITS, FigureParseError, parse

#: examples run per strategy
EXAMPLES = {"figure": 600, "unicode_parse": 600, "text": 250, "unicode_extract": 250}

_ARABIC = st.one_of(
    st.integers(min_value=0, max_value=10**40).map(str),
    st.from_regex(r"\A[0-9]{1,45}\.[0-9]{1,14}\Z"),
    st.from_regex(r"\A[1-9][0-9]{0,2}(,[0-9]{3}){1,4}\Z"),
    st.from_regex(r"\A[０-９]{1,6}\Z"),
    st.sampled_from(["0", "0.0", "00", "0.00", "1e5", "１２．５"]),
)
_CHINESE = st.text(alphabet="零〇一二两三四五六七八九十百千万亿点", min_size=1, max_size=8)
NUMERALS = st.one_of(_ARABIC, _CHINESE)
MAGNITUDES = st.sampled_from(["", "", "万", "亿", "万亿", "亿亿", "萬", "億", "亿亿亿亿"])
UNIT_WORDS = st.sampled_from(["", *sorted(UNITS), "倍", "%", "‰", "连冠", "元", "吨"])
PREFIXES = st.sampled_from(
    ["", "", "近", "将近", "约", "大约", "超过", "逾", "不足", "百分之", "三分之", "千分之", "过半"]
)
SUFFIXES = st.sampled_from(["", "", "余", "多", "左右", "许", "以上", "分之一", "强", "半数"])


@st.composite
def figures(draw: st.DrawFn) -> str:
    """A printed figure from the grammar's parts, well formed or nearly so."""
    return "".join(
        [
            draw(PREFIXES),
            draw(NUMERALS),
            draw(SUFFIXES),
            draw(MAGNITUDES),
            draw(SUFFIXES),
            draw(UNIT_WORDS),
            draw(SUFFIXES),
        ]
    )


_FILLER = st.text(alphabet="全市破获案件同比下降了增长年月日第，。、和及\n ", max_size=6)


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Figures embedded in Chinese filler, punctuation and newlines."""
    parts = draw(st.lists(st.tuples(_FILLER, figures()), max_size=6))
    return "".join(a + b for a, b in parts) + draw(_FILLER)


def _check_quantity(text: str) -> None:
    try:
        q = parse(text)
    except FigureParseError:
        return
    assert q.as_printed == text
    assert q.lower <= q.value <= q.upper, (text, q)
    assert q.step > 0 or q.kind.value in ("rank", "date", "year"), (text, q)


@settings(max_examples=EXAMPLES["figure"], deadline=None, derandomize=True)
@given(figures())
def test_parse_of_grammar_parts_raises_only_figure_parse_error(text: str) -> None:
    _check_quantity(text)


@settings(max_examples=EXAMPLES["unicode_parse"], deadline=None, derandomize=True)
@given(st.text(max_size=20))
def test_parse_of_any_unicode_raises_only_figure_parse_error(text: str) -> None:
    _check_quantity(text)


def _check_extract(text: str) -> None:
    found = extract(text)
    end = 0
    for e in found:
        assert text[e.start : e.end] == e.text, (text, e)
        assert e.start >= end, (text, found)
        end = e.end
        if e.value is not None and e.lower is not None and e.upper is not None:
            assert e.lower <= e.value <= e.upper, (text, e)


@settings(max_examples=EXAMPLES["text"], deadline=None, derandomize=True)
@given(texts())
def test_extract_of_figures_in_text_never_raises(text: str) -> None:
    _check_extract(text)


@settings(max_examples=EXAMPLES["unicode_extract"], deadline=None, derandomize=True)
@given(st.text(max_size=60))
def test_extract_of_any_unicode_never_raises(text: str) -> None:
    _check_extract(text)


# ------------------------------------------------------------------ known cases


@pytest.mark.parametrize(
    "text", ["100000000000000000000起", "1" + "0" * 60 + "人", "1" * 400 + "起"]
)
def test_parse_reads_long_integers_exactly(text: str) -> None:
    q = parse(text)
    assert q.value == Decimal(text[:-1])
    assert q.lower == q.upper == q.value


def test_parse_keeps_bounds_of_about_exact_beyond_28_digits() -> None:
    digits = "1234567890123456789012345678901234"
    q = parse(f"约{digits}起")
    assert q.lower == Decimal(digits[:-1] + "3.5")
    assert q.upper == Decimal(digits + ".5")
    assert q.lower < q.value < q.upper


def test_parse_keeps_magnitude_exact_beyond_28_digits() -> None:
    q = parse("123456789012345678901234567890.5万余人")
    assert q.value == Decimal("1234567890123456789012345678905000")
    assert q.upper - q.lower == Decimal(1000)  # one unit of the printed decimal (0.1万)


@pytest.mark.parametrize("text", ["0.0万多", "0.0万余人", "0万余人", "0.00亿多元"])
def test_extract_reads_zero_before_a_magnitude_word(text: str) -> None:
    (e,) = extract(text)
    assert e.text == text
    assert e.value == 0
    assert e.lower == 0 < e.upper


def test_extract_bounds_exact_beyond_28_digits() -> None:
    digits = "123456789012345678901234567890"
    (e,) = extract(f"{digits}.5万余人")
    assert e.lower == Decimal(f"{digits}5000")
    assert e.upper == Decimal(f"{digits}6000")
