"""Extract from a file as it is read, and write the expressions as they are found.

:func:`extract_file` gives the same expressions as :func:`wzdata.extract.extract`
on the whole text, with memory that does not grow with the text: the file is
read in blocks of whole lines, each scanned in a window that also holds the
characters just before it (what the rules look back at) and a margin after it
(what a match may run into), and the per-paragraph state (the year in force,
the last frequency) is carried from one block to the next. :func:`write_expressions`
writes them in the formats of :func:`wzdata.extract.format_expressions`, byte
for byte; a table, whose columns are as wide as their widest cell, goes through
a temporary file.
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import csv
import dataclasses
import gc
import json
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TextIO

from wzdata.extract.paragraphs import body_line_bounds
from wzdata.extract.scan import (
    _COLUMNS,
    _EMAIL,
    _GLOSS,
    _ROC_YEAR,
    _SOURCE_LINE,
    Expression,
    _Ctx,
    _scan_window,
    _Text,
    _to_date,
    extract,
)
from wzdata.output import cell_text, display_width, pad

__all__ = ["BLOCK", "LOOKAHEAD", "LOOKBEHIND", "TextFileError", "extract_file", "write_expressions"]

#: Characters scanned per block (cut at the last line end within it, if any).
BLOCK = 1 << 18
#: Characters that announce a source line (来源: ...), as :func:`~wzdata.extract.extract` checks.
_SOURCE_CHARS = ("源", "转", "轉", "出处", "出處")
#: Characters before a block kept in its window (the rules look back at most 16).
LOOKBEHIND = 256
#: Characters after a block kept in its window (a match may run past the block's end).
LOOKAHEAD = 4096


class TextFileError(ValueError):
    """A file that cannot be read as UTF-8 text; the message names it and the byte."""


def check_utf8(path: Path, chunk: int = 1 << 20) -> None:
    """Read ``path`` in chunks; raise :class:`TextFileError` at the first byte not UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    done = 0
    with open(path, "rb") as f:
        while True:
            data = f.read(chunk)
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                byte = done - pending + exc.start
                raise TextFileError(
                    f"{path}: byte {byte} is not UTF-8; convert the file to UTF-8"
                ) from None
            if not data:
                return
            done += len(data)


