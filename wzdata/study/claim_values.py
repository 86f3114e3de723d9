"""The processed claims table: one row per distinct printed value, with the power of its check.

:func:`wzdata.study.claims.build_claims` checks every keyed claim. A value the
article prints twice (the lead repeats three 2015-2019 folds) or checks twice
(7.6% against the printed increment and alone) would be counted twice; here the
claims are grouped by the printed value they are about (indicator, geography,
period, measure and the value as printed), the most informative check (the one
with most printed inputs) stands for the group, and the others are linked to
it. Each row adds:

* a three-level verdict (reproduced under the standard reading; only under a
  non-standard reading, named; under none), or not checkable;
* the pass-by-chance probability of its check (:mod:`wzdata.claims.power`);
* a conditional check under a declared assumption (:data:`CONDITIONAL`);
* the fingerprint of a percentage (its smallest fraction).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from wzdata.claims.checks import Base
from wzdata.claims.power import (
    conditional_rate_check,
    fingerprint,
    graded_verdict,
    pct_change_pass_probability,
    rate_pass_probability,
    value_pass_probability,
)
from wzdata.datapkg import Schema, field, table
from wzdata.figures import FoldConvention, Qualifier, fold_of, parse
from wzdata.study.schemas import CLAIMS_SCHEMA

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CLAIM_VALUES_SCHEMA", "CONDITIONAL", "STANDARD_READING", "distinct_claims"]

#: The standard reading of each kind of claim.
STANDARD_READING = {
    "fold": "ratio",
    "pct_change": "prior_base",
    "increment": "prior_base",
    "rate": "a whole denominator",
}

#: Checks under a declared assumption: ``claim_id -> (numerator figure_id, assumption)``.
CONDITIONAL: dict[str, tuple[str, str]] = {
    "consolidation_rate_2022": (
        "abstinent_3yr_2022",
        "the printed 7792 persons abstinent for three years are the numerator of the rate",
    ),
}

_KIND_RANK = {"increment": 0, "fold": 1, "rate": 2, "pct_change": 3}

CLAIM_VALUES_SCHEMA: Schema = table(
    [
        *CLAIMS_SCHEMA["fields"],
        field(
            "repeats",
            "string",
            "Other claims about the same printed value, ';'-separated claim_id (lead "
            "repeats, or the same value checked another way); they have no row of their own.",
            required=False,
        ),
        field(
            "linked_checks",
            "string",
            "What each linked claim's own check found, with its pass-by-chance probability.",
            required=False,
        ),
        field("standard_reading", "string", "The standard reading of this kind of claim."),
        field(
            "graded_verdict",
            "string",
            "reproduced under the standard reading; reproduced only under a non-standard "
            "reading (named); reproduced under no reading; or not checkable.",
        ),
        field(
            "pass_chance",
            "number",
            "Share of printed values near this one (same decimals, +/- 20%) that the same "
            "check with the same inputs would pass under the standard reading: near 1, "
            "passing carries no information (empty: not checkable).",
            required=False,
        ),
        field("pass_chance_text", "string", "The pass-by-chance count in words.", required=False),
        field(
            "conditional_check",
            "string",
            "A check under a declared assumption (which figure is the numerator), with its "
            "own pass-by-chance probability.",
            required=False,
        ),
        field(
            "fingerprint",
            "string",
            "Smallest fraction that gives a printed percentage, with how often a nearby "
            "value has a fraction that small.",
            required=False,
        ),
    ],
    ["claim_id"],
    missing_values=[""],
)


def _whole(text: str) -> int | None:
    q = parse(text)
    if q.qualifier is not Qualifier.EXACT or q.value != q.value.to_integral_value():
        return None
    return int(q.value)


def _power(row: dict[str, Any], figs: dict[str, dict[str, Any]]) -> Any:
    """Pass-by-chance of the claim's own check under the standard reading (None: none)."""
    ids = [i for i in str(row["figure_ids"]).split(";") if i]
    printed = str(row["as_printed"])
    direction = str(figs[str(row["printed"])].get("direction", "") or "")
    vals = [_whole(str(figs[i]["as_printed"])) for i in ids]
    if not ids or any(v is None for v in vals):
        return None
    kind = str(row["kind"])
    if kind == "fold":
        return value_pass_probability(fold_of(vals[0], vals[1], FoldConvention.RATIO), printed)
    if kind == "pct_change":
        return pct_change_pass_probability(vals[0], printed, direction=direction or "down")
    if kind == "increment":
        return pct_change_pass_probability(
            vals[0], printed, increment=vals[1], direction=direction or "up", base=Base.PRIOR
        )
    if kind == "rate":
        return rate_pass_probability(vals[0], printed)
    return None


