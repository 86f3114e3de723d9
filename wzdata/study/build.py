"""Build ``data/processed/`` from ``data/raw/``: the study's steps, in order.

:data:`STEPS` lists them; :func:`build` runs them top to bottom:

1. **load** every raw table of :data:`wzdata.study.schemas.RAW_SCHEMAS`;
2. **validate** each against its schema and the keys of the tables it refers
   to, the periods, the context rules and the claims' references;
3. **parse** every printed figure with :func:`wzdata.figures.parse`, then
   check that the output folder can be written (before the models are fitted);
4. **claims**: check the article's keyed claims (:mod:`wzdata.study.claims`);
5. **trends**: the model tables (:mod:`wzdata.study.trends`);
6. **series**: the levels of flow and stock indicators;
7. **write** the tables, ``datapackage.json`` and ``DATA_DICTIONARY.md`` as one
   set with :func:`wzdata.datapkg.write_package`.

All errors of steps 1-3 are collected and reported together, each naming file,
line, column and value (:class:`wzdata.datapkg.BuildError`); nothing is written
unless the whole build succeeds, and a reader of ``data/processed/`` sees the
old set or the new one, never a mix.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wzdata import datapkg
from wzdata.datapkg import BuildError, DataError
from wzdata.figures import FigureParseError, parse
from wzdata.intervals import MAX_COUNT
from wzdata.output import decimal_text
from wzdata.study import settings as config
from wzdata.study.schemas import PROCESSED_SCHEMAS, RAW_SCHEMAS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["STEPS", "BuildError", "DataError", "build", "cli", "load"]

#: Raw tables that may be absent.
OPTIONAL_TABLES = frozenset({"context", "claims"})
#: Columns read as categoricals by :func:`load`.
CATEGORICAL = frozenset(
    {
        "indicator",
        "geography",
        "source_id",
        "measure",
        "direction",
        "kind",
        "qualifier",
        "level",
        "flow_stock",
        "verdict",
        "unit",
    }
)
#: Tables whose keys other tables refer to: table -> {column: referenced table}.
REFERENCES: dict[str, dict[str, str]] = {
    "geographies": {"parent": "geographies"},
    "figures": {"source_id": "sources", "indicator": "indicators", "geography": "geographies"},
    "context": {"source_id": "sources", "indicator": "indicators", "geography": "geographies"},
}


@dataclass
class Build:
    """The state a build carries from step to step."""

    raw_dir: Path
    out_dir: Path | None = None
    tables: dict[str, datapkg.RawTable] = field(default_factory=dict)
    figures: list[dict[str, str]] = field(default_factory=list)
    context: list[dict[str, str]] = field(default_factory=list)
    outputs: dict[str, bytes] = field(default_factory=dict)
    schemas: dict[str, datapkg.Schema] = field(default_factory=lambda: dict(PROCESSED_SCHEMAS))

    def errors(self) -> list[DataError]:
        """Every problem found so far."""
        return [e for t in self.tables.values() for e in t.errors]


def _decimal(x: Decimal) -> str:
    return decimal_text(x, inf="INF")


# --------------------------------------------------------------------------- steps


def step_load(b: Build) -> None:
    """Read every raw table (an optional one only when its file exists)."""
    for name, schema in RAW_SCHEMAS.items():
        path = b.raw_dir / f"{name}.csv"
        if name in OPTIONAL_TABLES and not path.exists():
            continue
        b.tables[name] = datapkg.read_raw(path, schema, root=config.PROJ_ROOT)


def step_validate(b: Build) -> None:
    """Check each table against its schema and the keys of the tables it refers to.

    A reference to a table that could not be read is not checked, so one
    missing file gives one error, not one per row.
    """
    keys = {
        name: {r[RAW_SCHEMAS[name]["primaryKey"][0]] for r in t.rows}
        for name, t in b.tables.items()
        if not t.errors
    }
    for name, t in b.tables.items():
        refs = {col: keys[ref] for col, ref in REFERENCES.get(name, {}).items() if ref in keys}
        datapkg.validate(t, RAW_SCHEMAS[name], refs)
        if "period_start" in t.header:
            datapkg.check_periods(t)
    if "context" in b.tables:
        _check_context(b.tables["context"])


def step_parse(b: Build) -> None:
    """Parse every printed figure, then check the claims against the parsed figures."""
    if not b.tables["figures"].errors:
        b.figures = _processed_figures(b.tables["figures"])
    if "context" in b.tables and not b.tables["context"].errors:
        b.context = _processed_figures(b.tables["context"])
    claims = b.tables.get("claims")
    if claims is not None and claims.rows and not b.tables["figures"].errors:
        import pandas as pd

        from wzdata.study.claims import claim_problems

        figures = pd.DataFrame(b.tables["figures"].rows, dtype="str")
        rows = pd.DataFrame(claims.rows, columns=claims.header, dtype="str")
        known = {(e.line, e.column_name) for e in claims.errors}
        for line, col, value, message in claim_problems(figures, rows):
            row = line - 2
            line = claims.lines[row] if 0 <= row < len(claims.lines) else line
            if (line, col) in known:
                continue
            claims.errors.append(
                DataError(
                    claims.rel(),
                    line,
                    claims.header.index(col) + 1 if col in claims.header else 0,
                    col,
                    value,
                    message,
                )
            )
    errors = b.errors()
    if errors:
        raise BuildError(errors)


def step_output(b: Build) -> None:
    """Name an output folder that cannot be written now, not after the models are fitted."""
    if b.out_dir is not None:
        datapkg.check_writable(b.out_dir)


def step_tables(b: Build) -> None:
    """The raw tables kept as they are (sorted by key) and the parsed figures."""
    for name in ("sources", "geographies", "indicators"):
        pk = RAW_SCHEMAS[name]["primaryKey"][0]
        rows = sorted(b.tables[name].rows, key=lambda r: r[pk])
        b.outputs[name] = datapkg.csv_bytes(rows, datapkg.column_names(b.schemas[name]))
    b.outputs["figures"] = datapkg.csv_bytes(b.figures, datapkg.column_names(b.schemas["figures"]))
    if "context" in b.tables:
        b.outputs["context"] = datapkg.csv_bytes(
            b.context, datapkg.column_names(b.schemas["context"])
        )


def step_series(b: Build) -> None:
    """Levels of flow and stock indicators, one value per key."""
    flow_stock = {r["indicator"]: r["flow_stock"] for r in b.tables["indicators"].rows}
    b.outputs["series"] = datapkg.csv_bytes(
        _series(b.figures, flow_stock) + _series(b.context, flow_stock),
        datapkg.column_names(b.schemas["series"]),
    )


def _derived(b: Build, step: Callable[..., dict[str, tuple[Any, datapkg.Schema]]]) -> None:
    figures = datapkg.read_frame(b.outputs["figures"], b.schemas["figures"], CATEGORICAL)
    for name, (df, schema) in sorted(step(figures, b.raw_dir).items()):
        b.schemas[name] = schema
        b.outputs[name] = datapkg.frame_csv_bytes(df, schema)


def step_claims(b: Build) -> None:
    """The article's keyed claims, checked."""
    from wzdata.study import claims

    _derived(b, claims.processed_tables)


