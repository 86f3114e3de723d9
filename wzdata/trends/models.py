"""Trend and fold-decline models for the published counts.

The source prints counts at two years (for example cases solved in 2016 and
2021) and fold statements ("下降N倍") over other spans. This module turns them
into rate ratios, annual rates of decline, checks whether the periods agree
with one steady rate, tests whether the indicators fell at the same rate, and
extrapolates the fitted rates. Every result names its method and assumptions.

Conventions
-----------
``下降N倍`` is ambiguous, so the reading is always a named parameter
(:class:`FoldConvention`):

* ``ratio``: before / after = N (the default);
* ``multiple_of_after``: (before - after) / after = N, so before / after = N + 1.

The *rate ratio* of a pair is before / after (so a decline gives a ratio above
one, comparable to the printed N under the ``ratio`` convention). Annual counts
are treated as Poisson counts over equal exposures (one calendar year each);
the annual log-rate ``beta`` comes from a log-linear model of count on year,
with annual change ``exp(beta) - 1`` and half-life ``ln 2 / -beta`` years.

Two points cannot estimate overdispersion. Intervals are therefore given under
stated dispersion assumptions: a quasi-Poisson scale ``phi`` (variance
``phi * mu``) and a negative binomial ``alpha`` (variance ``mu + alpha * mu**2``);
``phi = 1`` and ``alpha = 0`` are the Poisson model.

Results objects follow the statsmodels manner: ``.summary()`` returns a text
for people (it never contains a date or time) and ``.to_frame()`` a
:class:`pandas.DataFrame` for code. :func:`build_tables` returns the tables of
the project with their Frictionless Table Schemas in :data:`SCHEMAS`.

Heavy libraries (pandas, scipy, statsmodels) are imported inside functions.
"""

from __future__ import annotations

import math
import textwrap
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wzdata.figures import (
    FoldConvention,
    Qualifier,
    as_convention,
    fold_to_ratio,
    parse,
    ratio_to_fold,
)
from wzdata.intervals import check_conf_level, check_count, clopper_pearson, z_critical
from wzdata.output import Results

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


#: Quasi-Poisson scale parameters shown by default (1 is the Poisson model).
DEFAULT_SCALES: tuple[float, ...] = (1.0, 2.0, 4.0)
#: Negative binomial dispersions shown by default (0 is the Poisson model).
DEFAULT_NB_ALPHAS: tuple[float, ...] = (0.0, 0.05, 0.2)
#: Seed of the simulations behind prediction intervals.
DEFAULT_SEED = 20220627

LN2 = math.log(2.0)
#: Columns of an annual change and a half-life with their limits, in the order shown.
CHANGE_COLUMNS = (
    "annual_change_pct",
    "annual_change_pct_lower",
    "annual_change_pct_upper",
    "half_life_years",
    "half_life_lower",
    "half_life_upper",
)


# --------------------------------------------------------------------------- conventions


#: Conventions under which a fold of N >= 1 has a meaning; the third,
#: ``percent_of_before``, makes every printed decline of this source impossible.
MODEL_CONVENTIONS = (FoldConvention.RATIO, FoldConvention.MULTIPLE_OF_AFTER)


@dataclass(frozen=True)
class FoldInterval:
    """Bounds of a printed fold N and how they were obtained.

    Attributes
    ----------
    as_printed : str
        The figure as printed (``近12倍``).
    lower, upper : float
        Bounds of N (``upper`` may be ``inf``).
    rule : str
        How the bounds were obtained.
    """

    as_printed: str
    lower: float
    upper: float
    rule: str

    def ratio_bounds(self, convention: str | FoldConvention) -> tuple[float, float]:
        """Bounds of the ratio larger/smaller under ``convention``."""
        return fold_to_ratio(self.lower, convention), fold_to_ratio(self.upper, convention)


def fold_interval(as_printed: str, *, round_exact: bool = True) -> FoldInterval:
    """Bounds of a printed fold, read with :func:`wzdata.figures.parse`.

    Parameters
    ----------
    as_printed : str
        A fold as printed (``9倍多``, ``近12倍``, ``21.5倍``).
    round_exact : bool
        An unqualified fold (``2倍``) is a rounded number; if True it is read as
        ``[v - h, v + h]`` with ``h`` half a unit of its last printed decimal
        (``10倍`` -> [9.5, 10.5], ``21.5倍`` -> [21.45, 21.55], as in the claim
        audit), otherwise as the point ``[v, v]``.

    Returns
    -------
    FoldInterval
    """
    q = parse(as_printed)
    if q.kind.value != "fold":
        raise ValueError(
            f"figure {as_printed!r} is a {q.kind.value}, not a fold (N倍): "
            "pass a fold statement or check the measure column"
        )
    lower, upper = float(q.lower), float(q.upper)
    if q.qualifier is Qualifier.EXACT and round_exact:
        # rounded at its printed decimals, the rule of the claim audit
        # (wzdata.claims.checks.printed_interval): 10倍 is [9.5, 10.5], not 10 +/- 5
        half = 0.5 * 10.0 ** (-q.decimals)
        return FoldInterval(
            as_printed,
            max(lower - half, 0.0),
            upper + half,
            f"unqualified, read as rounded to its last place: +/- {half:g}",
        )
    return FoldInterval(as_printed, lower, upper, f"parser bounds ({q.qualifier.value})")


# --------------------------------------------------------------------------- helpers


def _fold_slopes(
    ratio_lower: float, ratio_upper: float, steps: int, direction: str
) -> tuple[float, float]:
    """Interval of annual log-rates allowed by a ratio interval over ``steps`` yearly steps.

    A decline by a ratio ``r`` (larger/smaller) over ``steps`` steps means a
    log-rate ``-ln(r) / steps``; a rise means ``+ln(r) / steps``. A ratio bound of
    0 or inf gives an infinite log-rate bound.
    """
    sign = -1.0 if direction == "down" else 1.0

    def one(r: float) -> float:
        if r <= 0:
            return -sign * math.inf
        if math.isinf(r):
            return sign * math.inf
        return sign * math.log(r) / steps

    lo, hi = sorted((one(ratio_lower), one(ratio_upper)))
    return lo, hi


def _check_scale(scale: float) -> None:
    if not scale >= 1.0:
        raise ValueError(f"quasi-Poisson scale must be >= 1, got {scale!r}")


def _conf_and_z(conf_level: float) -> tuple[float, float]:
    """The checked confidence level and its two-sided normal quantile."""
    conf = check_conf_level(conf_level)
    return conf, z_critical(conf)


def _conf_and_scale(conf_level: float, scale: float) -> tuple[float, float]:
    """The checked confidence level and its normal quantile, after checking the scale."""
    conf, z = _conf_and_z(conf_level)
    _check_scale(scale)
    return conf, z


def _count_pair(
    count_before: object, count_after: object, conf_level: float
) -> tuple[float, int, int]:
    """The checked confidence level and the two counts of a rate ratio (not both zero)."""
    conf = check_conf_level(conf_level)
    b = check_count(count_before, "count_before")
    a = check_count(count_after, "count_after")
    if a + b == 0:
        raise ValueError("both counts are zero: the rate ratio is undefined")
    return conf, b, a


