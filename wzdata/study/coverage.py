"""Coverage of a source: every figure of its text against the rows keyed in ``figures.csv``.

``wzdata coverage FILE --source ID`` lists the expressions of the text that no
row of ``data/raw/figures.csv`` keys, and the rows not found in the text.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from wzdata.extract import Expression, extract
from wzdata.extract.paragraphs import article_body
from wzdata.extract.scan import INFORMATIONAL_KINDS, _read_text
from wzdata.output import cell_text, decimal_text

__all__ = ["CoverageReport", "coverage", "coverage_cli"]


@dataclass
class CoverageReport:
    """Expressions of a text against the keyed rows of figures.csv for one source.

    Attributes
    ----------
    source_id : str
        The source compared.
    expressions : list of Expression
        Every expression of the article body (paragraphs numbered from the title).
    matched : list of (Expression, dict)
        Expressions with a row of the same paragraph and printed form.
    matched_loose : list of (Expression, dict)
        Rows matched to an expression of the same paragraph whose printed form
        contains the row's (or is contained in it): the spans differ.
    unkeyed : list of Expression
        Figure expressions with no row (a gap).
    not_in_text : list of dict
        Rows whose printed form is not in their paragraph (a gap).
    not_extracted : list of dict
        Rows whose printed form is in the paragraph but was not found as an
        expression (a gap of the extractor, or a row that is not a figure).
    conflicts : list of (Expression, dict, str)
        Matched pairs whose measure or direction disagree with the text (a gap).
    informational : list of Expression
        Years, dates, periods and frequencies: they locate figures in time and
        live in period columns, so they are not gaps.
    identifiers : list of Expression
        Page furniture with digits inside the body.
    """

    source_id: str
    expressions: list[Expression] = field(default_factory=list)
    matched: list[tuple[Expression, dict[str, Any]]] = field(default_factory=list)
    matched_loose: list[tuple[Expression, dict[str, Any]]] = field(default_factory=list)
    unkeyed: list[Expression] = field(default_factory=list)
    not_in_text: list[dict[str, Any]] = field(default_factory=list)
    not_extracted: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[tuple[Expression, dict[str, Any], str]] = field(default_factory=list)
    informational: list[Expression] = field(default_factory=list)
    identifiers: list[Expression] = field(default_factory=list)

    @property
    def n_gaps(self) -> int:
        """Number of gaps: unkeyed expressions, rows not found, conflicts."""
        return (
            len(self.unkeyed)
            + len(self.not_in_text)
            + len(self.not_extracted)
            + len(self.conflicts)
        )

    @property
    def ok(self) -> bool:
        """True when there is no gap."""
        return self.n_gaps == 0

    def format(self) -> str:
        """Human-readable report."""
        n_rows = len(self.matched) + len(self.matched_loose)
        n_rows += len(self.not_in_text) + len(self.not_extracted)
        lines = [
            f"coverage of {self.source_id}: {len(self.expressions)} expressions in the body, "
            f"{n_rows} rows; matched {len(self.matched)} exactly, {len(self.matched_loose)} "
            f"with a different span; gaps: {self.n_gaps}",
        ]

        def row_s(r: Mapping[str, Any]) -> str:
            return f"p{r.get('paragraph')} {r.get('as_printed')!r} ({r.get('figure_id', '')})"

        def expr_s(e: Expression) -> str:
            extra = f" {e.direction}" if e.direction else ""
            return (
                f"p{e.paragraph} {e.text!r} {e.kind} {decimal_text(e.value)} {e.unit}"
                f" [{decimal_text(e.lower)}, {decimal_text(e.upper)}] {e.qualifier}{extra}"
            )

        sections: list[tuple[str, list[str]]] = [
            ("GAP expressions with no row in figures.csv", [expr_s(e) for e in self.unkeyed]),
            (
                "GAP rows whose printed form is not in their paragraph",
                [row_s(r) for r in self.not_in_text],
            ),
            (
                "GAP rows in the text but not found as an expression",
                [row_s(r) for r in self.not_extracted],
            ),
            (
                "GAP rows that disagree with the text",
                [f"{row_s(r)}: {why}" for _, r, why in self.conflicts],
            ),
            (
                "matched with a different span",
                [f"{row_s(r)} ~ {e.text!r}" for e, r in self.matched_loose],
            ),
            (
                "informational (years, dates, periods, frequencies; not figures)",
                [
                    f"p{e.paragraph} {e.text!r} {e.kind} {e.period_start} .. {e.period_end}"
                    for e in self.informational
                ],
            ),
            ("identifiers in the body", [expr_s(e) for e in self.identifiers]),
        ]
        for title, items in sections:
            lines.append(f"{title}: {len(items)}")
            lines += [f"  {item}" for item in items]
        return "\n".join(lines)


_ROW_MEASURE_OF_KIND = {"fold": "fold_change", "rank": "rank", "duration": "duration"}


def _row_conflict(e: Expression, row: Mapping[str, Any]) -> str:
    measure = cell_text(row.get("measure"))
    direction = cell_text(row.get("direction"))
    if e.kind == "fold" and measure and measure != "fold_change":
        return f"text has a fold (倍), row measure is {measure!r}"
    if measure == "fold_change" and e.kind != "fold":
        return f"row measure fold_change, text has kind {e.kind}"
    if measure in ("fold_change", "pct_change", "increment") and e.direction != direction:
        return f"row direction {direction!r}, text direction {e.direction!r}"
    if measure in ("level", "share") and e.direction:
        return f"text prints a change ({e.direction}), row measure is {measure!r}"
    if e.kind == "percent" and measure not in ("", "level", "share", "pct_change", "other"):
        return f"text has a percentage, row measure is {measure!r}"
    return ""


def _rows_of(figures: Any, source_id: str) -> list[dict[str, Any]]:
    if hasattr(figures, "to_dict"):
        records = figures.to_dict("records")
    else:
        records = [dict(r) for r in figures]
    out = []
    for r in records:
        if cell_text(r.get("source_id")) != source_id:
            continue
        try:
            r["paragraph"] = int(str(r.get("paragraph")).strip())
        except ValueError:
            raise ValueError(
                f"figures row {r.get('figure_id')!r}: paragraph {r.get('paragraph')!r} is not "
                "an integer; fix the row in data/raw/figures.csv"
            ) from None
        r["as_printed"] = cell_text(r.get("as_printed"))
        out.append(r)
    return out


def _source_row(source_id: str) -> dict[str, str] | None:
    import csv

    from wzdata.study import settings as config

    path = config.RAW_DATA_DIR / "sources.csv"
    if not path.exists():
        return None
    with path.open(encoding="utf-8", newline="") as fh:
        return next((r for r in csv.DictReader(fh) if r.get("source_id") == source_id), None)


def coverage(
    text: str,
    figures_df: Any,
    source_id: str,
    *,
    title: str | None = None,
    published: dt.date | str | None = None,
) -> CoverageReport:
    """Compare the numeric expressions of a text with the keyed figures of a source.

    Parameters
    ----------
    text : str
        The page's plain text.
    figures_df : pandas.DataFrame or iterable of mappings
        Rows of figures.csv (columns source_id, paragraph, as_printed, and
        figure_id, measure, direction when present).
    source_id : str
        The source whose rows are compared.
    title, published : optional
        Title line (bounds the body) and publication date. Read from
        data/raw/sources.csv when not given; without a title the whole text is
        the body.

    Returns
    -------
    CoverageReport
        Matching is on paragraph + printed form, counting multiplicity.
    """
    if title is None or published is None:
        src = _source_row(source_id) or {}
        title = title if title is not None else src.get("title") or None
        published = published if published is not None else src.get("published") or None
    body, _offset = article_body(text, title)
    exprs = extract(text, published, title=title)
    report = CoverageReport(source_id, exprs)
    para_text = {i + 1: p for i, p in enumerate(x for x in body.split("\n") if x.strip())}
    figures = [e for e in exprs if e.is_figure]
    report.informational = [e for e in exprs if e.kind in INFORMATIONAL_KINDS]
    report.identifiers = [e for e in exprs if e.kind == "identifier"]
    used: set[int] = set()
    rows = _rows_of(figures_df, source_id)
    pending: list[dict[str, Any]] = []
    for r in rows:
        i = _find(figures, used, r, lambda e, ap: e.text == ap)
        if i is None:
            pending.append(r)
            continue
        used.add(i)
        report.matched.append((figures[i], r))
    for r in pending:
        ap = r["as_printed"]
        if not ap or ap not in para_text.get(r["paragraph"], ""):
            report.not_in_text.append(r)
            continue
        i = _find(figures, used, r, lambda e, ap: ap in e.text or e.text in ap)
        if i is None:
            report.not_extracted.append(r)
            continue
        used.add(i)
        report.matched_loose.append((figures[i], r))
    for e, r in report.matched + report.matched_loose:
        why = _row_conflict(e, r)
        if why:
            report.conflicts.append((e, r, why))
    report.unkeyed = [e for i, e in enumerate(figures) if i not in used]
    return report


def _find(
    figures: Sequence[Expression], used: set[int], row: Mapping[str, Any], same: Any
) -> int | None:
    for i, e in enumerate(figures):
        if i not in used and e.paragraph == row["paragraph"] and same(e, row["as_printed"]):
            return i
    return None


def coverage_cli(argv: list[str]) -> int:
    """``wzdata coverage FILE --source ID``: figures of a text with no row, rows not found."""
    import argparse

    from wzdata.study import settings as config

    parser = argparse.ArgumentParser(prog="wzdata coverage", description=coverage_cli.__doc__)
    parser.add_argument("file", help="UTF-8 plain text of the source")
    parser.add_argument("--source", required=True, help="source_id in data/raw/sources.csv")
    parser.add_argument("--figures", default=None, help="figures.csv (data/raw/figures.csv)")
    parser.add_argument("--strict", action="store_true", help="exit 1 on any gap")
    args = parser.parse_args(argv)
    import csv
    from pathlib import Path

    path = Path(args.figures) if args.figures else config.RAW_DATA_DIR / "figures.csv"
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError:
        print(f"wzdata coverage: {path}: no such file", file=sys.stderr)
        return 2
    known = sorted({r.get("source_id", "") for r in rows} - {""})
    if args.source not in known and _source_row(args.source) is None:
        print(
            f"wzdata coverage: no source {args.source!r} in {config.RAW_DATA_DIR / 'sources.csv'}"
            f"; sources with figures: {', '.join(known) or 'none'}",
            file=sys.stderr,
        )
        return 2
    text = _read_text(args.file)
    try:
        report = coverage(text, rows, args.source)
    except ValueError as exc:
        print(f"wzdata coverage: {args.file}: {exc}", file=sys.stderr)
        return 2
    print(report.format())
    return 1 if args.strict and not report.ok else 0
