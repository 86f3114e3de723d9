"""Benchmark of ``wzdata check`` on a synthetic corpus whose every claim has a known truth.

Run as ``python bench/bench_check.py [--mb 50] [--docs 10000] [--small-mb 5]``. It prints
figures; it asserts nothing.

The corpus is generated here (seeded, reproducible) from sentence templates of
the forms the detector reads (a fold and a percentage change with both
endpoints, a year-on-year percentage with its current count, a ``分别`` list, an
increment with its percentage or with both levels, a share with its numerator,
a rate beside a count, a fold without endpoints, a percentage with no count)
with random counts, between sentences that hold figures but no claim. The
truth of every claim is computed here by brute force with plain integer
arithmetic (no code of wzdata), so the benchmark measures:

* throughput in characters per second of the whole run (read, extract the
  paragraphs that may hold a claim, detect, check, write Parquet) with one
  worker process and with two, and per CPU-second (per core, whatever else
  the machine runs);
* the same against :func:`wzdata.extract.extract` alone, in one process;
* peak memory (resident set size of the run's processes) and its growth from
  ``--small-mb`` to ``--mb``, with the time per character (linearity);
* recall of the generated claims (same document, kind and printed value) and
  agreement of the verdicts with the truth.

Each measured run is a fresh Python process, so that its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from fractions import Fraction
from pathlib import Path

SEED = 20220627
UNITS = ("起", "人", "名", "个", "件")
LABELS = (
    "全市破获毒品刑事案件",
    "查获吸毒人员",
    "抓获犯罪嫌疑人",
    "新发现吸毒人员",
    "强制隔离戒毒人员",
    "外流贩毒人员",
    "社区戒毒人员",
    "审结毒品案件",
    "受理审查起诉案件",
    "立案侦办走私案件",
)
FILLER = (
    "{y}年以来,全{s}各级禁毒部门深入开展禁毒宣传教育活动{n}场,受众群众{m}人次。",
    "召开工作推进会议{n}次,组织开展专项检查{k}轮,督导整改问题{m}个。",
    "投入禁毒专项经费{n}万元,建成禁毒教育基地{k}个,培训禁毒社工{m}名。",
    "{y}年{mo}月{d}日,{s}禁毒委员会召开全体成员会议,部署下一阶段重点工作。",
    "各成员单位认真履行职责,形成齐抓共管的良好局面,群众满意度持续提升。",
)
SCOPES = ("市", "县", "区", "省")


def _round1(x: Fraction, places: int = 1) -> str:
    """Half-up decimal string of an exact value."""
    scale = 10**places
    n = (x * scale * 2 + 1) // 2
    s = str(n).rjust(places + 1, "0")
    return s[:-places] + "." + s[-places:] if places else s


def _reproduces(x: Fraction, printed: str) -> bool:
    """True when ``x`` rounds half-up or half-even to the printed decimal."""
    places = len(printed.split(".")[1]) if "." in printed else 0
    scale = 10**places
    target = Fraction(printed)
    y = x * scale
    lo, r = divmod(y.numerator, y.denominator)
    twice = 2 * r
    up = lo + (1 if twice >= y.denominator else 0)
    even = lo + (1 if twice > y.denominator or (twice == y.denominator and lo % 2) else 0)
    return Fraction(up, scale) == target or Fraction(even, scale) == target


def _pct_prior_exists(current: int, printed: str, down: bool) -> bool:
    """Some whole prior p > current (down) or < current (up) gives |c-p|/p = printed%."""
    m = Fraction(printed)
    step = Fraction(1, 10 ** (len(printed.split(".")[1]) if "." in printed else 0))

    def prior(x: Fraction) -> Fraction | None:
        den = 100 - x if down else 100 + x
        return Fraction(100 * current) / den if den > 0 else None

    ends = [prior(m - step / 2), prior(m + step / 2)]
    if ends[0] is None:  # a fall of 100% or more to a positive count
        return False
    if ends[1] is None:  # printed 100%: a large enough prior comes as close as rounding needs
        return True
    lo, hi = min(ends), max(ends)
    cands = range(max(1, int(lo) - 2), int(hi) + 3)
    return any(
        _reproduces(Fraction(100 * abs(current - p), p), printed)
        for p in cands
        if (p > current if down else p < current)
    )


class Generator:
    """Documents of claim sentences and filler, with the truth of each claim."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def _bad(self, ok: str, places: int) -> str:
        """A printed value a few steps off ``ok``, kept positive."""
        step = Fraction(1, 10**places)
        off = step * self.r.randint(3, 9)
        x = (
            Fraction(ok) - off
            if self.r.random() < 0.5 and Fraction(ok) > off
            else Fraction(ok) + off
        )
        return _round1(x, places)

    def claim(self) -> tuple[str, list[tuple[str, str, str]]]:
        """One sentence and its claims: (kind, printed, verdict) in text order."""
        r = self.r
        label, u = r.choice(LABELS), r.choice(UNITS)
        form = r.randrange(10)
        wrong = r.random() < 0.2
        if form == 0:  # fold with endpoints
            b = r.randint(3, 400)
            a = b * r.randint(3, 25) + r.randint(0, b - 1)
            ok = _round1(Fraction(a, b))
            n = self._bad(ok, 1) if wrong else ok
            fits = any(_reproduces(Fraction(a - b * k, b), n) for k in (0, 1))
            return f"{label}由{a}{u}下降到{b}{u},下降了{n}倍。", [
                ("fold", f"{n}倍", "consistent" if fits else "inconsistent")
            ]
        if form == 1:  # percentage change with endpoints
            a = r.randint(50, 5000)
            b = r.randint(1, a - 1)
            ok = _round1(Fraction(100 * (a - b), a))
            p = self._bad(ok, 1) if wrong else ok
            fits = _reproduces(Fraction(100 * (a - b), a), p)
            return f"{label}从{a}{u}降至{b}{u},降幅{p}%。", [
                ("pct_change", f"{p}%", "consistent" if fits else "inconsistent")
            ]
        if form == 2:  # year on year with the current count
            prior = r.randint(20, 3000)
            cur = r.randint(1, prior - 1)
            ok = _round1(Fraction(100 * (prior - cur), prior))
            p = self._bad(ok, 1) if wrong else ok
            fits = _pct_prior_exists(cur, p, down=True)
            return f"{label}{cur}{u},同比下降{p}%。", [
                ("pct_change", f"{p}%", "consistent" if fits else "inconsistent")
            ]
        if form == 3:  # a list governed by one verb
            out, counts, pcts = [], [], []
            for lab in r.sample(LABELS, 2):
                prior = r.randint(2, 2000)
                cur = r.randint(prior + 1, 2 * prior + 5)
                ok = _round1(Fraction(100 * (cur - prior), prior))
                p = self._bad(ok, 1) if wrong else ok
                fits = _pct_prior_exists(cur, p, down=False)
                counts.append(f"{lab}{cur}{r.choice(UNITS)}")
                pcts.append(p)
                out.append(("pct_change", f"{p}%", "consistent" if fits else "inconsistent"))
            return f"{'、'.join(counts)},同比分别上升{pcts[0]}%、{pcts[1]}%。", out
        if form == 4:  # increment with its percentage
            prior = r.randint(50, 9000)
            inc = r.randint(1, prior)
            cur = prior + inc
            ok = _round1(Fraction(100 * inc, prior))
            p = self._bad(ok, 1) if wrong else ok
            fits = _reproduces(Fraction(100 * inc, prior), p)
            alone = _pct_prior_exists(cur, p, down=False)
            return f"{label}{cur}人,同比增加{inc}人,增幅{p}%。", [
                ("increment", f"{p}%", "consistent" if fits else "inconsistent"),
                ("pct_change", f"{p}%", "consistent" if alone else "inconsistent"),
            ]
        if form == 5:  # increment with both levels
            a = r.randint(1, 900)
            b = a + r.randint(1, 900)
            n = b - a + (r.randint(1, 9) if wrong else 0)
            return f"{label}由{a}名增加到{b}名,增加了{n}名。", [
                ("increment", f"{n}名", "consistent" if n == b - a else "inconsistent")
            ]
        if form == 6:  # share with its numerator
            den = r.randint(20, 5000)
            k = r.randint(1, den)
            p = _round1(Fraction(100 * k, den), 2)
            return f"{label}{k}{u},占全部案件的{p}%。", [("rate", f"{p}%", "consistent")]
        if form == 7:  # rate beside a count
            den = r.randint(20, 9000)
            k = r.randint(1, den)
            p = _round1(Fraction(100 * k, den), 2)
            return f"全{r.choice(SCOPES)}戒断三年未复吸人员{k}人,戒断三年巩固率达{p}%。", [
                ("rate", f"{p}%", "not checkable")
            ]
        if form == 8:  # fold without endpoints
            n = r.randint(2, 20)
            q = r.choice(("多", "", "近"))
            shown = f"近{n}倍" if q == "近" else f"{n}倍{q}"
            return f"五年间{label}数下降了{shown}。", [("fold", shown, "not checkable")]
        p = _round1(Fraction(r.randint(1, 999), 10))
        # a label used by no other sentence, so no count of the paragraph matches it
        return f"外流涉毒人数同比下降{p}%。", [("pct_change", f"{p}%", "not checkable")]

    def filler(self) -> str:
        r = self.r
        return r.choice(FILLER).format(
            y=r.randint(2015, 2023),
            s=r.choice(SCOPES),
            n=r.randint(2, 300),
            m=r.randint(100, 90000),
            k=r.randint(2, 40),
            mo=r.randint(1, 12),
            d=r.randint(1, 28),
        )

    def document(
        self, target_bytes: int, claim_share: float = 0.5
    ) -> tuple[str, list[tuple[str, str, str]]]:
        """Paragraphs of 3 to 6 sentences, each a claim with probability ``claim_share``."""
        paras, truth, size = [], [], 0
        while size < target_bytes:
            sentences = []
            for _ in range(self.r.randint(3, 6)):
                if self.r.random() < claim_share:
                    s, t = self.claim()
                    truth += t
                else:
                    s = self.filler()
                sentences.append(s)
            para = "".join(sentences)
            paras.append(para)
            size += len(para.encode()) + 1
        return "\n".join(paras) + "\n", truth


