"""Sliding-window rate limits per key (a user), kept in the app database.

Keeping the window in SQLite rather than in ``st.session_state`` means it holds across
reruns, page reloads, several browser tabs and app restarts: a user cannot reset it by
opening a new tab. The check and the record are one transaction, so two tabs cannot both
take the last slot.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path

from workbench.ui.appdb import connect

_SCHEMA = """
CREATE TABLE IF NOT EXISTS rate_limit_events (
    key TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_limit_by_key ON rate_limit_events (key, at);
"""


@dataclass(frozen=True)
class Decision:
    """Whether one more event is allowed now, how many remain, and when to retry if not."""

    allowed: bool
    remaining: int
    retry_after_s: float = 0.0

    @property
    def retry_after_whole_s(self) -> int:
        """Seconds to wait, rounded up (never 0 when refused)."""
        return max(1, math.ceil(self.retry_after_s))


class RateLimiter:
    """At most ``limit`` events per key in any ``window_s`` seconds (``limit <= 0``: no limit)."""

    def __init__(self, path: Path, limit: int, window_s: float = 60.0):
        self.path, self.limit, self.window_s = Path(path), int(limit), float(window_s)
        with connect(self.path, _SCHEMA):
            pass

    def acquire(self, key: str, now: float | None = None) -> Decision:
        """Take one slot if there is one (recording the event), else say when to retry."""
        return self._check(key, now, record=True)

    def peek(self, key: str, now: float | None = None) -> Decision:
        """The decision ``acquire`` would make, without recording anything."""
        return self._check(key, now, record=False)

    def record(self, key: str, now: float | None = None) -> None:
        """Record an event whether or not it is within the limit (e.g. a failed sign-in)."""
        with connect(self.path) as con:
            con.execute("INSERT INTO rate_limit_events VALUES (?, ?)", (key, now or time.time()))

    def _check(self, key: str, now: float | None, record: bool) -> Decision:
        if self.limit <= 0:
            return Decision(True, remaining=10**9)
        now = now or time.time()
        with connect(self.path) as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                con.execute("DELETE FROM rate_limit_events WHERE at <= ?", (now - self.window_s,))
                times = [t for (t,) in con.execute(
                    "SELECT at FROM rate_limit_events WHERE key = ? ORDER BY at", (key,))]
                if len(times) >= self.limit:
                    # The window frees a slot when the oldest event that keeps it full expires.
                    oldest_blocking = times[len(times) - self.limit]
                    decision = Decision(False, 0, oldest_blocking + self.window_s - now)
                else:
                    if record:
                        con.execute("INSERT INTO rate_limit_events VALUES (?, ?)", (key, now))
                    decision = Decision(True, self.limit - len(times) - int(record))
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return decision
