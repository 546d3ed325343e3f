"""Periods that span months (workbench.agent.periods) through the entity layer, the tools and the baseline.

Questions here were written for these tests (dev-style phrasings), not taken from eval cases;
every expected figure is computed from the store's API for the user asking.
"""

import re
from datetime import date

import pytest

from workbench.agent import periods, rankings
from workbench.agent.entities import canonical, extract
from workbench.agent.memory import Turn
from workbench.agent.wording import money
from workbench.claims import AS_OF

NOW, BEFORE = AS_OF.year, AS_OF.year - 1


@pytest.mark.parametrize(("question", "start", "end"), [
    ("dental total Q3 2025", date(2025, 7, 1), date(2025, 9, 30)),
    ("how much did I claim in the second quarter last year?", date(BEFORE, 4, 1), date(BEFORE, 6, 30)),
    ("berapa I claim suku pertama tahun ni?", date(NOW, 1, 1), date(NOW, 3, 31)),
    ("GP spend for H2 2025", date(2025, 7, 1), date(2025, 12, 31)),
    ("total for the first half of the year", date(NOW, 1, 1), date(NOW, 6, 30)),
    ("how much have I spent since feb?", date(NOW, 2, 1), AS_OF),
    ("sejak April hingga sekarang claim optical berapa", date(NOW, 4, 1), AS_OF),
    ("claims from Feb to May 2025", date(2025, 2, 1), date(2025, 5, 31)),
    ("specialist Jan-Mar 2026 total", date(2026, 1, 1), date(2026, 3, 31)),
    ("what did I claim between March and June last year?", date(BEFORE, 3, 1), date(BEFORE, 6, 30)),
    ("claims from November 2025 to February 2026", date(2025, 11, 1), date(2026, 2, 28)),
])
def test_a_period_spanning_months_is_one_date_range(question, start, end):
    e = extract(canonical(question))
    assert (e.start, e.end) == (start, end), question
    assert e.period and len(e.periods) == 1
    assert e.year == (start.year if start.year == end.year else None)


def test_since_a_month_later_than_today_is_last_year():
    later = date(NOW, 3, 15)  # "since October" asked in March means October of the year before
    (span,) = periods.spans("how much since October?", later)
    assert (span.start, span.end) == (date(NOW - 1, 10, 1), later)


@pytest.mark.parametrize("question", [
    "how many claims did I make in June?",  # one month: the month filter, not a span
    "what did I claim in March and in June?",  # two months, no range
    "which was my first claim of 2025?",  # "first" of a claim, not of a quarter or half
    "the second one?",
    "how much did I claim last year?",
])
def test_other_periods_are_not_spans(question):
    assert extract(canonical(question)).periods == (), question


def test_two_periods_in_one_question_are_both_read_in_order():
    e = extract(canonical("Q3 vs Q4 of 2025, how much each?"))
    assert [(p.start, p.end) for p in e.periods] == [(date(2025, 7, 1), date(2025, 9, 30)),
                                                    (date(2025, 10, 1), date(2025, 12, 31))]


def test_the_same_period_said_twice_is_one_period():
    e = extract(canonical("dental in Q2 this year (April to June)?"))
    assert [(p.start, p.end) for p in e.periods] == [(date(NOW, 4, 1), date(NOW, 6, 30))]


def test_first_half_is_no_ranking_word():
    assert rankings.request(periods.without("what did I claim in the first half of 2025?")) is None


def test_totals_over_a_quarter_a_half_and_since_a_month(assistants, store, emails):
    for email in emails:
        user = store.for_user(email)
        for question, start, end, category in (
                ("total I claimed in Q1 2025", date(2025, 1, 1), date(2025, 3, 31), None),
                ("What did I claim in the second half of 2025?", date(2025, 7, 1), date(2025, 12, 31), None),
                ("dental claims since march, how much altogether?", date(NOW, 3, 1), AS_OF, "DENTAL"),
                ("sejak Jun sampai sekarang berapa ringgit I dah claim?", date(NOW, 6, 1), AS_OF, None)):
            out = assistants["v2"].ask(email, question)
            value = user.aggregate_value(category=category, start=start, end=end)
            assert out.intent == "claim_aggregate", (email, question, out.answer)
            call = next(c for c in out.tool_calls if c.name == "claims_summary")
            assert (call.args["start_date"], call.args["end_date"]) == (start.isoformat(), end.isoformat())
            if value:
                assert f"MYR {money(value)}" in out.answer, (email, question, out.answer)
            else:
                assert "couldn't find" in out.answer, (email, question, out.answer)


