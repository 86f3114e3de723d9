"""The extractor on the forms of other reports of the genre (wzdata.extract).

Every sentence below is invented for these tests, in the style of provincial,
court, procuratorate, customs and rehab-administration pages. Each rule has
examples on both of its sides. The last tests score the extractor on the
development pages of ``../shared/sources/genre-dev`` (skipped without them).
"""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal

import pytest

from wzdata.extract import Expression, extract
from wzdata.study import settings

D = Decimal
INF = Decimal("Infinity")
PUB = "2022-06-27"


def _by_text(exprs: list[Expression]) -> dict[str, Expression]:
    out: dict[str, Expression] = {}
    for e in exprs:
        out.setdefault(e.text, e)
    return out


def _quantities(exprs: list[Expression]) -> list[Expression]:
    return [e for e in exprs if e.kind not in ("identifier", "name")]


# --------------------------------------------------------------------------- 1. the last N years


@pytest.mark.parametrize(
    ("text", "printed", "n", "start"),
    [
        ("近十年来，全市破获毒品案件120起。", "近十年来", 10, "2012-06-28"),  # 来
        ("全县近3年间投入禁毒经费500万元。", "近3年间", 3, "2019-06-28"),  # 间 after 近N年
        ("全县近3年内未发生制毒案件。", "近3年内", 3, "2019-06-28"),  # 内 after 近N年
        ("近两年，全市新发现吸毒人员持续减少。", "近两年", 2, "2020-06-28"),  # clause-initial
        ("该市10年来累计收戒吸毒人员800名。", "10年来", 10, "2012-06-28"),  # N年来 without 近
        ("三年以来，专案组共侦破案件30起。", "三年以来", 3, "2019-06-28"),  # 以来
        ("缴获量创近6年新高。", "近6年", 6, "2016-06-28"),  # a record of the last N years
    ],
)
def test_recent_n_years_is_a_period_ending_at_publication(
    text: str, printed: str, n: int, start: str
) -> None:
    e = _by_text(extract(text, PUB))[printed]
    assert (e.kind, e.value, e.lower, e.upper, e.unit, e.qualifier) == (
        "period",
        n,
        n,
        n,
        "年",
        "exact",
    )
    assert (e.period_start, e.period_end) == (start, PUB)
    assert "the last N" in e.note


@pytest.mark.parametrize(
    ("text", "printed", "lower", "upper"),
    [
        # not at the start of its clause, no 来/以来/间/内: "nearly" (the core article's form)
        ("经过近20年的持续严打，毒情形势根本好转。", "近20年", 10, 20),
        # clause-initial, but 的 makes it a noun phrase: "nearly 20 years of"
        ("近20年的坚守，换来了群众的认可。", "近20年", 10, 20),
        ("该戒毒所已运行近3年。", "近3年", 2, 3),
    ],
)
def test_nearly_n_years_keeps_its_bounds_and_names_the_other_reading(
    text: str, printed: str, lower: int, upper: int
) -> None:
    e = _by_text(extract(text, PUB))[printed]
    assert (e.kind, e.lower, e.upper, e.qualifier) == ("duration", lower, upper, "nearly")
    assert "nearly" in e.note and "the last N years" in e.note


def test_within_n_years_without_jin_is_a_duration() -> None:
    # 内 without 近 is "within N years" (often ahead of publication), not the last N years
    e = _by_text(extract("力争3年内完成整治任务。", PUB))["3年"]
    assert (e.kind, e.value, e.period_end) == ("duration", 3, None)


def test_recent_months_and_inexact_lengths() -> None:
    ex = _by_text(
        extract("近3个月来，全市查处吸毒人员45人；20余年来，该站坚持回访。", "2024-05-31")
    )
    months = ex["近3个月来"]
    assert (months.kind, months.unit, months.period_start) == ("period", "个月", "2024-03-01")
    long = ex["20余年来"]
    assert (long.kind, long.lower, long.upper, long.qualifier) == (
        "period",
        20,
        30,
        "more_than",
    )
    assert (long.period_start, long.period_end) == (None, "2024-05-31")


