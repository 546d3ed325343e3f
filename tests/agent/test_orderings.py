"""Orderings, n-th claims and follow-ups on rankings, through the offline baseline.

The n-th newest (or oldest) claim and the n newest claims, "the second one?" and "the one
before that?" after a ranking or a latest-claim status, a status asked of a ranked claim, the
reason of the latest *rejected* claim, a month ranked by its total, misspelt date orders, and
"they … altogether" after a count. Questions were written for these tests (dev-style
phrasings), not taken from eval cases; every expected figure comes from the store's API for the
user asking.
"""

import pytest

from workbench.agent import rankings, statuses
from workbench.agent.entities import canonical, extract
from workbench.agent.wording import money


@pytest.fixture(scope="module")
def users(store):
    """Five sample users with at least four claims in 2025 and 2026 each (so n-th places exist)."""
    found = [e for e in store.users(80).email
             if len(store.for_user(e).claims(year=2025)) >= 4 and len(store.for_user(e).claims(year=2026)) >= 4]
    assert len(found) >= 5
    return found[:5]


def _newest(user, **filters):
    """The user's claims, newest first, in the store's date order."""
    return user.claims(order="newest", **filters)


def _distinct_dates(claims, n):
    """Whether the first ``n`` + 1 claims have distinct service dates (so their order is unambiguous)."""
    return len({c.service_date for c in claims[: n + 1]}) == min(n + 1, len(claims))


@pytest.mark.parametrize(("question", "kind", "n", "order", "asks_status"), [
    ("What's the status of my second most recent claim?", "nth", 2, "newest", True),
    ("my 2nd last claim", "nth", 2, "newest", False),
    ("third oldest claim in 2025", "nth", 3, "oldest", False),
    ("last 3 claims", "top", 3, "newest", False),
    ("show my 4 most recent dental claims", "top", 4, "newest", False),
    ("tunjuk 3 claim terakhir", "top", 3, "newest", False),
    ("first two claims of 2025", "top", 2, "oldest", False),
    ("3 claim terbaru I", "top", 3, "newest", False),
    ("claim kedua terakhir I status apa?", "nth", 2, "newest", True),
])
def test_request_reads_nth_and_n_by_date(question, kind, n, order, asks_status):
    rank = rankings.request(canonical(question))
    assert rank is not None, question
    assert (rank.kind, rank.n, rank.order, rank.asks_status) == (kind, n, order, asks_status)
    assert rank.intent == ("claim_status" if asks_status else "claim_history")


@pytest.mark.parametrize(("question", "group_by"), [
    ("month with highest claims amount this yr", "month"),
    ("category with the most spent in 2025", "category"),
    ("the month having the lowest total", "month"),
])
def test_a_group_with_the_most_is_a_group_ranking(question, group_by):
    rank = rankings.request(canonical(question))
    assert rank is not None and rank.kind == "group" and rank.group_by == group_by


@pytest.mark.parametrize("question", [
    "claims in the last 3 months",  # a period, not the three newest claims
    "I made 3 claims last month, which were they?",
    "my 2 claims in the first quarter",
    "what did I claim in the first 2 months of 2025?",
    "the second one?",  # a place in the previous answer: only a follow-up reads it (``after``)
])
def test_periods_and_places_alone_are_not_date_rankings(question):
    rank = rankings.request(canonical(question))
    assert rank is None or rank.kind not in ("nth", "top"), question


@pytest.mark.parametrize(("question", "earlier", "n", "order", "asks_status"), [
    ("the second one?", "biggest claim in 2025", 2, "largest", False),
    ("yang kedua?", "claim gigi paling mahal", 2, "largest", False),
    ("and the 3rd?", "my two cheapest claims", 3, "smallest", False),
    ("and the one before that?", "status of my latest claim?", 2, "newest", True),
    ("yang sebelum tu?", "status claim terbaru I?", 2, "newest", True),
    ("the one after that?", "second most recent claim", 3, "newest", False),
])
def test_after_moves_along_the_earlier_ranking(question, earlier, n, order, asks_status):
    rank = rankings.after(canonical(question), canonical(earlier))
    assert rank is not None and (rank.kind, rank.n, rank.order, rank.asks_status) == ("nth", n, order, asks_status)


@pytest.mark.parametrize(("question", "earlier"), [
    ("the second one?", "show my claims from 2025"),  # a place in a listing: the claim listed there
    ("and the one before that?", "what was my earliest claim in 2025?"),  # nothing before the first
])
def test_after_leaves_other_follow_ups_alone(question, earlier):
    assert rankings.after(canonical(question), canonical(earlier)) is None


@pytest.mark.parametrize(("typed", "word"), [
    ("erliest claim i made in 2025", "earliest"), ("earlist claim 2025", "earliest"),
    ("my oldes claim", "oldest"), ("newst claim", "newest"), ("bigest claim", "biggest"),
])
def test_misspelt_order_words_are_corrected(typed, word):
    assert word in canonical(typed).split()


@pytest.mark.parametrize("text", ["an earlier claim", "the nearest clinic"])
def test_real_words_near_order_words_are_kept(text):
    assert canonical(text) == text


@pytest.mark.parametrize(("question", "asked"), [
    ("claim paling mahal I tahun ni dah approve ke belum?", True),  # the status of the largest claim
    ("was my cheapest claim paid or not?", True),
    ("my largest approved claim this year", False),  # the status picks the claims
])
def test_status_asked_or_not_of_a_ranked_claim(question, asked):
    assert statuses.asked_of_claim(canonical(question)) is asked


def test_frequency_is_a_count():
    assert extract(canonical("dental claim frequency 2025")).metric == "count"


