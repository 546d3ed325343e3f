"""The claims store: build the DuckDB file, and read it (or its PostgreSQL copy) one signed-in user at a time.

``ClaimsStore.for_user`` is the only way to read claims: it returns a ``UserClaims`` bound to
one employee, and every query it runs filters on that employee id with a bound parameter.
Column names, aggregate functions and groupings come from fixed allow-lists, never from input.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import duckdb
import pandas as pd

from workbench.claims.backends import Backend, DuckDBBackend, PostgresBackend, is_postgres_url
from workbench.claims.generator import AS_OF, SampleSize, generate
from workbench.claims.schema import CATEGORIES, CATEGORY_CODES, DDL, GRADES, INDEXES, PLANS, STATUSES
from workbench.errors import DataError, UnknownUserError, WorkbenchError

if TYPE_CHECKING:
    from workbench.config import Settings

_REQUIRED_TABLES = {"employees", "claims", "entitlements", "benefit_categories", "category_limits"}


@dataclass(frozen=True)
class Employee:
    """A signed-in employee (what the agent may say about the user themself)."""

    employee_id: str
    email: str
    full_name: str
    department: str
    grade: str


@dataclass(frozen=True)
class Claim:
    """One claim of the signed-in user."""

    claim_id: str
    category_code: str
    category_name: str
    benefit_year: int
    provider: str
    service_date: date
    submitted_date: date
    amount_claimed: float
    amount_approved: float | None
    status: str
    rejection_reason: str | None


@dataclass(frozen=True)
class Balance:
    """What is left of one category's annual limit in one benefit year."""

    category_code: str
    category_name: str
    plan: str
    benefit_year: int
    annual_limit: float
    used: float  # approved or paid
    pending: float  # claimed but not decided yet (does not reduce the balance)
    remaining: float


@dataclass(frozen=True)
class PolicyRow:
    """A category's policy facts as they apply to the signed-in user's grade."""

    category_code: str
    category_name: str
    plan: str
    payer: str
    administrator: str
    annual_limit: float
    claim_deadline_days: int
    documents_required: str
    description: str


Metric = Literal["sum", "count", "avg"]
Field = Literal["amount_claimed", "amount_approved"]
GroupBy = Literal["category", "month", "year", "status"] | None
_METRICS = ("sum", "count", "avg")
_FIELDS = ("amount_claimed", "amount_approved")
Order = Literal["newest", "oldest", "largest", "smallest"]
_ORDERS = {
    "newest": "c.service_date DESC, c.claim_id DESC",
    "oldest": "c.service_date ASC, c.submitted_date ASC, c.claim_id ASC",
    "largest": "c.amount_claimed DESC, c.service_date DESC, c.claim_id DESC",
    "smallest": "c.amount_claimed ASC, c.service_date DESC, c.claim_id DESC",
}
_GROUPS = {
    "category": "c.category_code",
    # YYYY-MM: both engines cast a DATE to an ISO string (PostgreSQL sessions are set to ISO dates).
    "month": "substr(CAST(c.service_date AS VARCHAR), 1, 7)",
    "year": "c.benefit_year",
    "status": "c.status",
}


