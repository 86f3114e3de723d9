"""Exact-based annual change and half-life, and nested indicators as nested.

Two counts ``before`` and ``after``, ``steps`` years apart, give a rate ratio
``RR = before / after``. Its exact conditional (Clopper-Pearson) limits map
monotonically to an annual change ``RR^(-1/steps) - 1`` and a half-life
``steps ln 2 / ln RR``, so those inherit exact coverage (at least the nominal
level) with no normal approximation. The mid-p interval, less conservative, is
given as a sensitivity.

A subset counted within another indicator (people sent to compulsory
rehabilitation among the users found) is not independent of it. Conditional on
the total, the subset is binomial; the difference of their annual log-rates is
the annual change of the log share ``log(p_last / p_first) / steps``, tested with
the binomial likelihood ratio and Fisher's exact test.
"""

from __future__ import annotations

import math

from wzdata.intervals import check_conf_level as _check_conf
from wzdata.intervals import check_count as _check_count
from wzdata.output import Results as _Results
from wzdata.trends.models import (
    CHANGE_COLUMNS,
    LN2,
    _count_pair,
    _NamedResults,
    _render,
    _share_ratio,
    exact_conditional_ci,
    minimum_detectable_difference,
    pct_of_log_rate,
)

__all__ = [
    "ExactRateResults",
    "NestedResults",
    "exact_annual_change",
    "midp_conditional_ci",
    "nested_rate_difference",
]


def midp_conditional_ci(
    count_before: int, count_after: int, *, conf_level: float = 0.95
) -> tuple[float, float]:
    """Mid-p interval of the rate ratio before/after (equal exposures).

    Conditional on ``n``, ``before ~ Binomial(n, p)``; the limits of ``p`` solve
    ``P(X > x) + P(X = x)/2 = alpha/2`` (lower) and ``P(X < x) + P(X = x)/2 =
    alpha/2`` (upper), mapped to ``RR = p / (1 - p)``.
    """
    from scipy import optimize, stats

    conf, x, a = _count_pair(count_before, count_after, conf_level)
    n = x + a
    alpha = 1.0 - conf

    def upper_tail(p: float) -> float:
        return float(stats.binom.sf(x, n, p) + 0.5 * stats.binom.pmf(x, n, p))

    def lower_tail(p: float) -> float:
        return float(stats.binom.cdf(x - 1, n, p) + 0.5 * stats.binom.pmf(x, n, p))

    eps = 1e-15
    p_lo = 0.0 if x == 0 else optimize.brentq(lambda p: upper_tail(p) - alpha / 2, eps, 1 - eps)
    p_hi = 1.0 if x == n else optimize.brentq(lambda p: lower_tail(p) - alpha / 2, eps, 1 - eps)
    return _share_ratio(p_lo), _share_ratio(p_hi)


def _annual(rr: float, steps: int) -> float:
    if rr <= 0:
        return math.inf
    if math.isinf(rr):
        return -100.0
    return pct_of_log_rate(-math.log(rr) / steps)


def _half_life(rr: float, steps: int) -> float:
    if rr <= 1.0:
        return math.inf if rr == 1.0 else math.nan
    return steps * LN2 / math.log(rr) if math.isfinite(rr) else 0.0


class ExactRateResults(_Results):
    """Annual change and half-life with intervals from exact rate-ratio limits."""

    def summary(self) -> str:
        """Printable summary (no date or time)."""
        frame = self.to_frame()[["interval_method", *CHANGE_COLUMNS]].round(3)
        notes = [
            self._rows[0]["assumption"],
            "Half-life: years for the rate to halve if the "
            "annual change held; a description of the pace, not a decay mechanism.",
        ]
        return _render("Annual change from exact rate-ratio limits", self._header, frame, notes)


def exact_annual_change(
    count_before: int,
    count_after: int,
    steps: int,
    *,
    conf_level: float = 0.95,
    label: str = "",
) -> ExactRateResults:
    """Annual change and half-life from the exact (and mid-p) limits of the rate ratio.

    Parameters
    ----------
    count_before, count_after : int
        Counts of the earlier and the later year.
    steps : int
        Years between the two counts (at least 1).
    conf_level : float
        Confidence level.
    label : str
        Name shown in the output.

    Returns
    -------
    ExactRateResults
        One row for the exact (Clopper-Pearson) interval, one for mid-p.
    """
    conf, b, a = _count_pair(count_before, count_after, conf_level)
    k = int(steps)
    if k < 1:
        raise ValueError(f"steps must be a positive number of years, got {steps!r}")
    rr = b / a if a else math.inf
    cp_lo, cp_hi, _ = exact_conditional_ci(b, a, conf_level=conf)
    mp_lo, mp_hi = midp_conditional_ci(b, a, conf_level=conf)
    rows = []
    for name, lo, hi in (
        ("exact (Clopper-Pearson)", cp_lo, cp_hi),
        ("mid-p (sensitivity)", mp_lo, mp_hi),
    ):
        rows.append(
            {
                "indicator": label,
                "count_before": b,
                "count_after": a,
                "steps": k,
                "interval_method": name,
                "rate_ratio": rr,
                "rate_ratio_lower": lo,
                "rate_ratio_upper": hi,
                "annual_change_pct": _annual(rr, k),
                # a larger ratio is a faster fall: the lower change comes from the upper ratio
                "annual_change_pct_lower": _annual(hi, k),
                "annual_change_pct_upper": _annual(lo, k),
                "half_life_years": _half_life(rr, k),
                "half_life_lower": _half_life(hi, k),
                "half_life_upper": _half_life(lo, k),
                "conf_level": conf,
                "assumption": "independent Poisson counts with equal exposure; the annual "
                f"change is the geometric mean over {k} years, RR^(-1/{k}) - 1, its limits "
                "the rate ratio's limits transformed",
            }
        )
    header = [
        ("Indicator", label or "(unnamed)"),
        ("Counts before / after", f"{b} / {a} ({k} years apart)"),
        ("Rate ratio", f"{rr:.4f}"),
        ("Confidence level", f"{conf:g}"),
    ]
    return ExactRateResults(rows, label, header)


