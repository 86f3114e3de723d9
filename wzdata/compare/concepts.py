"""Compare two areas' figures on one indicator, refusing to compare different concepts.

The values come as a ``series`` table (indicator, geography, period, value,
bounds, unit, source; one row per value) and a codebook (``indicators``: what
each key counts, flow or stock, unit). This module compares two geographies on
one indicator and refuses to compare different concepts.

Concept checks
--------------
Two values are comparable only when all of these agree (each has a reason code):

``indicator``
    the codebook key: e.g. ``drug_cases_solved`` (破获毒品案件, scope not stated)
    is not ``drug_criminal_cases_solved`` (犯罪/刑事 cases);
``flow_stock``
    a flow over a period is not a stock at a date (codebook ``flow_stock``);
``unit``
    persons (人, 名) are not person-times (人次), by the codebook unit or the
    printed unit;
``period``
    a full calendar year is not a part year or a multi-year total; a year-end
    stock is not a stock at another date.

A mismatch raises :class:`ConceptMismatchError`, naming both indicator keys and
every reason. A caller may pass ``allow=("indicator",)`` (or other codes) to
compare anyway; the override is recorded in the result (``allowed``) and in its
notes, never applied silently.

Methods
-------
Counts are treated as Poisson counts over equal exposures (one calendar year).

* the ratio after/before (columns ``ratio_after_before*``; the rate ratio of
  :mod:`wzdata.trends` is before/after, like a fold) with the exact conditional
  interval (binomial split of the two counts, Clopper-Pearson), the approach of
  :func:`wzdata.trends.models.exact_conditional_ci`;
* fold change before/after (the ``ratio`` convention: before / after = N; the
  other reading of 下降N倍, (before - after) / after, is N - 1 on the same numbers);
* annual rate ``(after / before) ** (1 / years) - 1`` over the common period;
* the ratio of two geographies' rate ratios with a Wald interval on the log scale;
* a share part/whole with the exact binomial (Clopper-Pearson) interval;
* an index on a common base year (= 100).

National counts are large, so their Poisson intervals are tiny; the real
uncertainty is definitional and reporting (other sources' values, rounding,
qualifier bounds). Every comparison therefore carries a sensitivity table that
recomputes it with the non-preferred values and with the qualifier bounds.

pandas and scipy are imported inside the functions.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wzdata.figures import FoldConvention
from wzdata.intervals import check_conf_level, check_count, clopper_pearson, z_critical
from wzdata.output import Results

if TYPE_CHECKING:
    import pandas as pd


#: Reason codes of a concept mismatch, in the order they are checked.
REASONS: tuple[str, ...] = ("indicator", "flow_stock", "unit", "period")

_PERSONS = frozenset({"人", "名", "persons"})
_PERSON_TIMES = frozenset({"人次", "person-times"})

METHOD_RATE = "Poisson counts, equal exposures; exact conditional (Clopper-Pearson) interval"
METHOD_SHARE = "exact binomial (Clopper-Pearson) interval of part/whole"


class ConceptMismatchError(ValueError):
    """Two values measure different concepts and may not be compared.

    Parameters
    ----------
    left, right : str
        Indicator keys of the two sides (``geography:indicator``).
    reasons : dict
        Reason code (see :data:`REASONS`) -> explanation.
    """

    def __init__(self, left: str, right: str, reasons: dict[str, str]) -> None:
        self.left = left
        self.right = right
        self.reasons = dict(reasons)
        why = "; ".join(f"{k}: {v}" for k, v in self.reasons.items())
        codes = ", ".join(repr(k) for k in self.reasons)
        super().__init__(
            f"cannot compare {left} with {right}: {why}. Compare like with like, or pass "
            f"allow=({codes},) to compare anyway; the override is recorded in the result."
        )


@dataclass(frozen=True)
class Value:
    """One value of the ``series`` table."""

    indicator: str
    geography: str
    period_start: dt.date
    period_end: dt.date
    value: float
    lower: float
    upper: float
    unit: str
    qualifier: str
    figure_id: str
    source_id: str
    preferred: bool

    @property
    def key(self) -> str:
        """``geography:indicator`` for messages."""
        return f"{self.geography}:{self.indicator}"

    @property
    def full_year(self) -> int | None:
        """The calendar year when the period is exactly one calendar year, else None."""
        s, e = self.period_start, self.period_end
        if s.year == e.year and (s.month, s.day) == (1, 1) and (e.month, e.day) == (12, 31):
            return s.year
        return None

    @property
    def year_end(self) -> int | None:
        """The year when the value is a stock on 31 December, else None."""
        s, e = self.period_start, self.period_end
        if s == e and (s.month, s.day) == (12, 31):
            return s.year
        return None

    def label(self) -> str:
        """Short label: value, period and source."""
        return f"{self.value:,.10g} ({self.period_start}..{self.period_end}, {self.source_id})"


# --------------------------------------------------------------------------- inputs


def _date(x: Any) -> dt.date:
    import pandas as pd

    return pd.Timestamp(x).date()


def _to_value(rec: dict[str, Any]) -> Value:
    def num(x: Any) -> float:
        return float("nan") if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)

    unit = rec.get("unit")
    return Value(
        indicator=str(rec["indicator"]),
        geography=str(rec["geography"]),
        period_start=_date(rec["period_start"]),
        period_end=_date(rec["period_end"]),
        value=num(rec["value"]),
        lower=num(rec["lower"]),
        upper=num(rec["upper"]),
        unit="" if unit is None or unit != unit else str(unit),
        qualifier=str(rec.get("qualifier") or "exact"),
        figure_id=str(rec["figure_id"]),
        source_id=str(rec["source_id"]),
        preferred=str(rec.get("preferred", "yes")) == "yes",
    )


def values(
    series: pd.DataFrame,
    indicator: str,
    geography: str,
    year: int | None = None,
    *,
    preferred_only: bool = False,
) -> list[Value]:
    """Values of one indicator and geography, the preferred one first.

    Parameters
    ----------
    series : DataFrame
        The processed ``series`` table (``wzdata.load("series")``).
    indicator, geography : str
        Keys of the codebook and of ``geographies.csv``.
    year : int, optional
        Keep only the full calendar year ``year`` (flows) or 31 December of
        ``year`` (stocks).
    preferred_only : bool
        Keep only preferred values.

    Returns
    -------
    list of Value
        Sorted by period, preferred first within a period, then by source.
    """
    mask = (series["indicator"].astype(str) == indicator) & (
        series["geography"].astype(str) == geography
    )
    out = [_to_value(r) for r in series.loc[mask].to_dict("records")]
    if year is not None:
        out = [v for v in out if year in (v.full_year, v.year_end)]
    if preferred_only:
        out = [v for v in out if v.preferred]
    return sorted(out, key=lambda v: (v.period_start, v.period_end, not v.preferred, v.source_id))


def _pick(series: pd.DataFrame, indicator: str, geography: str, year: int) -> list[Value]:
    """Preferred value of the year first, then the alternatives; explain what is missing."""
    found = values(series, indicator, geography, year)
    if not found:
        others = values(series, indicator, geography)
        have = ", ".join(f"{v.period_start}..{v.period_end}" for v in others) or "none"
        raise LookupError(
            f"no full-year {year} value of {geography}:{indicator} in the series "
            f"(periods available: {have}). Pick a year with data, or check the key."
        )
    if not found[0].preferred:
        raise LookupError(f"no preferred value of {geography}:{indicator} for {year}")
    return found


# --------------------------------------------------------------------------- concepts


def _codebook(indicators: pd.DataFrame) -> dict[str, dict[str, str]]:
    recs = indicators.astype(str).to_dict("records")
    return {r["indicator"]: r for r in recs}


def _unit_class(unit: str) -> str:
    if unit in _PERSONS:
        return "persons"
    if unit in _PERSON_TIMES:
        return "person-times"
    return unit


def _period_kind(v: Value, flow_stock: str) -> str:
    if flow_stock == "stock":
        return "year-end stock" if v.year_end is not None else f"stock on {v.period_start}"
    if v.full_year is not None:
        return "full calendar year"
    return f"period {v.period_start}..{v.period_end}"


def concept_differences(a: Value, b: Value, indicators: pd.DataFrame) -> dict[str, str]:
    """Reasons why ``a`` and ``b`` measure different concepts (empty when they match).

    Parameters
    ----------
    a, b : Value
        The two values.
    indicators : DataFrame
        The codebook (``wzdata.load("indicators")``).

    Returns
    -------
    dict
        Reason code -> explanation, for the codes of :data:`REASONS` that apply.
    """
    book = _codebook(indicators)
    for v in (a, b):
        if v.indicator not in book:
            raise KeyError(f"indicator {v.indicator!r} ({v.figure_id}) is not in the codebook")
    ia, ib = book[a.indicator], book[b.indicator]
    out: dict[str, str] = {}
    if a.indicator != b.indicator:
        note = ib.get("notes") or ia.get("notes") or ""
        out["indicator"] = (
            f"different indicator keys {a.indicator!r} ({ia['name_zh']}) and "
            f"{b.indicator!r} ({ib['name_zh']})" + (f" [{note}]" if note else "")
        )
    if ia["flow_stock"] != ib["flow_stock"]:
        out["flow_stock"] = (
            f"{a.indicator} is a {ia['flow_stock']}, {b.indicator} is a {ib['flow_stock']}"
        )
    ua = {_unit_class(ia["unit"]), _unit_class(a.unit)} - {""}
    ub = {_unit_class(ib["unit"]), _unit_class(b.unit)} - {""}
    pa, pb = ua & {"persons", "person-times"}, ub & {"persons", "person-times"}
    if ia["unit"] != ib["unit"] or (pa and pb and pa != pb):
        out["unit"] = (
            f"{a.key} is counted in {ia['unit']} (printed {a.unit or 'no unit'}), "
            f"{b.key} in {ib['unit']} (printed {b.unit or 'no unit'})"
        )
    ka, kb = _period_kind(a, ia["flow_stock"]), _period_kind(b, ib["flow_stock"])
    full = ("full calendar year", "year-end stock")
    if (ka not in full or kb not in full) and (
        (a.period_start, a.period_end) != (b.period_start, b.period_end)
    ):
        out["period"] = f"{a.key} covers {ka}, {b.key} covers {kb}"
    elif ka != kb:
        out["period"] = f"{a.key} covers {ka}, {b.key} covers {kb}"
    return out


def _check(a: Value, b: Value, indicators: pd.DataFrame, allow: Iterable[str]) -> dict[str, str]:
    """Raise unless every difference is allowed; return the allowed ones."""
    allow = tuple(allow)
    bad = [x for x in allow if x not in REASONS]
    if bad:
        raise ValueError(f"unknown allow code(s) {bad}; use some of {REASONS}")
    diff = concept_differences(a, b, indicators)
    refused = {k: v for k, v in diff.items() if k not in allow}
    if refused:
        raise ConceptMismatchError(a.key, b.key, refused)
    return diff


# --------------------------------------------------------------------------- intervals


def _rate_ratio_ci(before: float, after: float, conf_level: float) -> tuple[float, float]:
    """Exact conditional interval of after/before for two Poisson counts, equal exposure."""
    from wzdata.trends.models import exact_conditional_ci

    b, a = check_count(before, "count before"), check_count(after, "count after")
    lo, hi, _p = exact_conditional_ci(a, b, conf_level=conf_level)
    return lo, hi


def _annual(rr: float, years: int) -> float:
    if rr <= 0:
        return -1.0
    if math.isinf(rr):
        return math.inf
    return rr ** (1.0 / years) - 1.0


# --------------------------------------------------------------------------- change


@dataclass
class ChangeComparison(Results):
    """Change of one indicator over a common period in two geographies.

    Use :meth:`to_frame` (one row per geography and one for the contrast),
    :attr:`sensitivity` (scenarios) and :meth:`summary` (text).
    """

    rows: list[dict[str, Any]]
    sensitivity: pd.DataFrame
    allowed: dict[str, str]
    notes: list[str] = field(default_factory=list)

    @property
    def _rows(self) -> list[dict[str, Any]]:  # type: ignore[override]
        return self.rows

    def summary(self) -> str:
        """Plain-text report of the comparison, its method, sensitivity and notes."""
        import pandas as pd

        cols = ["geography", "indicator", "before", "after", "fold_before_after"]
        cols += ["annual_change_pct", "annual_change_lower_pct", "annual_change_upper_pct"]
        with pd.option_context("display.width", 200, "display.max_columns", None):
            lines = [
                self.to_frame()[cols].to_string(index=False),
                "",
                "Sensitivity (annual change, %):",
                self.sensitivity.to_string(index=False),
            ]
        fold = FoldConvention.RATIO.description
        lines += ["", f"Method: {METHOD_RATE}. Fold convention: {fold}."]
        lines += [f"Note: {n}" for n in self.notes]
        return "\n".join(lines)


def _one_change(before: Value, after: Value, years: int, conf_level: float) -> dict[str, Any]:
    rr = after.value / before.value
    try:
        lo, hi = _rate_ratio_ci(before.value, after.value, conf_level)
    except ValueError:
        lo = hi = math.nan
    return {
        "geography": before.geography,
        "indicator": before.indicator,
        "year_start": before.period_start.year,
        "year_end": after.period_end.year,
        "years": years,
        "before": before.value,
        "after": after.value,
        "before_figure_id": before.figure_id,
        "after_figure_id": after.figure_id,
        "ratio_after_before": rr,
        "ratio_after_before_lower": lo,
        "ratio_after_before_upper": hi,
        "fold_before_after": before.value / after.value if after.value else math.inf,
        "annual_change_pct": 100 * _annual(rr, years),
        "annual_change_lower_pct": 100 * _annual(lo, years),
        "annual_change_upper_pct": 100 * _annual(hi, years),
    }


def _scenarios(before: list[Value], after: list[Value], years: int) -> list[dict[str, Any]]:
    """Annual change under each pair of sources and under the qualifier bounds."""
    rows = []
    for b, a in itertools.product(before, after):
        kind = "preferred" if (b.preferred and a.preferred) else "alternative source"
        rows.append(
            {
                "geography": b.geography,
                "scenario": kind,
                "before": b.label(),
                "after": a.label(),
                "annual_change_pct": 100 * _annual(a.value / b.value, years),
            }
        )
    b, a = before[0], after[0]
    if (b.lower, b.upper, a.lower, a.upper) != (b.value, b.value, a.value, a.value):
        for name, bv, av in (
            ("bounds: slowest fall", b.lower, a.upper),
            ("bounds: fastest fall", b.upper, a.lower),
        ):
            if bv > 0 and math.isfinite(bv) and math.isfinite(av):
                rows.append(
                    {
                        "geography": b.geography,
                        "scenario": name,
                        "before": f"{bv:,.10g} ({b.qualifier})",
                        "after": f"{av:,.10g} ({a.qualifier})",
                        "annual_change_pct": 100 * _annual(av / bv, years),
                    }
                )
    return rows


def compare_change(
    indicator: str,
    geography: str,
    other: str,
    year_start: int,
    year_end: int,
    *,
    other_indicator: str | None = None,
    allow: Sequence[str] = (),
    conf_level: float = 0.95,
    series: pd.DataFrame,
    indicators: pd.DataFrame,
) -> ChangeComparison:
    """Compare the change of one indicator between two years in two geographies.

    Parameters
    ----------
    indicator : str
        Codebook key of ``geography`` (e.g. ``suspects_arrested``).
    geography, other : str
        The two areas (e.g. ``wuzhong`` and ``china``).
    year_start, year_end : int
        Calendar years of the two flows (or the two year-end stocks).
    other_indicator : str, optional
        Key of ``other`` when it differs; a different key is refused unless
        ``allow`` contains ``"indicator"``.
    allow : sequence of str
        Concept differences (codes of :data:`REASONS`) the caller accepts; they
        are recorded in the result.
    conf_level : float
        Level of the intervals.
    series, indicators : DataFrame
        The values (one row per indicator, geography and period, as
        ``wzdata.load("series")``) and the codebook (as ``wzdata.load("indicators")``).

    Returns
    -------
    ChangeComparison
        Rate ratio, fold (before/after), annual change with exact Poisson
        intervals per geography, the contrast of the two, and the sensitivity
        to other sources and qualifier bounds.

    Raises
    ------
    ConceptMismatchError
        When the two sides (or the two years of one side) differ in concept.
    LookupError
        When a year has no value.
    """
    if year_end <= year_start:
        raise ValueError(f"year_end ({year_end}) must be after year_start ({year_start})")
    conf_level = check_conf_level(conf_level)
    import pandas as pd

    other_indicator = other_indicator or indicator
    years = year_end - year_start
    sides = {}
    for geo, ind in ((geography, indicator), (other, other_indicator)):
        b_all = _pick(series, ind, geo, year_start)
        a_all = _pick(series, ind, geo, year_end)
        _check(b_all[0], a_all[0], indicators, ())  # within one geography: no override
        sides[geo] = (b_all, a_all)
    allowed = _check(sides[geography][0][0], sides[other][0][0], indicators, allow)
    allowed |= _check(sides[geography][1][0], sides[other][1][0], indicators, allow)

    rows, scen = [], []
    for geo in (geography, other):
        b_all, a_all = sides[geo]
        row = _one_change(b_all[0], a_all[0], years, conf_level)
        row.update(
            method=METHOD_RATE,
            assumption="each count is Poisson over one calendar year; fold = before/after",
            allowed=",".join(sorted(allowed)),
        )
        rows.append(row)
        scen += _scenarios(b_all, a_all, years)

    g, o = rows
    log_rrr = math.log(g["ratio_after_before"]) - math.log(o["ratio_after_before"])
    se = math.sqrt(sum(1 / r[k] for r in rows for k in ("before", "after")))
    z = z_critical(conf_level)
    rrr, lo, hi = (math.exp(log_rrr + s * z * se) for s in (0, -1, 1))
    rows.append(
        {
            "geography": f"{geography}/{other}",
            "indicator": indicator
            if indicator == other_indicator
            else f"{indicator}/{other_indicator}",
            "year_start": year_start,
            "year_end": year_end,
            "years": years,
            "before": math.nan,
            "after": math.nan,
            "before_figure_id": "",
            "after_figure_id": "",
            "ratio_after_before": rrr,
            "ratio_after_before_lower": lo,
            "ratio_after_before_upper": hi,
            "fold_before_after": 1 / rrr,
            "annual_change_pct": 100 * _annual(rrr, years),
            "annual_change_lower_pct": 100 * _annual(lo, years),
            "annual_change_upper_pct": 100 * _annual(hi, years),
            "method": "ratio of the two rate ratios; Wald interval on the log scale",
            "assumption": "independent Poisson counts; relative annual change of the first "
            "geography against the second",
            "allowed": ",".join(sorted(allowed)),
        }
    )

    sens = pd.DataFrame(scen)
    notes = []
    for r in rows[:2]:
        s = sens[sens["geography"] == r["geography"]]["annual_change_pct"]
        width_poisson = r["annual_change_upper_pct"] - r["annual_change_lower_pct"]
        width_sens = float(s.max() - s.min())
        if width_sens > 0:
            notes.append(
                f"{r['geography']}: the Poisson interval spans {width_poisson:.2f} points of "
                f"annual change; other sources and qualifier bounds span {width_sens:.2f} "
                "points. "
                + (
                    "The counts are large: sampling error is tiny next to definitional and "
                    "reporting uncertainty."
                    if width_poisson < width_sens
                    else "Sampling error dominates."
                )
            )
        elif r["before"] >= 10_000:
            notes.append(
                f"{r['geography']}: the counts are large, so the Poisson interval "
                f"({width_poisson:.2f} points) is tiny; the printed figures are rounded "
                "(e.g. to thousands), and the definitional and reporting uncertainty is not "
                "measured by it. No other source or bound is in the data."
            )
    for k, v in allowed.items():
        notes.append(f"Caller allowed a concept difference ({k}): {v}.")
    return ChangeComparison(rows=rows, sensitivity=sens, allowed=allowed, notes=notes)


# --------------------------------------------------------------------------- share


@dataclass
class ShareResult(Results):
    """Share of a part (e.g. Wuzhong) in a whole (e.g. Ningxia) for one period."""

    row: dict[str, Any]
    sensitivity: pd.DataFrame
    allowed: dict[str, str]
    notes: list[str] = field(default_factory=list)

    @property
    def _rows(self) -> list[dict[str, Any]]:  # type: ignore[override]
        return [self.row]

    def summary(self) -> str:
        """Plain-text report of the share, its interval, sensitivity and notes."""
        r = self.row
        lines = [
            f"{r['part']} share of {r['whole']}, {r['indicator']}, "
            f"{r['period_start']}..{r['period_end']}: {r['part_value']:,.10g} / "
            f"{r['whole_value']:,.10g} = {r['share_pct']:.2f}% "
            f"({100 * r['conf_level']:.0f}% interval {r['share_lower_pct']:.2f}"
            f"-{r['share_upper_pct']:.2f}%)",
            f"Method: {r['method']}. Assumption: {r['assumption']}.",
            f"Concept match: {r['concept_match']}",
        ]
        if len(self.sensitivity) > 1:
            lines += ["Sensitivity:", self.sensitivity.to_string(index=False)]
        lines += [f"Note: {n}" for n in self.notes]
        return "\n".join(lines)


def share_of(
    indicator: str,
    part: str,
    whole: str,
    year: int,
    *,
    whole_indicator: str | None = None,
    allow: Sequence[str] = (),
    conf_level: float = 0.95,
    series: pd.DataFrame,
    indicators: pd.DataFrame,
) -> ShareResult:
    """Share of ``part`` in ``whole`` for one indicator and year.

    Parameters
    ----------
    indicator : str
        Codebook key of ``part``.
    part, whole : str
        Geographies, e.g. ``wuzhong`` and ``ningxia``.
    year : int
        Calendar year of the flow (or 31 December of the stock).
    whole_indicator : str, optional
        Key of ``whole`` when it differs; refused unless ``allow`` has ``"indicator"``.
    allow : sequence of str
        Concept differences the caller accepts (recorded in the result).
    conf_level : float
        Level of the exact binomial interval.
    series, indicators : DataFrame
        The values (one row per indicator, geography and period, as
        ``wzdata.load("series")``) and the codebook (as ``wzdata.load("indicators")``).

    Returns
    -------
    ShareResult

    Raises
    ------
    ConceptMismatchError
        When part and whole measure different concepts and ``allow`` does not cover it.
    ValueError
        When the part exceeds the whole.
    """
    conf_level = check_conf_level(conf_level)
    import pandas as pd

    whole_indicator = whole_indicator or indicator
    p_all = _pick(series, indicator, part, year)
    w_all = _pick(series, whole_indicator, whole, year)
    p, w = p_all[0], w_all[0]
    allowed = _check(p, w, indicators, allow)
    if p.value > w.value:
        raise ValueError(
            f"{p.key} {p.label()} exceeds {w.key} {w.label()}: not a part of the whole; "
            "check the geographies and keys"
        )
    k, n = check_count(p.value, p.figure_id), check_count(w.value, w.figure_id)
    lo, hi = clopper_pearson(k, n, conf_level)
    match = (
        "same indicator, unit and period"
        if not allowed
        else "DIFFERENT CONCEPTS, compared on the caller's override: "
        + "; ".join(f"{c}: {v}" for c, v in allowed.items())
    )
    row = {
        "part": part,
        "whole": whole,
        "indicator": indicator
        if indicator == whole_indicator
        else f"{indicator}/{whole_indicator}",
        "period_start": p.period_start.isoformat(),
        "period_end": p.period_end.isoformat(),
        "part_value": p.value,
        "whole_value": w.value,
        "part_figure_id": p.figure_id,
        "whole_figure_id": w.figure_id,
        "share_pct": 100 * p.value / w.value,
        "share_lower_pct": 100 * lo,
        "share_upper_pct": 100 * hi,
        "conf_level": conf_level,
        "method": METHOD_SHARE,
        "assumption": "each unit of the whole falls in the part independently; the whole is "
        "taken as exact",
        "concept_match": match,
        "allowed": ",".join(sorted(allowed)),
    }
    scen = []
    for pv, wv in itertools.product(p_all, w_all):
        scen.append(
            {
                "scenario": "preferred" if pv.preferred and wv.preferred else "alternative source",
                "part": pv.label(),
                "whole": wv.label(),
                "share_pct": 100 * pv.value / wv.value,
            }
        )
    for name, pv, wv in (
        ("bounds: smallest share", p.lower, w.upper),
        ("bounds: largest share", p.upper, w.lower),
    ):
        if (pv, wv) != (p.value, w.value) and math.isfinite(wv) and wv > 0:
            scen.append(
                {
                    "scenario": name,
                    "part": f"{pv:,.10g}",
                    "whole": f"{wv:,.10g}",
                    "share_pct": 100 * pv / wv,
                }
            )
    notes = [f"Caller allowed a concept difference ({c}): {v}." for c, v in allowed.items()]
    return ShareResult(row=row, sensitivity=pd.DataFrame(scen), allowed=allowed, notes=notes)


# --------------------------------------------------------------------------- index


def index_series(
    indicator: str,
    geographies: Sequence[str],
    base_year: int,
    *,
    series: pd.DataFrame,
    indicators: pd.DataFrame,
) -> pd.DataFrame:
    """Preferred full-year values of one indicator as an index (base year = 100).

    Only full calendar-year flows (or year-end stocks) enter; part-year,
    multi-year and mid-year values are left out, so every point has the same
    period kind.

    Parameters
    ----------
    indicator : str
        Codebook key (one concept for every geography).
    geographies : sequence of str
        Areas to index.
    base_year : int
        Year set to 100; every geography must have a value for it.
    series, indicators : DataFrame
        The values (one row per indicator, geography and period, as
        ``wzdata.load("series")``) and the codebook (as ``wzdata.load("indicators")``).

    Returns
    -------
    DataFrame
        Columns geography, indicator, year, value, index, base_year, figure_id,
        source_id; sorted by geography and year.

    Raises
    ------
    LookupError
        When a geography has no preferred value for the base year.
    """
    import pandas as pd

    book = _codebook(indicators)
    if indicator not in book:
        raise KeyError(f"indicator {indicator!r} is not in the codebook")
    stock = book[indicator]["flow_stock"] == "stock"
    rows = []
    for geo in geographies:
        pts = {}
        for v in values(series, indicator, geo, preferred_only=True):
            y = v.year_end if stock else v.full_year
            if y is not None:
                pts[y] = v
        if base_year not in pts:
            raise LookupError(
                f"{geo}:{indicator} has no preferred value for the base year {base_year} "
                f"(years: {sorted(pts) or 'none'}); pick a base year every geography has"
            )
        base = pts[base_year].value
        for y, v in sorted(pts.items()):
            rows.append(
                {
                    "geography": geo,
                    "indicator": indicator,
                    "year": y,
                    "value": v.value,
                    "index": 100 * v.value / base,
                    "base_year": base_year,
                    "figure_id": v.figure_id,
                    "source_id": v.source_id,
                }
            )
    return pd.DataFrame(rows)
