"""Searchable, sortable tables for exploration, in JupyterLab and in the offline HTML.

:class:`Explorer` wraps a DataFrame; IPython shows it with itables (DataTables) in its
offline mode: the DataTables bundle is inlined in the output (``connected=False``), so
the table searches and sorts in an exported report with no network, and the table id is
fixed, so the output is byte-identical between runs. ``to_frame()`` gives the exact data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = ["Explorer"]


@dataclass
class Explorer:
    """A frame shown as an interactive table.

    Parameters
    ----------
    frame : DataFrame
        The exact data; returned by :meth:`to_frame`.
    table_id : str
        HTML id of the table (fixed, so outputs do not change between runs).
    headers : mapping, optional
        Column -> header shown (display names with units).
    caption : str
        Caption under the table.
    """

    frame: pd.DataFrame
    table_id: str
    headers: Mapping[str, str] = field(default_factory=dict)
    caption: str = ""

    def to_frame(self) -> pd.DataFrame:
        """The data, unchanged."""
        return self.frame

    def shown(self) -> pd.DataFrame:
        """The frame as displayed: headers renamed, text missing values as an em dash."""
        out = self.frame.reset_index(drop=True).copy()
        for col in out.columns:
            if out[col].dtype.kind not in "iufb" and str(out[col].dtype) not in (
                "Int64",
                "Float64",
            ):
                out[col] = out[col].astype(object).where(out[col].notna(), "—").astype(str)
            elif str(out[col].dtype) in ("Int64", "Float64"):
                whole = str(out[col].dtype) == "Int64" and not out[col].isna().any()
                out[col] = out[col].astype("int64" if whole else "float64")
        return out.rename(columns=dict(self.headers))

    def _repr_html_(self) -> str:
        from itables import javascript, options, to_html_datatable

        init = javascript.generate_init_offline_itables_html(options.dt_bundle)
        table = to_html_datatable(
            self.shown(),
            caption=self.caption or None,
            connected=False,
            table_id=self.table_id,
            display_logo_when_loading=False,
            showIndex=False,
            pageLength=10,
            lengthMenu=[10, 25, 50, 100],
            classes="display compact nowrap",
            scrollX=True,
        )
        # the no-script notice carries an emoji that no text font has; keep its words
        return init + table.replace(">🔒</span>", ">(JavaScript off)</span>")

    def __repr__(self) -> str:
        return f"<Explorer {self.table_id}: {len(self.frame)} rows x {self.frame.shape[1]} columns>"

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(repr(self))
