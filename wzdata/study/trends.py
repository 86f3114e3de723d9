"""The model tables of the article: rate ratios, annual rates, period consistency, ...

The models are in :mod:`wzdata.trends`; this module picks the article's counts
and folds from the processed figures, runs the models under the build's
settings and derives the schema of each table ``wzdata build`` writes from its
declaration in ``model_tables.toml`` (:func:`model_tables`, which serves
:mod:`wzdata.study.inference` too).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wzdata.datapkg import field, table
from wzdata.figures import FoldConvention, as_convention
from wzdata.intervals import check_conf_level, check_count
from wzdata.study import settings
from wzdata.trends.models import (
    DEFAULT_NB_ALPHAS,
    DEFAULT_SCALES,
    DEFAULT_SEED,
    MODEL_CONVENTIONS,
    FoldInterval,
    _fold_slopes,
    annual_decline,
    fold_interval,
    period_consistency,
    project,
    rate_ratio,
    slope_heterogeneity,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SCHEMAS", "build_tables", "model_tables", "processed_tables"]


#: A column of a model table: name, Table Schema type, description, and the
#: rounding of its values when written (decimals, a format spec, or None).
_F = tuple[str, str, str, int | str | None]
#: A model table: description, columns, primary key.
ModelTable = tuple[str, list[_F], list[str]]

_TYPES = ("string", "integer", "number", "boolean")


@functools.cache
def _declarations() -> dict[str, Any]:
    import tomllib
    from importlib import resources

    text = resources.files("wzdata.study").joinpath("model_tables.toml").read_text("utf-8")
    return tomllib.loads(text)


def model_tables(step: str) -> dict[str, ModelTable]:
    """The model tables of one step (``trends`` or ``inference``) from ``model_tables.toml``.

    Parameters
    ----------
    step : str
        The section of the declaration: ``trends`` or ``inference``.

    Returns
    -------
    dict
        ``name -> (description, columns, primary key)``, in the declared order.
    """
    decl = _declarations()
    if step not in decl:
        raise KeyError(f"model_tables.toml declares no step {step!r}; it has {sorted(decl)}")
    out: dict[str, ModelTable] = {}
    for name, t in decl[step].items():
        cols: list[_F] = []
        for c in t["columns"]:
            if len(c) not in (3, 4) or c[1] not in _TYPES:
                raise ValueError(
                    f"model_tables.toml [{step}.{name}]: column {c!r} is not "
                    f"[name, type, description(, rounding)] with a type of {_TYPES}"
                )
            cols.append((c[0], c[1], c[2], c[3] if len(c) == 4 else None))
        out[name] = (t["description"], cols, list(t["primary_key"]))
    return out


def table_schemas(tables: Mapping[str, ModelTable]) -> dict[str, Any]:
    """The Table Schema of each model table declared as ``name -> (description, columns, key)``."""
    return {
        name: {
            "description": desc,
            **table(
                [field(n, t, d, required=False) for n, t, d, _ in fields], pk, missing_values=[""]
            ),
        }
        for name, (desc, fields, pk) in tables.items()
    }


_TABLES = model_tables("trends")
#: Frictionless Table Schema of each table returned by :func:`build_tables`.
SCHEMAS: dict[str, dict[str, Any]] = table_schemas(_TABLES)

_FIGURE_COLUMNS = (
    "figure_id",
    "indicator",
    "measure",
    "direction",
    "geography",
    "period_start",
    "period_end",
    "as_printed",
    "value",
    "kind",
    "qualifier",
)


def _round(value: Any, spec: int | str | None) -> Any:
    if spec is None or value is None:
        return value
    try:
        f = float(value)
    except (TypeError, ValueError):
        return value
    if not math.isfinite(f):
        return f
    if isinstance(spec, int):
        r = round(f, spec)
    else:
        r = float(format(f, spec))
    return r + 0.0  # no negative zero


def _finish(
    name: str,
    rows: list[dict[str, Any]],
    tables: Mapping[str, ModelTable] | None = None,
) -> pd.DataFrame:
    """Order, type, round and sort one table by its schema (of ``tables``, these by default)."""
    import pandas as pd

    _, fields, pk = (tables or _TABLES)[name]
    cols = [f[0] for f in fields]
    data = {c: [_round(r.get(c), spec) for r in rows] for c, _t, _d, spec in fields}
    frame = pd.DataFrame(data, columns=cols)
    for c, t, _d, _s in fields:
        if t == "integer":
            frame[c] = frame[c].astype("Int64")
        elif t == "number":
            frame[c] = frame[c].astype("float64")
        elif t == "boolean":
            frame[c] = frame[c].astype("boolean")
        else:
            frame[c] = frame[c].fillna("").astype("string")
    frame = frame.sort_values(pk, kind="stable").reset_index(drop=True)
    if frame.duplicated(pk).any():
        dup = frame.loc[frame.duplicated(pk, keep=False), pk].to_dict("records")
        raise ValueError(f"table {name!r}: primary key {pk} is not unique: {dup}")
    return frame


def _year_span(start: Any, end: Any, figure_id: str) -> tuple[int, int, bool]:
    """(first year, last year, spans whole calendar years) of a figure's period."""
    import pandas as pd

    try:
        s, e = pd.Timestamp(str(start)[:10]), pd.Timestamp(str(end)[:10])
    except (ValueError, TypeError):
        raise ValueError(
            f"figure {figure_id!r}: period_start {start!r} / period_end {end!r} are not ISO "
            "dates (YYYY-MM-DD); fix them in data/raw/figures.csv"
        ) from None
    whole = (s.month, s.day) == (1, 1) and (e.month, e.day) == (12, 31)
    return int(s.year), int(e.year), whole


