"""`wzdata check` and the corpus runner (local scheduler and a two-worker LocalCluster)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from wzdata.claims.corpus import check_document, cli, expand_paths, read_rows, run_corpus

GOOD = "破获案件86起,同比下降31.7%。案件由258起下降到12起,下降了21.5倍。\n"
BAD = "新发现人员3人,同比下降77.8%。\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "texts"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(GOOD, encoding="utf-8")
    (d / "sub" / "b.txt").write_text(BAD, encoding="utf-8")
    (d / "c.txt").write_bytes(b"\xff\xfe not utf-8")
    (d / "notes.md").write_text(BAD, encoding="utf-8")  # not a .txt: not read in a folder
    return d


def test_expand_paths_reads_folders_globs_and_names_a_missing_path(corpus: Path) -> None:
    names = [p.name for p in expand_paths([str(corpus)])]
    assert names == ["a.txt", "c.txt", "b.txt"]
    assert [p.name for p in expand_paths([str(corpus / "*.txt")])] == ["a.txt", "c.txt"]
    with pytest.raises(ValueError, match=r"nope\.txt: no such file"):
        expand_paths([str(corpus / "nope.txt")])


def test_an_unreadable_document_is_an_error_row(corpus: Path) -> None:
    (row,) = check_document(corpus / "c.txt")
    assert row["verdict"] == "error" and "c.txt: byte 0 is not UTF-8" in row["error"]
    assert len(row["sha256"]) == 64


def test_run_corpus_streams_partitions_and_keeps_going(corpus: Path, tmp_path: Path) -> None:
    files = expand_paths([str(corpus)])
    summary = run_corpus(files, tmp_path / "out", scheduler="sync", partition_size=1)
    assert (summary.documents, summary.partitions, summary.errors) == (3, 3, 1)
    assert summary.verdicts == {"consistent": 2, "inconsistent": 1}
    rows = list(read_rows(tmp_path / "out"))
    assert [Path(r["path"]).name for r in rows] == ["a.txt", "a.txt", "c.txt", "b.txt"]
    first = (tmp_path / "out" / "part-00000.parquet").read_bytes()
    run_corpus(files, tmp_path / "out", scheduler="sync", partition_size=1)
    assert (tmp_path / "out" / "part-00000.parquet").read_bytes() == first  # deterministic


def test_run_corpus_on_a_local_cluster_with_two_workers(corpus: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=40,
    ) as cluster:
        summary = run_corpus(
            expand_paths([str(corpus)]),
            tmp_path / "dist",
            scheduler=cluster.scheduler_address,
            partition_size=1,
        )
    assert (summary.documents, summary.claims, summary.errors) == (3, 3, 1)
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == [
        "part-00000.parquet",
        "part-00001.parquet",
        "part-00002.parquet",
    ]


def test_check_command_formats_filters_and_exit_status(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = str(corpus / "a.txt"), str(corpus / "sub" / "b.txt")
    assert cli([a, b, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["verdict"] for r in rows] == ["consistent", "consistent", "inconsistent"]
    assert cli([a, b, "--only", "inconsistent", "--format", "csv", "--strict"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[0].startswith("path,sha256,published,claim")
    assert cli([a, "--strict"]) == 0
    assert "21.5倍" in capsys.readouterr().out
    assert cli([str(corpus), "--scheduler", "sync", "--format", "csv", "--strict"]) == 1
    captured = capsys.readouterr()
    assert "3 documents" in captured.err and "1 unreadable" in captured.err
    assert captured.out.count("\n") == 5  # header, 3 claims, 1 error row


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["nope.txt"], "nope.txt: no such file or folder"),
        (["x.txt", "--published", "2022-13-01"], "not an ISO date"),
        (["x.txt", "--format", "parquet"], "give it with --output DIR"),
        (["x.txt", "--jobs", "0"], "--jobs 0"),
    ],
)
def test_bad_usage_exits_2_with_a_clear_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_piped_to_head_there_is_no_traceback(corpus: Path) -> None:
    text = corpus / "long.txt"
    text.write_text(GOOD * 3000, encoding="utf-8")
    cmd = f"{sys.executable} -m wzdata.cli check {text} --format csv | head -2"
    out = subprocess.run(cmd, shell=True, capture_output=True, text=True, check=True)
    assert len(out.stdout.splitlines()) == 2
    assert "Traceback" not in out.stderr and "BrokenPipe" not in out.stderr
