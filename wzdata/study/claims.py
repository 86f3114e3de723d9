"""The article's keyed claims (``data/raw/claims.csv``), checked by the claim engine.

Each row of ``claims.csv`` names a derived statement of the article and the
figures (``figure_id`` of ``figures.csv``) it relates; :func:`build_claims`
re-reads every figure with :func:`wzdata.figures.parse` and checks the claim
with :mod:`wzdata.claims`. ``wzdata audit`` prints the verdicts.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wzdata.claims.checks import (
    KINDS,
    VERDICTS,
    Rounding,
)
from wzdata.claims.verdicts import PrintedFigure as _Fig
from wzdata.claims.verdicts import verdict_fold as _claim_fold
from wzdata.claims.verdicts import verdict_increment as _claim_increment
from wzdata.claims.verdicts import verdict_pct_change as _claim_pct_change
from wzdata.claims.verdicts import verdict_rate as _claim_rate
from wzdata.figures import FigureParseError, parse
from wzdata.study import settings as config

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CLAIMS_SCHEMA", "ClaimError", "build_claims", "cli", "processed_tables", "read_table"]


class ClaimError(ValueError):
    """A claim row that cannot be checked as keyed (names the file, line, column and value)."""


#: Frictionless Table Schema of the processed ``claims.csv``.
CLAIMS_SCHEMA: dict[str, Any] = {
    "fields": [
        {
            "name": "claim_id",
            "type": "string",
            "description": "Stable readable key of the derived statement.",
            "constraints": {"required": True, "unique": True, "pattern": "^[a-z0-9_]+$"},
        },
        {
            "name": "kind",
            "type": "string",
            "description": (
                "fold (a N倍 statement), pct_change (a percentage change), increment (a printed "
                "absolute change with its percentage) or rate (a printed share)."
            ),
            "constraints": {"required": True, "enum": list(KINDS)},
        },
        {
            "name": "figure_ids",
            "type": "string",
            "description": (
                "Inputs of the check, ';'-separated figure_id of figures.csv, in order: "
                "fold: before;after; pct_change: current; increment: current;increment; "
                "rate: numerator. Empty when the inputs are not printed."
            ),
            "constraints": {"pattern": "^([a-z0-9_]+(;[a-z0-9_]+)*)?$"},
        },
        {
            "name": "printed",
            "type": "string",
            "description": "figure_id (in figures.csv) of the printed derived value.",
            "constraints": {"required": True, "pattern": "^[a-z0-9_]+$"},
        },
        {
            "name": "as_printed",
            "type": "string",
            "description": "The printed derived value exactly as printed (e.g. 21.5倍, 7.6%).",
            "constraints": {"required": True},
        },
        {
            "name": "recomputed",
            "type": "string",
            "description": (
                "Values recomputed from the inputs, 'name=value' pairs separated by '; ' "
                "(fold conventions, percentage bases, back-solved priors or denominators, "
                "or the implied range when not checkable)."
            ),
            "constraints": {"required": True},
        },
        {
            "name": "reproduced_by",
            "type": "string",
            "description": (
                "';'-separated conventions (ratio, multiple_of_after, percent_of_before), "
                "bases (prior_base, current_base) or solutions (prior=649, denominator=n) "
                "that reproduce the printed value at its printed precision; empty if none."
            ),
        },
        {
            "name": "verdict",
            "type": "string",
            "description": (
                "consistent: the usual reading reproduces the printed value (for folds, "
                "any named convention; for percentages, the prior-year base); inconsistent: "
                "it does not; not checkable: the inputs are not printed."
            ),
            "constraints": {"required": True, "enum": list(VERDICTS)},
        },
        {
            "name": "explanation",
            "type": "string",
            "description": "One line that lets a reader redo the check by hand.",
            "constraints": {"required": True},
        },
        {
            "name": "note",
            "type": "string",
            "description": "Keyed note on the claim (assumptions on which figures it relates).",
        },
    ],
    "primaryKey": ["claim_id"],
    "missingValues": [""],
}

_OUT_COLUMNS = [f["name"] for f in CLAIMS_SCHEMA["fields"]]


def _cell(v: object) -> str:
    if v is None:
        return ""
    try:
        import pandas as pd

        if pd.isna(v):  # type: ignore[arg-type]
            return ""
    except (TypeError, ValueError):
        pass
    return str(v).strip()


def _figures_index(figures: pd.DataFrame, source: str) -> dict[str, _Fig]:
    for col in ("figure_id", "as_printed"):
        if col not in figures.columns:
            raise ClaimError(f"{source}: column {col!r} is missing; the figures table needs it")
    has_dir = "direction" in figures.columns
    out: dict[str, _Fig] = {}
    for i, row in enumerate(figures.to_dict("records")):
        fid = _cell(row["figure_id"])
        text = _cell(row["as_printed"])
        try:
            q = parse(text)
        except FigureParseError as exc:
            raise ClaimError(
                f"{source}, line {i + 2}, column 'as_printed': {text!r} ({exc.reason}); "
                "fix the figure as printed"
            ) from None
        out[fid] = _Fig(fid, q, _cell(row["direction"]) if has_dir else "")
    return out


def _split_ids(text: str) -> list[str]:
    return [s.strip() for s in text.split(";") if s.strip()]


_N_INPUTS = {"fold": (0, 2), "pct_change": (0, 1), "increment": (2,), "rate": (0, 1)}


def build_claims(
    figures: pd.DataFrame,
    claims: pd.DataFrame,
    *,
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
    source: str = "claims.csv",
) -> pd.DataFrame:
    """Check every keyed claim against its figures.

    Parameters
    ----------
    figures : DataFrame
        Figures with at least ``figure_id`` and ``as_printed`` (and
        ``direction``: down/up, needed by pct_change and increment claims).
        Values are always re-read from ``as_printed`` with
        :func:`wzdata.figures.parse`, so the check is exact.
    claims : DataFrame
        ``claim_id, kind, figure_ids, printed[, note]`` (extra columns ignored).
    rounding : Rounding
        How unqualified printed values were rounded.
    source : str
        Name of the claims table in error messages.

    Returns
    -------
    DataFrame
        Columns of :data:`CLAIMS_SCHEMA`, one row per claim, sorted by claim_id.

    Raises
    ------
    ClaimError
        When a claim names an unknown figure, a wrong number of inputs, an
        unknown kind, or lacks a direction it needs.
    """
    import pandas as pd

    rounding = Rounding(rounding)
    figs = _figures_index(figures, "figures table")
    for col in ("claim_id", "kind", "figure_ids", "printed"):
        if col not in claims.columns:
            raise ClaimError(f"{source}: column {col!r} is missing (see CLAIMS_SCHEMA)")
    rows = []
    seen: set[str] = set()
    for i, row in enumerate(claims.to_dict("records")):
        line = i + 2

        def fail(col: str, value: str, what: str, line: int = line) -> ClaimError:
            return ClaimError(f"{source}, line {line}, column {col!r}: {value!r}: {what}")

        cid, kind = _cell(row["claim_id"]), _cell(row["kind"])
        if not cid or cid in seen:
            raise fail("claim_id", cid, "empty or duplicate claim_id; give each claim its own")
        seen.add(cid)
        if kind not in KINDS:
            raise fail("kind", kind, f"unknown kind; use one of {', '.join(KINDS)}")
        ids_text, pid = _cell(row["figure_ids"]), _cell(row["printed"])
        ids = _split_ids(ids_text)
        for fid in [*ids, pid]:
            if fid not in figs:
                raise fail(
                    "figure_ids" if fid != pid else "printed",
                    fid,
                    "no such figure_id in figures.csv; key the figure or fix the id",
                )
        if len(ids) not in _N_INPUTS[kind]:
            raise fail(
                "figure_ids",
                ids_text,
                f"a {kind} claim takes {' or '.join(map(str, _N_INPUTS[kind]))} figure ids",
            )
        inputs, printed = [figs[f] for f in ids], figs[pid]
        if kind == "fold":
            v = _claim_fold(inputs, printed, rounding)
        elif kind == "rate":
            v = _claim_rate(inputs, printed, rounding)
        else:
            dirs = [f.direction for f in (printed, *inputs[1:]) if f.direction]
            if not dirs or dirs[0] not in ("down", "up"):
                raise fail(
                    "printed",
                    pid,
                    "the printed figure has no direction (down|up) in figures.csv; key it",
                )
            if kind == "pct_change":
                v = _claim_pct_change(inputs, printed, dirs[0], rounding)
            else:
                v = _claim_increment(inputs, printed, dirs[0], rounding)
        rows.append(
            {
                "claim_id": cid,
                "kind": kind,
                "figure_ids": ";".join(ids),
                "printed": pid,
                "as_printed": printed.quantity.as_printed,
                "recomputed": v.recomputed,
                "reproduced_by": v.reproduced_by,
                "verdict": v.verdict,
                "explanation": v.explanation,
                "note": _cell(row.get("note", "")),
            }
        )
    out = pd.DataFrame(rows, columns=_OUT_COLUMNS, dtype="str")
    return out.sort_values("claim_id", ignore_index=True)


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV table as strings (empty cells as empty strings)."""
    import pandas as pd

    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist; run 'wzdata build' or key the table")
    return pd.read_csv(path, dtype="str", keep_default_na=False)


