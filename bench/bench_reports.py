"""Benchmark of ``wzdata reports``: cold build against a floor, and a no-op rebuild.

* cold build: ``wzdata reports`` (as a fresh process) on every notebook of
  ``notebooks/`` into a temporary reports folder, or on N generated notebooks
  when ``notebooks/`` has none yet;
* floor: one process running papermill + nbconvert, one notebook after the
  other, on the same number of notebooks that only import the same libraries;
* plain: the same one-process papermill + nbconvert loop on the notebooks
  themselves (what the notebooks cost without the builder);
* no-op rebuild: ``wzdata reports`` again with nothing changed (target < 0.5 s).

Prints seconds and ratios; asserts nothing about time. Run: ``python bench/bench_reports.py``.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from wzdata.notebooks import runner as reports
from wzdata.study import settings as config

N_GENERATED = 4
#: Libraries that wzdata imports lazily inside the functions the notebooks call:
#: the floor imports them too, so that it measures the notebook stack, not the work.
LAZY_LIBRARIES = ["pandas", "matplotlib.pyplot", "seaborn", "scipy.stats"]

GENERATED_CELLS = [
    "import pandas as pd\nfrom wzdata import plots\nplots.set_theme()",
    "df = pd.DataFrame({'indicator': ['a', 'b', 'c'], 'before': [120.0, 800, 50],"
    " 'after': [10.0, 90, 45]})\ndf",
    "plots.slope_chart(df, end_labels=('2016', '2021'));",
]


def _write_notebook(path: Path, cells: list[str], params: str | None = None) -> None:
    def code(src: str, tags: list[str] | None = None) -> dict:
        return {
            "cell_type": "code",
            "execution_count": None,
            "id": f"c{abs(hash(src)) % 10**8}",
            "metadata": {"tags": tags or []},
            "outputs": [],
            "source": src,
        }

    body = [{"cell_type": "markdown", "id": "title", "metadata": {}, "source": f"# {path.stem}"}]
    if params is not None:
        body.append(code(params, ["parameters"]))
    body += [code(src) for src in cells]
    nb = {
        "cells": body,
        "metadata": {"kernelspec": {"name": "wzdata", "display_name": "Python (wzdata)"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


def _imports(paths: list[Path]) -> list[str]:
    """The modules the notebooks import (top-level statements of their code cells)."""
    found: dict[str, None] = {}
    for path in paths:
        for cell in reports.read_notebook(path)["cells"]:
            if cell.get("cell_type") != "code":
                continue
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            lines = [ln for ln in src.splitlines() if not ln.lstrip().startswith(("%", "!"))]
            try:
                tree = ast.parse("\n".join(lines))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    found.update(dict.fromkeys(a.name for a in node.names))
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    wz = node.module == "wzdata"
                    for a in node.names:
                        found[f"wzdata.{a.name}" if wz else node.module] = None
    return list(found)


FLOOR_SCRIPT = """
import sys, tempfile
from pathlib import Path
import papermill
from nbconvert import HTMLExporter
import nbformat
paths = sys.argv[1:]
with tempfile.TemporaryDirectory() as tmp:
    for p in paths:
        out = Path(tmp) / Path(p).name
        nb = papermill.execute_notebook(p, str(out), kernel_name="wzdata", progress_bar=False,
                                        cwd=str(Path(p).parent))
        body, _ = HTMLExporter(exclude_input=True).from_notebook_node(nb)
        (Path(tmp) / (Path(p).stem + ".html")).write_text(body, encoding="utf-8")
"""


def _timed(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done


def main() -> int:
    """Run the benchmark and print the numbers."""
    with tempfile.TemporaryDirectory(prefix="wzdata-bench-") as tmp_name:
        tmp = Path(tmp_name)
        notebooks = reports.find_notebooks(config.NOTEBOOKS_DIR)
        nb_dir = config.NOTEBOOKS_DIR
        if notebooks:
            what = f"{len(notebooks)} notebooks of {nb_dir}"
        else:
            nb_dir = tmp / "notebooks"
            nb_dir.mkdir()
            for i in range(N_GENERATED):
                _write_notebook(nb_dir / f"{i:02d}-generated.ipynb", GENERATED_CELLS, "n = 3")
            notebooks = reports.find_notebooks(nb_dir)
            what = f"{len(notebooks)} generated notebooks (notebooks/ has none yet)"

        floor_dir = tmp / "floor"
        floor_dir.mkdir()
        modules = list(dict.fromkeys([*_imports(notebooks), *LAZY_LIBRARIES]))
        floor_cells = ["\n".join(f"import {m}" for m in modules) or "pass"]
        floor_paths = []
        for i in range(len(notebooks)):
            path = floor_dir / f"{i:02d}-floor.ipynb"
            _write_notebook(path, floor_cells)
            floor_paths.append(str(path))

        rep_dir = tmp / "reports"
        cmd = [sys.executable, "-m", "wzdata.cli", "reports", "-q"]
        cmd += ["--notebooks-dir", str(nb_dir), "--reports-dir", str(rep_dir)]
        print(f"benchmark of wzdata reports on {what}")
        print(f"  floor notebooks import: {', '.join(modules) or '(nothing)'}")
        print("  (the no-op target is < 0.5 s; wzdata/*.py edited meanwhile makes reports stale)")

        floor_s, floor = _timed([sys.executable, "-c", FLOOR_SCRIPT, *floor_paths])
        if floor.returncode:
            print(floor.stderr[-2000:], file=sys.stderr)
            return 1
        plain_s, plain = _timed([sys.executable, "-c", FLOOR_SCRIPT, *map(str, notebooks)])
        if plain.returncode:
            print(plain.stderr[-2000:], file=sys.stderr)
            return 1
        cold_s, cold = _timed(cmd)
        if cold.returncode not in (0, 1):
            print(cold.stderr[-2000:], file=sys.stderr)
            return 1
        noop_s, noop = _timed(cmd)
        skipped = noop.stderr.count(": up to date")
        noop_in = []
        for _ in range(3):
            start = time.perf_counter()
            jobs = reports.plan(
                notebooks_dir=nb_dir,
                reports_dir=rep_dir,
                processed_dir=config.PROCESSED_DATA_DIR,
                package_dir=config.PACKAGE_DIR,
            )
            fresh = sum(reports.is_up_to_date(j) for j in jobs)
            noop_in.append(time.perf_counter() - start)

        rows = [
            ("floor (papermill + nbconvert, one process, one by one)", f"{floor_s:7.2f} s"),
            (
                f"cold build ({reports.default_jobs()} workers, exit {cold.returncode})",
                f"{cold_s:7.2f} s",
            ),
            ("cold / floor ratio", f"{cold_s / floor_s:7.2f}"),
            ("plain papermill + nbconvert on the same notebooks", f"{plain_s:7.2f} s"),
            ("cold / plain ratio", f"{cold_s / plain_s:7.2f}"),
            (f"no-op rebuild, fresh process ({skipped} skipped)", f"{noop_s:7.3f} s"),
            (f"up-to-date check in process ({fresh} fresh), best of 3", f"{min(noop_in):7.3f} s"),
        ]
        for name, value in rows:
            print(f"  {name:<50} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
