"""Benchmark of wzdata.extract: speed, linearity, and a side-by-side with cn2an.

Run as ``python bench/bench_extract.py [--chars N] [--repeat R]``. It prints figures; it
asserts nothing.

* Throughput on one core, in characters per second, of :func:`wzdata.extract.extract`
  on two texts of ``--chars`` characters (10 million by default, about 29 MB of
  UTF-8): the core article repeated, and a synthetic text of varied paragraphs
  generated here (seeded, reproducible).
* Linearity: time per character on a tenth of the text against the whole text.
* cn2an (``cn2an.transform(text, "cn2an")``, an established converter of Chinese
  numerals from PyPI) on the same texts, and both tools' accuracy on the core
  article: recall of the keyed figures' values, and false positives on
  lexicalised numerals. The accuracy part is skipped when the shared sources
  folder is absent.
"""

from __future__ import annotations

import argparse
import csv
import gc
import random
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

from wzdata.extract import extract
from wzdata.figures import parse
from wzdata.study import settings as config
from wzdata.study.coverage import article_body, coverage

ARTICLE = config.SHARED_SOURCES_DIR / "chinapeace-2022-06-27.txt"
PUBLISHED = "2022-06-27"

#: Lexicalised numerals named in the project brief: none is a quantity.
LEXICALISED = (
    "一组",
    "一项",
    "一位",
    "一批",
    "一句",
    "一场",
    "一把手",
    "之一",
    "十年如一日",
    "一技之长",
    "零容忍",
    "零星",
    "双四色",
    "六进",
    "四川",
    "一人一册",
    "一堂精品课",
    "双岗双责",
)

# --------------------------------------------------------------------------- synthetic text

_PLACES = ["某市", "某县", "某区", "全省", "全市", "辖区", "该县", "某自治州"]
_SUBJECTS = ["禁毒部门", "公安机关", "禁毒办", "各成员单位", "社区戒毒机构", "专案组"]
_FILLER = [
    "坚持问题导向，",
    "持续深化禁毒人民战争，",
    "不断完善工作机制，",
    "全面压实各方责任，",
    "广泛动员群众参与，",
    "扎实推进源头治理，",
    "切实加强部门协作，",
    "进一步巩固整治成果，",
]
_PROSE = [
    "各级党委政府高度重视禁毒工作",
    "把禁毒工作纳入平安建设考核",
    "深入开展禁毒宣传进校园活动",
    "组织志愿者走进社区讲解毒品危害",
    "推动形成全社会共同参与的良好局面",
    "坚持打防并举、标本兼治的工作方针",
    "不断提升群众识毒防毒拒毒意识",
    "强化重点人员排查和动态管控",
    "健全完善社区戒毒社区康复工作体系",
    "积极探索吸毒人员帮扶救助新模式",
    "持续加大对制毒物品的监管力度",
    "切实筑牢禁毒工作的群众基础",
]
_LEX = ["一把手", "之一", "一技之长", "零容忍", "一项", "一批", "十年如一日", "一人一册"]


def _qual(rng: random.Random, n: int) -> str:
    r = rng.random()
    if r < 0.15:
        return f"{n}余"
    if r < 0.25:
        return f"近{n}"
    if r < 0.3:
        return f"约{n}"
    return str(n)