def _annual_counts(figures: pd.DataFrame) -> dict[tuple[str, str], dict[int, tuple[int, str]]]:
    """``(indicator, geography) -> {year: (count, figure_id)}`` of exact annual counts."""
    out: dict[tuple[str, str], dict[int, tuple[int, str]]] = {}
    level = figures[figures["measure"].astype(str) == "level"]
    for r in level.itertuples(index=False):
        if str(r.kind) != "count" or str(r.qualifier) != "exact":
            continue
        y0, y1, whole = _year_span(r.period_start, r.period_end, r.figure_id)
        if not whole or y0 != y1:
            continue
        count = check_count(r.value, f"value of figure {r.figure_id!r}")
        series = out.setdefault((str(r.indicator), str(r.geography)), {})
        if y0 in series and series[y0][0] != count:
            raise ValueError(
                f"figures {series[y0][1]!r} and {r.figure_id!r} give different counts "
                f"({series[y0][0]} and {count}) for {r.indicator} {r.geography} {y0}: "
                "correct one of them in data/raw/figures.csv"
            )
        if y0 not in series or str(r.figure_id) < series[y0][1]:
            series[y0] = (count, str(r.figure_id))
    return out


@dataclass(frozen=True)
class _Fold:
    indicator: str
    geography: str
    year_start: int
    year_end: int
    direction: str
    figure_ids: str
    interval: FoldInterval


def _fold_statements(figures: pd.DataFrame, round_exact: bool) -> list[_Fold]:
    """Fold statements grouped by indicator, geography and span; bounds intersected."""
    groups: dict[tuple[str, str, int, int, str], list[tuple[str, FoldInterval]]] = {}
    folds = figures[figures["measure"].astype(str) == "fold_change"]
    for r in folds.itertuples(index=False):
        y0, y1, _ = _year_span(r.period_start, r.period_end, r.figure_id)
        direction = str(r.direction)
        if direction not in ("down", "up"):
            raise ValueError(
                f"fold figure {r.figure_id!r} has direction {r.direction!r}: a fold_change needs "
                "direction 'down' or 'up'; set it in data/raw/figures.csv"
            )
        try:
            fi = fold_interval(str(r.as_printed), round_exact=round_exact)
        except ValueError as exc:
            raise ValueError(f"figure {r.figure_id!r}: {exc}") from exc
        key = (str(r.indicator), str(r.geography), y0, y1, direction)
        groups.setdefault(key, []).append((str(r.figure_id), fi))
    out: list[_Fold] = []
    for (ind, geo, y0, y1, direction), items in sorted(groups.items()):
        items.sort()
        lo = max(fi.lower for _, fi in items)
        hi = min(fi.upper for _, fi in items)
        if lo > hi:
            ids = ", ".join(i for i, _ in items)
            raise ValueError(
                f"fold statements {ids} for {ind} {geo} {y0}-{y1} have disjoint bounds: "
                "check their periods in data/raw/figures.csv"
            )
        printed = " & ".join(dict.fromkeys(fi.as_printed for _, fi in items))
        rules = "; ".join(dict.fromkeys(fi.rule for _, fi in items))
        out.append(
            _Fold(
                ind,
                geo,
                y0,
                y1,
                direction,
                ";".join(i for i, _ in items),
                FoldInterval(printed, lo, hi, rules),
            )
        )
    return out


