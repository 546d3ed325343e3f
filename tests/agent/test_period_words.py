"""Periods named in Malay, "since the start of", and follow-ups that move the earlier period.

Every expected figure comes from the store API for the signed-in user, for several users.
"""

from datetime import date

import pytest

from workbench.agent.entities import canonical, extract
from workbench.agent.periods import moved
from workbench.agent.wording import money
from workbench.claims import AS_OF

NOW, BEFORE = AS_OF.year, AS_OF.year - 1


@pytest.mark.parametrize(("question", "start", "end"), [
    ("dari Julai hingga Disember tahun lepas, jumlah claim I berapa?", date(BEFORE, 7, 1), date(BEFORE, 12, 31)),
    ("claim dari Mac sampai Jun 2025 berapa?", date(2025, 3, 1), date(2025, 6, 30)),
    ("jumlah claim bulan Ogos", date(NOW, 8, 1), date(NOW, 8, 31)),
    ("senarai claim I sejak awal Februari sampai sekarang", date(NOW, 2, 1), AS_OF),
    ("since the beginning of Mei how much did I claim", date(NOW, 5, 1), AS_OF),
])
def test_malay_month_names_are_months(question, start, end):
    e = extract(canonical(question))
    assert (e.start, e.end) == (start, end), canonical(question)


@pytest.mark.parametrize("question", ["how about my colleague Jun Goh? same question", "Jun Teo's total claims"])
def test_a_person_named_jun_is_no_month(question):
    assert "June" not in canonical(question)


def test_a_follow_up_moves_the_earlier_period():
    # a year alone: the same months that year; "the month before": across the new year too
    assert moved("same months in 2025?", 2025, None, date(2026, 5, 1), date(2026, 7, 31)).label == \
        "from May to July 2025"
    span = moved("month before that what about?", None, None, date(2026, 1, 1), date(2026, 1, 31))
    assert (span.start, span.end) == (date(2025, 12, 1), date(2025, 12, 31))
    span = moved("and the month after?", None, None, date(2026, 1, 1), date(2026, 1, 31))
    assert (span.start, span.end) == (date(2026, 2, 1), date(2026, 2, 28))
    assert moved("and dental?", None, None, date(2026, 5, 1), date(2026, 7, 31)) is None


def test_since_a_month_what_was_spent_and_listed(assistants, store, emails):
    for email in emails:
        user = store.for_user(email)
        want = user.aggregate_value(category="WELLNESS", start=date(NOW, 5, 1), end=AS_OF)
        out = assistants["v2"].ask(email, "Since May, what have I spent on wellness?")
        assert out.intent == "claim_aggregate", out.answer
        assert money(want) in out.answer or (not want and "couldn't find" in out.answer), (want, out.answer)
        listed = user.claims(start=date(NOW, 4, 1), end=AS_OF)
        out = assistants["v2"].ask(email, "senarai claim I sejak awal April sampai sekarang")
        assert out.intent == "claim_history"
        assert f"You have {len(listed)} " in out.answer or (not listed and "couldn't find" in out.answer), out.answer


def test_follow_ups_move_the_period_of_the_earlier_question(assistants, store, emails):
    for email in emails:
        user = store.for_user(email)
        first = assistants["v2"].ask(email, "how much did I claim from May to July this year")
        out = assistants["v2"].ask(email, "same months in 2025?", history=[first.as_turn()])
        want = user.aggregate_value(start=date(2025, 5, 1), end=date(2025, 7, 31))
        assert money(want) in out.answer or (not want and "couldn't find" in out.answer), (want, out.answer)
        first = assistants["v2"].ask(email, "how many claims did I make in January")
        out = assistants["v2"].ask(email, "bulan sebelum tu pulak?", history=[first.as_turn()])
        count = int(user.aggregate_value("count", start=date(NOW - 1, 12, 1), end=date(NOW - 1, 12, 31)))
        assert f": {count}." in out.answer or (not count and "couldn't find" in out.answer), (count, out.answer)


def test_the_quarter_before_moves_three_months():
    span = moved("and the quarter before?", None, None, date(2026, 4, 1), date(2026, 6, 30))
    assert (span.start, span.end) == (date(2026, 1, 1), date(2026, 3, 31))
    span = moved(canonical("bulan sebelumnya?"), None, None, date(2026, 3, 1), date(2026, 3, 31))
    assert (span.start, span.end) == (date(2026, 2, 1), date(2026, 2, 28))
