"""The two engines the claims store reads from: a DuckDB file and a PostgreSQL database.

Both take the same SQL with ``?`` placeholders (the PostgreSQL backend translates them in one
place, ``pyformat``) and return the same DataFrame: the PostgreSQL backend gives each column the
dtype DuckDB's ``.df()`` gives it (NUMERIC as float64, INTEGER as int32, DATE as datetime64), so
everything above the store sees one result whatever the engine.

Serving connections are read-only on both: DuckDB opens the file ``read_only``; PostgreSQL
sessions start with ``default_transaction_read_only=on`` (and, in a deployment, should log in as
a role that only has SELECT: ``workbench db to-postgres --reader ROLE`` grants it).
"""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pandas as pd

from workbench.errors import DataError

#: How many PostgreSQL connections one store keeps at most (the API answers ≤ 8 questions per worker).
POOL_SIZE = 8
#: How long a query waits for a free PostgreSQL connection before it fails.
POOL_TIMEOUT_S = 30.0
#: Session settings of every serving PostgreSQL connection: read-only, and ISO dates so that
#: ``CAST(date AS VARCHAR)`` gives ``YYYY-MM-DD`` as it does in DuckDB.
_PG_OPTIONS = "-c default_transaction_read_only=on -c DateStyle=ISO,YMD -c TimeZone=UTC"


