"""Run the notebooks in ``notebooks/`` and write self-contained HTML reports.

``wzdata reports`` executes every notebook named ``NN-*.ipynb`` (in order) with
papermill on the ``wzdata`` kernel and exports it to ``reports/<stem>.html``
with nbconvert; ``reports/index.html`` lists every report with its title,
one-line summary and build information (package version, git commit, sha256
of ``data/processed/``, parameters).

Rules kept here:

* Reports are self-contained: images are data URIs and the template loads no
  script from a CDN (require.js, MathJax, widgets and mermaid are left out).
* A report whose notebook file, parameters, processed data and library code
  (every file of ``wzdata/``) are unchanged since its last build is skipped. The check
  reads JSON cache records in ``reports/.cache/`` and imports no heavy module.
* A failing or timed-out notebook yields ``reports/<stem>.failed.html`` with the
  failing cell and its error, keeps the last good ``reports/<stem>.html`` and
  makes the command exit 1; the other notebooks are still built.
* ``-p NAME VALUE`` is checked against the notebook's ``parameters`` cell
  (parsed with :mod:`ast`) and the project's declared ranges and choices
  (:attr:`Layout.check_parameter`) before any notebook runs, and writes
  ``reports/<stem>--<name>-<value>.html`` (a long name is cut and ends in a hash).
* Workers are spawned children that end with the command whatever ends it
  (:mod:`wzdata.notebooks.lifetime`); each kills its kernels and removes its
  temporary folder, which holds the kernel's connection file.
* Output is deterministic: no timestamps; files are written atomically.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import dataclasses
import hashlib
import html
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, TypedDict, Unpack

from wzdata._version import __version__
from wzdata.notebooks.lifetime import GRACE, die_with_parent, exit_on_termination
from wzdata.notebooks.page import NO_REPORTS_HTML, document, record_notes
from wzdata.output import write_atomic, write_if_changed

#: Notebooks that become reports: two digits, a dash, a name.
NOTEBOOK_PATTERN = re.compile(r"^\d\d-[^/]+\.ipynb$")
#: Jupyter kernel the notebooks run on (installed by ``make setup``).
KERNEL_NAME = "wzdata"
#: Default limit, in seconds, for the execution of one cell.
DEFAULT_TIMEOUT = 600
#: Cell tags whose cells never appear in a report without ``--show-code``.
HIDDEN_TAGS = ("parameters", "injected-parameters")
#: Folder (inside the reports folder) holding the up-to-date records.
CACHE_DIRNAME = ".cache"
#: The library whose code hash decides staleness by default.
_PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: Bump when the layout of cache records changes.
CACHE_FORMAT = 1


class ParameterError(ValueError):
    """A ``-p NAME VALUE`` override that the notebook's ``parameters`` cell does not allow."""


# --------------------------------------------------------------------------- small helpers


def _sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def find_notebooks(notebooks_dir: Path) -> list[Path]:
    """Return the report notebooks (``NN-*.ipynb``) of a folder, sorted by name.

    Parameters
    ----------
    notebooks_dir : Path, optional
        Folder to scan; :data:`wzdata.study.settings.NOTEBOOKS_DIR` by default.

    Returns
    -------
    list of Path
    """
    folder = Path(notebooks_dir)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and NOTEBOOK_PATTERN.match(p.name))


def data_hash(processed_dir: Path | None = None) -> str:
    """Return the sha256 over the files of a data folder, taken in name order.

    Each file contributes its name, a NUL byte, its sha256 and a newline, so
    renaming or editing any file changes the hash. A missing folder (or none)
    hashes as empty.
    """
    folder = Path(processed_dir) if processed_dir is not None else None
    h = hashlib.sha256()
    if folder is not None and folder.is_dir():
        for p in sorted(folder.iterdir(), key=lambda q: q.name):
            if p.is_file() and not p.name.startswith("."):
                h.update(p.name.encode("utf-8") + b"\0")
                h.update(_sha256_bytes(p.read_bytes()).encode("ascii") + b"\n")
    return h.hexdigest()


def code_hash(package_dir: Path | None = None) -> str:
    """Return the sha256 over every file of the package, subpackages included.

    Files are taken in the order of their paths relative to ``package_dir``;
    caches (``__pycache__``) and hidden files are left out.
    """
    folder = Path(package_dir or _PACKAGE_DIR)
    h = hashlib.sha256()
    files = [
        p
        for p in folder.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    for p in sorted(files, key=lambda q: q.relative_to(folder).as_posix()):
        h.update(p.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        h.update(_sha256_bytes(p.read_bytes()).encode("ascii") + b"\n")
    return h.hexdigest()


def git_output(args: Sequence[str], root: Path | None = None) -> str | None:
    """Return what ``git ARGS`` prints in ``root`` (stripped), or None where git fails."""
    try:
        out = subprocess.run(
            ["git", *args],
            cwd=root or Path.cwd(),
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def git_commit(root: Path | None = None) -> str:
    """Return the short hash of the checked-out commit, or ``"unknown"`` outside git."""
    return git_output(["rev-parse", "--short", "HEAD"], root) or "unknown"


# --------------------------------------------------------------------------- notebook reading


def read_notebook(path: Path) -> dict[str, Any]:
    """Read an ``.ipynb`` file as plain JSON (no nbformat import).

    Raises
    ------
    ValueError
        If the file is not valid notebook JSON; the message names the file.
    """
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{path}:{exc.lineno}:{exc.colno}: not valid notebook JSON ({exc.msg}); "
            "open and save it in Jupyter to repair it"
        ) from exc
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError(f"{path}: not a notebook (no 'cells' list)")
    return nb


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _tags(cell: dict[str, Any]) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []) or [])


