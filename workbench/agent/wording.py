"""How the offline baseline's answers name things: categories, measures, money and dates.

One place for the words every answer module (``baseline``, ``figures``, ``rankings``) shares, so
"Total claimed" or "MYR 1,234.50" reads the same whichever module wrote the answer.
"""

from __future__ import annotations

from datetime import date

from workbench.claims.schema import CATEGORIES

#: A category as answers name it: the plan's name, lower-cased unless it is an acronym ("GP").
NAMES = {c.code: c.name if c.name[:2].isupper() else c.name.lower() for c in CATEGORIES}
#: What a (metric, field) pair measures, as the label of a figure.
MEASURES = {("sum", "amount_claimed"): "Total claimed", ("sum", "amount_approved"): "Total approved",
            ("avg", "amount_claimed"): "Average claimed per claim",
            ("avg", "amount_approved"): "Average approved per claim",
            ("count", "amount_claimed"): "Number of claims", ("count", "amount_approved"): "Number of claims"}


def money(x: float) -> str:
    """An amount to the cent with thousands separators ("1,234.50")."""
    return f"{x:,.2f}"


def iso(d: date | None) -> str | None:
    """A date as the tools take it (YYYY-MM-DD), or None."""
    return d.isoformat() if d else None