def _annotate(row: dict[str, Any], figs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    kind = str(row["kind"])
    standard = STANDARD_READING[kind]
    reproduced = [r for r in str(row["reproduced_by"] or "").split(";") if r]
    if kind == "rate" and reproduced:
        reproduced = [standard]
    checkable = str(row["verdict"]) != "not checkable"
    out = dict(row)
    out["standard_reading"] = standard
    out["graded_verdict"] = graded_verdict(reproduced, standard, checkable=checkable)
    pw = _power(row, figs) if checkable else None
    out["pass_chance"] = pw.probability if pw is not None else math.nan
    out["pass_chance_text"] = pw.text if pw is not None else ""
    cond = CONDITIONAL.get(str(row["claim_id"]))
    out["conditional_check"] = ""
    if cond is not None:
        num = _whole(str(figs[cond[0]]["as_printed"]))
        if num is not None:
            out["conditional_check"] = conditional_rate_check(
                str(row["as_printed"]), num, assumption=cond[1]
            ).text
    out["fingerprint"] = ""
    if kind in ("pct_change", "rate") and str(row["as_printed"]).endswith("%"):
        out["fingerprint"] = fingerprint(str(row["as_printed"])).text
    return out


def distinct_claims(claims: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct printed value, repeats linked, with verdict grades and power.

    Parameters
    ----------
    claims : DataFrame
        The output of :func:`wzdata.study.claims.build_claims`.
    figures : DataFrame
        The processed figures (``figure_id, indicator, geography, period_start,
        period_end, measure, as_printed, direction``).

    Returns
    -------
    DataFrame
        Columns of :data:`CLAIM_VALUES_SCHEMA`, sorted by claim_id.
    """
    import pandas as pd

    figs = {str(r["figure_id"]): r for r in figures.to_dict("records")}

    def key(r: dict[str, Any]) -> tuple[str, ...]:
        f = figs[str(r["printed"])]
        where = ("indicator", "geography", "period_start", "period_end", "measure")
        return (*(str(f.get(c, "")) for c in where), str(r["as_printed"]))

    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for r in claims.to_dict("records"):
        groups.setdefault(key(r), []).append(_annotate(r, figs))
    rows = []
    for members in groups.values():
        members.sort(
            key=lambda r: (
                -len([i for i in str(r["figure_ids"]).split(";") if i]),
                _KIND_RANK[str(r["kind"])],
                len(str(r["claim_id"])),
                str(r["claim_id"]),
            )
        )
        head, rest = members[0], members[1:]
        head["repeats"] = ";".join(str(r["claim_id"]) for r in rest)
        head["linked_checks"] = "; ".join(
            f"{r['claim_id']}: {r['graded_verdict']}"
            + (f" ({r['pass_chance_text']})" if r["pass_chance_text"] else "")
            for r in rest
            if str(r["figure_ids"]) != str(head["figure_ids"]) or str(r["kind"]) != head["kind"]
        )
        rows.append(head)
    cols = [f["name"] for f in CLAIM_VALUES_SCHEMA["fields"]]
    out = pd.DataFrame(rows, columns=cols)
    for c in cols:
        if c != "pass_chance":
            out[c] = out[c].fillna("").astype("str")
    out["pass_chance"] = out["pass_chance"].astype("float64").round(4)
    return out.sort_values("claim_id", ignore_index=True)
