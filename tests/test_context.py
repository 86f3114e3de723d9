"""Context figures and comparisons: provenance, keys, concept checks, hand computations."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wzdata.compare.concepts import (
    ConceptMismatchError,
    Value,
    compare_change,
    concept_differences,
    index_series,
    share_of,
    values,
)
from wzdata.figures import parse
from wzdata.study import settings as config
from wzdata.study.build import BuildError, build

KEY = ("geography", "indicator", "measure", "period_start", "period_end")


def _rows(name: str, raw_dir: Path | None = None) -> list[dict[str, str]]:
    path = (raw_dir or config.RAW_DATA_DIR) / f"{name}.csv"
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


@pytest.fixture(scope="module")
def context_rows() -> list[dict[str, str]]:
    return _rows("context")


@pytest.fixture(scope="module")
def tables(built_processed: Path) -> dict[str, object]:
    """series and indicators built from the committed raw data into a temporary folder."""
    import wzdata

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(config, "PROCESSED_DATA_DIR", built_processed)
        return {"series": wzdata.load("series"), "indicators": wzdata.load("indicators")}


def _preferred(rows: list[dict[str, str]], geography: str, indicator: str, year: int) -> float:
    """The preferred full-year value, read from the raw table by hand."""
    hits = [
        r
        for r in rows
        if (r["geography"], r["indicator"], r["measure"], r["preferred"])
        == (geography, indicator, "level", "yes")
        and (r["period_start"], r["period_end"]) == (f"{year}-01-01", f"{year}-12-31")
    ]
    assert len(hits) == 1, hits
    return float(parse(hits[0]["as_printed"]).value)


# --------------------------------------------------------------------------- data


def test_every_context_row_has_provenance(context_rows: list[dict[str, str]]) -> None:
    sources = {r["source_id"]: r for r in _rows("sources")}
    assert len(context_rows) > 100
    for r in context_rows:
        src = sources[r["source_id"]]
        where = f"{r['figure_id']} ({r['source_id']})"
        assert re.match(r"https?://\S+$", src["url"]), where
        assert src["publisher"].strip(), where
        # undated pages have an empty date and say so in the licence column
        assert src["published"] or "undated" in src["licence"], where
        phrase = r["context_phrase"].strip()
        assert phrase, where
        cjk = len(re.findall(r"[\u3400-\u9fff]", phrase))
        assert cjk <= 15 if cjk else len(phrase.split()) <= 8, (where, phrase)


def test_as_printed_is_part_of_value_and_parses(context_rows: list[dict[str, str]]) -> None:
    for r in context_rows:
        assert r["as_printed"] in r["value_as_printed"], r["figure_id"]
        parse(r["as_printed"])  # raises FigureParseError when unreadable


def test_one_preferred_value_per_key(context_rows: list[dict[str, str]]) -> None:
    keys = Counter(tuple(r[c] for c in KEY) for r in context_rows if r["preferred"] == "yes")
    assert max(keys.values()) == 1
    every = {tuple(r[c] for c in KEY) for r in context_rows}
    assert every == set(keys), "a key has alternatives but no preferred value"


def test_context_keys_exist_in_the_codebook(context_rows: list[dict[str, str]]) -> None:
    indicators = {r["indicator"] for r in _rows("indicators")}
    geographies = {r["geography"] for r in _rows("geographies")}
    assert {r["indicator"] for r in context_rows} <= indicators
    assert {r["geography"] for r in context_rows} <= geographies


def test_a_second_preferred_value_fails_the_build(raw_copy: Path, tmp_path: Path) -> None:
    path = raw_copy / "context.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    col = header.index("preferred")
    target = next(i for i, row in enumerate(rows) if i and row[col] == "no")
    rows[target][col] = "yes"
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    with pytest.raises(BuildError) as exc:
        build(raw_dir=raw_copy, out_dir=tmp_path / "out")
    line = target + 1  # no quoted line breaks in the file: row index + 1 is the line
    assert f"context.csv:{line}:{col + 1}" in str(exc.value)
    assert "second preferred value" in str(exc.value)
    assert not (tmp_path / "out" / "context.csv").exists()


# --------------------------------------------------------------------------- concepts


def test_different_concepts_are_refused(tables: dict[str, object]) -> None:
    with pytest.raises(ConceptMismatchError) as exc:
        compare_change(
            "drug_cases_solved",
            "wuzhong",
            "china",
            2016,
            2021,
            other_indicator="drug_criminal_cases_solved",
            **tables,
        )
    err = exc.value
    assert set(err.reasons) == {"indicator"}
    assert "drug_cases_solved" in str(err) and "drug_criminal_cases_solved" in str(err)

    with pytest.raises(ConceptMismatchError) as exc:
        compare_change(
            "users_found",
            "wuzhong",
            "china",
            2016,
            2021,
            other_indicator="users_found_person_times",
            allow=("indicator",),
            **tables,
        )
    assert set(exc.value.reasons) == {"unit"}  # persons against person-times


def test_flow_stock_and_part_year_are_refused(tables: dict[str, object]) -> None:
    series, indicators = tables["series"], tables["indicators"]
    new = values(series, "new_users", "china", 2016)[0]
    stock = values(series, "drug_users_existing", "china", 2016)[0]
    assert "flow_stock" in concept_differences(new, stock, indicators)
    part = next(
        v for v in values(series, "drugs_seized", "ningxia") if v.period_end.month == 5
    )  # January to May 2004
    full = values(series, "drugs_seized", "china", 2014)[0]
    assert set(concept_differences(part, full, indicators)) == {"period"}
    # a cumulative 2013-2020 total is not a 2016 flow either
    cum = next(v for v in values(series, "suspects_arrested", "ningxia") if v.full_year is None)
    one = values(series, "suspects_arrested", "ningxia", 2016)[0]
    assert set(concept_differences(cum, one, indicators)) == {"period"}


def _value(indicator: str, start: dt.date, end: dt.date, unit: str = "人") -> Value:
    return Value(indicator, "x", start, end, 10.0, 10.0, 10.0, unit, "exact", "f", "S00", True)


@given(
    year=st.integers(2000, 2030),
    month=st.integers(1, 12),
    months=st.integers(1, 11),
)
def test_part_year_differs_from_full_year(year: int, month: int, months: int) -> None:
    import pandas as pd

    book = pd.DataFrame(
        [
            {"indicator": "k", "name_zh": "k", "unit": "persons", "flow_stock": "flow"},
            {"indicator": "k2", "name_zh": "k2", "unit": "person-times", "flow_stock": "flow"},
        ]
    )
    full = _value("k", dt.date(year, 1, 1), dt.date(year, 12, 31))
    other_full = _value("k", dt.date(year + 1, 1, 1), dt.date(year + 1, 12, 31))
    start = dt.date(year, month, 1)
    end = (pd.Timestamp(start) + pd.DateOffset(months=months) - pd.Timedelta(days=1)).date()
    part = _value("k", start, end)
    assert concept_differences(full, other_full, book) == {}
    assert "period" in concept_differences(full, part, book)
    times = _value("k2", dt.date(year, 1, 1), dt.date(year, 12, 31), unit="人次")
    assert set(concept_differences(full, times, book)) == {"indicator", "unit"}


def test_unknown_allow_code_is_an_error(tables: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="unknown allow code"):
        compare_change(
            "suspects_arrested", "wuzhong", "china", 2016, 2021, allow=("scope",), **tables
        )


def test_missing_year_names_the_periods(tables: dict[str, object]) -> None:
    with pytest.raises(LookupError, match="periods available"):
        compare_change("suspects_arrested", "wuzhong", "ningxia", 2016, 2021, **tables)


# --------------------------------------------------------------------------- numbers


def test_annual_rates_match_hand_computation(
    tables: dict[str, object], context_rows: list[dict[str, str]]
) -> None:
    core = _rows("figures")
    wz = {
        y: float(parse(r["as_printed"]).value)
        for r in core
        for y in (2016, 2021)
        if r["figure_id"] == f"drug_cases_solved_{y}"
    }
    cn = {y: _preferred(context_rows, "china", "drug_criminal_cases_solved", y) for y in wz}
    res = compare_change(
        "drug_cases_solved",
        "wuzhong",
        "china",
        2016,
        2021,
        other_indicator="drug_criminal_cases_solved",
        allow=("indicator",),
        **tables,
    )
    df = res.to_frame().set_index("geography")
    for geo, v in (("wuzhong", wz), ("china", cn)):
        hand = 100 * ((v[2021] / v[2016]) ** (1 / 5) - 1)
        row = df.loc[geo]
        assert row["annual_change_pct"] == pytest.approx(hand, rel=1e-12)
        assert row["fold_before_after"] == pytest.approx(v[2016] / v[2021], rel=1e-12)
        assert row["annual_change_lower_pct"] < hand < row["annual_change_upper_pct"]
        assert row["allowed"] == "indicator"
    contrast = df.loc["wuzhong/china", "ratio_after_before"]
    assert contrast == pytest.approx((wz[2021] / wz[2016]) / (cn[2021] / cn[2016]))
    # the national interval is far narrower than Wuzhong's, and narrower than the
    # spread across sources (128,000 against 140,000 for 2016)
    width = lambda g: df.loc[g, "annual_change_upper_pct"] - df.loc[g, "annual_change_lower_pct"]  # noqa: E731
    assert width("china") < width("wuzhong") / 10
    sens = res.sensitivity[res.sensitivity["geography"] == "china"]["annual_change_pct"]
    assert len(sens) >= 2
    assert sens.max() - sens.min() > width("china")
    assert any("allowed" in n and "indicator" in n for n in res.notes)


def test_exact_poisson_interval_matches_scipy(tables: dict[str, object]) -> None:
    from scipy import stats

    res = compare_change("suspects_arrested", "wuzhong", "china", 2016, 2021, **tables)
    row = res.to_frame().set_index("geography").loc["wuzhong"]
    k, n = int(row["after"]), int(row["after"] + row["before"])
    ci = stats.binomtest(k, n).proportion_ci(0.95, method="exact")
    assert row["ratio_after_before_lower"] == pytest.approx(ci.low / (1 - ci.low), rel=1e-9)
    assert row["ratio_after_before_upper"] == pytest.approx(ci.high / (1 - ci.high), rel=1e-9)
    assert row["allowed"] == ""


def test_share_matches_hand_computation(
    tables: dict[str, object], context_rows: list[dict[str, str]]
) -> None:
    from scipy import stats

    core = {r["figure_id"]: r for r in _rows("figures")}
    part = int(parse(core["suspects_arrested_2016"]["as_printed"]).value)
    whole = int(_preferred(context_rows, "ningxia", "suspects_arrested", 2016))
    res = share_of("suspects_arrested", "wuzhong", "ningxia", 2016, **tables)
    r = res.row
    assert r["share_pct"] == pytest.approx(100 * part / whole)
    ci = stats.binomtest(part, whole).proportion_ci(0.95, method="exact")
    assert r["share_lower_pct"] == pytest.approx(100 * ci.low)
    assert r["share_upper_pct"] == pytest.approx(100 * ci.high)
    assert r["allowed"] == "" and r["concept_match"].startswith("same")


def test_share_across_case_concepts_is_refused_unless_allowed(tables: dict[str, object]) -> None:
    kwargs = {"whole_indicator": "drug_criminal_cases_solved", **tables}
    with pytest.raises(ConceptMismatchError, match="drug_criminal_cases_solved"):
        share_of("drug_cases_solved", "wuzhong", "ningxia", 2016, **kwargs)
    res = share_of("drug_cases_solved", "wuzhong", "ningxia", 2016, allow=["indicator"], **kwargs)
    assert res.row["allowed"] == "indicator"
    assert "DIFFERENT CONCEPTS" in res.row["concept_match"]
    assert "DIFFERENT CONCEPTS" in res.summary()


def test_index_is_100_at_the_base_year(
    tables: dict[str, object], context_rows: list[dict[str, str]]
) -> None:
    idx = index_series("drug_criminal_cases_solved", ["china"], 2016, **tables)
    by_year = idx.set_index("year")["index"]
    assert by_year[2016] == pytest.approx(100)
    hand = (
        100
        * _preferred(context_rows, "china", "drug_criminal_cases_solved", 2021)
        / _preferred(context_rows, "china", "drug_criminal_cases_solved", 2016)
    )
    assert by_year[2021] == pytest.approx(hand)
    # the 2013-2020 cumulative Ningxia total never enters an annual index
    with pytest.raises(LookupError, match="base year"):
        index_series("drug_criminal_cases_solved", ["china", "ningxia"], 2021, **tables)
    assert idx["index"].notna().all() and (idx["base_year"] == 2016).all()


def test_ratios_are_named_by_their_orientation(tables: dict[str, object]) -> None:
    res = compare_change("suspects_arrested", "wuzhong", "china", 2016, 2021, **tables)
    df = res.to_frame()
    assert not [c for c in df.columns if c.startswith("rate_ratio")]
    row = df.set_index("geography").loc["wuzhong"]
    assert row["ratio_after_before"] == pytest.approx(row["after"] / row["before"])
    assert row["ratio_after_before"] * row["fold_before_after"] == pytest.approx(1.0)
