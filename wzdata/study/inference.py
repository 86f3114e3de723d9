"""The article's joint-model tables: one rate or two, under every named reading.

For each indicator with printed counts at two years and a fold over another
span whose endpoints are not printed (the 2015-2019 folds), this step fits the
joint model of :mod:`wzdata.trends.joint` and writes:

* ``joint_rates``: the difference of annual rates (fold span minus counts span)
  with its profile-likelihood interval, the test of one constant rate, each
  span's rate and the constant rate, under each observation model;
* ``joint_test``: one test of a constant rate for all those indicators at once;
* ``specifications``: the same test under every combination of fold convention,
  yearly steps, dispersion model and level, qualifier bounds and fold noise,
  with the graded verdict and the tipping points;
* ``exact_rates``: annual change and half-life from exact rate-ratio limits;
* ``nested_differences``: a subset against its total as nested binomial counts;
* ``trend_forms``: the expected count of the year after the last count under
  each trend form (one constant rate, or the counts' own rate), an
  extrapolation set beside any figure the article prints for that year.

The readings are named here (the engines know no article): the 2015-2019 fold
spans 4 yearly steps (the counts of 2015 and 2019 compared) or 5 (five years of
decline); the headline reading is the build's default (ratio, 4 steps, the
parser's bounds, Poisson counts, the fold's own sampling noise included).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from wzdata.figures import FoldConvention
from wzdata.study.trends import (
    _annual_counts,
    _finish,
    _fold_statements,
    _later_figures,
    model_tables,
    table_schemas,
)
from wzdata.trends import joint
from wzdata.trends.exact import exact_annual_change, nested_rate_difference
from wzdata.trends.models import pct_of_log_rate

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

__all__ = ["DISPERSIONS", "NESTED", "SCHEMAS", "STEPS_READINGS", "build_tables", "processed_tables"]

#: Observation models of the counts in ``joint_rates``, ``joint_test`` and the
#: specification tables (the first is the headline).
DISPERSIONS: tuple[joint.Dispersion, ...] = (
    joint.Dispersion(),
    joint.Dispersion("negative-binomial", 0.05),
    joint.Dispersion("negative-binomial", 0.2),
    joint.Dispersion("poisson-lognormal", 0.1),
    joint.Dispersion("poisson-lognormal", 0.3),
)
#: Readings of the yearly steps of the 2015-2019 span ("2015年初至2019年末").
STEPS_READINGS: dict[str, int] = {
    "counts of 2015 and 2019 compared (4 steps)": 4,
    "five years of decline (5 steps)": 5,
}
#: Subsets counted within another indicator: ``(subset, total)``.
NESTED: tuple[tuple[str, str], ...] = (("compulsory_rehab", "users_found"),)

_ESTIMAND = (
    "difference of annual log-rates: the 2015-2019 fold's span minus the 2016-2021 counts' "
    "span (0: one constant rate)"
)

_TABLES = model_tables("inference")
#: Frictionless Table Schema of each table of :func:`build_tables`.
SCHEMAS: dict[str, dict[str, Any]] = table_schemas(_TABLES)


def _testable(
    figures: pd.DataFrame,
) -> list[tuple[Any, joint.CountSeries, dict[int, tuple[int, str]]]]:
    """Folds over a span other than the counts', with counts at two or more years."""
    series = _annual_counts(figures)
    out = []
    for f in _fold_statements(figures, True):
        by_year = series.get((f.indicator, f.geography), {})
        if len(by_year) < 2:
            continue
        years = sorted(by_year)
        if (years[0], years[-1]) == (f.year_start, f.year_end):
            continue  # a pair with its printed fold: the rate-ratio table
        cs = joint.CountSeries.of(years, [by_year[y][0] for y in years])
        out.append((f, cs, by_year))
    return out


def _printed(f: Any) -> str:
    return f.interval.as_printed.split(" & ")[0]


