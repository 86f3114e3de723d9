"""Shared fixtures."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from wzdata.study import settings as config


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of data/raw/ to corrupt in a test."""
    dest = tmp_path / "raw"
    shutil.copytree(config.RAW_DATA_DIR, dest)
    return dest


@pytest.fixture(scope="session")
def built_processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The processed set built once from the committed raw data, into a new folder, under umask 022.

    Shared by the whole session: read it, never change it; a test that changes a set
    changes a :func:`processed_copy`.
    """
    from wzdata.study.build import build

    out = tmp_path_factory.mktemp("built") / "processed"
    old = os.umask(0o022)
    try:
        build(out_dir=out)
    finally:
        os.umask(old)
    return out


@pytest.fixture
def processed_copy(built_processed: Path, tmp_path: Path) -> Path:
    """A writable copy of :func:`built_processed`, as ``tmp_path / "out"``."""
    return Path(shutil.copytree(built_processed, tmp_path / "out"))


@pytest.fixture
def source_text() -> str:
    """The core article's reference text; skips when the shared sources are absent."""
    path = config.SHARED_SOURCES_DIR / "chinapeace-2022-06-27.txt"
    if not path.exists():
        pytest.skip(f"reference text not available: {path} is absent (it is not in the repository)")
    return path.read_text(encoding="utf-8")
