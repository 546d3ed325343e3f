"""Case statuses: whether a case ran cleanly, and how errors are counted everywhere.

Every per-case row has a ``status``:

* ``ok``: the agent answered and the harness scored the answer;
* ``error``: the agent or the harness raised (the message is in ``error``);
* ``timeout``: the case passed its time limit and was cancelled (``error`` says so).

A scorer that raises on an ``ok`` case leaves ``error.<scorer>`` with its message, and its
``score.<scorer>`` / ``pass.<scorer>`` empty. A case with any of these errors is never a pass.

``summary``, ``compare``, the reports and the gate all count errors with ``error_counts`` so
they agree: ``errors`` = cases whose status is ``error`` plus ``ok`` cases with a scorer error,
``timeouts`` = cases whose status is ``timeout``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["ERROR", "OK", "STATUSES", "TIMEOUT", "ErrorCounts", "error_counts", "failed_cases",
           "scorer_error_columns", "statuses"]

OK = "ok"
ERROR = "error"
TIMEOUT = "timeout"
STATUSES = (OK, ERROR, TIMEOUT)


def statuses(rows: pd.DataFrame) -> pd.Series:
    """Each row's status; rows written before statuses existed get one from their ``error``."""
    if "status" in rows:
        known = rows["status"].where(rows["status"].isin(STATUSES))
    else:
        known = pd.Series(None, index=rows.index, dtype=object)
    errored = rows["error"].notna() if "error" in rows else pd.Series(False, index=rows.index)
    return known.fillna(pd.Series(ERROR, index=rows.index).where(errored, OK)).astype(str)


def scorer_error_columns(rows: pd.DataFrame) -> list[str]:
    """The ``error.<scorer>`` columns present in ``rows``."""
    return [c for c in rows.columns if c.startswith("error.")]


def failed_cases(rows: pd.DataFrame) -> pd.Series:
    """True for every case that did not run cleanly: status error/timeout or any scorer error."""
    bad = statuses(rows) != OK
    for col in scorer_error_columns(rows):
        bad |= rows[col].notna()
    return bad


@dataclass(frozen=True)
class ErrorCounts:
    """How many cases did not run cleanly, by kind."""

    cases: int
    errors: int
    timeouts: int

    @property
    def total(self) -> int:
        """Errors plus timeouts: the cases that can never count as a pass."""
        return self.errors + self.timeouts

    @property
    def rate(self) -> float:
        """``total / cases`` (0 for an empty run)."""
        return self.total / self.cases if self.cases else 0.0

    def describe(self) -> str:
        """e.g. ``2 errors, 1 timeout (3.0% of 100 cases)``."""
        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        return (f"{plural(self.errors, 'error')}, {plural(self.timeouts, 'timeout')} "
                f"({100 * self.rate:.1f}% of {self.cases} cases)")


def error_counts(rows: pd.DataFrame) -> ErrorCounts:
    """Count errored and timed-out cases of one run (see the module docstring)."""
    status = statuses(rows)
    timeouts = int((status == TIMEOUT).sum())
    errors = int((failed_cases(rows) & (status != TIMEOUT)).sum())
    return ErrorCounts(len(rows), errors, timeouts)
