"""The keyed figures against the reference text (skipped when the text is absent)."""

from __future__ import annotations

import csv
import hashlib

from wzdata.extract.paragraphs import article_paragraphs
from wzdata.study import settings as config


def _rows(name: str) -> list[dict[str, str]]:
    with (config.RAW_DATA_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_sha256_matches(source_text: str) -> None:
    path = config.SHARED_SOURCES_DIR / "chinapeace-2022-06-27.txt"
    s00 = next(r for r in _rows("sources") if r["source_id"] == config.CORE_SOURCE_ID)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == s00["sha256"]


def test_every_figure_is_in_its_paragraph(source_text: str) -> None:
    title = next(r for r in _rows("sources") if r["source_id"] == config.CORE_SOURCE_ID)["title"]
    paragraphs = article_paragraphs(source_text, title)
    missing = [
        (r["figure_id"], r["paragraph"], r["as_printed"])
        for r in _rows("figures")
        if r["source_id"] == config.CORE_SOURCE_ID
        and r["as_printed"] not in paragraphs[int(r["paragraph"]) - 1]
    ]
    assert not missing


def test_body_bounds(source_text: str) -> None:
    title = next(r for r in _rows("sources") if r["source_id"] == config.CORE_SOURCE_ID)["title"]
    paragraphs = article_paragraphs(source_text, title)
    assert paragraphs[0] == title
    assert "文/图" in paragraphs[-1]
