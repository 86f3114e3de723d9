"""Streaming extraction: the same expressions and the same output as on the whole text."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_faults import figures

from wzdata.cli import main
from wzdata.extract import extract, format_expressions, stream
from wzdata.extract.stream import extract_file, write_expressions

TITLE = "吴忠市在全区禁毒工作综合考核中连续十一年取得第一名"


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of a few lines, so that every text is cut many times, also inside lines."""
    monkeypatch.setattr(stream, "BLOCK", 40)
    monkeypatch.setattr(stream, "LOOKBEHIND", 32)
    monkeypatch.setattr(stream, "LOOKAHEAD", 200)


def _same(path: Path, published: str | None = None, title: str | None = None) -> None:
    text = path.read_text(encoding="utf-8")
    want = [e.to_dict() for e in extract(text, published, title=title)]
    got = [e.to_dict() for e in extract_file(path, published, title=title)]
    assert got == want
    for fmt in ("table", "csv", "json"):
        buf = io.StringIO()
        write_expressions(extract_file(path, published, title=title), fmt, buf)
        assert (
            buf.getvalue() == format_expressions(extract(text, published, title=title), fmt) + "\n"
        )


@pytest.mark.parametrize("title", [None, TITLE])
def test_article_streamed_as_a_whole(source_text: str, tmp_path: Path, title: str | None) -> None:
    path = tmp_path / "a.txt"
    path.write_text(source_text, encoding="utf-8")
    _same(path, "2022-06-27", title)


@pytest.mark.parametrize("title", [None, TITLE])
def test_article_streamed_in_small_blocks(
    source_text: str, tmp_path: Path, small_blocks: None, title: str | None
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(source_text, encoding="utf-8")
    _same(path, "2022-06-27", title)


_SEP = st.sampled_from(["\n", "\n\n", "\r\n", "\r", "，", "。", "、", " ", "\u2028", "\n  \n"])
_WORDS = st.sampled_from(
    [
        "去年",
        "2019年",
        "6月18日",
        "同比下降",
        "增长了",
        "每半年",
        "一次",
        "分别",
        "来源：新华社12",
        "联系 ab.c1@x.cn 电话",
        "民国109年",
        "25日",
    ]
)


@st.composite
def _documents(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(figures(), _WORDS, _SEP), min_size=1, max_size=60))
    return "".join(parts)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(_documents())
def test_synthetic_text_streamed_in_small_blocks(
    tmp_path: Path, small_blocks: None, doc: str
) -> None:
    path = tmp_path / "s.txt"
    path.write_bytes(doc.encode("utf-8"))
    _same(path, "2022-06-27")


def test_synthetic_text_with_a_title_and_a_byline(tmp_path: Path, small_blocks: None) -> None:
    doc = (
        "页眉 2022年\n标题\n"
        + "全市破获案件86起，同比下降31.7%。\n" * 30
        + "文/图 记者 1人\n相关报道 5起\n"
    )
    path = tmp_path / "t.txt"
    path.write_text(doc, encoding="utf-8")
    _same(path, "2022-06-27", "标题")
    assert all(e.paragraph <= 32 for e in extract_file(path, None, title="标题"))


def test_a_text_with_a_gloss_is_read_the_same(tmp_path: Path, small_blocks: None) -> None:
    path = tmp_path / "g.txt"
    path.write_text("收入3億(yì)元，下降5%。\n" * 20, encoding="utf-8")
    _same(path, "2022-06-27")


def test_a_long_line_is_cut_inside_and_read_the_same(tmp_path: Path, small_blocks: None) -> None:
    doc = "".join(f"第{i}项破获案件{i}起，下降{i}.5%、{i}倍，" for i in range(1, 200))
    path = tmp_path / "l.txt"
    path.write_text(doc, encoding="utf-8")
    _same(path, "2022-06-27")


def test_a_byte_that_is_not_utf8_is_named_before_any_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "g.txt"
    good = ("破获86起\n" * 200_000).encode("utf-8")  # longer than one read
    path.write_bytes(good + "下降".encode("gbk"))
    with pytest.raises(SystemExit) as info:
        main(["extract", str(path), "--format", "csv"])
    assert (
        str(info.value)
        == f"wzdata: {path}: byte {len(good)} is not UTF-8; convert the file to UTF-8"
    )
    assert capsys.readouterr().out == ""


def test_a_missing_title_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.txt"
    path.write_text("破获86起\n", encoding="utf-8")
    assert main(["extract", str(path), "--title", "无此标题"]) == 2
    captured = capsys.readouterr()
    assert "not found" in captured.err and captured.out == ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss is in KiB on Linux")
def test_memory_of_the_command_does_not_grow_with_the_text(tmp_path: Path) -> None:
    # 3 MB of figures in lines: the whole-text path peaks near 25 times that (about 75 MB),
    # the stream stays near the interpreter's own size (about 28 MB)
    line = "全市破获毒品案件86起，同比下降31.7%，抓获犯罪嫌疑人近12人，缴获毒品5.6万余克。\n"
    path = tmp_path / "big.txt"
    path.write_text(line * (3_000_000 // len(line.encode("utf-8"))), encoding="utf-8")
    script = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    cmd = [sys.executable, "-m", "wzdata.cli", "extract", str(path), "--format", "csv"]
    out = subprocess.run(
        [sys.executable, "-c", script, *cmd], capture_output=True, text=True, check=True
    )
    peak_mb = int(out.stdout.strip()) / 1024
    assert peak_mb < 55, f"peak RSS {peak_mb:.0f} MB on a 3 MB text"
