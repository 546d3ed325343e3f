"""Import a claims extract (CSV or Parquet files) into a new claims database, checking every row.

Files are read with pyarrow (CSV columns as text, so ids keep their leading zeros), registered
in an in-memory DuckDB, parsed strictly in SQL (dates with the mapping's format, amounts as
plain numbers with at most two decimals) and checked with one vectorised query per rule. Only
when no row has a problem is the database written: into a temporary file beside the target,
renamed over it at the end, so a failed import leaves the previous database untouched.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from workbench.claims.mapping import COLUMNS, Mapping, TableMapping
from workbench.claims.pseudonyms import pseudonymise, write_pseudonym_map
from workbench.claims.schema import CATEGORIES, CATEGORY_CODES, DDL, GRADES, INDEXES, PLANS, STATUSES
from workbench.errors import DataError

__all__ = ["STEPS", "ImportProblems", "ImportResult", "Problem", "import_database", "write_problem_report"]

STEPS = 4  # read, check, build, write: for progress bars
_TEXT = ("employee_id", "email", "full_name", "department", "claim_id", "provider", "rejection_reason")
_DATES = ("join_date", "service_date", "submitted_date")
_AMOUNTS = ("annual_limit", "amount_claimed", "amount_approved")
_AMOUNT_RE = r"-?[0-9]+(\.[0-9]{1,2})?"


@dataclass(frozen=True)
class Problem:
    """One invalid value: where it is, what is wrong and how to fix it."""

    file: str
    row: int | None  # 1-based data row (None: the whole file)
    column: str  # the source column (the project column in brackets when renamed)
    value: str | None
    problem: str
    fix: str

    @property
    def where(self) -> str:
        """``file line N`` for CSV (the header is line 1), ``file row N`` for Parquet."""
        if self.row is None:
            return self.file
        return f"{self.file} line {self.row + 1}" if self.file.lower().endswith(".csv") \
            else f"{self.file} row {self.row}"

    def line(self) -> str:
        """The one-line message."""
        value = "empty" if self.value is None else repr(self.value)
        return f"{self.where}, column {self.column}, value {value}: {self.problem}; {self.fix}."


@dataclass
class ImportResult:
    """What an import wrote."""

    path: Path
    counts: dict[str, int]
    as_of: date
    pseudonymised: bool = False
    pseudonym_map: Path | None = None
    sources: dict[str, Path] = field(default_factory=dict)


class ImportProblems(DataError):
    """The extract has invalid rows; nothing was written."""

    def __init__(self, message: str, problems: list[Problem]):
        super().__init__(message)
        self.problems = problems


def import_database(mapping: Mapping, target: Path, report: Path | None = None,
                    secret: str | None = None, pseudonym_map: Path | None = None,
                    step: Callable[[str], None] | None = None) -> ImportResult:
    """Validate the mapped files and write them into a new claims database at ``target``.

    Args:
        mapping: The validated mapping (files, column names, value maps).
        target: The database file to create or replace.
        report: When given, every problem is written to this CSV before failing, instead of
            only the first one being named.
        secret: When given, names and emails are replaced by stable HMAC-SHA256 pseudonyms.
        pseudonym_map: Where to write the real ↔ pseudonym table (only with ``secret``); None
            writes none.
        step: Called with the name of each step as it starts (``STEPS`` calls).

    Raises:
        DataError: A file is missing or unreadable, or lacks a required column.
        ImportProblems: Some rows are invalid (the message names the first; nothing is written).
    """
    step = step or (lambda _: None)
    target = Path(target)
    with duckdb.connect() as con:
        step("reading files")
        for name, table in mapping.tables().items():
            _register(con, name, table)
        _value_maps(con, mapping)
        step("checking rows")
        _typed_tables(con, mapping)
        problems = _check(con, mapping)
        if problems:
            raise _failure(problems, report)
        as_of = mapping.as_of or con.execute("SELECT max(submitted_date) FROM t_claims").fetchone()[0]
        if as_of is None:
            raise DataError(f"{mapping.claims.file}: no claims to import; the file has no rows.")
        step("building tables")
        employees = con.execute("SELECT employee_id, email, full_name, COALESCE(department, 'Unknown') "
                                "AS department, grade, join_date FROM t_employees ORDER BY _row").df()
        if secret:
            employees, pairs = pseudonymise(employees, secret)
            if pseudonym_map:
                write_pseudonym_map(pairs, pseudonym_map)
        step("writing database")
        counts = _write(con, mapping, employees, target, as_of, bool(secret))
    return ImportResult(target, counts, as_of, bool(secret), pseudonym_map if secret else None,
                        {n: t.file for n, t in mapping.tables().items()})


def write_problem_report(problems: list[Problem], path: Path) -> None:
    """Write problems as CSV (file, row, line, column, value, problem, fix), atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["file", "row", "where", "column", "value", "problem", "fix"])
        for p in problems:
            out.writerow([p.file, p.row or "", p.where, p.column, p.value or "", p.problem, p.fix])
    os.replace(tmp, path)


