"""A joint likelihood of printed counts and endpoint-free fold statements.

A source often prints counts at two years (``c_1`` in year ``y_1``, ``c_2`` in
``y_2``) and, over another span, only a fold ("下降N倍") whose endpoint counts
are not printed. This module puts both into one likelihood so that the question
"did the rate change between the two spans?" gets a confidence interval and a
test, under assumptions named as arguments.

Model
-----
Latent log-rates by year, one line per span, anchored at the first count year
``y_ref``:

* counts span: ``log mu_t = a + beta_c * (t - y_ref)``;
* fold span: ``log mu_t = a + beta_f * (t - y_ref)``.

The **estimand** is ``delta = beta_f - beta_c``: the annual log-rate over the
fold's span minus the annual log-rate over the counts' span (positive: the fold
span fell more slowly). The trend form *constant rate* is ``delta = 0``; the
*break* alternative leaves ``delta`` free. The likelihood-ratio statistic of
``delta = 0`` is referred to chi-squared with one degree of freedom, and the
interval of ``delta`` is the profile-likelihood interval (all values not
rejected by that test at the chosen level).

Observation models (``dispersion``)
-----------------------------------
* ``poisson``: ``c_t ~ Poisson(mu_t)``;
* ``negative-binomial``: variance ``mu + alpha mu^2`` (``level = alpha``);
* ``quasi-poisson``: variance ``phi mu`` (``level = phi - 1``, so 0 is Poisson), the
  Poisson log-likelihood divided by ``phi`` (a quasi-likelihood);
* ``poisson-lognormal``: ``c_t ~ Poisson(mu_t e^{sigma Z})``, ``Z ~ N(0, 1)``
  (``level = sigma``; Gauss-Hermite quadrature, deterministic).

The fold is an **interval-censored observation** of the ratio of the two
unprinted endpoint counts, larger/smaller: its bounds (from the qualifier, 近 or
多, and from rounding) are censoring limits, mapped to ratio limits by a named
:class:`~wzdata.figures.FoldConvention`. The number of yearly steps of the span is
an argument too (a span "from the start of one year to the end of another" can be
read two ways; the caller names the reading). Without fold noise the printed
interval constrains ``beta_f`` exactly; with fold noise (the default) the log of
the ratio of the two unprinted counts is normal around ``steps * |beta_f|`` with
variance ``1/mu_start + 1/mu_end + 2 kappa`` (delta method; ``kappa`` is the
extra variance of a log count: ``alpha`` for the negative binomial,
``exp(sigma^2) - 1`` for the Poisson-lognormal).

Zero counts
-----------
When every positive count is in one end year and the other years count zero
(``258, 0``), the counts' likelihood is largest in a limit: the counts' rate at
``-inf`` (``+inf`` for ``0, 258``), the level of the positive year kept. A fit
in which that direction is free fits the limit likelihood instead (the zero
counts' terms vanish there) and returns the rate as that infinity; the estimates
that depend on it (the counts' rate, the difference ``delta``) are then ``+-inf``
with one-sided profile intervals, and the assumption of the result says so. With
fold noise, a zero in the first year ties the level that the fold's noise
depends on, and the maximum stays finite.

Everything is deterministic (bounded quasi-Newton fits from closed-form starts,
Brent root finding), so executed notebooks compare equal across runs. The engine
knows no article: years, steps and readings are its arguments.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from wzdata.figures import FoldConvention, Qualifier, fold_to_ratio, parse
from wzdata.intervals import check_conf_level as _check_conf
from wzdata.trends.models import (
    _fold_slopes,
    _NamedResults,
    _render,
    minimum_detectable_difference,
    pct_of_log_rate,
)

__all__ = [
    "DISPERSIONS",
    "CountSeries",
    "Dispersion",
    "FoldObservation",
    "JointFitResults",
    "MultiFitResults",
    "SpecificationResults",
    "expected_count",
    "fit_joint",
    "fit_joint_many",
    "fold_bound_readings",
    "grade_verdict",
    "minimum_detectable_difference",
    "specification_table",
    "tipping_point",
]

#: Names of the observation models of the counts.
DISPERSIONS = ("poisson", "negative-binomial", "poisson-lognormal", "quasi-poisson")
_GH_NODES = 32
_LOG_2PI = math.log(2.0 * math.pi)


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Dispersion:
    """Observation model of a count.

    Attributes
    ----------
    model : {"poisson", "negative-binomial", "poisson-lognormal"}
    level : float
        ``alpha`` (negative binomial), ``sigma`` (Poisson-lognormal) or ``phi - 1``
        (quasi-Poisson, variance ``phi mu``); 0 is Poisson.
    """

    model: str = "poisson"
    level: float = 0.0

    def __post_init__(self) -> None:
        if self.model not in DISPERSIONS:
            raise ValueError(f"unknown dispersion model {self.model!r}: use one of {DISPERSIONS}")
        if not (math.isfinite(self.level) and self.level >= 0.0):
            raise ValueError(f"dispersion level must be finite and >= 0, got {self.level!r}")
        if self.model == "poisson" and self.level != 0.0:
            raise ValueError("the Poisson model has no dispersion level; pass level 0")

    @property
    def is_poisson(self) -> bool:
        """True when the model reduces to Poisson (level 0)."""
        return self.level == 0.0

    @property
    def kappa(self) -> float:
        """Extra variance of a log count beyond ``1/mu``."""
        if self.model == "negative-binomial":
            return self.level
        if self.model == "poisson-lognormal":
            return math.expm1(self.level**2)
        return 0.0

    @property
    def phi(self) -> float:
        """Variance multiplier of the quasi-Poisson model (1 otherwise)."""
        return 1.0 + self.level if self.model == "quasi-poisson" else 1.0

    @property
    def text(self) -> str:
        """The model in words."""
        if self.is_poisson:
            return "Poisson (variance = mean)"
        if self.model == "negative-binomial":
            return f"negative binomial, alpha {self.level:g} (variance = mean + alpha mean^2)"
        if self.model == "quasi-poisson":
            return f"quasi-Poisson, variance = {self.phi:g} x mean (assumed)"
        return f"Poisson-lognormal, sigma {self.level:g} (log-rate noise sd per count)"

    @property
    def name(self) -> str:
        """Short name for tables."""
        return "poisson" if self.is_poisson else f"{self.model} {self.level:g}"


@dataclass(frozen=True)
class CountSeries:
    """Counts printed at two or more years (equal exposure of one year each)."""

    years: tuple[int, ...]
    counts: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.years) != len(self.counts):
            raise ValueError(f"years {self.years} and counts {self.counts} differ in length")
        if len(set(self.years)) < 2 or len(set(self.years)) != len(self.years):
            raise ValueError(f"need two or more different years, got {self.years}")
        for y, c in zip(self.years, self.counts, strict=True):
            if not (isinstance(c, int) or float(c).is_integer()) or c < 0:
                raise ValueError(f"count for year {y} must be a non-negative integer, got {c!r}")
        if sum(self.counts) == 0:
            raise ValueError("all counts are zero: no rate can be estimated")

    @classmethod
    def of(cls, years: Sequence[int], counts: Sequence[int]) -> CountSeries:
        """Build from two sequences, sorted by year."""
        pairs = sorted(zip((int(y) for y in years), counts, strict=True))
        return cls(tuple(y for y, _ in pairs), tuple(int(c) for _, c in pairs))


@dataclass(frozen=True)
class FoldObservation:
    """A printed fold over a span whose endpoint counts are not printed.

    Attributes
    ----------
    lower, upper : float
        Bounds of the printed N (``upper`` may be ``inf``): censoring limits.
    year_end : int
        Calendar year of the later (unprinted) endpoint count.
    steps : int
        Yearly steps of the span; the earlier endpoint is ``year_end - steps``.
    direction : {"down", "up"}
    convention : FoldConvention
        Reading of ``N倍``.
    noise : bool
        Add the sampling noise of the two unprinted endpoint counts.
    as_printed, bounds_reading, steps_reading : str
        Names shown in the output.
    """

    lower: float
    upper: float
    year_end: int
    steps: int
    direction: str = "down"
    convention: FoldConvention = FoldConvention.RATIO
    noise: bool = True
    as_printed: str = ""
    bounds_reading: str = "as given"
    steps_reading: str = ""

    def __post_init__(self) -> None:
        if not 0.0 <= self.lower <= self.upper:
            raise ValueError(f"fold bounds must satisfy 0 <= lower <= upper, got {self}")
        if int(self.steps) < 1:
            raise ValueError(f"a fold spans at least one yearly step, got {self.steps}")
        if self.direction not in ("down", "up"):
            raise ValueError(f"direction must be 'down' or 'up', got {self.direction!r}")
        object.__setattr__(self, "convention", FoldConvention(self.convention))
        r_lo, _ = self.ratio_bounds
        if r_lo < 1.0 and self.lower >= 1.0:  # pragma: no cover - guarded by fold_to_ratio
            raise ValueError(f"fold {self.as_printed!r} gives a ratio below 1")

    @property
    def year_start(self) -> int:
        """Calendar year of the earlier endpoint."""
        return int(self.year_end) - int(self.steps)

    @property
    def ratio_bounds(self) -> tuple[float, float]:
        """Bounds of larger/smaller under the convention."""
        lo = fold_to_ratio(self.lower, self.convention)
        hi = math.inf if math.isinf(self.upper) else fold_to_ratio(self.upper, self.convention)
        return max(lo, 0.0), hi

    @property
    def slope_bounds(self) -> tuple[float, float]:
        """Annual log-rates allowed by the bounds over ``steps`` steps (noise-free)."""
        return _fold_slopes(*self.ratio_bounds, self.steps, self.direction)

    @property
    def text(self) -> str:
        """One line naming every reading."""
        hi = "inf" if math.isinf(self.upper) else f"{self.upper:g}"
        return (
            f"fold {self.as_printed or '(unnamed)'} in [{self.lower:g}, {hi}] "
            f"({self.bounds_reading}); "
            f"{self.convention.description}; {self.steps} yearly steps to {self.year_end}"
            + (f" ({self.steps_reading})" if self.steps_reading else "")
            + ("; with" if self.noise else "; without")
            + " the sampling noise of its endpoint counts"
        )


def fold_bound_readings(as_printed: str) -> dict[str, tuple[float, float]]:
    """Named bounds of a printed fold N: the parser's and a widened reading.

    ``parser``: the interval of :func:`wzdata.figures.parse` (近12倍 -> (11, 12),
    9倍多 -> (9, 10)); an unqualified N is read as rounded to its last printed
    decimal (``[N - h, N + h]``, ``h`` half a unit of that decimal, the audit's
    rule). ``widened``: half a step more on each side, for a writer who rounded
    before qualifying.

    Returns
    -------
    dict
        ``reading -> (lower, upper)`` of N.
    """
    q = parse(as_printed)
    if q.kind.value != "fold":
        raise ValueError(f"figure {as_printed!r} is a {q.kind.value}, not a fold (N倍)")
    lo, hi, step = float(q.lower), float(q.upper), float(q.step)
    if q.qualifier is Qualifier.EXACT:
        # rounded at its printed decimals, as in the claim audit: 10倍 is [9.5, 10.5]
        step = 10.0 ** (-q.decimals)
        lo, hi = lo - step / 2.0, hi + step / 2.0
    wide_hi = hi if math.isinf(hi) else hi + step / 2.0
    return {"parser": (max(lo, 0.0), hi), "widened": (max(lo - step / 2.0, 0.0), wide_hi)}


# --------------------------------------------------------------------------- likelihood


class _Likelihood:
    """Log-likelihood of counts and one fold as a function of (a, beta_c, beta_f)."""

    def __init__(self, series: CountSeries, fold: FoldObservation, dispersion: Dispersion):
        import numpy as np
        from scipy import special

        self.series = series
        self.fold = fold
        self.disp = dispersion
        self.y_ref = series.years[0]
        self.t = np.asarray(series.years, dtype=float) - self.y_ref
        self.c = np.asarray(series.counts, dtype=float)
        self.lgc = special.gammaln(self.c + 1.0)
        self.t_list = [float(v) for v in self.t]
        self.c_list = [float(v) for v in self.c]
        self.lgc_list = [math.lgamma(v + 1.0) for v in self.c_list]
        r_lo, r_hi = fold.ratio_bounds
        self.log_r_lo = -math.inf if r_lo <= 0 else math.log(r_lo)
        self.log_r_hi = math.inf if math.isinf(r_hi) else math.log(r_hi)
        self.sign = -1.0 if fold.direction == "down" else 1.0
        self.t_start = fold.year_start - self.y_ref
        self.t_end = fold.year_end - self.y_ref
        if dispersion.model == "poisson-lognormal" and not dispersion.is_poisson:
            # adaptive Gauss-Hermite: nodes centred on the mode of each count's integrand
            # and scaled by its curvature, smooth in the parameters and accurate for a
            # sharp Poisson likelihood of a large count
            x, w = np.polynomial.hermite.hermgauss(_GH_NODES)
            self.gh_x = x
            self.gh_logw = np.log(w) + x**2
        if dispersion.model == "negative-binomial" and not dispersion.is_poisson:
            self.lg_n = math.lgamma(1.0 / dispersion.level)
            self.lg_cn = special.gammaln(self.c + 1.0 / dispersion.level)
            self.lg_cn_list = [math.lgamma(v + 1.0 / dispersion.level) for v in self.c_list]
        self._z = None
        self.recession = self._recession()
        self._limit: _Likelihood | None = None

    def _recession(self) -> tuple[float, float, float] | None:
        """A direction of ``(a, beta_c, beta_f)`` in which the counts' likelihood only rises.

        When every positive count is in one end year and the other years count
        zero, the counts fit best with their rate at infinity (all of them in the
        first year: ``beta_c -> -inf``, the level of that year kept): the
        direction is ``(t_p, -1, 0)`` from the first year ``t_p``, ``(-t_p, 1, 0)``
        from the last; None when the counts have a finite maximum.
        """
        pos = {t for t, c in zip(self.t_list, self.c_list, strict=True) if c > 0}
        if len(pos) != 1:  # two or more years of positive counts: a finite maximum
            return None
        (tp,) = pos
        if tp == min(self.t_list):
            return (tp, -1.0, 0.0)
        if tp == max(self.t_list):
            return (-tp, 1.0, 0.0)
        return None

    def limit(self) -> _Likelihood:
        """The likelihood at the end of :attr:`recession`: the zero counts left out.

        Along the recession the means of the zero counts fall to 0, where each
        model gives a zero count probability 1: their terms vanish and the
        positive counts' terms do not change.
        """
        import copy

        if self._limit is None:
            keep = [i for i, c in enumerate(self.c_list) if c > 0]
            lim = copy.copy(self)
            for name in ("t", "c", "lgc", "lg_cn"):
                if hasattr(self, name):
                    setattr(lim, name, getattr(self, name)[keep])
            for name in ("t_list", "c_list", "lgc_list", "lg_cn_list"):
                if hasattr(self, name):
                    setattr(lim, name, [getattr(self, name)[i] for i in keep])
            lim._z = None
            lim.recession = None
            self._limit = lim
        return self._limit

    def counts(self, a: float, beta_c: float) -> float:
        """Log-likelihood of the printed counts."""
        import numpy as np

        total = 0.0
        if self.disp.is_poisson or self.disp.model == "quasi-poisson":
            for t, c, lg in zip(self.t_list, self.c_list, self.lgc_list, strict=True):
                eta = a + beta_c * t
                total += c * eta - math.exp(min(eta, 700.0)) - lg
            return total / self.disp.phi
        if self.disp.model == "negative-binomial":
            n = 1.0 / self.disp.level
            log_n = math.log(n)
            for t, c, lg in zip(self.t_list, self.c_list, self.lgc_list, strict=True):
                eta = a + beta_c * t
                log_nm = _logaddexp(log_n, eta)
                total += (
                    math.lgamma(c + n)
                    - math.lgamma(n)
                    - lg
                    + n * (log_n - log_nm)
                    + c * (eta - log_nm)
                )
            return total
        sigma = self.disp.level
        eta = a + beta_c * self.t
        c = self.c
        # mode of h(z) = c (eta + sigma z) - exp(eta + sigma z) - z^2 / 2, by Newton
        z = self._z if self._z is not None else np.zeros_like(eta)
        for _ in range(50):
            m = np.exp(np.minimum(eta + sigma * z, 700.0))
            grad = sigma * (c - m) - z
            hess = -(sigma**2) * m - 1.0
            step = grad / hess
            z = z - step
            if np.max(np.abs(step)) < 1e-12:
                break
        self._z = z  # a warm start for the next call (the optimisers move in small steps)
        m = np.exp(np.minimum(eta + sigma * z, 700.0))
        sd = 1.0 / np.sqrt(sigma**2 * m + 1.0)
        zz = z[:, None] + math.sqrt(2.0) * sd[:, None] * self.gh_x[None, :]
        e = eta[:, None] + sigma * zz
        terms = (
            c[:, None] * e
            - np.exp(np.minimum(e, 700.0))
            - self.lgc[:, None]
            - 0.5 * zz**2
            - 0.5 * _LOG_2PI
            + self.gh_logw[None, :]
        )
        top = terms.max(axis=1)
        ll = top + np.log(np.exp(terms - top[:, None]).sum(axis=1)) + np.log(math.sqrt(2.0) * sd)
        return float(np.sum(ll))

    def count_terms(self, eta: Any) -> tuple[Any, Any, Any]:
        """Each count's log-likelihood and its first two derivatives in its log-rate ``eta``."""
        import numpy as np

        c = self.c
        if self.disp.is_poisson or self.disp.model == "quasi-poisson":
            mu = np.exp(np.minimum(eta, 700.0))
            phi = self.disp.phi
            return (c * eta - mu - self.lgc) / phi, (c - mu) / phi, -mu / phi
        if self.disp.model == "negative-binomial":
            n = 1.0 / self.disp.level
            log_n = math.log(n)
            log_nm = np.logaddexp(log_n, eta)
            ll = self.lg_cn - self.lg_n - self.lgc + n * (log_n - log_nm) + c * (eta - log_nm)
            q = np.exp(eta - log_nm)  # mu / (n + mu)
            return ll, c - (n + c) * q, -(n + c) * q * (1.0 - q)
        sigma = self.disp.level
        z = self._mode(eta)
        m = np.exp(np.minimum(eta + sigma * z, 700.0))
        sd = 1.0 / np.sqrt(sigma**2 * m + 1.0)
        zz = z[:, None] + math.sqrt(2.0) * sd[:, None] * self.gh_x[None, :]
        e = eta[:, None] + sigma * zz
        me = np.exp(np.minimum(e, 700.0))
        terms = (
            c[:, None] * e
            - me
            - self.lgc[:, None]
            - 0.5 * zz**2
            - 0.5 * _LOG_2PI
            + self.gh_logw[None, :]
        )
        top = terms.max(axis=1)
        w = np.exp(terms - top[:, None])
        tot = w.sum(axis=1)
        ll = top + np.log(tot) + np.log(math.sqrt(2.0) * sd)
        w = w / tot[:, None]  # the posterior of the noise given the count, at the nodes
        mean = (w * me).sum(axis=1)
        var = (w * (me - mean[:, None]) ** 2).sum(axis=1)
        return ll, c - mean, var - mean

    def _mode(self, eta: Any) -> Any:
        """Mode of ``c (eta + sigma z) - exp(eta + sigma z) - z^2 / 2`` in ``z`` (Newton)."""
        import numpy as np

        sigma = self.disp.level
        c = self.c
        z = self._z if self._z is not None else np.zeros_like(eta)
        for _ in range(50):
            m = np.exp(np.minimum(eta + sigma * z, 700.0))
            step = (sigma * (c - m) - z) / (-(sigma**2) * m - 1.0)
            z = z - step
            if np.max(np.abs(step)) < 1e-12:
                break
        self._z = z
        return z

    def fold_derivs(self, a: float, beta_f: float) -> tuple[float, list[float], list[float]]:
        """The noisy fold's log-probability with its gradient and Hessian in ``(a, beta_f)``.

        The Hessian is returned as ``[h_aa, h_ab, h_bb]``. With ``m`` the model's
        log ratio, ``v`` the variance of its log and ``x = (edge - m) / sqrt(v)``
        at each finite edge, ``d log P = sum(+-phi(x) dx) / P`` and
        ``d2 log P = sum(+-phi(x) (d2x - x dx dx')) / P - d log P d log P'``.
        Scalar arithmetic: the arrays are too small for numpy to pay.
        """
        k = self.sign * self.fold.steps
        m = k * beta_f
        t1, t2 = self.t_start, self.t_end
        u1 = min(max(a + beta_f * t1, -700.0), 700.0)
        u2 = min(max(a + beta_f * t2, -700.0), 700.0)
        phi = self.disp.phi
        e1, e2 = phi * math.exp(-u1), phi * math.exp(-u2)
        v = e1 + e2 + 2.0 * self.disp.kappa
        # v and its derivatives in (a, beta_f)
        va, vb = -(e1 + e2), -(e1 * t1 + e2 * t2)
        vaa, vab, vbb = e1 + e2, e1 * t1 + e2 * t2, e1 * t1 * t1 + e2 * t2 * t2
        # r = v^(-1/2)
        r = v**-0.5
        c1, c2 = -0.5 * v**-1.5, 0.75 * v**-2.5
        ra, rb = c1 * va, c1 * vb
        raa, rab, rbb = c2 * va * va + c1 * vaa, c2 * va * vb + c1 * vab, c2 * vb * vb + c1 * vbb
        lo = (self.log_r_lo - m) * r
        hi = math.inf if math.isinf(self.log_r_hi) else (self.log_r_hi - m) * r
        log_p = _log_normal_mass(lo, hi)
        ga = gb = haa = hab = hbb = 0.0
        for edge, x, sign in ((self.log_r_hi, hi, 1.0), (self.log_r_lo, lo, -1.0)):
            if math.isinf(x):
                continue
            w = edge - m
            xa, xb = w * ra, -k * r + w * rb
            xaa, xab, xbb = w * raa, -k * ra + w * rab, -2.0 * k * rb + w * rbb
            dens = sign * math.exp(-0.5 * x * x - 0.5 * _LOG_2PI - log_p)  # phi(x) / mass
            ga += dens * xa
            gb += dens * xb
            haa += dens * (xaa - x * xa * xa)
            hab += dens * (xab - x * xa * xb)
            hbb += dens * (xbb - x * xb * xb)
        return log_p, [ga, gb], [haa - ga * ga, hab - ga * gb, hbb - gb * gb]

    def derivs(self, theta: Any, with_fold: bool = True) -> tuple[float, Any, Any]:
        """Log-likelihood with gradient and Hessian in ``(a, beta_c, beta_f)``.

        The fold term is added when ``with_fold`` and the fold carries noise (a
        noise-free fold is a box on ``beta_f``, handled by the caller). Where the
        derivatives overflow, the log-likelihood is ``-inf``: a point the fits refuse.
        """
        import numpy as np

        a, bc, bf = (float(v) for v in theta)
        if self.disp.model == "poisson-lognormal" and not self.disp.is_poisson:
            ll_i, d1, d2 = self.count_terms(a + bc * self.t)
            ll = float(np.sum(ll_i))
            tt = self.t
            g0, g1 = float(np.sum(d1)), float(np.dot(d1, tt))
            h00, h01, h11 = float(np.sum(d2)), float(np.dot(d2, tt)), float(np.dot(d2, tt * tt))
        else:
            ll = g0 = g1 = h00 = h01 = h11 = 0.0
            for t, l_i, d1_i, d2_i in zip(self.t_list, *self._scalar_terms(a, bc), strict=True):
                ll += l_i
                g0 += d1_i
                g1 += d1_i * t
                h00 += d2_i
                h01 += d2_i * t
                h11 += d2_i * t * t
        g2 = h02 = h12 = h22 = 0.0
        if with_fold and self.fold.noise:
            lf, (fa, fb), (faa, fab, fbb) = self.fold_derivs(a, bf)
            ll += lf
            g0 += fa
            g2 = fb
            h00 += faa
            h02 = fab
            h22 = fbb
        if not math.isfinite(g0 + g1 + g2 + h00 + h01 + h02 + h11 + h12 + h22):
            ll = -math.inf  # derivatives out of the range of floats: a point to refuse
        g = np.array([g0, g1, g2])
        h = np.array([[h00, h01, h02], [h01, h11, h12], [h02, h12, h22]])
        return ll, g, h

    def _scalar_terms(self, a: float, bc: float) -> tuple[list[float], list[float], list[float]]:
        """:meth:`count_terms` of the Poisson and negative-binomial models, in scalars."""
        ll, d1, d2 = [], [], []
        if self.disp.is_poisson or self.disp.model == "quasi-poisson":
            phi = self.disp.phi
            for t, c, lg in zip(self.t_list, self.c_list, self.lgc_list, strict=True):
                eta = a + bc * t
                mu = math.exp(min(eta, 700.0))
                ll.append((c * eta - mu - lg) / phi)
                d1.append((c - mu) / phi)
                d2.append(-mu / phi)
            return ll, d1, d2
        n = 1.0 / self.disp.level
        log_n = math.log(n)
        for t, c, lg, lg_cn in zip(
            self.t_list, self.c_list, self.lgc_list, self.lg_cn_list, strict=True
        ):
            eta = a + bc * t
            log_nm = _logaddexp(log_n, eta)
            q = math.exp(eta - log_nm)  # mu / (n + mu)
            ll.append(lg_cn - self.lg_n - lg + n * (log_n - log_nm) + c * (eta - log_nm))
            d1.append(c - (n + c) * q)
            d2.append(-(n + c) * q * (1.0 - q))
        return ll, d1, d2

    def fold_term(self, a: float, beta_f: float) -> float:
        """Log-probability of the printed interval (noise on; 0 or -inf when off)."""
        m = self.sign * beta_f * self.fold.steps  # log(larger/smaller) under the model
        if not self.fold.noise:
            return 0.0 if self.log_r_lo - 1e-12 <= m <= self.log_r_hi + 1e-12 else -math.inf
        mu_s = math.exp(min(max(a + beta_f * self.t_start, -700.0), 700.0))
        mu_e = math.exp(min(max(a + beta_f * self.t_end, -700.0), 700.0))
        s = math.sqrt(self.disp.phi * (1.0 / mu_s + 1.0 / mu_e) + 2.0 * self.disp.kappa)
        lo = (self.log_r_lo - m) / s
        hi = math.inf if math.isinf(self.log_r_hi) else (self.log_r_hi - m) / s
        return _log_normal_mass(lo, hi)


