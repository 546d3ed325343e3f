"""Filters beyond category, status and period: amount thresholds, a category left out, categories joined.

Every expected figure comes from the store API for the signed-in user, for several users.
"""

from datetime import date

import pytest

from workbench.agent.entities import _CATEGORY_RES, canonical, extract
from workbench.agent.filters import amount_bounds, excluded_categories
from workbench.agent.wording import money
from workbench.claims import AS_OF

NOW, BEFORE = AS_OF.year, AS_OF.year - 1


@pytest.mark.parametrize(("question", "bounds"), [
    ("Show me every claim I made this year that was over RM100.", (100.0, None)),
    ("list claims undr RM50 ths yr", (None, 50.0)),
    ("claims above MYR 1,250.50 in 2025", (1250.5, None)),
    ("claim lebih RM200 tahun ni", (200.0, None)),
    ("claim bawah RM 30", (None, 30.0)),
    ("dental claims between more than 20 and less than 80", (20.0, 80.0)),
    ("did I make more than 3 claims last year?", (None, None)),  # a count, not an amount
    ("how much did I claim over the last 3 months?", (None, None)),
])
def test_amount_bounds_are_read_in_english_malay_and_typos(question, bounds):
    assert amount_bounds(canonical(question)) == bounds


@pytest.mark.parametrize(("question", "codes"), [
    ("everything except hospital this year", ("HOSPITAL",)),
    ("selain klinik, total claim I tahun ni berapa?", ("GP",)),
    ("total other than my dental claims", ("DENTAL",)),
    ("total claimed this year excluding optical and dental", ("OPTICAL", "DENTAL")),
    ("how much did I claim on dental?", ()),
])
def test_the_categories_left_out_are_no_category_filter(question, codes):
    text = canonical(question)
    assert excluded_categories(text, _CATEGORY_RES) == codes
    e = extract(text)
    assert e.excluded == codes and (e.category not in codes if codes else e.category == "DENTAL")


def test_typo_of_an_ordinal_still_names_the_quarter():
    e = extract(canonical("how much did i claim for mentel health in the thrid quarter this yr"))
    assert (e.start, e.end, e.category) == (date(NOW, 7, 1), date(NOW, 9, 30), "MENTAL_HEALTH")


@pytest.mark.parametrize("question", ["April: no. of claims + how much altogether", "bulan April, claim paling besar",
                                      "April claims in order", "claim month of April"])
def test_a_month_opening_the_question_is_a_month_of_claims(question):
    e = extract(canonical(question))
    assert (e.start, e.end) == (date(NOW, 4, 1), date(NOW, 4, 30)), question


def test_listing_over_and_under_an_amount(assistants, store, emails):
    for email in emails:
        claims = store.for_user(email).claims(year=NOW)
        out = assistants["v2"].ask(email, "Show me every claim I made this year that was over RM100.")
        over = [c for c in claims if c.amount_claimed > 100]
        assert out.intent == "claim_history" and f"You have {len(over)} " in out.answer, out.answer
        shown = [c for c in over if c.claim_id in out.answer]
        assert len(shown) == min(5, len(over)) and all(c.claim_id not in out.answer for c in claims
                                                       if c.amount_claimed <= 100), out.answer
        out = assistants["v2"].ask(email, "list claims undr RM50 ths yr")
        under = [c for c in claims if c.amount_claimed < 50]
        assert out.intent == "claim_history"
        assert (f"You have {len(under)} " in out.answer) if under else ("couldn't find" in out.answer), out.answer


def test_total_of_everything_except_one_category(assistants, store, emails):
    for email in emails:
        user = store.for_user(email)
        for question, code in (("How much did I claim this year on everything except hospital?", "HOSPITAL"),
                               ("selain gigi, total claim I tahun ni berapa?", "DENTAL")):
            want = user.aggregate_value(year=NOW) - user.aggregate_value(category=code, year=NOW)
            out = assistants["v2"].ask(email, question)
            assert out.intent == "claim_aggregate" and money(want) in out.answer, (question, want, out.answer)


