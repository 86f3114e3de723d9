"""What notebook 06 shows of a text's claims: tables, the claims marked in their paragraphs, a plot.

:func:`setup` reads a text (a UTF-8 file; a relative path is taken from the
project root) and checks it with the claim engine
(:func:`wzdata.claims.detect.check_text`); the :class:`TextCheck` it returns
gives the verdict counts, the claims with their explanations, the claims
highlighted in their paragraphs (HTML, coloured by verdict) and a plot. Any
text can be given; only the default of the notebook is this project's article.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wzdata.claims.checks import VERDICTS
from wzdata.claims.detect import check_text, published_date
from wzdata.study import settings
from wzdata.study.parameters import check_parameters

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["HTML", "TextCheck", "TextNotFoundError", "read_text", "setup"]

#: Background of a claim's span, by verdict (worst first when spans overlap).
COLOURS = {"inconsistent": "#f4b6b6", "not checkable": "#fde9a9", "consistent": "#c8e6c9"}
_RANK = {"inconsistent": 0, "not checkable": 1, "consistent": 2}


class TextNotFoundError(FileNotFoundError):
    """The text to check is not where the path says (the message says what to do)."""


class HTML(str):
    """A string of HTML that a notebook shows rendered."""

    def _repr_html_(self) -> str:
        return str(self)


def read_text(path: str | Path, root: str | Path | None = None) -> tuple[Path, str]:
    """Read a UTF-8 text; a relative path is taken from ``root`` (the project root by default).

    Raises
    ------
    TextNotFoundError
        When the file is absent (the message names the resolved path).
    ValueError
        When the file is not UTF-8 (the message names the byte).
    """
    p = Path(path)
    if not p.is_absolute():
        p = Path(root if root is not None else settings.PROJ_ROOT) / p
    p = p.resolve()
    if not p.is_file():
        raise TextNotFoundError(
            f"text not found: {p} (given as {str(path)!r}). Give the path of a UTF-8 text, "
            "absolute or relative to the project root, e.g. "
            "`wzdata reports 06-check-a-text -p text PATH -p published YYYY-MM-DD`"
        )
    data = p.read_bytes()
    try:
        return p, data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{p}: byte {exc.start} is not UTF-8; convert the file to UTF-8") from None


def _table(view: Any) -> Any:
    """Declare a table's presentation (:data:`wzdata.study.viewtables.TEXTCHECK_TABLES`)."""

    @functools.wraps(view)
    def shown(self: Any, *args: Any, **kwargs: Any) -> pd.DataFrame:
        from wzdata import pubtables
        from wzdata.study import viewtables

        return pubtables.declare(
            view(self, *args, **kwargs),
            viewtables.TEXTCHECK_TABLES[view.__name__],
            html_id=pubtables.table_id(f"text_{view.__name__}", *args, **kwargs),
        )

    return shown


@dataclass(frozen=True, repr=False)
class TextCheck:
    """The checked claims of one text.

    Attributes
    ----------
    path : Path
        The text's file.
    text : str
        Its content.
    published : date or None
        The publication date used for dates without a year.
    table : DataFrame
        One row per claim (:data:`wzdata.claims.detect.COLUMNS`).
    context : int
        Characters of text shown on each side of a claim in :meth:`highlighted`
        (-1: whole paragraphs).
    """

    path: Path
    text: str
    published: dt.date | None
    table: pd.DataFrame
    context: int = 0

    def summary(self) -> str:
        """One line: how many claims, and their verdicts."""
        counts = self.table["verdict"].value_counts()
        parts = [f"{counts.get(v, 0)} {v}" for v in VERDICTS]
        when = self.published.isoformat() if self.published else "not stated"
        return (
            f"{self.path.name}: {len(self.text):,} characters, {len(self.table)} claims "
            f"({', '.join(parts)}); published {when}"
        )

    @_table
    def verdict_counts(self) -> pd.DataFrame:
        """Number of claims by kind (rows) and verdict (columns), with totals."""
        import pandas as pd

        t = self.table
        out = pd.crosstab(
            pd.Categorical(t["kind"], categories=sorted(set(t["kind"]))),
            pd.Categorical(t["verdict"], categories=list(VERDICTS)),
            margins=True,
            margins_name="total",
            dropna=False,
        )
        out.index.name, out.columns.name = "kind", "verdict"
        return out

    @_table
    def claims(self, verdict: str | None = None) -> pd.DataFrame:
        """The claims with their inputs, verdict and explanation (one verdict if given)."""
        t = self.table
        if verdict is not None:
            if verdict not in VERDICTS:
                raise ValueError(f"verdict {verdict!r}: use one of {', '.join(VERDICTS)}")
            t = t[t["verdict"] == verdict]
        cols = ["claim", "paragraph", "kind", "printed", "inputs", "verdict", "explanation"]
        return t[cols].reset_index(drop=True)

    @_table
    def assumptions(self) -> pd.DataFrame:
        """The claims whose inputs rest on an assumption, and the assumption in words."""
        t = self.table[self.table["assumption"] != ""]
        return t[["claim", "paragraph", "printed", "verdict", "assumption"]].reset_index(drop=True)

    def highlighted(self, verdict: str | None = None) -> HTML:
        """The claims marked in their paragraphs, coloured by verdict, numbered as in the table.

        With ``context`` 0 only the claims' spans are shown, joined by ``…``;
        with -1, whole paragraphs.
        """
        rows = self.table if verdict is None else self.table[self.table["verdict"] == verdict]
        lines = _paragraph_bounds(self.text)
        blocks = []
        for para in sorted({int(p) for p in rows["paragraph"].dropna()}):
            start, end = lines[para - 1]
            claims = [r for r in rows.to_dict("records") if r["paragraph"] == para]
            blocks.append(
                f'<p style="line-height:1.9"><b>¶{para}</b> '
                + _mark(self.text, start, end, claims, self.context)
                + "</p>"
            )
        legend = " ".join(
            f'<span style="background:{c};padding:0 .4em">{html.escape(v)}</span>'
            for v, c in COLOURS.items()
        )
        return HTML(f"<div><p>{legend}</p>{''.join(blocks) or '<p>no claims</p>'}</div>")

    def plot_verdicts(self) -> Figure:
        """Tiles counting the claims by kind and verdict."""
        from wzdata import plots
        from wzdata.study.viewtables import CATEGORIES, text

        shown = self.table[["kind", "verdict"]].astype(str)
        for col, cat in (("kind", "claim_kind"), ("verdict", "verdict")):
            shown[col] = shown[col].map(lambda v, c=cat: text(CATEGORIES[c].get(v, (v, v)), "en"))
        fig = plots.verdict_overview(
            shown,
            verdict_order=[text(CATEGORIES["verdict"].get(v, (v, v)), "en") for v in VERDICTS],
            title=f"Claims of {self.path.name}",
        )
        fig.wzdata_caption = f"Figure 1. The claims of {self.path.name} by kind and verdict."  # type: ignore[attr-defined]
        return fig

    def __repr__(self) -> str:
        # never the text itself: a notebook's output must not hold a source's paragraphs
        return f"<TextCheck {self.summary()}>"

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.summary())}</p>"


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line, the paragraphs of :mod:`wzdata.extract`."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            out.append((pos, pos + len(body)))
        pos += len(line)
    return out


