"""Several measures in one question, filters every figure honours, and groups ranked among a named set.

Each test states the rule it checks, asks it in wordings other than the dev batch's, and takes every
expected figure from the store API for several users (never a hard-coded figure).
"""

from collections import defaultdict
from datetime import date

from workbench.agent.entities import canonical, extract
from workbench.agent.wording import NAMES, money
from workbench.claims import AS_OF

NOW, BEFORE = AS_OF.year, AS_OF.year - 1


def test_every_measure_named_is_answered_however_they_are_joined(assistants, store, emails):
    """A count, a total and an average named one after another (commas, "and", "&") are each answered."""
    for email in emails:
        mine = store.for_user(email)
        out = assistants["v2"].ask(email, f"{BEFORE} - count of claims, the sum, & mean per claim please")
        assert out.intent == "claim_aggregate"
        assert f": {int(mine.aggregate_value('count', year=BEFORE))}" in out.answer, out.answer
        assert money(mine.aggregate_value(year=BEFORE)) in out.answer, out.answer
        assert money(mine.aggregate_value("avg", year=BEFORE)) in out.answer, out.answer
        out = assistants["v2"].ask(email, "what was the typical amount per claim this year, and the total?")
        assert money(mine.aggregate_value("avg", year=NOW)) in out.answer, out.answer
        assert money(mine.aggregate_value(year=NOW)) in out.answer, out.answer


def test_claimed_and_approved_joined_by_an_ampersand_gives_both(assistants, store, emails):
    for email in emails:
        mine = store.for_user(email)
        out = assistants["v2"].ask(email, f"amounts claimed & approved in {BEFORE}?")
        assert money(mine.aggregate_value(year=BEFORE)) in out.answer, out.answer
        assert money(mine.aggregate_value(field="amount_approved", year=BEFORE)) in out.answer, out.answer


def test_money_paid_out_is_the_approved_amount_of_paid_claims(assistants, store, emails):
    """ "How much was paid to me" is the money paid (approved), not what the paid claims asked for."""
    for email in emails:
        mine = store.for_user(email)
        paid = mine.aggregate_value(field="amount_approved", status="paid", year=BEFORE)
        out = assistants["v2"].ask(email, "last year, how much got paid out to me and how many claims were rejected?")
        assert f"MYR {money(paid)}" in out.answer, out.answer
        assert f": {int(mine.aggregate_value('count', status='rejected', year=BEFORE))}" in out.answer, out.answer


def test_an_amount_threshold_narrows_every_figure_asked(assistants, store, emails):
    """ "How many over RM200, and their total": both figures count only the claims over RM200."""
    for email in emails:
        over = [c for c in store.for_user(email).claims(year=NOW) if c.amount_claimed > 200]
        out = assistants["v2"].ask(email, "this year how many claims above RM200 did I make, and what did they total?")
        assert f": {len(over)}" in out.answer, out.answer
        assert money(sum(c.amount_claimed for c in over)) in out.answer, out.answer


def test_a_count_beside_a_balance_answers_both(assistants, store, emails):
    for email in emails:
        mine = store.for_user(email)
        left = mine.balances(NOW, "DENTAL")[0].remaining
        out = assistants["v2"].ask(email, "baki gigi I tinggal berapa, dan tahun ni berapa kali I claim?")
        assert out.intent == "claim_aggregate", out.answer
        assert money(left) in out.answer, out.answer
        assert f": {int(mine.aggregate_value('count', category='DENTAL', year=NOW))}" in out.answer, out.answer


def _by_group(claims, key, count: bool) -> dict:
    groups = defaultdict(float)
    for c in claims:
        groups[key(c)] += 1 if count else c.amount_claimed
    return groups


