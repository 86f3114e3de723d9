"""The workbook and the Parquet files hold exactly what the CSV files hold."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import time
import zipfile

import pytest

from wzdata.datapkg import formats as datapkg_formats
from wzdata.study import settings as config

openpyxl = pytest.importorskip("openpyxl")
pq = pytest.importorskip("pyarrow.parquet")

PROCESSED = config.PROCESSED_DATA_DIR


def _package() -> dict:
    return json.loads((PROCESSED / "datapackage.json").read_text(encoding="utf-8"))


def _csv(name: str) -> tuple[list[str], list[list[str]]]:
    with (PROCESSED / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def _same(cell: object, raw: str, kind: str) -> bool:
    if raw == "":
        return cell is None
    if kind == "number" and not math.isfinite(float(raw)):
        return cell == raw or (isinstance(cell, float) and cell == float(raw))
    if kind in ("integer", "number"):
        return (
            isinstance(cell, int | float)
            and not isinstance(cell, bool)
            and (float(cell) == float(raw))
        )
    if kind == "boolean":
        return cell is (raw.lower() in {"true", "1", "yes"})
    return cell == raw


def test_workbook_equals_the_csvs() -> None:
    wb = openpyxl.load_workbook(PROCESSED / datapkg_formats.XLSX_NAME, read_only=True)
    package = _package()
    assert wb.sheetnames == ["README"] + [r["name"] for r in package["resources"]]
    readme = [row for row in wb["README"].iter_rows(values_only=True)]
    assert any(row[:2] == ("figures", "as_printed") for row in readme)
    for res in package["resources"]:
        types = {f["name"]: f["type"] for f in res["schema"]["fields"]}
        header, rows = _csv(res["name"])
        sheet = list(wb[res["name"]].iter_rows(values_only=True))
        assert list(sheet[0]) == header, res["name"]
        assert len(sheet) - 1 == len(rows), res["name"]
        for i, (got, want) in enumerate(zip(sheet[1:], rows, strict=True), start=2):
            for col, cell, raw in zip(header, got, want, strict=True):
                assert _same(cell, raw, types[col]), (res["name"], i, col, cell, raw)


def test_parquet_files_equal_the_csvs() -> None:
    for res in _package()["resources"]:
        types = {f["name"]: f["type"] for f in res["schema"]["fields"]}
        header, rows = _csv(res["name"])
        table = pq.read_table(PROCESSED / f"{res['name']}.parquet")
        assert table.column_names == header
        data = table.to_pylist()
        assert len(data) == len(rows)
        for got, want in zip(data, rows, strict=True):
            for col, raw in zip(header, want, strict=True):
                assert _same(got[col], raw, types[col]), (res["name"], col, got[col], raw)
        described = table.schema.field(header[0]).metadata[b"description"].decode()
        assert described == res["schema"]["fields"][0].get("description", "")


def test_the_data_package_lists_every_format_with_its_hash() -> None:
    package = _package()
    book = package["wzdata:workbook"]
    data = (PROCESSED / book["path"]).read_bytes()
    assert book["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    for res in package["resources"]:
        (alt,) = res["alternates"]
        body = (PROCESSED / alt["path"]).read_bytes()
        assert alt["format"] == "parquet" and body[:4] == b"PAR1"
        assert alt["hash"] == "sha256:" + hashlib.sha256(body).hexdigest()


def test_workbook_bytes_do_not_depend_on_the_clock() -> None:
    package = _package()
    outputs = {
        r["name"]: (PROCESSED / f"{r['name']}.csv").read_bytes() for r in package["resources"]
    }
    a = datapkg_formats.xlsx_bytes(outputs, package)
    time.sleep(1.1)  # zip and document times have a resolution of one or two seconds
    assert datapkg_formats.xlsx_bytes(outputs, package) == a
    core = zipfile.ZipFile(io.BytesIO(a)).read("docProps/core.xml")
    assert b"2000-01-01T00:00:00Z" in core