def test_recent_period_without_publication_date_is_open() -> None:
    (e,) = extract("近5年来，全省法院审结毒品案件1.2万件。")[:1]
    assert (e.kind, e.value, e.period_start, e.period_end) == ("period", 5, None, None)
    assert "no publication date" in e.note


# --------------------------------------------------------------------------- 2. times of day


def test_datetimes_keep_their_time_and_qualifier() -> None:
    ex = _by_text(
        extract(
            "发布时间：2023-01-05 09:12:40\n2020年03月02日 08:15，民警接到报警。"
            "3月2日14时许，民警在某小区将嫌疑人抓获。\n",
            "2020-03-10",
        )
    )
    iso = ex["2023-01-05 09:12:40"]
    assert (iso.kind, iso.value, iso.unit, iso.period_start) == (
        "datetime",
        D(20230105091240),
        "秒",
        "2023-01-05T09:12:40",
    )
    cn = ex["2020年03月02日 08:15"]
    assert (cn.kind, cn.value, cn.unit, cn.qualifier) == (
        "datetime",
        D(20200302081500),
        "分",
        "exact",
    )
    about = ex["3月2日14时许"]
    assert (about.qualifier, about.lower, about.upper) == (
        "about",
        D(20200302133000),
        D(20200302143000),
    )
    assert (about.period_start, about.period_end) == ("2020-03-02T13:30", "2020-03-02T14:30")


def test_time_alone_and_numbers_that_are_not_times() -> None:
    ex = _by_text(
        extract("当日14时许，嫌疑人被抓获；上午8点召开会议，8点30分结束。会议提出3点要求。")
    )
    t = ex["14时许"]
    assert (t.kind, t.value, t.lower, t.upper, t.unit) == (
        "time",
        D(140000),
        D(133000),
        D(143000),
        "时",
    )
    assert (ex["上午8点"].kind, ex["上午8点"].value) == ("time", D(80000))
    assert (ex["8点30分"].kind, ex["8点30分"].unit) == ("time", "分")
    pm = _by_text(extract("3月2日下午3时许，民警出警；当晚8时，嫌疑人落网。", "2020-03-10"))
    assert (pm["3月2日下午3时许"].kind, pm["3月2日下午3时许"].value) == (
        "datetime",
        D(20200302150000),
    )
    assert pm["晚8时"].value == D(200000)
    # 3点要求: three points (items), not three o'clock
    assert all(e.kind != "time" for e in extract("会议提出3点要求。"))


# --------------------------------------------------------------------------- 3. datelines


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("2020 年 06 月 26 日", "2020-06-26"),
        ("2022/6/26", "2022-06-26"),
        ("2021.12.31", "2021-12-31"),
        ("2020年06月26日", "2020-06-26"),
    ],
)
def test_dateline_formats(printed: str, iso: str) -> None:
    (e,) = extract(f"发布日期：{printed}\n")
    assert (e.text, e.kind, e.period_start, e.value) == (
        printed,
        "date",
        iso,
        D(iso.replace("-", "")),
    )


def test_spaced_year_and_a_decimal_that_is_not_a_date() -> None:
    ex = _by_text(extract("由2014年、2015 年的月均新增50人，下降到投入资金2021.12万元。"))
    assert (ex["2015 年"].kind, ex["2015 年"].value) == ("year", D(2015))
    assert (ex["2021.12万元"].kind, ex["2021.12万元"].value) == ("money", D("20211200"))


def test_year_in_chinese_digits_sets_the_year_of_its_paragraph() -> None:
    ex = _by_text(extract("二〇二二年十二月，全县召开推进会；该树已有二十年。", PUB))
    assert (ex["二〇二二年"].kind, ex["二〇二二年"].value) == ("year", 2022)
    assert ex["十二月"].period_start == "2022-12-01"
    assert (ex["二十年"].kind, ex["二十年"].value) == ("duration", 20)


