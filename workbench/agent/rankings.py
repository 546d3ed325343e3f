"""Rankings over the user's own claims, for the offline baseline.

A ranking asks for claims or groups of claims in an order rather than for one figure: the top
``n`` claims by amount ("top 3", "my two most expensive claims") or only the ``n``-th ("my
second biggest claim"), the largest and the smallest at once, the largest of two years side by
side, the benefit category or the month with the most claimed (or the most claims: "most
often"), and claims ordered by date (the very first claim of a year, the most recent visit, the
pending claim that has waited longest, the ``n``-th newest or the ``n`` newest claims: "second most
recent", "last 3 claims"). ``after`` reads a follow-up that moves along a ranking asked before
("the second one?", "the one after that?", "and the one before that?" after the latest claim).

``request`` reads one from a (canonical, see ``entities.canonical``) question; ``answer``
answers it with the user-bound tools and the prompt version's templates. The patterns are
written from how people ask (ordinal and number words, "which category/month", "most often",
Malay glossed by ``canonical``) and fit on the dev split only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from workbench.agent import filters
from workbench.agent.entities import _ORDER_WORDS, Entities
from workbench.agent.figures import years_named
from workbench.agent.tools import UserTools
from workbench.agent.wording import iso, money

#: Answer templates the prompt version may override (``baseline.templates``); older versions
#: that lack them use these.
TEMPLATES = {
    "ranked": "Your {n} {order} {filters}claims (out of {count}), {order} first:",
    "ranked_short": "Of your {filters}claims there are only {count}, so there is no {place} {order} one.",
    "nth": "Your {place} {order} {filters}claim out of {count}: {claim}",
    "top_group": "You claimed the {most} for {label}{period}: {value}.",
    "top_group_next": "Next: {label}, {value}.",
    "by_date": "Your {which} {filters}claim ({basis}, out of {count}): {claim}",
    "years_verdict": "Your {order} claim in {first} (MYR {a}) is {relation} your {order} in {second} "
                     "(MYR {b}){gap}.",
}

_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            **{str(i): i for i in range(1, 11)}}
_PLACES = {"second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5}
_PLACE_WORDS = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}
_LARGE = rf"(?:{_ORDER_WORDS['largest']}|most(?! recent| recently)|top|max\w*)"
_SMALL = rf"(?:{_ORDER_WORDS['smallest']}|least|fewest|min(?:imum)?)"
_NUMBER = r"(?:" + "|".join(_NUMBERS) + r")"
# "top 3", "my three largest claims", "dua claim paling mahal" (→ "two claim most expensive").
_TOP_N = re.compile(rf"\btop ({_NUMBER})\b|\b({_NUMBER}) (?:[\w-]+ ){{0,1}}?(?:{_LARGE}|{_SMALL})\b|"
                    # Malay word order puts the claims first: "two claim health screening my that most expensive"
                    rf"\b({_NUMBER}) claims? (?:[\w-]+ ){{0,4}}?(?:{_LARGE}|{_SMALL})\b|"
                    rf"\b(?:{_LARGE}|{_SMALL}) ({_NUMBER}) (?:[\w-]+ )?claims\b", re.I)
# "second biggest", "2nd highest", "the third most expensive".
_NTH = re.compile(rf"\b({'|'.join(_PLACES)}) (?:[\w-]+ )?(?:{_LARGE}|{_SMALL})\b", re.I)
_IS_LARGE = re.compile(rf"\b{_LARGE}\b", re.I)
_IS_SMALL = re.compile(rf"\b{_SMALL}\b", re.I)
# "which category / what type of claim / which month", and Malay word order ("kategori apa").
_GROUP = re.compile(r"\b(?:which|what|wich|wat)\s+(?:[\w-]+\s+){0,2}?(categor(?:y|ies)|types?|kinds?|benefits?|"
                    r"months?|mnth|mth)\b|\b(category|month|type)\s+(?:[\w-]+\s+)?(?:which|what)\b", re.I)
# The groups named as the set a ranking picks from ("out of the months …, which one had the lowest total?",
# "among the categories I claimed under, which …?", Malay "antara kategori …, mana satu").
_GROUP_AMONG = re.compile(r"\b(?:among|amongst|out of|of all|of|between|from|across)\s+"
                          r"(?:the\s+|all\s+(?:the\s+|my\s+)?|my\s+)?"
                          r"(months?|mnth|mth|categor(?:y|ies)|types?|kinds?)\b.{0,80}?\b(?:which|what)\b", re.I)
# "busiest month", "peak month for claims": the month (or category) with the most claims.
_BUSIEST = re.compile(r"\b(?:busiest|peak)\s+(?:[\w-]+\s+)?(months?|mnth|mth|categor(?:y|ies)|types?)\b|"
                      r"\b(months?|categor(?:y|ies))\s+(?:[\w-]+\s+){0,2}?(?:busiest|peak)\b", re.I)
# Counting claims rather than adding up amounts ("most often", "the most claims").
_BY_COUNT = re.compile(r"\boften\b|\bfrequent\w*|\brarely\b|\bseldom\b|\bcommon\b|\busual\w*|\bhow many times\b|"
                       r"\bmost (?:number of )?claims\b|\bnumber of claims\b|\bthe most times\b|"
                       # "fewest" counts things ("the fewest claims", "the fewest times")
                       r"\bfewest\b|\bleast (?:number of )?(?:times|claims)\b", re.I)
# The fewest claims ("least often", "rarely", "seldom", "the fewest claims"): a group ranked from the bottom by count.
_RARELY = re.compile(r"\brarely\b|\bseldom\b|\bfewest\b|\bleast (?:often|frequently|times|number)\b", re.I)

# The plan's terms, not the user's records: "which category has the highest limit?".
_PLAN_WORDS = re.compile(r"\blimits?\b|\bcover\w*|\bentitle\w*|\ballowances?\b|\bbalances?\b|\bremaining\b|"
                         r"\bleft\b|\bpolicy\b|\bdeadlines?\b", re.I)
# By date: the first claim of a period, the most recent visit, the one waiting longest.
_FIRST = re.compile(r"\b(?:first|earliest|oldest)\s+(?:[\w-]+\s+){0,2}?(?:claims?|visits?|appointments?|receipts?)\b",
                    re.I)
_LATEST = re.compile(r"\b(?:most recent|latest|last(?! (?:year|yr|month|week))|newest)\s+(?:[\w-]+\s+){0,2}?"
                     r"(?:claims?|visits?|appointments?)\b", re.I)
# Malay word order names the claim first: "claim gigi I yang last sekali" → "claim dental my that latest".
_CLAIM_FIRST = re.compile(r"\bclaims?\b(?: [\w-]+){0,4}? (?:first|earliest|oldest)\b(?! (?:time|submitted))", re.I)
_CLAIM_LATEST = re.compile(r"\bclaims?\b(?: [\w-]+){0,4}? (?:latest|most recent|newest)\b", re.I)
# The next place down a ranking answered before: "the one after that?", "and the next biggest?".
_AFTER = re.compile(r"\b(?:one|claim)s?\s+(?:right\s+)?(?:after|below|behind|under)\s+(?:that|it|this|the top)\b|"
                    r"\bnext (?:one|claim|(?:\w+ )?(?:biggest|largest|highest|expensive|smallest|cheapest|lowest))\b|"
                    r"\brunner[- ]up\b", re.I)
# "second most recent", "2nd last", "the third oldest": the n-th claim by date of service.
_NTH_DATE = re.compile(rf"\b({'|'.join(_PLACES)})\s+(?:to\s+)?(most recent|latest|newest|last|oldest|earliest|first)\b",
                       re.I)
# Not a period ("claims last month", "3 claims in the first quarter").
_NEWEST_WORDS = r"(?:most recent|latest|newest|recent|last(?!\s+(?:year|yr|month|mth|week|time|quarter)))"
_OLDEST_WORDS = r"(?:earliest|oldest|first(?!\s+(?:half|quarter|month|week|time)))"
# "last 3 claims", "my 3 most recent dental claims", "first two claims of 2025", "3 claim terakhir"
# (Malay word order, glossed "3 claim last"): the n newest (or oldest) claims.
_TOP_DATE = re.compile(rf"\b({_NEWEST_WORDS}|{_OLDEST_WORDS})\s+({_NUMBER})\s+(?:[\w-]+\s+){{0,2}}?claims?\b|"
                       rf"\b({_NUMBER})\s+({_NEWEST_WORDS}|{_OLDEST_WORDS})\s+(?:[\w-]+\s+){{0,2}}?claims?\b|"
                       rf"\b({_NUMBER})\s+claims?\s+(?:[\w-]+\s+){{0,3}}?({_NEWEST_WORDS}|{_OLDEST_WORDS})\b", re.I)
# "month with the highest claims amount", "category with the most claims": a group ranked, as "which month".
_GROUP_WITH = re.compile(rf"\b(months?|mnth|mth|categor(?:y|ies)|types?)\s+(?:with|having|that (?:had|has))\s+"
                         rf"(?:the\s+)?(?:{_LARGE}|{_SMALL}|fewest)\b", re.I)
# A follow-up naming only a place ("the second one?", "and the 3rd?"): that place of the ranking before.
_PLACE_ALONE = re.compile(rf"^\W*(?:and\s+|what about\s+|how about\s+|then\s+|ok\W+)?(?:the\s+|my\s+|that\s+)?"
                          rf"({'|'.join(_PLACES)})(?:\s+(?:one|claim))?\W*$", re.I)
# "and the one before that?" after the newest claim: the one served before it.
_BEFORE = re.compile(r"\b(?:one|claim)s?\s+(?:right\s+|just\s+)?before\s+(?:that|it|this|itu|tu)\b|"
                     r"\bprevious (?:one|claim)\b|"
                     # Malay "yang sebelum tu?" (glossed "that before that?")
                     r"^\W*(?:and\s+)?(?:the\s+|that\s+)?before\s+(?:that|it|this|itu|tu)\W*$", re.I)
_WAITING = re.compile(r"\blongest\b(?! one\b)", re.I)  # "waiting the longest", "paling lama"
# "which pending claim is the oldest one": the undecided claim waiting longest (not "pending, oldest first": a list).
_OLDEST_UNDECIDED = re.compile(r"\b(?:oldest|earliest)\b(?! first).{0,30}\b(?:pending|undecided|outstanding)\b|"
                               r"\b(?:pending|undecided|outstanding)\b.{0,30}\b(?:oldest|earliest)\b(?! first)", re.I)
# Asked whether something happened ("has my latest claim been approved?"): a status question.
_STATUS_ASKED = re.compile(r"^\W*(?:is|was|were|are|has|have|had|did|does|do)\b|\bwhether\b|\bstatus\b|"
                           r"\bapproved\b|\bpaid\b|\brejected\b|\bgone through\b|\bprocessed\b", re.I)
# A status that picks the claims ranked rather than one asked about ("the most recent claim that got
# rejected", "my latest rejected claim"): "has my latest claim been approved?" asks a status instead.
_STATUS_FILTER = re.compile(r"\b(?:that|which|who)\s+(?:got|get|was|were|has been|have been|had been|is|are|been)\s+"
                            r"(?:\w+\s+)?(?:reject\w*|declin\w*|denied|approved|paid|pending)\b|"
                            r"\b(?:rejected|declined|denied|approved|paid|pending)\s+(?:[\w-]+\s+)?(?:claims?|ones?)\b",
                            re.I)
# Both ends by date, joined ("first and latest claim this year", "my newest & oldest claims").
_BOTH_ENDS = re.compile(r"\b(?:first|earliest|oldest)\b(?: [\w-]+){0,3}? (?:and|&|plus|\+) (?:the |my )?"
                        r"(?:latest|last|most recent|newest)\b(?! (?:year|yr|month|week))|"
                        r"\b(?:latest|last|most recent|newest)\b(?: [\w-]+){0,3}? (?:and|&|plus|\+) (?:the |my )?"
                        r"(?:first|earliest|oldest)\b", re.I)
# "when was the last time I claimed for wellness?", "when did I last see the dentist?": the newest claim.
_LAST_TIME = re.compile(r"\b(?:last|latest|most recent) time (?:i|we)\b|\bwhen did i last\b", re.I)
# "the most I've claimed in a single claim": the largest claim, asked by its amount.
_SINGLE = re.compile(rf"\b(?:{_LARGE})\b.{{0,40}}\b(?:single|one) claim\b", re.I)
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


@dataclass(frozen=True)
class Ranking:
    """What a ranking question asks for.

    ``kind``: ``top`` (the ``n`` largest or smallest claims), ``nth`` (only the ``n``-th),
    ``range`` (the largest and the smallest), ``years`` (the largest of each of two years),
    ``group`` (the category or month with the most), ``date`` (a claim by date of service),
    ``dates`` (the first and the most recent claim).
    """

    kind: str
    order: str = "largest"  # largest | smallest; for ``date``: oldest | newest
    n: int = 1
    group_by: str | None = None  # category | month
    by_count: bool = False
    waiting: bool = False  # the undecided claim waiting longest
    years: tuple[int, ...] = ()
    asks_status: bool = False  # "the status of my second most recent claim": that claim's status

    @property
    def intent(self) -> str:
        """A claim found by its date is history; every other ranking is a figure over the claims.

        The n-th (or n) newest or oldest claims are history too, or a status when one is asked.
        """
        if self.order in ("newest", "oldest") and self.kind in ("nth", "top"):
            return "claim_status" if self.asks_status else "claim_history"
        return "claim_history" if self.kind in ("date", "dates") and not self.waiting else "claim_aggregate"


def request(question: str) -> Ranking | None:
    """The ranking a (canonical) question asks for, or None."""
    large, small = bool(_IS_LARGE.search(question)), bool(_IS_SMALL.search(question) or _RARELY.search(question))
    order = "smallest" if small and not large else "largest"
    group = _GROUP.search(question) or _GROUP_WITH.search(question) or _GROUP_AMONG.search(question)
    if group and (large or small or _BY_COUNT.search(question)) and not _PLAN_WORDS.search(question):
        word = next(g for g in group.groups() if g).lower()
        group_by = "month" if word.startswith("m") else "category"
        return Ranking("group", order, group_by=group_by, by_count=bool(_BY_COUNT.search(question)))
    if (busy := _BUSIEST.search(question)) and not _PLAN_WORDS.search(question):
        word = (busy.group(1) or busy.group(2)).lower()
        group_by = "month" if word.startswith("m") else "category"
        by_amount = re.search(r"\b(?:amount|how much|MYR|spen[dt]|value)\b", question, re.I)
        return Ranking("group", "largest", group_by=group_by, by_count=not by_amount)
    if place := _NTH.search(question):
        return Ranking("nth", _order_of(place.group(0)), n=_PLACES[place.group(1).lower()])
    if place := _NTH_DATE.search(question):
        return Ranking("nth", _date_order_of(place.group(2)), n=_PLACES[place.group(1).lower()],
                       asks_status=_asks_status(question))
    if (top := _TOP_N.search(question)) and (n := _NUMBERS[next(g for g in top.groups() if g).lower()]) > 1:
        return Ranking("top", _order_of(top.group(0)), n=n)
    if (top := _TOP_DATE.search(question)) and (
            n := _NUMBERS[next(g for g in top.groups() if g and g.lower() in _NUMBERS).lower()]) > 1:
        which = next(g for g in top.groups() if g and g.lower() not in _NUMBERS)
        return Ranking("top", _date_order_of(which), n=n, asks_status=_asks_status(question))
    if re.search(rf"\b{_ORDER_WORDS['largest']}\b", question, re.I) and \
            re.search(rf"\b{_ORDER_WORDS['smallest']}\b", question, re.I):
        return Ranking("range")
    if re.search(rf"\b(?:{_ORDER_WORDS['largest']}|{_ORDER_WORDS['smallest']})\b", question, re.I) \
            and len(years := years_named(question)) == 2:
        return Ranking("years", order, years=years)
    if _WAITING.search(question) or _OLDEST_UNDECIDED.search(question):
        return Ranking("date", "oldest", waiting=True)
    if _BOTH_ENDS.search(question):
        return Ranking("dates")
    if _FIRST.search(question) or _CLAIM_FIRST.search(question):
        return Ranking("date", "oldest")
    if ((_LATEST.search(question) or _CLAIM_LATEST.search(question) or _LAST_TIME.search(question))
            and (not _STATUS_ASKED.search(question) or _STATUS_FILTER.search(question))):
        return Ranking("date", "newest")
    if _SINGLE.search(question):
        return Ranking("top", "largest", n=1)
    return None


# What happened to a claim, or whether it was paid ("what happened to my first claim?", "did it get
# paid?", "money been paid ke?"): its status is asked, the claim is picked by its date.
_HAPPENED = re.compile(r"\bwhat happened\b|\bwhat(?:'s| is) happening\b|\b(?:been|get|got|is|was) "
                       r"(?:paid|approved|rejected|processed)\b(?!\s+(?:claims?|ones?)\b)|\bstatus\b|"
                       r"\bcredited\b", re.I)


def status_of_dated(rank: Ranking | None, question: str) -> bool:
    """Whether a claim picked by its date is asked about for its status ("my very first claim: did it get paid?").

    The claim is one, found by date, and the question is what became of it: a status question,
    not a listing.
    """
    return bool(rank is not None and rank.kind == "date" and not rank.waiting and rank.n == 1
                and _HAPPENED.search(question) and not _STATUS_FILTER.search(question))


def after(question: str, earlier: str) -> Ranking | None:
    """The place of a ranking an earlier (canonical) question asked that this follow-up asks for.

    "what about the one after that?" after "top claim in 2025" is the second largest; after "my
    second biggest claim" the third. "the second one?" after "biggest claim in 2025" is the
    second largest; "and the one before that?" after "status of my latest claim?" the second
    newest claim (and its status).
    """
    place = _PLACE_ALONE.search(question)
    before_it = _BEFORE.search(question)
    if not (_AFTER.search(question) or place or before_it):
        return None
    before = request(earlier)
    if before is not None and before.kind in ("nth", "top"):
        order, n = before.order, before.n
    elif before is not None and before.kind == "date" and not before.waiting:
        order, n = before.order, 1  # "my first claim of 2025"
    elif before is None and (_IS_LARGE.search(earlier) or _IS_SMALL.search(earlier)):
        order, n = _order_of(earlier), 1  # "top claim", "my cheapest claim": the first place
    elif before is None and (_LATEST.search(earlier) or _CLAIM_LATEST.search(earlier)):
        order, n = "newest", 1  # "status of my latest claim?" (a status asked, so not a ranking itself)
    else:
        return None
    if place:
        n = _PLACES[place.group(1).lower()]
    elif before_it and order != "newest":
        return None  # before the oldest claim there is none
    else:
        n += 1
    dated = order in ("newest", "oldest")
    asks = dated and bool(_asks_status(earlier) or _asks_status(question))
    return Ranking("nth", order, n=n, asks_status=asks) if n in _PLACE_WORDS else None


# A ranking word with nothing else ("the biggest one?", "and the latest?", "my cheapest"): said after a
# question about claims, it ranks those claims.
_BARE = re.compile(rf"^\W*(?:(?:and|also|then|ok|so)\W+)?(?:what about\s+|how about\s+)?(?:the|my|which (?:is|was) "
                   rf"(?:the|my))\s+(?:very\s+)?({_LARGE}|{_SMALL}|most recent|latest|newest|last|oldest|earliest|"
                   rf"first)(?:\s+(?:one|claim))?\W*$", re.I)


def bare(question: str) -> Ranking | None:
    """The ranking a bare ranking word asks for ("the biggest one?": the largest claim; "the latest?": the newest)."""
    if not (m := _BARE.search(question)):
        return None
    word = m.group(1).lower()
    if word in ("most recent", "latest", "newest", "last"):
        return Ranking("date", "newest")
    if word in ("oldest", "earliest", "first"):
        return Ranking("date", "oldest")
    return Ranking("top", _order_of(word), n=1)


def _order_of(phrase: str) -> str:
    return "smallest" if _IS_SMALL.search(phrase) and not _IS_LARGE.search(phrase) else "largest"


def _date_order_of(word: str) -> str:
    return "oldest" if re.fullmatch(_OLDEST_WORDS, word, re.I) else "newest"


def _asks_status(question: str) -> bool:
    """Whether a question asks the status of the claims it picks, rather than naming a status to pick them by."""
    return bool(_STATUS_ASKED.search(question)) and not _STATUS_FILTER.search(question)


@dataclass(frozen=True)
class Voice:
    """How the baseline words its answers, so rankings read like the rest of them.

    ``fill``: a template of the prompt version filled in; ``claim``: a claim in full; ``line``:
    a claim as a list line; ``filters``: the filters asked for ("rejected dental 2025 ");
    ``names``: category code → the name answers use.
    """

    fill: Callable[..., str]
    claim: Callable[[dict], str]
    line: Callable[[dict], str]
    filters: Callable[[Entities], str]
    names: dict[str, str]


def answer(rank: Ranking, e: Entities, tools: UserTools, v: Voice) -> str:
    """The answer text for a ranking over the claims matching ``e``, from the user-bound tools."""
    if rank.kind == "group":
        return _top_group(rank, e, tools, v)
    if rank.kind == "years":
        return _years(rank, e, tools, v)
    if rank.kind == "range":
        return "\n".join(dict.fromkeys(_extreme(order, e, tools, v) for order in ("largest", "smallest")))
    if rank.kind == "date":
        return _by_date(rank, e, tools, v)
    if rank.kind == "dates":  # the first and the most recent claim, one after the other
        return "\n".join(dict.fromkeys(_by_date(Ranking("date", order), e, tools, v) for order in ("oldest", "newest")))
    if rank.kind == "top" and rank.n == 1:
        return _extreme(rank.order, e, tools, v)
    if rank.asks_status:  # "was my second latest claim approved?": that claim's status, whatever it is
        e = replace(e, status=None)
    found = _search(tools, e, rank.order, rank.n)
    if isinstance(found, str):
        return found
    if not found["count"]:
        return v.fill("no_claims", filters=v.filters(e))
    if rank.kind == "nth":
        if found["count"] < rank.n:
            return v.fill("ranked_short", count=found["count"], filters=v.filters(e), place=_PLACE_WORDS[rank.n],
                          order=rank.order)
        return v.fill("nth", place=_PLACE_WORDS[rank.n], order=rank.order, filters=v.filters(e),
                      count=found["count"], claim=v.claim(found["claims"][rank.n - 1]))
    head = v.fill("ranked", n=min(rank.n, found["count"]), order=rank.order, filters=v.filters(e),
                  count=found["count"])
    return "\n".join([head, *(f"- {v.line(c)}" for c in found["claims"])])


def _search(tools: UserTools, e: Entities, order: str, limit: int) -> dict | str:
    """Matching claims in an order (a tool error as its message).

    A ranking ranks within every filter named: an amount bound or a category left out ("my top 3
    claims excluding hospital") filters the claims before the first ``limit`` are taken.
    """
    if filters.narrows(e):
        found = filters.claims(tools, e, order=order)
        if "error" in found:
            return found["error"]
        return {"count": found["count"], "claims": found["claims"][:limit]}
    found = tools.search_claims(e.category, e.status, iso(e.start), iso(e.end), e.year, limit=limit, order=order)
    return found["error"] if "error" in found else found


def _extreme(order: str, e: Entities, tools: UserTools, v: Voice) -> str:
    found = _search(tools, e, order, 1)
    if isinstance(found, str):
        return found
    if not found["count"]:
        return v.fill("no_claims", filters=v.filters(e))
    return v.fill("superlative", order=order, filters=v.filters(e), count=found["count"],
                  claim=v.claim(found["claims"][0]))


def _years(rank: Ranking, e: Entities, tools: UserTools, v: Voice) -> str:
    """The largest (or smallest) claim of each of two years, and which is larger, by how much."""
    lines, amounts = [], []
    for year in rank.years:
        of_year = replace(e, year=year, start=None, end=None)
        found = _search(tools, of_year, rank.order, 1)
        if isinstance(found, str):
            return found
        if not found["count"]:
            lines.append(v.fill("no_claims", filters=v.filters(of_year)))
            continue
        amounts.append(found["claims"][0]["amount_claimed"])
        lines.append(v.fill("superlative", order=rank.order, filters=v.filters(of_year), count=found["count"],
                            claim=v.claim(found["claims"][0])))
    if len(amounts) == 2:
        a, b = amounts
        relation = "the same as" if a == b else ("larger than" if a > b else "smaller than")
        gap = "" if a == b else f", by MYR {money(abs(a - b))}"
        lines.append(v.fill("years_verdict", order=rank.order, first=rank.years[0], second=rank.years[1],
                            a=money(a), b=money(b), relation=relation, gap=gap))
    return "\n".join(lines)


def _top_group(rank: Ranking, e: Entities, tools: UserTools, v: Voice) -> str:
    """The category or month with the most claimed (or the most claims), and the runner-up."""
    metric = "count" if rank.by_count else "sum"
    # Grouping by category compares all of them; by month, a category named narrows the claims.
    rows = tools.claims_summary(metric, e.field, rank.group_by, e.category if rank.group_by == "month" else None,
                                e.status, e.year, iso(e.start), iso(e.end))
    if isinstance(rows, dict):
        return rows["error"]
    # "which category did I claim most, apart from hospital?": the categories left out are not ranked
    rows = [r for r in rows if r["claims"] and not (rank.group_by == "category" and r["group"] in e.excluded)]
    if not rows:
        return v.fill("no_claims", filters=v.filters(e))
    # sorted() is stable and the store returns groups in key order: a tie keeps the earlier key.
    ranked = sorted(rows, key=lambda r: -r["value"] if rank.order == "largest" else r["value"])

    def shown(r: dict) -> str:
        if metric == "count":
            return f"{int(r['value'])} claim(s)"
        return f"MYR {money(r['value'])} across {r['claims']} claim(s)"

    def label(key: str) -> str:
        if rank.group_by == "month":  # "2026-09" → "September 2026"
            year, month = key.split("-")[:2]
            return f"{_MONTH_NAMES[int(month) - 1]} {year}"
        return v.names.get(key, key)

    period = f" in {e.year}" if e.year and not e.start and rank.group_by != "month" else ""  # "March 2025" says it
    text = v.fill("top_group", most="most" if rank.order == "largest" else "least", label=label(ranked[0]["group"]),
                  period=period, value=shown(ranked[0]))
    if len(ranked) > 1:
        text += " " + v.fill("top_group_next", label=label(ranked[1]["group"]), value=shown(ranked[1]))
    return text


def _by_date(rank: Ranking, e: Entities, tools: UserTools, v: Voice) -> str:
    """The first (or most recent) claim by date of service; waiting: the undecided one submitted earliest."""
    if rank.waiting:
        e = replace(e, status=e.status or "pending")  # only an undecided claim is still waiting
        found = _search(tools, e, "oldest", 50)
        if isinstance(found, str):
            return found
        if not found["count"]:
            return v.fill("no_claims", filters=v.filters(e))
        claim = min(found["claims"], key=lambda c: (c["submitted_date"], c["service_date"], c["claim_id"]))
        return v.fill("by_date", which="longest-waiting", basis="submitted earliest", filters=v.filters(e),
                      count=found["count"], claim=v.claim(claim))
    found = _search(tools, e, rank.order, 1)
    if isinstance(found, str):
        return found
    if not found["count"]:
        return v.fill("no_claims", filters=v.filters(e))
    which = "first" if rank.order == "oldest" else "most recent"
    return v.fill("by_date", which=which, basis="by service date", filters=v.filters(e), count=found["count"],
                  claim=v.claim(found["claims"][0]))


# The date order a question names by itself ("and which was the most recent one?").
_NEWEST_WORD = re.compile(r"\b(?:most recent|latest|newest|last(?! (?:year|yr|month|week|time)))\b", re.I)
_OLDEST_WORD = re.compile(r"\b(?:first|earliest|oldest)\b", re.I)


def date_order(question: str) -> str | None:
    """``newest`` or ``oldest`` when a (canonical) question names one date order and not the other, else None.

    "…and which was the most recent one?" after "which was my first claim of 2026": the second
    part keeps the first part's filters but asks for the other end.
    """
    newest, oldest = bool(_NEWEST_WORD.search(question)), bool(_OLDEST_WORD.search(question))
    return "newest" if newest and not oldest else "oldest" if oldest and not newest else None
