"""Publication tables: a DataFrame plus its declared presentation, rendered by great_tables.

A view returns an exact DataFrame for code. Beside it, a :class:`Table` declares how a
reader sees it: a header in words with its unit, in English and Chinese, a number format,
intervals joined as ``12.1–42.2``, p-values as ``<0.001``, missing values as an em dash,
row groups, spanners and a source note. :func:`declare` attaches the declaration to the
frame (``DataFrame.attrs``, which changes no value), and :func:`install_display` makes
IPython show declared frames as great_tables HTML (no index column) and every other frame
as pandas does. The HTML carries a table id derived from the view and its arguments, never
a random one, so executed notebooks are byte-identical between runs.

This module knows no article and imports great_tables only when it renders.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = [
    "ATTR",
    "EM_DASH",
    "FORMATS",
    "Column",
    "Table",
    "auto_table",
    "declare",
    "display_frame",
    "format_interval",
    "format_number",
    "format_p",
    "install_display",
    "table_id",
    "to_gt",
    "to_html",
]

#: Key of ``DataFrame.attrs`` that holds a frame's declared presentation.
ATTR = "wzdata_table"
#: What a missing value shows as.
EM_DASH = "—"
#: Dash between the bounds of an interval.
EN_DASH = "–"
#: The formats a column can declare.
FORMATS = ("text", "int", "year", "number", "p", "interval", "bool", "url", "date", "percent")
#: Font family of the shipped web font, first in the tables' font stack.
FONT_FAMILY = "wzdata Sans SC"
_LANGS = ("en", "zh")
#: Text cells up to this many characters are kept on one line (``9倍多``, ``77.8%``).
_SHORT_TEXT = 12


@dataclass(frozen=True)
class Column:
    """How one column is shown.

    Parameters
    ----------
    key : str
        Column of the frame; may hold ``{ci}`` and other context fields, filled in
        when the table is rendered.
    en, zh : str
        Header in English and in Chinese, with the unit in parentheses.
    fmt : str
        One of :data:`FORMATS`. ``interval`` joins ``key`` (the lower bound) and
        ``upper`` into ``lower–upper``.
    decimals : int
        Decimals of ``number``, ``interval`` and ``percent``.
    upper : str, optional
        Column of the upper bound, for ``fmt="interval"``.
    spanner : (str, str), optional
        Header over this and adjacent columns with the same spanner (English, Chinese).
    values : mapping, optional
        Cell value -> (English, Chinese) display text, for categories.
    replace : mapping, optional
        English phrase -> Chinese, replaced inside text cells under ``lang="zh"``.
    """

    key: str
    en: str
    zh: str
    fmt: str = "text"
    decimals: int = 1
    upper: str | None = None
    spanner: tuple[str, str] | None = None
    values: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    replace: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.fmt not in FORMATS:
            raise ValueError(f"column {self.key!r}: format {self.fmt!r} not in {FORMATS}")
        if (self.fmt == "interval") != (self.upper is not None):
            raise ValueError(f"column {self.key!r}: an interval needs upper=, and only it")

    def header(self, lang: str) -> str:
        """The header in ``lang``."""
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Table:
    """The declared presentation of a view's frame.

    Parameters
    ----------
    columns : sequence of Column
        Columns in display order; frame columns not listed are left out, unless
        ``rest`` is given.
    source : (str, str)
        Source note under the table (English, Chinese).
    group : str, optional
        Column whose values become row groups (the column itself is not shown);
        ``group_values`` translates them, as ``Column.values`` does.
    rest : Column, optional
        Template for frame columns not listed (e.g. the categories of a crosstab):
        its format applies and the header is the column's name, translated by
        ``rest.values``.
    notes : sequence of (str, str)
        Footnotes under the source note.
    hidden : sequence of str
        Frame columns deliberately not shown (e.g. keys for code); every other
        column must be declared.
    """

    columns: tuple[Column, ...]
    source: tuple[str, str]
    group: str | None = None
    rest: Column | None = None
    notes: tuple[tuple[str, str], ...] = ()
    hidden: tuple[str, ...] = ()
    group_values: Mapping[str, tuple[str, str]] = field(default_factory=dict)


def table_id(name: str, *args: Any, **kwargs: Any) -> str:
    """A stable HTML id for a view called with some arguments: ``wz-<name>-<hash>``."""
    text = repr((args, sorted(kwargs.items())))
    return f"wz-{name.replace('_', '-')}-{hashlib.sha256(text.encode()).hexdigest()[:6]}"


def declare(
    df: pd.DataFrame,
    table: Table,
    *,
    lang: str = "en",
    context: Mapping[str, str] | None = None,
    html_id: str = "wz-table",
) -> pd.DataFrame:
    """Attach ``table`` to ``df`` (in ``df.attrs``) and return ``df``; no value changes."""
    if lang not in _LANGS:
        raise ValueError(f"lang must be one of {_LANGS}, got {lang!r}")
    df.attrs[ATTR] = {
        "table": table,
        "lang": lang,
        "context": dict(context or {}),
        "id": html_id,
    }
    return df


# --------------------------------------------------------------------------- cell formats


def _missing(v: Any) -> bool:
    if v is None:
        return True
    try:
        import pandas as pd

        if v is pd.NA or v is pd.NaT:
            return True
    except ImportError:  # pragma: no cover
        pass
    return isinstance(v, float) and math.isnan(v)


def format_number(v: Any, decimals: int = 1) -> str:
    """``12,345.6`` with thousands separators; infinity as ``∞``; missing as an em dash."""
    if _missing(v):
        return EM_DASH
    x = float(v)
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    text = f"{x:,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]  # no "-0.0"
    return text.replace("-", "−")


def format_interval(lo: Any, hi: Any, decimals: int = 1, lang: str = "en") -> str:
    """``12.1–42.2``; ``−51.8 to −39.2`` when a bound is negative; missing as an em dash."""
    if _missing(lo) and _missing(hi):
        return EM_DASH
    a, b = format_number(lo, decimals), format_number(hi, decimals)
    if a.startswith("−") or b.startswith("−"):
        return f"{a} 至 {b}" if lang == "zh" else f"{a} to {b}"
    return f"{a}{EN_DASH}{b}"


def format_p(p: Any) -> str:
    """A p-value as ``<0.001``, ``0.012`` (below 0.1) or ``0.53``; missing as an em dash."""
    if _missing(p) or p == "":
        return EM_DASH
    if isinstance(p, str):  # already written for reading (``<0.001``)
        return p
    x = float(p)
    if x < 0.001:
        return "<0.001"
    if x < 0.1:
        return f"{x:.3f}"
    return f"{x:.2f}"


def _cell(col: Column, v: Any, lang: str) -> str:
    if _missing(v) or (isinstance(v, str) and v == ""):
        return EM_DASH
    if col.values and str(v) in col.values:
        pair = col.values[str(v)]
        return pair[1] if lang == "zh" else pair[0]
    if isinstance(v, str) and col.fmt in ("int", "number", "percent", "year"):
        return v  # a number already written as text
    if col.fmt == "int":
        return format_number(v, 0)
    if col.fmt == "year":
        return str(int(v))
    if col.fmt == "number":
        return format_number(v, col.decimals)
    if col.fmt == "percent":
        return format_number(v, col.decimals) + "%"
    if col.fmt == "p":
        return format_p(v)
    if col.fmt == "bool":
        yes = bool(v)
        return ("是" if yes else "否") if lang == "zh" else ("yes" if yes else "no")
    if col.fmt == "date":
        return str(v)[:10]
    text = str(v)
    if lang == "zh":
        for en, zh in col.replace.items():
            text = text.replace(en, zh)
    return text


def _resolved(table: Table, df: pd.DataFrame, context: Mapping[str, str]) -> list[Column]:
    """The columns shown, with keys filled from ``context``; unlisted ones from ``rest``."""
    import dataclasses

    listed = []
    for col in table.columns:
        key = col.key.format(**context)
        if key not in df.columns:
            continue
        upper = col.upper.format(**context) if col.upper else None
        listed.append(
            dataclasses.replace(
                col,
                key=key,
                upper=upper,
                en=col.en.format(**context),
                zh=col.zh.format(**context),
            )
        )
    if table.rest is not None:
        used = {c.key for c in listed} | {c.upper for c in listed if c.upper}
        used |= {table.group} if table.group else set()
        for name in df.columns:
            if str(name) in used:
                continue
            en, zh = table.rest.values.get(str(name), (str(name), str(name)))
            listed.append(dataclasses.replace(table.rest, key=str(name), en=en, zh=zh, values={}))
    return listed


def display_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The frame a reader sees: index made a column, cells formatted as text, headers as keys.

    The frame must carry a declaration (:func:`declare`).
    """
    import pandas as pd

    meta = df.attrs[ATTR]
    table: Table = meta["table"]
    lang: str = meta["lang"]
    frame = _with_index(df)
    cols = _resolved(table, frame, meta["context"])
    out: dict[str, list[str]] = {}
    for col in cols:
        if col.fmt == "interval":
            out[col.key] = [
                format_interval(lo, hi, col.decimals, lang)
                for lo, hi in zip(frame[col.key], frame[col.upper], strict=True)
            ]
        else:
            out[col.key] = [_cell(col, v, lang) for v in frame[col.key]]
    if table.group and table.group in frame.columns:
        names = table.group_values
        out[table.group] = [
            (names[str(v)][1] if lang == "zh" else names[str(v)][0]) if str(v) in names else str(v)
            for v in frame[table.group]
        ]
    return pd.DataFrame(out, dtype=object)


