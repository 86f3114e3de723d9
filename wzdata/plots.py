"""Plotting base for the notebooks: one theme, bilingual labels, deterministic figures.

Every notebook starts with :func:`set_theme`. The plot functions take pandas
DataFrames (columns such as ``indicator``, ``estimate``, ``lower``, ``upper``,
``verdict``), label their axes with units and return the matplotlib
:class:`~matplotlib.figure.Figure`. The figures are created through pyplot, so
IPython shows each one exactly once, as a PNG without metadata, whether the
cell ends with the call, with ``;``, assigns the figure, or calls ``display(fig)``.

Figures are deterministic: :func:`set_theme` fixes ``svg.hashsalt`` and
removes the "Software" (version) entry from inline PNGs, and :func:`png_bytes`
renders a figure to PNG without any metadata.

Labels are English by default; ``lang="zh"`` gives Chinese labels when
matplotlib finds a CJK font (Noto Sans CJK, Source Han Sans, WenQuanYi,
SimHei, ...) and otherwise falls back to English with a warning.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Width of a report figure in inches (fits the HTML report column at 100 dpi).
FIG_WIDTH = 7.5
#: Default figure size (width, height) in inches.
FIG_SIZE = (FIG_WIDTH, 4.2)
#: Resolution of inline and saved figures.
DPI = 100
#: Fixed salt so SVG element ids are identical between runs.
SVG_HASHSALT = "wzdata"
#: PNG metadata that removes matplotlib's default "Software" (version) entry.
PNG_METADATA: dict[str, Any] = {"Software": None}

#: Font families searched, in order, for Chinese labels.
CJK_FONTS = (
    "wzdata Sans SC",  # shipped with the package (wzdata/fonts), so always found
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "AR PL UMing CN",
    "Droid Sans Fallback",
)

#: key -> (English, Chinese). Units go in parentheses. Extend with :func:`register_labels`.
LABELS: dict[str, tuple[str, str]] = {
    "indicator": ("Indicator", "指标"),
    "value": ("Reported value", "报告数值"),
    "value_log": ("Reported value (log scale)", "报告数值（对数刻度）"),
    "estimate": ("Estimate", "估计值"),
    "interval": ("Estimate with interval", "估计值及区间"),
    "fold_change": ("Fold change (ratio, log scale)", "倍数变化（比值，对数刻度）"),
    "ratio": ("Ratio (after / before)", "比值（后/前）"),
    "annual_decline": ("Annual decline (% per year)", "年均下降（%/年）"),
    "annual_change": ("Annual change (% per year)", "年均变化（%/年）"),
    "period": ("Period", "时期"),
    "before": ("Before", "之前"),
    "after": ("After", "之后"),
    "year": ("Year", "年份"),
    "geography": ("Area", "地区"),
    "verdict": ("Verdict", "结论"),
    "kind": ("Kind of claim", "表述类型"),
    "claims": ("Number of claims", "表述数量"),
    "count": ("Count", "数量"),
    "persons": ("persons", "人"),
    "cases": ("cases", "起"),
    "kg": ("kg", "千克"),
}


def register_labels(labels: Mapping[str, tuple[str, str]]) -> None:
    """Add or replace label entries: ``{key: (english, chinese)}``."""
    for key, pair in labels.items():
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise ValueError(f"label {key!r}: expected (english, chinese), got {pair!r}")
        LABELS[key] = pair


@functools.cache
def cjk_font() -> str | None:
    """Return the name of an installed CJK font known to matplotlib, or None."""
    from matplotlib import font_manager

    from wzdata import fonts

    fonts.register_matplotlib()
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in installed:
            return name
    return None


def _resolve_lang(lang: str) -> str:
    if lang not in {"en", "zh"}:
        raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
    if lang == "zh" and cjk_font() is None:
        warnings.warn(
            "no CJK font found by matplotlib (looked for "
            f"{', '.join(CJK_FONTS[:3])}, ...); using English labels. "
            "Install fonts-noto-cjk and clear the matplotlib font cache for Chinese labels.",
            stacklevel=3,
        )
        return "en"
    return lang


def label(key: str, lang: str = "en") -> str:
    """Return the axis/legend label for ``key`` in English (``"en"``) or Chinese (``"zh"``).

    Chinese needs a CJK font; without one the English label is returned and a
    warning is issued.

    Raises
    ------
    KeyError
        For an unknown key (the message lists the known ones).
    """
    if key not in LABELS:
        raise KeyError(
            f"no label for {key!r}; known: {', '.join(sorted(LABELS))}. "
            "Add it with wzdata.plots.register_labels."
        )
    return LABELS[key][0 if _resolve_lang(lang) == "en" else 1]


def _rc(lang: str = "en") -> dict[str, Any]:
    rc: dict[str, Any] = {
        "figure.figsize": FIG_SIZE,
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "savefig.bbox": "tight",
        "svg.hashsalt": SVG_HASHSALT,
        "svg.fonttype": "path",
        "pdf.fonttype": 42,
        "axes.titlesize": "medium",
        "axes.titleweight": "bold",
        "legend.frameon": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    import matplotlib as mpl

    cjk = cjk_font()
    base = [f for f in mpl.rcParamsDefault["font.sans-serif"] if f != cjk]
    if lang == "zh" and cjk is not None:
        rc["font.sans-serif"] = [cjk, *base]
        rc["axes.unicode_minus"] = False
    elif cjk is not None:
        # English labels, with the CJK font as fallback for units such as 起 or 人次
        rc["font.sans-serif"] = [base[0], cjk, *base[1:]]
    return rc


def set_theme(lang: str = "en", context: str = "notebook") -> None:
    """Apply the project's plotting theme (seaborn ``whitegrid``, report-width figures).

    Also fixes ``svg.hashsalt`` and, inside IPython, makes inline PNGs carry no
    version metadata, so re-running a notebook gives identical images.

    Parameters
    ----------
    lang : {"en", "zh"}
        Label language; ``"zh"`` adds an installed CJK font to the font list.
    context : str
        Seaborn context (``"notebook"``, ``"paper"``, ``"talk"``).
    """
    import seaborn as sns

    lang = _resolve_lang(lang)
    _quiet_weight_fallback()
    sns.set_theme(context=context, style="whitegrid", palette="colorblind", rc=_rc(lang))
    _configure_inline()


class _WeightFallbackFilter:
    """Drops matplotlib's note that the shipped (regular-only) font stands in for bold."""

    def filter(self, record: Any) -> bool:
        return "Failed to find font weight" not in record.getMessage()