def test_a_day_alone_takes_its_month_from_the_dateline() -> None:
    text = "本报北京6月24日电 记者从24日召开的发布会上获悉，某人被行政拘留15日。\n"
    ex = _by_text(extract(text, "2021-06-25"))
    day = ex["24日"]
    assert (day.kind, day.period_start) == ("date", "2021-06-24")
    assert "paragraph's date" in day.note
    assert (ex["15日"].kind, ex["15日"].value) == ("duration", D(15))  # 拘留15日: a duration
    # without a date in the paragraph, the publication date gives the month
    (e,) = extract("某局局长25日表示，将继续严打。", "2023-06-26")
    assert (e.kind, e.period_start) == ("date", "2023-06-25")
    assert "publication date" in e.note


def test_date_range_with_a_day_only_second_end() -> None:
    (e,) = extract("2018年12月19日~20日，全国会议在某地召开。")
    assert (e.kind, e.period_start, e.period_end) == ("period", "2018-12-19", "2018-12-20")


# --------------------------------------------------------------------------- 4. units


def test_units_outside_the_core_list() -> None:
    ex = _by_text(
        extract(
            "群众满意度得分96.5分；检出毒品0.5毫克；获得12席；出台10条措施；60岁及以上的老人；"
            "18岁以下的青少年；涉案金额万元以上；百余人参加；开展三大战役和五大行动。"
        )
    )
    assert (ex["96.5分"].kind, ex["96.5分"].unit, ex["96.5分"].value) == ("amount", "分", D("96.5"))
    assert (ex["0.5毫克"].kind, ex["0.5毫克"].unit) == ("weight", "毫克")
    assert (ex["12席"].kind, ex["12席"].unit) == ("count", "席")
    assert (ex["10条"].kind, ex["10条"].value) == ("count", D(10))
    old = ex["60岁及以上"]
    assert (old.kind, old.lower, old.upper, old.qualifier) == ("duration", 60, INF, "at_least")
    young = ex["18岁以下"]
    assert (young.lower, young.upper, young.qualifier) == (0, 18, "at_most")
    money = ex["万元以上"]
    assert (money.kind, money.value, money.lower, money.upper) == ("money", 10000, 10000, INF)
    assert (ex["百余人"].lower, ex["百余人"].upper) == (100, 200)
    people = _by_text(extract("近万人参与，万余人签名；开展万人签名活动。"))
    assert (people["近万人"].lower, people["近万人"].upper) == (0, 10000)
    assert (people["万余人"].lower, people["万余人"].upper) == (10000, 20000)
    assert "万人" not in people  # 万人签名: the name of an activity
    assert (ex["三大"].kind, ex["三大"].value, ex["三大"].unit) == ("count", 3, "大")
    assert ex["五大"].value == 5


def test_tenths_are_percentages() -> None:
    ex = _by_text(extract("三级毒品占6成，近七成为青少年，其余3成员单位配合，一成不变。"))
    assert (ex["6成"].kind, ex["6成"].value, ex["6成"].unit) == ("percent", 60, "%")
    assert (ex["近七成"].lower, ex["近七成"].upper) == (60, 70)
    assert "3成" not in ex and "一成" not in ex  # 成员, 一成不变: not tenths


def test_traditional_direction_words() -> None:
    ex = _by_text(extract("較前年減少12.4%，增長3.5%，環比下降2%。", "2023-06-26"))
    assert [ex[p].direction for p in ("12.4%", "3.5%", "2%")] == ["down", "up", "down"]
    assert "環比" not in ex["12.4%"].note and "环比" in ex["2%"].note


