"""The offline baseline on a labelled question set: routing, exact numbers, v1 vs v2."""

import pytest

from workbench.evaluation.scoring.scorers import numbers_in

# Policy, contact and out-of-scope questions with their intent (data questions are generated).
LABELLED = [
    ("Does the dental benefit cover teeth whitening?", "policy_coverage"),
    ("Are contact lenses claimable under optical?", "policy_coverage"),
    ("Is counselling covered?", "policy_coverage"),
    ("Can I carry forward my unused balance to next year?", "policy_coverage"),
    ("Does the plan cover vitamins and supplements?", "policy_coverage"),
    ("What does the wellness benefit pay for?", "policy_coverage"),
    ("How do I submit a dental claim?", "how_to_claim"),
    ("What documents do I need for a specialist claim?", "how_to_claim"),
    ("What's the deadline for submitting a GP claim?", "how_to_claim"),
    ("How do I get a guarantee letter before a hospital admission?", "how_to_claim"),
    ("How long does Bluefin take to process a claim?", "how_to_claim"),
    ("What's the Bluefin hotline number?", "contacts"),
    ("How can I reach the HR benefits team?", "contacts"),
    ("Who do I contact to escalate a disputed claim?", "contacts"),
    ("What's the weather in Kuala Lumpur tomorrow?", "out_of_scope"),
    ("Write me a haiku about cats.", "out_of_scope"),
    ("Can you help me debug my Python script?", "out_of_scope"),
    ("What is my colleague's dental balance?", "other_user"),
    ("Show me everyone's rejected claims.", "other_user"),
]


@pytest.fixture(scope="module")
def data_cases(dev_data_cases):
    """Generated data questions of the dev split (the test split is sealed: nothing here may be
    fitted on it); the session's set (tests/agent/conftest.py), generated once."""
    return dev_data_cases


@pytest.fixture(scope="module")
def v2_answers(answer_book, data_cases):
    """v2's answer to each data case (with its earlier turns), asked once for the session.

    The offline baseline is deterministic, so the intent test, v2's numbers test and the learned
    router's tests read the same answers instead of asking every case again.
    """
    return answer_book.answers("v2", data_cases)


def test_labelled_set_is_big_enough(data_cases):
    intents = {c.intent for c in data_cases} | {i for _, i in LABELLED}
    assert len(data_cases) + len(LABELLED) >= 40
    assert {"balance", "claim_status", "claim_history", "claim_aggregate", "policy_coverage",
            "how_to_claim", "contacts", "out_of_scope", "other_user"} <= intents


def test_intent_accuracy_at_least_90_percent(assistants, data_cases, v2_answers):
    v2 = assistants["v2"]
    user = data_cases[0].user
    outcomes = [(v2_answers[c.id].intent, c.intent) for c in data_cases]
    outcomes += [(v2.ask(user, q).intent, intent) for q, intent in LABELLED]
    wrong = [(got, want) for got, want in outcomes if got != want]
    accuracy = 1 - len(wrong) / len(outcomes)
    print(f"intent accuracy {accuracy:.3f} on {len(outcomes)} questions; wrong: {wrong}")
    # Measured 0.996 on the dev templates (many voices: typos, Malay, terse, polite, follow-ups
    # asked with their earlier turn), which the baseline is fit on; the sealed test split is lower.
    assert accuracy >= 0.95


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_numbers_exactly_right_on_data_questions(answer_book, data_cases, version):
    checked = [c for c in data_cases if c.expected.numbers and c.intent != "other_user"]
    if version == "v1":  # v1 by design gives the remaining balance without the annual limit
        checked = [c for c in checked if "limit" not in c.question]
    assert len(checked) >= 30
    wrong = []
    for case in checked:
        result = answer_book.answer(version, case)
        found = numbers_in(result.answer)
        if not all(any(abs(x - f) < 0.005 for f in found) for x in case.expected.numbers):
            wrong.append(case.question)
    share = 1 - len(wrong) / len(checked)
    print(f"{version}: numbers exactly right on {share:.3f} of {len(checked)}; wrong: {wrong}")
    # Measured on the dev templates filled for these 4 users (follow-ups with their earlier turn):
    # v2 0.93, v1 (3 routing examples per intent) 0.82.
    assert share >= {"v1": 0.78, "v2": 0.88}[version]


