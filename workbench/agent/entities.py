"""Deterministic extraction of what a question is about.

Category, status, period, claim id, aggregate measure, and signs that it asks about somebody else.

Used by the offline baseline (and by the eval generator's paraphrases, which must be parsed
the same way). Everything here is plain pattern matching on the question text.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass, replace
from datetime import date

from workbench.claims import AS_OF

_CATEGORY_WORDS = {
    "MENTAL_HEALTH": r"mental[ -]health|counsell?ing|therap(?:y|ist)|psycholog\w*|psychiatr\w*",
    "SCREENING": r"screening|health[ -]?check|medical check[ -]?up|check[ -]?up",
    "SPECIALIST": r"specialists?|consultants?|cardiolog\w*|dermatolog\w*|\bent\b",
    "HOSPITAL": r"hospital\w*|surgery|surgical|admission|admitted|in-?patient",
    "DENTAL": r"dental|dentist\w*|teeth|tooth|scaling|fillings?",
    "OPTICAL": r"optical|glasses|spectacles|lens(?:es)?|optometr\w*|eye ?wear|eyes?\b",
    "WELLNESS": r"wellness|gym|fitness|yoga|sports?",
    "GP": r"\bgps?\b|general practitioner|outpatient|doctor'?s? visits?|clinic visits?",
}
_CATEGORY_RES = {code: re.compile(rf"(?:{words})", re.I) for code, words in _CATEGORY_WORDS.items()}
_STATUS_WORDS = {
    "rejected": r"reject\w*|declin\w*|denied",
    "pending": r"pending|under review|in review|being processed",
    "submitted": r"\bsubmitted\b(?! (?:in|during|for|last|this))",
    "paid": r"\bpaid\b(?! (?:out )?for)",
    "approved": r"approved",
}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH_RE = re.compile(rf"\b(?:in|during|for)\s+({'|'.join(_MONTHS)})(?:\s+(20\d\d))?\b", re.I)
CLAIM_ID_RE = re.compile(r"\bCLM\d{7}\b", re.I)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EMPLOYEE_ID_RE = re.compile(r"\bE\d{4,}\b", re.I)
_THIRD_PARTY_RE = re.compile(
    r"\b(?:colleague|co-?worker|manager|boss|teammate|team ?mate|wife|husband|spouse|partner|"
    r"friend|intern|subordinate|direct report|ceo|cfo)s?'?s?\b"
    r"|\b(?:everyone|everybody|all employees|other employees|other people|another employee|"
    r"someone else|somebody else|each employee|all staff|the whole company|whole team|"
    r"which employees|employees in|(?:across|in) the company|company-?wide|who has the (?:highest|most|lowest))\b"
    r"|\b(?:his|her|their) (?:dental|optical|gp|wellness|medical|claims?|balances?|limits?)\b",
    re.I)
# A capitalised name in the possessive ("Wei Lim's") or after of/for/by ("claims of Aisha Rahman").
# Case-sensitive on purpose: "balance's" or "doctor's" are not names.
# Also a full name as the subject of a question ("How much has Aisha Chong claimed?").
_NAME_RE = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?)'s\b"
                      r"|\b(?:of|for|by|about|has|did|does|is|was|can) ([A-Z][a-z]+ [A-Z][a-z]+)\b")
# Capitalised words that are not people, so "Bluefin's hotline" is not a third party.
_NOT_PEOPLE = {"bluefin", "kestrel", "labs", "assurance", "hr", "eap", "gp", "what", "who", "that",
               "it", "there", "let", "here", "today", "doctor", "clinic", "hospital", "company",
               "insurer", "employer", "plan", "group", "medical", "benefits", "health", "mental",
               "screening", "dental", "optical", "wellness", "specialist", "where", "how", "when"}


@dataclass(frozen=True)
class Entities:
    """What the question names. ``None`` means not mentioned."""

    category: str | None = None
    status: str | None = None
    year: int | None = None
    start: date | None = None
    end: date | None = None
    claim_id: str | None = None
    metric: str | None = None  # "sum" | "count" | "avg"
    field: str = "amount_claimed"
    latest: bool = False
    third_party: str | None = None  # the phrase that points at someone else

    def merged_with(self, earlier: Entities) -> Entities:
        """Fill what this (follow-up) question leaves out from an earlier question."""
        return replace(earlier, **{k: v for k, v in self.__dict__.items()
                                   if v not in (None, False, "amount_claimed")})


def extract(question: str, own_email: str = "", own_employee_id: str = "",
            today: date = AS_OF) -> Entities:
    """Parse a question into entities."""
    text = question.strip()
    low = text.lower()
    category = next((code for code, rx in _CATEGORY_RES.items() if rx.search(text)), None)
    # "amount approved" names the measured field, not a status filter.
    status_text = re.sub(r"amounts? approved|approved amounts?", "", low)
    status = next((s for s, rx in _STATUS_WORDS.items() if re.search(rx, status_text)), None)
    year, start, end = _period(low, today)
    claim = CLAIM_ID_RE.search(text)
    return Entities(
        category=category,
        status=status,
        year=year,
        start=start,
        end=end,
        claim_id=claim.group(0).upper() if claim else None,
        metric=_metric(low),
        field="amount_approved" if re.search(r"approved|reimbursed|paid (?:out|back)|got back", low)
        and not re.search(r"how many", low) else "amount_claimed",
        latest=bool(re.search(r"\b(?:latest|last|most recent|newest|recent)\b(?! year)", low)),
        third_party=third_party(text, own_email, own_employee_id),
    )


def third_party(text: str, own_email: str = "", own_employee_id: str = "") -> str | None:
    """The phrase that makes this a question about someone other than the signed-in user."""
    for email in EMAIL_RE.findall(text):
        if email.lower() != own_email.lower():
            return email
    for emp in EMPLOYEE_ID_RE.findall(text):
        if emp.upper() != own_employee_id.upper():
            return emp
    if match := _THIRD_PARTY_RE.search(text):
        return match.group(0)
    for match in _NAME_RE.finditer(text):
        name = match.group(1) or match.group(2)
        if not any(word.lower() in _NOT_PEOPLE for word in name.split()):
            return name
    return None


def _period(low: str, today: date) -> tuple[int | None, date | None, date | None]:
    month = _MONTH_RE.search(low)
    years = [int(y) for y in re.findall(r"\b(20\d\d)\b", low)]
    if month:
        m = _MONTHS.index(month.group(1).lower()) + 1
        y = int(month.group(2)) if month.group(2) else (years[0] if years else today.year)
        return y, date(y, m, 1), date(y, m, monthrange(y, m)[1])
    if years:
        return years[0], None, None
    if re.search(r"\b(?:this|current) (?:benefit )?year\b|\bso far\b|\byear to date\b|\bytd\b", low):
        return today.year, None, None
    if re.search(r"\b(?:last|previous) (?:benefit )?year\b", low):
        return today.year - 1, None, None
    return None, None, None


def _metric(low: str) -> str | None:
    if re.search(r"\bhow many\b|\bnumber of\b|\bcount\b", low):
        return "count"
    if re.search(r"\baverage\b|\bavg\b|\bmean\b|\btypical\b", low):
        return "avg"
    if re.search(r"\btotal\b|\bsum\b|\baltogether\b|\bin all\b|how much (?:have|did) i (?:claim|spen[dt]|get)", low):
        return "sum"
    return None