class NestedResults(_NamedResults):
    """Difference of annual log-rates of a subset and its total, modelled as nested."""

    def summary(self) -> str:
        """Printable summary (no date or time)."""
        r = self._rows[0]
        header = [
            ("Subset / total", f"{r['subset']} within {r['total']}"),
            ("Shares", f"{r['share_first']:.4f} -> {r['share_last']:.4f} ({r['steps']} years)"),
            (
                "Slope difference",
                f"{r['slope_difference']:.4f} per year [{r['lower']:.4f}, {r['upper']:.4f}]",
            ),
            ("Binomial LR p", f"{r['p_value_lr']:.4g}"),
            ("Fisher exact p", f"{r['p_value_fisher']:.4g}"),
            ("Wald z p", f"{r['p_value_wald']:.4g}"),
            ("Minimum detectable difference", f"{r['mdd']:.4f} per year (80% power)"),
        ]
        frame = self.to_frame()[["slope_difference", "lower", "upper", "p_value_lr"]].round(4)
        return _render(
            "A subset against its total, as nested counts",
            header,
            frame,
            [r["method"], r["assumption"]],
        )


def nested_rate_difference(
    subset: tuple[int, int],
    total: tuple[int, int],
    steps: int,
    *,
    conf_level: float = 0.95,
    subset_label: str = "",
    total_label: str = "",
) -> NestedResults:
    """Annual log-rate of a subset minus that of its total, conditional on the total.

    Parameters
    ----------
    subset, total : (int, int)
        Counts of the subset and of the total at the first and the last year
        (each subset count at most its total).
    steps : int
        Years between the two counts.
    conf_level : float
        Confidence level of the Wald interval on the log share ratio.

    Returns
    -------
    NestedResults
        ``slope_difference = log(p_last / p_first) / steps`` with its
        profile-likelihood interval and the binomial LR test of equal shares
        (the decision rule: they agree), Fisher exact and Wald (Katz log)
        p-values as sensitivity, and the minimum detectable difference at 80%
        power.
    """
    from scipy import optimize, stats

    conf = _check_conf(conf_level)
    s0, s1 = (_check_count(v, "subset count") for v in subset)
    t0, t1 = (_check_count(v, "total count") for v in total)
    if s0 > t0 or s1 > t1 or t0 == 0 or t1 == 0:
        raise ValueError(
            f"subset {subset} must not exceed its total {total}, and totals must be positive"
        )
    if s0 == 0 or s1 == 0:
        raise ValueError("a zero subset count has no log share: use Fisher's test alone")
    k = int(steps)
    p0, p1 = s0 / t0, s1 / t1
    log_rr = math.log(p1 / p0)
    se = math.sqrt((1 - p0) / s0 + (1 - p1) / s1)
    z = stats.norm.ppf(0.5 + conf / 2)
    pooled = (s0 + s1) / (t0 + t1)

    def ll(x: int, n: int, p: float) -> float:
        return float(stats.binom.logpmf(x, n, p))

    lr = 2 * (ll(s0, t0, p0) + ll(s1, t1, p1) - ll(s0, t0, pooled) - ll(s1, t1, pooled))
    best = ll(s0, t0, p0) + ll(s1, t1, p1)

    def profile(theta: float) -> float:
        # p_last = p_first * exp(theta); maximise over p_first in (0, min(1, exp(-theta)))
        top = min(1.0, math.exp(-theta)) * (1 - 1e-12)
        res = optimize.minimize_scalar(
            lambda q: -(ll(s0, t0, q) + ll(s1, t1, q * math.exp(theta))),
            bounds=(1e-12, top),
            method="bounded",
            options={"xatol": 1e-13},
        )
        return -float(res.fun)

    crit = float(stats.chi2.ppf(conf, 1))
    g = lambda th: 2 * (best - profile(th)) - crit  # noqa: E731
    w = 5 * se + 0.1
    lo_t = optimize.brentq(g, log_rr - w, log_rr, xtol=1e-12)
    hi_t = optimize.brentq(g, log_rr, log_rr + w, xtol=1e-12)
    fisher = float(stats.fisher_exact([[s0, t0 - s0], [s1, t1 - s1]]).pvalue)
    row = {
        "subset": subset_label,
        "total": total_label,
        "steps": k,
        "subset_first": s0,
        "subset_last": s1,
        "total_first": t0,
        "total_last": t1,
        "share_first": p0,
        "share_last": p1,
        "slope_difference": log_rr / k,
        "se": se / k,
        "lower": lo_t / k,
        "upper": hi_t / k,
        "wald_lower": (log_rr - z * se) / k,
        "wald_upper": (log_rr + z * se) / k,
        "p_value_lr": float(stats.chi2.sf(max(lr, 0.0), 1)),
        "rejected": bool(stats.chi2.sf(max(lr, 0.0), 1) < 1 - conf),
        "p_value_fisher": fisher,
        "p_value_wald": float(2 * stats.norm.sf(abs(log_rr / se))),
        "mdd": minimum_detectable_difference(se / k, conf),
        "conf_level": conf,
        "method": "conditional binomial: subset ~ Binomial(total, share) each year; decision "
        "by the likelihood-ratio test of one share, with its profile-likelihood interval; "
        "Fisher exact and Wald (Katz log) as sensitivity",
        "assumption": "the subset is counted within the total in both years; equal share "
        "means equal annual log-rates",
    }
    return NestedResults([row], row)
