"""Questions answered with two or three figures: two years, two categories, two measures, two balances.

Every expected figure comes from the store API for the signed-in user, for several users.
"""


from workbench.agent.entities import canonical, extract
from workbench.agent.figures import one_question, plan, years_named
from workbench.agent.memory import Turn
from workbench.agent.wording import money
from workbench.claims import AS_OF

NOW, BEFORE = AS_OF.year, AS_OF.year - 1




def test_years_named_in_the_order_asked():
    assert years_named("did I spend more this year than last year?") == (NOW, BEFORE)
    assert years_named("hospital 2025 vs 2026") == (2025, 2026)
    assert years_named("what was it at the end of 2025, and what is it now?") == (2025, NOW)
    assert years_named("how much did I claim for dental?") == ()


def test_one_figure_questions_are_not_planned_as_several():
    for question in ("how much did I claim for dental this year?", "list my GP claims in 2025",
                     "what's my optical balance?", "how many claims did I make last year?",
                     "what was my most expensive claim in 2025?"):
        text = canonical(question)
        assert plan(text, extract(text)) is None, question
        assert not one_question(text), question


def test_this_year_against_last_year_gives_both_years_and_the_gap(assistants, store, emails):
    for email in emails:
        for question, category in (("Did I claim more for dental this year than last year, and by how much?", "DENTAL"),
                                   ("optical 2026 vs 2025", "OPTICAL"),
                                   ("gigi tahun ni lagi banyak ke tahun lepas? beza berapa?", "DENTAL")):
            out = assistants["v2"].ask(email, question)
            now, before = (store.for_user(email).aggregate_value(category=category, year=y) for y in (NOW, BEFORE))
            assert out.intent == "claim_aggregate" and not out.refused, (question, out.answer)
            for figure in (now, before, abs(now - before)):
                assert money(figure) in out.answer, (question, figure, out.answer)


def test_year_over_year_by_count_and_by_average(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, "Did I put in fewer claims in 2025 than this year?")
        counts = [int(store.for_user(email).aggregate_value("count", year=y)) for y in (BEFORE, NOW)]
        assert out.intent == "claim_aggregate"
        assert f"2025 claims: {counts[0]}" in out.answer and f"{NOW} claims: {counts[1]}" in out.answer, out.answer
        if counts[0] != counts[1]:
            more = BEFORE if counts[0] > counts[1] else NOW
            assert f"More claims in {more}, by {abs(counts[0] - counts[1])}" in out.answer, out.answer
        out = assistants["v2"].ask(email, "is my average GP claim lower than it was last year?")
        for year in (NOW, BEFORE):
            want = money(store.for_user(email).aggregate_value("avg", category="GP", year=year))
            assert want in out.answer, out.answer


def test_compare_with_last_year_as_a_follow_up(assistants, store, emails):
    for email in emails:
        first = assistants["v2"].ask(email, "total specialist claimed this year")
        turn = [Turn(first.question, first.answer, 0, {"intent": first.intent})]
        out = assistants["v2"].ask(email, "how does that compare with last year?", history=turn)
        for year in (NOW, BEFORE):
            want = money(store.for_user(email).aggregate_value(category="SPECIALIST", year=year))
            assert want in out.answer, out.answer


def test_two_categories_each_on_their_own(assistants, store, emails):
    for email in emails:
        for question in ("how much have I claimed this year for dental, and separately for GP?",
                         "claim gigi dengan klinik tahun ni berapa satu-satu?"):
            out = assistants["v2"].ask(email, question)
            assert out.intent == "claim_aggregate", (question, out.answer)
            for category in ("DENTAL", "GP"):
                want = money(store.for_user(email).aggregate_value(category=category, year=NOW))
                assert want in out.answer, (question, out.answer)


