"""The notebooks' views: parameters are checked, tables agree with the models they show."""

from __future__ import annotations

import pytest

from wzdata.study import views
from wzdata.study.trends import build_tables

TABLES = [
    "figures_by_kind",
    "figures_by_section",
    "headline",
    "qualified_figures",
    "fold_readings",
    "folds_without_endpoints",
    "rate_ratios",
    "annual_rates",
    "period_consistency",
    "period_rates",
    "heterogeneity",
    "slope_differences",
    "projections",
    "claims",
    "verdict_counts",
    "context_changes",
    "context_shares",
    "context_index",
    "context_sources",
]


@pytest.fixture(scope="module")
def analysis() -> views.Analysis:
    return views.setup()


@pytest.fixture(scope="module")
def fresh() -> views.Analysis:
    """An analysis whose model tables are fitted anew, not read from the processed set."""
    analysis = views.setup()
    analysis.__dict__["models"] = build_tables(analysis.table("figures"))
    return analysis


@pytest.mark.parametrize("name", TABLES)
def test_every_view_has_rows(analysis: views.Analysis, name: str) -> None:
    assert len(getattr(analysis, name)()) > 0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"conf_level": 1.5},
        {"fold_convention": "times"},
        {"steps_2015_2019": 3},
        {"lang": "fr"},
        {"indicators": ["drugs_seized"]},
    ],
)
def test_bad_parameters_raise(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        views.setup(**kwargs)


@pytest.mark.parametrize(
    "name",
    [
        "rate_ratios",
        "annual_rates",
        "period_consistency",
        "heterogeneity",
        "slope_differences",
        "projections",
    ],
)
def test_processed_tables_show_the_same_as_a_fresh_fit(
    analysis: views.Analysis, fresh: views.Analysis, name: str
) -> None:
    assert getattr(analysis, name)().astype(str).equals(getattr(fresh, name)().astype(str))


def test_conf_level_changes_the_intervals(analysis: views.Analysis) -> None:
    narrow = views.setup(conf_level=0.8).rate_ratios()
    wide = analysis.rate_ratios()
    assert (narrow["estimate"] == wide["estimate"]).all()
    assert (narrow["lower 80%"] > wide["lower 95%"]).all()
    assert (narrow["upper 80%"] < wide["upper 95%"]).all()


def test_the_ratio_reading_reproduces_every_printed_fold(analysis: views.Analysis) -> None:
    readings = analysis.fold_readings()
    assert set(readings["reproduced by"]) == {"ratio"}
    assert (
        readings["before/after"].round(1) == readings["printed"].str.rstrip("倍").astype(float)
    ).all()


def test_context_compares_only_matching_concepts(analysis: views.Analysis) -> None:
    changes = analysis.context_changes()
    other = changes["comparator"].str.split(": ").str[1]
    compared = changes["status"] == "compared"
    assert compared.any()
    assert (changes.loc[compared, "indicator"] == other[compared]).all()
    refused = changes["status"].str.startswith("refused")
    assert refused.any()
    assert (changes.loc[refused, "indicator"] != other[refused]).all()
    assert (changes.loc[refused, "reason"] != "").all()


def test_every_fold_convention_of_the_parameter_cells_gives_tables() -> None:
    for convention in ("ratio", "multiple_of_after", "percent_of_before"):
        analysis = views.setup(fold_convention=convention)
        rr, pc = analysis.rate_ratios(), analysis.period_consistency()
        assert len(rr) > 0 and len(pc) > 0, convention
    refused = pc["verdict"].astype(str)
    assert refused.str.contains("impossible as").all(), refused.tolist()
