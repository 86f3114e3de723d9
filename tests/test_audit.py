"""Tests of wzdata.claims.checks: rounding, folds, percentage changes, rates, claims and the CLI."""

from __future__ import annotations

import io
import json
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wzdata.claims import checks as audit
from wzdata.claims.checks import (
    Base,
    FoldConvention,
    Rounding,
    bound_fold,
    check_fold,
    check_fold_map,
    check_increment,
    check_rounding,
    printed_interval,
    round_fraction,
    solve_denominators,
    solve_prior,
    solve_smallest_denominator,
)
from wzdata.figures import fold_of
from wzdata.study import claims as study_claims
from wzdata.study import settings as config
from wzdata.study.claims import ClaimError, build_claims

F = Fraction


def _fixed(x: Fraction, d: int, mode: str = ROUND_HALF_EVEN) -> str:
    """Independent rounding through decimal (exact for these small fractions)."""
    q = Decimal(x.numerator) / Decimal(x.denominator)
    return str(q.quantize(Decimal(1).scaleb(-d), rounding=mode))


# --------------------------------------------------------------------------- rounding


def test_tie_half_up_vs_half_even() -> None:
    x = F(1, 8)  # 0.125: a tie at 2 decimals
    assert round_fraction(x, 2, Rounding.HALF_UP) == F(13, 100)
    assert round_fraction(x, 2, Rounding.HALF_EVEN) == F(12, 100)
    assert round_fraction(x, 2, Rounding.TRUNCATE) == F(12, 100)
    assert check_rounding(x, "0.13", Rounding.HALF_UP)
    assert not check_rounding(x, "0.13", Rounding.HALF_EVEN)
    assert check_rounding(x, "0.12", Rounding.HALF_EVEN)
    assert not check_rounding(x, "0.12", Rounding.HALF_UP)
    # the default accepts either reading of a tie
    assert check_rounding(x, "0.13") and check_rounding(x, "0.12")
    assert not check_rounding(x, "0.14")


def test_half_even_tie_to_odd_digit_goes_up() -> None:
    x = F(135, 1000)  # 0.135 -> 0.14 under both
    assert check_rounding(x, "0.14", Rounding.HALF_EVEN)
    assert not check_rounding(x, "0.13", Rounding.HALF_EVEN)


def test_negative_and_truncate() -> None:
    assert round_fraction(F(-1, 8), 2, Rounding.HALF_UP) == F(-13, 100)
    assert round_fraction(F(-1, 8), 2, Rounding.TRUNCATE) == F(-12, 100)
    assert check_rounding(F(1999, 1000), "1.9", Rounding.TRUNCATE)
    assert not check_rounding(F(1999, 1000), "1.9", Rounding.HALF_UP)


def test_precision_comes_from_the_string() -> None:
    x = F(215, 10)
    assert check_rounding(x, "21.5") and check_rounding(x, "21.50")
    assert not check_rounding(F(2154, 100), "21.50")
    assert check_rounding(F(2154, 100), "21.5")


def test_printed_value_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="string"):
        check_rounding(F(1), 21.5)  # type: ignore[arg-type]


def test_qualified_printed_intervals() -> None:
    more = printed_interval("9倍多")
    assert (more.lo, more.hi, more.lo_closed, more.hi_closed) == (9, 10, False, False)
    near = printed_interval("近12倍")
    assert (near.lo, near.hi) == (11, 12) and F(12) not in near and F(23, 2) in near
    about = printed_interval("约5人")
    assert F(9, 2) in about and F(11, 2) in about and F(56, 10) not in about


def test_rounding_interval_ends() -> None:
    up = printed_interval("0.13", Rounding.HALF_UP)
    assert F(125, 1000) in up and F(135, 1000) not in up
    even_odd = printed_interval("0.13", Rounding.HALF_EVEN)  # odd last digit: open ends
    assert F(125, 1000) not in even_odd and F(135, 1000) not in even_odd
    even_even = printed_interval("0.12", Rounding.HALF_EVEN)  # even last digit: closed
    assert F(115, 1000) in even_even and F(125, 1000) in even_even


