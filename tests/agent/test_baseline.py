"""The offline baseline on a labelled question set: routing, exact numbers, v1 vs v2."""

import pytest

from workbench.evaluation.datasets.generate import generate_data_cases
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
def data_cases(store):
    return generate_data_cases(store, users=4, seed=11)


def _ask(assistant, user, question):
    return assistant.session(user, remember=False).ask(question)


def test_labelled_set_is_big_enough(data_cases):
    intents = {c.intent for c in data_cases} | {i for _, i in LABELLED}
    assert len(data_cases) + len(LABELLED) >= 40
    assert {"balance", "claim_status", "claim_history", "claim_aggregate", "policy_coverage",
            "how_to_claim", "contacts", "out_of_scope", "other_user"} <= intents


def test_intent_accuracy_at_least_90_percent(assistants, data_cases):
    v2 = assistants["v2"]
    user = data_cases[0].user
    outcomes = [(_ask(v2, c.user, c.question).intent, c.intent) for c in data_cases]
    outcomes += [(_ask(v2, user, q).intent, intent) for q, intent in LABELLED]
    wrong = [(got, want) for got, want in outcomes if got != want]
    accuracy = 1 - len(wrong) / len(outcomes)
    print(f"intent accuracy {accuracy:.3f} on {len(outcomes)} questions; wrong: {wrong}")
    assert accuracy >= 0.9


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_numbers_exactly_right_on_data_questions(assistants, data_cases, version):
    checked = [c for c in data_cases if c.expected.numbers and c.intent != "other_user"]
    if version == "v1":  # v1 by design gives the remaining balance without the annual limit
        checked = [c for c in checked if "limit" not in c.question]
    assert len(checked) >= 30
    wrong = []
    for case in checked:
        found = numbers_in(_ask(assistants[version], case.user, case.question).answer)
        if not all(any(abs(x - f) < 0.005 for f in found) for x in case.expected.numbers):
            wrong.append(case.question)
    share = 1 - len(wrong) / len(checked)
    print(f"{version}: numbers exactly right on {share:.3f} of {len(checked)}; wrong: {wrong}")
    assert share >= 0.9


def test_v1_and_v2_answer_differently_where_the_prompt_changed(assistants, data_cases):
    """v2 states the annual limit and cites sources; v1 gives the remaining balance only."""
    case = next(c for c in data_cases if c.intent == "balance" and len(c.expected.numbers) == 2)
    limit, remaining = case.expected.numbers
    v1 = _ask(assistants["v1"], case.user, case.question).answer
    v2 = _ask(assistants["v2"], case.user, case.question).answer
    assert f"{remaining:,.2f}" in v1 and f"{remaining:,.2f}" in v2
    assert f"{limit:,.2f}" in v2 and f"{limit:,.2f}" not in v1

    policy_q = "Does the dental benefit cover teeth whitening?"
    p1 = _ask(assistants["v1"], case.user, policy_q)
    p2 = _ask(assistants["v2"], case.user, policy_q)
    assert "Sources:" in p2.answer and "Sources:" not in p1.answer
    assert any(h.document in p2.answer for h in p2.retrieved)

    oos = "What's the weather today?"
    assert "benefits@kestrel-labs.example" in _ask(assistants["v2"], case.user, oos).answer
    assert "benefits@kestrel-labs.example" not in _ask(assistants["v1"], case.user, oos).answer


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
        assert _ask(assistants["v2"], user, question).intent == "out_of_scope"
    # Benefit words, a category or a claim id keep a question in scope.
    for question in ("How much is left for glasses?", "What happened to CLM0000001?", "Where do I send my receipts?"):
        assert _ask(assistants["v2"], user, question).intent != "out_of_scope"
