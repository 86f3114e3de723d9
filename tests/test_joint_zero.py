"""The joint model with a zero count at an end year: the limit, stated, in bounded work."""

from __future__ import annotations

import math
import warnings

import pytest

from wzdata.trends import joint

CRIT = 3.841458820694124  # chi-squared, 1 df, 0.95
DISPERSIONS = (
    joint.Dispersion(),
    joint.Dispersion("negative-binomial", 0.2),
    joint.Dispersion("poisson-lognormal", 0.3),
    joint.Dispersion("quasi-poisson", 0.5),
)


def _fold(noise: bool = True) -> joint.FoldObservation:
    return joint.FoldObservation(9.0, 10.0, year_end=2019, steps=4, noise=noise)


def _series(*counts: int) -> joint.CountSeries:
    return joint.CountSeries.of((2016, 2021), counts)


@pytest.fixture
def evaluations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the likelihood evaluations of every Newton fit."""
    seen = [0]
    newton = joint._newton

    def counted(fun, x0, maxiter=200):
        def f(x):
            seen[0] += 1
            return fun(x)

        return newton(f, x0, maxiter)

    monkeypatch.setattr(joint, "_newton", counted)
    return seen


def _counts_bound(count: int, years: float) -> float:
    """Noise-free Poisson: LR(b) = 2 c log(1 + exp(b years)) for ``count -> 0``; its root."""
    return math.log(math.expm1(CRIT / (2.0 * count))) / years


@pytest.mark.parametrize("count", [258, 40, 1])
def test_a_fall_to_zero_has_the_counts_rate_at_minus_infinity(count: int) -> None:
    fit = joint.fit_joint(_series(count, 0), _fold(noise=False))
    assert fit.slope_counts == -math.inf
    lo, hi = fit.slope_counts_interval
    assert lo == -math.inf
    assert hi == pytest.approx(_counts_bound(count, 5.0), abs=1e-7)
    # the difference of rates is then +inf; its interval [f_lo - hi, inf)
    assert fit.delta == math.inf
    d_lo, d_hi = fit.delta_interval
    assert d_hi == math.inf
    f_lo = -math.log(10.0) / 4
    assert d_lo == pytest.approx(f_lo - _counts_bound(count, 5.0), abs=1e-7)
    row = fit.to_frame().iloc[1]
    assert row["estimate"] == -math.inf and row["annual_change_pct"] == -100.0
    assert "infinite annual log-rate" in fit.assumption and "zero in 2021" in fit.assumption


@pytest.mark.parametrize("disp", DISPERSIONS, ids=lambda d: d.name)
@pytest.mark.parametrize("noise", [True, False])
def test_a_zero_end_fits_without_warnings_in_bounded_work(disp, noise, evaluations) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit = joint.fit_joint(_series(258, 0), _fold(noise), disp)
    assert evaluations[0] < 1500  # was 5,000 to 32,000
    assert fit.delta == math.inf and fit.slope_counts == -math.inf
    d_lo, d_hi = fit.delta_interval
    assert math.isfinite(d_lo) and d_hi == math.inf
    # the finite end lies on the critical value of the profile
    prof = joint._Profile(joint._Likelihood(_series(258, 0), _fold(noise), disp))
    a_hat, _, bf_hat = prof.max_x
    prof._warm = [a_hat, bf_hat - d_lo]
    assert prof.lr(d_lo) == pytest.approx(CRIT, abs=1e-5)
    assert math.isfinite(fit.lr_statistic) and 0.0 < fit.p_value < 1.0
    assert math.isfinite(fit.slope_fold) and all(map(math.isfinite, fit.slope_fold_interval))


def test_a_rise_from_zero_without_fold_noise_has_its_rate_at_plus_infinity() -> None:
    fit = joint.fit_joint(_series(0, 258), _fold(noise=False))
    assert fit.slope_counts == math.inf
    lo, hi = fit.slope_counts_interval
    assert hi == math.inf and lo == pytest.approx(-_counts_bound(258, 5.0), abs=1e-7)
    assert fit.delta == -math.inf and fit.delta_interval[0] == -math.inf
    assert math.isfinite(fit.delta_interval[1])


def test_a_rise_from_zero_with_fold_noise_stays_finite() -> None:
    # the fold's noise depends on the level of the zero year: the maximum is finite
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit = joint.fit_joint(_series(0, 258), _fold())
    assert all(map(math.isfinite, (fit.delta, *fit.delta_interval, fit.slope_counts)))


def test_a_zero_end_specification_table_is_bounded_work(evaluations) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        spec = joint.specification_table(
            _series(258, 0),
            year_end=2019,
            bounds=joint.fold_bound_readings("9倍多"),
            steps={"4 steps": 4, "5 steps": 5},
            as_printed="9倍多",
        )
    assert evaluations[0] < 15_000  # was about 139,000
    frame = spec.to_frame()
    assert (frame["delta"] == math.inf).all()
    assert frame["p_value"].between(0.0, 1.0).all()


def test_expected_count_after_a_zero_end() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = joint.expected_count(_series(258, 0), _fold(), 2022, form="counts")
    assert res["expected"] == 0.0 and res["lower"] == 0.0
    assert 0.0 < res["upper"] < 1.0


def test_a_shared_difference_with_one_zero_end_indicator() -> None:
    data = {
        "a": (_series(258, 0), _fold()),
        "b": (_series(851, 36), joint.FoldObservation(7.0, 8.0, year_end=2019, steps=4)),
    }
    many = joint.fit_joint_many(data)
    lo, hi = many.common_delta_interval
    assert lo <= many.common_delta <= hi and math.isfinite(hi)
    assert many.fits["a"].delta_interval[1] == math.inf
