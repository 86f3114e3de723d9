"""Claim detection and checks on any text (short sentences written for the tests)."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from wzdata.claims.detect import COLUMNS, check_text, detect, published_date
from wzdata.study import settings as config


def _one(text: str) -> pd.Series:
    df = check_text(text)
    assert len(df) == 1, df[["printed", "form"]]
    return df.iloc[0]


def test_fold_with_endpoints_is_checked_under_each_convention() -> None:
    text = "全县抓获嫌疑人由120人下降到8人,下降了15倍。"
    row = _one(text)
    assert (row.kind, row.form, row.verdict) == ("fold", "fold_endpoints", "consistent")
    assert row.inputs == "before=120人; after=8人"
    assert row.reproduced_by == "ratio"
    assert text[row.start : row.end] == row.span and row.span.endswith("15倍")
    assert "120/8 = 15.00 (ratio) reproduces it" in row.explanation


def test_fold_that_no_convention_gives_is_inconsistent() -> None:
    row = _one("案件由100起降至10起,下降了12倍。")
    assert row.verdict == "inconsistent" and row.reproduced_by == ""


def test_fold_without_endpoints_gives_the_range_of_each_convention() -> None:
    row = _one("五年间查获人数下降了9倍多。")
    assert (row.form, row.verdict, row.direction) == ("fold_bare", "not checkable", "down")
    assert "ratio=(88.89%, 90.00%)" in row.recomputed
    assert "percent_of_before=impossible" in row.recomputed


def test_percentage_change_with_both_endpoints() -> None:
    row = _one("现有人员从200人降至150人,降幅25%。")
    assert (row.kind, row.form, row.verdict) == ("pct_change", "pct_endpoints", "consistent")
    assert "prior_base=25.00%" in row.recomputed
    dated = _one("现有人员由2017年的1234人下降至2018年的800人,降幅35.2%。")
    assert (dated.form, dated.inputs, dated.verdict) == (
        "pct_endpoints",
        "before=1234人; after=800人",
        "consistent",
    )
    bad = _one("现有人员从200人降至150人,降幅33.3%。")
    assert bad.verdict == "inconsistent" and bad.reproduced_by == "current_base"


def test_year_on_year_percentage_with_the_current_count() -> None:
    row = _one("破获案件86起,同比下降31.7%。")
    assert (row.form, row.direction, row.inputs) == ("pct_current", "down", "current=86起")
    assert row.verdict == "consistent"  # 126 -> 86 is 31.75% ... a prior exists
    bad = _one("新发现人员3人,同比下降77.8%。")
    assert bad.verdict == "inconsistent"
    other = _one("破获案件86起,抓获嫌疑人同比下降20%。")  # a new subject after the comma
    assert (other.form, other.verdict) == ("pct_alone", "not checkable")
    impossible = _one("新发现人员3人,同比下降100.5%。")
    assert impossible.verdict == "inconsistent" and "cannot end" in impossible.explanation


def test_a_list_governed_by_one_verb_is_matched_in_order_with_its_direction() -> None:
    df = check_text("破获案件30起、抓获嫌疑人40人,同比分别下降25%、20%。")
    assert df.form.tolist() == ["pct_list", "pct_list"]
    assert df.inputs.tolist() == ["current=30起", "current=40人"]
    assert df.direction.tolist() == ["down", "down"]  # from the verb, for every member
    assert df.verdict.tolist() == ["consistent", "consistent"]
    up = check_text("受理案件12件、14人,分别上升20%和40%。")
    assert up.direction.tolist() == ["up", "up"] and up.verdict.tolist() == ["consistent"] * 2


def test_a_list_with_fewer_counts_than_values_is_not_matched() -> None:
    df = check_text("今年以来,发案数、破案数分别下降12.5%、8.3%。")
    assert df.form.tolist() == ["pct_alone", "pct_alone"]
    assert set(df.verdict) == {"not checkable"}


def test_a_change_printed_for_a_year_of_a_series_is_checked_on_its_two_years() -> None:
    df = check_text(
        "2018年至2020年,全县审结毒品案件分别为40件、50件、30件。其中,2020年审结毒品案件同比下降40%。"
    )
    row = df[df.form == "pct_series"].iloc[0]
    assert (row.inputs, row.verdict) == ("before=50件; after=30件", "consistent")
    assert "the 2019 and 2020 values" in row.assumption
    wrong = check_text("2018年至2020年,审结案件分别为40件、50件、30件。2020年审结案件同比下降25%。")
    assert wrong.verdict.tolist() == ["inconsistent"]


def test_increment_with_its_percentage_and_with_both_levels() -> None:
    df = check_text("戒断人员达到7792人。戒断人员同比增加591人,增幅7.6%。")
    inc = df[df.kind == "increment"].iloc[0]
    assert inc.inputs == "current=7792人; increment=591人"
    assert inc.verdict == "inconsistent" and inc.reproduced_by == "current_base"
    assert "taken from earlier" in inc.assumption
    levels = _one("民警由4名增加到14名,增加了10名。")
    assert (levels.kind, levels.form, levels.verdict) == (
        "increment",
        "increment_levels",
        "consistent",
    )
    wrong = _one("民警由4名增加到14名,增加了12名。")
    assert wrong.verdict == "inconsistent"


def test_rates_with_a_numerator_beside_or_stated() -> None:
    beside = _one("未复吸人员41人,巩固率达63.08%。")
    assert (beside.form, beside.verdict, beside.inputs) == (
        "rate_beside",
        "not checkable",
        "assumed numerator=41人",
    )
    assert "the denominator would be 65" in beside.explanation
    stated = _one("滥用案件共2636人次、占45.4%。")
    assert (stated.form, stated.verdict) == ("rate_numerator", "consistent")
    share = _one("在现有的240.4万人中,有135万人(56.1%)。")
    assert (share.form, share.verdict) == ("rate_share", "consistent")
    wrong = _one("在现有的200人中,有50人(30%)。")
    assert wrong.verdict == "inconsistent"


def test_a_rate_of_a_part_among_a_whole_is_a_share_with_its_assumption() -> None:
    row = _one("65名被告人被判处刑罚,其中五年以上刑期41人,重刑率63.08%。")
    assert (row.form, row.verdict) == ("rate_share", "consistent")
    assert row.inputs == "numerator=41人; denominator=65名" and "其中" in row.assumption
    wrong = _one("65名被告人被判处刑罚,其中五年以上刑期41人,重刑率60.08%。")
    assert wrong.verdict == "inconsistent"


def test_rounded_counts_are_not_checked_as_whole_numbers() -> None:
    row = _one("批捕37.3万人,同比下降40%。")
    assert row.verdict == "not checkable" and "not an exact whole count" in row.explanation


def test_traditional_script_is_read() -> None:
    row = _one("批准逮捕948人,批捕率為84.1%。")
    assert row.form == "rate_beside"


def test_rows_have_every_column_and_the_chance_hook() -> None:
    df = check_text("破获案件86起,同比下降31.7%。", chance=lambda claim, row: 0.25)
    assert tuple(df.columns) == COLUMNS
    assert df.p_by_chance.tolist() == [0.25]
    assert check_text("没有数字。").empty


def test_published_date_is_read_from_the_head_only() -> None:
    assert str(published_date(" date 2025-10-25 食藥署")) == "2025-10-25"
    assert published_date("x" * 700 + "2020-01-01") is None
    assert str(published_date("时间:2022年06月27日 15:59 来源")) == "2022-06-27"
    assert published_date("2018年12月19日,国家禁毒委召开会议") is None


def test_detect_rejects_a_non_string() -> None:
    with pytest.raises(TypeError, match="needs a str"):
        detect(b"86")  # type: ignore[arg-type]


def test_core_article_reproduces_the_keyed_claims(source_text: str) -> None:
    """Every keyed claim is found from the text alone, with the keyed verdict."""
    figures = pd.read_csv(config.RAW_DATA_DIR / "figures.csv", dtype=str, keep_default_na=False)
    keyed = pd.read_csv(config.PROCESSED_DATA_DIR / "claims.csv", dtype=str, keep_default_na=False)
    printed_of = dict(zip(figures.figure_id, figures.as_printed, strict=True))
    want = Counter(
        (
            r.kind,
            r.as_printed,
            tuple(printed_of[f] for f in r.figure_ids.split(";") if f),
            r.verdict,
        )
        for r in keyed.itertuples()
    )
    found = check_text(source_text, "2022-06-27")
    got = Counter(
        (
            r.kind,
            r.printed,
            tuple(
                part.split("=", 1)[1]
                for part in r.inputs.split("; ")
                if part and not part.startswith("assumed")
            ),
            r.verdict,
        )
        for r in found.itertuples()
    )
    missing = want - got
    assert not missing, f"keyed claims not found with their verdict: {sorted(missing)}"
    assert sum(want.values()) == len(keyed) >= 16  # one row per distinct printed value


def test_pages_of_the_genre_give_the_verdicts_read_by_hand() -> None:
    """Development pages beyond the core article (skips when they are absent)."""
    folder = config.SHARED_SOURCES_DIR / "genre-dev"
    if not folder.is_dir():
        pytest.skip(f"development pages not available: {folder} is absent")

    def rows(name: str) -> list[tuple[str, str, str, str]]:
        df = check_text((folder / f"{name}.txt").read_text(encoding="utf-8"))
        return [(r.form, r.printed, r.inputs, r.verdict) for r in df.itertuples()]

    # 181起 up 33.3%: 136 gives 33.09%, 135 gives 34.07%: no whole prior
    assert ("pct_current", "33.3%", "current=181起", "inconsistent") in rows("customs2023")
    report = rows("report2018")
    assert [r[2] for r in report if r[0] == "pct_list"] == [
        "current=412起",
        "current=268个",
        "current=14.7吨",
    ]
    assert [r[3] for r in report if r[0] == "pct_list"] == [
        "consistent",
        "consistent",
        "not checkable",
    ]
    liaoning = rows("liaoning2021")
    assert ("pct_series", "31.13%", "before=3248件; after=2237件", "consistent") in liaoning
    assert ("rate_share", "63.08%", "numerator=41人; denominator=65名", "consistent") in liaoning
    assert rows("xiangyuan2019") == []  # 由4名增加到14名 alone derives nothing


def test_only_paragraphs_that_may_hold_a_claim_are_extracted() -> None:
    from wzdata.claims.detect import claim_expressions
    from wzdata.extract import extract

    text = "开展宣传活动12场,受众3000人次。\n\n2023年6月5日,破获案件86起,同比下降31.7%。\n"
    part = claim_expressions(text)
    assert [e.text for e in part] == ["2023年6月5日", "86起", "31.7%"]
    whole = [e for e in extract(text) if e.paragraph == 2]
    assert part == whole  # same spans, values and paragraph numbers as the whole text
