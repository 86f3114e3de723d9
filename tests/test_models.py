"""Tests of the trend and fold-decline models against hand computations and invariances."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from wzdata.figures import parse
from wzdata.study import trends as study_trends
from wzdata.trends import models

# Endpoint counts 2016 -> 2021 and printed folds, as keyed from the core article.
ENDPOINTS = {
    "drug_cases_solved": (258, 12, "起", "21.5倍"),
    "suspects_arrested": (306, 18, "人", "17倍"),
    "users_found": (1723, 93, "人", "18.5倍"),
    "compulsory_rehab": (851, 36, "人", "23.6倍"),
    "outflow_traffickers": (40, 4, "人", "10倍"),
}
FOLDS_2015_2019 = {
    "drug_cases_solved": "9倍多",
    "drugs_seized": "2倍",
    "users_found": "近12倍",
    "compulsory_rehab": "近8倍",
}


def _row(figure_id: str, indicator: str, measure: str, start: str, end: str, printed: str):
    q = parse(printed)
    return {
        "figure_id": figure_id,
        "indicator": indicator,
        "measure": measure,
        "direction": "down" if measure == "fold_change" else "",
        "geography": "wuzhong",
        "period_start": start,
        "period_end": end,
        "as_printed": printed,
        "value": float(q.value),
        "lower": float(q.lower),
        "upper": float(q.upper),
        "unit": q.unit,
        "kind": q.kind.value,
        "qualifier": q.qualifier.value,
    }


def make_figures(folds_2015_2019: dict[str, str] | None = None) -> pd.DataFrame:
    """A figures table in the processed shape, built from the article's counts."""
    folds = FOLDS_2015_2019 if folds_2015_2019 is None else folds_2015_2019
    rows = []
    for ind, (before, after, unit, fold) in ENDPOINTS.items():
        rows.append(
            _row(f"{ind}_2016", ind, "level", "2016-01-01", "2016-12-31", f"{before}{unit}")
        )
        rows.append(_row(f"{ind}_2021", ind, "level", "2021-01-01", "2021-12-31", f"{after}{unit}"))
        rows.append(
            _row(f"{ind}_fold_2016_2021", ind, "fold_change", "2016-01-01", "2021-12-31", fold)
        )
    for ind, fold in folds.items():
        rows.append(
            _row(f"{ind}_fold_2015_2019", ind, "fold_change", "2015-01-01", "2019-12-31", fold)
        )
    # A figure that is not a time-series count must be ignored.
    rows.append(
        _row(
            "ningxia_city_count", "ningxia_city_count", "level", "2022-06-27", "2022-06-27", "五市"
        )
    )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- conventions


def test_fold_conventions_are_named_and_inverse():
    assert models.fold_to_ratio(9, "ratio") == 9
    assert models.fold_to_ratio(9, "multiple_of_after") == 10
    for conv in models.MODEL_CONVENTIONS:
        assert models.ratio_to_fold(models.fold_to_ratio(7.5, conv), conv) == 7.5
        assert "N" in conv.description
    pct = models.FoldConvention.PERCENT_OF_BEFORE
    assert models.ratio_to_fold(models.fold_to_ratio(0.75, pct), pct) == pytest.approx(0.75)
    with pytest.raises(ValueError, match="impossible"):
        models.fold_to_ratio(2, pct)
    with pytest.raises(ValueError, match="unknown fold convention"):
        models.fold_to_ratio(3, "times")


def test_fold_interval_uses_parser_bounds_and_rounding():
    fi = models.fold_interval("近12倍")
    assert (fi.lower, fi.upper) == (11.0, 12.0)
    fi = models.fold_interval("9倍多")
    assert (fi.lower, fi.upper) == (9.0, 10.0)
    assert models.fold_interval("2倍").lower == 1.5
    assert models.fold_interval("2倍").upper == 2.5
    assert models.fold_interval("2倍", round_exact=False).upper == 2.0
    assert models.fold_interval("21.5倍").lower == pytest.approx(21.45)
    with pytest.raises(ValueError, match="not a fold"):
        models.fold_interval("258起")


# --------------------------------------------------------------------------- rate ratios


def test_exact_interval_matches_scipy_clopper_pearson():
    b, a = 258, 12
    ci = stats.binomtest(b, b + a).proportion_ci(confidence_level=0.9, method="exact")
    lo, hi = ci.low / (1 - ci.low), ci.high / (1 - ci.high)
    res = models.rate_ratio(b, a, conf_level=0.9)
    assert res.ratio == pytest.approx(258 / 12)
    assert res.exact_ci == pytest.approx((lo, hi), rel=1e-12)
    assert res.exact_ci[0] < res.ratio < res.exact_ci[1]


