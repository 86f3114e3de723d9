"""The article's keyed claims (``data/raw/claims.csv``), checked by the claim engine.

Each row of ``claims.csv`` names a derived statement of the article and the
figures (``figure_id`` of ``figures.csv``) it relates; :func:`build_claims`
re-reads every figure with :func:`wzdata.figures.parse` and checks the claim
with :mod:`wzdata.claims`. ``wzdata audit`` prints the verdicts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wzdata.claims.checks import (
    CLAIM_KINDS,
    VERDICTS,
    Rounding,
)
from wzdata.claims.verdicts import Printed, check_claim
from wzdata.datapkg import column_names
from wzdata.figures import FigureParseError, parse
from wzdata.output import cell_text, render
from wzdata.study import settings as config
from wzdata.study.schemas import CLAIMS_SCHEMA

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CLAIMS_SCHEMA", "ClaimError", "build_claims", "cli", "processed_tables", "read_table"]


class ClaimError(ValueError):
    """A claim row that cannot be checked as keyed (names the file, line, column and value)."""


_OUT_COLUMNS = column_names(CLAIMS_SCHEMA)


def _figures_index(figures: pd.DataFrame, source: str) -> dict[str, Printed]:
    for col in ("figure_id", "as_printed"):
        if col not in figures.columns:
            raise ClaimError(f"{source}: column {col!r} is missing; the figures table needs it")
    has_dir = "direction" in figures.columns
    out: dict[str, Printed] = {}
    for i, row in enumerate(figures.to_dict("records")):
        fid = cell_text(row["figure_id"])
        text = cell_text(row["as_printed"])
        try:
            q = parse(text)
        except FigureParseError as exc:
            raise ClaimError(
                f"{source}, line {i + 2}, column 'as_printed': {text!r} ({exc.reason}); "
                "fix the figure as printed"
            ) from None
        out[fid] = Printed(fid, q, cell_text(row["direction"]) if has_dir else "")
    return out


def _split_ids(text: str) -> list[str]:
    return [s.strip() for s in text.split(";") if s.strip()]


_N_INPUTS = {
    "fold": (0, 2),
    "pct_change": (0, 1),
    "increment": (2,),
    "rate": (0, 1),
    "pp_change": (0, 1, 2),
    "sum": tuple(range(2, 21)),
}


def claim_problems(
    figures: dict[str, Printed] | pd.DataFrame, claims: pd.DataFrame
) -> list[tuple[int, str, str, str]]:
    """Every problem of a claims table: ``(line, column, value, message)``, in line order.

    Checks the columns, that each claim_id is given once, its kind, that every
    figure id it names exists, the number of inputs of its kind, and that the
    printed figure of a percentage or increment claim has a direction.
    """
    figs = figures if isinstance(figures, dict) else _figures_index(figures, "figures table")
    missing = [c for c in ("claim_id", "kind", "figure_ids", "printed") if c not in claims.columns]
    if missing:
        return [(1, c, "", "required column is missing") for c in missing]
    out: list[tuple[int, str, str, str]] = []
    seen: set[str] = set()
    for i, row in enumerate(claims.to_dict("records")):
        line = i + 2
        cid, kind = cell_text(row["claim_id"]), cell_text(row["kind"])
        if not cid or cid in seen:
            out.append((line, "claim_id", cid, "empty or duplicate claim_id; give each its own"))
        seen.add(cid)
        if kind not in CLAIM_KINDS:
            out.append((line, "kind", kind, f"unknown kind; use one of {', '.join(CLAIM_KINDS)}"))
            continue
        ids_text, pid = cell_text(row["figure_ids"]), cell_text(row["printed"])
        ids = _split_ids(ids_text)
        unknown = [
            (c, f)
            for c, f in [*(("figure_ids", f) for f in ids), ("printed", pid)]
            if f not in figs
        ]
        for col, fid in unknown:
            out.append((line, col, fid, "no such figure_id in figures.csv; key it or fix the id"))
        if len(ids) not in _N_INPUTS[kind]:
            n = " or ".join(map(str, _N_INPUTS[kind]))
            out.append((line, "figure_ids", ids_text, f"a {kind} claim takes {n} figure ids"))
        if unknown or kind not in ("pct_change", "increment"):
            continue
        dirs = [figs[f].direction for f in (pid, *ids[1:]) if figs[f].direction]
        if not dirs or dirs[0] not in ("down", "up"):
            out.append(
                (line, "printed", pid, "the printed figure has no direction (down|up); key it")
            )
    return out


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
    problems = claim_problems(figs, claims)
    if problems:
        raise ClaimError(
            "\n".join(
                f"{source}, line {line}, column {col!r}: {value!r}: {what}"
                for line, col, value, what in problems
            )
        )
    rows = []
    for row in claims.to_dict("records"):
        cid, kind = cell_text(row["claim_id"]), cell_text(row["kind"])
        ids, pid = _split_ids(cell_text(row["figure_ids"])), cell_text(row["printed"])
        inputs, printed = [figs[f] for f in ids], figs[pid]
        dirs = [f.direction for f in (printed, *inputs[1:]) if f.direction]
        v = check_claim(kind, inputs, printed, dirs[0] if dirs else "", rounding)
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
                "note": cell_text(row.get("note", "")),
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
        ``{"claims": (DataFrame, CLAIM_VALUES_SCHEMA)}``: one row per distinct
        printed value (see :func:`wzdata.study.claim_values.distinct_claims`),
        or empty when there is no ``claims.csv``.
    """
    from wzdata.study.claim_values import CLAIM_VALUES_SCHEMA, distinct_claims

    path = Path(raw_dir) / "claims.csv"
    if not path.exists():
        return {}
    checked = build_claims(figures, read_table(path), source=str(path))
    return {"claims": (distinct_claims(checked, figures), CLAIM_VALUES_SCHEMA)}


# --------------------------------------------------------------------------- command line

_COLOURS = {"consistent": "32", "inconsistent": "31;1", "not checkable": "33"}
_MARKDOWN_COLUMNS = ["claim_id", "kind", "as_printed", "verdict", "reproduced_by", "explanation"]


def _render_table(df: pd.DataFrame, colour: bool, rounding: Rounding) -> str:
    table = render(
        df,
        "table",
        ["claim_id", "kind", "as_printed", "verdict", "reproduced_by", "explanation"],
        headers=["claim", "kind", "printed", "verdict", "reproduced by"],
        wrap="explanation",
        colour={"verdict": _COLOURS} if colour else None,
        width=shutil.get_terminal_size((100, 24)).columns,
    )
    counts = df["verdict"].value_counts()
    summary = ", ".join(f"{counts.get(v, 0)} {v}" for v in VERDICTS)
    return f"{table}\n\n{len(df)} claims: {summary} (rounding: {rounding.value})"


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
    elif args.format in ("json", "markdown"):
        cols = list(shown.columns) if args.format == "json" else _MARKDOWN_COLUMNS
        print(render(shown, args.format, cols))
    else:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        print(_render_table(shown, colour, rounding))
    if args.strict and (table["verdict"] == "inconsistent").any():
        return 1
    return 0
