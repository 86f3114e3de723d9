"""Locate the article body in a page's plain text and number its paragraphs.

A paragraph is a non-empty line. The body runs from the title line (paragraph
1) to the byline, the line that credits the text (``文/图``, ``记者``), and
excludes the page header above the title and the footer below the byline.
"""

from __future__ import annotations

__all__ = [
    "BYLINE_MARKERS",
    "FOOTER_MARKERS",
    "article_body",
    "article_paragraphs",
    "body_bounds",
]

#: A line holding one of these credits the text: it closes the body.
BYLINE_MARKERS = ("文/图", "文／图", "记者", "通讯员")
#: A line starting with one of these belongs to the page footer.
FOOTER_MARKERS = ("相关报道", "分享到", "Copyright", "版权所有")


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
    lines = text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == title.strip())
    except StopIteration:
        raise ValueError(f"title line {title!r} not found in the text") from None
    end = start
    for i in range(start, len(lines)):
        line = lines[i].strip()
        if any(line.startswith(m) for m in FOOTER_MARKERS):
            break
        if line:
            end = i
        if i > start and any(m in line for m in BYLINE_MARKERS):
            break
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
