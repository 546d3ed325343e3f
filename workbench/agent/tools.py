"""The agent's tools, bound to one signed-in user when the session is built.

No tool takes a user id, email or name: the ``UserClaims`` they close over is the only user
they can read. Tool results are plain JSON-able values (what an LLM sees) and every call is
logged with its arguments, result and duration, so answers can be traced and scored.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from workbench.agent.cancel import checkpoint
from workbench.claims import UserClaims
from workbench.errors import WorkbenchError
from workbench.knowledge import Hit, KnowledgeIndex


@dataclass
class ToolCall:
    """One tool call: name, arguments, JSON-able result and seconds taken."""

    name: str
    args: dict[str, Any]
    result: Any
    seconds: float


@dataclass
class UserTools:
    """Claims and policy tools for one user. ``calls`` and ``hits`` collect what was used."""

    user: UserClaims
    index: KnowledgeIndex
    k: int = 4
    calls: list[ToolCall] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)

    def get_balances(self, category: str | None = None, year: int | None = None) -> Any:
        """Annual limit, used (approved/paid), pending and remaining balance per benefit category.

        Args:
            category: Category code (GP, SPECIALIST, HOSPITAL, SCREENING, DENTAL, OPTICAL,
                WELLNESS, MENTAL_HEALTH); omit for all categories.
            year: Benefit year (calendar year); omit for the current year.
        """
        return self._run("get_balances", {"category": category, "year": year},
                         lambda: [asdict(b) for b in self.user.balances(_int(year), category)])

    def search_claims(self, category: str | None = None, status: str | None = None,
                      start_date: str | None = None, end_date: str | None = None,
                      year: int | None = None, limit: int = 10, order: str = "newest") -> Any:
        """The user's claims, newest first (or by amount), with the total number that match.

        Args:
            category: Category code to filter on, or omit.
            status: submitted, pending, approved, rejected or paid; or omit.
            start_date: Earliest service date (YYYY-MM-DD), or omit.
            end_date: Latest service date (YYYY-MM-DD), or omit.
            year: Benefit year, or omit.
            limit: How many claims to return (the count covers all matches).
            order: newest (default) or oldest service date first, or largest or smallest amount
                claimed first.
        """
        def run() -> dict:
            start, end = _date_range(start_date, end_date)
            found = self.user.claims(category, status, start, end, _int(year), order=order or "newest")
            return {"count": len(found), "claims": [_claim(c) for c in found[: max(1, int(limit))]]}

        return self._run("search_claims", {"category": category, "status": status,
                                           "start_date": start_date, "end_date": end_date,
                                           "year": year, "limit": limit,
                                           "order": None if order == "newest" else order}, run)

    def get_claim(self, claim_id: str) -> Any:
        """One of the user's claims by id (e.g. CLM0001234), with status and rejection reason."""
        def run() -> dict:
            found = self.user.claim(claim_id)
            return _claim(found) if found else {"error": f"{claim_id} is not one of your claims"}

        return self._run("get_claim", {"claim_id": claim_id}, run)

    def claims_summary(self, metric: str = "sum", field: str = "amount_claimed",
                       group_by: str | None = None, category: str | None = None,
                       status: str | None = None, year: int | None = None,
                       start_date: str | None = None, end_date: str | None = None) -> Any:
        """Sum, count or average over the user's claims, optionally grouped.

        Args:
            metric: sum, count or avg.
            field: amount_claimed or amount_approved.
            group_by: category, month, year or status; or omit for one total.
            category: Category code to filter on, or omit.
            status: Status to filter on, or omit.
            year: Benefit year, or omit.
            start_date: Earliest service date (YYYY-MM-DD), or omit.
            end_date: Latest service date (YYYY-MM-DD), or omit.
        """
        args = {"metric": metric, "field": field, "group_by": group_by, "category": category,
                "status": status, "year": year, "start_date": start_date, "end_date": end_date}
        return self._run("claims_summary", args, lambda: self.user.aggregate(
            metric, field, group_by, category, status, *_date_range(start_date, end_date), _int(year)))  # type: ignore[arg-type]

    def search_policy(self, query: str) -> Any:
        """Search the benefits policy documents; returns passages with document and section."""
        def run() -> list[dict]:
            hits = self.index.search(query, k=self.k)
            self.hits.extend(h for h in hits if h.chunk_id not in {x.chunk_id for x in self.hits})
            return [{"document": h.document, "section": h.section, "chunk_id": h.chunk_id,
                     "text": h.text} for h in hits]

        return self._run("search_policy", {"query": query}, run)

    def functions(self) -> list:
        """The tool functions, for an LLM agent."""
        return [self.get_balances, self.search_claims, self.get_claim, self.claims_summary,
                self.search_policy]

    def reset(self) -> None:
        """Forget the calls and hits of the previous question."""
        self.calls, self.hits = [], []

    def _run(self, name: str, args: dict, fn) -> Any:
        checkpoint()  # a case cancelled by its time limit stops here, before doing more work
        start = time.perf_counter()
        try:
            result = fn()
        except (WorkbenchError, ValueError, TypeError) as exc:
            # The model chose bad arguments: tell it, so it can correct itself.
            result = {"error": str(exc)}
        self.calls.append(ToolCall(name, {k: v for k, v in args.items() if v is not None},
                                   result, time.perf_counter() - start))
        return result


def _claim(claim) -> dict:
    out = asdict(claim)
    for key in ("service_date", "submitted_date"):
        out[key] = out[key].isoformat()
    return out


def _date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise WorkbenchError(f"date {value!r} is not YYYY-MM-DD") from exc


def _date_range(start: str | date | None, end: str | date | None) -> tuple[date | None, date | None]:
    """A service-date range (either end open), each end a valid date and the start not after the end."""
    first, last = _date(start), _date(end)
    if first and last and first > last:
        raise WorkbenchError(f"start_date {first.isoformat()} is after end_date {last.isoformat()}: "
                             "give the earlier date first")
    return first, last


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise WorkbenchError(f"year {value!r} is not a whole number") from exc
