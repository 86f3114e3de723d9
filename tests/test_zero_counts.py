"""Zero and extreme counts: every model and claim check gives an answer or a stated refusal."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pandas as pd
import pytest

from wzdata.claims import (
    Printed,
    Rounding,
    check_fold_claim,
    check_increment_claim,
    check_pct_change_claim,
    check_rate_claim,
)
from wzdata.figures import parse
from wzdata.study.build import build
from wzdata.trends import (
    annual_decline,
    exact_conditional_ci,
    period_consistency,
    project,
    rate_ratio,
    slope_heterogeneity,
)

R = Rounding.HALF_UP_OR_EVEN


def test_annual_decline_to_zero_is_minus_100_with_an_exact_one_sided_bound() -> None:
    row = annual_decline([2016, 2021], [258, 0]).row()
    assert row["annual_change_pct"] == -100.0
    assert row["annual_change_pct_lower"] == -100.0
    # conditional on 258 events, all in 2016: the Clopper-Pearson bound of p = 1
    p_low = 0.025 ** (1 / 258)
    upper = -math.log(p_low / (1 - p_low)) / 5
    assert row["slope_upper"] == pytest.approx(upper, rel=1e-6)
    assert -100.0 < row["annual_change_pct_upper"] < 0
    assert "exact conditional one-sided" in row["method"]


def test_annual_rise_from_zero_has_a_finite_lower_bound_only() -> None:
    row = annual_decline([2016, 2021], [0, 5]).row()
    assert row["slope"] == math.inf
    assert math.isfinite(row["slope_lower"]) and row["slope_upper"] == math.inf
    assert row["annual_change_pct_upper"] == math.inf


def test_a_small_count_to_zero_does_not_exclude_a_rise() -> None:
    row = annual_decline([2016, 2021], [1, 0]).row()
    assert row["annual_change_pct_upper"] > 0


def test_overdispersed_rows_state_their_refusal_with_a_zero_end() -> None:
    res = annual_decline([2016, 2021], [40, 0])
    row = res.row("negative-binomial", 0.2)
    assert math.isnan(row["annual_change_pct_upper"])
    assert "not defined" in row["method"]
    assert res.summary()  # prints


def test_all_zero_counts_are_a_stated_refusal() -> None:
    with pytest.raises(ValueError, match="all counts are zero"):
        annual_decline([2016, 2021], [0, 0])


def test_rate_ratio_with_zero_after_has_an_infinite_upper_bound() -> None:
    res = rate_ratio(258, 0)
    lo, hi = res.exact_ci
    assert hi == math.inf and 0 < lo < math.inf
    assert res.ratio == math.inf
    assert exact_conditional_ci(0, 7)[0] == 0.0
    with pytest.raises(ValueError, match="both counts are zero"):
        rate_ratio(0, 0)


def test_period_consistency_with_a_zero_end_uses_the_exact_interval() -> None:
    # 258 -> 0 over 5 years: at least -57 %/year; 近12倍 over 4 years: about -45 %/year
    steep = period_consistency([2016, 2021], [258, 0], "近12倍", (2015, 2019))
    assert math.isnan(steep.gap_se)
    assert not steep.consistent
    # 10 -> 0 only excludes falls slower than about -15 %/year
    res = period_consistency([2016, 2021], [10, 0], "近12倍", (2015, 2019))
    assert res.consistent
    assert -0.63 < res.common_slope < -0.59
    row = res.to_frame().iloc[0]
    assert "exact one-sided one" in row["method"] and "free of noise" in row["method"]


def test_slope_heterogeneity_refuses_pairs_with_a_zero_end() -> None:
    data = pd.DataFrame(
        {
            "indicator": ["a", "a", "b", "b", "c", "c"],
            "year": [2016, 2021] * 3,
            "count": [258, 0, 306, 18, 126, 86],
        }
    )
    res = slope_heterogeneity(data)
    pairs = res.pairwise_frame().set_index(["indicator_a", "indicator_b"])
    assert math.isnan(pairs.loc[("a", "b"), "slope_difference"])
    assert "not compared" in pairs.loc[("a", "b"), "method"]
    assert math.isfinite(pairs.loc[("b", "c"), "slope_difference"])


def test_projection_from_a_zero_end_is_a_stated_refusal() -> None:
    res = project([2016, 2021], [258, 0], [2022])
    row = res.to_frame().iloc[0]
    assert math.isnan(row["expected"])
    assert row["method"].startswith("no projection")


def _p(text: str) -> Printed:
    return Printed(text, parse(text), "")


@pytest.mark.parametrize(
    ("check", "args"),
    [
        (check_fold_claim, ([_p("258起"), _p("0起")], _p("21.5倍"), R)),
        (check_fold_claim, ([_p("0起"), _p("0起")], _p("21.5倍"), R)),
        (check_pct_change_claim, ([_p("0起"), _p("5起")], _p("31.7%"), "up", R)),
        (check_pct_change_claim, ([_p("0起")], _p("100%"), "down", R)),
        (check_increment_claim, ([_p("5起"), _p("5起")], _p("5%"), "up", R)),
        (check_rate_claim, ([_p("0人")], _p("0%"), R)),
        (check_rate_claim, ([_p("0人")], _p("5%"), R)),
    ],
)
def test_claim_checks_with_zero_counts_give_a_verdict(check, args) -> None:
    res = check(*args)
    assert res.verdict in ("consistent", "inconsistent", "not checkable")
    assert res.explanation


def test_a_zero_2021_level_builds(raw_copy: Path, tmp_path: Path) -> None:
    path = raw_copy / "figures.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    head = rows[0]
    edited = 0
    for r in rows[1:]:
        if r[head.index("figure_id")] in ("drug_cases_solved_2021", "outflow_traffickers_2021"):
            r[head.index("as_printed")] = "0" + r[head.index("as_printed")].lstrip("0123456789")
            edited += 1
    assert edited == 2
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    out = tmp_path / "out"
    build(raw_copy, out)
    rates = pd.read_csv(out / "annual_rates.csv")
    zero = rates[(rates["indicator"] == "drug_cases_solved") & (rates["dispersion"] == 1.0)]
    assert (zero["annual_change_pct"] == -100.0).any()
    # the joint model gives the limit too: the counts' rate -inf, the difference one-sided
    joint = pd.read_csv(out / "joint_rates.csv")
    zero = joint[joint["indicator"] == "drug_cases_solved"]
    assert len(zero) > 0
    assert (zero["slope_counts"] == -math.inf).all()
    assert (zero["annual_change_counts_pct"] == -100.0).all()
    assert (zero["delta_upper"] == math.inf).all() and zero["delta_lower"].notna().all()
    assert zero["assumption"].str.contains("infinite annual log-rate").all()
