"""Filters on the user's claims beyond category, status and period: an amount threshold, a category left out.

A question can narrow its claims in ways the claims tools take no argument for:

- an **amount threshold**: "claims over RM100", "above MYR 500", "more than 200", "under RM50",
  "below 30", "lebih RM100" (glossed "more MYR100"), "bawah RM50" ("under MYR50"), typed
  "undr"; the bound is strict ("over 100" leaves out a claim of exactly 100);
- a **category left out**: "everything except hospital", "other than dental", "besides GP",
  "selain klinik" (glossed "except GP clinic"): every category but that one.

``amount_bounds`` and ``excluded_categories`` read them from a (canonical, see
``entities.canonical``) question; ``claims``, ``figure`` and ``figure_without`` answer through
the user-bound tools: the tools' rows are filtered here, so the tool contract (and the user the
tools are bound to) is unchanged. The cues are written from how people ask, fit on the dev split.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from workbench.agent.tools import UserTools
from workbench.agent.wording import iso

#: The most claims fetched to filter by amount (the store returns at most 1,000; no user has that many).
MAX_CLAIMS = 1000
_NUMBER = r"(?:MYR|RM)?\s*(\d[\d,]*(?:\.\d{1,2})?)"
# "over RM100", "more than MYR 250.50", "at least 100", typed "abov"; not "more than 2 claims" nor "over 3 months".
_ABOVE_RE = re.compile(rf"\b(?:over|abov?e?|more than|more from|greater than|higher than|exceeding|bigger than|"
                       rf"larger than|more)\s+{_NUMBER}(?!\s*(?:claims?|times|months?|years?|days?|weeks?)\b)"
                       rf"|(?<!\w)>\s*{_NUMBER}", re.I)
# "under RM50", "below 30", "less than MYR 20", typed "undr"/"bellow".
_BELOW_RE = re.compile(rf"\b(?:und(?:e)?r|bell?ow|less than|less from|lower than|smaller than|cheaper than|"
                       rf"less)\s+{_NUMBER}(?!\s*(?:claims?|times|months?|years?|days?|weeks?)\b)"
                       rf"|(?<!\w)<\s*{_NUMBER}", re.I)
# A category left out: "except (for) hospital", "other than dental", "excluding my GP".
_EXCEPT_RE = re.compile(r"\b(?:except(?: for)?|other than|besides|apart from|excluding|not counting|"
                        r"aside from|minus|without|(?:everything|all|anything) but|"
                        r"leaving out|leave out|left out|exclude|not including|"
                        r"setting aside|set aside|putting aside|ignoring|ignore)\s+(?:the\s+|my\s+|any\s+|all\s+)?",
                        re.I)


_JOINED_RE = re.compile(r"(?:\s+(?:claims?|visits?))?\s*(?:,|\band\b|\bor\b|&|\+|/)\s*(?:the\s+|my\s+)?", re.I)


def amount_bounds(question: str) -> tuple[float | None, float | None]:
    """The amount a claim must be over and under (each ``None`` when not asked), from a canonical question."""
    def first(rx: re.Pattern) -> float | None:
        m = rx.search(question)
        return float(next(g for g in m.groups() if g).replace(",", "")) if m else None

    return first(_ABOVE_RE), first(_BELOW_RE)


def excluded_categories(question: str, categories: Mapping[str, re.Pattern]) -> tuple[str, ...]:
    """The categories the question leaves out ("everything except hospital", "excluding optical and dental").

    Those named right after the cue, one after another (joined by "and", "or", "," or "+").

    Args:
        question: The canonical question.
        categories: Each category code's word pattern (``entities``' category patterns).
    """
    out: list[str] = []
    for cue in _EXCEPT_RE.finditer(question):
        rest = question[cue.end():]
        while True:
            found = sorted((m.start(), m.end(), code) for code, rx in categories.items() if (m := rx.search(rest)))
            if not found or found[0][0] > 12:  # "except GP clinic", "selain klinik gigi"
                break
            _, end, code = found[0]
            out.append(code)
            joined = _JOINED_RE.match(rest, end)
            if not joined:
                break
            rest = rest[joined.end():]
    return tuple(dict.fromkeys(out))


def claims(tools: UserTools, e, order: str = "newest") -> dict:
    """The user's claims matching the entities' filters, amount bounds and categories left out.

    Returns ``{"count", "claims"}`` (or a tool error).
    """
    found = tools.search_claims(e.category, e.status, iso(e.start), iso(e.end), e.year, limit=MAX_CLAIMS,
                                order=order)
    if isinstance(found, dict) and "error" in found:
        return found
    kept = [c for c in found["claims"] if _within(c["amount_claimed"], e.min_amount, e.max_amount)
            and c["category_code"] not in e.excluded]  # "my top 3 claims excluding hospital"
    return {"count": len(kept), "claims": kept}


def narrows(e) -> bool:
    """Whether the entities filter beyond what the claims tools take (an amount bound, a category left out)."""
    return e.min_amount is not None or e.max_amount is not None or bool(e.excluded)


def figure(tools: UserTools, e, metric: str, field: str) -> dict:
    """Sum, count or average over the claims within the amount bounds: ``{"value", "claims"}`` (or a tool error)."""
    found = claims(tools, e)
    if "error" in found:
        return found
    values = [c[field] or 0.0 for c in found["claims"]]
    return {"value": _measure(metric, values), "claims": len(values)}


def figure_without(tools: UserTools, e, metric: str, field: str) -> dict:
    """Sum, count or average over every category but those in ``e.excluded``: ``{"value", "claims"}`` (or an error)."""
    rows = tools.claims_summary(metric if metric != "avg" else "sum", field, "category", None, e.status, e.year,
                                iso(e.start), iso(e.end))
    if isinstance(rows, dict):
        return rows
    kept = [r for r in rows if r["group"] not in e.excluded]
    n = sum(int(r["claims"]) for r in kept)
    total = sum(r["value"] for r in kept)
    if metric == "count":
        return {"value": float(n), "claims": n}
    return {"value": total / n if metric == "avg" and n else total, "claims": n}


def _measure(metric: str, values: list[float]) -> float:
    if metric == "count":
        return float(len(values))
    if metric == "avg":
        return sum(values) / len(values) if values else 0.0
    return sum(values)


def _within(amount: float, low: float | None, high: float | None) -> bool:
    return (low is None or amount > low) and (high is None or amount < high)