def _share_ratio(p: float, k: float = 1.0) -> float:
    """The rate ratio ``k p / (1 - p)`` of a binomial share ``p`` of the two counts."""
    return math.inf if p >= 1.0 else p / (1.0 - p) * k


def pct_of_log_rate(beta: float) -> float:
    """Annual change in per cent of an annual log-rate: ``100 (exp(beta) - 1)``.

    From -100 (a rate falling to zero, ``beta = -inf``) to inf; NaN stays NaN.

    Examples
    --------
    >>> round(pct_of_log_rate(math.log(0.5)), 6), pct_of_log_rate(-math.inf)
    (-50.0, -100.0)
    """
    if math.isnan(beta):
        return math.nan
    if beta > 700.0:  # exp overflows a float: the change is beyond any printed number
        return math.inf
    return 100.0 * math.expm1(beta) if math.isfinite(beta) else -100.0


def _exp(x: float) -> float:
    """``exp(x)`` that gives inf instead of overflowing (NaN stays NaN)."""
    return math.inf if x > 709.0 else math.exp(x)


def _half_life(beta: float) -> float:
    """Half-life in years of a log-rate; NaN when the rate does not fall."""
    if beta < 0:
        return LN2 / -beta if math.isfinite(beta) else 0.0
    return math.nan


def _half_life_bounds(lower: float, upper: float) -> tuple[float, float]:
    """Half-life interval from a slope interval (a faster fall gives a shorter half-life)."""
    lo = LN2 / -lower if lower < 0 else math.nan
    hi = LN2 / -upper if upper < 0 else math.inf
    return lo, hi


def _render(
    title: str, header: Sequence[tuple[str, str]], frame: pd.DataFrame, notes: Sequence[str]
) -> str:
    """Plain-text summary: a title, key/value lines, a table and notes (no date or time)."""
    import pandas as pd

    width = 78
    lines = [title.center(width), "=" * width]
    key_width = max((len(k) for k, _ in header), default=0)
    lines += [f"{k.ljust(key_width)} : {v}" for k, v in header]
    lines.append("-" * width)
    with pd.option_context(
        "display.max_columns", None, "display.width", 200, "display.max_colwidth", 60
    ):
        lines.append(frame.to_string(index=False))
    lines.append("-" * width)
    for n in notes:
        if n:
            lines += textwrap.wrap(
                n,
                width,
                initial_indent="Note: ",
                subsequent_indent="      ",
                break_on_hyphens=False,
            )
    return "\n".join(lines)


def minimum_detectable_difference(se: float, conf_level: float = 0.95, power: float = 0.8) -> float:
    """Smallest true difference a two-sided test at ``1 - conf_level`` finds with ``power``.

    ``(z_{1 - alpha/2} + z_{power}) * se`` (normal approximation).
    """
    from scipy import stats

    if not 0 < power < 1:
        raise ValueError(f"power must lie strictly between 0 and 1, got {power!r}")
    return float((stats.norm.ppf(0.5 + conf_level / 2.0) + stats.norm.ppf(power)) * se)


