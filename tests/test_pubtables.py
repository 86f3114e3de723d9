"""Publication tables: declared presentation, formats, determinism; every view declared."""

from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest

from wzdata import fonts, pubtables
from wzdata.pubtables import Column, Table
from wzdata.study import views, viewtables

pytest.importorskip("great_tables")

SPEC = Table(
    columns=(
        Column("name", "Name", "名称"),
        Column("count", "Count (persons)", "人数", fmt="int"),
        Column("est", "Estimate", "估计值", fmt="number", decimals=1, spanner=("Change", "变化")),
        Column(
            "lo", "95% interval", "95% 区间", fmt="interval", upper="hi", spanner=("Change", "变化")
        ),
        Column("p", "p", "p 值", fmt="p"),
    ),
    source=("Source: a test.", "来源：测试。"),
    group="grp",
)


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "grp": ["a", "a", "b"],
            "name": ["x <b>", "y", None],
            "count": [2670000, 12, None],
            "est": [21.5, -45.86, float("nan")],
            "lo": [12.098, -51.78, None],
            "hi": [42.154, -39.22, None],
            "p": [0.0, 0.0123, 0.5],
        },
        index=[10, 11, 12],
    )


def test_formats() -> None:
    assert pubtables.format_number(2670000, 0) == "2,670,000"
    assert pubtables.format_number(-0.04, 1) == "0.0"
    assert pubtables.format_number(float("inf")) == "∞"
    assert pubtables.format_interval(12.098, 42.154) == "12.1–42.2"
    assert pubtables.format_interval(-51.78, -39.22) == "−51.8 to −39.2"
    assert pubtables.format_interval(None, None) == "—"
    assert [pubtables.format_p(p) for p in (0, 0.0004, 0.0123, 0.5, None)] == [
        "<0.001",
        "<0.001",
        "0.012",
        "0.50",
        "—",
    ]


def test_display_frame_has_no_index_and_formats_every_cell() -> None:
    df = pubtables.declare(_frame(), SPEC, html_id="wz-test")
    shown = pubtables.display_frame(df)
    assert list(shown.columns) == ["name", "count", "est", "lo", "p", "grp"]
    assert shown["count"].tolist() == ["2,670,000", "12", "—"]
    assert shown["lo"].tolist() == ["12.1–42.2", "−51.8 to −39.2", "—"]
    assert shown["p"].tolist() == ["<0.001", "0.012", "0.50"]
    assert shown["name"].tolist() == ["x <b>", "y", "—"]
    assert df["count"].iloc[0] == 2670000  # the data stay exact


def test_html_is_deterministic_escaped_grouped_and_sourced() -> None:
    df = pubtables.declare(_frame(), SPEC, html_id="wz-test")
    html = pubtables.to_html(df)
    assert html == pubtables.to_html(pubtables.declare(_frame(), SPEC, html_id="wz-test"))
    assert 'id="wz-test"' in html and "x &lt;b&gt;" in html and "x <b>" not in html
    assert "Source: a test." in html and "Change" in html and "gt_group_heading" in html
    assert ">10<" not in html  # no index column
    assert "NaN" not in html and "nan" not in html.lower().replace("nanum", "")
    zh = pubtables.to_html(pubtables.declare(_frame(), SPEC, lang="zh", html_id="wz-test"))
    assert "人数" in zh and "来源：测试。" in zh and "Count (persons)" not in zh


def test_table_ids_follow_the_arguments() -> None:
    assert pubtables.table_id("rate_ratios", "exact") == pubtables.table_id("rate_ratios", "exact")
    assert pubtables.table_id("rate_ratios", "exact") != pubtables.table_id("rate_ratios", "score")
    assert re.fullmatch(r"wz-rate-ratios-[0-9a-f]{6}", pubtables.table_id("rate_ratios"))


def test_bad_declarations_raise() -> None:
    with pytest.raises(ValueError, match="format"):
        Column("x", "X", "X", fmt="money")
    with pytest.raises(ValueError, match="interval"):
        Column("x", "X", "X", fmt="interval")


@pytest.fixture(scope="module", params=["en", "zh"])
def analysis(request: pytest.FixtureRequest) -> views.Analysis:
    return views.setup(lang=request.param)


@pytest.mark.parametrize("name", sorted(viewtables.TABLES))
def test_every_table_view_is_declared_whole(analysis: views.Analysis, name: str) -> None:
    df = getattr(analysis, name)()
    assert pubtables.check_declared(df) == [], f"{name}: columns without a header"
    headers = pubtables.headers(df)
    assert headers and not any(re.search(r"[a-z]+_[a-z]+", h) for h in headers), headers
    if analysis.lang == "zh":
        assert all(re.search(r"[\u4e00-\u9fff]", h) or h in ("2016", "2021") for h in headers)
    text = pubtables.to_html(df)
    assert fonts.covers(re.sub(r"<[^>]+>", " ", text)) == [], "new characters: run make font"


def test_figures_have_captions_in_the_language_and_no_missing_glyph(
    analysis: views.Analysis,
) -> None:
    from matplotlib import font_manager

    shipped = fonts.register_matplotlib()
    fm = font_manager.fontManager
    saved = list(fm.ttflist)
    # only the shipped font and matplotlib's own DejaVu, as on a machine without CJK fonts
    fm.ttflist = [f for f in saved if f.name in (shipped, "DejaVu Sans")]
    font_manager._get_font.cache_clear()
    fm._findfont_cached.cache_clear()
    try:
        analysis._cache.pop("figure_number", None)
        views.setup(lang=analysis.lang)
        for i, name in enumerate(sorted(viewtables.FIGURES), start=1):
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                fig = getattr(analysis, name)()
                fig.canvas.draw()
            word = "图" if analysis.lang == "zh" else "Figure"
            assert fig.wzdata_caption.startswith(f"{word} {i}. "), fig.wzdata_caption
    finally:
        fm.ttflist = saved
        font_manager._get_font.cache_clear()
        fm._findfont_cached.cache_clear()


@pytest.mark.parametrize("name", sorted(viewtables.TEXTCHECK_TABLES))
def test_every_text_check_table_is_declared_whole(name: str) -> None:
    from wzdata.study import settings, textcheck

    demo = settings.NOTEBOOKS_DIR / "examples" / "demo-report.txt"
    check = textcheck.setup(demo, "2024-01-15")
    df = getattr(check, name)()
    assert pubtables.check_declared(df) == [], f"{name}: columns without a header"
    headers = pubtables.headers(df)
    assert headers and not any(re.search(r"[a-z]+_[a-z]+", h) for h in headers), headers
    assert 'class="gt_table"' in pubtables.to_html(df)


def test_a_page_carries_the_table_css_once() -> None:
    from wzdata.notebooks import page

    a = pubtables.to_html(pubtables.declare(_frame(), SPEC, html_id="wz-a"))
    b = pubtables.to_html(pubtables.declare(_frame(), SPEC, html_id="wz-b"))
    html = f"<html><head></head><body>{a}{b}</body></html>"
    out = page.shared_table_css(html)
    assert out.count("<style>") == 1 and out.count('class="wz-gt"') == 2
    assert "#wz-a" not in out and ".wz-gt .gt_table" in out
    assert len(out) < len(html) - 5000
