"""Short-lived connections to the app database (``settings.app_db``).

Each operation opens its own connection: Streamlit runs every browser session on its own
thread, and a connection per call needs no locking. SQLite's WAL mode lets readers and the
one writer work side by side.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path


@contextmanager
def connect(path: Path, schema: str | None = None) -> Iterator[sqlite3.Connection]:
    """A connection in autocommit mode (use ``BEGIN IMMEDIATE`` for atomic read-then-write)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=10, isolation_level=None)) as con:
        con.execute("PRAGMA journal_mode=WAL")
        if schema:
            con.executescript(schema)
        yield con
