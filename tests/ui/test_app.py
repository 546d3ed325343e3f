"""The Streamlit app driven in-process with ``AppTest``: sign-in, chat, feedback, limits."""

from __future__ import annotations

import pytest
from ui_helpers import ask, open_app, sign_in, texts

from workbench.agent import AssistantSession
from workbench.evaluation.datasets.cases import load_cases
from workbench.ui.feedback_store import FeedbackStore, export_feedback
from workbench.ui.formatting import escape_markdown

POLICY_QUESTION = "What documents do I need for a hospital claim?"
BALANCE_QUESTION = "How much of my dental limit is left this year?"


def test_nothing_but_the_sign_in_form_without_signing_in(users):
    """A new browser session sees the sign-in form and no chat."""
    at = open_app()
    assert not at.exception
    assert at.text_input(key="sign_in_email") and at.text_input(key="sign_in_code")
    assert len(at.chat_input) == 0
    assert "Sign in to start" in texts(at)
    assert users[0].email not in texts(at)


@pytest.mark.parametrize(("email", "code", "message"), [
    ("{email}", "wrong-code-123", "Wrong email or access code"),
    ("nobody@example.com", "correct-horse-1", "Wrong email or access code"),
    ("{email}", "", "Enter both your work email and your access code"),
])
def test_a_bad_sign_in_is_refused_with_a_clear_message(users, email, code, message):
    """Wrong code, unknown email or a missing field: one clear message, no chat."""
    at = sign_in(open_app(), email.format(email=users[0].email), code)
    assert not at.exception
    assert [e.value for e in at.error if message in e.value]
    assert len(at.chat_input) == 0


def test_repeated_wrong_codes_lock_the_email_for_a_minute(users):
    """Guessing codes is throttled per email, so even the right code must wait."""
    at = open_app()
    for _ in range(5):
        at = sign_in(at, users[0].email, "wrong-code-123")
    at = sign_in(at, users[0].email)  # even the right code waits now
    assert "Too many failed sign-ins" in texts(at)
    assert len(at.chat_input) == 0


def test_signed_in_user_sees_banner_and_who_they_are(users):
    """The banner names the prompt version and marks the baseline as no LLM."""
    at = sign_in(open_app(), users[0].email)
    assert not at.exception
    assert len(at.chat_input) == 1
    banner = " ".join(i.value for i in at.info)
    assert "claims_assistant@v2" in banner and "no LLM" in banner
    sidebar = " ".join(str(m.value) for m in at.sidebar.markdown)
    assert escape_markdown(users[0].email) in sidebar


def test_a_question_gets_an_answer_with_sources_and_a_footer(users):
    """A policy answer cites document, section and snippet, with a cost footer."""
    at = ask(sign_in(open_app(), users[0].email), POLICY_QUESTION)
    assert not at.exception
    assert any(escape_markdown(POLICY_QUESTION) in str(m.value) for m in at.markdown)
    sources = [e for e in at.expander if e.label.startswith("Sources")]
    assert sources, "a policy answer lists its sources"
    cited = " ".join(str(m.value) for m in sources[0].markdown)
    assert ".md" in cited and "relevance" in cited
    assert sources[0].caption, "each source shows a snippet"
    footer = [c.value for c in at.caption if "no LLM" in c.value and "ms" in c.value]
    assert footer and "claims_assistant@v2" in footer[0]
    assert [m.name for m in at.chat_message] == ["user", "assistant"]


def test_a_balance_answer_shows_the_tool_call_and_a_balance_table(users):
    """Tool calls are listed with their results; balances as a table."""
    at = ask(sign_in(open_app(), users[0].email), BALANCE_QUESTION)
    tools = [e for e in at.expander if e.label.startswith("Tool calls")]
    assert tools and "get_balances" in " ".join(str(m.value) for m in tools[0].markdown)
    table = tools[0].dataframe[0].value
    assert {"category_name", "annual_limit", "used", "remaining"} <= set(table.columns)
    assert list(table["category_code"]) == ["DENTAL"]


