"""The offline baseline on rule questions and requests it declines (workbench/agent/rules.py).

A question that names the user's own limit can still ask a rule of the plan (pooling, how often,
which year, carry forward, adding a family member); an unresolved complaint asks for the
escalation contacts; asking how to correct one's own claim, or whether a colleague may submit it,
is a process question; asking the assistant to write or request something for the user is
declined. The questions are written for these tests (not copied from eval cases); each is asked
by several users, and none may read the user's claims or balances.
"""

import pytest

from workbench.agent import rules
from workbench.agent.entities import canonical

CLAIMS_TOOLS = {"search_claims", "get_claim", "claims_summary", "get_balances"}


@pytest.mark.parametrize(("question", "intent", "phrase"), [
    # rules of the limits, even with the user's own limit named
    ("my optical is untouched, could the unused optical cover my root canal?", "policy_coverage", "pooled"),
    ("can I transfer my leftover wellness balance to dental?", "policy_coverage", "pooled"),
    ("is it ok to do health screening two times a year if my limit isn't finished?", "policy_coverage",
     "one health screening per benefit year"),
    ("dentist visit on 30 dec, submitting on 3 jan - which year's dental limit gets used?", "policy_coverage",
     "service date"),
    ("kalau baki gigi tak habis, boleh bawa ke tahun depan?", "policy_coverage", "use-it-or-lose-it"),
    # family members in informal words: who the plan covers
    ("wifey wants to claim her dental under my plan, ok?", "policy_coverage", "employee only"),
    ("can my kdis see the GP on my card?", "policy_coverage", "employee only"),
    ("is my mother-in-law covered if she needs surgery?", "policy_coverage", "employee only"),
    ("anak baru lahir, boleh masukkan dalam plan saya?", "policy_coverage", "employee only"),
    # process questions that are not requests to act nor someone else's data
    ("I put the wrong amount on a claim this morning, how do I correct it?", "how_to_claim", "withdraw"),
    ("can my manager submit my optical claim for me while I'm overseas?", "how_to_claim", "cannot submit"),
    ("lost the receipt from my physio, what now?", "how_to_claim", "certified copy"),
])
def test_rule_questions_are_answered_from_the_policy_with_the_rule(assistants, emails, question, intent, phrase):
    for email in emails:
        out = assistants["v2"].ask(email, question)
        assert (out.intent, out.refused) == (intent, False), (question, out.intent, out.answer[:120])
        assert phrase.lower() in out.answer.lower(), (question, out.answer[:300])
        assert not out.tools_used & CLAIMS_TOOLS, (question, out.tools_used)


@pytest.mark.parametrize("question", [
    "I'm really unhappy. My dental claim was rejected and I emailed HR twice with no answer. Where can I take "
    "this further?",
    "nak appeal claim optical yang kena reject, dah email HR tapi tak selesai lagi. siapa boleh tolong?",
])
def test_an_unresolved_complaint_gets_the_escalation_contact(assistants, emails, question):
    prompt_contacts = assistants["v2"].prompt.contacts
    for email in emails:
        out = assistants["v2"].ask(email, question)
        assert (out.intent, out.refused) == ("contacts", False), (question, out.intent, out.answer[:120])
        assert prompt_contacts["escalation_email"] in out.answer
        assert not out.tools_used & CLAIMS_TOOLS


@pytest.mark.parametrize("question", [
    "draft an email to my manager asking for two days off",
    "tolong tuliskan surat minta cuti kat HR",
    "apply for a guarantee letter for my surgery next week for me",
])
def test_requests_to_write_or_request_something_are_declined(assistants, emails, question):
    for email in emails:
        out = assistants["v2"].ask(email, question)
        assert (out.intent, out.refused) == ("out_of_scope", True), (question, out.intent, out.answer[:120])
        assert not out.tools_used & CLAIMS_TOOLS


def test_how_to_questions_are_not_declined_as_requests():
    # Asking how to request a GL is the process; asking the assistant to request one is not.
    assert not rules.acts_for_user(canonical("how do I request a GL for my surgery?"))
    assert rules.acts_for_user(canonical("request a GL for my surgery for me"))


def test_a_balance_question_is_not_a_rule_question(assistants, emails, store):
    # "how much optical do I have left" names the limit and asks what remains: the balance tool.
    for email in emails:
        out = assistants["v2"].ask(email, "how much optical do I have left this year?")
        assert out.intent == "balance", out.answer[:120]
        assert "get_balances" in out.tools_used