def _logaddexp(x: float, y: float) -> float:
    big, small = (x, y) if x >= y else (y, x)
    return big + math.log1p(math.exp(small - big))


def _log_normal_mass(lo: float, hi: float) -> float:
    """``log(Phi(hi) - Phi(lo))`` for ``lo < hi``, stable in both tails."""
    if lo > 0.0:  # reflect so that the mass lies on the left tail
        lo, hi = -hi, -lo
    # now lo <= 0; Phi(hi) - Phi(lo) with Phi(x) = erfc(-x / sqrt 2) / 2
    r2 = math.sqrt(2.0)
    p_hi = 1.0 if math.isinf(hi) and hi > 0 else 0.5 * math.erfc(-hi / r2)
    p_lo = 0.0 if math.isinf(lo) else 0.5 * math.erfc(-lo / r2)
    mass = p_hi - p_lo
    if mass > 1e-200:
        return math.log(mass)
    from scipy import special

    l_hi = float(special.log_ndtr(hi))
    l_lo = float(special.log_ndtr(lo))
    return l_hi + math.log1p(-math.exp(min(l_lo - l_hi, 0.0))) if l_lo < l_hi else -math.inf


def _minimize(
    fun: Any, x0: Sequence[float], bounds: Sequence[tuple[float, float]]
) -> tuple[float, Any]:
    """Deterministic bounded minimisation: Nelder-Mead from a fixed start, restarted once."""
    import numpy as np
    from scipy import optimize

    scipy_bounds = [
        (None if math.isinf(lo) else lo, None if math.isinf(hi) else hi) for lo, hi in bounds
    ]
    x = np.asarray(x0, dtype=float)
    best = math.inf
    for scale in (0.05, 0.002):
        simplex = [x.copy()]
        for i in range(len(x)):
            v = x.copy()
            lo, hi = bounds[i]
            v[i] = v[i] + scale if v[i] + scale <= hi else v[i] - scale
            v[i] = max(v[i], lo)
            simplex.append(v)
        res = optimize.minimize(
            fun,
            x,
            method="Nelder-Mead",
            bounds=scipy_bounds if any(math.isfinite(e) for bd in bounds for e in bd) else None,
            options={
                "xatol": 1e-9,
                "fatol": 1e-11,
                "maxiter": 5000,
                "initial_simplex": np.asarray(simplex),
            },
        )
        if res.fun <= best:
            best, x = float(res.fun), np.asarray(res.x, dtype=float)
    return best, x


