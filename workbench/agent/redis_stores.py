"""Conversation memory and the LLM response cache in Redis, for API workers on several machines.

``RedisConversationStore`` has the interface of ``ConversationStore`` (``for_user`` returns a
memory bound to one employee id; every key it touches contains that id), so the assistant uses
either without knowing which. Turns expire with the memory TTL through Redis key expiry.
``RedisResponseCache`` has the interface of ``lm.ResponseCache`` (``get``/``put``/``len``).
Both are chosen by ``settings.redis_url``.
"""

from __future__ import annotations

import json
import time
import uuid

from workbench.agent.memory import Turn

_PREFIX = "workbench:memory:"


class RedisConversationStore:
    """Conversation turns in Redis: a list per (employee, conversation), an index per employee."""

    def __init__(self, client, ttl_hours: float = 24.0, max_turns: int = 6):
        self.client, self.ttl_s, self.max_turns = client, ttl_hours * 3600, max_turns

    def for_user(self, employee_id: str) -> RedisUserMemory:
        """Memory scoped to one employee."""
        return RedisUserMemory(self, employee_id)

    def purge_expired(self, now: float | None = None) -> int:
        """Drop index entries of expired conversations (their turns expire on their own)."""
        cutoff = (time.time() if now is None else now) - self.ttl_s
        removed = 0
        for key in self.client.scan_iter(match=f"{_PREFIX}*:index", count=500):
            removed += self.client.zremrangebyscore(key, "-inf", f"({cutoff}")
        return removed

    def close(self) -> None:
        """Nothing to close: the connection pool is shared."""


class RedisUserMemory:
    """One employee's conversations. Every key is built from the bound employee id."""

    def __init__(self, store: RedisConversationStore, employee_id: str):
        self._store, self.employee_id = store, employee_id

    @staticmethod
    def new_conversation_id() -> str:
        """A fresh conversation id."""
        return uuid.uuid4().hex[:12]

    def _turns_key(self, conversation_id: str) -> str:
        return f"{_PREFIX}{self.employee_id}:conv:{conversation_id}"

    @property
    def _index_key(self) -> str:
        return f"{_PREFIX}{self.employee_id}:index"

    def history(self, conversation_id: str, now: float | None = None) -> list[Turn]:
        """The last N unexpired turns of a conversation, oldest first."""
        if self._store.max_turns <= 0:
            return []
        cutoff = (time.time() if now is None else now) - self._store.ttl_s
        raw = self._store.client.lrange(self._turns_key(conversation_id), -self._store.max_turns, -1)
        turns = [Turn(**json.loads(item)) for item in raw]
        return [t for t in turns if t.created_at >= cutoff]

    def append(self, conversation_id: str, question: str, answer: str, meta: dict | None = None,
               now: float | None = None) -> None:
        """Store one turn (and push the conversation's expiry out by the TTL)."""
        at = time.time() if now is None else now
        turn = json.dumps({"question": question, "answer": answer, "created_at": at, "meta": meta or {}},
                          default=str)
        ttl = max(1, int(self._store.ttl_s))
        key = self._turns_key(conversation_id)
        with self._store.client.pipeline(transaction=True) as pipe:
            pipe.rpush(key, turn).expire(key, ttl)
            pipe.zadd(self._index_key, {conversation_id: at}).expire(self._index_key, ttl)
            pipe.execute()

    def conversations(self) -> list[tuple[str, float]]:
        """(conversation id, last activity) of this employee, newest first."""
        cutoff = time.time() - self._store.ttl_s
        rows = self._store.client.zrevrangebyscore(self._index_key, "+inf", cutoff, withscores=True)
        return [(cid, float(at)) for cid, at in rows]

    def clear(self, conversation_id: str) -> None:
        """Forget one conversation."""
        with self._store.client.pipeline(transaction=True) as pipe:
            pipe.delete(self._turns_key(conversation_id)).zrem(self._index_key, conversation_id)
            pipe.execute()


class RedisResponseCache:
    """Chat-completion responses in Redis, keyed like ``lm.ResponseCache`` (shared by every worker)."""

    def __init__(self, client, prefix: str = "workbench:llm:"):
        self.client, self.prefix = client, prefix

    def get(self, key: str) -> dict | None:
        """The stored response for a key, or ``None``."""
        raw = self.client.hget(self.prefix + key, "response")
        return json.loads(raw) if raw else None

    def put(self, key: str, model: str, response: dict) -> None:
        """Store (or replace) the response for a key."""
        self.client.hset(self.prefix + key, mapping={"model": model, "response": json.dumps(response),
                                                     "created": time.time()})

    def __len__(self) -> int:
        return sum(1 for _ in self.client.scan_iter(match=f"{self.prefix}*", count=1000))
