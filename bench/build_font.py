"""Build wzdata/fonts/wzdata-sans-sc.otf: Noto Sans CJK SC cut down to the characters we use.

The reports and figures need Chinese glyphs on machines without a CJK font. This script
takes Noto Sans CJK SC Regular from Debian's ``fonts-noto-cjk`` (SIL Open Font License
1.1), keeps ASCII, common punctuation and every character that occurs in ``data/``,
``notebooks/`` and the modules whose text reaches a report, renames the family to
"wzdata Sans SC" (a modified version) and writes it with a fixed timestamp, so the same
inputs give the same bytes.

Run it (``make font``) after adding figures or labels with new characters; a test fails
when a report uses a character the shipped font lacks::

    apt-get install fonts-noto-cjk
    .venv/bin/python bench/build_font.py [--source PATH/NotoSansCJK-Regular.ttc]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
TARGET = ROOT / "wzdata" / "fonts" / "wzdata-sans-sc.otf"
FAMILY = "wzdata Sans SC"
#: Ranges always kept: ASCII, Latin-1, general punctuation, arrows and maths
#: operators, CJK punctuation and full-width forms.
RANGES = [
    (0x20, 0x7E),
    (0xA0, 0xFF),
    (0x2010, 0x2044),
    (0x2190, 0x2193),
    (0x2212, 0x2212),
    (0x2460, 0x24FF),
    (0x2248, 0x2248),
    (0x2260, 0x2265),
    (0x3000, 0x303F),
    (0xFF01, 0xFF5E),
]
#: Files whose characters are kept.
GLOBS = [
    "data/**/*.csv",
    "data/**/*.json",
    "data/**/*.md",
    "notebooks/*.ipynb",
    # the code whose text reaches a report: labels, captions, headers, page templates
    "wzdata/study/**/*.py",
    "wzdata/notebooks/**/*.py",
    "wzdata/plots.py",
    "wzdata/pubtables.py",
    "wzdata/explore.py",
]


def used_characters(root: Path = ROOT) -> set[str]:
    """Characters of the ranges above and of every file matched by :data:`GLOBS`."""
    chars = {chr(c) for lo, hi in RANGES for c in range(lo, hi + 1)}
    for pattern in GLOBS:
        for path in sorted(root.glob(pattern)):
            if ".venv" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".ipynb":
                import json

                text = json.dumps(json.loads(text), ensure_ascii=False)
            chars.update(ch for ch in text if ch.isprintable() and not ch.isspace())
    chars.add(" ")
    return chars


def build(source: Path = SOURCE, target: Path = TARGET) -> tuple[int, list[str]]:
    """Write the subset; return (characters kept, the used characters the source lacks)."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(source))
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == "Noto Sans CJK SC")
    cmap = font.getBestCmap()
    wanted = used_characters()
    kept = sorted(ord(c) for c in wanted if ord(c) in cmap)
    options = subset.Options()
    options.layout_features = ["kern", "liga", "locl", "vert", "halt", "palt"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14, 16, 17]
    options.name_languages = [0x409]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.hinting = False
    sub = subset.Subsetter(options)
    sub.populate(unicodes=kept)
    sub.subset(font)
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID == 4:
            rec.string = f"{FAMILY} Regular"
        elif rec.nameID == 6:
            rec.string = "wzdataSansSC-Regular"
        elif rec.nameID == 3:
            rec.string = "wzdataSansSC-Regular; subset of NotoSansCJKsc-Regular"
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = ["wzdataSansSC-Regular"]
        top = cff.topDictIndex[0]
        top.FullName = f"{FAMILY} Regular"
        top.FamilyName = FAMILY
    font.recalcTimestamp = False
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    font.save(str(tmp), reorderTables=True)
    tmp.replace(target)
    missing = sorted(c for c in wanted if ord(c) not in cmap and c.strip())
    return len(kept), missing


def main(argv: list[str] | None = None) -> int:
    """Command line: build the subset and print its size."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--source", type=Path, default=SOURCE, help="NotoSansCJK-Regular.ttc")
    args = p.parse_args(argv)
    if not args.source.is_file():
        print(f"{args.source}: not found; apt-get install fonts-noto-cjk", file=sys.stderr)
        return 1
    kept, missing = build(args.source)
    size = TARGET.stat().st_size
    print(f"{TARGET.relative_to(ROOT)}: {kept} characters, {size / 1024:.0f} KiB", end="")
    print(f"; not in the source font: {' '.join(missing)}" if missing else "")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