def _mark(text: str, start: int, end: int, claims: list[dict[str, Any]], context: int) -> str:
    """HTML of ``text[start:end]`` with each claim's span coloured and its number after it."""
    spans = [(int(c["start"]), int(c["end"]), c) for c in claims]
    if context >= 0:
        keep = sorted((max(start, s - context), min(end, e + context)) for s, e, _ in spans)
        merged: list[list[int]] = []
        for s, e in keep:
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
    else:
        merged = [[start, end]]
    cuts = sorted({start, end, *(x for s, e, _ in spans for x in (s, e))})
    out = []
    for n, (lo, hi) in enumerate(merged):
        if lo > start or n:
            out.append("…")
        edges = [lo, *(c for c in cuts if lo < c < hi), hi]
        for a, b in itertools.pairwise(edges):
            covering = [c for s, e, c in spans if s <= a and b <= e]
            piece = html.escape(text[a:b])
            if covering:
                worst = min(covering, key=lambda c: _RANK.get(c["verdict"], 3))
                tip = html.escape(
                    " | ".join(f"[{c['claim']}] {c['verdict']}" for c in covering), quote=True
                )
                piece = (
                    f'<span style="background:{COLOURS.get(worst["verdict"], "#ddd")}" '
                    f'title="{tip}">{piece}</span>'
                )
            out.append(piece)
            for c in claims:
                if int(c["end"]) == b:
                    out.append(f"<sup>[{c['claim']}]</sup>")
    if merged and merged[-1][1] < end:
        out.append("…")
    return "".join(out)


def setup(
    text: str | Path,
    published: str = "",
    context: int = 0,
    *,
    root: str | Path | None = None,
) -> TextCheck:
    """Check a notebook's parameters, set the plot theme, read and check the text.

    Parameters
    ----------
    text : str or Path
        A UTF-8 text; a relative path is taken from ``root``.
    published : str
        Publication date ``YYYY-MM-DD``; empty: a date the text states near its
        start, else none (dates without a year stay unresolved).
    context : int
        Characters shown on each side of a claim when highlighting; -1 for
        whole paragraphs.
    root : str or Path, optional
        Folder of relative paths (the project root by default).

    Returns
    -------
    TextCheck

    Raises
    ------
    TextNotFoundError
        When the text is absent.
    ValueError
        For a date that is not ISO or a context below -1.
    """
    # the declaration that ``wzdata reports -p`` checks too (wzdata.study.parameters)
    check_parameters(published=published, context=context)
    when: dt.date | None = None
    if published:
        try:
            when = dt.date.fromisoformat(str(published)[:10])
        except ValueError:
            raise ValueError(
                f"published {published!r} is not an ISO date: give YYYY-MM-DD"
            ) from None
    import pandas as pd

    from wzdata import plots

    path, content = read_text(text, root)
    if when is None:
        when = published_date(content)
    from wzdata import pubtables

    plots.set_theme()
    pubtables.install_display()  # declared tables show as publication tables
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.width", 120)
    pd.set_option("display.max_rows", 500)
    return TextCheck(path, content, when, check_text(content, when), context)