def test_unit_characters_that_begin_another_word() -> None:
    ex = _by_text(extract("三分之一的人员用时10分钟完成，一大批骨干扩大了队伍，规模大于往年。"))
    assert "三分" not in ex and "一大" not in ex
    assert (ex["10分钟"].kind, ex["10分钟"].unit) == ("duration", "分钟")
    # 分 without a scoring word is not a score: 扣 is one, 第3分局 is not
    assert _by_text(extract("考核中被扣2分。"))["2分"].unit == "分"
    assert [e.unit for e in _quantities(extract("涉及3分局。"))] == [""]


def test_traditional_qualifier_prefix() -> None:
    (e,) = extract("連續查獲走私入境的毒品超過1噸。")
    assert (e.text, e.kind, e.lower, e.upper, e.unit) == ("超過1噸", "weight", 1, INF, "吨")


# --------------------------------------------------------------------------- 5. slogans and names


@pytest.mark.parametrize("slogan", ["两学一做", "三严三实", "一增三降", "两打两控", "五降、五升"])
def test_numeral_character_patterns_are_names(slogan: str) -> None:
    found = extract(f"深入开展{slogan}工作。")
    assert _quantities(found) == []
    assert [e.kind for e in found] == ["name"] and "slogan" in found[0].note


def test_lexicalised_slogans_and_six_ones_are_not_counted() -> None:
    assert _quantities(extract("落实五位一体和四个全面，推进六个一工程。")) == []


def test_quantities_that_look_like_slogans() -> None:
    ex = _by_text(extract("判处有期徒刑两年三个月；戒毒人员在四区五大中心流转。"))
    assert (ex["两年"].kind, ex["三个月"].kind) == ("duration", "duration")
    assert (ex["四区"].value, ex["四区"].unit, ex["五大"].unit) == (4, "区", "大")


def test_quoted_slogans_and_numbered_names() -> None:
    found = extract("取得“三降两升、五个零发生”的成效，落实“七号检察建议”，滥用“0号胶囊”。")
    assert _quantities(found) == []
    assert {e.kind for e in found} == {"name"}
    # bare numbers in a quoted name, models named by numbers; a year in a quoted name stays
    assert _quantities(extract("开展“国门利剑2023”行动，推行“1+3+N”模式和1+3+N机制。")) == []
    (award,) = extract("被授予“2022年全省禁毒工作综合奖”。")
    assert (award.kind, award.value) == ("year", 2022)
    # a long quotation with figures is a quotation of figures, not a slogan
    ex = _by_text(extract("他说：“全年破获案件120起，同比下降5%。”"))
    assert (ex["120起"].kind, ex["5%"].direction) == ("count", "down")


# --------------------------------------------------------------------------- 6. indefinite 一


def test_indefinite_yi_even_after_a_counting_verb() -> None:
    assert _quantities(extract("查处一批案件，破获一批涉毒团伙，破获一些积案，打掉一伙人。")) == []
    ex = _by_text(extract("破获一起案件，抓获一名嫌疑人，经过一年的努力。"))
    assert (ex["一起"].value, ex["一名"].value) == (1, 1)
    assert (ex["一年"].kind, ex["一年"].value) == ("duration", 1)


# --------------------------------------------------------------------------- 7. page furniture


def test_page_furniture_is_not_a_quantity() -> None:
    text = (
        "来源：12345网\n投稿邮箱：tougao@126.com\n阅读量：1234 ▲ 35\n第2页 共5页\n"
        "本文共1200字，阅读约需4分钟\n"
    )
    found = extract(text)
    assert _quantities(found) == [], [(e.text, e.kind) for e in _quantities(found)]
    assert "tougao@126.com" in {e.text for e in found}


def test_figures_near_furniture_words_stay_figures() -> None:
    ex = _by_text(extract("全年开展阅读推广活动32场，查获毒品1200克，共有5页材料。"))
    assert (ex["32场"].kind, ex["1200克"].kind) == ("count", "weight")