def test_statsmodels_methods_are_named_and_reproduced():
    from statsmodels.stats.rates import confint_poisson_2indep

    res = models.rate_ratio(306, 18, methods=("score", "wald-log"))
    frame = res.to_frame()
    assert set(frame["method"]) == {
        "statsmodels score",
        "statsmodels wald-log",
        models.EXACT_METHOD,
    }
    expected = confint_poisson_2indep(306, 1, 18, 1, method="wald-log", compare="ratio")
    assert res.intervals["statsmodels wald-log"] == pytest.approx(expected)
    # wald-log is symmetric on the log scale around the point estimate
    lo, hi = res.intervals["statsmodels wald-log"]
    assert math.log(res.ratio) - math.log(lo) == pytest.approx(math.log(hi) - math.log(res.ratio))
    assert frame["assumption"].str.contains("Poisson").all()


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 400), st.integers(1, 400))
def test_swapping_inverts_ratio_and_interval(b, a):
    fwd = models.rate_ratio(b, a, methods=("wald-log",))
    back = models.rate_ratio(a, b, methods=("wald-log",))
    assert back.ratio == pytest.approx(1 / fwd.ratio)
    for method in (models.EXACT_METHOD, "statsmodels wald-log"):
        lo, hi = fwd.intervals[method]
        blo, bhi = back.intervals[method]
        assert blo == pytest.approx(1 / hi, rel=1e-9)
        assert bhi == pytest.approx(1 / lo, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 300), st.integers(1, 300))
def test_ten_times_the_counts_narrows_around_the_same_point(b, a):
    small = models.rate_ratio(b, a)
    big = models.rate_ratio(10 * b, 10 * a)
    assert big.ratio == pytest.approx(small.ratio)
    for method, (lo, hi) in small.intervals.items():
        blo, bhi = big.intervals[method]
        assert blo <= big.ratio <= bhi
        assert lo < blo and bhi < hi, method


def test_rate_ratio_rejects_bad_input():
    with pytest.raises(ValueError, match="both counts are zero"):
        models.rate_ratio(0, 0)
    with pytest.raises(ValueError, match="non-negative whole count"):
        models.rate_ratio(2.5, 3)
    with pytest.raises(ValueError, match="conf_level"):
        models.rate_ratio(3, 4, conf_level=95)


# --------------------------------------------------------------------------- annual rates


def test_annual_change_and_half_life_match_hand_computation():
    res = models.annual_decline([2016, 2021], [258, 12], conf_level=0.95)
    beta = math.log(12 / 258) / 5
    assert res.slope == pytest.approx(beta)
    assert res.annual_change_pct / 100 == pytest.approx((12 / 258) ** (1 / 5) - 1)
    assert res.half_life == pytest.approx(math.log(2) / -beta)
    se = math.sqrt(1 / 258 + 1 / 12) / 5
    assert res.se == pytest.approx(se, rel=1e-6)
    row = res.row()
    z = stats.norm.ppf(0.975)
    assert row["annual_change_pct_lower"] / 100 == pytest.approx(math.exp(beta - z * se) - 1)
    assert row["half_life_upper"] == pytest.approx(math.log(2) / -(beta + z * se), rel=1e-6)


def test_dispersion_zero_gives_poisson_and_intervals_widen():
    res = models.annual_decline(
        [2016, 2021], [1723, 93], scales=(1.0, 2.0, 4.0), nb_alphas=(0.0, 1e-9, 0.05, 0.2)
    )
    poisson = res.row("quasi-poisson", 1.0)
    nb0 = res.row("negative-binomial", 0.0)
    tiny = res.row("negative-binomial", 1e-9)
    for key in ("slope", "slope_se", "slope_lower", "slope_upper"):
        assert nb0[key] == pytest.approx(poisson[key], rel=1e-9)
        assert tiny[key] == pytest.approx(poisson[key], rel=1e-6)
    # quasi-Poisson scale multiplies the SE by sqrt(scale); NB adds 2 * alpha to n * var(beta)
    assert res.row("quasi-poisson", 4.0)["slope_se"] == pytest.approx(2 * poisson["slope_se"])
    nb = res.row("negative-binomial", 0.2)["slope_se"]
    assert nb == pytest.approx(math.sqrt(1 / 1723 + 1 / 93 + 2 * 0.2) / 5, rel=1e-5)
    frame = res.to_frame()
    for model in ("quasi-poisson", "negative-binomial"):
        sub = frame[frame["dispersion_model"] == model].sort_values("dispersion")
        width = sub["slope_upper"] - sub["slope_lower"]
        assert width.is_monotonic_increasing
        assert sub["slope"].tolist() == pytest.approx([poisson["slope"]] * len(sub))