#: ``"newton"``: Newton steps on analytic gradients and Hessians (the default);
#: ``"nelder-mead"``: the derivative-free search of the same problems, kept as the
#: reference that the benchmark (``bench/bench_joint.py``) times against.
SOLVER = "newton"


def _newton(fun: Any, x0: Any, maxiter: int = 200) -> tuple[float, Any]:
    """Minimise a smooth function of a few parameters by damped Newton steps.

    ``fun(x)`` returns ``(value, gradient, Hessian)``. A Hessian that is not
    positive definite has its eigenvalues replaced by their absolute values
    (floored), so that every step descends; steps are halved until the value
    falls (Armijo). Deterministic: no random start, no tolerance on time.
    """
    import numpy as np

    x = np.asarray(x0, dtype=float)
    f, g, h = fun(x)
    if h is None or (f == math.inf and not np.isfinite(h).all()):
        return float(f), x  # a start out of the range of floats: no step to take
    for _ in range(maxiter):
        w, vecs = np.linalg.eigh(h)
        top = float(np.max(np.abs(w))) if w.size else 0.0
        w = np.maximum(np.abs(w), 1e-12 * max(top, 1.0))
        d = -(vecs @ ((vecs.T @ g) / w))
        size = float(np.max(np.abs(d)))
        if size < 1e-13:
            break
        slope = float(g @ d)
        t = 1.0
        while True:
            xn = x + t * d
            fn, gn, hn = fun(xn)
            if fn <= f + 1e-4 * t * slope or (math.isfinite(fn) and t * size < 1e-11):
                break
            if (
                t == 1.0
                and abs(fn - f) <= 1e-12 * (1.0 + abs(f))
                and float(np.max(np.abs(gn))) < float(np.max(np.abs(g)))
            ):
                break  # at the rounding floor of the value: the gradient still falls

            t *= 0.5
            if t < 1e-12:
                return f, x
        x, f, g, h = xn, fn, gn, hn
        if t * size < 1e-11:
            break
    return float(f), x


