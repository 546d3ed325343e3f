"""Answers of two or three figures side by side: two years, two categories, two measures, two balances.

One question can ask for several figures at once:

- **two years**: "more on dental this year than last year? by how much?", "hospital 2026 vs 2025",
  "compare with last year?" after this year's total: the figure for each year and the gap;
- **two categories**: "optical, and separately for GP", "pakar dengan gigi berapa satu-satu":
  each category's figure (and, when they are compared by count, which has more);
- **two measures**: a count and a total ("how many times …, total how much?"), what was claimed
  and what came back ("dapat balik berapa?"), the gap between them ("how much didn't get
  approved?"), or what was claimed and what is left ("dah claim berapa, baki tinggal berapa?");
- **two balances**: "which has more left, optical or GP?" (remaining balances, not claims), or
  one balance at two years ("at the end of 2025, and now?").

``plan`` reads which of these a (canonical, see ``entities.canonical``) question asks from
general cues (comparison words, two years named, two asks in one sentence); ``answer`` calls the
user's tools once per figure and states every figure. The cues are written from how people ask,
fit on the dev split only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from workbench.agent import cues, filters, limits
from workbench.agent.entities import _STATUS_WORDS, Entities
from workbench.agent.tools import UserTools
from workbench.agent.wording import MEASURES, NAMES, iso, money
from workbench.claims import AS_OF

#: How answers name a category (as the baseline does): the plan's name, lower-cased.

# Two things weighed against each other ("vs", "than last year", "beza" → "difference").
COMPARE = re.compile(r"\bvs\.?\b|\bversus\b|\bcompar\w*|\bthan\b|\bdifferen\w*|\bdiff\b|\bgap\b|"
                     r"\bby how much\b|\b(?:more|less|fewer|higher|lower|bigger|smaller)\b|"
                     r"\b(?:gone|went|go) (?:up|down)\b", re.I)
# A count asked for, in so many words or as "more claims" / "how often".
COUNT = re.compile(r"\bhow many\b|\bnumber of\b|\bno\.? of\b|\bcount\b|\btimes\b|\boften\b|"
                   r"\b(?:more|fewer|less) (?:\w+ ){0,2}?claims\b", re.I)
# An amount asked for.
AMOUNT = re.compile(r"\btotals?\b|\bsum\b|\bhow much\b|\badd(?:s|ed)? up\b|\bworth\b|\baltogether\b|"
                    r"\bin all\b|\bamounts?\b|\bMYR\b|\b(?:come|comes|came) to\b", re.I)
AVERAGE = re.compile(r"\baverage\b|\bavg\b|\bmean\b|\bper claim\b|\btypical\b", re.I)
# What was paid back, as opposed to what was claimed.
APPROVED = re.compile(r"\bapprov\w*|\bgot back\b|\bget back\b|\breimbursed\b|\bpaid (?:back|out)\b", re.I)
CLAIMED = re.compile(r"\bclaim(?:s|ed)?\b|\bspen[dt]\b", re.I)
# What was claimed as the user's own act ("I claimed", "dah claim" → "already claim").
CLAIMED_VERB = re.compile(r"\bclaimed\b|\bspent\b|\balready (?:claim|spen[dt])\b|"
                          r"\b(?:i|have|did) (?:claim|spend)\b", re.I)
# Money that reached the user ("paid out", "reimbursed", "credited", "got back"): the approved amount.
PAID_OUT = re.compile(r"\bpaid (?:out|back|to (?:me|I))\b|\bhow much\b(?: \w+){0,4}? paid\b|\breimbursed\b|"
                      r"\bcredited\b|\b(?:got|get) back\b", re.I)
# The part of the claimed amount that was not approved.
SHORTFALL = re.compile(r"\b(?:didn'?t|did not|not|never|wasn'?t|weren'?t|isn'?t|aren'?t)\s+(?:\w+\s+)?"
                       r"(?:approv\w*|reimbursed|paid)\b|\b(?:gap|difference|shortfall)\b", re.I)
# An amount asked for as such ("how much … wasn't approved", "the gap between"): not "which claims aren't approved yet".
_AMOUNT_ASKED = re.compile(r"\bhow much\b|\bgap\b|\bdifferen\w*|\bshortfall\b|\bamounts?\b|\bMYR\b|\btotal\b", re.I)
# A question word: two in one sentence ask for two figures ("claim how much, got back how much?").
ASK = re.compile(r"\bhow (?:much|many|often)\b|\bwhat\b", re.I)
# A second figure joined to the first without a question word ("how many … and total MYR …",
# from Malay "serta jumlah ringgit"; "… plus the sum?").
JOINED_AMOUNT = re.compile(r"\b(?:and|plus|also|&)\s+(?:also\s+)?(?:the\s+)?(?:total|sum|amount)\b", re.I)
# Each of several things on its own ("separately", "satu-satu" → "each").
EACH = re.compile(r"\bseparately\b|\beach\b|\brespectively\b|\bone by one\b|\bindividually\b", re.I)
# What is left of a limit, as a comparison ("which has more left").
LEFT = re.compile(r"\b(?:more|less) (?:balance |money |of it |\w+ balance )?left\b|\bleft\b.*\bbalances?\b", re.I)
# "now" in "what was it in 2025, and what is it now?": this year, not the year asked before.
NOW = re.compile(r"\bnow\W*$|\bright now\b|\bcurrently\b|\bat the moment\b|\bas of today\b", re.I)
_THIS_YEAR = re.compile(r"\b(?:this|current) (?:benefit )?year\b|\bso far\b|\byear to date\b|\bytd\b|"
                        + NOW.pattern, re.I)
_LAST_YEAR = re.compile(r"\b(?:last|previous|prior) (?:benefit )?year\b|\bthe year before\b", re.I)
_YEAR = re.compile(r"\b20\d\d\b")
# The figures added up as well as stated one by one ("hospital and specialist combined", "2025 and 2026 together").
COMBINED = re.compile(r"\bcombined\b|\b(?:all |added )?together\b|\baltogether\b|\bin total\b|\bgrand total\b|"
                      r"\bput together\b|\bsum of (?:both|the two|them)\b", re.I)
# Two categories joined into one figure ("GP + optical claims", "campur" → "plus", "dan … sekali" →
# "and … together"): their sum, as COMBINED asks.
JOINED = re.compile(r"\s\+\s?|\bplus\b", re.I)
# What was claimed weighed against what was approved ("claimed vs approved", "claimed and approved",
# "approved against claimed"): both totals, however tersely asked ("claimed or approved?" asks which, not both).
CLAIMED_VS_APPROVED = re.compile(r"\bclaim(?:ed|s)?\b\W*(?:vs\.?|versus|against|and|n|&|\+|plus|as well as|"
                                 r"compared (?:to|with)|/)\W*"
                                 r"(?:the\s+)?(?:approv\w*|reimbursed|paid out)\b|"
                                 r"\bapproved\b\W*(?:vs\.?|versus|against|compared (?:to|with))\W*(?:\w+\s+)?claimed\b",
                                 re.I)
# A count and an amount joined ("no. of claims + how much altogether", "number of claims and total"): both.
COUNT_AND_AMOUNT = re.compile(r"\b(?:number of|no\.? of|count)\b.{0,30}?(?:\+|\bplus\b|\band\b|&|,)\s*"
                              r"(?:the\s+)?(?:how much|total|sum|amount)\b", re.I)
# The amount paid out or approved, asked beside a count ("how many got paid, and how much was paid?").
_AMOUNT_PAID = re.compile(r"\bhow much (?:\w+ ){0,3}?(?:was|were|got|been|is|has been|have been) "
                          r"(?:paid|approved|reimbursed)\b|"
                          r"\b(?:total|amount) (?:paid|approved|reimbursed)\b", re.I)
# Measures listed one after another ("the number of claims, the total claimed and the total approved").
_COUNT_LISTED = re.compile(r"\bhow many\b|\bnumber of\b|\bno\.? of\b|\bcount\b", re.I)
_CLAIMED_LISTED = re.compile(r"\b(?:total|amount|sum)\b(?: \w+){0,2}? claimed\b|\bclaimed (?:total|amount)\b", re.I)
_APPROVED_LISTED = re.compile(r"\b(?:total|amount|sum)\b(?: \w+){0,2}? (?:approved|reimbursed|paid (?:out|back))\b|"
                              r"\bapproved (?:total|amount)\b", re.I)
# An average with the words that name what it averages ("the average amount per claim", "avg per claim").
_AVERAGE_PHRASE = re.compile(r"\b(?:average|avg|mean|typical)\b(?: (?:amount|value|sum|claimed|spend|cost))?"
                             r"(?: (?:per|for each|of each|of a) claim)?|\b(?:amount )?per claim\b", re.I)
# A total named as one of several measures ("the total", "how much altogether", "jumlah" → "total").
_TOTAL_NAMED = re.compile(r"\btotal\b|\bsum\b|\bhow much\b|\badd(?:s|ed)? up\b|\baltogether\b|\bamount\b", re.I)
# The year something is weighed against ("than it was in 2025", "compared with last year").
_AGAINST = re.compile(r"\b(?:than|compared? (?:with|to)|vs\.?|versus|since)\s+"
                      r"(?:(?:it|i|what|was|were|did|claimed|spent|had|in|for|during|the|my|one|ones)\s+){0,4}"
                      r"(?:(?:last|previous|prior) year|20\d\d)\b", re.I)


@dataclass(frozen=True)
class Figures:
    """The figures one question asks for.

    ``kind`` is ``years``, ``categories``, ``measures``, ``claimed_approved``, ``claimed_left``, ``balances`` or
    ``balance_years``. Every (year × category × measure) combination is stated; ``gap`` adds the
    difference between the first two figures and which is larger.
    """

    kind: str
    intent: str
    measures: tuple[tuple[str, str], ...] = (("sum", "amount_claimed"),)
    years: tuple[int | None, ...] = (None,)
    categories: tuple[str | None, ...] = (None,)
    gap: bool = False
    combined: bool = False  # the figures' sum is stated too
    statuses: tuple[str | None, ...] = (None,)  # one set of figures per status ("pending, and rejected?")
    start: str | None = None  # a span of service dates (ISO), e.g. the month asked about
    end: str | None = None
    paid_out: bool = False  # the amount of paid claims is the money paid out (approved), not what was claimed


def years_named(question: str) -> tuple[int, ...]:
    """The benefit years a question names, in the order named ("this year than last year" → 2026, 2025)."""
    found = [(m.start(), int(m.group(0))) for m in _YEAR.finditer(question)]
    found += [(m.start(), AS_OF.year) for m in _THIS_YEAR.finditer(question)]
    found += [(m.start(), AS_OF.year - 1) for m in _LAST_YEAR.finditer(question)]
    return tuple(dict.fromkeys(year for _, year in sorted(found)))


def one_question(message: str) -> bool:
    """Whether a whole message asks for figures weighed against each other, so is answered as one question.

    "More this year than last year? By how much?", "how much did I claim and how much was
    approved for dental?" or "the gap between what I claimed and what was approved": split into
    clauses, one part would lose what the other names.
    """
    if _month_named(message):
        return False
    asks = len(ASK.findall(message))
    return ((len(years_named(message)) >= 2 and (bool(COMPARE.search(message)) or asks >= 2))  # "in 2025, and in 2026?"
            or _claimed_and_approved(message, asks)
            or (asks >= 2 and bool(COUNT.search(message)) and _amount_beside_count(message)  # "how many, what total?"
                and not cues.BALANCE_WORDS.search(message))
            or bool(re.search(r"\b(?:gap|differen\w*|diff)\b.*\bbetween\b.+\band\b", message, re.I))
            or len(_measures_listed(message)) >= 2  # "the number of claims, the total claimed and …"
            or (len(_statuses_asked(message)) >= 2 and bool(COUNT.search(message) or AMOUNT.search(message))))


def plan(question: str, e: Entities, earlier: Entities | None = None) -> Figures | None:
    """The figures a data question asks for, or None when it asks for one figure (or a list).

    Args:
        question: The canonical question (or clause).
        e: Its entities (filled in from an earlier clause or turn).
        earlier: The previous turn's entities when the question follows up on it ("compare with
            last year?" weighs the year asked before against last year).
    """
    if e.claim_id or e.order:
        return None
    if e.start:  # a month or span: a count beside a total ("for October, how many, and what did they total?")
        found = _two_measures(question, e, e.year, False)
        if found is None or found.kind != "measures":
            return None
        return Figures(found.kind, found.intent, found.measures, found.years, found.categories,
                       start=iso(e.start), end=iso(e.end))
    if _month_named(question):
        return None
    if len(statuses := _statuses_asked(question)) >= 2 and (e.metric or COUNT.search(question)
                                                           or AMOUNT.search(question)):
        measures = [("count", "amount_claimed")] if COUNT.search(question) or e.metric == "count" else []
        if not measures or _amount_beside_count(question):
            measures.append(("sum", "amount_claimed"))
        return Figures("statuses", "claim_aggregate", tuple(measures), (years_named(question) or (e.year,))[:1],
                       (e.category,), statuses=statuses, paid_out=bool(PAID_OUT.search(question)))
    balance = bool(cues.BALANCE_WORDS.search(question) or LEFT.search(question) or limits.asks_balance(question, e))
    years = _years_weighed(question, earlier)
    if len(years) >= 2:
        if balance and not CLAIMED_VERB.search(question):
            return Figures("balance_years", "balance", years=years[:2], categories=(e.category,))
        return Figures("years", "claim_aggregate", (_measure(question, e),), years[:2], (e.category,),
                       gap=bool(COMPARE.search(question)), combined=bool(COMBINED.search(question)))
    year = years[0] if years else e.year
    if len(e.categories) >= 2:
        return _two_categories(question, e, year, balance)
    return _two_measures(question, e, year, balance, earlier)


def _years_weighed(question: str, earlier: Entities | None) -> tuple[int, ...]:
    """The years a question weighs against each other.

    Those it names, with this year added when it weighs it against another ("higher than last
    year?"), and the year asked before in a follow-up ("compare with 2025?").
    """
    years = years_named(question)
    if not COMPARE.search(question):
        return years
    if (len(years) == 1 and years[0] != AS_OF.year and (against := _AGAINST.search(question))
            and years_named(against.group(0))):
        years = (AS_OF.year, years[0])
    if earlier is not None and earlier.year and years:
        years = tuple(dict.fromkeys((earlier.year, *years)))
    return years


def _two_categories(question: str, e: Entities, year: int | None, balance: bool) -> Figures | None:
    """Two categories: which balance has more left, each one's figure, or which has more claims."""
    if balance:
        if COMPARE.search(question) and not CLAIMED_VERB.search(question):
            return Figures("balances", "balance", years=(year,), categories=e.categories[:2], gap=True)
        return None  # "what's left on specialist and on GP?": the balance lines say it
    measure = _measure(question, e)
    if e.compare and measure[0] != "count":
        return None  # two categories' amounts compared: the baseline's comparison answers it
    joined = bool(COMBINED.search(question) or (JOINED.search(question) and not EACH.search(question)))
    if (e.compare or EACH.search(question) or len(ASK.findall(question)) >= 2 or AMOUNT.search(question)
            or joined):
        return Figures("categories", "claim_aggregate", (measure,), (year,), e.categories[:2], gap=e.compare,
                       combined=joined)
    return None


def _two_measures(question: str, e: Entities, year: int | None, balance: bool,
                  earlier: Entities | None = None) -> Figures | None:
    """Claimed and approved (or the gap), a count and a total, or what was claimed and what is left.

    A follow-up that weighs what was approved against the amount claimed before ("how does that
    compare with what got approved?") asks for both.
    """
    asks = len(ASK.findall(question)) + len(JOINED_AMOUNT.findall(question))
    weighs_approved = (earlier is not None and earlier.field == "amount_claimed" and earlier.metric != "count"
                       and bool(APPROVED.search(question) and COMPARE.search(question)))
    if _claimed_and_approved(question, asks) or weighs_approved:
        return Figures("claimed_approved", "claim_aggregate", (("sum", "amount_claimed"), ("sum", "amount_approved")),
                       (year,), (e.category,), gap=bool(SHORTFALL.search(question)))
    if (balance and asks >= 2 and COUNT.search(question) and not _amount_beside_count(question.split(",")[-1])
            and (left := cues.BALANCE_WORDS.search(question) or LEFT.search(question))):
        # "balance specialist left how much, and this year already claim how many times?": the count and the balance
        # A count of claims is a figure over the claims, whichever is asked first; the balance comes with it.
        return Figures("claimed_left", "claim_aggregate", (("count", "amount_claimed"),), years=(year,),
                       categories=(e.category,))
    if len(named := measures_named(question, e)) >= 2 and not balance:
        # "how many claims, the total, and the average per claim?", "no. of claims, avg per claim": each one
        return Figures("measures", "claim_aggregate", named, (year,), (e.category,))
    joined = COUNT_AND_AMOUNT.search(question) and len(_measures_listed(question)) < 2  # not "count, claimed, approved"
    if (asks >= 2 or joined) and COUNT.search(question) and _amount_beside_count(question):
        amount = "avg" if AVERAGE.search(question) else "sum"  # "how many, and the average amount per claim?"
        field = "amount_approved" if _AMOUNT_PAID.search(question) else e.field  # "how much was paid in total"
        return Figures("measures", "claim_aggregate", (("count", "amount_claimed"), (amount, field)),
                       (year,), (e.category,))
    if len(listed := _measures_listed(question)) >= 2 and not balance:
        return Figures("measures", "claim_aggregate", listed, (year,), (e.category,))
    if (asks >= 2 and balance and (claimed := CLAIMED_VERB.search(question))
            and not limits.asks_balance(question, e)):  # "what I've spent from it": used of the limit, a balance
        left = cues.BALANCE_WORDS.search(question) or LEFT.search(question) or limits.USED_OR_LEFT.search(question)
        return Figures("claimed_left", "claim_aggregate" if claimed.start() < left.start() else "balance",
                       years=(year,), categories=(e.category,))
    return None


def _claimed_and_approved(question: str, asks: int) -> bool:
    """Whether what was claimed and what was approved are both asked, or the part not approved.

    "claim how much, got back how much?"; "how much didn't get approved?".
    """
    if not APPROVED.search(question) or re.search(r"\bhow many\b", question, re.I):
        return False
    if CLAIMED_VS_APPROVED.search(question):  # "wellness last year - claimed vs approved?": both, side by side
        return True
    if not CLAIMED.search(question):  # "how much of it didn't get approved?": the part of a claimed amount
        return bool(SHORTFALL.search(question) and _AMOUNT_ASKED.search(question)
                    and not re.search(r"\bnot yet\b", question, re.I))  # "not yet approved" is pending
    return asks >= 2 or bool(SHORTFALL.search(question) and _AMOUNT_ASKED.search(question))


def answer(f: Figures, e: Entities, tools: UserTools, fill: Callable[..., str]) -> tuple[str, str]:
    """The answer text for ``f`` (and its intent), from the user's tools; a tool error is said as such."""
    if f.kind in ("balances", "balance_years"):
        return f.intent, _balances(f, tools, fill)
    figures: list[tuple[str, float, str]] = []  # (label, value, shown)
    status = e.status
    if status == "approved" and any(field == "amount_approved" for _, field in f.measures):
        status = None  # "what was approved" names the amount measured, not a status to filter on
    span = f" from {f.start} to {f.end}" if f.start else ""
    statuses = f.statuses if f.statuses != (None,) else (status,)
    for year in f.years:
        for category in f.categories:
            for picked in statuses:
                for metric, field in f.measures:
                    if picked == "paid" and f.paid_out and field == "amount_claimed" and metric != "count":
                        field = "amount_approved"  # "how much was paid out to me": the money paid, not claimed
                    rows = _summary(tools, e, metric, field, category, picked, year, f.start, f.end)
                    if isinstance(rows, dict):
                        return f.intent, rows["error"]
                    value = rows[0]["value"] if rows else 0.0
                    claims = rows[0]["claims"] if rows else 0
                    shown = f"{int(value)}" if metric == "count" else f"MYR {money(value)}"
                    if metric != "count":
                        shown += f" across {claims} claim(s)"
                    label = f"{MEASURES[(metric, field)]} for your {_filters(picked, category, year)}claims{span}"
                    figures.append((label, value, shown))
    if f.combined and len(figures) >= 2 and len(f.measures) == 1:
        metric, field = f.measures[0]
        total = sum(value for _, value, _ in figures)
        figures.append((f"{MEASURES[(metric, field)]} combined",
                        total, f"{int(total)}" if metric == "count" else f"MYR {money(total)}"))
    if f.kind == "claimed_left":
        rows = tools.get_balances(f.categories[0], f.years[0])
        if isinstance(rows, dict):
            return f.intent, rows["error"]
        figures += [(f"Remaining {r['category_name']} balance for {r['benefit_year']}", r["remaining"],
                     f"MYR {money(r['remaining'])} of MYR {money(r['annual_limit'])}") for r in rows]
    lines = "; ".join(f"{label}: {shown}" for label, _, shown in figures)
    verdict = _verdict(f, figures) if f.gap and len(figures) >= 2 else ""
    return f.intent, fill("figures", lines=lines, verdict=verdict).strip()


def _summary(tools: UserTools, e: Entities, metric: str, field: str, category: str | None, status: str | None,
             year: int | None, start: str | None, end: str | None) -> list[dict] | dict:
    """One figure's summary rows, honouring the question's amount bounds and excluded categories.

    "how many claims over RM500, and their total?": each figure counts only the claims over RM500.
    """
    if e.min_amount is None and e.max_amount is None and not e.excluded:
        return tools.claims_summary(metric, field, None, category, status, year, start, end)
    scoped = replace(e, category=category, status=status, year=year,
                     start=date.fromisoformat(start) if start else None, end=date.fromisoformat(end) if end else None)
    found = (filters.figure_without if e.excluded else filters.figure)(tools, scoped, metric, field)
    return found if "error" in found else [found]


def _balances(f: Figures, tools: UserTools, fill: Callable[..., str]) -> str:
    """Remaining balances: two categories (which has more left) or one category at two years."""
    found: list[dict] = []
    for year in f.years:
        for category in f.categories:
            rows = tools.get_balances(category, year)
            if isinstance(rows, dict):
                return rows["error"]
            found += rows
    lines = "; ".join(f"{r['category_name']} ({r['benefit_year']}): limit MYR {money(r['annual_limit'])}, "
                      f"used MYR {money(r['used'])}, remaining MYR {money(r['remaining'])}" for r in found)
    verdict = ""
    if f.gap and len(found) >= 2:
        a, b = found[0], found[1]
        if a["remaining"] == b["remaining"]:
            verdict = "Both have the same left."
        else:
            more, less = (a, b) if a["remaining"] > b["remaining"] else (b, a)
            verdict = (f"More left on {NAMES[more['category_code']]}, by "
                       f"MYR {money(more['remaining'] - less['remaining'])}.")
    return fill("figures", lines=lines, verdict=verdict).strip()


def _verdict(f: Figures, figures: list[tuple[str, float, str]]) -> str:
    """The gap between the first two figures, and which is larger."""
    (_, a, _), (_, b, _) = figures[0], figures[1]
    count = f.measures[0][0] == "count"
    gap = f"{int(abs(a - b))}" if count else f"MYR {money(abs(a - b))}"
    if f.kind == "claimed_approved":
        return f"Not approved (claimed minus approved): MYR {money(a - b)}."
    if round(a, 2) == round(b, 2):
        return "They are the same."
    if f.kind == "years":
        later, earlier = f.years[0], f.years[1]
        higher = later if a > b else earlier
        more = "More claims" if count else "Higher"
        return f"{more} in {higher}, by {gap} (difference between {later} and {earlier})."
    more = f.categories[0] if a > b else f.categories[1]
    return f"More on {NAMES[more]}, by {gap}."


def _measure(question: str, e: Entities) -> tuple[str, str]:
    """What a comparison weighs: an average, a count ("more claims", "how often") or an amount."""
    if e.metric == "avg":
        return "avg", e.field
    if e.metric == "count" or (COUNT.search(question) and not re.search(r"\bspen[dt]\b|\bhow much\b", question, re.I)):
        return "count", "amount_claimed"
    return "sum", e.field


def measures_named(question: str, e: Entities) -> tuple[tuple[str, str], ...]:
    """Every measure a question names, however they are joined: a count, a total, an average (in that order).

    "how many claims, the total, and the average per claim?" names three; "the total … and the average
    amount per claim" two ("amount" inside the average's phrase is not a total of its own). A total of what
    was paid out is the approved amount (``e.field``).
    """
    rest = _AVERAGE_PHRASE.sub(" ", question)
    named = []
    if _COUNT_LISTED.search(question) or re.search(r"\bhow many times\b|\bhow often\b", question, re.I):
        named.append(("count", "amount_claimed"))
        rest = re.sub(r"\bnumber of\b|\bno\.? of\b|\btotal (?:number|count)\b", " ", rest, flags=re.I)
    field = "amount_approved" if _AMOUNT_PAID.search(question) else e.field
    if totals := [m for m in _measures_listed(question) if m[0] == "sum"]:
        named += totals  # "the total claimed and the total approved": each total by its name
    elif _TOTAL_NAMED.search(rest):
        named.append(("sum", field))
    if AVERAGE.search(question):
        named.append(("avg", field))
    return tuple(named)


def _measures_listed(question: str) -> tuple[tuple[str, str], ...]:
    """The measures a question lists by name, in a fixed order (count, total claimed, total approved)."""
    listed = ((_COUNT_LISTED, ("count", "amount_claimed")), (_CLAIMED_LISTED, ("sum", "amount_claimed")),
              (_APPROVED_LISTED, ("sum", "amount_approved")))
    return tuple(measure for rx, measure in listed if rx.search(question))


def _statuses_asked(question: str) -> tuple[str, ...]:
    """The statuses a question asks a figure of, each with its own question word, in the order named.

    "how many are still pending, and how many got rejected?" asks two; "how many approved or paid claims?"
    (one question word) and "approved, paid or still waiting?" (no figure asked) filter or ask a status.
    """
    if len(ASK.findall(question)) < 2 and not EACH.search(question):
        return ()
    found = sorted((m.start(), name) for name, rx in _STATUS_WORDS.items() if (m := re.search(rx, question, re.I)))
    return tuple(dict.fromkeys(name for _, name in found))


def _amount_beside_count(question: str) -> bool:
    """Whether an amount is asked besides a count ("how many …, total how much?")."""
    rest = re.sub(r"\bnumber of\b|\bno\.? of\b|\btotal (?:number|count)\b", "", question, flags=re.I)
    return bool(AMOUNT.search(rest))


def _month_named(question: str) -> bool:
    return bool(re.search(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+20\d\d\b|"
                          r"\b(?:this|last|previous) month\b", question, re.I))


def _filters(status: str | None, category: str | None, year: int | None) -> str:
    words = [status or "", NAMES[category] if category else "", str(year) if year else ""]
    text = " ".join(w for w in words if w)
    return f"{text} " if text else ""

