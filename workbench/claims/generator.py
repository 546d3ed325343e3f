"""Deterministic sample data for the claims database.

Same seed and sizes → the same rows, byte for byte. Claims are drawn and decided with numpy
arrays, not row by row, so a million claims take seconds. They are decided in submission order
per employee, category and benefit year, so an approved amount never exceeds what is left of the
annual limit: balance = limit − approved/paid in that year always holds.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
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
    employees = _employees(random.Random(size.seed), size.employees)
    entitlements = _entitlements(employees)
    claims = _claims(size.seed, employees, size.claims, entitlements, progress)
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


def _claims(seed: int, employees: pd.DataFrame, n: int, entitlements: pd.DataFrame,
            progress: Callable[[int], None] | None) -> pd.DataFrame:
    """``n`` claims, drawn and decided in vectorised numpy (a million take seconds, not minutes)."""
    rng = np.random.default_rng(seed)
    codes = list(_AMOUNTS)
    shares = np.array([_AMOUNTS[c][0] for c in codes])
    deadline = np.array([{c.code: c.deadline_days for c in CATEGORIES}[c] for c in codes])
    median, sigma, low, high = (np.array([_AMOUNTS[c][i] for c in codes], dtype=float) for i in (1, 2, 3, 4))
    # Some employees claim far more than others (a long tail, as in real claims data).
    activity = rng.pareto(2.0, len(employees)) + 1.0
    years = np.array(BENEFIT_YEARS)
    year_days = np.array([((date(y, 12, 31) if y < AS_OF.year else AS_OF) - date(y, 1, 1)).days for y in years])
    as_of = np.datetime64(AS_OF, "D")

    parts, have = [], 0
    while have < n:
        # Claims submitted after AS_OF are dropped, so draw a few more than still needed.
        m = int((n - have) * 1.1) + 100
        emp = rng.choice(len(employees), m, p=activity / activity.sum())
        code = rng.choice(len(codes), m, p=shares / shares.sum())
        year = rng.integers(0, len(years), m)
        service = (np.array([np.datetime64(f"{y}-01-01", "D") for y in years])[year]
                   + (rng.random(m) * (year_days[year] + 1)).astype(int))
        late = rng.random(m) < 0.04
        lag = np.where(late, deadline[code] + 1 + (rng.random(m) * 59).astype(int),
                       rng.exponential(9, m).astype(int))
        submitted = service + np.minimum(lag, 200)
        amount = np.round(np.clip(median[code] * np.exp(rng.normal(0, 1, m) * sigma[code]),
                                  low[code], high[code]), 2)
        provider = rng.random(m)
        keep = submitted <= as_of
        parts.append((submitted[keep], service[keep], emp[keep], code[keep], year[keep], provider[keep],
                      amount[keep], late[keep]))
        have += int(keep.sum())
    columns = (np.concatenate(c)[:n] for c in zip(*parts, strict=True))
    submitted, service, emp, code, year, provider, amount, late = columns

    # Decide claims in submission order so approvals consume the limit the way they would in life.
    order = np.lexsort((amount, code, emp, service, submitted))
    submitted, service, emp, code, year, provider, amount, late = (
        a[order] for a in (submitted, service, emp, code, year, provider, amount, late))
    if progress:
        progress(n // 2)
    age = (as_of - submitted).astype(int)
    u_pending, u_reject, u_reason, u_paid = rng.random((4, n))
    status = np.full(n, "", dtype=object)
    reason = np.full(n, None, dtype=object)
    open_ = age <= 5
    status[open_] = "submitted"
    pending = ~open_ & (age <= 18) & (u_pending < 0.7)
    status[pending] = "pending"
    undecided = ~open_ & ~pending
    deadline_miss = undecided & late
    status[deadline_miss] = "rejected"
    reason[deadline_miss] = "Submitted after deadline"
    undecided &= ~late
    other = undecided & (u_reject < 0.07)
    for i, c in enumerate(codes):
        reasons = _REJECTIONS["any"] + _REJECTIONS.get(c, ())
        pick = other & (code == i)
        status[pick] = "rejected"
        reason[pick] = np.array(reasons, dtype=object)[(u_reason[pick] * len(reasons)).astype(int)]
    undecided &= ~other

    # Approvals in submission order within each (employee, category, year) consume the limit:
    # a claim gets min(amount, what is left) and, once nothing is left, is rejected. In cents,
    # so the running balance is exact.
    limits = entitlements.set_index(["employee_id", "category_code", "benefit_year"]).annual_limit
    emp_ids, cents = employees.employee_id.to_numpy(), np.rint(amount * 100).astype(np.int64)
    limit_cents = np.rint(limits.reindex(pd.MultiIndex.from_arrays(
        [emp_ids[emp], np.array(codes)[code], years[year]])).to_numpy() * 100).astype(np.int64)
    cand = np.flatnonzero(undecided)
    group = (emp[cand] * len(codes) + code[cand]) * len(years) + year[cand]
    by_group = cand[np.argsort(group, kind="stable")]  # submission order kept inside a group
    g = np.sort(group, kind="stable")
    spent = np.cumsum(cents[by_group])
    starts = np.r_[0, np.flatnonzero(np.diff(g)) + 1]
    spent -= np.repeat(np.r_[0, spent[starts[1:] - 1]], np.diff(np.r_[starts, len(g)]))
    before = spent - cents[by_group]
    left = limit_cents[by_group] - before
    approved_cents = np.minimum(cents[by_group], left)
    exhausted = left <= 0
    approved = np.full(n, np.nan)
    approved[by_group[~exhausted]] = approved_cents[~exhausted] / 100
    status[by_group[exhausted]] = "rejected"
    reason[by_group[exhausted]] = "Annual limit exhausted"
    granted = by_group[~exhausted]
    status[granted] = np.where((age[granted] > 30) | (u_paid[granted] < 0.5), "paid", "approved")

    providers = [np.array(_PROVIDERS[c], dtype=object) for c in codes]
    provider_name = np.empty(n, dtype=object)
    for i in range(len(codes)):
        pick = code == i
        provider_name[pick] = providers[i][(provider[pick] * len(providers[i])).astype(int)]
    if progress:
        progress(n - n // 2)
    return pd.DataFrame({
        "claim_id": [f"CLM{i:07d}" for i in range(1, n + 1)],
        "employee_id": emp_ids[emp], "category_code": np.array(codes, dtype=object)[code],
        "benefit_year": years[year].astype(np.int32), "provider": provider_name,
        "service_date": service.astype("datetime64[s]"), "submitted_date": submitted.astype("datetime64[s]"),
        "amount_claimed": amount, "amount_approved": approved, "status": status,
        "rejection_reason": reason})
