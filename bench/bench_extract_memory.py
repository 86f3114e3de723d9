"""Benchmark of the memory of ``wzdata extract``: peak RSS against the size of the input.

Run as ``python bench/bench_extract_memory.py [--mb 5 50] [--format table] [--whole]``.
It prints figures; it asserts nothing.

For each size it writes a text of that many megabytes of UTF-8 (the core article
repeated when the shared sources are present, else the seeded synthetic text of
``bench_extract``), runs ``wzdata extract FILE --format F`` in a child process with
its output to ``/dev/null``, and prints the child's peak resident set size, its ratio
to the input size, and the wall time. Streaming keeps the peak flat: the ratio falls
as the input grows. ``--whole`` also runs the whole-text path (``extract()`` on the
text read at once, then ``format_expressions``) for comparison, on the smallest size
only (it needs several times the input in memory).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extract import ARTICLE, PUBLISHED, repeated, synthetic_text

WHOLE = (
    "import sys\n"
    "from wzdata.extract import extract, format_expressions\n"
    "text = open(sys.argv[1], encoding='utf-8').read()\n"
    "sys.stdout.write(format_expressions(extract(text, sys.argv[2]), sys.argv[3]) + '\\n')\n"
)


def make_input(path: Path, megabytes: float) -> str:
    """Write about ``megabytes`` MB of UTF-8 text to ``path``; returns its description."""
    n_bytes = int(megabytes * 1_000_000)
    if ARTICLE.exists():
        base, what = ARTICLE.read_text(encoding="utf-8"), "the core article repeated"
    else:
        base, what = synthetic_text(200_000), "synthetic text (seeded)"
    chars_per_byte = len(base) / len(base.encode("utf-8"))
    path.write_text(repeated(base, int(n_bytes * chars_per_byte)), encoding="utf-8")
    return what


def peak_of(cmd: list[str]) -> tuple[float, float]:
    """Run ``cmd`` (output discarded); its peak RSS in MB and its wall time in seconds."""
    script = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", script, *cmd], capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - t0
    return int(out.stdout.strip()) / 1024, wall  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[5.0, 50.0], help="input sizes")
    parser.add_argument("--format", default="table", choices=("table", "csv", "json"))
    parser.add_argument("--whole", action="store_true", help="also the whole-text path")
    args = parser.parse_args()
    wzdata = str(Path(sys.executable).with_name("wzdata"))
    print(f"wzdata extract --format {args.format}, output to /dev/null; peak RSS of the process")
    print(f"{'input MB':>9} {'peak RSS MB':>12} {'RSS / input':>12} {'seconds':>8}  path")
    with tempfile.TemporaryDirectory(prefix="wzdata-bench-") as tmp:
        for i, mb in enumerate(sorted(args.mb)):
            path = Path(tmp) / f"input-{mb:g}mb.txt"
            what = make_input(path, mb)
            size = path.stat().st_size / 1_000_000
            cmd = [wzdata, "extract", str(path), "--published", PUBLISHED, "--format", args.format]
            rss, wall = peak_of(cmd)
            print(f"{size:9.1f} {rss:12.1f} {rss / size:12.2f} {wall:8.1f}  streaming ({what})")
            if args.whole and i == 0:
                cmd = [sys.executable, "-c", WHOLE, str(path), PUBLISHED, args.format]
                rss, wall = peak_of(cmd)
                print(f"{size:9.1f} {rss:12.1f} {rss / size:12.2f} {wall:8.1f}  whole text")
            path.unlink()


if __name__ == "__main__":
    main()