@given(
    num=st.integers(-5000, 5000),
    den=st.integers(1, 400),
    printed=st.integers(-300, 300),
    d=st.integers(0, 2),
    rounding=st.sampled_from(list(Rounding)),
)
def test_interval_agrees_with_rounding(
    num: int, den: int, printed: int, d: int, rounding: Rounding
) -> None:
    text = str(Decimal(printed).scaleb(-d))
    x = F(num, den)
    assert (x in printed_interval(text, rounding)) == check_rounding(x, text, rounding)


@given(num=st.integers(0, 10**6), den=st.integers(1, 10**4), d=st.integers(0, 4))
def test_round_fraction_matches_decimal(num: int, den: int, d: int) -> None:
    x = F(num, den)
    for mode, r in ((ROUND_HALF_UP, Rounding.HALF_UP), (ROUND_HALF_EVEN, Rounding.HALF_EVEN)):
        assert round_fraction(x, d, r) == F(Decimal(_fixed(x, d, mode)))


# --------------------------------------------------------------------------- folds


def test_fold_ratio_reading() -> None:
    r = check_fold(258, 12, "21.5倍")
    assert r.reproduced_by == (FoldConvention.RATIO,)
    assert r.values[FoldConvention.RATIO] == F(258, 12)
    assert r.values[FoldConvention.MULTIPLE_OF_AFTER] == F(246, 12)
    assert "258/12 = 21.50" in r.explanation and "(258-12)/12 = 20.50" in r.explanation


def test_fold_multiple_of_after_and_percent_of_before() -> None:
    assert check_fold(30, 10, "2").reproduced_by == (FoldConvention.MULTIPLE_OF_AFTER,)
    assert check_fold(10, 5, "0.5").reproduced_by == (FoldConvention.PERCENT_OF_BEFORE,)
    assert not check_fold(30, 10, "2.5").consistent


def test_fold_tie_depends_on_rounding() -> None:
    # 41/4 = 10.25 exactly: half-up prints 10.3, half-even 10.2
    assert check_fold(41, 4, "10.2", rounding=Rounding.HALF_EVEN).consistent
    assert not check_fold(41, 4, "10.2", rounding=Rounding.HALF_UP).consistent
    assert check_fold(41, 4, "10.3", rounding=Rounding.HALF_UP).consistent
    assert check_fold(41, 4, "10.2").consistent and check_fold(41, 4, "10.3").consistent


def test_fold_with_qualifier_uses_bounds() -> None:
    r = check_fold(100, 9, "近12倍")  # 100/9 = 11.11 in (11, 12); 91/9 = 10.11 not
    assert r.reproduced_by == (FoldConvention.RATIO,)
    assert not check_fold(120, 10, "近12倍").consistent  # exactly 12 is not "nearly 12"


def test_fold_zero_after_is_undefined() -> None:
    r = check_fold(5, 0, "3")
    assert r.values[FoldConvention.RATIO] is None and not r.consistent


@settings(max_examples=300)
@given(before=st.integers(1, 10**6), after=st.integers(1, 10**5), d=st.integers(0, 3))
def test_ratio_always_reproduces_rounded_ratio(before: int, after: int, d: int) -> None:
    exact = F(before, after)
    # Python's round() on a Fraction is exact half-even; decimal gives half-up.
    texts = {_fixed(round(exact, d), d), _fixed(exact, d, ROUND_HALF_UP)}
    for text in texts:
        assert FoldConvention.RATIO in check_fold(before, after, text).reproduced_by
    half_up = _fixed(exact, d, ROUND_HALF_UP)
    assert (
        check_fold(before, after, half_up, rounding=Rounding.HALF_UP).values[FoldConvention.RATIO]
        == exact
    )


def test_check_fold_map() -> None:
    df = pd.DataFrame({"before": [258, 30], "after": [12, 10], "printed": ["21.5", "2"]})
    out = check_fold_map(df)
    assert out["reproduced_by"].tolist() == ["ratio", "multiple_of_after"]
    assert out["consistency"].tolist() == [True, True]
    assert "ratio" not in df.columns  # input untouched


