"""Time of the joint-model fits: Newton steps on analytic derivatives against Nelder-Mead.

Both solvers of :mod:`wzdata.trends.joint` (``SOLVER = "newton"``, the default,
and the derivative-free ``"nelder-mead"`` kept for reference) run the same work
in the same process; the script prints each time, the ratio, and the largest
absolute difference of every numeric result between the two.

Work (default): the fits behind the ``joint_rates`` table, one full fit (test and
every profile interval) per count series and observation model, plus a
specification table of one series. ``--full``: the whole inference step of
``wzdata build`` (``wzdata.study.inference.build_tables``), about a minute.
"""

from __future__ import annotations

import math
import sys
import time
from typing import Any

from wzdata.trends import joint

#: Counts printed at two years and the bounds of a fold over 4 steps to the middle year.
SERIES = {
    "a": ((2016, 2021), (851, 36), (7.0, 8.0)),
    "b": ((2016, 2021), (258, 12), (9.0, 10.0)),
    "c": ((2016, 2021), (1723, 93), (11.0, 12.0)),
}
DISPERSIONS = (
    joint.Dispersion(),
    joint.Dispersion("negative-binomial", 0.05),
    joint.Dispersion("negative-binomial", 0.2),
    joint.Dispersion("poisson-lognormal", 0.1),
    joint.Dispersion("poisson-lognormal", 0.3),
)


def work() -> dict[str, list[float]]:
    """The default work: named numeric results, in a fixed order."""
    out: dict[str, list[float]] = {}
    for years, counts, (lo, hi) in SERIES.values():
        cs = joint.CountSeries.of(years, counts)
        for disp, noise in [(d, True) for d in DISPERSIONS] + [(joint.Dispersion(), False)]:
            fold = joint.FoldObservation(lo, hi, year_end=2019, steps=4, noise=noise)
            fit = joint.fit_joint(cs, fold, disp)
            for r in fit.to_frame().to_dict("records"):
                for col in ("estimate", "lower", "upper"):
                    out.setdefault(f"joint {col}", []).append(float(r[col]))
            out.setdefault("joint lr_statistic", []).append(fit.lr_statistic)
    years, counts, _ = SERIES["a"]
    spec = joint.specification_table(
        joint.CountSeries.of(years, counts),
        year_end=2019,
        bounds=joint.fold_bound_readings("近8倍"),
        steps={"4 steps": 4, "5 steps": 5},
        as_printed="近8倍",
    )
    frame = spec.to_frame()
    for col in ("delta", "lr_statistic", "p_value"):
        out[f"specifications {col}"] = [float(v) for v in frame[col]]
    return out


def full() -> dict[str, list[float]]:
    """The inference step of the build: every numeric column of every table."""
    from wzdata.study import inference
    from wzdata.study.build import load

    tables = inference.build_tables(load("figures"))
    out: dict[str, list[float]] = {}
    for name, frame in sorted(tables.items()):
        for col in frame.columns:
            if frame[col].dtype.kind == "f":
                out[f"{name} {col}"] = [float(v) for v in frame[col]]
    return out


def timed(fn: Any, solver: str) -> tuple[float, dict[str, list[float]]]:
    joint.SOLVER = solver
    try:
        t0 = time.perf_counter()
        res = fn()
        return time.perf_counter() - t0, res
    finally:
        joint.SOLVER = "newton"


def max_diff(a: list[float], b: list[float]) -> float:
    worst = 0.0
    for x, y in zip(a, b, strict=True):
        if (math.isnan(x) and math.isnan(y)) or x == y:
            continue
        worst = max(worst, abs(x - y))
    return worst


def main() -> None:
    fn = full if "--full" in sys.argv[1:] else work
    label = "inference step of the build" if fn is full else "joint_rates fits + one spec table"
    t_new, new = timed(fn, "newton")
    t_old, old = timed(fn, "nelder-mead")
    print(f"joint model, {label}:")
    print(f"  Newton (analytic derivatives) {t_new:.2f} s")
    print(f"  Nelder-Mead (reference)       {t_old:.2f} s")
    print(f"  ratio {t_old / t_new:.1f}x faster", "(target 5x met)" if t_old >= 5 * t_new else "")
    print("  largest absolute difference between the solvers:")
    for key in new:
        print(f"    {key:<45} {max_diff(new[key], old[key]):.2e}")


if __name__ == "__main__":
    main()
