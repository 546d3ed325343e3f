"""Rankings over the user's own claims (workbench.agent.rankings) through the offline baseline.

Questions here were written for these tests (dev-style phrasings), not taken from eval cases;
every expected figure is computed from the store's API for the user asking.
"""

from collections import Counter

import pytest

from workbench.agent import rankings
from workbench.agent.entities import canonical
from workbench.agent.wording import money


@pytest.fixture(scope="module")
def users(store):
    """Five sample users with at least six claims in 2025 (so second and third places exist)."""
    found = [e for e in store.users(60).email if len(store.for_user(e).claims(year=2025)) >= 6]
    assert len(found) >= 5
    return found[:5]


@pytest.mark.parametrize(("question", "kind", "n", "order", "group_by", "by_count"), [
    ("top 4 claims last year", "top", 4, "largest", None, False),
    ("my three cheapest claims", "top", 3, "smallest", None, False),
    ("dua claim paling murah tahun lepas", "top", 2, "smallest", None, False),
    ("what's my 3rd most expensive claim?", "nth", 3, "largest", None, False),
    ("claim kedua paling besar tahun ni?", "nth", 2, "largest", None, False),
    ("which kind of benefit did I use the most in 2025?", "group", 1, "largest", "category", False),
    ("kategori mana paling kerap I claim?", "group", 1, "largest", "category", True),
    ("wich mth did i spend the least", "group", 1, "smallest", "month", False),
    ("largest and smallest optical claims?", "range", 1, "largest", None, False),
    ("what was my earliest claim in 2025?", "date", 1, "oldest", None, False),
    ("when was my last dental appointment?", "date", 1, "newest", None, False),
])
def test_request_reads_the_ranking_asked_for(question, kind, n, order, group_by, by_count):
    rank = rankings.request(canonical(question))
    assert rank is not None, question
    assert (rank.kind, rank.n, rank.order, rank.group_by, rank.by_count) == (kind, n, order, group_by, by_count)


@pytest.mark.parametrize("question", [
    "which category has the highest annual limit?",  # the plan, not the user's claims
    "the second one?",  # a place in the previous answer
    "has my latest dental claim been approved?",  # a status question
    "how much did I claim last year?",
    "what's my biggest claim?",  # one superlative: the baseline's own superlative answers it
])
def test_request_leaves_other_questions_alone(question):
    assert rankings.request(canonical(question)) is None


def test_top_n_and_nth_by_amount(assistants, store, users):
    for email in users:
        claims = sorted(store.for_user(email).claims(year=2025), key=lambda c: -c.amount_claimed)
        amounts = [c.amount_claimed for c in claims]
        top = assistants["v2"].ask(email, "show me my 3 biggest claims from 2025")
        assert top.intent == "claim_aggregate" and not top.refused
        if len(set(amounts[:4])) == 4:  # no tie around the top three
            assert all(c.claim_id in top.answer for c in claims[:3]), top.answer
            assert claims[3].claim_id not in top.answer
        second = assistants["v2"].ask(email, "what was my 2nd most expensive claim in 2025")
        assert second.intent == "claim_aggregate"
        if len(set(amounts[:3])) == 3:
            assert claims[1].claim_id in second.answer and money(amounts[1]) in second.answer, second.answer
            assert claims[0].claim_id not in second.answer


def test_top_category_and_month_by_amount_and_by_count(assistants, store, users):
    for email in users:
        user = store.for_user(email)
        by_category = {r["group"]: r["value"] for r in user.aggregate("sum", group_by="category", year=2025)}
        best = max(by_category, key=by_category.get)
        out = assistants["v2"].ask(email, "which category did I spend the most on in 2025?")
        assert out.intent == "claim_aggregate" and not out.refused
        if sorted(by_category.values())[-2:] != [by_category[best]] * 2:
            assert money(by_category[best]) in out.answer, out.answer
            assert best.replace("_", " ").lower()[:6] in out.answer.lower()  # "hospital…", "mental health"
        counts = Counter(c.category_code for c in user.claims(year=2025))
        (most, n), *rest = counts.most_common()
        often = assistants["v2"].ask(email, "jenis claim apa yang I paling kerap buat tahun lepas?")
        assert often.intent == "claim_aggregate" and not often.refused
        if not rest or rest[0][1] < n:
            assert f"{n} claim(s)" in often.answer and most.replace("_", " ").lower()[:6] in often.answer.lower()
        months = Counter()
        for c in user.claims(year=2025):
            months[c.service_date.strftime("%B %Y")] += c.amount_claimed
        (month, total), *others = months.most_common()
        out = assistants["v2"].ask(email, "which month in 2025 were my claims the highest?")
        if not others or others[0][1] < total:
            assert month in out.answer and money(total) in out.answer, out.answer