@functools.cache
def _quiet_weight_fallback() -> None:
    import logging

    logging.getLogger("matplotlib.font_manager").addFilter(_WeightFallbackFilter())


def _configure_inline() -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is installed with ipykernel
        return
    if get_ipython() is None:
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("png", bbox_inches="tight", metadata=PNG_METADATA)


def png_bytes(fig: Figure) -> bytes:
    """Render ``fig`` as PNG bytes without metadata (identical bytes for identical figures)."""
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata=PNG_METADATA)
    return buf.getvalue()


@functools.cache
def _report_figure_class() -> type:
    """A Figure that IPython shows exactly once, as a metadata-free PNG."""
    from matplotlib.figure import Figure

    class ReportFigure(Figure):
        """Figure shown once whether the cell ends with it, ``;``, or calls ``display``."""

        def _ipython_display_(self) -> None:
            import base64

            import matplotlib.pyplot as plt
            from IPython.display import display

            png = base64.b64encode(png_bytes(self)).decode("ascii")
            # closing it stops the inline backend from showing it a second time
            plt.close(self)
            w, h = self.get_size_inches()
            text = f"<Figure {w:g}x{h:g} in with {len(self.axes)} Axes>"
            display({"image/png": png, "text/plain": text}, raw=True)
            caption = getattr(self, "wzdata_caption", None)
            if caption:
                import html

                markup = f'<p class="wz-figcaption">{html.escape(caption)}</p>'
                display({"text/html": markup, "text/plain": caption}, raw=True)

    return ReportFigure


def _new_axes(ax: Axes | None, figsize: tuple[float, float] | None = None) -> tuple[Figure, Axes]:
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(
        figsize=figsize or FIG_SIZE, layout="constrained", FigureClass=_report_figure_class()
    )
    return fig, ax


def _finish(fig: Figure, ax: Axes, title: str | None) -> Figure:
    """Give ``ax`` its title, if any, then settle the layout once so every render is the same."""
    if title:
        ax.set_title(title)
    fig.draw_without_rendering()
    return fig


