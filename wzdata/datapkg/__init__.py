"""Data packages: declare tables once, validate raw CSVs, write and read a package.

The engine knows no data set. A build declares its tables with
:func:`field` and :func:`table`, reads and validates its raw CSVs with
:func:`read_raw` and :func:`validate` (every error with file, line, column and
value), and writes the whole processed set with :func:`write_package`, which
a reader sees whole or not at all; :func:`load_table` reads a table back,
typed, after checking its hash.
"""

from __future__ import annotations

from wzdata.datapkg.package import (
    DESCRIPTOR,
    PackageError,
    check_writable,
    data_dictionary,
    descriptor,
    load_table,
    write_package,
)
from wzdata.datapkg.schema import Schema, column_names, enum_values, field, table
from wzdata.datapkg.tables import (
    BuildError,
    DataError,
    RawTable,
    check_periods,
    csv_bytes,
    frame_csv_bytes,
    read_frame,
    read_raw,
    validate,
)

__all__ = [
    "DESCRIPTOR",
    "BuildError",
    "DataError",
    "PackageError",
    "RawTable",
    "Schema",
    "check_periods",
    "check_writable",
    "column_names",
    "csv_bytes",
    "data_dictionary",
    "descriptor",
    "enum_values",
    "field",
    "frame_csv_bytes",
    "load_table",
    "read_frame",
    "read_raw",
    "table",
    "validate",
    "write_package",
]
