"""Check derived statements (folds, percentage changes, increments, rates, changes in
percentage points, sums of parts) against their inputs.

The functions work on any numbers, not only on this project's article. They
follow one naming pattern: a verb for one value (``check_fold``,
``bound_fold``, ``solve_prior``, ``check_increment``, ``solve_denominators``,
``solve_smallest_denominator``, ``check_pp_change``) and the same verb with
``_map`` for a table (one row per statement, columns named by arguments);
``check_sum`` takes a total and a list of parts.

Printed values are given as strings (``"21.5"``, ``"21.5倍"``, ``"7.6%"``,
``"近12倍"``) so that their precision is known: ``21.5`` is read to one
decimal, ``17`` to the units place. A printed value without a qualifier stands
for every exact value that rounds to it under the chosen :class:`Rounding`; a
value with a qualifier (近, 多, 余, 约, ...) stands for the interval that
:func:`wzdata.figures.parse` gives it (open at both ends for 多/余 and 近, closed
for 约). All arithmetic is exact (:class:`fractions.Fraction`), so a tie at a
rounding boundary is decided exactly.

A Chinese fold statement "从A下降到B, 下降了N倍" has no single reading; each
reading is a named :class:`FoldConvention`:

* ``RATIO``: A/B = N;
* ``MULTIPLE_OF_AFTER``: (A-B)/B = N (the fall is N times the final value);
* ``PERCENT_OF_BEFORE``: (A-B)/A = N (impossible for N >= 1).

The article's claims are keyed in ``data/raw/claims.csv`` (claim_id, kind,
figure_ids, printed, note) and checked by :func:`build_claims`; ``wzdata
audit`` prints the verdicts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from wzdata.figures import (
    FigureParseError,
    FoldConvention,
    Kind,
    Qualifier,
    Quantity,
    fold_of,
    parse,
    parse_number,
)
from wzdata.intervals import check_count

if TYPE_CHECKING:
    import pandas as pd


# --------------------------------------------------------------------------- enums


class Rounding(StrEnum):
    """How a printed value was rounded from the exact one.

    Attributes
    ----------
    HALF_UP
        四舍五入: ties away from zero.
    HALF_EVEN
        GB/T 8170 (四舍六入五成双): ties to the even last digit.
    TRUNCATE
        Digits beyond the printed ones dropped (towards zero).
    HALF_UP_OR_EVEN
        Either HALF_UP or HALF_EVEN, so that a tie is never flagged wrongly.
    """

    HALF_UP = "half_up"
    HALF_EVEN = "half_even"
    TRUNCATE = "truncate"
    HALF_UP_OR_EVEN = "half_up_or_even"


class Base(StrEnum):
    """The count a percentage change is computed on.

    Attributes
    ----------
    PRIOR
        The earlier value (the usual definition of 增幅/降幅).
    CURRENT
        The later value.
    """

    PRIOR = "prior_base"
    CURRENT = "current_base"


class ClaimKind(StrEnum):
    """What a derived statement derives.

    Attributes
    ----------
    FOLD
        A fold N倍 between two values.
    PCT_CHANGE
        A percentage change (增幅, 降幅, 同比).
    INCREMENT
        A printed absolute change with its percentage.
    RATE
        A share or rate (占, 率).
    PP_CHANGE
        A change in percentage points (提高3.2个百分点): the difference of two
        percentages, not a percentage change.
    SUM
        A total and its parts (120起,其中A起、B起): the parts add up to the total
        (or, when they may be only some of it, do not exceed it).
    """

    FOLD = "fold"
    PCT_CHANGE = "pct_change"
    INCREMENT = "increment"
    RATE = "rate"
    PP_CHANGE = "pp_change"
    SUM = "sum"


class Verdict(StrEnum):
    """The verdict of a check."""

    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    NOT_CHECKABLE = "not checkable"


#: Claim kinds, in order.
CLAIM_KINDS = tuple(k.value for k in ClaimKind)
#: Verdicts, in order.
VERDICTS = tuple(v.value for v in Verdict)


# --------------------------------------------------------------------------- printed values


@dataclass(frozen=True, slots=True)
class Interval:
    """A set of exact values ``lo..hi``; ``None`` is an infinite end.

    Attributes
    ----------
    lo, hi : Fraction or None
        Ends (``None``: minus or plus infinity).
    lo_closed, hi_closed : bool
        Whether each end belongs to the set.
    """

    lo: Fraction | None
    hi: Fraction | None
    lo_closed: bool = True
    hi_closed: bool = True

    def __contains__(self, x: object) -> bool:
        if not isinstance(x, int | Fraction):
            return False
        if self.lo is not None and (x < self.lo or (x == self.lo and not self.lo_closed)):
            return False
        return not (self.hi is not None and (x > self.hi or (x == self.hi and not self.hi_closed)))

    def is_empty(self) -> bool:
        """True when no value belongs to the interval."""
        if self.lo is None or self.hi is None:
            return False
        return self.lo > self.hi or (self.lo == self.hi and not (self.lo_closed and self.hi_closed))

    def minus(self, other: Interval) -> Interval:
        """The values ``x - y`` for ``x`` in this interval and ``y`` in ``other``."""
        lo = None if self.lo is None or other.hi is None else self.lo - other.hi
        hi = None if self.hi is None or other.lo is None else self.hi - other.lo
        return Interval(
            lo, hi, self.lo_closed and other.hi_closed, self.hi_closed and other.lo_closed
        )

    def plus(self, other: Interval) -> Interval:
        """The values ``x + y`` for ``x`` in this interval and ``y`` in ``other``."""
        lo = None if self.lo is None or other.lo is None else self.lo + other.lo
        hi = None if self.hi is None or other.hi is None else self.hi + other.hi
        return Interval(
            lo, hi, self.lo_closed and other.lo_closed, self.hi_closed and other.hi_closed
        )

    def meets(self, other: Interval) -> bool:
        """True when the two intervals share a value."""
        los = [(i.lo, i.lo_closed) for i in (self, other) if i.lo is not None]
        his = [(i.hi, i.hi_closed) for i in (self, other) if i.hi is not None]
        lo = max(los, key=lambda e: (e[0], not e[1])) if los else (None, True)
        hi = min(his, key=lambda e: (e[0], e[1])) if his else (None, True)
        return not Interval(lo[0], hi[0], lo[1], hi[1]).is_empty()

    def format(self, scale: int = 1, decimals: int = 2, suffix: str = "") -> str:
        """Readable form such as ``[1.50, 2.50)``, values multiplied by ``scale``."""
        lo = "-inf" if self.lo is None else _fmt(self.lo * scale, decimals) + suffix
        hi = "inf" if self.hi is None else _fmt(self.hi * scale, decimals) + suffix
        return f"{'[' if self.lo_closed else '('}{lo}, {hi}{']' if self.hi_closed else ')'}"


def _quantity(printed: str | Quantity | Decimal) -> Quantity:
    """Read a printed value: a figure (``21.5倍``, ``7.6%``) or a bare number (``21.5``)."""
    if isinstance(printed, Quantity):
        return printed
    if isinstance(printed, Decimal):
        printed = str(printed)
    if not isinstance(printed, str):
        raise TypeError(
            f"printed value {printed!r} is a {type(printed).__name__}: pass it as a string "
            "exactly as printed (e.g. '21.5'), so that its precision is known"
        )
    try:
        return parse(printed)
    except FigureParseError:
        pass
    text = printed.strip()
    negative = text.startswith(("-", "−"))
    value, decimals, step = parse_number(text[1:] if negative else text)  # may raise
    if negative:
        value = -value
    return Quantity(printed, value, value, value, "", Kind.AMOUNT, Qualifier.EXACT, decimals, step)


def _frac(x: Decimal | int) -> Fraction:
    return Fraction(x)


def round_fraction(x: Fraction | int, decimals: int, rounding: Rounding) -> Fraction:
    """Round an exact value to ``decimals`` places.

    Parameters
    ----------
    x : Fraction or int
        Exact value.
    decimals : int
        Places after the decimal point (0 for units).
    rounding : Rounding
        ``HALF_UP``, ``HALF_EVEN`` or ``TRUNCATE`` (``HALF_UP_OR_EVEN`` is two
        roundings: use :func:`check_rounding`).

    Returns
    -------
    Fraction
        The rounded value.
    """
    rounding = Rounding(rounding)
    if rounding is Rounding.HALF_UP_OR_EVEN:
        raise ValueError("HALF_UP_OR_EVEN gives two results: use check_rounding()")
    scale = Fraction(10) ** decimals
    y = Fraction(x) * scale
    sign = -1 if y < 0 else 1
    y = abs(y)
    q, r = divmod(y.numerator, y.denominator)
    if rounding is Rounding.TRUNCATE:
        n = q
    else:
        twice = 2 * r
        if twice > y.denominator or (
            twice == y.denominator and (rounding is Rounding.HALF_UP or q % 2 == 1)
        ):
            n = q + 1
        else:
            n = q
    return Fraction(sign * n) / scale


def _roundings(rounding: Rounding) -> tuple[Rounding, ...]:
    rounding = Rounding(rounding)
    if rounding is Rounding.HALF_UP_OR_EVEN:
        return (Rounding.HALF_UP, Rounding.HALF_EVEN)
    return (rounding,)


def printed_interval(
    printed: str | Quantity, rounding: Rounding = Rounding.HALF_UP_OR_EVEN
) -> Interval:
    """The exact values a printed value stands for.

    Parameters
    ----------
    printed : str or Quantity
        As printed (``"21.5"``, ``"21.5倍"``, ``"近12倍"``, ``"7.6%"``).
    rounding : Rounding
        How an unqualified value was rounded.

    Returns
    -------
    Interval
        For an unqualified value, every value that rounds to it at its printed
        precision (``"0.13"`` under half-up: ``[0.125, 0.135)``); for a
        qualified one, the bounds of :func:`wzdata.figures.parse` (``"9倍多"``:
        ``(9, 10)``, ``"近12倍"``: ``(11, 12)``, ``"约5"``: ``[4.5, 5.5]``).
    """
    q = _quantity(printed)
    lo, hi = _frac(q.lower) if q.lower.is_finite() else None, None
    if q.upper.is_finite():
        hi = _frac(q.upper)
    if q.qualifier in (Qualifier.MORE_THAN, Qualifier.NEARLY):
        return Interval(lo, hi, False, False)
    if q.qualifier is Qualifier.ABOUT:
        return Interval(lo, hi, True, True)
    if q.qualifier is Qualifier.AT_LEAST:
        return Interval(lo, None, True, False)
    if q.qualifier is Qualifier.LESS_THAN:
        return Interval(lo, hi, True, False)
    return _rounding_interval(_frac(q.value), q.decimals, rounding)


def _rounding_interval(p: Fraction, decimals: int, rounding: Rounding) -> Interval:
    step = Fraction(1, 10**decimals)
    half = step / 2
    parts = []
    for r in _roundings(rounding):
        if r is Rounding.TRUNCATE:
            if p > 0:
                parts.append(Interval(p, p + step, True, False))
            elif p < 0:
                parts.append(Interval(p - step, p, False, True))
            else:
                parts.append(Interval(-step, step, False, False))
        elif r is Rounding.HALF_UP:
            if p > 0:
                parts.append(Interval(p - half, p + half, True, False))
            elif p < 0:
                parts.append(Interval(p - half, p + half, False, True))
            else:
                parts.append(Interval(-half, half, False, False))
        else:
            even = (p / step).numerator % 2 == 0
            parts.append(Interval(p - half, p + half, even, even))
    return Interval(
        parts[0].lo,
        parts[0].hi,
        any(i.lo_closed for i in parts),
        any(i.hi_closed for i in parts),
    )


def check_rounding(
    x: Fraction | int, printed: str | Quantity, rounding: Rounding = Rounding.HALF_UP_OR_EVEN
) -> bool:
    """Whether an exact value reproduces a printed one.

    Parameters
    ----------
    x : Fraction or int
        Exact value, in the printed unit (a share of 0.076 is 7.6 in ``"7.6%"``).
    printed : str or Quantity
        As printed; its decimals give the precision, its qualifier the bounds.
    rounding : Rounding
        Rounding of an unqualified printed value.

    Returns
    -------
    bool

    Examples
    --------
    >>> from fractions import Fraction
    >>> check_rounding(Fraction(1, 8), "0.13", Rounding.HALF_UP)
    True
    >>> check_rounding(Fraction(1, 8), "0.13", Rounding.HALF_EVEN)
    False
    """
    q = _quantity(printed)
    if q.qualifier is not Qualifier.EXACT:
        return Fraction(x) in printed_interval(q, rounding)
    target = _frac(q.value)
    return any(round_fraction(x, q.decimals, r) == target for r in _roundings(rounding))


def _fmt(x: Fraction, decimals: int) -> str:
    """Decimal string of ``x`` rounded half-up to ``decimals`` places (for display)."""
    y = round_fraction(x, decimals, Rounding.HALF_UP)
    sign = "-" if y < 0 else ""
    y = abs(y)
    scaled = y * 10**decimals
    n = scaled.numerator // scaled.denominator
    s = str(n).rjust(decimals + 1, "0")
    return sign + (s[:-decimals] + "." + s[-decimals:] if decimals else s)


def _eq(x: Fraction, decimals: int) -> str:
    """``'= 21.50'`` when exact at ``decimals`` places, else ``'≈ 18.53'``."""
    exact = round_fraction(x, decimals, Rounding.HALF_UP) == x
    return f"{'=' if exact else '≈'} {_fmt(x, decimals)}"


def _shown(q: Quantity) -> int:
    """Decimals used to display values compared with ``q``: one more, at least two."""
    return max(2, q.decimals + 1)


def _number_text(q: Quantity) -> str:
    """The printed number with its qualifier but without its unit (``21.5``, ``近12``)."""
    return q.as_printed.replace("倍", "") if q.unit == "倍" else q.as_printed


def _rounding_text(q: Quantity, rounding: Rounding) -> str:
    if q.qualifier is not Qualifier.EXACT:
        return f"qualifier {q.qualifier.value.replace('_', ' ')}"
    places = f"{q.decimals} decimal{'s' if q.decimals != 1 else ''}" if q.decimals else "units"
    return f"rounded {Rounding(rounding).value.replace('_', '-')} to {places}"


# --------------------------------------------------------------------------- folds


def _check_counts(**counts: int) -> None:
    for name, n in counts.items():
        check_count(n, name)


#: A reading of a printed value: a fold convention or the base of a percentage.
_Reading = TypeVar("_Reading", FoldConvention, Base)


@dataclass(frozen=True, slots=True)
class ReadingsCheck(Generic[_Reading]):
    """A printed value recomputed under each of its readings (conventions or bases).

    Attributes
    ----------
    printed : str
        The printed value.
    values : dict
        Reading -> exact value (None when undefined).
    reproduced_by : tuple
        Readings whose value reproduces the printed one.
    explanation : str
        One line to redo the check by hand.
    """

    printed: str
    values: dict[_Reading, Fraction | None]
    reproduced_by: tuple[_Reading, ...]
    explanation: str

    #: The readings under which a reproduction makes the check consistent.
    consistent_under: ClassVar[frozenset[Any]] = frozenset()

    @property
    def consistent(self) -> bool:
        """True when a reading of :attr:`consistent_under` reproduces the printed value."""
        return any(r in self.consistent_under for r in self.reproduced_by)


@dataclass(frozen=True, slots=True)
class FoldCheck(ReadingsCheck[FoldConvention]):
    """Result of :func:`check_fold`: the fold under each :class:`FoldConvention`.

    Consistent when at least one convention reproduces the printed fold.

    Attributes
    ----------
    before, after : int
        The endpoints.
    """

    before: int
    after: int

    consistent_under: ClassVar[frozenset[Any]] = frozenset(FoldConvention)


def check_fold(
    before: int,
    after: int,
    printed: str | Quantity,
    *,
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
) -> FoldCheck:
    """Which fold conventions reproduce a printed "下降N倍" from ``before`` to ``after``.

    Parameters
    ----------
    before, after : int
        Counts at the start and at the end.
    printed : str or Quantity
        The printed fold, as a string (``"21.5"`` or ``"21.5倍"``).
    rounding : Rounding
        How the printed fold was rounded.

    Returns
    -------
    FoldCheck

    Examples
    --------
    >>> [c.value for c in check_fold(258, 12, "21.5倍").reproduced_by]
    ['ratio']
    """
    _check_counts(before=before, after=after)
    q = _quantity(printed)
    d = _shown(q)
    values = {c: fold_of(before, after, c) for c in FoldConvention}
    ok = tuple(c for c, v in values.items() if v is not None and check_rounding(v, q, rounding))
    parts = []
    for c, v in values.items():
        shown = "undefined" if v is None else _eq(v, d)
        verdict = "reproduces it" if c in ok else "does not"
        parts.append(f"{c.expression(before, after)} {shown} ({c.value}) {verdict}")
    explanation = f"printed {_number_text(q)} ({_rounding_text(q, rounding)}): " + "; ".join(parts)
    return FoldCheck(q.as_printed, values, ok, explanation, before=before, after=after)


def bound_fold(
    printed: str | Quantity, *, rounding: Rounding = Rounding.HALF_UP_OR_EVEN
) -> dict[FoldConvention, Interval | None]:
    """The fall (share of the start, 0..1) a "下降N倍" implies under each convention.

    For a fold printed without its endpoints (``"9倍多"``, ``"近12倍"``).

    Parameters
    ----------
    printed : str or Quantity
        The printed fold; a qualifier gives its bounds (``9倍多``: (9, 10)); an
        unqualified value stands for what rounds to it (``2倍``: [1.5, 2.5]).
    rounding : Rounding
        How an unqualified fold was rounded.

    Returns
    -------
    dict
        FoldConvention -> Interval of the fall (before-after)/before, or
        ``None`` when the convention cannot give the printed fold (a fall of
        more than 100%).

    Examples
    --------
    >>> r = bound_fold("9倍多")[FoldConvention.RATIO]
    >>> (r.lo, r.hi)
    (Fraction(8, 9), Fraction(9, 10))
    """
    iv = printed_interval(printed, rounding)
    if iv.hi is not None and iv.hi < 0:
        raise ValueError(f"fold {_quantity(printed).as_printed!r}: a fold cannot be negative")
    if iv.lo is None or iv.lo < 0:  # e.g. "0" rounded: only the non-negative part
        iv = Interval(Fraction(0), iv.hi, True, iv.hi_closed)
    out: dict[FoldConvention, Interval | None] = {}
    # RATIO: fall = 1 - 1/N, increasing in N; N must exceed 0 (N < 1 is a rise).
    if iv.lo == 0 and iv.lo_closed:
        out[FoldConvention.RATIO] = None
    else:
        out[FoldConvention.RATIO] = Interval(
            1 - 1 / iv.lo if iv.lo else None,
            1 - 1 / iv.hi if iv.hi is not None else Fraction(1),
            iv.lo_closed,
            iv.hi_closed and iv.hi is not None,
        )
    # MULTIPLE_OF_AFTER: fall = N/(N+1), increasing in N.
    out[FoldConvention.MULTIPLE_OF_AFTER] = Interval(
        iv.lo / (iv.lo + 1),
        iv.hi / (iv.hi + 1) if iv.hi is not None else Fraction(1),
        iv.lo_closed,
        iv.hi_closed and iv.hi is not None,
    )
    # PERCENT_OF_BEFORE: fall = N, possible only up to 1 (after = 0).
    hi, hi_closed = iv.hi, iv.hi_closed
    if hi is None or hi > 1:
        hi, hi_closed = Fraction(1), True
    pob = Interval(iv.lo, hi, iv.lo_closed, hi_closed)
    out[FoldConvention.PERCENT_OF_BEFORE] = None if pob.is_empty() else pob
    return out


def _bound_fold_text(q: Quantity, bounds: dict[FoldConvention, Interval | None]) -> str:
    parts = []
    for c, iv in bounds.items():
        if iv is None:
            parts.append(f"{c.value}=impossible")
        else:
            parts.append(f"{c.value}={iv.format(scale=100, suffix='%')}")
    return "; ".join(parts)


def _bound_fold_explanation(
    q: Quantity, bounds: dict[FoldConvention, Interval | None], rounding: Rounding
) -> str:
    iv = printed_interval(q, rounding)
    exact = q.qualifier is Qualifier.EXACT
    n_text = iv.format(decimals=q.decimals + 1 if exact else q.decimals)
    head = (
        f"{q.as_printed} is a fold in {n_text} ({_rounding_text(q, rounding)}) "
        "with no endpoints printed, so it cannot be checked; the fall it implies is"
    )
    n = _frac(q.value)
    point = {
        FoldConvention.RATIO: 1 - 1 / n if n else None,
        FoldConvention.MULTIPLE_OF_AFTER: n / (n + 1),
        FoldConvention.PERCENT_OF_BEFORE: n if n <= 1 else None,
    }
    parts = []
    for c, b in bounds.items():
        if b is None:
            parts.append(f"as {c.formula} ({c.value}) over 100%, impossible")
            continue
        text = f"as {c.formula} ({c.value}) {b.format(100, 2, '%')}"
        v = point[c]
        if exact and v is not None:
            text += f", {_eq(100 * v, 2)}% if exactly {q.value}"
        parts.append(text)
    return head + " " + "; ".join(parts)


# --------------------------------------------------------------------------- percentage changes


def _pct_of(num: int, den: int) -> Fraction:
    return Fraction(100 * num, den)


def pct_change(prior: int, current: int, *, base: Base = Base.PRIOR) -> Fraction:
    """Size of the change from ``prior`` to ``current`` in percent of the base, unsigned."""
    den = prior if Base(base) is Base.PRIOR else current
    if den == 0:
        raise ZeroDivisionError(f"the {Base(base).value} is 0: no percentage change")
    return _pct_of(abs(current - prior), den)


def check_pct_change(
    prior: int,
    current: int,
    printed: str | Quantity,
    *,
    base: Base = Base.PRIOR,
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
) -> bool:
    """Whether a change from ``prior`` to ``current`` reproduces a printed percentage.

    The direction is not checked here (the printed value is the size of the
    change); ``base`` names the count the percentage is taken on.

    Examples
    --------
    >>> check_pct_change(126, 86, "31.7%")
    True
    >>> check_pct_change(125, 86, "31.7%")
    False
    """
    _check_counts(prior=prior, current=current)
    return check_rounding(pct_change(prior, current, base=base), printed, rounding)


def solve_prior(
    current: int,
    printed: str | Quantity,
    *,
    direction: str = "down",
    base: Base = Base.PRIOR,
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
    max_answers: int = 100_000,
) -> list[int]:
    """Every whole prior count that turns into ``current`` with the printed percentage change.

    Parameters
    ----------
    current : int
        The later count.
    printed : str or Quantity
        Printed size of the change in percent (``"45.9%"`` or ``"45.9"``).
    direction : {"down", "up"}
        Which way the count moved.
    base : Base
        What the percentage is computed on (``PRIOR``: the earlier count, the
        usual definition; ``CURRENT``: the later one).
    rounding : Rounding
        How the percentage was rounded.
    max_answers : int
        Refuse to list more answers than this.

    Returns
    -------
    list of int
        Ascending; empty when no whole number reproduces the percentage.

    Raises
    ------
    ValueError
        When the answers are unbounded (e.g. a fall of 100% to 0) or too many.

    Examples
    --------
    >>> solve_prior(351, "45.9%")
    [649]
    """
    _check_counts(current=current)
    if direction not in ("down", "up"):
        raise ValueError(f"direction={direction!r}: use 'down' or 'up'")
    q = _quantity(printed)
    iv = printed_interval(q, rounding)
    sign = -1 if direction == "down" else 1
    base = Base(base)
    # prior = current - sign * m * B / 100 with B = prior (PRIOR) or current (CURRENT).
    if base is Base.PRIOR:
        # m = 100*|c-p|/p  ->  p = 100c / (100 + sign*m), decreasing in sign*m.
        def prior_at(m: Fraction | None) -> Fraction | None:
            if m is None:
                return None
            den = 100 + sign * m
            return Fraction(100 * current) / den if den > 0 else None

        ends = [prior_at(iv.lo), prior_at(iv.hi)]
        if current == 0:
            if direction == "down" and Fraction(100) in iv:
                raise ValueError(
                    f"a fall of {q.as_printed} to 0 fits every prior: nothing to solve"
                )
            return []
    else:
        # m = 100*|c-p|/c  ->  p = c + sign*m*c/100, increasing in sign*m.
        if current == 0:
            raise ValueError("a percentage of a current count of 0 is undefined")

        def prior_at(m: Fraction | None) -> Fraction | None:
            return None if m is None else current - sign * m * current / 100

        ends = [prior_at(iv.lo), prior_at(iv.hi)]
    finite = [e for e in ends if e is not None]
    unbounded = len(finite) < 2
    if unbounded:
        raise ValueError(
            f"{q.as_printed} {direction} from an unknown prior to {current} is unbounded "
            f"on the {base.value}: give a bounded percentage"
        )
    lo_p = max(1, math.ceil(min(finite)))
    hi_p = math.floor(max(finite))
    if hi_p - lo_p + 1 > max_answers:
        raise ValueError(
            f"{hi_p - lo_p + 1} candidate priors for {q.as_printed}: raise max_answers"
        )
    out = []
    for p in range(lo_p, hi_p + 1):
        if (direction == "down" and p < current) or (direction == "up" and p > current):
            continue
        if base is Base.CURRENT and current == 0:
            continue
        if pct_change(p, current, base=base) in iv:
            out.append(p)
    return out


@dataclass(frozen=True, slots=True)
class IncrementCheck(ReadingsCheck[Base]):
    """Result of :func:`check_increment`: the percentage on each :class:`Base`.

    Consistent when the prior-year base (the usual definition) reproduces it.

    Attributes
    ----------
    current, increment : int
        The later count and the printed absolute change.
    """

    current: int
    increment: int

    consistent_under: ClassVar[frozenset[Any]] = frozenset({Base.PRIOR})


def check_increment(
    current: int,
    increment: int,
    printed: str | Quantity,
    *,
    direction: str = "up",
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
) -> IncrementCheck:
    """Whether a printed increment and a printed percentage agree on the base.

    Parameters
    ----------
    current : int
        The later count.
    increment : int
        The printed size of the change (``同比增加591人`` -> 591).
    printed : str or Quantity
        The printed percentage (``"7.6%"``).
    direction : {"up", "down"}
        Which way the count moved (prior = current - increment when up).
    rounding : Rounding
        How the percentage was rounded.

    Returns
    -------
    IncrementCheck
        Percentages on the prior count and on the current count, and which
        reproduce the printed one.

    Examples
    --------
    >>> [b.value for b in check_increment(7792, 591, "7.6%").reproduced_by]
    ['current_base']
    """
    _check_counts(current=current, increment=increment)
    if direction not in ("down", "up"):
        raise ValueError(f"direction={direction!r}: use 'down' or 'up'")
    prior = current - increment if direction == "up" else current + increment
    if prior <= 0 or current == 0:
        raise ValueError(
            f"current={current}, increment={increment} ({direction}): the prior would be "
            f"{prior}; a percentage needs positive counts"
        )
    q = _quantity(printed)
    d = _shown(q)
    values = {Base.PRIOR: _pct_of(increment, prior), Base.CURRENT: _pct_of(increment, current)}
    ok = tuple(b for b, v in values.items() if check_rounding(v, q, rounding))
    op = "-" if direction == "up" else "+"
    prior_expr = f"{increment}/({current}{op}{increment}) = {increment}/{prior}"
    explanation = (
        f"printed {q.as_printed} ({_rounding_text(q, rounding)}): "
        f"{prior_expr} {_eq(values[Base.PRIOR], d)}% on the prior count "
        f"({Base.PRIOR.value}) {'reproduces it' if Base.PRIOR in ok else 'does not'}; "
        f"{increment}/{current} {_eq(values[Base.CURRENT], d)}% on the current count "
        f"({Base.CURRENT.value}) {'reproduces it' if Base.CURRENT in ok else 'does not'}"
    )
    return IncrementCheck(
        q.as_printed, values, ok, explanation, current=current, increment=increment
    )


# --------------------------------------------------------------------------- rates


def solve_denominators(
    printed: str | Quantity,
    numerator: int,
    *,
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
    max_answers: int = 100_000,
) -> list[int]:
    """Every whole denominator ``n`` with ``100*numerator/n`` reproducing a printed rate.

    Parameters
    ----------
    printed : str or Quantity
        The printed rate in percent (``"91.87%"``).
    numerator : int
        The count the rate is a share of.
    rounding : Rounding
        How the rate was rounded.
    max_answers : int
        Refuse to list more answers than this.

    Returns
    -------
    list of int
        Ascending; empty when none reproduces the rate.

    Raises
    ------
    ValueError
        When the denominators are unbounded (a rate that may be 0).

    Examples
    --------
    >>> solve_denominators("50%", 3)
    [6]
    """
    _check_counts(numerator=numerator)
    q = _quantity(printed)
    iv = printed_interval(q, rounding)
    if iv.lo is None or iv.lo <= 0:
        if numerator == 0 and Fraction(0) in iv:
            raise ValueError(f"a numerator of 0 gives {q.as_printed} for every denominator")
        if numerator > 0 and (iv.lo is None or iv.lo <= 0):
            raise ValueError(f"{q.as_printed} may be 0 or less, so its denominators are unbounded")
    if numerator == 0:
        return []
    lo_n = max(1, math.ceil(Fraction(100 * numerator) / iv.hi)) if iv.hi else 1
    hi_n = math.floor(Fraction(100 * numerator) / iv.lo)
    if hi_n - lo_n + 1 > max_answers:
        raise ValueError(
            f"{hi_n - lo_n + 1} candidate denominators for {q.as_printed}: raise max_answers"
        )
    return [n for n in range(lo_n, hi_n + 1) if _pct_of(numerator, n) in iv]


def solve_smallest_denominator(
    printed: str | Quantity,
    *,
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
) -> tuple[int, int]:
    """The smallest count ``n`` (with some ``k``) such that ``100*k/n`` reproduces a printed rate.

    Parameters
    ----------
    printed : str or Quantity
        The printed rate in percent (``"77.8%"``).
    rounding : Rounding
        How the rate was rounded.

    Returns
    -------
    (k, n) : tuple of int
        The numerator and the smallest denominator (``"77.8%"`` -> ``(7, 9)``).

    Raises
    ------
    ValueError
        When the rate is negative.
    """
    q = _quantity(printed)
    iv = printed_interval(q, rounding)
    if iv.hi is not None and iv.hi < 0:
        raise ValueError(f"{q.as_printed}: a rate cannot be negative")
    # For each n, the least k with 100k/n at or above the lower end is the only one to try
    # against the upper end; whole-number cross-multiplication keeps it exact and fast.
    lo_num, lo_den = (iv.lo.numerator, 100 * iv.lo.denominator) if iv.lo is not None else (0, 1)
    hi_num, hi_den = (iv.hi.numerator, iv.hi.denominator) if iv.hi is not None else (0, 1)
    n = 0
    while True:
        n += 1
        k = 0
        if iv.lo is not None:
            k = -(-lo_num * n // lo_den)
            if k * lo_den == lo_num * n and not iv.lo_closed:
                k += 1
            k = max(k, 0)
        if iv.hi is None:
            return k, n
        left, right = 100 * k * hi_den, hi_num * n
        if left < right or (left == right and iv.hi_closed):
            return k, n


# --------------------------------------------------------------------------- percentage points

_POINTS_WORDS = re.compile(r"[个個]|百分[点點]")
_CN_NUMERAL = re.compile(
    r"^(\D*?)([零〇一二两兩三四五六七八九十][零〇一二两兩三四五六七八九十百点點]*)(.*)$"
)


def points_quantity(printed: str | Quantity) -> Quantity:
    """Read a printed change in percentage points as a value in percent.

    Parameters
    ----------
    printed : str or Quantity
        As printed (``"3.2个百分点"``, ``"近3个百分点"``, ``"三个百分点"``, ``"3.2"``).

    Returns
    -------
    Quantity
        Its value, bounds and precision, read as those of a percentage, with the
        printed text kept and the unit ``百分点``.

    Examples
    --------
    >>> q = points_quantity("3.2个百分点")
    >>> (q.value, q.decimals, q.unit)
    (Decimal('3.2'), 1, '百分点')
    """
    if isinstance(printed, Quantity):
        return printed
    text = str(printed).strip()
    core = _POINTS_WORDS.sub("", text)
    tries = [core + "%"]
    if (m := _CN_NUMERAL.match(core)) and not any(ch.isdigit() for ch in core):
        tries.append(f"{m.group(1)}百分之{m.group(2)}{m.group(3)}")
    for t in tries:
        try:
            q = parse(t)
        except FigureParseError:
            continue
        return q._replace(as_printed=text, unit="百分点")
    raise FigureParseError(text, "not a change in percentage points (N个百分点)")


class PointsReading(StrEnum):
    """How a change in percentage points is recomputed from the two percentages it compares.

    Attributes
    ----------
    PRINTED_DIFFERENCE
        The difference of the two percentages as printed (already rounded).
    EXACT_DIFFERENCE
        The difference of the exact percentages, each anywhere in the values its
        printed form stands for (:func:`printed_interval`).
    """

    PRINTED_DIFFERENCE = "printed_difference"
    EXACT_DIFFERENCE = "exact_difference"


@dataclass(frozen=True, slots=True)
class PointsCheck:
    """Result of :func:`check_pp_change`.

    Attributes
    ----------
    before, after, printed : str
        The two percentages and the printed change in percentage points.
    direction : str
        ``up`` or ``down``: the change is ``after - before`` (up) or ``before - after``.
    difference : Fraction
        The change computed from the printed percentages, in the printed direction.
    exact : Interval
        Every value the change can take when each percentage is anywhere its printed
        form stands for: the difference of two intervals.
    target : Interval
        The values the printed change stands for.
    relative : Fraction or None
        The percentage change ``100 * (after - before) / before`` of the same two
        figures, which a change in percentage points is not (None when ``before`` is 0).
    reproduced_by : tuple of PointsReading
        The readings that give the printed change.
    explanation : str
        One line to redo the check by hand.
    """

    before: str
    after: str
    printed: str
    direction: str
    difference: Fraction
    exact: Interval
    target: Interval
    relative: Fraction | None
    reproduced_by: tuple[PointsReading, ...]
    explanation: str

    @property
    def consistent(self) -> bool:
        """True when some reading reproduces the printed change."""
        return bool(self.reproduced_by)


def check_pp_change(
    before: str | Quantity,
    after: str | Quantity,
    printed: str | Quantity,
    *,
    direction: str = "",
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
) -> PointsCheck:
    """Whether a printed change in percentage points is the difference of two percentages.

    A change of N percentage points (提高N个百分点) is ``after - before`` of two
    percentages, not a percentage change ``(after - before) / before``. Each
    printed percentage stands for an interval (:func:`printed_interval`: its
    rounding at its printed decimals, or its qualifier's bounds), so their exact
    difference lies in the difference of the two intervals: for two percentages
    rounded to ``d1`` and ``d2`` decimals, within ``±(0.5·10^-d1 + 0.5·10^-d2)``
    of the difference of the printed values (``±0.1`` for two values at one
    decimal). The printed change is consistent when the printed difference
    rounds to it, or when that interval meets the values it stands for.

    Parameters
    ----------
    before, after : str or Quantity
        The earlier and the later percentage, as printed (``"45.2%"``).
    printed : str or Quantity
        The printed change (``"3.2个百分点"`` or ``"3.2"``).
    direction : {"up", "down", ""}
        The printed direction; ``""`` takes the way the percentages move.
    rounding : Rounding
        How unqualified printed values were rounded.

    Returns
    -------
    PointsCheck

    Examples
    --------
    >>> r = check_pp_change("45.2%", "48.4%", "3.2个百分点", direction="up")
    >>> [k.value for k in r.reproduced_by], r.exact.format(decimals=2)
    (['printed_difference', 'exact_difference'], '[3.10, 3.30]')
    """
    qa, qb, qp = _quantity(before), _quantity(after), points_quantity(printed)
    if direction not in ("up", "down", ""):
        raise ValueError(f"direction={direction!r}: use 'up', 'down' or ''")
    ia, ib = printed_interval(qa, rounding), printed_interval(qb, rounding)
    a, b = _frac(qa.value), _frac(qb.value)
    moved = "down" if b < a else "up"
    direction = direction or moved
    up = direction == "up"
    diff = b - a if up else a - b
    exact = ib.minus(ia) if up else ia.minus(ib)
    target = printed_interval(qp, rounding)
    ok = []
    if check_rounding(diff, qp, rounding):
        ok.append(PointsReading.PRINTED_DIFFERENCE)
    if exact.meets(target):
        ok.append(PointsReading.EXACT_DIFFERENCE)
    d = max(_shown(qa), _shown(qb), _shown(qp))
    relative = Fraction(100) * (b - a) / a if a else None
    pa, pb = qa.as_printed, qb.as_printed
    first, second = (pb, pa) if up else (pa, pb)
    expl = (
        f"a change in percentage points (a difference of two percentages), not a percentage "
        f"change: {first} - {second} {_eq(diff, d)} points against the printed "
        f"{qp.as_printed} ({_rounding_text(qp, rounding)}: {target.format(decimals=d)}), which "
        f"{'reproduces it' if PointsReading.PRINTED_DIFFERENCE in ok else 'does not'}; "
        f"with {pa} in {ia.format(decimals=d)} and {pb} in {ib.format(decimals=d)}, the exact "
        f"difference lies in {exact.format(decimals=d)}, which "
        f"{'meets' if PointsReading.EXACT_DIFFERENCE in ok else 'misses'} it"
    )
    if relative is not None:
        expl += (
            f"; as a percentage change the same figures would be "
            f"({_number_text(qb)}-{_number_text(qa)})/{_number_text(qa)} {_eq(relative, d)}%"
        )
    if moved != direction and a != b:
        expl += f"; but the percentages move {moved}, not {direction}"
    return PointsCheck(
        pa, pb, qp.as_printed, direction, diff, exact, target, relative, tuple(ok), expl
    )


# --------------------------------------------------------------------------- sums


class SumReading(StrEnum):
    """What the parts of a breakdown (其中A起、B起) are taken to be.

    Attributes
    ----------
    WHOLE
        All of the total (the last part is 其他/其余...): they add up to it.
    SUBSET
        Some of the total, not necessarily all: their sum does not exceed it.
    """

    WHOLE = "whole"
    SUBSET = "subset"


def level_interval(printed: str | Quantity) -> Interval:
    """The exact values a printed level (a count, a weight) stands for.

    A whole number printed in full is itself; a value with decimals or rounded
    to 万/亿 stands for half a step either side (closed, whichever the rounding);
    a qualifier (多, 余, 近, 约, 以上) gives the bounds of :func:`printed_interval`.

    Examples
    --------
    >>> level_interval("120起").format(decimals=0), level_interval("1200余人").format(decimals=0)
    ('[120, 120]', '(1200, 1300)')
    """
    q = _quantity(printed)
    if q.qualifier is not Qualifier.EXACT:
        return printed_interval(q)
    v = _frac(q.value)
    magnitude = q.step > 1 and any(w in q.as_printed for w in "万亿萬億")
    if not magnitude and v == v.numerator and not q.decimals:
        return Interval(v, v)
    half = Fraction(q.step) / 2 if magnitude else Fraction(1, 2 * 10**q.decimals)
    return Interval(v - half, v + half)


@dataclass(frozen=True, slots=True)
class SumCheck:
    """Result of :func:`check_sum`.

    Attributes
    ----------
    total : str
        The printed total.
    parts : tuple of str
        The printed parts.
    reading : SumReading
        What the parts were taken to be.
    printed_sum : Fraction
        The sum of the printed parts.
    sum_range, total_range : Interval
        The values the sum of the parts and the total can take (from
        :func:`level_interval`: a point for exact whole counts).
    consistent : bool
        The parts add up to the total (``WHOLE``: the two ranges meet) or do not
        exceed it (``SUBSET``: the least sum is at most the greatest total).
    exceeds : bool
        The parts add up to more than the total whatever their bounds.
    explanation : str
        One line to redo the check by hand.
    """

    total: str
    parts: tuple[str, ...]
    reading: SumReading
    printed_sum: Fraction
    sum_range: Interval
    total_range: Interval
    consistent: bool
    exceeds: bool
    explanation: str


def _num(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else _fmt(x, 2)


def check_sum(
    total: str | Quantity,
    parts: Iterable[str | Quantity],
    *,
    reading: SumReading = SumReading.SUBSET,
) -> SumCheck:
    """Whether the printed parts of a breakdown add up to (or fit in) its printed total.

    Parameters
    ----------
    total : str or Quantity
        The printed total (``"120起"``).
    parts : iterable of str or Quantity
        The printed parts, in the total's unit (``["80起", "40起"]``).
    reading : SumReading
        ``WHOLE`` when the parts are all of the total; ``SUBSET`` (the cautious
        default) when they may be only some of it.

    Returns
    -------
    SumCheck
        Exact whole counts are added exactly; a qualifier (多, 余, 近, 约) or a
        rounded value gives bounds, and the check is on the ranges.

    Examples
    --------
    >>> check_sum("120起", ["80起", "40起"], reading=SumReading.WHOLE).consistent
    True
    >>> check_sum("120起", ["80起", "50起"]).exceeds
    True
    """
    reading = SumReading(reading)
    qt, qs = _quantity(total), [_quantity(p) for p in parts]
    if len(qs) < 2:
        raise ValueError(f"a sum needs two parts or more, got {len(qs)}")
    trange = level_interval(qt)
    ranges = [level_interval(q) for q in qs]
    srange = ranges[0]
    for r in ranges[1:]:
        srange = srange.plus(r)
    psum = sum((_frac(q.value) for q in qs), Fraction(0))
    exceeds = not srange.meets(Interval(None, trange.hi, True, trange.hi_closed))
    consistent = srange.meets(trange) if reading is SumReading.WHOLE else not exceeds
    points = all(r.lo == r.hi for r in [*ranges, trange])
    added = " + ".join(_number_text(q) for q in qs)
    if points:
        rel = "=" if psum == trange.lo else ("<" if psum < trange.lo else ">")  # type: ignore[operator]
        body = f"{added} = {_num(psum)} {rel} {_number_text(qt)}, the total"
    else:
        body = (
            f"{added} = {_num(psum)} as printed; with each value's bounds the parts add up to "
            f"{srange.format(decimals=2)} and the total is {trange.format(decimals=2)}"
        )
    if reading is SumReading.WHOLE:
        head = (
            "read as the whole breakdown (the parts are all of the total, so they add up to it): "
        )
        tail = "they add up" if consistent else "they do not add up"
    else:
        head = (
            "read as some of the total, not necessarily all (nothing marks the parts as the "
            "whole breakdown, so the check is only that they do not exceed it): "
        )
        tail = (
            "they exceed the total (unless they overlap, one group inside another)"
            if exceeds
            else "they do not exceed the total"
        )
    return SumCheck(
        qt.as_printed,
        tuple(q.as_printed for q in qs),
        reading,
        psum,
        srange,
        trange,
        consistent,
        exceeds,
        f"{head}{body}; {tail}",
    )


# --------------------------------------------------------------------------- table versions


def _col(data: pd.DataFrame, name: str) -> list[Any]:
    if name not in data.columns:
        raise KeyError(f"column {name!r} not in the table (columns: {list(data.columns)})")
    return data[name].tolist()


def _ints(data: pd.DataFrame, name: str) -> list[int]:
    out = []
    for i, v in enumerate(_col(data, name)):
        try:
            n = int(v)
        except (TypeError, ValueError):
            raise ValueError(f"row {i}, column {name!r}: {v!r} is not a whole number") from None
        if n != v and str(n) != str(v).strip():
            raise ValueError(f"row {i}, column {name!r}: {v!r} is not a whole number")
        out.append(n)
    return out


def _printed_col(data: pd.DataFrame, name: str) -> list[str]:
    out = []
    for i, v in enumerate(_col(data, name)):
        if not isinstance(v, str):
            raise TypeError(
                f"row {i}, column {name!r}: {v!r} is not a string; read the table with "
                "dtype=str so the printed precision is kept"
            )
        out.append(v)
    return out


_READERS = {"int": _ints, "printed": _printed_col}


def _map_verb(
    func: Any,
    inputs: dict[str, str],
    outputs: Any,
    returns: str,
    *,
    directions: dict[str, str] | None = None,
    options: dict[str, Any] | None = None,
) -> Any:
    """Make the table verb ``<func>_map`` of a one-value check.

    Parameters
    ----------
    func : callable
        The check for one value (``check_fold``, ...).
    inputs : dict
        Argument of ``func`` -> ``"int"`` (a whole count) or ``"printed"`` (a
        printed value, kept as a string); each is read from the column of the
        same name unless the caller names another.
    outputs : callable
        ``results -> {column: values}``: the columns added to the copy.
    returns : str
        What the added columns are, for the docstring.
    directions : dict, optional
        Argument -> default value; the caller passes a column name or a value.
    options : dict, optional
        Keyword options passed through (``rounding``, ``base``) with defaults.
    """
    import inspect

    directions, options = directions or {}, options or {}

    def verb(data: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
        unknown = set(kwargs) - set(inputs) - set(directions) - set(options)
        if unknown:
            raise TypeError(f"{verb.__name__}() got unexpected arguments {sorted(unknown)}")
        columns = {a: [_READERS[r](data, kwargs.get(a, a))] for a, r in inputs.items()}
        for a, default in directions.items():
            d = kwargs.get(a, default)
            columns[a] = [_col(data, d) if d in data.columns else [d] * len(data)]
        opts = {k: kwargs.get(k, v) for k, v in options.items()}
        names = list(columns)
        rows = zip(*(columns[n][0] for n in names), strict=True)
        results = [func(**dict(zip(names, row, strict=True)), **opts) for row in rows]
        out = data.copy()
        for col, values in outputs(results).items():
            out[col] = values
        return out

    params = [inspect.Parameter("data", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    kw = inspect.Parameter.KEYWORD_ONLY
    params += [inspect.Parameter(a, kw, default=a) for a in inputs]
    params += [inspect.Parameter(a, kw, default=d) for a, d in directions.items()]
    params += [inspect.Parameter(k, kw, default=v) for k, v in options.items()]
    verb.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    verb.__name__ = verb.__qualname__ = f"{func.__name__}_map"
    cols = ", ".join(f"``{a}``" for a in [*inputs, *directions])
    verb.__doc__ = (
        f":func:`{func.__name__}` for every row of a table.\n\n"
        f"Columns {cols} are read from the columns of those names unless others are "
        "named (a direction may also be given as a value).\n\n"
        f"Returns\n-------\nDataFrame\n    A copy with {returns}.\n"
    )
    return verb


_ROUNDING = {"rounding": Rounding.HALF_UP_OR_EVEN}


_Columns = Callable[[list[Any]], dict[str, list[Any]]]


def _readings(
    readings: Iterable[_Reading], shown: str, consistency: str = ""
) -> tuple[_Columns, str]:
    """The columns of a verb returning a :class:`ReadingsCheck`, and their description."""

    def columns(results: list[ReadingsCheck[_Reading]]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {
            k.value: [None if (v := r.values[k]) is None else float(v) for r in results]
            for k in readings
        }
        out["reproduced_by"] = [";".join(k.value for k in r.reproduced_by) for r in results]
        out["consistency"] = [r.consistent for r in results]
        return out

    return columns, (
        f"{shown}, ``reproduced_by`` (``;``-separated) and ``consistency`` "
        f"(bool{': ' + consistency if consistency else ''})"
    )


def _answers(column: str) -> tuple[_Columns, str]:
    """The columns of a verb listing every whole answer, and their description."""

    def columns(results: list[list[int]]) -> dict[str, list[Any]]:
        return {
            column: [";".join(map(str, r)) for r in results],
            "consistency": [bool(r) for r in results],
        }

    return columns, f"``{column}`` (``;``-separated) and ``consistency`` (bool)"


def _bound_columns(results: list[dict[FoldConvention, Interval | None]]) -> dict[str, list]:
    def end(iv: Interval | None, which: str) -> float:
        v = None if iv is None else getattr(iv, which)
        return math.nan if v is None else float(v)

    out: dict[str, list[Any]] = {}
    for c in FoldConvention:
        out[f"{c.value}_lo"] = [end(r[c], "lo") for r in results]
        out[f"{c.value}_hi"] = [end(r[c], "hi") for r in results]
    return out


check_fold_map = _map_verb(
    check_fold,
    {"before": "int", "after": "int", "printed": "printed"},
    *_readings(FoldConvention, "one column per convention (value as float)"),
    options=_ROUNDING,
)
bound_fold_map = _map_verb(
    bound_fold,
    {"printed": "printed"},
    _bound_columns,
    "``<convention>_lo`` and ``<convention>_hi`` (fall as a share, float; NaN when impossible)",
    options=_ROUNDING,
)
solve_prior_map = _map_verb(
    solve_prior,
    {"current": "int", "printed": "printed"},
    *_answers("priors"),
    directions={"direction": "down"},
    options={"base": Base.PRIOR, **_ROUNDING},
)
check_increment_map = _map_verb(
    check_increment,
    {"current": "int", "increment": "int", "printed": "printed"},
    *_readings(
        Base, "``prior_base`` and ``current_base`` (percent, float)", "the prior base reproduces"
    ),
    directions={"direction": "up"},
    options=_ROUNDING,
)
solve_denominators_map = _map_verb(
    solve_denominators,
    {"printed": "printed", "numerator": "int"},
    *_answers("denominators"),
    options=_ROUNDING,
)
solve_smallest_denominator_map = _map_verb(
    solve_smallest_denominator,
    {"printed": "printed"},
    lambda rs: {
        "smallest_numerator": [k for k, _ in rs],
        "smallest_denominator": [n for _, n in rs],
    },
    "``smallest_numerator`` and ``smallest_denominator``",
    options=_ROUNDING,
)
check_pp_change_map = _map_verb(
    check_pp_change,
    {"before": "printed", "after": "printed", "printed": "printed"},
    lambda rs: {
        "difference": [float(r.difference) for r in rs],
        "exact_lo": [math.nan if r.exact.lo is None else float(r.exact.lo) for r in rs],
        "exact_hi": [math.nan if r.exact.hi is None else float(r.exact.hi) for r in rs],
        "reproduced_by": [";".join(k.value for k in r.reproduced_by) for r in rs],
        "consistency": [r.consistent for r in rs],
    },
    "``difference`` (from the printed percentages), ``exact_lo`` and ``exact_hi`` (the "
    "difference of the exact ones), ``reproduced_by`` (``;``-separated) and ``consistency`` (bool)",
    directions={"direction": ""},
    options=_ROUNDING,
)