def _sentence(rng: random.Random) -> str:
    place, subject = rng.choice(_PLACES), rng.choice(_SUBJECTS)
    y = rng.randint(2005, 2023)
    k = rng.randrange(12)
    if k == 0:
        return (
            f"{y}年，{place}{rng.choice(_FILLER)}共破获毒品案件{rng.randint(1, 900)}起，"
            f"抓获犯罪嫌疑人{_qual(rng, rng.randint(1, 999))}名，"
            f"缴获毒品{rng.randint(1, 999)}.{rng.randint(1, 9)}公斤。"
        )
    if k == 1:
        return (
            f"{place}现有吸毒人员{rng.randint(1, 99)}.{rng.randint(1, 9)}万名，同比下降"
            f"{rng.randint(1, 60)}.{rng.randint(0, 9)}%，新发现吸毒人员同比减少"
            f"{rng.randint(1, 90)}%。"
        )
    if k == 2:
        return (
            f"{y}年至{y + rng.randint(1, 5)}年末，{place}破获案件数由{rng.randint(100, 900)}起"
            f"下降到{rng.randint(5, 99)}起，下降了{rng.randint(2, 20)}.{rng.randint(0, 9)}倍。"
        )
    if k == 3:
        return (
            f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日，{subject}在{place}开展集中行动，"
            f"{rng.choice(_FILLER)}检查场所{rng.randint(3, 300)}家，"
            f"发放宣传材料{_qual(rng, 500)}份。"
        )
    if k == 4:
        return (
            f"{place}{subject}连续{rng.choice('三四五六七八')}年位列全区第一，"
            f"实现{rng.choice(['三', '五', '十', '十一'])}连冠，党政{rng.choice(_LEX)}亲自抓。"
        )
    if k == 5:
        return (
            f"今年{rng.randint(1, 6)}月初，{place}对辖区{rng.randint(100, 3000)}户家庭开展走访，"
            f"累计帮扶就业{_qual(rng, rng.randint(1, 99) * 100)}人次，救助金共计"
            f"{rng.randint(1, 99)}.{rng.randint(10, 99)}万元。"
        )
    if k == 6:
        return (
            f"{y}年以来，{place}{rng.choice(_FILLER)}铲除非法种植大麻"
            f"{rng.randint(1, 900)}万余株，铲除零星种植{rng.randint(2, 90)}处。"
        )
    if k == 7:
        return (
            f"{subject}每半年听取一次工作汇报，在一季度和上半年考核中，"
            f"{rng.randint(2, 40)}名人员信息完成核查，戒断{rng.randint(1, 5)}年巩固率达"
            f"{rng.randint(80, 99)}.{rng.randint(10, 99)}%。"
        )
    if k == 8:
        return (
            f"从20世纪{rng.choice(['八', '九'])}十年代末开始，{place}{rng.choice(_FILLER)}"
            f"形成了一批可复制的经验，{rng.choice(_LEX)}的作风得到发扬。"
        )
    if k == 9:
        return (
            f"{place}建立{rng.randint(2, 9)}个禁毒教育基地，{rng.randint(10, 200)}所学校"
            f"被命名为示范学校，{rng.randint(5, 60)}名教师获得表彰。"
        )
    if k == 10:
        return (
            f"{rng.choice(_FILLER)}{rng.choice(_FILLER)}{place}{subject}与四川、云南等地开展协作。"
        )
    return (
        f"近{rng.randint(5, 30)}年来，{place}坚持{rng.choice(_LEX)}工程，"
        f"毒情形势持续向好，群众满意度达{rng.randint(90, 99)}.{rng.randint(0, 9)}%。"
    )


def _prose(rng: random.Random) -> str:
    """A sentence without numbers (most of a report is prose)."""
    k = rng.randint(2, 4)
    return rng.choice(_PLACES) + "，".join(rng.sample(_PROSE, k)) + "。"


def synthetic_text(n_chars: int, seed: int = 20220627) -> str:
    """Paragraphs of invented report sentences, at least ``n_chars`` characters long.

    About a third of the sentences carry figures, so that the density of
    expressions is close to that of a report of the genre.
    """
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < n_chars:
        sentences = [
            _sentence(rng) if rng.random() < 0.35 else _prose(rng) for _ in range(rng.randint(2, 7))
        ]
        para = "".join(sentences) + "\n\n"
        parts.append(para)
        total += len(para)
    return "".join(parts)[:n_chars]


