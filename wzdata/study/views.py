"""What the notebooks show: one setup call, then display-ready tables and figures.

A notebook calls :func:`setup` with its parameters and then asks the returned
:class:`Analysis` for the tables and plots of each section. Every number comes
from :mod:`wzdata.claims`, :mod:`wzdata.trends` or :mod:`wzdata.compare`; this
module only selects, labels and rounds, so that the notebooks hold narrative
and calls, not logic. Tables are plain DataFrames (no Styler, whose HTML ids
change between runs) with English column names.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wzdata.figures import FoldConvention
from wzdata.study.parameters import check_parameters
from wzdata.study.settings import (
    DEFAULT_FOLD_PERIOD_STEPS,
    ENDPOINT_YEARS,
    FOLD_PERIOD,
    HEADLINE_INDICATORS,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    from collections.abc import Iterator

    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["HEADLINE_INDICATORS", "Analysis", "format_p", "setup"]

Y0, Y1 = ENDPOINT_YEARS
#: Parameters under which ``wzdata build`` wrote the model tables.
_BUILD_DEFAULTS = (0.95, FoldConvention.RATIO, DEFAULT_FOLD_PERIOD_STEPS)
#: Display order of indicators: the headline ones first, in the article's order.
_ORDER = {k: i for i, k in enumerate((*HEADLINE_INDICATORS, "drugs_seized"))}


def _table(view: Any) -> Any:
    """Declare a table view's presentation (:data:`wzdata.study.viewtables.TABLES`) on its frame."""

    @functools.wraps(view)
    def shown(self: Any, *args: Any, **kwargs: Any) -> pd.DataFrame:
        from wzdata import pubtables
        from wzdata.study import viewtables

        df = view(self, *args, **kwargs)
        return pubtables.declare(
            df,
            viewtables.table_of(view.__name__, df),
            lang=self.lang,
            context={"ci": f"{self.conf_level:.0%}"},
            html_id=pubtables.table_id(view.__name__, *args, **kwargs),
        )

    return shown


def _figure(view: Any) -> Any:
    """Number a plot view's figure and caption it (:data:`wzdata.study.viewtables.FIGURES`)."""

    @functools.wraps(view)
    def shown(self: Any, *args: Any, **kwargs: Any) -> Figure:
        from wzdata.study import viewtables

        fig = view(self, *args, **kwargs)
        number = self._cache["figure_number"] = self._cache.get("figure_number", 0) + 1
        caption = viewtables.text(
            viewtables.FIGURES[view.__name__].caption,
            self.lang,
            **self._fig_context(*args, **kwargs),
        )
        caption = caption[:1].upper() + caption[1:]
        word = "图" if self.lang == "zh" else "Figure"
        fig.wzdata_caption = f"{word} {number}. {caption}"  # type: ignore[attr-defined]
        return fig

    return shown


def format_p(p: object) -> str:
    """A p-value for reading: ``<0.001`` below 0.001, else three decimals; empty if missing."""
    try:
        f = float(p)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    if f != f:
        return ""
    return "<0.001" if f < 0.001 else f"{f:.3f}"


def _text(col: pd.Series) -> pd.Series:
    """A text column with missing cells as empty strings (for display and filtering)."""
    return col.astype(object).where(col.notna(), "").astype(str)


def _in_order(df: pd.DataFrame) -> pd.DataFrame:
    """Rows in the display order of their indicators (:data:`_ORDER`)."""
    return df.iloc[df["indicator"].astype(str).map(_ORDER).argsort(kind="stable")]


#: Columns of indicator keys, shown by their names.
_KEY_COLUMNS = ("indicator", "indicator_a", "indicator_b", "subset", "total")


def _with_limits(estimate: str, main: bool = False) -> list[str]:
    """An estimate's column and its interval's, as the model tables name them.

    The limits are ``<estimate>_lower`` and ``<estimate>_upper``, or ``lower``
    and ``upper`` for the ``main`` estimate of a table.
    """
    prefix = "" if main else f"{estimate}_"
    return [estimate, f"{prefix}lower", f"{prefix}upper"]


#: Annual change and half-life with their limits, as the trend tables name them.
_CHANGE_COLUMNS = [
    *_with_limits("annual_change_pct"),
    "half_life_years",
    "half_life_lower",
    "half_life_upper",
]
#: Header of a minimum detectable difference.
_MDD = "detectable difference (80% power)"
#: The choices a specification of the joint-model test is made of.
_SPEC_CHOICES = ["fold_convention", "steps", "bounds_reading", "dispersion", "fold_noise"]


#: Wuzhong indicator -> the comparators' indicator of the nearest concept.
CONTEXT_PAIRS = {
    "drug_cases_solved": "drug_criminal_cases_solved",
    "suspects_arrested": "suspects_arrested",
    "users_found": "users_found_person_times",
    "compulsory_rehab": "compulsory_rehab",
}
#: Areas Wuzhong is compared with.
COMPARATORS = ("ningxia", "china")


def _attempt(func: Any, *args: Any, **kwargs: Any) -> tuple[Any, str, str]:
    """Run a comparison; return (result, status, reason) instead of raising."""
    from wzdata.compare.concepts import ConceptMismatchError

    try:
        return func(*args, **kwargs), "compared", ""
    except ConceptMismatchError as exc:
        return (
            None,
            "refused: different concepts",
            "; ".join(_REASON_TEXT.get(code, code) for code in exc.reasons),
        )
    except LookupError as exc:
        return None, "not possible: no data", str(exc).split(" in the series")[0]


