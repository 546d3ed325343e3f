"""The claims database schema (DuckDB; ``postgres_ddl`` for PostgreSQL) and its fixed benefit catalogue.

Two plans: the insurer-covered Bluefin Group Medical Plan and the employer-covered Kestrel
Benefits Plan. Limits are per benefit year (the calendar year) and depend on the grade.
The same facts are written out for people in ``knowledge_base/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

GRADES = ("Associate", "Senior", "Manager")
STATUSES = ("submitted", "pending", "approved", "rejected", "paid")
#: Statuses whose approved amount counts against the annual limit.
SPENT_STATUSES = ("approved", "paid")


@dataclass(frozen=True)
class Plan:
    """A benefit plan and who pays for it."""

    plan_id: str
    name: str
    payer: str  # "insurer" | "employer"
    administrator: str


@dataclass(frozen=True)
class Category:
    """A claim category with its annual limit per grade (Associate, Senior, Manager)."""

    code: str
    name: str
    plan_id: str
    limits: tuple[float, float, float]
    deadline_days: int
    documents: str
    description: str


PLANS = (
    Plan("BLUEFIN_MEDICAL", "Bluefin Group Medical Plan", "insurer", "Bluefin Assurance Berhad"),
    Plan("KESTREL_BENEFITS", "Kestrel Benefits Plan", "employer", "Kestrel Labs HR Benefits"),
)

_INSURER_DOCS = "Itemised original receipt or e-invoice, claim form"
CATEGORIES = (
    Category("GP", "GP (outpatient)", "BLUEFIN_MEDICAL", (1500, 2000, 2500), 60,
             _INSURER_DOCS + ", medical certificate or diagnosis",
             "Outpatient visits to a general practitioner, including prescribed medicine."),
    Category("SPECIALIST", "Specialist consultation", "BLUEFIN_MEDICAL", (3000, 4000, 5000), 60,
             _INSURER_DOCS + ", GP referral letter",
             "Specialist consultations and tests; a GP referral letter is required."),
    Category("HOSPITAL", "Hospitalisation & surgery", "BLUEFIN_MEDICAL", (50000, 75000, 100000), 60,
             _INSURER_DOCS + ", Guarantee Letter (GL) or discharge summary",
             "In-patient stays and surgery; planned admissions need a Guarantee Letter from Bluefin."),
    Category("SCREENING", "Health screening", "BLUEFIN_MEDICAL", (500, 800, 1000), 60,
             _INSURER_DOCS,
             "One annual health screening at a Bluefin panel clinic."),
    Category("DENTAL", "Dental", "KESTREL_BENEFITS", (800, 1000, 1200), 90,
             "Itemised receipt, treatment description",
             "Check-ups, scaling, fillings and extractions; cosmetic dentistry is excluded."),
    Category("OPTICAL", "Optical", "KESTREL_BENEFITS", (500, 600, 800), 90,
             "Itemised receipt, lens prescription",
             "Spectacles and contact lenses with a prescription; frames once per benefit year."),
    Category("WELLNESS", "Wellness", "KESTREL_BENEFITS", (1200, 1500, 1800), 90,
             "Itemised receipt, proof of membership",
             "Gym memberships, fitness classes and sports equipment (MYR 300 per item at most)."),
    Category("MENTAL_HEALTH", "Mental health", "KESTREL_BENEFITS", (2000, 2000, 2000), 90,
             "Itemised receipt from a licensed practitioner",
             "Counselling and therapy sessions with licensed practitioners."),
)
CATEGORY_CODES = tuple(c.code for c in CATEGORIES)

DDL = """
CREATE TABLE benefit_plans (
    plan_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    payer VARCHAR NOT NULL CHECK (payer IN ('insurer', 'employer')),
    administrator VARCHAR NOT NULL
);
CREATE TABLE benefit_categories (
    category_code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    plan_id VARCHAR NOT NULL REFERENCES benefit_plans (plan_id),
    claim_deadline_days INTEGER NOT NULL,
    documents_required VARCHAR NOT NULL,
    description VARCHAR NOT NULL
);
CREATE TABLE category_limits (
    category_code VARCHAR NOT NULL REFERENCES benefit_categories (category_code),
    grade VARCHAR NOT NULL,
    annual_limit DECIMAL(12, 2) NOT NULL,
    PRIMARY KEY (category_code, grade)
);
CREATE TABLE employees (
    employee_id VARCHAR PRIMARY KEY,
    email VARCHAR NOT NULL UNIQUE,
    full_name VARCHAR NOT NULL,
    department VARCHAR NOT NULL,
    grade VARCHAR NOT NULL,
    join_date DATE NOT NULL
);
CREATE TABLE entitlements (
    employee_id VARCHAR NOT NULL REFERENCES employees (employee_id),
    category_code VARCHAR NOT NULL REFERENCES benefit_categories (category_code),
    benefit_year INTEGER NOT NULL,
    annual_limit DECIMAL(12, 2) NOT NULL,
    PRIMARY KEY (employee_id, category_code, benefit_year)
);
CREATE TABLE claims (
    claim_id VARCHAR PRIMARY KEY,
    employee_id VARCHAR NOT NULL REFERENCES employees (employee_id),
    category_code VARCHAR NOT NULL REFERENCES benefit_categories (category_code),
    benefit_year INTEGER NOT NULL,
    provider VARCHAR NOT NULL,
    service_date DATE NOT NULL,
    submitted_date DATE NOT NULL,
    amount_claimed DECIMAL(12, 2) NOT NULL,
    amount_approved DECIMAL(12, 2),
    status VARCHAR NOT NULL CHECK (status IN ('submitted', 'pending', 'approved', 'rejected', 'paid')),
    rejection_reason VARCHAR
);
CREATE TABLE metadata (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
"""

# Indexes are created after the bulk load: building them once is much faster than maintaining them.
INDEXES = """
CREATE INDEX claims_by_employee ON claims (employee_id, benefit_year, category_code);
"""

#: The tables of ``DDL`` in creation order (referenced tables first).
TABLES = tuple(re.findall(r"CREATE TABLE (\w+)", DDL))


def postgres_ddl() -> str:
    """``DDL`` for PostgreSQL: the same tables, with text compared and sorted bytewise as DuckDB does.

    PostgreSQL accepts DuckDB's types as written (VARCHAR, DECIMAL, INTEGER, DATE); the one
    difference that shows in results is text order, which in PostgreSQL follows the database's
    locale. ``COLLATE "C"`` makes ORDER BY and comparisons on text match DuckDB's.
    """
    return re.sub(r"\bVARCHAR\b", 'VARCHAR COLLATE "C"', DDL)
