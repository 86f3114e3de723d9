"""Tests of the report builder (``wzdata reports``) on small notebooks made in tmp_path.

Kernel start-up costs about a second per notebook, so the executing tests are
grouped in one scenario that builds, skips, fails, times out and rebuilds.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wzdata.notebooks import runner as reports
from wzdata.output import write_atomic

nbformat = pytest.importorskip("nbformat")

TITLE = "Demo <script>alert(1)</script> & co"
INPUT_MARK = "INPUT_ONLY_MARK"  # appears in a code comment, never in an output


def _notebook(path: Path, body: list[str], params: str = "n = 3\nscale = 1.5\nname = 'x'") -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "wzdata", "display_name": "Python (wzdata)"}
    p = nbformat.v4.new_code_cell(params)
    p.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {TITLE}\n\nFirst <b>paragraph</b>\nof the summary.\n"),
        p,
        *[nbformat.v4.new_code_cell(src) for src in body],
    ]
    # stable cell ids, as in a notebook saved by Jupyter
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    nbformat.write(nb, path)
    return path


GOOD = [f"# {INPUT_MARK}\nresult = n * scale", "print('result is', result)"]


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Notebooks, reports and processed-data folders, plus a private code folder.

    The code folder stands in for wzdata/*.py so that edits to the working tree
    during a test run do not make the reports stale.
    """
    nb_dir, rep_dir, data_dir = tmp_path / "nb", tmp_path / "rep", tmp_path / "processed"
    for d in (nb_dir, data_dir, tmp_path / "code"):
        d.mkdir()
    (data_dir / "figures.csv").write_text("figure_id,value\na,1\n", encoding="utf-8")
    (tmp_path / "code" / "lib.py").write_text("X = 1\n", encoding="utf-8")
    return nb_dir, rep_dir, data_dir


def _code(data_dir: Path) -> Path:
    return data_dir.parent / "code"


HEAVY = ("papermill", "nbconvert", "nbformat", "matplotlib", "nbclient", "jupyter_client")


