"""wzdata: the published anti-drug figures of Wuzhong (吴忠市), Ningxia.

Import is kept light: heavy libraries load only in the functions that use them.
"""

from __future__ import annotations

from wzdata._version import __version__
from wzdata.figures import FigureParseError, Quantity, parse

__all__ = ["FigureParseError", "Quantity", "__version__", "load", "parse"]


def load(name: str):
    """Load a processed table as a typed DataFrame (see :func:`wzdata.study.build.load`)."""
    from wzdata.study.build import load as _load

    return _load(name)
