"""Tests of the pass-by-chance column of claim checks, recomputed by brute force by hand."""

from __future__ import annotations

import json
import random
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import partial

import pandas as pd
import pytest

from wzdata.claims.checks import Rounding, printed_interval, solve_denominators, solve_prior
from wzdata.claims.detect import chance_function, check_text
from wzdata.claims.power import (
    pass_probability,
    pct_change_pass_probability,
    rate_pass_probability,
    value_pass_probability,
)
from wzdata.cli import main


def _grid(center: str, rel: float = 0.2, top: Decimal | None = None) -> list[Decimal]:
    """Printed values at the decimals of ``center`` within ``rel`` of it (by hand)."""
    c = Decimal(center)
    step = Decimal(1).scaleb(c.as_tuple().exponent)
    half = (c * Decimal(str(rel))).quantize(step)
    out, x = [], max(c - half, step)
    while x <= c + half and (top is None or x <= top):
        out.append(x)
        x += step
    return out


def _rounds_to(x: Fraction, printed: Decimal) -> bool:
    """``x`` rounds half-up or half-even to ``printed`` (with Decimal, by hand)."""
    step = Decimal(1).scaleb(printed.as_tuple().exponent)
    d = Decimal(x.numerator) / Decimal(x.denominator)
    return any(d.quantize(step, rounding=r) == printed for r in (ROUND_HALF_UP, ROUND_HALF_EVEN))


def _p(text: str, kind: str | None = None) -> float | None:
    df = check_text(text)
    if kind is not None:
        df = df[df.kind == kind].reset_index(drop=True)
    assert len(df) == 1, df
    v = df.p_by_chance[0]
    return None if pd.isna(v) else float(v)


def test_fold_with_both_endpoints_counts_every_convention():
    # 95 -> 12, 7.9倍: ratio 95/12, multiple (95-12)/12, share (95-12)/95
    folds = [Fraction(95, 12), Fraction(83, 12), Fraction(83, 95)]
    grid = _grid("7.9")
    hand = sum(1 for g in grid if any(_rounds_to(f, g) for f in folds))
    assert hand == 2  # 7.9 (ratio) and 6.9 (multiple of the end)
    assert _p("吸毒人员由95人下降至12人,下降了7.9倍。") == pytest.approx(hand / len(grid))


def test_pct_change_from_both_counts_is_the_recomputed_value():
    grid = _grid("22.6")
    hand = sum(1 for g in grid if _rounds_to(Fraction(100 * 120, 530), g))
    assert hand == 1
    assert _p("吸毒人员从530人降至410人,降幅22.6%。") == pytest.approx(1 / len(grid))


def test_pct_change_from_the_current_count_solves_for_a_prior():
    # down to 7 from a whole prior p > 7: 100 (p - 7) / p; p up to 100 covers the grid
    grid = _grid("56.3")
    hand = sum(
        1 for g in grid if any(_rounds_to(Fraction(100 * (p - 7), p), g) for p in range(8, 100))
    )
    assert 0 < hand < len(grid) / 10
    assert _p("新发现吸毒人员7人,同比下降56.3%。") == pytest.approx(hand / len(grid))
    # a large count finds a prior for nearly any printed value: the check says little
    assert _p("新发现吸毒人员7000人,同比下降56.3%。") > 0.95


def test_rate_with_its_numerator_solves_for_a_denominator():
    grid = _grid("35.00", top=Decimal(100))
    n_lo, n_hi = int(100 * 35 / 42.1), int(100 * 35 / 27.9) + 2
    hand = sum(
        1 for g in grid if any(_rounds_to(Fraction(100 * 35, n), g) for n in range(n_lo, n_hi))
    )
    assert 0 < hand < len(grid) / 2
    assert _p("查获吸毒人员35人,占全部人员的35.00%。") == pytest.approx(hand / len(grid))


def test_increment_pp_and_sum_use_the_rule_of_their_check():
    # 7792 now, 591 more: 591/7201 on the prior count, one value
    grid = _grid("8.2")
    inc = _p("戒断人员7792人,同比增加591人,增幅8.2%。", "increment")
    assert sum(1 for g in grid if _rounds_to(Fraction(591, 7201) * 100, g)) == 1
    assert inc == pytest.approx(1 / len(grid))
    # 45.2% -> 48.4%: the difference lies in [3.1, 3.3], three printed values of 2.6..3.8
    assert _p("操守率由45.2%提高到48.4%,提高了3.2个百分点。") == pytest.approx(3 / 13)
    # the whole breakdown: only 120 of 96..144 is the sum of 80 and 40
    assert _p("全年破获案件120起,其中毒品案件80起、其他案件40起。") == pytest.approx(1 / 49)
    # some of the total: any larger total passes, so nothing is said
    assert _p("全年破获案件120起,其中毒品案件80起、盗窃案件30起。") is None


