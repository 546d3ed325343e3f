"""A second ask in the same message or the next turn: a bare ranking word ranks the claims just asked about.

Every expected claim comes from the store API for the signed-in user, for several users.
"""

import pytest

from workbench.agent import cues
from workbench.agent.entities import canonical
from workbench.agent.rankings import bare
from workbench.agent.wording import money
from workbench.claims import AS_OF

NOW = AS_OF.year


@pytest.mark.parametrize(("question", "kind", "order"), [
    ("the biggest one?", "top", "largest"), ("and the cheapest?", "top", "smallest"),
    ("the latest one", "date", "newest"), ("ok the very first claim?", "date", "oldest"),
])
def test_a_bare_ranking_word(question, kind, order):
    rank = bare(question)
    assert (rank.kind, rank.order) == (kind, order)


def test_a_bare_ranking_word_needs_nothing_else():
    assert bare("the biggest dental claim of 2025 with its status") is None


def test_and_then_a_ranking_is_a_second_clause():
    assert cues.clauses(canonical("total dental claims 2025, and the cheapest?")) == ["total dental claims 2025",
                                                                                    "the cheapest"]
    assert len(cues.clauses(canonical("my first and latest claim this year"))) == 1


def test_second_asks_rank_the_claims_of_the_first(assistants, store, emails):
    for email in emails:
        user = store.for_user(email)
        dental = user.claims(category="DENTAL", year=2025, order="smallest")
        out = assistants["v2"].ask(email, "total dental claims 2025, and the cheapest?")
        if dental:
            assert money(user.aggregate_value(category="DENTAL", year=2025)) in out.answer, out.answer
            assert dental[0].claim_id in out.answer, out.answer
        out = assistants["v2"].ask(email, "What's my average claim this year, and which was my largest?")
        largest = user.claims(year=NOW, order="largest")
        assert not largest or largest[0].claim_id in out.answer, out.answer
        first = assistants["v2"].ask(email, "how many GP claims this year")
        out = assistants["v2"].ask(email, "the biggest one?", history=[first.as_turn()])
        gp = user.claims(category="GP", year=NOW, order="largest")
        assert (gp[0].claim_id in out.answer) if gp else ("couldn't find" in out.answer), out.answer
        out = assistants["v2"].ask(email, "and the latest?", history=[first.as_turn()])
        gp = user.claims(category="GP", year=NOW)
        assert (gp[0].claim_id in out.answer) if gp else ("couldn't find" in out.answer), out.answer


def test_rankings_rank_within_the_categories_left(assistants, store, emails):
    for email in emails:
        user = store.for_user(email)
        kept = [c for c in user.claims(year=NOW, order="largest") if c.category_code != "HOSPITAL"]
        out = assistants["v2"].ask(email, "top 3 claims this year excluding hospital")
        assert all(c.claim_id in out.answer for c in kept[:3]), out.answer
        assert all(c.claim_id not in out.answer for c in user.claims(category="HOSPITAL", year=NOW)), out.answer
        out = assistants["v2"].ask(email, "which category did I claim the most this year, other than hospital?")
        rows = [r for r in user.aggregate("sum", "amount_claimed", group_by="category", year=NOW)
                if r["group"] != "HOSPITAL" and r["claims"]]
        if rows:
            top = max(rows, key=lambda r: r["value"])
            assert out.intent == "claim_aggregate" and f"MYR {money(top['value'])}" in out.answer, out.answer
