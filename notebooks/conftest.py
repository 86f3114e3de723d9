"""Notebook runs (nbval): a notebook whose ``text`` parameter names an absent file is skipped.

The default text of ``06-check-a-text`` is a reference text outside the
repository (``../shared/sources``): CI has it, a fresh clone does not. Run
there, the notebook would stop at its first cell with a message naming the
missing file; under nbval it is skipped with that reason instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wzdata.notebooks.runner import notebook_parameters
from wzdata.study import settings


def _missing_text(path: Path) -> str | None:
    text = notebook_parameters(path).get("text")
    if not isinstance(text, str):
        return None
    p = (Path(text) if Path(text).is_absolute() else settings.PROJ_ROOT / text).resolve()
    return None if p.is_file() else f"{path.name}: its text {p} is absent (not in the repository)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reasons: dict[Path, str | None] = {}
    for item in items:
        path = Path(str(item.fspath))
        if path.suffix != ".ipynb":
            continue
        if path not in reasons:
            reasons[path] = _missing_text(path)
        if reasons[path]:
            item.add_marker(pytest.mark.skip(reason=reasons[path]))
