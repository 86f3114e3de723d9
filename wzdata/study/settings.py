"""Settings of the study of the Wuzhong article: paths, the core source, its years.

No other module builds a path by hand or names the article's years: they
import these names. The engines (everything outside :mod:`wzdata.study`)
know none of them.
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

#: The indicators with counts at both endpoints, shown first.
HEADLINE_INDICATORS = (
    "drug_cases_solved",
    "suspects_arrested",
    "users_found",
    "compulsory_rehab",
    "outflow_traffickers",
)
#: The two years whose counts the article prints for its headline indicators.
ENDPOINT_YEARS = (2016, 2021)
#: The span of the article's endpoint-free folds ("2015年初至2019年末").
FOLD_PERIOD = (2015, 2019)
#: Readings of that span in yearly steps: 4 (the annual counts of 2015 and 2019
#: compared) or 5 (five years of decline).
FOLD_PERIOD_STEPS = (4, 5)
#: The reading the build and the notebooks use unless told otherwise.
DEFAULT_FOLD_PERIOD_STEPS = 4
#: Years the projections extrapolate to (labelled as extrapolation).
PROJECTION_YEARS = (2022, 2023, 2024)