def test_half_life_upper_is_infinite_when_no_decline_is_possible():
    res = models.annual_decline([2016, 2021], [5, 4], scales=(1.0,), nb_alphas=())
    assert res.row()["half_life_upper"] == math.inf
    rising = models.annual_decline([2016, 2021], [4, 9], scales=(1.0,), nb_alphas=())
    assert math.isnan(rising.half_life)


def test_annual_decline_needs_two_years():
    with pytest.raises(ValueError, match="two different years"):
        models.annual_decline([2016, 2016], [3, 4])
    with pytest.raises(ValueError, match="scale must be >= 1"):
        models.annual_decline([2016, 2021], [3, 4], scales=(0.5,))


# --------------------------------------------------------------------------- period consistency


def test_period_consistency_verdict_flips_with_inconsistent_folds():
    years, counts = [2016, 2021], [258, 12]
    ok = models.period_consistency(years, counts, "9倍多", (2015, 2019))
    assert ok.consistent and ok.gap_se < stats.norm.ppf(0.975)
    lo, hi = ok.common_interval
    assert lo <= ok.common_slope <= hi
    # the common rate lies between the counts' own rate and the range the fold allows
    row = ok.to_frame().iloc[0]
    assert row["endpoint_slope"] <= ok.common_slope <= -math.log(9) / 4
    bad = models.period_consistency(years, counts, "2倍", (2015, 2019))
    assert not bad.consistent
    assert bad.gap_se > 3
    assert math.isnan(bad.common_slope)
    assert bad.lr_p_value < 0.05 < ok.lr_p_value


def test_period_consistency_gap_by_hand_and_parameters_matter():
    years, counts = [2016, 2021], [851, 36]
    beta = math.log(36 / 851) / 5
    se = math.sqrt(1 / 851 + 1 / 36) / 5
    res = models.period_consistency(years, counts, "近8倍", (2015, 2019))
    # 近8倍 -> ratio in (7, 8) over 4 steps: slopes in [-ln 8 / 4, -ln 7 / 4]
    assert res.gap_se == pytest.approx((-math.log(8) / 4 - beta) / se, rel=1e-5)
    five = models.period_consistency(years, counts, "近8倍", (2015, 2019), steps=5)
    assert five.gap_se > res.gap_se
    mult = models.period_consistency(
        years, counts, "近8倍", (2015, 2019), fold_convention="multiple_of_after"
    )
    assert mult.gap_se == pytest.approx((-math.log(9) / 4 - beta) / se, rel=1e-5)
    wide = models.period_consistency(years, counts, "近8倍", (2015, 2019), scale=4.0)
    assert wide.gap_se == pytest.approx(res.gap_se / 2, rel=1e-6)
    frame = res.to_frame()
    assert frame.loc[0, "fold_convention"] == "ratio"
    assert "4 steps" in frame.loc[0, "assumption"]


# --------------------------------------------------------------------------- heterogeneity


def test_heterogeneity_lr_test():
    same = pd.DataFrame(
        {"indicator": ["a", "a", "b", "b"], "year": [2016, 2021] * 2, "count": [100, 10, 300, 30]}
    )
    res = models.slope_heterogeneity(same)
    assert res.lr_statistic == pytest.approx(0, abs=1e-8)
    assert res.df == 1
    assert res.common_slope == pytest.approx(math.log(0.1) / 5)
    diff = same.assign(count=[100, 10, 300, 290])
    res2 = models.slope_heterogeneity(diff)
    assert res2.p_value < 1e-6
    pair = res2.pairwise_frame().iloc[0]
    assert pair["slope_difference"] == pytest.approx(math.log(0.1) / 5 - math.log(290 / 300) / 5)
    se = math.sqrt(1 / 100 + 1 / 10 + 1 / 300 + 1 / 290) / 5
    assert pair["se"] == pytest.approx(se, rel=1e-6)
    # the LR test divides by the assumed scale
    assert models.slope_heterogeneity(diff, scale=2.0).lr_statistic == pytest.approx(
        res2.lr_statistic / 2
    )


