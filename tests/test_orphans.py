"""``wzdata reports`` killed mid-run: no process of it remains, no file changes, no temp files.

Each test starts the command in its own session with a marker in its
environment (every process it starts inherits it), waits until both kernels
run a long cell, sends a signal to the command alone and then looks for any
process that carries the marker.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/environ").exists(), reason="needs /proc to find the processes of a run"
)


def _notebook(path: Path, marker: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "wzdata", "display_name": "Python (wzdata)"}
    params = nbformat.v4.new_code_cell("n = 1")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {path.stem}\n\nA notebook that waits."),
        params,
        nbformat.v4.new_code_cell(f"open({str(marker)!r}, 'w').close()"),
        nbformat.v4.new_code_cell("import time\ntime.sleep(120)"),
    ]
    nbformat.write(nb, path)


def _processes_with(mark: str) -> list[int]:
    """Live processes (not zombies) whose environment holds ``mark``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            env = Path(f"/proc/{entry}/environ").read_bytes()
            stat = Path(f"/proc/{entry}/stat").read_bytes()
        except OSError:
            continue
        if mark.encode() in env and stat[stat.rfind(b")") + 2 :][:1] != b"Z":
            found.append(int(entry))
    return found


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _start(tmp_path: Path) -> tuple[subprocess.Popen[bytes], str, dict[str, Path]]:
    dirs = {n: tmp_path / n for n in ("nb", "rep", "data", "code", "tmp", "runtime", "marks")}
    for d in dirs.values():
        d.mkdir()
    (dirs["data"] / "figures.csv").write_text("figure_id,value\na,1\n", encoding="utf-8")
    (dirs["code"] / "lib.py").write_text("X = 1\n", encoding="utf-8")
    for name in ("01-wait", "02-wait"):
        _notebook(dirs["nb"] / f"{name}.ipynb", dirs["marks"] / name)
    mark = f"WZDATA_RUN_{uuid.uuid4().hex}"
    env = os.environ | {
        mark: "1",
        "TMPDIR": str(dirs["tmp"]),
        "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
    }
    cmd = [sys.executable, "-m", "wzdata.cli", "reports", "-j", "2", "--timeout", "300"]
    cmd += ["--notebooks-dir", str(dirs["nb"]), "--reports-dir", str(dirs["rep"])]
    cmd += ["--processed-dir", str(dirs["data"]), "--package-dir", str(dirs["code"])]
    log = (tmp_path / "log.txt").open("wb")
    proc = subprocess.Popen(
        cmd, env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 90
    while not all((dirs["marks"] / n).exists() for n in ("01-wait", "02-wait")):
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            pytest.fail("the kernels did not start: " + (tmp_path / "log.txt").read_text())
        time.sleep(0.2)
    return proc, mark, dirs


def _wait_until_gone(mark: str, seconds: float = 20.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := _processes_with(mark)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_killed_run_leaves_no_process_and_changes_no_file(
    tmp_path: Path, signum: signal.Signals
) -> None:
    proc, mark, dirs = _start(tmp_path)
    running = _processes_with(mark)
    assert len(running) >= 5  # the command, two workers, two kernels
    os.kill(proc.pid, signum)
    proc.wait(timeout=30)
    after_kill = _files(dirs["rep"])
    left = _wait_until_gone(mark)
    for pid in left:  # do not leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"processes of the run still alive after {signum.name}: {left}"
    # no process of the run is left to write: what it left in the reports is final
    assert _files(dirs["rep"]) == after_kill
    assert not any(p.suffix == ".html" for p in dirs["rep"].glob("*.html") if "wait" in p.name)
    # temporary folders of the workers and the kernels' connection files are gone
    assert sorted(p.name for p in dirs["tmp"].iterdir()) == []
    assert sorted(p.name for p in dirs["runtime"].iterdir()) == []
    if signum == signal.SIGTERM:
        assert proc.returncode == 128 + signal.SIGTERM