def build_tables(
    figures: pd.DataFrame,
    conf_level: float = 0.95,
    *,
    fold_convention: str | FoldConvention = FoldConvention.RATIO,
    steps_2015_2019: int = settings.DEFAULT_FOLD_PERIOD_STEPS,
    scales: Sequence[float] = DEFAULT_SCALES,
    nb_alphas: Sequence[float] = DEFAULT_NB_ALPHAS,
    round_exact_folds: bool = True,
    rr_methods: Sequence[str] = ("score", "wald-log"),
    projection_years: Sequence[int] = settings.PROJECTION_YEARS,
    n_sim: int = 20000,
    seed: int = DEFAULT_SEED,
) -> dict[str, pd.DataFrame]:
    """All model tables from the processed figures table.

    Pairs are exact annual counts (``measure == "level"``, ``kind == "count"``,
    whole calendar year) of the same indicator and geography at two years;
    fold statements are ``measure == "fold_change"``. A fold over the same span
    as a pair is set beside that pair's rate ratio; a fold over another span
    goes into the period-consistency table.

    Parameters
    ----------
    figures : pandas.DataFrame
        The processed figures table (see ``notes/data-spec.md``).
    conf_level : float
        Confidence level of every interval.
    fold_convention : {"ratio", "multiple_of_after"}
        Chosen reading of ``N倍``; the period-consistency table shows both
        readings and marks the chosen one in ``is_default``.
    steps_2015_2019 : int
        Yearly steps of a 2015-2019 fold (4 or 5); the table shows both.
    scales, nb_alphas : sequence of float
        Dispersion assumptions (see :func:`annual_decline`).
    round_exact_folds : bool
        Read unqualified printed folds as rounded (see :func:`fold_interval`).
    rr_methods : sequence of str
        statsmodels methods of the rate-ratio tests and intervals.
    projection_years : sequence of int
        Years to project.
    n_sim, seed : int
        Simulations and seed of the prediction intervals.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``rate_ratios``, ``annual_rates``, ``period_consistency``,
        ``heterogeneity``, ``slope_differences``, ``projections``; their
        schemas are in :data:`SCHEMAS`.
    """

    conf = check_conf_level(conf_level)
    conv = as_convention(fold_convention)
    missing = [c for c in _FIGURE_COLUMNS if c not in figures.columns]
    if missing:
        raise ValueError(
            f"figures table lacks columns {missing}; pass the processed figures table "
            "(data/processed/figures.csv, see notes/data-spec.md)"
        )
    series = _annual_counts(figures)
    folds = _fold_statements(figures, round_exact_folds)
    fold_by_span = {(f.indicator, f.geography, f.year_start, f.year_end): f for f in folds}

    rr_rows: list[dict[str, Any]] = []
    annual_rows: list[dict[str, Any]] = []
    proj_rows: list[dict[str, Any]] = []
    pair_spans: set[tuple[str, str, int, int]] = set()
    for (ind, geo), by_year in sorted(series.items()):
        years = sorted(by_year)
        if len(years) < 2:
            continue
        base = {"indicator": ind, "geography": geo}
        for i, yb in enumerate(years):
            for ya in years[i + 1 :]:
                pair_spans.add((ind, geo, yb, ya))
                (cb, fb), (ca, fa) = by_year[yb], by_year[ya]
                res = rate_ratio(cb, ca, conf_level=conf, methods=rr_methods, label=ind)
                printed = fold_by_span.get((ind, geo, yb, ya))
                extra: dict[str, Any] = {
                    "printed_fold": "",
                    "printed_fold_figure_id": "",
                    "fold_convention": conv.value,
                    "printed_ratio_lower": math.nan,
                    "printed_ratio_upper": math.nan,
                    "printed_matches_estimate": None,
                }
                if printed is not None and not conv.admits(printed.interval.lower):
                    extra.update(
                        printed_fold=printed.interval.as_printed,
                        printed_fold_figure_id=printed.figure_ids,
                    )
                elif printed is not None:
                    r_lo, r_hi = printed.interval.ratio_bounds(conv)
                    if printed.direction == "up":
                        r_lo, r_hi = 1.0 / r_hi if r_hi else math.inf, 1.0 / r_lo
                    extra.update(
                        printed_fold=printed.interval.as_printed,
                        printed_fold_figure_id=printed.figure_ids,
                        printed_ratio_lower=r_lo,
                        printed_ratio_upper=r_hi,
                        printed_matches_estimate=bool(r_lo <= res.ratio <= r_hi),
                    )
                for row in res.to_frame().to_dict("records"):
                    rr_rows.append(
                        {
                            **base,
                            "year_before": yb,
                            "year_after": ya,
                            "count_before": cb,
                            "count_after": ca,
                            "figure_id_before": fb,
                            "figure_id_after": fa,
                            "conf_level": conf,
                            **row,
                            **extra,
                        }
                    )
        counts = [by_year[y][0] for y in years]
        ids = ";".join(by_year[y][1] for y in years)
        ann = annual_decline(
            years, counts, conf_level=conf, scales=scales, nb_alphas=nb_alphas, label=ind
        )
        for row in ann.to_frame().to_dict("records"):
            annual_rows.append({**base, "figure_ids": ids, **row})
        later = [y for y in projection_years if y > years[-1]]
        observed = _later_figures(figures, ind, geo, later)
        for s in scales:
            pr = project(
                years,
                counts,
                later,
                conf_level=conf,
                scale=s,
                n_sim=n_sim,
                seed=seed,
                observed=observed,
                label=ind,
            )
            proj_rows += [{**base, **row} for row in pr.to_frame().to_dict("records")]

    period_rows = _period_rows(
        series, folds, pair_spans, conv, steps_2015_2019, scales, round_exact_folds, conf
    )
    het_rows, pair_rows = _heterogeneity_rows(series, scales, conf)
    tables = {
        "rate_ratios": _finish("rate_ratios", rr_rows),
        "annual_rates": _finish("annual_rates", annual_rows),
        "period_consistency": _finish("period_consistency", period_rows),
        "heterogeneity": _finish("heterogeneity", het_rows),
        "slope_differences": _finish("slope_differences", pair_rows),
        "projections": _finish("projections", proj_rows),
    }
    return tables


