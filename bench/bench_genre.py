"""Score wzdata.extract, beside cn2an, on the development pages of the genre.

Run as ``python bench/bench_genre.py [--misses]``. The pages are the ten excerpts
of ``../shared/sources/genre-dev/`` (see its README); the gold list is
``tests/data/genre_dev_gold.csv``, keyed by hand as facts (printed form, its
occurrence and start offset, value, bounds, unit, kind, direction, period) under
the conventions of :mod:`wzdata.parse` and :mod:`wzdata.extract`. A row with
``negative=1`` is a numeral that is not a quantity (a slogan, a name, page
furniture, the indefinite 一). ``tests/data/genre_dev_pages.csv`` gives each
page's publication date and the SHA-256 of its text.

For each page and in total it prints, over the required (non-negative) rows:

* detection: an expression with the row's exact span;
* value, unit, kind, bounds (lower and upper): each equal to the row's;
* full typing: value, unit, kind and bounds all right;
* direction and period (start and end): reported beside, not part of full typing;
* negatives reported: negative rows overlapped by an expression of a quantity
  kind (any kind but ``identifier`` and ``name``);
* unkeyed: expressions of a quantity kind with no row at their span.

cn2an (``cn2an.transform(text, "cn2an")``) converts numerals without spans, units
or kinds. For it a required row with a value counts as found when that value is
among the numbers of its converted paragraph (万/亿 applied, each number used
once), and a negative row counts as reported when cn2an's output of its printed
form holds a digit.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from wzdata.extract import Expression, extract
from wzdata.study import settings as config

PAGES_DIR = config.SHARED_SOURCES_DIR / "genre-dev"
GOLD = config.PROJ_ROOT / "tests" / "data" / "genre_dev_gold.csv"
PAGES = config.PROJ_ROOT / "tests" / "data" / "genre_dev_pages.csv"
#: Kinds that are not quantities: a negative reported with one of them is not an error.
NOT_QUANTITY_KINDS = frozenset({"identifier", "name"})
CHECKS = ("detected", "value", "unit", "kind", "bounds", "full", "direction", "period")


@dataclass
class PageScore:
    """Counts for one page (or the total)."""

    page_id: str
    required: int = 0
    hits: Counter[str] = field(default_factory=Counter)
    negatives: int = 0
    negatives_reported: int = 0
    unkeyed: int = 0
    cn2an_valued: int = 0
    cn2an_found: int = 0
    cn2an_negatives_reported: int = 0
    misses: list[str] = field(default_factory=list)

    def rate(self, check: str) -> float:
        """Share of required rows passing ``check``."""
        return self.hits[check] / self.required if self.required else 1.0

    def add(self, other: PageScore) -> None:
        """Add another page's counts to this one."""
        self.required += other.required
        self.hits.update(other.hits)
        self.negatives += other.negatives
        self.negatives_reported += other.negatives_reported
        self.unkeyed += other.unkeyed
        self.cn2an_valued += other.cn2an_valued
        self.cn2an_found += other.cn2an_found
        self.cn2an_negatives_reported += other.cn2an_negatives_reported
        self.misses += other.misses


def _dec(s: str) -> Decimal | None:
    return Decimal(s) if s != "" else None