# --------------------------------------------------------------------------- projections


def test_projection_expected_value_and_seeded_prediction_interval():
    res = models.project([2016, 2021], [258, 12], [2022, 2023], seed=7, n_sim=5000)
    frame = res.to_frame()
    rate = (12 / 258) ** (1 / 5)
    assert frame["expected"].tolist() == pytest.approx([12 * rate, 12 * rate**2])
    assert (frame["prediction_lower"] <= frame["expected"]).all()
    assert (frame["prediction_upper"] >= frame["expected_upper"]).all()
    assert frame["is_extrapolation"].all()
    assert frame["observed_note"].str.contains("no figure").all()
    again = models.project([2016, 2021], [258, 12], [2022, 2023], seed=7, n_sim=5000)
    pd.testing.assert_frame_equal(frame, again.to_frame())
    wider = models.project([2016, 2021], [258, 12], [2022, 2023], seed=7, n_sim=5000, scale=4)
    assert (wider.to_frame()["prediction_upper"] >= frame["prediction_upper"]).all()


# --------------------------------------------------------------------------- summaries

DATE_OR_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}|\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b|"
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b|\bDate\b|\bTime\b"
)


def test_summaries_contain_no_date_or_time():
    data = pd.DataFrame(
        {"indicator": ["a", "a", "b", "b"], "year": [2016, 2021] * 2, "count": [258, 12, 306, 18]}
    )
    results = [
        models.rate_ratio(258, 12, label="drug_cases_solved"),
        models.annual_decline([2016, 2021], [258, 12], label="drug_cases_solved"),
        models.period_consistency([2016, 2021], [258, 12], "9倍多", (2015, 2019)),
        models.slope_heterogeneity(data),
        models.project([2016, 2021], [258, 12], [2022], n_sim=500),
    ]
    for res in results:
        text = res.summary()
        assert isinstance(text, str) and len(text) > 200
        assert DATE_OR_TIME.search(text) is None, text
        assert "ratio" in text or "Poisson" in text or "log" in text
        assert str(res) == text


# --------------------------------------------------------------------------- tables


def test_model_tables_declared_once_for_both_steps():
    trends, inference = study_trends.model_tables("trends"), study_trends.model_tables("inference")
    assert list(trends) == list(study_trends.SCHEMAS)
    assert not set(trends) & set(inference)
    for desc, cols, pk in (*trends.values(), *inference.values()):
        names = [c[0] for c in cols]
        assert desc and len(set(names)) == len(names)
        assert set(pk) <= set(names)
        for _, kind, text, rounding in cols:
            assert text and (rounding is None or kind == "number"), cols
    with pytest.raises(KeyError, match="declares no step 'views'"):
        study_trends.model_tables("views")


def test_model_tables_bad_column_names_the_table(monkeypatch):
    bad = {
        "trends": {"t": {"description": "d", "primary_key": [], "columns": [["x", "text", "d"]]}}
    }
    monkeypatch.setattr(study_trends, "_declarations", lambda: bad)
    with pytest.raises(ValueError, match=r"\[trends\.t\]: column \['x', 'text', 'd'\]"):
        study_trends.model_tables("trends")


@pytest.fixture(scope="module")
def article_tables() -> dict[str, pd.DataFrame]:
    """The model tables of the article's counts under the defaults (read, never changed)."""
    return study_trends.build_tables(make_figures())


