"""Report parameters: declared once, checked before any notebook runs; names and the index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_reports import GOOD, _code, _notebook, dirs  # noqa: F401 (dirs is a fixture)

from wzdata.notebooks import runner
from wzdata.study import parameters, views
from wzdata.study import reports as study_reports


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "conf_level", "2"], "conf_level must be a number between 0 and 1"),
        (["-p", "conf_level", "1e-400"], "got 0.0"),
        (["-p", "conf_level", "nan"], "conf_level"),
        (["-p", "fold_convention", "bogus"], "fold_convention must be one of 'ratio'"),
        (["-p", "lang", "x"], "lang must be one of 'en', 'zh'"),
        (["-p", "lang", "x" * 300], "(300 characters)"),
        (["-p", "steps_2015_2019", "6"], "steps_2015_2019 must be one of 4, 5"),
        (["-p", "indicators", "['users_found', 'nope']"], "unknown: 'nope'"),
        (["-p", "lang", "en", "-p", "lang", "zh"], "-p lang is given more than once"),
        (["--timeout", "nan"], "positive number of seconds"),
        (["--timeout", "inf"], "positive number of seconds"),
        (["--timeout", "0"], "positive number of seconds"),
    ],
)
def test_bad_parameters_are_refused_before_any_notebook_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    rep_dir = tmp_path / "rep"
    try:
        status = study_reports.cli(["--reports-dir", str(rep_dir), *args])
    except SystemExit as exc:  # argparse refuses a bad --timeout
        status = exc.code
    assert status == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not rep_dir.exists()  # nothing ran, not even an index was written


def test_the_notebooks_and_the_command_line_read_one_declaration() -> None:
    # every parameter a study notebook declares is declared in wzdata.study.parameters,
    # with the notebook's default
    for path in runner.find_notebooks(study_reports.LAYOUT.notebooks):
        for name, default in runner.notebook_parameters(path).items():
            assert name in parameters.PARAMETERS, (path.name, name)
            assert default == parameters.PARAMETERS[name].default, (path.name, name)
            parameters.check_parameter(name, default)
    with pytest.raises(ValueError, match="conf_level must be a number between 0 and 1"):
        views.setup(conf_level=2)
    with pytest.raises(ValueError, match="lang must be one of"):
        views.setup(lang="x")


def test_long_report_names_are_cut_and_hashed() -> None:
    long = runner.report_name("01-x", {"name": "a" * 300})
    other = runner.report_name("01-x", {"name": "a" * 299 + "b"})
    assert len(long) <= runner.MAX_NAME and len(other) <= runner.MAX_NAME
    assert long != other and long.startswith("01-x--name-aaa")
    assert runner.report_name("01-x", {"n": 2}) == "01-x--n-2"


def _record(rep_dir: Path, name: str, notebook: str, status: str, params: dict) -> None:
    cache = rep_dir / ".cache"
    cache.mkdir(parents=True, exist_ok=True)
    rec = {"name": name, "notebook": notebook, "title": name, "status": status}
    rec["parameters"] = params
    (cache / f"{name}.json").write_text(json.dumps(rec), encoding="utf-8")
    suffix = ".failed.html" if status == "failed" else ".html"
    (rep_dir / f"{name}{suffix}").write_text("<p>x</p>", encoding="utf-8")


def test_index_lists_only_current_parameter_sets(dirs) -> None:  # noqa: F811
    nb_dir, rep_dir, _ = dirs
    _notebook(nb_dir / "01-good.ipynb", GOOD)
    _record(rep_dir, "01-good", "01-good.ipynb", "built", {"n": 3})
    _record(rep_dir, "01-good--n-2", "01-good.ipynb", "built", {"n": 2})
    _record(rep_dir, "01-good--n-99", "01-good.ipynb", "failed", {"n": 99})

    def check(name: str, value: object) -> object:
        if name == "n" and value == 99:
            raise ValueError("n must be small")
        return value

    index = runner.write_index(rep_dir, nb_dir, check_parameter=check).read_text(encoding="utf-8")
    assert 'href="01-good--n-2.html"' in index and "01-good--n-99" not in index


def test_failed_variants_go_once_fixed_or_abandoned(dirs) -> None:  # noqa: F811
    nb_dir, rep_dir, data_dir = dirs
    _notebook(nb_dir / "01-good.ipynb", [*GOOD, "assert n > 0, 'n must be positive'"])
    kw = {"reports_dir": rep_dir, "processed_dir": data_dir, "package_dir": _code(data_dir)}
    kw |= {"notebooks_dir": nb_dir, "commit": "abc", "stream": None, "jobs": 1}
    # a failed variant, with a long value (its name is hashed) and a timeout with a fraction
    long = "y" * 300
    out = runner.build_reports(overrides=[("n", "-1"), ("name", long)], timeout=10.5, **kw)
    assert [o.status for o in out] == ["failed"]
    failed = rep_dir / f"{out[0].name}.failed.html"
    assert failed.is_file() and "n must be positive" in failed.read_text(encoding="utf-8")
    assert "CellTimeoutError" not in failed.read_text(encoding="utf-8")
    index = (rep_dir / "index.html").read_text(encoding="utf-8")
    assert out[0].name in index
    # a later run of the notebook without that variant: abandoned, removed
    out = runner.build_reports(timeout=10.5, **kw)
    assert [o.status for o in out] == ["built"]
    index = (rep_dir / "index.html").read_text(encoding="utf-8")
    assert "Last build failed" not in index and 'href="01-good.html"' in index
    assert not failed.exists()
    assert sorted(p.name for p in rep_dir.glob("*.html")) == ["01-good.html", "index.html"]
