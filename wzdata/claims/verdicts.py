"""Check one derived claim given its printed inputs: a verdict and an explanation.

A claim relates a printed derived value (a fold ``21.5倍``, a percentage
``31.7%``, an increment with its percentage, a rate) to the printed values it
derives from, each a :class:`Printed` (a label, the parsed quantity and, for
changes, a direction ``down`` or ``up``). Each ``check_*_claim`` (and
:func:`check_claim`, which picks one by the claim's kind) returns a
:class:`ClaimCheck`: the values recomputed, the readings that reproduce the
printed value, the verdict (:class:`wzdata.claims.checks.Verdict`) and one
line that lets a reader redo the check by hand. With no inputs printed the
claim is not checkable, and the explanation says what the printed value
allows (the range of a fold under each convention, the smallest count that
gives a percentage).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ParamSpec

from wzdata.claims.checks import (
    Base,
    ClaimKind,
    ReadingsCheck,
    Rounding,
    SumReading,
    _bound_fold_explanation,
    _bound_fold_text,
    _eq,
    _fmt,
    _frac,
    _pct_of,
    _rounding_text,
    _shown,
    bound_fold,
    check_fold,
    check_increment,
    check_pp_change,
    check_sum,
    pct_change,
    printed_interval,
    solve_denominators,
    solve_prior,
    solve_smallest_denominator,
)
from wzdata.figures import Qualifier, Quantity


@dataclass(frozen=True, slots=True)
class Printed:
    """A printed value that a claim relates: its label, parsed quantity and direction."""

    label: str
    quantity: Quantity
    direction: str


def whole(f: Printed) -> int | None:
    """The value as an int when it is an exact whole number, else None."""
    q = f.quantity
    if q.qualifier is not Qualifier.EXACT or q.value != q.value.to_integral_value():
        return None
    return int(q.value)


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    """The outcome of a claim check: what was recomputed, what reproduces it, the verdict
    and a one-line explanation a reader can redo by hand."""

    recomputed: str
    reproduced_by: str
    verdict: str
    explanation: str

    @classmethod
    def from_result(
        cls, result: ReadingsCheck[Any], decimals: int, *, unit: str = "", head: str = ""
    ) -> ClaimCheck:
        """The claim check of a check's result: each reading's value shown to ``decimals``
        places (with ``unit``), the readings that reproduce it, and ``head`` before its
        explanation."""
        recomputed = "; ".join(
            f"{k.value}={'undefined' if v is None else _fmt(v, decimals) + unit}"
            for k, v in result.values.items()
        )
        return cls(
            recomputed,
            ";".join(k.value for k in result.reproduced_by),
            "consistent" if result.consistent else "inconsistent",
            head + result.explanation,
        )


_P = ParamSpec("_P")


def _refusal_is_a_verdict(check: Callable[_P, ClaimCheck]) -> Callable[_P, ClaimCheck]:
    """A check that cannot be computed (a zero count, a 100% fall to 0) is "not checkable".

    The checks raise ``ValueError`` (or ``ZeroDivisionError``) with the reason; the
    claim then gets that reason as its explanation instead of ending the run.
    """

    @functools.wraps(check)
    def checked(*args: _P.args, **kwargs: _P.kwargs) -> ClaimCheck:
        try:
            return check(*args, **kwargs)
        except (ValueError, ZeroDivisionError) as exc:
            return ClaimCheck("", "", "not checkable", f"not computable: {exc}")

    return checked


def _smallest_text(q: Quantity, rounding: Rounding) -> tuple[str, str]:
    k, n = solve_smallest_denominator(q, rounding=rounding)
    d = _shown(q)
    return (
        f"smallest={k}/{n}",
        f"the smallest count that gives {q.as_printed} is {n} ({k}/{n} {_eq(_pct_of(k, n), d)}%)",
    )


def _no_count(q: Quantity, rounding: Rounding, missing: str) -> ClaimCheck:
    """Not checkable, ``missing`` being unprinted: what the smallest count giving ``q`` is."""
    small, small_text = _smallest_text(q, rounding)
    return ClaimCheck(
        small, "", "not checkable", f"{missing}, so it cannot be checked; {small_text}"
    )


@_refusal_is_a_verdict
def check_fold_claim(inputs: list[Printed], printed: Printed, rounding: Rounding) -> ClaimCheck:
    q = printed.quantity
    if not inputs:
        bounds = bound_fold(q, rounding=rounding)
        return ClaimCheck(
            _bound_fold_text(q, bounds),
            "",
            "not checkable",
            _bound_fold_explanation(q, bounds, rounding),
        )
    before, after = (whole(f) for f in inputs)
    if before is None or after is None:
        return ClaimCheck(
            "",
            "",
            "not checkable",
            f"the endpoints {inputs[0].quantity.as_printed} and {inputs[1].quantity.as_printed} "
            "are not exact whole numbers",
        )
    return ClaimCheck.from_result(check_fold(before, after, q, rounding=rounding), _shown(q))


@_refusal_is_a_verdict
def check_pct_change_claim(
    inputs: list[Printed], printed: Printed, direction: str, rounding: Rounding
) -> ClaimCheck:
    q = printed.quantity
    if not inputs:
        return _no_count(q, rounding, f"{q.as_printed} {direction} with neither count printed")
    d = _shown(q)
    small = _smallest_text(q, rounding)[0]
    current = whole(inputs[0])
    if current is None:
        return ClaimCheck(
            small,
            "",
            "not checkable",
            f"the current count {inputs[0].quantity.as_printed} is not an exact whole number",
        )
    priors = {
        b: solve_prior(current, q, direction=direction, base=b, rounding=rounding) for b in Base
    }

    def show(b: Base, ps: list[int]) -> str:
        if not ps:
            return f"{b.value}: none"
        return f"{b.value}: prior=" + (str(ps[0]) if len(ps) == 1 else f"{ps[0]}..{ps[-1]}")

    recomputed = "; ".join(show(b, ps) for b, ps in priors.items())
    reproduced = [b.value for b, ps in priors.items() if ps]
    p_list = priors[Base.PRIOR]
    head = f"printed {q.as_printed} {direction} to {current} ({_rounding_text(q, rounding)}): "
    if p_list:
        p = p_list[0]
        many = "" if len(p_list) == 1 else f" (every prior from {p_list[0]} to {p_list[-1]} does)"
        body = (
            f"a prior of {p} gives |{current}-{p}|/{p} "
            f"{_eq(pct_change(p, current), d)}% on the prior count{many}"
        )
    else:
        exact = Fraction(100 * current) / (
            100 + (-1 if direction == "down" else 1) * _frac(q.value)
        )
        lo = max(1, math.floor(exact))
        near = [p for p in (lo, lo + 1) if p > 0 and p != current]
        shown = ", ".join(f"{p} gives {_eq(pct_change(p, current), d)}%" for p in near)
        body = f"no whole prior count reproduces it on the prior count ({shown})"
    cur = priors[Base.CURRENT]
    if cur:
        body += (
            f"; on the current count, a prior of {cur[0]} gives |{cur[0]}-{current}|/{current} "
            f"{_eq(pct_change(cur[0], current, base=Base.CURRENT), d)}%"
            + ("" if len(cur) == 1 else f" (every prior from {cur[0]} to {cur[-1]} does)")
        )
    else:
        body += "; no prior reproduces it on the current count"
    verdict = "consistent" if p_list else "inconsistent"
    if not p_list:
        k, n = solve_smallest_denominator(q, rounding=rounding)
        end = n - k if direction == "down" else n + k
        body += (
            f"; the smallest prior count that gives a {q.as_printed} change is {n} "
            f"({n} to {end}: {k}/{n} {_eq(_pct_of(k, n), d)}%)"
        )
        recomputed += f"; {small}"
    return ClaimCheck(recomputed, ";".join(reproduced), verdict, head + body)


@_refusal_is_a_verdict
def check_increment_claim(
    inputs: list[Printed], printed: Printed, direction: str, rounding: Rounding
) -> ClaimCheck:
    current, increment = (whole(f) for f in inputs)
    if current is None or increment is None:
        return ClaimCheck("", "", "not checkable", "the counts are not exact whole numbers")
    res = check_increment(
        current, increment, printed.quantity, direction=direction, rounding=rounding
    )
    return ClaimCheck.from_result(res, _shown(printed.quantity), unit="%")


@_refusal_is_a_verdict
def check_rate_claim(inputs: list[Printed], printed: Printed, rounding: Rounding) -> ClaimCheck:
    q = printed.quantity
    if not inputs:
        return _no_count(q, rounding, f"no numerator or denominator of {q.as_printed} is printed")
    small, small_text = _smallest_text(q, rounding)
    k = whole(inputs[0])
    if k is None:
        return ClaimCheck(small, "", "not checkable", "the numerator is not an exact whole number")
    dens = solve_denominators(q, k, rounding=rounding)
    d = _shown(q)
    if dens:
        shown = str(dens[0]) if len(dens) == 1 else f"{dens[0]}..{dens[-1]}"
        return ClaimCheck(
            f"denominators={shown}",
            ";".join(f"denominator={n}" for n in dens[:5]) + (";..." if len(dens) > 5 else ""),
            "consistent",
            f"printed {q.as_printed} ({_rounding_text(q, rounding)}) with numerator {k}: "
            f"{k}/{dens[0]} {_eq(_pct_of(k, dens[0]), d)}%"
            + ("" if len(dens) == 1 else f" (every denominator {dens[0]}..{dens[-1]} works)"),
        )
    return ClaimCheck(
        f"denominators=none; {small}",
        "",
        "inconsistent",
        f"printed {q.as_printed} with numerator {k}: no whole denominator gives it; {small_text}",
    )


@_refusal_is_a_verdict
def check_pp_change_claim(
    inputs: list[Printed], printed: Printed, direction: str, rounding: Rounding
) -> ClaimCheck:
    """A change in percentage points against the two percentages it compares (``before``,
    ``after``); with one percentage or none, not checkable, saying what is missing."""
    q = printed.quantity
    if len(inputs) < 2:
        head = f"{q.as_printed} is a change in percentage points (a difference of two percentages)"
        if not inputs:
            return ClaimCheck(
                "", "", "not checkable", f"{head}, and neither percentage is printed nearby"
            )
        one = inputs[0].quantity
        d = max(q.decimals, one.decimals)
        iv = printed_interval(q, rounding)
        sign = -1 if direction == "up" else 1
        other = sorted(_frac(one.value) + sign * e for e in (iv.lo, iv.hi) if e is not None)
        shown = " to ".join(f"{_fmt(v, d)}%" for v in other)
        return ClaimCheck(
            "",
            "",
            "not checkable",
            f"{head}, but only one percentage is printed nearby ({one.as_printed}); the one it "
            f"is compared with is not, so it cannot be checked; if {one.as_printed} is the value "
            f"after the change, the other is {shown}",
        )
    before, after = (f.quantity for f in inputs)
    res = check_pp_change(before, after, q, direction=direction, rounding=rounding)
    d = _shown(q)
    return ClaimCheck(
        f"difference={_fmt(res.difference, d)}; exact={res.exact.format(decimals=d)}",
        ";".join(r.value for r in res.reproduced_by),
        "consistent" if res.consistent else "inconsistent",
        res.explanation,
    )


@_refusal_is_a_verdict
def check_sum_claim(
    inputs: list[Printed],
    printed: Printed,
    reading: SumReading = SumReading.SUBSET,
    *,
    may_overlap: bool = False,
) -> ClaimCheck:
    """A printed total (``printed``) against its printed parts (``inputs``), read as all of it
    (``WHOLE``) or some of it (``SUBSET``). With ``may_overlap`` (parts printed as separate
    clauses, which may count the same things twice), parts that exceed the total are not
    checkable rather than inconsistent."""
    res = check_sum(printed.quantity, [f.quantity for f in inputs], reading=reading)
    total = res.printed_sum
    recomputed = "sum=" + (str(total) if total.denominator == 1 else _fmt(total, 2))
    if res.sum_range.lo != res.sum_range.hi:
        recomputed += f"; range={res.sum_range.format(decimals=2)}"
    if res.consistent:
        return ClaimCheck(recomputed, f"{res.reading.value}", "consistent", res.explanation)
    if res.exceeds and may_overlap and reading is SumReading.SUBSET:
        return ClaimCheck(
            recomputed,
            "",
            "not checkable",
            f"{res.explanation}; the parts are printed as separate clauses and may overlap "
            "(one group inside another), so a sum above the total is no error by itself",
        )
    return ClaimCheck(recomputed, "", "inconsistent", res.explanation)


def check_claim(
    kind: str, inputs: list[Printed], printed: Printed, direction: str, rounding: Rounding
) -> ClaimCheck:
    """Check a claim of any kind of :data:`wzdata.claims.checks.CLAIM_KINDS`.

    Parameters
    ----------
    kind : str
        ``fold``, ``pct_change``, ``increment``, ``rate``, ``pp_change`` or ``sum``.
    inputs : list of Printed
        The printed inputs, in the order the kind's check takes them (a ``sum``:
        the parts, read as some of the total).
    printed : Printed
        The printed derived value (a ``sum``: the total).
    direction : str
        ``down`` or ``up`` (used by a percentage change and an increment).
    rounding : Rounding
        How unqualified printed values were rounded.

    Returns
    -------
    ClaimCheck
    """
    kind = ClaimKind(kind)
    if kind is ClaimKind.FOLD:
        return check_fold_claim(inputs, printed, rounding)
    if kind is ClaimKind.RATE:
        return check_rate_claim(inputs, printed, rounding)
    if kind is ClaimKind.PCT_CHANGE:
        return check_pct_change_claim(inputs, printed, direction, rounding)
    if kind is ClaimKind.PP_CHANGE:
        return check_pp_change_claim(inputs, printed, direction, rounding)
    if kind is ClaimKind.SUM:
        return check_sum_claim(inputs, printed)
    return check_increment_claim(inputs, printed, direction, rounding)
