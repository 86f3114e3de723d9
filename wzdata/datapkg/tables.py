"""Read raw CSV tables against their schemas, collect every error, write and read typed tables.

* :func:`read_raw` reads a CSV as strings with the line of every row, and
  records encoding, header and row-length problems;
* :func:`validate` checks the rows against the Table Schema (required,
  pattern, enum, unique, integer, minimum, date, references to other tables'
  keys) with pandera, and :func:`check_periods` that no period ends before it
  starts; each problem is a :class:`DataError` naming file, line, column and
  value, and :class:`BuildError` reports them all at once;
* :func:`csv_bytes` and :func:`frame_csv_bytes` write deterministic CSV;
  :func:`read_frame` reads it back typed by the schema.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wzdata.datapkg.schema import Schema, column_names

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BuildError",
    "DataError",
    "RawTable",
    "check_periods",
    "csv_bytes",
    "frame_csv_bytes",
    "read_frame",
    "read_raw",
    "validate",
]


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
        value = repr(self.value)
        if len(self.value) > 60:  # a 400-digit number: its ends and its length
            value = f"{self.value[:24]!r}...{self.value[-12:]!r} ({len(self.value)} characters)"
        return f"{where}:{col} value {value}: {self.message}"


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
    root: Path | None = None

    def rel(self) -> str:
        """Path relative to ``root`` (when under it), for messages."""
        try:
            return str(self.path.relative_to(self.root)) if self.root else str(self.path)
        except ValueError:
            return str(self.path)

    def error(self, row: int | None, column: str, message: str) -> DataError:
        """Make a :class:`DataError` for row index ``row`` (None: the header)."""
        line = 1 if row is None else self.lines[row]
        col = self.header.index(column) + 1 if column in self.header else 0
        value = "" if row is None or column not in self.header else self.rows[row][column]
        return DataError(self.rel(), line, col, column, value, message)


def read_raw(path: Path, schema: Schema, *, root: Path | None = None) -> RawTable:
    """Read a CSV table as strings, checking encoding, header and row lengths.

    Parameters
    ----------
    path : Path
        The CSV file; the table is named after its stem.
    schema : Schema
        Its Table Schema (the expected columns).
    root : Path, optional
        Messages name the file relative to this folder.

    Returns
    -------
    RawTable
        The rows, with any encoding, header or row problem in ``errors``.
    """
    path = Path(path)
    table = RawTable(path.stem, path, [], [], [], root=root)
    if path.is_dir():
        table.errors.append(DataError(table.rel(), 0, 0, "", "", "is a folder, not a CSV file"))
        return table
    if not path.exists():
        table.errors.append(DataError(table.rel(), 0, 0, "", "", "file is missing"))
        return table
    try:
        data = path.read_bytes()
    except OSError as exc:
        table.errors.append(DataError(table.rel(), 0, 0, "", "", f"cannot be read: {exc.strerror}"))
        return table
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
    expected = column_names(schema)
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
    if not table.errors and not table.rows:
        table.errors.append(DataError(table.rel(), 1, 0, "", "", "file has a header but no rows"))
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
                pa.Check(lambda s: s.str.fullmatch(_INTEGER), error="is not a whole number")
            )
            checks.append(
                pa.Check(
                    _fits_int64,
                    error=f"is too large: a whole number up to {_INT64_MAX} is expected",
                )
            )
            if "minimum" in c:
                m = c["minimum"]
                checks.append(
                    pa.Check(
                        lambda s, m=m: (
                            ~_ok_int(s) | (s.where(_ok_int(s), "0").astype("int64") >= m)
                        ),
                        error=f"is below the minimum {m}",
                    )
                )
        if f["type"] == "string":
            checks.append(pa.Check(_not_a_formula, error=FORMULA_MESSAGE))
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


_INTEGER = r"[0-9]+"
_INT64_MAX = 2**63 - 1
# at most 19 digits and not above 2**63 - 1 (checked by length, then by value)


def _fits_int64(s: pd.Series) -> pd.Series:
    """True where a cell is not a whole number (checked elsewhere) or fits in 64 bits."""
    return s.map(
        lambda v: re.fullmatch(_INTEGER, v) is None or int(v.lstrip("0") or "0") <= _INT64_MAX
    ).astype(bool)


#: Characters that make a spreadsheet read a cell as a formula when they come first.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_MESSAGE = (
    "would run as a formula in a spreadsheet (it starts with =, +, -, @, a tab or a "
    "carriage return); reword it or drop the leading sign"
)
_NUMBER_TEXT = r"[+-]?(?:[0-9]+(?:[.,][0-9]+)*|\.[0-9]+)%?"


def is_formula_text(value: str) -> bool:
    """Whether a text cell would be run as a formula by a spreadsheet.

    A cell starting with ``=``, ``+``, ``-`` or ``@`` (after any leading white
    space), or with a tab or a carriage return, is a formula to Excel, LibreOffice
    and Google Sheets; a plain signed number (``-3``, ``+2.5%``) stays a number.

    Examples
    --------
    >>> is_formula_text("=HYPERLINK(\"http://x\")"), is_formula_text("-3"), is_formula_text("ok")
    (True, False, False)
    """
    if not value:
        return False
    if value[0] in "\t\r":
        return True
    stripped = value.lstrip()
    return bool(stripped) and stripped[0] in "=+-@" and re.fullmatch(_NUMBER_TEXT, stripped) is None


def _ok_int(s: pd.Series) -> pd.Series:
    return s.str.fullmatch(_INTEGER).astype(bool) & _fits_int64(s)


def _not_a_formula(s: pd.Series) -> pd.Series:
    return ~s.map(is_formula_text).astype(bool)


def _valid_dates(s: pd.Series) -> pd.Series:
    import pandas as pd

    return pd.to_datetime(s, format="%Y-%m-%d", errors="coerce").notna() | (s == "")


def validate(table: RawTable, schema: Schema, refs: dict[str, set[str]] | None = None) -> None:
    """Validate ``table`` against ``schema``; append every problem to ``table.errors``.

    Parameters
    ----------
    table : RawTable
    schema : Schema
        Its Table Schema.
    refs : dict, optional
        Column -> the keys it may refer to (keys of another table).
    """
    import pandas as pd
    import pandera.errors

    if table.errors or not table.rows:
        return
    df = pd.DataFrame(table.rows, columns=table.header, dtype="str")
    checker = _pandera_schema(schema, refs or {})
    try:
        checker.validate(df, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        fc = exc.failure_cases
        for rec in fc.to_dict("records"):
            idx, col, check = rec.get("index"), rec.get("column"), str(rec.get("check"))
            if idx is None or (isinstance(idx, float) and idx != idx):
                continue
            if check == "field_uniqueness":
                check = "duplicates an earlier row (must be unique)"
            table.errors.append(table.error(int(idx), str(col), check))


def check_periods(table: RawTable) -> None:
    """Record a row whose ``period_end`` is before its ``period_start``."""
    for i, row in enumerate(table.rows):
        start, end = row.get("period_start", ""), row.get("period_end", "")
        if start and end and end < start:
            table.errors.append(table.error(i, "period_end", f"ends before it starts ({start})"))


# --------------------------------------------------------------------------- csv


def csv_bytes(rows: Iterable[dict[str, Any]], columns: list[str]) -> bytes:
    """Rows as UTF-8 CSV with ``\\n`` line ends; ``None`` is an empty cell."""
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        writer.writerow({c: "" if r.get(c) is None else r[c] for c in columns})
    return buf.getvalue().encode("utf-8")


def frame_csv_bytes(df: pd.DataFrame, schema: Schema) -> bytes:
    """A DataFrame as CSV in the column order of its schema."""
    columns = column_names(schema)
    return csv_bytes(df.astype(object).where(df.notna(), None).to_dict("records"), columns)


def read_frame(data: bytes, schema: Schema, categorical: Iterable[str] = ()) -> pd.DataFrame:
    """Read CSV bytes written by :func:`csv_bytes` as a DataFrame typed by ``schema``.

    Numbers become float64 (``INF`` is infinity), integers Int64, dates
    datetime64[s], booleans boolean, the ``categorical`` columns categories and
    other text str.
    """
    import pandas as pd

    categorical = frozenset(categorical)
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
        elif col in categorical:
            df[col] = df[col].astype("category")
    return df
