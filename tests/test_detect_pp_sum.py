"""Changes in percentage points and sums of parts, in short sentences written for the tests."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest

from wzdata.claims import CLAIM_KINDS, ClaimKind, Interval
from wzdata.claims.checks import (
    PointsReading,
    SumReading,
    check_pp_change,
    check_sum,
    level_interval,
    points_quantity,
)
from wzdata.claims.detect import FORMS, check_text
from wzdata.figures import FigureParseError
from wzdata.study.viewtables import CATEGORIES


def _of(text: str, kind: str) -> pd.DataFrame:
    df = check_text(text)
    return df[df["kind"] == kind].reset_index(drop=True)


def _one(text: str, kind: str) -> pd.Series:
    df = _of(text, kind)
    assert len(df) == 1, df[["printed", "form"]]
    return df.iloc[0]


# --------------------------------------------------------------------------- kinds


def test_new_kinds_are_claim_kinds_with_labels_in_both_languages() -> None:
    assert {"pp_change", "sum"} <= set(CLAIM_KINDS)
    assert ClaimKind("pp_change") is ClaimKind.PP_CHANGE and ClaimKind("sum") is ClaimKind.SUM
    for kind in CLAIM_KINDS:
        en, zh = CATEGORIES["claim_kind"][kind]
        assert en and zh and en != zh


# --------------------------------------------------------------------------- intervals


def test_interval_arithmetic_keeps_open_and_closed_ends() -> None:
    a = Interval(Fraction(1), Fraction(2), True, False)  # [1, 2)
    b = Interval(Fraction(10), Fraction(11), True, True)  # [10, 11]
    d = b.minus(a)
    assert (d.lo, d.hi, d.lo_closed, d.hi_closed) == (8, 10, False, True)
    t = a.plus(b)
    assert (t.lo, t.hi, t.lo_closed, t.hi_closed) == (11, 13, True, False)
    assert a.meets(Interval(Fraction(2), None)) is False  # [1, 2) and [2, inf) touch, share nothing
    assert a.meets(Interval(Fraction(3, 2), Fraction(5))) is True


# --------------------------------------------------------------------------- percentage points


def test_points_quantity_reads_the_printed_forms() -> None:
    assert points_quantity("3.2个百分点").decimals == 1
    assert points_quantity("3.2百分点").value == points_quantity("3.2个百分点").value
    assert points_quantity("三个百分点").value == 3
    near = points_quantity("近3个百分点")
    assert (near.lower, near.upper, near.unit) == (2, 3, "百分点")
    with pytest.raises(FigureParseError):
        points_quantity("若干个百分点")


def test_difference_of_two_rounded_percentages_has_its_own_interval() -> None:
    r = check_pp_change("45.2%", "48.4%", "3.2个百分点", direction="up")
    assert r.difference == Fraction(16, 5)
    # each percentage at one decimal stands for +-0.05: the difference for +-0.1
    assert (r.exact.lo, r.exact.hi) == (Fraction(31, 10), Fraction(33, 10))
    assert r.reproduced_by == (PointsReading.PRINTED_DIFFERENCE, PointsReading.EXACT_DIFFERENCE)
    assert r.relative is not None and round(float(r.relative), 2) == 7.08


def test_points_reproduced_only_by_the_unrounded_percentages() -> None:
    r = check_pp_change("45.2%", "48.4%", "3.3个百分点", direction="up")
    assert r.reproduced_by == (PointsReading.EXACT_DIFFERENCE,)
    assert r.consistent
    assert not check_pp_change("45.2%", "48.4%", "3.4个百分点", direction="up").consistent


def test_points_the_wrong_way_are_inconsistent() -> None:
    r = check_pp_change("45.2%", "48.4%", "3.2个百分点", direction="down")
    assert not r.consistent
    assert "move up, not down" in r.explanation


def test_points_from_to_are_checked_and_named_as_points_not_a_percentage_change() -> None:
    row = _one("全市操守率由45.2%提高到48.4%,提高了3.2个百分点。", "pp_change")
    assert (row.form, row.direction, row.verdict) == ("pp_endpoints", "up", "consistent")
    assert row.inputs == "before=45.2%; after=48.4%"
    assert "not a percentage change" in row.explanation
    assert "would be (48.4%-45.2%)/45.2% ≈ 7.08%" in row.explanation
    assert row.span.startswith("全市操守率由45.2%") and row.span.endswith("3.2个百分点")


def test_points_of_two_years_in_a_clause_chain() -> None:
    row = _one("某市2020年戒毒率为45.2%,2021年为48.4%,提高3.2个百分点。", "pp_change")
    assert (row.form, row.verdict) == ("pp_periods", "consistent")
    assert row.inputs == "before=45.2%; after=48.4%"
    assert "2020" in row.assumption and "2021" in row.assumption


def test_points_without_ge_and_wrong_size_are_inconsistent() -> None:
    row = _one("2019年查获率为50%,2020年为60%,上升12百分点。", "pp_change")
    assert (row.printed, row.form, row.verdict) == ("12百分点", "pp_periods", "inconsistent")
    assert "exact difference lies in [9.00, 11.00]" in row.explanation


def test_points_against_the_earlier_percentage_named_after_the_comparison() -> None:
    row = _one("今年巩固率为48.4%,比上年的45.2%下降3.2个百分点。", "pp_change")
    assert (row.form, row.direction) == ("pp_compared", "down")
    assert row.inputs == "before=45.2%; after=48.4%"
    assert row.verdict == "inconsistent"  # 45.2% to 48.4% is a rise


def test_points_with_one_percentage_printed_are_not_checkable() -> None:
    row = _one("操守率达30.62%,同比提高19个百分点。", "pp_change")
    assert (row.form, row.verdict) == ("pp_one", "not checkable")
    assert row.inputs == "assumed level=30.62%"
    assert "only one percentage is printed nearby (30.62%)" in row.explanation
    assert "11.12% to 12.12%" in row.explanation


def test_points_without_a_percentage_are_not_checkable() -> None:
    row = _one("社区戒毒执行率同比上升1.5个百分点。", "pp_change")
    assert (row.form, row.verdict) == ("pp_alone", "not checkable")
    assert "neither percentage is printed" in row.explanation


def test_two_percentages_of_different_things_are_not_paired() -> None:
    # the 98.55% is another rate; 21.95% is compared with a rate that is not printed
    row = _one("结案率98.55%,重刑率21.95%,高出全部案件重刑率10个百分点。", "pp_change")
    assert (row.form, row.verdict) == ("pp_one", "not checkable")


def test_a_percentage_change_is_not_read_as_points() -> None:
    df = check_text("操守率由45.2%提高到48.4%,提高了7.1%。")
    assert "pp_change" not in set(df["kind"])


# --------------------------------------------------------------------------- sums


def test_level_interval_bounds() -> None:
    assert (level_interval("120起").lo, level_interval("120起").hi) == (120, 120)
    many = level_interval("800多人")
    assert (many.lo, many.hi, many.lo_closed) == (800, 900, False)
    tenth = level_interval("4.3公斤")
    assert (tenth.lo, tenth.hi) == (Fraction(425, 100), Fraction(435, 100))


def test_sum_with_the_rest_must_add_up_exactly() -> None:
    assert check_sum("120起", ["80起", "40起"], reading=SumReading.WHOLE).consistent
    assert not check_sum("120起", ["80起", "39起"], reading=SumReading.WHOLE).consistent
    assert check_sum("120起", ["80起", "39起"], reading=SumReading.SUBSET).consistent
    with pytest.raises(ValueError, match="two parts"):
        check_sum("120起", ["80起"])


def test_sum_of_qualified_parts_uses_their_bounds() -> None:
    ok = check_sum("1200余人", ["800多人", "近400人"], reading=SumReading.WHOLE)
    assert ok.consistent and "(1100.00, 1300.00)" in ok.explanation
    assert not check_sum("1200余人", ["700多人", "近400人"], reading=SumReading.WHOLE).consistent


def test_breakdown_with_the_rest_is_read_as_all_of_the_total() -> None:
    row = _one("全年破获案件120起,其中毒品案件80起、其他案件40起。", "sum")
    assert (row.form, row.verdict, row.reproduced_by) == ("sum_whole", "consistent", "whole")
    assert row.inputs == "part=80起; part=40起"
    assert row.printed == "120起" and row.span.endswith("其他案件40起")
    wrong = _one("全年破获案件120起,其中毒品案件80起、其他案件30起。", "sum")
    assert wrong.verdict == "inconsistent" and "110 < 120" in wrong.explanation


def test_breakdown_without_the_rest_is_only_at_most_the_total() -> None:
    row = _one("抓获嫌疑人150名,其中男性90名、未成年人12名。", "sum")
    assert (row.form, row.verdict) == ("sum_parts", "consistent")
    assert "do not exceed" in row.explanation and "some of the total" in row.explanation
    over = _one("抓获嫌疑人150名,其中男性140名、女性20名。", "sum")
    assert over.verdict == "inconsistent"


def test_parts_in_separate_clauses_above_the_total_are_not_checkable() -> None:
    row = _one("登记吸毒人员1000人。其中,正在戒毒的有600人,已戒断的有500人。", "sum")
    assert (row.form, row.verdict) == ("sum_clauses", "not checkable")
    assert "may overlap" in row.explanation


def test_qualified_breakdown_is_checked_on_bounds() -> None:
    row = _one("收戒1200余人,其中强制隔离戒毒800多人、其余近400人。", "sum")
    assert (row.form, row.verdict) == ("sum_whole", "consistent")


def test_parts_of_another_unit_are_no_sum() -> None:
    df = check_text("全年破获案件120起,其中毒品案件80起、抓获嫌疑人40名。")
    assert "sum" not in set(df["kind"])


def test_a_part_that_is_a_share_is_no_sum() -> None:
    df = check_text("全年破获案件120起,其中毒品案件占60%、其他案件40起。")
    assert "sum" not in set(df["kind"])
    df = check_text("全年破获案件120起,其中毒品案件80起,占66.7%。")
    assert "sum" not in set(df["kind"])


def test_one_part_is_no_sum() -> None:
    assert "sum" not in set(check_text("全年破获案件120起,其中毒品案件80起。")["kind"])


def test_forms_of_the_new_kinds_are_described() -> None:
    found = set(check_text("全年破获案件120起,其中毒品案件80起、其他案件40起。")["form"])
    found |= set(check_text("操守率达30.62%,同比提高19个百分点。")["form"])
    assert found <= set(FORMS)


def test_a_keyed_sum_claim_is_validated_and_checked() -> None:
    from wzdata.study.claims import build_claims, claim_problems

    figs = pd.DataFrame(
        {"figure_id": ["t", "x", "y"], "as_printed": ["120起", "80起", "50起"], "direction": ""}
    )
    claims = pd.DataFrame(
        {"claim_id": ["s1"], "kind": ["sum"], "figure_ids": ["x;y"], "printed": ["t"]}
    )
    assert claim_problems(figs, claims) == []
    out = build_claims(figs, claims)
    assert (out.loc[0, "recomputed"], out.loc[0, "verdict"]) == ("sum=130", "inconsistent")
    one = claims.assign(figure_ids="x")
    assert [p[1] for p in claim_problems(figs, one)] == ["figure_ids"]


def test_a_percentage_change_before_points_is_not_taken_as_a_level() -> None:
    row = _one("案件同比下降31.7%,破案率提高3.2个百分点。", "pp_change")
    assert (row.form, row.inputs) == ("pp_alone", "")


def test_breakdown_after_the_change_of_its_total() -> None:
    row = _one("全年破获案件86起,同比下降31.7%,其中目标案件2起、重大案件5起。", "sum")
    assert (row.printed, row.inputs, row.verdict) == ("86起", "part=2起; part=5起", "consistent")
    over = _one("全年破获案件6起,同比下降31.7%,其中目标案件2起、重大案件5起。", "sum")
    assert over.verdict == "inconsistent"


def test_points_for_every_row_of_a_table() -> None:
    from wzdata.claims import check_pp_change_map

    table = pd.DataFrame(
        {
            "before": ["45.2%", "45.2%", "60%"],
            "after": ["48.4%", "48.4%", "50%"],
            "printed": ["3.2", "3.5", "10个百分点"],
            "direction": ["up", "up", "down"],
        }
    )
    out = check_pp_change_map(table, direction="direction")
    assert out["consistency"].tolist() == [True, False, True]
    assert out["exact_lo"].round(2).tolist()[:2] == [3.1, 3.1]
    assert out["reproduced_by"].iloc[1] == ""
    assert list(table.columns) == ["before", "after", "printed", "direction"]  # a copy is returned


def test_points_in_traditional_script_are_checked() -> None:
    row = _one("結案率由45.2%提高到48.4%,提高3.2個百分點。", "pp_change")
    assert row["verdict"] == "consistent" and row["printed"] == "3.2個百分點"
    wrong = _one("結案率由45.2%提高到48.4%,提高4.2個百分點。", "pp_change")
    assert wrong["verdict"] == "inconsistent"