def _run_skip_check_in_subprocess(nb_dir: Path, rep_dir: Path, data_dir: Path) -> dict:
    args = ["--notebooks-dir", str(nb_dir), "--reports-dir", str(rep_dir)]
    args += ["--processed-dir", str(data_dir), "--package-dir", str(_code(data_dir))]
    args += ["01-good", "02-flaky"]
    code = f"""
import json, sys, time
start = time.perf_counter()
from wzdata.notebooks import runner as reports
from wzdata.output import write_atomic
status = reports.cli({args!r})
print(json.dumps({{"status": status, "seconds": time.perf_counter() - start,
                   "heavy": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1]) | {"stderr": out.stderr}


def test_build_skip_fail_timeout_rebuild(dirs: tuple[Path, Path, Path]) -> None:
    nb_dir, rep_dir, data_dir = dirs
    _notebook(nb_dir / "01-good.ipynb", GOOD)
    flaky = _notebook(nb_dir / "02-flaky.ipynb", ["print('fine')"])
    _notebook(nb_dir / "03-hangs.ipynb", ["import time\ntime.sleep(60)"])
    (nb_dir / "notes.ipynb").write_text("{}", encoding="utf-8")  # not NN-*: ignored

    # 1. cold build in two workers; the hanging cell is stopped after 2 s
    start = time.perf_counter()
    out = reports.build_reports(
        notebooks_dir=nb_dir,
        reports_dir=rep_dir,
        processed_dir=data_dir,
        package_dir=_code(data_dir),
        commit="abc1234",
        jobs=2,
        timeout=2,
        stream=None,
    )
    assert time.perf_counter() - start < 45
    assert [(o.name, o.status) for o in out] == [
        ("01-good", "built"),
        ("02-flaky", "built"),
        ("03-hangs", "failed"),
    ]
    good_html = (rep_dir / "01-good.html").read_text(encoding="utf-8")
    assert "result is 4.5" in good_html
    assert "commit abc1234" in good_html and "n=3, name='x', scale=1.5" in good_html
    assert INPUT_MARK not in good_html  # inputs hidden by default
    assert "name = &#x27;x&#x27;" not in good_html and "scale = 1.5" not in good_html
    assert "<script src=" not in good_html and "cdn" not in good_html.lower()
    assert not (rep_dir / "03-hangs.html").exists()
    hang = (rep_dir / "03-hangs.failed.html").read_text(encoding="utf-8")
    assert "CellTimeoutError" in hang and "time.sleep(60)" in hang

    index = (rep_dir / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in index and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in index
    assert "First &lt;b&gt;paragraph&lt;/b&gt; of the summary." in index
    assert 'href="01-good.html"' in index and 'href="03-hangs.failed.html"' in index
    assert "notes" not in index
    rec = json.loads((rep_dir / ".cache" / "01-good.json").read_text(encoding="utf-8"))
    assert rec["parameters"] == {"n": 3, "name": "x", "scale": 1.5}
    assert rec["data_sha256"] == reports.data_hash(data_dir) and rec["data_sha256"] in index

    # 2. no-op: up to date, checked in a fresh process that must not import heavy modules
    res = _run_skip_check_in_subprocess(nb_dir, rep_dir, data_dir)
    assert res["status"] == 0, res["stderr"]
    assert res["heavy"] == []
    assert "01-good: up to date" in res["stderr"] and "02-flaky: up to date" in res["stderr"]

    # 3. the flaky notebook now fails: failure report, old good report kept, exit 1
    flaky_before = (rep_dir / "02-flaky.html").read_bytes()
    _notebook(flaky, ["raise RuntimeError('broken <here>')"])
    status = reports.cli(
        [
            "--notebooks-dir",
            str(nb_dir),
            "--reports-dir",
            str(rep_dir),
            "--processed-dir",
            str(data_dir),
            "--package-dir",
            str(_code(data_dir)),
            "01-good",
            "02-flaky",
        ]
    )
    assert status == 1
    assert (rep_dir / "02-flaky.html").read_bytes() == flaky_before
    failed = (rep_dir / "02-flaky.failed.html").read_text(encoding="utf-8")
    assert "RuntimeError" in failed and "broken &lt;here&gt;" in failed and "<here>" not in failed
    assert "raise RuntimeError(&#x27;broken &lt;here&gt;&#x27;)" in failed  # the failing cell
    assert 'href="02-flaky.failed.html"' in (rep_dir / "index.html").read_text(encoding="utf-8")

    # 4. forced rebuild gives byte-identical HTML; --update-notebooks writes outputs back
    #    without timestamps, and the written-back notebook is still up to date
    progress = io.StringIO()
    reports.build_reports(
        [nb_dir / "01-good.ipynb"],
        notebooks_dir=nb_dir,
        reports_dir=rep_dir,
        processed_dir=data_dir,
        package_dir=_code(data_dir),
        commit="abc1234",
        force=True,
        update_notebooks=True,
        stream=progress,
    )
    assert (rep_dir / "01-good.html").read_text(encoding="utf-8") == good_html
    assert "01-good: cell 3/3" in progress.getvalue() and "built in" in progress.getvalue()
    executed = json.loads((nb_dir / "01-good.ipynb").read_text(encoding="utf-8"))
    assert "papermill" not in executed["metadata"]
    assert any(
        "result is 4.5" in "".join(o.get("text", "")) for o in executed["cells"][3]["outputs"]
    )
    assert not any("execution" in c["metadata"] for c in executed["cells"])
    (job,) = reports.plan(
        [nb_dir / "01-good.ipynb"],
        reports_dir=rep_dir,
        processed_dir=data_dir,
        package_dir=_code(data_dir),
    )
    assert reports.is_up_to_date(job)

    # 5. an override writes a separately named report; --show-code keeps the inputs
    status = reports.cli(
        [
            "--notebooks-dir",
            str(nb_dir),
            "--reports-dir",
            str(rep_dir),
            "--processed-dir",
            str(data_dir),
            "--package-dir",
            str(_code(data_dir)),
            "01-good",
            "-p",
            "scale",
            "2",
            "-p",
            "name",
            "<i>z</i>",
            "--show-code",
        ]
    )
    assert status == 0
    shown = (rep_dir / "01-good--name-i-z-i--scale-2.0.html").read_text(encoding="utf-8")
    assert "result is 6.0" in shown and INPUT_MARK in shown
    assert "name='&lt;i&gt;z&lt;/i&gt;', scale=2.0" in shown and "<i>z</i>" not in shown
    assert (rep_dir / "01-good.html").read_text(encoding="utf-8") == good_html
    # the injected-parameters cell (shown with --show-code) must not add a random cell id
    reports.build_reports(
        [nb_dir / "01-good.ipynb"],
        notebooks_dir=nb_dir,
        reports_dir=rep_dir,
        processed_dir=data_dir,
        package_dir=_code(data_dir),
        overrides=[("scale", "2"), ("name", "<i>z</i>")],
        show_code=True,
        force=True,
        stream=None,
    )
    again = (rep_dir / "01-good--name-i-z-i--scale-2.0.html").read_text(encoding="utf-8")

    def no_commit(text: str) -> str:  # the command line records the live commit
        return re.sub(r"commit [0-9a-z]+;", "commit C;", text)

    assert no_commit(again) == no_commit(shown)
    index = (rep_dir / "index.html").read_text(encoding="utf-8")
    assert "name=&#x27;&lt;i&gt;z&lt;/i&gt;&#x27;, scale=2.0" in index


def test_changed_inputs_make_a_report_stale(dirs: tuple[Path, Path, Path]) -> None:
    nb_dir, rep_dir, data_dir = dirs
    path = _notebook(nb_dir / "01-good.ipynb", GOOD)

    def key(**kw: object) -> str:
        (job,) = reports.plan(
            [path], reports_dir=rep_dir, processed_dir=data_dir, package_dir=_code(data_dir), **kw
        )
        return job.key

    base = key()
    assert key() == base
    assert key(overrides=[("n", "4")]) != base
    assert key(show_code=True) != base
    _notebook(path, GOOD, params="n = 4\nscale = 1.5\nname = 'x'")  # changed default
    assert key() != base
    _notebook(path, GOOD)
    assert key() == base
    (_code(data_dir) / "lib.py").write_text("X = 2\n", encoding="utf-8")
    assert key() != base
    (_code(data_dir) / "lib.py").write_text("X = 1\n", encoding="utf-8")
    assert key() == base
    (data_dir / "series.csv").write_text("x\n", encoding="utf-8")
    assert key() != base


def test_up_to_date_needs_record_and_report(dirs: tuple[Path, Path, Path]) -> None:
    nb_dir, rep_dir, data_dir = dirs
    path = _notebook(nb_dir / "01-good.ipynb", GOOD)
    (job,) = reports.plan([path], reports_dir=rep_dir, processed_dir=data_dir)
    assert not reports.is_up_to_date(job)
    write_atomic(job.record_path, json.dumps({"status": "built", "key": job.key}))
    assert not reports.is_up_to_date(job)  # report file missing
    write_atomic(job.html_path, "<html></html>")
    assert reports.is_up_to_date(job)
    write_atomic(job.record_path, json.dumps({"status": "failed", "key": job.key}))
    assert not reports.is_up_to_date(job)


def test_parameter_overrides_are_validated(
    dirs: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    nb_dir, rep_dir, _ = dirs
    params = "n = 3\nscale = 1.5\nname = 'x'\nflag = False\nyears = [2016, 2021]\nf = len('x')"
    path = _notebook(nb_dir / "01-good.ipynb", GOOD, params=params)
    ok = reports.validate_overrides(
        path,
        [("n", "7"), ("scale", "2"), ("name", "2021"), ("flag", "true"), ("years", "[2019]")],
    )
    assert ok == {"n": 7, "scale": 2.0, "name": "2021", "flag": True, "years": [2019]}
    assert isinstance(ok["scale"], float)
    bad = [
        ("nn", "1", "unknown parameter 'nn'"),
        ("n", "1.5", "expects int"),
        ("n", "True", "expects int"),
        ("scale", "abc", "expects float"),
        ("flag", "maybe", "expects bool"),
        ("years", "2019", "expects list"),
        ("f", "1", "not a literal"),
    ]
    for name, value, message in bad:
        with pytest.raises(reports.ParameterError, match=message):
            reports.validate_overrides(path, [(name, value)])
        args = ["--notebooks-dir", str(nb_dir), "--reports-dir", str(rep_dir)]
        assert reports.cli([*args, "-p", name, value]) == 2
        assert message.split("'")[0] in capsys.readouterr().err
    assert not rep_dir.exists() or not list(rep_dir.glob("*.html"))
    plain = _notebook(nb_dir / "02-plain.ipynb", GOOD, params="# no assignments")
    with pytest.raises(reports.ParameterError, match="no cell tagged 'parameters'"):
        reports.validate_overrides(plain, [("n", "1")])


def test_no_notebooks_writes_an_empty_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rep_dir = tmp_path / "rep"
    status = reports.cli(["--notebooks-dir", str(tmp_path), "--reports-dir", str(rep_dir)])
    assert status == 0
    assert "No reports yet" in capsys.readouterr().err
    assert "No reports yet" in (rep_dir / "index.html").read_text(encoding="utf-8")


def test_title_summary_and_names() -> None:
    nb = {
        "cells": [
            {"cell_type": "code", "source": "# not a heading"},
            {"cell_type": "markdown", "source": ["## Annual declines ##\n", "\n"]},
            {"cell_type": "markdown", "source": "Line one\nline two.\n\nSecond paragraph."},
        ]
    }
    assert reports.title_and_summary(nb) == ("Annual declines", "Line one line two.")
    assert reports.title_and_summary({"cells": []}, default="x") == ("x", "")
    assert reports.report_name("01-a", {}) == "01-a"
    assert reports.report_name("01-a", {"z": "a b/c", "k": 1.5}) == "01-a--k-1.5--z-a-b-c"


def test_atomic_write_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.html"
    write_atomic(target, "one")
    write_atomic(target, b"two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["out.html"]


def test_data_hash_follows_files(tmp_path: Path) -> None:
    empty = reports.data_hash(tmp_path / "missing")
    (tmp_path / "b.csv").write_text("1", encoding="utf-8")
    one = reports.data_hash(tmp_path)
    assert one != empty
    (tmp_path / "a.csv").write_text("1", encoding="utf-8")
    two = reports.data_hash(tmp_path)
    assert two not in {one, empty}
    (tmp_path / "a.csv").write_text("2", encoding="utf-8")
    assert reports.data_hash(tmp_path) != two


def test_git_commit_outside_git_is_unknown(tmp_path: Path) -> None:
    assert reports.git_commit(tmp_path) == "unknown"
    here = reports.git_commit()
    assert here == "unknown" or re.fullmatch(r"[0-9a-f]{4,40}", here)


def test_nbval_sanitizers_hide_only_volatile_text() -> None:
    from wzdata.study import settings as config

    plugin = pytest.importorskip("nbval.plugin")
    cfg = (config.NOTEBOOKS_DIR / "sanitize.cfg").read_text(encoding="utf-8")
    patterns = plugin.get_sanitize_patterns(cfg)
    assert len(patterns) >= 2

    def clean(text: str) -> str:
        for regex, replace in patterns:
            text = re.sub(regex, replace, text)
        return text

    assert clean("<Foo at 0x7f3a2b1c9d10>") == clean("<Foo at 0x55d0aa00be80>")
    assert clean("fitted in 1.23 s") == clean("fitted in 0.4 s")
    assert clean("x\nWall time: 1.2 ms\ny") == clean("x\nWall time: 3 s\ny")
    kept = [
        "drug_cases_solved 2016: 120 cases",
        "267万余株, 14.65万元, 近12倍, 5800余人次",
        "decline 38.5% per year in 2016-2021",
        "upper = inf, ratio 0.083",
        "0x10 is a small hex number",
    ]
    for text in kept:
        assert clean(text) == text


def test_code_hash_covers_files_of_subpackages(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "a.py").write_text("x = 1\n")
    (pkg / "sub" / "b.py").write_text("y = 2\n")
    (pkg / "sub" / "font.woff2").write_bytes(b"\0\1")
    (pkg / "__pycache__").mkdir()
    (pkg / "__pycache__" / "a.pyc").write_bytes(b"cache")
    before = reports.code_hash(pkg)
    (pkg / "__pycache__" / "a.pyc").write_bytes(b"other cache")
    assert reports.code_hash(pkg) == before
    for changed in (pkg / "sub" / "b.py", pkg / "sub" / "font.woff2"):
        old = changed.read_bytes()
        changed.write_bytes(old + b"#")
        assert reports.code_hash(pkg) != before, changed
        changed.write_bytes(old)
    assert reports.code_hash(pkg) == before


def test_an_override_goes_to_the_notebooks_that_declare_it(
    dirs: tuple[Path, Path, Path],
) -> None:
    nb_dir, rep_dir, data_dir = dirs
    _notebook(nb_dir / "01-scaled.ipynb", GOOD)
    _notebook(nb_dir / "02-other.ipynb", ["print(lang)"], params="lang = 'en'")
    kw = {"reports_dir": rep_dir, "processed_dir": data_dir, "package_dir": _code(data_dir)}
    every = reports.plan(
        notebooks_dir=nb_dir, overrides=[("scale", "2")], only_declared=False, **kw
    )
    assert [j.name for j in every] == ["01-scaled--scale-2.0"]
    with pytest.raises(reports.ParameterError, match="no notebook declares it"):
        reports.plan(notebooks_dir=nb_dir, overrides=[("conf", "2")], only_declared=False, **kw)
    with pytest.raises(reports.ParameterError, match="unknown parameter 'scale'"):
        reports.plan([nb_dir / "02-other.ipynb"], overrides=[("scale", "2")], **kw)


def test_the_claim_audit_notebook_declares_only_what_it_uses() -> None:
    from wzdata.study.settings import NOTEBOOKS_DIR

    assert set(reports.notebook_parameters(NOTEBOOKS_DIR / "04-claim-audit.ipynb")) == {"lang"}


def test_failure_summary_names_cell_exception_and_message() -> None:
    record = {
        "notebook": "03-trends.ipynb",
        "failed_cell": 7,
        "failed_source": "analysis.period_consistency()\nmore()",
        "error_name": "KeyError",
        "error": "\x1b[0;31mTraceback\x1b[0m\n  File x\nKeyError: 'verdict'\n",
    }
    text = reports.failure_summary(record)
    assert "03-trends.ipynb, cell 7: KeyError: 'verdict'" in text
    assert "in: analysis.period_consistency() ..." in text and "\x1b" not in text


def test_failure_summary_of_a_timeout_says_what_happened() -> None:
    record = {
        "notebook": "03-hangs.ipynb",
        "failed_cell": 3,
        "failed_source": "import time\ntime.sleep(60)",
        "error_name": "CellTimeoutError",
        "error": "A cell ran longer than the limit of 2 s per cell and was stopped (raise it "
        "with --timeout).\n\n-------------------\ntime.sleep(60)\n-------------------",
    }
    text = reports.failure_summary(record)
    assert "03-hangs.ipynb, cell 3: CellTimeoutError: A cell ran longer than the limit" in text
