"""Paths of the project, derived once from the package location.

No other module builds a path by hand: they import these names.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
PROJ_ROOT = Path(os.environ.get("WZDATA_ROOT", PACKAGE_DIR.parent)).resolve()
DATA_DIR = PROJ_ROOT / "data"
RAW_DATA_DIR = DATA_DIR / "raw"
PROCESSED_DATA_DIR = DATA_DIR / "processed"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORTS_DIR = PROJ_ROOT / "reports"
SHARED_SOURCES_DIR = PROJ_ROOT.parent / "shared" / "sources"

#: Identifier of the core article in ``data/raw/sources.csv``.
CORE_SOURCE_ID = "S00"
