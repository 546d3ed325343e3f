"""Filter words however they are typed: a negated status, "exept"/"ovr", categories joined or kept apart,
a group ranked by the fewest claims, and two asks after a lead-in.

Every expected figure comes from the store API for the signed-in user, for several users.
"""

from datetime import date

import pytest

from workbench.agent import cues
from workbench.agent.entities import canonical, extract
from workbench.agent.rankings import request
from workbench.agent.wording import money
from workbench.claims import AS_OF

NOW, BEFORE = AS_OF.year, AS_OF.year - 1


@pytest.mark.parametrize(("question", "status"), [
    ("Which of my claims are approved but not paid out yet?", "approved"),
    ("claims that are approved and not yet paid", "approved"),
    ("any claims approved but unpaid?", "approved"),
    ("which claims not yet approved", "pending"),  # "not yet approved" is itself a status
    ("my paid claims", "paid"),
])
def test_a_negated_status_does_not_pick_the_claims(question, status):
    assert extract(canonical(question)).status == status


@pytest.mark.parametrize(("question", "excluded", "low"), [
    ("totl claimd lst yr for evrything exept mentel health", ("MENTAL_HEALTH",), None),
    ("lst cliams ovr RM200 in 2025", (), 200.0),
    ("claims abv RM150 this year", (), 150.0),
])
def test_misspelt_filter_words_still_filter(question, excluded, low):
    e = extract(canonical(question))
    assert (e.excluded, e.min_amount) == (excluded, low), canonical(question)


def test_lead_in_before_a_question_word_leaves_two_asks():
    text = canonical("For my review, which category did I spend the most on this year, and which month was the top?")
    assert len(cues.clauses(text)) == 2
    assert len(cues.clauses(canonical("For dental, how much did I claim this year?"))) == 1


def test_fewest_ranks_groups_by_count_from_the_smallest():
    rank = request(canonical("Out of the categories I've claimed under this year, which one did I claim "
                             "the fewest times?"))
    assert (rank.kind, rank.group_by, rank.order, rank.by_count) == ("group", "category", "smallest", True)


def test_approved_not_paid_lists_the_approved_claims(assistants, store, emails):
    for email in emails:
        approved = store.for_user(email).claims(status="approved")
        out = assistants["v2"].ask(email, "Which of my claims are approved but not paid out yet?")
        assert out.intent == "claim_history"
        assert (f"You have {len(approved)} " in out.answer) if approved else ("couldn't find" in out.answer), out.answer


def test_typed_except_and_over_filter_the_figures(assistants, store, emails):
    for email in emails:
        user = store.for_user(email)
        want = user.aggregate_value(year=BEFORE) - user.aggregate_value(category="MENTAL_HEALTH", year=BEFORE)
        out = assistants["v2"].ask(email, "totl claimd lst yr for evrything exept mentel health")
        assert out.intent == "claim_aggregate" and money(want) in out.answer, (want, out.answer)
        over = [c for c in user.claims(year=2025) if c.amount_claimed > 200]
        out = assistants["v2"].ask(email, "lst cliams ovr RM200 in 2025")
        assert (f"You have {len(over)} " in out.answer) if over else ("couldn't find" in out.answer), out.answer


def test_two_categories_counted_together_or_apart(assistants, store, emails):
    for email in emails:
        user = store.for_user(email)
        count = sum(int(user.aggregate_value("count", category=c, year=NOW)) for c in ("GP", "OPTICAL"))
        out = assistants["v2"].ask(email, "tahun ni I claim klinik dengan cermin mata berapa kali, "
                                          "kira sekali dua-dua?")
        assert f"combined: {count}" in out.answer, (count, out.answer)
        out = assistants["v2"].ask(email, "welness n GP totals for lst yr pls, separatly")
        assert out.intent == "claim_aggregate" and "combined" not in out.answer
        for code in ("WELLNESS", "GP"):
            assert money(user.aggregate_value(category=code, year=BEFORE)) in out.answer, (code, out.answer)


def test_top_category_and_top_month_both_answered(assistants, store, emails):
    for email in emails:
        user = store.for_user(email)
        by_cat = user.aggregate("sum", "amount_claimed", group_by="category", year=NOW)
        by_month = user.aggregate("sum", "amount_claimed", group_by="month", year=NOW)
        out = assistants["v2"].ask(email, "Hi! For my year-end review, could you tell me which category I spent the "
                                          "most on this year, and which month I spent the most in? Thanks.")
        if by_cat:
            assert money(max(r["value"] for r in by_cat)) in out.answer, out.answer
            top = max(by_month, key=lambda r: r["value"])
            month = date(int(top["group"][:4]), int(top["group"][5:7]), 1)
            assert f"{month:%B %Y}: MYR {money(top['value'])}" in out.answer, out.answer
        fewest = assistants["v2"].ask(email, "Out of the categories I've claimed under this year, which one did I "
                                             "claim the fewest times?")
        counts = user.aggregate("count", "amount_claimed", group_by="category", year=NOW)
        if counts:
            assert f"{int(min(r['value'] for r in counts if r['claims']))} claim(s)" in fewest.answer, fewest.answer


def test_paid_out_is_the_approved_amount_of_paid_claims(assistants, store, emails):
    for email in emails:
        user = store.for_user(email)
        out = assistants["v2"].ask(email, "How much money is still sitting in pending claims, and how much has been "
                                          "paid out on my 2026 claims?")
        paid = user.aggregate_value("sum", "amount_approved", status="paid", year=2026)
        assert f"MYR {money(paid)}" in out.answer, (paid, out.answer)


@pytest.mark.parametrize("question", ["how mch did the company aprove for me in 2025, all claims",
                                      "how much did they reimburse me in 2025?"])
def test_how_much_was_approved_is_no_request_to_approve(question, assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, question)
        want = store.for_user(email).aggregate_value("sum", "amount_approved", year=2025)
        assert out.intent == "claim_aggregate" and not out.refused, out.answer
        assert money(want) in out.answer, (want, out.answer)
    assert extract(canonical("can you approve my dental claim")).action


def test_a_list_asked_for_is_listed_however_the_claims_are_named(assistants, store, emails):
    for email in emails:
        user = store.for_user(email)
        march = user.claims(start=date(NOW, 3, 1), end=date(NOW, 3, 31))
        out = assistants["v2"].ask(email, "ok so my bank statement is a mess lol. can u list wat i claimed in March, "
                                          "in date order?")
        assert out.intent == "claim_history", out.answer
        assert (f"You have {len(march)} " in out.answer) if march else ("couldn't find" in out.answer), out.answer
        optical = user.claims(category="OPTICAL", start=date(NOW, 1, 1), end=date(NOW, 6, 30))
        out = assistants["v2"].ask(email, "Which optical claims did I make in the first half of this year?")
        assert out.intent == "claim_history", out.answer
        assert (f"You have {len(optical)} " in out.answer) if optical else ("couldn't find" in out.answer), out.answer
        assert all(c.claim_id in out.answer for c in optical[:5]), out.answer
