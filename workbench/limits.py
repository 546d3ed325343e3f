"""Sliding-window rate limits per key (a user, an API token), shared by the chat app and the API.

One implementation, two places to keep the window:

* ``RateLimiter`` keeps it in SQLite (the app database). It holds across reruns, page reloads,
  browser tabs, restarts and several processes on one machine: a user cannot reset it by
  opening a new tab. The check and the record are one transaction, so two tabs (or two API
  workers) cannot both take the last slot.
* ``RedisRateLimiter`` keeps it in a Redis sorted set per key, for API workers on several
  machines; the check and the record are one Lua script, so they are atomic in Redis too.

``rate_limiter(settings, limit)`` picks the one the settings ask for.
"""

from __future__ import annotations

import math
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from workbench.config import Settings

__all__ = ["Decision", "Limiter", "RateLimiter", "RedisRateLimiter", "rate_limiter"]

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


class Limiter(Protocol):
    """What the app and the API need from a rate limiter."""

    limit: int
    window_s: float

    def acquire(self, key: str, now: float | None = None) -> Decision:
        """Take one slot if there is one (recording the event), else say when to retry."""

    def peek(self, key: str, now: float | None = None) -> Decision:
        """The decision ``acquire`` would make, without recording anything."""

    def record(self, key: str, now: float | None = None) -> None:
        """Record an event whether or not it is within the limit."""


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    # A connection per call: Streamlit sessions and API worker threads need no shared lock.
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=10, isolation_level=None)) as con:
        con.execute("PRAGMA journal_mode=WAL")
        yield con


def _refused(times: list[float], limit: int, window_s: float, now: float) -> Decision:
    # The window frees a slot when the oldest event that keeps it full expires.
    oldest_blocking = times[len(times) - limit]
    return Decision(False, 0, oldest_blocking + window_s - now)


class RateLimiter:
    """At most ``limit`` events per key in any ``window_s`` seconds (``limit <= 0``: no limit)."""

    def __init__(self, path: Path, limit: int, window_s: float = 60.0):
        self.path, self.limit, self.window_s = Path(path), int(limit), float(window_s)
        with _connect(self.path) as con:
            con.executescript(_SCHEMA)

    def acquire(self, key: str, now: float | None = None) -> Decision:
        """Take one slot if there is one (recording the event), else say when to retry."""
        return self._check(key, now, record=True)

    def peek(self, key: str, now: float | None = None) -> Decision:
        """The decision ``acquire`` would make, without recording anything."""
        return self._check(key, now, record=False)

    def record(self, key: str, now: float | None = None) -> None:
        """Record an event whether or not it is within the limit (e.g. a failed sign-in)."""
        with _connect(self.path) as con:
            con.execute("INSERT INTO rate_limit_events VALUES (?, ?)", (key, now or time.time()))

    def _check(self, key: str, now: float | None, record: bool) -> Decision:
        if self.limit <= 0:
            return Decision(True, remaining=10**9)
        now = now or time.time()
        with _connect(self.path) as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                con.execute("DELETE FROM rate_limit_events WHERE at <= ?", (now - self.window_s,))
                times = [t for (t,) in con.execute(
                    "SELECT at FROM rate_limit_events WHERE key = ? ORDER BY at", (key,))]
                if len(times) >= self.limit:
                    decision = _refused(times, self.limit, self.window_s, now)
                else:
                    if record:
                        con.execute("INSERT INTO rate_limit_events VALUES (?, ?)", (key, now))
                    decision = Decision(True, self.limit - len(times) - int(record))
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return decision


# KEYS[1] = the key's sorted set; ARGV = now, window, limit, record (0/1), member.
# Returns the event times in the window (before recording) and whether this event was recorded.
_REDIS_SCRIPT = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
local times = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local count = #times / 2
local recorded = 0
if count < tonumber(ARGV[3]) and ARGV[4] == '1' then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[5])
  recorded = 1
end
redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2])) + 1)
return {times, recorded}
"""


class RedisRateLimiter:
    """The same sliding window as ``RateLimiter``, kept in Redis so several machines share it."""

    def __init__(self, client, limit: int, window_s: float = 60.0, prefix: str = "workbench:rate:"):
        self.client, self.limit, self.window_s, self.prefix = client, int(limit), float(window_s), prefix
        self._script = client.register_script(_REDIS_SCRIPT)

    def acquire(self, key: str, now: float | None = None) -> Decision:
        """Take one slot if there is one (recording the event), else say when to retry."""
        return self._check(key, now, record=True)

    def peek(self, key: str, now: float | None = None) -> Decision:
        """The decision ``acquire`` would make, without recording anything."""
        return self._check(key, now, record=False)

    def record(self, key: str, now: float | None = None) -> None:
        """Record an event whether or not it is within the limit."""
        name = self.prefix + key
        self.client.zadd(name, {uuid.uuid4().hex: now or time.time()})
        self.client.expire(name, math.ceil(self.window_s) + 1)

    def _check(self, key: str, now: float | None, record: bool) -> Decision:
        if self.limit <= 0:
            return Decision(True, remaining=10**9)
        now = now or time.time()
        raw, recorded = self._script(keys=[self.prefix + key],
                                     args=[repr(now), repr(self.window_s), self.limit,
                                           "1" if record else "0", uuid.uuid4().hex])
        times = sorted(float(score) for score in raw[1::2])
        if len(times) >= self.limit:
            return _refused(times, self.limit, self.window_s, now)
        return Decision(True, self.limit - len(times) - int(recorded))


def rate_limiter(settings: Settings, limit: int, window_s: float = 60.0) -> Limiter:
    """The limiter the settings ask for: Redis when ``redis_url`` is set, else the app database."""
    if settings.redis_url:
        from workbench.redis_client import redis_client

        return RedisRateLimiter(redis_client(settings), limit, window_s)
    return RateLimiter(settings.app_db, limit, window_s)