def test_bound_fold_without_endpoints() -> None:
    b = bound_fold("9倍多")
    ratio, moa = b[FoldConvention.RATIO], b[FoldConvention.MULTIPLE_OF_AFTER]
    assert ratio is not None and (ratio.lo, ratio.hi) == (F(8, 9), F(9, 10))
    assert not ratio.lo_closed and not ratio.hi_closed
    assert moa is not None and (moa.lo, moa.hi) == (F(9, 10), F(10, 11))
    assert b[FoldConvention.PERCENT_OF_BEFORE] is None
    near = bound_fold("近12倍")[FoldConvention.RATIO]
    assert near is not None and near.hi == F(11, 12) and not near.hi_closed
    two = bound_fold("2倍")[FoldConvention.RATIO]  # read as [1.5, 2.5]
    assert two is not None and (two.lo, two.hi) == (F(1, 3), F(3, 5))
    half = bound_fold("0.5")[FoldConvention.PERCENT_OF_BEFORE]
    assert half is not None and F(1, 2) in half


@given(after=st.integers(1, 10**4), extra=st.integers(1, 10**5), d=st.integers(0, 2))
def test_bound_fold_contains_the_true_fall(after: int, extra: int, d: int) -> None:
    before = after + extra
    fall = F(before - after, before)
    for conv in (FoldConvention.RATIO, FoldConvention.MULTIPLE_OF_AFTER):
        value = fold_of(before, after, conv)
        iv = bound_fold(_fixed(value, d))[conv]
        assert iv is not None and fall in iv


# --------------------------------------------------------------------------- percentages


def test_solve_prior_hand_worked() -> None:
    # (649-351)/649 = 45.917% -> 45.9; 648 gives 45.83, 650 gives 46.0
    assert solve_prior(351, "45.9%") == [649]
    # 3 after a fall of 77.8%: 13 gives 76.92%, 14 gives 78.57%
    assert solve_prior(3, "77.8%") == []
    assert solve_prior(110, "10%", direction="up") == [100]
    # on the current count: (512-351)/351 = 45.87% -> 45.9
    assert solve_prior(351, "45.9%", base=Base.CURRENT) == [512]


def test_solve_prior_unbounded_is_an_error() -> None:
    with pytest.raises(ValueError, match="every prior"):
        solve_prior(0, "100%")
    with pytest.raises(ValueError, match="unbounded"):
        solve_prior(5, "100%")


@settings(max_examples=300, deadline=None)
@given(
    prior=st.integers(1, 20_000),
    current=st.integers(1, 20_000),
    d=st.integers(0, 2),
    base=st.sampled_from(list(Base)),
)
def test_solve_prior_returns_the_true_prior(prior: int, current: int, d: int, base: Base) -> None:
    if prior == current:
        return
    direction = "down" if current < prior else "up"
    pct = audit.pct_change(prior, current, base=base)
    text = _fixed(pct, d, ROUND_HALF_UP) + "%"
    if direction == "down" and base is Base.PRIOR and F(Decimal(text[:-1])) >= 100:
        return  # rounds to a 100% fall: every larger prior fits too
    assert prior in solve_prior(current, text, direction=direction, base=base)


def test_increment_on_current_base() -> None:
    r = check_increment(7792, 591, "7.6%")
    assert r.values[Base.PRIOR] == F(59100, 7201) and r.values[Base.CURRENT] == F(59100, 7792)
    assert r.reproduced_by == (Base.CURRENT,) and not r.consistent
    assert "591/7201" in r.explanation


def test_increment_on_prior_base() -> None:
    r = check_increment(110, 10, "10%")
    assert r.reproduced_by == (Base.PRIOR,) and r.consistent
    down = check_increment(90, 10, "10%", direction="down")  # 10/100 on the prior
    assert down.consistent and Base.CURRENT not in down.reproduced_by


# --------------------------------------------------------------------------- rates


def test_denominators_hand_worked() -> None:
    assert solve_denominators("50%", 3) == [6]
    assert solve_denominators("33.3%", 1) == [3]
    assert solve_denominators("100%", 7) == [7]
    dens = solve_denominators("91.87%", 7792)
    for n in dens:
        assert _fixed(F(100 * 7792, n), 2) == "91.87"
    for n in (min(dens) - 1, max(dens) + 1):
        assert _fixed(F(100 * 7792, n), 2, ROUND_HALF_UP) != "91.87"


