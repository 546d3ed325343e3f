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
from dataclasses import dataclass
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
            y=AS_OF.year, py=AS_OF.year - 1, cid=c.claim.claim_id, cid2=c.claim2.claim_id,
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
    where, params = [], []
    for clause, value in (("AND benefit_year = ?", year), ("AND category_code = ?", category),
                          ("AND status = ?", status)):
        if value:
            where.append(clause)
            params.append(value)
    if month:
        where.append("AND year(service_date) = ? AND month(service_date) = ?")
        params += [AS_OF.year, month]
    rows = s.truth.claims(" ".join(where), *params)
    if not len(rows):
        return None
    amounts = rows.amount_claimed.astype(float)
    top = amounts.max() if largest else amounts.min()
    if (amounts == top).sum() > 1:  # a tie has no single right answer
        return None
    claim = rows[amounts == top].iloc[0]
    return {"tools": [], "numbers": [float(top)], "must_include": [claim.claim_id]}, ""


def _compare(s: _Slots, year: int, by_how_much: bool = False) -> Fact:
    if s.cat == s.cat2:
        return None
    a, b = s.truth.total(s.cat, year), s.truth.total(s.cat2, year)
    if a == b:
        return None
    more = WORDS[s.cat] if a > b else WORDS[s.cat2]
    numbers = [a, b, round(abs(a - b), 2)] if by_how_much else [a, b]
    return {"tools": [], "numbers": numbers, "must_include": [more]}, ""


def _difference(s: _Slots, year: int) -> Fact:
    """How much more went on one of two categories: the gap, and which category is the larger."""
    if s.cat == s.cat2:
        return None
    a, b = s.truth.total(s.cat, year), s.truth.total(s.cat2, year)
    if a == b:
        return None
    more = WORDS[s.cat] if a > b else WORDS[s.cat2]
    return {"tools": [], "numbers": [round(abs(a - b), 2)], "must_include": [more]}, ""


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


FACTS = {
    "remaining": lambda s, q: _remaining(s, s.cat, AS_OF.year),
    "remaining2": lambda s, q: _remaining(s, s.cat2, AS_OF.year),
    "remaining_prev": lambda s, q: _remaining(s, s.cat, AS_OF.year - 1),
    "remaining_both": lambda s, q: _remaining_both(s),
    "used": lambda s, q: _used(s),
    "limit_remaining": lambda s, q: _limit_remaining(s),
    "latest_status": lambda s, q: _latest_status(s),
    "status": lambda s, q: _status(s.claim),
    "status2": lambda s, q: _status(s.claim2),
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