def test_build_tables_on_article_counts(article_tables):
    tables = article_tables
    for name in (
        "rate_ratios",
        "annual_rates",
        "period_consistency",
        "heterogeneity",
        "projections",
        "slope_differences",
    ):
        frame = tables[name]
        schema = study_trends.SCHEMAS[name]
        assert list(frame.columns) == [f["name"] for f in schema["fields"]]
        assert all(f["description"] and f["type"] for f in schema["fields"])
        pk = schema["primaryKey"]
        assert not frame.duplicated(pk).any()
        assert frame[pk].notna().all().all()
        assert frame.equals(frame.sort_values(pk).reset_index(drop=True)), name
        assert "method" in frame.columns and frame["method"].str.len().gt(0).all()
    rr = tables["rate_ratios"]
    cases = rr[(rr["indicator"] == "drug_cases_solved") & (rr["method"] == models.EXACT_METHOD)]
    assert cases["estimate"].item() == 21.5
    assert cases["printed_matches_estimate"].all()
    assert len(rr) == 5 * 3
    annual = tables["annual_rates"]
    cases = annual[
        (annual["indicator"] == "drug_cases_solved")
        & (annual["dispersion_model"] == "quasi-poisson")
        & (annual["dispersion"] == 1.0)
    ]
    assert cases["annual_change_pct"].item() == pytest.approx(
        100 * ((12 / 258) ** 0.2 - 1), abs=1e-3
    )
    pc = tables["period_consistency"]
    default = pc[pc["is_default"]]
    assert set(default["indicator"]) == {
        "drug_cases_solved",
        "drugs_seized",
        "users_found",
        "compulsory_rehab",
    }
    assert set(pc["fold_convention"]) == {"ratio", "multiple_of_after"}
    seized = default[default["indicator"] == "drugs_seized"]
    assert seized["verdict"].str.startswith("not testable").all()
    assert tables["heterogeneity"]["df"].eq(4).all()
    assert tables["projections"]["year"].min() == 2022
    # deterministic content
    again = study_trends.build_tables(make_figures())
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(frame, again[name])


def test_build_tables_convention_and_inconsistent_folds():
    tables = study_trends.build_tables(make_figures(), fold_convention="multiple_of_after")
    rr = tables["rate_ratios"]
    assert (rr["fold_convention"] == "multiple_of_after").all()
    # 258/12 = 21.5 is not 21.5 + 1: the printed fold does not fit this reading
    assert not rr.loc[rr["indicator"] == "drug_cases_solved", "printed_matches_estimate"].any()

    def verdicts(folds):
        pc = study_trends.build_tables(make_figures(folds))["period_consistency"]
        d = pc[pc["is_default"]].set_index("indicator")
        return d["consistent"]

    assert verdicts({"users_found": "近12倍"})["users_found"]
    assert not verdicts({"users_found": "近3倍"})["users_found"]


def test_build_tables_reports_bad_input():
    figs = make_figures()
    with pytest.raises(ValueError, match="lacks columns"):
        study_trends.build_tables(figs.drop(columns=["kind"]))
    dup = pd.concat([figs, figs.iloc[[0]].assign(figure_id="x_dup", value=259.0)])
    with pytest.raises(ValueError, match="different counts"):
        study_trends.build_tables(dup)
    no_direction = figs.assign(
        direction=np.where(figs["figure_id"] == "users_found_fold_2015_2019", "", figs["direction"])
    )
    with pytest.raises(ValueError, match="users_found_fold_2015_2019"):
        study_trends.build_tables(no_direction)


def test_build_tables_keeps_small_dispersions_apart():
    tables = study_trends.build_tables(
        make_figures(), nb_alphas=(0.0, 1e-9), scales=(1.0,), n_sim=500
    )
    annual = tables["annual_rates"]
    assert sorted(annual["dispersion"].unique()) == [0.0, 1e-9, 1.0]
    assert annual["dispersion_model"].value_counts()["negative-binomial"] == 2 * len(ENDPOINTS)


