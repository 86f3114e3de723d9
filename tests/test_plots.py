"""Tests of the plotting base: labels, theme, each plot function, deterministic PNG."""

from __future__ import annotations

import math
import warnings

import pytest

pd = pytest.importorskip("pandas")
mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from wzdata import plots  # noqa: E402


@pytest.fixture(autouse=True)
def _theme() -> None:
    plots.set_theme()
    yield
    plt.close("all")


def _slope_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": ["cases", "users"],
            "before": [120.0, 800.0],
            "after": [10.0, 90.0],
            "unit": ["cases", "persons"],
        }
    )


def _interval_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": ["cases", "cases", "users", "users"],
            "period": ["2016-2019", "2019-2021"] * 2,
            "estimate": [30.0, 40.0, 20.0, 10.0],
            "lower": [25.0, 35.0, 15.0, 5.0],
            "upper": [35.0, 45.0, 25.0, math.inf],
        }
    )


def _verdict_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "verdict": ["consistent", "consistent", "inconsistent", "ambiguous"],
            "kind": ["fold_change", "pct_change", "fold_change", "fold_change"],
        }
    )


def _figures() -> dict[str, object]:
    forest = _interval_df().query("period == '2016-2019'")
    return {
        "slope": lambda: plots.slope_chart(_slope_df(), end_labels=("2016", "2021")),
        "forest": lambda: plots.forest_plot(forest, log_x=True, reference=1),
        "dots": lambda: plots.forest_plot(_interval_df(), hue="period", reference=0),
        "verdicts": lambda: plots.verdict_overview(_verdict_df()),
    }


@pytest.mark.parametrize("name", ["slope", "forest", "dots", "verdicts"])
def test_figure_is_returned_labelled_and_deterministic(name: str) -> None:
    make = _figures()[name]
    fig = make()
    assert isinstance(fig, mpl.figure.Figure)
    ax = fig.axes[0]
    assert ax.get_xlabel() and ax.get_ylabel()
    first = plots.png_bytes(fig)
    assert first == plots.png_bytes(fig)  # same figure rendered twice
    assert first == plots.png_bytes(make())  # a fresh figure from the same data
    assert first.startswith(b"\x89PNG") and b"Matplotlib" not in first


def test_log_scales_and_units() -> None:
    slope = plots.slope_chart(_slope_df()).axes[0]
    assert slope.get_yscale() == "log" and "log scale" in slope.get_ylabel()
    assert [t.get_text() for t in slope.texts] == ["cases (cases)", "users (persons)"]
    linear = plots.slope_chart(_slope_df().assign(unit="cases"), log=False).axes[0]
    assert linear.get_yscale() == "linear" and "(cases)" in linear.get_ylabel()
    forest = plots.forest_plot(_interval_df().head(2), log_x=True).axes[0]
    assert forest.get_xscale() == "log"
    assert plots.forest_plot(_interval_df().head(2)).axes[0].get_xscale() == "linear"
    dots = plots.forest_plot(_interval_df(), hue="period", xlabel=plots.label("annual_decline"))
    dots = dots.axes[0]
    assert "% per year" in dots.get_xlabel()
    # groups share their label's row, side by side: one tick per label
    assert [t.get_text() for t in dots.get_yticklabels()] == list(
        dict.fromkeys(_interval_df()["indicator"])
    )
    assert [t.get_text() for t in dots.get_legend().get_texts()] == ["2016-2019", "2019-2021"]


def test_verdict_tiles_count_claims() -> None:
    fig = plots.verdict_overview(
        _verdict_df(), verdict_order=["consistent", "inconsistent", "ambiguous"]
    )
    ax = fig.axes[0]
    # rows: fold_change, pct_change; columns in verdict_order
    assert [t.get_text() for t in ax.texts] == ["1", "1", "1", "1", "0", "0"]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["consistent", "inconsistent", "ambiguous"]
    with pytest.raises(ValueError, match="not in verdict_order"):
        plots.verdict_overview(_verdict_df(), verdict_order=["consistent"])


def test_bad_input_is_explained() -> None:
    with pytest.raises(KeyError, match="column"):
        plots.forest_plot(_slope_df())
    with pytest.raises(ValueError, match="log scale needs positive"):
        plots.slope_chart(_slope_df().assign(after=[0.0, 1.0]))
    with pytest.raises(ValueError, match="empty"):
        plots.slope_chart(_slope_df().iloc[0:0])


def test_labels_english_and_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    assert plots.label("verdict") == "Verdict"
    with pytest.raises(KeyError, match="register_labels"):
        plots.label("no_such_key")
    plots.register_labels({"tmp_key": ("Temporary", "临时")})
    monkeypatch.setattr(plots, "cjk_font", lambda: None)
    with pytest.warns(UserWarning, match="no CJK font"):
        assert plots.label("tmp_key", "zh") == "Temporary"
    monkeypatch.setattr(plots, "cjk_font", lambda: "Noto Sans CJK SC")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert plots.label("tmp_key", "zh") == "临时"
    assert plots._rc("zh")["font.sans-serif"][0] == "Noto Sans CJK SC"
    with pytest.raises(ValueError, match="lang"):
        plots.label("verdict", "fr")
    del plots.LABELS["tmp_key"]


def test_theme_sets_deterministic_rc() -> None:
    plots.set_theme()
    assert mpl.rcParams["svg.hashsalt"] == plots.SVG_HASHSALT
    assert tuple(mpl.rcParams["figure.figsize"]) == plots.FIG_SIZE


def test_cjk_font_detection_matches_font_manager() -> None:
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    found = plots.cjk_font()
    assert (found is None) == names.isdisjoint(plots.CJK_FONTS)
    assert found is None or found in names


def test_ipython_display_publishes_once_and_closes(monkeypatch: pytest.MonkeyPatch) -> None:
    import base64

    display_mod = pytest.importorskip("IPython.display")
    shown: list[dict] = []
    monkeypatch.setattr(display_mod, "display", lambda data, raw=False: shown.append(data))
    fig = plots.slope_chart(_slope_df())
    assert fig.number in plt.get_fignums()
    fig._ipython_display_()
    assert fig.number not in plt.get_fignums()  # the inline backend will not show it again
    (data,) = shown
    png = base64.b64decode(data["image/png"])
    assert png == plots.png_bytes(fig) and b"Matplotlib" not in png
    assert data["text/plain"].startswith("<Figure ") and "0x" not in data["text/plain"]