def _inside(x: Any, bounds: Sequence[tuple[float, float]]) -> bool:
    return all(lo <= v <= hi for v, (lo, hi) in zip(x, bounds, strict=True))


class _Profile:
    """Profile log-likelihood of ``delta`` for one (series, fold, dispersion)."""

    def __init__(self, lik: _Likelihood):
        self.lik = lik
        s = lik.series
        c0 = max(s.counts[0], 0.5)
        c1 = max(s.counts[-1], 0.5)
        self.a0 = math.log(c0)
        self.b0 = math.log(c1 / c0) / (s.years[-1] - s.years[0])
        self.f_lo, self.f_hi = lik.fold.slope_bounds
        self._cache: dict[float, float] = {}
        self._warm: list[float] | None = None
        self.max_ll, self.max_x = self._maximum()

    def _neg(self, a: float, bc: float, bf: float) -> float:
        v = self.lik.counts(a, bc) + self.lik.fold_term(a, bf)
        return -v if math.isfinite(v) else 1e300

    def fit(
        self,
        cols: Sequence[Sequence[float]],
        shift: Sequence[float],
        x0: Sequence[float],
        *,
        with_fold: bool = True,
        box: tuple[int, float, float] | None = None,
    ) -> tuple[float, Any]:
        """Minimise the negative log-likelihood at ``(a, beta_c, beta_f) = A v + shift``.

        ``cols`` are the rows of ``A`` (one per parameter). ``with_fold=False``
        leaves the fold out (the counts alone); ``box=(j, lo, hi)`` keeps ``v[j]``
        in ``[lo, hi]`` (a noise-free fold, whose term is 0 inside its box): the
        counts' log-likelihood is concave, so the constrained maximum is the free
        one with ``v[j]`` clamped and the other parameters refitted.

        Returns
        -------
        (float, ndarray)
            The minimum and its ``v``.
        """
        import numpy as np

        A = np.asarray(cols, dtype=float)
        b = np.asarray(shift, dtype=float)
        lik = self.lik
        if SOLVER == "nelder-mead":
            fold_on = with_fold or box is not None

            def neg(v: Any) -> float:
                th = A @ np.asarray(v, dtype=float) + b
                val = lik.counts(th[0], th[1]) + (lik.fold_term(th[0], th[2]) if fold_on else 0.0)
                return -val if math.isfinite(val) else 1e300

            bounds = [(-math.inf, math.inf)] * A.shape[1]
            if box is not None:
                bounds[box[0]] = (box[1], box[2])
            return _minimize(neg, x0, bounds)
        use_fold = with_fold and box is None
        x0 = np.asarray(x0, dtype=float)
        u = None
        if lik.recession is not None:  # a zero count: the maximum may lie at infinity
            u = self._unbounded(A, use_fold)
            x0 = np.where(np.isfinite(x0), x0, 0.0)  # a start from such a maximum
        if box is not None and u is not None and u[box[0]] != 0.0:
            # the free maximum lies at v[j] = +-inf, beyond the box: on its edge
            f, x = math.inf, x0.copy()
            x[box[0]] = math.copysign(math.inf, u[box[0]])
        else:
            f, x = self._solve(A, b, x0, use_fold, u)
        if box is not None and not box[1] <= x[box[0]] <= box[2]:
            j, lo, hi = box
            edge = min(max(float(x[j]), lo), hi)
            keep = [i for i in range(A.shape[1]) if i != j]
            b2 = b + A[:, j] * edge
            if keep:
                A2 = A[:, keep]
                f, x2 = self._solve(A2, b2, x[keep], False, self._unbounded(A2, False))
                x = np.insert(x2, j, edge)
            else:
                f, x = -lik.derivs(b2, False)[0], np.array([edge])
        return f, x

    def _unbounded(self, A: Any, use_fold: bool) -> Any:
        """The direction ``u`` of ``v`` (``theta = A v + shift``) along the counts' recession.

        None when the likelihood has no such direction: the counts have a finite
        maximum, the parametrisation ties the counts' rate to something that
        bounds it, or the fold term would change along the way (it depends on
        ``a`` and ``beta_f``). Only then can the fit's maximum lie at infinity.
        """
        import numpy as np

        r = self.lik.recession
        if r is None:
            return None
        rows = 3 if use_fold and self.lik.fold.noise else 2
        if rows == 3 and r[0] != 0.0:
            return None
        target = np.asarray(r[:rows])
        u = np.linalg.lstsq(A[:rows], target, rcond=None)[0]
        if float(np.max(np.abs(A[:rows] @ u - target))) > 1e-12 or not np.any(u):
            return None
        u[np.abs(u) < 1e-12 * float(np.max(np.abs(u)))] = 0.0
        return u

    def _solve(self, A: Any, b: Any, x0: Any, use_fold: bool, u: Any) -> tuple[float, Any]:
        """Newton's minimum of the negative log-likelihood at ``A v + b``, from ``x0``.

        With a recession ``u`` (see :meth:`_unbounded`) the supremum is reached only
        as ``v`` goes to infinity along ``u``: the likelihood there is the limit one
        (zero counts left out), flat along ``u``, so one coordinate of ``v`` moving
        with ``u`` is held and the others fitted; the coordinates that move along
        ``u`` are returned as ``+-inf``, the value as the limit (the supremum).
        """
        import numpy as np

        if u is None:
            lik, A1, b1 = self.lik, A, b
        else:
            lik = self.lik.limit()
            k = int(np.argmax(np.abs(u)))
            free = [i for i in range(A.shape[1]) if i != k]
            A1, b1 = A[:, free], b + A[:, k] * x0[k]

        def fun(v: Any) -> tuple[float, Any, Any]:
            try:
                ll, g, h = lik.derivs(A1 @ v + b1, use_fold)
            except OverflowError:
                return math.inf, None, None  # out of the range of floats: a step to refuse
            if not math.isfinite(ll):
                return math.inf, g, h
            return -ll, -(A1.T @ g), -(A1.T @ h @ A1)

        if u is None:
            return _newton(fun, x0)
        f, x1 = _newton(fun, x0[free]) if free else (fun(np.zeros(0))[0], np.zeros(0))
        x = np.insert(x1, k, x0[k])
        x[u != 0.0] = np.copysign(math.inf, u[u != 0.0])
        return float(f), x

    def _fold_start(self) -> float:
        """A start for the fold's rate: the middle of its bounds, open ends cut to a decade."""
        r_lo, r_hi = self.lik.fold.ratio_bounds
        if math.isinf(r_hi):
            r_hi = 10.0 * max(r_lo, 1.0)
        r_lo = max(r_lo, r_hi / 10.0, 1e-12)
        sign = -1.0 if self.lik.fold.direction == "down" else 1.0
        return sign * 0.5 * (math.log(r_lo) + math.log(r_hi)) / self.lik.fold.steps

    def counts_profile(self, beta: float) -> tuple[float, float]:
        """Counts' log-likelihood maximised over the level ``a`` at slope ``beta``."""
        from scipy import optimize

        lik = self.lik
        # Poisson: exp(a) = sum(c) / sum(exp(beta t)) exactly; a start for the others
        a_p = math.log(max(sum(lik.c_list), 0.5)) - math.log(
            sum(math.exp(beta * t) for t in lik.t_list)
        )
        if lik.disp.is_poisson or lik.disp.model == "quasi-poisson":
            return lik.counts(a_p, beta), a_p
        if SOLVER != "nelder-mead":
            neg, x = self.fit([[1.0], [0.0], [0.0]], [0.0, beta, 0.0], [a_p], with_fold=False)
            return -neg, float(x[0])
        res = optimize.minimize_scalar(
            lambda a: -lik.counts(a, beta),
            bracket=(a_p - 0.5, a_p + 0.5),
            method="brent",
            options={"xtol": 1e-12},
        )
        return -float(res.fun), float(res.x)

    def _box_max(self, lo: float, hi: float) -> tuple[float, float, float]:
        """Largest counts' profile log-likelihood for a slope in [lo, hi]."""
        from scipy import optimize

        lo_f = self.b0 - 10.0 if math.isinf(lo) else lo
        hi_f = self.b0 + 10.0 if math.isinf(hi) else hi
        if lo_f > hi_f:
            return -math.inf, math.nan, math.nan
        if SOLVER != "nelder-mead":
            # the counts' log-likelihood is concave in (a, beta): its profile in beta
            # is concave, so the maximum over [lo, hi] is the free maximum clamped
            b_st = min(max(self.b0, lo_f), hi_f)
            a_st = self.counts_profile(b_st)[1]
            neg, x = self.fit(
                [[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]], [0.0] * 3, [a_st, b_st], with_fold=False
            )
            if math.isinf(x[1]) and float(x[1]) == (lo if x[1] < 0 else hi):
                return -neg, float(x[1]), float(x[0])  # the counts fit best at an infinite rate
            b = min(max(float(x[1]), lo_f), hi_f)
            ll, a = self.counts_profile(b)
            return ll, b, a
        res = optimize.minimize_scalar(
            lambda b: -self.counts_profile(b)[0],
            bounds=(lo_f, hi_f),
            method="bounded",
            options={"xatol": 1e-12},
        )
        cands = [(float(res.x), -float(res.fun))]
        for edge in (lo_f, hi_f):
            cands.append((edge, self.counts_profile(edge)[0]))
        b, ll = max(cands, key=lambda c: c[1])
        return ll, b, self.counts_profile(b)[1]

    def _maximum(self) -> tuple[float, Any]:
        if not self.lik.fold.noise:
            ll, b, a = self._box_max(-math.inf, math.inf)
            return ll, (a, b, self._fold_start())
        best = None
        eye = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
        for start in ([self.a0, self.b0, self._fold_start()], [self.a0, self.b0, self.b0]):
            ll, x = self.fit(eye, [0.0] * 3, start)
            if best is None or ll < best[0]:
                best = (ll, x)
        return -best[0], tuple(best[1])

    def at(self, delta: float) -> float:
        """Profile log-likelihood at ``delta`` (maximised over a and beta_c)."""
        key = round(float(delta), 12)
        if key in self._cache:
            return self._cache[key]
        if not self.lik.fold.noise:
            ll = self._box_max(self.f_lo - delta, self.f_hi - delta)[0]
            self._cache[key] = ll
            return ll
        neg, x = self.fit(
            [[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]],
            [0.0, 0.0, float(delta)],
            self._warm if self._warm is not None else [self.a0, self.b0],
        )
        self._warm = list(x)  # profile points are visited in small steps
        self._cache[key] = -neg
        return -neg

    def lr(self, delta: float) -> float:
        return max(2.0 * (self.max_ll - self.at(delta)), 0.0)

    def estimate(self) -> tuple[float, float, float]:
        """Point estimate of delta and, without fold noise, the flat set of maximisers."""
        if self.lik.fold.noise:
            d = float(self.max_x[2] - self.max_x[1])
            return d, d, d
        bc = float(self.max_x[1])
        lo, hi = self.f_lo - bc, self.f_hi - bc
        mid = hi - 0.1 if math.isinf(lo) else lo + 0.1 if math.isinf(hi) else 0.5 * (lo + hi)
        return mid, lo, hi

    def interval(self, crit: float) -> tuple[float, float]:
        """Profile-likelihood interval ``{delta: LR(delta) <= crit}``."""
        _, set_lo, set_hi = self.estimate()
        est = self.estimate()[0]
        g = lambda d: self.lr(d) - crit  # noqa: E731
        if math.isinf(est):  # the maximum is a limit: the interval is one-sided
            a_hat, _, bf_hat = (float(v) for v in self.max_x)

            def from_max(d: float) -> float:
                # each point from the maximum's level and fold rate: a warm start from
                # the last point may fall into another mode of the profile
                self._warm = [a_hat, bf_hat - d]
                return g(d)

            bound = _bound_beyond(from_max, est, 0.05, xtol=1e-10)
            return (bound, est) if est > 0 else (est, bound)
        out = []
        for side, anchor in ((-1.0, set_lo), (1.0, set_hi)):
            if math.isinf(anchor):
                out.append(anchor)
                continue
            inner = anchor if math.isfinite(anchor) else est
            if not g(inner) < 0:
                # no finite profile interval around the estimate (every count of the series
                # in one end year, say): the bound is not defined
                out.append(math.nan)
                continue
            out.append(_outward_root(g, inner, side, 0.05, xtol=1e-10))
        return out[0], out[1]


