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

from collections.abc import Callable, Sequence
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
from wzdata.figures import Quantity, parse

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
    if not 0 < rel_window < 1:
        raise ValueError(f"rel_window must lie strictly between 0 and 1, got {rel_window!r}")
    q = _q(printed)
    step = Decimal(1).scaleb(-q.decimals)
    v = Decimal(q.value).quantize(step)
    half = (v * Decimal(str(rel_window))).quantize(step)
    lo, hi = v - half, v + half
    if lower is not None:
        lo = max(lo, lower)
    if upper is not None:
        hi = min(hi, upper)
    lo = max(lo, step)
    unit = "%" if q.unit == "%" else q.unit
    out = []
    x = lo
    while x <= hi:
        out.append(f"{x:f}{unit}")
        x += step
    return out


def pass_probability(
    check: Callable[[str], bool],
    printed: str | Quantity,
    *,
    rel_window: float = DEFAULT_REL_WINDOW,
    lower: Decimal | None = None,
    upper: Decimal | None = None,
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

    Returns
    -------
    PassProbability
    """
    q = _q(printed)
    values = grid_values(q, rel_window=rel_window, lower=lower, upper=upper)
    passed = sum(1 for v in values if check(v))
    window = f"{values[0]} to {values[-1]} (printed value +/- {100 * rel_window:g}%)"
    return PassProbability(q.as_printed, passed, len(values), window)


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

        def ok(v: str) -> bool:
            try:
                return bool(
                    solve_prior(current, v, direction=direction, base=base, rounding=rounding)
                )
            except ValueError:
                return False

        upper = Decimal(100) if direction == "down" and base is Base.PRIOR else None
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

    def ok(v: str) -> bool:
        return value is not None and value in printed_interval(v, rounding)

    return pass_probability(ok, printed, rel_window=rel_window)


def rate_pass_probability(
    numerator: int,
    printed: str | Quantity,
    *,
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
    rel_window: float = DEFAULT_REL_WINDOW,
) -> PassProbability:
    """Pass-by-chance of "some whole denominator gives this rate with ``numerator``"."""

    def ok(v: str) -> bool:
        try:
            return bool(solve_denominators(v, numerator, rounding=rounding))
        except ValueError:
            return False

    return pass_probability(ok, printed, rel_window=rel_window, upper=Decimal(100))


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