def step_trends(b: Build) -> None:
    """The model tables."""
    from wzdata.study import trends

    _derived(b, trends.processed_tables)


def step_inference(b: Build) -> None:
    """The joint model of counts and folds, its specification tables, exact and nested rates."""
    from wzdata.study import inference

    _derived(b, inference.processed_tables)


def package_files(b: Build) -> dict[str, bytes]:
    """Every file of the processed set: the CSVs, the descriptor and the data dictionary."""
    from wzdata import __version__

    desc = datapkg.descriptor(
        b.outputs,
        b.schemas,
        name="wzdata",
        title="Published anti-drug figures of Wuzhong (吴忠市), Ningxia",
        description=(
            "Every quantitative figure of the sources as printed, parsed with the bounds implied "
            "by its qualifier, with derived tables. Built by wzdata "
            f"{__version__} from data/raw/; do not edit by hand."
        ),
        licenses=[
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0 (the compilation)",
            }
        ],
        sources=[{"title": s["title"], "path": s["url"]} for s in b.tables["sources"].rows],
    )
    from wzdata.datapkg import formats

    other = formats.render(b.outputs, json.loads(desc))
    desc = formats.described(desc, other)
    files = {f"{name}.csv": data for name, data in b.outputs.items()}
    files.update(other)
    files[datapkg.DESCRIPTOR] = desc
    files["DATA_DICTIONARY.md"] = datapkg.data_dictionary(json.loads(desc)).encode("utf-8")
    return files


