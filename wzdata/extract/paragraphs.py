"""Locate the article body in a page's plain text and number its paragraphs.

A paragraph is a non-empty line. The body runs from the title line (paragraph
1) to the byline, the line that credits the text (``文/图``, ``记者``), and
excludes the page header above the title and the footer below the byline.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

__all__ = [
    "BYLINE_MARKERS",
    "FOOTER_MARKERS",
    "article_body",
    "article_paragraphs",
    "body_bounds",
    "body_line_bounds",
    "paragraph_lines",
]

#: A line holding one of these credits the text: it closes the body.
BYLINE_MARKERS = ("文/图", "文／图", "记者", "通讯员")
#: A line starting with one of these belongs to the page footer.
FOOTER_MARKERS = ("相关报道", "分享到", "Copyright", "版权所有")


def paragraph_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """The paragraphs of a text (its non-empty lines, cut at ``\\n``), numbered from 1.

    Parameters
    ----------
    text : str

    Returns
    -------
    iterator of (int, int, str)
        Paragraph number, character offset of its line in ``text``, and the line.

    Examples
    --------
    >>> list(paragraph_lines("甲\\n\\n乙"))
    [(1, 0, '甲'), (2, 3, '乙')]
    """
    n = pos = 0
    for line in text.split("\n"):
        if line.strip():
            n += 1
            yield n, pos, line
        pos += len(line) + 1


def body_bounds(text: str, title: str) -> tuple[int, int]:
    """Line indices (0-based, inclusive) of the first and last line of the body.

    Parameters
    ----------
    text : str
        The page's plain text.
    title : str
        The article title, as it stands on its own line.

    Returns
    -------
    tuple of int
        Index of the title line and of the byline (or of the last line before
        the footer when no byline is found).

    Raises
    ------
    ValueError
        When the title line is not in the text.
    """
    return body_line_bounds(text.splitlines(), title)


def body_line_bounds(lines: Iterable[str], title: str) -> tuple[int, int]:
    """:func:`body_bounds` over lines given one by one (read no further than the byline).

    Parameters
    ----------
    lines : iterable of str
        The page's lines, as ``str.splitlines`` cuts them.
    title : str
        The article title, as it stands on its own line.

    Returns
    -------
    tuple of int
        As :func:`body_bounds`.

    Raises
    ------
    ValueError
        When the title line is not among the lines.
    """
    want = title.strip()
    start = end = -1
    for i, raw in enumerate(lines):
        line = raw.strip()
        if start < 0:
            if line != want:
                continue
            start = end = i
        if any(line.startswith(m) for m in FOOTER_MARKERS):
            break
        if line:
            end = i
        if i > start and any(m in line for m in BYLINE_MARKERS):
            break
    if start < 0:
        raise ValueError(f"title line {title!r} not found in the text")
    return start, end


def article_paragraphs(text: str, title: str) -> list[str]:
    """The non-empty lines of the article body, in order (paragraph n is item n-1).

    Parameters
    ----------
    text : str
        The page's plain text.
    title : str
        The article title.

    Returns
    -------
    list of str
    """
    start, end = body_bounds(text, title)
    return [line for line in text.splitlines()[start : end + 1] if line.strip()]


def article_body(text: str, title: str | None) -> tuple[str, int]:
    """The article body (title line to byline) and its offset in ``text``.

    Parameters
    ----------
    text : str
        The page's plain text.
    title : str or None
        The article title as it stands on its own line; None for the whole text.

    Returns
    -------
    body : str
        ``text[offset:offset + len(body)]``, starting at the title line.
    offset : int
        Character offset of the body in ``text``.

    Raises
    ------
    ValueError
        When the title line is not in the text.
    """
    if not title:
        return text, 0
    first, last = body_bounds(text, title)
    lines = text.split("\n")
    offset = sum(len(line) + 1 for line in lines[:first])
    length = sum(len(line) + 1 for line in lines[first : last + 1]) - 1
    return text[offset : offset + length], offset
