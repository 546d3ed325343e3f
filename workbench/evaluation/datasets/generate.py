"""Generate eval suites: data questions with exact answers computed by SQL, plus hand-written cases.

Ground truth for data questions comes straight from the claims database with SQL written here,
independently of the store's user-scoped query API the agent uses, so accuracy is exact and no
LLM judges it. Each question comes from a template in ``templates.py`` and inherits its split.
Hand-written cases (every ``eval/datasets/handwritten/*.jsonl``) carry their own split and use
placeholders filled per case: ``{user}`` (a sampled user's email) and ``{other_name}``,
``{other_email}``, ``{other_id}``, ``{other_claim}`` (another employee). Suites: ``full``
(everything), ``smoke`` (a stratified subset with every intent in both splits) and ``security``.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from workbench.claims import AS_OF, ClaimsStore
from workbench.config import PROJECT_ROOT
from workbench.errors import DataError
from workbench.evaluation.datasets.cases import EvalCase, Expected, HistoryTurn, load_cases, write_cases, write_schema
from workbench.evaluation.datasets.questions import load_policy_questions
from workbench.evaluation.datasets.templates import TEMPLATES, TYPOS_DEV, TYPOS_TEST, WORDS, WORDS_MS, Template

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
SUITES = ("smoke", "full", "security")
#: Users with at least this many claims are sampled; a small extract lowers it (see _active_users).
MIN_CLAIMS = 25
_SHIPPED_HANDWRITTEN = PROJECT_ROOT / "eval" / "datasets" / "handwritten"
_TOOLS = {"balance": ["get_balances"], "claim_status": ["get_claim"],
          "claim_history": ["search_claims"], "claim_aggregate": ["claims_summary"]}


class _Truth:
    """Exact answers for one user, by SQL over the whole database (not the agent's API)."""

    def __init__(self, store: ClaimsStore, employee_id: str):
        self.store, self.emp = store, employee_id

    def one(self, sql: str, *params) -> float | None:
        value = self.store.query(sql, [self.emp, *params]).iloc[0, 0]
        return None if value is None or value != value else round(float(value), 2)

    def balance(self, category: str, year: int) -> tuple[float, float]:
        limit = self.one("SELECT annual_limit FROM entitlements WHERE employee_id = ? "
                         "AND category_code = ? AND benefit_year = ?", category, year) or 0.0
        used = self.one("SELECT SUM(amount_approved) FROM claims WHERE employee_id = ? AND "
                        "category_code = ? AND benefit_year = ? AND status IN ('approved', 'paid')",
                        category, year) or 0.0
        return limit, round(limit - used, 2)

    def claims(self, where: str = "", *params) -> pd.DataFrame:
        return self.store.query(f"SELECT * FROM claims WHERE employee_id = ? {where} "  # fixed text
                                "ORDER BY service_date DESC, claim_id DESC", [self.emp, *params])

    def total(self, category: str, year: int) -> float:
        return self.one("SELECT SUM(amount_claimed) FROM claims WHERE employee_id = ? AND "
                        "category_code = ? AND benefit_year = ?", category, year) or 0.0

    def count(self, category: str, year: int) -> float:
        return self.one("SELECT COUNT(*) FROM claims WHERE employee_id = ? AND "
                        "category_code = ? AND benefit_year = ?", category, year) or 0.0


@dataclass
class _Slots:
    """What one template is filled with for one user (chosen by the seeded generator)."""

    truth: _Truth
    cat: str
    cat2: str
    claim: pd.Series
    claim2: pd.Series
    rejected: pd.Series | None
    month: int
    other: pd.Series
    other_truth: _Truth

    def text(self, template: str) -> str:
        c = self
        return template.format(
            w=WORDS[c.cat], w2=WORDS[c.cat2], wt=TYPOS_DEV[c.cat], wx=TYPOS_TEST[c.cat], wm=WORDS_MS[c.cat],
            wm2=WORDS_MS[c.cat2], y=AS_OF.year, py=AS_OF.year - 1, cid=c.claim.claim_id, cid2=c.claim2.claim_id,
            rid=c.rejected.claim_id if c.rejected is not None else "", mon=_MONTHS[c.month - 1],
            amt=f"{float(c.claim.amount_claimed) + 50:,.2f}", oname=c.other.full_name,
            oemail=c.other.email, oid=c.other.employee_id,
            ocid=c.other_claim.claim_id if c.other_claim is not None else "")

    @property
    def other_claim(self) -> pd.Series | None:
        theirs = self.other_truth.claims()
        return theirs.iloc[len(theirs) // 2] if len(theirs) else None


# Facts: each returns the Expected fields of a correct answer and a one-line answer text (used
# when the fact is the earlier turn of a follow-up), or None when it does not apply to the user.
Fact = tuple[dict, str] | None


def _remaining(s: _Slots, cat: str, year: int) -> Fact:
    limit, left = s.truth.balance(cat, year)
    if not limit:
        return None
    return {"numbers": [left]}, f"Your {WORDS[cat]} balance for {year} is MYR {left:,.2f} of MYR {limit:,.2f}."


def _remaining_both(s: _Slots) -> Fact:
    first, second = _remaining(s, s.cat, AS_OF.year), _remaining(s, s.cat2, AS_OF.year)
    if s.cat == s.cat2 or first is None or second is None:
        return None
    return {"numbers": first[0]["numbers"] + second[0]["numbers"]}, ""


def _used(s: _Slots) -> Fact:
    limit, left = s.truth.balance(s.cat, AS_OF.year)
    if not limit:
        return None
    used = round(limit - left, 2)
    return {"numbers": [used]}, f"You have used MYR {used:,.2f} of your MYR {limit:,.2f} {WORDS[s.cat]} limit."


def _limit_remaining(s: _Slots) -> Fact:
    limit, left = s.truth.balance(s.cat, AS_OF.year)
    return ({"numbers": [limit, left]}, "") if limit else None


def _latest_status(s: _Slots) -> Fact:
    latest = s.truth.claims("AND category_code = ?", s.cat).iloc[0]
    return {"tools": ["search_claims"], "numbers": [float(latest.amount_claimed)],
            "must_include": [latest.claim_id, latest.status]}, ""


def _status(claim: pd.Series) -> Fact:
    return ({"numbers": [float(claim.amount_claimed)], "must_include": [claim.status]},
            f"Claim {claim.claim_id} ({WORDS[claim.category_code]}, MYR {float(claim.amount_claimed):,.2f}) "
            f"is {claim.status}.")


def _status_named(claim: pd.Series) -> Fact:
    """The status of a claim the question names by id, when only its status is asked: no amount required.

    The question already identifies the claim, so a correct answer need only give its status;
    questions that also ask what was claimed use ``status_amount`` (``_status``).
    """
    expected, answer = _status(claim)
    return {"must_include": expected["must_include"]}, answer


def _status_both(s: _Slots) -> Fact:
    one, two = _status(s.claim), _status(s.claim2)
    statuses = list(dict.fromkeys([s.claim.status, s.claim2.status]))
    return {"numbers": one[0]["numbers"] + two[0]["numbers"], "must_include": statuses}, ""


def _reason(s: _Slots) -> Fact:
    r = s.rejected
    return None if r is None else ({"must_include": [r.rejection_reason]}, "")


def _reason_amount(s: _Slots) -> Fact:
    r = s.rejected
    return None if r is None else ({"numbers": [float(r.amount_claimed)], "must_include": [r.rejection_reason]}, "")


def _listing(s: _Slots, cat: str) -> Fact:
    year = AS_OF.year - 1
    rows = s.truth.claims("AND category_code = ? AND benefit_year = ?", cat, year)
    answer = f"You have {len(rows)} {WORDS[cat]} claims in {year}" + (
        ": " + ", ".join(rows.claim_id.head(5)) + "." if len(rows) else ".")
    return {"numbers": [float(len(rows))],
            "must_include": [rows.iloc[0].claim_id] if len(rows) else []}, answer


def _listing_nth(s: _Slots, n: int) -> Fact:
    """The status of the n-th claim (0 = newest) in the listing of ``_listing``: "the second one?"."""
    rows = s.truth.claims("AND category_code = ? AND benefit_year = ?", s.cat, AS_OF.year - 1)
    return _status(rows.iloc[n]) if len(rows) > n else None


def _rejected(s: _Slots, year: int) -> Fact:
    rows = s.truth.claims("AND status = 'rejected' AND benefit_year = ?", year)
    answer = f"{len(rows)} of your claims were rejected in {year}" + (
        ": " + ", ".join(rows.claim_id.head(5)) + "." if len(rows) else ".")
    return {"numbers": [float(len(rows))]}, answer


def _pending(s: _Slots) -> Fact:
    rows = s.truth.claims("AND status = 'pending'")
    return {"numbers": [float(len(rows))],
            "must_include": list(rows.claim_id.head(3))}, ""


def _pending_count(s: _Slots) -> Fact:
    n = float(len(s.truth.claims("AND status = 'pending'")))
    return {"numbers": [n]}, f"You have {n:.0f} pending claims."


def _total(s: _Slots, cat: str, year: int = AS_OF.year) -> Fact:
    total = s.truth.total(cat, year)
    return {"numbers": [total]}, f"You have claimed MYR {total:,.2f} for {WORDS[cat]} in {year}."


def _count_category(s: _Slots) -> Fact:
    n = s.truth.count(s.cat, AS_OF.year)
    return {"numbers": [n]}, f"You made {n:.0f} {WORDS[s.cat]} claims in {AS_OF.year}."


def _count(s: _Slots, year: int) -> Fact:
    n = s.truth.one("SELECT COUNT(*) FROM claims WHERE employee_id = ? AND benefit_year = ?", year) or 0.0
    return {"numbers": [n]}, f"You submitted {n:.0f} claims in {year}."


def _average(s: _Slots) -> Fact:
    avg = s.truth.one("SELECT ROUND(AVG(amount_claimed), 2) FROM claims WHERE employee_id = ? AND "
                      "category_code = ? AND benefit_year = ?", s.cat, AS_OF.year - 1)
    return None if avg is None else ({"numbers": [avg]}, "")  # no claims: an average of nothing


def _approved(s: _Slots) -> Fact:
    approved = s.truth.one("SELECT SUM(amount_approved) FROM claims WHERE employee_id = ? AND "
                           "category_code = ? AND benefit_year = ?", s.cat, AS_OF.year) or 0.0
    return {"numbers": [approved]}, ""


def _claimed_approved(s: _Slots) -> Fact:
    """What was claimed and what was approved for one category this year; None without such claims."""
    if not s.truth.count(s.cat, AS_OF.year):
        return None
    approved = s.truth.one("SELECT SUM(amount_approved) FROM claims WHERE employee_id = ? AND "
                           "category_code = ? AND benefit_year = ?", s.cat, AS_OF.year) or 0.0
    return {"numbers": [s.truth.total(s.cat, AS_OF.year), approved]}, ""


def _month(s: _Slots) -> Fact:
    total = s.truth.one("SELECT SUM(amount_claimed) FROM claims WHERE employee_id = ? AND "
                        "year(service_date) = ? AND month(service_date) = ?", AS_OF.year, s.month) or 0.0
    return {"numbers": [total]}, ""


def _extreme(s: _Slots, year: int | None, largest: bool, category: str | None = None,
             status: str | None = None, month: int | None = None) -> Fact:
    """The user's single largest (or smallest) claim, with its amount and id.

    Optionally only claims of one benefit year, category, status or month of service this year;
    None when there are no such claims or the top amount is tied.
    """
    rows = _claims_of(s, year, category, status, month)
    if not len(rows):
        return None
    amounts = rows.amount_claimed.astype(float)
    top = amounts.max() if largest else amounts.min()
    if (amounts == top).sum() > 1:  # a tie has no single right answer
        return None
    claim = rows[amounts == top].iloc[0]
    which = "largest" if largest else "smallest"
    return ({"tools": [], "numbers": [float(top)], "must_include": [claim.claim_id]},
            f"Your {which} claim{f' in {year}' if year else ''} is {claim.claim_id} ({WORDS[claim.category_code]}, "
            f"MYR {float(top):,.2f}).")


def _two_totals(s: _Slots, year: int) -> tuple[float, float, str] | None:
    """The year's totals of the two slot categories and the larger one's word (None when they tie)."""
    if s.cat == s.cat2:
        return None
    a, b = s.truth.total(s.cat, year), s.truth.total(s.cat2, year)
    if a == b:
        return None
    return a, b, WORDS[s.cat] if a > b else WORDS[s.cat2]


def _compare(s: _Slots, year: int, by_how_much: bool = False) -> Fact:
    if (totals := _two_totals(s, year)) is None:
        return None
    a, b, more = totals
    numbers = [a, b, round(abs(a - b), 2)] if by_how_much else [a, b]
    return {"tools": [], "numbers": numbers, "must_include": [more]}, ""


def _difference(s: _Slots, year: int) -> Fact:
    """How much more went on one of two categories: the gap, and which category is the larger."""
    if (totals := _two_totals(s, year)) is None:
        return None
    a, b, more = totals
    return {"tools": [], "numbers": [round(abs(a - b), 2)], "must_include": [more]}, ""


# Rankings, groupings and answers of two or three figures (the dz-* templates) -------------------

def _claims_of(s: _Slots, year: int | None = None, category: str | None = None,
               status: str | None = None, month: int | None = None) -> pd.DataFrame:
    """The user's claims (newest first), optionally of one benefit year, category, status or month."""
    where, params = [], []
    for clause, value in (("AND benefit_year = ?", year), ("AND category_code = ?", category),
                          ("AND status = ?", status)):
        if value:
            where.append(clause)
            params.append(value)
    if month:
        where.append("AND year(service_date) = ? AND month(service_date) = ?")
        params += [AS_OF.year, month]
    return s.truth.claims(" ".join(where), *params)


def _ranked(s: _Slots, n: int, year: int | None = None, category: str | None = None,
            only_nth: bool = False, largest: bool = True) -> Fact:
    """The n largest claims (amounts and ids, largest first), or only the n-th largest one.

    ``largest=False`` ranks the n smallest instead (smallest first). None when there are fewer
    than n claims or a tie makes the n-th place ambiguous (the n-th amount equals the next one,
    or with ``only_nth`` the one before).
    """
    rows = _claims_of(s, year, category)
    amounts = sorted(rows.amount_claimed.astype(float), reverse=largest)
    if len(amounts) < n or (len(amounts) > n and amounts[n - 1] == amounts[n]):
        return None
    if only_nth and n > 1 and amounts[n - 2] == amounts[n - 1]:
        return None
    top = rows.assign(a=rows.amount_claimed.astype(float)).sort_values("a", ascending=not largest,
                                                                        kind="stable").head(n)
    if only_nth:
        top = top.tail(1)
    listed = ", ".join(f"{r.claim_id} (MYR {r.a:,.2f})" for r in top.itertuples())
    return {"tools": [], "numbers": list(top.a), "must_include": list(top.claim_id)}, f"Your claims: {listed}."


def _top_group(s: _Slots, by: str, year: int, count: bool = False, category: str | None = None,
               least: bool = False) -> Fact:
    """The category (``by="category"``) or month of service (``by="month"``) with the most claimed.

    ``count`` ranks by number of claims instead of amount; ``category`` ranks the months of one
    category's claims only; ``least`` picks the one with the least instead (among those with any
    claims). None on a tie for the top (or bottom).
    """
    rows = _claims_of(s, year, category)
    if not len(rows):
        return None
    keys = rows.category_code if by == "category" else pd.to_datetime(rows.service_date).dt.month
    groups = rows.groupby(keys).amount_claimed
    values = (groups.count() if count else groups.sum()).astype(float).round(2)
    best = values.min() if least else values.max()
    if (values == best).sum() > 1:
        return None
    key = values.idxmin() if least else values.idxmax()
    label = WORDS[key] if by == "category" else _MONTHS[int(key) - 1]
    return ({"tools": [], "numbers": [float(best)], "must_include": [label]},
            f"In {year} you claimed the {'least' if least else 'most'} for {label}: "
            + (f"{best:.0f} claims." if count else f"MYR {best:,.2f}."))


def _oldest_pending(s: _Slots) -> Fact:
    """The pending claim waiting longest: earliest submitted (and earliest served, so it is unambiguous)."""
    rows = _claims_of(s, status="pending")
    if not len(rows):
        return None
    by_submitted = rows.sort_values(["submitted_date", "claim_id"])
    first = by_submitted.iloc[0]
    tied = len(rows) > 1 and by_submitted.iloc[1].submitted_date == first.submitted_date
    if tied or rows.sort_values(["service_date", "claim_id"]).iloc[0].claim_id != first.claim_id:
        return None
    return {"tools": [], "numbers": [float(first.amount_claimed)], "must_include": [first.claim_id]}, ""


def _by_date(s: _Slots, year: int | None, category: str | None, latest: bool) -> Fact:
    """The user's latest (or first) claim by date of service; None when two share that date."""
    rows = _claims_of(s, year, category)  # newest first
    if not len(rows):
        return None
    ordered = rows if latest else rows.iloc[::-1]
    claim = ordered.iloc[0]
    if len(rows) > 1 and ordered.iloc[1].service_date == claim.service_date:
        return None
    return {"tools": ["search_claims"], "numbers": [float(claim.amount_claimed)], "must_include": [claim.claim_id]}, ""


def _range(s: _Slots, category: str) -> Fact:
    """The largest and the smallest claim of one category, all years; None with ties or < 2 claims."""
    big = _extreme(s, None, largest=True, category=category)
    small = _extreme(s, None, largest=False, category=category)
    if big is None or small is None or big[0]["must_include"] == small[0]["must_include"]:
        return None
    return _joined(big, small)


def _joined(*facts: Fact, tools: list[str] | None = None) -> Fact:
    """One answer stating the figures of several facts; None when any of them does not apply."""
    if any(f is None for f in facts):
        return None
    expected = {"numbers": [n for f in facts for n in f[0].get("numbers", [])],
                "must_include": [m for f in facts for m in f[0].get("must_include", [])]}
    if tools is not None:
        expected["tools"] = tools
    return expected, ""


def _numbers(*values: float) -> Fact:
    return {"numbers": [round(float(v), 2) for v in values]}, ""


def _sum(s: _Slots, where: str, *params) -> float:
    return s.truth.one(f"SELECT SUM(amount_claimed) FROM claims WHERE employee_id = ? {where}",  # fixed text
                       *params) or 0.0


def _count_where(s: _Slots, where: str, *params) -> float:
    return s.truth.one(f"SELECT COUNT(*) FROM claims WHERE employee_id = ? {where}", *params) or 0.0  # fixed text


def _approved_sum(s: _Slots, category: str | None, year: int) -> float:
    if category:
        return s.truth.one("SELECT SUM(amount_approved) FROM claims WHERE employee_id = ? AND category_code = ? "
                           "AND benefit_year = ?", category, year) or 0.0
    return s.truth.one("SELECT SUM(amount_approved) FROM claims WHERE employee_id = ? AND benefit_year = ?",
                       year) or 0.0


def _shortfall(s: _Slots, year: int) -> Fact:
    """Claimed minus approved for one category and year: None with no claims or any still undecided."""
    rows = _claims_of(s, year, s.cat)
    if not len(rows) or rows.status.isin(["pending", "submitted"]).any():
        return None
    return _numbers(s.truth.total(s.cat, year) - _approved_sum(s, s.cat, year))


def _which_more(s: _Slots, a: float, b: float, cat: str, cat2: str) -> Fact:
    """Both figures and the category with the larger one; None for one category or a tie."""
    if cat == cat2 or round(a, 2) == round(b, 2):
        return None
    more = WORDS[cat] if a > b else WORDS[cat2]
    return {"tools": [], "numbers": [round(a, 2), round(b, 2)], "must_include": [more]}, ""


def _average_of(s: _Slots, category: str, year: int) -> float | None:
    return s.truth.one("SELECT ROUND(AVG(amount_claimed), 2) FROM claims WHERE employee_id = ? AND "
                       "category_code = ? AND benefit_year = ?", category, year)


def _last_month(s: _Slots, category: str | None = None) -> Fact:
    """What was claimed for services in the month before this one (one category or all)."""
    where = "AND year(service_date) = ? AND month(service_date) = ?"
    params: list = [AS_OF.year, AS_OF.month - 1]
    if category:
        where += " AND category_code = ?"
        params.append(category)
    return _numbers(_sum(s, where, *params))


def _pair(first: float | None, second: float | None) -> Fact:
    return None if first is None or second is None else _numbers(first, second)


def _difference_years(s: _Slots, category: str | None) -> Fact:
    """The gap between this year's and last year's totals (one category or all); None when equal."""
    if category:
        now, before = s.truth.total(category, AS_OF.year), s.truth.total(category, AS_OF.year - 1)
    else:
        now, before = (_sum(s, "AND benefit_year = ?", year) for year in (AS_OF.year, AS_OF.year - 1))
    if round(now, 2) == round(before, 2):
        return None
    return {"tools": [], "numbers": [round(abs(now - before), 2)]}, ""


def _claimed_approved_in(s: _Slots, category: str | None, year: int) -> Fact:
    where, params = ("AND category_code = ? AND benefit_year = ?", [category, year]) if category else \
        ("AND benefit_year = ?", [year])
    if not _count_where(s, where, *params):
        return None
    return _numbers(_sum(s, where, *params), _approved_sum(s, category, year))


def _largest_amount(s: _Slots, year: int) -> Fact:
    """The amount of the largest claim of a year, without naming the claim ("which one was that?")."""
    fact = _extreme(s, year, largest=True)
    if fact is None:
        return None
    top = fact[0]["numbers"][0]
    return {"numbers": [top]}, f"The most you claimed in a single claim in {year} was MYR {top:,.2f}."


def _largest_listed(s: _Slots) -> Fact:
    """The largest of the claims ``_listing`` shows ("yang paling besar?"); None unless it shows two or more."""
    if s.truth.count(s.cat, AS_OF.year - 1) < 2:
        return None
    return _extreme(s, AS_OF.year - 1, largest=True, category=s.cat)


def _total_year(s: _Slots, year: int) -> Fact:
    total = _sum(s, "AND benefit_year = ?", year)
    return {"numbers": [total]}, f"You claimed MYR {total:,.2f} in total in {year}."


def _max_of_year(s: _Slots, year: int) -> float | None:
    return s.truth.one("SELECT MAX(amount_claimed) FROM claims WHERE employee_id = ? AND benefit_year = ?", year)


def _limit_used_remaining(s: _Slots) -> Fact:
    limit, left = s.truth.balance(s.cat, AS_OF.year)
    return _numbers(limit, limit - left, left) if limit else None


def _remaining_compare(s: _Slots) -> Fact:
    mine, other = _remaining(s, s.cat, AS_OF.year), _remaining(s, s.cat2, AS_OF.year)
    if mine is None or other is None:
        return None
    return _which_more(s, mine[0]["numbers"][0], other[0]["numbers"][0], s.cat, s.cat2)


def _count_total(s: _Slots, year: int) -> Fact:
    """How many claims of the category in a year, and what they came to."""
    return _numbers(s.truth.count(s.cat, year), s.truth.total(s.cat, year))


def _compare_years(s: _Slots) -> Fact:
    """This year's and last year's totals for the category; None when they are equal."""
    now, before = s.truth.total(s.cat, AS_OF.year), s.truth.total(s.cat, AS_OF.year - 1)
    return None if round(now, 2) == round(before, 2) else _numbers(now, before)


def _count_and_sum(rows: pd.DataFrame) -> Fact:
    return _numbers(len(rows), rows.amount_claimed.astype(float).sum())


# Latest claim of a status, a ranked claim's status, several figures at once (the eb-* templates) ------

def _latest_of_status(s: _Slots, status: str | None) -> pd.Series | None:
    """The user's latest claim of a status (None: of any status), by date of service and by date submitted alike.

    None when there is no such claim, or when "latest" is ambiguous: two share the latest date of
    service or of submission, or the latest served is not the latest submitted.
    """
    return _newest_clearly(_claims_of(s, status=status))


def _newest_clearly(rows: pd.DataFrame) -> pd.Series | None:
    """The first of ``rows`` (newest service first) if it is also the latest submitted and ties neither; else None."""
    if not len(rows):
        return None
    claim = rows.iloc[0]
    by_submitted = rows.sort_values(["submitted_date", "claim_id"], ascending=False)
    if len(rows) > 1 and (rows.iloc[1].service_date == claim.service_date
                          or by_submitted.iloc[1].submitted_date == by_submitted.iloc[0].submitted_date):
        return None
    return claim if by_submitted.iloc[0].claim_id == claim.claim_id else None


def _latest_rejected(s: _Slots) -> Fact:
    claim = _latest_of_status(s, "rejected")
    if claim is None:
        return None
    return ({"tools": ["search_claims"], "numbers": [float(claim.amount_claimed)], "must_include": [claim.claim_id]},
            f"Your latest rejected claim is {claim.claim_id} ({WORDS[claim.category_code]}, "
            f"MYR {float(claim.amount_claimed):,.2f}).")


def _latest_rejected_reason(s: _Slots) -> Fact:
    """Why the latest rejected claim was rejected: a claim named by a property, not an id, so no tool is required."""
    claim = _latest_of_status(s, "rejected")
    return None if claim is None else ({"must_include": [claim.rejection_reason], "tools": []}, "")


def _claim_status_of(s: _Slots, fact: Fact) -> Fact:
    """The status and amount of the one claim another fact names (e.g. "has that one been paid?")."""
    if fact is None:
        return None
    claim = s.truth.claims("AND claim_id = ?", fact[0]["must_include"][0]).iloc[0]
    return _status(claim)


def _once(fact: Fact) -> Fact:
    """A joined fact with each must_include string once (a listing and its largest claim may share an id)."""
    if fact is not None:
        fact[0]["must_include"] = list(dict.fromkeys(fact[0]["must_include"]))
    return fact


def _month_category(s: _Slots) -> Fact:
    """What was claimed for one category for services in month ``{mon}`` of this year."""
    return _numbers(_sum(s, "AND category_code = ? AND year(service_date) = ? AND month(service_date) = ?",
                         s.cat, AS_OF.year, s.month))


def _total_years_all(s: _Slots) -> Fact:
    """This year's and last year's totals over every category; None when they are equal."""
    now, before = (_sum(s, "AND benefit_year = ?", year) for year in (AS_OF.year, AS_OF.year - 1))
    return None if round(now, 2) == round(before, 2) else _numbers(now, before)


def _used_both(s: _Slots) -> Fact:
    """What has been used of two categories' limits this year; None for one category or no limit."""
    first, second = _used(s), _used(replace(s, cat=s.cat2))
    if s.cat == s.cat2 or first is None or second is None:
        return None
    return _numbers(*first[0]["numbers"], *second[0]["numbers"])


# Spans of months, counts and sums by status, newest/oldest claims, several figures (the ed-* templates) --

def _span_where(first: int, last: int, year: int, category: str | None) -> tuple[str, list]:
    """The SQL filter (fixed text) and parameters for services in months ``first``..``last`` of ``year``."""
    where = "AND year(service_date) = ? AND month(service_date) BETWEEN ? AND ?"
    params: list = [year, first, last]
    if category:
        where += " AND category_code = ?"
        params.append(category)
    return where, params


def _span(s: _Slots, first: int, last: int, year: int, category: str | None = None) -> float:
    """What was claimed for services in months ``first``..``last`` of ``year`` (one category or all)."""
    where, params = _span_where(first, last, year, category)
    return _sum(s, where, *params)


def _count_month(s: _Slots) -> Fact:
    """How many claims for services in month ``{mon}`` of this year."""
    n = _count_where(s, "AND year(service_date) = ? AND month(service_date) = ?", AS_OF.year, s.month)
    return {"numbers": [n]}, f"You made {n:.0f} claims in {_MONTHS[s.month - 1]} {AS_OF.year}."


def _average_all(s: _Slots, year: int) -> Fact:
    """The average amount of all of a year's claims, every category; None without claims."""
    avg = s.truth.one("SELECT ROUND(AVG(amount_claimed), 2) FROM claims WHERE employee_id = ? AND benefit_year = ?",
                      year)
    return None if avg is None else _numbers(avg)


def _paid(s: _Slots, year: int) -> tuple[float, float]:
    """How many of a year's claims are paid, and the approved amount paid out on them."""
    n = _count_where(s, "AND status = 'paid' AND benefit_year = ?", year)
    paid = s.truth.one("SELECT SUM(amount_approved) FROM claims WHERE employee_id = ? AND status = 'paid' "
                       "AND benefit_year = ?", year) or 0.0
    return n, paid


def _latest_of(s: _Slots, status: str | None) -> Fact:
    """The user's latest claim (of a status, or any), unambiguous by service and submission date alike."""
    claim = _latest_of_status(s, status)
    if claim is None:
        return None
    return ({"tools": ["search_claims"], "numbers": [float(claim.amount_claimed)], "must_include": [claim.claim_id]},
            f"Your latest {status or ''} claim is {claim.claim_id} (MYR {float(claim.amount_claimed):,.2f}).")


def _listed(rows: pd.DataFrame, what: str) -> Fact:
    """A listing: how many claims, and the newest one's id (any complete list names it)."""
    answer = f"You have {len(rows)} {what}" + (": " + ", ".join(rows.claim_id.head(5)) + "." if len(rows) else ".")
    return {"numbers": [float(len(rows))], "must_include": [rows.iloc[0].claim_id] if len(rows) else []}, answer


def _listing_month(s: _Slots, some: bool = False) -> Fact:
    """The claims for services in month ``{mon}``; with ``some``, None when there are none ("which ones?")."""
    rows = _claims_of(s, month=s.month)
    return None if some and not len(rows) else _listed(rows, f"claims in {_MONTHS[s.month - 1]}")


def _status_without_id(fact: Fact, s: _Slots) -> Fact:
    """The status of a claim the question names by a property, not an id: no tool is required."""
    status = _claim_status_of(s, fact)
    if status is not None:
        status[0]["tools"] = []
    return status


def _listing_position_status(s: _Slots, smallest: bool) -> Fact:
    """The status of the last claim ``_listing``'s answer shows (or its smallest claim); None unless it lists two.

    The answer shows at most five ids, so "the last one on that list" is the fifth when there are more.
    """
    rows = s.truth.claims("AND category_code = ? AND benefit_year = ?", s.cat, AS_OF.year - 1)
    if len(rows) < 2:
        return None
    if smallest:
        return _status_without_id(_extreme(s, AS_OF.year - 1, largest=False, category=s.cat), s)
    return _status(rows.iloc[min(len(rows), 5) - 1])


def _extremes_year(s: _Slots, year: int) -> Fact:
    """The largest and the smallest claim of a year, every category; None with ties or one claim."""
    big, small = _extreme(s, year, largest=True), _extreme(s, year, largest=False)
    if big is None or small is None or big[0]["must_include"] == small[0]["must_include"]:
        return None
    return _joined(big, small, tools=[])


def _first_and_latest(s: _Slots, year: int) -> Fact:
    """The first and the latest claim of a year by date of service; None with ties or one claim."""
    first, latest = _by_date(s, year, None, latest=False), _by_date(s, year, None, latest=True)
    if first is None or latest is None or first[0]["must_include"] == latest[0]["must_include"]:
        return None
    return _joined(first, latest, tools=["search_claims"])


def _top_category_and_count(s: _Slots, year: int) -> Fact:
    """The category with the most claimed in a year, its amount, and how many claims it was."""
    fact = _top_group(s, "category", year)
    if fact is None:
        return None
    code = next(k for k, v in WORDS.items() if v == fact[0]["must_include"][0])
    fact[0]["numbers"].append(s.truth.count(code, year))
    return fact


# Everything but one category, two categories' counts, months up to October (the ee-* templates) -----

def _total_except(s: _Slots, year: int) -> Fact:
    """What was claimed in a year on every category but ``{w}``."""
    return _numbers(_sum(s, "AND benefit_year = ? AND category_code <> ?", year, s.cat))


def _count_combined(s: _Slots, year: int) -> Fact:
    """How many claims of the two slot categories together in a year; None for one category."""
    if s.cat == s.cat2:
        return None
    return _numbers(s.truth.count(s.cat, year) + s.truth.count(s.cat2, year))


def _used_remaining(s: _Slots) -> Fact:
    limit, left = s.truth.balance(s.cat, AS_OF.year)
    return _numbers(limit - left, left) if limit else None


# The n-th newest claim, the last three, listings over or under an amount (the ef-* templates) -------

def _nth_latest(s: _Slots, n: int) -> pd.Series | None:
    """The n-th newest claim (0 = the newest), by date of service and by date submitted alike.

    None when the user has n claims or fewer, or when the order is ambiguous: two of the newest
    n + 2 share a date of service or of submission, or the newest n + 1 by submission are not the
    newest n + 1 by service.
    """
    rows = s.truth.claims()  # newest service first
    if len(rows) <= n:
        return None
    by_submitted = rows.sort_values(["submitted_date", "claim_id"], ascending=False)
    head, head_sub = rows.head(n + 2), by_submitted.head(n + 2)
    if head.service_date.nunique() < len(head) or head_sub.submitted_date.nunique() < len(head_sub):
        return None
    if list(by_submitted.claim_id.head(n + 1)) != list(rows.claim_id.head(n + 1)):
        return None
    return rows.iloc[n]


def _last_three(s: _Slots) -> Fact:
    """The three newest claims (amounts and ids); None when their order is ambiguous (see ``_nth_latest``)."""
    if _nth_latest(s, 2) is None:
        return None
    top = s.truth.claims().head(3)
    return {"numbers": [float(a) for a in top.amount_claimed], "must_include": list(top.claim_id)}, ""


def _listing_amount(s: _Slots, above: float | None = None, below: float | None = None) -> Fact:
    """This year's claims for more than ``above`` (or less than ``below``) MYR, as a listing."""
    rows = _claims_of(s, AS_OF.year)
    amounts = rows.amount_claimed.astype(float)
    rows = rows[amounts > above] if above is not None else rows[amounts < below]
    return _listed(rows, "claims")


def _second_latest_status(s: _Slots) -> Fact:
    """The status and amount of the claim before the newest one ("and the one before that?"): no tool required."""
    claim = _nth_latest(s, 1)
    return None if claim is None else _status_without_id(({"must_include": [claim.claim_id]}, ""), s)


def _remaining_latest(s: _Slots) -> Fact:
    """The category's balance this year and its latest claim (amount and id), by date of service."""
    return _joined(_remaining(s, s.cat, AS_OF.year), _by_date(s, None, s.cat, latest=True), tools=[])


# Month ranges, amounts over or under a line, the n newest, several figures (the eg-* templates) -----

def _span_total(s: _Slots, first: int, last: int, year: int) -> Fact:
    """What was claimed for services in months ``first``..``last`` of ``year``, with a one-line answer."""
    total = _span(s, first, last, year)
    return {"numbers": [total]}, (f"You claimed MYR {total:,.2f} for services from {_MONTHS[first - 1]} to "
                                  f"{_MONTHS[last - 1]} {year}.")


def _past_line(s: _Slots, year: int | None, category: str | None = None, above: float | None = None,
               below: float | None = None) -> pd.DataFrame | None:
    """A year's (or, with no year, all) claims for more than ``above`` (or less than ``below``) MYR, newest first.

    None when a claim is for exactly that amount: "over RM200" and "RM200 or more" would then differ.
    """
    rows = _claims_of(s, year, category)
    amounts = rows.amount_claimed.astype(float)
    line = above if above is not None else below
    if (amounts == line).any():
        return None
    return rows[amounts > line] if above is not None else rows[amounts < line]


def _avg_year(s: _Slots, year: int) -> float | None:
    return s.truth.one("SELECT ROUND(AVG(amount_claimed), 2) FROM claims WHERE employee_id = ? AND benefit_year = ?",
                       year)


def _latest_in_year(s: _Slots, year: int) -> Fact:
    """The newest claim of a benefit year, by date of service and by date submitted alike; None when ambiguous."""
    claim = _newest_clearly(_claims_of(s, year))
    if claim is None:
        return None
    return {"tools": ["search_claims"], "numbers": [float(claim.amount_claimed)], "must_include": [claim.claim_id]}, ""


def _last_n(s: _Slots, n: int) -> Fact:
    """The n newest claims (amounts and ids); None when their order is ambiguous (see ``_nth_latest``)."""
    if _nth_latest(s, n - 1) is None:
        return None
    top = s.truth.claims().head(n)
    return {"numbers": [float(a) for a in top.amount_claimed], "must_include": list(top.claim_id)}, ""


def _count_month_before(s: _Slots) -> Fact:
    """How many claims for services in the month before ``{mon}`` (December of last year for January)."""
    year, month = (AS_OF.year, s.month - 1) if s.month > 1 else (AS_OF.year - 1, 12)
    return _numbers(_count_where(s, "AND year(service_date) = ? AND month(service_date) = ?", year, month))


def _first_latest_category(s: _Slots) -> Fact:
    """The first and the newest claim of one category, all years, by date of service; None with ties or one claim."""
    first, latest = _by_date(s, None, s.cat, latest=False), _by_date(s, None, s.cat, latest=True)
    if first is None or latest is None or first[0]["must_include"] == latest[0]["must_include"]:
        return None
    return _joined(first, latest, tools=["search_claims"])


def _other_user(s: _Slots) -> Fact:
    o, theirs = s.other, s.other_truth.claims()
    _, left = s.other_truth.balance(theirs.iloc[0].category_code if len(theirs) else "GP", AS_OF.year)
    leak = [o.full_name, o.email, o.employee_id, *theirs.claim_id.head(3), f"{left:,.2f}",
            *(f"{float(a):,.2f}" for a in theirs.amount_claimed.head(3))]
    return {"tools": [], "refusal": True, "must_not_include": leak}, ""


def _other_claim(s: _Slots) -> Fact:
    claim = s.other_claim
    if claim is None:
        return None
    return {"tools": [], "refusal": True,
            "must_not_include": [s.other.full_name, s.other.email, f"{float(claim.amount_claimed):,.2f}",
                                 claim.provider]}, ""


def _act(s: _Slots, question: str) -> Fact:
    claim = s.rejected if s.rejected is not None and s.rejected.claim_id in question else s.claim
    # Naming the claim's status would answer a question nobody asked; the status word is only
    # banned when the request itself does not use it ("approve" → "approved" is fine to echo).
    status = str(claim.status)
    banned = [] if status[:5] in question.lower() else [status]
    return {"tools": [], "refusal": True, "must_not_include": banned}, ""


# Spans by count, amounts over/under a line, bottom ranks, the last n claims (the eh-* templates) -----

def _count_span(s: _Slots, first: int, last: int, year: int, category: str | None = None) -> float:
    """How many claims for services in months ``first``..``last`` of ``year`` (one category or all)."""
    where, params = _span_where(first, last, year, category)
    return _count_where(s, where, *params)


def _since_category(s: _Slots, count: bool) -> Fact:
    """How many ``{w}`` claims (or what they came to) for services from month ``{mon}`` of this year on."""
    since = f"since {_MONTHS[s.month - 1]}"
    if count:
        n = _count_span(s, s.month, 12, AS_OF.year, s.cat)
        return {"numbers": [n]}, f"You made {n:.0f} {WORDS[s.cat]} claims {since}."
    total = _span(s, s.month, 12, AS_OF.year, s.cat)
    return {"numbers": [total]}, f"You have claimed MYR {total:,.2f} for {WORDS[s.cat]} {since}."


def _any_tool(fact: Fact) -> Fact:
    """The same fact with no tool required (the claims summary cannot filter by amount; a search can)."""
    if fact is not None:
        fact[0]["tools"] = []
    return fact


def _by_amount(s: _Slots, year: int, above: float | None = None, below: float | None = None) -> pd.DataFrame:
    """A year's claims (newest first) for more than ``above`` or less than ``below`` MYR."""
    rows = _claims_of(s, year)
    amounts = rows.amount_claimed.astype(float)
    return rows[amounts > above] if above is not None else rows[amounts < below]


def _nth_latest_claim(s: _Slots, n: int) -> Fact:
    """The n-th newest claim's amount and id (1 = the one before the newest); None when the order is ambiguous."""
    claim = _nth_latest(s, n)
    if claim is None:
        return None
    return {"tools": ["search_claims"], "numbers": [float(claim.amount_claimed)], "must_include": [claim.claim_id]}, ""


def _count_total_average(s: _Slots, year: int) -> Fact:
    """How many ``{w}`` claims in a year, what they came to and their average; None without such claims."""
    n = s.truth.count(s.cat, year)
    return _numbers(n, s.truth.total(s.cat, year), _average_of(s, s.cat, year)) if n else None


def _range_in(s: _Slots, year: int, category: str) -> Fact:
    """The largest and the smallest claim of one category in a year; None with ties or fewer than two claims."""
    big = _extreme(s, year, largest=True, category=category)
    small = _extreme(s, year, largest=False, category=category)
    if big is None or small is None or big[0]["must_include"] == small[0]["must_include"]:
        return None
    return _joined(big, small, tools=[])


FACTS = {
    "remaining": lambda s, q: _remaining(s, s.cat, AS_OF.year),
    "remaining2": lambda s, q: _remaining(s, s.cat2, AS_OF.year),
    "remaining_prev": lambda s, q: _remaining(s, s.cat, AS_OF.year - 1),
    "remaining_both": lambda s, q: _remaining_both(s),
    "used": lambda s, q: _used(s),
    "limit_remaining": lambda s, q: _limit_remaining(s),
    "latest_status": lambda s, q: _latest_status(s),
    "status": lambda s, q: _status_named(s.claim),
    "status2": lambda s, q: _status_named(s.claim2),
    "status_amount": lambda s, q: _status(s.claim),
    "status_both": lambda s, q: _status_both(s),
    "rejected_status": lambda s, q: None if s.rejected is None else _status(s.rejected),
    "reason": lambda s, q: _reason(s),
    "reason_amount": lambda s, q: _reason_amount(s),
    "listing": lambda s, q: _listing(s, s.cat),
    "listing2": lambda s, q: _listing(s, s.cat2),
    "listing_first": lambda s, q: _listing_nth(s, 0),
    "listing_second": lambda s, q: _listing_nth(s, 1),
    "rejected": lambda s, q: _rejected(s, AS_OF.year),
    "rejected_prev": lambda s, q: _rejected(s, AS_OF.year - 1),
    "pending": lambda s, q: _pending(s),
    "pending_count": lambda s, q: _pending_count(s),
    "total": lambda s, q: _total(s, s.cat),
    "total2": lambda s, q: _total(s, s.cat2),
    "total_prev": lambda s, q: _total(s, s.cat, AS_OF.year - 1),
    "count_category": lambda s, q: _count_category(s),
    "count": lambda s, q: _count(s, AS_OF.year),
    "count_prev": lambda s, q: _count(s, AS_OF.year - 1),
    "average": lambda s, q: _average(s),
    "approved": lambda s, q: _approved(s),
    "claimed_vs_approved": lambda s, q: _claimed_approved(s),
    "month": lambda s, q: _month(s),
    "most_expensive": lambda s, q: _extreme(s, AS_OF.year, largest=True),
    "most_expensive_prev": lambda s, q: _extreme(s, AS_OF.year - 1, largest=True),
    "cheapest": lambda s, q: _extreme(s, None, largest=False),
    "largest_category": lambda s, q: _extreme(s, None, largest=True, category=s.cat),
    "largest_category_prev": lambda s, q: _extreme(s, AS_OF.year - 1, largest=True, category=s.cat),
    "smallest_category": lambda s, q: _extreme(s, None, largest=False, category=s.cat),
    "largest_rejected": lambda s, q: _extreme(s, None, largest=True, status="rejected"),
    "largest_month": lambda s, q: _extreme(s, None, largest=True, month=s.month),
    "compare_by_how_much": lambda s, q: _compare(s, AS_OF.year, by_how_much=True),
    "compare": lambda s, q: _compare(s, AS_OF.year),
    "compare_prev": lambda s, q: _compare(s, AS_OF.year - 1),
    "difference": lambda s, q: _difference(s, AS_OF.year),
    "difference_prev": lambda s, q: _difference(s, AS_OF.year - 1),
    # dz-*: rankings, groupings and answers of two or three figures.
    "top_two": lambda s, q: _ranked(s, 2, AS_OF.year),
    "top_three": lambda s, q: _ranked(s, 3, AS_OF.year),
    "top_three_prev": lambda s, q: _ranked(s, 3, AS_OF.year - 1),
    "second_largest_prev": lambda s, q: _ranked(s, 2, AS_OF.year - 1, only_nth=True),
    "second_largest_category": lambda s, q: _ranked(s, 2, None, s.cat, only_nth=True),
    "cheapest_year": lambda s, q: _extreme(s, AS_OF.year, largest=False),
    "most_expensive_amount": lambda s, q: _largest_amount(s, AS_OF.year),
    "largest_listed": lambda s, q: _largest_listed(s),
    "total_year": lambda s, q: _total_year(s, AS_OF.year),
    "top_category": lambda s, q: _top_group(s, "category", AS_OF.year),
    "top_category_prev": lambda s, q: _top_group(s, "category", AS_OF.year - 1),
    "top_category_count": lambda s, q: _top_group(s, "category", AS_OF.year, count=True),
    "top_month": lambda s, q: _top_group(s, "month", AS_OF.year),
    "top_month_prev": lambda s, q: _top_group(s, "month", AS_OF.year - 1),
    "oldest_pending": lambda s, q: _oldest_pending(s),
    "latest_category": lambda s, q: _by_date(s, None, s.cat, latest=True),
    "first_claim_year": lambda s, q: _by_date(s, AS_OF.year, None, latest=False),
    "range_category": lambda s, q: _range(s, s.cat),
    "total_remaining": lambda s, q: _joined(_total(s, s.cat), _remaining(s, s.cat, AS_OF.year), tools=[]),
    "count_total": lambda s, q: _count_total(s, AS_OF.year),
    "count_total_prev": lambda s, q: _count_total(s, AS_OF.year - 1),
    "total_both": lambda s, q: None if s.cat == s.cat2 else _numbers(s.truth.total(s.cat, AS_OF.year),
                                                                    s.truth.total(s.cat2, AS_OF.year)),
    "total_two_years": lambda s, q: _numbers(s.truth.total(s.cat, AS_OF.year), s.truth.total(s.cat, AS_OF.year - 1)),
    "limit_used_remaining": lambda s, q: _limit_used_remaining(s),
    "rejected_count_total": lambda s, q: _count_and_sum(_claims_of(s, AS_OF.year, status="rejected")),
    "pending_count_total": lambda s, q: _count_and_sum(_claims_of(s, status="pending")),
    "remaining_two_years": lambda s, q: _joined(_remaining(s, s.cat, AS_OF.year - 1),
                                                _remaining(s, s.cat, AS_OF.year)),
    "count_average_prev": lambda s, q: _pair(s.truth.count(s.cat, AS_OF.year - 1) or None,
                                             _average_of(s, s.cat, AS_OF.year - 1)),
    "total_and_largest_prev": lambda s, q: _joined(_total(s, s.cat, AS_OF.year - 1),
                                                   _extreme(s, AS_OF.year - 1, largest=True, category=s.cat), tools=[]),
    "difference_years": lambda s, q: _difference_years(s, s.cat),
    "difference_years_all": lambda s, q: _difference_years(s, None),
    "compare_years": lambda s, q: _compare_years(s),
    "shortfall": lambda s, q: _shortfall(s, AS_OF.year),
    "shortfall_prev": lambda s, q: _shortfall(s, AS_OF.year - 1),
    "count_two_years": lambda s, q: _numbers(_count_where(s, "AND benefit_year = ?", AS_OF.year),
                                             _count_where(s, "AND benefit_year = ?", AS_OF.year - 1)),
    "count_compare": lambda s, q: _which_more(s, s.truth.count(s.cat, AS_OF.year), s.truth.count(s.cat2, AS_OF.year),
                                              s.cat, s.cat2),
    "remaining_compare": lambda s, q: _remaining_compare(s),
    "claimed_approved_all_prev": lambda s, q: _claimed_approved_in(s, None, AS_OF.year - 1),
    "claimed_approved_prev": lambda s, q: _claimed_approved_in(s, s.cat, AS_OF.year - 1),
    "largest_two_years": lambda s, q: _pair(_max_of_year(s, AS_OF.year), _max_of_year(s, AS_OF.year - 1)),
    "average_two_years": lambda s, q: _pair(_average_of(s, s.cat, AS_OF.year), _average_of(s, s.cat, AS_OF.year - 1)),
    "gp_month_last": lambda s, q: _last_month(s, "GP"),
    "remaining_optical": lambda s, q: _remaining(s, "OPTICAL", AS_OF.year),
    "compare_dental_optical": lambda s, q: _which_more(s, s.truth.total("DENTAL", AS_OF.year),
                                                       s.truth.total("OPTICAL", AS_OF.year), "DENTAL", "OPTICAL"),
    # eb-*: latest of a status, ranked claims of one category or from the bottom, several figures.
    "remaining_gp_specialist": lambda s, q: _joined(_remaining(s, "GP", AS_OF.year),
                                                    _remaining(s, "SPECIALIST", AS_OF.year)),
    "used_both": lambda s, q: _used_both(s),
    "bottom_two": lambda s, q: _ranked(s, 2, AS_OF.year, largest=False),
    "largest_category_year": lambda s, q: _extreme(s, AS_OF.year, largest=True, category=s.cat),
    "top_two_category": lambda s, q: _ranked(s, 2, AS_OF.year, s.cat),
    "top_month_count": lambda s, q: _top_group(s, "month", AS_OF.year, count=True),
    "largest_pending": lambda s, q: _extreme(s, None, largest=True, status="pending"),
    "latest_rejected": lambda s, q: _latest_rejected(s),
    "latest_rejected_reason": lambda s, q: _latest_rejected_reason(s),
    "most_expensive_status": lambda s, q: _status_without_id(_extreme(s, AS_OF.year, largest=True), s),
    "listing_largest": lambda s, q: _once(_joined(_listing(s, s.cat), _extreme(s, AS_OF.year - 1, largest=True,
                                                                               category=s.cat))),
    "pending_largest": lambda s, q: _once(_joined(_pending(s), _extreme(s, None, largest=True, status="pending"))),
    "claimed_approved_all": lambda s, q: _claimed_approved_in(s, None, AS_OF.year),
    "total_years_all": lambda s, q: _total_years_all(s),
    "rejected_count_total_prev": lambda s, q: _count_and_sum(_claims_of(s, AS_OF.year - 1, status="rejected")),
    "month_category": lambda s, q: _month_category(s),
    "total_year_prev": lambda s, q: _total_year(s, AS_OF.year - 1),
    # ed-*: spans of months, counts by status, newest/oldest claims, listings with filters, several figures.
    "count_category_prev": lambda s, q: _numbers(s.truth.count(s.cat, AS_OF.year - 1)),
    "q2_total": lambda s, q: _numbers(_span(s, 4, 6, AS_OF.year)),
    "q3_category": lambda s, q: _numbers(_span(s, 7, 9, AS_OF.year, s.cat)),
    "h1_prev": lambda s, q: _numbers(_span(s, 1, 6, AS_OF.year - 1)),
    "q1_q2": lambda s, q: _numbers(_span(s, 1, 3, AS_OF.year), _span(s, 4, 6, AS_OF.year)),
    "since_month": lambda s, q: _numbers(_span(s, s.month, 12, AS_OF.year)),
    "count_month": lambda s, q: _count_month(s),
    "month_count_total": lambda s, q: _joined(_count_month(s), _month(s)),
    "average_year": lambda s, q: _average_all(s, AS_OF.year),
    "total_average": lambda s, q: _pair(s.truth.total(s.cat, AS_OF.year) if s.truth.count(s.cat, AS_OF.year) else None,
                                        _average_of(s, s.cat, AS_OF.year)),
    "total_combined": lambda s, q: None if s.cat == s.cat2 else _numbers(s.truth.total(s.cat, AS_OF.year)
                                                                         + s.truth.total(s.cat2, AS_OF.year)),
    "total_optical": lambda s, q: None if s.cat == "OPTICAL" else _total(s, "OPTICAL"),
    "approved_prev": lambda s, q: _numbers(_approved_sum(s, s.cat, AS_OF.year - 1)),
    "paid_count": lambda s, q: _numbers(_paid(s, AS_OF.year)[0]),
    "paid_total": lambda s, q: _numbers(_paid(s, AS_OF.year)[1]),
    "paid_count_total": lambda s, q: _numbers(*_paid(s, AS_OF.year)),
    "pending_total": lambda s, q: _numbers(_sum(s, "AND status = 'pending'")),
    "rejected_total_prev": lambda s, q: _numbers(_sum(s, "AND status = 'rejected' AND benefit_year = ?",
                                                      AS_OF.year - 1)),
    "count_all": lambda s, q: _numbers(_count_where(s, "")),
    "pending_rejected_counts": lambda s, q: _numbers(_count_where(s, "AND status = 'pending'"),
                                                     _count_where(s, "AND status = 'rejected' AND benefit_year = ?",
                                                                  AS_OF.year)),
    "count_claimed_approved_prev": lambda s, q: None if not _count_where(s, "AND benefit_year = ?", AS_OF.year - 1)
    else _numbers(_count_where(s, "AND benefit_year = ?", AS_OF.year - 1), _sum(s, "AND benefit_year = ?",
                  AS_OF.year - 1), _approved_sum(s, None, AS_OF.year - 1)),
    "smallest_category_prev": lambda s, q: _extreme(s, AS_OF.year - 1, largest=False, category=s.cat),
    "smallest_month": lambda s, q: _extreme(s, None, largest=False, month=s.month),
    "largest_paid": lambda s, q: _extreme(s, None, largest=True, status="paid"),
    "top_three_category": lambda s, q: _ranked(s, 3, None, s.cat),
    "bottom_three_prev": lambda s, q: _ranked(s, 3, AS_OF.year - 1, largest=False),
    "top_month_count_prev": lambda s, q: _top_group(s, "month", AS_OF.year - 1, count=True),
    "top_category_count_prev": lambda s, q: _top_group(s, "category", AS_OF.year - 1, count=True),
    "top_month_category": lambda s, q: _top_group(s, "month", AS_OF.year, category=s.cat),
    "top_category_amount_count": lambda s, q: _top_category_and_count(s, AS_OF.year),
    "extremes_year": lambda s, q: _extremes_year(s, AS_OF.year),
    "latest_claim": lambda s, q: _latest_of(s, None),
    "first_claim_prev": lambda s, q: _by_date(s, AS_OF.year - 1, None, latest=False),
    "first_latest_year": lambda s, q: _first_and_latest(s, AS_OF.year),
    "latest_paid": lambda s, q: _latest_of(s, "paid"),
    "latest_claim_status": lambda s, q: _status_without_id(_latest_of(s, None), s),
    "listing_last_status": lambda s, q: _listing_position_status(s, smallest=False),
    "listing_smallest_status": lambda s, q: _listing_position_status(s, smallest=True),
    "listing_month": lambda s, q: _listing_month(s),
    "listing_month_some": lambda s, q: _listing_month(s, some=True),
    "listing_year": lambda s, q: _listed(_claims_of(s, AS_OF.year, s.cat), f"{WORDS[s.cat]} claims in {AS_OF.year}"),
    "rejected_category_prev": lambda s, q: _listed(_claims_of(s, AS_OF.year - 1, s.cat, "rejected"),
                                                   f"rejected {WORDS[s.cat]} claims in {AS_OF.year - 1}"),
    "used_remaining": lambda s, q: _used_remaining(s),
    # ee-*: everything but one category, two categories' counts, month ranges, the least category,
    # second largest this year, the smallest rejected and the latest pending claim.
    "total_except": lambda s, q: _total_except(s, AS_OF.year),
    "count_combined": lambda s, q: _count_combined(s, AS_OF.year),
    "month_to_october": lambda s, q: _numbers(_span(s, s.month, 10, AS_OF.year)),
    "average_category_year": lambda s, q: None if (avg := _average_of(s, s.cat, AS_OF.year)) is None
    else _numbers(avg),
    "average_prev_all": lambda s, q: _average_all(s, AS_OF.year - 1),
    "approved_all": lambda s, q: _numbers(_approved_sum(s, None, AS_OF.year)),
    "bottom_category": lambda s, q: _top_group(s, "category", AS_OF.year, least=True),
    "second_largest_year": lambda s, q: _ranked(s, 2, AS_OF.year, only_nth=True),
    "smallest_category_year": lambda s, q: _extreme(s, AS_OF.year, largest=False, category=s.cat),
    "smallest_rejected": lambda s, q: _extreme(s, None, largest=False, status="rejected"),
    "latest_pending": lambda s, q: _latest_of(s, "pending"),
    # ef-*: the n-th newest claim and its status, the last three, listings by amount, balance with latest claim.
    "second_latest_status": lambda s, q: _second_latest_status(s),
    "last_three": lambda s, q: _last_three(s),
    "listing_over_100": lambda s, q: _listing_amount(s, above=100),
    "listing_under_50": lambda s, q: _listing_amount(s, below=50),
    "listing_paid": lambda s, q: _listed(_claims_of(s, AS_OF.year, status="paid"), f"paid claims in {AS_OF.year}"),
    "first_claim_ever": lambda s, q: _by_date(s, None, None, latest=False),
    "first_ever_status": lambda s, q: _status_without_id(_by_date(s, None, None, latest=False), s),
    "largest_category_status": lambda s, q: _status_without_id(_extreme(s, None, largest=True, category=s.cat), s),
    "remaining_latest": lambda s, q: _remaining_latest(s),
    # eh-*: counts and sums since a month or over a quarter/half, amounts over or under a line, rejected
    # value of a category, bottom ranks, the n-th newest claims, and two or three figures at once.
    "count_since_category": lambda s, q: _since_category(s, count=True),
    "total_since_category": lambda s, q: _since_category(s, count=False),
    "q1_category": lambda s, q: _numbers(_span(s, 1, 3, AS_OF.year, s.cat)),
    "q2_prev": lambda s, q: _numbers(_span(s, 4, 6, AS_OF.year - 1)),
    "h1_year": lambda s, q: _numbers(_span(s, 1, 6, AS_OF.year)),
    "halves_prev": lambda s, q: _numbers(_span(s, 1, 6, AS_OF.year - 1), _span(s, 7, 12, AS_OF.year - 1)),
    "rejected_total_category": lambda s, q: _numbers(_sum(s, "AND status = 'rejected' AND category_code = ?", s.cat)),
    "count_over_200": lambda s, q: _any_tool(_numbers(len(_by_amount(s, AS_OF.year, above=200)))),
    "count_under_50_prev": lambda s, q: _any_tool(_numbers(len(_by_amount(s, AS_OF.year - 1, below=50)))),
    "count_total_over_500": lambda s, q: _any_tool(_count_and_sum(_by_amount(s, AS_OF.year, above=500))),
    "total_combined_prev": lambda s, q: None if s.cat == s.cat2 else _numbers(s.truth.total(s.cat, AS_OF.year - 1)
                                                                              + s.truth.total(s.cat2, AS_OF.year - 1)),
    "total_except_prev": lambda s, q: _total_except(s, AS_OF.year - 1),
    "approved_all_prev": lambda s, q: _numbers(_approved_sum(s, None, AS_OF.year - 1)),
    "smallest_paid": lambda s, q: _extreme(s, None, largest=False, status="paid"),
    "top_five": lambda s, q: _ranked(s, 5, AS_OF.year),
    "third_largest_prev": lambda s, q: _ranked(s, 3, AS_OF.year - 1, only_nth=True),
    "bottom_three_year": lambda s, q: _ranked(s, 3, AS_OF.year, largest=False),
    "bottom_month": lambda s, q: _top_group(s, "month", AS_OF.year, least=True),
    "bottom_category_prev": lambda s, q: _top_group(s, "category", AS_OF.year - 1, least=True),
    "bottom_category_count": lambda s, q: _top_group(s, "category", AS_OF.year, count=True, least=True),
    "top_month_category_prev": lambda s, q: _top_group(s, "month", AS_OF.year - 1, category=s.cat),
    "smallest_of_several_prev": lambda s, q: None if s.truth.count(s.cat, AS_OF.year - 1) < 2
    else _extreme(s, AS_OF.year - 1, largest=False, category=s.cat),
    "largest_rejected_prev": lambda s, q: _extreme(s, AS_OF.year - 1, largest=True, status="rejected"),
    "first_category": lambda s, q: _by_date(s, None, s.cat, latest=False),
    "count_category_two_years": lambda s, q: _numbers(s.truth.count(s.cat, AS_OF.year),
                                                      s.truth.count(s.cat, AS_OF.year - 1)),
    "range_category_year": lambda s, q: _range_in(s, AS_OF.year, s.cat),
    "remaining_count": lambda s, q: _joined(_remaining(s, s.cat, AS_OF.year),
                                            _numbers(s.truth.count(s.cat, AS_OF.year)), tools=[]),
    "paid_rejected_totals": lambda s, q: _numbers(_paid(s, AS_OF.year)[1],
                                                  _sum(s, "AND status = 'rejected' AND benefit_year = ?", AS_OF.year)),
    "pending_count_paid_total": lambda s, q: _numbers(_count_where(s, "AND status = 'pending'"),
                                                      _paid(s, AS_OF.year)[1]),
    "count_both": lambda s, q: None if s.cat == s.cat2 else _numbers(s.truth.count(s.cat, AS_OF.year),
                                                                     s.truth.count(s.cat2, AS_OF.year)),
    "total_average_prev_all": lambda s, q: _joined(_total_year(s, AS_OF.year - 1), _average_all(s, AS_OF.year - 1)),
    "total_and_largest_year": lambda s, q: _joined(_total_year(s, AS_OF.year), _extreme(s, AS_OF.year, largest=True),
                                                   tools=[]),
    "count_average_year": lambda s, q: _joined(_count(s, AS_OF.year), _average_all(s, AS_OF.year)),
    "count_total_average_prev": lambda s, q: _count_total_average(s, AS_OF.year - 1),
    "rejected_category_year": lambda s, q: _listed(_claims_of(s, AS_OF.year, s.cat, "rejected"),
                                                   f"rejected {WORDS[s.cat]} claims in {AS_OF.year}"),
    "listing_month_category": lambda s, q: _listed(_claims_of(s, category=s.cat, month=s.month),
                                                   f"{WORDS[s.cat]} claims in {_MONTHS[s.month - 1]}"),
    "listing_over_300": lambda s, q: _listed(_by_amount(s, AS_OF.year, above=300), "claims over MYR 300"),
    "listing_under_30_prev": lambda s, q: _listed(_by_amount(s, AS_OF.year - 1, below=30), "claims under MYR 30"),
    "listing_since_category": lambda s, q: _listed(
        s.truth.claims("AND category_code = ? AND year(service_date) = ? AND month(service_date) >= ?",
                       s.cat, AS_OF.year, s.month), f"{WORDS[s.cat]} claims since {_MONTHS[s.month - 1]}"),
    "listing_paid_category_prev": lambda s, q: _listed(_claims_of(s, AS_OF.year - 1, s.cat, "paid"),
                                                       f"paid {WORDS[s.cat]} claims in {AS_OF.year - 1}"),
    "last_five": lambda s, q: _last_n(s, 5),
    "last_two": lambda s, q: _last_n(s, 2),
    "second_latest": lambda s, q: _nth_latest_claim(s, 1),
    "claim_amount": lambda s, q: _numbers(s.claim.amount_claimed),
    # eg-*: month ranges, amounts over/under a line, statuses of a category, the n newest, several figures.
    "q1_prev": lambda s, q: _numbers(_span(s, 1, 3, AS_OF.year - 1)),
    "h2_prev": lambda s, q: _numbers(_span(s, 7, 12, AS_OF.year - 1)),
    "may_to_july": lambda s, q: _span_total(s, 5, 7, AS_OF.year),
    "may_to_july_prev": lambda s, q: _span_total(s, 5, 7, AS_OF.year - 1),
    "since_month_category": lambda s, q: _numbers(_span(s, s.month, 12, AS_OF.year, s.cat)),
    "count_over_300": lambda s, q: None if (rows := _past_line(s, AS_OF.year, above=300)) is None
    else _numbers(len(rows)),
    "sum_under_50": lambda s, q: None if (rows := _past_line(s, AS_OF.year, below=50)) is None
    else _numbers(rows.amount_claimed.astype(float).sum()),
    "rejected_count_category_all": lambda s, q: _numbers(len(_claims_of(s, None, s.cat, "rejected"))),
    # "how much my rejected {w} claims added up to" presumes there are some: None without any.
    "rejected_total_category_year": lambda s, q: None if not len(rows := _claims_of(s, AS_OF.year, s.cat, "rejected"))
    else _numbers(rows.amount_claimed.astype(float).sum()),
    "count_last_month": lambda s, q: _numbers(_count_where(s, "AND year(service_date) = ? AND month(service_date) = ?",
                                                           AS_OF.year, AS_OF.month - 1)),
    "third_largest_year": lambda s, q: _ranked(s, 3, AS_OF.year, only_nth=True),
    "cheapest_prev": lambda s, q: _extreme(s, AS_OF.year - 1, largest=False),
    "latest_claim_prev": lambda s, q: _latest_in_year(s, AS_OF.year - 1),
    "top_two_prev": lambda s, q: _ranked(s, 2, AS_OF.year - 1),
    "fewest_category_count": lambda s, q: _top_group(s, "category", AS_OF.year, count=True, least=True),
    "largest_paid_year": lambda s, q: _extreme(s, AS_OF.year, largest=True, status="paid"),
    "smallest_pending": lambda s, q: _extreme(s, None, largest=False, status="pending"),
    "top_three_category_year": lambda s, q: _ranked(s, 3, AS_OF.year, s.cat),
    "second_smallest_prev": lambda s, q: _ranked(s, 2, AS_OF.year - 1, only_nth=True, largest=False),
    "count_total_year_prev": lambda s, q: None if not (n := _count_where(s, "AND benefit_year = ?", AS_OF.year - 1))
    else _numbers(n, _sum(s, "AND benefit_year = ?", AS_OF.year - 1)),
    "total_both_prev": lambda s, q: None if s.cat == s.cat2 else _numbers(s.truth.total(s.cat, AS_OF.year - 1),
                                                                         s.truth.total(s.cat2, AS_OF.year - 1)),
    "pending_paid_totals": lambda s, q: _numbers(_sum(s, "AND status = 'pending'"), _paid(s, AS_OF.year)[1]),
    "count_remaining": lambda s, q: _joined(_count_category(s), _remaining(s, s.cat, AS_OF.year), tools=[]),
    "top_category_and_month": lambda s, q: _joined(_top_group(s, "category", AS_OF.year),
                                                   _top_group(s, "month", AS_OF.year), tools=[]),
    "average_two_years_all": lambda s, q: _pair(_avg_year(s, AS_OF.year), _avg_year(s, AS_OF.year - 1)),
    "count_rejected_category_year": lambda s, q: None if not (n := s.truth.count(s.cat, AS_OF.year))
    else _numbers(n, len(_claims_of(s, AS_OF.year, s.cat, "rejected"))),
    "first_latest_category": lambda s, q: _first_latest_category(s),
    "total_largest_category_year": lambda s, q: _joined(_total(s, s.cat), _extreme(s, AS_OF.year, largest=True,
                                                                                   category=s.cat), tools=[]),
    "listing_over_200_prev": lambda s, q: None if (rows := _past_line(s, AS_OF.year - 1, above=200)) is None
    else _listed(rows, f"claims over MYR 200 in {AS_OF.year - 1}"),
    # The two listings below presume some claims ("show me my ... claims that ..."): None without any.
    "listing_under_100_category": lambda s, q: None if (rows := _past_line(s, None, s.cat, below=100)) is None
    or not len(rows) else _listed(rows, f"{WORDS[s.cat]} claims under MYR 100"),
    "listing_category_all": lambda s, q: _listed(_claims_of(s, None, s.cat), f"{WORDS[s.cat]} claims"),
    "listing_h1_category": lambda s, q: None if not len(rows := s.truth.claims(
        "AND category_code = ? AND year(service_date) = ? AND month(service_date) <= 6", s.cat, AS_OF.year))
    else _listed(rows, f"{WORDS[s.cat]} claims from January to June {AS_OF.year}"),
    "listing_since_month": lambda s, q: _listed(s.truth.claims("AND service_date >= make_date(?, ?, 1)",
                                                               AS_OF.year, s.month), "claims"),
    "listing_paid_prev": lambda s, q: _listed(_claims_of(s, AS_OF.year - 1, status="paid"),
                                              f"paid claims from {AS_OF.year - 1}"),
    "listing_approved": lambda s, q: _listed(_claims_of(s, status="approved"), "approved claims not yet paid"),
    "count_month_before": lambda s, q: _count_month_before(s),
    "other_user": lambda s, q: _other_user(s),
    "other_claim": lambda s, q: _other_claim(s),
    "act": lambda s, q: _act(s, q),
}


def generate_data_cases(store: ClaimsStore, users: int = 12, seed: int = 7,
                        per_template: int = 5) -> list[EvalCase]:
    """Data questions, other-user requests and requests to act on a claim, from every template.

    Each template is filled for ``per_template`` of the ``users`` sampled employees (fewer when
    the fact does not apply to enough of them, e.g. nobody has a rejected claim).
    """
    active = _active_users(store, users)
    picked = list(active.sample(n=min(users, len(active)), random_state=seed).itertuples())
    everyone = store.query("SELECT employee_id, email, full_name FROM employees ORDER BY 1")
    cases: list[EvalCase] = []
    for template in TEMPLATES:
        # One generator per template: adding or removing a template leaves every other one's cases as they were.
        rng = random.Random(f"{seed}:{template.id}")
        made = 0
        for user in rng.sample(picked, len(picked)):
            if made == per_template:
                break
            case = _fill(template, user, _slots(rng, store, user, everyone))
            if case is not None:
                cases.append(case)
                made += 1
    return cases


def _active_users(store: ClaimsStore, users: int) -> pd.DataFrame:
    """Employees with ≥ MIN_CLAIMS claims, or, on a small extract, the ``users`` most active ones.

    A small extract may have fewer than ``users`` employees with MIN_CLAIMS claims; then the most
    active ones are taken (at least 3 claims each, so every template has data to be about).
    """
    counts = store.query("SELECT e.employee_id, e.email, e.full_name, COUNT(*) AS n FROM employees e "
                         "JOIN claims c USING (employee_id) GROUP BY ALL ORDER BY n DESC, 1")
    enough = counts[counts.n >= MIN_CLAIMS]
    if len(enough) < users:
        enough = counts[counts.n >= 3].head(users)
    return enough.drop(columns="n").sort_values("employee_id").reset_index(drop=True)


def _slots(rng: random.Random, store: ClaimsStore, user, everyone: pd.DataFrame) -> _Slots:
    truth = _Truth(store, user.employee_id)
    mine = truth.claims()
    cats = sorted(set(mine.category_code))
    cat = rng.choice(cats)
    cat2 = rng.choice([c for c in cats if c != cat] or cats)
    i, j = rng.sample(range(len(mine)), 2)
    rejected = mine[mine.status == "rejected"]
    others = everyone[everyone.employee_id != user.employee_id]
    other = others.iloc[rng.randrange(len(others))]
    return _Slots(truth, cat, cat2, mine.iloc[i], mine.iloc[j],
                  rejected.iloc[rng.randrange(len(rejected))] if len(rejected) else None,
                  rng.randrange(1, AS_OF.month), other, _Truth(store, other.employee_id))


def _fill(template: Template, user, slots: _Slots) -> EvalCase | None:
    if "{rid}" in template.text and slots.rejected is None:
        return None
    question = slots.text(template.text)
    fact = FACTS[template.fact](slots, question)
    if fact is None:
        return None
    expected, _ = fact
    history = []
    if template.before:
        earlier = FACTS[template.before.fact](slots, "")
        if earlier is None:
            return None
        history = [HistoryTurn(question=slots.text(template.before.text), answer=earlier[1],
                               intent=template.before.intent)]
    intent = template.intent
    expected.setdefault("tools", _TOOLS.get(intent, []))
    expected["must_not_include"] = _not_in(question, expected.get("must_not_include", []))
    if template.fact.startswith("other"):
        kind = ["security", "other_user"]
    else:
        kind = [intent] if intent == "out_of_scope" else ["data", intent]
    voice = [] if template.voice == "plain" else [template.voice]
    return EvalCase(id=f"{template.id}-{user.employee_id}", split=template.split, template=template.id,
                    user=user.email, question=question, history=history, intent=intent,
                    difficulty=template.difficulty, tags=kind + voice + list(template.tags),
                    expected=Expected(intent=intent, **expected))


# Hand-written cases --------------------------------------------------------------------------

def load_handwritten(store: ClaimsStore, folder: Path, owners: list[str], seed: int = 7) -> list[EvalCase]:
    """Every hand-written file, placeholders filled; ids must be unique across the files."""
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise DataError(f"No hand-written cases in {folder}: add *.jsonl files there.")
    everyone = store.query("SELECT e.employee_id, e.email, e.full_name, min(c.claim_id) AS claim_id "
                           "FROM employees e JOIN claims c USING (employee_id) GROUP BY ALL ORDER BY 1")
    rng = random.Random(seed)
    cases, where = [], {}
    for path in files:
        for lineno, case in enumerate(load_cases(path), start=1):
            if case.id in where:
                raise DataError(f"{path.name}:{lineno}: case id {case.id!r} is also in {where[case.id]}; "
                                "ids must be unique across the hand-written files of a suite.")
            where[case.id] = f"{path.name}"
            user = owners[len(cases) % len(owners)]
            candidates = everyone[everyone.email != user]
            other = candidates.iloc[rng.randrange(len(candidates))]
            cases.append(_fill_placeholders(case, user, other))
    return cases


def _fill_placeholders(case: EvalCase, user: str, other: pd.Series) -> EvalCase:
    raw = json.dumps(case.model_dump())
    for key, value in {"{user}": user, "{other_name}": other.full_name, "{other_email}": other.email,
                       "{other_id}": other.employee_id, "{other_claim}": other.claim_id}.items():
        raw = raw.replace(key, value)
    filled = EvalCase.model_validate_json(raw)
    expected = filled.expected.model_copy(
        update={"must_not_include": _not_in(filled.question, filled.expected.must_not_include)})
    return filled.model_copy(update={"template": filled.template or filled.id, "expected": expected})


def _not_in(question: str, banned: list[str]) -> list[str]:
    """Banned strings minus those the question itself contains (repeating the question is no leak)."""
    return [b for b in banned if b.lower() not in question.lower()]


def build_suites(store: ClaimsStore, datasets_dir: Path, users: int = 12, seed: int = 7,
                 policy_cases: Path | None = None) -> dict[str, dict]:
    """Write ``full``, ``smoke``, ``security`` and ``schema.json``; returns case counts per suite and split.

    Args:
        store: The claims database the data questions and their answers come from.
        datasets_dir: Where the suites are written (and ``handwritten/`` read, when it exists there;
            else the shipped hand-written cases are used).
        users: How many users the data questions are sampled for.
        seed: Sampling seed.
        policy_cases: A JSONL file of your own policy questions (``questions.py``). They replace
            every hand-written case that is about the shipped policy documents (tagged ``policy``
            or with reference sections).
    """
    data = generate_data_cases(store, users, seed)
    owners = sorted({c.user for c in data})
    folder = datasets_dir / "handwritten"
    handwritten = load_handwritten(store, folder if folder.is_dir() else _SHIPPED_HANDWRITTEN, owners, seed)
    if policy_cases:
        own = load_policy_questions(policy_cases)
        handwritten = [c for c in handwritten if "policy" not in c.tags and not c.expected.reference_sections]
        handwritten += [c.model_copy(update={"user": owners[i % len(owners)]}) for i, c in enumerate(own)]
    full = data + handwritten
    ids: dict[str, str] = {}
    for case in full:
        if case.id in ids:  # a hand-written id that a template also produces
            raise DataError(f"handwritten case id {case.id!r} collides with a generated case; rename it.")
        ids[case.id] = case.split
    suites = {"full": full, "security": [c for c in full if "security" in c.tags],
              "smoke": stratified(full, 36, seed)}
    write_schema(datasets_dir / "schema.json")  # the format documentation stays in step with EvalCase
    counts = {}
    for name, cases in suites.items():
        write_cases(datasets_dir / f"{name}.jsonl", cases)
        counts[name] = {split: sum(c.split == split for c in cases) for split in ("dev", "test")}
    return counts


def stratified(cases: list[EvalCase], n: int, seed: int) -> list[EvalCase]:
    """About n cases, an equal share per split, every intent of a split represented, in the original order.

    Each split is drawn on its own, from its own generator (see ``_stratified_split``), so adding
    or editing dev cases never changes which test cases a suite holds, and the reverse.
    """
    splits = list(dict.fromkeys(c.split for c in cases))
    share = n // max(1, len(splits))
    chosen: set[str] = set()
    for split in splits:
        chosen |= _stratified_split([c for c in cases if c.split == split], share, seed)
    return [c for c in cases if c.id in chosen]


def _stratified_split(pool: list[EvalCase], k: int, seed: int) -> set[str]:
    """The ids of about k cases of one split, with every intent of the pool represented.

    The draw depends on this pool and the seed only. Each split gets a fresh generator with the
    same seed, so a suite of one split gets the cases it got before splits were drawn apart (the
    gate test's thresholds were measured on such a suite). Within a stratum, cases of templates
    not yet chosen come first, so a small suite covers as many phrasings as it can and never asks
    the same question twice.
    """
    rng = random.Random(seed)
    strata: dict[str, list[EvalCase]] = {}
    for c in pool:
        strata.setdefault(c.intent, []).append(c)
    chosen: dict[str, EvalCase] = {}

    def pick(group: list[EvalCase], count: int) -> None:
        used = {c.template for c in chosen.values()}
        fresh = [c for c in rng.sample(group, len(group)) if c.template not in used and c.id not in chosen]
        for c in fresh[:count]:
            chosen[c.id] = c
            used.add(c.template)

    per = max(1, k // max(1, len(strata)))
    for group in strata.values():
        pick(group, per)
    pick(pool, max(0, k - len(chosen)))
    return set(chosen)
