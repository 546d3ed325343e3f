"""Copy the claims DuckDB file into PostgreSQL, so that several machines can serve from one database.

The DuckDB file stays the source of truth (``workbench db init`` / ``db import`` build it); this
copies every table of the schema, rows and all, into PostgreSQL in one transaction: the tables
are dropped and recreated, so a second load replaces the first, and any error rolls everything
back, leaving what was there before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from workbench.claims.backends import first_line, is_postgres_url, redact
from workbench.claims.schema import INDEXES, TABLES, postgres_ddl
from workbench.errors import ConfigError, DataError

#: Rows fetched from DuckDB and streamed to PostgreSQL at a time (bounded memory for big files).
BATCH_ROWS = 20_000


@dataclass(frozen=True)
class LoadResult:
    """What one load copied."""

    url: str  # without the password
    counts: dict[str, int]
    seconds: float


def copy_to_postgres(source: Path, url: str, reader: str | None = None,
                     progress: Callable[[str, int], None] | None = None) -> LoadResult:
    """Replace the claims tables in the PostgreSQL database at ``url`` with those of the DuckDB file.

    Args:
        source: The claims DuckDB file.
        url: ``postgresql://user[:password]@host:port/database``; the user must be allowed to
            create tables there.
        reader: An existing role to grant read access (USAGE on the schema, SELECT on the
            tables): the role the serving processes log in as.
        progress: Called with (table, rows just copied) as rows go in.

    Returns:
        The rows copied per table and how long the load took.

    Raises:
        DataError: The file or the database cannot be read, or a table failed to copy (the
            message names the table and row); nothing was changed in PostgreSQL.
    """
    import time

    import psycopg
    from psycopg import sql

    if not is_postgres_url(url):
        raise ConfigError(f"--url {url!r} is not a postgresql://user@host:port/database URL.")
    where = redact(url)
    started = time.perf_counter()
    with _open_duckdb(source) as src:
        expected = {t: src.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}  # fixed names
        try:
            con = psycopg.connect(url, connect_timeout=10)
        except psycopg.Error as exc:
            raise DataError(f"Cannot connect to {where} ({first_line(exc)}): check --url.") from exc
        table = "(schema)"
        with con:
            try:
                with con.transaction():
                    if reader and not con.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [reader]).fetchone():
                        raise DataError(f"--reader {reader!r}: no such role in {where}; create it first "
                                        f"(CREATE ROLE {reader} LOGIN PASSWORD '…').")
                    for name in reversed(TABLES):
                        con.execute(sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(sql.Identifier(name)))
                    con.execute(postgres_ddl())
                    for table in TABLES:
                        _copy_table(src, con, table, progress)
                    table = "(indexes)"
                    con.execute(INDEXES)
                    for name in TABLES:  # fresh planner statistics, or the first queries plan blind
                        con.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(name)))
                    if reader:
                        con.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(
                            sql.Identifier(con.execute("SELECT current_schema()").fetchone()[0]),
                            sql.Identifier(reader)))
                        con.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(
                            sql.SQL(", ").join(map(sql.Identifier, TABLES)), sql.Identifier(reader)))
                    counts = {t: con.execute(sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(t)))
                              .fetchone()[0] for t in TABLES}
                    if counts != expected:
                        raise DataError(f"Row counts differ after copying to {where} ({counts} vs {expected}); "
                                        "nothing was changed.")
            except psycopg.Error as exc:
                raise DataError(f"Copying table {table} to {where} failed{_at_row(exc)} ({first_line(exc)}): "
                                "nothing was changed.") from exc
    return LoadResult(where, counts, time.perf_counter() - started)


def _open_duckdb(source: Path) -> duckdb.DuckDBPyConnection:
    if not Path(source).is_file():
        raise DataError(f"Claims database not found at {source}: run `workbench db init` first.")
    try:
        con = duckdb.connect(str(source), read_only=True)
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    except duckdb.Error as exc:
        raise DataError(f"{source} is not a readable claims database ({first_line(exc)}).") from exc
    if missing := set(TABLES) - tables:
        con.close()
        raise DataError(f"{source} is missing tables {sorted(missing)}: rebuild it with `workbench db init`.")
    return con


def _copy_table(src: duckdb.DuckDBPyConnection, con, table: str,  # noqa: ANN001 - a psycopg.Connection
                progress: Callable[[str, int], None] | None) -> None:
    from psycopg import sql

    columns = [r[0] for r in src.execute(f"DESCRIBE {table}").fetchall()]  # table: fixed list
    # Claims go in grouped by employee, as in the DuckDB file: one user's rows share pages.
    order = " ORDER BY employee_id, claim_id" if table == "claims" else ""
    cursor = src.execute(f"SELECT {', '.join(columns)} FROM {table}{order}")
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)))
    with con.cursor().copy(statement) as copy:
        while rows := cursor.fetchmany(BATCH_ROWS):
            for row in rows:
                copy.write_row(row)
            if progress:
                progress(table, len(rows))


def _at_row(exc: Exception) -> str:
    """" at row N" from a COPY error's context line ("COPY claims, line 5: …"), else ""."""
    context = getattr(getattr(exc, "diag", None), "context", None) or ""
    for part in context.splitlines():
        if part.startswith("COPY ") and ", line " in part:
            return f" at row {part.split(', line ', 1)[1].split(':', 1)[0].split(',')[0]}"
    return ""
