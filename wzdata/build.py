"""Build ``data/processed/`` from ``data/raw/``: load, validate, parse, save.

The build reads the hand-keyed tables, validates them against the schemas
declared in :mod:`wzdata.schemas` (with pandera), parses every printed figure
with :func:`wzdata.parse.parse`, and writes tidy tables plus a Frictionless
``datapackage.json``. All errors in a run are collected and reported together,
each naming file, line, column and value; nothing is written unless the whole
build succeeds, and every output is written to a temporary file and renamed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wzdata import config
from wzdata.parse import FigureParseError, parse
from wzdata.schemas import PROCESSED_SCHEMAS, RAW_SCHEMAS, Schema

if TYPE_CHECKING:
    import pandas as pd

#: Raw tables that may be absent.
OPTIONAL_TABLES = frozenset({"context"})

__all__ = ["BuildError", "DataError", "RawTable", "build", "cli", "load", "read_raw"]


@dataclass(frozen=True)
class DataError:
    """One problem in one cell of a raw table."""

    path: str
    line: int
    column: int
    column_name: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        col = f" column {self.column_name!r}" if self.column_name else ""
        return f"{where}:{col} value {self.value!r}: {self.message}"


class BuildError(Exception):
    """The raw data has problems; nothing was written.

    Attributes
    ----------
    errors : list of DataError
        Every problem found, in file and line order.
    """

    def __init__(self, errors: list[DataError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.path, e.line, e.column, e.message))
        n = len(self.errors)
        lines = [f"{n} problem{'s' if n != 1 else ''} in the raw data; nothing was written:"]
        lines += [f"  {e}" for e in self.errors]
        super().__init__("\n".join(lines))


@dataclass
class RawTable:
    """A raw CSV read as strings, with the line number of every row."""

    name: str
    path: Path
    header: list[str]
    rows: list[dict[str, str]]
    lines: list[int]
    errors: list[DataError] = field(default_factory=list)

    def rel(self) -> str:
        """Path relative to the project root, for messages."""
        try:
            return str(self.path.relative_to(config.PROJ_ROOT))
        except ValueError:
            return str(self.path)

    def error(self, row: int | None, column: str, message: str) -> DataError:
        """Make a :class:`DataError` for row index ``row`` (None: the header)."""
        line = 1 if row is None else self.lines[row]
        col = self.header.index(column) + 1 if column in self.header else 0
        value = "" if row is None or column not in self.header else self.rows[row][column]
        return DataError(self.rel(), line, col, column, value, message)


def read_raw(name: str, raw_dir: Path | None = None) -> RawTable:
    """Read ``data/raw/<name>.csv`` as strings, checking encoding and header.

    Parameters
    ----------
    name : str
        Table name (``figures``, ``indicators``, ...).
    raw_dir : Path, optional
        Folder of the raw tables; ``config.RAW_DATA_DIR`` by default.

    Returns
    -------
    RawTable
        The rows, with any encoding or header problem in ``errors``.
    """
    path = (raw_dir or config.RAW_DATA_DIR) / f"{name}.csv"
    table = RawTable(name, path, [], [], [])
    if not path.exists():
        table.errors.append(DataError(table.rel(), 0, 0, "", "", "file is missing"))
        return table
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start : exc.start + 4].hex(" ")
        table.errors.append(
            DataError(table.rel(), line, col, "", bad, "file is not UTF-8; save it as UTF-8")
        )
        return table
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        table.errors.append(DataError(table.rel(), 1, 0, "", "", "file is empty"))
        return table
    table.header = header
    expected = [f["name"] for f in RAW_SCHEMAS[name]["fields"]]
    for i, col in enumerate(expected):
        if col not in header:
            table.errors.append(
                DataError(table.rel(), 1, i + 1, col, "", "required column is missing")
            )
    for col in header:
        if col not in expected:
            table.errors.append(
                table.error(None, col, f"unknown column; expected {', '.join(expected)}")
            )
    line = 1
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            table.errors.append(
                DataError(
                    table.rel(),
                    line,
                    len(record),
                    "",
                    ",".join(record)[:60],
                    f"row has {len(record)} cells, header has {len(header)}",
                )
            )
            continue
        table.rows.append(dict(zip(header, record, strict=True)))
        table.lines.append(line)
    return table


# --------------------------------------------------------------------------- validation


def _pandera_schema(schema: Schema, refs: dict[str, set[str]]) -> Any:
    """Derive a pandera schema (on string columns) from a Table Schema."""
    import pandera.pandas as pa

    columns = {}
    for f in schema["fields"]:
        c = f.get("constraints", {})
        checks = []
        if c.get("required"):
            checks.append(
                pa.Check(
                    lambda s: s.str.strip() != "", element_wise=False, error="is required but empty"
                )
            )
        if "pattern" in c:
            pat = c["pattern"]
            checks.append(
                pa.Check(
                    lambda s, p=pat: (s == "") | s.str.fullmatch(p),
                    error=f"does not match the pattern {pat}",
                )
            )
        if "enum" in c:
            allowed = c["enum"]
            checks.append(
                pa.Check(
                    lambda s, a=tuple(allowed): s.isin(a),
                    error=f"is not one of: {', '.join(x or '(empty)' for x in allowed)}",
                )
            )
        if f["type"] == "integer":
            checks.append(
                pa.Check(lambda s: s.str.fullmatch(r"\d+"), error="is not a whole number")
            )
            if "minimum" in c:
                m = c["minimum"]
                checks.append(
                    pa.Check(
                        lambda s, m=m: (
                            ~s.str.fullmatch(r"\d+")
                            | (s.where(s.str.fullmatch(r"\d+"), "0").astype(int) >= m)
                        ),
                        error=f"is below the minimum {m}",
                    )
                )
        if f["type"] == "date":
            checks.append(pa.Check(_valid_dates, error="is not a valid date YYYY-MM-DD"))
        if f["name"] in refs:
            allowed_refs = refs[f["name"]]
            checks.append(
                pa.Check(
                    lambda s, a=frozenset(allowed_refs): (s == "") | s.isin(a),
                    error="refers to a key that is not defined",
                )
            )
        columns[f["name"]] = pa.Column(
            str, checks=checks, unique=bool(c.get("unique")), report_duplicates="exclude_first"
        )
    return pa.DataFrameSchema(columns, strict=False)


def _valid_dates(s: pd.Series) -> pd.Series:
    import pandas as pd

    return pd.to_datetime(s, format="%Y-%m-%d", errors="coerce").notna() | (s == "")


def _validate(table: RawTable, refs: dict[str, set[str]]) -> None:
    """Validate ``table`` against its schema; append errors to ``table.errors``."""
    import pandas as pd
    import pandera.errors

    if table.errors or not table.rows:
        return
    df = pd.DataFrame(table.rows, columns=table.header, dtype="str")
    schema = _pandera_schema(RAW_SCHEMAS[table.name], refs)
    try:
        schema.validate(df, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        fc = exc.failure_cases
        for rec in fc.to_dict("records"):
            idx, col, check = rec.get("index"), rec.get("column"), str(rec.get("check"))
            if idx is None or (isinstance(idx, float) and idx != idx):
                continue
            if check == "field_uniqueness":
                check = "duplicates an earlier row (must be unique)"
            table.errors.append(table.error(int(idx), str(col), check))


def _check_periods(table: RawTable) -> None:
    for i, row in enumerate(table.rows):
        start, end = row.get("period_start", ""), row.get("period_end", "")
        if start and end and end < start:
            table.errors.append(table.error(i, "period_end", f"ends before it starts ({start})"))


# --------------------------------------------------------------------------- build


def _num(x: Decimal) -> str:
    """Format a Decimal for CSV without exponent or trailing zeros."""
    if x.is_infinite():
        return "INF" if x > 0 else "-INF"
    s = format(x.normalize(), "f")
    return s


def _processed_figures(table: RawTable) -> list[dict[str, str]]:
    out = []
    for i, row in enumerate(table.rows):
        try:
            q = parse(row["as_printed"])
        except FigureParseError as exc:
            table.errors.append(table.error(i, "as_printed", exc.reason))
            continue
        rec = dict(row)
        rec.update(
            value=_num(q.value),
            lower=_num(q.lower),
            upper=_num(q.upper),
            unit=q.unit,
            kind=q.kind.value,
            qualifier=q.qualifier.value,
            decimals=str(q.decimals),
        )
        out.append(rec)
    return sorted(out, key=lambda r: r["figure_id"])


def _check_context(table: RawTable) -> None:
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


def _csv_bytes(rows: Iterable[dict[str, Any]], columns: list[str]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        writer.writerow({c: "" if r.get(c) is None else r[c] for c in columns})
    return buf.getvalue().encode("utf-8")


def _frame_csv_bytes(df: pd.DataFrame, schema: Schema) -> bytes:
    columns = [f["name"] for f in schema["fields"]]
    return _csv_bytes(df.astype(object).where(df.notna(), None).to_dict("records"), columns)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Parameters
    ----------
    path : Path
        Destination.
    data : bytes
        Content.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _datapackage(
    outputs: dict[str, bytes], schemas: dict[str, Schema], sources: list[dict[str, str]]
) -> bytes:
    from wzdata import __version__

    resources = []
    for name in sorted(outputs):
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "hash": "sha256:" + hashlib.sha256(outputs[name]).hexdigest(),
                "schema": schemas[name],
            }
        )
    package = {
        "profile": "tabular-data-package",
        "name": "wzdata",
        "title": "Published anti-drug figures of Wuzhong (吴忠市), Ningxia",
        "description": (
            "Every quantitative figure of the sources as printed, parsed with the bounds implied "
            "by its qualifier, with derived tables. Built by wzdata "
            f"{__version__} from data/raw/; do not edit by hand."
        ),
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0 (the compilation)",
            }
        ],
        "sources": [{"title": s["title"], "path": s["url"]} for s in sources],
        "resources": resources,
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


#: Modules that derive tables from the processed figures, in build order. Each
#: defines ``processed_tables(figures, raw_dir) -> {name: (DataFrame, schema)}``.
DERIVED_MODULES = ("wzdata.audit", "wzdata.models")


def _extra_tables(
    figures_df: pd.DataFrame, raw_dir: Path
) -> dict[str, tuple[pd.DataFrame, Schema]]:
    """Derived tables of the other modules (claims, models)."""
    import importlib

    out: dict[str, tuple[pd.DataFrame, Schema]] = {}
    for module_name in DERIVED_MODULES:
        module = importlib.import_module(module_name)
        out.update(module.processed_tables(figures_df, raw_dir))
    return out


def build(
    raw_dir: Path | None = None,
    out_dir: Path | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Path]:
    """Validate the raw tables and write the processed ones.

    Parameters
    ----------
    raw_dir, out_dir : Path, optional
        Input and output folders; ``data/raw`` and ``data/processed`` by default.
    progress : callable, optional
        Called with a short message at each step.

    Returns
    -------
    dict
        Table name -> path written.

    Raises
    ------
    BuildError
        When any raw table has a problem. Nothing is written then.
    """
    raw_dir = raw_dir or config.RAW_DATA_DIR
    out_dir = out_dir or config.PROCESSED_DATA_DIR
    say = progress or (lambda _msg: None)

    say("loading raw tables")
    tables = {
        name: read_raw(name, raw_dir)
        for name in RAW_SCHEMAS
        if name not in OPTIONAL_TABLES or (raw_dir / f"{name}.csv").exists()
    }
    keys = {
        name: {r[pk] for r in t.rows}
        for name, t in tables.items()
        for pk in [RAW_SCHEMAS[name]["primaryKey"][0]]
    }
    refs = {
        "sources": {},
        "geographies": {"parent": keys["geographies"]},
        "indicators": {},
        "figures": {
            "source_id": keys["sources"],
            "indicator": keys["indicators"],
            "geography": keys["geographies"],
        },
    }
    refs["context"] = refs["figures"]
    say("validating")
    for name, t in tables.items():
        _validate(t, refs[name])
    _check_periods(tables["figures"])
    say("parsing figures")
    figures = _processed_figures(tables["figures"])
    context: list[dict[str, str]] = []
    if "context" in tables:
        _check_periods(tables["context"])
        _check_context(tables["context"])
        context = _processed_figures(tables["context"])
    errors = [e for t in tables.values() for e in t.errors]
    if errors:
        raise BuildError(errors)

    flow_stock = {r["indicator"]: r["flow_stock"] for r in tables["indicators"].rows}
    schemas = dict(PROCESSED_SCHEMAS)
    outputs: dict[str, bytes] = {}
    for name in ("sources", "geographies", "indicators"):
        cols = [f["name"] for f in schemas[name]["fields"]]
        pk = schemas[name]["primaryKey"][0]
        outputs[name] = _csv_bytes(sorted(tables[name].rows, key=lambda r: r[pk]), cols)
    outputs["figures"] = _csv_bytes(figures, [f["name"] for f in schemas["figures"]["fields"]])
    if "context" in tables:
        outputs["context"] = _csv_bytes(context, [f["name"] for f in schemas["context"]["fields"]])
    outputs["series"] = _csv_bytes(
        _series(figures, flow_stock) + _series(context, flow_stock),
        [f["name"] for f in schemas["series"]["fields"]],
    )

    say("deriving tables")
    extra = _extra_tables(_frame(outputs["figures"], "figures", schemas), raw_dir)
    for name, (df, schema) in sorted(extra.items()):
        schemas[name] = schema
        outputs[name] = _frame_csv_bytes(df, schema)

    say("writing")
    outputs_dp = _datapackage(outputs, schemas, tables["sources"].rows)
    from wzdata import datapkg_formats

    formats = datapkg_formats.render(outputs, json.loads(outputs_dp))
    described = datapkg_formats.describe(json.loads(outputs_dp), formats)
    outputs_dp = (json.dumps(described, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    written = {}
    for name, data in outputs.items():
        written[name] = out_dir / f"{name}.csv"
        write_atomic(written[name], data)
    for file_name, data in formats.items():
        written[file_name] = out_dir / file_name
        write_atomic(written[file_name], data)
    written["datapackage"] = out_dir / "datapackage.json"
    write_atomic(written["datapackage"], outputs_dp)
    written["dictionary"] = out_dir / "DATA_DICTIONARY.md"
    write_atomic(written["dictionary"], data_dictionary(json.loads(outputs_dp)).encode("utf-8"))
    return written


def data_dictionary(package: dict[str, Any]) -> str:
    """Render a data package descriptor as a Markdown data dictionary.

    Parameters
    ----------
    package : dict
        The ``datapackage.json`` descriptor.

    Returns
    -------
    str
        One section per table: its fields with type, constraints and description.
    """
    out = [
        "# Data dictionary",
        "",
        "Generated by `wzdata build` from `datapackage.json`; do not edit by hand.",
        "Numbers are in base units (万 and 亿 applied); `lower` and `upper` are the bounds",
        "implied by the printed qualifier (see `wzdata.parse`); `INF` marks an open end.",
        "",
    ]
    for res in package["resources"]:
        schema = res["schema"]
        out += [f"## `{res['path']}`", ""]
        out.append(f"Primary key: {', '.join(f'`{k}`' for k in schema.get('primaryKey', []))}")
        out += ["", "| field | type | constraints | description |", "|---|---|---|---|"]
        for f in schema["fields"]:
            cons = f.get("constraints", {})
            shown = []
            for key, val in cons.items():
                if key == "enum":
                    val = ", ".join(v or "(empty)" for v in val)
                shown.append(f"{key}: {val}" if val is not True else key)
            desc = f.get("description", "").replace("|", "\\|")
            out.append(f"| `{f['name']}` | {f['type']} | {'; '.join(shown)} | {desc} |")
        out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------- load

_CATEGORICAL = {
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


def _frame(data: bytes, name: str, schemas: dict[str, Schema]) -> pd.DataFrame:
    import pandas as pd

    schema = schemas[name]
    types = {f["name"]: f["type"] for f in schema["fields"]}
    df = pd.read_csv(io.BytesIO(data), dtype="str", keep_default_na=False, na_values=[""])
    for col in df.columns:
        t = types.get(col, "string")
        if t == "number":
            df[col] = pd.to_numeric(df[col].str.replace("INF", "inf"), errors="raise")
        elif t == "integer":
            df[col] = df[col].astype("Int64")
        elif t == "date":
            df[col] = pd.to_datetime(df[col], format="%Y-%m-%d").astype("datetime64[s]")
        elif t == "boolean":
            df[col] = df[col].str.lower().map({"true": True, "false": False}).astype("boolean")
        elif col in _CATEGORICAL:
            df[col] = df[col].astype("category")
    return df


def _find_processed_dir() -> Path:
    if (config.PROCESSED_DATA_DIR / "datapackage.json").exists():
        return config.PROCESSED_DATA_DIR
    for parent in [Path.cwd(), *Path.cwd().parents]:
        candidate = parent / "data" / "processed"
        if (candidate / "datapackage.json").exists():
            return candidate
    raise FileNotFoundError(
        f"no processed data: {config.PROCESSED_DATA_DIR / 'datapackage.json'} is missing. "
        "Run 'make data' (or 'wzdata build') in the repository, or set WZDATA_ROOT."
    )


def load(name: str) -> pd.DataFrame:
    """Load a processed table as a typed DataFrame.

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
    """
    folder = _find_processed_dir()
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    schemas = {r["name"]: r["schema"] for r in package["resources"]}
    if name not in schemas:
        raise KeyError(f"no table {name!r}; the package has: {', '.join(sorted(schemas))}")
    return _frame((folder / f"{name}.csv").read_bytes(), name, schemas)


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