def _bound_beyond(g: Any, est: float, step: float, *, xtol: float) -> float:
    """The finite end of ``{x: g(x) <= 0}`` when the estimate ``est`` is at +-inf.

    The set reaches ``est``; its end is found coming back from there: a first
    point inside is probed at ``+-1, +-2, +-4, ...``, then the root is met going
    inwards as in :func:`_outward_root`. NaN when no probe is inside.
    """
    side = math.copysign(1.0, est)
    x, n = side, 0
    while not g(x) < 0 and n < 40:
        x, n = 2.0 * x, n + 1
    if n >= 40:
        return math.nan
    return _outward_root(g, x, -side, step, xtol=xtol)


def _outward_root(g: Any, start: float, side: float, step: float, *, xtol: float) -> float:
    """The root of ``g`` met first going from ``start`` (where ``g < 0``) towards ``side``.

    The step doubles at each try; after 40 tries without a sign change the bound
    is ``side * inf``. The root is then refined by Brent's method to ``xtol``.
    """
    from scipy import optimize

    inner, outer, n = start, start + side * step, 0
    while g(outer) < 0 and n < 40:
        inner, outer = outer, outer + side * step
        step *= 2.0
        n += 1
    if n >= 40:
        return side * math.inf
    return float(optimize.brentq(g, min(inner, outer), max(inner, outer), xtol=xtol))


# --------------------------------------------------------------------------- results


def _fmt_p(p: float) -> str:
    if not math.isfinite(p):
        return "n/a"
    return "<0.001" if p < 0.001 else f"{p:.3f}"


_ESTIMAND = (
    "delta = annual log-rate over the fold's span minus annual log-rate over the counts' span "
    "(positive: the fold's span fell more slowly); delta = 0 is one constant rate"
)


class JointFitResults(_NamedResults):
    """Joint fit of a count series and a fold: the difference of annual rates.

    Attributes
    ----------
    delta, delta_interval : float, (float, float)
        Estimate and profile-likelihood interval of ``beta_f - beta_c``.
    lr_statistic, p_value : float
        Likelihood-ratio test of one constant rate (``delta = 0``, 1 df).
    rejected : bool
        ``p_value < 1 - conf_level``: the decision rule, the test that is printed.
    common_slope, common_interval : float, (float, float)
        Annual log-rate under one constant rate, with its profile interval.
    """

    def summary(self) -> str:
        """Printable summary (no date or time)."""
        frame = self.to_frame()[
            [
                "quantity",
                "estimate",
                "lower",
                "upper",
                "annual_change_pct",
                "annual_change_pct_lower",
                "annual_change_pct_upper",
            ]
        ]
        frame = frame.round(4)
        notes = [
            "Estimand: " + _ESTIMAND + ".",
            "Intervals are profile-likelihood intervals (likelihood-ratio test inversion).",
            self.info["assumption"],
        ]
        return _render(
            "Joint model of counts and a fold: one rate or two?", self._header, frame, notes
        )

    def _repr_html_(self) -> str:
        from html import escape

        head = "".join(
            f"<tr><th style='text-align:left'>{escape(k)}</th>"
            f"<td style='text-align:left'>{escape(v)}</td></tr>"
            for k, v in self._header
        )
        table = (
            self.to_frame()
            .drop(columns=["method", "assumption"])
            .to_html(index=False, float_format=lambda x: f"{x:.4f}")
        )
        notes = f"<p>Estimand: {escape(_ESTIMAND)}.</p><p>{escape(self.info['assumption'])}</p>"
        return f"<div><table>{head}</table>{table}{notes}</div>"