def generate(
    folder: Path, mb: float, docs: int, claim_share: float, seed: int = SEED
) -> dict[str, list]:
    """Write ``docs`` documents of ``mb`` megabytes in all; return the truth per file."""
    g = Generator(seed)
    folder.mkdir(parents=True, exist_ok=True)
    per_doc = int(mb * 1_000_000 / docs)
    truth: dict[str, list] = {}
    for i in range(docs):
        text, t = g.document(per_doc, claim_share)
        p = folder / f"doc{i:05d}.txt"
        p.write_text(text, encoding="utf-8")
        truth[str(p)] = t
    return truth


# --------------------------------------------------------------------------- measured runs


def _child(args: argparse.Namespace) -> None:
    """One measured run in this fresh process; prints a JSON line."""
    folder = Path(args.folder)
    files = sorted(folder.glob("*.txt"))
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = r0.ru_utime + r0.ru_stime
    t0 = time.perf_counter()
    if args.mode == "extract":
        from wzdata.extract import extract

        for p in files:
            extract(p.read_text(encoding="utf-8"), "2022-06-27")
        out: dict = {}
    else:
        from wzdata.claims.corpus import run_corpus

        summary = run_corpus(
            files,
            args.out,
            published="2022-06-27",
            jobs=args.jobs,
            scheduler="processes",
            partition_size=args.partition_size,
        )
        out = {"claims": summary.claims}
    seconds = time.perf_counter() - t0
    me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime - cpu0
    rss = max(me.ru_maxrss, kids.ru_maxrss)
    print(json.dumps(out | {"chars": chars, "seconds": seconds, "cpu": cpu, "rss_kb": rss}))