#: The steps of :func:`build`, in order (writing comes after them).
STEPS: tuple[tuple[str, Callable[[Build], None]], ...] = (
    ("loading raw tables", step_load),
    ("validating", step_validate),
    ("parsing figures", step_parse),
    ("checking the output folder", step_output),
    ("keeping the keyed tables", step_tables),
    ("checking claims", step_claims),
    ("fitting models", step_trends),
    ("fitting the joint model", step_inference),
    ("deriving series", step_series),
)


def build(
    raw_dir: Path | None = None,
    out_dir: Path | None = None,
    *,
    progress: Callable[[str], None] | None = None,
    on_write: Callable[[str], None] | None = None,
) -> dict[str, Path]:
    """Validate the raw tables and write the processed ones, as one set.

    Parameters
    ----------
    raw_dir, out_dir : Path, optional
        Input and output folders; ``data/raw`` and ``data/processed`` by default.
    progress : callable, optional
        Called with a short message at each step.
    on_write : callable, optional
        Called with each file name as it is written (see
        :func:`wzdata.datapkg.write_package`).

    Returns
    -------
    dict
        Table name (``datapackage``, ``dictionary`` for the two other files)
        -> path written.

    Raises
    ------
    BuildError
        When any raw table has a problem. Nothing is written then.
    OSError
        When the output folder cannot be written: found before the models are
        fitted (or, failing later, at the write); the previous set is unchanged.
    """
    out = Path(out_dir or config.PROCESSED_DATA_DIR)
    b = Build(Path(raw_dir or config.RAW_DATA_DIR), out)
    say = progress or (lambda _msg: None)
    for message, step in STEPS:
        say(message)
        step(b)
    say("writing")
    paths = datapkg.write_package(out, package_files(b), on_write=on_write)
    names = {datapkg.DESCRIPTOR: "datapackage", "DATA_DICTIONARY.md": "dictionary"}
    return {names.get(f, f.removesuffix(".csv")): p for f, p in paths.items()}


# --------------------------------------------------------------------------- rules of the study


_FLOAT_MAX = Decimal(sys.float_info.max)


def _processed_figures(table: datapkg.RawTable) -> list[dict[str, str]]:
    out = []
    for i, row in enumerate(table.rows):
        try:
            q = parse(row["as_printed"])
        except FigureParseError as exc:
            table.errors.append(table.error(i, "as_printed", exc.reason))
            continue
        if any(v.is_finite() and abs(v) > _FLOAT_MAX for v in (q.value, q.lower, q.upper)):
            msg = "is too large: processed values are 64-bit floats (up to about 1.8e308)"
            table.errors.append(table.error(i, "as_printed", msg))
            continue
        if q.kind.value == "count" and q.value > MAX_COUNT:
            msg = f"is too large: counts are modelled exactly up to 2**53 = {MAX_COUNT}"
            table.errors.append(table.error(i, "as_printed", msg))
            continue
        if row.get("measure") == "fold_change":
            if q.kind.value != "fold":
                msg = f"is a {q.kind.value}, but the measure is fold_change (a fold is N倍)"
                table.errors.append(table.error(i, "as_printed", msg))
                continue
            if row.get("direction") not in ("down", "up"):
                msg = "a fold_change needs the direction down or up"
                table.errors.append(table.error(i, "direction", msg))
                continue
        rec = dict(row)
        rec.update(
            value=_decimal(q.value),
            lower=_decimal(q.lower),
            upper=_decimal(q.upper),
            unit=q.unit,
            kind=q.kind.value,
            qualifier=q.qualifier.value,
            decimals=str(q.decimals),
        )
        out.append(rec)
    return sorted(out, key=lambda r: r["figure_id"])


