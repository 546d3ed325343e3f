"""The offline baseline on non-data questions: policy, how-to and contacts questions (many
code-switched) are not sent to the claims tools, and requests for the assistant to act on a
claim are declined while questions about how the user does it are answered.

The questions are written for these tests (not copied from eval cases); each is asked by several
users, and the answers are checked against that user's own records where records matter.
"""

import pytest

from workbench.agent.entities import canonical, extract

CLAIMS_TOOLS = {"search_claims", "get_claim", "claims_summary", "get_balances"}


@pytest.mark.parametrize(("question", "intent"), [
    ("ada nombor hotline kaunseling tak? rasa tertekan sangat", "contacts"),
    ("claim optical I dah 6 minggu pending, nak complain kat siapa?", "contacts"),
    ("Which team handles questions about whether a gym counts as wellness?", "contacts"),
    ("Spek I beli 3 bulan lepas, masih sempat claim ke atau dah terlambat?", "how_to_claim"),
    ("how long i have to submit a dental claim after the visit?", "how_to_claim"),
    ("Nak buat dental scaling, kena booking klinik panel macam mana?", "how_to_claim"),
    ("cancel submitted claim how", "how_to_claim"),
    ("where do i submit a wellness claim, hr portal or bluefin app?", "how_to_claim"),
    ("quit my job last month, can I still claim the specialist visit before that?", "how_to_claim"),
    ("boleh boss I nampak claim kaunseling I?", "policy_coverage"),
    ("when does my optical limit fill up again?", "policy_coverage"),
    ("I'm resigning next month, can I still claim dental treatment until then?", "policy_coverage"),
])
def test_policy_contact_and_how_to_questions_do_not_read_the_users_records(assistants, emails, question, intent):
    for email in emails:
        out = assistants["v2"].ask(email, question)
        assert (out.intent, out.refused) == (intent, False), (question, out.intent, out.answer[:100])
        assert not out.tools_used & CLAIMS_TOOLS, (question, out.tools_used)


def test_contact_questions_give_the_line_they_ask_for(assistants, emails):
    for email in emails:
        eap = assistants["v2"].ask(email, "ada nombor hotline kaunseling tak? rasa tertekan sangat")
        assert "1-800-55-0177" in eap.answer  # the EAP line from the prompt's contacts
        late = assistants["v2"].ask(email, "claim optical I dah 6 minggu pending, nak complain kat siapa?")
        assert "hr-escalations@kestrel-labs.example" in late.answer


def test_some_months_ago_in_malay_is_not_a_period_filter():
    # "bulan lepas" alone is last month; with a count it is a time since something.
    assert extract(canonical("claim gigi bulan lepas")).start is not None
    for question in ("Spek I beli 3 bulan lepas, boleh claim lagi?", "jumpa doktor dua minggu lepas"):
        e = extract(canonical(question))
        assert (e.year, e.start, e.end) == (None, None, None), (question, canonical(question))
    assert "3 months ago" in canonical("Spek I beli 3 bulan lepas")
    assert "disposable" in canonical("kanta lekap pakai buang")  # not "use delete"


@pytest.mark.parametrize("question", [
    "could you forward my pending optical claim to Bluefin for me?",
    "pls mark my dental claim as approved",
    "email my gym receipts to hr",
    "can you send my rejected specialist claim to the HR Benefits Manager on my behalf?",
])
def test_requests_to_pass_on_or_mark_a_claim_are_declined(assistants, emails, store, question):
    for email in emails:
        out = assistants["v2"].ask(email, question)
        assert out.refused and out.intent == "out_of_scope" and not out.tool_calls, (question, out.intent)
        ids = {c.claim_id for c in store.for_user(email).claims()}
        assert not any(i in out.answer for i in ids)  # no status read out instead of declining


@pytest.mark.parametrize("question", [
    "how do I email my receipts to Bluefin?",
    "do I edit my rejected GP claim or submit a new one?",
    "Contact lens pakai buang boleh claim bawah optical tak?",
])
def test_asking_how_the_user_does_it_is_answered_not_declined(assistants, emails, question):
    for email in emails:
        out = assistants["v2"].ask(email, question)
        assert not out.refused and out.intent not in ("out_of_scope", "other_user"), (question, out.intent)


def test_a_cover_question_after_a_contacts_answer_is_a_new_policy_question(assistants, emails):
    for email in emails:
        first = assistants["v2"].ask(email, "hr email?")
        assert first.intent == "contacts"
        out = assistants["v2"].ask(email, "ok, does Bluefin cover specialist too?", [first.as_turn()])
        assert out.intent == "policy_coverage" and "SPECIALIST" in out.answer, out.answer[:120]
        # A follow-up that asks for another contact still continues the contacts answer.
        again = assistants["v2"].ask(email, "ok, and their phone number?", [first.as_turn()])
        assert again.intent == "contacts"


def test_family_cover_is_stated_for_how_to_questions_and_misspelt_family_words(assistants, emails):
    for email in emails:
        for question in ("how do i claim for my daughter's glasses?", "is my spouce covered for optical?"):
            out = assistants["v2"].ask(email, question)
            assert "employee only" in out.answer, (question, out.answer[-300:])
            assert not out.refused


def test_a_left_employees_deadline_question_is_answered_from_the_leaving_rule(assistants, emails):
    for email in emails:
        out = assistants["v2"].ask(email, "resigned two weeks ago, is it too late to claim my dental visit?")
        assert out.intent == "how_to_claim", out.intent
        assert "last day" in out.answer, out.answer[:300]