# --------------------------------------------------------------------------- 8. pinyin glosses


def test_inline_pinyin_glosses_keep_the_unit() -> None:
    text = "涉案金額3.6億(yì)元，繳獲毒品25公(gōng)斤。(資料圖)另有(2023)號文件。"
    ex = _by_text(extract(text))
    money = ex["3.6億(yì)元"]
    assert (money.kind, money.value, money.unit) == ("money", D(360000000), "元")
    assert "pinyin" in money.note
    assert (ex["25公(gōng)斤"].kind, ex["25公(gōng)斤"].unit) == ("weight", "公斤")
    assert all(text[e.start : e.end] == e.text for e in extract(text))


# --------------------------------------------------------------------------- 9. ranks and ordinals


def test_ordinals_keep_their_classifier_and_top_n_bounds_the_rank() -> None:
    ex = _by_text(extract("入选第一批示范城市，刊于第3版，位列全省前5位，排名第二。"))
    assert (ex["第一批"].kind, ex["第一批"].unit) == ("rank", "批")
    assert (ex["第3版"].kind, ex["第3版"].unit) == ("rank", "版")
    top = ex["全省前5位"]
    assert (top.kind, top.value, top.lower, top.upper, top.qualifier) == (
        "rank",
        5,
        1,
        5,
        "at_most",
    )
    assert (ex["第二"].unit, ex["第二"].lower) == ("位次", 2)


def test_ordinals_that_are_names_pages_or_quarters() -> None:
    found = extract("最高检第二检察厅厅长，县长任第一副主任，前3季度，见第2页。", PUB)
    kinds = {e.text: e.kind for e in found}
    assert kinds == {"第二": "name", "前3季度": "period", "第2页": "identifier"}


# --------------------------------------------------------------------------- 10. direction in lists


@pytest.mark.parametrize(
    ("text", "direction", "printed"),
    [
        ("三类案件同比分别下降12.5%、8.3%和45.9%。", "down", ["12.5%", "8.3%", "45.9%"]),
        ("分别增长1.2倍、35%和20个百分点。", "up", ["1.2倍", "35%", "20个百分点"]),
        ("降幅分别为12.5%、8.3%。", "down", ["12.5%", "8.3%"]),
        ("案件和人数分别减少120起、35人。", "down", ["120起", "35人"]),
    ],
)
def test_one_direction_governs_the_whole_list(
    text: str, direction: str, printed: list[str]
) -> None:
    ex = _by_text(extract(text))
    assert [ex[p].direction for p in printed] == [direction] * len(printed)


def test_values_outside_the_list_take_no_direction() -> None:
    ex = _by_text(extract("同比下降12.5%，新发现吸毒人员3200名；审结案件分别为434件、309件。"))
    assert (ex["12.5%"].direction, ex["3200名"].direction) == ("down", "")
    assert (ex["434件"].direction, ex["309件"].direction) == ("", "")


def test_signed_differences_in_points() -> None:
    ex = _by_text(
        extract("重刑率高出全部刑事案件重刑率10个百分点，适用率比同期平均低3.5个百分点。")
    )
    assert (ex["10个百分点"].direction, ex["3.5个百分点"].direction) == ("up", "down")
    assert "difference" in ex["10个百分点"].note
    assert _by_text(extract("结案率为98.5%，占比12个百分点。"))["12个百分点"].direction == ""


# --------------------------------------------------------------------------- other forms