def build_tables(figures: pd.DataFrame, conf_level: float = 0.95) -> dict[str, pd.DataFrame]:
    """The joint-model, specification, exact-rate and nested tables.

    Parameters
    ----------
    figures : pandas.DataFrame
        The processed figures table.
    conf_level : float
        Confidence level of every interval and of the tests.

    Returns
    -------
    dict of str to DataFrame
        Keyed as :data:`SCHEMAS`.
    """
    from scipy import stats

    head_steps_name, head_steps = next(iter(STEPS_READINGS.items()))
    joint_rows: list[dict[str, Any]] = []
    spec_rows: list[dict[str, Any]] = []
    test_rows: list[dict[str, Any]] = []
    form_rows: list[dict[str, Any]] = []
    by_geo: dict[str, dict[str, tuple[joint.CountSeries, joint.FoldObservation]]] = {}
    for f, cs, _ in _testable(figures):
        printed = _printed(f)
        bounds = joint.fold_bound_readings(printed)
        span_steps = (
            STEPS_READINGS
            if f.year_end - f.year_start == head_steps
            else {f"{f.year_end - f.year_start} steps": f.year_end - f.year_start}
        )
        spec = joint.specification_table(
            cs,
            year_end=f.year_end,
            bounds=bounds,
            steps=span_steps,
            dispersions=DISPERSIONS,
            direction=f.direction,
            as_printed=printed,
            conf_level=conf_level,
            label=f.indicator,
        )
        spec_rows += [{**r, "geography": f.geography} for r in spec.to_frame().to_dict("records")]
        steps_name, steps = next(iter(span_steps.items()))
        lo, hi = bounds["parser"]
        for disp, noise in [(d, True) for d in DISPERSIONS] + [(joint.Dispersion(), False)]:
            fold = joint.FoldObservation(
                lo,
                hi,
                year_end=f.year_end,
                steps=steps,
                direction=f.direction,
                convention=FoldConvention.RATIO,
                noise=noise,
                as_printed=printed,
                bounds_reading="parser",
                steps_reading=steps_name,
            )
            fit = joint.fit_joint(cs, fold, disp, conf_level=conf_level, label=f.indicator)
            if noise and disp == DISPERSIONS[0]:
                by_geo.setdefault(f.geography, {})[f.indicator] = (cs, fold)
                form_rows += _form_rows(figures, f, cs, fold, fit.rejected, conf_level)
            d_lo, d_hi = fit.delta_interval
            c_lo, c_hi = fit.common_interval
            bc_lo, bc_hi = fit.slope_counts_interval
            bf_lo, bf_hi = fit.slope_fold_interval
            joint_rows.append(
                {
                    "indicator": f.indicator,
                    "geography": f.geography,
                    "dispersion": disp.name,
                    "fold_noise": noise,
                    "is_headline": bool(noise and disp == DISPERSIONS[0]),
                    "dispersion_model": "poisson" if disp.is_poisson else disp.model,
                    "dispersion_level": disp.level,
                    "fold_figure_ids": f.figure_ids,
                    "fold_as_printed": printed,
                    "fold_period": f"{f.year_start}-{f.year_end}",
                    "fold_convention": FoldConvention.RATIO.value,
                    "steps": steps,
                    "bounds_reading": "parser",
                    "fold_lower": lo,
                    "fold_upper": hi,
                    "count_years": "-".join(str(y) for y in cs.years),
                    "counts": "-".join(str(c) for c in cs.counts),
                    "estimand": _ESTIMAND,
                    "delta": fit.delta,
                    "delta_lower": d_lo,
                    "delta_upper": d_hi,
                    "slope_counts": fit.slope_counts,
                    "slope_counts_lower": bc_lo,
                    "slope_counts_upper": bc_hi,
                    "slope_fold": fit.slope_fold,
                    "slope_fold_lower": bf_lo,
                    "slope_fold_upper": bf_hi,
                    "common_slope": fit.common_slope,
                    "common_slope_lower": c_lo,
                    "common_slope_upper": c_hi,
                    "annual_change_counts_pct": pct_of_log_rate(fit.slope_counts),
                    "annual_change_counts_pct_lower": pct_of_log_rate(bc_lo),
                    "annual_change_counts_pct_upper": pct_of_log_rate(bc_hi),
                    "annual_change_fold_pct": pct_of_log_rate(fit.slope_fold),
                    "annual_change_fold_pct_lower": pct_of_log_rate(bf_lo),
                    "annual_change_fold_pct_upper": pct_of_log_rate(bf_hi),
                    "lr_statistic": fit.lr_statistic,
                    "p_value": fit.p_value,
                    "rejected": fit.rejected,
                    "mdd": fit.mdd,
                    "verdict": fit.verdict,
                    "grade": spec.grade,
                    "tipping_points": spec.tipping_text,
                    "conf_level": conf_level,
                    "method": fit.method,
                    "assumption": fit.assumption,
                }
            )
    for geo, data in sorted(by_geo.items()):
        if len(data) < 2:
            continue
        for disp in DISPERSIONS:
            many = joint.fit_joint_many(
                {k: (s, fo) for k, (s, fo) in sorted(data.items())}, disp, conf_level=conf_level
            )
            test_rows.append(
                {
                    "geography": geo,
                    "dispersion": disp.name,
                    "indicators": ", ".join(sorted(data)),
                    "lr_statistic": many.lr_statistic,
                    "df": many.df,
                    "p_value": many.p_value,
                    "rejected": many.p_value < 1 - conf_level,
                    "common_delta": many.common_delta,
                    "common_delta_lower": many.common_delta_interval[0],
                    "common_delta_upper": many.common_delta_interval[1],
                    "conf_level": conf_level,
                    "assumption": many.assumption,
                }
            )
    del head_steps_name
    exact_rows = _exact_rows(figures, conf_level)
    nested_rows = _nested_rows(figures, conf_level, stats)
    return {
        "joint_rates": _finish("joint_rates", joint_rows, _TABLES),
        "joint_test": _finish("joint_test", test_rows, _TABLES),
        "specifications": _finish("specifications", spec_rows, _TABLES),
        "exact_rates": _finish("exact_rates", exact_rows, _TABLES),
        "nested_differences": _finish("nested_differences", nested_rows, _TABLES),
        "trend_forms": _finish("trend_forms", form_rows, _TABLES),
    }


