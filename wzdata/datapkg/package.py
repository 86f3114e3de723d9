"""Write a set of tables as a Frictionless Data Package, whole or not at all, and read it back.

A build hands :func:`write_package` every file of the new set. They are
written into a staging folder beside the target on the same file system, and
the staging folder then takes the target's place in one step (an atomic
exchange of the two folders where the system offers it, ``renameat2`` with
``RENAME_EXCHANGE`` on Linux; otherwise two renames, with the old set kept
until the new one is in place). A reader sees the old set or the new one,
never a mix; a crash leaves the old set and at most a staging folder that the
next write removes.

:func:`load_table` reads one table and first checks its SHA-256 against the
``datapackage.json`` of the same set, so a set whose files do not match its
descriptor is refused.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wzdata.datapkg.schema import Schema
from wzdata.datapkg.tables import read_frame
from wzdata.output import write_atomic

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DESCRIPTOR",
    "PackageError",
    "check_writable",
    "data_dictionary",
    "descriptor",
    "load_table",
    "write_package",
]

#: File name of the descriptor in a package folder.
DESCRIPTOR = "datapackage.json"
_STAGING_PREFIX = ".staging-"
_OLD_PREFIX = ".previous-"


class PackageError(RuntimeError):
    """A package folder that is missing, incomplete or whose files do not match its descriptor."""


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def descriptor(
    tables: Mapping[str, bytes],
    schemas: Mapping[str, Schema],
    *,
    name: str,
    title: str,
    description: str,
    licenses: Sequence[Mapping[str, str]] = (),
    sources: Sequence[Mapping[str, str]] = (),
    extra_resources: Sequence[Mapping[str, Any]] = (),
) -> bytes:
    """The ``datapackage.json`` of a set of CSV tables, with the hash of each.

    Parameters
    ----------
    tables : mapping
        Table name -> CSV bytes (written as ``<name>.csv``).
    schemas : mapping
        Table name -> Table Schema.
    name, title, description : str
        Package metadata.
    licenses, sources : sequence of mappings
        Frictionless ``licenses`` and ``sources``.
    extra_resources : sequence of mappings
        Further resources (other formats of the same tables), listed as given.

    Returns
    -------
    bytes
        The descriptor as UTF-8 JSON, keys in a fixed order.
    """
    resources = [
        {
            "name": t,
            "path": f"{t}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "hash": "sha256:" + sha256(tables[t]),
            "schema": schemas[t],
        }
        for t in sorted(tables)
    ]
    package = {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": description,
        "licenses": [dict(x) for x in licenses],
        "sources": [dict(x) for x in sources],
        "resources": resources + [dict(r) for r in extra_resources],
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- writing


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name or not hasattr(os, "O_DIRECTORY"):
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if rc != 0:
        err = ctypes.get_errno()
        if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not offered here
            return False
        raise OSError(err, os.strerror(err), str(a))
    return True


def _clear_leftovers(target: Path) -> None:
    for p in target.parent.glob(f"{_STAGING_PREFIX}{target.name}-*"):
        shutil.rmtree(p, ignore_errors=True)
    old = target.parent / f"{_OLD_PREFIX}{target.name}"
    if old.exists() and target.exists():
        shutil.rmtree(old, ignore_errors=True)
    elif old.exists():
        old.rename(target)


def write_package(
    target: Path,
    files: Mapping[str, bytes],
    *,
    keep: Iterable[str] = (),
    on_write: Callable[[str], None] | None = None,
) -> dict[str, Path]:
    """Make ``files`` the whole content of folder ``target``, in one step.

    Parameters
    ----------
    target : Path
        The package folder (created when missing).
    files : mapping
        File name -> content; the descriptor is one of them.
    keep : iterable of str
        Names of files already in ``target`` that are not built here and are
        carried over unchanged (a README, say).
    on_write : callable, optional
        Called with each file name after it is written to the staging folder
        (progress; tests use it to interrupt a write).

    Returns
    -------
    dict
        File name -> its final path.
    """
    target = Path(target)
    try:
        return _write_package(target, files, keep, on_write)
    except OSError as exc:
        raise _named(exc, target) from exc


def check_writable(target: Path) -> None:
    """Raise the error :func:`write_package` would meet in making ``target``'s staging folder.

    A build calls it before its long steps, so that a folder it cannot write
    is named at once; the staging folder is made and removed again.

    Raises
    ------
    OSError
        Naming ``target``, when it is a file or its parent folder cannot be written.
    """
    target = Path(target)
    try:
        _staging(target, clear_leftovers=False).rmdir()
    except OSError as exc:
        raise _named(exc, target) from exc


def _named(exc: OSError, target: Path) -> OSError:
    # name the folder the user gave, not a staging file inside it
    return OSError(
        exc.errno,
        f"cannot write the data package ({exc.strerror or exc}); the previous set is unchanged",
        str(target),
    )


def _staging(target: Path, *, clear_leftovers: bool) -> Path:
    """A new, empty staging folder beside ``target`` (after removing the leftovers of a crash)."""
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "it is a file, not a folder", str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    if clear_leftovers:
        _clear_leftovers(target)
    staging = target.parent / f"{_STAGING_PREFIX}{target.name}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    return staging


def _write_package(
    target: Path,
    files: Mapping[str, bytes],
    keep: Iterable[str],
    on_write: Callable[[str], None] | None,
) -> dict[str, Path]:
    staging = _staging(target, clear_leftovers=True)
    try:
        for name in keep:
            if (target / name).is_file():
                shutil.copy2(target / name, staging / name)
        for name in sorted(files):
            write_atomic(staging / name, files[name])
            if on_write:
                on_write(name)
        os.chmod(staging, 0o777 & ~_umask())
        if target.exists() and _exchange(staging, target):
            shutil.rmtree(staging)
        else:
            old = target.parent / f"{_OLD_PREFIX}{target.name}"
            if target.exists():
                target.rename(old)
            staging.rename(target)
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {name: target / name for name in files}


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# --------------------------------------------------------------------------- reading


def load_table(folder: Path, name: str, categorical: Iterable[str] = ()) -> pd.DataFrame:
    """Read table ``name`` of the package in ``folder``, after checking its hash.

    Raises
    ------
    PackageError
        When the descriptor is missing, or the table's file is missing or does
        not match the hash the descriptor records (a set written in part).
    KeyError
        When ``name`` is not a resource of the package.
    """
    folder = Path(folder)
    desc_path = folder / DESCRIPTOR
    try:
        package = json.loads(desc_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackageError(f"{desc_path} is missing: run 'wzdata build'") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PackageError(f"{desc_path} is not valid JSON ({exc}): run 'wzdata build'") from None
    resources = {r["name"]: r for r in package["resources"] if r.get("format", "csv") == "csv"}
    if name not in resources:
        raise KeyError(f"no table {name!r}; the package has: {', '.join(sorted(resources))}")
    res = resources[name]
    path = folder / res["path"]
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PackageError(f"{path} is missing from the package: run 'wzdata build'") from None
    expected = res.get("hash", "").removeprefix("sha256:")
    if expected and sha256(data) != expected:
        raise PackageError(
            f"{path} does not match the hash in {desc_path}: the data set is incomplete "
            "or was edited by hand; run 'wzdata build'"
        )
    return read_frame(data, res["schema"], categorical)


def data_dictionary(package: dict[str, Any]) -> str:
    """Render a data package descriptor as a Markdown data dictionary.

    Parameters
    ----------
    package : dict
        The ``datapackage.json`` descriptor.

    Returns
    -------
    str
        One section per table: its fields with type, constraints and description.
    """
    out = [
        "# Data dictionary",
        "",
        "Generated by `wzdata build` from `datapackage.json`; do not edit by hand.",
        "Numbers are in base units (万 and 亿 applied); `lower` and `upper` are the bounds",
        "implied by the printed qualifier (see `wzdata.figures`); `INF` marks an open end.",
        "",
    ]
    for res in package["resources"]:
        if "schema" not in res:
            continue
        schema = res["schema"]
        out += [f"## `{res['path']}`", ""]
        out.append(f"Primary key: {', '.join(f'`{k}`' for k in schema.get('primaryKey', []))}")
        out += ["", "| field | type | constraints | description |", "|---|---|---|---|"]
        for f in schema["fields"]:
            cons = f.get("constraints", {})
            shown = []
            for key, val in cons.items():
                if key == "enum":
                    val = ", ".join(v or "(empty)" for v in val)
                shown.append(f"{key}: {val}" if val is not True else key)
            desc = f.get("description", "").replace("|", "\\|")
            out.append(f"| `{f['name']}` | {f['type']} | {'; '.join(shown)} | {desc} |")
        out.append("")
    return "\n".join(out)