# --- reading --------------------------------------------------------------------------------

def _register(con: duckdb.DuckDBPyConnection, name: str, table: TableMapping) -> None:
    """Read one source file into Arrow with a ``_row`` column and register it as ``src_<name>``."""
    path = table.file
    if not path.is_file():
        raise DataError(f"{path}: the {name} file does not exist; fix '{name}.file' in the mapping "
                        f"or pass --{name} FILE.")
    try:
        if path.suffix.lower() == ".parquet":
            data = pq.read_table(path)
        elif path.suffix.lower() == ".csv":
            with path.open(newline="", encoding="utf-8-sig") as fh:
                header = next(csv.reader(fh), [])
            data = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
                column_types={h: pa.string() for h in header}, strings_can_be_null=True))
        else:
            raise DataError(f"{path}: unsupported file type {path.suffix!r}; give a .csv or .parquet file.")
    except (pa.ArrowInvalid, UnicodeDecodeError, OSError) as exc:
        raise DataError(f"{path}: cannot read the {name} file ({' '.join(str(exc).split())[:200]}); "
                        "save it as UTF-8 CSV with a header line, or as Parquet.") from None
    present = set(data.column_names)
    required, optional = COLUMNS[name]
    for column in required + tuple(c for c in optional if c in table.columns):
        source = table.source(column)
        if source not in present:
            raise DataError(f"{path.name}: required column {source!r} ({column}) is missing; the file has "
                            f"{', '.join(data.column_names)} — rename the column or map it with "
                            f"'{name}.columns.{column}: <your column>' in the mapping.")
    data = data.append_column("_row", pa.array(range(1, data.num_rows + 1), pa.int64()))
    con.register(f"src_{name}", data)


def _value_maps(con: duckdb.DuckDBPyConnection, mapping: Mapping) -> None:
    """Lookup tables ``map_category``/``map_status``/``map_grade`` (lower-cased key → code)."""
    category = {c.code.lower(): c.code for c in CATEGORIES} | {c.name.lower(): c.code for c in CATEGORIES}
    category |= {k.strip().lower(): v for k, v in mapping.values.category.items()}
    status = {s: s for s in STATUSES} | {k.strip().lower(): v for k, v in mapping.values.status.items()}
    grade = {g.lower(): g for g in GRADES} | {k.strip().lower(): v.strip() for k, v in mapping.values.grade.items()}
    for name, pairs in (("category", category), ("status", status), ("grade", grade)):
        frame = pd.DataFrame(list(pairs.items()), columns=["key", "code"], dtype="string")
        con.register(f"_map_{name}", frame)
        con.execute(f"CREATE TEMP TABLE map_{name} AS SELECT * FROM _map_{name}")  # name: fixed list


# --- parsing --------------------------------------------------------------------------------