def test_two_quarters_give_one_figure_each_and_the_gap(assistants, store, emails):
    for email in emails:
        user = store.for_user(email)
        out = assistants["v2"].ask(email, "Q1 against Q2 of 2025: how much did I claim in each?")
        q1 = user.aggregate_value(start=date(2025, 1, 1), end=date(2025, 3, 31))
        q2 = user.aggregate_value(start=date(2025, 4, 1), end=date(2025, 6, 30))
        assert out.intent == "claim_aggregate"
        assert f"Q1 2025: MYR {money(q1)}" in out.answer and f"Q2 2025: MYR {money(q2)}" in out.answer, out.answer
        if round(q1, 2) != round(q2, 2):
            assert f"by MYR {money(abs(q1 - q2))}" in out.answer, out.answer


def test_first_and_most_recent_in_one_question_each_use_their_own_order(assistants, store, emails):
    for email in emails:
        claims = store.for_user(email).claims(year=2025, order="newest")
        out = assistants["v2"].ask(email, "what was my earliest claim in 2025, and which one was the latest?")
        assert claims[-1].claim_id in out.answer and claims[0].claim_id in out.answer, out.answer
        assert money(claims[0].amount_claimed) in out.answer


def test_a_count_is_never_written_before_a_month_name(assistants, store, emails):
    for version in ("v1", "v2"):
        for email in emails:
            earlier = assistants[version].ask(email, "how many claims did I make in August 2026")
            out = assistants[version].ask(email, "which ones were they?", history=[earlier.as_turn()])
            count = len(store.for_user(email).claims(start=date(2026, 8, 1), end=date(2026, 8, 31)))
            assert out.intent == "claim_history"
            if count:
                assert f"{count} claim(s) in August 2026" in out.answer, out.answer
            assert not re.search(r"\b\d+ (?:January|February|March|April|May|June|July|August|September|October|"
                                 r"November|December) 20\d\d claim", out.answer), out.answer


def test_no_claims_in_a_period_names_the_period_after_claims(assistants, store, emails):
    email = next(e for e in emails if not store.for_user(e).claims("HOSPITAL", start=date(NOW, 10, 1), end=AS_OF))
    out = assistants["v2"].ask(email, "how much have I claimed for hospital since October?")
    assert f"hospital claims since 1 October {NOW}" in out.answer, out.answer


def test_a_date_range_ending_before_it_starts_is_a_tool_error(assistants, store, emails):
    tools = assistants["v2"].session(emails[0]).tools
    for result in (tools.search_claims(start_date="2025-06-30", end_date="2025-01-01"),
                   tools.claims_summary("sum", start_date="2025-06-30", end_date="2025-01-01")):
        assert "error" in result and "start_date 2025-06-30 is after end_date 2025-01-01" in result["error"]
    assert tools.claims_summary("sum", start_date="2025-01-01", end_date="2025-06-30")[0]["claims"] >= 0


def test_turn_history_keeps_working_with_periods(assistants, store, emails):
    """A follow-up naming one month after a quarter asks about that month, named as such."""
    email = emails[0]
    earlier = assistants["v2"].ask(email, "total claimed in Q2 2026")
    out = assistants["v2"].ask(email, "and in June 2026?", history=[Turn(earlier.question, earlier.answer, 0,
                                                                         {"intent": earlier.intent})])
    june = store.for_user(email).aggregate_value(start=date(2026, 6, 1), end=date(2026, 6, 30))
    assert "Q2" not in out.answer
    if june:
        assert f"MYR {money(june)}" in out.answer, out.answer