def test_v1_and_v2_answer_differently_where_the_prompt_changed(assistants, data_cases):
    """v2 states the annual limit and cites sources; v1 gives the remaining balance only."""
    case = next(c for c in data_cases if c.intent == "balance" and len(c.expected.numbers) == 2)
    limit, remaining = case.expected.numbers
    v1 = assistants["v1"].ask(case.user, case.question).answer
    v2 = assistants["v2"].ask(case.user, case.question).answer
    assert f"{remaining:,.2f}" in v1 and f"{remaining:,.2f}" in v2
    assert f"{limit:,.2f}" in v2 and f"{limit:,.2f}" not in v1

    policy_q = "Does the dental benefit cover teeth whitening?"
    p1 = assistants["v1"].ask(case.user, policy_q)
    p2 = assistants["v2"].ask(case.user, policy_q)
    assert "Sources:" in p2.answer and "Sources:" not in p1.answer
    assert any(h.document in p2.answer for h in p2.retrieved)

    oos = "What's the weather today?"
    assert "benefits@kestrel-labs.example" in assistants["v2"].ask(case.user, oos).answer
    assert "benefits@kestrel-labs.example" not in assistants["v1"].ask(case.user, oos).answer


def test_follow_up_uses_memory(assistants, store):
    user = store.users(3).email[2]
    session = assistants["v2"].session(user)
    first = session.ask("How much dental balance do I have left?")
    follow = session.ask("And what about optical?")
    assert first.intent == follow.intent == "balance"
    assert "Optical" in follow.answer and "Dental" not in follow.answer


def test_v2_scope_terms_send_off_topic_questions_out_of_scope(assistants, store):
    user = store.users(1).email[0]
    for question in ("How many days of annual leave do I get this year?", "Can I sue my landlord?"):
        assert assistants["v2"].ask(user, question).intent == "out_of_scope"
    # Benefit words, a category or a claim id keep a question in scope.
    for question in ("How much is left for glasses?", "What happened to CLM0000001?", "Where do I send my receipts?"):
        assert assistants["v2"].ask(user, question).intent != "out_of_scope"


# What users actually type: typos, Malay, follow-ups, family, superlatives, requests to act.
# These questions were written for these tests (dev-style), not taken from any eval case.

def _user_with(store, predicate):
    """The first sample user whose claims satisfy ``predicate``."""
    for email in store.users(60).email:
        claims = store.for_user(email).claims()
        if predicate(claims):
            return email, claims
    raise AssertionError("no sample user fits")


def test_typos_and_malay_words_are_read_as_the_vocabulary(assistants, store):
    from workbench.agent.entities import canonical

    assert canonical("whats my dentel balanse for opticl") == "whats my dental balance for optical"
    assert canonical("baki cermin mata saya tahun lepas") == "balance glasses my last year"
    # Real words one edit from a vocabulary word, and names, are left alone.
    untouched = "Is the rental contract detail insured, Dennis?"
    assert canonical(untouched) == untouched
    # A real short word is not a longer one with letters dropped ("send" is not "spend").
    assert canonical("can I send the receipt later") == "can I send the receipt later"
    email = store.users(1).email[0]
    dental = store.for_user(email).balances(category="DENTAL")[0]
    for question in ("whats my dentel balanse?", "baki gigi saya tahun ni berapa?"):
        out = assistants["v2"].ask(email, question)
        assert out.intent == "balance" and not out.refused, question
        assert "Dental" in out.answer and f"{dental.remaining:,.2f}" in out.answer, out.answer


def test_malay_period_and_total(assistants, store):
    email = store.users(2).email[1]
    total = store.for_user(email).aggregate("sum", year=2025)[0]["value"]
    out = assistants["v2"].ask(email, "berapa jumlah tuntutan saya tahun lepas?")
    assert out.intent == "claim_aggregate"
    assert f"{total:,.2f}" in out.answer, out.answer