def fit_joint(
    series: CountSeries,
    fold: FoldObservation,
    dispersion: Dispersion | None = None,
    *,
    conf_level: float = 0.95,
    label: str = "",
    intervals: bool | str = True,
) -> JointFitResults:
    """Fit the joint model of a count series and one fold (see the module docstring).

    Parameters
    ----------
    series : CountSeries
        The printed counts.
    fold : FoldObservation
        The fold over another span, with its readings named.
    dispersion : Dispersion, optional
        Observation model of the counts (default Poisson).
    conf_level : float
        Level of the profile intervals; the test rejects when ``p < 1 - conf_level``.
    label : str
        Name shown in the output.
    intervals : bool or {"common", "delta"}
        Compute the profile intervals (False: only the test, for specification
        tables; ``"common"``: only the constant rate's; ``"delta"``: only the
        difference's).

    Returns
    -------
    JointFitResults
    """
    from scipy import stats

    conf = _check_conf(conf_level)
    disp = dispersion or Dispersion()
    crit = float(stats.chi2.ppf(conf, 1))
    prof = _Profile(_Likelihood(series, fold, disp))
    est, set_lo, set_hi = prof.estimate()
    lr0 = prof.lr(0.0)
    p = float(stats.chi2.sf(lr0, 1))
    rejected = bool(p < 1.0 - conf)
    bc_hat = float(prof.max_x[1])
    nan = math.nan
    d_lo = d_hi = c_est = c_lo = c_hi = bc_lo = bc_hi = bf_lo = bf_hi = nan
    if intervals in (True, "common"):
        c_est, c_lo, c_hi = _common_rate(prof, crit)
    if intervals in (True, "delta"):
        d_lo, d_hi = prof.interval(crit)
    if intervals is True:
        (bc_lo, bc_hi), (bf_lo, bf_hi) = _span_rates(prof, crit)
    half = 0.5 * (d_hi - d_lo)
    se_eq = half / math.sqrt(crit) if math.isfinite(half) else nan
    mdd = minimum_detectable_difference(se_eq, conf) if math.isfinite(se_eq) else nan
    assumption = (
        f"counts {disp.text}, independent, equal exposure; {fold.text}; latent log-rates linear "
        f"within each span, both lines through the level of {series.years[0]}"
    )
    if prof.lik.recession is not None:
        assumption += "; " + _limit_note(series)
    method = "joint likelihood of counts and interval-censored fold; profile-likelihood intervals"
    years = ", ".join(f"{y}: {c}" for y, c in zip(series.years, series.counts, strict=True))
    base = {"indicator": label, "conf_level": conf, "method": method, "assumption": assumption}
    bf_hat = bc_hat + est
    if math.isnan(bf_hat):  # the counts' rate at its limit: the fold's rate of the maximum
        bf_hat = float(prof.max_x[2])

    def row(quantity: str, estimate: float, lower: float, upper: float) -> dict[str, Any]:
        """A row of the table: a log-rate with its limits, also as an annual change."""
        return {
            **base,
            "quantity": quantity,
            "estimate": estimate,
            "lower": lower,
            "upper": upper,
            "annual_change_pct": pct_of_log_rate(estimate),
            "annual_change_pct_lower": pct_of_log_rate(lower) if math.isfinite(lower) else nan,
            "annual_change_pct_upper": pct_of_log_rate(upper) if math.isfinite(upper) else nan,
        }

    counts_span = f"{series.years[0]}-{series.years[-1]}"
    fold_span = f"{fold.year_start}-{fold.year_end}"
    rows = [
        # a difference of log-rates is no annual change
        {
            **row("difference of annual log-rates (fold span - counts span)", est, d_lo, d_hi),
            "annual_change_pct": nan,
            "annual_change_pct_lower": nan,
            "annual_change_pct_upper": nan,
        },
        row(f"annual log-rate, counts span {counts_span} (break model)", bc_hat, bc_lo, bc_hi),
        row(f"annual log-rate, fold span {fold_span} (break model)", bf_hat, bf_lo, bf_hi),
        row("annual log-rate, one constant rate over both spans", c_est, c_lo, c_hi),
    ]
    verdict = (
        f"one constant rate rejected (LR p {_fmt_p(p)})"
        if rejected
        else f"one constant rate not rejected (LR p {_fmt_p(p)}; differences below "
        f"{mdd:.3f} per year are not detectable with 80% power)"
    )
    header = [
        ("Indicator", label or "(unnamed)"),
        ("Counts", years),
        ("Fold", fold.text),
        ("Count model", disp.text),
        ("LR test of one constant rate", f"{lr0:.4f} on 1 df, p {_fmt_p(p)}"),
        ("Confidence level", f"{conf:g}"),
        ("Verdict", verdict),
    ]
    info = {
        "delta": est,
        "delta_set": (set_lo, set_hi),
        "delta_interval": (d_lo, d_hi),
        "lr_statistic": lr0,
        "p_value": p,
        "rejected": rejected,
        "verdict": verdict,
        "mdd": mdd,
        "slope_counts": bc_hat,
        "slope_counts_interval": (bc_lo, bc_hi),
        "slope_fold": bf_hat,
        "slope_fold_interval": (bf_lo, bf_hi),
        "common_slope": c_est,
        "common_interval": (c_lo, c_hi),
        "max_loglik": prof.max_ll,
        "dispersion": disp,
        "fold": fold,
        "series": series,
        "conf_level": conf,
        "assumption": assumption,
        "method": method,
        "label": label,
    }
    return JointFitResults(rows, info, label, header)


def _limit_note(series: CountSeries) -> str:
    """Words for a series whose counts fit best at an infinite annual log-rate."""
    zero = ", ".join(str(y) for y, c in zip(series.years, series.counts, strict=True) if c == 0)
    pos = next(y for y, c in zip(series.years, series.counts, strict=True) if c > 0)
    return (
        f"the counts are zero in {zero} and positive only in {pos}: the likelihood is largest "
        "in the limit of an infinite annual log-rate of the counts (-100% a year for a fall to "
        "zero, no finite rate for a rise from zero), so an estimate at that limit is +-inf "
        "and its profile interval one-sided"
    )


def _common_rate(prof: _Profile, crit: float) -> tuple[float, float, float]:
    """Constant-rate fit: estimate and profile interval of the common annual log-rate."""
    lik = prof.lik
    noise = lik.fold.noise
    f_lo, f_hi = prof.f_lo, prof.f_hi

    def ll_at(beta: float) -> float:
        if not noise:
            if not (f_lo - 1e-12 <= beta <= f_hi + 1e-12):
                return -math.inf
            return prof.counts_profile(beta)[0]
        neg, _ = prof.fit([[1.0], [0.0], [0.0]], [0.0, beta, beta], [prof.a0])
        return -neg

    if noise:
        neg, x = prof.fit([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]], [0.0] * 3, [prof.a0, prof.b0])
        best, b_hat = -neg, float(x[1])
    else:
        best, b_hat, _ = prof._box_max(f_lo, f_hi)

    lo, hi = _invert(ll_at, best, b_hat, crit, (f_lo, f_hi) if not noise else (-math.inf, math.inf))
    return b_hat, lo, hi


def _invert(
    ll_at: Any, best: float, est: float, crit: float, hard: tuple[float, float]
) -> tuple[float, float]:
    """``{x: 2 (best - ll_at(x)) <= crit}`` around ``est``, stopping at hard bounds."""

    def g(x: float) -> float:
        try:
            v = ll_at(x)
        except (OverflowError, FloatingPointError):
            v = -math.inf  # so far out that the likelihood under- or overflows: excluded
        return (2.0 * (best - v) if math.isfinite(v) else 1e6) - crit

    if math.isinf(est):  # the maximum is a limit: the interval is one-sided
        bound = _bound_beyond(g, est, 0.02, xtol=1e-8)
        return (bound, est) if est > 0 else (est, bound)
    ends = []
    for side, edge in ((-1.0, hard[0]), (1.0, hard[1])):
        if math.isfinite(edge) and g(edge) <= 0:
            ends.append(edge)  # the likelihood ends at a hard bound (a noise-free fold)
            continue
        ends.append(_outward_root(g, est, side, 0.02, xtol=1e-8))
    return ends[0], ends[1]


