"""The processed tables in other formats: one Excel workbook and one Parquet file per table.

The CSV files and their Table Schemas (``datapackage.json``) are the reference. From them
:func:`render` makes ``wzdata.xlsx`` (one sheet per table, typed cells, plus a README sheet
from the data dictionary) and ``<table>.parquet`` (typed columns, field descriptions as
column metadata), and :func:`describe` lists each file in the data package.

Both formats are byte-identical across builds: the workbook's created and modified times
and every zip entry's timestamp are fixed, and Parquet carries no time or host metadata.

Why no UTF-8-with-BOM CSV: Excel on Windows reads BOM-less UTF-8 as the local code page
(mojibake), but a BOM breaks other readers that do not expect it (it becomes part of the
first header in ``cut``, ``awk``, many CSV parsers and diffs); readers who use Excel get
``wzdata.xlsx`` instead, which needs no encoding guess.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import zipfile
from collections.abc import Mapping
from typing import Any

__all__ = [
    "PARQUET_SUFFIX",
    "XLSX_NAME",
    "describe",
    "described",
    "parquet_bytes",
    "render",
    "xlsx_bytes",
]

#: The workbook's file name.
XLSX_NAME = "wzdata.xlsx"
#: Suffix of the Parquet files (``figures.parquet``).
PARQUET_SUFFIX = ".parquet"
#: Fixed time of the workbook's properties and of every zip entry.
FIXED_TIME = (2000, 1, 1, 0, 0, 0)
_FIXED_ISO = "2000-01-01T00:00:00Z"
#: Largest text Excel keeps in one cell.
_EXCEL_CELL_MAX = 32767


def _rows(data: bytes) -> tuple[list[str], list[list[str]]]:
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    header = next(reader)
    return header, list(reader)


def _typed(value: str, kind: str) -> Any:
    """A CSV cell as a Python value of its Table Schema type (None for empty)."""
    if value == "":
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        return value.lower() in {"true", "1", "yes"}
    return value


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry times and order, and fixed document times."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = body.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rf"\g<1>{_FIXED_ISO}\g<2>",
                    text,
                )
                body = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body, compresslevel=9)
    return out.getvalue()


def _readme_rows(package: Mapping[str, Any]) -> list[list[str]]:
    rows = [
        [str(package.get("title", ""))],
        [str(package.get("description", ""))],
        ["One sheet per table; the same data as the CSV files of datapackage.json."],
        [],
        ["table", "field", "type", "description"],
    ]
    for res in package["resources"]:
        rows.append([res["name"], "", "", str(res["schema"].get("description", ""))])
        for f in res["schema"]["fields"]:
            rows.append([res["name"], f["name"], f["type"], str(f.get("description", ""))])
    return rows


def xlsx_bytes(outputs: Mapping[str, bytes], package: Mapping[str, Any]) -> bytes:
    """The workbook: a README sheet, then one sheet per table in the package's order.

    Integers and numbers are numeric cells, booleans are TRUE/FALSE, everything else
    (dates included) is text as in the CSV; an infinite bound stays the text ``INF``.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    readme = wb.active
    readme.title = "README"
    for row in _readme_rows(package):
        readme.append(row)
    readme["A1"].font = Font(bold=True)
    for res in package["resources"]:
        name = res["name"]
        types = {f["name"]: f["type"] for f in res["schema"]["fields"]}
        header, rows = _rows(outputs[name])
        ws = wb.create_sheet(name[:31])
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            values = []
            for col, raw in zip(header, row, strict=True):
                v = _typed(raw, types.get(col, "string"))
                if isinstance(v, float) and not math.isfinite(v):
                    v = raw
                if isinstance(v, str):
                    v = v[:_EXCEL_CELL_MAX]
                values.append(v)
            ws.append(values)
        ws.freeze_panes = "A2"
    fixed = __import__("datetime").datetime(*FIXED_TIME)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "wzdata"
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue())


def parquet_bytes(data: bytes, schema: Mapping[str, Any]) -> bytes:
    """One table as Parquet: typed columns, field descriptions in the column metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow_types = {
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
    }
    header, rows = _rows(data)
    fields = {f["name"]: f for f in schema["fields"]}
    columns, arrow_fields = [], []
    for i, col in enumerate(header):
        kind = fields.get(col, {}).get("type", "string")
        typ = arrow_types.get(kind, pa.string())
        columns.append(pa.array([_typed(r[i], kind) for r in rows], type=typ))
        meta = {"description": str(fields.get(col, {}).get("description", "")), "type": kind}
        arrow_fields.append(pa.field(col, typ, metadata=meta))
    table = pa.Table.from_arrays(columns, schema=pa.schema(arrow_fields))
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd", store_schema=True, write_statistics=True)
    return buf.getvalue()


def render(outputs: Mapping[str, bytes], package: Mapping[str, Any]) -> dict[str, bytes]:
    """File name -> bytes of the workbook and of every table's Parquet file."""
    files = {XLSX_NAME: xlsx_bytes(outputs, package)}
    for res in package["resources"]:
        files[res["name"] + PARQUET_SUFFIX] = parquet_bytes(outputs[res["name"]], res["schema"])
    return files


def describe(package: dict[str, Any], files: Mapping[str, bytes]) -> dict[str, Any]:
    """Add the other formats to a data package descriptor (returned; the input is not changed).

    Each CSV resource gets ``alternates`` (its Parquet file), and the package gets
    ``wzdata:workbook`` (the xlsx with a sheet per resource); both name a path, format,
    media type and sha256.
    """
    out = dict(package)
    resources = []
    for res in package["resources"]:
        res = dict(res)
        name = res["name"] + PARQUET_SUFFIX
        if name in files:
            res["alternates"] = [
                {
                    "path": name,
                    "format": "parquet",
                    "mediatype": "application/vnd.apache.parquet",
                    "hash": "sha256:" + hashlib.sha256(files[name]).hexdigest(),
                }
            ]
        resources.append(res)
    out["resources"] = resources
    if XLSX_NAME in files:
        out["wzdata:workbook"] = {
            "path": XLSX_NAME,
            "format": "xlsx",
            "mediatype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "hash": "sha256:" + hashlib.sha256(files[XLSX_NAME]).hexdigest(),
            "description": "Every table as a sheet of one Excel workbook, with a README sheet "
            "from the data dictionary; open this file in Excel.",
        }
    return out


def described(desc: bytes, files: Mapping[str, bytes]) -> bytes:
    """:func:`describe` on a descriptor's bytes, returned as bytes in the same layout."""
    import json

    package = describe(json.loads(desc), files)
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
