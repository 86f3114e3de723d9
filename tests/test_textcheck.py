"""The view of one text's claims (notebook 06) on the demo text shipped in the repository."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from wzdata.study import settings, textcheck

DEMO = "notebooks/examples/demo-report.txt"


@pytest.fixture(scope="module")
def check() -> textcheck.TextCheck:
    return textcheck.setup(DEMO, "", 0)


def test_demo_text_has_every_form_and_its_date(check: textcheck.TextCheck) -> None:
    assert str(check.published) == "2024-01-15"  # read from the text
    forms = set(check.table["form"])
    assert {
        "fold_endpoints",
        "fold_bare",
        "pct_endpoints",
        "pct_current",
        "pct_list",
        "pct_label",
        "increment_pct",
        "increment_levels",
        "rate_numerator",
        "rate_beside",
        "rate_alone",
    } <= forms
    assert check.summary().startswith("demo-report.txt: ")
    assert "示例县" not in repr(check)  # the text itself is never shown whole


def test_verdict_counts_add_up(check: textcheck.TextCheck) -> None:
    counts = check.verdict_counts()
    assert list(counts.columns) == ["consistent", "inconsistent", "not checkable", "total"]
    assert counts.loc["total", "total"] == len(check.table)
    assert counts.loc["pct_change", "inconsistent"] == 1  # 57 -> 25.5%: no whole prior


def test_highlighted_marks_each_claim_with_its_verdict_and_number(
    check: textcheck.TextCheck,
) -> None:
    page = check.highlighted()
    assert page._repr_html_() == str(page)
    for n in check.table["claim"]:
        assert f"<sup>[{n}]</sup>" in page
    assert textcheck.COLOURS["inconsistent"] in page
    # context 0 shows the claims only: a sentence without a claim is left out
    assert "发布时间" not in page and "…" in page and "……" not in page
    whole = textcheck.setup(DEMO, "", -1, root=settings.PROJ_ROOT).highlighted()
    assert "示例县共破获" in whole


def test_claims_and_assumptions_tables(check: textcheck.TextCheck) -> None:
    bad = check.claims("inconsistent")
    assert bad["printed"].tolist() == ["25.5%"]
    assert "no whole prior count reproduces it" in bad["explanation"].iloc[0]
    assumed = check.assumptions()
    # a count beside a rate, a count under the same label, the members of a 分别 list
    assert set(assumed["printed"]) == {"87.36%", "12%", "20%", "13.6%"}
    with pytest.raises(ValueError, match="use one of"):
        check.claims("wrong")


def test_plot_has_one_tile_per_kind_and_verdict(check: textcheck.TextCheck) -> None:
    fig = check.plot_verdicts()
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert len(texts) == 4 * 3 and sum(map(int, texts)) == len(check.table)


def test_missing_text_and_bad_parameters_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(textcheck.TextNotFoundError, match=r"text not found: .*nope\.txt.*-p text"):
        textcheck.setup("nope.txt", root=tmp_path)
    with pytest.raises(ValueError, match="not an ISO date"):
        textcheck.setup(DEMO, "2024-15-01", root=settings.PROJ_ROOT)
    with pytest.raises(ValueError, match="context must be"):
        textcheck.setup(DEMO, "", -2, root=settings.PROJ_ROOT)


def test_nbval_skips_a_notebook_whose_text_is_absent(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "notebooks_conftest", settings.NOTEBOOKS_DIR / "conftest.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    nb = json.loads((settings.NOTEBOOKS_DIR / "06-check-a-text.ipynb").read_text())
    for cell in nb["cells"]:
        if "parameters" in cell["metadata"].get("tags", []):
            cell["source"] = f'text = "{tmp_path / "absent.txt"}"\n'
    path = tmp_path / "06-x.ipynb"
    path.write_text(json.dumps(nb))
    assert "absent.txt is absent" in mod._missing_text(path)
    (tmp_path / "absent.txt").write_text("x")
    assert mod._missing_text(path) is None
