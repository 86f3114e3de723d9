"""Extract: every numeric expression of a Chinese statistical text, typed, with its span.

The engine knows no article: give it a text (and, for dates without a year, the
publication date) and it returns :class:`Expression` objects in text order.

Examples
--------
>>> from wzdata.extract import extract
>>> [e.text for e in extract("破获毒品案件86起,同比下降31.7%。")]
['86起', '31.7%']
"""

from __future__ import annotations

from wzdata.extract.scan import (
    FIGURE_KINDS,
    FOLD_NOTES,
    INFORMATIONAL_KINDS,
    Expression,
    extract,
    format_expressions,
)

__all__ = [
    "FIGURE_KINDS",
    "FOLD_NOTES",
    "INFORMATIONAL_KINDS",
    "Expression",
    "extract",
    "format_expressions",
]
