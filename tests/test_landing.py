"""The landing page: findings from the data, cards, variants that exist, downloads, citation."""

from __future__ import annotations

import base64
import io
import shutil
from pathlib import Path

import pytest

from wzdata.study import landing
from wzdata.study import settings as config


def _png(width: int, height: int) -> str:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 10, 10)).save(buf, format="PNG")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _record(name: str, notebook: str, status: str = "built", **overrides: object) -> dict:
    return {
        "name": name,
        "notebook": notebook,
        "title": f"Title of {notebook}",
        "summary": "A summary.",
        "status": status,
        "inputs": {"overrides": overrides},
        "version": "0.1.0",
        "commit": "abc1234",
        "data_sha256": "f" * 64,
        "parameters": dict(overrides),
    }


def test_key_findings_come_from_the_processed_data(tmp_path: Path) -> None:
    findings = landing.key_findings(config.PROCESSED_DATA_DIR)
    text = " ".join(findings)
    assert "258 → 12" in text and "21.5倍" in text  # drug cases solved, as printed
    assert "inconsistent" in text and "7.6%" in text
    # a copy of the data with one claim changed changes the findings
    copy = tmp_path / "processed"
    shutil.copytree(config.PROCESSED_DATA_DIR, copy)
    claims = (copy / "claims.csv").read_text(encoding="utf-8")
    (copy / "claims.csv").write_text(claims.replace(",inconsistent,", ",consistent,", 1))
    assert landing.key_findings(copy) != findings
    assert landing.key_findings(tmp_path / "missing") == []


def test_index_groups_variants_and_drops_the_failed_ones(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    page = f'<html><body><img src="data:image/png;base64,{_png(760, 400)}"></body></html>'
    for name in ("01-a", "01-a--lang-zh", "02-b"):
        (reports / f"{name}.html").write_text(page, encoding="utf-8")
    records = [
        _record("01-a", "01-a.ipynb") | {"has_html": True},
        _record("01-a--lang-zh", "01-a.ipynb", lang="zh") | {"has_html": True},
        _record("01-a--conf_level-0.9", "01-a.ipynb", "failed", conf_level=0.9)
        | {"has_html": False},
        _record("02-b", "02-b.ipynb", "failed") | {"has_html": True},
    ]
    names = landing.copy_downloads(config.PROCESSED_DATA_DIR, reports, config.PROJ_ROOT)
    html = landing.index_html(records, reports, config.PROCESSED_DATA_DIR, downloads=names)
    assert html.count('class="wz-card"') == 2
    assert 'href="01-a--lang-zh.html"' in html and "lang=&#x27;zh&#x27;" in html
    assert "conf_level" not in html  # a failed variant is not listed
    assert 'href="02-b.failed.html"' in html  # a failed report says so
    assert html.count("data:image/png;base64,") == 2
    thumb = landing.thumbnail(page)
    assert thumb is not None
    from PIL import Image

    img = Image.open(io.BytesIO(base64.b64decode(thumb.split(",", 1)[1])))
    assert img.width == landing.THUMB_WIDTH
    for name in ("wzdata.xlsx", "datapackage.json", "figures.csv", "figures.parquet"):
        assert f'href="data/{name}"' in html and (reports / "data" / name).is_file()
    assert 'href="data/CITATION.cff"' in html and "How to cite" in html
    assert html.count("processed data sha256") == 1  # build information once
    # a file gone from the data is gone from the downloads
    (reports / "data" / "old.csv").write_text("x\n", encoding="utf-8")
    landing.copy_downloads(config.PROCESSED_DATA_DIR, reports, config.PROJ_ROOT)
    assert not (reports / "data" / "old.csv").exists()


def test_an_unchanged_index_reuses_its_thumbnails_and_font(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wzdata.notebooks import page as report_page

    reports = tmp_path / "reports"
    reports.mkdir()
    page = f'<html><body><img src="data:image/png;base64,{_png(760, 400)}"></body></html>'
    (reports / "01-a.html").write_text(page, encoding="utf-8")
    records = [_record("01-a", "01-a.ipynb") | {"has_html": True}]
    first = landing.page(records, reports)
    assert "@font-face" in first and (reports / ".cache" / "landing.memo").is_file()

    def fail(*args: object) -> str:
        raise AssertionError("computed again")

    monkeypatch.setattr(landing, "thumbnail", fail)
    monkeypatch.setattr(report_page, "with_font", fail)
    assert landing.page(records, reports) == first  # nothing computed again, same bytes
    # a changed report is a new thumbnail, a changed page a new cut of the font
    (reports / "01-a.html").write_text(page.replace("<body>", "<body><p>x</p>"), encoding="utf-8")
    with pytest.raises(AssertionError, match="computed again"):
        landing.page(records, reports)


def test_file_memo_keeps_what_was_used_and_survives_a_bad_file(tmp_path: Path) -> None:
    from wzdata.output import FileMemo

    path = tmp_path / "memo"
    path.write_text("not json", encoding="utf-8")
    memo = FileMemo(path)  # an unreadable file is an empty memo
    calls: list[str] = []
    for key in ("a", "b"):
        assert (
            memo.get(FileMemo.key(key), lambda k=key: calls.append(k) or k.upper()) == key.upper()
        )
    assert memo.save() and not memo.save()  # written once, then unchanged
    again = FileMemo(path)
    assert again.get(FileMemo.key("a"), lambda: "recomputed") == "A" and calls == ["a", "b"]
    assert again.save()  # "b" was not used: it is dropped
    assert FileMemo(path).get(FileMemo.key("b"), lambda: "fresh") == "fresh"
    assert FileMemo.key("ab", "c") != FileMemo.key("a", "bc")