def test_follow_ups_refer_back_to_the_previous_answer(assistants, store):
    from workbench.agent.memory import Turn

    email, claims = _user_with(store, lambda cs: any(c.status == "rejected" for c in cs[:5]))
    session = assistants["v2"].session(email, remember=False)
    listing = session.ask("Show me my claims")
    first_rejected = next(c for c in claims[:5] if c.status == "rejected")
    turn = [Turn(listing.question, listing.answer, 0, {"intent": listing.intent})]
    why = session.ask("why was it rejected?", history=turn)
    assert why.intent == "claim_status"
    assert first_rejected.claim_id in why.answer and first_rejected.rejection_reason in why.answer

    balance = session.ask("how much dental balance do i have left")
    turn = [Turn(balance.question, balance.answer, 0, {"intent": balance.intent})]
    for follow in ("optical pula?", "what about optical then", "optical too?"):
        out = session.ask(follow, history=turn)
        assert out.intent == "balance" and "Optical" in out.answer and "Dental" not in out.answer, follow
    last_year = session.ask("and last year?", history=turn)
    assert "Dental (2025)" in last_year.answer
    # A new question after a refusal is not a follow-up of the refusal.
    refused = session.ask("What's the weather today?")
    again = session.ask("and my GP claims in 2025?", history=[Turn(refused.question, refused.answer, 0,
                                                                      {"intent": refused.intent})])
    assert again.intent == "claim_history"


def test_family_coverage_is_a_policy_question_but_their_records_are_not_shared(assistants, store):
    email = store.users(1).email[0]
    for question in ("Is my wife covered for maternity?", "Can I claim for my son's braces?",
                     "does the plan cover my husband's glasses?"):
        out = assistants["v2"].ask(email, question)
        assert out.intent == "policy_coverage" and not out.refused, (question, out.answer)
    family = assistants["v2"].ask(email, "Is my wife covered for maternity?")
    assert "employee only" in family.answer  # the faq section on family members
    for question in ("How much has my wife claimed this year?", "Show me my husband's claims."):
        out = assistants["v2"].ask(email, question)
        assert out.intent == "other_user" and out.refused and not out.tool_calls, question


def test_escalation_questions_get_the_contacts(assistants, store):
    email = store.users(1).email[0]
    for question in ("I'm unhappy with how my claim was handled, who can I complain to?",
                     "can i talk to a real person about my claim?"):
        out = assistants["v2"].ask(email, question)
        assert out.intent == "contacts" and not out.refused, question
        assert "hr-escalations@kestrel-labs.example" in out.answer


def test_plan_rules_and_the_claims_process_are_not_read_as_the_users_records(assistants, store):
    email = store.users(1).email[0]
    cases = {
        "policy_coverage": ("Does the optical benefit pay for contact lenses?",
                            "can I claim acupuncture under specialist?",
                            "Boleh bawa baki optical ke tahun depan?",
                            "my unused dental limit, does it carry over?",
                            "Isteri I boleh guna kad Bluefin I tak?",
                            "We have just had twins - can their check-ups be claimed under my GP benefit?",
                            "Kalau kena operate lutut, Bluefin cover tak?"),
        "how_to_claim": ("papers for a dental claim", "hospital claim where to upload",
                         "Claim optical I dah lulus, duit masuk bila?",
                         "My GP claim was rejected because the receipt was blurry. Boleh hantar balik?",
                         "misplaced my optical receipt, would a card slip do?",
                         "Resit I koyak, saiz file pun besar. Boleh upload?"),
        "contacts": ("nak mengadu pasal claim I kena reject, kat siapa?", "who do I chase about a slow claim?",
                     "Bluefin hotline number?", "i need to speek to a real persn pls",
                     "I'm on holiday in Bali and was just admitted to hospital. Who do I call?"),
    }
    for intent, questions in cases.items():
        for question in questions:
            out = assistants["v2"].ask(email, question)
            assert (out.intent, out.refused) == (intent, False), (question, out.intent, out.answer[:80])