def load_pages(path: Path = PAGES) -> dict[str, dict[str, str]]:
    """Page id -> row of genre_dev_pages.csv (published, sha256)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["page_id"]: r for r in csv.DictReader(fh)}


def load_gold(path: Path = GOLD) -> dict[str, list[dict[str, str]]]:
    """Page id -> gold rows, in text order."""
    out: dict[str, list[dict[str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            out.setdefault(r["page_id"], []).append(r)
    return out


def read_page(page_id: str, sha256: str, pages_dir: Path = PAGES_DIR) -> str:
    """The text of a page, checked against its SHA-256."""
    path = pages_dir / f"{page_id}.txt"
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise ValueError(f"{path}: SHA-256 {digest} is not the keyed {sha256}; re-create the page")
    return data.decode("utf-8")


def _eq(a: Decimal | None, b: Decimal | None) -> bool:
    return a == b if a is not None and b is not None else a is None and b is None


def score_page(
    page_id: str, text: str, rows: list[dict[str, str]], exprs: list[Expression]
) -> PageScore:
    """Compare the expressions of one page with its gold rows."""
    sc = PageScore(page_id)
    at = {(e.start, e.text): e for e in exprs}
    keyed: set[tuple[int, int]] = set()
    for r in rows:
        start = int(r["start"])
        printed = r["as_printed"]
        if text[start : start + len(printed)] != printed:
            raise ValueError(f"{GOLD}: {page_id} row {printed!r} is not at offset {start}")
        keyed.add((start, start + len(printed)))
        if r["negative"] == "1":
            sc.negatives += 1
            end = start + len(printed)
            hit = [e for e in exprs if e.start < end and start < e.end]
            if any(e.kind not in NOT_QUANTITY_KINDS for e in hit):
                sc.negatives_reported += 1
                sc.misses.append(f"{page_id}@{start} {printed}: negative reported as {hit[0].kind}")
            continue
        sc.required += 1
        e = at.get((start, printed))
        if e is None:
            near = [x.text for x in exprs if x.start < start + len(printed) and start < x.end]
            sc.misses.append(f"{page_id}@{start} {printed}: not detected (found {near})")
            continue
        ok = {
            "detected": True,
            "value": _eq(e.value, _dec(r["value"])),
            "unit": e.unit == r["unit"],
            "kind": e.kind == r["kind"],
            "bounds": _eq(e.lower, _dec(r["lower"])) and _eq(e.upper, _dec(r["upper"])),
            "direction": e.direction == r["direction"],
            "period": (e.period_start or "", e.period_end or "")
            == (r["period_start"], r["period_end"]),
        }
        ok["full"] = ok["value"] and ok["unit"] and ok["kind"] and ok["bounds"]
        sc.hits.update(k for k, v in ok.items() if v)
        bad = [k for k, v in ok.items() if not v]
        if bad:
            got = (
                f"{e.kind} {e.value} [{e.lower}, {e.upper}] {e.unit!r} {e.direction!r} "
                f"{e.period_start}..{e.period_end}"
            )
            sc.misses.append(f"{page_id}@{start} {printed}: wrong {', '.join(bad)} (got {got})")
    for e in exprs:
        if e.kind not in NOT_QUANTITY_KINDS and (e.start, e.end) not in keyed:
            sc.unkeyed += 1
            sc.misses.append(f"{page_id}@{e.start} {e.text}: unkeyed {e.kind}")
    return sc


_NUM = re.compile(r"(\d+(?:\.\d+)?)([万亿萬億]?)")


def _numbers(text: str) -> Counter[Decimal]:
    out: Counter[Decimal] = Counter()
    for m in _NUM.finditer(text):
        mult = {"": 1, "万": 10_000, "萬": 10_000, "亿": 10**8, "億": 10**8}[m.group(2)]
        out[Decimal(m.group(1)) * mult] += 1
    return out


def _cn2an(text: str) -> str:
    import cn2an

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return str(cn2an.transform(text, "cn2an"))
        except Exception:  # cn2an raises on some inputs: count as no conversion
            return text


def score_cn2an(sc: PageScore, text: str, rows: Iterable[dict[str, str]]) -> None:
    """Add cn2an's counts for one page to ``sc``."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    pools = [_numbers(_cn2an(line)) for line in lines]
    for r in rows:
        if r["negative"] == "1":
            if any(ch.isdigit() for ch in _cn2an(r["as_printed"])):
                sc.cn2an_negatives_reported += 1
            continue
        v = _dec(r["value"])
        if v is None:
            continue
        sc.cn2an_valued += 1
        start = int(r["start"])
        i = next(i for i in range(len(lines)) if starts[i] <= start < starts[i + 1])
        if pools[i][v] > 0:
            pools[i][v] -= 1
            sc.cn2an_found += 1


def score_all(pages_dir: Path = PAGES_DIR, *, with_cn2an: bool = True) -> list[PageScore]:
    """Score every page of the gold list; the last item is the total."""
    pages = load_pages()
    gold = load_gold()
    total = PageScore("total")
    out = []
    for page_id, rows in sorted(gold.items()):
        meta = pages[page_id]
        text = read_page(page_id, meta["sha256"], pages_dir)
        sc = score_page(page_id, text, rows, extract(text, meta["published"]))
        if with_cn2an:
            score_cn2an(sc, text, rows)
        out.append(sc)
        total.add(sc)
    out.append(total)
    return out


def format_table(scores: list[PageScore]) -> str:
    """The per-page table, wzdata.extract beside cn2an."""
    head = (
        f"{'page':<14}{'req':>4}{'detect':>8}{'value':>7}{'unit':>7}{'kind':>7}{'bounds':>7}"
        f"{'full':>7}{'dir':>7}{'period':>7}{'neg':>7}{'unkeyed':>8} |{'cn2an value':>12}"
        f"{'cn2an neg':>10}"
    )
    lines = [head, "-" * len(head)]
    for s in scores:
        cells = "".join(
            f"{s.rate(c):>{8 if c == 'detected' else 7}.1%}"
            for c in ("detected", "value", "unit", "kind", "bounds", "full", "direction", "period")
        )
        cn = s.cn2an_found / s.cn2an_valued if s.cn2an_valued else 1.0
        lines.append(
            f"{s.page_id:<14}{s.required:>4}{cells}"
            f"{f'{s.negatives_reported}/{s.negatives}':>7}{s.unkeyed:>8} |{cn:>12.1%}"
            f"{f'{s.cn2an_negatives_reported}/{s.negatives}':>10}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the table (and, with --misses, every row that is not fully right)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true", help="list every error")
    args = ap.parse_args(argv)
    if not PAGES_DIR.exists():
        print(f"genre-dev scorer: skipped ({PAGES_DIR} is absent; it is not in the repository)")
        return 0
    scores = score_all()
    print("wzdata.extract on the genre development pages (gold: tests/data/genre_dev_gold.csv)")
    print(format_table(scores))
    total = scores[-1]
    print(
        f"\nfully typed {total.hits['full']}/{total.required} ({total.rate('full'):.1%}); "
        f"negatives reported as quantities {total.negatives_reported}/{total.negatives}; "
        f"cn2an values found {total.cn2an_found}/{total.cn2an_valued} of the rows with a value"
    )
    if args.misses:
        print("\n" + "\n".join(total.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