def to_gt(df: pd.DataFrame) -> Any:
    """The great_tables ``GT`` of a declared frame."""
    from great_tables import GT, loc, style

    meta = df.attrs[ATTR]
    table: Table = meta["table"]
    lang: str = meta["lang"]
    shown = display_frame(df)
    cols = _resolved(table, _with_index(df), meta["context"])
    group = table.group if table.group in shown.columns else None
    gt = GT(shown, groupname_col=group, id=meta["id"], auto_align=False)
    gt = gt.cols_label(**{c.key: c.header(lang) for c in cols})
    text_cols = [c.key for c in cols if c.fmt in ("text", "bool", "date", "url")]
    num_cols = [c.key for c in cols if c.key not in text_cols]
    if text_cols:
        gt = gt.cols_align("left", columns=text_cols)
    if num_cols:
        gt = gt.cols_align("right", columns=num_cols)
    url_cols = [c.key for c in cols if c.fmt == "url"]
    if url_cols:
        gt = gt.fmt_url(columns=url_cols)
    spanners: dict[tuple[str, str], list[str]] = {}
    for c in cols:
        if c.spanner:
            spanners.setdefault(c.spanner, []).append(c.key)
    for pair, keys in spanners.items():
        gt = gt.tab_spanner(pair[1] if lang == "zh" else pair[0], columns=keys)
    gt = gt.tab_source_note(table.source[1] if lang == "zh" else table.source[0])
    for note in table.notes:
        gt = gt.tab_source_note(note[1] if lang == "zh" else note[0])
    gt = gt.opt_table_font(font=[FONT_FAMILY], add=True)
    gt = gt.tab_options(
        table_font_size="14px",
        column_labels_font_weight="bold",
        source_notes_font_size="12px",
        row_group_font_weight="bold",
        container_overflow_x="auto",
    )
    gt = gt.tab_style(style=style.text(v_align="top"), locations=loc.body())
    keep_whole = [
        c.key
        for c in cols
        if c.fmt not in ("text", "url") or shown[c.key].map(len).max() <= _SHORT_TEXT
    ]
    if keep_whole:  # numbers, intervals, dates and short texts never break inside
        gt = gt.tab_style(style=style.css("white-space: nowrap"), locations=loc.body(keep_whole))
    return gt


