"""The joint-model tables and views: each display bug of the notebooks has a test here."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from scipy import stats

import wzdata
from wzdata.study import inference, views
from wzdata.study import settings as config
from wzdata.study.claim_values import distinct_claims
from wzdata.study.claims import build_claims, read_table
from wzdata.trends.joint import CountSeries, FoldObservation, fit_joint

pytestmark = pytest.mark.skipif(
    not (config.PROCESSED_DATA_DIR / "joint_rates.csv").exists(),
    reason="processed tables not built; run `wzdata build` first",
)

HEADLINE_FOLDS = {
    "drug_cases_solved": ((258, 12), "9倍多", (9.0, 10.0)),
    "users_found": ((1723, 93), "近12倍", (11.0, 12.0)),
    "compulsory_rehab": ((851, 36), "近8倍", (7.0, 8.0)),
}


@pytest.fixture(scope="module")
def analysis() -> views.Analysis:
    return views.setup()


def test_format_p_never_prints_zero():
    assert views.format_p(0.0) == "<0.001"
    assert views.format_p(1e-12) == "<0.001"
    assert views.format_p(0.0004) == "<0.001"
    assert views.format_p(0.0449) == "0.045"
    assert views.format_p(float("nan")) == ""


P_COLUMN = re.compile(r"^p[ _(]|p_value")


@pytest.mark.parametrize(
    "name",
    [
        "rate_ratios",
        "period_consistency",
        "heterogeneity",
        "slope_differences",
        "joint_rates",
        "joint_test",
        "nested_differences",
    ],
)
def test_no_p_value_is_shown_as_zero(analysis: views.Analysis, name: str) -> None:
    df = getattr(analysis, name)()
    cols = [c for c in df.columns if P_COLUMN.search(str(c))]
    assert cols, f"{name} shows no p-value column"
    for c in cols:
        shown = df[c].astype(str)
        assert not shown.isin(["0", "0.0", "0.000", "0e+00"]).any(), (name, c, shown.tolist())
        assert shown.str.fullmatch(r"<0\.001|[01]\.\d{3}|").all(), (name, c, shown.tolist())


def test_score_interval_table_is_not_empty(analysis: views.Analysis) -> None:
    """Notebook 02 asks for the score interval by its short name."""
    score = analysis.rate_ratios("score")
    assert len(score) == len(analysis.rate_ratios("exact")) > 0
    assert (score["method"] == "statsmodels score").all()
    with pytest.raises(ValueError, match="no rate-ratio method"):
        analysis.rate_ratios("bayes")


def test_period_plot_uses_one_kind_of_interval(analysis: views.Analysis) -> None:
    pr = analysis.period_rates()
    assert pr["interval"].nunique() == 1 and "profile" in pr["interval"].iloc[0]
    assert (pr["lower"] < pr["estimate"]).all() and (pr["estimate"] < pr["upper"]).all()
    assert set(pr["period"]) == {"2016-2021 counts", "2015-2019 fold"}


@pytest.mark.parametrize("indicator", sorted(HEADLINE_FOLDS))
def test_processed_joint_rates_match_a_fresh_fit(indicator: str) -> None:
    (c0, c1), _printed, (lo, hi) = HEADLINE_FOLDS[indicator]
    j = wzdata.load("joint_rates")
    row = j[(j["indicator"] == indicator) & j["is_headline"].astype(bool)].iloc[0]
    fit = fit_joint(CountSeries.of((2016, 2021), (c0, c1)), FoldObservation(lo, hi, 2019, 4))
    assert row["delta"] == pytest.approx(fit.delta, abs=1e-6)
    assert row["delta_lower"] == pytest.approx(fit.delta_interval[0], abs=1e-6)
    assert row["delta_upper"] == pytest.approx(fit.delta_interval[1], abs=1e-6)
    assert row["p_value"] == pytest.approx(fit.p_value, rel=1e-3)
    assert bool(row["rejected"]) == bool(row["p_value"] < 0.05)
    # the interval excludes 0 exactly when the test rejects (one rule, one test)
    assert bool(not row["delta_lower"] <= 0 <= row["delta_upper"]) == bool(row["rejected"])


def test_every_verdict_has_a_specification_table_and_tipping_points():
    spec = wzdata.load("specifications")
    j = wzdata.load("joint_rates")
    for ind in sorted(HEADLINE_FOLDS):
        g = spec[spec["indicator"] == ind]
        assert len(g) == 2 * 2 * 2 * len(inference.DISPERSIONS) * 2
        assert g["is_headline"].astype(bool).sum() == 1
        assert (g["rejected"].astype(bool) == (g["p_value"] < 0.05)).all()
        assert g["grade"].nunique() == 1 and g["tipping_points"].str.len().min() > 0
        head = j[(j["indicator"] == ind) & j["is_headline"].astype(bool)].iloc[0]
        assert head["grade"] == g["grade"].iloc[0]
    rehab = spec[spec["indicator"] == "compulsory_rehab"]["tipping_points"].iloc[0]
    assert "NB alpha" in rehab


def test_nested_rehab_within_users_by_hand():
    n = wzdata.load("nested_differences").iloc[0]
    p0, p1 = 851 / 1723, 36 / 93
    assert n["share_first"] == pytest.approx(p0, abs=1e-4)
    assert n["p_value_fisher"] == pytest.approx(
        stats.fisher_exact([[851, 872], [36, 57]]).pvalue, rel=1e-3
    )
    se = math.sqrt(1 / 851 + 1 / 36 + 1 / 1723 + 1 / 93) / 5
    indep = 2 * stats.norm.sf(abs(math.log(p1 / p0) / 5) / se)
    assert n["p_value_independent"] == pytest.approx(indep, rel=1e-3)
    assert n["p_value_independent"] > 0.2 > n["p_value_fisher"]


def test_exact_rates_match_clopper_pearson():
    e = wzdata.load("exact_rates")
    row = e[
        (e["indicator"] == "outflow_traffickers") & e["interval_method"].str.startswith("exact")
    ]
    lo = stats.beta.ppf(0.025, 40, 5)
    hi = stats.beta.ppf(0.975, 41, 4)
    rr_lo, rr_hi = lo / (1 - lo), hi / (1 - hi)
    assert row["annual_change_pct_lower"].iloc[0] == pytest.approx(
        100 * (rr_hi ** (-1 / 5) - 1), abs=1e-3
    )
    assert row["annual_change_pct_upper"].iloc[0] == pytest.approx(
        100 * (rr_lo ** (-1 / 5) - 1), abs=1e-3
    )


def test_slope_differences_show_the_detectable_difference(analysis: views.Analysis) -> None:
    d = analysis.slope_differences()
    mdd = d["detectable difference (80% power)"]
    assert (mdd > 0.1).all() and (mdd < 0.4).all()


# --------------------------------------------------------------------------- claims


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return wzdata.load("claims")


def test_claims_table_has_one_row_per_distinct_printed_value(claims: pd.DataFrame) -> None:
    raw = read_table(config.RAW_DATA_DIR / "claims.csv")
    assert len(raw) == 20 and len(claims) == 16
    linked = {i for r in claims["repeats"].fillna("") for i in str(r).split(";") if i}
    assert linked | set(claims["claim_id"]) == set(raw["claim_id"])
    assert not linked & set(claims["claim_id"])
    seven = claims[claims["as_printed"] == "7.6%"]
    assert len(seven) == 1
    assert seven["graded_verdict"].iloc[0] == (
        "reproduced only under a non-standard reading: current_base"
    )


def test_claims_power_as_grim_would_report_it(claims: pd.DataFrame) -> None:
    by = claims.set_index("claim_id")
    assert by.loc["community_rehab_persons_pct_change_2022", "pass_chance"] > 0.95
    assert 0.02 < by.loc["relapses_found_pct_change_2022", "pass_chance"] < 0.1
    assert "8482" in by.loc["consolidation_rate_2022", "conditional_check"]
    assert "7/9" in by.loc["new_users_pct_change_2022", "fingerprint"]
    assert by.loc["new_users_pct_change_2022", "graded_verdict"] == "reproduced under no reading"


def test_distinct_claims_is_rebuilt_from_the_raw_claims(claims: pd.DataFrame) -> None:
    figures = wzdata.load("figures")
    fresh = distinct_claims(
        build_claims(figures, read_table(config.RAW_DATA_DIR / "claims.csv")), figures
    )
    cols = ["claim_id", "graded_verdict", "repeats"]
    assert fresh[cols].fillna("").astype(str).equals(claims[cols].fillna("").astype(str))


def test_verdict_counts_count_each_printed_value_once(analysis: views.Analysis) -> None:
    counts = analysis.verdict_counts()
    assert counts.loc["total", "total"] == 16
    assert "reproduced only under a non-standard reading" in counts.columns


def test_notebook_prose_does_not_say_halved_of_indicators_that_fell_less():
    """No indicator fell by half a year (the fastest, compulsory rehab, by about 47%)."""
    import nbformat

    e = wzdata.load("exact_rates")
    fastest = e[e["interval_method"].str.startswith("exact")]["annual_change_pct"].min()
    nb = nbformat.read(config.NOTEBOOKS_DIR / "03-trends.ipynb", as_version=4)
    prose = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    if fastest > -50:
        assert "halved each year" not in prose
    # the prose quotes the range of annual falls that the table shows
    slowest = e[e["interval_method"].str.startswith("exact")]["annual_change_pct"].max()
    assert f"{round(-slowest)}%" in prose and f"{round(-fastest)}%" in prose


def test_annual_rates_show_both_dispersion_models(analysis: views.Analysis) -> None:
    """Quasi-Poisson alone hides how little a scale adds for large counts."""
    ar = analysis.annual_rates()
    assert ar["assumption"].str.startswith("negative binomial").any()
    assert ar["assumption"].str.startswith("quasi-Poisson").any()
    users = ar[ar["indicator"] == "drug users found"]
    width = users["annual_change_pct_upper"] - users["annual_change_pct_lower"]
    by = dict(zip(users["assumption"], width, strict=True))
    assert by["negative binomial alpha 0.2"] > 2 * by["quasi-Poisson scale 4"]


def test_notebooks_state_the_data_generating_process():
    import nbformat

    nb = nbformat.read(config.NOTEBOOKS_DIR / "02-fold-declines.ipynb", as_version=4)
    prose = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "## Where do these counts come from?" in prose
    for word in ("考核", "baseline", "COVID", "Poisson", "complete enumerations", "subset"):
        assert word in prose, word


def test_trend_forms_set_both_forms_beside_what_is_printed(analysis: views.Analysis) -> None:
    t = wzdata.load("trend_forms")
    assert set(t["form"]) == {"constant", "counts"}
    assert t["is_extrapolation"].astype(bool).all()
    rehab = t[t["indicator"] == "compulsory_rehab"].set_index("form")
    assert bool(rehab.loc["constant", "form_rejected"])
    shown = analysis.trend_forms()
    assert (shown["printed for that year"] == "none printed").all()