def _typed_tables(con: duckdb.DuckDBPyConnection, mapping: Mapping) -> None:
    """``t_<table>``: for every project column, ``raw_<col>`` (text as given) and ``<col>`` (parsed)."""
    for name, table in mapping.tables().items():
        types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE src_{name})").fetchall())
        selects, joins = ["s._row"], []
        required, optional = COLUMNS[name]
        for column in required + optional:
            source = table.source(column)
            if source not in types:  # an optional column the file does not have
                selects += [f"NULL::VARCHAR AS raw_{column}", f"NULL AS {column}"]
                continue
            src = f's."{source.replace(chr(34), chr(34) * 2)}"'
            text = f"NULLIF(trim(CAST({src} AS VARCHAR)), '')"
            selects.append(f"{text} AS raw_{column}")
            selects.append(f"{_parse(column, src, text, types[source], mapping.date_format, joins)} AS {column}")
        con.execute(f"CREATE TEMP TABLE t_{name} AS SELECT {', '.join(selects)} "
                    f"FROM src_{name} s {' '.join(joins)}")


def _parse(column: str, src: str, text: str, dtype: str, date_format: str, joins: list[str]) -> str:
    """SQL parsing one column strictly; NULL when the value does not parse."""
    if column in _DATES:
        if dtype == "DATE" or dtype.startswith("TIMESTAMP"):
            return f"CAST({src} AS DATE)"
        fmt = date_format.replace("'", "''")
        return f"CAST(try_strptime({text}, '{fmt}') AS DATE)"
    if column in _AMOUNTS:
        if dtype.startswith(("INTEGER", "BIGINT", "SMALLINT", "HUGEINT")):
            return f"TRY_CAST({src} AS DECIMAL(12, 2))"
        if dtype.startswith(("DECIMAL", "DOUBLE", "FLOAT")):  # more than two decimals is not an amount
            return f"CASE WHEN abs({src} - round({src}, 2)) < 1e-9 THEN TRY_CAST({src} AS DECIMAL(12, 2)) END"
        return f"CASE WHEN regexp_full_match({text}, '{_AMOUNT_RE}') THEN TRY_CAST({text} AS DECIMAL(12, 2)) END"
    if column == "benefit_year":
        if dtype in ("INTEGER", "BIGINT", "SMALLINT"):
            return f"CAST({src} AS INTEGER)"
        return f"CASE WHEN regexp_full_match({text}, '[0-9]{{4}}') THEN CAST({text} AS INTEGER) END"
    if column in ("category_code", "status", "grade"):
        what = column.split("_")[0]
        alias = f"m_{what}"
        joins.append(f"LEFT JOIN map_{what} {alias} ON {alias}.key = lower({text})")
        return f"{alias}.code" if what != "grade" else f"COALESCE({alias}.code, {text})"
    return text


# --- checking -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Rule:
    table: str
    column: str
    where: str  # SQL over t_<table>: true for a bad row
    problem: str
    fix: str
    first: str | None = None  # SQL for the row a duplicate first appeared on