def _lines(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8") as f:
        yield from f


def _body_span(path: Path, title: str) -> tuple[int, int]:
    """Offset and length of the article body, as :func:`~wzdata.extract.paragraphs.article_body`.

    Two passes over the file: the title and byline lines (numbered as
    ``str.splitlines`` numbers them, by :func:`~wzdata.extract.paragraphs.body_line_bounds`),
    then the offset and length (over lines ended by ``\\n``), so that the result is
    that of ``article_body`` on the text.
    """
    lines = (sub for line in _lines(path) for sub in line.splitlines())
    first, last = body_line_bounds(lines, title)
    offset = length = 0
    for n, line in enumerate(_lines(path)):
        size = len(line) if line.endswith("\n") else len(line) + 1
        if n < first:
            offset += size
        elif n <= last:
            length += size
        else:
            break
    return offset, max(length - 1, 0)


class _Paragraphs(_Text):
    """Paragraph numbers (non-empty lines) of the blocks of a text, block after block.

    ``starts`` and ``paras`` hold the paragraphs that start in the current block,
    at offsets in its window; ``before`` is the paragraph in force at its start.
    """

    def __init__(self) -> None:
        self.count = 0  # non-empty lines started so far
        self.counted = False  # whether the line open at the block's start is counted
        self.before: int | None = None
        self.starts: list[int] = []
        self.paras: list[int] = []

    def block(self, text: str, start: int) -> None:
        """Number the block ``text`` that starts at offset ``start`` of its window."""
        self.before = self.count or None
        self.starts, self.paras = [], []
        pos = start
        for i, piece in enumerate(text.split("\n")):
            if i:
                self.counted = False
            if not self.counted and piece.strip():
                self.count += 1
                self.counted = True
                self.starts.append(pos)
                self.paras.append(self.count)
            pos += len(piece) + 1

    def paragraph(self, offset: int) -> int | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.paras[i] if i >= 0 else self.before


def _blocks(read: Callable[[int], str]) -> Iterator[tuple[str, int, int, int]]:
    """Windows of a text read by ``read(n)``: (window, its offset, block start, block end)."""
    buf, buf_start = "", 0  # buf holds the text from offset buf_start
    start = 0
    eof = False
    while True:
        while not eof and len(buf) - (start - buf_start) < BLOCK + LOOKAHEAD:
            more = read(BLOCK)
            if not more:
                eof = True
            buf += more
        rel = start - buf_start
        if rel >= len(buf):
            return
        if eof and len(buf) - rel <= BLOCK:
            end = len(buf)
        else:
            cut = buf.rfind("\n", rel, rel + BLOCK)
            end = cut + 1 if cut >= 0 else rel + BLOCK
        w0 = max(0, rel - LOOKBEHIND)
        window = buf[w0 : end + LOOKAHEAD]
        yield window, buf_start + w0, start, buf_start + end
        start = buf_start + end
        keep = max(0, end - LOOKBEHIND)
        buf, buf_start = buf[keep:], buf_start + keep


def extract_file(
    path: str | Path, published: object = None, *, title: str | None = None
) -> Iterator[Expression]:
    """Every numeric expression of a UTF-8 text file, in text order, read as it goes.

    Parameters
    ----------
    path : str or Path
        The text file.
    published, title
        As for :func:`wzdata.extract.extract`.

    Returns
    -------
    iterator of Expression
        The same expressions as ``extract(text, published, title=title)`` on the
        file's whole text (newlines read as Python reads text files).

    Raises
    ------
    TextFileError
        When the file is not UTF-8 (checked before the iterator is returned).
    ValueError
        When ``published`` is not a date or the title line is not in the text.
    """
    path = Path(path)
    ctx = _Ctx(_to_date(published))  # type: ignore[arg-type]
    check_utf8(path)
    offset, limit = (0, -1) if not title else _body_span(path, title)
    roc, glossed = _text_flags(path, offset, limit)
    if glossed:
        # inline pinyin glosses (億(yì)元) are dropped before the scan and spans mapped
        # back over the whole text: such a text (rare) is read whole
        return iter(extract(path.read_text(encoding="utf-8"), published, title=title))
    ctx.roc = roc
    return _extract_span(path, ctx, offset, limit)


@contextlib.contextmanager
def _span_reader(path: Path, offset: int, limit: int) -> Iterator[Callable[[int], str]]:
    """``read(n)`` over the characters ``offset`` to ``offset + limit`` (-1: to the end)."""
    with open(path, encoding="utf-8") as f:
        if offset:
            _skip(f, offset)
        remaining = [limit]

        def read(n: int) -> str:
            if remaining[0] < 0:
                return f.read(n)
            text = f.read(min(n, remaining[0]))
            remaining[0] -= len(text)
            return text

        yield read


def _text_flags(path: Path, offset: int, limit: int) -> tuple[bool, bool]:
    """Whole-text facts the scan needs first: ROC years (民國109年) and inline glosses."""
    roc = glossed = False
    tail = ""
    with _span_reader(path, offset, limit) as read:
        while block := read(BLOCK):
            text = tail + block
            roc = roc or _ROC_YEAR.search(text) is not None
            glossed = glossed or (("(" in text or "（" in text) and _GLOSS.search(text) is not None)
            tail = text[-LOOKBEHIND:]
    return roc, glossed


def _extract_span(path: Path, ctx: _Ctx, offset: int, limit: int) -> Iterator[Expression]:
    with _span_reader(path, offset, limit) as read:
        yield from _scan_blocks(read, ctx, offset)


def _skip(f: TextIO, n: int) -> None:
    while n > 0:
        got = len(f.read(min(n, BLOCK)))
        if not got:
            return
        n -= got


def _scan_blocks(read: Callable[[int], str], ctx: _Ctx, shift: int) -> Iterator[Expression]:
    paras = _Paragraphs()
    pos = 0  # offset in the text where the scan goes on
    prev: Expression | None = None  # last expression, offsets in the text
    gc_was_enabled = gc.isenabled()
    gc.disable()  # as in extract(): the scan makes many small acyclic objects
    try:
        for window, w0, start, end in _blocks(read):
            paras.block(window[start - w0 : end - w0], start - w0)
            local_prev = None
            if prev is not None and prev.end >= w0:
                local_prev = dataclasses.replace(prev, start=prev.start - w0, end=prev.end - w0)
            if ctx.last_frequency_end >= 0:
                ctx.last_frequency_end -= w0
            ctx.last_end -= w0
            local_pos = max(pos, start) - w0
            # page furniture found per window, as extract() finds it in the whole text
            ctx.sources = []
            if any(c in window for c in _SOURCE_CHARS):
                ctx.sources = [mm.span() for mm in _SOURCE_LINE.finditer(window)]
            ctx.emails = []
            if "@" in window:
                spans = (mm.span() for mm in _EMAIL.finditer(window))
                ctx.emails = [(a, b) for a, b in spans if b > local_pos]
            found: list[Expression] = []
            nxt, _ = _scan_window(
                window, ctx, paras, found, local_pos, end - w0, local_prev, paras.before
            )
            ctx.last_end += w0
            pos = nxt + w0
            if ctx.last_frequency_end >= 0 or ctx.last_frequency_end < -1:
                ctx.last_frequency_end += w0
            if found:
                last = found[-1]
                prev = dataclasses.replace(last, start=last.start + w0, end=last.end + w0)
            for e in found:
                object.__setattr__(e, "start", e.start + w0 + shift)
                object.__setattr__(e, "end", e.end + w0 + shift)
            yield from found
    finally:
        if gc_was_enabled:
            gc.enable()


# --------------------------------------------------------------------------- writing


def write_expressions(exprs: Iterator[Expression], fmt: str, out: IO[str]) -> None:
    """Write expressions as :func:`~wzdata.extract.format_expressions` renders them, and a newline.

    Parameters
    ----------
    exprs : iterator of Expression
    fmt : {"table", "csv", "json"}
    out : text stream
    """
    if fmt == "json":
        _write_json(exprs, out)
    elif fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(_COLUMNS)
        for e in exprs:
            d = e.to_dict()
            w.writerow([cell_text(d.get(c)) for c in _COLUMNS])
    elif fmt == "table":
        _write_table(exprs, out)
    else:
        raise ValueError(f"unknown format {fmt!r}; use table, csv or json")


def _write_json(exprs: Iterator[Expression], out: IO[str]) -> None:
    cols: list[str] | None = None
    for e in exprs:
        d = e.to_dict()
        if cols is None:
            cols = list(d)
            out.write("[\n")
        else:
            out.write(",\n")
        text = json.dumps({c: d.get(c) for c in cols}, ensure_ascii=False, indent=1)
        out.write("\n".join(" " + line for line in text.split("\n")))
    out.write("\n]\n" if cols is not None else "[]\n")


def _write_table(exprs: Iterator[Expression], out: IO[str]) -> None:
    shown = [c for c in _COLUMNS if c not in ("start", "end")]
    heads = ["para", *shown[1:]]
    widths = [display_width(h) for h in heads]
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as tmp:
        w = csv.writer(tmp, lineterminator="\n")
        for e in exprs:
            d = e.to_dict()
            row = [cell_text(d.get(c)) for c in shown]
            for i, cell in enumerate(row):
                n = display_width(cell)
                if n > widths[i]:
                    widths[i] = n
            w.writerow(row)
        tmp.seek(0)
        out.write("  ".join(pad(h, n) for h, n in zip(heads, widths, strict=True)).rstrip())
        out.write("\n" + "  ".join("-" * n for n in widths))
        for row in csv.reader(tmp):
            out.write(
                "\n" + "  ".join(pad(c, n) for c, n in zip(row, widths, strict=True)).rstrip()
            )
        out.write("\n")
