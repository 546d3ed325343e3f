"""Token, call and cost accounting for LM requests.

``with meter() as usage:`` collects every LM request made inside the block (in this thread, or
in tasks and threads started with a copy of this context) into one ``Usage``. Meters nest: an
inner meter and every enclosing one all receive the request. LM backends report requests with
``record(...)``; nothing else needs to know which meters are open.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass

__all__ = ["Usage", "active_meters", "meter", "record"]


@dataclass
class Usage:
    """What a run, an answer or a single request used.

    Attributes:
        prompt_tokens: Input tokens billed by the provider (cache hits add none).
        completion_tokens: Output tokens billed by the provider.
        calls: HTTP requests actually sent, retries included.
        cache_hits: LM requests answered from the workbench's disk cache.
        lm_calls: LM requests made by the program, whether cached or not.
        cost_usd: Cost in US dollars; ``None`` when it is unknown because a request went to a
            model that is not in the pricing table. Unknown is never reported as 0.
    """

    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    cache_hits: int = 0
    lm_calls: int = 0
    cost_usd: float | None = 0.0

    @property
    def total_tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        if not isinstance(other, Usage):
            return NotImplemented
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            calls=self.calls + other.calls,
            cache_hits=self.cache_hits + other.cache_hits,
            lm_calls=self.lm_calls + other.lm_calls,
            cost_usd=_add_cost(self.cost_usd, other.cost_usd),
        )

    def as_dict(self) -> dict[str, int | float | None]:
        """Plain values, e.g. for a results table or MLflow."""
        return asdict(self) | {"total_tokens": self.total_tokens}


def _add_cost(a: float | None, b: float | None) -> float | None:
    # One request of unknown price makes the total unknown: a partial sum would look exact.
    return None if a is None or b is None else a + b


_meters: ContextVar[tuple[Usage, ...]] = ContextVar("workbench_usage_meters", default=())
# Meters are usually one per thread, but a context copied into worker threads (asyncio.to_thread,
# thread pools given a copied context) shares the Usage objects, so updates take a lock.
_lock = threading.Lock()


@contextmanager
def meter() -> Iterator[Usage]:
    """Collect the usage of every LM request made inside the block.

    Yields:
        A ``Usage`` that grows as requests are made; read it after the block for the total.
    """
    usage = Usage()
    token = _meters.set((*_meters.get(), usage))
    try:
        yield usage
    finally:
        _meters.reset(token)


def active_meters() -> tuple[Usage, ...]:
    """The open meters of the current context, outermost first."""
    return _meters.get()


def record(delta: Usage) -> None:
    """Add one request's usage to every open meter (a no-op when none is open)."""
    meters = _meters.get()
    if not meters:
        return
    with _lock:
        for usage in meters:
            usage.prompt_tokens += delta.prompt_tokens
            usage.completion_tokens += delta.completion_tokens
            usage.calls += delta.calls
            usage.cache_hits += delta.cache_hits
            usage.lm_calls += delta.lm_calls
            usage.cost_usd = _add_cost(usage.cost_usd, delta.cost_usd)