def title_and_summary(nb: dict[str, Any], default: str = "") -> tuple[str, str]:
    """Return the first markdown heading and the first paragraph after it.

    Parameters
    ----------
    nb : dict
        Notebook JSON.
    default : str
        Title used when the notebook has no markdown heading.

    Returns
    -------
    (title, summary) : tuple of str
        Plain text (markdown markers of the heading removed, paragraph lines
        joined with spaces); not escaped.
    """
    title, summary = None, ""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        paragraph: list[str] = []
        for line in _source(cell).splitlines():
            stripped = line.strip()
            if title is None:
                m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", stripped)
                if m:
                    title = m.group(1)
                continue
            if not stripped:
                if paragraph:
                    break
                continue
            if stripped.startswith("#"):
                if paragraph:
                    break
                continue
            paragraph.append(stripped)
        if paragraph:
            summary = " ".join(paragraph)
            break
    return (title if title is not None else default), summary


def parameters_cell(nb: dict[str, Any]) -> tuple[int, str] | None:
    """Return ``(index, source)`` of the cell tagged ``parameters``, or None."""
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") == "code" and "parameters" in _tags(cell):
            return i, _source(cell)
    return None


_NOT_LITERAL = object()


def notebook_parameters(path: Path) -> dict[str, Any]:
    """Return the defaults of a notebook's ``parameters`` cell.

    Only simple assignments ``name = <literal>`` (optionally annotated) are
    read; a default that is not a Python literal is returned as the sentinel
    ``_NOT_LITERAL`` and cannot be overridden.

    Raises
    ------
    ParameterError
        If the parameters cell is not valid Python (message gives file, line, column).
    """
    nb = read_notebook(path)
    found = parameters_cell(nb)
    if found is None:
        return {}
    index, src = found
    try:
        tree = ast.parse(src)
    except SyntaxError as exc:
        raise ParameterError(
            f"{path}: parameters cell (cell {index + 1}), line {exc.lineno}, column "
            f"{exc.offset}: invalid Python ({exc.msg}); fix the cell"
        ) from exc
    params: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                try:
                    params[target.id] = ast.literal_eval(value)
                except ValueError:
                    params[target.id] = _NOT_LITERAL
    return params


def _coerce(name: str, raw: str, default: Any, where: str) -> Any:
    expected = type(default).__name__
    problem = f"{where}: parameter {name!r} expects {expected} (default {default!r}), got {raw!r}"
    if default is _NOT_LITERAL:
        raise ParameterError(
            f"{where}: parameter {name!r} has a default that is not a literal; "
            "it cannot be set with -p"
        )
    if isinstance(default, str):
        return raw
    if isinstance(default, bool):
        if raw.lower() in {"true", "1", "yes"}:
            return True
        if raw.lower() in {"false", "0", "no"}:
            return False
        raise ParameterError(problem + "; use true or false")
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        value = raw
    if default is None:
        return value
    if isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise ParameterError(problem + "; give a whole number")
    if isinstance(default, float):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise ParameterError(problem + "; give a number")
    if type(value) is type(default):
        return value
    raise ParameterError(problem + f"; give a Python {expected} literal")


#: ``check(name, value)``: returns the value to use or raises ValueError (see :class:`Layout`).
ParameterCheck = Callable[[str, Any], Any]


def validate_overrides(
    path: Path, overrides: Sequence[tuple[str, str]], check: ParameterCheck | None = None
) -> dict[str, Any]:
    """Check ``-p NAME VALUE`` pairs against a notebook's ``parameters`` cell.

    Parameters
    ----------
    path : Path
        The notebook.
    overrides : sequence of (name, value) pairs
        Values as typed on the command line (strings).
    check : callable, optional
        The project's check of a value (ranges, choices), after its conversion.

    Returns
    -------
    dict
        Name -> value converted to the type of the cell's default (an int is
        accepted for a float).

    Raises
    ------
    ParameterError
        For a notebook without a ``parameters`` cell, an unknown name or a value
        of the wrong type; the message names the notebook and what to do.
    """
    if not overrides:
        return {}
    defaults = notebook_parameters(path)
    where = str(path)
    if not defaults:
        raise ParameterError(
            f"{where}: no cell tagged 'parameters' with assignments; "
            "tag one in Jupyter or choose another notebook"
        )
    values: dict[str, Any] = {}
    for name, raw in overrides:
        if name not in defaults:
            known = ", ".join(sorted(defaults))
            raise ParameterError(f"{where}: unknown parameter {name!r}; known: {known}")
        value = _coerce(name, raw, defaults[name], where)
        if check is not None:
            try:
                check(name, value)
            except ValueError as exc:
                shown = raw if len(raw) <= 60 else f"{raw[:40]}... ({len(raw)} characters)"
                raise ParameterError(f"-p {name} {shown!r}: {exc}") from None
        values[name] = value
    return values


def slug(text: str) -> str:
    """Return a file-name-safe slug: letters, digits, ``.``, ``_`` and ``-`` only."""
    s = re.sub(r"[^0-9A-Za-z._]+", "-", text).strip("-.")
    return s or "x"


#: Longest report file stem; longer ones end in a hash of the parameters instead.
MAX_NAME = 120


