"""The public API of the engines: importable without the study, examples that run."""

from __future__ import annotations

import doctest
import importlib
import subprocess
import sys

import pytest

ENGINES = [
    "wzdata.figures",
    "wzdata.figures.folds",
    "wzdata.extract",
    "wzdata.claims",
    "wzdata.claims.checks",
    "wzdata.claims.detect",
    "wzdata.trends",
    "wzdata.intervals",
    "wzdata.output",
    "wzdata.datapkg.schema",
]


@pytest.mark.parametrize("name", ENGINES)
def test_examples_in_docstrings_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} shows no example"
    assert result.failed == 0


def test_engines_import_without_the_study() -> None:
    code = (
        "import sys\n"
        "import wzdata.figures, wzdata.extract, wzdata.claims, wzdata.trends, wzdata.compare\n"
        "import wzdata.datapkg, wzdata.notebooks, wzdata.plots\n"
        "print(sorted(m for m in sys.modules if m.startswith('wzdata.study')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _engine_modules() -> list[str]:
    import pkgutil

    import wzdata

    names = []
    for info in pkgutil.walk_packages(wzdata.__path__, "wzdata."):
        if not info.name.startswith(("wzdata.study", "wzdata.cli")):
            names.append(info.name)
    return names


def test_no_engine_function_knows_the_article() -> None:
    import inspect

    years = set(range(2014, 2025))
    bad = []
    for name in _engine_modules():
        module = importlib.import_module(name)
        for fname, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ != name:
                continue
            for p in inspect.signature(func).parameters.values():
                d = p.default
                values = d if isinstance(d, tuple | list) else (d,)
                if (
                    any(str(y) in p.name for y in years)
                    or any(
                        isinstance(v, int) and not isinstance(v, bool) and v in years
                        for v in values
                    )
                    or any(isinstance(v, str) and ("S00" in v or "data/" in v) for v in values)
                ):
                    bad.append(f"{name}.{fname}({p.name}={d!r})")
    assert not bad, bad


def test_every_raw_table_has_a_schema() -> None:
    from wzdata.study import settings
    from wzdata.study.schemas import RAW_SCHEMAS

    assert {p.stem for p in settings.RAW_DATA_DIR.glob("*.csv")} <= set(RAW_SCHEMAS)
