"""Start-up costs: ``import wzdata``, make's set-up check, and what jupyterlab would add.

1. ``import wzdata`` on top of ``import pandas`` (target: under 0.1 s).
2. ``make test`` and ``make reports`` with set-up current: the time make spends
   before its first real step (the stamp check plus the first command's start).
3. With ``--lab``: the start-up of papermill, nbconvert and pytest with and
   without jupyterlab's packages on the path (jupyterlab is installed once into
   ``bench/.cache/lab``; it is an extra that ``make lab`` installs, kept out of
   the environment that builds reports and runs tests).

Each time is the median of several runs, printed in seconds and as ratios.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
RUNS = 7


def timed(cmd: list[str], env: dict[str, str] | None = None, runs: int = RUNS) -> float:
    """Median wall time of ``cmd`` over ``runs`` runs."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _inline(code: str, runs: int = RUNS) -> float:
    """Median of the seconds that ``code`` prints, each run in a fresh interpreter."""
    out = []
    for _ in range(runs):
        proc = subprocess.run(
            [PY, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
        )
        out.append(float(proc.stdout))
    return statistics.median(out)


def imports() -> None:
    clock = "import time; t = time.perf_counter(); {}; print(time.perf_counter() - t)"
    base = _inline(clock.format("import pandas"))
    added = _inline("import pandas; " + clock.format("import wzdata"))
    verdict = "met" if added < 0.1 else "NOT met"
    print(
        f"import pandas: {base:.3f} s; then import wzdata: {added * 1000:.1f} ms"
        f" ({added / base:.3f}x pandas; target < 100 ms: {verdict})"
    )


def make_overhead() -> None:
    if not (ROOT / ".venv" / ".installed").exists():
        print("make: .venv is not set up; run 'make setup' first")
        return
    noop = timed(["make", "-s", "setup"])
    first = timed([str(ROOT / ".venv" / "bin" / "wzdata"), "--version"])
    ruff = timed([str(ROOT / ".venv" / "bin" / "ruff"), "--version"])
    print(f"make with set-up current: stamp check {noop:.3f} s")
    print(f"  make reports: before 'wzdata build' starts {noop:.3f} s; CLI start {first:.3f} s")
    print(f"  make test: before 'ruff check' starts {noop:.3f} s; ruff start {ruff:.3f} s")


def lab_cost() -> None:
    cache = ROOT / "bench" / ".cache" / "lab"
    if not (cache / "jupyterlab").exists():
        print(f"installing jupyterlab into {cache.relative_to(ROOT)} (once) ...")
        proc = subprocess.run(
            [PY, "-m", "pip", "install", "--quiet", "--target", str(cache), "jupyterlab"],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode:
            print("  could not install jupyterlab: skipped\n" + proc.stderr[-500:])
            return
    with_lab = dict(os.environ, PYTHONPATH=str(cache))
    code = "import papermill, nbconvert, nbformat, jupyter_client; import jsonschema"
    probes = {
        "papermill + nbconvert import": [PY, "-c", code],
        "pytest --version": [PY, "-m", "pytest", "--version"],
    }
    for name, cmd in probes.items():
        lean = timed(cmd, runs=5)
        heavy = timed(cmd, env=with_lab, runs=5)
        print(
            f"{name}: lean {lean:.2f} s, with jupyterlab {heavy:.2f} s "
            f"(+{heavy - lean:.2f} s, {heavy / lean:.1f}x)"
        )


if __name__ == "__main__":
    imports()
    make_overhead()
    if "--lab" in sys.argv:
        lab_cost()
