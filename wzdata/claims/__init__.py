"""Claims: check a derived statement against its inputs.

A statement is a fold, a percentage change, an increment, a rate, a change in
percentage points or a sum of parts (:class:`ClaimKind`).

The engine knows no article: it works on any numbers. Printed values are given
as strings (``"21.5倍"``, ``"7.6%"``, ``"近12倍"``) so that their precision and
qualifier are known; arithmetic is exact and rounding a named argument. One
verb checks one value, the same verb with ``_map`` checks a table, and
:mod:`wzdata.claims.verdicts` turns a check into a verdict with an explanation.
:mod:`wzdata.claims.detect` finds the derived statements of any Chinese text
and checks them (one row per claim, with its span); :mod:`wzdata.claims.corpus`
does it for many files on Dask, streaming the rows to Parquet (``wzdata check``).

Examples
--------
>>> from wzdata.claims import check_fold, check_pct_change
>>> check_fold(258, 12, "21.5倍").reproduced_by
(<FoldConvention.RATIO: 'ratio'>,)
>>> check_pct_change(126, 86, "31.7%")
True

How much a pass says (:mod:`wzdata.claims.power`): the share of nearby printed
values the same check would also pass.

>>> from wzdata.claims import pct_change_pass_probability
>>> round(pct_change_pass_probability(15, "48.3%").probability, 3)
0.056
"""

from __future__ import annotations

from wzdata.claims.checks import (
    CLAIM_KINDS,
    VERDICTS,
    Base,
    ClaimKind,
    FoldCheck,
    IncrementCheck,
    Interval,
    PointsCheck,
    PointsReading,
    Rounding,
    SumCheck,
    SumReading,
    Verdict,
    bound_fold,
    bound_fold_map,
    check_fold,
    check_fold_map,
    check_increment,
    check_increment_map,
    check_pct_change,
    check_pp_change,
    check_pp_change_map,
    check_rounding,
    check_sum,
    level_interval,
    pct_change,
    points_quantity,
    printed_interval,
    round_fraction,
    solve_denominators,
    solve_denominators_map,
    solve_prior,
    solve_prior_map,
    solve_smallest_denominator,
    solve_smallest_denominator_map,
)
from wzdata.claims.corpus import (
    CheckUsageError,
    CorpusSummary,
    check_document,
    expand_paths,
    read_rows,
    run_corpus,
)
from wzdata.claims.detect import (
    Claim,
    check_claims,
    check_text,
    detect,
    published_date,
)
from wzdata.claims.power import (
    ConditionalCheck,
    Fingerprint,
    PassProbability,
    conditional_rate_check,
    fingerprint,
    graded_verdict,
    pass_probability,
    pct_change_pass_probability,
    rate_pass_probability,
    value_pass_probability,
)
from wzdata.claims.verdicts import (
    ClaimCheck,
    Printed,
    check_fold_claim,
    check_increment_claim,
    check_pct_change_claim,
    check_pp_change_claim,
    check_rate_claim,
    check_sum_claim,
)

__all__ = [
    "CLAIM_KINDS",
    "VERDICTS",
    "Base",
    "CheckUsageError",
    "Claim",
    "ClaimCheck",
    "ClaimKind",
    "ConditionalCheck",
    "CorpusSummary",
    "Fingerprint",
    "FoldCheck",
    "IncrementCheck",
    "Interval",
    "PassProbability",
    "PointsCheck",
    "PointsReading",
    "Printed",
    "Rounding",
    "SumCheck",
    "SumReading",
    "Verdict",
    "bound_fold",
    "bound_fold_map",
    "check_claims",
    "check_document",
    "check_fold",
    "check_fold_claim",
    "check_fold_map",
    "check_increment",
    "check_increment_claim",
    "check_increment_map",
    "check_pct_change",
    "check_pct_change_claim",
    "check_pp_change",
    "check_pp_change_claim",
    "check_pp_change_map",
    "check_rate_claim",
    "check_rounding",
    "check_sum",
    "check_sum_claim",
    "check_text",
    "conditional_rate_check",
    "detect",
    "expand_paths",
    "fingerprint",
    "graded_verdict",
    "level_interval",
    "pass_probability",
    "pct_change",
    "pct_change_pass_probability",
    "points_quantity",
    "printed_interval",
    "published_date",
    "rate_pass_probability",
    "read_rows",
    "round_fraction",
    "run_corpus",
    "solve_denominators",
    "solve_denominators_map",
    "solve_prior",
    "solve_prior_map",
    "solve_smallest_denominator",
    "solve_smallest_denominator_map",
    "value_pass_probability",
]