def _later_figures(
    figures: pd.DataFrame, indicator: str, geography: str, years: Sequence[int]
) -> dict[int, tuple[str, str]]:
    """Level figures the source gives for later years (any period ending in that year)."""
    out: dict[int, tuple[str, str]] = {}
    sel = figures[
        (figures["measure"].astype(str) == "level")
        & (figures["indicator"].astype(str) == indicator)
        & (figures["geography"].astype(str) == geography)
    ]
    for r in sel.sort_values("figure_id").itertuples(index=False):
        _, y1, whole = _year_span(r.period_start, r.period_end, r.figure_id)
        if y1 in years and y1 not in out:
            span = "" if whole else f" ({str(r.period_start)[:10]} to {str(r.period_end)[:10]})"
            out[y1] = (f"{r.as_printed}{span}", str(r.figure_id))
    return out


def span_steps(year_start: int, year_end: int, steps_2015_2019: int) -> tuple[int, str]:
    """Yearly steps of one of the article's fold statements and the words for the reading.

    The article's 2015-2019 folds run "from the start of 2015 to the end of
    2019" (:data:`wzdata.study.settings.FOLD_PERIOD`), which is 4 steps (the
    annual counts of 2015 and 2019 compared) or 5 (five years of decline).
    """
    if (year_start, year_end) == settings.FOLD_PERIOD:
        if steps_2015_2019 == 4:
            why = "start-2015 to end-2019 read as the counts of 2015 and 2019 compared (4 steps)"
        elif steps_2015_2019 == 5:
            why = "start-2015 to end-2019 read as 5 years of decline (5 steps)"
        else:
            why = (
                f"start-2015 to end-2019 taken as {steps_2015_2019} yearly steps (set by the user)"
            )
        return steps_2015_2019, why
    steps = year_end - year_start
    return steps, f"annual counts of {year_start} and {year_end} compared ({steps} steps)"


