"""Terse, pronoun, Malay and typo questions the sixth dev batch exposed, answered from the user's own records.

Every expected figure and claim id comes from the store API for the signed-in user, for several users.
The wordings here are this file's own (not the eval templates'), so they check the cause, not one phrasing.
"""

import pytest

from workbench.agent.entities import canonical, extract, third_party
from workbench.agent.rankings import after
from workbench.agent.wording import money

BEFORE = 2025




@pytest.fixture(scope="module")
def users(store):
    """Four sample users with at least four claims in 2025 (so a second and third largest exist)."""
    found = [e for e in store.users(60).email if len(store.for_user(e).claims(year=BEFORE)) >= 4]
    assert len(found) >= 4
    return found[:4]


def test_spelling_fixes_in_canonical():
    assert canonical("spent more on dentle or opticals?").startswith("spent more on dental")
    assert "claimed" in canonical("how much i claimd for wellness")
    assert "first" in canonical("wat was my frist claim")
    assert "latest" in canonical("claim gigi I yang last sekali bila?")
    assert "how much is left" in canonical("optical boleh claim lagi berapa?")
    assert canonical("dental claims") == "dental claims"  # a real inflection stays as typed


def test_a_named_colleague_asked_after_with_a_pronoun_is_someone_else():
    asked = "my coworker Aisha Tan asked me to find out how much dental she has left"
    assert third_party(canonical(asked))
    assert third_party(canonical("my manager Wei Lim wants to know how much optical they still have"))
    # Named, but the question is the user's own or about the plan: not a third party.
    assert not third_party(canonical("my manager Wei told me to ask whether physio counts as wellness"))
    assert not third_party(canonical("my colleague Ravi says he claimed glasses, how much have I claimed?"))
    assert extract("Is my wife covered for glasses? how much has she left").third_party is None


def test_a_named_colleague_is_refused_before_any_tool(assistants, users):
    for email in users:
        out = assistants["v2"].ask(email,
                   "Hello, my teammate Dewi Ong is away and asked me to see how much specialist they have left")
        assert out.intent == "other_user" and out.refused and not out.tool_calls


def test_terse_status_lists_and_which_ones_after_a_count(assistants, store, users):
    for email in users:
        pending = store.for_user(email).claims(status="pending")
        out = assistants["v2"].ask(email, "pending ones which?")
        assert out.intent == "claim_history" and not out.refused, out.answer
        assert all(c.claim_id in out.answer for c in pending[:5]), out.answer
        first = assistants["v2"].ask(email, "how many of my claims got rejected")
        rejected = store.for_user(email).claims(status="rejected")
        out = assistants["v2"].ask(email, "which ones?", [first.as_turn()])
        assert out.intent == "claim_history" and not out.refused, out.answer
        assert all(c.claim_id in out.answer for c in rejected[:5]), out.answer


def test_which_claims_and_how_many_is_a_list_with_its_count(assistants, store, users):
    for email in users:
        rejected = store.for_user(email).claims(status="rejected")
        out = assistants["v2"].ask(email, "I'm travelling soon, so which of my claims were rejected, and how many?")
        assert out.intent == "claim_history", out.answer
        if rejected:
            assert str(len(rejected)) in out.answer and rejected[0].claim_id in out.answer, out.answer


def test_a_list_asked_with_can_stays_a_list_for_one_claim(assistants, store):
    found = [(e, c, y) for e in store.users(60).email for c in ("DENTAL", "OPTICAL") for y in (2025, 2026)
             if len(store.for_user(e).claims(category=c, year=y)) == 1]
    assert found
    for email, code, year in found[:3]:
        out = assistants["v2"].ask(email, f"can list my {code.lower()} claims in {year}?")
        assert out.intent == "claim_history", out.answer
        assert store.for_user(email).claims(category=code, year=year)[0].claim_id in out.answer


def test_typo_comparison_names_both_categories(assistants, store, users):
    for email in users:
        me = store.for_user(email)
        sums = {c: sum(x.amount_claimed for x in me.claims(category=c, year=BEFORE)) for c in ("DENTAL", "OPTICAL")}
        out = assistants["v2"].ask(email, "did i spend more on dentle or opticals in 2025?")
        assert out.intent == "claim_aggregate"
        assert all(money(v) in out.answer for v in sums.values()), out.answer


def test_what_was_not_approved_as_a_follow_up(assistants, store, users):
    for email in users:
        me = store.for_user(email)
        claims = me.claims(category="DENTAL", year=BEFORE)
        gap = sum(c.amount_claimed for c in claims) - sum(c.amount_approved or 0 for c in claims)
        first = assistants["v2"].ask(email, "how much did I claim for dental in 2025")
        out = assistants["v2"].ask(email, "and how much of that wasn't approved?", [first.as_turn()])
        assert out.intent == "claim_aggregate"
        assert money(gap) in out.answer, out.answer


def test_terse_and_malay_balances(assistants, store, users):
    for email in users:
        left = {b.category_code: b for b in store.for_user(email).balances()}
        out = assistants["v2"].ask(email, "left for dental??")
        assert out.intent == "balance" and money(left["DENTAL"].remaining) in out.answer, out.answer
        out = assistants["v2"].ask(email, "optical I boleh claim lagi berapa tahun ni?")
        assert out.intent == "balance" and money(left["OPTICAL"].remaining) in out.answer, out.answer
        out = assistants["v2"].ask(email, "wats my wellness entitelment n how much balnce")
        b = left["WELLNESS"]
        assert out.intent == "balance"
        assert all(money(x) in out.answer for x in (b.annual_limit, b.used, b.remaining)), out.answer


def test_first_and_latest_claims_by_date_in_typo_and_malay(assistants, store, users):
    for email in users:
        me = store.for_user(email)
        earliest = min(me.claims(year=BEFORE), key=lambda c: (c.service_date, c.claim_id))
        out = assistants["v2"].ask(email, "wat was my frist claim in 2025")
        assert out.intent == "claim_history" and earliest.claim_id in out.answer, out.answer
        dental = me.claims(category="DENTAL")
        if dental:
            newest = max(dental, key=lambda c: (c.service_date, c.claim_id))
            out = assistants["v2"].ask(email, "claim gigi I yang last sekali bila?")
            assert newest.claim_id in out.answer and newest.service_date.isoformat() in out.answer, out.answer


def test_after_reads_the_next_place_down():
    assert after("what about the one after that?", "top claim in 2025").n == 2
    assert after("and the next biggest?", "my second biggest claim").n == 3
    assert after("and the one after that?", "my cheapest claim").order == "smallest"
    assert after("what about the one after that?", "list my dental claims") is None
    assert after("what about 2024?", "top claim in 2025") is None


def test_the_one_after_that_is_the_next_largest(assistants, store, users):
    for email in users:
        ranked = sorted(store.for_user(email).claims(year=BEFORE), key=lambda c: -c.amount_claimed)
        first = assistants["v2"].ask(email, "my biggest claim in 2025?")
        assert ranked[0].claim_id in first.answer
        out = assistants["v2"].ask(email, "and the one after that?", [first.as_turn()])
        assert ranked[1].claim_id in out.answer and ranked[0].claim_id not in out.answer, out.answer
        second = assistants["v2"].ask(email, "my second biggest claim in 2025")
        out = assistants["v2"].ask(email, "what about the next one?", [second.as_turn()])
        assert ranked[2].claim_id in out.answer, out.answer
