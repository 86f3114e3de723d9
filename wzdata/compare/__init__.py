"""Compare: put two areas' figures side by side only when they measure the same concept.

A comparison is refused with :class:`ConceptMismatchError` when the two values
differ in indicator, flow or stock, unit (persons or person-times) or period,
unless the caller allows the difference by name; the result then records it.
The engine takes its values and codebook as tables (see :func:`values`).
"""

from __future__ import annotations

from wzdata.compare.concepts import (
    REASONS,
    ChangeComparison,
    ConceptMismatchError,
    ShareResult,
    Value,
    compare_change,
    concept_differences,
    index_series,
    share_of,
    values,
)

__all__ = [
    "REASONS",
    "ChangeComparison",
    "ConceptMismatchError",
    "ShareResult",
    "Value",
    "compare_change",
    "concept_differences",
    "index_series",
    "share_of",
    "values",
]
