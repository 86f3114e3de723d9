"""Project files agree with each other: dependencies, Makefile help, CI entry point."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

from wzdata.study import settings as config


def _name_spec(req: str) -> tuple[str, str]:
    # an extra (dask[bag]) is a pip notion: conda packages carry no extras
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*(.*)", req)
    assert m, req
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject() -> None:
    project = tomllib.loads((config.PROJ_ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(_name_spec(r) for r in project["dependencies"])
    wanted |= dict(_name_spec(r) for r in project["optional-dependencies"]["test"])
    wanted["python"] = project["requires-python"].replace(" ", "")
    conda: dict[str, str] = {}
    text = (config.PROJ_ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"\s*-\s+([^#]+?)\s*$", line)
        if not m or m.group(1) in {"pip", "pip:", "-e ."} or m.group(1).startswith("-e"):
            continue
        name, spec = _name_spec(m.group(1))
        conda[name] = spec
    assert conda == wanted, "environment.yml and pyproject.toml list different dependencies"


def test_make_help_lists_every_target() -> None:
    text = (config.PROJ_ROOT / "Makefile").read_text()
    for target in ("help", "data", "reports", "test", "lab", "lint", "format", "clean"):
        assert re.search(rf"^{target}:.*## \S", text, re.M), f"make {target} has no ## comment"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (config.PROJ_ROOT / ".ci" / "run").read_text()
    readme = (config.PROJ_ROOT / "README.md").read_text()
    assert "make test" in ci and "make test" in readme and "make reports" in readme


def test_import_is_light() -> None:
    code = (
        "import sys, wzdata; heavy = {'statsmodels', 'seaborn', 'matplotlib', 'papermill',"
        " 'nbconvert', 'pandera', 'scipy', 'pandas', 'fractions'};"
        " print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_closed_pipe_ends_a_command_quietly() -> None:
    for command in (["audit"], ["extract", str(config.PROJ_ROOT / "README.md")]):
        proc = subprocess.run(
            f"{sys.executable} -m wzdata.cli {' '.join(command)} | true",
            shell=True,
            capture_output=True,
            text=True,
            check=False,
        )
        assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr, proc.stderr


def test_readme_module_map_is_the_import_contract() -> None:
    pyproject = tomllib.loads((config.PROJ_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = pyproject["tool"]["importlinter"]["contracts"]
    readme = (config.PROJ_ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Modules", 1)[1].split("```text", 1)[1].split("```", 1)[0]
    shown = [line.split("  ")[0].strip() for line in block.splitlines() if line.startswith("wz")]
    assert shown == contract["layers"]
