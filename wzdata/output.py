"""How wzdata writes things out: files, cells, numbers, tables and result objects.

Each rule here is written once and imported where needed:

* :func:`write_atomic`: a file is written to a temporary file beside it and
  renamed, with the permissions of a normal file (0644 under umask 022);
* :func:`cell_text`: ``None``, NaN and ``pd.NA`` become an empty cell;
* :func:`decimal_text`: a Decimal without exponent or trailing zeros;
* :func:`render`: rows as an aligned table, CSV, JSON or Markdown, the formats
  of every command;
* :class:`Results`: the base of every model and comparison result
  (``to_frame()``, ``summary()``, ``_repr_html_()``), as statsmodels does.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import os
import tempfile
import textwrap
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FORMATS",
    "FileMemo",
    "Results",
    "cell_text",
    "decimal_text",
    "display_width",
    "pad",
    "render",
    "write_atomic",
    "write_if_changed",
]

#: Output formats of the commands.
FORMATS = ("table", "csv", "json", "markdown")


# --------------------------------------------------------------------------- files


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def write_atomic(path: Path | str, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A reader sees the old file or the new one, never a part. The file gets the
    mode of a newly created file (``0666`` less the umask), not the ``0600`` of
    a temporary file.

    Parameters
    ----------
    path : Path or str
        Destination file; its folder is created if needed.
    data : str or bytes
        Content; text is encoded as UTF-8 with the line endings unchanged.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` atomically unless the file already holds it; True when written."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    write_atomic(path, text)
    return True


class FileMemo:
    """Results of a deterministic computation kept in one JSON file from run to run.

    A value is keyed by a digest of everything it depends on (the caller builds the key),
    so a stale entry is never returned, only left unused; :meth:`save` keeps the entries
    used since the file was opened and writes atomically, only when they changed. A file
    that cannot be read counts as empty.

    Examples
    --------
    >>> import tempfile
    >>> memo = FileMemo(Path(tempfile.mkdtemp()) / "memo")
    >>> memo.get(FileMemo.key("a", "b"), lambda: "computed")
    'computed'
    >>> memo.save()
    True
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}
        self._old: dict[str, str] = loaded if isinstance(loaded, dict) else {}
        self._used: dict[str, str] = {}

    @staticmethod
    def key(*parts: str | bytes) -> str:
        """SHA-256 of the parts, each length-prefixed (so no two part lists collide)."""
        import hashlib

        h = hashlib.sha256()
        for part in parts:
            raw = part.encode("utf-8") if isinstance(part, str) else part
            h.update(len(raw).to_bytes(8, "big") + raw)
        return h.hexdigest()

    def get(self, key: str, compute: Callable[[], str]) -> str:
        """The value kept under ``key``, or ``compute()`` kept under it."""
        value = self._old.get(key)
        if not isinstance(value, str):
            value = compute()
        self._used[key] = value
        return value

    def save(self) -> bool:
        """Write the entries used since opening, if they differ from the file's; True if written."""
        if self._used == self._old:
            return False
        write_atomic(self.path, json.dumps(self._used, sort_keys=True, ensure_ascii=False))
        self._old = dict(self._used)
        return True


# --------------------------------------------------------------------------- cells


def cell_text(value: object) -> str:
    """A value as the text of a cell: ``None``, NaN, ``pd.NA`` and ``NaT`` give ``""``.

    Examples
    --------
    >>> [cell_text(v) for v in (None, float("nan"), " 12 ", 3)]
    ['', '', '12', '3']
    """
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if type(value).__name__ in {"NAType", "NaTType"}:
        return ""
    return str(value).strip()


def decimal_text(x: Decimal | None, inf: str = "inf") -> str:
    """A Decimal without exponent or trailing zeros (``Decimal("2.6E+6")`` -> ``2600000``).

    Parameters
    ----------
    x : Decimal or None
        ``None`` gives ``""``.
    inf : str
        Spelling of infinity (``-`` is put before it for minus infinity).
    """
    if x is None:
        return ""
    if x.is_infinite():
        return inf if x > 0 else f"-{inf}"
    return format(x.normalize(), "f")


