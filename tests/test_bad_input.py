"""Bad raw data and hostile file systems: a message per problem with its place, no traceback."""

from __future__ import annotations

import csv
import errno
import io
import pathlib
from pathlib import Path

import pytest

from wzdata.cli import main
from wzdata.datapkg import write_package
from wzdata.datapkg.tables import is_formula_text
from wzdata.study.build import BuildError, build


def _edit(path: Path, edits: dict[tuple[str, str], str]) -> dict[tuple[str, str], int]:
    """Set cells ``(row id, column) -> value``; returns the line of each edited row."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    head = rows[0]
    lines = {}
    for n, r in enumerate(rows[1:], start=2):
        for (rid, col), value in edits.items():
            if r[0] == rid:
                r[head.index(col)] = value
                lines[(rid, col)] = n
    assert len(lines) == len(edits)
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return lines


def _col(path: Path, name: str) -> int:
    return path.read_text(encoding="utf-8").splitlines()[0].split(",").index(name) + 1


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(A1)", "\t=1", " =1"],
)
def test_formula_text_is_recognised(text: str) -> None:
    assert is_formula_text(text)


@pytest.mark.parametrize("text", ["-3", "+2.5%", "-0.5", "近12倍", "吴忠市", "", "a=b", "1-2"])
def test_plain_text_and_signed_numbers_are_not_formulas(text: str) -> None:
    assert not is_formula_text(text)


def test_formula_cells_are_rejected_with_their_place(raw_copy: Path, tmp_path: Path) -> None:
    figures = raw_copy / "figures.csv"
    lines = _edit(
        figures,
        {
            ("drug_cases_solved_2021", "note"): '=HYPERLINK("http://x","y")',
            ("drug_cases_solved_2016", "note"): "-3",
            ("users_found_2021", "section"): "@SUM(A1)",
        },
    )
    with pytest.raises(BuildError) as info:
        build(raw_copy, tmp_path / "out")
    errors = {(e.line, e.column_name): e for e in info.value.errors}
    assert len(info.value.errors) == 2  # -3 stays a number
    note = errors[(lines[("drug_cases_solved_2021", "note")], "note")]
    assert note.column == _col(figures, "note")
    assert "formula" in note.message and note.value.startswith("=HYPERLINK")
    assert (lines[("users_found_2021", "section")], "section") in errors
    assert not (tmp_path / "out").exists()


def test_huge_numbers_in_raw_data_are_messages(
    raw_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = raw_copy / "figures.csv"
    lines = _edit(
        figures,
        {
            ("drug_cases_solved_2016", "paragraph"): "1" + "0" * 400,
            ("drug_cases_solved_2021", "as_printed"): "1" * 400 + "起",
            ("users_found_2021", "as_printed"): "1" * 20 + "人",
        },
    )
    status = main(["build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"), "-q"])
    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in err
    rel = "figures.csv"
    para = lines[("drug_cases_solved_2016", "paragraph")]
    assert f"{rel}:{para}:{_col(figures, 'paragraph')}:" in err
    assert "is too large" in err and "(401 characters)" in err
    # the 400-digit count is not reached while the paragraph column has an error;
    # fixed, both oversized counts are reported, with their places
    _edit(figures, {("drug_cases_solved_2016", "paragraph"): "16"})
    with pytest.raises(BuildError) as info:
        build(raw_copy, tmp_path / "out")
    places = {(e.line, e.column_name) for e in info.value.errors}
    assert places == {
        (lines[("drug_cases_solved_2021", "as_printed")], "as_printed"),
        (lines[("users_found_2021", "as_printed")], "as_printed"),
    }


def test_a_count_keyed_as_a_fold_is_a_message(raw_copy: Path, tmp_path: Path) -> None:
    _edit(raw_copy / "figures.csv", {("drug_cases_solved_fold_2016_2021", "as_printed"): "21起"})
    with pytest.raises(BuildError, match="measure is fold_change"):
        build(raw_copy, tmp_path / "out")


def test_a_read_only_processed_folder_is_named_in_words(
    raw_copy: Path, processed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    out = processed_copy
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_mkdir = pathlib.Path.mkdir

    def read_only(self: Path, *args, **kwargs) -> None:
        if self.parent == tmp_path and self.name != out.name:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "mkdir", read_only)
    status = main(["build", "--raw", str(raw_copy), "--out", str(out), "-q"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith(f"wzdata build: {out}: ")
    assert "Permission denied" in err and "previous set is unchanged" in err
    assert "Traceback" not in err and ".staging" not in err and "tmp" not in err.split(": ", 2)[2]
    # found before the models are fitted
    said: list[str] = []
    with pytest.raises(PermissionError, match="previous set is unchanged"):
        build(raw_copy, out, progress=said.append)
    assert "parsing figures" in said and "fitting models" not in said, said
    # and the same words when the write itself meets the folder
    with pytest.raises(PermissionError, match="previous set is unchanged") as info:
        write_package(out, {"figures.csv": b"figure_id\n"})
    assert info.value.filename == str(out) and "Permission denied" in str(info.value)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "raw"]


def test_a_file_where_the_processed_folder_goes_is_named_and_kept(
    raw_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "processed"
    out.write_text("notes\n", encoding="utf-8")
    status = main(["build", "--raw", str(raw_copy), "--out", str(out), "-q"])
    err = capsys.readouterr().err
    assert status == 1
    assert f"{out}: " in err and "a file, not a folder" in err and "Traceback" not in err
    with pytest.raises(NotADirectoryError, match="a file, not a folder"):
        write_package(out, {"figures.csv": b"figure_id\n"})
    assert out.read_text(encoding="utf-8") == "notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed", "raw"]