def test_two_categories_compared_by_count(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, "Did I make more dental claims or more GP claims in 2025?")
        counts = {c: int(store.for_user(email).aggregate_value("count", category=c, year=BEFORE))
                  for c in ("DENTAL", "GP")}
        for count in counts.values():
            assert f": {count}" in out.answer, out.answer
        if counts["DENTAL"] != counts["GP"]:
            winner = "dental" if counts["DENTAL"] > counts["GP"] else "GP"
            assert f"More on {winner}" in out.answer, out.answer
            assert f"by {abs(counts['DENTAL'] - counts['GP'])}." in out.answer, out.answer


def test_a_count_and_a_total_in_one_question(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, "berapa kali I claim klinik tahun lepas, jumlah berapa?")
        count = int(store.for_user(email).aggregate_value("count", category="GP", year=BEFORE))
        assert out.intent == "claim_aggregate"
        want = money(store.for_user(email).aggregate_value(category="GP", year=BEFORE))
        assert f": {count}" in out.answer and want in out.answer
        out = assistants["v2"].ask(email, "how many claims were rejected last year, what did they come to in total?")
        rejected = {"status": "rejected", "year": BEFORE}
        assert f": {int(store.for_user(email).aggregate_value('count', **rejected))}" in out.answer, out.answer
        assert money(store.for_user(email).aggregate_value(**rejected)) in out.answer, out.answer


def test_claimed_approved_and_the_gap_between_them(assistants, store, emails):
    for email in emails:
        claimed = store.for_user(email).aggregate_value(category="DENTAL", year=BEFORE)
        approved = store.for_user(email).aggregate_value(field="amount_approved", category="DENTAL", year=BEFORE)
        out = assistants["v2"].ask(email, "tahun lepas I claim gigi berapa, dapat balik berapa?")
        assert out.intent == "claim_aggregate"
        assert money(claimed) in out.answer and money(approved) in out.answer, out.answer
        out = assistants["v2"].ask(email, "how much of my dental claims last year wasn't approved?")
        assert f"MYR {money(claimed - approved)}" in out.answer, out.answer
        assert [c.name for c in out.tool_calls] == ["claims_summary", "claims_summary"]


def test_which_balance_has_more_left_compares_remaining_balances(assistants, store, emails):
    for email in emails:
        left = {b.category_code: b.remaining for b in store.for_user(email).balances()}
        out = assistants["v2"].ask(email, "Which has more left, my dental balance or my optical balance?")
        assert out.intent == "balance" and {c.name for c in out.tool_calls} == {"get_balances"}
        for code in ("DENTAL", "OPTICAL"):
            assert money(left[code]) in out.answer, out.answer
        if left["DENTAL"] != left["OPTICAL"]:
            winner = "dental" if left["DENTAL"] > left["OPTICAL"] else "optical"
            assert f"More left on {winner}, by MYR {money(abs(left['DENTAL'] - left['OPTICAL']))}" in out.answer


def test_a_balance_then_and_now(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, "What was my GP balance at the end of 2025, and what is it now?")
        for year in (BEFORE, NOW):
            remaining = store.for_user(email).balances(year, "GP")[0].remaining
            assert f"GP (outpatient) ({year})" in out.answer and money(remaining) in out.answer, out.answer


def test_what_was_claimed_and_what_is_left(assistants, store, emails):
    for email in emails:
        out = assistants["v2"].ask(email, "gigi I dah claim berapa tahun ni, baki tinggal berapa?")
        remaining = store.for_user(email).balances(NOW, "DENTAL")[0].remaining
        assert out.intent == "claim_aggregate"
        assert money(store.for_user(email).aggregate_value(category="DENTAL", year=NOW)) in out.answer, out.answer
        assert money(remaining) in out.answer, out.answer


def test_prompt_versions_without_the_figures_template_fall_back_to_the_default(assistants, store, emails):
    email = emails[0]
    out = assistants["v1"].ask(email, "did I claim more for GP this year than in 2025?")
    for year in (NOW, BEFORE):
        assert money(store.for_user(email).aggregate_value(category="GP", year=year)) in out.answer, out.answer