def _plain_log(ax: Axes, which: str) -> None:
    """Log scale with plain tick numbers (10, 100, 1000 rather than powers of ten)."""
    from matplotlib.ticker import FuncFormatter

    (ax.set_xscale if which == "x" else ax.set_yscale)("log")
    axis = ax.xaxis if which == "x" else ax.yaxis
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.10g}"))


def _legend_outside(ax: Axes, title: str | None) -> None:
    """The legend to the right of the axes, clear of the data, grid and reference lines."""
    ax.legend(title=title, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)


def _require(df: pd.DataFrame, columns: Sequence[str], func: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KeyError(
            f"{func}: column(s) {missing} not in the DataFrame (columns: {list(df.columns)}); "
            "rename them or pass the column names as arguments"
        )
    if df.empty:
        raise ValueError(f"{func}: the DataFrame is empty; nothing to plot")


def _unit_text(df: pd.DataFrame, unit: str | None) -> str | None:
    if unit is None:
        return None
    if unit not in df.columns:
        return unit  # a unit text for every row
    units = sorted({str(u) for u in df[unit].dropna()})
    return units[0] if len(units) == 1 else None


def slope_chart(
    df: pd.DataFrame,
    *,
    indicator: str = "indicator",
    before: str = "before",
    after: str = "after",
    end_labels: tuple[str, str] | None = None,
    unit: str | None = "unit",
    log: bool = True,
    title: str | None = None,
    lang: str = "en",
    ax: Axes | None = None,
) -> Figure:
    """Before-vs-after slope chart, one line per indicator (log scale by default).

    Parameters
    ----------
    df : DataFrame
        One row per indicator with the two values in columns ``before`` and ``after``.
    indicator, before, after : str
        Column names.
    end_labels : (str, str), optional
        Tick labels of the two ends (e.g. ``("2016", "2021")``; default: before, after).
    unit : str, optional
        Column with the unit of each row, or a unit text for all rows. With one
        common unit it goes in the y label; with several, next to each line.
    log : bool
        Log-scale y axis (values must be positive).
    """
    _require(df, [indicator, before, after], "slope_chart")
    lang = _resolve_lang(lang)
    fig, ax = _new_axes(ax)
    common = _unit_text(df, unit)
    per_row_unit = unit is not None and unit in df.columns and common is None
    for _, row in df.iterrows():
        y0, y1 = float(row[before]), float(row[after])
        if log and (y0 <= 0 or y1 <= 0):
            raise ValueError(
                f"slope_chart: indicator {row[indicator]!r} has a value <= 0 "
                f"({y0}, {y1}); a log scale needs positive values (pass log=False)"
            )
        (line,) = ax.plot([0, 1], [y0, y1], marker="o")
        text = str(row[indicator]) + (f" ({row[unit]})" if per_row_unit else "")
        ax.annotate(
            text,
            (1, y1),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize="small",
            color=line.get_color(),
        )
    if log:
        _plain_log(ax, "y")
    ax.set_xticks(
        [0, 1], list(end_labels) if end_labels else [label("before", lang), label("after", lang)]
    )
    ax.set_xlim(-0.15, 1.6)
    ax.set_xlabel(label("period", lang))
    ylab = label("value_log" if log else "value", lang)
    if common:
        ylab = f"{ylab[:-1]}, {common})" if ylab.endswith(")") else f"{ylab} ({common})"
    elif per_row_unit:
        ylab = f"{ylab} [unit per line]"
    ax.set_ylabel(ylab)
    return _finish(fig, ax, title)


def _interval_arrays(
    df: pd.DataFrame, estimate: str, lower: str, upper: str
) -> tuple[list[float], list[float], list[float]]:
    est = [float(v) for v in df[estimate]]
    lo = [float(v) if v is not None and not _isnan(v) else math.nan for v in df[lower]]
    hi = [float(v) if v is not None and not _isnan(v) else math.nan for v in df[upper]]
    return est, lo, hi


def _isnan(v: Any) -> bool:
    try:
        return math.isnan(float(v))
    except (TypeError, ValueError):
        return False


def _draw_intervals(
    ax: Axes,
    ys: Sequence[float],
    est: Sequence[float],
    lo: Sequence[float],
    hi: Sequence[float],
    *,
    color: Any,
    label_text: str | None,
    log_x: bool,
) -> None:
    """Horizontal intervals; an infinite upper bound is drawn to the edge with an arrow."""
    finite = [v for v in [*est, *lo, *hi] if math.isfinite(v) and (v > 0 or not log_x)]
    top = max(finite) if finite else 1.0
    edge = top * 3 if log_x else top + 0.25 * (top - min(finite) if finite else 1.0) + 1e-9
    for y, e, low, high in zip(ys, est, lo, hi, strict=True):
        if math.isfinite(low) or math.isfinite(high):
            left = low if math.isfinite(low) else e
            right = high if math.isfinite(high) else edge
            ax.plot([left, right], [y, y], color=color, lw=2, solid_capstyle="butt")
            if math.isinf(high):
                ax.plot([right], [y], marker=">", color=color, ms=6)
    ax.plot(est, ys, "o", color=color, label=label_text, ms=6, zorder=3)


def _interval_axes(
    ax: Axes,
    ys: Sequence[float],
    rows: Sequence[str],
    label_col: str,
    xlabel: str,
    reference: float | None,
    *,
    log_x: bool,
    lang: str,
) -> None:
    """Rows labelled top to bottom, a dashed reference line (where the axis can show it)."""
    ax.set_yticks(ys, rows)
    if reference is not None and not (log_x and reference <= 0):
        ax.axvline(reference, color="0.4", lw=1, ls="--", zorder=1)
    if log_x:
        _plain_log(ax, "x")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(label("indicator", lang) if label_col == "indicator" else str(label_col))
    ax.set_ylim(-0.7, len(rows) - 0.3)


def forest_plot(
    df: pd.DataFrame,
    estimate: str = "estimate",
    lower: str = "lower",
    upper: str = "upper",
    label_col: str = "indicator",
    hue: str | None = None,
    *,
    hue_title: str | None = None,
    xlabel: str | None = None,
    log_x: bool = False,
    reference: float | None = None,
    title: str | None = None,
    lang: str = "en",
    ax: Axes | None = None,
) -> Figure:
    """Forest plot: a point estimate and its interval per label, groups side by side via ``hue``.

    An infinite ``upper`` (an open "more than" bound) is drawn to the right
    edge with an arrow. ``reference`` draws a vertical line (e.g. 1 for ratios,
    0 for changes).

    Parameters
    ----------
    df : DataFrame
        Rows to plot, top to bottom in frame order.
    estimate, lower, upper, label_col : str
        Column names.
    hue : str, optional
        Column of groups (e.g. two periods) drawn side by side in each label's row,
        in colours with a legend; without it each row of ``df`` is one row of the plot.
    hue_title : str, optional
        Title of the legend (default: the label of ``hue``).
    xlabel : str, optional
        Axis label with its unit; defaults to "Estimate" (or "Fold change" on a log axis).
    log_x : bool
        Log-scale x axis.
    """
    _require(df, [estimate, lower, upper, label_col] + ([hue] if hue else []), "forest_plot")
    lang = _resolve_lang(lang)
    if hue:
        labels = list(dict.fromkeys(str(v) for v in df[label_col]))
        groups: list[str | None] = list(dict.fromkeys(str(v) for v in df[hue]))
        row_height, margin = 0.55, 1.4
    else:
        labels, groups = [str(v) for v in df[label_col]], [None]
        row_height, margin = 0.45, 1.2
    n = len(labels)
    fig, ax = _new_axes(ax, (FIG_WIDTH, max(2.0, row_height * n + margin)))
    ys_of_labels = list(range(n))[::-1]
    pos = dict(zip(labels, ys_of_labels, strict=False))
    step = 0.6 / len(groups)
    for g_i, group in enumerate(groups):
        offset = (g_i - (len(groups) - 1) / 2) * step
        if group is None:
            sub, ys = df, ys_of_labels
        else:
            sub = df[df[hue].astype(str) == group]
            ys = [pos[str(v)] - offset for v in sub[label_col]]
        est, lo, hi = _interval_arrays(sub, estimate, lower, upper)
        _draw_intervals(ax, ys, est, lo, hi, color=f"C{g_i}", label_text=group, log_x=log_x)
    xlabel = xlabel or label("fold_change" if log_x else "estimate", lang)
    _interval_axes(ax, ys_of_labels, labels, label_col, xlabel, reference, log_x=log_x, lang=lang)
    if hue:
        title_text = hue_title or (label("period", lang) if hue == "period" else str(hue))
        _legend_outside(ax, title_text)
    return _finish(fig, ax, title)


def verdict_overview(
    df: pd.DataFrame,
    verdict: str = "verdict",
    kind: str = "kind",
    *,
    verdict_order: Sequence[str] | None = None,
    title: str | None = None,
    lang: str = "en",
    ax: Axes | None = None,
) -> Figure:
    """Tiles counting claims by kind (rows) and verdict (columns), with the count in each tile."""
    import numpy as np

    _require(df, [verdict, kind], "verdict_overview")
    lang = _resolve_lang(lang)
    verdicts = list(verdict_order or sorted({str(v) for v in df[verdict]}))
    kinds = sorted({str(v) for v in df[kind]})
    counts = np.zeros((len(kinds), len(verdicts)), dtype=int)
    for k, v in zip(df[kind].astype(str), df[verdict].astype(str), strict=True):
        if v not in verdicts:
            raise ValueError(f"verdict_overview: verdict {v!r} not in verdict_order {verdicts}")
        counts[kinds.index(k), verdicts.index(v)] += 1
    fig, ax = _new_axes(ax, (FIG_WIDTH, max(2.2, 0.5 * len(kinds) + 1.5)))
    image = ax.imshow(counts, cmap="Blues", aspect="auto", vmin=0)
    top = counts.max() if counts.size else 0
    for (i, j), c in np.ndenumerate(counts):
        ax.text(j, i, str(c), ha="center", va="center", color="white" if c > top / 2 else "black")
    ax.set_xticks(range(len(verdicts)), verdicts)
    ax.set_yticks(range(len(kinds)), kinds)
    ax.grid(False)
    ax.set_xlabel(label("verdict", lang))
    ax.set_ylabel(label("kind", lang))
    bar = fig.colorbar(image, ax=ax)
    bar.set_label(label("claims", lang))
    return _finish(fig, ax, title)


__all__ = [
    "CJK_FONTS",
    "LABELS",
    "cjk_font",
    "forest_plot",
    "label",
    "png_bytes",
    "register_labels",
    "set_theme",
    "slope_chart",
    "verdict_overview",
]


def index_chart(
    df: pd.DataFrame,
    year: str = "year",
    index: str = "index",
    group: str = "geography",
    *,
    base_year: int | None = None,
    ylabel: str | None = None,
    legend_title: str | None = None,
    title: str | None = None,
    lang: str = "en",
    ax: Axes | None = None,
) -> Figure:
    """Indexed series (base year = 100), one line per group, on a log scale.

    Years without a value are not joined: each group's points are connected only
    across consecutive published years, and isolated points stand alone. Each group
    has its own marker and is shifted by a fifth of a year, so points that
    coincide (every series is 100 in the base year) all stay visible.
    """
    import seaborn as sns

    _require(df, [year, index, group], "index_chart")
    lang = _resolve_lang(lang)
    fig, ax = _new_axes(ax)
    groups = list(dict.fromkeys(str(g) for g in df[group]))
    palette = sns.color_palette("colorblind", len(groups))
    markers = "osD^v<>"
    for i, (colour, g) in enumerate(zip(palette, groups, strict=True)):
        sub = df[df[group].astype(str) == g].sort_values(year)
        shift = (i - (len(groups) - 1) / 2) * 0.2
        ys = [y + shift for y in sub[year].astype(int)]
        vs = list(sub[index].astype(float))
        ax.plot(
            ys,
            vs,
            marker=markers[i % len(markers)],
            linestyle="none",
            color=colour,
            label=g,
            markersize=7,
            zorder=3 + i,
        )
        for j in range(len(ys) - 1):
            style = "-" if round(ys[j + 1] - ys[j]) == 1 else ":"
            ax.plot(ys[j : j + 2], vs[j : j + 2], color=colour, linestyle=style)
    _plain_log(ax, "y")
    if base_year is not None:
        ax.axhline(100, color="0.4", linewidth=0.8, linestyle="--")
    ax.set_xlabel(label("year", lang))
    ax.set_ylabel(
        ylabel or (f"Index, {base_year} = 100 (log scale)" if base_year else "Index (log scale)")
    )
    ax.xaxis.get_major_locator().set_params(integer=True)
    _legend_outside(ax, legend_title or label("geography", lang))
    return _finish(fig, ax, title)
