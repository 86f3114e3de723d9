"""Trends: how fast counts fell, with exact and model-based intervals.

The engine knows no article: give it counts by year (and a printed fold with
its span, for the period check). Every result is a typed object with
``to_frame()``, ``summary()`` and an HTML view, and names its method and its
assumptions (Poisson counts, equal exposures, the fold convention).

Examples
--------
>>> from wzdata.trends import rate_ratio
>>> res = rate_ratio(258, 12)
>>> round(res.ratio, 2)
21.5
"""

from __future__ import annotations

from wzdata.trends.models import (
    DEFAULT_NB_ALPHAS,
    DEFAULT_SCALES,
    EXACT_METHOD,
    MODEL_CONVENTIONS,
    AnnualRateResults,
    FoldInterval,
    HeterogeneityResults,
    PeriodConsistencyResults,
    ProjectionResults,
    RateRatioResults,
    annual_decline,
    exact_conditional_ci,
    fold_interval,
    period_consistency,
    project,
    rate_ratio,
    slope_heterogeneity,
)

__all__ = [
    "DEFAULT_NB_ALPHAS",
    "DEFAULT_SCALES",
    "EXACT_METHOD",
    "MODEL_CONVENTIONS",
    "AnnualRateResults",
    "FoldInterval",
    "HeterogeneityResults",
    "PeriodConsistencyResults",
    "ProjectionResults",
    "RateRatioResults",
    "annual_decline",
    "exact_conditional_ci",
    "fold_interval",
    "period_consistency",
    "project",
    "rate_ratio",
    "slope_heterogeneity",
]