def test_a_group_is_ranked_among_the_set_the_question_names(assistants, store, emails):
    """ "Out of the categories / months …, which one had the least / most" ranks those groups, by amount or count."""
    for email in emails:
        claims = store.for_user(email).claims(year=BEFORE)
        if len(claims) < 2:
            continue
        totals = _by_group(claims, lambda c: c.category_code, count=False)
        least = min(totals, key=totals.get)
        out = assistants["v2"].ask(email, f"Of all the categories I used in {BEFORE}, which one cost me the least?")
        assert out.intent == "claim_aggregate"
        if list(totals.values()).count(totals[least]) == 1:
            assert NAMES[least].lower() in out.answer.split(":")[0].lower(), out.answer
        counts = _by_group(claims, lambda c: c.service_date.month, count=True)
        most = max(counts.values())
        out = assistants["v2"].ask(email, "tahun lepas, antara bulan-bulan I claim, bulan mana paling banyak kali?")
        assert f"{int(most)} claim" in out.answer, out.answer


def test_least_often_is_ranked_by_count(assistants, store, emails):
    for email in emails:
        claims = store.for_user(email).claims(year=NOW)
        if not claims:
            continue
        counts = _by_group(claims, lambda c: c.category_code, count=True)
        out = assistants["v2"].ask(email, "antara kategori yang I claim tahun ni, mana paling jarang?")
        assert out.intent == "claim_aggregate"
        assert f"{int(min(counts.values()))} claim" in out.answer, out.answer


def test_from_a_month_until_now_is_a_span_not_one_month():
    e = extract(canonical("dari bulan Mac hingga sekarang berapa I habis untuk klinik?"))
    assert (e.start, e.end) == (date(AS_OF.year if AS_OF.month >= 3 else BEFORE, 3, 1), AS_OF)
    e = extract(canonical("from the start of February to today, what did my dental claims come to?"))
    assert (e.start, e.end) == (date(AS_OF.year if AS_OF.month >= 2 else BEFORE, 2, 1), AS_OF)


def test_a_category_left_out_is_excluded_not_filtered(assistants, store, emails):
    for email in emails:
        mine = store.for_user(email)
        rest = sum(c.amount_claimed for c in mine.claims(year=BEFORE) if c.category_code != "DENTAL")
        out = assistants["v2"].ask(email, f"leave out dental: what did the rest of my {BEFORE} claims total?")
        assert money(rest) in out.answer, out.answer


def test_a_month_pointed_back_at_filters_the_listing(assistants, store, emails):
    for email in emails:
        month = store.for_user(email).claims(start=date(NOW, 4, 1), end=date(NOW, 4, 30))
        out = assistants["v2"].ask(email, "About April: which claims did I have in that month?")
        assert out.intent == "claim_history"
        assert (f"{len(month)} claim" in out.answer) if month else ("couldn't find" in out.answer), out.answer


def test_own_claims_without_my_are_not_refused(assistants, store, emails):
    """ "all claims" with nobody else named is the asker's own claims."""
    for email in emails:
        out = assistants["v2"].ask(email, "year to date spend, all claims")
        assert not out.refused and out.intent == "claim_aggregate", out.answer
        assert money(store.for_user(email).aggregate_value(year=NOW)) in out.answer, out.answer
        assert assistants["v2"].ask(email, "all claims of every staff member this year").refused


def test_capitalised_dan_stays_a_name():
    assert "and" in canonical("baki gigi dan klinik")
    assert "Dan" in canonical("what did Dan claim this year?")


def test_fewest_rarely_and_onwards_are_read_by_meaning():
    """Ranking from the bottom by count however it is said; a span from a month to now however it is said."""
    from workbench.agent import rankings

    for q in ("which category did I claim the fewest times in 2025?", "which month do I rarely claim in?",
              "which type of claim did I make least often this year?"):
        rank = rankings.request(canonical(q))
        assert rank is not None and (rank.kind, rank.order, rank.by_count) == ("group", "smallest", True), q
    for q in ("from March onwards, what did I spend on GP?", "my GP claims Mac sampai hari ini, total?"):
        e = extract(canonical(q))
        assert (e.start, e.end) == (date(AS_OF.year if AS_OF.month >= 3 else BEFORE, 3, 1), AS_OF), q
    assert extract(canonical("what did my claims total, everything but dental, in 2025?")).excluded == ("DENTAL",)