def _reason_last(df: pd.DataFrame) -> pd.DataFrame:
    return df[[c for c in df.columns if c != "reason"] + ["reason"]]


#: Short statements of the concept checks of :mod:`wzdata.compare.concepts`.
_REASON_TEXT = {
    "indicator": "different indicators (see the codebook)",
    "flow_stock": "a flow against a stock",
    "unit": "persons (人) against person-times (人次)",
    "period": "different kinds of period",
}


class ContextViews:
    """Tables and figures of the context notebook (mixed into :class:`Analysis`)."""

    conf_level: float
    lang: str

    def table(self, name: str) -> pd.DataFrame:  # pragma: no cover - defined by Analysis
        """A processed table."""
        raise NotImplementedError

    def _context_tables(self) -> dict[str, pd.DataFrame]:
        return {"series": self.table("series"), "indicators": self.table("indicators")}

    def _compared(self, func: Any, *args: Any, **kwargs: Any) -> tuple[Any, str, str]:
        """A comparison on the context tables at this confidence level (see :func:`_attempt`)."""
        return _attempt(func, *args, conf_level=self.conf_level, **kwargs, **self._context_tables())

    def _changes(self, year_start: int, year_end: int) -> Iterator[tuple[str, str, str, Any]]:
        """``(indicator, comparator's indicator, comparator, (result, status, reason))``."""
        from wzdata.compare.concepts import compare_change

        for ind, other_ind in CONTEXT_PAIRS.items():
            for other in COMPARATORS:
                outcome = self._compared(
                    compare_change,
                    ind,
                    "wuzhong",
                    other,
                    year_start,
                    year_end,
                    other_indicator=other_ind,
                )
                yield ind, other_ind, other, outcome

    def _outcome_row(
        self, ind: str, header: str, other: str, status: str, reason: str
    ) -> dict[str, Any]:
        """A comparison's row: the indicator's name, what it is set against, status and reason."""
        name = self._names().get(ind, ind)  # type: ignore[attr-defined]
        return {"indicator": name, header: other, "status": status, "reason": reason}

    @_table
    def context_changes(self, year_start: int = Y0, year_end: int = Y1) -> pd.DataFrame:
        """Annual change of Wuzhong and each comparator, or why they cannot be compared."""
        import pandas as pd

        rows = []
        for ind, other_ind, other, (res, status, reason) in self._changes(year_start, year_end):
            names = self._names()  # type: ignore[attr-defined]
            area = self._geo_names()[other]  # type: ignore[attr-defined]
            other_name = f"{area}: {names.get(other_ind, other_ind)}"
            row = self._outcome_row(ind, "comparator", other_name, status, self._named_keys(reason))
            if res is not None:
                fr = res.to_frame().set_index("geography")
                for geo, name in (("wuzhong", "wuzhong"), (other, "comparator")):
                    r = fr.loc[geo]
                    row[f"{name}_before"] = int(r["before"])
                    row[f"{name}_after"] = int(r["after"])
                    row[f"{name}_pct"] = float(r["annual_change_pct"])
                    row[f"{name}_lower"] = float(r["annual_change_lower_pct"])
                    row[f"{name}_upper"] = float(r["annual_change_upper_pct"])
                row["sources"] = self._source_ids(fr)
            rows.append(row)
        out = pd.DataFrame(rows)
        return _reason_last(
            out.astype({c: "Int64" for c in out if c.endswith(("_before", "_after"))})
        )

    def _named_keys(self, text: str) -> str:
        """``ningxia:suspects_arrested`` in a message as display names."""
        import re

        names, geos = self._names(), self._geo_names()  # type: ignore[attr-defined]
        return re.sub(
            r"\b([a-z_]+):([a-z0-9_]+)\b",
            lambda m: f"{geos.get(m[1], m[1])}: {names.get(m[2], m[2])}",
            text,
        )

    def _source_ids(self, frame: pd.DataFrame) -> str:
        """Source ids of the figures a comparison used."""
        series = self.table("series")  # type: ignore[attr-defined]
        by_figure = dict(
            zip(series["figure_id"].astype(str), series["source_id"].astype(str), strict=True)
        )
        ids = {
            by_figure[str(f)]
            for col in ("before_figure_id", "after_figure_id")
            for f in frame[col]
            if str(f) in by_figure
        }
        return ", ".join(sorted(ids))

    def context_change_intervals(self) -> pd.DataFrame:
        """The compared annual changes in long form, for plotting."""
        import pandas as pd

        rows = []
        for ind, _, _, (res, _, _) in self._changes(Y0, Y1):
            if res is None:
                continue
            geo_names = self._geo_names()  # type: ignore[attr-defined]
            for r in res.to_frame().itertuples(index=False):
                if "/" in str(r.geography):
                    continue
                area = geo_names.get(str(r.geography), str(r.geography))
                rows.append(
                    {
                        "indicator": f"{self._names().get(ind, ind)} ({area})",  # type: ignore[attr-defined]
                        "geography": area,
                        "estimate": r.annual_change_pct,
                        "lower": r.annual_change_lower_pct,
                        "upper": r.annual_change_upper_pct,
                    }
                )
        return pd.DataFrame(rows).drop_duplicates().reset_index(drop=True)

    @_figure
    def plot_context_changes(self) -> Figure:
        """Annual change 2016-2021 with intervals, Wuzhong beside the comparators."""
        return self._dotplot(
            "plot_context_changes", self.context_change_intervals(), "geography", "area"
        )

    def _dotplot(self, view: str, df: pd.DataFrame, hue: str, legend: str, *cols: str) -> Figure:
        """Intervals of ``df`` (columns ``cols``, or the plot's default) coloured by ``hue``."""
        from wzdata import plots

        return plots.forest_plot(
            df,
            *cols,
            hue=hue,
            reference=0.0,
            hue_title=self._legend_text(legend),  # type: ignore[attr-defined]
            lang=self.lang,
            xlabel=self._fig_text(view),  # type: ignore[attr-defined]
        )

    @_table
    def context_shares(self, year: int = Y0) -> pd.DataFrame:
        """Wuzhong's share of Ningxia in ``year``, or why it cannot be computed."""
        import pandas as pd

        from wzdata.compare.concepts import share_of

        rows = []
        for ind, other_ind in CONTEXT_PAIRS.items():
            res, status, reason = self._compared(
                share_of, ind, "wuzhong", "ningxia", year, whole_indicator=other_ind
            )
            other_name = self._names().get(other_ind, other_ind)  # type: ignore[attr-defined]
            row = self._outcome_row(
                ind, "Ningxia indicator", other_name, status, self._named_keys(reason)
            )
            if res is not None:
                r = res.row
                row.update(
                    {
                        "part": int(r["part_value"]),
                        "whole": int(r["whole_value"]),
                        "share_pct": float(r["share_pct"]),
                        "share_lower": float(r["share_lower_pct"]),
                        "share_upper": float(r["share_upper_pct"]),
                        "concept match": r["concept_match"],
                    }
                )
            rows.append(row)
        out = pd.DataFrame(rows)
        return _reason_last(out.astype({c: "Int64" for c in ("part", "whole") if c in out}))

    @_table
    def context_index(
        self, indicator: str = "suspects_arrested", base_year: int = Y0
    ) -> pd.DataFrame:
        """Wuzhong, Ningxia and China on one indicator, indexed to ``base_year`` = 100."""
        from wzdata.compare.concepts import index_series

        df = index_series(
            indicator, ["wuzhong", "ningxia", "china"], base_year, **self._context_tables()
        )
        df = df[(df["year"] >= 2014) & (df["year"] <= 2024)].reset_index(drop=True)
        names = self._geo_names()  # type: ignore[attr-defined]
        df["geography"] = df["geography"].astype(str).map(lambda g: names.get(g, g))
        return df.round({"index": 1})

    @_figure
    def plot_context_index(
        self, indicator: str = "suspects_arrested", base_year: int = Y0
    ) -> Figure:
        """The indexed series on a log scale."""
        from wzdata import plots

        return plots.index_chart(
            self.context_index(indicator, base_year),
            base_year=base_year,
            lang=self.lang,
            legend_title=self._legend_text("area"),  # type: ignore[attr-defined]
            ylabel=self._fig_text("plot_context_index", indicator=indicator, base_year=base_year),  # type: ignore[attr-defined]
        )

    @_table
    def context_sources(self) -> pd.DataFrame:
        """The pages behind the comparison figures, with their URLs."""
        series = self.table("series")  # type: ignore[attr-defined]
        used = series[
            series["indicator"].astype(str).isin(set(CONTEXT_PAIRS) | set(CONTEXT_PAIRS.values()))
            & series["geography"].astype(str).isin(("wuzhong", *COMPARATORS))
        ]
        src = self.table("sources")  # type: ignore[attr-defined]
        ids = set(used["source_id"].astype(str))
        out = src[src["source_id"].astype(str).isin(ids)]
        return out[["source_id", "publisher", "published", "url"]].reset_index(drop=True)


