"""The extractor of numeric expressions (wzdata.extract).

The passages below are invented for these tests, in the style of city and
provincial anti-drug reports and of national drug situation reports.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from wzdata.extract import (
    FIGURE_KINDS,
    FOLD_NOTES,
    INFORMATIONAL_KINDS,
    Expression,
    extract,
)
from wzdata.extract.scan import cli
from wzdata.figures import parse
from wzdata.study import settings as config
from wzdata.study.coverage import coverage, coverage_cli

D = Decimal
INF = Decimal("Infinity")


def _by_text(exprs: list[Expression]) -> dict[str, Expression]:
    out: dict[str, Expression] = {}
    for e in exprs:
        out.setdefault(e.text, e)
    return out


def _figures(exprs: list[Expression]) -> list[Expression]:
    return [e for e in exprs if e.is_figure]


# --------------------------------------------------------------------------- invented passages

CITY_REPORT = (
    "某市禁毒工作年度通报\n"
    "2020年，某市共破获毒品刑事案件126起，抓获犯罪嫌疑人158名，缴获各类毒品32.6公斤，"
    "同比分别下降12.5%、8.3%和45.9%。全市现有吸毒人员2.3万名，较去年同期减少约1500名；"
    "戒断三年未复吸人员超过1.1万人，占比达百分之四十七点五。\n"
    "全市破获案件数由120起下降到30起，下降了3倍；外流贩毒人员上升了1.5倍，"
    "社区康复人员增长2倍多，涉案资金20余万元，另有20万余元已追缴。\n"
)


def test_city_report_counts_weights_percents_and_directions() -> None:
    ex = _by_text(extract(CITY_REPORT, "2021-03-01"))
    assert ex["2020年"].kind == "year"
    assert (ex["126起"].kind, ex["126起"].value, ex["126起"].unit) == ("count", D(126), "起")
    assert (ex["32.6公斤"].kind, ex["32.6公斤"].value) == ("weight", D("32.6"))
    for printed in ("12.5%", "8.3%", "45.9%"):
        assert (ex[printed].kind, ex[printed].direction) == ("percent", "down"), printed
    assert "year-on-year" in ex["12.5%"].note
    assert (ex["2.3万名"].value, ex["2.3万名"].unit) == (D(23000), "名")
    about = ex["约1500名"]
    assert (about.qualifier, about.lower, about.upper, about.direction) == (
        "about",
        D(1450),
        D(1550),
        "down",
    )
    assert (ex["三年"].kind, ex["三年"].value) == ("duration", D(3))
    assert (ex["超过1.1万人"].lower, ex["超过1.1万人"].upper) == (D(11000), INF)
    assert (ex["百分之四十七点五"].kind, ex["百分之四十七点五"].value) == ("percent", D("47.5"))
    # 由120起下降到30起: the levels carry no direction, the fold does
    assert ex["120起"].direction == "" and ex["30起"].direction == ""
    assert (ex["3倍"].kind, ex["3倍"].direction) == ("fold", "down")
    assert ex["3倍"].note.startswith(FOLD_NOTES["down"])
    assert (ex["1.5倍"].direction, ex["2倍多"].direction) == ("up", "up")
    assert (ex["2倍多"].lower, ex["2倍多"].upper) == (D(2), D(3))
    # the bounds rule of wzdata.figures: 20余万 is 200,000-300,000, 20万余 is 200,000-210,000
    assert (ex["20余万元"].lower, ex["20余万元"].upper) == (D(200000), D(300000))
    assert (ex["20万余元"].lower, ex["20万余元"].upper) == (D(200000), D(210000))


NATIONAL_REPORT = (
    "全国毒情形势报告（虚构）\n"
    "2019年全国共破获毒品犯罪案件8.3万起，抓获犯罪嫌疑人11.3万名，缴获毒品65.1吨，"
    "与2015年相比，案件数下降了近一半。全国现有吸毒人员214.8万名，同比下降10.1%；"
    "新发现吸毒人员22.3万名，同比下降27.8%；戒断三年未复吸人员近300万名。"
    "毒品滥用人数占全国人口总数的比例下降了0.2个百分点，千余名志愿者参与宣传。\n"
)


def test_national_report_magnitudes_and_points() -> None:
    ex = _by_text(extract(NATIONAL_REPORT, "2020-06-25"))
    assert ex["8.3万起"].value == D(83000)
    assert ex["65.1吨"].kind == "weight"
    assert (ex["214.8万名"].value, ex["10.1%"].direction) == (D(2148000), "down")
    near = ex["近300万名"]
    assert (near.qualifier, near.lower, near.upper) == ("nearly", D(2000000), D(3000000))
    pts = ex["0.2个百分点"]
    assert (pts.kind, pts.unit, pts.value, pts.direction) == ("percent", "百分点", D("0.2"), "down")
    assert (ex["千余名"].value, ex["千余名"].lower, ex["千余名"].upper) == (
        D(1000),
        D(1000),
        D(2000),
    )
    assert "一半" not in ex  # 近一半 is a share in words, not a printed number


RANKS = (
    "该县禁毒工作连续五年位列全市第一，实现五连冠；在第二批示范县创建中排名第3位，"
    "全区第一个完成禁毒办改革。吴忠市获得十二连冠。\n"
)


def test_ranks_and_streaks() -> None:
    ex = _by_text(extract(RANKS))
    assert (ex["五年"].kind, ex["五年"].value) == ("duration", D(5))
    assert (ex["全市第一"].kind, ex["全市第一"].value) == ("rank", D(1))
    assert (ex["五连冠"].kind, ex["五连冠"].value, ex["五连冠"].unit) == ("rank", D(5), "连冠")
    assert (ex["第二批"].value, ex["第3位"].value) == (D(2), D(3))
    assert ex["全区第一个"].kind == "rank"
    assert ex["十二连冠"].value == D(12)


DATES = (
    "2021年3月，专案组开始侦查。4月5日，民警在某地将嫌疑人抓获。\n"
    "12月20日，某县召开禁毒工作会议；1月8日，全县开展集中宣传。\n"
    "今年4月初，某区开展排查；去年第三季度，该区完成整治；今年上半年，全区开展检测。\n"
    "2018年6月至2019年3月，警方持续侦查；1至5月，全市共破获案件15起。\n"
)


def test_dates_resolved_from_paragraph_and_publication() -> None:
    ex = _by_text(extract(DATES, dt.date(2023, 2, 10)))
    # the year of the paragraph
    assert (ex["4月5日"].period_start, ex["4月5日"].kind) == ("2021-04-05", "date")
    assert ex["2021年3月"].period_end == "2021-03-31"
    # no year printed: publication year, or the year before when that would be later
    assert ex["12月20日"].period_start == "2022-12-20"
    assert "year before publication" in ex["12月20日"].note
    assert ex["1月8日"].period_start == "2023-01-08"
    assert (ex["今年4月初"].period_start, ex["今年4月初"].period_end) == (
        "2023-04-01",
        "2023-04-10",
    )
    assert ex["今年4月初"].kind == "period"
    assert (ex["去年第三季度"].period_start, ex["去年第三季度"].period_end) == (
        "2022-07-01",
        "2022-09-30",
    )
    assert ex["今年上半年"].period_end == "2023-06-30"
    span = ex["2018年6月至2019年3月"]
    assert (span.kind, span.period_start, span.period_end) == ("period", "2018-06-01", "2019-03-31")
    months = ex["1至5月"]
    # May 2023 would be after publication (2023-02-10): the year before
    assert (months.period_start, months.period_end) == ("2022-01-01", "2022-05-31")
    assert ex["15起"].value == D(15)


def test_date_without_publication_or_context_has_no_period() -> None:
    (e,) = extract("6月22日，某县召开会议。")
    assert (e.kind, e.period_start, e.period_end) == ("date", None, None)


PERIODS = (
    "20世纪80年代初，该地开始出现吸毒人员。2012年以来，全市持续开展专项行动；"
    "2008年以前，案件多发；2016年至2020年末，全市共破获案件500余起；2019—2021年，"
    "全市连续开展排查；2015年以后，毒情得到遏制；近20年来，全市坚持严打；"
    "全市每季度召开一次例会，每两年评估一次，召开了一次动员会，为期半年的整治。\n"
)


def test_open_periods_decades_and_frequencies() -> None:
    ex = _by_text(extract(PERIODS, "2022-06-27"))
    dec = ex["20世纪80年代初"]
    assert (dec.kind, dec.period_start, dec.period_end) == ("period", "1980-01-01", "1982-12-31")
    assert (ex["2012年以来"].period_start, ex["2012年以来"].period_end) == (
        "2012-01-01",
        "2022-06-27",
    )
    assert (ex["2008年以前"].period_start, ex["2008年以前"].period_end) == (None, "2007-12-31")
    assert (ex["2016年至2020年末"].period_start, ex["2016年至2020年末"].period_end) == (
        "2016-01-01",
        "2020-12-31",
    )
    assert ex["2019—2021年"].period_start == "2019-01-01"
    assert (ex["2015年以后"].period_start, ex["2015年以后"].period_end) == ("2015-01-01", None)
    # 近20年来 (来 after it): the last 20 years, a period ending at publication
    recent = ex["近20年来"]
    assert (recent.kind, recent.value, recent.lower, recent.upper) == ("period", 20, 20, 20)
    assert (recent.period_start, recent.period_end) == ("2002-06-28", "2022-06-27")
    assert (ex["每季度"].kind, ex["每季度"].unit) == ("frequency", "季度")
    assert (ex["每两年"].value, ex["每两年"].unit) == (D(2), "年")
    # 一次 after a frequency is a count; 召开了一次动员会 is the indefinite 一
    ones = [e for e in extract(PERIODS, "2022-06-27") if e.text == "一次"]
    assert len(ones) == 2


LEXICAL = (
    "一组数据反映了一项系统工程，一位老民警说了一句话，一批毒品，一场讲座。"
    "党政一把手是第一责任人，这是示范城市之一，十年如一日，掌握一技之长，对毒品零容忍，"
    "铲除零星种植，双四色管控，禁毒六进，与四川警方协作，一人一册，一堂精品课，双岗双责，"
    "一次次行动，一体化推进，进一步加强，统一部署，经过一天一夜的守候。\n"
)


def test_lexicalised_numerals_are_not_quantities() -> None:
    found = extract(LEXICAL)
    assert [e.text for e in found] == []


def test_counting_words_make_yi_a_count() -> None:
    ex = _by_text(extract("去年共破获一起案件；开展为期一年的整治；仅一人受伤。", "2022-06-27"))
    assert (ex["一起"].value, ex["一年"].kind, ex["一人"].value) == (D(1), "duration", D(1))


def test_page_furniture_is_identifier() -> None:
    text = "Copyright © 2010-2023 www.example.gov.cn 京ICP备12345678号-2\n联系电话：0951-1234567\n"
    kinds = {e.text: e.kind for e in extract(text)}
    assert kinds["京ICP备12345678号-2"] == "identifier"
    assert kinds["0951-1234567"] == "identifier"
    assert all(k == "identifier" for k in kinds.values())
    assert not _figures(extract(text))


def test_folds_up_and_doubling() -> None:
    ex = _by_text(extract("案件数上升了3倍，缴毒量是上年的1.5倍，宣传覆盖面翻了一番。"))
    assert ex["3倍"].direction == "up"
    assert ex["1.5倍"].direction == ""
    assert ex["1.5倍"].note == FOLD_NOTES[""]
    assert (ex["翻了一番"].kind, ex["翻了一番"].value, ex["翻了一番"].direction) == (
        "fold",
        D(2),
        "up",
    )


def test_qualifier_bounds_follow_parse() -> None:
    text = "近3万人，约200名，500余人，300多名，1000人以上，不足10%，最近3天。"
    for e in _figures(extract(text)):
        if e.text == "3天":  # 最近3天: 近 is not "nearly" here
            assert e.qualifier == "exact"
            continue
        q = parse(e.text)
        assert (e.value, e.lower, e.upper, e.unit, e.qualifier) == (
            q.value,
            q.lower,
            q.upper,
            q.unit,
            q.qualifier.value,
        ), e.text
    assert {e.text for e in _figures(extract(text))} == {
        "近3万人",
        "约200名",
        "500余人",
        "300多名",
        "1000人以上",
        "不足10%",
        "3天",
    }


def test_spans_and_paragraphs() -> None:
    text = "标题\n\n上段有5人。\n   \n下段有6起，7名。\n"
    found = extract(text)
    assert [(e.text, e.paragraph) for e in found] == [("5人", 2), ("6起", 3), ("7名", 3)]
    assert all(text[e.start : e.end] == e.text for e in found)


def test_bad_published_date_says_what_to_do() -> None:
    with pytest.raises(ValueError, match="ISO date"):
        extract("6月1日", "June 2022")


# --------------------------------------------------------------------------- properties

_UNITS = ["人", "名", "起", "户", "株", "家", "所", "处", "个", "次", "件", "吨", "公斤", "元", "%"]
_FILLER = st.sampled_from(["全市", "共", "破获", "查获", "，", "。", "吸毒人员", "案件", "其中"])


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    st.lists(
        st.tuples(st.integers(min_value=1, max_value=99999), st.sampled_from(_UNITS), _FILLER),
        min_size=1,
        max_size=8,
    )
)
def test_generated_figures_round_trip(items: list[tuple[int, str, str]]) -> None:
    text = "".join(f"{filler}{n}{unit}" for n, unit, filler in items)
    found = [e for e in extract(text) if e.is_figure]
    assert [(e.value, e.unit) for e in found] == [(D(n), u) for n, u, _ in items]
    assert all(text[e.start : e.end] == e.text for e in found)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(
    st.text(
        alphabet="一二三四五六七八九十百千万年月日第起人名个次%.0123456789至，。余多近约以来",
        max_size=60,
    )
)
@example("八个一")  # a slogan: kind "name"
def test_spans_are_ordered_disjoint_and_exact(text: str) -> None:
    found = extract(text, "2022-06-27")
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
    for e in found:
        assert text[e.start : e.end] == e.text
        assert e.kind in FIGURE_KINDS | INFORMATIONAL_KINDS | {"year", "identifier", "name"}
        if e.value is not None and e.lower is not None and e.upper is not None:
            assert e.lower <= e.upper


# --------------------------------------------------------------------------- coverage

COVERAGE_TEXT = "标题\n全市破获案件12起，抓获18人。\n另有12起，12起。\n"


def _row(fid: str, para: int, printed: str, **kw: str) -> dict[str, str]:
    return {
        "figure_id": fid,
        "source_id": "T01",
        "paragraph": str(para),
        "as_printed": printed,
    } | kw


def test_coverage_counts_multiplicity_and_reports_gaps() -> None:
    rows = [
        _row("a", 2, "12起", measure="level"),
        _row("b", 2, "18人", measure="level"),
        _row("c", 3, "12起", measure="level"),  # the second 12起 of paragraph 3 has no row
        _row("d", 3, "15起", measure="level"),  # not in the text
        _row("e", 9, "12起", source_id="OTHER"),  # other source: ignored
    ]
    rows[-1]["source_id"] = "OTHER"
    rep = coverage(COVERAGE_TEXT, rows, "T01", title="", published="2022-01-01")
    assert [(e.paragraph, e.text) for e in rep.unkeyed] == [(3, "12起")]
    assert [r["figure_id"] for r in rep.not_in_text] == ["d"]
    assert len(rep.matched) == 3
    assert rep.n_gaps == 2 and not rep.ok


def test_coverage_flags_wrong_direction() -> None:
    text = "标题\n案件数下降了3倍。\n"
    rows = [_row("f", 2, "3倍", measure="fold_change", direction="up")]
    rep = coverage(text, rows, "T01", title="", published="2022-01-01")
    assert len(rep.conflicts) == 1 and "direction" in rep.conflicts[0][2]


def test_coverage_of_the_source_article_has_no_gap(source_text: str) -> None:
    import pandas as pd

    figures = pd.read_csv(config.RAW_DATA_DIR / "figures.csv", dtype=str, keep_default_na=False)
    rep = coverage(source_text, figures, config.CORE_SOURCE_ID)
    assert rep.matched, "no figure matched: body bounds or paragraph numbering are off"
    assert rep.ok, rep.format()


def test_source_article_values_match_keyed_rows(source_text: str) -> None:
    """Every keyed figure is found with the value, unit, kind and bounds of its printed form."""
    with (config.RAW_DATA_DIR / "figures.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["source_id"] == config.CORE_SOURCE_ID]
    rep = coverage(source_text, rows, config.CORE_SOURCE_ID)
    assert len(rep.matched) + len(rep.matched_loose) == len(rows)
    for e, r in rep.matched:
        q = parse(r["as_printed"])
        assert (e.value, e.lower, e.upper, e.unit, e.kind) == (
            q.value,
            q.lower,
            q.upper,
            q.unit,
            q.kind.value,
        ), r["figure_id"]
        if r["measure"] in ("fold_change", "pct_change", "increment"):
            assert e.direction == r["direction"], r["figure_id"]


# --------------------------------------------------------------------------- command line


def test_cli_formats(tmp_path, capsys) -> None:
    path = tmp_path / "t.txt"
    path.write_text("6月22日，全市查获吸毒人员93人，下降了18.5倍。\n", encoding="utf-8")
    assert cli([str(path), "--published", "2022-06-27", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["text"] for d in data] == ["6月22日", "93人", "18.5倍"]
    assert data[0]["period_start"] == "2022-06-22"
    assert cli([str(path), "--format", "csv"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert rows[2]["direction"] == "down" and rows[2]["value"] == "18.5"
    assert cli([str(path)]) == 0
    assert "93人" in capsys.readouterr().out


def test_coverage_cli_strict_exit_code(tmp_path, capsys) -> None:
    text = tmp_path / "t.txt"
    text.write_text("标题\n全市破获案件12起，抓获18人。\n", encoding="utf-8")
    figs = tmp_path / "figures.csv"
    fields = ["figure_id", "source_id", "paragraph", "as_printed", "measure", "direction"]
    with figs.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerow(_row("a", 2, "12起", measure="level", direction=""))
    args = [str(text), "--source", "T01", "--figures", str(figs)]
    assert coverage_cli(args) == 0
    assert coverage_cli([*args, "--strict"]) == 1
    assert "18人" in capsys.readouterr().out
    with figs.open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=fields).writerow(
            _row("b", 2, "18人", measure="level", direction="")
        )
    assert coverage_cli([*args, "--strict"]) == 0


def test_ranges_named_days_and_month_spans() -> None:
    text = "2021年1-10月，全市破获案件3-5起，判处3至5年有期徒刑；6·26国际禁毒日前后开展宣传。"
    ex = _by_text(extract(text, "2022-06-27"))
    span = ex["2021年1-10月"]
    assert (span.kind, span.period_start, span.period_end) == ("period", "2021-01-01", "2021-10-31")
    r = ex["3-5起"]
    assert (r.kind, r.value, r.lower, r.upper, r.qualifier) == ("count", None, D(3), D(5), "range")
    assert (ex["3至5年"].kind, ex["3至5年"].upper) == ("duration", D(5))
    # 6·26 takes the year of the paragraph (2021 here), not the publication year
    assert (ex["6·26"].kind, ex["6·26"].period_start) == ("date", "2021-06-26")


def test_decimal_before_magnitude_bounds_the_upper_end() -> None:
    """5.6万余: the printed decimal (0.1万) is the last significant place, not 万."""
    (e,) = extract("帮扶5.6万余人次")
    assert (e.lower, e.upper) == (D(56000), D(57000))
    (e,) = extract("铲除267万余株")  # integer before 万: parse() as is
    assert (e.lower, e.upper) == (D(2670000), D(2680000))


def test_planning_periods_and_month_on_month() -> None:
    ex = _by_text(extract("十三五期间，全市破获案件120起，环比下降15%。"))
    assert set(ex) == {"120起", "15%"}
    assert ex["15%"].direction == "down" and "环比" in ex["15%"].note


def test_enumerations_and_list_markers_are_not_figures() -> None:
    text = (
        "第一，坚持严打；第二，坚持治本。\n1. 加强宣传。2、强化整治。（3）推进共治。\n"
        "排名全区第二。\n"
    )
    assert [e.text for e in extract(text)] == ["全区第二"]


def test_comparison_base_year_does_not_set_the_paragraph_year() -> None:
    text = "今年1至5月，查获吸毒人员120人次，较去年同期减少15人次；5月以来，开展行动两次。"
    ex = _by_text(extract(text, "2024-06-25"))
    assert ex["5月以来"].period_start == "2024-05-01"
    assert ex["15人次"].direction == "down"


PROVINCIAL = (
    "某自治区禁毒委员会通报\n"
    "自20世纪90年代末起，某区探索戒毒康复新模式，至今已坚持20余年。区委每半年听取一次专题汇报。"
    "社区戒毒人员同比减少45.9%，新增吸毒人员同比减少77.8%，复吸率下降了近5倍。\n"
)


def test_provincial_report_hard_cases() -> None:
    ex = _by_text(extract(PROVINCIAL, "2022-06-27"))
    era = ex["20世纪90年代末起"]
    assert (era.kind, era.period_start, era.period_end) == ("period", "1997-01-01", None)
    assert (ex["20余年"].kind, ex["20余年"].lower, ex["20余年"].upper) == ("duration", D(20), D(30))
    assert (ex["每半年"].kind, ex["每半年"].value, ex["每半年"].unit) == (
        "frequency",
        D("0.5"),
        "年",
    )
    assert ex["一次"].kind == "count"
    assert (ex["45.9%"].direction, ex["77.8%"].direction) == ("down", "down")
    fold = ex["近5倍"]
    assert (fold.kind, fold.lower, fold.upper, fold.direction) == ("fold", D(4), D(5), "down")


def test_traditional_characters_per_mille_and_negated_change() -> None:
    ex = _by_text(extract("破獲毒品案件4.2萬宗，繳獲毒品25.9噸；比例為0.8‰；未增加一例。"))
    assert (ex["4.2萬宗"].value, ex["4.2萬宗"].unit) == (D(42000), "宗")
    assert (ex["25.9噸"].kind, ex["25.9噸"].unit) == ("weight", "吨")
    assert (ex["0.8‰"].kind, ex["0.8‰"].unit, ex["0.8‰"].value) == ("percent", "‰", D("0.8"))
    assert ex["一例"].direction == "" and "negated" in ex["一例"].note


def test_paragraphs_are_numbered_from_the_title_as_in_figures_csv() -> None:
    text = "网站首页\n导航\n\n某市禁毒工作\n\n全年破获毒品案件12起。\n文/记者 某某\n版权所有\n"
    whole = extract(text)
    body = extract(text, title="某市禁毒工作")
    (e,) = [x for x in body if x.text == "12起"]
    assert e.paragraph == 2 and text[e.start : e.end] == "12起"
    assert [x.paragraph for x in whole if x.text == "12起"] == [4]


def test_extract_command_numbers_from_the_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "page.txt"
    path.write_text("页眉\n某市禁毒工作\n破获毒品案件12起。\n", encoding="utf-8")
    assert cli([str(path), "--title", "某市禁毒工作", "--format", "csv"]) == 0
    row = next(r for r in capsys.readouterr().out.splitlines() if "12起" in r)
    assert row.startswith("2,")
    with pytest.raises(SystemExit, match="is a folder"):
        cli([str(tmp_path)])


def test_coverage_of_an_unknown_source_is_an_error(
    source_text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "article.txt"
    path.write_text(source_text, encoding="utf-8")
    assert coverage_cli([str(path), "--source", "S99"]) == 2
    assert "S99" in capsys.readouterr().err


def test_expressions_are_frozen_dataclasses_like_any_other() -> None:
    """The scan builds its expressions cheaply; they are still plain, frozen Expressions."""
    import dataclasses

    found = extract("2021年破获毒品案件86起,同比下降31.7%。")
    assert [e.text for e in found] == ["2021年", "86起", "31.7%"]
    for e in found:
        assert type(e) is Expression
        again = Expression(**{f.name: getattr(e, f.name) for f in dataclasses.fields(Expression)})
        assert e == again and hash(e) == hash(again) and repr(e) == repr(again)
        with pytest.raises(dataclasses.FrozenInstanceError):
            e.note = "changed"  # type: ignore[misc]
        assert dataclasses.replace(e, start=0).start == 0


def _first_chars(pattern: object) -> tuple[set[str] | None, bool]:
    """Characters a parsed pattern can start with (None: any) and whether it can match empty."""
    import re._constants as c

    out: set[str] = set()
    items = list(pattern)  # type: ignore[call-overload]
    for k, (op, av) in enumerate(items):
        if op is c.LITERAL:
            return out | {chr(av)}, False
        if op is c.IN:
            chars: set[str] = set()
            for o, a in av:
                if o is c.LITERAL:
                    chars.add(chr(a))
                elif o is c.RANGE:
                    chars.update(map(chr, range(a[0], a[1] + 1)))
                else:  # a negated class or a category: any character
                    return None, False
            return out | chars, False
        if op is c.ASSERT and av[0] == 1:  # a lookahead: what follows starts as it does
            ahead, empty = _first_chars(av[1])
            if ahead is not None and not empty:
                rest, rest_empty = _first_chars(items[k + 1 :])
                return out | (ahead if rest is None or rest_empty else ahead & rest), False
            continue
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):  # zero width
            continue
        if op is c.SUBPATTERN:
            sub = [av[3]]
        elif op is c.ATOMIC_GROUP:
            sub = [av]
        elif op is c.BRANCH:
            sub = av[1]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            sub = [av[2]]
        else:
            return None, False
        can_be_empty = op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] == 0
        for alternative in sub:
            chars, empty = _first_chars(alternative)
            if chars is None:
                return None, False
            out |= chars
            can_be_empty = can_be_empty or empty
        if not can_be_empty:
            return out, False
    return out, True


def test_each_form_is_tried_at_every_character_it_can_start_with() -> None:
    """The scan tries a form only at its declared first characters: they must cover it."""
    import re
    import re._parser

    from wzdata.extract import scan

    for name, form, first in scan._FORMS:
        chars, empty = _first_chars(re._parser.parse(form))
        assert chars is not None and not empty, name
        declared = re.compile(f"[{first}]")
        missing = sorted(ch for ch in chars if not declared.fullmatch(ch))
        assert not missing, (name, missing)
    start = re.compile(f"[{scan._START_CHARS}]")
    assert all(start.fullmatch(ch) for ch in "0９aZ©一两十百千万萬今去前明上下第每翻")