def _check_context(table: datapkg.RawTable) -> None:
    """Each context value reads a part of what was printed; one preferred value per key."""
    preferred: dict[tuple[str, ...], int] = {}
    for i, row in enumerate(table.rows):
        if row.get("as_printed") and row["as_printed"] not in row.get("value_as_printed", ""):
            table.errors.append(table.error(i, "as_printed", "is not part of value_as_printed"))
        key = tuple(
            row.get(c, "")
            for c in ("geography", "indicator", "measure", "period_start", "period_end")
        )
        if row.get("preferred") == "yes":
            if key in preferred:
                table.errors.append(
                    table.error(
                        i,
                        "preferred",
                        f"a second preferred value (line {table.lines[preferred[key]]}"
                        " is preferred for the same geography, indicator and period)",
                    )
                )
            preferred.setdefault(key, i)
    for i, row in enumerate(table.rows):
        key = tuple(
            row.get(c, "")
            for c in ("geography", "indicator", "measure", "period_start", "period_end")
        )
        if row.get("preferred") == "no" and key not in preferred:
            table.errors.append(
                table.error(
                    i, "preferred", "no value of this geography, indicator and period is preferred"
                )
            )


def _series(figures: list[dict[str, str]], flow_stock: dict[str, str]) -> list[dict[str, str]]:
    """Levels of flow and stock indicators that a source gives for a period."""
    rows = []
    for r in figures:
        if r["measure"] != "level" or flow_stock.get(r["indicator"]) not in {"flow", "stock"}:
            continue
        rows.append(
            {
                "indicator": r["indicator"],
                "geography": r["geography"],
                "period_start": r["period_start"],
                "period_end": r["period_end"],
                "value": r["value"],
                "lower": r["lower"],
                "upper": r["upper"],
                "unit": r["unit"],
                "qualifier": r["qualifier"],
                "figure_id": r["figure_id"],
                "source_id": r["source_id"],
                "preferred": r.get("preferred", "yes"),
            }
        )
    key = ("indicator", "geography", "period_start", "period_end", "source_id", "figure_id")
    rows.sort(key=lambda r: tuple(r[k] for k in key))
    # one value per key: a figure printed twice is kept once (the first by figure_id)
    seen, unique = set(), []
    for r in rows:
        k = tuple(r[c] for c in key[:-1])
        if k not in seen:
            seen.add(k)
            unique.append(r)
    return unique


# --------------------------------------------------------------------------- load


def _find_processed_dir() -> Path:
    if (config.PROCESSED_DATA_DIR / datapkg.DESCRIPTOR).exists():
        return config.PROCESSED_DATA_DIR
    for parent in [Path.cwd(), *Path.cwd().parents]:
        candidate = parent / "data" / "processed"
        if (candidate / datapkg.DESCRIPTOR).exists():
            return candidate
    raise FileNotFoundError(
        f"no processed data: {config.PROCESSED_DATA_DIR / datapkg.DESCRIPTOR} is missing. "
        "Run 'make data' (or 'wzdata build') in the repository, or set WZDATA_ROOT."
    )


def load(name: str) -> pd.DataFrame:
    """Load a processed table as a typed DataFrame, after checking it against its descriptor.

    Parameters
    ----------
    name : str
        A resource of ``data/processed/datapackage.json``: ``figures``, ``series``,
        ``indicators``, ``sources``, ``geographies``, and the derived tables.

    Returns
    -------
    pandas.DataFrame
        Numbers as float64, counts as Int64, dates as datetime64[s], keys and
        labels (indicator, geography, unit, ...) as categoricals, text as str.

    Raises
    ------
    KeyError
        When ``name`` is not a resource of the package.
    FileNotFoundError
        When the processed data has not been built.
    wzdata.datapkg.PackageError
        When the table's file does not match the hash of the descriptor.
    """
    return datapkg.load_table(_find_processed_dir(), name, CATEGORICAL)


# --------------------------------------------------------------------------- command


def cli(argv: list[str]) -> int:
    """``wzdata build``: validate ``data/raw/`` and rebuild ``data/processed/``."""
    import argparse
    import time

    parser = argparse.ArgumentParser(prog="wzdata build", description=cli.__doc__)
    parser.add_argument("--raw", type=Path, default=None, help="raw folder (data/raw)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (data/processed)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()

    def say(msg: str) -> None:
        if not args.quiet:
            print(f"build: {msg}", file=sys.stderr)

    try:
        written = build(args.raw, args.out, progress=say)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    if not args.quiet:
        for _name, path in sorted(written.items()):
            try:
                shown = path.relative_to(config.PROJ_ROOT)
            except ValueError:
                shown = path
            print(f"  wrote {shown}")
        print(f"build: done in {time.perf_counter() - t0:.2f} s", file=sys.stderr)
    return 0