def test_tables_validate_against_their_frictionless_schemas(article_tables, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    for name, frame in article_tables.items():
        path = tmp_path / f"{name}.csv"
        frame.to_csv(path, index=False)
        resource = frictionless.Resource(
            path=path.name,
            basepath=str(tmp_path),
            schema=frictionless.Schema.from_descriptor(study_trends.SCHEMAS[name]),
        )
        report = frictionless.validate(resource)
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_numpy_inputs_accepted():
    res = models.annual_decline(np.array([2016, 2021]), np.array([40, 4]))
    assert res.annual_change_pct == pytest.approx(100 * (0.1**0.2 - 1))


def test_zero_count_keeps_exact_interval_and_names_the_gap():
    res = models.rate_ratio(5, 0, methods=("score", "wald-log"))
    assert res.ratio == math.inf
    lo, hi = res.exact_ci
    assert hi == math.inf and lo > 0
    frame = res.to_frame().set_index("method")
    assert math.isnan(frame.loc["statsmodels wald-log", "lower"])
    assert "zero count" in frame.loc["statsmodels wald-log", "assumption"]


def test_open_fold_bounds_give_infinite_rate_bounds():
    less = models.period_consistency([2016, 2021], [258, 12], "不足3倍", (2015, 2019))
    row = less.to_frame().iloc[0]
    assert row["fold_lower"] == 0 and row["fold_slope_upper"] == math.inf
    assert not less.consistent
    more = models.period_consistency([2016, 2021], [258, 12], "10倍以上", (2015, 2019))
    assert more.to_frame().iloc[0]["fold_slope_lower"] == -math.inf
    assert more.consistent and more.gap_se == 0


@settings(max_examples=40, deadline=None)
@given(
    st.integers(20, 2000),
    st.integers(1, 200),
    st.floats(1.2, 40),
    st.floats(0, 5),
    st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_noise_free_consistent_iff_lr_test_does_not_reject(before, after, fold, width, conf):
    """One decision rule: the verdict is the printed likelihood-ratio test."""
    res = models.period_consistency(
        [2016, 2021],
        [before, after],
        (fold, fold + width),
        (2015, 2019),
        conf_level=conf,
        fold_noise=False,
    )
    row = res.to_frame().iloc[0]
    assert res.consistent == (row["lr_p_value"] >= 1 - conf)
    # the LR statistic by hand: the conditional binomial at the nearest allowed rate
    n = before + after
    nearest = min(max(row["endpoint_slope"], row["fold_slope_lower"]), row["fold_slope_upper"])
    p_hat, p0 = after / n, 1 / (1 + math.exp(-5 * nearest))
    lr = 2 * (stats.binom.logpmf(after, n, p_hat) - stats.binom.logpmf(after, n, p0))
    assert row["lr_statistic"] == pytest.approx(max(lr, 0.0), abs=1e-6)
    if res.consistent:
        lo, hi = res.common_interval
        assert lo <= res.common_slope <= hi


def test_verdict_follows_the_printed_lr_test_not_the_wald_gap():
    """Cases, ratio, 5 steps, scale 2: the Wald gap is under 1.96 but the LR p is below 0.05."""
    res = models.period_consistency(
        [2016, 2021], [258, 12], "9倍多", (2015, 2019), steps=5, scale=2.0, fold_noise=False
    )
    assert res.gap_se < stats.norm.ppf(0.975)
    assert res.lr_p_value < 0.05
    assert not res.consistent


def test_common_rate_is_a_profile_interval_that_widens_with_dispersion():
    """The common rate is not the rounding interval of the fold treated as exact."""
    widths = []
    for scale in (1.0, 2.0, 4.0):
        res = models.period_consistency([2016, 2021], [258, 12], "9倍多", (2015, 2019), scale=scale)
        lo, hi = res.common_interval
        assert lo < res.common_slope < hi  # the estimate is inside, not at an end
        widths.append(hi - lo)
    assert widths[0] > math.log(10 / 9) / 4  # wider than the rounding interval of 9倍多
    assert widths == sorted(widths) and widths[2] > 1.5 * widths[0]


def test_unqualified_fold_is_rounded_at_its_printed_decimals_like_the_audit():
    from wzdata.claims.checks import printed_interval

    for printed in ("10倍", "2倍", "21.5倍", "17倍"):
        fi = models.fold_interval(printed)
        iv = printed_interval(printed)
        assert (fi.lower, fi.upper) == (float(iv.lo), float(iv.hi))
    assert (models.fold_interval("10倍").lower, models.fold_interval("10倍").upper) == (9.5, 10.5)


def test_build_tables_on_processed_figures_if_built():
    from wzdata.study import settings as config

    path = config.PROCESSED_DATA_DIR / "figures.csv"
    if not path.exists():
        pytest.skip(f"processed figures not built ({path}); run `wzdata build` first")
    import wzdata

    figures = wzdata.load("figures")
    tables = study_trends.build_tables(figures, n_sim=2000)
    rr = tables["rate_ratios"]
    assert len(rr) > 0
    levels = figures[figures["measure"].astype(str) == "level"].set_index("figure_id")
    for row in rr.itertuples():
        before = levels.loc[row.figure_id_before, "value"]
        after = levels.loc[row.figure_id_after, "value"]
        assert row.count_before == before and row.count_after == after
        assert row.estimate == pytest.approx(before / after, abs=1e-4)


def test_build_hook_returns_tables_with_their_schemas(tmp_path):
    out = study_trends.processed_tables(make_figures(), tmp_path)
    assert set(out) == set(study_trends.SCHEMAS)
    for name, (frame, schema) in out.items():
        assert schema is study_trends.SCHEMAS[name]
        assert list(frame.columns) == [f["name"] for f in schema["fields"]]