def test_feedback_is_stored_with_the_answer_and_exports_as_an_eval_case(users, app_settings,
                                                                        tmp_path):
    """A thumbs-down with an expected answer is stored and becomes a valid eval case."""
    at = ask(sign_in(open_app(), users[0].email), BALANCE_QUESTION)
    at.feedback[0].set_value(0).run()  # thumbs down
    at.text_input(key=next(k for k in _keys(at) if k.startswith("fb_comment_"))).input(
        "Should say the amount")
    at.text_area(key=next(k for k in _keys(at) if k.startswith("fb_expected_"))).input(
        "You have MYR 79.41 of dental left.")
    at.button(key=next(k for k in _keys(at) if k.startswith("FormSubmitter:fb_form_"))).click()
    at.run()
    assert not at.exception
    assert "Feedback saved." in texts(at)

    [item] = FeedbackStore(app_settings.app_db).all()
    assert item.rating == "down" and item.user_email == users[0].email
    assert item.question == BALANCE_QUESTION and item.answer
    assert item.prompt == "claims_assistant@v2" and item.model == "offline"
    assert len(item.trace_id) == 32
    assert item.comment == "Should say the amount"
    assert item.expected_answer == "You have MYR 79.41 of dental left."

    out = tmp_path / "feedback.jsonl"
    exported = export_feedback(FeedbackStore(app_settings.app_db), out)
    [case] = load_cases(out)  # valid in the harness's dataset schema
    assert case == exported.cases[0]
    assert case.user == users[0].email and case.question == BALANCE_QUESTION
    assert case.expected.reference_answer == "You have MYR 79.41 of dental left."
    assert "thumbs-down" in case.tags


def test_a_rating_can_be_changed_and_withdrawn(users, app_settings):
    """Clicking the other thumb replaces the rating; clicking it again withdraws it."""
    at = ask(sign_in(open_app(), users[0].email), BALANCE_QUESTION)
    store = FeedbackStore(app_settings.app_db)
    at.feedback[0].set_value(1).run()
    assert [f.rating for f in store.all()] == ["up"]
    at.feedback[0].set_value(0).run()
    assert [f.rating for f in store.all()] == ["down"]
    at.feedback[0].set_value(None).run()
    assert store.all() == []
    assert not at.exception


def test_the_eleventh_question_in_a_minute_is_refused_without_asking(users, monkeypatch):
    """Over the limit: a message saying when to retry, and the assistant is not called."""
    calls = []
    real_ask = AssistantSession.ask

    def counting_ask(self, question, history=None):
        calls.append(question)
        return real_ask(self, question, history)

    monkeypatch.setattr(AssistantSession, "ask", counting_ask)
    at = sign_in(open_app(), users[0].email)
    for i in range(10):
        at = ask(at, f"Show my claims number {i}")
        assert not at.error, at.error
    at = ask(at, "Show my rejected claims.")
    [error] = at.error
    assert "limit of 10 questions per minute" in error.value
    assert "Try again in" in error.value and "seconds" in error.value
    assert len(calls) == 10, "no answer is computed for the question over the limit"


def test_history_comes_back_after_a_reload_for_the_same_user_only(users):
    """A reload shows the conversation again; another user's browser never does."""
    first = ask(sign_in(open_app(), users[0].email), BALANCE_QUESTION)
    asked = escape_markdown(BALANCE_QUESTION)
    assert any(asked in str(m.value) for m in first.markdown)

    reloaded = sign_in(open_app(), users[0].email)  # a new browser session, same person
    assert any(asked in str(m.value) for m in reloaded.markdown)
    assert [e for e in reloaded.expander if e.label.startswith("Tool calls")]

    other = sign_in(open_app(), users[1].email)  # another person's browser
    assert not any(asked in str(m.value) for m in other.markdown)
    assert "Hi " in texts(other)