def processed_tables(
    figures: pd.DataFrame, raw_dir: Path
) -> dict[str, tuple[pd.DataFrame, dict[str, Any]]]:
    """Hook of ``wzdata build``: the processed claims table and its schema.

    Parameters
    ----------
    figures : DataFrame
        The processed figures.
    raw_dir : Path
        Folder holding ``claims.csv``.

    Returns
    -------
    dict
        ``{"claims": (DataFrame, CLAIMS_SCHEMA)}``, or empty when there is no
        ``claims.csv``.
    """
    path = Path(raw_dir) / "claims.csv"
    if not path.exists():
        return {}
    return {"claims": (build_claims(figures, read_table(path), source=str(path)), CLAIMS_SCHEMA)}


# --------------------------------------------------------------------------- command line

_COLOURS = {"consistent": "32", "inconsistent": "31;1", "not checkable": "33"}


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, n: int) -> str:
    return s + " " * max(0, n - _width(s))


def _render_table(df: pd.DataFrame, colour: bool, rounding: Rounding) -> str:
    import shutil
    import textwrap

    cols = ["claim_id", "kind", "as_printed", "verdict", "reproduced_by"]
    heads = ["claim", "kind", "printed", "verdict", "reproduced by"]
    recs = df.to_dict("records")
    widths = [
        max([_width(h)] + [_width(str(r[c])) for r in recs])
        for c, h in zip(cols, heads, strict=True)
    ]
    term = shutil.get_terminal_size((100, 24)).columns
    lines = ["  ".join(_pad(h, w) for h, w in zip(heads, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for r in recs:
        cells = []
        for c, w in zip(cols, widths, strict=True):
            text = _pad(str(r[c]), w)
            if colour and c == "verdict":
                text = f"\x1b[{_COLOURS.get(r[c], '0')}m{text}\x1b[0m"
            cells.append(text)
        lines.append("  ".join(cells).rstrip())
        wrapped = textwrap.wrap(
            str(r["explanation"]),
            width=max(40, term - 6),
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines += ["    " + w for w in wrapped]
    counts = df["verdict"].value_counts()
    summary = ", ".join(f"{counts.get(v, 0)} {v}" for v in VERDICTS)
    lines.append("")
    lines.append(f"{len(df)} claims: {summary} (rounding: {rounding.value})")
    return "\n".join(lines)


def _render_markdown(df: pd.DataFrame) -> str:
    cols = ["claim_id", "kind", "as_printed", "verdict", "reproduced_by", "explanation"]

    def esc(s: object) -> str:
        return str(s).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(esc(r[c]) for c in cols) + " |" for r in df.to_dict("records")]
    return "\n".join(lines)


def _inputs(figures: str | None, claims: str | None) -> tuple[Path, Path]:
    """Processed tables when built and not older than the raw ones, else the raw ones."""

    def pick(given: str | None, name: str) -> Path:
        if given:
            return Path(given)
        processed, raw = config.PROCESSED_DATA_DIR / name, config.RAW_DATA_DIR / name
        if not processed.exists():
            return raw
        if raw.exists() and raw.stat().st_mtime > processed.stat().st_mtime:
            print(
                f"wzdata audit: {processed} is older than {raw}; using the raw table "
                "(run 'wzdata build' to refresh)",
                file=sys.stderr,
            )
            return raw
        return processed

    return pick(figures, "figures.csv"), pick(claims, "claims.csv")


def cli(argv: Iterable[str]) -> int:
    """``wzdata audit``: check the derived claims and print the verdicts.

    Parameters
    ----------
    argv : list of str
        Options (see ``wzdata audit --help``).

    Returns
    -------
    int
        0; 1 with ``--strict`` when a claim is inconsistent; 2 on bad input.
    """
    ap = argparse.ArgumentParser(
        prog="wzdata audit",
        description=(
            "Recompute every derived claim (folds, percentage changes, increments, rates) "
            "from its printed inputs and print a verdict. Reads data/processed/ when built, "
            "else data/raw/."
        ),
    )
    ap.add_argument("--format", choices=["table", "csv", "json", "markdown"], default="table")
    ap.add_argument(
        "--only",
        type=lambda v: v.replace("_", " ").replace("-", " "),
        choices=list(VERDICTS),
        help="show only claims with this verdict (not_checkable also accepted)",
    )
    ap.add_argument(
        "--strict", action="store_true", help="exit with status 1 if any claim is inconsistent"
    )
    ap.add_argument(
        "--rounding",
        choices=[r.value for r in Rounding],
        default=Rounding.HALF_UP_OR_EVEN.value,
        help="how unqualified printed values were rounded (default: %(default)s)",
    )
    ap.add_argument("--figures", help="figures CSV (default: processed, else raw)")
    ap.add_argument("--claims", help="claims CSV (default: processed, else raw)")
    args = ap.parse_args(list(argv))
    rounding = Rounding(args.rounding)
    fig_path, claims_path = _inputs(args.figures, args.claims)
    try:
        table = build_claims(
            read_table(fig_path),
            read_table(claims_path),
            rounding=rounding,
            source=str(claims_path),
        )
    except (FileNotFoundError, ClaimError, ValueError) as exc:
        print(f"wzdata audit: {exc}", file=sys.stderr)
        return 2
    shown = table if args.only is None else table[table["verdict"] == args.only]
    if args.format == "csv":
        sys.stdout.write(shown.to_csv(index=False, lineterminator="\n"))
    elif args.format == "json":
        import json

        print(json.dumps(shown.to_dict("records"), ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        print(_render_markdown(shown))
    else:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        print(_render_table(shown, colour, rounding))
    if args.strict and (table["verdict"] == "inconsistent").any():
        return 1
    return 0
