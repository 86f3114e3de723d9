"""How readers see the views of :mod:`wzdata.views`: headers, units, formats, captions.

One :class:`~wzdata.pubtables.Table` per table view and one :class:`FigureText` per plot
view, keyed by the view's method name, each in English and Chinese. The views return
exact DataFrames; this module only declares their presentation. Context fields in braces
(``{ci}``, the confidence level as ``95%``) are filled in when a table is shown.

Prose cells (explanations, reasons, method descriptions) stay English under ``lang="zh"``;
headers, units, categories, axis titles, legends and captions are translated.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from wzdata.pubtables import Column, Table

__all__ = ["CATEGORIES", "FIGURES", "TABLES", "FigureText", "text"]


def text(pair: tuple[str, str], lang: str, **context: str) -> str:
    """The English or Chinese member of ``pair``, with ``context`` filled in."""
    return (pair[1] if lang == "zh" else pair[0]).format(**context)


# --------------------------------------------------------------------------- categories

#: Category value -> (English, Chinese); a value reads the same in every category it is in.
_LABELS: dict[str, tuple[str, str]] = {
    "count": ("count", "计数"),
    "duration": ("duration", "时长"),
    "fold": ("fold", "倍数"),
    "money": ("money", "金额"),
    "percent": ("percentage", "百分比"),
    "rank": ("rank", "名次"),
    "weight": ("weight", "重量"),
    "total": ("total", "合计"),
    "fold_change": ("fold change", "倍数变化"),
    "increment": ("increment", "增量"),
    "level": ("level", "水平值"),
    "pct_change": ("% change", "百分比变化"),
    "rate": ("rate", "比率"),
    "pp_change": ("change in percentage points", "百分点变化"),
    "sum": ("sum of parts", "分项之和"),
    "exact": ("exact", "确数"),
    "more_than": ("more than (多/余)", "多/余"),
    "nearly": ("nearly (近)", "近"),
    "about": ("about (约)", "约"),
    "reproduced under the standard reading": (
        "reproduced under the standard reading",
        "按标准读法可复现",
    ),
    "reproduced only under a non-standard reading": (
        "reproduced only under a non-standard reading",
        "仅按非标准读法可复现",
    ),
    "reproduced under no reading": ("reproduced under no reading", "任何读法均不可复现"),
    "consistent": ("consistent", "一致"),
    "inconsistent": ("inconsistent", "不一致"),
    "not checkable": ("not checkable", "无法核验"),
    "ratio": ("ratio", "比值"),
    "multiple_of_after": ("multiple of after", "后值倍数"),
    "percent_of_before": ("percent of before", "前值百分比"),
    "current_base": ("current base", "以本期为基数"),
    "prior_base": ("prior base", "以上期为基数"),
    "prior_base;current_base": ("prior or current base", "以上期或本期为基数"),
    "none": ("none", "无"),
    "compared": ("compared", "已比较"),
    "refused: different concepts": ("refused: different concepts", "拒绝：概念不同"),
    "not possible: no data": ("not possible: no data", "无法比较：无数据"),
}

#: The values of each category, in display order.
_CATEGORY_VALUES: dict[str, tuple[str, ...]] = {
    "figure_kind": ("count", "duration", "fold", "money", "percent", "rank", "weight", "total"),
    "measure": ("duration", "fold_change", "increment", "level", "pct_change", "rank", "total"),
    "qualifier": ("exact", "more_than", "nearly", "about"),
    "claim_kind": ("fold", "increment", "pct_change", "rate", "pp_change", "sum", "total"),
    "verdict": (
        "reproduced under the standard reading",
        "reproduced only under a non-standard reading",
        "reproduced under no reading",
        "consistent",
        "inconsistent",
        "not checkable",
        "total",
    ),
    "reading": (
        "ratio",
        "multiple_of_after",
        "percent_of_before",
        "current_base",
        "prior_base",
        "prior_base;current_base",
        "none",
    ),
    "status": ("compared", "refused: different concepts", "not possible: no data"),
}

#: Category value -> (English, Chinese), shared by tables and figures.
CATEGORIES: dict[str, dict[str, tuple[str, str]]] = {
    name: {value: _LABELS[value] for value in values} for name, values in _CATEGORY_VALUES.items()
}

# --------------------------------------------------------------------------- columns

_SRC_ARTICLE = (
    "Source: 中国长安网, 2022-06-27 (source S00); wzdata, data/processed/{table}.csv.",
    "来源：中国长安网，2022-06-27（来源 S00）；wzdata，data/processed/{table}.csv。",
)


def _src(table: str, extra: tuple[str, str] | None = None) -> tuple[str, str]:
    en, zh = (s.format(table=table) for s in _SRC_ARTICLE)
    if extra:
        en, zh = f"{en} {extra[0]}", f"{zh}{extra[1]}"
    return en, zh


def _src_processed(table: str) -> tuple[str, str]:
    """Source note of a table read straight from ``data/processed/{table}.csv``."""
    return f"Source: data/processed/{table}.csv.", f"来源：data/processed/{table}.csv。"


def _under(spanner: tuple[str, str], *columns: Column) -> tuple[Column, ...]:
    """``columns`` under one spanning header (English, Chinese)."""
    return tuple(replace(c, spanner=spanner) for c in columns)


_COUNT = ("Count", "数量")
_INTERVAL = ("{ci} interval", "{ci} 区间")
_ESTIMATE = ("Estimate", "估计值")


def _counts(before: str, after: str, spanner: tuple[str, str] = _COUNT) -> tuple[Column, ...]:
    """The 2016 and 2021 counts, columns ``before`` and ``after``, under one header."""
    return _under(
        spanner,
        Column(before, "2016", "2016年", fmt="int"),
        Column(after, "2021", "2021年", fmt="int"),
    )


def _estimate(
    key: str,
    spanner: tuple[str, str],
    *,
    bounds: str | None = None,
    header: tuple[str, str] = _ESTIMATE,
    decimals: int = 1,
) -> tuple[Column, ...]:
    """An estimate and its interval under one header.

    The interval's columns are ``{bounds}_lower`` and ``{bounds}_upper``, ``bounds``
    defaulting to ``key``.
    """
    stem = bounds or key
    return _under(
        spanner,
        Column(key, *header, fmt="number", decimals=decimals),
        Column(
            f"{stem}_lower", *_INTERVAL, fmt="interval", decimals=decimals, upper=f"{stem}_upper"
        ),
    )


def _area_change(area: str, spanner: tuple[str, str]) -> tuple[Column, ...]:
    """The counts of an area and its annual change with interval (columns ``{area}_...``)."""
    return (
        *_counts(f"{area}_before", f"{area}_after", spanner),
        *_estimate(f"{area}_pct", spanner, bounds=area, header=("% per year", "%/年")),
    )


def _crosstab(
    rows: Column,
    spanner: tuple[str, str],
    values: dict[str, tuple[str, str]],
    source: tuple[str, str],
) -> Table:
    """Counts of the values of ``rows`` (one row each) by category (one column each)."""
    return Table(
        columns=(rows,),
        rest=Column("", "", "", fmt="int", spanner=spanner, values=values),
        source=source,
    )


def _verdict_counts(source: tuple[str, str]) -> Table:
    """Claims counted by kind and verdict."""
    return _crosstab(
        Column("kind", "Kind of claim", "表述类型", values=CATEGORIES["claim_kind"]),
        ("Claims by verdict", "按结论分的表述数"),
        CATEGORIES["verdict"],
        source,
    )


_IND = Column("indicator", "Indicator", "指标")
_UNIT = Column("unit", "Unit", "单位")
_METHOD = Column("method", "Method", "方法")
_PARAGRAPH = Column("paragraph", "Paragraph", "段落", fmt="int")
_PRINTED = Column("printed", "Printed", "原文")
_P_VALUE = Column("p_value", "p", "p 值", fmt="p")
_YEAR = Column("year", "Year", "年份", fmt="year")
_STATUS = Column("status", "Status", "状态", values=CATEGORIES["status"])
_REASON = Column("reason", "Reason", "原因")
_CLAIM = Column("claim", "Claim", "表述", fmt="int")
_VERDICT = Column("verdict", "Verdict", "结论", values=CATEGORIES["verdict"])
_FOLD_READINGS = ("ratio", "multiple_of_after", "percent_of_before")

# --------------------------------------------------------------------------- tables

TABLES: dict[str, Table] = {
    # 01 published figures
    "figures_by_kind": _crosstab(
        Column("kind", "Kind of figure", "数字类型", values=CATEGORIES["figure_kind"]),
        ("Figures by measure", "按测度分的数字个数"),
        CATEGORIES["measure"],
        _src("figures"),
    ),
    "figures_by_section": Table(
        columns=(
            Column("section", "Section of the article", "文章小节"),
            *_under(
                ("Paragraph", "段落"),
                Column("first_paragraph", "First", "起", fmt="int"),
                Column("last_paragraph", "Last", "止", fmt="int"),
            ),
            Column("figures", "Figures", "数字个数", fmt="int"),
            Column("qualified", "With a qualifier", "带限定词", fmt="int"),
        ),
        source=_src(
            "figures",
            ("Paragraphs count the non-empty lines of the body.", "段落按正文非空行计数。"),
        ),
    ),
    "headline": Table(
        columns=(
            _IND,
            _UNIT,
            *_counts("2016", "2021"),
            Column("printed fold", "Printed fold", "文中倍数"),
            Column(
                "2016/2021", "2016 / 2021 (ratio)", "2016/2021（比值）", fmt="number", decimals=2
            ),
        ),
        source=_src("figures"),
    ),
    "qualified_figures": Table(
        columns=(
            _PARAGRAPH,
            Column("as_printed", "As printed", "原文"),
            _IND,
            Column("qualifier", "Qualifier", "限定词", values=CATEGORIES["qualifier"]),
            *_under(
                ("Bounds", "界限"),
                Column("lower", "Lower", "下限", fmt="number", decimals=0),
                Column("upper", "Upper", "上限", fmt="number", decimals=0),
            ),
            _UNIT,
        ),
        source=_src(
            "figures",
            (
                "Bounds: one step of the last significant digit (多/余 above, 近 below).",
                "界限：末位有效数字的一个单位（多/余向上，近向下）。",
            ),
        ),
    ),
    # 02 fold-declines
    "fold_readings": Table(
        columns=(
            _IND,
            *_counts("before", "after"),
            _PRINTED,
            *_under(
                ("N under each reading", "各读法下的 N"),
                *(
                    Column(key, en, zh, fmt="number", decimals=2)
                    for key, en, zh in (
                        ("before/after", "before/after", "前/后"),
                        ("(before-after)/after", "(before − after)/after", "（前−后）/后"),
                        ("(before-after)/before", "(before − after)/before", "（前−后）/前"),
                    )
                ),
            ),
            Column("reproduced by", "Reproduced by", "可复现的读法", values=CATEGORIES["reading"]),
        ),
        source=_src("figures"),
    ),
    "folds_without_endpoints": Table(
        columns=(
            _IND,
            _PRINTED,
            Column("N between", "N between", "N 的范围"),
            *_under(
                ("Fall (%) under each reading", "各读法下的降幅（%）"),
                *(
                    Column(
                        f"fall % ({reading})",
                        *_LABELS[reading],
                        # only a fall of more than 100% can be impossible
                        values=(
                            {"impossible": ("impossible", "不可能")}
                            if reading == "percent_of_before"
                            else {}
                        ),
                    )
                    for reading in _FOLD_READINGS
                ),
            ),
        ),
        source=_src("figures"),
    ),
    "rate_ratios": Table(
        columns=(
            _IND,
            *_counts("count_before", "count_after"),
            Column("estimate", "Rate ratio 2016/2021", "率比 2016/2021", fmt="number", decimals=2),
            Column("lower {ci}", *_INTERVAL, fmt="interval", decimals=2, upper="upper {ci}"),
            Column("p_value", "p (ratio = 1)", "p 值（率比 = 1）", fmt="p"),
            _METHOD,
        ),
        source=_src("rate_ratios"),
    ),
    # 03 trends
    "annual_rates": Table(
        columns=(
            Column(
                "assumption",
                "Assumption",
                "假定",
                replace={
                    "quasi-Poisson scale": "准泊松尺度",
                    "negative binomial alpha": "负二项 alpha",
                },
            ),
            *_estimate("annual_change_pct", ("Annual change (% per year)", "年均变化（%/年）")),
            *_estimate(
                "half_life_years",
                ("Half-life (years)", "半衰期（年）"),
                bounds="half_life",
                decimals=2,
            ),
        ),
        group="indicator",
        source=_src("annual_rates"),
    ),
    "period_consistency": Table(
        columns=(
            _IND,
            Column("fold_as_printed", "Printed fold 2015–2019", "2015–2019 年文中倍数"),
            Column("fold_convention", "Reading", "读法", values=CATEGORIES["reading"]),
            Column("steps", "Yearly steps", "年步数", fmt="int"),
            Column("scale", "Scale", "尺度", fmt="number", decimals=0),
            *_estimate("implied_fold", ("Fold implied by 2016–2021", "2016–2021 计数推算的倍数")),
            Column("gap_se", "Gap (SE)", "差距（标准误）", fmt="number", decimals=2),
            Column("lr_p_value", "p (LR test)", "p 值（似然比检验）", fmt="p"),
            *_estimate(
                "common_annual_change_pct", ("One common rate (% per year)", "单一共同年率（%/年）")
            ),
            Column("verdict", "Verdict", "结论"),
        ),
        source=_src("period_consistency"),
    ),
    "heterogeneity": Table(
        columns=(
            Column("scale", "Quasi-Poisson scale", "准泊松尺度", fmt="number", decimals=0),
            Column("n_indicators", "Indicators", "指标数", fmt="int"),
            Column("lr_statistic", "LR statistic", "似然比统计量", fmt="number", decimals=2),
            Column("df", "df", "自由度", fmt="int"),
            _P_VALUE,
            Column(
                "common_annual_change_pct",
                "Common annual change (% per year)",
                "共同年均变化（%/年）",
                fmt="number",
            ),
            _METHOD,
        ),
        source=_src("heterogeneity"),
    ),
    "slope_differences": Table(
        columns=(
            Column("indicator_b", "Against", "对比指标"),
            *_under(
                ("Annual log-rate difference", "年对数率差"),
                Column("slope_difference", "Difference", "差值", fmt="number", decimals=3),
                Column(
                    "lower", "95% interval", "95% 区间", fmt="interval", decimals=3, upper="upper"
                ),
            ),
            Column(
                "annual_factor_ratio",
                "Ratio of annual factors",
                "年变化因子之比",
                fmt="number",
                decimals=3,
            ),
            _P_VALUE,
            Column("p_value_holm", "p (Holm)", "p 值（Holm 校正）", fmt="p"),
            Column(
                "detectable difference (80% power)",
                "Detectable difference (80% power)",
                "可检出差值（80% 检验效能）",
                fmt="number",
                decimals=3,
            ),
        ),
        group="indicator_a",
        source=_src("slope_differences"),
    ),
    "projections": Table(
        columns=(
            _YEAR,
            Column("expected", "Expected count", "期望数", fmt="number"),
            Column(
                "prediction_lower",
                "95% prediction interval",
                "95% 预测区间",
                fmt="interval",
                decimals=0,
                upper="prediction_upper",
            ),
            Column("is_extrapolation", "Extrapolation", "外推", fmt="bool"),
            Column("observed_as_printed", "Observed (as printed)", "实际（原文）"),
        ),
        group="indicator",
        source=_src("projections"),
    ),
    # 04 claim audit
    "claims": Table(
        columns=(
            Column("claim_id", "Claim", "表述"),
            Column("as_printed", "Printed", "原文"),
            Column("graded_verdict", "Verdict", "结论"),
            Column("would pass by chance", "Would pass by chance", "偶然通过的概率"),
            Column("repeats", "Repeats", "重复出现"),
            Column("explanation", "Explanation", "说明"),
        ),
        group="kind",
        group_values=CATEGORIES["claim_kind"],
        source=_src("claims"),
    ),
    "verdict_counts": _verdict_counts(_src("claims")),
    # 05 context
    "context_changes": Table(
        columns=(
            Column("comparator", "Comparator", "对比对象"),
            _STATUS,
            *_area_change("wuzhong", ("Wuzhong", "吴忠")),
            *_area_change("comparator", ("Comparator", "对比对象")),
            Column("sources", "Sources", "来源"),
            _REASON,
        ),
        group="indicator",
        source=(
            "Sources: data/processed/series.csv (figures of S00 and of the pages listed below).",
            "来源：data/processed/series.csv（S00 及下文所列背景页面的数字）。",
        ),
    ),
    "context_index": Table(
        columns=(
            _YEAR,
            Column("value", "Count", "数量", fmt="int"),
            Column("index", "Index (base year = 100)", "指数（基年 = 100）", fmt="number"),
            Column("source_id", "Source", "来源"),
        ),
        group="geography",
        hidden=("indicator", "base_year", "figure_id"),
        source=_src_processed("series"),
    ),
    "context_shares": Table(
        columns=(
            _IND,
            Column("Ningxia indicator", "Ningxia indicator", "宁夏指标"),
            _STATUS,
            *_under(
                _COUNT,
                Column("part", "Wuzhong", "吴忠", fmt="int"),
                Column("whole", "Ningxia", "宁夏", fmt="int"),
            ),
            *_estimate("share_pct", ("Share (%)", "占比（%）"), bounds="share"),
            Column("concept match", "Concept match", "概念匹配"),
            _REASON,
        ),
        source=_src_processed("series"),
    ),
    "context_sources": Table(
        columns=(
            Column("source_id", "Source", "来源编号"),
            Column("publisher", "Publisher", "发布者"),
            Column("published", "Published", "发布日期", fmt="date"),
            Column("url", "Address", "网址", fmt="url"),
        ),
        source=_src_processed("sources"),
    ),
}


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class FigureText:
    """Caption and axis title of a plot view, in English and Chinese."""

    caption: tuple[str, str]
    axis: tuple[str, str] = ("", "")
    title: tuple[str, str] = ("", "")


FIGURES: dict[str, FigureText] = {
    "plot_headline": FigureText(
        caption=(
            "The five headline indicators in 2016 and 2021, on a log scale: equal slopes mean "
            "equal proportional declines.",
            "五项主要指标 2016 年与 2021 年的数值（对数刻度）：斜率相同即降幅比例相同。",
        ),
        title=("2016 against 2021 (log scale)", "2016 年与 2021 年对比（对数刻度）"),
    ),
    "plot_rate_ratios": FigureText(
        caption=(
            "Rate ratio 2016/2021 of each indicator with its {ci} exact conditional interval.",
            "各指标 2016/2021 率比及其 {ci} 精确条件区间。",
        ),
        axis=(
            "Rate ratio 2016/2021 (log scale), {ci} exact interval",
            "率比 2016/2021（对数刻度），{ci} 精确区间",
        ),
    ),
    "plot_annual_rates": FigureText(
        caption=(
            "Annual change 2016–2021 of each indicator; the interval widens with the assumed "
            "extra variation (negative binomial alpha).",
            "各指标 2016–2021 年均变化；区间随假定的额外变异（负二项 alpha）变宽。",
        ),
        axis=("Annual change 2016–2021 (% per year), {ci}", "2016–2021 年均变化（%/年），{ci}"),
    ),
    "plot_period_rates": FigureText(
        caption=(
            "Annual change of each span, the 2016–2021 counts and the printed 2015–2019 fold, "
            "with {ci} profile-likelihood intervals of the joint model.",
            "各时段的年均变化（2016–2021 计数与 2015–2019 文中倍数），"
            "联合模型的 {ci} 轮廓似然区间。",
        ),
        axis=(
            "Annual change (% per year), {ci} profile-likelihood intervals of the joint model",
            "年均变化（%/年），联合模型的 {ci} 轮廓似然区间",
        ),
    ),
    "plot_verdicts": FigureText(
        caption=(
            "The article's derived claims by kind and verdict.",
            "文章派生表述按类型与结论计数。",
        ),
    ),
    "plot_context_changes": FigureText(
        caption=(
            "Annual change 2016–2021 of criminal suspects arrested, Wuzhong beside China, with "
            "{ci} exact intervals.",
            "2016–2021 抓获犯罪嫌疑人年均变化：吴忠与全国，{ci} 精确区间。",
        ),
        axis=(
            "Annual change 2016–2021 (% per year), {ci} exact interval",
            "2016–2021 年均变化（%/年），{ci} 精确区间",
        ),
    ),
    "plot_context_index": FigureText(
        caption=(
            "{indicator} in Wuzhong, Ningxia and China, indexed to {base} = 100 (log scale); "
            "dotted lines join years with unpublished years between them.",
            "吴忠、宁夏与全国的{indicator}，以 {base} 年 = 100 为指数（对数刻度）；"
            "虚线连接中间有未公布年份的年份。",
        ),
        axis=(
            "{indicator}\nindex, {base} = 100 (log scale)",
            "{indicator}\n指数，{base} 年 = 100（对数刻度）",
        ),
    ),
}

#: Legend entries of the plots.
LEGENDS: dict[str, tuple[str, str]] = {
    "scale": ("quasi-Poisson scale {scale}", "准泊松尺度 {scale}"),
    "counts": ("2016–2021 counts", "2016–2021 计数"),
    "fold": ("2015–2019 printed fold", "2015–2019 文中倍数"),
    "assumption": ("Assumption", "假定"),
    "period": ("Period", "时期"),
    "area": ("Area", "地区"),
}


#: Headers of the figures table in the explorer of notebook 01 (English, Chinese).
FIGURE_HEADERS: dict[str, tuple[str, str]] = {
    "figure_id": ("Figure", "数字编号"),
    "source_id": ("Source", "来源"),
    "section": ("Section", "小节"),
    "paragraph": ("Paragraph", "段落"),
    "indicator": ("Indicator", "指标"),
    "measure": ("Measure", "测度"),
    "direction": ("Direction", "方向"),
    "geography": ("Area", "地区"),
    "period_start": ("Period start", "起始日期"),
    "period_end": ("Period end", "结束日期"),
    "as_printed": ("As printed", "原文"),
    "note": ("Note", "备注"),
    "value": ("Value", "数值"),
    "lower": ("Lower bound", "下限"),
    "upper": ("Upper bound", "上限"),
    "unit": ("Unit", "单位"),
    "kind": ("Kind", "类型"),
    "qualifier": ("Qualifier", "限定词"),
    "decimals": ("Decimals", "小数位"),
}


#: Tables of the text check (notebook 06, :mod:`wzdata.study.textcheck`).
_SRC_TEXT = (
    "Source: the text checked; claims found and recomputed by wzdata.claims.detect.",
    "来源：所核验的文本；表述由 wzdata.claims.detect 查找并重算。",
)
TEXTCHECK_TABLES: dict[str, Table] = {
    "verdict_counts": _verdict_counts(_SRC_TEXT),
    "claims": Table(
        columns=(
            _CLAIM,
            _PARAGRAPH,
            _PRINTED,
            Column("inputs", "Inputs", "输入"),
            _VERDICT,
            Column("explanation", "Explanation", "说明"),
        ),
        group="kind",
        group_values=CATEGORIES["claim_kind"],
        source=_SRC_TEXT,
    ),
    "assumptions": Table(
        columns=(
            _CLAIM,
            _PARAGRAPH,
            _PRINTED,
            _VERDICT,
            Column("assumption", "Assumption", "假定"),
        ),
        source=_SRC_TEXT,
    ),
}


#: Headers of columns of views without a declared table (English, Chinese).
GLOSSARY: dict[str, tuple[str, str]] = {
    "indicator": ("Indicator", "指标"),
    "claim_id": ("Claim", "表述"),
    "as_printed": ("Printed", "原文"),
    "graded_verdict": ("Verdict", "结论"),
    "pass_chance_text": ("Would pass by chance", "偶然通过的概率"),
    "linked_checks": ("Linked checks", "关联核验"),
    "conditional_check": ("Check under an assumption", "条件核验"),
    "fingerprint": ("Smallest fraction", "最小分数"),
    "dispersion": ("Dispersion", "离散假定"),
    "indicators": ("Indicators", "指标"),
    "lr_statistic": ("LR statistic", "似然比统计量"),
    "df": ("df", "自由度"),
    "p_value": ("p", "p 值"),
    "delta": ("Difference of annual rates", "年率差"),
    "common_delta": ("Common difference of annual rates", "共同年率差"),
    "interval": ("Interval", "区间"),
    "fold_convention": ("Reading of 下降N倍", "下降N倍读法"),
    "steps": ("Yearly steps", "年步数"),
    "bounds_reading": ("Bounds of the fold", "倍数界限"),
    "fold_noise": ("Fold noise", "倍数噪声"),
    "rejected": ("Rejected", "拒绝"),
    "choice": ("Choice", "选择"),
    "value": ("Value", "取值"),
    "subset": ("Subset", "子集"),
    "total": ("Total", "总数"),
    "share_first": ("Share, first year", "首年占比"),
    "share_last": ("Share, last year", "末年占比"),
    "slope_difference": ("Difference of annual log-rates", "年对数率差"),
    "year": ("Year", "年份"),
    "form": ("Form", "形式"),
    "interval_method": ("Interval", "区间方法"),
    "annual_change_pct": ("Annual change (%)", "年均变化（%）"),
    "half_life_years": ("Half-life (years)", "半衰期（年）"),
    "span": ("Span", "时段"),
    "fold_as_printed": ("Fold as printed", "文中倍数"),
    "p (one constant rate)": ("p (one constant rate)", "p 值（单一恒定率）"),
    "detectable difference (80% power)": (
        "Detectable difference (80% power)",
        "可检出差值（80% 检验效能）",
    ),
    "verdict": ("Verdict", "结论"),
    "annual_change_fold_pct": ("Annual change, fold span (%)", "年均变化，倍数时段（%）"),
    "annual_change_counts_pct": ("Annual change, counts span (%)", "年均变化，计数时段（%）"),
    "common_change_pct": ("Common annual change (%)", "共同年均变化（%）"),
    "headline p": ("Headline p", "主规格 p 值"),
    "rejected (of specifications)": ("Rejected (of specifications)", "被拒绝（规格数）"),
    "rejected under Poisson": ("Rejected under Poisson", "泊松下被拒绝"),
    "graded verdict": ("Graded verdict", "分级结论"),
    "tipping points": ("Tipping points", "临界点"),
    "decision rule": ("Decision rule", "判定规则"),
    "p (nested, LR)": ("p (nested, LR)", "p 值（嵌套，似然比）"),
    "p (Fisher exact)": ("p (Fisher exact)", "p 值（Fisher 精确）"),
    "p (if independent)": ("p (if independent)", "p 值（若独立）"),
    "expected count (extrapolation)": ("Expected count (extrapolation)", "期望数（外推）"),
    "form rejected by the data": ("Form rejected by the data", "被数据拒绝的形式"),
    "printed for that year": ("Printed for that year", "文中该年数值"),
    "estimate": ("Estimate", "估计值"),
    "difference of annual log-rates": ("Difference of annual log-rates", "年对数率差"),
}
#: Row groups of views without a declared table.
GROUPS: dict[str, str] = {"exact_rates": "indicator", "trend_forms": "indicator"}


def table_of(view: str, df: Any) -> Table:
    """The declared table of a view, or one inferred from its frame and the glossary."""
    from wzdata.pubtables import auto_table

    if view in TABLES:
        return TABLES[view]
    zh_src = "来源：wzdata，data/processed/ 中的表格与模型（联合模型、规格、嵌套与精确率）。"
    return auto_table(
        df,
        GLOSSARY,
        (
            "Source: wzdata, the tables and models of data/processed/ (joint model, "
            "specifications, nested and exact rates).",
            zh_src,
        ),
        group=GROUPS.get(view),
    )
