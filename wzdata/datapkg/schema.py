"""Declare a table once, as a Frictionless Table Schema.

A table is a dict ``{"fields": [...], "primaryKey": [...], ...}`` built with
:func:`field` and :func:`table`. The same declaration validates the raw CSV
(:func:`wzdata.datapkg.tables.validate`), types the loaded DataFrame and is
written into ``datapackage.json`` and the data dictionary, so they cannot
drift apart. Value lists come from the enums with :func:`enum_values`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any

__all__ = ["Schema", "column_names", "enum_values", "field", "table"]

#: A Table Schema descriptor.
Schema = dict[str, Any]


def field(
    name: str,
    type_: str,
    description: str,
    *,
    required: bool = True,
    pattern: str | None = None,
    enum: Iterable[str] | None = None,
    unique: bool = False,
    minimum: int | None = None,
) -> dict[str, Any]:
    """Declare one Table Schema field.

    Parameters
    ----------
    name, type_, description : str
        Field name, Table Schema type (``string``, ``integer``, ``number``,
        ``date``, ``boolean``) and a one-line description.
    required, pattern, enum, unique, minimum
        Constraints, as in the Table Schema specification.

    Returns
    -------
    dict
        The field descriptor.

    Examples
    --------
    >>> field("kind", "string", "What is counted.", enum=("count", "fold"))["constraints"]
    {'required': True, 'enum': ['count', 'fold']}
    """
    constraints: dict[str, Any] = {}
    if required:
        constraints["required"] = True
    if pattern is not None and type_ == "string":
        constraints["pattern"] = pattern
    if enum is not None:
        constraints["enum"] = list(enum)
    if unique:
        constraints["unique"] = True
    if minimum is not None:
        constraints["minimum"] = minimum
    out: dict[str, Any] = {"name": name, "type": type_, "description": description}
    if constraints:
        out["constraints"] = constraints
    return out


def table(
    fields: Sequence[dict[str, Any]],
    primary_key: Sequence[str],
    *,
    foreign_keys: Sequence[dict[str, Any]] | None = None,
    missing_values: Sequence[str] | None = None,
) -> Schema:
    """Declare a table: its fields, primary key and optional foreign keys.

    Raises
    ------
    ValueError
        When the primary key names a field that is not declared, or a field
        is declared twice.
    """
    names = [f["name"] for f in fields]
    if len(set(names)) != len(names):
        raise ValueError(f"a field is declared twice: {names}")
    missing = [k for k in primary_key if k not in names]
    if missing:
        raise ValueError(f"primary key {missing} is not among the fields {names}")
    out: Schema = {"fields": [dict(f) for f in fields], "primaryKey": list(primary_key)}
    if foreign_keys:
        out["foreignKeys"] = list(foreign_keys)
    if missing_values is not None:
        out["missingValues"] = list(missing_values)
    return out


def enum_values(enum: type[Enum], *extra: str) -> tuple[str, ...]:
    """The values of an enum (and any ``extra`` ones first), for an ``enum`` constraint."""
    return (*extra, *(str(m.value) for m in enum))


def column_names(schema: Schema) -> list[str]:
    """The field names of a schema, in order."""
    return [f["name"] for f in schema["fields"]]
