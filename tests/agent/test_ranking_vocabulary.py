"""The ranking vocabulary (superlatives, their Malay and terse forms, "most recent") and the ways of
asking what is used of a limit ("burnt through", "ceiling", "dah guna") or what was claimed ("put in").

Questions here were written for these tests (paraphrases in several voices), not taken from eval
cases; every expected figure comes from the store's API for the user asking, for several users.
"""

from datetime import date

import pytest

from workbench.agent import limits
from workbench.agent.entities import canonical, extract
from workbench.agent.wording import money
from workbench.claims import AS_OF

NOW, BEFORE = AS_OF.year, AS_OF.year - 1


@pytest.mark.parametrize(("question", "order"), [
    ("my heftiest dental claim", "largest"),
    ("steepest claim I made last year", "largest"),
    ("max optical claim", "largest"),
    ("claim gigi I yang termahal", "largest"),
    ("tuntutan tertinggi saya tahun lepas", "largest"),
    ("claim I yang termurah", "smallest"),
    ("claim wellness terendah tahun ni", "smallest"),
    ("min claim 2025", "smallest"),
    ("what's the max I can claim for optical?", None),  # the limit, not a claim
    ("how much dental did I claim this year?", None),
    ("resit blur, saiz file max berapa?", None),  # how big a file may be, not a claim
])
def test_ranking_words_in_english_malay_and_shorthand(question, order):
    assert extract(canonical(question)).order == order, canonical(question)


@pytest.mark.parametrize(("question", "month"), [
    ("biggest claim October", 10),
    ("dental total March 2025", 3),
    ("gp claims may", 5),
    ("could you tell me my optical balance, if I may", None),  # "may" the verb, not the month
    ("when does my limit reset in January", None),  # what the plan does, not a month of claims
])
def test_a_month_ending_a_terse_question_filters_the_claims(question, month):
    e = extract(canonical(question))
    assert (e.start.month if e.start else None) == month, (question, e)


def test_largest_and_smallest_claim_asked_tersely_or_in_malay(assistants, store, emails):
    for email in emails:
        claims = store.for_user(email).claims(year=BEFORE, order="largest", limit=1000)
        if not claims:
            continue
        for question, want in ((f"heftiest claim of {BEFORE}?", claims[0]),
                               ("claim I yang termurah tahun lepas yang mana?", claims[-1])):
            out = assistants["v2"].ask(email, question)
            assert out.intent == "claim_aggregate" and want.claim_id in out.answer, (question, out.answer)


def test_max_claim_of_a_month_named_last(assistants, store, emails):
    checked = 0
    for email in emails:
        for month in range(1, AS_OF.month + 1):
            start = date(NOW, month, 1)
            end = date(NOW, month + 1, 1) if month < 12 else date(NOW + 1, 1, 1)
            claims = [c for c in store.for_user(email).claims(start=start, order="largest")
                      if c.service_date < end]
            if not claims:
                continue
            out = assistants["v2"].ask(email, f"max claim {start:%B}")
            assert money(claims[0].amount_claimed) in out.answer, (email, month, out.answer)
            checked += 1
            break
    assert checked >= 3


def test_most_recent_claim_of_a_category_typo_or_malay(assistants, store, emails):
    for email in emails:
        newest = store.for_user(email).claims("DENTAL", limit=1)
        if not newest:
            continue
        for question in ("when was my newst dentl claim?", "claim gigi I yang baru-baru ni bila?"):
            out = assistants["v2"].ask(email, question)
            assert out.intent == "claim_history" and newest[0].claim_id in out.answer, (question, out.answer)


@pytest.mark.parametrize(("question", "balance"), [
    ("how much of my dental have I burnt through?", True),
    ("what's the ceiling on my optical and how much is gone?", True),
    ("gigi I dah guna berapa?", True),
    ("how much did I put in for dental this year?", False),
    ("go through my claims list", False),
    ("has my most recent dental claim gone through?", False),  # approved or not: a status
])
def test_used_of_a_limit_in_other_words(question, balance):
    text = canonical(question)
    assert limits.asks_balance(text, extract(text)) is balance, text


def test_burnt_through_and_dah_guna_answer_the_balance(assistants, store, emails):
    for email in emails:
        b = store.for_user(email).balances(NOW, "OPTICAL")[0]
        for question in ("Optical: what's the ceiling, and how much have I burnt through this year?",
                         "optical I dah guna berapa tahun ni?"):
            out = assistants["v2"].ask(email, question)
            assert out.intent == "balance", (question, out.answer)
            assert f"used MYR {money(b.used)}" in out.answer, (question, out.answer)


def test_put_in_is_what_was_claimed(assistants, store, emails):
    for email in emails:
        user = store.for_user(email)
        total = user.aggregate("sum", "amount_claimed", category="GP", year=NOW)
        out = assistants["v2"].ask(email, "How much did I put in for GP this year?")
        assert out.intent == "claim_aggregate", out.answer
        if total and total[0]["claims"]:
            assert money(total[0]["value"]) in out.answer, out.answer
        smallest = user.claims("GP", order="smallest", limit=1)
        if smallest:
            out = assistants["v2"].ask(email, "the lowest amount I've ever put in for GP?")
            assert smallest[0].claim_id in out.answer, out.answer


def test_which_has_more_balance_left(assistants, store, emails):
    for email in emails:
        left = {b.category_code: b.remaining for b in store.for_user(email).balances(NOW)}
        out = assistants["v2"].ask(email, "which has more balance left, dental or optical?")
        assert out.intent == "balance", out.answer
        for code in ("DENTAL", "OPTICAL"):
            assert money(left[code]) in out.answer, (code, out.answer)


def test_a_list_asked_first_with_its_count_is_the_list(assistants, store, emails):
    for email in emails:
        rejected = store.for_user(email).claims(status="rejected", year=NOW)
        out = assistants["v2"].ask(email, "senarai claim I yang ditolak tahun ni, berapa?")
        assert out.intent == "claim_history", out.answer
        for c in rejected[:5]:
            assert c.claim_id in out.answer, out.answer


def test_left_over_after_an_earlier_clause_is_that_categorys_balance(assistants, store, emails):
    for email in emails:
        b = store.for_user(email).balances(NOW, "DENTAL")[0]
        out = assistants["v2"].ask(email, "what's the cap on my dental this year, and what's left over?")
        assert out.intent == "balance" and not out.cited, out.answer  # no policy passage tacked on
        assert f"remaining MYR {money(b.remaining)}" in out.answer, out.answer


def test_list_what_i_claimed_is_the_list(assistants, store, emails):
    for email in emails:
        claims = store.for_user(email).claims("GP", year=BEFORE)
        out = assistants["v2"].ask(email, f"List what I claimed for GP in {BEFORE}.")
        assert out.intent == "claim_history", out.answer
        for c in claims[:5]:
            assert c.claim_id in out.answer, out.answer