def test_roc_years_in_a_text_that_prints_minguo() -> None:
    text = (
        "民國109年至今查獲量下降，109年查獲3萬3985人次，113年4363人次；"
        "過去10年來，109至113年間起伏。"
    )
    ex = _by_text(extract(text, "2025-10-25"))
    since = ex["民國109年至今"]
    assert (since.kind, since.period_start, since.period_end) == (
        "period",
        "2020-01-01",
        "2025-10-25",
    )
    assert (ex["109年"].kind, ex["109年"].value, ex["113年"].value) == ("year", 2020, 2024)
    assert "ROC" in ex["109年"].note
    assert (ex["3萬3985人次"].value, ex["3萬3985人次"].unit) == (33985, "人次")
    assert (ex["10年來"].kind, ex["10年來"].value) == ("period", 10)  # not the ROC year 10
    span = ex["109至113年"]
    assert (span.kind, span.period_start, span.period_end) == ("period", "2020-01-01", "2024-12-31")
    # without an ROC year in the text, 109年 stays a duration, even where 民国 names an era
    assert _by_text(extract("该树已有109年。"))["109年"].kind == "duration"
    era = _by_text(extract("民国时期烟毒泛滥；建党100年来，禁毒成效显著。", "2021-07-01"))
    assert (era["100年来"].kind, era["100年来"].period_start) == ("period", "1921-07-02")


def test_ranges_with_qualified_ends_and_units_on_both() -> None:
    ex = _by_text(extract("全年可能落在4000多到5000多人次左右，占比在40.4%到42.6%之间。"))
    r = ex["4000多到5000多人次左右"]
    assert (r.kind, r.lower, r.upper, r.qualifier, r.unit) == ("count", 4000, 6000, "range", "人次")
    p = ex["40.4%到42.6%"]
    assert (p.kind, p.lower, p.upper) == ("percent", D("40.4"), D("42.6"))
    assert {e.text for e in extract("占比为40.4%，42.6%。")} == {"40.4%", "42.6%"}


def test_remaining_half_year_is_a_duration() -> None:
    ex = _by_text(extract("今年上半年通报2636人次，剩下半年时间仍需努力；下半年继续开展。", PUB))
    assert (ex["半年"].kind, ex["半年"].value) == ("duration", D("0.5"))
    assert (ex["下半年"].kind, ex["下半年"].period_start) == ("period", "2022-07-01")


def test_notes_name_the_conventions() -> None:
    ex = _by_text(extract("6月26日，市禁毒委召开发布会。近3年来，全市毒情持续向好。", "2023-06-26"))
    assert "publication year" in ex["6月26日"].note
    assert "the last N" in ex["近3年来"].note


# --------------------------------------------------------------------------- development set


def _scorer():
    path = settings.PROJ_ROOT / "bench" / "bench_genre.py"
    spec = importlib.util.spec_from_file_location("bench_genre", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_genre"] = module
    spec.loader.exec_module(module)
    return module


def test_development_set_is_fully_typed_and_reports_no_negative() -> None:
    scorer = _scorer()
    if not scorer.PAGES_DIR.exists():
        pytest.skip(f"development pages not available: {scorer.PAGES_DIR} is absent")
    total = scorer.score_all(with_cn2an=False)[-1]
    assert total.required >= 200
    assert total.rate("full") >= 0.98, "\n".join(total.misses)
    assert total.negatives_reported == 0, "\n".join(total.misses)


def test_scorer_counts_errors_and_negatives() -> None:
    scorer = _scorer()
    text = "破获案件12起，开展两学一做。"
    rows = [
        {"as_printed": "12起", "start": "4", "value": "12", "lower": "12", "upper": "12"}
        | {"unit": "起", "kind": "count", "direction": "", "period_start": "", "period_end": ""}
        | {"negative": "0"},
        {"as_printed": "两学一做", "start": "10", "negative": "1"},
    ]
    good = scorer.score_page("t", text, rows, extract(text))
    assert (good.required, good.hits["full"], good.negatives_reported) == (1, 1, 0)
    wrong = [
        Expression(4, 7, "12起", "count", D(13), D(13), D(13), "起"),
        Expression(10, 14, "两学一做", "count", D(2)),
    ]
    bad = scorer.score_page("t", text, rows, wrong)
    assert (bad.hits["detected"], bad.hits["value"], bad.negatives_reported) == (1, 0, 1)