def build_database(path: Path, size: SampleSize = SampleSize(),
                   progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Generate the sample data into a new DuckDB file at ``path``; returns row counts.

    The file is built beside the target and renamed into place, so a failed build never
    leaves a half-written database behind.
    """
    if size.employees < 1 or size.claims < 0:
        raise WorkbenchError("--claims must be ≥ 0 and --employees ≥ 1")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    tables = generate(size, progress)
    try:
        with duckdb.connect(str(tmp)) as con:
            con.execute(DDL)
            con.executemany("INSERT INTO benefit_plans VALUES (?, ?, ?, ?)",
                            [(p.plan_id, p.name, p.payer, p.administrator) for p in PLANS])
            con.executemany(
                "INSERT INTO benefit_categories VALUES (?, ?, ?, ?, ?, ?)",
                [(c.code, c.name, c.plan_id, c.deadline_days, c.documents, c.description)
                 for c in CATEGORIES])
            con.executemany("INSERT INTO category_limits VALUES (?, ?, ?)",
                            [(c.code, g, c.limits[i]) for c in CATEGORIES for i, g in enumerate(GRADES)])
            for name, frame in tables.items():
                con.register("frame", frame)
                # name: fixed table list. Claims are stored grouped by employee: DuckDB keeps the
                # min/max of each column per row group, so a user-scoped query skips every row
                # group that cannot hold that employee instead of scanning all of them.
                order = " ORDER BY employee_id, claim_id" if name == "claims" else ""
                con.execute(f"INSERT INTO {name} SELECT * FROM frame{order}")
                con.unregister("frame")
            con.execute(INDEXES)
            con.executemany("INSERT INTO metadata VALUES (?, ?)",
                            [("seed", str(size.seed)), ("as_of", AS_OF.isoformat())])
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    return {name: len(frame) for name, frame in tables.items()}


class ClaimsStore:
    """A read-only connection to the claims database: a DuckDB file or a PostgreSQL URL.

    ``ClaimsStore(path)`` opens a DuckDB file, ``ClaimsStore("postgresql://…")`` a PostgreSQL
    database loaded with ``workbench db to-postgres``; ``ClaimsStore.from_settings`` picks by
    ``claims_db_url``. Every query below is written once, in SQL both engines run identically.
    """

    def __init__(self, location: Path | str, read_only: bool = True):
        if is_postgres_url(location):
            self.path: Path | None = None
            self.backend: Backend = PostgresBackend(str(location), read_only=read_only)
        else:
            self.path = Path(location)
            self.backend = DuckDBBackend(self.path, read_only=read_only)
        if missing := _REQUIRED_TABLES - self.backend.tables():
            self.backend.close()
            # PostgreSQL lists only the tables this role may read: a missing grant looks the same.
            fix = ("load it with `workbench db to-postgres` (with --reader ROLE for the role in the URL)"
                   if self.path is None
                   else "delete it and run `workbench db init`")
            raise DataError(f"{self.backend.location} is missing tables {sorted(missing)}: {fix}.")

    @classmethod
    def from_settings(cls, settings: Settings) -> ClaimsStore:
        """The store the settings select: PostgreSQL when ``claims_db_url`` is set, else the DuckDB file."""
        return cls(settings.claims_db_url or settings.claims_db)

    @property
    def errors(self) -> tuple[type[Exception], ...]:
        """The exception classes a failed statement raises on this store's engine."""
        return self.backend.errors

    def query(self, sql: str, params: list | tuple = ()) -> pd.DataFrame:
        """Run a parameterised query (``?`` placeholders) and return a DataFrame (thread-safe)."""
        return self.backend.query(sql, params)

    def users(self, limit: int | None = None) -> pd.DataFrame:
        """Employees with their claim counts, for picking a sample user."""
        sql = """
            SELECT e.employee_id, e.email, e.full_name, e.department, e.grade,
                   COUNT(c.claim_id) AS claims
            FROM employees e LEFT JOIN claims c ON c.employee_id = e.employee_id
            GROUP BY e.employee_id, e.email, e.full_name, e.department, e.grade
            ORDER BY e.employee_id"""
        return self.query(sql + " LIMIT ?", [limit]) if limit is not None else self.query(sql)

    def for_user(self, identity: str) -> UserClaims:
        """The claims of one employee, found by email or employee id."""
        key = identity.strip().lower()
        rows = self.query("SELECT employee_id, email, full_name, department, grade FROM employees "
                          "WHERE lower(email) = ? OR lower(employee_id) = ?", [key, key])
        if rows.empty:
            raise UnknownUserError(f"Unknown user {identity!r}: pick one from `workbench db users`.")
        return UserClaims(self, Employee(**rows.iloc[0].to_dict()))

    def close(self) -> None:
        """Close the connection(s)."""
        self.backend.close()

    def __enter__(self) -> ClaimsStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class UserClaims:
    """Read-only queries scoped to one employee. Nothing here takes a user id as input."""

    def __init__(self, store: ClaimsStore, employee: Employee):
        self._store = store
        self.employee = employee

    def _query(self, sql: str, params: list) -> pd.DataFrame:
        return self._store.query(sql, [self.employee.employee_id, *params])

    def balances(self, year: int | None = None, category: str | None = None) -> list[Balance]:
        """Limit, used, pending and remaining per category for a benefit year (default: current)."""
        year = year or AS_OF.year
        category = _check_category(category)
        only = " AND n.category_code = ?" if category else ""
        rows = self._query(f"""
            SELECT n.category_code, b.name AS category_name, p.name AS plan, n.benefit_year,
                   CAST(n.annual_limit AS DOUBLE PRECISION) AS annual_limit,
                   CAST(COALESCE(SUM(CASE WHEN c.status IN ('approved', 'paid') THEN c.amount_approved END), 0)
                        AS DOUBLE PRECISION) AS used,
                   CAST(COALESCE(SUM(CASE WHEN c.status IN ('submitted', 'pending') THEN c.amount_claimed END), 0)
                        AS DOUBLE PRECISION) AS pending
            FROM entitlements n
            JOIN benefit_categories b ON b.category_code = n.category_code
            JOIN benefit_plans p ON p.plan_id = b.plan_id
            LEFT JOIN claims c ON c.employee_id = n.employee_id
                 AND c.category_code = n.category_code AND c.benefit_year = n.benefit_year
            WHERE n.employee_id = ? AND n.benefit_year = ?{only}
            GROUP BY n.category_code, b.name, p.name, n.benefit_year, n.annual_limit
            ORDER BY n.category_code""", [year, *([category] if category else [])])
        return [Balance(**r, remaining=round(r["annual_limit"] - r["used"], 2))
                for r in _records(rows)]

    def claims(self, category: str | None = None, status: str | None = None,
               start: date | None = None, end: date | None = None, year: int | None = None,
               limit: int = 1000, order: Order = "newest") -> list[Claim]:
        """The user's claims filtered by category, status, service dates or year.

        ``order`` is ``newest`` (service date, newest first), ``oldest``, ``largest`` or ``smallest``
        (amount claimed; ties newest first).
        """
        category, status = _check_category(category), _check_status(status)
        if order not in _ORDERS:
            raise WorkbenchError(f"Unknown order {order!r}: use one of {sorted(_ORDERS)}.")
        where, params = _filters(category, status, start, end, year)
        # The ORDER BY clause and filters come from the allow-lists above; values are bound parameters.
        rows = self._query(f"""
            SELECT {_CLAIM_COLUMNS} FROM claims c JOIN benefit_categories b ON b.category_code = c.category_code
            WHERE c.employee_id = ?{where}
            ORDER BY {_ORDERS[order]} LIMIT ?""", [*params, limit])
        return [Claim(**r) for r in _records(rows)]

    def claim(self, claim_id: str) -> Claim | None:
        """One claim by id, or None when there is no such claim *of this user*."""
        rows = self._query(f"""
            SELECT {_CLAIM_COLUMNS} FROM claims c JOIN benefit_categories b ON b.category_code = c.category_code
            WHERE c.employee_id = ? AND upper(c.claim_id) = upper(?)""", [claim_id.strip()])
        return Claim(**_records(rows)[0]) if len(rows) else None

    def aggregate(self, metric: Metric = "sum", field: Field = "amount_claimed",
                  group_by: GroupBy = None, category: str | None = None, status: str | None = None,
                  start: date | None = None, end: date | None = None,
                  year: int | None = None) -> list[dict]:
        """Sum, count or average of a money field, optionally grouped, over filtered claims.

        The engines return the exact sum and count; the average and its rounding to cents are
        computed here, so both engines give the same figure to the cent.
        """
        if metric not in _METRICS:
            raise WorkbenchError(f"Unknown metric {metric!r}: use one of {sorted(_METRICS)}.")
        if field not in _FIELDS:
            raise WorkbenchError(f"Unknown field {field!r}: use one of {list(_FIELDS)}.")
        if group_by is not None and group_by not in _GROUPS:
            raise WorkbenchError(f"Unknown grouping {group_by!r}: use one of {sorted(_GROUPS)}.")
        category, status = _check_category(category), _check_status(status)
        group = _GROUPS[group_by] if group_by else "'all'"
        where, params = _filters(category, status, start, end, year)
        # Identifiers above come from the allow-lists; every value is a bound parameter.
        rows = self._query(f"""
            SELECT {group} AS "group", CAST(SUM(c.{field}) AS DOUBLE PRECISION) AS total,
                   COUNT(c.{field}) AS counted, COUNT(*) AS claims
            FROM claims c WHERE c.employee_id = ?{where}
            GROUP BY 1 ORDER BY 1""", params)
        return [{"group": str(r["group"]), "value": _metric_value(metric, r["total"], r["counted"], r["claims"]),
                 "claims": int(r["claims"])} for r in _records(rows)]

    def aggregate_value(self, metric: Metric = "sum", field: Field = "amount_claimed", **filters) -> float:
        """The ungrouped ``aggregate`` figure: 0.0 when no claim matches the filters."""
        rows = self.aggregate(metric, field, **filters)
        return rows[0]["value"] if rows else 0.0

    def policy(self, category: str | None = None) -> list[PolicyRow]:
        """Policy reference rows (limit for this user's grade, deadline, documents)."""
        category = _check_category(category)
        only = "WHERE b.category_code = ? " if category else ""
        rows = self._store.query(f"""
            SELECT b.category_code, b.name AS category_name, p.name AS plan, p.payer,
                   p.administrator, CAST(l.annual_limit AS DOUBLE PRECISION) AS annual_limit,
                   b.claim_deadline_days, b.documents_required, b.description
            FROM benefit_categories b JOIN benefit_plans p ON p.plan_id = b.plan_id
            JOIN category_limits l ON l.category_code = b.category_code AND l.grade = ?
            {only}ORDER BY b.category_code""", [self.employee.grade, *([category] if category else [])])
        return [PolicyRow(**r) for r in _records(rows)]


_CLAIM_COLUMNS = """c.claim_id, c.category_code, b.name AS category_name, c.benefit_year,
    c.provider, c.service_date, c.submitted_date, CAST(c.amount_claimed AS DOUBLE PRECISION) AS amount_claimed,
    CAST(c.amount_approved AS DOUBLE PRECISION) AS amount_approved, c.status, c.rejection_reason"""
#: One condition per filter that is set (fixed text; the value is always a bound parameter).
_FILTER_SQL = {"category": "c.category_code = ?", "status": "c.status = ?", "start": "c.service_date >= ?",
               "end": "c.service_date <= ?", "year": "c.benefit_year = ?"}


def _filters(category, status, start, end, year) -> tuple[str, list]:
    """The WHERE conditions (after the user's own) and their parameters, for the filters that are set.

    Conditions are left out rather than written ``(? IS NULL OR …)``: PostgreSQL cannot type a
    parameter that is only compared with NULL, and the planner does better without them.
    """
    given = {"category": category, "status": status, "start": start, "end": end, "year": year}
    given = {k: v for k, v in given.items() if v is not None}
    return "".join(f" AND {_FILTER_SQL[k]}" for k in given), list(given.values())


def _metric_value(metric: str, total: float | None, counted: int, claims: int) -> float:
    if metric == "count":
        return float(claims)
    if total is None:
        return 0.0
    if metric == "sum":
        return _money(total)
    # The sum as a double (both engines give the same one) divided by the count, then rounded
    # half away from zero on the double's exact binary value: the same figure on every engine,
    # and the one DuckDB's ROUND(AVG(x), 2) gives, which the eval generator's expected answers
    # use (2755.95 / 10 is 275.59499999999997 → 275.59; 124.125 is exact in binary → 124.13).
    return float(Decimal(total / counted).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _check_category(category: str | None) -> str | None:
    if category is None:
        return None
    code = category.strip().upper()
    if code not in CATEGORY_CODES:
        raise WorkbenchError(f"Unknown category {category!r}: use one of {', '.join(CATEGORY_CODES)}.")
    return code


def _check_status(status: str | None) -> str | None:
    if status is None:
        return None
    if status.strip().lower() not in STATUSES:
        raise WorkbenchError(f"Unknown status {status!r}: use one of {', '.join(STATUSES)}.")
    return status.strip().lower()


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts of plain Python values (dates as date, NULL as None)."""
    out = []
    for row in frame.to_dict("records"):
        clean = {}
        for key, value in row.items():
            if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
                clean[key] = None
            elif isinstance(value, pd.Timestamp):
                clean[key] = value.date()
            elif hasattr(value, "item"):  # numpy scalar
                clean[key] = value.item()
            else:
                clean[key] = value
        out.append(clean)
    return out


def _money(value: float | None) -> float:
    return 0.0 if value is None else round(float(value), 2)