class _NamedResults(Results):
    """A result whose named quantities (``info``) are also its attributes (``res.p_value``)."""

    def __init__(
        self,
        rows: list[dict[str, Any]],
        info: Mapping[str, Any],
        label: str = "",
        header: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(rows, label, header)
        self.info = dict(info)
        for k, v in self.info.items():
            setattr(self, k, v)


def _glm_fit(
    endog: np.ndarray,
    exog: np.ndarray,
    *,
    scale: float = 1.0,
    nb_alpha: float = 0.0,
    offset: np.ndarray | None = None,
) -> Any:
    """Fit a log-link GLM with the dispersion fixed (never estimated from two points)."""
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    family = (
        sm.families.Poisson()
        if nb_alpha == 0.0
        else sm.families.NegativeBinomial(alpha=float(nb_alpha))
    )
    with warnings.catch_warnings():
        # A saturated fit (two years, two parameters) is expected here.
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        return sm.GLM(endog, exog, family=family, offset=offset).fit(scale=float(scale))


def _series_arrays(
    years: Sequence[int], counts: Sequence[int]
) -> tuple[np.ndarray, np.ndarray, int]:
    import numpy as np

    ys = [int(y) for y in years]
    cs = [check_count(c, f"count for year {y}") for y, c in zip(ys, counts, strict=True)]
    if len(set(ys)) < 2:
        raise ValueError(f"need counts for at least two different years, got years {ys}")
    if len(set(ys)) != len(ys):
        raise ValueError(f"each year may appear once, got years {ys}")
    if sum(cs) == 0:
        raise ValueError("all counts are zero: no rate can be estimated")
    order = np.argsort(ys)
    year_arr = np.asarray(ys, dtype=float)[order]
    return year_arr, np.asarray(cs, dtype=float)[order], int(min(ys))


# --------------------------------------------------------------------------- rate ratios


def _exact_split(b: int, a: int, conf: float, k: float) -> tuple[float, float, float]:
    """Exact conditional interval and p-value of RR, the after/before exposure ratio being ``k``."""
    from scipy import stats

    n = a + b
    res = stats.binomtest(b, n, p=1.0 / (1.0 + k))
    low, high = clopper_pearson(b, n, conf)
    return _share_ratio(low, k), _share_ratio(high, k), float(res.pvalue)


def exact_conditional_ci(
    count_before: int,
    count_after: int,
    *,
    conf_level: float = 0.95,
) -> tuple[float, float, float]:
    """Exact conditional interval of the rate ratio before/after, at equal exposure.

    Conditional on ``n = before + after``, ``before ~ Binomial(n, p)`` with
    ``p = RR / (RR + 1)``; the Clopper-Pearson interval of ``p`` is mapped to
    ``RR = p / (1 - p)``. For unequal exposures use :func:`rate_ratio`, whose
    ``exact_ci`` maps ``p = RR e_b / (RR e_b + e_a)``.

    Returns
    -------
    (lower, upper, p_value)
        Interval of RR and the exact two-sided p-value of RR = 1.
    """
    conf, b, a = _count_pair(count_before, count_after, conf_level)
    return _exact_split(b, a, conf, 1.0)


EXACT_METHOD = "exact-conditional (Clopper-Pearson on binomial split)"


class RateRatioResults(_NamedResults):
    """Rate ratio before/after of two Poisson counts, with tests and intervals.

    Attributes
    ----------
    ratio : float
        Point estimate before/after (adjusted for exposures).
    conf_level : float
    intervals : dict
        ``method -> (lower, upper)`` for each statsmodels method and the exact one.
    p_values : dict
        ``method -> p-value`` of the test of RR = 1.
    """

    @property
    def exact_ci(self) -> tuple[float, float]:
        """Exact conditional (Clopper-Pearson) interval of the rate ratio."""
        return self.intervals[EXACT_METHOD]

    def summary(self) -> str:
        """Printable summary (no date or time)."""
        frame = self.to_frame()[["method", "estimate", "lower", "upper", "statistic", "p_value"]]
        header = [
            ("Indicator", self.label or "(unnamed)"),
            ("Counts before / after", f"{self.count_before} / {self.count_after}"),
            ("Exposures", f"{self.exposure_before:g} / {self.exposure_after:g}"),
            ("Rate ratio (before/after)", f"{self.ratio:.4f}"),
            ("Confidence level", f"{self.conf_level:g}"),
        ]
        notes = [
            "Counts are independent Poisson counts; the test is of RR = 1.",
            "Exact interval: conditional on before+after, before ~ Binomial(n, p), "
            "p = RR/(1+RR) at equal exposure; Clopper-Pearson on p mapped to RR = p/(1-p).",
        ]
        return _render("Rate ratio of two Poisson counts", header, frame, notes)


def rate_ratio(
    count_before: int,
    count_after: int,
    *,
    exposure_before: float = 1.0,
    exposure_after: float = 1.0,
    conf_level: float = 0.95,
    methods: Sequence[str] = ("score", "wald-log"),
    label: str = "",
) -> RateRatioResults:
    """Rate ratio before/after with statsmodels tests and an exact interval.

    Parameters
    ----------
    count_before, count_after : int
        The two counts (before is the earlier year).
    exposure_before, exposure_after : float
        Exposures (1 each for two calendar years).
    conf_level : float
        Confidence level of the intervals.
    methods : sequence of str
        Methods of :func:`statsmodels.stats.rates.test_poisson_2indep` and
        :func:`~statsmodels.stats.rates.confint_poisson_2indep` (``"score"``,
        ``"wald-log"``, ``"score-log"``, ``"sqrt"``, ``"mover"``).
    label : str
        Name shown in the output.

    Returns
    -------
    RateRatioResults
    """
    import numpy as np
    from statsmodels.stats.rates import confint_poisson_2indep, test_poisson_2indep

    conf, b, a = _count_pair(count_before, count_after, conf_level)
    if exposure_before <= 0 or exposure_after <= 0:
        raise ValueError(
            f"exposures must be positive, got {exposure_before!r} and {exposure_after!r}"
        )
    est = (b / exposure_before) / (a / exposure_after) if a > 0 else math.inf
    exposure_note = (
        "equal exposure (one calendar year each)"
        if exposure_before == exposure_after
        else f"exposures {exposure_before:g} and {exposure_after:g}"
    )
    rows: list[dict[str, Any]] = []
    for m in methods:
        caveat = ""
        try:
            with np.errstate(divide="ignore", invalid="ignore"):
                test = test_poisson_2indep(
                    b, exposure_before, a, exposure_after, method=m, compare="ratio"
                )
                low, upp = confint_poisson_2indep(
                    b, exposure_before, a, exposure_after, method=m, compare="ratio", alpha=1 - conf
                )
            stat, pval = float(test.statistic), float(test.pvalue)
        except ZeroDivisionError:
            # statsmodels' large-sample formulas divide by a zero count
            stat = pval = low = upp = math.nan
            caveat = "; not defined with a zero count (use the exact interval)"
        rows.append(
            {
                "method": f"statsmodels {m}",
                "estimate": est,
                "lower": float(low),
                "upper": float(upp),
                "statistic": stat,
                "p_value": pval,
                "assumption": f"independent Poisson counts, {exposure_note}; "
                f"large-sample {m} test and interval{caveat}",
            }
        )
    lo, hi, p = _exact_split(b, a, conf, exposure_after / exposure_before)
    rows.append(
        {
            "method": EXACT_METHOD,
            "estimate": est,
            "lower": lo,
            "upper": hi,
            "statistic": float(b),
            "p_value": p,
            "assumption": f"independent Poisson counts, {exposure_note}; conditional on the "
            "total, before ~ Binomial(n, RR/(1+RR)); statistic = count before",
        }
    )
    info = {
        "count_before": b,
        "count_after": a,
        "exposure_before": float(exposure_before),
        "exposure_after": float(exposure_after),
        "conf_level": conf,
        "ratio": est,
        "intervals": {r["method"]: (r["lower"], r["upper"]) for r in rows},
        "p_values": {r["method"]: r["p_value"] for r in rows},
    }
    return RateRatioResults(rows, info, label)


# --------------------------------------------------------------------------- annual rates


def _dispersion_grid(
    scales: Iterable[float], nb_alphas: Iterable[float]
) -> list[tuple[str, float, float, float]]:
    """List of (model name, dispersion, scale, alpha)."""
    grid: list[tuple[str, float, float, float]] = []
    for s in scales:
        s = float(s)
        if not s >= 1.0:
            raise ValueError(f"quasi-Poisson scale must be >= 1 (1 = Poisson), got {s!r}")
        grid.append(("quasi-poisson", s, s, 0.0))
    for al in nb_alphas:
        al = float(al)
        if not al >= 0.0:
            raise ValueError(f"negative binomial alpha must be >= 0 (0 = Poisson), got {al!r}")
        grid.append(("negative-binomial", al, 1.0, al))
    if not grid:
        raise ValueError("give at least one quasi-Poisson scale or negative binomial alpha")
    return grid


def _dispersion_text(model: str, dispersion: float) -> tuple[str, str]:
    if model == "quasi-poisson":
        if dispersion == 1.0:
            return "Poisson GLM, log link (quasi-Poisson scale 1)", "variance = mean (Poisson)"
        return (
            f"quasi-Poisson GLM, log link, scale fixed at {dispersion:g}",
            f"variance = {dispersion:g} x mean (assumed, not estimated)",
        )
    if dispersion == 0.0:
        return (
            "Poisson GLM, log link (negative binomial alpha 0)",
            "variance = mean (Poisson)",
        )
    return (
        f"negative binomial GLM, log link, alpha fixed at {dispersion:g}",
        f"variance = mean + {dispersion:g} x mean^2 (assumed, not estimated)",
    )


class AnnualRateResults(_NamedResults):
    """Annual log-rate of a count series under several dispersion assumptions.

    Attributes
    ----------
    slope : float
        Annual log-rate ``beta`` (the same under every dispersion assumption).
    se : float
        Standard error of ``beta`` under the Poisson model.
    annual_change_pct : float
        ``100 * (exp(beta) - 1)``.
    half_life : float
        ``ln 2 / -beta`` years (NaN when the series does not fall).
    """

    def __init__(
        self,
        rows: list[dict[str, Any]],
        info: Mapping[str, Any],
        poisson_row: dict[str, Any],
        label: str = "",
    ) -> None:
        p = poisson_row
        super().__init__(
            rows,
            {
                **info,
                "slope": p["slope"],
                "se": p["slope_se"],
                "annual_change_pct": p["annual_change_pct"],
                "half_life": p["half_life_years"],
            },
            label,
        )
        self._poisson_row = poisson_row

    def row(self, model: str = "quasi-poisson", dispersion: float = 1.0) -> dict[str, Any]:
        """The result row of one dispersion assumption (default: Poisson)."""
        for r in self._rows:
            if r["dispersion_model"] == model and r["dispersion"] == float(dispersion):
                return dict(r)
        if (model, float(dispersion)) in (("quasi-poisson", 1.0), ("negative-binomial", 0.0)):
            return dict(self._poisson_row)
        raise KeyError(f"no result for dispersion model {model!r} with dispersion {dispersion!r}")

    def summary(self) -> str:
        """Printable summary (no date or time)."""
        cols = ["dispersion_model", "dispersion", *CHANGE_COLUMNS]
        frame = self.to_frame()[cols].round(3)
        pairs = ", ".join(
            f"{int(y)}: {int(c)}" for y, c in zip(self.years, self.counts, strict=True)
        )
        header = [
            ("Indicator", self.label or "(unnamed)"),
            ("Counts", pairs),
            ("Model", "log E[count] = a + beta * (year - first year)"),
            ("Annual log-rate beta", f"{self.slope:.4f} (Poisson SE {self.se:.4f})"),
            ("Annual change", f"{self.annual_change_pct:.2f} %"),
            ("Half-life", f"{self.half_life:.3f} years"),
            ("Confidence level", f"{self.conf_level:g}"),
        ]
        notes = [
            "Wald intervals on beta, transformed: annual change = exp(beta) - 1, "
            "half-life = ln 2 / -beta.",
            "The dispersion cannot be estimated from these points; each row assumes one "
            "(quasi-Poisson scale 1 and negative binomial alpha 0 are the Poisson model).",
            "An upper half-life of inf means that no decline is not excluded.",
        ]
        return _render("Annual rate of change of a count series", header, frame, notes)


def annual_decline(
    years: Sequence[int],
    counts: Sequence[int],
    *,
    conf_level: float = 0.95,
    scales: Iterable[float] = DEFAULT_SCALES,
    nb_alphas: Iterable[float] = DEFAULT_NB_ALPHAS,
    label: str = "",
) -> AnnualRateResults:
    """Annual change and half-life from a log-linear GLM of count on year.

    Parameters
    ----------
    years, counts : sequence of int
        At least two different years and their counts.
    conf_level : float
        Confidence level of the Wald intervals.
    scales : iterable of float
        Quasi-Poisson scale parameters to show (each >= 1; 1 = Poisson).
    nb_alphas : iterable of float
        Negative binomial dispersions to show (each >= 0; 0 = Poisson).
    label : str
        Name shown in the output.

    Returns
    -------
    AnnualRateResults
    """
    import numpy as np

    conf, z = _conf_and_z(conf_level)
    yr, cnt, first = _series_arrays(years, counts)
    t = yr - first
    exog = np.column_stack([np.ones_like(t), t])
    grid = _dispersion_grid(scales, nb_alphas)

    separated = _separation_bounds(t, cnt, conf)

    def one(model: str, disp: float, scale: float, alpha: float) -> tuple[dict[str, Any], Any]:
        if separated is not None:
            return _separated_row(yr, cnt, conf, model, disp, separated), None
        fit = _glm_fit(cnt, exog, scale=scale, nb_alpha=alpha)
        beta = float(fit.params[1])
        se = float(fit.bse[1])
        lo, hi = beta - z * se, beta + z * se
        slope = (beta, se, lo, hi, _half_life_bounds(lo, hi))
        return _rate_row(yr, cnt, conf, model, disp, slope, "Wald interval on the slope"), fit

    rows: list[dict[str, Any]] = []
    fits: dict[tuple[str, float], Any] = {}
    for model, disp, scale, alpha in grid:
        row, fit = one(model, disp, scale, alpha)
        rows.append(row)
        fits[(model, disp)] = fit
    poisson_row, poisson_fit = one("quasi-poisson", 1.0, 1.0, 0.0)
    fits.setdefault(("quasi-poisson", 1.0), poisson_fit)
    info = {"years": yr, "counts": cnt, "conf_level": conf, "fits": fits}
    return AnnualRateResults(rows, info, poisson_row, label)


def _separation_bounds(
    t: np.ndarray, cnt: np.ndarray, conf: float
) -> tuple[float, float, float] | None:
    """Exact conditional slope interval when every count lies in the first or the last year.

    Then the log-linear fit has no finite maximum (the slope runs to -inf or +inf).
    Conditional on the total ``N``, all ``N`` events fall in that year with
    probability ``(exp(beta t_k) / sum_j exp(beta t_j)) ** N``; the finite bound is
    the slope where that probability is ``(1 - conf) / 2`` (the Clopper-Pearson
    convention, which it equals for two years). ``None`` when the fit is finite.

    Returns
    -------
    (slope, lower, upper) or None
    """
    import numpy as np
    from scipy.optimize import brentq

    positive = np.flatnonzero(cnt > 0)
    if len(positive) != 1 or positive[0] not in (0, len(cnt) - 1):
        return None
    k = int(positive[0])
    n = float(cnt[k])
    tail = (1.0 - conf) / 2.0

    def log_p_all_in_k(beta: float) -> float:
        eta = beta * t
        top = eta.max()
        return n * (eta[k] - top - math.log(float(np.exp(eta - top).sum()))) - math.log(tail)

    # P falls (first year) or rises (last year) monotonically with the slope
    lim = 1.0
    while log_p_all_in_k(-lim) * log_p_all_in_k(lim) > 0 and lim < 1e6:
        lim *= 2.0
    bound = brentq(log_p_all_in_k, -lim, lim)
    if k == 0:
        return -math.inf, -math.inf, float(bound)
    return math.inf, float(bound), math.inf


def _separated_row(
    yr: np.ndarray,
    cnt: np.ndarray,
    conf: float,
    model: str,
    disp: float,
    bounds: tuple[float, float, float],
) -> dict[str, Any]:
    """Result row of a series whose counts all lie in its first or last year."""
    beta, lo, hi = bounds
    poisson = (model, disp) in (("quasi-poisson", 1.0), ("negative-binomial", 0.0))
    if not poisson:
        lo = hi = math.nan
    hl = _half_life_bounds(lo, hi) if poisson else (math.nan, math.nan)
    where = "first" if beta < 0 else "last"
    if poisson:
        how = (
            f"every count in the {where} year: no finite estimate, exact "
            "conditional one-sided bound on the slope (Clopper-Pearson convention)"
        )
    else:
        how = (
            f"every count in the {where} year: not defined under this "
            "dispersion (only the Poisson row gives an exact bound)"
        )
    return _rate_row(yr, cnt, conf, model, disp, (beta, math.nan, lo, hi, hl), how)


def _rate_row(
    yr: np.ndarray,
    cnt: np.ndarray,
    conf: float,
    model: str,
    disp: float,
    slope: tuple[float, float, float, float, tuple[float, float]],
    how: str,
) -> dict[str, Any]:
    """A result row of :func:`annual_decline` under one dispersion assumption.

    ``slope`` is the annual log-rate with its standard error, its limits and the
    half-life limits; ``how`` says how the interval was obtained.
    """
    beta, se, lo, hi, (hl_lo, hl_hi) = slope
    method, assumption = _dispersion_text(model, disp)
    return {
        "dispersion_model": model,
        "dispersion": disp,
        "n_years": len(yr),
        "first_year": int(yr[0]),
        "last_year": int(yr[-1]),
        "count_first": int(cnt[0]),
        "count_last": int(cnt[-1]),
        "slope": beta,
        "slope_se": se,
        "slope_lower": lo,
        "slope_upper": hi,
        "annual_change_pct": pct_of_log_rate(beta),
        "annual_change_pct_lower": pct_of_log_rate(lo),
        "annual_change_pct_upper": pct_of_log_rate(hi),
        "half_life_years": _half_life(beta),
        "half_life_lower": hl_lo,
        "half_life_upper": hl_hi,
        "conf_level": conf,
        "method": f"{method}; {how}",
        "assumption": f"{assumption}; steady log-linear trend between the years; "
        "equal exposure each year",
    }


# --------------------------------------------------------------------------- period consistency


class PeriodConsistencyResults(Results):
    """Whether a count series and a fold statement over another span fit one steady rate.

    Attributes
    ----------
    consistent : bool
        True when the likelihood-ratio test does not reject one constant rate
        at ``1 - conf_level`` (the p-value shown in the table).
    gap_se : float
        Distance between the counts' log-rate and the nearest log-rate allowed by
        the fold, in standard errors of the counts' log-rate (0 inside).
    common_slope : float
        Annual log-rate of the constant-rate model, with a profile-likelihood
        interval (NaN when one constant rate is rejected).
    """

    def __init__(self, row: dict[str, Any], label: str) -> None:
        super().__init__([row], label)
        self.consistent = bool(row["consistent"])
        self.verdict = str(row["verdict"])
        self.gap_se = float(row["gap_se"])
        self.common_slope = float(row["common_slope"])
        self.common_interval = (float(row["common_slope_lower"]), float(row["common_slope_upper"]))
        self.lr_p_value = float(row["lr_p_value"])

    def summary(self) -> str:
        """Printable summary (no date or time)."""
        r = self._rows[0]
        header = [
            ("Indicator", self.label or "(unnamed)"),
            (
                "Counts",
                ", ".join(
                    f"{y}: {c}"
                    for y, c in zip(
                        r["count_years"].split("-"), r["counts"].split("-"), strict=True
                    )
                ),
            ),
            ("Fold statement", f"{r['fold_as_printed']} over {r['fold_period']}"),
            ("Fold convention", f"{r['fold_convention']} ({r['fold_convention_text']})"),
            ("Fold bounds N", f"[{r['fold_lower']:g}, {r['fold_upper']:g}] ({r['fold_rule']})"),
            ("Yearly steps of the fold", f"{r['steps']} ({r['steps_reading']})"),
            ("Quasi-Poisson scale", f"{r['scale']:g}"),
            ("Confidence level", f"{r['conf_level']:g}"),
            ("Verdict", r["verdict"]),
        ]
        cols = [
            "endpoint_slope",
            "endpoint_slope_lower",
            "endpoint_slope_upper",
            "fold_slope_lower",
            "fold_slope_upper",
            "gap_se",
            "lr_p_value",
            "common_slope",
            "common_slope_lower",
            "common_slope_upper",
            "implied_fold",
            "implied_fold_lower",
            "implied_fold_upper",
        ]
        frame = self.to_frame()[cols].T.reset_index()
        frame.columns = ["quantity", "value"]
        frame["value"] = frame["value"].astype(float).round(4)
        notes = [r["method"], r["assumption"]]
        return _render("Consistency of two periods with one steady rate", header, frame, notes)


def _accepted_range(
    excess: Any, beta: float, se: float, lo: float, hi: float
) -> tuple[float, float]:
    """The rates in ``[lo, hi]`` where ``excess(b) <= 0`` (a convex LR statistic less its
    critical value, zero-or-below around the estimate ``beta``)."""
    from scipy import optimize

    def limit(side: float) -> float:
        bound = lo if side < 0 else hi
        inner = min(max(beta, lo), hi)
        if excess(inner) > 0:
            return math.nan
        if math.isfinite(bound) and excess(bound) <= 0:
            return bound
        step = max(se, 1e-6)
        far = beta + side * step
        while excess(far) <= 0:
            step *= 2.0
            far = beta + side * step
        if math.isfinite(bound) and (far - bound) * side > 0:
            far = bound
        a, b = sorted((inner, far))
        return float(optimize.brentq(excess, a, b, xtol=1e-12))

    return limit(-1.0), limit(1.0)


def period_consistency(
    years: Sequence[int],
    counts: Sequence[int],
    fold: str | FoldInterval | tuple[float, float],
    fold_years: tuple[int, int],
    *,
    steps: int | None = None,
    steps_reading: str | None = None,
    direction: str = "down",
    fold_convention: str | FoldConvention = FoldConvention.RATIO,
    round_exact: bool = True,
    conf_level: float = 0.95,
    scale: float = 1.0,
    fold_noise: bool = True,
    label: str = "",
) -> PeriodConsistencyResults:
    """Combine counts with an interval-valued fold statement in one log-linear model.

    Model: ``log E[count_t] = a + beta * t`` for the counts (Poisson, or
    quasi-Poisson with ``scale``), and the fold statement is an observation of
    the same ``beta``: the ratio over the fold's span, ``exp(-beta * steps)`` for
    a decline, lies in the printed interval. With ``fold_noise`` (the default)
    that ratio is of two unprinted Poisson counts, so it carries their sampling
    noise (the joint model of :mod:`wzdata.trends.joint`); without it the
    interval is an exact constraint. The verdict is the likelihood-ratio test of
    one constant rate, the p-value the table shows; the common rate is the
    constant-rate estimate with its profile-likelihood interval. The Wald gap
    (counts' slope to the fold's interval, in standard errors) is descriptive.

    Parameters
    ----------
    years, counts : sequence of int
        The count series (at least two years).
    fold : str or FoldInterval or (lower, upper)
        The printed fold (``近8倍``), its :class:`FoldInterval`, or bounds of N.
    fold_years : (int, int)
        First and last calendar year of the fold statement.
    steps : int, optional
        Yearly steps the fold spans; by default ``fold_years[1] - fold_years[0]``
        (the annual counts of the two years compared). A statement "from the
        start of Y0 to the end of Y1" may mean one more step: say so here.
    steps_reading : str, optional
        Words for the reading of ``steps``, shown in the output.
    direction : {"down", "up"}
        Which way the fold statement says the count moved.
    fold_convention : {"ratio", "multiple_of_after"}
        Reading of ``N倍``.
    round_exact : bool
        Read an unqualified printed fold as rounded (see :func:`fold_interval`).
    conf_level : float
        Confidence level.
    scale : float
        Quasi-Poisson scale (>= 1) assumed for the counts.
    fold_noise : bool
        Treat the fold as a ratio of two Poisson counts (True) or as exact (False).
    label : str
        Name shown in the output.

    Returns
    -------
    PeriodConsistencyResults
    """
    import numpy as np
    from scipy import stats

    conf, z = _conf_and_scale(conf_level, scale)
    conv = as_convention(fold_convention)
    if direction not in ("down", "up"):
        raise ValueError(f"direction must be 'down' or 'up', got {direction!r}")
    if isinstance(fold, str):
        fi = fold_interval(fold, round_exact=round_exact)
    elif isinstance(fold, FoldInterval):
        fi = fold
    else:
        lo_n, hi_n = (float(v) for v in fold)
        fi = FoldInterval(f"[{lo_n:g}, {hi_n:g}]倍", lo_n, hi_n, "bounds given")
    if not 0 <= fi.lower <= fi.upper:
        raise ValueError(f"fold bounds must satisfy 0 <= lower <= upper, got {fi}")
    y0, y1 = (int(v) for v in fold_years)
    if steps is None:
        n_steps = y1 - y0
        reading = steps_reading or f"annual counts of {y0} and {y1} compared ({n_steps} steps)"
    else:
        n_steps = int(steps)
        reading = steps_reading or f"{n_steps} yearly steps (set by the user)"
    if n_steps <= 0:
        raise ValueError(f"the fold must span at least one yearly step, got {n_steps}")
    r_lo, r_hi = fi.ratio_bounds(conv)
    sign = -1.0 if direction == "down" else 1.0
    f_lo, f_hi = _fold_slopes(r_lo, r_hi, n_steps, direction)

    yr, cnt, first = _series_arrays(years, counts)
    t = yr - first
    exog = np.column_stack([np.ones_like(t), t])
    separated = _separation_bounds(t, cnt, conf)
    if separated is None:
        free = _glm_fit(cnt, exog, scale=scale)
        beta = float(free.params[1])
        se = float(free.bse[1])
        e_lo, e_hi = beta - z * se, beta + z * se
        free_deviance = float(free.deviance)
    else:
        # every count in one end year: no finite slope and no standard error; the exact
        # one-sided interval stands for the Wald one and the free fit's deviance is its
        # limit, 0 (the fold is then taken as free of noise)
        beta, e_lo, e_hi = separated
        se = math.nan
        free_deviance = 0.0
    nearest = min(max(beta, f_lo), f_hi)
    gap = abs(beta - nearest) / se if separated is None else math.nan
    if fold_noise and separated is None:
        # the joint likelihood of counts and fold (wzdata.trends.joint), the fold's
        # endpoint counts with their own sampling noise; a quasi-Poisson scale divides
        # the count log-likelihood and multiplies the fold's noise variance
        from wzdata.trends import joint

        fit = joint.fit_joint(
            joint.CountSeries.of(yr.astype(int).tolist(), cnt.astype(int).tolist()),
            joint.FoldObservation(
                fi.lower,
                fi.upper,
                year_end=y1,
                steps=n_steps,
                direction=direction,
                convention=conv,
                noise=True,
                as_printed=fi.as_printed,
            ),
            joint.Dispersion("quasi-poisson", float(scale) - 1.0)
            if scale > 1.0
            else joint.Dispersion(),
            conf_level=conf,
            intervals="common",
        )
        lr, lr_p = fit.lr_statistic, fit.p_value
        common = fit.common_slope
        c_lo, c_hi = fit.common_interval
    elif not math.isfinite(nearest):
        # the fold allows the counts' limit (a fall to zero): nothing to test
        lr, lr_p = 0.0, 1.0
        common = nearest
        c_lo, c_hi = max(e_lo, f_lo), min(e_hi, f_hi)
    else:
        restricted = _glm_fit(cnt, exog[:, :1], scale=scale, offset=nearest * t)
        lr = max(float(restricted.deviance) - free_deviance, 0.0) / scale
        lr_p = float(stats.chi2.sf(lr, 1))
        # noise-free fold: the constant rate is confined to the fold's bounds, and its
        # interval is the rates there that the same likelihood-ratio test accepts
        common = nearest
        crit = float(stats.chi2.ppf(conf, 1))

        def excess(b: float) -> float:
            fit_b = _glm_fit(cnt, exog[:, :1], scale=scale, offset=b * t)
            return max(float(fit_b.deviance) - free_deviance, 0.0) / scale - crit

        c_lo, c_hi = _accepted_range(excess, beta, se, f_lo, f_hi)
    # one decision rule, the test that is printed: the likelihood-ratio p-value
    consistent = lr_p >= 1.0 - conf
    if not consistent:
        c_lo = c_hi = common = math.nan
    implied = _exp(sign * beta * n_steps)
    implied_lo, implied_hi = sorted(_exp(sign * b * n_steps) for b in (e_lo, e_hi))
    verdict = (
        "consistent: one constant rate not rejected (likelihood-ratio test)"
        if consistent
        else "inconsistent: one constant rate rejected under this specification "
        "(likelihood-ratio test)"
    )
    row = {
        "count_years": "-".join(str(int(y)) for y in yr),
        "counts": "-".join(str(int(c)) for c in cnt),
        "fold_as_printed": fi.as_printed,
        "fold_period": f"{y0}-{y1}",
        "fold_direction": direction,
        "fold_lower": fi.lower,
        "fold_upper": fi.upper,
        "fold_rule": fi.rule,
        "fold_convention": conv.value,
        "fold_convention_text": conv.description,
        "ratio_lower": r_lo,
        "ratio_upper": r_hi,
        "steps": n_steps,
        "steps_reading": reading,
        "scale": float(scale),
        "conf_level": conf,
        "endpoint_slope": beta,
        "endpoint_slope_se": se,
        "endpoint_slope_lower": e_lo,
        "endpoint_slope_upper": e_hi,
        "fold_slope_lower": f_lo,
        "fold_slope_upper": f_hi,
        "gap_se": gap,
        "lr_statistic": lr,
        "lr_p_value": lr_p,
        "consistent": consistent,
        "verdict": verdict,
        "common_slope": common,
        "common_slope_lower": c_lo,
        "common_slope_upper": c_hi,
        "common_annual_change_pct": pct_of_log_rate(common) if consistent else math.nan,
        "common_annual_change_pct_lower": pct_of_log_rate(c_lo) if consistent else math.nan,
        "common_annual_change_pct_upper": pct_of_log_rate(c_hi) if consistent else math.nan,
        "implied_fold": ratio_to_fold(implied, conv),
        "implied_fold_lower": ratio_to_fold(implied_lo, conv),
        "implied_fold_upper": ratio_to_fold(implied_hi, conv),
        "method": (
            "joint likelihood of the counts and the fold as an interval-censored ratio of two "
            "unprinted Poisson counts"
            if fold_noise and separated is None
            else "Poisson likelihood of the counts with the fold as an exact interval "
            "constraint on the rate"
        )
        + (f" (quasi-Poisson scale {scale:g})" if scale != 1 else "")
        + "; verdict by the likelihood-ratio test of one constant rate (the p-value shown); "
        "common rate and its interval from the constant-rate profile likelihood; gap in SE "
        "of the counts' slope (Wald) for description only"
        + (
            ""
            if separated is None
            else "; every count in one end year: the counts' interval is the exact one-sided "
            "one (no standard error or gap) and the fold is taken as free of noise"
        ),
        "assumption": f"constant rate over both spans under test; fold {conv.description}; "
        f"{reading}; fold bounds {fi.rule}; "
        + (
            "the fold's endpoint counts carry their own sampling noise"
            if fold_noise and separated is None
            else "the fold treated as free of sampling noise"
        ),
    }
    return PeriodConsistencyResults(row, label)


# --------------------------------------------------------------------------- heterogeneity


class HeterogeneityResults(Results):
    """Test of a common annual log-rate across indicators, with pairwise differences.

    Attributes
    ----------
    lr_statistic, df, p_value : float, int, float
        Likelihood-ratio test of the common-slope model against separate slopes.
    slopes : dict
        ``indicator -> annual log-rate`` of the separate-slopes model.
    common_slope : float
        The annual log-rate of the common-slope model.
    """

    def __init__(self, *, test_row: dict[str, Any], pairs: list[dict[str, Any]]) -> None:
        # the likelihood-ratio test is the one row of to_frame()
        super().__init__([{k: v for k, v in test_row.items() if not k.startswith("_")}])
        self._test = test_row
        self._pairs = pairs
        self.lr_statistic = float(test_row["lr_statistic"])
        self.df = int(test_row["df"])
        self.p_value = float(test_row["p_value"])
        self.common_slope = float(test_row["common_slope"])
        self.slopes: dict[str, float] = dict(test_row["_slopes"])

    def pairwise_frame(self) -> pd.DataFrame:
        """Pairwise differences of annual log-rates with intervals and p-values."""
        import pandas as pd

        return pd.DataFrame(self._pairs)

    def summary(self) -> str:
        """Printable summary (no date or time)."""
        t = self._test
        header = [
            ("Groups", t["indicators"]),
            ("Model (separate)", "log E[count] = a_i + beta_i * (year - first year)"),
            ("Model (common)", "log E[count] = a_i + beta * (year - first year)"),
            ("Quasi-Poisson scale", f"{t['scale']:g}"),
            ("LR statistic", f"{self.lr_statistic:.4f} on {self.df} df"),
            ("p-value", f"{self.p_value:.4g}"),
            (
                "Common annual change",
                f"{t['common_annual_change_pct']:.2f} % "
                f"({pct_of_log_rate(t['common_slope_lower']):.2f} "
                f"to {pct_of_log_rate(t['common_slope_upper']):.2f} %; meaningful only if the test "
                "does not reject)",
            ),
            ("Confidence level", f"{t['conf_level']:g}"),
        ]
        cols = [
            "indicator_a",
            "indicator_b",
            "slope_difference",
            "lower",
            "upper",
            "p_value",
            "p_value_holm",
        ]
        frame = self.pairwise_frame()[cols].round(4)
        notes = [t["method"], t["assumption"]]
        return _render("Do the indicators fall at the same annual rate?", header, frame, notes)


def slope_heterogeneity(
    data: pd.DataFrame,
    *,
    conf_level: float = 0.95,
    scale: float = 1.0,
    group: str = "indicator",
    year: str = "year",
    count: str = "count",
) -> HeterogeneityResults:
    """Likelihood-ratio test of one annual log-rate for all groups, and pairwise differences.

    Parameters
    ----------
    data : pandas.DataFrame
        Long table with a group column, a year column and a count column; every
        group needs counts at two or more years.
    conf_level : float
        Confidence level of the pairwise intervals.
    scale : float
        Quasi-Poisson scale (>= 1) assumed; the LR statistic is divided by it.
    group, year, count : str
        Column names.

    Returns
    -------
    HeterogeneityResults
    """
    import numpy as np
    from scipy import stats
    from statsmodels.stats.multitest import multipletests

    conf, z = _conf_and_scale(conf_level, scale)
    missing = [c for c in (group, year, count) if c not in data.columns]
    if missing:
        raise ValueError(f"heterogeneity data lacks columns {missing}; it has {list(data.columns)}")
    names = sorted(str(g) for g in data[group].unique())
    if len(names) < 2:
        raise ValueError(f"need at least two groups to compare slopes, got {names}")
    g = data[group].astype(str).to_numpy()
    yrs = data[year].astype(int).to_numpy()
    cnt = np.asarray(
        [
            check_count(c, f"count of {gg} {yy}")
            for gg, yy, c in zip(g, yrs, data[count], strict=True)
        ],
        dtype=float,
    )
    for name in names:
        if len(set(yrs[g == name])) < 2:
            raise ValueError(f"group {name!r} has fewer than two years; drop it or add counts")
    t = (yrs - yrs.min()).astype(float)
    dummies = np.column_stack([(g == n).astype(float) for n in names])
    full_x = np.column_stack([dummies, dummies * t[:, None]])
    common_x = np.column_stack([dummies, t])
    full = _glm_fit(cnt, full_x, scale=scale)
    common = _glm_fit(cnt, common_x, scale=scale)
    lr = max(float(common.deviance - full.deviance), 0.0) / scale
    df = len(names) - 1
    p = float(stats.chi2.sf(lr, df))
    k = len(names)
    slopes = {n: float(full.params[k + i]) for i, n in enumerate(names)}
    # a group whose counts all lie in one end year has no finite slope (separation)
    separated: dict[str, float] = {}
    for n in names:
        sel = g == n
        order = np.argsort(yrs[sel])
        bounds = _separation_bounds(t[sel][order], cnt[sel][order], conf)
        if bounds is not None:
            separated[n] = slopes[n] = bounds[0]
    cov = np.asarray(full.cov_params())
    pairs: list[dict[str, Any]] = []
    for i in range(k):
        for j in range(i + 1, k):
            if names[i] in separated or names[j] in separated:
                pairs.append(_refused_pair(names[i], names[j], slopes, separated))
                continue
            d = slopes[names[i]] - slopes[names[j]]
            var = cov[k + i, k + i] + cov[k + j, k + j] - 2 * cov[k + i, k + j]
            se = math.sqrt(var)
            pairs.append(
                {
                    "indicator_a": names[i],
                    "indicator_b": names[j],
                    "slope_a": slopes[names[i]],
                    "slope_b": slopes[names[j]],
                    "slope_difference": d,
                    "se": se,
                    "lower": d - z * se,
                    "upper": d + z * se,
                    "annual_factor_ratio": math.exp(d),
                    "z": d / se,
                    "p_value": float(2 * stats.norm.sf(abs(d / se))),
                    "mdd": minimum_detectable_difference(se, conf),
                }
            )
    tested = [q for q in pairs if "method" not in q]
    adj = multipletests([q["p_value"] for q in tested], method="holm")[1] if tested else []
    for q, pa in zip(tested, adj, strict=True):
        q["p_value_holm"] = float(pa)
    for q in pairs:
        q["scale"] = float(scale)
        q["conf_level"] = conf
        q["assumption"] = (
            "independent counts (not true of a subset counted within another indicator: "
            "see the nested model), steady log-linear trend per group"
        )
        if "method" in q:
            continue
        q["method"] = (
            "difference of annual log-rates from the Poisson GLM with group-by-year "
            "interaction"
            + (f" (quasi-Poisson scale {scale:g})" if scale != 1 else "")
            + "; Wald interval; Holm adjustment over all pairs"
        )
    b = float(common.params[k])
    b_se = float(common.bse[k])
    test_row = {
        "indicators": ", ".join(names),
        "n_indicators": k,
        "scale": float(scale),
        "conf_level": conf,
        "lr_statistic": lr,
        "df": df,
        "p_value": p,
        "common_slope": b,
        "common_slope_lower": b - z * b_se,
        "common_slope_upper": b + z * b_se,
        "common_annual_change_pct": pct_of_log_rate(b),
        "deviance_common": float(common.deviance),
        "deviance_separate": float(full.deviance),
        "method": "likelihood-ratio test: Poisson GLM (log link) with group-by-year interaction "
        "against the common-slope model"
        + (f", deviance divided by the assumed scale {scale:g}" if scale != 1 else ""),
        "assumption": "independent counts; steady log-linear trend per group; "
        + ("Poisson variance" if scale == 1 else f"variance = {scale:g} x mean (assumed)")
        + "; with two years per group the separate-slopes model is saturated",
        "_slopes": slopes,
    }
    return HeterogeneityResults(test_row=test_row, pairs=pairs)


def _refused_pair(
    a: str, b: str, slopes: Mapping[str, float], separated: Mapping[str, float]
) -> dict[str, Any]:
    """A pairwise row that states why the slopes cannot be compared."""
    which = ", ".join(n for n in (a, b) if n in separated)
    return {
        "indicator_a": a,
        "indicator_b": b,
        "slope_a": slopes[a],
        "slope_b": slopes[b],
        "slope_difference": math.nan,
        "se": math.nan,
        "lower": math.nan,
        "upper": math.nan,
        "annual_factor_ratio": math.nan,
        "z": math.nan,
        "p_value": math.nan,
        "p_value_holm": math.nan,
        "mdd": math.nan,
        "method": f"not compared: every count of {which} lies in one end year, so its "
        "slope is not finite (no Wald difference); left out of the Holm adjustment",
    }


# --------------------------------------------------------------------------- projections


class ProjectionResults(Results):
    """Counts implied by a fitted steady rate for later years (extrapolation)."""

    def summary(self) -> str:
        """Printable summary (no date or time)."""
        cols = [
            "year",
            "expected",
            "expected_lower",
            "expected_upper",
            "prediction_lower",
            "prediction_upper",
            "observed_as_printed",
        ]
        frame = self.to_frame()[cols].round(2)
        notes = [
            "EXTRAPOLATION: assumes the fitted steady rate continues; not a forecast of policy "
            "or reporting changes.",
            self._rows[0]["method"] if self._rows else "",
            "the source gives no figure for any projected year"
            if not any(r["observed_as_printed"] for r in self._rows)
            else "observed_as_printed: figures the source gives for those years",
        ]
        return _render("Projected counts (extrapolation)", self._header, frame, notes)


def project(
    years: Sequence[int],
    counts: Sequence[int],
    target_years: Sequence[int],
    *,
    conf_level: float = 0.95,
    scale: float = 1.0,
    n_sim: int = 20000,
    seed: int = DEFAULT_SEED,
    observed: Mapping[int, tuple[str, str]] | None = None,
    label: str = "",
) -> ProjectionResults:
    """Extrapolate a fitted log-linear rate, with prediction intervals by simulation.

    The slope and intercept are drawn from their normal approximation (covariance
    times ``scale``); counts are then drawn as Poisson (``scale == 1``) or as
    negative binomial with variance ``scale * mean``. The prediction interval is
    the central ``conf_level`` range of the simulated counts.

    Parameters
    ----------
    years, counts : sequence of int
        The fitted count series.
    target_years : sequence of int
        Years to project.
    conf_level : float
        Confidence level.
    scale : float
        Quasi-Poisson scale (>= 1).
    n_sim : int
        Number of simulations.
    seed : int
        Seed of :func:`numpy.random.default_rng`, so results are reproducible.
    observed : mapping, optional
        ``year -> (as_printed, figure_id)`` of figures the source gives for a target year.
    label : str
        Name shown in the output.

    Returns
    -------
    ProjectionResults
    """
    import numpy as np

    conf, z = _conf_and_scale(conf_level, scale)
    yr, cnt, first = _series_arrays(years, counts)
    t = yr - first
    exog = np.column_stack([np.ones_like(t), t])
    header = [
        ("Indicator", label or "(unnamed)"),
        ("Fitted on", ", ".join(f"{int(y)}: {int(c)}" for y, c in zip(yr, cnt, strict=True))),
        ("Quasi-Poisson scale", f"{scale:g}"),
        ("Confidence level", f"{conf:g}"),
        ("Simulations", f"{int(n_sim)} (seed {seed})"),
    ]
    if _separation_bounds(t, cnt, conf) is not None:
        return ProjectionResults(
            [_refused_projection(year, yr, scale, conf, observed) for year in sorted(target_years)],
            label,
            header,
        )
    fit = _glm_fit(cnt, exog, scale=scale)
    params = np.asarray(fit.params, dtype=float)
    cov = np.asarray(fit.cov_params(), dtype=float)
    rng = np.random.default_rng(seed)
    draws = rng.multivariate_normal(params, cov, size=int(n_sim), method="cholesky")
    alpha = 1.0 - conf
    rows: list[dict[str, Any]] = []
    noise = "Poisson" if scale == 1.0 else "negative binomial"
    for year in sorted(int(y) for y in target_years):
        h = float(year - first)
        x = np.array([1.0, h])
        eta = float(x @ params)
        eta_se = math.sqrt(float(x @ cov @ x))
        mu = np.exp(draws @ x)
        if scale == 1.0:
            sim = rng.poisson(mu)
        else:
            sim = rng.negative_binomial(mu / (scale - 1.0), 1.0 / scale)
        lo = int(np.quantile(sim, alpha / 2, method="inverted_cdf"))
        hi = int(np.quantile(sim, 1 - alpha / 2, method="inverted_cdf"))
        estimates = {
            "expected": math.exp(eta),
            "expected_lower": math.exp(eta - z * eta_se),
            "expected_upper": math.exp(eta + z * eta_se),
            "prediction_lower": lo,
            "prediction_upper": hi,
        }
        method = (
            "log-linear Poisson GLM extrapolated; expected count with Wald "
            "interval; prediction interval by simulation of the parameters (normal "
            f"approximation) and of the count ({noise} noise), {int(n_sim)} draws, "
            f"seed {seed}"
        )
        assumption = (
            f"extrapolation: the steady rate fitted on {int(yr[0])}-{int(yr[-1])} continues"
            + (f"; variance = {scale:g} x mean (assumed)" if scale != 1 else "; Poisson noise")
        )
        rows.append(_projection_row(year, yr, scale, conf, observed, estimates, method, assumption))
    return ProjectionResults(rows, label, header)


def _refused_projection(
    year: int,
    yr: np.ndarray,
    scale: float,
    conf: float,
    observed: Mapping[int, tuple[str, str]] | None,
) -> dict[str, Any]:
    """A projection row that states why there is none (no finite fitted rate)."""
    nan = math.nan
    estimates = {"expected": nan, "expected_lower": nan, "expected_upper": nan}
    return _projection_row(
        year,
        yr,
        scale,
        conf,
        observed,
        {**estimates, "prediction_lower": None, "prediction_upper": None},
        "no projection: every count lies in the first or the last year, so the "
        "log-linear fit has no finite rate to extrapolate",
        f"extrapolation refused for {int(yr[0])}-{int(yr[-1])}",
    )


def _projection_row(
    year: int,
    yr: np.ndarray,
    scale: float,
    conf: float,
    observed: Mapping[int, tuple[str, str]] | None,
    estimates: Mapping[str, Any],
    method: str,
    assumption: str,
) -> dict[str, Any]:
    """One row of :func:`project`: the year, its estimates and the figure the source gives."""
    obs = (observed or {}).get(int(year))
    return {
        "year": int(year),
        "horizon_years": int(year - yr[-1]),
        "scale": float(scale),
        "conf_level": conf,
        **estimates,
        "is_extrapolation": bool(year > yr[-1]),
        "observed_as_printed": obs[0] if obs else "",
        "observed_figure_id": obs[1] if obs else "",
        "observed_note": "figure given by the source for this year"
        if obs
        else "the source gives no figure for this year",
        "method": method,
        "assumption": assumption,
    }