def _period_rows(
    series: Mapping[tuple[str, str], Mapping[int, tuple[int, str]]],
    folds: Sequence[_Fold],
    pair_spans: set[tuple[str, str, int, int]],
    conv: FoldConvention,
    steps_2015_2019: int,
    scales: Sequence[float],
    round_exact: bool,
    conf: float,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for f in folds:
        if (f.indicator, f.geography, f.year_start, f.year_end) in pair_spans:
            continue  # set beside the pair's rate ratio instead
        by_year = series.get((f.indicator, f.geography), {})
        steps_options = [steps_2015_2019]
        if (f.year_start, f.year_end) == settings.FOLD_PERIOD:
            steps_options += [s for s in settings.FOLD_PERIOD_STEPS if s != steps_2015_2019]
        base = {
            "indicator": f.indicator,
            "geography": f.geography,
            "fold_figure_ids": f.figure_ids,
        }
        conventions = (*MODEL_CONVENTIONS, *((conv,) if conv not in MODEL_CONVENTIONS else ()))
        for c in conventions:
            readable = c.admits(f.interval.lower)
            for st in steps_options:
                n_steps, reading = span_steps(f.year_start, f.year_end, st)
                default = c is conv and st == steps_2015_2019
                if len(by_year) < 2 or not readable:
                    if readable:
                        r_lo, r_hi = f.interval.ratio_bounds(c)
                        ends = _fold_slopes(r_lo, r_hi, n_steps, f.direction)
                        verdict = (
                            "not testable: no counts at two years for this "
                            "indicator; only the fold's own annual rate is shown"
                        )
                    else:
                        r_lo = r_hi = math.nan
                        ends = (math.nan, math.nan)
                        verdict = (
                            f"not testable: {f.interval.as_printed} is impossible as "
                            f"{c.formula} = N (a fall of over 100%)"
                        )
                    rows += [
                        {
                            **base,
                            "scale": float(s),
                            "is_default": bool(default and float(s) == 1.0),
                            "fold_period": f"{f.year_start}-{f.year_end}",
                            "fold_convention": c.value,
                            "fold_convention_text": c.description,
                            "steps": n_steps,
                            "steps_reading": reading,
                            "fold_as_printed": f.interval.as_printed,
                            "fold_direction": f.direction,
                            "fold_lower": f.interval.lower,
                            "fold_upper": f.interval.upper,
                            "fold_rule": f.interval.rule,
                            "ratio_lower": r_lo,
                            "ratio_upper": r_hi,
                            "conf_level": conf,
                            "fold_slope_lower": ends[0],
                            "fold_slope_upper": ends[1],
                            "consistent": None,
                            "verdict": verdict,
                            "method": "annual log-rate interval implied by the fold alone",
                            "assumption": f"fold {c.description}; {reading}; "
                            f"fold bounds {f.interval.rule}",
                        }
                        for s in scales
                    ]
                    continue
                years = sorted(by_year)
                counts = [by_year[y][0] for y in years]
                for s in scales:
                    res = period_consistency(
                        years,
                        counts,
                        f.interval,
                        (f.year_start, f.year_end),
                        steps=n_steps,
                        steps_reading=reading,
                        direction=f.direction,
                        fold_convention=c,
                        round_exact=round_exact,
                        conf_level=conf,
                        scale=s,
                        label=f.indicator,
                    )
                    row = res.to_frame().to_dict("records")[0]
                    rows.append({**base, **row, "is_default": bool(default and float(s) == 1.0)})
    return rows


def _heterogeneity_rows(
    series: Mapping[tuple[str, str], Mapping[int, tuple[int, str]]],
    scales: Sequence[float],
    conf: float,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    import pandas as pd

    het: list[dict[str, Any]] = []
    pairs: list[dict[str, Any]] = []
    geos = sorted({g for _, g in series})
    for geo in geos:
        recs = [
            {"indicator": ind, "year": y, "count": c}
            for (ind, g), by_year in sorted(series.items())
            if g == geo and len(by_year) >= 2
            for y, (c, _) in sorted(by_year.items())
        ]
        data = pd.DataFrame(recs, columns=["indicator", "year", "count"])
        if data["indicator"].nunique() < 2:
            continue
        for s in scales:
            res = slope_heterogeneity(data, conf_level=conf, scale=s)
            het.append({"geography": geo, **res.to_frame().to_dict("records")[0]})
            pairs += [{"geography": geo, **p} for p in res.pairwise_frame().to_dict("records")]
    return het, pairs


def processed_tables(
    figures: pd.DataFrame, raw_dir: Any = None
) -> dict[str, tuple[pd.DataFrame, dict[str, Any]]]:
    """Hook of ``wzdata build``: the model tables with their schemas, default settings.

    Parameters
    ----------
    figures : pandas.DataFrame
        The processed figures.
    raw_dir : Path, optional
        Unused (the models read only the figures); accepted for the hook's signature.

    Returns
    -------
    dict
        ``name -> (DataFrame, Table Schema)`` for every table of :func:`build_tables`.
    """
    del raw_dir
    return {name: (frame, SCHEMAS[name]) for name, frame in build_tables(figures).items()}
