"""The notebooks' parameters, declared once: what each means and which values it takes.

The ``parameters`` cells of the notebooks set these names; :func:`wzdata.study.views.setup`
checks a notebook's values with :func:`check_parameters`, and ``wzdata reports -p NAME
VALUE`` checks an override with :func:`check_parameter` before any notebook runs (the
study passes it to the notebook runner in its layout).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wzdata.figures import FoldConvention
from wzdata.study.settings import DEFAULT_FOLD_PERIOD_STEPS, FOLD_PERIOD_STEPS, HEADLINE_INDICATORS

__all__ = ["LANGS", "PARAMETERS", "Parameter", "check_parameter", "check_parameters"]

#: Label languages of plots and tables.
LANGS = ("en", "zh")


@dataclass(frozen=True)
class Parameter:
    """One notebook parameter: its default, its meaning and the check of a value.

    Attributes
    ----------
    name, description : str
    default : object
    check : callable
        ``check(value)`` returns the value to use or raises ``ValueError`` saying
        what is allowed.
    """

    name: str
    default: Any
    description: str
    check: Callable[[Any], Any]


def _conf_level(value: Any) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or not 0 < value < 1:
        raise ValueError(f"must be a number between 0 and 1 (exclusive), got {value!r}")
    return float(value)


def _one_of(choices: tuple[Any, ...]) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if isinstance(value, bool) or value not in choices:
            shown = ", ".join(repr(c) for c in choices)
            raise ValueError(f"must be one of {shown}, got {_short(value)}")
        return value

    return check


def _fold_convention(value: Any) -> FoldConvention:
    if isinstance(value, FoldConvention):
        return value
    return FoldConvention(_one_of(tuple(c.value for c in FoldConvention))(value))


def _indicators(value: Any) -> tuple[str, ...]:
    if value is None:
        return HEADLINE_INDICATORS
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"must be a list of indicator keys, got {_short(value)}")
    chosen = tuple(value) if value else HEADLINE_INDICATORS
    unknown = sorted(set(chosen) - set(HEADLINE_INDICATORS))
    if unknown:
        raise ValueError(
            f"must name indicators with 2016 and 2021 counts ({', '.join(HEADLINE_INDICATORS)}); "
            f"unknown: {', '.join(_short(u) for u in unknown)}"
        )
    return chosen


def _text_path(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be the path of a UTF-8 text, got {_short(value)}")
    return value


def _published(value: Any) -> str:
    import datetime as dt

    if not isinstance(value, str):
        raise ValueError(f"must be a date YYYY-MM-DD or empty, got {_short(value)}")
    if value:
        try:
            dt.date.fromisoformat(value[:10])
        except ValueError:
            raise ValueError(
                f"must be a date YYYY-MM-DD or empty: {_short(value)} is not an ISO date"
            ) from None
    return value


def _context(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < -1:
        raise ValueError(f"must be a whole number >= -1, got {_short(value)}")
    return value


def _short(value: Any, width: int = 60) -> str:
    text = repr(value)
    if len(text) <= width:
        return text
    return f"{text[: width - 20]}...{text[-12:]} ({len(text)} characters)"


#: Every parameter a notebook of the study may declare, by name.
PARAMETERS: dict[str, Parameter] = {
    p.name: p
    for p in (
        Parameter("conf_level", 0.95, "confidence level of every interval, in (0, 1)", _conf_level),
        Parameter(
            "fold_convention",
            FoldConvention.RATIO.value,
            "reading of 下降N倍: " + ", ".join(c.value for c in FoldConvention),
            _fold_convention,
        ),
        Parameter(
            "steps_2015_2019",
            DEFAULT_FOLD_PERIOD_STEPS,
            "yearly steps in 2015年初至2019年末: " + " or ".join(str(s) for s in FOLD_PERIOD_STEPS),
            _one_of(FOLD_PERIOD_STEPS),
        ),
        Parameter("lang", "en", "label language: " + " or ".join(LANGS), _one_of(LANGS)),
        Parameter(
            "indicators",
            list(HEADLINE_INDICATORS),
            "indicator keys to show (those with 2016 and 2021 counts)",
            _indicators,
        ),
        Parameter(
            "text",
            "../shared/sources/chinapeace-2022-06-27.txt",
            "UTF-8 text to check, absolute or relative to the project root",
            _text_path,
        ),
        Parameter(
            "published",
            "2022-06-27",
            'publication date YYYY-MM-DD; "" reads a date stated near the start of the text',
            _published,
        ),
        Parameter(
            "context",
            0,
            "characters shown around each claim; -1 shows whole paragraphs",
            _context,
        ),
    )
}


def check_parameter(name: str, value: Any) -> Any:
    """Check one parameter value; a name the study does not declare passes unchanged.

    Raises
    ------
    ValueError
        Saying what the parameter allows.

    Examples
    --------
    >>> check_parameter("conf_level", 0.9)
    0.9
    >>> check_parameter("lang", "x")
    Traceback (most recent call last):
    ...
    ValueError: lang must be one of 'en', 'zh', got 'x'
    """
    spec = PARAMETERS.get(name)
    if spec is None:
        return value
    try:
        return spec.check(value)
    except ValueError as exc:
        raise ValueError(f"{name} {exc}") from None


def check_parameters(**values: Any) -> dict[str, Any]:
    """Check several parameters (``name=value``); returns the values to use."""
    return {name: check_parameter(name, value) for name, value in values.items()}