def test_smallest_denominator() -> None:
    assert solve_smallest_denominator("77.8%") == (7, 9)
    assert solve_smallest_denominator("50%") == (1, 2)
    assert solve_smallest_denominator("100%") == (1, 1)
    assert solve_smallest_denominator("0%") == (0, 1)


@given(num=st.integers(1, 999), den=st.integers(1, 999), d=st.integers(0, 2))
def test_denominators_include_the_true_one(num: int, den: int, d: int) -> None:
    text = _fixed(F(100 * num, den), d, ROUND_HALF_UP) + "%"
    if F(Decimal(text[:-1])) == 0:
        return
    assert den in solve_denominators(text, num)


@settings(deadline=None)
@given(den=st.integers(1, 60), frac=st.fractions(0, 1), d=st.integers(0, 2))
def test_smallest_denominator_is_minimal(den: int, frac: Fraction, d: int) -> None:
    num = round(frac * den)
    text = _fixed(F(100 * num, den), d) + "%"
    k, n = solve_smallest_denominator(text)
    assert n <= den and check_rounding(F(100 * k, n), text)
    iv = printed_interval(text)
    for m in range(1, n):
        assert not any(F(100 * j, m) in iv for j in range(0, m + 1))


# --------------------------------------------------------------------------- claims

FIGURES = pd.DataFrame(
    {
        "figure_id": ["a_2016", "a_2021", "a_fold", "b_fold", "c_now", "c_pct", "d_inc", "e"],
        "as_printed": ["258起", "12起", "21.5倍", "9倍多", "7792人", "7.6%", "591人", "50%"],
        "direction": ["", "", "down", "down", "", "up", "up", ""],
    }
)
CLAIMS = pd.DataFrame(
    {
        "claim_id": ["z_rate", "a_fold", "b_fold", "c_inc", "c_pct"],
        "kind": ["rate", "fold", "fold", "increment", "pct_change"],
        "figure_ids": ["", "a_2016;a_2021", "", "c_now;d_inc", "c_now"],
        "printed": ["e", "a_fold", "b_fold", "c_pct", "c_pct"],
        "note": ["", "", "", "", ""],
    }
)


def test_build_claims_verdicts() -> None:
    out = build_claims(FIGURES, CLAIMS)
    assert out.columns.tolist() == [f["name"] for f in study_claims.CLAIMS_SCHEMA["fields"]]
    assert out["claim_id"].tolist() == sorted(CLAIMS["claim_id"])
    got = out.set_index("claim_id")
    assert got.loc["a_fold", "verdict"] == "consistent"
    assert got.loc["a_fold", "reproduced_by"] == "ratio"
    assert "ratio=21.50" in got.loc["a_fold", "recomputed"]
    assert got.loc["b_fold", "verdict"] == "not checkable"
    assert "multiple_of_after=(90.00%, 90.91%)" in got.loc["b_fold", "recomputed"]
    assert got.loc["c_inc", "verdict"] == "inconsistent"
    assert got.loc["c_inc", "reproduced_by"] == "current_base"
    # 7792 after a 7.6% rise: priors 7239..7245 (7792/7245 = 1.07550)
    assert got.loc["c_pct", "verdict"] == "consistent"
    assert got.loc["z_rate", "verdict"] == "not checkable"
    assert "smallest=1/2" in got.loc["z_rate", "recomputed"]
    assert all("\n" not in e for e in out["explanation"])


def test_build_claims_is_deterministic_and_ignores_output_columns() -> None:
    first = build_claims(FIGURES, CLAIMS)
    again = build_claims(FIGURES, first.sample(frac=1, random_state=1))
    pd.testing.assert_frame_equal(first, again)


def test_build_claims_errors_name_line_and_column() -> None:
    bad = CLAIMS.copy()
    bad.loc[2, "figure_ids"] = "nope"
    with pytest.raises(ClaimError, match=r"line 4, column 'figure_ids': 'nope'"):
        build_claims(FIGURES, bad)
    no_dir = FIGURES.drop(columns="direction")
    with pytest.raises(ClaimError, match="direction"):
        build_claims(no_dir, CLAIMS)
    wrong = CLAIMS.copy()
    wrong.loc[0, "kind"] = "ratio"
    with pytest.raises(ClaimError, match="unknown kind"):
        build_claims(FIGURES, wrong)


