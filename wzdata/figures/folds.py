"""The named readings of a printed fold "下降N倍": the one table of them.

Chinese usage is loose (grammar authorities hold that 倍 cannot express a
decrease), so no reading is assumed silently: every result that uses a fold
names the :class:`FoldConvention` it applied. For a fall from ``before`` to
``after``:

=====================  ========================  =================================
convention             N equals                  before/after
=====================  ========================  =================================
``ratio``              before/after              N
``multiple_of_after``  (before-after)/after      N + 1
``percent_of_before``  (before-after)/before     1/(1-N), impossible for N >= 1
=====================  ========================  =================================
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fractions import Fraction


class FoldConvention(StrEnum):
    """Named readings of a printed "下降N倍" from ``before`` to ``after``."""

    #: before/after = N
    RATIO = "ratio"
    #: (before - after)/after = N, i.e. before/after = N + 1
    MULTIPLE_OF_AFTER = "multiple_of_after"
    #: (before - after)/before = N, impossible for N >= 1
    PERCENT_OF_BEFORE = "percent_of_before"

    @property
    def formula(self) -> str:
        """The equation the convention sets equal to N."""
        return _FORMULA[self]

    @property
    def description(self) -> str:
        """One line naming the reading, for tables and summaries."""
        return f"N倍 read as {self.formula} = N ({self.value})"

    def expression(self, before: object, after: object) -> str:
        """The formula with the two values put in (``258/12``)."""
        return self.formula.replace("before", str(before)).replace("after", str(after))

    def admits(self, n: float) -> bool:
        """Whether a printed N can be read under this convention (N >= 1 is a fall of over
        100% as ``percent_of_before``)."""
        return self is not FoldConvention.PERCENT_OF_BEFORE or n < 1


_FORMULA = {
    FoldConvention.RATIO: "before/after",
    FoldConvention.MULTIPLE_OF_AFTER: "(before-after)/after",
    FoldConvention.PERCENT_OF_BEFORE: "(before-after)/before",
}

#: Every reading in one line, for notes: ``ratio: before/after = N; ...``.
READINGS = "; ".join(f"{c.value}: {c.formula} = N" for c in FoldConvention)


def as_convention(value: str | FoldConvention) -> FoldConvention:
    """Read a convention name, with an error that lists the names.

    Raises
    ------
    ValueError
        When ``value`` names no convention.
    """
    try:
        return FoldConvention(value)
    except ValueError:
        names = ", ".join(repr(c.value) for c in FoldConvention)
        raise ValueError(f"unknown fold convention {value!r}: use one of {names}") from None


def fold_of(before: int, after: int, convention: str | FoldConvention) -> Fraction | None:
    """The exact N of a fall from ``before`` to ``after`` under one convention.

    Returns
    -------
    Fraction or None
        ``None`` when the divisor is zero.

    Examples
    --------
    >>> fold_of(258, 12, "ratio")
    Fraction(43, 2)
    """
    from fractions import Fraction

    conv = as_convention(convention)
    if conv is FoldConvention.RATIO:
        return Fraction(before, after) if after else None
    if conv is FoldConvention.MULTIPLE_OF_AFTER:
        return Fraction(before - after, after) if after else None
    return Fraction(before - after, before) if before else None


def fold_to_ratio(n: float, convention: str | FoldConvention = FoldConvention.RATIO) -> float:
    """Convert a printed fold N into the ratio before/after.

    Raises
    ------
    ValueError
        For N >= 1 under ``percent_of_before`` (a fall of over 100%).
    """
    conv = as_convention(convention)
    if conv is FoldConvention.RATIO:
        return float(n)
    if conv is FoldConvention.MULTIPLE_OF_AFTER:
        return float(n) + 1.0
    if not conv.admits(float(n)):
        raise ValueError(f"{n}倍 is impossible as (before-after)/before: a fall of over 100%")
    return 1.0 / (1.0 - float(n))


def ratio_to_fold(ratio: float, convention: str | FoldConvention = FoldConvention.RATIO) -> float:
    """Inverse of :func:`fold_to_ratio`: the N that would be printed for a ratio before/after."""
    conv = as_convention(convention)
    if conv is FoldConvention.RATIO:
        return float(ratio)
    if conv is FoldConvention.MULTIPLE_OF_AFTER:
        return float(ratio) - 1.0
    return 1.0 - 1.0 / float(ratio)
