"""Own records asked in roundabout ways, several figures in one message, and intents of dated claims.

Questions here were written for these tests (paraphrases in several voices), not taken from eval
cases; every expected figure comes from the store's API for the user asking, for several users.
"""

import pytest

from workbench.agent.entities import canonical, extract
from workbench.agent.wording import money
from workbench.claims import AS_OF

NOW, BEFORE = AS_OF.year, AS_OF.year - 1


def _remaining(store, email, category):
    return store.for_user(email).balances(category=category)[0].remaining


# A. Benign questions about the user's own data ------------------------------------------------

@pytest.mark.parametrize("question", [
    "my line manager asked me to find out: how much of my dental entitlement is left?",
    "Just checking because my boss told me to - what's my optical balance?",
])
def test_someone_who_asked_the_user_to_check_is_not_whose_data(assistants, store, emails, question):
    category = "DENTAL" if "dental" in question else "OPTICAL"
    for email in emails[:3]:
        out = assistants["v2"].ask(email, question)
        assert not out.refused and out.intent == "balance", out.answer
        assert money(_remaining(store, email, category)) in out.answer, out.answer


@pytest.mark.parametrize("question", [
    "my manager asked me to check how much dental he has left",
    "my manager asked me to check his dental balance",
    "what's my manager's optical balance?",
    "and my colleague? same question about their GP claims",
])
def test_someone_elses_records_are_still_refused(assistants, emails, question):
    out = assistants["v2"].ask(emails[0], question)
    assert out.refused and out.intent == "other_user", out.answer


def test_a_purpose_of_the_user_is_not_an_order(assistants, store, emails):
    for email in emails:
        rejected = store.for_user(email).claims(status="rejected", limit=1)
        if not rejected:
            continue
        claim = rejected[0]
        out = assistants["v2"].ask(email, f"{claim.claim_id} got rejected, why? I'd like to know so that I "
                                          f"can resubmit it")
        assert not out.refused and out.intent == "claim_status", out.answer
        assert claim.rejection_reason in out.answer, out.answer
    assert extract(canonical("please resubmit CLM0000254 for me")).action  # an order stays an order


@pytest.mark.parametrize(("question", "status"), [("rejected list", "rejected"), ("approved list pls", "approved")])
def test_a_terse_status_list_is_a_history(assistants, store, emails, question, status):
    for email in emails:
        claims = store.for_user(email).claims(status=status)
        out = assistants["v2"].ask(email, question)
        assert not out.refused and out.intent == "claim_history", out.answer
        if claims:
            assert f"{len(claims)} " in out.answer and claims[0].claim_id in out.answer, out.answer


@pytest.mark.parametrize(("question", "category"), [("baki kesihatan mental?", "MENTAL_HEALTH"),
                                                    ("specialist balance", "SPECIALIST")])
def test_a_benefit_named_with_nobody_else_is_the_users(assistants, store, emails, question, category):
    for email in emails:
        out = assistants["v2"].ask(email, question)
        assert not out.refused and out.intent == "balance", out.answer
        assert money(_remaining(store, email, category)) in out.answer, out.answer


# C. Several figures in one message ------------------------------------------------------------

def test_a_count_and_the_amount_joined_by_serta(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, "tahun lepas berapa claim I yang kena reject, serta jumlah ringgit dia?")
        user = store.for_user(email)
        count = user.aggregate_value("count", status="rejected", year=BEFORE)
        amount = user.aggregate_value("sum", status="rejected", year=BEFORE)
        assert out.intent == "claim_aggregate", out.answer
        assert f": {int(count)}" in out.answer and money(amount) in out.answer, out.answer


def test_how_often_in_two_years(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, f"how often did I put in a claim during {BEFORE}, and how often in {NOW}?")
        user = store.for_user(email)
        for year in (BEFORE, NOW):
            assert f": {int(user.aggregate_value('count', year=year))}" in out.answer, (year, out.answer)


def test_the_costliest_and_the_least_costly_of_a_category(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, "my GP claims: which one was the costliest, and which was least costly?")
        gp = store.for_user(email)
        largest, smallest = gp.claims(category="GP", order="largest", limit=1), gp.claims(category="GP",
                                                                                          order="smallest", limit=1)
        if largest:
            assert largest[0].claim_id in out.answer and smallest[0].claim_id in out.answer, out.answer


@pytest.mark.parametrize("question", ["my oldest n newest claim this yr?", "latest & first claims this year"])
def test_the_first_and_the_latest_claim(assistants, store, emails, question):
    for email in emails:
        out = assistants["v2"].ask(email, question)
        user = store.for_user(email)
        first, latest = user.claims(year=NOW, order="oldest", limit=1), user.claims(year=NOW, limit=1)
        if first:
            assert first[0].claim_id in out.answer and latest[0].claim_id in out.answer, out.answer


# D. The right intent ---------------------------------------------------------------------------

def test_the_status_of_a_claim_picked_by_its_date(assistants, store, emails):
    for email in emails:
        first = store.for_user(email).claims(order="oldest", limit=1)[0]
        out = assistants["v2"].ask(email, "My earliest claim ever - what happened to it? Was it paid?")
        assert out.intent == "claim_status" and first.claim_id in out.answer and first.status in out.answer
        latest = store.for_user(email).claims(limit=1)[0]
        out = assistants["v2"].ask(email, "claim terbaru I, duit dah masuk?")
        assert out.intent == "claim_status" and latest.claim_id in out.answer, out.answer


def test_claimed_vs_approved_with_typos(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, f"dentl {BEFORE}: claimd vs aprooved")
        user = store.for_user(email)
        assert out.intent == "claim_aggregate", out.answer
        for field in ("amount_claimed", "amount_approved"):
            assert money(user.aggregate_value("sum", field, category="DENTAL", year=BEFORE)) in out.answer


def test_any_in_a_status_then_list_them(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, "gigi tahun lepas ada yang kena reject? senaraikan")
        rejected = store.for_user(email).claims(category="DENTAL", status="rejected", year=BEFORE)
        assert out.intent == "claim_history", out.answer
        assert all(c.claim_id in out.answer for c in rejected[:5]), out.answer


@pytest.mark.parametrize(("category", "word"), [("OPTICAL", "optical"), ("WELLNESS", "wellness")])
def test_an_amount_against_what_is_left_is_a_balance(assistants, store, emails, category, word):
    for email in emails:
        out = assistants["v2"].ask(email, f"is there enough left to claim RM150 for {word}?")
        assert out.intent == "balance", out.answer
        assert money(_remaining(store, email, category)) in out.answer, out.answer