@dataclass
class Analysis(ContextViews):
    """The parameters of a notebook and the tables computed under them.

    Create it with :func:`setup`. Model tables are computed on first use with
    the notebook's confidence level, fold convention and yearly steps.
    """

    conf_level: float = 0.95
    fold_convention: FoldConvention = FoldConvention.RATIO
    steps_2015_2019: int = DEFAULT_FOLD_PERIOD_STEPS
    lang: str = "en"
    indicators: tuple[str, ...] = HEADLINE_INDICATORS
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ inputs

    def table(self, name: str) -> pd.DataFrame:
        """A processed table (``wzdata.load(name)``), loaded once."""
        if name not in self._cache:
            from wzdata.study.build import load

            self._cache[name] = load(name)
        return self._cache[name]

    @functools.cached_property
    def models(self) -> dict[str, pd.DataFrame]:
        """The model tables under this analysis' parameters.

        Under the build's defaults these are the processed tables that ``wzdata
        build`` wrote (the same computation); otherwise they are computed anew.
        """
        from wzdata.study.trends import SCHEMAS, build_tables

        if (self.conf_level, self.fold_convention, self.steps_2015_2019) == _BUILD_DEFAULTS:
            return {name: self.table(name) for name in SCHEMAS}
        return build_tables(
            self.table("figures"),
            self.conf_level,
            fold_convention=self.fold_convention,
            steps_2015_2019=self.steps_2015_2019,
        )

    def _names(self) -> dict[str, str]:
        ind = self.table("indicators")
        col = "name_zh" if self.lang == "zh" else "name_en"
        return dict(zip(ind["indicator"].astype(str), ind[col].astype(str), strict=True))

    def _label(self, df: pd.DataFrame, col: str = "indicator") -> pd.DataFrame:
        out = df.copy()
        out[col] = out[col].astype(str).map(self._names()).fillna(out[col].astype(str))
        return out

    def _shown(
        self,
        df: pd.DataFrame,
        cols: list[str],
        decimals: int,
        p_values: tuple[str, ...] = (),
        names: dict[str, str] | None = None,
    ) -> pd.DataFrame:
        """Columns ``cols`` of ``df`` for reading: keys named, rounded, p-values formatted."""
        out = df[cols]
        for col in _KEY_COLUMNS:
            if col in cols:
                out = self._label(out, col)
        out = out.round(decimals).reset_index(drop=True)
        for col in p_values:
            out[col] = out[col].map(format_p)
        return out.rename(columns=names or {})

    def _limits(self, estimate: str, main: bool = False) -> dict[str, str]:
        """Headers of the two limits of an estimate's interval (:func:`_with_limits`)."""
        _, lower, upper = _with_limits(estimate, main)
        return {lower: f"lower {self.ci}", upper: f"upper {self.ci}"}

    def _headline_joint(self) -> pd.DataFrame:
        """The joint-model rows of the headline specification, in display order."""
        j = self.inference["joint_rates"]
        return _in_order(j[j["is_headline"].astype(bool)])

    def _chosen(self, df: pd.DataFrame) -> pd.DataFrame:
        """Rows of the chosen indicators, in the order they were chosen."""
        order = {k: i for i, k in enumerate(self.indicators)}
        keys = df["indicator"].astype(str)
        out = df[keys.isin(order)]
        rank = out["indicator"].astype(str).map(order)
        return out.iloc[rank.argsort(kind="stable")]

    @property
    def ci(self) -> str:
        """The confidence level as a column label, e.g. ``95%``."""
        return f"{self.conf_level:.0%}"

    def _fig_context(
        self, indicator: str = "suspects_arrested", base_year: int = Y0, **_: Any
    ) -> dict[str, str]:
        return {
            "ci": self.ci,
            "indicator": self._names().get(indicator, indicator),
            "base": str(base_year),
        }

    def _fig_text(self, view: str, part: str = "axis", **kwargs: Any) -> str:
        from wzdata.study.viewtables import FIGURES, text

        return text(getattr(FIGURES[view], part), self.lang, **self._fig_context(**kwargs))

    def _legend_text(self, key: str) -> str:
        from wzdata.study.viewtables import LEGENDS, text

        return text(LEGENDS[key], self.lang, scale="{scale}")

    def _geo_names(self) -> dict[str, str]:
        geo = self.table("geographies")
        col = "name_zh" if self.lang == "zh" else "name_en"
        return dict(zip(geo["geography"].astype(str), geo[col].astype(str), strict=True))

    # ------------------------------------------------------- 01 published figures

    @_table
    def figures_by_kind(self) -> pd.DataFrame:
        """Number of figures by kind (rows) and measure (columns)."""
        import pandas as pd

        f = self.table("figures")
        out = pd.crosstab(
            f["kind"].astype(str), f["measure"].astype(str), margins=True, margins_name="total"
        )
        out.index.name, out.columns.name = "kind", "measure"
        return out

    @_table
    def figures_by_section(self) -> pd.DataFrame:
        """Figures per section of the article, in reading order, with their paragraphs."""
        f = self.table("figures").sort_values(["paragraph", "figure_id"])
        g = f.groupby("section", sort=False, observed=True)
        out = g.agg(
            first_paragraph=("paragraph", "min"),
            last_paragraph=("paragraph", "max"),
            figures=("figure_id", "size"),
            qualified=("qualifier", lambda s: int((s.astype(str) != "exact").sum())),
        )
        return out.sort_values("first_paragraph")

    @_table
    def headline(self) -> pd.DataFrame:
        """The 2016 and 2021 counts of the chosen indicators and the printed fold."""
        f = self.table("figures")
        f = f[(f["geography"].astype(str) == "wuzhong")]
        rows = []
        for ind in self.indicators:
            sub = f[f["indicator"].astype(str) == ind]
            lv = sub[sub["measure"].astype(str) == "level"]
            y = lv["period_start"].dt.year
            before, after = lv[y == Y0], lv[y == Y1]
            fold = sub[
                (sub["measure"].astype(str) == "fold_change") & (sub["period_start"].dt.year == Y0)
            ]
            if before.empty or after.empty:
                continue
            rows.append(
                {
                    "indicator": ind,
                    "unit": str(before["unit"].iloc[0]),
                    str(Y0): int(before["value"].iloc[0]),
                    str(Y1): int(after["value"].iloc[0]),
                    "printed fold": str(fold["as_printed"].iloc[0]) if not fold.empty else "",
                    f"{Y0}/{Y1}": round(float(before["value"].iloc[0] / after["value"].iloc[0]), 2),
                }
            )
        import pandas as pd

        return self._label(pd.DataFrame(rows))

    @_figure
    def plot_headline(self) -> Figure:
        """Slope chart of 2016 against 2021 on a log scale."""
        from wzdata import plots

        h = self.headline().rename(columns={str(Y0): "before", str(Y1): "after"})
        return plots.slope_chart(
            h,
            end_labels=(str(Y0), str(Y1)),
            unit=None,
            lang=self.lang,
            title=self._fig_text("plot_headline", "title"),
        )

    @_table
    def qualified_figures(self) -> pd.DataFrame:
        """Figures printed with a qualifier (近, 多, 余, 约) and the bounds they imply."""
        f = self.table("figures")
        q = f[f["qualifier"].astype(str) != "exact"].sort_values(["paragraph", "figure_id"])
        out = q[["paragraph", "as_printed", "indicator", "qualifier", "lower", "upper", "unit"]]
        return self._label(out).reset_index(drop=True)

    def explore_figures(self) -> Any:
        """Every figure in a searchable, sortable table (itables, works offline)."""
        from wzdata.explore import Explorer
        from wzdata.study.viewtables import FIGURE_HEADERS, text

        f = self.table("figures").copy()
        for col in ("period_start", "period_end"):
            f[col] = f[col].dt.strftime("%Y-%m-%d")
        f = self._label(f)
        return Explorer(
            f,
            table_id="wz-explore-figures",
            headers={k: text(v, self.lang) for k, v in FIGURE_HEADERS.items()},
            caption=text(
                (
                    "Every figure of the article (data/processed/figures.csv): type to search, "
                    "click a header to sort.",
                    "文章的全部数字（data/processed/figures.csv）：输入即可搜索，点击表头排序。",
                ),
                self.lang,
            ),
        )

    # ------------------------------------------------------------ 02 fold-declines

    @_table
    def fold_readings(self) -> pd.DataFrame:
        """Each printed 2016-2021 fold under each convention, and which reproduce it."""
        import pandas as pd

        from wzdata.claims.checks import check_fold

        rows = []
        for r in self.headline().itertuples(index=False):
            if not r[4]:
                continue
            chk = check_fold(int(r[2]), int(r[3]), str(r[4]))
            row = {"indicator": r[0], "before": int(r[2]), "after": int(r[3]), "printed": r[4]}
            for conv, val in chk.values.items():
                row[conv.formula] = None if val is None else round(float(val), 2)
            row["reproduced by"] = ", ".join(c.value for c in chk.reproduced_by) or "none"
            rows.append(row)
        return pd.DataFrame(rows)

    @_table
    def folds_without_endpoints(self) -> pd.DataFrame:
        """The 2015-2019 folds: the fall (%) each convention implies, from the printed bounds."""
        import pandas as pd

        from wzdata.claims.checks import bound_fold, printed_interval

        f = self.table("figures")
        folds = f[
            (f["measure"].astype(str) == "fold_change")
            & (f["period_start"].dt.year == FOLD_PERIOD[0])
        ]
        rows, seen = [], set()
        for r in folds.sort_values("paragraph").itertuples(index=False):
            key = (str(r.indicator), str(r.as_printed))
            if key in seen:
                continue
            seen.add(key)
            iv = printed_interval(str(r.as_printed))
            row = {
                "indicator": str(r.indicator),
                "printed": str(r.as_printed),
                "N between": f"{float(iv.lo):g} and {float(iv.hi):g}",
            }
            for conv, iv in bound_fold(str(r.as_printed)).items():
                row[f"fall % ({conv.value})"] = (
                    "impossible"
                    if iv is None
                    else f"{float(iv.lo) * 100:.2f} to {float(iv.hi) * 100:.2f}"
                )
            rows.append(row)
        return self._label(pd.DataFrame(rows))

    @_table
    def rate_ratios(self, method: str = "exact") -> pd.DataFrame:
        """Rate ratios 2016/2021 with intervals, for one method (``exact``, ``score``, ...)."""
        rr = self._chosen(self.models["rate_ratios"])
        m = rr["method"].astype(str)
        rr = rr[m.str.startswith(method) | (m == f"statsmodels {method}")]
        if rr.empty:
            known = sorted(set(m))
            raise ValueError(f"no rate-ratio method {method!r}; the table has {known}")
        cols = [
            "indicator",
            "count_before",
            "count_after",
            *_with_limits("estimate", main=True),
            "p_value",
            "method",
        ]
        return self._shown(rr, cols, 3, ("p_value",), self._limits("estimate", main=True))

    @_figure
    def plot_rate_ratios(self) -> Figure:
        """Forest plot of the exact conditional rate ratios (log scale)."""
        from wzdata import plots

        rr = self.rate_ratios("exact")
        return plots.forest_plot(
            rr,
            "estimate",
            f"lower {self.ci}",
            f"upper {self.ci}",
            log_x=True,
            reference=1.0,
            lang=self.lang,
            xlabel=self._fig_text("plot_rate_ratios"),
        )

    # ---------------------------------------------------------------- 03 trends

    @_table
    def annual_rates(self, dispersion_model: str | None = None) -> pd.DataFrame:
        """Annual change (%) and half-life (Wald) under each dispersion assumption.

        Both dispersion models by default: a quasi-Poisson scale widens the
        interval in proportion for every count, a negative binomial alpha far
        more for large counts (extra variation in proportion to the count).
        """
        ar = self._chosen(self.models["annual_rates"])
        if dispersion_model is not None:
            ar = ar[ar["dispersion_model"].astype(str) == dispersion_model]
        ar = ar.copy()
        ar["assumption"] = [
            ("quasi-Poisson scale " if m == "quasi-poisson" else "negative binomial alpha ")
            + f"{d:g}"
            for m, d in zip(ar["dispersion_model"].astype(str), ar["dispersion"], strict=True)
        ]
        return self._shown(ar, ["indicator", "assumption", *_CHANGE_COLUMNS], 2)

    @_figure
    def plot_annual_rates(self) -> Figure:
        """Annual change with intervals per indicator, one colour per dispersion assumption."""

        ar = self.annual_rates("negative-binomial").copy()
        if self.lang == "zh":
            ar["assumption"] = ar["assumption"].str.replace(
                "negative binomial alpha", "负二项 alpha"
            )
        cols = _with_limits("annual_change_pct")
        return self._dotplot("plot_annual_rates", ar, "assumption", "assumption", *cols)

    @_table
    def period_consistency(self) -> pd.DataFrame:
        """Do the 2015-2019 folds and the 2016-2021 counts fit one steady rate?"""
        pc = self.models["period_consistency"]
        pc = _in_order(pc[pc["is_default"].astype(bool)])
        cols = [
            "indicator",
            "fold_as_printed",
            "fold_convention",
            "steps",
            "scale",
            *_with_limits("implied_fold"),
            "lr_p_value",
            *_with_limits("common_annual_change_pct"),
            "verdict",
        ]
        return self._shown(pc, cols, 3, ("lr_p_value",))

    def period_rates(self) -> pd.DataFrame:
        """Annual change (%) of each span from the joint model, for plotting.

        Both spans' intervals are 95% profile-likelihood intervals of the joint
        model (headline specification: ratio, 4 steps, Poisson counts, the fold's
        endpoints with their own sampling noise), so the two are comparable.
        """
        import pandas as pd

        rows = []
        for r in self._headline_joint().itertuples(index=False):
            for span, est, lo, hi in (
                (
                    "2016-2021 counts",
                    r.annual_change_counts_pct,
                    r.annual_change_counts_pct_lower,
                    r.annual_change_counts_pct_upper,
                ),
                (
                    f"{r.fold_period} fold",
                    r.annual_change_fold_pct,
                    r.annual_change_fold_pct_lower,
                    r.annual_change_fold_pct_upper,
                ),
            ):
                rows.append(
                    {
                        "indicator": r.indicator,
                        "period": span,
                        "estimate": est,
                        "lower": lo,
                        "upper": hi,
                        "interval": f"{self.ci} profile likelihood, joint model",
                    }
                )
        return self._label(pd.DataFrame(rows)).round(2).reset_index(drop=True)

    @_figure
    def plot_period_rates(self) -> Figure:
        """The two spans' annual rates side by side, with intervals of one kind."""

        rates = self.period_rates()
        rates["period"] = rates["period"].map(
            lambda p: self._legend_text("counts" if p.startswith("2016") else "fold")
        )
        return self._dotplot("plot_period_rates", rates, "period", "period")

    @_table
    def heterogeneity(self) -> pd.DataFrame:
        """Likelihood-ratio test that the indicators fell at one common rate."""
        h = self.models["heterogeneity"]
        cols = [
            "scale",
            "n_indicators",
            "lr_statistic",
            "df",
            "p_value",
            "common_annual_change_pct",
            "method",
        ]
        return self._shown(h, cols, 4, ("p_value",))

    @_table
    def slope_differences(self, scale: float = 1.0) -> pd.DataFrame:
        """Pairwise differences of annual log-rates, with Holm-adjusted p-values."""
        d = self.models["slope_differences"]
        d = d[d["scale"] == scale]
        cols = [
            "indicator_a",
            "indicator_b",
            *_with_limits("slope_difference", main=True),
            "annual_factor_ratio",
            "p_value",
            "p_value_holm",
            "mdd",
        ]
        return self._shown(d, cols, 3, ("p_value", "p_value_holm"), {"mdd": _MDD})

    @_table
    def projections(self, scale: float = 1.0) -> pd.DataFrame:
        """Counts the fitted rates imply for later years (extrapolation), with intervals."""
        p = self._chosen(self.models["projections"])
        p = p[p["scale"] == scale]
        cols = [
            "indicator",
            "year",
            "expected",
            "prediction_lower",
            "prediction_upper",
            "is_extrapolation",
            "observed_as_printed",
        ]
        out = self._shown(p, cols, 1)
        out["observed_as_printed"] = out["observed_as_printed"].fillna("").astype(str)
        out["is_extrapolation"] = out["is_extrapolation"].astype(bool)
        return out

    # ------------------------------------------------------------- 04 claim audit

    @_table
    def claims(self, verdict: str | None = None) -> pd.DataFrame:
        """One row per distinct printed value: its graded verdict, power and explanation.

        ``verdict`` filters on the three-level verdict (``"reproduced under no
        reading"``, ``"not checkable"``, ...) by its start.
        """
        c = self.table("claims")
        if verdict is not None:
            c = c[c["graded_verdict"].astype(str).str.startswith(verdict)]
        cols = [
            "claim_id",
            "kind",
            "as_printed",
            "graded_verdict",
            "pass_chance",
            "repeats",
            "explanation",
        ]
        out = c[cols].reset_index(drop=True).copy()
        out["pass_chance"] = out["pass_chance"].map(
            lambda p: "" if p != p else f"{100 * float(p):.1f}%"
        )
        out["repeats"] = _text(out["repeats"])
        return out.rename(columns={"pass_chance": "would pass by chance"})

    @_table
    def claim_power(self) -> pd.DataFrame:
        """How informative each check is: the pass-by-chance count, linked checks."""
        c = self.table("claims")
        c = c[_text(c["pass_chance_text"]) != ""]
        cols = ["claim_id", "as_printed", "graded_verdict", "pass_chance_text", "linked_checks"]
        return c[cols].apply(_text).reset_index(drop=True)

    @_table
    def conditional_checks(self) -> pd.DataFrame:
        """Checks under a declared assumption (e.g. which printed count is the numerator)."""
        c = self.table("claims")
        c = c[_text(c["conditional_check"]) != ""]
        return (
            c[["claim_id", "as_printed", "conditional_check"]].apply(_text).reset_index(drop=True)
        )

    @_table
    def fingerprints(self) -> pd.DataFrame:
        """The smallest fraction behind each printed percentage."""
        c = self.table("claims")
        c = c[_text(c["fingerprint"]) != ""]
        return c[["claim_id", "as_printed", "fingerprint"]].apply(_text).reset_index(drop=True)

    @_table
    def verdict_counts(self) -> pd.DataFrame:
        """Distinct printed values by kind and three-level verdict (repeats counted once)."""
        import pandas as pd

        c = self.table("claims")
        level = c["graded_verdict"].astype(str).str.replace(r" \(.*\)$|: .*$", "", regex=True)
        return pd.crosstab(c["kind"].astype(str), level, margins=True, margins_name="total")

    @_figure
    def plot_verdicts(self) -> Figure:
        """Tiles of the distinct printed values by kind and three-level verdict."""
        from wzdata import plots
        from wzdata.study.viewtables import CATEGORIES, text

        c = self.table("claims").copy()
        c["verdict"] = (
            c["graded_verdict"].astype(str).str.replace(r" \(.*\)$|: .*$", "", regex=True)
        )
        order = [
            "reproduced under the standard reading",
            "reproduced only under a non-standard reading",
            "reproduced under no reading",
            "not checkable",
        ]
        for col, cat in (("kind", "claim_kind"), ("verdict", "verdict")):
            c[col] = (
                c[col]
                .astype(str)
                .map(lambda v, k=cat: text(CATEGORIES[k].get(v, (v, v)), self.lang))
            )
        return plots.verdict_overview(
            c,
            verdict_order=[text(CATEGORIES["verdict"].get(v, (v, v)), self.lang) for v in order],
            lang=self.lang,
        )

    # ------------------------------------------------------- joint model of counts and folds

    @functools.cached_property
    def inference(self) -> dict[str, pd.DataFrame]:
        """The joint-model tables (``wzdata.study.inference``) at this confidence level."""
        from wzdata.study.inference import SCHEMAS, build_tables

        if self.conf_level == _BUILD_DEFAULTS[0]:
            return {name: self.table(name) for name in SCHEMAS}
        return build_tables(self.table("figures"), self.conf_level)

    @_table
    def joint_rates(self, dispersion: str | None = "poisson") -> pd.DataFrame:
        """Difference of annual rates (fold span - counts span) with its profile interval.

        ``dispersion`` picks one observation model of the counts (``None``: all);
        rows with fold noise only, except the Poisson row without it for comparison.
        """
        j = self.inference["joint_rates"]
        if dispersion is not None:
            j = j[j["dispersion"].astype(str) == dispersion]
        j = _in_order(j)
        cols = [
            "indicator",
            "dispersion",
            "fold_noise",
            "fold_as_printed",
            *_with_limits("delta"),
            "p_value",
            "mdd",
            "verdict",
        ]
        names = {
            "delta": "difference of annual log-rates",
            **self._limits("delta"),
            "p_value": "p (one constant rate)",
            "mdd": _MDD,
        }
        return self._shown(j, cols, 3, ("p_value",), names)

    @_table
    def joint_spans(self) -> pd.DataFrame:
        """Each span's annual change and the constant rate, headline specification."""
        j = self._headline_joint().copy()
        import numpy as np

        for c in _with_limits("common_slope"):
            j[c.replace("slope", "change_pct")] = 100 * np.expm1(j[c].astype(float))
        cols = [
            "indicator",
            *_with_limits("annual_change_fold_pct"),
            *_with_limits("annual_change_counts_pct"),
            *_with_limits("common_change_pct"),
        ]
        return self._shown(j, cols, 2)

    @_table
    def joint_test(self) -> pd.DataFrame:
        """One test of a constant rate for all indicators with a fold, per count model."""
        t = self.inference["joint_test"]
        cols = [
            "dispersion",
            "indicators",
            "lr_statistic",
            "df",
            "p_value",
            *_with_limits("common_delta"),
        ]
        return self._shown(t, cols, 4, ("p_value",))

    @_table
    def verdict_robustness(self) -> pd.DataFrame:
        """Per indicator: the graded verdict, the share of specifications that reject, tipping."""
        import pandas as pd

        spec = self.inference["specifications"]
        rows = []
        for ind, g in spec.groupby(spec["indicator"].astype(str), sort=False):
            head = g[g["is_headline"].astype(bool)].iloc[0]
            rej = g["rejected"].astype(bool)
            poisson = g["dispersion"].astype(str) == "poisson"
            rows.append(
                {
                    "indicator": ind,
                    "headline p": format_p(head["p_value"]),
                    "rejected (of specifications)": f"{int(rej.sum())} of {len(g)}",
                    "rejected under Poisson": f"{int(rej[poisson].sum())} of {int(poisson.sum())}",
                    "graded verdict": str(head["grade"]),
                    "tipping points": str(head["tipping_points"]),
                    "decision rule": str(head["decision_rule"]),
                }
            )
        return self._label(_in_order(pd.DataFrame(rows))).reset_index(drop=True)

    @_table
    def specification_table(self, indicator: str) -> pd.DataFrame:
        """The specification table of one indicator: every reading, the same LR test."""
        spec = self.inference["specifications"]
        g = spec[spec["indicator"].astype(str) == indicator]
        if g.empty:
            raise ValueError(
                f"no specification table for {indicator!r}; "
                f"it has {sorted(set(spec['indicator'].astype(str)))}"
            )
        # the headline specification first, then the readings in their order of choice
        order = g.assign(
            _head=~g["is_headline"].astype(bool),
            _conv=(g["fold_convention"].astype(str) != "ratio"),
            _noise=~g["fold_noise"].astype(bool),
        ).sort_values(
            ["_head", "_conv", "steps", "bounds_reading", "_noise", "dispersion"], kind="stable"
        )
        return self._shown(order, [*_SPEC_CHOICES, "delta", "p_value", "rejected"], 4, ("p_value",))

    @_table
    def specification_shares(self) -> pd.DataFrame:
        """Share of specifications rejecting one constant rate, by indicator and choice."""
        import pandas as pd

        spec = self.inference["specifications"]
        rows = []
        for dim in _SPEC_CHOICES:
            for (ind, val), g in spec.groupby(
                [spec["indicator"].astype(str), spec[dim].astype(str)], sort=True
            ):
                rows.append(
                    {
                        "indicator": ind,
                        "choice": dim,
                        "value": val,
                        "rejected": f"{int(g['rejected'].astype(bool).sum())} of {len(g)}",
                    }
                )
        out = pd.DataFrame(rows)
        wide = out.pivot_table(
            index=["choice", "value"], columns="indicator", values="rejected", aggfunc="first"
        )
        wide = wide[[k for k in sorted(wide.columns, key=lambda k: _ORDER.get(k, 99))]]
        wide.columns = [self._names().get(c, c) for c in wide.columns]
        return wide.reset_index()

    @_table
    def nested_differences(self) -> pd.DataFrame:
        """A subset against its total as nested counts, beside the independence answer."""
        n = self.inference["nested_differences"]
        cols = [
            "subset",
            "total",
            "share_first",
            "share_last",
            *_with_limits("slope_difference", main=True),
            "p_value_lr",
            "p_value_fisher",
            "p_value_independent",
            "mdd",
        ]
        p_values = ("p_value_lr", "p_value_fisher", "p_value_independent")
        names = {
            **self._limits("slope_difference", main=True),
            "p_value_lr": "p (nested, LR)",
            "p_value_fisher": "p (Fisher exact)",
            "p_value_independent": "p (if independent)",
            "mdd": _MDD,
        }
        return self._shown(n, cols, 4, p_values, names)

    @_table
    def trend_forms(self) -> pd.DataFrame:
        """Expected counts a year after the last count under each trend form (extrapolation)."""
        t = self.inference["trend_forms"]
        t = _in_order(t).copy()
        t["form"] = t["form"].map(
            {
                "constant": "one constant rate (counts and fold)",
                "counts": "the 2016-2021 rate continues",
            }
        )
        t["observed_as_printed"] = _text(t["observed_as_printed"]).replace("", "none printed")
        cols = [
            "indicator",
            "year",
            "form",
            *_with_limits("expected", main=True),
            "form_rejected",
            "observed_as_printed",
        ]
        names = {
            "expected": "expected count (extrapolation)",
            **self._limits("expected", main=True),
            "form_rejected": "form rejected by the data",
            "observed_as_printed": "printed for that year",
        }
        return self._shown(t, cols, 1, names=names)

    @_table
    def exact_rates(self) -> pd.DataFrame:
        """Annual change and half-life 2016-2021 from exact rate-ratio limits (mid-p beside)."""
        e = self._chosen(self.inference["exact_rates"])
        return self._shown(e, ["indicator", "interval_method", *_CHANGE_COLUMNS], 2)


