"""Notebooks: run parameterised notebooks into self-contained HTML reports, skipping what is current.

The engine knows no project: it takes its folders as a :class:`Layout`.
See :mod:`wzdata.notebooks.runner`.
"""

from __future__ import annotations

from wzdata.notebooks.runner import Layout, ParameterError, build_reports, plan

__all__ = ["Layout", "ParameterError", "build_reports", "plan"]
