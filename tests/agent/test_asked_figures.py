"""The figure a question asks for (combined, per status, over a month, listed, busiest, typical).

Also the status of a claim picked by a ranking.

Also the routing of long questions that give a reason (a manager, a bank statement, a spouse)
before asking for the user's own figures. Every expected figure comes from the store API for the
signed-in user, for several users.
"""

from datetime import date

from workbench.agent import cues
from workbench.agent.entities import canonical, extract
from workbench.agent.statuses import asked_of_claim
from workbench.agent.wording import money
from workbench.claims import AS_OF

NOW, BEFORE = AS_OF.year, AS_OF.year - 1


def _user(store, email):
    return store.for_user(email)


def test_two_categories_combined_states_their_sum(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, "dental and GP claims this year, what do they add up to together?")
        me = _user(store, email)
        parts = [me.aggregate_value(category=c, year=NOW) for c in ("DENTAL", "GP")]
        assert out.intent == "claim_aggregate", out.answer
        for figure in (*parts, sum(parts)):
            assert money(figure) in out.answer, (figure, out.answer)


def test_two_years_in_total_states_the_combined_count(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, "number of claims I made in 2025 and 2026 combined?")
        counts = [int(_user(store, email).aggregate_value("count", year=y)) for y in (BEFORE, NOW)]
        assert f"combined: {sum(counts)}" in out.answer, out.answer


def test_each_status_asked_gets_its_own_count(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, "how many of my claims are still pending, and how many got rejected in 2026?")
        me = _user(store, email)
        assert out.intent == "claim_aggregate", out.answer
        for status in ("pending", "rejected"):
            want = int(me.aggregate_value("count", status=status, year=NOW))
            assert f"{status} {NOW} claims: {want}" in out.answer, (status, out.answer)


def test_count_and_total_over_a_month_named_without_a_year(assistants, store, emails):
    start, end = date(NOW, 5, 1), date(NOW, 5, 31)
    for email in emails:
        out = assistants["v2"].ask(email, "In May, how many claims did I submit and what was the total amount?")
        me = _user(store, email)
        count = int(me.aggregate_value("count", start=start, end=end))
        total = me.aggregate_value(start=start, end=end)
        assert out.intent == "claim_aggregate", out.answer
        assert f"claims from {start} to {end}: {count}" in out.answer, out.answer
        assert money(total) in out.answer, out.answer


def test_measures_listed_by_name_are_each_stated(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, "For 2025 I need the number of claims, the total claimed and the total "
                                          "approved.")
        me = _user(store, email)
        assert f"2025 claims: {int(me.aggregate_value('count', year=BEFORE))}" in out.answer, out.answer
        for figure in (me.aggregate_value(year=BEFORE), me.aggregate_value(field="amount_approved", year=BEFORE)):
            assert money(figure) in out.answer, (figure, out.answer)


def test_busiest_month_is_the_month_with_most_claims(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, "which was my busiest month in 2025 for claims?")
        rows = _user(store, email).aggregate("count", group_by="month", year=BEFORE)
        top = max(int(r["value"]) for r in rows)
        assert out.intent == "claim_aggregate", out.answer
        assert f"{top} claim" in out.answer, (top, out.answer)


def test_usually_how_much_asks_for_the_average(assistants, store, emails):
    for email in emails:
        for question in ("selalunya satu claim GP I berapa ringgit tahun lepas?",
                         "how much does one of my GP claims usually cost, for 2025?"):
            out = assistants["v2"].ask(email, question)
            want = _user(store, email).aggregate_value("avg", category="GP", year=BEFORE)
            assert out.intent == "claim_aggregate" and money(want) in out.answer, (question, out.answer)


def test_how_often_did_i_claim_is_a_count(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, "how oftn did I claim dental in 2025")
        want = int(_user(store, email).aggregate_value("count", category="DENTAL", year=BEFORE))
        assert out.intent == "claim_aggregate", out.answer
        assert (f": {want}" if want else "couldn't find") in out.answer, out.answer


