"""``wzdata reports`` for this project: the notebook runner on the study's folders."""

from __future__ import annotations

from collections.abc import Sequence

from wzdata.notebooks.runner import Layout
from wzdata.notebooks.runner import cli as _runner_cli
from wzdata.study import landing, settings
from wzdata.study.parameters import check_parameter

__all__ = ["LAYOUT", "cli"]

#: The folders of this project (notebooks, reports, processed data, the package) and the
#: check of its declared notebook parameters, applied to ``-p`` before any notebook runs.
LAYOUT = Layout(
    notebooks=settings.NOTEBOOKS_DIR,
    reports=settings.REPORTS_DIR,
    processed=settings.PROCESSED_DATA_DIR,
    package=settings.PACKAGE_DIR,
    check_parameter=check_parameter,
    index_page=landing.page,
)


def cli(argv: Sequence[str] | None = None) -> int:
    """``wzdata reports``: run the notebooks of ``notebooks/`` into ``reports/``."""
    return _runner_cli(argv, LAYOUT)
