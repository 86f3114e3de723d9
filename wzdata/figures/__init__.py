"""Figures: read one printed Chinese figure into a typed quantity with its bounds.

The engine knows no article. It defines, once, the numerals, the units and
measure words, the bounds rule of the qualifiers (近, 多/余, 约, 以上, ...) and
the named readings of a printed fold (:class:`FoldConvention`).

Examples
--------
>>> from wzdata.figures import parse
>>> q = parse("267万余株")
>>> (q.value, q.lower, q.upper, q.unit)
(Decimal('2670000'), Decimal('2670000'), Decimal('2680000'), '株')
"""

from __future__ import annotations

from wzdata.figures.folds import (
    READINGS,
    FoldConvention,
    as_convention,
    fold_of,
    fold_to_ratio,
    ratio_to_fold,
)
from wzdata.figures.parse import (
    COUNT_UNITS,
    UNITS,
    FigureParseError,
    Kind,
    Qualifier,
    Quantity,
    chinese_to_int,
    parse,
    parse_number,
    share_reading,
)

__all__ = [
    "COUNT_UNITS",
    "READINGS",
    "UNITS",
    "FigureParseError",
    "FoldConvention",
    "Kind",
    "Qualifier",
    "Quantity",
    "as_convention",
    "chinese_to_int",
    "fold_of",
    "fold_to_ratio",
    "parse",
    "parse_number",
    "ratio_to_fold",
    "share_reading",
]
