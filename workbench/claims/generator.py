"""Deterministic sample data for the claims database.

Same seed and sizes → the same rows, byte for byte. Claims are decided in submission order per
employee, category and benefit year, so an approved amount never exceeds what is left of the
annual limit: balance = limit − approved/paid in that year always holds.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from workbench.claims.schema import CATEGORIES, GRADES

#: The data is generated "as of" this day, so it does not change with the calendar.
AS_OF = date(2026, 11, 20)
BENEFIT_YEARS = (2025, 2026)

_FIRST = ("Aisha", "Ben", "Chen", "Daniel", "Elena", "Farid", "Grace", "Hafiz", "Irene", "Jun",
          "Kavya", "Liam", "Mei", "Nurul", "Omar", "Priya", "Qistina", "Ravi", "Siti", "Tan",
          "Umar", "Vera", "Wei", "Xin", "Yusuf", "Zara", "Arjun", "Bella", "Chandra", "Dewi")
_LAST = ("Abdullah", "Bakar", "Chong", "Das", "Edwards", "Fernandez", "Goh", "Hassan", "Ismail",
         "Jayaraman", "Kaur", "Lim", "Mohamed", "Nair", "Ong", "Pillai", "Rahman", "Subramaniam",
         "Teo", "Wong", "Yap", "Zainal", "Lee", "Ng", "Kumar")
_DEPARTMENTS = ("Engineering", "Finance", "People", "Sales", "Operations", "Legal", "Marketing")

# Per category: share of claims, median amount, spread (log-normal sigma), min, max.
_AMOUNTS = {
    "GP": (0.33, 85, 0.5, 30, 450),
    "SPECIALIST": (0.11, 380, 0.5, 150, 1800),
    "HOSPITAL": (0.03, 7500, 0.8, 1500, 60000),
    "SCREENING": (0.06, 420, 0.3, 150, 1000),
    "DENTAL": (0.13, 260, 0.6, 80, 1200),
    "OPTICAL": (0.07, 420, 0.4, 150, 1200),
    "WELLNESS": (0.17, 190, 0.5, 50, 600),
    "MENTAL_HEALTH": (0.10, 260, 0.25, 150, 450),
}
_PROVIDERS = {
    "GP": ("Klinik Sentosa", "Mercu Family Clinic", "Poliklinik Harmoni", "Bangsar Medical Centre"),
    "SPECIALIST": ("Pantai Seri Specialist Centre", "KL Heart & Lung Clinic", "Damai ENT Clinic"),
    "HOSPITAL": ("Hospital Seri Cahaya", "Kestrel Park Medical Centre", "Ampang Care Hospital"),
    "SCREENING": ("Bluefin Wellness Screening Centre", "Mercu Diagnostics"),
    "DENTAL": ("Senyum Dental Studio", "Bright Smile Dental", "Klinik Pergigian Ayu"),
    "OPTICAL": ("ClearView Optometrists", "Optik Bintang", "Lensa Vision Centre"),
    "WELLNESS": ("PulseFit Gym", "Yoga Loft KL", "Sportiva Equipment", "Urban Climb"),
    "MENTAL_HEALTH": ("Tenang Counselling", "MindSpace Therapy", "Harbour Psychology Practice"),
}
_REJECTIONS = {
    "any": ("Missing itemised receipt", "Duplicate claim", "Provider not licensed"),
    "SPECIALIST": ("Missing referral letter",),
    "DENTAL": ("Not covered: cosmetic procedure",),
}


@dataclass(frozen=True)
class SampleSize:
    """How much data to generate."""

    employees: int = 250
    claims: int = 6000
    seed: int = 42


def generate(size: SampleSize, progress: Callable[[int], None] | None = None) -> dict[str, pd.DataFrame]:
    """Generate all tables as DataFrames, keyed by table name.

    Args:
        size: Employee and claim counts and the random seed.
        progress: Called with the number of claims decided since the last call.
    """
    rng = random.Random(size.seed)
    employees = _employees(rng, size.employees)
    entitlements = _entitlements(employees)
    limits = {(r.employee_id, r.category_code, r.benefit_year): r.annual_limit
              for r in entitlements.itertuples()}
    claims = _claims(rng, employees, size.claims, limits, progress)
    return {"employees": employees, "entitlements": entitlements, "claims": claims}


def _employees(rng: random.Random, n: int) -> pd.DataFrame:
    rows, seen = [], set()
    for i in range(n):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        base = f"{first}.{last}".lower()
        email, k = f"{base}@kestrel-labs.example", 2
        while email in seen:
            email, k = f"{base}{k}@kestrel-labs.example", k + 1
        seen.add(email)
        grade = rng.choices(GRADES, weights=(0.6, 0.3, 0.1))[0]
        joined = date(2016, 1, 1) + timedelta(days=rng.randrange(0, 365 * 9))
        rows.append((f"E{1001 + i}", email, f"{first} {last}", rng.choice(_DEPARTMENTS), grade, joined))
    return pd.DataFrame(rows, columns=["employee_id", "email", "full_name", "department", "grade",
                                       "join_date"])


def _entitlements(employees: pd.DataFrame) -> pd.DataFrame:
    rows = [
        (e.employee_id, c.code, year, float(c.limits[GRADES.index(e.grade)]))
        for e in employees.itertuples()
        for year in BENEFIT_YEARS
        for c in CATEGORIES
    ]
    return pd.DataFrame(rows, columns=["employee_id", "category_code", "benefit_year", "annual_limit"])


def _claims(rng: random.Random, employees: pd.DataFrame, n: int,
            limits: dict[tuple[str, str, int], float],
            progress: Callable[[int], None] | None) -> pd.DataFrame:
    codes = list(_AMOUNTS)
    shares = [_AMOUNTS[c][0] for c in codes]
    deadline = {c.code: c.deadline_days for c in CATEGORIES}
    # Some employees claim far more than others (a long tail, as in real claims data).
    activity = [rng.paretovariate(2.0) for _ in range(len(employees))]
    emp_ids = list(employees.employee_id)
    year_days = {y: ((date(y, 12, 31) if y < AS_OF.year else AS_OF) - date(y, 1, 1)).days
                 for y in BENEFIT_YEARS}

    raw = []
    while len(raw) < n:
        emp = rng.choices(emp_ids, weights=activity)[0]
        code = rng.choices(codes, weights=shares)[0]
        year = rng.choice(BENEFIT_YEARS)
        service = date(year, 1, 1) + timedelta(days=rng.randrange(0, year_days[year] + 1))
        late = rng.random() < 0.04
        lag = rng.randrange(deadline[code] + 1, deadline[code] + 60) if late else int(rng.expovariate(1 / 9))
        submitted = service + timedelta(days=min(lag, 200))
        if submitted > AS_OF:
            continue
        _, median, sigma, low, high = _AMOUNTS[code]
        amount = round(min(high, max(low, median * math.exp(rng.gauss(0, sigma)))), 2)
        raw.append((submitted, service, emp, code, year, rng.choice(_PROVIDERS[code]), amount, late))

    # Decide claims in submission order so approvals consume the limit the way they would in life.
    raw.sort(key=lambda r: (r[0], r[1], r[2], r[3], r[6]))
    remaining = dict(limits)
    rows = []
    for i, (submitted, service, emp, code, year, provider, amount, late) in enumerate(raw):
        status, approved, reason = _decide(rng, code, submitted, amount, late,
                                           remaining[(emp, code, year)])
        if approved:
            remaining[(emp, code, year)] = round(remaining[(emp, code, year)] - approved, 2)
        rows.append((f"CLM{i + 1:07d}", emp, code, year, provider, service, submitted, amount,
                     approved, status, reason))
        if progress and (i + 1) % 10_000 == 0:
            progress(10_000)
    if progress:
        progress(len(rows) % 10_000)
    return pd.DataFrame(rows, columns=["claim_id", "employee_id", "category_code", "benefit_year",
                                       "provider", "service_date", "submitted_date",
                                       "amount_claimed", "amount_approved", "status",
                                       "rejection_reason"])


def _decide(rng: random.Random, code: str, submitted: date, amount: float, late: bool,
            remaining: float) -> tuple[str, float | None, str | None]:
    """Status, approved amount and rejection reason for one claim."""
    age = (AS_OF - submitted).days
    if age <= 5:
        return "submitted", None, None
    if age <= 18 and rng.random() < 0.7:
        return "pending", None, None
    if late:
        return "rejected", None, "Submitted after deadline"
    if rng.random() < 0.07:
        return "rejected", None, rng.choice(_REJECTIONS["any"] + _REJECTIONS.get(code, ()))
    if remaining <= 0:
        return "rejected", None, "Annual limit exhausted"
    approved = round(min(amount, remaining), 2)
    status = "paid" if age > 30 or rng.random() < 0.5 else "approved"
    return status, approved, None
