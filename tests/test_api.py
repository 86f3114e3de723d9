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
