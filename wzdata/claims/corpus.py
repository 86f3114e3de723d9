"""Check the claims of many texts: files, folders or globs, locally or on a Dask cluster.

:func:`check_document` checks one file and returns one plain row per claim with
the document's path and SHA-256 (a file that cannot be read gives one error
row; it never stops a run). :func:`run_corpus` builds a Dask bag over the files,
groups them into partitions, and has each partition write its rows to its own
Parquet file (``part-00000.parquet`` ...), so that memory stays bounded by a
partition whatever the size of the corpus. It runs on the local scheduler
(processes by default) or on an existing ``dask.distributed`` cluster
(``scheduler="tcp://HOST:PORT"``).

``wzdata check PATH...`` is the command line (:func:`cli`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import hashlib
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from wzdata.claims.checks import Rounding

#: Columns of a corpus row: the document, then the claim columns of
#: :data:`wzdata.claims.detect.COLUMNS`, then ``error`` (empty unless the document
#: could not be read).
ROW_FIELDS: tuple[tuple[str, str], ...] = (
    ("path", "string"),
    ("sha256", "string"),
    ("published", "string"),
    ("claim", "int64"),
    ("paragraph", "int64"),
    ("start", "int64"),
    ("end", "int64"),
    ("span", "string"),
    ("kind", "string"),
    ("form", "string"),
    ("printed", "string"),
    ("direction", "string"),
    ("inputs", "string"),
    ("assumption", "string"),
    ("recomputed", "string"),
    ("reproduced_by", "string"),
    ("verdict", "string"),
    ("explanation", "string"),
    ("p_by_chance", "float64"),
    ("error", "string"),
)
_NAMES = [n for n, _ in ROW_FIELDS]
#: What ``p_by_chance`` means, for the schema and the help.
P_BY_CHANCE = (
    "Probability that the claim's check passes by chance, in the manner of GRIM: the share "
    "of printed values on the printed value's grid (its decimals and unit) within +/- 20% "
    "of it that the same printed inputs would also reproduce under the same check and "
    "rounding, assuming every value on that grid equally likely. Near 1: 'consistent' says "
    "little; small: passing is informative. Empty when the claim is not checkable, for a "
    "sum read as only some of its total (any larger total passes), and for a printed value "
    "with a qualifier (多, 近, 约), rounded to 万/亿 or printed as a fraction (三分之一)."
)
#: Verdict of an error row.
ERROR = "error"
#: File names read inside a folder.
TEXT_SUFFIXES = (".txt",)


class CheckUsageError(ValueError):
    """A mistake in the command line (a missing path, a bad date): exit status 2."""


# --------------------------------------------------------------------------- one document


def _to_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise CheckUsageError(
            f"published date {value!r} is not an ISO date: give YYYY-MM-DD"
        ) from None


def check_document(
    path: str | Path,
    published: str | dt.date | None = None,
    *,
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
    chance: bool = True,
) -> list[dict[str, Any]]:
    """Check the claims of one UTF-8 text file.

    Parameters
    ----------
    path : str or Path
        The file.
    published : str or date, optional
        Publication date; when None, a date the text states near its start.
    rounding : Rounding
        How unqualified printed values were rounded.
    chance : bool
        Fill ``p_by_chance`` (:func:`wzdata.claims.detect.chance_function`).

    Returns
    -------
    list of dict
        One row per claim (keys :data:`ROW_FIELDS`); a file that cannot be read
        or checked gives one row with ``verdict == "error"`` and the reason in
        ``error`` (naming the file); a text with no claim gives no row.
    """
    from wzdata.claims.detect import claim_rows, published_date

    p = str(path)
    base = dict.fromkeys(_NAMES, "")
    base.update(path=p, claim=None, paragraph=None, start=None, end=None, p_by_chance=None)
    try:
        data = Path(p).read_bytes()
    except OSError as exc:
        return [base | {"verdict": ERROR, "error": f"{p}: cannot be read ({exc.strerror})"}]
    base["sha256"] = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [
            base
            | {
                "verdict": ERROR,
                "error": f"{p}: byte {exc.start} is not UTF-8; convert the file to UTF-8",
            }
        ]
    when = _to_date(published) if published is not None else published_date(text)
    base["published"] = when.isoformat() if when else ""
    try:
        rows = claim_rows(text, when, rounding=rounding, chance=chance)
    except Exception as exc:  # a document must never stop a corpus run
        return [base | {"verdict": ERROR, "error": f"{p}: {type(exc).__name__}: {exc}"}]
    return [base | row | {"error": ""} for row in rows]


# --------------------------------------------------------------------------- paths


def expand_paths(paths: Iterable[str]) -> list[Path]:
    """Files named by paths, folders (their ``*.txt`` files, recursively) and globs.

    Returns
    -------
    list of Path
        Sorted, without duplicates.

    Raises
    ------
    CheckUsageError
        When a path does not exist or a glob matches nothing.
    """
    out: set[Path] = set()
    for arg in paths:
        p = Path(arg)
        if any(ch in arg for ch in "*?["):
            hits = [Path(h) for h in glob.glob(arg, recursive=True)]
            files = [h for h in hits if h.is_file()]
            for d in (h for h in hits if h.is_dir()):
                files += _folder_files(d)
            if not files:
                raise CheckUsageError(f"{arg}: the pattern matches no file")
            out.update(files)
        elif p.is_dir():
            out.update(_folder_files(p))
        elif p.exists():
            out.add(p)
        else:
            raise CheckUsageError(f"{arg}: no such file or folder")
    return sorted(out)


def _folder_files(d: Path) -> list[Path]:
    return [f for f in d.rglob("*") if f.is_file() and f.suffix in TEXT_SUFFIXES]


# --------------------------------------------------------------------------- a corpus


@dataclass
class CorpusSummary:
    """What a corpus run did.

    Attributes
    ----------
    documents, claims, errors, chars : int
        Files read, claim rows, error rows, characters checked.
    verdicts : Counter
        Claim rows per verdict.
    kinds : Counter
        Claim rows per kind.
    output : Path
        The folder of Parquet partitions.
    partitions : int
        Files written.
    """

    documents: int = 0
    claims: int = 0
    errors: int = 0
    chars: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    output: Path = Path()
    partitions: int = 0

    def add(self, part: dict[str, Any]) -> None:
        self.documents += part["documents"]
        self.claims += part["claims"]
        self.errors += part["errors"]
        self.chars += part["chars"]
        self.verdicts.update(part["verdicts"])
        self.kinds.update(part["kinds"])
        self.partitions += 1

    def format(self) -> str:
        """One paragraph for people."""
        v = ", ".join(f"{k} {n}" for k, n in sorted(self.verdicts.items()))
        k = ", ".join(f"{k} {n}" for k, n in sorted(self.kinds.items()))
        return (
            f"{self.documents} documents, {self.chars:,} characters: {self.claims} claims "
            f"({v or 'none'}; {k or 'no kinds'}), {self.errors} unreadable; "
            f"{self.partitions} Parquet partitions in {self.output}"
        )


def _arrow_schema() -> Any:
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64()}
    described = {"p_by_chance": P_BY_CHANCE}
    return pa.schema(
        [
            pa.field(
                n, types[t], metadata={"description": described[n]} if n in described else None
            )
            for n, t in ROW_FIELDS
        ]
    )


def _write_partition(
    item: tuple[int, Sequence[str]],
    out_dir: str,
    published: str | None,
    rounding: str,
    chance: bool = True,
) -> dict[str, Any]:
    """Check one partition of files and write its rows to ``part-NNNNN.parquet``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    index, paths = item
    rows: list[dict[str, Any]] = []
    chars = 0
    for p in paths:
        doc = check_document(p, published, rounding=Rounding(rounding), chance=chance)
        rows += doc
        try:
            chars += os.path.getsize(p)
        except OSError:
            pass
    columns = {n: [r[n] for r in rows] for n in _NAMES}
    table = pa.Table.from_pydict(columns, schema=_arrow_schema())
    final = Path(out_dir) / f"part-{index:05d}.parquet"
    tmp = final.with_suffix(".parquet.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, final)
    claims = [r for r in rows if r["verdict"] != ERROR]
    return {
        "documents": len(paths),
        "claims": len(claims),
        "errors": len(rows) - len(claims),
        "chars": chars,
        "verdicts": Counter(r["verdict"] for r in claims),
        "kinds": Counter(r["kind"] for r in claims),
    }


def run_corpus(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    *,
    published: str | dt.date | None = None,
    rounding: Rounding = Rounding.HALF_UP_OR_EVEN,
    jobs: int | None = None,
    scheduler: str = "processes",
    partition_size: int = 200,
    progress: bool = False,
    chance: bool = True,
) -> CorpusSummary:
    """Check every file and stream the rows to partitioned Parquet.

    Parameters
    ----------
    paths : sequence of str or Path
        The files (see :func:`expand_paths`).
    out_dir : str or Path
        Folder for ``part-NNNNN.parquet``; created, and emptied of old parts.
    published : str or date, optional
        One publication date for every file; else each file's own stated date.
    rounding : Rounding
        How unqualified printed values were rounded.
    jobs : int, optional
        Workers of the local scheduler (default: the number of CPUs).
    scheduler : str
        ``processes`` (default), ``threads`` or ``sync`` for the local
        scheduler, or the address of a ``dask.distributed`` scheduler
        (``tcp://HOST:PORT``).
    partition_size : int
        Files per partition (and per Parquet file).
    progress : bool
        Show a progress bar on standard error.
    chance : bool
        Fill ``p_by_chance`` (see :data:`P_BY_CHANCE`).

    Returns
    -------
    CorpusSummary
    """
    import dask
    import dask.bag as db

    when = _to_date(published)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("part-*.parquet"):
        old.unlink()
    files = [str(p) for p in paths]
    chunks = [
        (i, files[k : k + partition_size])
        for i, k in enumerate(range(0, len(files), max(1, partition_size)))
    ]
    summary = CorpusSummary(output=out)
    if not chunks:
        return summary
    bag = db.from_sequence(chunks, npartitions=len(chunks)).map(
        _write_partition,
        str(out),
        when.isoformat() if when else None,
        Rounding(rounding).value,
        chance,
    )
    if "://" in scheduler:
        parts = _run_distributed(bag, scheduler, progress)
    else:
        if scheduler not in ("processes", "threads", "sync"):
            raise CheckUsageError(
                f"scheduler {scheduler!r}: use processes, threads, sync or tcp://HOST:PORT"
            )
        kwargs: dict[str, Any] = {"scheduler": scheduler}
        if scheduler != "sync":
            kwargs["num_workers"] = jobs or os.cpu_count() or 1
        if progress:
            from dask.diagnostics import ProgressBar

            with ProgressBar(out=sys.stderr, minimum=0.5):
                (parts,) = dask.compute(bag, **kwargs)
        else:
            (parts,) = dask.compute(bag, **kwargs)
    for part in parts:
        summary.add(part)
    return summary


def _run_distributed(bag: Any, address: str, progress: bool) -> list[dict[str, Any]]:
    from distributed import Client, as_completed

    try:
        client = Client(address, timeout="10s")
    except OSError as exc:
        raise CheckUsageError(f"no Dask scheduler at {address}: {exc}") from None
    with client:
        futures = client.compute(bag.to_delayed())
        done = 0
        results: dict[int, list[dict[str, Any]]] = {}
        index = {f.key: i for i, f in enumerate(futures)}
        for fut in as_completed(futures):
            results[index[fut.key]] = fut.result()
            done += 1
            if progress:
                _bar(done, len(futures))
        if progress:
            print(file=sys.stderr)
    return [p for i in sorted(results) for p in results[i]]


def _bar(done: int, total: int, width: int = 40) -> None:
    n = int(width * done / total)
    sys.stderr.write(f"\r[{'#' * n}{' ' * (width - n)}] {done}/{total} partitions")
    sys.stderr.flush()


def read_rows(out_dir: str | Path) -> Iterator[dict[str, Any]]:
    """The rows of a corpus run, one partition in memory at a time, in partition order."""
    import pyarrow.parquet as pq

    for part in sorted(Path(out_dir).glob("part-*.parquet")):
        yield from pq.read_table(part).to_pylist()


# --------------------------------------------------------------------------- output

_TABLE_COLUMNS = ("path", "paragraph", "kind", "printed", "inputs", "verdict", "chance", "span")
_VERDICT_COLOURS = {"consistent": "32", "inconsistent": "31;1", "not checkable": "33", ERROR: "35"}


def _write_table(rows: list[dict[str, Any]], out: TextIO) -> None:
    from wzdata.output import render

    if not rows:
        out.write("no claims found\n")
        return
    shown = []
    for r in rows:
        why = r["error"] or r["explanation"]
        if r.get("assumption"):
            why = f"assumption: {r['assumption']}. {why}"
        p = r.get("p_by_chance")
        chance = "" if p is None or p != p else f"{100 * p:.1f}%"
        shown.append(r | {"path": Path(r["path"]).name, "chance": chance, "why": why})
    colour = (
        {"verdict": _VERDICT_COLOURS} if out.isatty() and not os.environ.get("NO_COLOR") else None
    )
    out.write(render(shown, "table", [*_TABLE_COLUMNS, "why"], wrap="why", colour=colour) + "\n")


def _write_csv(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    """CSV written row by row (a corpus is never held in memory whole)."""
    import csv

    from wzdata.output import cell_text

    w = csv.DictWriter(out, fieldnames=_NAMES, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: cell_text(v) for k, v in r.items()})


def _write_json(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    out.write("[")
    for n, r in enumerate(rows):
        out.write(("\n" if n == 0 else ",\n") + json.dumps(r, ensure_ascii=False))
    out.write("\n]\n")


# --------------------------------------------------------------------------- command line


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="wzdata check",
        description=(
            "Find the derived claims of Chinese statistical texts (folds, percentage changes, "
            "increments, rates, changes in percentage points, sums of parts) and check each "
            "against the figures it relates. One row per claim. A folder or a glob is run as a "
            "corpus on Dask."
        ),
    )
    ap.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (*.txt) or globs")
    ap.add_argument("--format", choices=("table", "csv", "json", "parquet"), default="table")
    ap.add_argument(
        "--only",
        type=lambda v: v.replace("_", " ").replace("-", " "),
        choices=("consistent", "inconsistent", "not checkable", ERROR),
        help="show only the claims with this verdict",
    )
    ap.add_argument("--published", help="publication date YYYY-MM-DD (default: read from text)")
    ap.add_argument("--strict", action="store_true", help="exit 1 if any claim is inconsistent")
    ap.add_argument(
        "--rounding",
        choices=[r.value for r in Rounding],
        default=Rounding.HALF_UP_OR_EVEN.value,
        help="how unqualified printed values were rounded (default: %(default)s)",
    )
    ap.add_argument(
        "-o", "--output", help="folder for the Parquet partitions (needed by --format parquet)"
    )
    ap.add_argument("--jobs", type=int, default=None, help="local worker processes (default: CPUs)")
    ap.add_argument(
        "--scheduler",
        default="processes",
        help="processes (default), threads, sync, or a dask.distributed address tcp://HOST:PORT",
    )
    ap.add_argument("--partition-size", type=int, default=200, help="files per partition")
    ap.add_argument("--no-progress", action="store_true", help="no progress bar")
    ap.add_argument(
        "--no-chance",
        action="store_true",
        help="leave p_by_chance empty (shown as 'chance' in the table). p_by_chance: "
        + P_BY_CHANCE.replace("%", "%%"),
    )
    return ap


def cli(argv: Sequence[str]) -> int:
    """``wzdata check PATH...``: check the claims of texts.

    Returns
    -------
    int
        0; 1 with ``--strict`` when a claim is inconsistent; 2 on bad usage.
    """
    args = _parser().parse_args(list(argv))
    status = [0]
    try:
        _run(args, status)
    except CheckUsageError as exc:
        print(f"wzdata check: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader (head, less) went away: stop quietly, keep the status
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return status[0]


def _run(args: argparse.Namespace, status: list[int]) -> None:
    """Check and print; ``status[0]`` is set before any output, so a closed pipe keeps it."""
    if args.jobs is not None and args.jobs < 1:
        raise CheckUsageError(f"--jobs {args.jobs}: give at least 1")
    if args.partition_size < 1:
        raise CheckUsageError(f"--partition-size {args.partition_size}: give at least 1")
    if args.format == "parquet" and not args.output:
        raise CheckUsageError("--format parquet writes a folder: give it with --output DIR")
    published = _to_date(args.published)
    files = expand_paths(args.paths)
    corpus = (
        args.format == "parquet"
        or args.output
        or any(Path(p).is_dir() or any(ch in p for ch in "*?[") for p in args.paths)
    )
    rounding = Rounding(args.rounding)
    if not corpus:
        rows: list[dict[str, Any]] = []
        for f in files:
            rows += check_document(f, published, rounding=rounding, chance=not args.no_chance)
        for r in rows:
            if r["verdict"] == ERROR:
                print(f"wzdata check: {r['error']}", file=sys.stderr)
        inconsistent = any(r["verdict"] == "inconsistent" for r in rows)
        status[0] = 1 if args.strict and inconsistent else 0
        _emit((r for r in rows if _keep(r, args.only)), args.format)
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="wzdata-check-") as tmp:
        out_dir = Path(args.output) if args.output else Path(tmp)
        summary = run_corpus(
            files,
            out_dir,
            published=published,
            rounding=rounding,
            jobs=args.jobs,
            scheduler=args.scheduler,
            partition_size=args.partition_size,
            progress=not args.no_progress and sys.stderr.isatty(),
            chance=not args.no_chance,
        )
        inconsistent = summary.verdicts.get("inconsistent", 0) > 0
        status[0] = 1 if args.strict and inconsistent else 0
        text = summary.format()
        print(text if args.output else text.rsplit(";", 1)[0], file=sys.stderr)
        if args.format != "parquet":
            _emit((r for r in read_rows(out_dir) if _keep(r, args.only)), args.format)


def _keep(row: dict[str, Any], only: str | None) -> bool:
    return only is None or row["verdict"] == only


def _emit(rows: Iterable[dict[str, Any]], fmt: str) -> None:
    out = sys.stdout
    if fmt == "csv":
        _write_csv(rows, out)
    elif fmt == "json":
        _write_json(rows, out)
    else:
        _write_table(list(rows), out)
    out.flush()
