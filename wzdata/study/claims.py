"""The article's keyed claims (``data/raw/claims.csv``), checked by the claim engine.

Each row of ``claims.csv`` names a derived statement of the article and the
figures (``figure_id`` of ``figures.csv``) it relates; :func:`build_claims`
re-reads every figure with :func:`wzdata.figures.parse` and checks the claim
with :mod:`wzdata.claims`. ``wzdata audit`` prints the verdicts.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wzdata.claims.checks import (
    CLAIM_KINDS,
    VERDICTS,
    Base,
    Rounding,
    _bound_fold_explanation,
    _bound_fold_text,
    _eq,
    _fmt,
    _frac,
    _pct_of,
    _rounding_text,
    _shown,
    bound_fold,
    check_fold,
    check_increment,
    pct_change,
    solve_denominators,
    solve_prior,
    solve_smallest_denominator,
)
from wzdata.datapkg import column_names
from wzdata.figures import FigureParseError, Qualifier, Quantity, parse
from wzdata.output import cell_text, render
from wzdata.study import settings as config
from wzdata.study.schemas import CLAIMS_SCHEMA

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CLAIMS_SCHEMA", "ClaimError", "build_claims", "cli", "processed_tables", "read_table"]


class ClaimError(ValueError):
    """A claim row that cannot be checked as keyed (names the file, line, column and value)."""


_OUT_COLUMNS = column_names(CLAIMS_SCHEMA)


@dataclass(frozen=True, slots=True)
class _Fig:
    figure_id: str
    quantity: Quantity
    direction: str


def _figures_index(figures: pd.DataFrame, source: str) -> dict[str, _Fig]:
    for col in ("figure_id", "as_printed"):
        if col not in figures.columns:
            raise ClaimError(f"{source}: column {col!r} is missing; the figures table needs it")
    has_dir = "direction" in figures.columns
    out: dict[str, _Fig] = {}
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
        out[fid] = _Fig(fid, q, cell_text(row["direction"]) if has_dir else "")
    return out


def _whole(f: _Fig) -> int | None:
    q = f.quantity
    if q.qualifier is not Qualifier.EXACT or q.value != q.value.to_integral_value():
        return None
    return int(q.value)


@dataclass(frozen=True, slots=True)
class _Verdict:
    recomputed: str
    reproduced_by: str
    verdict: str
    explanation: str


def _smallest_text(q: Quantity, rounding: Rounding) -> tuple[str, str]:
    k, n = solve_smallest_denominator(q, rounding=rounding)
    d = _shown(q)
    return (
        f"smallest={k}/{n}",
        f"the smallest count that gives {q.as_printed} is {n} ({k}/{n} {_eq(_pct_of(k, n), d)}%)",
    )


def _claim_fold(inputs: list[_Fig], printed: _Fig, rounding: Rounding) -> _Verdict:
    q = printed.quantity
    if not inputs:
        bounds = bound_fold(q, rounding=rounding)
        return _Verdict(
            _bound_fold_text(q, bounds),
            "",
            "not checkable",
            _bound_fold_explanation(q, bounds, rounding),
        )
    before, after = (_whole(f) for f in inputs)
    if before is None or after is None:
        return _Verdict(
            "",
            "",
            "not checkable",
            f"the endpoints {inputs[0].quantity.as_printed} and {inputs[1].quantity.as_printed} "
            "are not exact whole numbers",
        )
    res = check_fold(before, after, q, rounding=rounding)
    d = _shown(q)
    recomputed = "; ".join(
        f"{c.value}={'undefined' if v is None else _fmt(v, d)}" for c, v in res.values.items()
    )
    return _Verdict(
        recomputed,
        ";".join(c.value for c in res.reproduced_by),
        "consistent" if res.consistent else "inconsistent",
        res.explanation,
    )


def _claim_pct_change(
    inputs: list[_Fig], printed: _Fig, direction: str, rounding: Rounding
) -> _Verdict:
    q = printed.quantity
    d = _shown(q)
    small, small_text = _smallest_text(q, rounding)
    if not inputs:
        return _Verdict(
            small,
            "",
            "not checkable",
            f"{q.as_printed} {direction} with neither count printed, so it cannot be checked; "
            + small_text,
        )
    current = _whole(inputs[0])
    if current is None:
        return _Verdict(
            small,
            "",
            "not checkable",
            f"the current count {inputs[0].quantity.as_printed} is not an exact whole number",
        )
    priors = {
        b: solve_prior(current, q, direction=direction, base=b, rounding=rounding) for b in Base
    }

    def show(b: Base, ps: list[int]) -> str:
        if not ps:
            return f"{b.value}: none"
        return f"{b.value}: prior=" + (str(ps[0]) if len(ps) == 1 else f"{ps[0]}..{ps[-1]}")

    recomputed = "; ".join(show(b, ps) for b, ps in priors.items())
    reproduced = [b.value for b, ps in priors.items() if ps]
    p_list = priors[Base.PRIOR]
    head = f"printed {q.as_printed} {direction} to {current} ({_rounding_text(q, rounding)}): "
    if p_list:
        p = p_list[0]
        many = "" if len(p_list) == 1 else f" (every prior from {p_list[0]} to {p_list[-1]} does)"
        body = (
            f"a prior of {p} gives |{current}-{p}|/{p} "
            f"{_eq(pct_change(p, current), d)}% on the prior count{many}"
        )
    else:
        exact = Fraction(100 * current) / (
            100 + (-1 if direction == "down" else 1) * _frac(q.value)
        )
        lo = max(1, math.floor(exact))
        near = [p for p in (lo, lo + 1) if p > 0 and p != current]
        shown = ", ".join(f"{p} gives {_eq(pct_change(p, current), d)}%" for p in near)
        body = f"no whole prior count reproduces it on the prior count ({shown})"
    cur = priors[Base.CURRENT]
    if cur:
        body += (
            f"; on the current count, a prior of {cur[0]} gives |{cur[0]}-{current}|/{current} "
            f"{_eq(pct_change(cur[0], current, base=Base.CURRENT), d)}%"
            + ("" if len(cur) == 1 else f" (every prior from {cur[0]} to {cur[-1]} does)")
        )
    else:
        body += "; no prior reproduces it on the current count"
    verdict = "consistent" if p_list else "inconsistent"
    if not p_list:
        k, n = solve_smallest_denominator(q, rounding=rounding)
        end = n - k if direction == "down" else n + k
        body += (
            f"; the smallest prior count that gives a {q.as_printed} change is {n} "
            f"({n} to {end}: {k}/{n} {_eq(_pct_of(k, n), d)}%)"
        )
        recomputed += f"; {small}"
    return _Verdict(recomputed, ";".join(reproduced), verdict, head + body)


def _claim_increment(
    inputs: list[_Fig], printed: _Fig, direction: str, rounding: Rounding
) -> _Verdict:
    current, increment = (_whole(f) for f in inputs)
    if current is None or increment is None:
        return _Verdict("", "", "not checkable", "the counts are not exact whole numbers")
    res = check_increment(
        current, increment, printed.quantity, direction=direction, rounding=rounding
    )
    d = _shown(printed.quantity)
    recomputed = "; ".join(f"{b.value}={_fmt(v, d)}%" for b, v in res.values.items())
    return _Verdict(
        recomputed,
        ";".join(b.value for b in res.reproduced_by),
        "consistent" if res.consistent else "inconsistent",
        res.explanation,
    )


def _claim_rate(inputs: list[_Fig], printed: _Fig, rounding: Rounding) -> _Verdict:
    q = printed.quantity
    small, small_text = _smallest_text(q, rounding)
    if not inputs:
        return _Verdict(
            small,
            "",
            "not checkable",
            f"no numerator or denominator of {q.as_printed} is printed, so it cannot be "
            f"checked; {small_text}",
        )
    k = _whole(inputs[0])
    if k is None:
        return _Verdict(small, "", "not checkable", "the numerator is not an exact whole number")
    dens = solve_denominators(q, k, rounding=rounding)
    d = _shown(q)
    if dens:
        shown = str(dens[0]) if len(dens) == 1 else f"{dens[0]}..{dens[-1]}"
        return _Verdict(
            f"denominators={shown}",
            ";".join(f"denominator={n}" for n in dens[:5]) + (";..." if len(dens) > 5 else ""),
            "consistent",
            f"printed {q.as_printed} ({_rounding_text(q, rounding)}) with numerator {k}: "
            f"{k}/{dens[0]} {_eq(_pct_of(k, dens[0]), d)}%"
            + ("" if len(dens) == 1 else f" (every denominator {dens[0]}..{dens[-1]} works)"),
        )
    return _Verdict(
        f"denominators=none; {small}",
        "",
        "inconsistent",
        f"printed {q.as_printed} with numerator {k}: no whole denominator gives it; {small_text}",
    )


def _split_ids(text: str) -> list[str]:
    return [s.strip() for s in text.split(";") if s.strip()]


_N_INPUTS = {"fold": (0, 2), "pct_change": (0, 1), "increment": (2,), "rate": (0, 1)}


def claim_problems(
    figures: dict[str, _Fig] | pd.DataFrame, claims: pd.DataFrame
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
        if kind == "fold":
            v = _claim_fold(inputs, printed, rounding)
        elif kind == "rate":
            v = _claim_rate(inputs, printed, rounding)
        else:
            dirs = [f.direction for f in (printed, *inputs[1:]) if f.direction]
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
        ``{"claims": (DataFrame, CLAIMS_SCHEMA)}``, or empty when there is no
        ``claims.csv``.
    """
    path = Path(raw_dir) / "claims.csv"
    if not path.exists():
        return {}
    return {"claims": (build_claims(figures, read_table(path), source=str(path)), CLAIMS_SCHEMA)}


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