def _span_rates(prof: _Profile, crit: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """Profile intervals of the counts' and the fold's annual log-rates (break model)."""
    lik = prof.lik
    best = prof.max_ll
    a_hat, bc_hat, bf_hat = (float(v) for v in prof.max_x)
    if not lik.fold.noise:
        counts = _invert(
            lambda b: prof.counts_profile(b)[0], best, bc_hat, crit, (-math.inf, math.inf)
        )
        return counts, (prof.f_lo, prof.f_hi)

    def rate_fixed(j: int) -> Any:
        """Profile log-likelihood of the rate ``theta[j]``: the other two refitted."""
        free = [i for i in range(3) if i != j]
        cols = [[1.0 if i == f else 0.0 for f in free] for i in range(3)]
        start = [(a_hat, bc_hat, bf_hat)[f] for f in free]

        def ll(b: float) -> float:
            shift = [0.0, 0.0, 0.0]
            shift[j] = b
            return -prof.fit(cols, shift, start)[0]

        return ll

    inf2 = (-math.inf, math.inf)
    return (
        _invert(rate_fixed(1), best, bc_hat, crit, inf2),
        _invert(rate_fixed(2), best, bf_hat, crit, inf2),
    )


def expected_count(
    series: CountSeries,
    fold: FoldObservation,
    year: int,
    dispersion: Dispersion | None = None,
    *,
    form: str = "constant",
    conf_level: float = 0.95,
) -> dict[str, Any]:
    """Expected count in ``year`` under a named trend form, with a profile interval.

    An extrapolation: it assumes the trend form goes on. ``form`` is
    ``"constant"`` (one rate over both spans, fitted to counts and fold) or
    ``"counts"`` (the break model: the counts' own rate continues). The interval
    is of the expected count (the log-rate ``a + beta (year - y_ref)``
    profiled), without the noise of a future count.

    Returns
    -------
    dict
        ``form``, ``year``, ``expected``, ``lower``, ``upper``, ``assumption``.
    """
    from scipy import stats

    conf = _check_conf(conf_level)
    if form not in ("constant", "counts"):
        raise ValueError(f"form must be 'constant' or 'counts', got {form!r}")
    disp = dispersion or Dispersion()
    prof = _Profile(_Likelihood(series, fold, disp))
    lik = prof.lik
    h = float(int(year) - lik.y_ref)
    crit = float(stats.chi2.ppf(conf, 1))
    box = (prof.f_lo, prof.f_hi) if not fold.noise else (-math.inf, math.inf)
    bx = None if fold.noise else (box[0], box[1])
    if form == "constant":
        start_b = min(max(prof.b0, box[0]), box[1])
        best_neg, x = prof.fit(
            [[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]],
            [0.0] * 3,
            [prof.a0, start_b],
            box=None if bx is None else (1, *bx),
        )
        l_hat = float(x[0] + x[1] * h)

        def ll_at(level: float) -> float:
            n, _ = prof.fit(
                [[-h], [1.0], [1.0]],
                [level, 0.0, 0.0],
                [x[1]],
                box=None if bx is None else (0, *bx),
            )
            return -n

        text = "one constant rate over the fold's and the counts' spans continues"
    else:
        best = prof.max_ll
        a_hat, bc_hat, bf_hat = (float(v) for v in prof.max_x)
        best_neg = -best
        l_hat = a_hat + bc_hat * h if h else a_hat

        def ll_at(level: float) -> float:
            # from a counts' rate at infinity (a zero count), start at the fitted level a
            bc_st = bc_hat if math.isfinite(bc_hat) or not h else (level - a_hat) / h
            if not fold.noise:  # the fold's rate is free inside its bounds: counts alone
                n, _ = prof.fit([[-h], [1.0], [0.0]], [level, 0.0, 0.0], [bc_st], with_fold=False)
                return -n
            n, _ = prof.fit([[-h, 0.0], [1.0, 0.0], [0.0, 1.0]], [level, 0.0, 0.0], [bc_st, bf_hat])
            return -n

        text = "the counts' own rate continues (break model)"
    lo, hi = _invert(ll_at, -best_neg, l_hat, crit, (-math.inf, math.inf))
    return {
        "form": form,
        "year": int(year),
        "expected": math.exp(l_hat),
        "lower": math.exp(lo) if math.isfinite(lo) else 0.0,
        "upper": math.exp(hi) if math.isfinite(hi) else math.inf,
        "conf_level": conf,
        "assumption": f"extrapolation: {text}; counts {disp.text}; {fold.text}; the interval "
        "is of the expected count, not of a future count",
    }


# --------------------------------------------------------------------------- several indicators


class MultiFitResults(_NamedResults):
    """Joint fit over several indicators: one test of a constant rate for all of them.

    Attributes
    ----------
    fits : dict
        ``indicator -> JointFitResults``.
    lr_statistic, df, p_value : float, int, float
        Sum of the indicators' LR statistics, referred to chi-squared with ``df``
        = number of indicators (independence across indicators assumed).
    common_delta, common_delta_interval : float, (float, float)
        One difference of annual log-rates shared by all indicators, with its profile interval.
    """

    def summary(self) -> str:
        """Printable summary (no date or time)."""
        header = [
            ("Indicators", ", ".join(self.fits)),
            (
                "Joint LR test of one constant rate",
                f"{self.lr_statistic:.4f} on {self.df} df, p {_fmt_p(self.p_value)}",
            ),
            (
                "Shared difference of log-rates",
                f"{self.common_delta:.4f} [{self.common_delta_interval[0]:.4f}, "
                f"{self.common_delta_interval[1]:.4f}]",
            ),
        ]
        frame = self.to_frame()[
            ["indicator", "delta", "delta_lower", "delta_upper", "lr_statistic", "p_value"]
        ].round(4)
        return _render("Joint model over several indicators", header, frame, [self.assumption])

    def _repr_html_(self) -> str:
        from html import escape

        return f"<div><pre>{escape(self.summary())}</pre></div>"


def fit_joint_many(
    data: Mapping[str, tuple[CountSeries, FoldObservation]],
    dispersion: Dispersion | None = None,
    *,
    conf_level: float = 0.95,
) -> MultiFitResults:
    """Joint fit over indicators, each with its own levels and rates.

    The joint test of one constant rate for every indicator sums the LR statistics
    (``df`` = number of indicators); the shared difference ``delta`` (the same
    for all indicators) has a profile interval from the summed profiles. Both
    assume the indicators' counts are independent, which nested indicators (a
    subset counted within another) are not: the assumption is named in the output.
    """
    from scipy import optimize, stats

    conf = _check_conf(conf_level)
    disp = dispersion or Dispersion()
    if len(data) < 2:
        raise ValueError(f"need two or more indicators for a joint fit, got {list(data)}")
    fits = {
        k: fit_joint(s, f, disp, conf_level=conf, label=k, intervals="delta")
        for k, (s, f) in data.items()
    }
    profs = {k: _Profile(_Likelihood(s, f, disp)) for k, (s, f) in data.items()}
    lr = sum(f.lr_statistic for f in fits.values())
    df = len(fits)
    p = float(stats.chi2.sf(lr, df))

    def total(d: float) -> float:
        return sum(pr.at(d) for pr in profs.values())

    # search the shared delta inside the span of the indicators' own intervals; a
    # one-sided interval (a zero count) reaches only as far as the finite ends
    lo = min(f.delta_interval[0] for f in fits.values())
    hi = max(f.delta_interval[1] for f in fits.values())
    if not (math.isfinite(lo) and math.isfinite(hi)):
        finite = [e for f in fits.values() for e in f.delta_interval if math.isfinite(e)]
        bounded = [f for f in fits.values() if all(map(math.isfinite, f.delta_interval))]
        if not bounded:
            raise ValueError("every indicator's interval of delta is unbounded: no shared delta")
        lo, hi = min(finite), max(finite)
    res = optimize.minimize_scalar(
        lambda d: -total(d), bounds=(lo, hi), method="bounded", options={"xatol": 1e-10}
    )
    d_hat = float(res.x)
    best = -float(res.fun)
    crit = float(stats.chi2.ppf(conf, 1))
    g = lambda d: 2.0 * (best - total(d)) - crit  # noqa: E731
    ends = [_outward_root(g, d_hat, side, 0.05, xtol=1e-8) for side in (-1.0, 1.0)]
    assumption = (
        f"counts {disp.text}; indicators independent of one another (not true of a subset "
        "counted within another indicator: read the joint test as approximate there)"
    )
    rows = [
        {
            "indicator": k,
            "delta": f.delta,
            "delta_lower": f.delta_interval[0],
            "delta_upper": f.delta_interval[1],
            "lr_statistic": f.lr_statistic,
            "p_value": f.p_value,
            "rejected": f.rejected,
        }
        for k, f in fits.items()
    ]
    info = {
        "fits": fits,
        "lr_statistic": float(lr),
        "df": df,
        "p_value": p,
        "common_delta": d_hat,
        "common_delta_interval": (ends[0], ends[1]),
        "conf_level": conf,
        "assumption": assumption,
    }
    return MultiFitResults(rows, info)


# --------------------------------------------------------------------------- robustness


def grade_verdict(rejected: Sequence[bool], poisson: Sequence[bool]) -> str:
    """Graded words for a verdict over a specification table.

    Parameters
    ----------
    rejected : sequence of bool
        Whether the test rejects one constant rate, one entry a specification.
    poisson : sequence of bool
        Whether that specification assumes Poisson counts.

    Returns
    -------
    str
        ``rejected under all specifications``, ``not rejected under any
        specification``, ``rejected under Poisson only`` (rejected exactly where
        Poisson counts are assumed) or ``rejected under k of n specifications``.
    """
    rej = [bool(r) for r in rejected]
    poi = [bool(p) for p in poisson]
    if len(rej) != len(poi) or not rej:
        raise ValueError("rejected and poisson must be non-empty and of equal length")
    k, n = sum(rej), len(rej)
    if k == n:
        return "rejected under all specifications"
    if k == 0:
        return "not rejected under any specification"
    if rej == poi:
        return "rejected under Poisson only"
    return f"rejected under {k} of {n} specifications"


@dataclass(frozen=True)
class _Spec:
    convention: FoldConvention
    steps_reading: str
    steps: int
    bounds_reading: str
    bounds: tuple[float, float]
    dispersion: Dispersion
    noise: bool


class SpecificationResults(_NamedResults):
    """The same test under every combination of readings and dispersions.

    Attributes
    ----------
    grade : str
        Graded verdict (see :func:`grade_verdict`).
    headline : dict
        The row of the headline specification.
    tipping : list of dict
        Tipping points from the headline specification (see :func:`tipping_point`).
    """

    def summary(self) -> str:
        """Printable summary (no date or time)."""
        header = [
            ("Indicator", self.label or "(unnamed)"),
            ("Decision rule", self.rule),
            ("Graded verdict", self.grade),
            ("Tipping points", self.tipping_text),
        ]
        cols = [
            "fold_convention",
            "steps",
            "bounds_reading",
            "dispersion",
            "fold_noise",
            "lr_statistic",
            "p_value",
            "rejected",
        ]
        frame = self.to_frame()[cols].round(4)
        return _render("Specification table of one verdict", header, frame, [])

    def _repr_html_(self) -> str:
        from html import escape

        return f"<div><pre>{escape(self.summary())}</pre></div>"


def specification_table(
    series: CountSeries,
    *,
    year_end: int,
    bounds: Mapping[str, tuple[float, float]],
    steps: Mapping[str, int],
    conventions: Sequence[FoldConvention | str] = (
        FoldConvention.RATIO,
        FoldConvention.MULTIPLE_OF_AFTER,
    ),
    dispersions: Sequence[Dispersion] = (
        Dispersion(),
        Dispersion("negative-binomial", 0.05),
        Dispersion("negative-binomial", 0.2),
        Dispersion("poisson-lognormal", 0.1),
        Dispersion("poisson-lognormal", 0.3),
    ),
    noise: Sequence[bool] = (True, False),
    direction: str = "down",
    as_printed: str = "",
    conf_level: float = 0.95,
    label: str = "",
) -> SpecificationResults:
    """The LR test of one constant rate under every specification, graded, with tipping points.

    The first entry of each argument is the headline specification. The decision
    rule is the same everywhere: reject one constant rate when the LR p-value
    (the number printed) is below ``1 - conf_level``.

    Parameters
    ----------
    series : CountSeries
        The printed counts.
    year_end : int
        Later endpoint year of the fold.
    bounds : mapping
        ``reading name -> (lower, upper)`` of the printed N (see :func:`fold_bound_readings`).
    steps : mapping
        ``reading name -> yearly steps`` of the fold's span.
    conventions, dispersions, noise : sequences
        The other named choices.
    direction, as_printed, conf_level, label
        As in :class:`FoldObservation` and :func:`fit_joint`.

    Returns
    -------
    SpecificationResults
    """
    conf = _check_conf(conf_level)
    if not bounds or not steps or not conventions or not dispersions or not noise:
        raise ValueError("every dimension of a specification table needs at least one choice")
    rows: list[dict[str, Any]] = []
    specs: list[_Spec] = []
    for conv in conventions:
        for s_name, s in steps.items():
            for b_name, b in bounds.items():
                for disp in dispersions:
                    for nz in noise:
                        specs.append(
                            _Spec(
                                FoldConvention(conv),
                                s_name,
                                int(s),
                                b_name,
                                (float(b[0]), float(b[1])),
                                disp,
                                bool(nz),
                            )
                        )
    for i, sp in enumerate(specs):
        fold = _spec_fold(sp, year_end, direction, as_printed)
        fit = fit_joint(series, fold, sp.dispersion, conf_level=conf, label=label, intervals=False)
        rows.append(
            {
                "indicator": label,
                "is_headline": i == 0,
                "fold_as_printed": as_printed,
                "fold_convention": sp.convention.value,
                "steps": sp.steps,
                "steps_reading": sp.steps_reading,
                "bounds_reading": sp.bounds_reading,
                "fold_lower": sp.bounds[0],
                "fold_upper": sp.bounds[1],
                "dispersion_model": sp.dispersion.model
                if not sp.dispersion.is_poisson
                else "poisson",
                "dispersion_level": sp.dispersion.level,
                "dispersion": sp.dispersion.name,
                "fold_noise": sp.noise,
                "delta": fit.delta,
                "lr_statistic": fit.lr_statistic,
                "p_value": fit.p_value,
                "rejected": fit.rejected,
                "conf_level": conf,
            }
        )
    grade = grade_verdict(
        [r["rejected"] for r in rows], [r["dispersion_model"] == "poisson" for r in rows]
    )
    head = specs[0]
    tips = []
    for what in ("negative-binomial", "poisson-lognormal", "fold"):
        tp = tipping_point(
            series,
            _spec_fold(head, year_end, direction, as_printed),
            head.dispersion,
            what,
            conf_level=conf,
        )
        if tp is not None:
            tips.append(tp)
    tip_text = "; ".join(t["text"] for t in tips) or "none within the searched ranges"
    rule = f"reject one constant rate when the likelihood-ratio p-value < {1 - conf:g} (1 df)"
    for r in rows:
        r["grade"] = grade
        r["decision_rule"] = rule
        r["tipping_points"] = tip_text
    info = {
        "grade": grade,
        "headline": rows[0],
        "tipping": tips,
        "tipping_text": tip_text,
        "rule": rule,
        "label": label,
    }
    return SpecificationResults(rows, info, label)


def _spec_fold(sp: _Spec, year_end: int, direction: str, as_printed: str) -> FoldObservation:
    return FoldObservation(
        lower=sp.bounds[0],
        upper=sp.bounds[1],
        year_end=year_end,
        steps=sp.steps,
        direction=direction,
        convention=sp.convention,
        noise=sp.noise,
        as_printed=as_printed,
        bounds_reading=sp.bounds_reading,
        steps_reading=sp.steps_reading,
    )


def tipping_point(
    series: CountSeries,
    fold: FoldObservation,
    dispersion: Dispersion,
    what: str,
    *,
    conf_level: float = 0.95,
    max_level: float = 3.0,
) -> dict[str, Any] | None:
    """The value of one assumption at which the verdict of the LR test changes.

    Parameters
    ----------
    series, fold, dispersion
        The specification to start from.
    what : {"negative-binomial", "poisson-lognormal", "fold"}
        Raise the negative binomial alpha or lognormal sigma from 0 (only when
        the start rejects: more dispersion only weakens the test), or shift the
        printed fold's bounds (both by the same amount) up and down.
    conf_level : float
        Level of the test.
    max_level : float
        Largest dispersion level searched.

    Returns
    -------
    dict or None
        ``{"what", "value", "text"}``, or None when the verdict does not change
        within the searched range.
    """
    from scipy import optimize

    conf = _check_conf(conf_level)
    alpha = 1.0 - conf

    def p_of(f: FoldObservation, d: Dispersion) -> float:
        return fit_joint(series, f, d, conf_level=conf, intervals=False).p_value

    p0 = p_of(fold, dispersion)
    rejected = p0 < alpha
    if what in ("negative-binomial", "poisson-lognormal"):
        if not rejected:
            return None
        g = lambda lv: math.log(p_of(fold, Dispersion(what, lv))) - math.log(alpha)  # noqa: E731
        if g(max_level) < 0:
            return None
        lo = 1e-9
        v = float(optimize.brentq(g, lo, max_level, xtol=1e-6))
        name = "NB alpha" if what == "negative-binomial" else "lognormal sigma"
        return {"what": what, "value": v, "text": f"not rejected if {name} >= {v:.3g}"}
    if what != "fold":
        raise ValueError(f"unknown tipping dimension {what!r}")

    def shifted(delta: float) -> FoldObservation:
        return replace(fold, lower=max(fold.lower + delta, 0.0), upper=fold.upper + delta)

    g = lambda dl: math.log(p_of(shifted(dl), dispersion)) - math.log(alpha)  # noqa: E731
    best: tuple[float, float] | None = None
    width = fold.upper - fold.lower if math.isfinite(fold.upper) else 1.0
    for side in (1.0, -1.0):
        step = max(0.1 * max(fold.upper if math.isfinite(fold.upper) else fold.lower, 1.0), 0.05)
        inner, outer = 0.0, side * step
        found = False
        for _ in range(30):
            if fold.lower + outer < 0:
                break
            if (g(outer) < 0) != (g(inner) < 0):
                found = True
                break
            inner, outer = outer, outer + side * step
        if found:
            v = float(optimize.brentq(g, min(inner, outer), max(inner, outer), xtol=1e-6))
            if best is None or abs(v) < abs(best[0]):
                best = (v, side)
    if best is None:
        return None
    v = best[0]
    up = fold.upper + v
    word = "not rejected" if rejected else "rejected"
    rel = ">=" if (best[1] > 0) == rejected else "<="
    if not rejected:
        rel = ">=" if best[1] > 0 else "<="
    del width
    return {
        "what": "fold",
        "value": up,
        "text": f"{word} if the {fold.steps}-step fold's upper bound {rel} {up:.3g}",
    }
