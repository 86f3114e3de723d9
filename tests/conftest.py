"""Shared fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from wzdata.study import settings as config

# Property tests run the same examples on every machine and have no time limit per
# example: a shared, loaded machine must not turn them red, and a failure can be rerun.
settings.register_profile("wzdata", deadline=None, derandomize=True)
settings.load_profile("wzdata")


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of data/raw/ to corrupt in a test."""
    dest = tmp_path / "raw"
    shutil.copytree(config.RAW_DATA_DIR, dest)
    return dest


@pytest.fixture
def source_text() -> str:
    """The core article's reference text; skips when the shared sources are absent."""
    path = config.SHARED_SOURCES_DIR / "chinapeace-2022-06-27.txt"
    if not path.exists():
        pytest.skip(f"reference text not available: {path} is absent (it is not in the repository)")
    return path.read_text(encoding="utf-8")