def display_width(s: str) -> int:
    """Columns a string takes in a terminal (East Asian wide characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def pad(s: str, width: int) -> str:
    """Pad ``s`` with spaces to ``width`` terminal columns."""
    return s + " " * max(0, width - display_width(s))


# --------------------------------------------------------------------------- tables


def _text(value: object) -> str:
    return "" if cell_text(value) == "" and not isinstance(value, str) else str(value)


def _records(rows: pd.DataFrame | Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    if hasattr(rows, "to_dict"):
        return rows.to_dict("records")  # type: ignore[union-attr]
    return [dict(r) for r in rows]


def render(
    rows: pd.DataFrame | Iterable[Mapping[str, Any]],
    fmt: str = "table",
    columns: Sequence[str] | None = None,
    *,
    headers: Sequence[str] | None = None,
    wrap: str | None = None,
    colour: Mapping[str, Mapping[str, str]] | None = None,
    width: int = 100,
) -> str:
    """Render rows in one of :data:`FORMATS`.

    Parameters
    ----------
    rows : DataFrame or iterable of mappings
    fmt : {"table", "csv", "json", "markdown"}
    columns : sequence of str, optional
        Columns in order (all of the first row's by default). CSV, JSON and
        Markdown show these; the table too, less ``wrap``.
    headers : sequence of str, optional
        Table headers for ``columns`` (the names by default).
    wrap : str, optional
        A long text column printed wrapped under each row of the table.
    colour : mapping, optional
        ``{column: {value: ANSI code}}`` for table cells (a terminal only).
    width : int
        Terminal width used to wrap ``wrap``.

    Returns
    -------
    str
        The text, without a final newline.
    """
    recs = _records(rows)
    cols = list(columns) if columns is not None else (list(recs[0]) if recs else [])
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in cols} for r in recs], ensure_ascii=False, indent=1)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        w.writerows([_text(r.get(c)) for c in cols] for r in recs)
        return buf.getvalue().rstrip("\n")
    if fmt == "markdown":

        def esc(v: object) -> str:
            return _text(v).replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        lines += ["| " + " | ".join(esc(r.get(c)) for c in cols) + " |" for r in recs]
        return "\n".join(lines)
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    shown = [c for c in cols if c != wrap]
    heads = list(headers) if headers is not None else shown
    cells = [[_text(r.get(c)) for c in shown] for r in recs]
    widths = [
        max([display_width(h)] + [display_width(row[i]) for row in cells])
        for i, h in enumerate(heads)
    ]
    lines = ["  ".join(pad(h, w) for h, w in zip(heads, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for r, row in zip(recs, cells, strict=True):
        parts = []
        for c, text, w in zip(shown, row, widths, strict=True):
            cell = pad(text, w)
            code = (colour or {}).get(c, {}).get(text)
            parts.append(f"\x1b[{code}m{cell}\x1b[0m" if code else cell)
        lines.append("  ".join(parts).rstrip())
        if wrap:
            lines += [
                "    " + t
                for t in textwrap.wrap(
                    cell_text(r.get(wrap)),
                    width=max(40, width - 6),
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- results


class Results:
    """Base of the result objects of models and comparisons.

    A subclass keeps its rows in ``_rows`` (one dict per row; the base constructor
    takes them with a label and the summary's header lines) and defines
    :meth:`summary`; it gets :meth:`to_frame`, ``str()`` and an HTML view in
    notebooks (the summary as preformatted text, with no date or time).
    """

    _rows: list[dict[str, Any]]

    def __init__(
        self,
        rows: list[dict[str, Any]],
        label: str = "",
        header: Sequence[tuple[str, str]] = (),
    ) -> None:
        self._rows = rows
        self.label = label
        self._header = list(header)

    def to_frame(self) -> pd.DataFrame:
        """The result rows as a DataFrame."""
        import pandas as pd

        return pd.DataFrame(self._rows)

    def summary(self) -> str:  # pragma: no cover - every subclass defines it
        """Printable summary (no date or time)."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        return f'<pre class="wzdata-results">{html.escape(self.summary())}</pre>'