def report_name(stem: str, params: dict[str, Any]) -> str:
    """Return the report file stem: ``stem`` or ``stem--name-value...`` for overrides.

    A stem longer than :data:`MAX_NAME` characters (long values) is cut and ends
    in a hash of the parameters, so that it stays a valid, distinct file name.
    """
    parts = [stem] + [f"{slug(k)}-{slug(str(params[k]))}" for k in sorted(params)]
    name = "--".join(parts)
    if len(name) <= MAX_NAME:
        return name
    text = json.dumps(params, sort_keys=True, default=_json_default, ensure_ascii=False)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return f"{name[: MAX_NAME - 18].rstrip('-.')}--{digest}"


# --------------------------------------------------------------------------- plan and cache


@dataclass(frozen=True)
class Job:
    """One report to build: a notebook with its parameter overrides."""

    notebook: Path
    name: str
    overrides: dict[str, Any]
    defaults: dict[str, Any]
    title: str
    summary: str
    key: str
    inputs: dict[str, Any]
    reports_dir: Path
    show_code: bool = False
    timeout: float = DEFAULT_TIMEOUT
    update_notebook: bool = False
    data_sha256: str = ""
    quiet: bool = False
    commit: str = "unknown"

    @property
    def html_path(self) -> Path:
        return self.reports_dir / f"{self.name}.html"

    @property
    def failed_path(self) -> Path:
        return self.reports_dir / f"{self.name}.failed.html"

    @property
    def record_path(self) -> Path:
        return self.reports_dir / CACHE_DIRNAME / f"{self.name}.json"

    def parameters(self) -> dict[str, Any]:
        """All parameters of the run: the cell's defaults updated by the overrides."""
        merged = dict(self.defaults)
        merged.update(self.overrides)
        return merged

    def record(self) -> dict[str, Any]:
        """The build record of this job (what the cache and the index keep), before its outcome."""
        return {
            "format": CACHE_FORMAT,
            "name": self.name,
            "notebook": self.notebook.name,
            "title": self.title,
            "summary": self.summary,
            "key": self.key,
            "inputs": self.inputs,
            "version": __version__,
            "commit": self.commit,
            "data_sha256": self.data_sha256,
            "parameters": json.loads(json.dumps(self.parameters(), default=_json_default)),
        }


@dataclass
class Outcome:
    """What happened to one job."""

    name: str
    status: str  # "built", "skipped" or "failed"
    seconds: float = 0.0
    message: str = ""
    record: dict[str, Any] = field(default_factory=dict)


def _json_default(obj: Any) -> str:
    return repr(obj)


def notebook_fingerprint(nb: dict[str, Any]) -> str:
    """Return the sha256 of what a notebook runs: cell types, sources and tags, plus the kernel.

    Outputs, execution counts and other metadata are left out, so writing the
    executed notebook back (``--update-notebooks``) does not make it stale.
    """
    cells = [(c.get("cell_type"), _source(c), sorted(_tags(c))) for c in nb.get("cells", [])]
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    return _sha256_bytes(json.dumps([kernel, cells], ensure_ascii=False).encode("utf-8"))


def _cache_inputs(
    fingerprint: str, overrides: dict[str, Any], data: str, code: str, show: bool
) -> dict[str, Any]:
    """The inputs a report depends on (JSON-ready); their hash is the cache key."""
    return json.loads(
        json.dumps(
            {
                "format": CACHE_FORMAT,
                "notebook": fingerprint,
                "overrides": overrides,
                "data": data,
                "code": code,
                "show_code": show,
                "kernel": KERNEL_NAME,
            },
            sort_keys=True,
            default=_json_default,
        )
    )


def _key(inputs: dict[str, Any]) -> str:
    return _sha256_bytes(json.dumps(inputs, sort_keys=True).encode("utf-8"))


_REASONS = {
    "notebook": "notebook changed",
    "overrides": "parameters changed",
    "data": "processed data changed",
    "code": "library code changed",
    "show_code": "--show-code changed",
}


def _read_record(path: Path) -> dict[str, Any] | None:
    try:
        rec = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    return rec if isinstance(rec, dict) else None


def stale_reason(job: Job) -> str | None:
    """Return why ``job``'s report must be built, or None when it is up to date.

    Reads only the JSON cache record and checks the report file exists; imports
    nothing heavy.
    """
    rec = _read_record(job.record_path)
    if rec is None:
        return "no earlier build"
    if rec.get("status") != "built":
        return "last build failed"
    if not job.html_path.is_file():
        return "report file missing"
    if rec.get("key") == job.key:
        return None
    old = rec.get("inputs") or {}
    changed = [why for part, why in _REASONS.items() if old.get(part) != job.inputs.get(part)]
    return ", ".join(changed) or "build format changed"


def is_up_to_date(job: Job) -> bool:
    """Return True if ``job``'s report exists and was built from the same inputs."""
    return stale_reason(job) is None


class PlanOptions(TypedDict, total=False):
    """The keyword options of :func:`plan`, which :func:`build_reports` passes on to it."""

    notebooks_dir: Path | None
    reports_dir: Path | None
    processed_dir: Path | None
    package_dir: Path | None
    overrides: Sequence[tuple[str, str]]
    show_code: bool
    timeout: float
    update_notebooks: bool
    quiet: bool
    only_declared: bool
    check_parameter: ParameterCheck | None