def _form_rows(
    figures: pd.DataFrame,
    f: Any,
    cs: joint.CountSeries,
    fold: joint.FoldObservation,
    rejected: bool,
    conf: float,
) -> list[dict[str, Any]]:
    year = cs.years[-1] + 1
    observed = _later_figures(figures, f.indicator, f.geography, [year]).get(year, ("", ""))
    rows = []
    for form in ("constant", "counts"):
        r = joint.expected_count(cs, fold, year, form=form, conf_level=conf)
        rows.append(
            {
                **r,
                "indicator": f.indicator,
                "geography": f.geography,
                "form_rejected": bool(rejected) if form == "constant" else False,
                "is_extrapolation": True,
                "observed_as_printed": observed[0],
                "observed_figure_id": observed[1],
            }
        )
    return rows


def _exact_rows(figures: pd.DataFrame, conf: float) -> list[dict[str, Any]]:
    rows = []
    for (ind, geo), by_year in sorted(_annual_counts(figures).items()):
        years = sorted(by_year)
        if len(years) < 2:
            continue
        y0, y1 = years[0], years[-1]
        res = exact_annual_change(
            by_year[y0][0], by_year[y1][0], y1 - y0, conf_level=conf, label=ind
        )
        for r in res.to_frame().to_dict("records"):
            rows.append({**r, "geography": geo, "year_before": y0, "year_after": y1})
    return rows


def _nested_rows(figures: pd.DataFrame, conf: float, stats: Any) -> list[dict[str, Any]]:
    series = _annual_counts(figures)
    rows = []
    for sub, tot in NESTED:
        for (ind, geo), by_year in sorted(series.items()):
            if ind != sub or (tot, geo) not in series:
                continue
            tot_years = series[(tot, geo)]
            years = sorted(set(by_year) & set(tot_years))
            if len(years) < 2:
                continue
            y0, y1 = years[0], years[-1]
            s = (by_year[y0][0], by_year[y1][0])
            t = (tot_years[y0][0], tot_years[y1][0])
            res = nested_rate_difference(
                s, t, y1 - y0, conf_level=conf, subset_label=sub, total_label=tot
            )
            row = res.to_frame().to_dict("records")[0]
            # the same difference with the two counts treated as independent Poisson
            se_ind = math.sqrt(sum(1 / c for c in (*s, *t))) / (y1 - y0)
            d = row["slope_difference"]
            row["p_value_independent"] = float(2 * stats.norm.sf(abs(d) / se_ind))
            row["assumption"] += (
                "; p_value_independent shows what independence (the wrong model here) would give"
            )
            rows.append({**row, "geography": geo})
    return rows


def processed_tables(
    figures: pd.DataFrame, raw_dir: Path | None = None
) -> dict[str, tuple[pd.DataFrame, dict[str, Any]]]:
    """Hook of ``wzdata build``: the tables of :func:`build_tables` with their schemas.

    The fits take tens of seconds, so the tables are kept for the figures they
    were computed from (a hash of the figures' CSV text) and reused when a build
    in the same process sees the same figures.
    """
    import hashlib

    del raw_dir
    key = hashlib.sha256(figures.to_csv(index=False).encode("utf-8")).hexdigest()
    if key not in _CACHE:
        if len(_CACHE) >= 4:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = build_tables(figures)
    return {name: (frame.copy(), SCHEMAS[name]) for name, frame in _CACHE[key].items()}


_CACHE: dict[str, dict[str, pd.DataFrame]] = {}