class Backend(Protocol):
    """What ``ClaimsStore`` needs from an engine."""

    name: str
    #: The exception classes the engine raises for a failed statement.
    errors: tuple[type[Exception], ...]

    def query(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Run one parameterised statement (``?`` placeholders) and return its rows."""

    def tables(self) -> set[str]:
        """The names of the tables in the database."""

    def close(self) -> None:
        """Release every connection."""


def is_postgres_url(location: object) -> bool:
    """Whether ``location`` names a PostgreSQL database rather than a DuckDB file."""
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


class DuckDBBackend:
    """A DuckDB file; one connection, a cursor per query (DuckDB cursors are per-thread safe)."""

    name = "duckdb"
    errors = (duckdb.Error,)

    def __init__(self, path: Path, read_only: bool = True):
        self.path = Path(path)
        if not self.path.is_file():
            raise DataError(f"Claims database not found at {self.path}: run `workbench db init`.")
        try:
            self._con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise DataError(f"{self.path} is not a readable claims database ({first_line(exc)}): "
                            "delete it and run `workbench db init`.") from exc
        self._lock = threading.Lock()

    @property
    def location(self) -> str:
        """Where the data is, for messages."""
        return str(self.path)

    def query(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Run a parameterised query on its own cursor and return a DataFrame."""
        with self._lock:  # cursor() on a shared connection is not thread-safe itself
            cursor = self._con.cursor()
        try:
            return cursor.execute(sql, list(params)).df()
        finally:
            cursor.close()

    def tables(self) -> set[str]:
        """Table names in the file."""
        try:
            return set(self.query("SELECT table_name FROM information_schema.tables").table_name)
        except duckdb.Error as exc:
            raise DataError(f"{self.path} is not a readable claims database ({first_line(exc)}): "
                            "delete it and run `workbench db init`.") from exc

    def close(self) -> None:
        """Close the connection."""
        self._con.close()


class PostgresBackend:
    """A PostgreSQL database through a small pool of psycopg connections (one per running query)."""

    name = "postgres"

    def __init__(self, url: str, read_only: bool = True, pool_size: int = POOL_SIZE):
        import psycopg

        self.errors = (psycopg.Error,)
        self.url = url
        self._psycopg = psycopg
        self._options = _PG_OPTIONS if read_only else _PG_OPTIONS.replace("=on", "=off")
        self._idle: queue.LifoQueue = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(pool_size)
        self._closed = False
        with self._connection():  # fail now, with a clear message, if the database is unreachable
            pass

    @property
    def location(self) -> str:
        """Where the data is, for messages (no password)."""
        return redact(self.url)

    def _connect(self):  # noqa: ANN202 - a psycopg.Connection
        try:
            # autocommit: every query is its own (read-only) transaction, and a failed query
            # leaves the connection usable instead of in an aborted transaction.
            return self._psycopg.connect(self.url, autocommit=True, options=self._options, connect_timeout=10)
        except self._psycopg.Error as exc:
            raise DataError(f"Cannot connect to the claims database at {self.location} ({first_line(exc)}): "
                            "check WORKBENCH_CLAIMS_DB_URL, and load it with `workbench db to-postgres`.") from exc

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        if self._closed:
            raise DataError(f"The claims store for {self.location} is closed.")
        if not self._slots.acquire(timeout=POOL_TIMEOUT_S):
            raise DataError(f"No free connection to {self.location} within {POOL_TIMEOUT_S:.0f} s "
                            f"({POOL_SIZE} queries were running).")
        try:
            try:
                con = self._idle.get_nowait()
            except queue.Empty:
                con = None
            if con is None or con.closed or con.broken:
                con = self._connect()
            try:
                yield con
            finally:
                if self._closed or con.closed or con.broken:
                    con.close()
                else:
                    self._idle.put(con)
        finally:
            self._slots.release()

    def query(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Run a parameterised query (``?`` placeholders) and return a DataFrame typed like DuckDB's."""
        with self._connection() as con:
            cursor = con.execute(pyformat(sql), [_plain(p) for p in params])
            if cursor.description is None:  # a statement without a result
                return pd.DataFrame()
            columns = [(d.name, d.type_code) for d in cursor.description]
            rows = cursor.fetchall()
        return _frame(columns, rows)

    def tables(self) -> set[str]:
        """Table names in the connection's current schema."""
        try:
            rows = self.query("SELECT table_name FROM information_schema.tables "
                              "WHERE table_schema = current_schema()")
        except self._psycopg.Error as exc:
            raise DataError(f"Cannot read the tables of {self.location} ({first_line(exc)}): check the role's "
                            "grants (`workbench db to-postgres --reader ROLE`).") from exc
        return set(rows.table_name) if len(rows) else set()

    def close(self) -> None:
        """Close every idle connection; connections in use close when their query returns."""
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


def pyformat(sql: str) -> str:
    """Translate ``?`` placeholders to psycopg's ``%s`` (and escape ``%``), outside quoted text."""
    out, quote = [], None
    for ch in sql:
        if quote:
            if ch == quote:
                quote = None
        elif ch in ("'", '"'):
            quote = ch
        elif ch == "?":
            out.append("%s")
            continue
        out.append("%%" if ch == "%" else ch)
    return "".join(out)


def _plain(value: Any) -> Any:
    """Return numpy scalars as Python values: psycopg adapts Python types only."""
    return value.item() if hasattr(value, "item") and not isinstance(value, (str, bytes)) else value


# PostgreSQL type OIDs → the dtype DuckDB's .df() gives the matching column.
_INT32, _INT64, _FLOAT, _DATE, _TIMESTAMP, _BOOL = {21, 23}, {20}, {700, 701, 1700}, {1082}, {1114, 1184}, {16}


def _frame(columns: list[tuple[str, int]], rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows, columns=[name for name, _ in columns])
    for i, (_, oid) in enumerate(columns):
        values = frame.iloc[:, i]
        if oid in _FLOAT:  # NUMERIC arrives as Decimal; DuckDB's .df() gives DECIMAL as float64
            frame.isetitem(i, pd.Series([float("nan") if pd.isna(v) else float(v) for v in values],
                                        index=frame.index, dtype="float64"))
        elif oid in _INT32 or oid in _INT64:
            bits = 32 if oid in _INT32 else 64
            frame.isetitem(i, values.astype(f"int{bits}" if values.notna().all() else f"Int{bits}"))
        elif oid in _DATE or oid in _TIMESTAMP:
            frame.isetitem(i, pd.to_datetime(values).astype("datetime64[us]"))
        elif oid in _BOOL:
            frame.isetitem(i, values.astype("bool" if values.notna().all() else "boolean"))
    return frame


def first_line(exc: Exception) -> str:
    """The first line of an exception's message (or its type when it has none)."""
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