def plan(
    notebooks: Iterable[Path] | None = None,
    *,
    notebooks_dir: Path | None = None,
    reports_dir: Path | None = None,
    processed_dir: Path | None = None,
    package_dir: Path | None = None,
    overrides: Sequence[tuple[str, str]] = (),
    show_code: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    update_notebooks: bool = False,
    quiet: bool = False,
    only_declared: bool = True,
    check_parameter: ParameterCheck | None = None,
) -> list[Job]:
    """Return the jobs for the given notebooks (all report notebooks by default).

    Parameters
    ----------
    notebooks : iterable of Path, optional
        Notebooks to run; every ``NN-*.ipynb`` of ``notebooks_dir`` by default.
    notebooks_dir, reports_dir, processed_dir, package_dir : Path, optional
        Folders of the notebooks, the reports, the data whose hash decides
        staleness, and the code whose hash decides staleness (this library by
        default). ``reports_dir`` is required, and ``notebooks_dir`` when
        ``notebooks`` is not given.
    overrides : sequence of (name, value)
        ``-p`` overrides, validated against each notebook's ``parameters`` cell.
    show_code : bool
        Keep code cells (and the parameter cells) in the HTML.
    timeout : float
        Limit in seconds for one cell.
    update_notebooks : bool
        Write the executed notebook back over its source (default parameters only).
    quiet : bool
        Do not print per-cell progress.
    only_declared : bool
        Every notebook must declare every override (see the notes).
    check_parameter : callable, optional
        The project's check of an override value (see :class:`Layout`).

    Raises
    ------
    ParameterError
        If an override does not fit a notebook's ``parameters`` cell.

    Notes
    -----
    With ``only_declared`` (the default) every notebook must declare every
    override. Without it (a run over all notebooks), each notebook takes the
    overrides its ``parameters`` cell declares and is left out when it
    declares none; an override that no notebook declares is an error.
    """
    if reports_dir is None or (notebooks is None and notebooks_dir is None):
        raise ValueError("give reports_dir, and notebooks or notebooks_dir")
    paths = list(notebooks) if notebooks is not None else find_notebooks(notebooks_dir)
    reports = Path(reports_dir)
    data = data_hash(processed_dir)
    code = code_hash(package_dir)
    jobs = []
    if overrides and not only_declared:
        declared = {p: notebook_parameters(Path(p)) for p in paths}
        unknown = [n for n, _ in overrides if not any(n in d for d in declared.values())]
        if unknown:
            known = ", ".join(sorted({k for d in declared.values() for k in d}))
            raise ParameterError(
                f"unknown parameter {unknown[0]!r}: no notebook declares it; known: {known}"
            )
    for path in paths:
        path = Path(path)
        nb = read_notebook(path)
        mine = overrides
        if overrides and not only_declared:
            # run across every notebook: a notebook takes the overrides it declares
            # and is left out when it declares none of them
            mine = [(n, v) for n, v in overrides if n in declared[path]]
            if not mine:
                continue
        values = validate_overrides(path, mine, check_parameter)
        inputs = _cache_inputs(notebook_fingerprint(nb), values, data, code, show_code)
        title, summary = title_and_summary(nb, default=path.stem)
        jobs.append(
            Job(
                notebook=path,
                name=report_name(path.stem, values),
                overrides=values,
                defaults={
                    k: v for k, v in notebook_parameters(path).items() if v is not _NOT_LITERAL
                },
                title=title,
                summary=summary,
                inputs=inputs,
                key=_key(inputs),
                reports_dir=reports,
                show_code=show_code,
                timeout=timeout,
                update_notebook=update_notebooks and not values,
                data_sha256=data,
                quiet=quiet,
            )
        )
    return jobs


# --------------------------------------------------------------------------- HTML


_PAGE_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 60em;
       margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.6em; }
