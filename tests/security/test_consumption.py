"""Unbounded consumption (LLM10): every cap on what one request or one user may consume has a test.

Caps (all settings, ``WORKBENCH_<NAME>``): ``max_question_chars``, ``memory_turns`` and
``max_history_chars`` (conversation fed back), ``max_tool_iters`` (ReAct steps),
``max_llm_calls_per_answer`` and ``rate_limit_per_minute`` (questions per user per minute).
"""

from __future__ import annotations

import pytest
from security_helpers import MODEL

from workbench.agent import ClaimsAssistant
from workbench.agent.memory import Turn
from workbench.errors import LLMError, WorkbenchError
from workbench.testing import FakeOpenAI, answer_reply, parse_request, react_reply
from workbench.ui.ratelimit import RateLimiter

pytestmark = pytest.mark.security

SECTION = "5 Unbounded consumption"


def _looping_model(body: dict) -> str:
    """A fake model that never stops calling a tool."""
    inputs, wanted = parse_request(body)
    if "next_tool_name" in wanted:
        return react_reply("One more look.", "get_balances", {"category": "DENTAL"})
    return answer_reply(wanted, "Your dental balance is as shown.")


@pytest.fixture
def llm(session_settings, resources, tmp_path):
    def build(responder=None, **caps):
        fake = FakeOpenAI(responder).start()
        settings = session_settings.with_overrides(openai_base_url=fake.base_url, llm_max_retries=0,
                                                   cache_dir=tmp_path / "cache", app_db=tmp_path / "app.sqlite",
                                                   **caps)
        built.append(fake)
        return ClaimsAssistant(settings, "v2", model=MODEL, resources=resources), fake

    built: list[FakeOpenAI] = []
    yield build
    for fake in built:
        fake.close()


def test_question_length_is_capped(assistants, session_settings, user_pool, assurance):
    session = assistants["v2"].session(user_pool[0], remember=False)
    limit = session_settings.max_question_chars
    ok = not session.ask("What is my dental balance? " + "x" * (limit - 40)).answer == ""
    with pytest.raises(WorkbenchError, match="limit is") as caught:
        session.ask("a" * (limit + 1))
    one_line = "\n" not in str(caught.value)
    assurance.record(SECTION, f"question length capped ({limit:,} characters, max_question_chars)",
                     "a question at the limit is answered; one over it is refused with one line",
                     2, ok + one_line, "LLM10")
    assert ok and one_line


def test_conversation_length_is_capped(llm, user_pool, assurance):
    assistant, fake = llm(max_history_chars=3000, memory_turns=4)
    turns = [Turn(f"Question {i} " + "q" * 300, f"Answer {i} " + "a" * 300, 0.0, {}) for i in range(60)]
    assistant.ask(user_pool[0], "What is my dental balance?", history=turns)
    inputs, _ = parse_request(fake.requests[0])
    history = inputs.get("history", "")
    kept = [i for i in range(60) if f"Question {i} " in history]
    ok = kept == [56, 57, 58, 59] and len(history) <= 3000 + 200
    assurance.record(SECTION, "conversation length capped (memory_turns turns, max_history_chars characters)",
                     "60 long turns of history; only the newest that fit reach the model", 1, int(ok), "LLM10",
                     note=f"turns sent: {kept}")
    assert ok, (kept, len(history))


def test_tool_iterations_are_capped(llm, user_pool, assurance):
    assistant, fake = llm(_looping_model, max_tool_iters=3)
    result = assistant.ask(user_pool[0], "What is my dental balance?")
    ok = len(result.tool_calls) == 3 and result.answer
    assurance.record(SECTION, "tool iterations per answer capped (max_tool_iters)",
                     "a fake model that calls a tool forever; cap 3", 1, int(bool(ok)), "LLM10",
                     note=f"{len(result.tool_calls)} tool calls, then an answer")
    assert ok


def test_llm_calls_per_answer_are_capped(llm, user_pool, assurance):
    assistant, fake = llm(_looping_model, max_tool_iters=50, max_llm_calls_per_answer=5)
    with pytest.raises(LLMError, match="more than 5 requests") as caught:
        assistant.ask(user_pool[0], "What is my dental balance?")
    ok = fake.calls == 5 and "\n" not in str(caught.value)
    assurance.record(SECTION, "LLM calls per answer capped (max_llm_calls_per_answer)",
                     "a looping fake model with the tool cap lifted; cap 5 calls", 1, int(ok), "LLM10",
                     note=f"{fake.calls} requests sent, then one clear error")
    assert ok


def test_per_user_request_rate_is_capped(tmp_path, assurance):
    limiter = RateLimiter(tmp_path / "app.sqlite", limit=5, window_s=60)
    now = 1_000_000.0
    first = [limiter.acquire("E1001", now + i).allowed for i in range(5)]
    sixth = limiter.acquire("E1001", now + 5)
    other = limiter.acquire("E1002", now + 5).allowed
    # A second handle on the same database (another tab, another process) shares the window.
    shared = RateLimiter(tmp_path / "app.sqlite", limit=5, window_s=60).acquire("E1001", now + 6).allowed
    later = limiter.acquire("E1001", now + 61).allowed
    checks = [all(first), not sixth.allowed and sixth.retry_after_whole_s > 0, other, not shared, later]
    assurance.record(SECTION, "per-user request rate capped (rate_limit_per_minute, kept in the app DB)",
                     "5 allowed, the 6th refused with a retry time; another user unaffected; the window "
                     "frees; a second handle shares the count", len(checks), sum(checks), "LLM10")
    assert all(checks)
