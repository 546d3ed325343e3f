"""Cooperative cancellation of one answer: a token the runner sets and the agent checks.

A thread cannot be killed from outside, so a case that runs past its time limit is stopped
cooperatively: the runner binds a ``CancelToken`` to the case with ``cancel_scope(token)`` and
sets it when the limit passes; the agent calls ``checkpoint()`` at every step boundary (each tool
call and each LM request), which raises ``Cancelled`` once the token is set. An abandoned case
therefore stops at its next step instead of running on and spending.

The token travels in a ``ContextVar``, so it reaches worker threads started with a copy of the
context (``asyncio.to_thread``, ``contextvars.copy_context().run``), as the usage meters do.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["CancelToken", "Cancelled", "cancel_scope", "checkpoint"]


class Cancelled(BaseException):  # noqa: N818 - named like asyncio.CancelledError
    """Raised at a step boundary of a cancelled case.

    A ``BaseException`` (as ``asyncio.CancelledError`` is) so that the ``except Exception``
    handlers that turn a failing tool call into an observation for the model do not swallow it.
    """


class CancelToken:
    """A flag that is set once, from any thread, to stop one case."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.reason = ""

    def cancel(self, reason: str = "cancelled") -> None:
        """Ask the case to stop at its next step."""
        self.reason = reason
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """True once ``cancel`` was called."""
        return self._event.is_set()


_token: ContextVar[CancelToken | None] = ContextVar("workbench_cancel_token", default=None)


@contextmanager
def cancel_scope(token: CancelToken) -> Iterator[CancelToken]:
    """Bind ``token`` to the code run inside the block (and threads given a copy of its context)."""
    reset = _token.set(token)
    try:
        yield token
    finally:
        _token.reset(reset)


def checkpoint() -> None:
    """Raise ``Cancelled`` if the current case was cancelled; a no-op outside any scope."""
    token = _token.get()
    if token is not None and token.cancelled:
        raise Cancelled(token.reason)
