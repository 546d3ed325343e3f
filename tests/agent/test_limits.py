"""What is used and left of a limit (workbench.agent.limits), and the routing fixes fit with it.

Questions here were written for these tests (paraphrases in several voices), not taken from eval
cases; every expected figure comes from the store's API for the user asking, for several users.
"""

import pytest

from workbench.agent import limits
from workbench.agent.entities import canonical, extract, third_party
from workbench.agent.wording import money
from workbench.claims import AS_OF

NOW, BEFORE = AS_OF.year, AS_OF.year - 1



@pytest.mark.parametrize(("question", "balance"), [
    ("how much have I used on dental this year?", True),
    ("what have I spent from my optical limit so far", True),
    ("GP limit, and what remains of it?", True),
    ("how much wellness can I still use before year end?", True),
    ("gigi still got?", True),
    ("how much did I claim for dental this year?", False),
    ("list my dental claims, how much have I used?", False),
    ("has CLM0001234 been used?", False),
])
def test_asks_balance_reads_used_and_left_not_claimed(question, balance):
    text = canonical(question)
    assert limits.asks_balance(text, extract(text)) is balance, text


def test_used_on_two_categories_is_the_limit_used_not_the_claimed_total(assistants, store, emails):
    for email in emails:
        used = {b.category_code: b.used for b in store.for_user(email).balances(NOW)}
        out = assistants["v2"].ask(email, "So far this year, how much have I used on optical and how much on wellness?")
        assert out.intent == "balance" and not out.refused, out.answer
        for code in ("OPTICAL", "WELLNESS"):
            assert f"used MYR {money(used[code])}" in out.answer, (code, out.answer)


def test_limit_spent_and_what_remains(assistants, store, emails):
    for email in emails:
        b = store.for_user(email).balances(NOW, "DENTAL")[0]
        out = assistants["v2"].ask(email, "Could you give me my dental limit, what I've spent from it and "
                                          "what remains?")
        assert out.intent == "balance", out.answer
        for figure in (b.annual_limit, b.used, b.remaining):
            assert money(figure) in out.answer, (figure, out.answer)


def test_a_month_the_plan_resets_in_is_no_filter(assistants, store, emails):
    assert extract("before my benefits reset in January, how much GP is left?").start is None
    assert extract("how much GP did I claim in January?").start is not None
    for email in emails:
        remaining = store.for_user(email).balances(NOW, "WELLNESS")[0].remaining
        out = assistants["v2"].ask(email, "My benefits renew in January - how much wellness can I still use till then?")
        assert out.intent == "balance" and money(remaining) in out.answer, out.answer


def test_a_terse_still_got_is_a_balance(assistants, store, emails):
    for email in emails:
        remaining = store.for_user(email).balances(NOW, "DENTAL")[0].remaining
        out = assistants["v2"].ask(email, "dental still got?")
        assert out.intent == "balance" and money(remaining) in out.answer, out.answer


def test_a_category_claimed_in_a_month_is_an_amount(assistants, store, emails):
    for email in emails:
        for question, category, month in (("how much dentel did i claim in March", "DENTAL", 3),
                                          ("how much gp have i claimed in August?", "GP", 8)):
            out = assistants["v2"].ask(email, question)
            assert out.intent == "claim_aggregate", (question, out.answer)
            start, end = extract(canonical(question)).start, extract(canonical(question)).end
            assert (start.month, end.month) == (month, month)
            total = store.for_user(email).aggregate_value(category=category, start=start, end=end)
            if total:
                assert money(total) in out.answer, (question, out.answer)


def test_which_of_two_balances_has_more_left_in_malay(assistants, store, emails):
    for email in emails:
        left = {b.category_code: b.remaining for b in store.for_user(email).balances(NOW)}
        out = assistants["v2"].ask(email, "gigi ke optical yang tinggal banyak lagi?")
        assert out.intent == "balance" and not out.refused, out.answer
        for code in ("DENTAL", "OPTICAL"):
            assert money(left[code]) in out.answer, out.answer
        if left["DENTAL"] != left["OPTICAL"]:
            assert "More left on" in out.answer, out.answer


def test_more_left_than_the_balance_just_given(assistants, store, emails):
    for email in emails:
        left = {b.category_code: b.remaining for b in store.for_user(email).balances(NOW)}
        first = assistants["v2"].ask(email, "how much GP do I have left?")
        out = assistants["v2"].ask(email, "do I have more left on wellness than that?", history=[first.as_turn()])
        assert out.intent == "balance", out.answer
        for code in ("GP", "WELLNESS"):
            assert money(left[code]) in out.answer, out.answer
        if left["GP"] != left["WELLNESS"]:
            assert f"by MYR {money(abs(left['GP'] - left['WELLNESS']))}" in out.answer, out.answer


def test_a_named_person_compared_with_the_user_is_refused(assistants, emails):
    assert third_party("my claims with Aisha Tan, who claimed more?")
    assert third_party("did I claim more than Ravi Kumar this year?")
    assert third_party("is my claim with Optik Bintang approved?") is None  # a provider, nothing compared
    out = assistants["v2"].ask(emails[0], "claim I dengan Siti Hassan siapa lagi banyak tahun lepas?")
    assert out.intent == "other_user" and out.refused, out.answer


def test_asking_to_override_a_claim_is_declined_even_after_a_statement(assistants, store, emails):
    for email in emails:
        claim = store.for_user(email).claims()[0]
        out = assistants["v2"].ask(email, f"{claim.claim_id} got rejected, but I found the receipt. Please override "
                                          "it and pay me, thanks")
        assert out.refused and out.intent == "out_of_scope", out.answer
        assert not out.tool_calls


def test_a_cover_question_that_mentions_a_used_limit_stays_a_policy_question(assistants, emails):
    for question in ("My dental limit is used up, can I use my optical money for a filling?",
                     "My GP limit has been used up already - can I claim the clinic visit under specialist instead?"):
        out = assistants["v2"].ask(emails[0], question)
        assert out.intent in ("policy_coverage", "how_to_claim") and not out.refused, out.answer


def test_asking_how_to_fix_a_claim_after_a_statement_is_not_an_order(assistants, emails):
    out = assistants["v2"].ask(emails[0], "My GP claim got rejected for a blurry receipt. Can you explain how I "
                                          "resubmit it, and is there a deadline?")
    assert not out.refused and out.intent == "how_to_claim", out.answer
