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

A fold over another span with no printed endpoints joins the counts in one
likelihood (:mod:`wzdata.trends.joint`): is one constant rate rejected?

>>> from wzdata.trends import CountSeries, FoldObservation, fit_joint
>>> fit = fit_joint(CountSeries.of((2016, 2021), (851, 36)), FoldObservation(7, 8, 2019, 4))
>>> fit.rejected, round(fit.delta, 2)
(True, 0.13)
"""

from __future__ import annotations

from wzdata.trends.exact import (
    ExactRateResults,
    NestedResults,
    exact_annual_change,
    midp_conditional_ci,
    nested_rate_difference,
)
from wzdata.trends.joint import (
    CountSeries,
    Dispersion,
    FoldObservation,
    JointFitResults,
    MultiFitResults,
    SpecificationResults,
    fit_joint,
    fit_joint_many,
    fold_bound_readings,
    grade_verdict,
    minimum_detectable_difference,
    specification_table,
    tipping_point,
)
from wzdata.trends.models import (
    CHANGE_COLUMNS,
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
    pct_of_log_rate,
    period_consistency,
    project,
    rate_ratio,
    slope_heterogeneity,
)

__all__ = [
    "CHANGE_COLUMNS",
    "DEFAULT_NB_ALPHAS",
    "DEFAULT_SCALES",
    "EXACT_METHOD",
    "MODEL_CONVENTIONS",
    "AnnualRateResults",
    "CountSeries",
    "Dispersion",
    "ExactRateResults",
    "FoldInterval",
    "FoldObservation",
    "HeterogeneityResults",
    "JointFitResults",
    "MultiFitResults",
    "NestedResults",
    "PeriodConsistencyResults",
    "ProjectionResults",
    "RateRatioResults",
    "SpecificationResults",
    "annual_decline",
    "exact_annual_change",
    "exact_conditional_ci",
    "fit_joint",
    "fit_joint_many",
    "fold_bound_readings",
    "fold_interval",
    "grade_verdict",
    "midp_conditional_ci",
    "minimum_detectable_difference",
    "nested_rate_difference",
    "pct_of_log_rate",
    "period_consistency",
    "project",
    "rate_ratio",
    "slope_heterogeneity",
    "specification_table",
    "tipping_point",
]