def test_not_checkable_and_qualified_claims_stay_empty():
    assert _p("五年间案件数下降了9倍多。") is None
    assert _p("外流涉毒人数同比下降31.7%。") is None
    assert _p("全市吸毒人员300人,其中青少年100人,占三分之一。", "rate") is None
    assert check_text("破获案件86起,同比下降31.7%。", chance=False).p_by_chance.isna().all()


def _prior_found(count: int, direction: str, rounding: Rounding, v: str) -> bool:
    return bool(solve_prior(count, v, direction=direction, rounding=rounding))


def _denominator_found(count: int, rounding: Rounding, v: str) -> bool:
    return bool(solve_denominators(v, count, rounding=rounding))


def _reproduced(x: Fraction, rounding: Rounding, v: str) -> bool:
    return x in printed_interval(v, rounding)


@pytest.mark.parametrize("seed", range(3))
def test_fast_counts_equal_the_grid_loop(seed: int):
    """The whole-number enumeration gives what solving once per grid value gives."""
    r = random.Random(seed)
    for _ in range(25):
        d = r.choice([0, 1, 2])
        printed = f"{r.randint(10**d, 75 * 10**d) / 10**d:.{d}f}%"
        count = r.choice([1, 3, 15, 86, 351, r.randint(1, 3000)])
        rounding = r.choice([Rounding.HALF_UP, Rounding.HALF_EVEN, Rounding.HALF_UP_OR_EVEN])
        for direction in ("down", "up"):
            top = Decimal(100) if direction == "down" else None
            slow = pass_probability(
                partial(_prior_found, count, direction, rounding), printed, upper=top
            )
            fast = pct_change_pass_probability(
                count, printed, direction=direction, rounding=rounding
            )
            assert fast == slow, (count, printed, direction)
        slow = pass_probability(
            partial(_denominator_found, count, rounding), printed, upper=Decimal(100)
        )
        assert rate_pass_probability(count, printed, rounding=rounding) == slow
        x = Fraction(r.randint(1, 10**5), r.randint(1, 10**3))
        slow = pass_probability(partial(_reproduced, x, rounding), printed)
        assert value_pass_probability(x, printed, rounding=rounding) == slow


def test_the_window_is_a_named_argument():
    text = "吸毒人员从530人降至410人,降幅22.6%。"
    narrow = check_text(text, chance=chance_function(rel_window=0.05)).p_by_chance[0]
    assert float(narrow) == pytest.approx(1 / len(_grid("22.6", 0.05)))


def test_cli_fills_the_column(tmp_path, capsys):
    f = tmp_path / "t.txt"
    f.write_text("吸毒人员从530人降至410人,降幅22.6%。\n五年间案件数下降了9倍多。\n", "utf-8")
    assert main(["check", str(f), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["p_by_chance"] for r in rows] == [pytest.approx(1 / len(_grid("22.6"))), None]
    assert main(["check", str(f)]) == 0
    table = capsys.readouterr().out
    assert "chance" in table.splitlines()[0] and f"{100 / len(_grid('22.6')):.1f}%" in table
    assert main(["check", str(f), "--format", "json", "--no-chance"]) == 0
    assert all(r["p_by_chance"] is None for r in json.loads(capsys.readouterr().out))


def test_corpus_run_fills_the_column_and_describes_it(tmp_path):
    import pyarrow.parquet as pq

    from wzdata.claims.corpus import P_BY_CHANCE, read_rows, run_corpus

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("吸毒人员从530人降至410人,降幅22.6%。\n", "utf-8")
    run_corpus([folder / "a.txt"], tmp_path / "out", scheduler="sync")
    (row,) = read_rows(tmp_path / "out")
    assert row["p_by_chance"] == pytest.approx(1 / len(_grid("22.6")))
    field = pq.read_schema(tmp_path / "out" / "part-00000.parquet").field("p_by_chance")
    assert field.metadata[b"description"].decode() == P_BY_CHANCE
    run_corpus([folder / "a.txt"], tmp_path / "out", scheduler="sync", chance=False)
    assert next(read_rows(tmp_path / "out"))["p_by_chance"] is None
