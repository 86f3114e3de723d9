"""Tests of the joint model of counts and folds against independent formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, optimize, stats

from wzdata.figures import FoldConvention
from wzdata.trends.joint import (
    CountSeries,
    Dispersion,
    FoldObservation,
    _Likelihood,
    fit_joint,
    fit_joint_many,
    fold_bound_readings,
    grade_verdict,
    minimum_detectable_difference,
    specification_table,
    tipping_point,
)

REHAB = CountSeries.of((2016, 2021), (851, 36))
CASES = CountSeries.of((2016, 2021), (258, 12))
USERS = CountSeries.of((2016, 2021), (1723, 93))
CHI2_95 = stats.chi2.ppf(0.95, 1)


def _binomial_lr(c0: int, c1: int, years: int, slope_lo: float, slope_hi: float) -> float:
    """LR of one rate restricted to [slope_lo, slope_hi] for two Poisson counts (by hand).

    Conditional on the total, the later count is Binomial(n, p) with
    p = e^{years beta} / (1 + e^{years beta}).
    """
    n = c0 + c1

    def ll(beta: float) -> float:
        p = 1.0 / (1.0 + math.exp(-years * beta))
        return float(stats.binom.logpmf(c1, n, p))

    free = float(stats.binom.logpmf(c1, n, c1 / n))
    res = optimize.minimize_scalar(
        lambda b: -ll(b), bounds=(slope_lo, slope_hi), method="bounded", options={"xatol": 1e-12}
    )
    best = max(-float(res.fun), ll(slope_lo), ll(slope_hi))  # the bounded search stays inside
    return 2.0 * (free - best)


@pytest.mark.parametrize(
    ("series", "lo", "hi"), [(REHAB, 7.0, 8.0), (CASES, 9.0, 10.0), (USERS, 11.0, 12.0)]
)
def test_noise_free_poisson_lr_equals_the_conditional_binomial(series, lo, hi):
    fold = FoldObservation(lo, hi, year_end=2019, steps=4, noise=False)
    fit = fit_joint(series, fold, intervals=False)
    s_lo, s_hi = -math.log(hi) / 4, -math.log(lo) / 4
    lr = _binomial_lr(series.counts[0], series.counts[1], 5, s_lo, s_hi)
    assert fit.lr_statistic == pytest.approx(lr, abs=1e-6)
    assert fit.p_value == pytest.approx(stats.chi2.sf(lr, 1), rel=1e-5)


def _independent_loglik(params, counts, t, fold_lo, fold_hi, t_start, t_end, steps):
    """Counts and noisy fold, written with scipy.stats (not the engine's formulas)."""
    a, bc, bf = params
    ll = float(np.sum(stats.poisson.logpmf(counts, np.exp(a + bc * np.asarray(t)))))
    mu_s, mu_e = math.exp(a + bf * t_start), math.exp(a + bf * t_end)
    sd = math.sqrt(1 / mu_s + 1 / mu_e)
    m = -bf * steps
    mass = stats.norm.cdf(math.log(fold_hi), m, sd) - stats.norm.cdf(math.log(fold_lo), m, sd)
    return ll + math.log(max(mass, 1e-300))


def test_noisy_fold_lr_matches_an_independent_fit():
    counts, t = np.array([851, 36]), [0.0, 5.0]
    args = (counts, t, 7.0, 8.0, -1.0, 3.0, 4)
    free = optimize.minimize(
        lambda p: -_independent_loglik(p, *args),
        [6.7, -0.6, -0.5],
        method="Powell",
        options={"xtol": 1e-10, "ftol": 1e-13, "maxfev": 20000},
    )
    const = optimize.minimize(
        lambda p: -_independent_loglik([p[0], p[1], p[1]], *args),
        [6.7, -0.55],
        method="Powell",
        options={"xtol": 1e-10, "ftol": 1e-13, "maxfev": 20000},
    )
    lr = 2.0 * (const.fun - free.fun)
    fit = fit_joint(REHAB, FoldObservation(7.0, 8.0, year_end=2019, steps=4), intervals=False)
    assert fit.lr_statistic == pytest.approx(lr, abs=1e-5)
    assert fit.delta == pytest.approx(free.x[2] - free.x[1], abs=1e-4)
    assert fit.rejected is (fit.p_value < 0.05)


def test_profile_interval_ends_sit_on_the_chi2_critical_value():
    fit = fit_joint(REHAB, FoldObservation(7.0, 8.0, year_end=2019, steps=4))
    lo, hi = fit.delta_interval
    assert lo < fit.delta < hi
    counts, t = np.array([851, 36]), [0.0, 5.0]
    args = (counts, t, 7.0, 8.0, -1.0, 3.0, 4)
    free = -optimize.minimize(
        lambda p: -_independent_loglik(p, *args),
        [6.7, -0.6, -0.5],
        method="Powell",
        options={"xtol": 1e-10, "ftol": 1e-13},
    ).fun
    for d in (lo, hi):
        prof = -optimize.minimize(
            lambda p, d=d: -_independent_loglik([p[0], p[1], p[1] + d], *args),
            [6.7, -0.63],
            method="Powell",
            options={"xtol": 1e-10, "ftol": 1e-13},
        ).fun
        assert 2 * (free - prof) == pytest.approx(CHI2_95, abs=1e-3)
    # the test and the interval agree: delta = 0 outside the interval iff rejected
    assert (not lo <= 0.0 <= hi) is fit.rejected


def test_fold_noise_widens_the_common_rate_interval():
    """Without fold noise the fold's rounding interval is treated as exact."""
    off = fit_joint(CASES, FoldObservation(9.0, 10.0, 2019, 4, noise=False))
    on = fit_joint(CASES, FoldObservation(9.0, 10.0, 2019, 4, noise=True))
    w_off = off.common_interval[1] - off.common_interval[0]
    w_on = on.common_interval[1] - on.common_interval[0]
    assert w_off <= math.log(10 / 9) / 4 + 1e-9  # no wider than the box of 9倍多
    assert w_on > 3 * w_off
    lo, hi = on.common_interval
    assert lo < on.common_slope < hi


def test_negative_binomial_and_lognormal_count_likelihoods():
    fold = FoldObservation(7.0, 8.0, 2019, 4)
    a, b = 6.5, -0.6
    mu = np.exp(a + b * np.array([0.0, 5.0]))
    nb = _Likelihood(REHAB, fold, Dispersion("negative-binomial", 0.2))
    n = 1 / 0.2
    want = float(np.sum(stats.nbinom.logpmf([851, 36], n, n / (n + mu))))
    assert nb.counts(a, b) == pytest.approx(want, rel=1e-10)
    pln = _Likelihood(REHAB, fold, Dispersion("poisson-lognormal", 0.3))
    want = 0.0
    for c, m in zip((851, 36), mu, strict=True):
        val, _ = integrate.quad(
            lambda z, c=c, m=m: stats.poisson.pmf(c, m * math.exp(0.3 * z)) * stats.norm.pdf(z),
            -8,
            8,
            points=[math.log(c / m) / 0.3],
            limit=200,
        )
        want += math.log(val)
    assert pln.counts(a, b) == pytest.approx(want, rel=1e-6)


def test_dispersion_weakens_the_test():
    fold = FoldObservation(7.0, 8.0, 2019, 4)
    p = [
        fit_joint(REHAB, fold, Dispersion("negative-binomial", al), intervals=False).p_value
        for al in (0.0, 0.02, 0.1, 0.4)
    ]
    assert p == sorted(p)
    assert p[0] < 0.05 < p[-1]


def test_tipping_point_is_where_the_printed_p_crosses_the_level():
    fold = FoldObservation(7.0, 8.0, 2019, 4, noise=False)
    tp = tipping_point(REHAB, fold, Dispersion(), "negative-binomial")
    assert tp is not None
    p = fit_joint(REHAB, fold, Dispersion("negative-binomial", tp["value"]), intervals=False)
    assert p.p_value == pytest.approx(0.05, rel=1e-3)
    tf = tipping_point(REHAB, fold, Dispersion(), "fold")
    assert tf is not None and tf["value"] > 8.0
    shift = tf["value"] - 8.0
    moved = FoldObservation(7.0 + shift, 8.0 + shift, 2019, 4, noise=False)
    assert fit_joint(REHAB, moved, intervals=False).p_value == pytest.approx(0.05, rel=1e-3)
    # more dispersion cannot turn a non-rejection into a rejection
    cases = FoldObservation(9.0, 10.0, 2019, 4)
    assert tipping_point(CASES, cases, Dispersion(), "negative-binomial") is None


def test_specification_table_uses_one_rule_and_grades_it():
    spec = specification_table(
        REHAB,
        year_end=2019,
        bounds=fold_bound_readings("近8倍"),
        steps={"4": 4, "5": 5},
        as_printed="近8倍",
        label="rehab",
    )
    df = spec.to_frame()
    assert len(df) == 2 * 2 * 2 * 5 * 2
    assert df["is_headline"].sum() == 1 and bool(df["is_headline"].iloc[0])
    assert (df["rejected"] == (df["p_value"] < 0.05)).all()
    assert df["p_value"].between(0, 1).all()
    assert spec.grade == grade_verdict(df["rejected"], df["dispersion_model"] == "poisson")
    assert "NB alpha" in spec.tipping_text
    assert df["grade"].nunique() == 1
    text = spec.summary()
    assert "Decision rule" in text and "likelihood-ratio" in text


def test_grade_verdict_words():
    assert grade_verdict([True, True], [True, False]) == "rejected under all specifications"
    assert grade_verdict([False, False], [True, False]) == "not rejected under any specification"
    assert grade_verdict([True, False], [True, False]) == "rejected under Poisson only"
    assert grade_verdict([True, False, False], [True, True, False]) == (
        "rejected under 1 of 3 specifications"
    )
    with pytest.raises(ValueError):
        grade_verdict([], [])


def test_minimum_detectable_difference_by_hand():
    assert minimum_detectable_difference(0.1) == pytest.approx(
        (1.959964 + 0.841621) * 0.1, rel=1e-6
    )
    with pytest.raises(ValueError):
        minimum_detectable_difference(0.1, power=1.0)


def test_joint_over_indicators_sums_the_statistics():
    data = {
        "cases": (CASES, FoldObservation(9.0, 10.0, 2019, 4)),
        "users": (USERS, FoldObservation(11.0, 12.0, 2019, 4)),
    }
    many = fit_joint_many(data)
    single = [fit_joint(s, f, intervals=False).lr_statistic for s, f in data.values()]
    assert many.lr_statistic == pytest.approx(sum(single), rel=1e-9)
    assert many.df == 2
    assert many.p_value == pytest.approx(stats.chi2.sf(sum(single), 2), rel=1e-9)
    lo, hi = many.common_delta_interval
    assert lo < many.common_delta < hi
    assert "independent" in many.assumption


def test_fold_bound_readings_and_conventions():
    assert fold_bound_readings("近12倍") == {"parser": (11.0, 12.0), "widened": (10.5, 12.5)}
    assert fold_bound_readings("2倍") == {"parser": (1.5, 2.5), "widened": (1.0, 3.0)}
    f = FoldObservation(9.0, 10.0, 2019, 5, convention=FoldConvention.MULTIPLE_OF_AFTER)
    assert f.ratio_bounds == (10.0, 11.0)
    assert f.year_start == 2014
    assert f.slope_bounds == pytest.approx((-math.log(11) / 5, -math.log(10) / 5))
    with pytest.raises(ValueError, match="not a fold"):
        fold_bound_readings("12人")


def test_bad_inputs_are_named():
    with pytest.raises(ValueError, match="dispersion model"):
        Dispersion("gamma", 0.1)
    with pytest.raises(ValueError, match="level"):
        Dispersion("negative-binomial", -1.0)
    with pytest.raises(ValueError, match="lower <= upper"):
        FoldObservation(8.0, 7.0, 2019, 4)
    with pytest.raises(ValueError, match="two or more"):
        CountSeries.of((2016,), (3,))


def test_results_are_deterministic_and_printable():
    fold = FoldObservation(9.0, 10.0, 2019, 4)
    a, b = fit_joint(CASES, fold, label="cases"), fit_joint(CASES, fold, label="cases")
    assert a.to_frame().equals(b.to_frame())
    assert "<0.001" not in a.summary() and "p 0.44" in a.summary()
    assert "Estimand" in a._repr_html_()
    assert fit_joint(REHAB, FoldObservation(7.0, 8.0, 2019, 4)).summary().count("<0.001") >= 1


def test_expected_count_under_each_trend_form_by_hand():
    from wzdata.trends.joint import expected_count

    fold = FoldObservation(7.0, 8.0, 2019, 4, noise=False)
    counts = expected_count(REHAB, fold, 2022, form="counts")
    # the counts' own rate: 36 * (36/851)^(1/5), the saturated Poisson fit
    assert counts["expected"] == pytest.approx(36 * (36 / 851) ** 0.2, rel=1e-6)

    def prof(level: float) -> float:  # Poisson log-likelihood profiled over the slope
        def negll(b: float) -> float:
            a = level - 6 * b
            return -(
                stats.poisson.logpmf(851, math.exp(a))
                + stats.poisson.logpmf(36, math.exp(a + 5 * b))
            )

        return -optimize.minimize_scalar(negll, bounds=(-2, 1), method="bounded").fun

    best = prof(math.log(counts["expected"]))
    for end in (counts["lower"], counts["upper"]):
        assert 2 * (best - prof(math.log(end))) == pytest.approx(CHI2_95, abs=1e-3)
    const = expected_count(REHAB, FoldObservation(7.0, 8.0, 2019, 4), 2022, form="constant")
    assert const["lower"] < const["expected"] < const["upper"]
    assert const["expected"] > counts["expected"]  # the fold's slower fall pulls it up
    assert "extrapolation" in const["assumption"]
    with pytest.raises(ValueError, match="form"):
        expected_count(REHAB, fold, 2022, form="linear")
