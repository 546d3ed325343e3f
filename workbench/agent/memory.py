"""Conversation memory that survives restarts: a SQLite table keyed by user and conversation.

Reads and writes go through ``UserMemory``, which is bound to one employee id when the session
is built, so one user can never load another's history. Turns older than the TTL are ignored
and purged; only the last N turns are fed back to the agent.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversation_turns (
    employee_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    created_at REAL NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS turns_by_conversation
    ON conversation_turns (employee_id, conversation_id, created_at);
"""


@dataclass(frozen=True)
class Turn:
    """One question and its answer, with metadata such as the routed intent."""

    question: str
    answer: str
    created_at: float
    meta: dict


class ConversationStore:
    """The memory table in the app database (``settings.app_db``)."""

    def __init__(self, path: Path, ttl_hours: float = 24.0, max_turns: int = 6):
        self.path, self.ttl_s, self.max_turns = Path(path), ttl_hours * 3600, max_turns
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._con = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
        self._con.execute("PRAGMA journal_mode=WAL")
        self._lock = threading.Lock()
        with self._lock, self._con:
            self._con.executescript(_SCHEMA)

    def for_user(self, employee_id: str) -> UserMemory:
        """Memory scoped to one employee."""
        return UserMemory(self, employee_id)

    def purge_expired(self, now: float | None = None) -> int:
        """Delete turns older than the TTL; returns how many."""
        cutoff = (time.time() if now is None else now) - self.ttl_s
        with self._lock, self._con:
            return self._con.execute("DELETE FROM conversation_turns WHERE created_at < ?",
                                     (cutoff,)).rowcount

    def _execute(self, sql: str, params: tuple) -> list[tuple]:
        with self._lock, self._con:
            return self._con.execute(sql, params).fetchall()

    def close(self) -> None:
        """Close the database."""
        self._con.close()


class UserMemory:
    """One employee's conversations. Every statement filters on the bound employee id."""

    def __init__(self, store: ConversationStore, employee_id: str):
        self._store, self.employee_id = store, employee_id

    @staticmethod
    def new_conversation_id() -> str:
        """A fresh conversation id."""
        return uuid.uuid4().hex[:12]

    def history(self, conversation_id: str, now: float | None = None) -> list[Turn]:
        """The last N unexpired turns of a conversation, oldest first."""
        cutoff = (time.time() if now is None else now) - self._store.ttl_s
        rows = self._store._execute(
            """SELECT question, answer, created_at, meta FROM conversation_turns
               WHERE employee_id = ? AND conversation_id = ? AND created_at >= ?
               ORDER BY created_at DESC LIMIT ?""",
            (self.employee_id, conversation_id, cutoff, self._store.max_turns))
        return [Turn(q, a, t, json.loads(m)) for q, a, t, m in reversed(rows)]

    def append(self, conversation_id: str, question: str, answer: str, meta: dict | None = None,
               now: float | None = None) -> None:
        """Store one turn."""
        self._store._execute(
            "INSERT INTO conversation_turns VALUES (?, ?, ?, ?, ?, ?)",
            (self.employee_id, conversation_id, time.time() if now is None else now, question, answer,
             json.dumps(meta or {}, default=str)))

    def conversations(self) -> list[tuple[str, float]]:
        """(conversation id, last activity) of this employee, newest first."""
        return self._store._execute(
            """SELECT conversation_id, MAX(created_at) FROM conversation_turns WHERE employee_id = ?
               GROUP BY 1 ORDER BY 2 DESC""", (self.employee_id,))

    def clear(self, conversation_id: str) -> None:
        """Forget one conversation."""
        self._store._execute("DELETE FROM conversation_turns WHERE employee_id = ? AND conversation_id = ?",
                             (self.employee_id, conversation_id))


def format_history(turns: list[Turn]) -> str:
    """History as plain text for an LLM prompt."""
    return "\n".join(f"User: {t.question}\nAssistant: {t.answer}" for t in turns)
