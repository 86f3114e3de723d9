"""Tests of the power of claim checks, recomputed by brute force with decimal rounding."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest

from wzdata.claims.checks import Base
from wzdata.claims.power import (
    conditional_rate_check,
    fingerprint,
    graded_verdict,
    grid_values,
    pct_change_pass_probability,
    value_pass_probability,
)
from wzdata.figures import FoldConvention, fold_of


def _rounds_to(num: int, den: int, printed: Decimal) -> bool:
    """100*num/den rounds to ``printed`` half-up or half-even (by hand, with Decimal)."""
    step = Decimal(1).scaleb(printed.as_tuple().exponent)
    x = Decimal(100 * num) / Decimal(den)
    return any(x.quantize(step, rounding=r) == printed for r in (ROUND_HALF_UP, ROUND_HALF_EVEN))


def _grid(center: str, rel: float) -> list[Decimal]:
    c = Decimal(center)
    step = Decimal(1).scaleb(c.as_tuple().exponent)
    half = (c * Decimal(str(rel))).quantize(step)
    out, x = [], c - half
    while x <= c + half:
        out.append(x)
        x += step
    return out


def test_small_count_change_is_informative():
    """48.3% down to 15: about 5% of nearby printed values would also pass."""
    res = pct_change_pass_probability(15, "48.3%")
    grid = [v for v in _grid("48.3", 0.2)]
    # A fall to 15 from p is 100 * (1 - 15/p)%: above the grid's top (plus half a step)
    # once p > 15 / (1 - top/100), so no larger prior can round to a grid value.
    top = (max(grid) + Decimal("0.05")) / 100
    p_max = int(15 / (1 - top)) + 1
    assert p_max < 100
    hand = sum(1 for v in grid if any(_rounds_to(p - 15, p, v) for p in range(16, p_max + 1)))
    assert (res.passed, res.total) == (hand, len(grid))
    assert 0.02 < res.probability < 0.1


def test_large_count_change_carries_no_information():
    assert pct_change_pass_probability(351, "45.9%").probability > 0.95
    assert pct_change_pass_probability(7792, "7.6%", direction="up").probability == 1.0


def test_recomputed_values_pass_for_one_grid_value():
    inc = pct_change_pass_probability(
        7792, "7.6%", increment=591, direction="up", base=Base.CURRENT
    )
    assert inc.passed == 1 and inc.total == len(_grid("7.6", 0.2))
    fold = value_pass_probability(fold_of(258, 12, FoldConvention.RATIO), "21.5倍")
    assert fold.passed == 1 and fold.total == len(_grid("21.5", 0.2))


def test_conditional_rate_check_finds_one_denominator_by_brute_force():
    res = conditional_rate_check("91.87%", 7792, assumption="7792 is the numerator")
    hand = [d for d in range(7793, 20000) if _rounds_to(7792, d, Decimal("91.87"))]
    assert res.denominators == tuple(hand) == (8482,)
    assert "8482" in res.text and "7792 is the numerator" in res.text
    assert res.power.probability > 0.5  # a large numerator finds a denominator for most rates
    with pytest.raises(ValueError, match="assumption"):
        conditional_rate_check("91.87%", 7792, assumption="")


def test_fingerprint_is_the_smallest_fraction():
    f = fingerprint("77.8%")
    hand = next(
        (k, n) for n in range(1, 100) for k in range(n + 1) if _rounds_to(k, n, Decimal("77.8"))
    )
    assert (f.numerator, f.denominator) == hand == (7, 9)
    assert f.chance.probability < 0.1
    assert "7/9" in f.text


def test_grid_values_keep_decimals_and_bounds():
    assert grid_values("5.0%", rel_window=0.04) == ["4.8%", "4.9%", "5.0%", "5.1%", "5.2%"]
    assert grid_values("95%", rel_window=0.1, upper=Decimal(100))[-1] == "100%"
    with pytest.raises(ValueError):
        grid_values("5%", rel_window=1.5)


def test_graded_verdict_three_levels():
    assert graded_verdict(["ratio"], "ratio").startswith("reproduced under the standard")
    assert graded_verdict(["current_base"], "prior_base") == (
        "reproduced only under a non-standard reading: current_base"
    )
    assert graded_verdict([], "ratio") == "reproduced under no reading"
    assert graded_verdict([], "ratio", checkable=False) == "not checkable"
