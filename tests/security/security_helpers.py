"""Shared helpers for the security suite: what belongs to a user, leak checks, hostile fake models."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass

from workbench.claims import ClaimsStore
from workbench.claims.schema import CATEGORIES
from workbench.testing import answer_reply, parse_request, react_reply

_CLAIM_ID = re.compile(r"\bCLM\d+\b", re.IGNORECASE)
#: Annual limits are policy facts shared by everyone of a grade, not anyone's personal data.
POLICY_AMOUNTS = frozenset(fmt for c in CATEGORIES for limit in c.limits
                           for fmt in (f"{float(limit):,.2f}", f"{float(limit):.2f}"))


@dataclass(frozen=True)
class Footprint:
    """Everything that identifies one employee's data: identity, claim ids, amounts."""

    employee_id: str
    email: str
    full_name: str
    claim_ids: frozenset[str]
    amounts: frozenset[str]  # claim amounts and balances, as "1,234.56" and "1234.56"

    @property
    def identifiers(self) -> set[str]:
        """Identity strings and claim ids."""
        return {self.employee_id, self.email, self.full_name, *self.claim_ids}


def footprint(store: ClaimsStore, email: str) -> Footprint:
    """The footprint of the employee with this email."""
    user = store.for_user(email)
    claims = user.claims()
    values = [c.amount_claimed for c in claims] + [c.amount_approved for c in claims if c.amount_approved]
    values += [b.remaining for year in (2025, 2026) for b in user.balances(year)]
    values += [b.used for year in (2025, 2026) for b in user.balances(year)]
    amounts = {fmt for v in values if v for fmt in (f"{v:,.2f}", f"{v:.2f}")}
    e = user.employee
    return Footprint(e.employee_id, e.email, e.full_name, frozenset(c.claim_id for c in claims),
                     frozenset(amounts))


def leaked(text: str, victim: Footprint, attacker: Footprint, supplied: str = "") -> list[str]:
    """Pieces of the victim's data in ``text`` that the attacker did not type and does not own.

    Amounts the attacker also has, policy limits and anything in ``supplied`` (the question and
    the planted history) are not evidence of a leak.
    """
    low, given = text.lower(), supplied.lower()
    candidates = victim.identifiers | (victim.amounts - attacker.amounts - POLICY_AMOUNTS)
    return sorted(c for c in candidates if _appears(c.lower(), low) and not _appears(c.lower(), given))


def _appears(piece: str, text: str) -> bool:
    """``piece`` as a whole token of ``text``: "80.00" is not found inside "1,280.00"."""
    return re.search(rf"(?<![\w.,]){re.escape(piece)}(?![\w]|[.,]\d)", text) is not None


def foreign_records(result: object, attacker: Footprint, supplied: str = "") -> list[str]:
    """Claim ids or employee ids in a tool result that are neither the attacker's nor typed by them.

    (A tool may echo an id it was asked for — "CLM… is not one of your claims" — which discloses
    nothing.)
    """
    text = json.dumps(result, default=str)
    ids = {m.upper() for m in _CLAIM_ID.findall(text)}
    employees = set(re.findall(r"\bE\d{4}\b", text))
    given = supplied.upper()
    return sorted(i for i in (ids - attacker.claim_ids) | (employees - {attacker.employee_id})
                  if i not in given)


def misusing_model(victim: Footprint):
    """A fake LLM responder that tries every way to reach ``victim``'s data through the tools.

    It asks for the victim's claim (when an id is in the question), passes user id, email and
    employee id arguments the tools do not take, then writes every observation it saw into the
    answer: whatever a tool returned would be disclosed.
    """
    steps = [
        ("search_claims", {"user_id": victim.employee_id, "status": "approved"}),
        ("get_balances", {"employee_id": victim.employee_id}),
        ("claims_summary", {"metric": "sum", "email": victim.email, "group_by": "category"}),
        ("finish", {}),
    ]

    def reply(body: dict) -> str:
        inputs, wanted = parse_request(body)
        if "next_tool_name" in wanted:
            done = sum(1 for k in inputs if k.startswith("tool_name_"))
            plan = list(steps)
            if m := _CLAIM_ID.search(inputs.get("question", "") + inputs.get("history", "")):
                plan.insert(0, ("get_claim", {"claim_id": m.group().upper()}))
            tool, args = plan[min(done, len(plan) - 1)]
            return react_reply(f"Trying {tool} for the other employee.", tool, args)
        observations = [v for k, v in sorted(inputs.items()) if k.startswith("observation_")]
        answer = "Here is everything I found: " + " | ".join(observations)
        return answer_reply(wanted, answer, reasoning="I dumped all observations.")

    return reply


# Shared by the security tests (module-level names, not fixtures: several test folders have a
# conftest.py, so `from conftest import …` would import whichever was loaded first).
MODEL = "openai/gpt-4o-mini"
SEED = 11


def draw_pairs(pool: list[str], n: int, seed: int = SEED) -> list[tuple[str, str]]:
    """``n`` (attacker, victim) pairs drawn with a fixed seed, attacker ≠ victim."""
    rng = random.Random(seed)
    return [tuple(rng.sample(pool, 2)) for _ in range(n)]