def repeated(text: str, n_chars: int) -> str:
    """``text`` repeated to ``n_chars`` characters (cut at a line end)."""
    out = (text.rstrip("\n") + "\n\n") * (n_chars // (len(text) + 2) + 1)
    cut = out.rfind("\n", 0, n_chars)
    return out[: cut + 1 if cut > 0 else n_chars]


# --------------------------------------------------------------------------- timing


def _time(fn: Callable[[str], object], text: str, repeat: int) -> float:
    """Best CPU time of this process over ``repeat`` runs (seconds).

    CPU time rather than wall time: the figure is the work of one core, and does
    not count time lost to other processes on a shared machine.
    """
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.process_time()
        fn(text)
        best = min(best, time.process_time() - t0)
    return best


def _ours(text: str) -> object:
    return extract(text, PUBLISHED)


def _cn2an(text: str) -> object:
    import cn2an

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return cn2an.transform(text, "cn2an")


def speed(name: str, text: str, repeat: int) -> dict[str, float]:
    """Throughput and linearity of both tools on ``text``."""
    tenth = text[: len(text) // 10]
    n_expr = len(extract(tenth, PUBLISHED))
    t_small = _time(_ours, tenth, repeat)
    t_big = _time(_ours, text, repeat)
    t_cn = _time(_cn2an, text, 1)
    r = {
        "ours_cps": len(text) / t_big,
        "ours_small_cps": len(tenth) / t_small,
        "linearity": (t_big / len(text)) / (t_small / len(tenth)),
        "cn2an_cps": len(text) / t_cn,
    }
    print(f"\n{name}: {len(text):,} characters ({len(text.encode()) / 1e6:.1f} MB UTF-8)")
    print(f"  density         {1000 * n_expr / len(tenth):.1f} expressions per 1,000 characters")
    print(f"  wzdata.extract  {r['ours_cps']:>12,.0f} chars/s   ({t_big:.2f} s CPU, best of runs)")
    print(
        f"  linearity       per-char time {len(text):,} / {len(tenth):,} chars = "
        f"{r['linearity']:.3f}  ({r['ours_small_cps']:,.0f} chars/s on the tenth)"
    )
    print(f"  cn2an.transform {r['cn2an_cps']:>12,.0f} chars/s   ({t_cn:.2f} s CPU, one run)")
    print(f"  speed ratio     wzdata.extract / cn2an = {r['ours_cps'] / r['cn2an_cps']:.2f}")
    return r


# --------------------------------------------------------------------------- accuracy

_NUM = re.compile(r"(\d+(?:\.\d+)?)([万亿]?)")


def _numbers(text: str) -> Counter[Decimal]:
    """Numbers in cn2an's output, with a following 万/亿 applied (a reading in its favour)."""
    out: Counter[Decimal] = Counter()
    for m in _NUM.finditer(text):
        mult = {"": 1, "万": 10_000, "亿": 100_000_000}[m.group(2)]
        out[Decimal(m.group(1)) * mult] += 1
    return out


def accuracy() -> None:
    """Both tools on the core article: recall of keyed values, lexicalised false positives."""
    if not ARTICLE.exists():
        print(f"\naccuracy: skipped ({ARTICLE} is absent; it is not in the repository)")
        return
    with (config.RAW_DATA_DIR / "sources.csv").open(encoding="utf-8", newline="") as fh:
        src = next(r for r in csv.DictReader(fh) if r["source_id"] == config.CORE_SOURCE_ID)
    with (config.RAW_DATA_DIR / "figures.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["source_id"] == config.CORE_SOURCE_ID]
    text = ARTICLE.read_text(encoding="utf-8")
    body, _ = article_body(text, src["title"])
    paragraphs = [p for p in body.split("\n") if p.strip()]

    # ours: a keyed row counts when the coverage match has the same value, bounds, unit, kind
    rep = coverage(text, rows, config.CORE_SOURCE_ID)
    ours_hits = 0
    for e, r in rep.matched + rep.matched_loose:
        q = parse(r["as_printed"])
        if (e.value, e.lower, e.upper, e.unit, e.kind) == (
            q.value,
            q.lower,
            q.upper,
            q.unit,
            q.kind.value,
        ):
            ours_hits += 1

    # cn2an: a keyed row counts when its value is among the numbers of its converted paragraph
    converted = [str(_cn2an(p)) for p in paragraphs]
    pools = [_numbers(c) for c in converted]
    cn_hits = 0
    for r in rows:
        pool = pools[int(r["paragraph"]) - 1]
        v = parse(r["as_printed"]).value
        if pool[v] > 0:
            pool[v] -= 1
            cn_hits += 1

    # lexicalised numerals: occurrences in the body that each tool turns into a number
    occurrences = [  # not inside a larger numeral (一批 in 第一批 is a rank)
        (i, m.start(), m.end())
        for i, p in enumerate(paragraphs)
        for lex in LEXICALISED
        for m in re.finditer(re.escape(lex), p)
        if not (m.start() and p[m.start() - 1] in "第一二三四五六七八九十")
    ]
    ours_exprs = [e for e in extract(body, src["published"]) if e.is_figure]
    ours_fp = sum(
        any(e.paragraph == i + 1 and _overlap(e, body, paragraphs, i, a, b) for e in ours_exprs)
        for i, a, b in occurrences
    )
    cn_fp = sum(str(_cn2an(paragraphs[i][a:b])) != paragraphs[i][a:b] for i, a, b in occurrences)

    n = len(rows)
    print(f"\naccuracy on the core article ({n} keyed figures, {len(occurrences)} lexicalised)")
    print(f"  {'':24}{'wzdata.extract':>16}{'cn2an':>10}")
    print(f"  {'recall of keyed values':24}{ours_hits / n:>16.1%}{cn_hits / n:>10.1%}")
    print(f"  {'lexicalised converted':24}{ours_fp:>16d}{cn_fp:>10d}")
    print(
        f"  ({ours_hits}/{n} vs {cn_hits}/{n}; recall ratio "
        f"{(ours_hits / n) / max(cn_hits / n, 1e-9):.2f}. For cn2an a figure counts when its value "
        "is among the numbers of its converted paragraph, 万/亿 applied; for wzdata.extract the "
        "value, bounds, unit and kind must equal parse() of the keyed form.)"
    )
    print(
        f"  coverage gaps (wzdata.extract vs figures.csv): {rep.n_gaps}"
        + "".join(f"\n    p{e.paragraph} {e.text} ({e.kind})" for e in rep.unkeyed)
    )


def _overlap(e: object, body: str, paragraphs: list[str], i: int, a: int, b: int) -> bool:
    """Whether expression ``e`` (offsets in ``body``) overlaps [a, b) of paragraph ``i``."""
    start = _para_offsets(body)[i]
    return e.start < start + b and start + a < e.end  # type: ignore[attr-defined]


_OFFSETS: dict[int, list[int]] = {}


def _para_offsets(body: str) -> list[int]:
    key = id(body)
    if key not in _OFFSETS:
        offs, pos = [], 0
        for line in body.split("\n"):
            if line.strip():
                offs.append(pos)
            pos += len(line) + 1
        _OFFSETS[key] = offs
    return _OFFSETS[key]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=10_000_000, help="characters per text")
    ap.add_argument("--repeat", type=int, default=3, help="runs per timing (best is kept)")
    args = ap.parse_args(argv)
    print(f"wzdata.extract benchmark (Python {sys.version.split()[0]}, one core)")
    results = {}
    if ARTICLE.exists():
        results["article"] = speed(
            "core article repeated",
            repeated(ARTICLE.read_text(encoding="utf-8"), args.chars),
            args.repeat,
        )
    else:
        print(f"\ncore article repeated: skipped ({ARTICLE} is absent)")
    results["synthetic"] = speed(
        "synthetic report paragraphs", synthetic_text(args.chars), args.repeat
    )
    accuracy()
    worst = min(r["ours_cps"] for r in results.values())
    print(f"\nslowest wzdata.extract throughput: {worst:,.0f} chars/s (target 1,000,000)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
