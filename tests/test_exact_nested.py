"""Exact-based annual change and nested indicators, against hand formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import optimize, stats

from wzdata.trends.exact import exact_annual_change, midp_conditional_ci, nested_rate_difference


def _cp_rr(x: int, n: int, conf: float = 0.95) -> tuple[float, float]:
    a = 1 - conf
    lo = stats.beta.ppf(a / 2, x, n - x + 1)
    hi = stats.beta.ppf(1 - a / 2, x + 1, n - x)
    return lo / (1 - lo), hi / (1 - hi)


@pytest.mark.parametrize(("before", "after"), [(40, 4), (258, 12), (851, 36), (1723, 93)])
def test_annual_change_from_clopper_pearson_limits(before, after):
    res = exact_annual_change(before, after, 5).to_frame().iloc[0]
    rr_lo, rr_hi = _cp_rr(before, before + after)
    assert res["rate_ratio_lower"] == pytest.approx(rr_lo, rel=1e-9)
    assert res["annual_change_pct_lower"] == pytest.approx(100 * (rr_hi ** (-1 / 5) - 1), rel=1e-9)
    assert res["annual_change_pct_upper"] == pytest.approx(100 * (rr_lo ** (-1 / 5) - 1), rel=1e-9)
    assert res["half_life_years"] == pytest.approx(5 * math.log(2) / math.log(before / after))
    assert res["half_life_lower"] < res["half_life_years"] < res["half_life_upper"]


def test_outflow_exact_interval_as_quoted():
    res = exact_annual_change(40, 4, 5).to_frame().iloc[0]
    assert round(res["annual_change_pct_lower"], 1) == -51.8
    assert round(res["annual_change_pct_upper"], 1) == -22.7


def test_midp_limits_solve_their_tail_equations_and_sit_inside_exact():
    x, a = 40, 4
    n = x + a
    lo, hi = midp_conditional_ci(x, a)
    p_lo, p_hi = lo / (1 + lo), hi / (1 + hi)
    up = stats.binom.sf(x, n, p_lo) + 0.5 * stats.binom.pmf(x, n, p_lo)
    down = stats.binom.cdf(x - 1, n, p_hi) + 0.5 * stats.binom.pmf(x, n, p_hi)
    assert up == pytest.approx(0.025, abs=1e-9) and down == pytest.approx(0.025, abs=1e-9)
    cp_lo, cp_hi = _cp_rr(x, n)
    assert cp_lo < lo < hi < cp_hi


def test_nested_tests_against_independent_formulas():
    s, t = (851, 36), (1723, 93)
    res = nested_rate_difference(s, t, 5)
    p0, p1 = 851 / 1723, 36 / 93
    se = math.sqrt((1 - p0) / 851 + (1 - p1) / 36)
    assert res.p_value_wald == pytest.approx(2 * stats.norm.sf(abs(math.log(p1 / p0)) / se))
    assert round(res.p_value_wald, 3) == 0.066
    assert res.p_value_fisher == pytest.approx(
        stats.fisher_exact([[851, 1723 - 851], [36, 93 - 36]]).pvalue
    )
    endog = np.array([[851, 1723 - 851], [36, 93 - 36]])
    full = sm.GLM(endog, np.array([[1.0, 0.0], [1.0, 1.0]]), family=sm.families.Binomial()).fit()
    null = sm.GLM(endog, np.ones((2, 1)), family=sm.families.Binomial()).fit()
    assert res.p_value_lr == pytest.approx(stats.chi2.sf(null.deviance - full.deviance, 1))
    assert res.rejected is (res.p_value_lr < 0.05)
    # the profile interval agrees with the LR test
    assert (res.upper < 0 or res.lower > 0) is res.rejected
    assert res.mdd == pytest.approx((1.959964 + 0.841621) * se / 5, rel=1e-6)


def test_nested_profile_limit_has_the_critical_lr():
    res = nested_rate_difference((851, 36), (1723, 93), 5)
    theta = res.upper * 5

    def negll(q: float) -> float:
        return -(stats.binom.logpmf(851, 1723, q) + stats.binom.logpmf(36, 93, q * math.exp(theta)))

    prof = -optimize.minimize_scalar(negll, bounds=(1e-9, 0.999), method="bounded").fun
    best = stats.binom.logpmf(851, 1723, 851 / 1723) + stats.binom.logpmf(36, 93, 36 / 93)
    assert 2 * (best - prof) == pytest.approx(stats.chi2.ppf(0.95, 1), abs=1e-4)


def test_bad_inputs():
    with pytest.raises(ValueError, match="must not exceed"):
        nested_rate_difference((10, 5), (8, 9), 5)
    with pytest.raises(ValueError, match="steps"):
        exact_annual_change(10, 5, 0)