def test_signing_out_and_in_as_someone_else_drops_the_first_users_history(users):
    """Signing out forgets the session: the next user sees nothing of the first."""
    at = ask(sign_in(open_app(), users[0].email), BALANCE_QUESTION)
    at.button(key="sign_out").click().run()
    assert len(at.chat_input) == 0
    at = sign_in(at, users[1].email)
    assert escape_markdown(users[1].email) in texts(at)
    assert escape_markdown(users[0].email) not in texts(at)
    assert not any(escape_markdown(BALANCE_QUESTION) in str(m.value) for m in at.markdown)


def test_a_failing_model_gives_a_message_not_a_traceback(users, monkeypatch):
    """An unexpected error while answering (say, the LLM is down) is one friendly message."""
    def broken(self, question, history=None):
        raise ConnectionError("upstream timed out")

    monkeypatch.setattr(AssistantSession, "ask", broken)
    at = ask(sign_in(open_app(), users[0].email), BALANCE_QUESTION)
    assert not at.exception
    assert "could not answer just now" in texts(at)
    assert "upstream timed out" not in texts(at)


@pytest.mark.parametrize("question", ["", "   \n  "])
def test_an_empty_message_asks_for_a_question(users, question):
    """An empty or blank message gets a hint instead of an answer."""
    at = ask(sign_in(open_app(), users[0].email), question)
    assert not at.exception
    assert "The message was empty" in texts(at)


def test_a_20000_character_message_is_refused_with_the_limit(users):
    """An over-long message is refused, naming its length and the limit."""
    at = ask(sign_in(open_app(), users[0].email), "x" * 20_000)
    assert not at.exception
    [error] = at.error
    assert "20,000 characters" in error.value and "limit is 4,000" in error.value
    assert not at.expander, "nothing was answered"


def test_markdown_and_html_in_a_question_are_shown_as_typed(users):
    """Markup in a question is escaped: shown as typed, never interpreted."""
    question = ("<img src=x onerror=alert(1)> <script>alert(2)</script> **bold** "
                "[click](javascript:alert(3)) ![pixel](http://tracker.example/p.png) :red[x] $x$")
    at = ask(sign_in(open_app(), users[0].email), question)
    assert not at.exception
    shown = [m for m in at.markdown if "onerror" in str(m.value)]
    assert shown, "the question is shown"
    value = str(shown[0].value)
    assert value == escape_markdown(question)
    # Every character markdown or HTML would act on is backslash-escaped (shown literally).
    for char in "<>*[]()!:$":
        assert value.count(char) == value.count("\\" + char), f"{char!r} is not escaped"
    assert all(not m.proto.allow_html for m in at.markdown)


def test_oidc_identity_picks_the_employee_and_skips_the_form(users):
    """With OIDC configured, the provider's email picks the employee; no code form."""
    at = _oidc_app(users[0].email)
    assert not at.exception
    assert not at.text_input, "no access-code form with single sign-on"
    assert len(at.chat_input) == 1
    assert "signed in with single sign-on" in texts(at)


def test_oidc_identity_unknown_in_the_claims_db_is_refused(users):
    """An OIDC identity that is no employee is refused with a clear message."""
    at = _oidc_app("stranger@example.com")
    assert not at.exception
    assert "no employee has that email" in texts(at)
    assert len(at.chat_input) == 0


def _oidc_app(email: str):
    from streamlit.testing.v1 import AppTest
    from ui_helpers import TIMEOUT_S

    from workbench.ui.launch import APP_SCRIPT

    at = AppTest.from_file(str(APP_SCRIPT), default_timeout=TIMEOUT_S)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback",
                          "cookie_secret": "x" * 32, "client_id": "id", "client_secret": "s",
                          "server_metadata_url": "https://idp.example/.well-known/openid"}
    at.user = {"is_logged_in": True, "email": email, "email_verified": True}
    return at.run()


def _keys(at) -> list[str]:
    return [w.key for w in at.main.get("text_input") + at.main.get("text_area")
            + at.main.get("button") if getattr(w, "key", None)]
