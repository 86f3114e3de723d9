"""The shipped CJK font: a subset of Noto Sans CJK SC (SIL Open Font License 1.1, see OFL.txt).

``wzdata-sans-sc.otf`` holds the glyphs the reports use (built by ``bench/build_font.py``,
``make font``). :func:`register_matplotlib` adds it to matplotlib's font list, so Chinese
labels render on machines with no CJK font; :func:`font_face_css` subsets it further to
the characters of one page and returns an ``@font-face`` rule with the font inlined as a
WOFF2 data URI, so a report shows Chinese offline and without any installed font.
"""

from __future__ import annotations

import base64
import functools
import io
from pathlib import Path

__all__ = ["FAMILY", "FONT_PATH", "LICENSE_PATH", "covers", "font_face_css", "register_matplotlib"]

#: The shipped font file.
FONT_PATH = Path(__file__).with_name("wzdata-sans-sc.otf")
#: Its licence.
LICENSE_PATH = Path(__file__).with_name("OFL.txt")
#: Its family name (in matplotlib and in the reports' CSS).
FAMILY = "wzdata Sans SC"


@functools.cache
def register_matplotlib() -> str:
    """Add the shipped font to matplotlib (once) and return its family name."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(FONT_PATH))
    return FAMILY


@functools.cache
def _cmap() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(FONT_PATH)) as font:
        return frozenset(font.getBestCmap())


def covers(text: str) -> list[str]:
    """Characters of ``text`` (other than whitespace and controls) the shipped font lacks."""
    cmap = _cmap()
    return sorted({c for c in text if c.isprintable() and not c.isspace() and ord(c) not in cmap})


def font_face_css(text: str) -> str:
    """An ``@font-face`` rule with the shipped font cut down to the characters of ``text``.

    The same text gives the same bytes (no timestamps in the font).
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    chars = sorted({ord(c) for c in text} & _cmap() | {0x20})
    options = subset.Options()
    options.flavor = "woff2"
    options.recalc_timestamp = False
    options.layout_features = ["kern", "liga", "locl", "palt"]
    sub = subset.Subsetter(options)
    sub.populate(unicodes=chars)
    buf = io.BytesIO()
    with TTFont(str(FONT_PATH)) as font:
        sub.subset(font)
        font.recalcTimestamp = False
        font.flavor = "woff2"
        font.save(buf)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (
        f"@font-face {{ font-family: '{FAMILY}'; font-style: normal; font-weight: 400 700; "
        f"font-display: block; src: url(data:font/woff2;base64,{data}) format('woff2'); }}"
    )