def test_largest_claim_under_an_amount(assistants, store, emails):
    for email in emails:
        found = [c for c in store.for_user(email).claims(year=NOW, order="largest") if c.amount_claimed < 100]
        out = assistants["v2"].ask(email, "my largest claim under RM100 this year")
        assert (found[0].claim_id in out.answer) if found else ("couldn't find" in out.answer), out.answer


def test_total_except_two_categories(assistants, store, emails):
    for email in emails:
        user = store.for_user(email)
        want = user.aggregate_value(year=NOW) - sum(user.aggregate_value(category=c, year=NOW)
                                                    for c in ("OPTICAL", "DENTAL"))
        out = assistants["v2"].ask(email, "total claimed this year excluding optical and dental")
        assert money(want) in out.answer, (want, out.answer)


def test_two_categories_joined_are_one_figure(assistants, store, emails):
    for email in emails:
        user = store.for_user(email)
        out = assistants["v2"].ask(email, "no of GP + optical claims 2026")
        count = sum(int(user.aggregate_value("count", category=c, year=2026)) for c in ("GP", "OPTICAL"))
        assert f"Number of claims combined: {count}" in out.answer, out.answer
        out = assistants["v2"].ask(email, "saringan kesihatan campur cermin mata tahun ni berapa semua?")
        total = sum(user.aggregate_value(category=c, year=NOW) for c in ("SCREENING", "OPTICAL"))
        assert out.intent == "claim_aggregate" and money(total) in out.answer, out.answer
        out = assistants["v2"].ask(email, "GP and optical claims 2026, each")
        assert "combined" not in out.answer, out.answer  # asked of each: two figures, no sum


def test_month_filters_are_kept(assistants, store, emails):
    for email in emails:
        user = store.for_user(email)
        april = dict(start=date(NOW, 4, 1), end=date(NOW, 4, 30))
        out = assistants["v2"].ask(email, "bulan April, claim paling besar I berapa?")
        found = user.claims(**april, order="largest")
        assert (found[0].claim_id in out.answer) if found else ("couldn't find" in out.answer), out.answer
        out = assistants["v2"].ask(email, "April: no. of claims + how much altogether")
        count, total = (user.aggregate_value(m, **april) for m in ("count", "sum"))
        assert f": {int(count)}" in out.answer and money(total) in out.answer, out.answer
        out = assistants["v2"].ask(email, "How much went on health screening in May?")
        want = user.aggregate_value(category="SCREENING", start=date(NOW, 5, 1), end=date(NOW, 5, 31))
        assert out.intent == "claim_aggregate" and (money(want) in out.answer or "couldn't find" in out.answer)
        out = assistants["v2"].ask(email, "September claims in order")
        sept = user.claims(start=date(NOW, 9, 1), end=date(NOW, 9, 30))
        assert out.intent == "claim_history"
        assert all(c.claim_id in out.answer for c in sept[:5]), out.answer


def test_claimed_vs_approved_with_typos_and_money_received(assistants, store, emails):
    for email in emails:
        user = store.for_user(email)
        out = assistants["v2"].ask(email, "welness last yr - claimd vs aprooved?")
        claimed, approved = (user.aggregate_value("sum", f, category="WELLNESS", year=BEFORE)
                             for f in ("amount_claimed", "amount_approved"))
        assert out.intent == "claim_aggregate", out.answer
        assert money(claimed) in out.answer and money(approved) in out.answer, out.answer
        out = assistants["v2"].ask(email, "tahun ni berapa claim dah paid, duit yang masuk semua berapa?")
        paid = user.aggregate_value("sum", "amount_approved", status="paid", year=NOW)
        assert money(paid) in out.answer, out.answer


def test_a_count_joined_to_an_amount_keeps_three_listed_measures(assistants, store, emails):
    for email in emails[:3]:
        user = store.for_user(email)
        out = assistants["v2"].ask(email, "For 2025, the number of claims, the total claimed and the total approved?")
        for figure in (user.aggregate_value(year=BEFORE),
                       user.aggregate_value("sum", "amount_approved", year=BEFORE)):
            assert money(figure) in out.answer, out.answer
        assert f": {int(user.aggregate_value('count', year=BEFORE))}" in out.answer, out.answer
