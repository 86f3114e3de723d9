"""Build of data/processed/: schemas, bad input, determinism, atomicity, loading."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import wzdata
from wzdata.study import settings as config
from wzdata.study.build import BuildError, build, load


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _rewrite(path: Path, edit) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    edit(rows)
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def test_build_is_deterministic(built_processed: Path, tmp_path: Path) -> None:
    # a second build, into an existing (empty) folder, gives the same bytes
    build(out_dir=tmp_path)
    assert _digest(tmp_path) == _digest(built_processed)


def test_committed_processed_data_is_current(built_processed: Path) -> None:
    committed = _digest(config.PROCESSED_DATA_DIR)
    fresh = _digest(built_processed)
    assert fresh == {k: v for k, v in committed.items() if k in fresh}, (
        "data/processed/ differs from what 'wzdata build' makes: run 'make data' and commit"
    )


def test_every_figure_is_parsed(built_processed: Path) -> None:
    raw = list(csv.DictReader((config.RAW_DATA_DIR / "figures.csv").open(encoding="utf-8")))
    out = list(csv.DictReader((built_processed / "figures.csv").open(encoding="utf-8")))
    assert len(out) == len(raw) > 0
    assert all(r["value"] and r["kind"] for r in out)


def test_datapackage_is_valid(built_processed: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(built_processed / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((built_processed / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in package["resources"]}
    assert {"figures", "series", "indicators", "sources", "geographies"} <= names
    for res in package["resources"]:
        data = (built_processed / res["path"]).read_bytes()
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def _errors(raw: Path, tmp_path: Path) -> list[str]:
    with pytest.raises(BuildError) as info:
        build(raw, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    return [str(e) for e in info.value.errors]


def test_unknown_indicator(raw_copy: Path, tmp_path: Path) -> None:
    _rewrite(raw_copy / "figures.csv", lambda rows: rows[1].__setitem__(4, "no_such_indicator"))
    errs = _errors(raw_copy, tmp_path)
    assert any("figures.csv:2:5:" in e and "no_such_indicator" in e for e in errs), errs


def test_unparseable_figure(raw_copy: Path, tmp_path: Path) -> None:
    col = 10

    def edit(rows: list[list[str]]) -> None:
        rows[3][col] = "十二点五起起"

    _rewrite(raw_copy / "figures.csv", edit)
    errs = _errors(raw_copy, tmp_path)
    assert any(f"figures.csv:4:{col + 1}:" in e and "十二点五起起" in e for e in errs), errs


def test_duplicate_id_and_period_and_several_errors(raw_copy: Path, tmp_path: Path) -> None:
    def edit(rows: list[list[str]]) -> None:
        rows[2][0] = rows[1][0]  # duplicate figure_id
        rows[5][9] = "1999-01-01"  # ends before it starts
        rows[6][3] = "zero"  # paragraph not a number

    _rewrite(raw_copy / "figures.csv", edit)
    errs = _errors(raw_copy, tmp_path)
    assert any(":3:1:" in e and "unique" in e for e in errs), errs
    assert any(":6:10:" in e and "ends before it starts" in e for e in errs), errs
    assert any(":7:4:" in e and "'zero'" in e for e in errs), errs


def test_missing_column(raw_copy: Path, tmp_path: Path) -> None:
    _rewrite(raw_copy / "indicators.csv", lambda rows: [r.pop(4) for r in rows])
    errs = _errors(raw_copy, tmp_path)
    assert any("indicators.csv:1:" in e and "definition" in e and "missing" in e for e in errs)


def test_not_utf8(raw_copy: Path, tmp_path: Path) -> None:
    path = raw_copy / "geographies.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    errs = _errors(raw_copy, tmp_path)
    assert any("geographies.csv:2:" in e and "not UTF-8" in e for e in errs), errs


def test_failed_build_leaves_previous_output(raw_copy: Path, processed_copy: Path) -> None:
    out = processed_copy
    before = _digest(out)
    _rewrite(raw_copy / "figures.csv", lambda rows: rows[1].__setitem__(10, "??"))
    with pytest.raises(BuildError):
        build(raw_copy, out)
    assert _digest(out) == before


def test_cli_exit_status(raw_copy: Path, tmp_path: Path) -> None:
    _rewrite(raw_copy / "figures.csv", lambda rows: rows[1].__setitem__(10, "??"))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "wzdata.cli",
            "build",
            "--raw",
            str(raw_copy),
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "figures.csv:2:11:" in proc.stderr and "'??'" in proc.stderr


def test_load_types() -> None:
    df = wzdata.load("figures")
    assert str(df["indicator"].dtype) == "category"
    assert str(df["geography"].dtype) == "category"
    assert str(df["value"].dtype) == "float64"
    assert str(df["period_start"].dtype).startswith("datetime64")
    assert str(df["paragraph"].dtype) == "Int64"
    assert df["figure_id"].is_unique
    with pytest.raises(KeyError, match="no table"):
        load("nope")


def test_load_from_notebooks_folder() -> None:
    code = "import wzdata; print(len(wzdata.load('series')))"
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=config.NOTEBOOKS_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(proc.stdout) > 0


def test_series_are_levels_of_flows_and_stocks() -> None:
    series, figures = load("series"), load("figures")
    ids = set(series["figure_id"])
    levels = figures[figures["figure_id"].isin(ids)]
    assert set(levels["measure"]) == {"level"}
    key = ["indicator", "geography", "period_start", "period_end", "source_id"]
    assert not series.duplicated(key).any()


# --------------------------------------------------------------------------- files and sets


def test_processed_files_are_readable_by_all(built_processed: Path) -> None:
    import stat

    # built into a new folder under umask 022 (see the fixture)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in built_processed.iterdir()}
    assert modes and set(modes.values()) == {0o644}, modes
    assert stat.S_IMODE(built_processed.stat().st_mode) == 0o755


def test_every_claims_error_is_collected_with_its_place(raw_copy: Path, tmp_path: Path) -> None:
    def edit(rows: list[list[str]]) -> None:
        rows[1][2] = "no_such_figure;" + rows[1][2].split(";")[-1]
        rows[2][1] = "ratio"  # unknown kind
        rows[3][0] = rows[4][0]  # duplicate claim_id

    _rewrite(raw_copy / "claims.csv", edit)
    errs = _errors(raw_copy, tmp_path)
    assert any("claims.csv:2:3:" in e and "no_such_figure" in e for e in errs), errs
    assert any("claims.csv:3:2:" in e and "'ratio'" in e for e in errs), errs
    assert any("claims.csv:" in e and "unique" in e for e in errs), errs


def test_a_header_only_figures_table_is_one_error_on_figures(
    raw_copy: Path, tmp_path: Path
) -> None:
    path = raw_copy / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    errs = _errors(raw_copy, tmp_path)
    assert len(errs) == 1 and "figures.csv:1:" in errs[0] and "no rows" in errs[0], errs


def test_a_missing_sources_table_is_one_error(raw_copy: Path, tmp_path: Path) -> None:
    (raw_copy / "sources.csv").unlink()
    errs = _errors(raw_copy, tmp_path)
    assert len(errs) == 1 and "sources.csv" in errs[0] and "missing" in errs[0], errs


class _Stop(Exception):
    pass


_SEEN: list[str] = []


def test_a_crash_at_any_write_leaves_the_previous_set(
    raw_copy: Path, processed_copy: Path, tmp_path: Path
) -> None:
    import errno

    from wzdata.datapkg import write_package

    out = processed_copy
    before = _digest(out)
    new = {p.name: p.read_bytes() + b"\n" for p in out.iterdir()}
    for k in range(len(new)):
        for error in (_Stop(), OSError(errno.ENOSPC, "No space left on device")):

            def stop(
                name: str, k: int = k, error: Exception = error, seen: list[str] | None = None
            ) -> None:
                seen = _SEEN if seen is None else seen
                seen.append(name)
                if len(seen) > k:
                    raise error

            _SEEN.clear()

            with pytest.raises(type(error)):
                write_package(out, new, on_write=stop)
            assert _digest(out) == before, (k, _SEEN)
            assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "raw"], k
    # through the whole build too, at a write in the middle: no staging folder is left
    _SEEN.clear()
    with pytest.raises(OSError, match="No space"):
        build(raw_copy, out, on_write=lambda name: stop(name, 5, OSError(errno.ENOSPC, "No space")))
    assert _digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "raw"]
    write_package(out, new)
    assert _digest(out) == {n: hashlib.sha256(d).hexdigest() for n, d in sorted(new.items())}


def test_load_refuses_a_mixed_set(processed_copy: Path) -> None:
    from wzdata.datapkg import PackageError, load_table

    assert len(load_table(processed_copy, "figures")) > 0
    path = processed_copy / "figures.csv"
    path.write_bytes(path.read_bytes().replace(b"258", b"259", 1))
    with pytest.raises(PackageError, match="run 'wzdata build'"):
        load_table(processed_copy, "figures")
