"""Parser throughput on 1,000,000 distinct printed figures in the article's forms.

Prints figures per second on one core, the ratio to the 100,000/s target, and
the ratio to a floor measured in the same run (one regex match and one Decimal
per figure, the least any parser of these strings must do).
"""

from __future__ import annotations

import random
import re
import sys
import time
from decimal import Decimal

from wzdata.figures import parse

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
TARGET = 100_000

FORMS = [
    "{i}起",
    "{i}人",
    "{i}名",
    "{i}户",
    "{i}人次",
    "{i}余人次",
    "{i}多所",
    "{i}家",
    "{i}株",
    "{i}万余株",
    "{d}万元",
    "{i}公斤",
    "{i}吨",
    "{d}%",
    "{d}倍",
    "{i}倍多",
    "近{i}倍",
    "{i}余年",
    "近{i}年",
    "{i}年间",
    "约{i}人",
    "{i}部",
    "{i}处",
    "{i}个",
]


def figures(n: int, seed: int = 20220627) -> list[str]:
    """``n`` distinct printed figures in the article's forms with random values."""
    rng = random.Random(seed)
    out: set[str] = set()
    while len(out) < n:
        form = rng.choice(FORMS)
        i = rng.randint(1, 999_999)
        d = f"{rng.randint(0, 9999)}.{rng.randint(0, 99):02d}"
        out.add(form.format(i=i, d=d))
    return sorted(out)


def floor(items: list[str]) -> float:
    rx = re.compile(r"(\D*)(\d+(?:\.\d+)?)(.*)")
    t0 = time.perf_counter()
    for s in items:
        m = rx.fullmatch(s)
        Decimal(m.group(2))
    return time.perf_counter() - t0


def main() -> None:
    items = figures(N)
    t_floor = floor(items)
    t0 = time.perf_counter()
    for s in items:
        parse(s)
    t_parse = time.perf_counter() - t0
    rate = N / t_parse
    print(f"parse: {N:,} distinct figures in {t_parse:.2f} s = {rate:,.0f} figures/s (one core)")
    print(
        f"  target {TARGET:,}/s: ratio {rate / TARGET:.2f}x",
        "(met)" if rate >= TARGET else "(NOT met)",
    )
    print(
        f"  floor (regex + Decimal) {N / t_floor:,.0f}/s:",
        f"parse takes {t_parse / t_floor:.1f}x the floor",
    )


if __name__ == "__main__":
    main()