def _with_index(df: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    frame = df
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.name is not None:
        frame = frame.reset_index()
    else:
        frame = frame.copy(deep=False)
    frame.columns = [str(c) for c in frame.columns]
    return frame


def _compact_css(match: re.Match[str]) -> str:
    css = re.sub(r"\s+", " ", match.group(2))
    css = re.sub(r"\s*([{};])\s*", r"\1", css).strip()
    return f"{match.group(1)}{css}</style>"


def to_html(df: pd.DataFrame) -> str:
    """HTML of a declared frame (a ``<div>`` with its scoped ``<style>`` and the table).

    The table's CSS is written without its indentation (about a third of its size).
    """
    return re.sub(r"(<style[^>]*>)(.*?)</style>", _compact_css, to_gt(df).as_raw_html(), flags=re.S)


def _html_formatter(df: Any) -> str | None:
    if isinstance(getattr(df, "attrs", None), dict) and ATTR in df.attrs:
        return to_html(df)
    return df._repr_html_()


def install_display(shell: Any | None = None) -> bool:
    """Make IPython show declared frames as publication tables; return False outside IPython."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover
            return False
        shell = get_ipython()
    if shell is None:
        return False
    import pandas as pd

    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, _html_formatter)
    return True


def headers(df: pd.DataFrame) -> list[str]:
    """The headers a reader sees for a declared frame, in display order."""
    meta = df.attrs[ATTR]
    return [
        c.header(meta["lang"]) for c in _resolved(meta["table"], _with_index(df), meta["context"])
    ]


def check_declared(df: pd.DataFrame, names: Sequence[str] = ()) -> list[str]:
    """Columns of ``df`` that its declaration does not show (empty when all are covered)."""
    meta = df.attrs[ATTR]
    frame = _with_index(df)
    cols = _resolved(meta["table"], frame, meta["context"])
    shown = {c.key for c in cols} | {c.upper for c in cols if c.upper}
    shown |= {meta["table"].group} if meta["table"].group else set()
    shown |= set(meta["table"].hidden) | set(names)
    return [c for c in frame.columns if c not in shown]


# --------------------------------------------------------------------------- inferred tables


def _humanize(name: str) -> str:
    text = re.sub(r"_pct\b", " (%)", str(name)).replace("_", " ").strip()
    if re.match(r"p\b", text):  # p-values keep their lower-case p
        return text
    return text[:1].upper() + text[1:]


def _decimals(values: Any) -> int:
    """Decimals shown for a float column: those of its values, at most 3."""
    most = 0
    for v in values:
        if _missing(v) or not math.isfinite(float(v)):
            continue
        text = f"{float(v):.3f}".rstrip("0")
        most = max(most, len(text.split(".")[1]) if "." in text else 0)
    return most


def auto_table(
    df: pd.DataFrame,
    glossary: Mapping[str, tuple[str, str]],
    source: tuple[str, str],
    *,
    group: str | None = None,
) -> Table:
    """A presentation inferred from a frame, for views without a declared one.

    Headers come from ``glossary`` (column -> (English, Chinese)), else from the
    column name in words; ``X_lower``/``X_upper`` and ``lower …``/``upper …`` pairs
    become one interval column; integers get separators (``year`` none), floats the
    decimals their values carry, booleans yes/no, and text stays as written.
    """
    frame = _with_index(df)
    cols: list[Column] = []
    used: set[str] = set()
    names = [str(c) for c in frame.columns]
    for name in names:
        if name in used or name == group:
            continue
        s = frame[name]
        en, zh = glossary.get(name, (_humanize(name), _humanize(name)))
        upper = None
        for lo_suffix, hi_suffix in (("_lower", "_upper"), ("lower", "upper")):
            if name.endswith(lo_suffix) and name[: -len(lo_suffix)] + hi_suffix in names:
                upper = name[: -len(lo_suffix)] + hi_suffix
            elif name.startswith("lower ") and "upper " + name[6:] in names:
                upper = "upper " + name[6:]
        kind = str(s.dtype)
        if upper is not None:
            en, zh = glossary.get("interval", ("Interval", "区间"))
            if name.startswith("lower "):
                en, zh = f"{name[6:]} interval", f"{name[6:]} 区间"
            base = name.removesuffix("_lower")
            spanner = None
            if base != name and base in names:
                # the estimate and its interval under one header
                spanner = glossary.get(base, (_humanize(base), _humanize(base)))
                for i, c in enumerate(cols):
                    if c.key == base:
                        est = glossary.get("estimate", ("Estimate", "Estimate"))
                        cols[i] = dataclasses.replace(c, en=est[0], zh=est[1], spanner=spanner)
            cols.append(
                Column(
                    name,
                    en,
                    zh,
                    fmt="interval",
                    decimals=_decimals(s),
                    upper=upper,
                    spanner=spanner,
                )
            )
            used |= {name, upper}
            continue
        if re.match(r"p( |_value|$)", name) or name.endswith(" p"):
            fmt, decimals = "p", 0
        elif kind in ("bool", "boolean"):
            fmt, decimals = "bool", 0
        elif kind.lower().startswith(("int", "uint")):
            fmt, decimals = ("year" if name == "year" else "int"), 0
        elif kind.startswith("float"):
            fmt, decimals = "number", _decimals(s)
        else:
            fmt, decimals = "text", 0
        cols.append(Column(name, en, zh, fmt=fmt, decimals=decimals))
        used.add(name)
    return Table(columns=tuple(cols), source=source, group=group)