def setup(
    conf_level: float = 0.95,
    fold_convention: str = "ratio",
    steps_2015_2019: int = DEFAULT_FOLD_PERIOD_STEPS,
    lang: str = "en",
    indicators: list[str] | tuple[str, ...] | None = None,
) -> Analysis:
    """Check a notebook's parameters, set the plot theme and pandas display, and start.

    Parameters
    ----------
    conf_level : float
        Confidence level of every interval, in (0, 1).
    fold_convention : {"ratio", "multiple_of_after", "percent_of_before"}
        Reading of a printed 下降N倍 where one must be chosen; results that
        depend on it name it.
    steps_2015_2019 : {4, 5}
        Yearly steps that "2015年初至2019年末" spans: 4 compares the annual
        counts of 2015 and 2019; 5 reads it as five years of decline.
    lang : {"en", "zh"}
        Label language of plots and tables.
    indicators : list of str, optional
        Indicator keys to show; the five with 2016 and 2021 counts by default.

    Returns
    -------
    Analysis

    Raises
    ------
    ValueError
        When a parameter is out of range or names an unknown indicator.
    """
    # the declaration that ``wzdata reports -p`` checks too (wzdata.study.parameters)
    checked = check_parameters(
        conf_level=conf_level,
        fold_convention=fold_convention,
        steps_2015_2019=steps_2015_2019,
        lang=lang,
        indicators=list(indicators) if indicators else None,
    )
    conv, chosen = checked["fold_convention"], checked["indicators"]
    import pandas as pd

    from wzdata import plots, pubtables

    plots.set_theme(lang=lang)
    pubtables.install_display()  # declared tables show as publication tables
    pd.set_option("display.max_colwidth", None)  # explanations are shown whole
    pd.set_option("display.width", 120)
    pd.set_option("display.max_rows", 200)
    return Analysis(float(conf_level), conv, int(steps_2015_2019), lang, chosen)
