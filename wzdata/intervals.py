"""Exact intervals and the checks of their inputs, each written once.

* :func:`check_conf_level` and :func:`check_count` validate what every model,
  comparison and claim check takes;
* :func:`z_critical` is the two-sided normal quantile of a confidence level;
* :func:`clopper_pearson` is the exact binomial interval, the base of every
  exact rate-ratio and share interval of the package.

scipy is imported inside the functions.
"""

from __future__ import annotations

import math
from decimal import Decimal
from numbers import Real

__all__ = ["MAX_COUNT", "check_conf_level", "check_count", "clopper_pearson", "z_critical"]

#: The largest count the models take: floats hold whole numbers exactly up to 2**53.
MAX_COUNT = 2**53


def check_conf_level(conf_level: object) -> float:
    """Return a confidence level as a float strictly between 0 and 1.

    Raises
    ------
    ValueError
        When it is not a finite number in (0, 1).
    """
    try:
        c = float(conf_level)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        c = math.nan
    if isinstance(conf_level, bool) or not 0.0 < c < 1.0:
        raise ValueError(f"conf_level must lie strictly between 0 and 1, got {conf_level!r}")
    return c


def check_count(value: object, name: str = "count") -> int:
    """Return a count as an int: a whole, finite, non-negative number.

    Parameters
    ----------
    value : int, float or Decimal
        ``12``, ``12.0`` and ``Decimal("12")`` are accepted; ``True``, ``12.5``,
        ``-1``, NaN, infinity and counts above :data:`MAX_COUNT` are not.
    name : str
        What the value is, for the message.

    Raises
    ------
    ValueError
        When the value is not a non-negative whole number.
    """
    ok = isinstance(value, int | Decimal | Real) and not isinstance(value, bool)
    if ok:
        try:
            ok = math.isfinite(value) and value >= 0 and value == int(value)  # type: ignore[arg-type]
        except (OverflowError, ValueError, ArithmeticError):
            ok = False
    if not ok:
        raise ValueError(f"{name} must be a non-negative whole count, got {value!r}")
    if value > MAX_COUNT:  # type: ignore[operator]
        raise ValueError(
            f"{name} is too large for the count models, got {value!r}: counts are exact "
            f"in them up to 2**53 = {MAX_COUNT}"
        )
    return int(value)  # type: ignore[arg-type]


def z_critical(conf_level: float) -> float:
    """Two-sided standard normal quantile of a confidence level (1.96 for 0.95)."""
    from scipy import stats

    return float(stats.norm.ppf(0.5 + check_conf_level(conf_level) / 2.0))


def clopper_pearson(k: int, n: int, conf_level: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper-Pearson) interval of a binomial proportion ``k/n``.

    Parameters
    ----------
    k, n : int
        Successes and trials, ``0 <= k <= n`` and ``n >= 1``.
    conf_level : float
        Confidence level of the two-sided interval.

    Returns
    -------
    (lower, upper)
        ``lower`` is 0 when ``k == 0`` and ``upper`` is 1 when ``k == n``.

    Examples
    --------
    >>> lo, hi = clopper_pearson(0, 10)
    >>> lo, round(hi, 4)
    (0.0, 0.3085)
    """
    from scipy import stats

    conf = check_conf_level(conf_level)
    k, n = check_count(k, "k"), check_count(n, "n")
    if n == 0 or k > n:
        raise ValueError(f"need 0 <= k <= n and n >= 1, got k={k}, n={n}")
    a = 1.0 - conf
    lo = 0.0 if k == 0 else float(stats.beta.ppf(a / 2, k, n - k + 1))
    hi = 1.0 if k == n else float(stats.beta.ppf(1 - a / 2, k + 1, n - k))
    return lo, hi