def test_claims_schema_validates_output(tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless", reason="frictionless not installed")
    build_claims(FIGURES, CLAIMS).to_csv(tmp_path / "claims.csv", index=False)
    resource = frictionless.Resource(
        path="claims.csv",
        basepath=str(tmp_path),
        schema=frictionless.Schema.from_descriptor(study_claims.CLAIMS_SCHEMA),
    )
    report = frictionless.validate(resource)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_article_claims_cover_every_derived_figure() -> None:
    raw_figures = study_claims.read_table(config.RAW_DATA_DIR / "figures.csv")
    raw_claims = study_claims.read_table(config.RAW_DATA_DIR / "claims.csv")
    derived = raw_figures.loc[
        raw_figures["measure"].isin(["fold_change", "pct_change"]), "figure_id"
    ]
    assert set(derived) <= set(raw_claims["printed"])
    out = build_claims(raw_figures, raw_claims)
    assert len(out) == len(raw_claims) and set(out["verdict"]) <= set(study_claims.VERDICTS)
    # a claim with endpoints is never "not checkable"; one without always is
    has_inputs = out["figure_ids"] != ""
    assert (out.loc[~has_inputs, "verdict"] == "not checkable").all()
    assert (out.loc[has_inputs, "verdict"] != "not checkable").all()


# --------------------------------------------------------------------------- command line


@pytest.fixture
def tables(tmp_path: Path) -> tuple[str, str]:
    fig, cl = tmp_path / "figures.csv", tmp_path / "claims.csv"
    FIGURES.to_csv(fig, index=False)
    CLAIMS.to_csv(cl, index=False)
    return str(fig), str(cl)


def _run(capsys: pytest.CaptureFixture[str], tables: tuple[str, str], *args: str) -> tuple:
    code = study_claims.cli(["--figures", tables[0], "--claims", tables[1], *args])
    return code, capsys.readouterr().out


def test_cli_formats(capsys: pytest.CaptureFixture[str], tables: tuple[str, str]) -> None:
    code, out = _run(capsys, tables, "--format", "csv")
    assert code == 0
    df = pd.read_csv(io.StringIO(out), dtype="str", keep_default_na=False)
    assert df["claim_id"].tolist() == sorted(CLAIMS["claim_id"])
    code, out = _run(capsys, tables, "--format", "json")
    assert [r["claim_id"] for r in json.loads(out)] == sorted(CLAIMS["claim_id"])
    code, out = _run(capsys, tables, "--format", "markdown")
    lines = out.strip().splitlines()
    assert lines[0].startswith("| claim_id |") and len(lines) == 2 + len(CLAIMS)
    code, out = _run(capsys, tables)
    assert "a_fold" in out and "258/12 = 21.50" in out and "\x1b[" not in out


def test_cli_only_and_strict(capsys: pytest.CaptureFixture[str], tables: tuple[str, str]) -> None:
    code, out = _run(capsys, tables, "--only", "inconsistent", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and [r["claim_id"] for r in rows] == ["c_inc"]
    code, _ = _run(capsys, tables, "--strict", "--only", "consistent")
    assert code == 1  # strict looks at every claim, not only those shown


def test_cli_strict_passes_without_inconsistent(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fig, cl = tmp_path / "f.csv", tmp_path / "c.csv"
    FIGURES.to_csv(fig, index=False)
    CLAIMS[CLAIMS["claim_id"] != "c_inc"].to_csv(cl, index=False)
    assert study_claims.cli(["--figures", str(fig), "--claims", str(cl), "--strict"]) == 0


def test_cli_colour_only_on_a_tty(
    capsys: pytest.CaptureFixture[str], tables: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    _, out = _run(capsys, tables)
    assert "\x1b[31;1m" in out
    monkeypatch.setenv("NO_COLOR", "1")
    _, out = _run(capsys, tables)
    assert "\x1b[" not in out


def test_cli_bad_input_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = study_claims.cli(["--figures", str(tmp_path / "missing.csv"), "--claims", "x.csv"])
    assert code == 2 and "does not exist" in capsys.readouterr().err


def test_dispatch_from_wzdata_command(
    capsys: pytest.CaptureFixture[str], tables: tuple[str, str]
) -> None:
    from wzdata.cli import main

    code = main(["audit", "--figures", tables[0], "--claims", tables[1], "--format", "csv"])
    assert code == 0 and "a_fold" in capsys.readouterr().out


# --------------------------------------------------------------------------- table versions


def test_map_functions() -> None:
    df = pd.DataFrame(
        {
            "current": [351, 3, 110],
            "increment": [10, 1, 10],
            "printed": ["45.9%", "77.8%", "10%"],
            "direction": ["down", "down", "up"],
        }
    )
    priors = audit.solve_prior_map(df, direction="direction")
    assert priors["priors"].tolist()[:2] == ["649", ""]
    assert priors["consistency"].tolist() == [True, False, True]
    inc = audit.check_increment_map(df.iloc[[2]], direction="direction")
    assert inc["reproduced_by"].tolist() == ["prior_base"]
    dens = audit.solve_denominators_map(
        pd.DataFrame({"printed": ["50%", "33.3%"], "numerator": [3, 1]})
    )
    assert dens["denominators"].tolist() == ["6", "3"]
    small = audit.solve_smallest_denominator_map(pd.DataFrame({"printed": ["77.8%", "50%"]}))
    assert small["smallest_denominator"].tolist() == [9, 2]
    bounds = audit.bound_fold_map(pd.DataFrame({"printed": ["9倍多"]}))
    assert bounds.loc[0, "ratio_lo"] == pytest.approx(8 / 9)
    assert pd.isna(bounds.loc[0, "percent_of_before_lo"])


def test_map_rejects_floats_for_printed() -> None:
    with pytest.raises(TypeError, match="dtype=str"):
        audit.solve_smallest_denominator_map(pd.DataFrame({"printed": [77.8]}))


def test_processed_tables_hook_on_processed_like_figures(tmp_path: Path) -> None:
    figures = FIGURES.assign(
        value=[258.0, 12.0, 21.5, 9.0, 7792.0, 7.6, 591.0, 50.0],
        direction=pd.Categorical(["", "", "down", "down", "", "up", "up", ""]).map(
            lambda v: v or None
        ),
    )
    assert study_claims.processed_tables(figures, tmp_path) == {}
    CLAIMS.to_csv(tmp_path / "claims.csv", index=False)
    (table, schema) = study_claims.processed_tables(figures, tmp_path)["claims"]
    from wzdata.study.claim_values import CLAIM_VALUES_SCHEMA, distinct_claims

    assert schema is CLAIM_VALUES_SCHEMA
    checked = build_claims(FIGURES, CLAIMS)
    pd.testing.assert_frame_equal(table, distinct_claims(checked, figures))
    # one row per distinct printed value; every keyed claim is a row or a linked repeat
    linked = {i for r in table["repeats"] for i in r.split(";") if i}
    assert linked | set(table["claim_id"]) == set(checked["claim_id"])
    shared = table.set_index("claim_id")[list(checked.columns[1:])]
    assert shared.equals(checked.set_index("claim_id").loc[shared.index])


def test_cli_prefers_fresh_processed_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    raw, processed = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    processed.mkdir()
    monkeypatch.setattr(config, "RAW_DATA_DIR", raw)
    monkeypatch.setattr(config, "PROCESSED_DATA_DIR", processed)
    FIGURES.to_csv(raw / "figures.csv", index=False)
    CLAIMS.to_csv(raw / "claims.csv", index=False)
    assert study_claims.cli(["--format", "csv"]) == 0  # raw only
    assert len(pd.read_csv(io.StringIO(capsys.readouterr().out))) == len(CLAIMS)
    FIGURES.to_csv(processed / "figures.csv", index=False)
    build_claims(FIGURES, CLAIMS).iloc[:2].to_csv(processed / "claims.csv", index=False)
    assert study_claims.cli(["--format", "csv"]) == 0  # fresh processed tables win
    assert len(pd.read_csv(io.StringIO(capsys.readouterr().out))) == 2
    later = (processed / "claims.csv").stat().st_mtime + 10
    os.utime(raw / "claims.csv", (later, later))
    assert study_claims.cli(["--format", "csv"]) == 0  # stale processed table: raw, with a note
    captured = capsys.readouterr()
    assert len(pd.read_csv(io.StringIO(captured.out))) == len(CLAIMS)
    assert "older than" in captured.err