def test_requests_for_errands_and_filing_are_declined(assistants, store):
    email = store.users(1).email[0]
    for question in ("could you be able to book me a physio slot on Friday?",
                     "write me a resignation letter", "can u file my optical claim for me? i'll send the receipt",
                     "Translate this clinic bill into Malay for me", "which dentist in Bangsar is cheapest?",
                     "Submit claim dental I sekarang, resit ada", "update my grade to Senior"):
        out = assistants["v2"].ask(email, question)
        assert out.refused and out.intent == "out_of_scope" and not out.tool_calls, (question, out.intent)


def test_superlatives_over_the_users_own_claims(assistants, store):
    email, claims = _user_with(store, lambda cs: len(cs) >= 5)
    top = max(claims, key=lambda c: (c.amount_claimed, c.service_date, c.claim_id))
    out = assistants["v2"].ask(email, "which is my most expensive claim?")
    assert top.claim_id in out.answer and f"{top.amount_claimed:,.2f}" in out.answer
    assert [c.name for c in out.tool_calls] == ["search_claims"]
    assert out.tool_calls[0].args["order"] == "largest"
    cats = {c.category_code for c in claims}
    cat = sorted(cats)[0]
    low = min((c for c in claims if c.category_code == cat), key=lambda c: c.amount_claimed)
    word = {"MENTAL_HEALTH": "mental health", "SCREENING": "health screening"}.get(cat, cat.lower())
    out = assistants["v2"].ask(email, f"my cheapest {word} claim?")
    assert f"{low.amount_claimed:,.2f}" in out.answer, out.answer


def test_comparing_two_categories_of_the_users_own_claims(assistants, store):
    email = store.users(3).email[2]
    sums = {r["group"]: r["value"] for r in store.for_user(email).aggregate("sum", group_by="category", year=2025)}
    out = assistants["v2"].ask(email, "did i spend more on dental or optical last year?")
    assert out.intent == "claim_aggregate"
    for code in ("DENTAL", "OPTICAL"):
        assert f"{sums.get(code, 0.0):,.2f}" in out.answer, out.answer
    winner = max(("DENTAL", "OPTICAL"), key=lambda c: sums.get(c, 0.0))
    if sums.get("DENTAL", 0.0) != sums.get("OPTICAL", 0.0):
        assert f"More on {winner.lower()}" in out.answer


def test_requests_to_change_a_claim_are_declined_not_answered(assistants, store):
    email = store.users(1).email[0]
    claim = store.for_user(email).claims()[0]
    for question in (f"Please approve claim {claim.claim_id}", "can you cancel my latest dental claim",
                     f"edit {claim.claim_id} to MYR 200", "delete my rejected claims"):
        out = assistants["v2"].ask(email, question)
        assert out.refused and not out.tool_calls, question
        assert claim.status not in out.answer.split() and "can't change claims" in out.answer
    # Asking how to do it yourself is a how-to question, answered from the policy.
    how = assistants["v2"].ask(email, "How do I withdraw a claim I submitted by mistake?")
    assert not how.refused and how.intent not in ("out_of_scope", "other_user"), how.intent


def test_store_orders_claims_by_amount_from_an_allow_list(store):
    from workbench.errors import WorkbenchError

    user = store.for_user(store.users(1).email[0])
    largest = user.claims(order="largest")
    assert [c.amount_claimed for c in largest] == sorted((c.amount_claimed for c in largest), reverse=True)
    assert user.claims(order="smallest")[0].amount_claimed == largest[-1].amount_claimed
    with pytest.raises(WorkbenchError, match="Unknown order"):
        user.claims(order="amount_claimed; DROP TABLE claims")


def test_a_failing_policy_search_gives_its_error_not_a_crash(assistants, store):
    session = assistants["v2"].session(store.users(1).email[0], remember=False)
    session.tools.search_policy = lambda query: {"error": "The knowledge index is unavailable; retry later."}
    for question in ("How do I submit a claim?", "What is the Bluefin hotline number?"):
        out = session.ask(question)
        assert out.intent in ("how_to_claim", "policy_coverage", "contacts"), question
        if out.intent != "contacts":
            assert "knowledge index is unavailable" in out.answer
