"""The import mapping: which files to read, how their columns are named, how their values map.

A mapping is a YAML file validated by pydantic (unknown keys are errors). Columns are written
``project column: your column``; values are written ``your value: project code``. Relative file
paths are resolved against the mapping file's folder. Example: ``examples/byod/mapping.yaml``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from workbench.claims.schema import CATEGORY_CODES, STATUSES
from workbench.errors import DataError

__all__ = ["COLUMNS", "Mapping", "TableMapping", "load_mapping"]

#: Per source table: (required project columns, optional project columns).
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "employees": (("employee_id", "email", "full_name", "grade", "join_date"), ("department",)),
    "entitlements": (("employee_id", "category_code", "benefit_year", "annual_limit"), ()),
    "limits": (("category_code", "grade", "annual_limit"), ()),
    "claims": (("claim_id", "employee_id", "category_code", "service_date", "submitted_date",
                "amount_claimed", "status"),
               ("benefit_year", "provider", "amount_approved", "rejection_reason")),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TableMapping(_Strict):
    """One source file and its column names (``project column: your column``)."""

    file: Path
    columns: dict[str, str] = {}
    table: str = ""  # set by Mapping: which project table this is

    def source(self, column: str) -> str:
        """The source column holding a project column (the same name when not renamed)."""
        return self.columns.get(column, column)


class ValueMaps(_Strict):
    """Source values mapped to the project's codes (matched case-insensitively, trimmed)."""

    category: dict[str, str] = {}
    status: dict[str, str] = {}
    grade: dict[str, str] = {}

    @field_validator("category")
    @classmethod
    def _known_categories(cls, value: dict[str, str]) -> dict[str, str]:
        return _check_targets(value, CATEGORY_CODES, "category")

    @field_validator("status")
    @classmethod
    def _known_statuses(cls, value: dict[str, str]) -> dict[str, str]:
        return _check_targets(value, STATUSES, "status")


class Mapping(_Strict):
    """A whole import: employees, claims, and entitlements or limits by grade (or neither)."""

    employees: TableMapping
    claims: TableMapping
    entitlements: TableMapping | None = None
    limits: TableMapping | None = None
    values: ValueMaps = ValueMaps()
    date_format: str = "%Y-%m-%d"
    as_of: date | None = None

    @model_validator(mode="after")
    def _check_tables(self) -> Mapping:
        if self.entitlements and self.limits:
            raise ValueError("give either 'entitlements' (per employee) or 'limits' (by grade), not both")
        for name, table in self.tables().items():
            table.table = name
            required, optional = COLUMNS[name]
            unknown = sorted(set(table.columns) - set(required) - set(optional))
            if unknown:
                raise ValueError(f"{name}.columns: unknown project column(s) {unknown}; "
                                 f"use {', '.join(required + optional)}")
        return self

    def tables(self) -> dict[str, TableMapping]:
        """The source tables present, in validation order (employees before what refers to them)."""
        found = {"employees": self.employees, "limits": self.limits,
                 "entitlements": self.entitlements, "claims": self.claims}
        return {name: table for name, table in found.items() if table is not None}

    @property
    def grades_from(self) -> str:
        """Where the valid grades come from: the limits file, the entitlements, or the catalogue."""
        return "limits" if self.limits else "entitlements" if self.entitlements else "catalogue"


def load_mapping(path: Path, overrides: dict[str, Path | None] | None = None) -> Mapping:
    """Read and validate a mapping YAML file.

    Args:
        path: The mapping file.
        overrides: Source files given on the command line (table name → file), replacing the
            mapping's ``file`` entries.

    Raises:
        DataError: The file is missing, not YAML, or a field is invalid (the message names it).
    """
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(f"{path}: cannot read the mapping file ({exc.strerror}).") from None
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: not valid YAML ({' '.join(str(exc).split())}).") from None
    if not isinstance(raw, dict):
        raise DataError(f"{path}: a mapping file is a YAML object with 'employees' and 'claims' keys.")
    for table, file in (overrides or {}).items():
        if file is not None:
            raw.setdefault(table, {})
            raw[table] = {**(raw[table] or {}), "file": str(Path(file).resolve())}
    try:
        mapping = Mapping.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "(top level)"
        raise DataError(f"{path}: field '{field}': {err['msg']}; fix the mapping file "
                        "(see examples/byod/mapping.yaml).") from None
    for table in mapping.tables().values():
        if not table.file.is_absolute():
            table.file = (path.parent / table.file).resolve()
    return mapping


def _check_targets(value: dict[str, str], allowed: tuple[str, ...], what: str) -> dict[str, str]:
    out = {}
    for source, target in value.items():
        code = str(target).strip()
        code = code.upper() if what == "category" else code.lower()
        if code not in allowed:
            raise ValueError(f"{source!r} maps to unknown {what} {target!r}; use one of {', '.join(allowed)}")
        out[str(source)] = code
    return out