def _rules(mapping: Mapping) -> list[_Rule]:
    fmt = mapping.date_format
    codes = ", ".join(CATEGORY_CODES)
    rules: list[_Rule] = []
    for name in mapping.tables():
        required, optional = COLUMNS[name]
        for column in required:
            rules.append(_Rule(name, column, f"raw_{column} IS NULL", "missing value",
                               f"fill in the {column} of every row"))
        for column in required + optional:
            if column in _DATES:
                rules.append(_Rule(name, column, f"raw_{column} IS NOT NULL AND {column} IS NULL",
                                   "not a date in the mapping's date_format",
                                   f"write dates as {fmt} or set date_format in the mapping"))
            elif column in _AMOUNTS:
                rules.append(_Rule(name, column, f"raw_{column} IS NOT NULL AND {column} IS NULL",
                                   "not an amount", "write plain numbers with at most two decimals, "
                                   "e.g. 1234.50 (no currency or thousands separators)"))
                rules.append(_Rule(name, column, f"{column} < 0", "negative amount",
                                   "amounts must be 0 or more: correct the value or drop the row"))
            elif column == "benefit_year":
                rules.append(_Rule(name, column, f"raw_{column} IS NOT NULL AND {column} IS NULL",
                                   "not a year", "write a four-digit year such as 2026"))
            elif column == "category_code":
                rules.append(_Rule(name, column, f"raw_{column} IS NOT NULL AND {column} IS NULL",
                                   "unknown category", f"map it under values.category in the mapping "
                                   f"to one of {codes}"))
            elif column == "status":
                rules.append(_Rule(name, column, f"raw_{column} IS NOT NULL AND {column} IS NULL",
                                   "unknown status", f"map it under values.status in the mapping to one "
                                   f"of {', '.join(STATUSES)}"))
    employees_known = "employee_id NOT IN (SELECT employee_id FROM t_employees WHERE employee_id IS NOT NULL)"
    rules += [
        _dup("employees", "employee_id", "employee_id", "give every employee a unique id"),
        _dup("employees", "email", "lower(email)", "give every employee a unique email"),
        _Rule("employees", "email", "email IS NOT NULL AND email NOT LIKE '%_@_%'", "not an email address",
              "give a work email such as name@company.com"),
        _dup("claims", "claim_id", "claim_id", "give every claim a unique id or drop the repeated row"),
        _Rule("claims", "employee_id", f"employee_id IS NOT NULL AND {employees_known}",
              "claim for an unknown employee", "add the employee to the employees file or drop the claim"),
        _Rule("claims", "service_date", "service_date > submitted_date",
              "service date after the submission date", "correct the dates (a claim is submitted after "
              "the service)"),
        _Rule("claims", "amount_approved", "amount_approved > amount_claimed",
              "approved amount greater than the amount claimed",
              "correct the amounts (approved can be at most what was claimed)"),
    ]
    if mapping.as_of:
        rules.append(_Rule("claims", "submitted_date", f"submitted_date > DATE '{mapping.as_of}'",
                           f"submitted after the mapping's as_of date {mapping.as_of}",
                           "correct the date or move as_of later"))
    if mapping.entitlements:
        rules += [
            _Rule("entitlements", "employee_id", f"employee_id IS NOT NULL AND {employees_known}",
                  "entitlement for an unknown employee", "add the employee or drop the row"),
            _dup("entitlements", "benefit_year", "employee_id, category_code, benefit_year",
                 "give one limit per employee, category and year"),
        ]
    if mapping.limits:
        rules.append(_dup("limits", "grade", "category_code, grade", "give one limit per category and grade"))
        rules.append(_Rule("employees", "grade", "grade IS NOT NULL AND grade NOT IN "
                           "(SELECT grade FROM t_limits WHERE grade IS NOT NULL)",
                           "grade with no limits", "add the grade to the limits file or map it under "
                           "values.grade"))
    elif not mapping.entitlements:
        grades = ", ".join(f"'{g}'" for g in GRADES)
        rules.append(_Rule("employees", "grade", f"grade IS NOT NULL AND grade NOT IN ({grades})",
                           "unknown grade", f"map it under values.grade to one of {', '.join(GRADES)} "
                           "or give a limits file"))
    return rules


def _dup(table: str, column: str, key: str, fix: str) -> _Rule:
    return _Rule(table, column, f"{column} IS NOT NULL AND _row > _first", "duplicate", fix,
                 first=f"min(_row) OVER (PARTITION BY {key})")


def _check(con: duckdb.DuckDBPyConnection, mapping: Mapping) -> list[Problem]:
    """Every problem of every table, in table then row order."""
    tables = mapping.tables()
    order = {name: i for i, name in enumerate(tables)}
    found: list[tuple[int, int, Problem]] = []
    for rule in _rules(mapping):
        table = tables[rule.table]
        # Window functions cannot be filtered in WHERE: compute them in a subquery first.
        rows = con.execute(f"""
            SELECT _row, raw_{rule.column}, _first
            FROM (SELECT *, {rule.first or 'NULL'} AS _first FROM t_{rule.table})
            WHERE {rule.where} ORDER BY _row""").fetchall()
        source = table.source(rule.column)
        label = source if source == rule.column else f"{source} ({rule.column})"
        for row, value, first in rows:
            problem = rule.problem
            if first is not None:
                where = Problem(table.file.name, first, "", None, "", "").where
                problem = f"duplicate {rule.column.replace('_', ' ')} (first at {where})"
            found.append((order[rule.table], row,
                          Problem(table.file.name, row, label, value, problem, rule.fix)))
    found.sort(key=lambda t: (t[0], t[1]))
    return [p for _, _, p in found]