.build { font-size: small; color: #555; }
pre { background: #f6f6f6; padding: .8em; overflow-x: auto; white-space: pre-wrap; }
.failed { color: #a00; }
code { font-size: .95em; }
"""


def _format_params(params: dict[str, Any]) -> str:
    if not params:
        return "none"
    return ", ".join(f"{k}={params[k]!r}" for k in sorted(params))


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def failure_html(record: dict[str, Any]) -> str:
    """Return the HTML page describing a failed build (every value escaped)."""
    e = html.escape
    cell = record.get("failed_cell")
    cell_txt = f"stopped at cell {cell}" if cell else "failed before its first cell"
    body = [
        f'<h1 class="failed">Report failed: {e(record["title"])}</h1>',
        f"<p>Notebook <code>{e(record['notebook'])}</code> {e(cell_txt)}: "
        f"<strong>{e(record.get('error_name', ''))}</strong>.</p>",
    ]
    if record.get("failed_source"):
        body += ["<h2>Failing cell</h2>", f"<pre>{e(record['failed_source'])}</pre>"]
    body += ["<h2>Error</h2>", f"<pre>{e(_ANSI.sub('', record.get('error', '')))}</pre>"]
    body.append(f'<p class="build">{_build_line(record)}</p>')
    body.append(
        "<p>The last good report, if any, is kept. Fix the notebook or the data and run "
        "<code>wzdata reports</code> again.</p>"
    )
    return document(f"Failed: {record['title']}", "\n".join(body), _PAGE_CSS)


def failure_summary(record: dict[str, Any]) -> str:
    """The reason a report failed, for the terminal: cell number, exception and message."""
    cell = record.get("failed_cell")
    where = f"cell {cell}" if cell else "before the first cell"
    name = record.get("error_name", "") or "error"
    text = _ANSI.sub("", str(record.get("error", ""))).strip()
    lines = [ln for ln in text.splitlines() if ln.strip()]
    # a traceback ends with "Name: message"; keep that line (and a few before it)
    last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].startswith(name)), None)
    message = lines[last] if last is not None else f"{name}: {lines[0]}" if lines else ""
    source = str(record.get("failed_source", "")).strip().splitlines()
    out = [f"  {record.get('notebook', '')}, {where}: {message or name}"]
    if source:
        out.append("  in: " + source[0] + (" ..." if len(source) > 1 else ""))
    return "\n".join(out)


def _build_line(rec: dict[str, Any]) -> str:
    e = html.escape
    return (
        f"wzdata {e(str(rec.get('version', '')))} · commit {e(str(rec.get('commit', '')))} · "
        f"data sha256 <code>{e(str(rec.get('data_sha256', '')))}</code> · "
        f"parameters: {e(_format_params(rec.get('parameters', {})))}"
    )


def index_html(records: list[dict[str, Any]]) -> str:
    """Return ``reports/index.html`` for the given cache records (every value escaped)."""
    e = html.escape
    parts = ["<h1>wzdata reports</h1>"]
    if not records:
        parts.append(NO_REPORTS_HTML)
    for rec in records:
        name = rec["name"]
        parts.append(f'<section id="{e(name)}">')
        ok = rec.get("has_html")
        link = f'<a href="{e(name)}.html">{e(rec["title"])}</a>' if ok else e(rec["title"])
        parts.append(f"<h2>{link}</h2>")
        parts.extend(record_notes(rec, "failed"))
        parts.append(f'<p class="build">{_build_line(rec)}</p>')
        parts.append("</section>")
    return document("wzdata reports", "\n".join(parts), _PAGE_CSS)


#: Makes a project's own index page from the build records and the reports folder.
IndexPage = Callable[[list[dict[str, Any]], Path], str]


def write_index(
    reports_dir: Path,
    notebooks_dir: Path,
    index_page: IndexPage | None = None,
    *,
    check_parameter: ParameterCheck | None = None,
    ran: Iterable[Job] = (),
) -> Path:
    """Write ``index.html`` from the cache records whose notebook still exists.

    ``index_page`` makes the page (a project's landing page); :func:`index_html` by
    default. A record is left out when its parameters no longer pass
    ``check_parameter``; a failed variant (a report with overrides) that this run did
    not ask for, of a notebook that this run ran (``ran``), is abandoned: its failure
    page and record are removed. The file is rewritten only when its content changes.
    """
    reports = Path(reports_dir)
    nb_dir = Path(notebooks_dir)
    asked = {job.name for job in ran}
    covered = {job.notebook.name for job in ran}
    records = []
    for p in sorted((reports / CACHE_DIRNAME).glob("*.json")):
        rec = _read_record(p)
        if not rec or "name" not in rec or not (nb_dir / rec.get("notebook", "")).is_file():
            continue
        if not _parameters_pass(rec, check_parameter):
            continue
        variant = rec["name"] != Path(rec["notebook"]).stem
        if variant and rec.get("status") == "failed" and rec["name"] not in asked:
            if rec["notebook"] in covered and not (reports / f"{rec['name']}.html").is_file():
                (reports / f"{rec['name']}.failed.html").unlink(missing_ok=True)
                p.unlink(missing_ok=True)
                continue
        rec["has_html"] = (reports / f"{rec['name']}.html").is_file()
        if rec["has_html"] or rec.get("status") == "failed":
            records.append(rec)
    records.sort(key=lambda r: r["name"])
    path = reports / "index.html"
    page = index_page(records, reports) if index_page else index_html(records)
    write_if_changed(path, page)
    return path


def _parameters_pass(rec: dict[str, Any], check: ParameterCheck | None) -> bool:
    if check is None:
        return True
    try:
        for name, value in (rec.get("parameters") or {}).items():
            check(name, value)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- execution (worker)


_CURRENT: dict[str, Any] = {}


def _progress(stream: TextIO | None, text: str) -> None:
    if stream is not None:
        print(text, file=stream, flush=True)


def _register_engine() -> str:
    """Register (once) a papermill engine that reports cell progress."""
    from papermill.engines import NBClientEngine, papermill_engines

    name = "wzdata-progress"
    if name in papermill_engines._engines:
        return name

    class ProgressEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
            report = _CURRENT.get("report", lambda *_: None)
            code_cells = [i for i, c in enumerate(nb_man.nb.cells) if c.get("cell_type") == "code"]
            position = {idx: n + 1 for n, idx in enumerate(code_cells)}
            original = nb_man.cell_start

            def cell_start(cell, cell_index=None, **kw):
                _CURRENT["cell_index"] = cell_index
                if cell_index in position:
                    report(position[cell_index], len(code_cells))
                return original(cell, cell_index, **kw)

            nb_man.cell_start = cell_start
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)

    papermill_engines.register(name, ProgressEngine)
    return name


def _strip_volatile(nb: Any) -> None:
    """Remove execution timestamps and temp paths that papermill/nbclient add.

    The cell papermill injects for ``-p`` gets a random id; it is replaced by a
    fixed one so the HTML (which carries cell ids) stays byte-identical.
    """
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []) and "id" in cell:
            cell["id"] = "injected-parameters"


def _export_html(nb: Any, job: Job, build: dict[str, Any]) -> str:
    import jinja2
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    from wzdata.notebooks import page as reportpage

    exporter = HTMLExporter(
        extra_loaders=[jinja2.DictLoader({"wzdata_report.html.j2": reportpage.TEMPLATE})],
        template_file="wzdata_report.html.j2",
        exclude_input=not job.show_code,
        exclude_input_prompt=not job.show_code,
        exclude_output_prompt=not job.show_code,
        embed_images=True,
    )
    if not job.show_code:
        remover = TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_TAGS), enabled=True)
        exporter.register_preprocessor(remover, enabled=True)
    nb.metadata["title"] = job.title
    resources = {
        "metadata": {"name": job.name},
        "wzdata_build": build,
        "wzdata_css": reportpage.PAGE_CSS,
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return reportpage.finish(body)


def run_job(job: Job, stream: TextIO | None = sys.stderr) -> Outcome:
    """Execute one notebook and write its report (or its failure report).

    Runs in the calling process; :func:`build_reports` calls it in worker processes.
    """
    import nbformat
    import papermill

    start = time.perf_counter()
    tag = job.name

    def report(i: int, n: int) -> None:
        if not job.quiet:
            _progress(stream, f"  {tag}: cell {i}/{n} ({time.perf_counter() - start:.1f} s)")

    _CURRENT.clear()
    _CURRENT["report"] = report
    engine = _register_engine()
    _progress(stream, f"{tag}: running {job.notebook.name}")
    params = job.parameters()
    record = job.record()
    build = {
        "version": __version__,
        "commit": record["commit"],
        "data_sha256": job.data_sha256,
        "parameters": _format_params(params),
    }
    error: BaseException | None = None
    nb = None
    runtime_before = os.environ.get("JUPYTER_RUNTIME_DIR")
    with tempfile.TemporaryDirectory(prefix="wzdata-report-") as tmp:
        out = Path(tmp) / job.notebook.name
        # the kernel's connection file goes with the temporary folder, whatever happens
        os.environ["JUPYTER_RUNTIME_DIR"] = tmp
        try:
            nb = papermill.execute_notebook(
                str(job.notebook),
                str(out),
                parameters=job.overrides or None,
                engine_name=engine,
                kernel_name=KERNEL_NAME,
                language="python",
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                # nbclient counts whole seconds: a fraction is rounded up
                execution_timeout=math.ceil(job.timeout),
                # keep the kernel's start-up warnings out of the progress output
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                cwd=str(job.notebook.parent),
            )
        except Exception as exc:
            error = exc
        finally:
            if runtime_before is None:
                os.environ.pop("JUPYTER_RUNTIME_DIR", None)
            else:
                os.environ["JUPYTER_RUNTIME_DIR"] = runtime_before
    seconds = time.perf_counter() - start
    if error is not None:
        record.update(_describe_failure(error, job))
        record["status"] = "failed"
        write_atomic(job.failed_path, failure_html(record))
        write_atomic(job.record_path, json.dumps(record, indent=1, sort_keys=True) + "\n")
        _progress(stream, f"{tag}: FAILED after {seconds:.1f} s -> {job.failed_path}")
        _progress(stream, failure_summary(record))
        return Outcome(job.name, "failed", seconds, record.get("error_name", ""), record)

    _strip_volatile(nb)
    if job.update_notebook:
        write_atomic(job.notebook, nbformat.writes(nb) + "\n")
    write_atomic(job.html_path, _export_html(nb, job, build))
    job.failed_path.unlink(missing_ok=True)
    record["status"] = "built"
    write_atomic(job.record_path, json.dumps(record, indent=1, sort_keys=True) + "\n")
    seconds = time.perf_counter() - start
    _progress(stream, f"{tag}: built in {seconds:.1f} s -> {job.html_path}")
    return Outcome(job.name, "built", seconds, "", record)


def _describe_failure(error: BaseException, job: Job) -> dict[str, Any]:
    from papermill.exceptions import PapermillExecutionError

    nb = read_notebook(job.notebook)
    cells = nb.get("cells", [])
    if isinstance(error, PapermillExecutionError):
        index = error.cell_index
        # papermill counts cells of the executed notebook; injected parameters add one
        offset = 1 if job.overrides else 0
        source = error.source
        text = "\n".join(error.traceback) or f"{error.ename}: {error.evalue}"
        pos = index - offset + 1
        return {
            "failed_cell": pos,
            "failed_source": source,
            "error_name": error.ename,
            "error": text,
        }
    index = _CURRENT.get("cell_index")
    name = type(error).__name__
    if name == "CellTimeoutError" or isinstance(error, TimeoutError):
        name = "CellTimeoutError"
        text = f"A cell ran longer than the limit of {job.timeout:g} s per cell and was stopped "
        text += f"(raise it with --timeout).\n\n{error}"
    else:
        text = f"{type(error).__name__}: {error}"
    source = ""
    pos = None
    if index is not None:
        offset = 1 if job.overrides else 0
        pos = index - offset + 1
        if 0 <= index - offset < len(cells):
            source = _source(cells[index - offset])
    return {"failed_cell": pos, "failed_source": source, "error_name": name, "error": text}


def _run_safely(job: Job, stream: TextIO | None) -> Outcome:
    """Run a job; an error outside the notebook (export, disk) also becomes a failure report."""
    try:
        return run_job(job, stream)
    except Exception as exc:
        import traceback

        record = job.record() | {
            "status": "failed",
            "failed_cell": None,
            "failed_source": "",
            "error_name": type(exc).__name__,
            "error": "The notebook ran, but writing its report failed:\n\n"
            + "".join(traceback.format_exception(exc)),
        }
        try:
            write_atomic(job.failed_path, failure_html(record))
            write_atomic(job.record_path, json.dumps(record, indent=1, sort_keys=True) + "\n")
        except OSError:
            pass
        _progress(stream, f"{job.name}: FAILED ({type(exc).__name__}: {exc})")
        return Outcome(job.name, "failed", 0.0, f"{type(exc).__name__}: {exc}", record)


def _worker_init(parent_pid: int) -> None:
    # end with the parent whatever ends it (no orphan keeps writing reports)
    die_with_parent(parent_pid)
    # import once per worker, while the parent keeps planning
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401


def _stop_workers(pool: Any) -> None:
    """Terminate the pool's workers (each kills its kernels and removes its temp files)."""
    procs = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        with contextlib.suppress(OSError, ValueError):
            p.terminate()
    for p in procs:
        with contextlib.suppress(OSError, ValueError):
            p.join(GRACE + 1.0)
            if p.is_alive():
                p.kill()


def _run_in_worker(job: Job) -> Outcome:
    return _run_safely(job, sys.stderr)


# --------------------------------------------------------------------------- build


def default_jobs() -> int:
    """Default number of parallel workers: ``min(2, cores)``."""
    return max(1, min(2, os.cpu_count() or 1))


def build_reports(
    notebooks: Iterable[Path] | None = None,
    *,
    commit: str | None = None,
    jobs: int | None = None,
    force: bool = False,
    stream: TextIO | None = sys.stderr,
    on_skip_check: Callable[[Job, bool], None] | None = None,
    index_page: IndexPage | None = None,
    **options: Unpack[PlanOptions],
) -> list[Outcome]:
    """Build the reports of the notebooks and rewrite ``index.html``.

    Parameters
    ----------
    notebooks, **options
        The notebooks and the options (:class:`PlanOptions`) as for :func:`plan`: the
        folders, the ``-p`` overrides, ``timeout``, ``show_code``, ``update_notebooks``,
        ``quiet``, ``only_declared`` and ``check_parameter``.
    commit : str, optional
        Commit recorded in the build information; :func:`git_commit` by default.
    jobs : int, optional
        Parallel worker processes; :func:`default_jobs` by default.
    force : bool
        Rebuild even when up to date.
    stream : text stream, optional
        Where progress goes (stderr by default; None for silence).
    on_skip_check : callable, optional
        Called with each job and whether it is up to date.
    index_page : callable, optional
        Makes ``index.html`` (see :func:`write_index`).

    Returns
    -------
    list of Outcome
        One per job, in notebook order.

    Raises
    ------
    ParameterError
        If an override does not fit a notebook (nothing is run then).
    """
    notebooks = list(notebooks) if notebooks is not None else None
    todo = plan(notebooks, **options)  # checks that the folders are given
    reports = Path(options["reports_dir"])
    given = options.get("notebooks_dir")
    nb_dir = Path(given) if given is not None else Path(notebooks[0]).parent
    update_notebooks = options.get("update_notebooks", False)
    check_parameter = options.get("check_parameter")
    outcomes: dict[str, Outcome] = {}
    run: list[Job] = []
    for job in todo:
        reason = "forced" if force or update_notebooks else stale_reason(job)
        if on_skip_check is not None:
            on_skip_check(job, reason is None)
        if reason is None:
            outcomes[job.name] = Outcome(job.name, "skipped")
            _progress(stream, f"{job.name}: up to date")
        else:
            run.append(job)
            _progress(stream, f"{job.name}: to build ({reason})")
    if update_notebooks and options.get("overrides"):
        _progress(stream, "note: notebooks are written back only for their default parameters")
    if run:
        stamp = commit if commit is not None else git_commit()
        run = [dataclasses.replace(job, commit=stamp) for job in run]
    workers = max(1, min(jobs or default_jobs(), len(run)))
    if len(run) == 1 or workers == 1:
        for job in run:
            outcomes[job.name] = _run_safely(job, stream)
    elif run:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        # spawned workers are children of this process: they end when it ends
        pool = ProcessPoolExecutor(
            workers,
            mp_context=mp.get_context("spawn"),
            initializer=_worker_init,
            initargs=(os.getpid(),),
        )
        try:
            for job, outcome in zip(run, pool.map(_run_in_worker, run), strict=True):
                outcomes[job.name] = outcome
        except BaseException:
            _stop_workers(pool)
            raise
        pool.shutdown()
    reports.mkdir(parents=True, exist_ok=True)
    write_index(reports, nb_dir, index_page, check_parameter=check_parameter, ran=todo)
    return [outcomes[job.name] for job in todo]


# --------------------------------------------------------------------------- command line


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="wzdata reports",
        description="Run the notebooks (NN-*.ipynb) and write HTML reports with an index.",
    )
    p.add_argument(
        "notebooks", nargs="*", metavar="NOTEBOOK", help="notebooks to run (name, stem or path)"
    )
    p.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="override a value of the notebook's parameters cell; writes a separate report",
    )
    p.add_argument("-j", "--jobs", type=int, default=None, help="parallel workers (min(2, cores))")
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        help=f"seconds allowed per cell (default {DEFAULT_TIMEOUT})",
    )
    p.add_argument("--show-code", action="store_true", help="keep code cells in the HTML")
    p.add_argument(
        "--update-notebooks",
        action="store_true",
        help="write executed notebooks back to notebooks/ (default parameters only)",
    )
    p.add_argument("-f", "--force", action="store_true", help="rebuild even when up to date")
    p.add_argument("-q", "--quiet", action="store_true", help="no per-cell progress")
    p.add_argument("--notebooks-dir", type=Path, default=None, help=argparse.SUPPRESS)
    p.add_argument("--reports-dir", type=Path, default=None, help=argparse.SUPPRESS)
    p.add_argument("--processed-dir", type=Path, default=None, help=argparse.SUPPRESS)
    p.add_argument("--package-dir", type=Path, default=None, help=argparse.SUPPRESS)
    return p


def _seconds(text: str) -> float:
    """``--timeout``: any positive, finite number of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text!r}")
    return value


def _select(names: list[str], nb_dir: Path) -> list[Path]:
    available = find_notebooks(nb_dir)
    chosen = []
    for name in names:
        path = Path(name)
        match = [p for p in available if name in {p.name, p.stem} or p.resolve() == path.resolve()]
        if not match:
            known = ", ".join(p.stem for p in available) or "none"
            raise ParameterError(f"no report notebook {name!r} in {nb_dir}; available: {known}")
        chosen.extend(m for m in match if m not in chosen)
    return chosen


@dataclass(frozen=True)
class Layout:
    """The folders of a project of notebooks and reports.

    Attributes
    ----------
    notebooks, reports : Path
        Where the ``NN-*.ipynb`` notebooks are and where their reports go.
    processed : Path or None
        The data the notebooks read (its hash decides staleness).
    package : Path or None
        The code the notebooks call (its hash decides staleness).
    check_parameter : callable or None
        ``check(name, value)`` of the project's declared parameters: returns the
        value or raises ``ValueError`` saying what is allowed. ``-p`` overrides
        are checked with it before any notebook runs.
    index_page : callable or None
        The project's index page (see :func:`write_index`).
    """

    notebooks: Path
    reports: Path
    processed: Path | None = None
    package: Path | None = None
    check_parameter: ParameterCheck | None = None
    index_page: IndexPage | None = None


def cli(argv: Sequence[str] | None = None, layout: Layout | None = None) -> int:
    """Entry point of ``wzdata reports``; returns the exit status (0, 1 failed, 2 usage).

    Parameters
    ----------
    argv : sequence of str, optional
        The options (``sys.argv[1:]`` by default).
    layout : Layout, optional
        Default folders; without it ``--notebooks-dir`` and ``--reports-dir``
        must be given.
    """
    args = _parser().parse_args(list(argv) if argv is not None else None)
    nb_dir = args.notebooks_dir or (layout.notebooks if layout else None)
    reports = args.reports_dir or (layout.reports if layout else None)
    if nb_dir is None or reports is None:
        print("wzdata reports: give --notebooks-dir and --reports-dir", file=sys.stderr)
        return 2
    nb_dir, reports = Path(nb_dir), Path(reports)
    processed = args.processed_dir or (layout.processed if layout else None)
    package = args.package_dir or (layout.package if layout else None)
    if args.jobs is not None and args.jobs < 1:
        print("wzdata reports: --jobs must be positive", file=sys.stderr)
        return 2
    names = [n for n, _ in args.parameter]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        print(
            f"wzdata reports: error: -p {repeated[0]} is given more than once; give each "
            "parameter once (run again for another value)",
            file=sys.stderr,
        )
        return 2
    try:
        selected = _select(args.notebooks, nb_dir) if args.notebooks else find_notebooks(nb_dir)
        if not selected:
            reports.mkdir(parents=True, exist_ok=True)
            write_index(reports, nb_dir, layout.index_page if layout else None)
            print(
                f"No reports yet: no notebooks named NN-*.ipynb in {nb_dir}. "
                f"Wrote {reports / 'index.html'}.",
                file=sys.stderr,
            )
            return 0
        start = time.perf_counter()
        with exit_on_termination():
            outcomes = _build(args, layout, selected, nb_dir, reports, processed, package)
    except (ParameterError, ValueError) as exc:
        print(f"wzdata reports: error: {exc}", file=sys.stderr)
        return 2
    counts = {s: sum(o.status == s for o in outcomes) for s in ("built", "skipped", "failed")}
    print(
        f"reports: {counts['built']} built, {counts['skipped']} up to date, "
        f"{counts['failed']} failed in {time.perf_counter() - start:.1f} s "
        f"({reports / 'index.html'})",
        file=sys.stderr,
    )
    return 1 if counts["failed"] else 0


def _build(
    args: argparse.Namespace,
    layout: Layout | None,
    selected: list[Path],
    nb_dir: Path,
    reports: Path,
    processed: Path | None,
    package: Path | None,
) -> list[Outcome]:
    return build_reports(
        selected,
        notebooks_dir=nb_dir,
        reports_dir=reports,
        processed_dir=processed,
        package_dir=package,
        overrides=[tuple(p) for p in args.parameter],
        jobs=args.jobs,
        timeout=args.timeout,
        show_code=args.show_code,
        update_notebooks=args.update_notebooks,
        force=args.force,
        quiet=args.quiet,
        only_declared=bool(args.notebooks),
        check_parameter=layout.check_parameter if layout else None,
        index_page=layout.index_page if layout else None,
    )


__all__ = [
    "DEFAULT_TIMEOUT",
    "KERNEL_NAME",
    "Job",
    "Layout",
    "Outcome",
    "ParameterError",
    "PlanOptions",
    "build_reports",
    "cli",
    "code_hash",
    "data_hash",
    "find_notebooks",
    "git_commit",
    "git_output",
    "is_up_to_date",
    "notebook_fingerprint",
    "notebook_parameters",
    "plan",
    "report_name",
    "run_job",
    "stale_reason",
    "title_and_summary",
    "validate_overrides",
    "write_index",
]
