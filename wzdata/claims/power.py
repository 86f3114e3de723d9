"""How much a passed claim check says: pass-by-chance probabilities, conditional checks, grades.

A check that any printed value would pass carries no information. In the manner
of GRIM (which reports, for a sample size, the share of possible means that are
consistent with it), the **pass-by-chance probability** of a check is the share
of printed values on the printed grid (the same decimals and unit) within a
window around the printed one that the same inputs would also reproduce. A
value near 1 means "consistent" says nothing; a small value means passing is
informative.

Other tools here:

* :func:`conditional_rate_check`: a rate whose numerator is not stated but may be
  a printed count; under that declared assumption, which denominators give the
  printed rate (``91.87%`` with ``7792`` as numerator: only ``8482``);
* :func:`fingerprint`: the smallest fraction that reproduces a printed
  percentage (``77.8%`` = 7/9), with how often a random value on the grid has a
  fraction that small;
* :func:`graded_verdict`: a three-level verdict: reproduced under the standard
  reading; only under a non-standard reading (named); under none.

The window is a named argument (``rel_window``: the fraction of the printed value
on each side); every result states it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from wzdata.claims.checks import (
    Base,
    Rounding,
    pct_change,
    printed_interval,
    solve_denominators,
    solve_prior,
    solve_smallest_denominator,
)
from wzdata.figures import Qualifier, Quantity, parse

__all__ = [
    "DEFAULT_REL_WINDOW",
    "ConditionalCheck",
    "Fingerprint",
    "PassProbability",
    "conditional_rate_check",
    "fingerprint",
    "graded_verdict",
    "grid_values",
    "pass_probability",
    "pct_change_pass_probability",
    "rate_pass_probability",
    "value_pass_probability",
    "values_pass_probability",
]

#: Half-width of the window of printed values, as a fraction of the printed value.
DEFAULT_REL_WINDOW = 0.2


@dataclass(frozen=True)
class PassProbability:
    """Share of printed values in a window that a check would pass.

    Attributes
    ----------
    printed : str
        The printed value the window is centred on.
    passed, total : int
        Grid values that pass, and grid values in the window.
    window : str
        The window in words.
    """

    printed: str
    passed: int
    total: int
    window: str

    @property
    def probability(self) -> float:
        """``passed / total``."""
        return self.passed / self.total if self.total else float("nan")

    @property
    def text(self) -> str:
        """One line for tables."""
        return (
            f"{self.passed} of {self.total} printed values in {self.window} would pass "
            f"({100 * self.probability:.1f}%)"
        )


def _q(printed: str | Quantity) -> Quantity:
    return printed if isinstance(printed, Quantity) else parse(printed)


def _window(
    q: Quantity, rel_window: float, lower: Decimal | None, upper: Decimal | None
) -> tuple[Decimal, Decimal, Decimal]:
    """First and last grid values around ``q`` and the grid step."""
    if not 0 < rel_window < 1:
        raise ValueError(f"rel_window must lie strictly between 0 and 1, got {rel_window!r}")
    step = Decimal(1).scaleb(-q.decimals)
    v = Decimal(q.value).quantize(step)
    half = (v * Decimal(str(rel_window))).quantize(step)
    lo, hi = v - half, v + half
    if lower is not None:
        lo = max(lo, lower)
    if upper is not None:
        hi = min(hi, upper)
    return max(lo, step), hi, step


def grid_values(
    printed: str | Quantity,
    *,
    rel_window: float = DEFAULT_REL_WINDOW,
    lower: Decimal | None = None,
    upper: Decimal | None = None,
) -> list[str]:
    """Printed values on the grid of ``printed`` within ``rel_window`` of it.

    The grid has the printed value's decimals (``48.3%`` -> steps of 0.1) and its
    unit; values are kept within ``[lower, upper]`` when given (a rate of at most
    100%, a fall of at most 100%).

    Examples
    --------
    >>> grid_values("5.0%", rel_window=0.04)
    ['4.8%', '4.9%', '5.0%', '5.1%', '5.2%']
    """
    q = _q(printed)
    lo, hi, step = _window(q, rel_window, lower, upper)
    out = []
    x = lo
    while x <= hi:
        out.append(f"{x:f}{q.unit}")
        x += step
    return out


def _window_text(first: str, last: str, rel_window: float) -> str:
    return f"{first} to {last} (printed value +/- {100 * rel_window:g}%)"


def pass_probability(
    check: Callable[[str], bool],
    printed: str | Quantity,
    *,
    rel_window: float = DEFAULT_REL_WINDOW,
    lower: Decimal | None = None,
    upper: Decimal | None = None,
    near: tuple[Fraction, Fraction] | None = None,
) -> PassProbability:
    """Share of grid values around ``printed`` for which ``check`` passes.

    Parameters
    ----------
    check : callable
        ``check(value_as_printed) -> bool``, the same check as the audit's, with
        its inputs fixed.
    printed : str or Quantity
        The printed value.
    rel_window, lower, upper
        The window (see :func:`grid_values`).
    near : (Fraction, Fraction), optional
        An early exit: only grid values within one grid step of ``[lo, hi]`` can
        pass (a value whose interval must meet an interval of exact values), so
        ``check`` is called on those only and the others count as failing.

    Returns
    -------
    PassProbability
    """
    q = _q(printed)
    values = grid_values(q, rel_window=rel_window, lower=lower, upper=upper)
    if near is None:
        passed = sum(1 for v in values if check(v))
    else:
        step = Fraction(1, 10**q.decimals)
        lo, hi = near[0] - step, near[1] + step
        first = Fraction(_window(q, rel_window, lower, upper)[0])
        passed = sum(1 for k, v in enumerate(values) if lo <= first + k * step <= hi and check(v))
    window = _window_text(values[0], values[-1], rel_window) if values else "no grid value"
    return PassProbability(q.as_printed, passed, len(values), window)


#: Exact values ``num/den`` a check's inputs can give: a list of pairs ``(num, den)``, or
#: a line ``(coef, const, dens)``: ``(coef * d + const) / d`` for each ``d`` of a range.
_Pairs = list[tuple[int, int]] | tuple[int, int, range]
#: ``candidates(lo, hi, half_step)``: the exact values the inputs give within ``[lo, hi]``
#: (and some beyond), or None when they lie within ``half_step`` of each other there.
_Candidates = Callable[[Fraction, Fraction, Fraction], _Pairs | None]


def _fast_window(
    q: Quantity,
    rounding: Rounding,
    candidates: _Candidates,
    *,
    rel_window: float,
    lower: Decimal | None = None,
    upper: Decimal | None = None,
    below: Fraction | None = None,
) -> PassProbability | None:
    """:func:`pass_probability` by enumerating exact values instead of grid values.

    A grid value passes when some exact value the inputs can give rounds to it
    (half-up or half-even); instead of solving once per grid value, each candidate
    value is rounded once, in whole numbers. When the candidates lie within half a
    step of each other across the window, every grid value passes (GRIM). Grid
    values whose rounding interval reaches ``below`` or beyond fail (a fall of
    100%). None when this does not apply: a qualified printed value, truncation.
    """
    if q.qualifier is not Qualifier.EXACT or q.decimals < 0 or rounding is Rounding.TRUNCATE:
        return None
    lo, hi, step = _window(q, rel_window, lower, upper)
    scale = 10**q.decimals
    ilo, ihi = int(lo * scale), int(hi * scale)
    total = max(0, ihi - ilo + 1)
    if total == 0:
        return PassProbability(q.as_printed, 0, 0, "no grid value")
    top = ihi
    if below is not None:  # i passes only if (2i + 1) / (2 scale) < below
        top = min(ihi, math.ceil((2 * scale * below - 1) / 2) - 1)
    passed = 0
    if top >= ilo:
        w_lo = Fraction(2 * ilo - 1, 2 * scale)
        w_hi = Fraction(2 * top + 1, 2 * scale)
        pairs = candidates(w_lo, w_hi, Fraction(1, 2 * scale))
        if pairs is None:
            passed = top - ilo + 1
        else:
            passed = _count_rounded(pairs, scale, rounding, ilo, top)
    last = lo + (ihi - ilo) * step
    window = _window_text(f"{lo:f}{q.unit}", f"{last:f}{q.unit}", rel_window)
    return PassProbability(q.as_printed, passed, total, window)


def _count_rounded(pairs: _Pairs, scale: int, rounding: Rounding, ilo: int, ihi: int) -> int:
    """How many of ``ilo..ihi`` are ``round(scale * num / den)`` of some pair (half-up
    and/or half-even); a long line of values is rounded with numpy when it fits int64."""
    up = rounding in (Rounding.HALF_UP, Rounding.HALF_UP_OR_EVEN)
    even = rounding in (Rounding.HALF_EVEN, Rounding.HALF_UP_OR_EVEN)
    if isinstance(pairs, tuple):
        coef, const, dens = pairs
        ends = [abs(coef * d + const) for d in (dens.start, dens.stop)] + [dens.stop]
        if len(dens) > 32 and 4 * scale * max(ends, default=0) < 2**62:
            import numpy as np

            d = np.arange(dens.start, dens.stop, dtype=np.int64)
            twice_num = 2 * scale * (coef * d + const)
            k = twice_num // (2 * d)  # floor of scale * num / den
            twice_rem = twice_num - 2 * d * k
            hit = np.zeros(ihi - ilo + 1, dtype=bool)
            tie = twice_rem == d
            if not tie.any():
                found = [k + (twice_rem > d)]
            else:  # a tie rounds up (half-up) or to the even neighbour (half-even)
                found = [(k + (twice_rem > d))[~tie]]
                if up:
                    found.append(k[tie] + 1)
                if even:
                    found.append(k[tie] + k[tie] % 2)
            for v in found:
                v = v[(v >= ilo) & (v <= ihi)]
                hit[v - ilo] = True
            return int(np.count_nonzero(hit))
        pairs = [(coef * d + const, d) for d in dens]
    hits: set[int] = set()
    for num, den in pairs:
        k, r = divmod(num * scale, den)
        twice = 2 * r
        if twice != den:
            hits.add(k + 1 if twice > den else k)
            continue
        if up:
            hits.add(k + 1)
        if even:
            hits.add(k + k % 2)
    return sum(1 for i in hits if ilo <= i <= ihi)


def _values(*values: Fraction | None) -> _Candidates:
    pairs = [(v.numerator, v.denominator) for v in values if v is not None]
    return lambda lo, hi, half_step: pairs


def _rate_candidates(numerator: int) -> _Candidates:
    """``100 * numerator / n`` for whole ``n``."""
    a = 100 * numerator

    def cands(lo: Fraction, hi: Fraction, half_step: Fraction) -> _Pairs | None:
        if numerator == 0:
            return []
        n_lo, n_hi = math.floor(a / hi), math.ceil(a / lo)
        if n_lo >= 1 and Fraction(a, n_lo * (n_lo + 1)) <= half_step:
            return None
        return (0, a, range(max(1, n_lo), n_hi + 1))

    return cands


def _prior_candidates(current: int, direction: str) -> _Candidates:
    """``100 * |current - p| / p`` for whole priors ``p`` on the side ``direction`` says."""
    down = direction == "down"

    def cands(lo: Fraction, hi: Fraction, half_step: Fraction) -> _Pairs | None:
        if current <= 0:
            return []
        c = 100 * current
        if down:  # x = 100 (p - c) / p, rising with p > c
            p_lo = max(current, math.floor(c / (100 - lo)))
            p_hi = math.ceil(c / (100 - hi))
            covered = True
        else:  # x = 100 (c - p) / p, falling with p < c
            p_lo = math.floor(c / (100 + hi))
            p_hi = math.ceil(c / (100 + lo))
            covered = p_lo >= 1 and p_hi <= current - 1
            p_lo, p_hi = max(1, p_lo), min(current - 1, p_hi)
        if covered and Fraction(c, p_lo * (p_lo + 1)) <= half_step:
            return None
        sign = 1 if down else -1
        return (100 * sign, -100 * sign * current, range(p_lo, p_hi + 1))

    return cands


def pct_change_pass_probability(
    current: int,
    printed: str | Quantity,
    *,
    increment: int | None = None,
    direction: str = "down",
    base: Base = Base.PRIOR,
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
    rel_window: float = DEFAULT_REL_WINDOW,
) -> PassProbability:
    """Pass-by-chance of a printed percentage change to ``current``.

    Without ``increment`` the prior count is unknown and a value passes if some
    whole prior count gives it; with the printed ``increment`` the prior count is
    fixed (``current - increment`` for a rise, ``current + increment`` for a
    fall) and a value passes if the recomputed percentage rounds to it.
    """
    if increment is None:
        upper = Decimal(100) if direction == "down" and base is Base.PRIOR else None
        if base is Base.PRIOR and direction in ("down", "up"):
            fast = _fast_window(
                _q(printed),
                rounding,
                _prior_candidates(current, direction),
                rel_window=rel_window,
                upper=upper,
                below=Fraction(100) if direction == "down" else None,
            )
            if fast is not None:
                return fast

        def ok(v: str) -> bool:
            try:
                return bool(
                    solve_prior(current, v, direction=direction, base=base, rounding=rounding)
                )
            except ValueError:
                return False

        return pass_probability(ok, printed, rel_window=rel_window, upper=upper)
    prior = current - increment if direction == "up" else current + increment
    value = pct_change(prior, current, base=base)
    return value_pass_probability(value, printed, rounding=rounding, rel_window=rel_window)


def value_pass_probability(
    value: Fraction | None,
    printed: str | Quantity,
    *,
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
    rel_window: float = DEFAULT_REL_WINDOW,
) -> PassProbability:
    """Pass-by-chance of a printed value against the exact value recomputed from printed inputs.

    ``value`` is the exact value (a fold from both endpoints, a percentage from a
    count and its increment; ``None`` when it cannot be computed, which nothing
    passes).

    Examples
    --------
    >>> from wzdata.figures import FoldConvention, fold_of
    >>> value_pass_probability(fold_of(258, 12, FoldConvention.RATIO), "21.5倍").passed
    1
    """

    return values_pass_probability([value], printed, rounding=rounding, rel_window=rel_window)


def values_pass_probability(
    values: Iterable[Fraction | None],
    printed: str | Quantity,
    *,
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
    rel_window: float = DEFAULT_REL_WINDOW,
) -> PassProbability:
    """Pass-by-chance of a printed value that any of several exact values may reproduce.

    A fold is consistent when any convention reproduces it: ``values`` holds the
    fold under each (None where undefined). With no value, nothing passes.

    Examples
    --------
    >>> from wzdata.figures import FoldConvention, fold_of
    >>> folds = [fold_of(258, 12, c) for c in FoldConvention]
    >>> values_pass_probability(folds, "21.5倍").passed
    2
    """
    values = [v for v in values if v is not None]
    q = _q(printed)
    fast = _fast_window(q, rounding, _values(*values), rel_window=rel_window)
    if fast is not None:
        return fast

    def ok(v: str) -> bool:
        iv = printed_interval(v, rounding)
        return any(x in iv for x in values)

    return pass_probability(ok, q, rel_window=rel_window)


def rate_pass_probability(
    numerator: int,
    printed: str | Quantity,
    *,
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
    rel_window: float = DEFAULT_REL_WINDOW,
    upper: Decimal | None = Decimal(100),
) -> PassProbability:
    """Pass-by-chance of "some whole denominator gives this rate with ``numerator``".

    ``upper`` caps the grid (100%: a share; None for a change on an unknown prior,
    which may exceed 100%).
    """
    q = _q(printed)
    fast = _fast_window(
        q, rounding, _rate_candidates(numerator), rel_window=rel_window, upper=upper
    )
    if fast is not None:
        return fast

    def ok(v: str) -> bool:
        try:
            return bool(solve_denominators(v, numerator, rounding=rounding))
        except ValueError:
            return False

    return pass_probability(ok, q, rel_window=rel_window, upper=upper)


@dataclass(frozen=True)
class ConditionalCheck:
    """A rate checked under a declared assumption about its numerator.

    Attributes
    ----------
    printed : str
        The printed rate.
    numerator : int
        The count assumed to be its numerator.
    assumption : str
        The assumption in words.
    denominators : tuple of int
        Every whole denominator that reproduces the rate with that numerator.
    power : PassProbability
        How often a printed rate near this one would also find a denominator.
    """

    printed: str
    numerator: int
    assumption: str
    denominators: tuple[int, ...]
    power: PassProbability

    @property
    def reproduced(self) -> bool:
        """True when some denominator reproduces the rate."""
        return bool(self.denominators)

    @property
    def text(self) -> str:
        """One line for tables."""
        if not self.denominators:
            found = f"no whole denominator gives {self.printed} with {self.numerator}"
        elif len(self.denominators) == 1:
            d = self.denominators[0]
            exact = Fraction(100 * self.numerator, d)
            found = (
                f"exactly one denominator gives {self.printed}: {self.numerator}/{d} = "
                f"{float(exact):.4f}%"
            )
        else:
            found = (
                f"{len(self.denominators)} denominators give {self.printed}: "
                f"{self.denominators[0]} to {self.denominators[-1]}"
            )
        return f"if {self.assumption}: {found}; {self.power.text}"


def conditional_rate_check(
    printed: str | Quantity,
    numerator: int,
    *,
    assumption: str,
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
    rel_window: float = DEFAULT_REL_WINDOW,
) -> ConditionalCheck:
    """Denominators of a printed rate under a declared numerator, with the check's power.

    Examples
    --------
    >>> conditional_rate_check("91.87%", 7792, assumption="7792 is the numerator").denominators
    (8482,)
    """
    if not assumption:
        raise ValueError("a conditional check needs its assumption stated")
    q = _q(printed)
    dens = tuple(solve_denominators(q, numerator, rounding=rounding))
    power = rate_pass_probability(numerator, q, rounding=rounding, rel_window=rel_window)
    return ConditionalCheck(q.as_printed, int(numerator), assumption, dens, power)


@dataclass(frozen=True)
class Fingerprint:
    """The smallest fraction behind a printed percentage, and how telling it is.

    Attributes
    ----------
    printed : str
    numerator, denominator : int
        The smallest denominator (and its numerator) that reproduce the value.
    chance : PassProbability
        Share of grid values in the window whose smallest denominator is at most
        this one (a small share: the small fraction is a real fingerprint).
    """

    printed: str
    numerator: int
    denominator: int
    chance: PassProbability

    @property
    def text(self) -> str:
        """One line for tables."""
        return (
            f"{self.printed} = {self.numerator}/{self.denominator} "
            f"(smallest denominator); {self.chance.text} with a denominator <= "
            f"{self.denominator}"
        )


def fingerprint(
    printed: str | Quantity,
    *,
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
    rel_window: float = DEFAULT_REL_WINDOW,
) -> Fingerprint:
    """The smallest fraction ``k/n`` giving a printed percentage (``77.8%`` -> 7/9).

    Examples
    --------
    >>> f = fingerprint("77.8%")
    >>> (f.numerator, f.denominator)
    (7, 9)
    """
    q = _q(printed)
    k, n = solve_smallest_denominator(q, rounding=rounding)

    def small(v: str) -> bool:
        return solve_smallest_denominator(v, rounding=rounding)[1] <= n

    chance = pass_probability(small, q, rel_window=rel_window, upper=Decimal(100))
    return Fingerprint(q.as_printed, k, n, chance)


def graded_verdict(reproduced_by: Sequence[str], standard: str, *, checkable: bool = True) -> str:
    """Three-level verdict of a claim.

    Parameters
    ----------
    reproduced_by : sequence of str
        Readings (conventions or bases) under which the printed value is reproduced.
    standard : str
        The standard reading (``ratio`` for a fold, ``prior_base`` for a change).
    checkable : bool
        False when the inputs are not printed.

    Returns
    -------
    str
        ``reproduced under the standard reading (...)``, ``reproduced only under a
        non-standard reading: ...``, ``reproduced under no reading`` or ``not checkable``.
    """
    if not checkable:
        return "not checkable"
    names = [str(r) for r in reproduced_by if str(r)]
    if standard in names:
        return f"reproduced under the standard reading ({standard})"
    if names:
        return "reproduced only under a non-standard reading: " + ", ".join(names)
    return "reproduced under no reading"