def _failure(problems: list[Problem], report: Path | None) -> ImportProblems:
    if report:
        write_problem_report(problems, report)
        return ImportProblems(f"{len(problems)} problem(s) in the extract, all listed in {report} "
                              f"(first: {problems[0].line()}); nothing was written.", problems)
    more = f" ({len(problems) - 1} more; list them all with --report FILE.csv)" if len(problems) > 1 else ""
    return ImportProblems(f"{problems[0].line()}{more}; nothing was written.", problems)


# --- writing --------------------------------------------------------------------------------

def _write(con: duckdb.DuckDBPyConnection, mapping: Mapping, employees: pd.DataFrame, target: Path,
           as_of: date, pseudonymised: bool) -> dict[str, int]:
    """Write every table into a temporary file beside ``target`` and rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con.register("final_employees", employees)
    try:
        con.execute(f"ATTACH '{str(tmp).replace(chr(39), chr(39) * 2)}' AS out")
        con.execute("USE out")
        con.execute(DDL)
        con.executemany("INSERT INTO benefit_plans VALUES (?, ?, ?, ?)",
                        [(p.plan_id, p.name, p.payer, p.administrator) for p in PLANS])
        con.executemany("INSERT INTO benefit_categories VALUES (?, ?, ?, ?, ?, ?)",
                        [(c.code, c.name, c.plan_id, c.deadline_days, c.documents, c.description)
                         for c in CATEGORIES])
        con.execute("INSERT INTO employees SELECT * FROM final_employees")
        con.execute(_LIMITS_SQL[mapping.grades_from])
        if mapping.grades_from == "catalogue":
            con.executemany("INSERT INTO category_limits VALUES (?, ?, ?)",
                            [(c.code, g, c.limits[i]) for c in CATEGORIES for i, g in enumerate(GRADES)])
        con.execute("""INSERT INTO claims SELECT claim_id, employee_id, category_code,
                COALESCE(benefit_year, year(service_date)), COALESCE(raw_provider, ''), service_date,
                submitted_date, amount_claimed, amount_approved, status, raw_rejection_reason
            FROM t_claims ORDER BY _row""")
        if mapping.entitlements:
            con.execute("INSERT INTO entitlements SELECT employee_id, category_code, benefit_year, "
                        "annual_limit FROM t_entitlements ORDER BY _row")
        else:  # every employee gets their grade's limit in every year the claims cover
            con.execute("""INSERT INTO entitlements
                SELECT e.employee_id, l.category_code, y.benefit_year, l.annual_limit
                FROM employees e JOIN category_limits l USING (grade)
                CROSS JOIN (SELECT DISTINCT benefit_year FROM claims UNION SELECT ?) y
                ORDER BY 1, 3, 2""", [as_of.year])
        con.execute(INDEXES)
        con.executemany("INSERT INTO metadata VALUES (?, ?)", [
            ("source", "import"), ("as_of", as_of.isoformat()),
            ("pseudonymised", "yes" if pseudonymised else "no"),
            *((f"file.{n}", t.file.name) for n, t in mapping.tables().items())])
        counts = {name: con.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0]  # fixed names
                  for name in ("employees", "entitlements", "category_limits", "claims")}
        con.execute("USE memory")
        con.execute("DETACH out")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    return counts


_LIMITS_SQL = {
    "limits": "INSERT INTO category_limits SELECT category_code, grade, annual_limit FROM t_limits",
    # One limit per category and grade for the policy tool: the most common one in the latest year.
    "entitlements": """INSERT INTO category_limits
        SELECT n.category_code, e.grade, mode(n.annual_limit)
        FROM t_entitlements n JOIN employees e USING (employee_id)
        WHERE n.benefit_year = (SELECT max(benefit_year) FROM t_entitlements)
        GROUP BY ALL""",
    "catalogue": "SELECT 1",
}
