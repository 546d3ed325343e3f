"""Claims in a status, the latest of a status, and questions that ask for two figures at once.

Questions here were written for these tests (paraphrases in several voices), not taken from eval
cases; every expected figure comes from the store's API for the user asking, for several users.
"""

import pytest

from workbench.agent import rankings
from workbench.agent.entities import canonical
from workbench.agent.wording import money
from workbench.claims import AS_OF

NOW, BEFORE = AS_OF.year, AS_OF.year - 1



def test_anything_in_a_status_lists_those_claims(assistants, store, emails):
    for email in emails:
        pending = store.for_user(email).claims(status="pending")
        out = assistants["v2"].ask(email, "anything still pending?")
        assert out.intent == "claim_history", out.answer
        if pending:
            assert f"{len(pending)} " in out.answer and pending[0].claim_id in out.answer, out.answer
        else:
            assert "couldn't find any pending" in out.answer, out.answer


@pytest.mark.parametrize(("question", "ranked"), [
    ("what was my latest claim that got declined?", True),
    ("show me my most recent approved claim", True),
    ("when was the last time I claimed for GP?", True),
    ("has my latest claim been approved?", False),
])
def test_a_status_filter_on_the_latest_claim_is_a_ranking(question, ranked):
    rank = rankings.request(canonical(question))
    assert (rank is not None and rank.kind == "date" and rank.order == "newest") is ranked, question


def test_latest_claim_of_a_status(assistants, store, emails):
    for email in emails:
        rejected = store.for_user(email).claims(status="rejected")
        out = assistants["v2"].ask(email, "Which was my most recent claim that got rejected? How much was it?")
        assert out.intent == "claim_history", out.answer
        if rejected:
            assert rejected[0].claim_id in out.answer and money(rejected[0].amount_claimed) in out.answer
        first = assistants["v2"].ask(email, "what's my dental balance")
        out = assistants["v2"].ask(email, "ok when was the last time I claimed dental?", history=[first.as_turn()])
        dental = store.for_user(email).claims(category="DENTAL")
        if dental:
            assert out.intent == "claim_history" and dental[0].claim_id in out.answer, out.answer


def test_two_years_asked_one_after_the_other(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, f"what did I claim in total in {BEFORE}, and what in {NOW} so far?")
        assert out.intent == "claim_aggregate", out.answer
        for year in (BEFORE, NOW):
            assert money(store.for_user(email).aggregate_value(year=year)) in out.answer, (year, out.answer)


def test_a_count_and_what_they_came_to(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, f"How many of my claims were approved in {BEFORE}, and what did "
                                          "they come to?")
        filters = {"status": "approved", "year": BEFORE}
        assert f": {int(store.for_user(email).aggregate_value('count', **filters))}" in out.answer, out.answer
        assert money(store.for_user(email).aggregate_value(**filters)) in out.answer, out.answer


def test_the_two_largest_in_malay_word_order(assistants, store, emails):
    for email in emails:
        top = store.for_user(email).claims(category="GP", year=NOW, order="largest")[:2]
        out = assistants["v2"].ask(email, "dua claim klinik I yang paling besar tahun ni?")
        assert out.intent == "claim_aggregate", out.answer
        for claim in top:
            assert claim.claim_id in out.answer and money(claim.amount_claimed) in out.answer, out.answer


def test_claimed_total_weighed_against_what_was_approved(assistants, store, emails):
    for email in emails:
        first = assistants["v2"].ask(email, f"total claimed in {BEFORE}")
        out = assistants["v2"].ask(email, "and how does that compare to the amount approved?",
                                   history=[first.as_turn()])
        assert out.intent == "claim_aggregate", out.answer
        assert money(store.for_user(email).aggregate_value(year=BEFORE)) in out.answer, out.answer
        want = money(store.for_user(email).aggregate_value(field="amount_approved", year=BEFORE))
        assert want in out.answer, out.answer


def test_a_later_sentence_that_only_narrows_the_question(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, "What's the average of my GP claims? Only 2025 ones.")
        assert out.intent == "claim_aggregate", out.answer
        if average := store.for_user(email).aggregate_value("avg", category="GP", year=BEFORE):
            assert money(average) in out.answer, out.answer


def test_a_count_and_an_average_in_one_question(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, f"how many GP claims did I make in {BEFORE}, and what's the average "
                                          "per claim?")
        filters = {"category": "GP", "year": BEFORE}
        assert f": {int(store.for_user(email).aggregate_value('count', **filters))}" in out.answer, out.answer
        if average := store.for_user(email).aggregate_value("avg", **filters):
            assert money(average) in out.answer, out.answer