def _measure(folder: Path, mode: str, jobs: int, out: Path, partition_size: int) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--child",
        "--folder",
        str(folder),
        "--mode",
        mode,
        "--jobs",
        str(jobs),
        "--out",
        str(out),
        "--partition-size",
        str(partition_size),
    ]
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def _accuracy(truth: dict[str, list], out: Path) -> tuple[float, float, Counter]:
    import pyarrow.parquet as pq

    found: dict[str, list[tuple[str, str, str]]] = {}
    for part in sorted(out.glob("part-*.parquet")):
        t = pq.read_table(part, columns=["path", "kind", "printed", "verdict"]).to_pylist()
        for r in t:
            found.setdefault(r["path"], []).append((r["kind"], r["printed"], r["verdict"]))
    n_true = hit = agree = 0
    confusion: Counter = Counter()
    for path, claims in truth.items():
        pool = Counter((k, p) for k, p, _ in found.get(path, []))
        verdicts: dict[tuple[str, str], list[str]] = {}
        for k, p, v in found.get(path, []):
            verdicts.setdefault((k, p), []).append(v)
        for k, p, v in claims:
            n_true += 1
            if pool[(k, p)] > 0:
                pool[(k, p)] -= 1
                hit += 1
                got = verdicts[(k, p)].pop(0)
                agree += got == v
                confusion[(v, got)] += 1
    return hit / n_true, agree / max(hit, 1), confusion


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (UTF-8)")
    ap.add_argument("--docs", type=int, default=10_000, help="documents in the corpus")
    ap.add_argument("--small-mb", type=float, default=5.0, help="size for the linearity run")
    ap.add_argument("--partition-size", type=int, default=250)
    ap.add_argument(
        "--claim-share",
        type=float,
        default=0.06,
        help="share of sentences that are claims (0.06 gives about one claim per 550 "
        "characters, near the density of the genre's pages: 600 to 740)",
    )
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--folder", help=argparse.SUPPRESS)
    ap.add_argument("--mode", default="check", help=argparse.SUPPRESS)
    ap.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args)
        return
    small_docs = max(1, round(args.docs * args.small_mb / args.mb))
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        truth = generate(root / "big", args.mb, args.docs, args.claim_share)
        generate(root / "small", args.small_mb, small_docs, args.claim_share, seed=SEED + 1)
        gen_s = time.perf_counter() - t0
        n_claims = sum(len(v) for v in truth.values())
        n_chars = sum(len(p.read_text(encoding="utf-8")) for p in (root / "big").glob("*.txt"))
        print(
            f"corpus: {args.docs} documents, {args.mb:g} MB, {n_claims} generated claims "
            f"(one per {n_chars / n_claims:.0f} characters; generated in {gen_s:.1f} s); "
            f"linearity corpus {small_docs} documents, {args.small_mb:g} MB; "
            f"{os.cpu_count()} CPUs"
        )
        ps = args.partition_size
        load = os.getloadavg()[0]
        ext = _measure(root / "big", "extract", 1, root / "x", ps)
        one = _measure(root / "big", "check", 1, root / "out1", ps)
        two = _measure(root / "big", "check", 2, root / "out2", ps)
        small = _measure(root / "small", "check", 1, root / "outs", ps)
        recall, agreement, confusion = _accuracy(truth, root / "out1")

    def rate(m: dict) -> float:
        return m["chars"] / m["seconds"]

    def per_cpu(m: dict) -> str:
        """Characters per CPU-second: per core, whatever else the machine runs."""
        return f"{m['chars'] / m['cpu']:,.0f} chars per CPU-second"

    print(f"characters: {one['chars']:,}; load average before the runs {load:.1f}")
    print(f"extractor alone, 1 process:  {rate(ext):>12,.0f} chars/s ({per_cpu(ext)})")
    print(
        f"check, 1 worker process:     {rate(one):>12,.0f} chars/s "
        f"({one['seconds']:.1f} s; {rate(one) / rate(ext):.2f} x the extractor alone; "
        f"{per_cpu(one)})"
    )
    print(
        f"check, 2 worker processes:   {rate(two):>12,.0f} chars/s "
        f"({two['seconds']:.1f} s; {rate(two) / rate(one):.2f} x one worker; {per_cpu(two)}; "
        f"{two['cpu'] / two['seconds']:.2f} cores busy on average)"
    )
    print(
        f"peak memory (largest process): {one['rss_kb'] / 1024:.0f} MB at {args.mb:g} MB, "
        f"{small['rss_kb'] / 1024:.0f} MB at {args.small_mb:g} MB "
        f"({one['rss_kb'] / small['rss_kb']:.2f} x for {args.mb / args.small_mb:.0f} x the corpus)"
    )
    per_char = (one["seconds"] / one["chars"]) / (small["seconds"] / small["chars"])
    ratio = f"{args.mb:g} MB / at {args.small_mb:g} MB"
    print(f"linearity: time per character at {ratio} = {per_char:.2f}")
    print(
        f"claims written: {one['claims']:,} (generated {n_claims:,}); "
        f"{one['claims'] / one['seconds']:,.0f} claims/s with one worker"
    )
    print(f"recall of generated claims: {recall:.4f}; verdict agreement: {agreement:.4f}")
    wrong = {k: n for k, n in confusion.items() if k[0] != k[1]}
    if wrong:
        print(
            "verdict disagreements (truth -> found): "
            + ", ".join(f"{a} -> {b}: {n}" for (a, b), n in sorted(wrong.items()))
        )


if __name__ == "__main__":
    main()