def test_nth_newest_claim_and_its_status(assistants, store, users):
    for email in users:
        claims = _newest(store.for_user(email))
        out = assistants["v2"].ask(email, "What's the status of my second most recent claim?")
        assert out.intent == "claim_status" and not out.refused
        if _distinct_dates(claims, 2):
            second = claims[1]
            assert second.claim_id in out.answer and second.status in out.answer, out.answer
            assert claims[0].claim_id not in out.answer


def test_the_n_newest_claims_are_listed(assistants, store, users):
    for email in users:
        claims = _newest(store.for_user(email))
        out = assistants["v2"].ask(email, "last 3 claims")
        assert out.intent == "claim_history" and not out.refused
        if _distinct_dates(claims, 3):
            assert all(c.claim_id in out.answer for c in claims[:3]), out.answer
            assert claims[3].claim_id not in out.answer


def test_the_one_before_that_after_the_latest_claims_status(assistants, store, users):
    v2 = assistants["v2"]
    for email in users:
        claims = _newest(store.for_user(email))
        latest = v2.ask(email, "status of my latest claim?")
        out = v2.ask(email, "and the one before that?", history=[latest.as_turn()])
        assert out.intent == "claim_status" and not out.refused
        if _distinct_dates(claims, 2):
            assert claims[1].claim_id in out.answer and claims[0].claim_id not in out.answer, out.answer


def test_the_second_one_after_a_superlative_is_the_next_rank(assistants, store, users):
    v2 = assistants["v2"]
    for email in users:
        ranked = sorted(store.for_user(email).claims(year=2025), key=lambda c: -c.amount_claimed)
        biggest = v2.ask(email, "biggest claim in 2025")
        out = v2.ask(email, "the second one?", history=[biggest.as_turn()])
        assert out.intent == "claim_aggregate"
        if len({c.amount_claimed for c in ranked[:3]}) == 3:
            assert ranked[1].claim_id in out.answer and money(ranked[1].amount_claimed) in out.answer, out.answer
            assert ranked[0].claim_id not in out.answer


def test_a_malay_follow_up_keeps_the_category_and_changes_the_year(assistants, store, users):
    v2 = assistants["v2"]
    for email in users:
        user = store.for_user(email)
        first = v2.ask(email, "claim gigi paling mahal tahun ni")
        out = v2.ask(email, "tahun lepas pulak yg paling mahal?", history=[first.as_turn()])
        assert out.intent == "claim_aggregate" and not out.refused, out.answer
        dental = sorted(user.claims(category="DENTAL", year=2025), key=lambda c: -c.amount_claimed)
        if dental and (len(dental) == 1 or dental[0].amount_claimed != dental[1].amount_claimed):
            assert dental[0].claim_id in out.answer, out.answer
        elif not dental:
            assert "couldn't find" in out.answer


def test_a_status_asked_of_the_largest_claim_is_not_a_filter(assistants, store, users):
    for email in users:
        ranked = sorted(store.for_user(email).claims(year=2026), key=lambda c: -c.amount_claimed)
        out = assistants["v2"].ask(email, "claim paling mahal I tahun ni dah approve ke belum?")
        assert out.intent == "claim_status" and not out.refused
        if len(ranked) == 1 or ranked[0].amount_claimed != ranked[1].amount_claimed:
            assert ranked[0].claim_id in out.answer and ranked[0].status in out.answer, out.answer


def test_why_latest_reject_gives_the_latest_rejected_claims_reason(assistants, store, users):
    for email in users:
        rejected = _newest(store.for_user(email), status="rejected")
        out = assistants["v2"].ask(email, "why latest reject")
        assert out.intent == "claim_status"
        if rejected and _distinct_dates(rejected, 1):
            assert rejected[0].claim_id in out.answer and rejected[0].rejection_reason in out.answer, out.answer


def test_the_month_with_the_highest_total(assistants, store, users):
    for email in users:
        months = {r["group"]: r["value"] for r in store.for_user(email).aggregate("sum", group_by="month", year=2026)}
        out = assistants["v2"].ask(email, "month with highest claims amount this yr")
        assert out.intent == "claim_aggregate"
        best = sorted(months.values())[-2:]
        if len(best) < 2 or best[0] != best[1]:
            assert money(best[-1]) in out.answer, out.answer


def test_misspelt_earliest_finds_the_first_claim(assistants, store, users):
    for email in users:
        first = store.for_user(email).claims(year=2025, order="oldest")[0]
        out = assistants["v2"].ask(email, "erliest claim i made in 2025")
        assert out.intent == "claim_history" and first.claim_id in out.answer, out.answer


def test_they_altogether_after_a_count_sums_the_same_claims(assistants, store, users):
    v2 = assistants["v2"]
    for email in users:
        user = store.for_user(email)
        count = v2.ask(email, "how many claims got rejected in 2025")
        out = v2.ask(email, "how much were they worth altogether?", history=[count.as_turn()])
        assert out.intent == "claim_aggregate" and not out.refused
        total = user.aggregate_value("sum", status="rejected", year=2025)
        if total:
            assert money(total) in out.answer, out.answer


def test_the_oldest_pending_claim_is_the_one_waiting_longest(assistants, store, users):
    for email in users:
        pending = store.for_user(email).claims(status="pending")
        out = assistants["v2"].ask(email, "which pendng claim is the oldest one")
        assert not out.refused
        if pending:
            oldest = min(pending, key=lambda c: (c.submitted_date, c.service_date, c.claim_id))
            assert oldest.claim_id in out.answer, out.answer


def test_v1_answers_the_orderings_with_default_templates(assistants, store, users):
    email = users[0]
    claims = _newest(store.for_user(email))
    out = assistants["v1"].ask(email, "last 3 claims")
    assert not out.refused and claims[0].claim_id in out.answer, out.answer