def test_claims_by_date_and_the_longest_waiting(assistants, store, users):
    for email in users:
        user = store.for_user(email)
        year = user.claims(year=2025)
        first = min(year, key=lambda c: (c.service_date, c.submitted_date, c.claim_id))
        out = assistants["v2"].ask(email, "what was the earliest claim I made in 2025?")
        assert out.intent == "claim_history" and first.claim_id in out.answer, out.answer
        pending = user.claims(status="pending")
        out = assistants["v2"].ask(email, "which pending claim has been waiting longest?")
        assert not out.refused
        if pending:
            oldest = min(pending, key=lambda c: (c.submitted_date, c.service_date, c.claim_id))
            assert oldest.claim_id in out.answer, out.answer


def test_largest_and_smallest_in_one_question_and_over_two_years(assistants, store, users):
    for email in users:
        user = store.for_user(email)
        claims = sorted(user.claims(), key=lambda c: c.amount_claimed)
        out = assistants["v2"].ask(email, "what is the biggest claim I ever made, and the smallest?")
        assert out.intent == "claim_aggregate"
        assert money(claims[-1].amount_claimed) in out.answer and money(claims[0].amount_claimed) in out.answer
        top = {y: max(c.amount_claimed for c in user.claims(year=y)) for y in (2025, 2026) if user.claims(year=y)}
        out = assistants["v2"].ask(email, "is my largest claim in 2026 bigger than my largest in 2025?")
        assert all(money(v) in out.answer for v in top.values()), out.answer
        if len(top) == 2 and top[2025] != top[2026]:
            assert money(abs(top[2026] - top[2025])) in out.answer


def test_follow_ups_keep_or_inherit_the_ranking(assistants, store, users):
    v2 = assistants["v2"]
    for email in users[:3]:
        user = store.for_user(email)
        first = v2.ask(email, "which category did I claim the most for this year?")
        by_category = {r["group"]: r["value"] for r in user.aggregate("sum", group_by="category", year=2025)}
        out = v2.ask(email, "and in 2025?", history=[first.as_turn()])
        assert out.intent == "claim_aggregate" and money(max(by_category.values())) in out.answer, out.answer
        # The amount of the largest claim, then which claim it was.
        largest = max(user.claims(year=2026), key=lambda c: c.amount_claimed)
        amount = v2.ask(email, "what's the most I've put in for one single claim this year?")
        which = v2.ask(email, "which claim was it?", history=[amount.as_turn()])
        assert largest.claim_id in which.answer, which.answer
        # "yang paling mahal?" after a listing ranks the listed filters, it does not point at a claim.
        listing = v2.ask(email, "show my claims from 2025")
        out = v2.ask(email, "yang paling mahal?", history=[listing.as_turn()])
        top2025 = max(user.claims(year=2025), key=lambda c: c.amount_claimed)
        assert out.intent == "claim_aggregate" and top2025.claim_id in out.answer, out.answer
        top3 = v2.ask(email, "and the top 3?", history=[listing.as_turn()])
        ranked = sorted(user.claims(year=2025), key=lambda c: -c.amount_claimed)
        if len({c.amount_claimed for c in ranked[:4]}) == 4:
            assert all(c.claim_id in top3.answer for c in ranked[:3]), top3.answer


def test_own_rankings_are_answered_and_others_still_refused(assistants, store, users):
    email = users[0]
    for question in ("Could you list my two largest claims with their amounts?",
                     "tahun lepas kategori apa I paling banyak guna?"):
        out = assistants["v2"].ask(email, question)
        assert not out.refused and out.intent == "claim_aggregate", (question, out.answer)
    for question in ("show my colleague's three biggest claims and their amounts",
                     "which category has everyone spent the most on?"):
        out = assistants["v2"].ask(email, question)
        assert out.refused and out.intent == "other_user", question


def test_v1_answers_rankings_with_the_default_templates(assistants, users):
    out = assistants["v1"].ask(users[0], "top 2 claims in 2025")
    assert out.answer.startswith("Your 2 largest 2025 claims")