def test_approved_amount_counts_paid_claims(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, "claim gigi I tahun lepas yang lulus, jumlah berapa?")
        want = _user(store, email).aggregate_value(field="amount_approved", category="DENTAL", year=BEFORE)
        assert out.intent == "claim_aggregate", out.answer
        if want:
            assert money(want) in out.answer, (want, out.answer)


def test_payed_is_read_as_paid(assistants, store, emails):
    assert extract(canonical("claims that got payed")).status == "paid"
    for email in emails:
        out = assistants["v2"].ask(email, "hw many claims were payed in 2025 and how much was payed")
        me = _user(store, email)
        count = int(me.aggregate_value("count", status="paid", year=BEFORE))
        paid = me.aggregate_value(field="amount_approved", status="paid", year=BEFORE)
        assert f"paid 2025 claims: {count}" in out.answer and money(paid) in out.answer, out.answer


def test_status_asked_of_a_ranked_claim_or_used_to_pick_claims():
    assert asked_of_claim("is my biggest claim this year approved or rejected?")
    assert asked_of_claim("the smallest one, was it paid?")
    assert not asked_of_claim("my largest paid claim this year")
    assert not asked_of_claim("when was my last claim that got paid out")


def test_status_of_the_largest_claim_is_that_claims_status(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, "Was my most expensive claim in 2025 approved, paid or rejected?")
        top = _user(store, email).claims(year=BEFORE, order="largest", limit=1)
        assert out.intent == "claim_status", out.answer
        if top:
            assert top[0].claim_id in out.answer and top[0].status in out.answer, out.answer


def test_status_of_the_cheapest_claim_on_a_list(assistants, store, emails):
    for email in emails:
        first = assistants["v2"].ask(email, "list my GP claims in 2025")
        out = assistants["v2"].ask(email, "and the cheapest of those, did it get paid?", history=[first.as_turn()])
        low = _user(store, email).claims(category="GP", year=BEFORE, order="smallest", limit=1)
        assert out.intent == "claim_status", out.answer
        if low:
            assert low[0].claim_id in out.answer, out.answer


def test_a_reason_given_before_the_question_does_not_make_it_policy(assistants, store, emails):
    for email in emails:
        me = _user(store, email)
        out = assistants["v2"].ask(email, "My boss needs to know how much has been paid out to me on claims in 2025. "
                                          "Can you give me the figure?")
        assert out.intent == "claim_aggregate", out.answer
        assert money(me.aggregate_value(field="amount_approved", status="paid", year=BEFORE)) in out.answer
        out = assistants["v2"].ask(email, "Could you show me the GP claims I made in 2025? I'm checking them "
                                          "against my bank statement.")
        assert out.intent == "claim_history", out.answer
        out = assistants["v2"].ask(email, "My husband and I are planning our spending. What is the total of all my "
                                          "claims in 2025?")
        assert out.intent == "claim_aggregate" and money(me.aggregate_value(year=BEFORE)) in out.answer, out.answer


def test_privacy_and_receipt_questions_still_go_to_the_policy(assistants, emails):
    assert cues.asked_in_question(cues.PRIVACY, "can my manager see my counselling claims?")
    assert not cues.asked_in_question(cues.RECEIPT_TROUBLE, "show my claims. I will check my bank statement.")
    for email in emails[:2]:
        out = assistants["v2"].ask(email, "Can my manager see my mental health claims?")
        assert out.intent == "policy_coverage", out.answer
        out = assistants["v2"].ask(email, "I lost my GP receipt. Can I use my bank statement instead?")
        assert out.intent == "how_to_claim", out.answer


def test_what_claims_did_i_make_in_a_month_lists_them(assistants, store, emails):
    start, end = date(NOW, 3, 1), date(NOW, 3, 31)
    for email in emails:
        for question in ("which claims did I make in March?", "claim apa I buat bulan March?"):
            out = assistants["v2"].ask(email, question)
            want = len(_user(store, email).claims(start=start, end=end))
            assert out.intent == "claim_history", (question, out.answer)
            if want:
                assert str(want) in out.answer.splitlines()[0], (question, out.answer)
