"""LLM faults from the fake server: the agent retries what is transient, otherwise gives one clear
message; an eval run records the failing case with its reason and carries on."""

from __future__ import annotations

import pytest

from workbench.agent import ClaimsAssistant
from workbench.agent import lm as lm_module
from workbench.errors import LLMError
from workbench.evaluation.datasets.cases import Dataset, EvalCase
from workbench.evaluation.running.runner import run_cases
from workbench.evaluation.scoring.scorers import ScoringContext
from workbench.testing import FakeOpenAI, answer_reply, claims_agent_reply, parse_request, react_reply

pytestmark = pytest.mark.reliability

SECTION = "6 LLM faults"
MODEL = "openai/gpt-4o-mini"
QUESTION = "What is my dental balance?"


@pytest.fixture
def fake():
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def build(session_settings, resources, fake, tmp_path):
    made = []

    def make(**overrides) -> ClaimsAssistant:
        # A fresh response cache each time: a cached reply would hide the fault.
        made.append(1)
        values = dict(openai_base_url=fake.base_url, llm_max_retries=2, llm_backoff_s=0.001,
                      cache_dir=tmp_path / f"cache-{len(made)}", app_db=tmp_path / "app.sqlite") | overrides
        return ClaimsAssistant(session_settings.with_overrides(**values), "v2", model=MODEL, resources=resources)
    return make


@pytest.fixture
def user(user_email):
    return user_email


@pytest.fixture(scope="module")
def user_email(store):
    return store.users(3).email[0]


def _outcome(assistant, user) -> tuple[str, str]:
    """("answered", answer) or ("error", one-line message); anything else propagates (a bug)."""
    try:
        result = assistant.ask(user, QUESTION)
    except LLMError as exc:
        return "error", str(exc)
    return "answered", result.answer


FAULTS = []


def fault(name: str, expect: str):
    def register(fn):
        FAULTS.append((name, expect, fn))
        return fn
    return register


@fault("timeout, then a reply", "answered after a retry")
def _timeout_once(fake, build):
    fake.delay_next(3.0)
    return build(llm_timeout_s=0.5)


@fault("timeout on every attempt", "one clear error")
def _timeout_always(fake, build):
    fake.delay_next(3.0, times=3)
    return build(llm_timeout_s=0.5)


@fault("429 with Retry-After, then a reply", "answered after waiting Retry-After")
def _rate_limited(fake, build):
    fake.fail_next(429, times=1, retry_after=0.25)
    return build()


@fault("500 twice, then a reply", "answered after retries")
def _server_error(fake, build):
    fake.fail_next(500, times=2)
    return build()


@fault("500 on every attempt", "one clear error")
def _server_down(fake, build):
    fake.fail_next(500, times=3)
    return build()


@fault("malformed JSON body, then a reply", "answered after a retry")
def _malformed_once(fake, build):
    fake.raw_next('{"id": "x", "choices": [', times=1)
    return build()


@fault("malformed JSON body on every attempt", "one clear error")
def _malformed(fake, build):
    fake.raw_next('{"id": "x", "choices": [', times=3)
    return build()


@fault("truncated output", "answered or one clear error")
def _truncated(fake, build):
    fake.script("[[ ## next_thought ## ]]\nI should call get_bal")
    return build()


@fault("truncated final answer", "answered or one clear error")
def _truncated_answer(fake, build):
    def responder(body):
        inputs, wanted = parse_request(body)
        if "answer" in wanted:
            return "[[ ## reasoning ## ]]\nThe balance is"
        return claims_agent_reply(body)
    fake.responder = responder
    return build()


@fault("empty completion", "answered or one clear error")
def _empty(fake, build):
    fake.responder = lambda body: ""
    return build()


@fault("call to a tool that does not exist", "answered or one clear error, no tool run")
def _unknown_tool(fake, build):
    fake.script(react_reply("Delete it.", "delete_claim", {"claim_id": "CLM0000001"}))
    return build()


@fault("endless tool loop", "answered within the tool cap")
def _endless(fake, build):
    def responder(body):
        inputs, wanted = parse_request(body)
        if "next_tool_name" in wanted:
            return react_reply("Again.", "get_balances", {})
        return answer_reply(wanted, "Here are your balances.")
    fake.responder = responder
    return build()


@pytest.mark.slow
def test_each_fault_is_retried_or_reported_in_one_line(fake, build, user, monkeypatch, assurance):
    waits: list[float] = []
    real_sleep = lm_module.time.sleep
    monkeypatch.setattr(lm_module.time, "sleep", lambda s: (waits.append(s), real_sleep(min(s, 0.3))))
    results = []
    for name, expect, setup in FAULTS:
        fake.reset()
        fake.responder = claims_agent_reply
        waits.clear()
        assistant = setup(fake, build)
        kind, text = _outcome(assistant, user)
        one_line = "\n" not in text and text.strip() != ""
        if expect.startswith("one clear error"):
            ok = kind == "error" and one_line and "Fix:" in text
        elif expect.startswith("answered or one clear error"):
            ok = one_line and (kind == "answered" or "Fix:" in text)
        else:
            ok = kind == "answered" and one_line
        if "Retry-After" in name:
            ok = ok and 0.25 in waits
        if "endless" in name:
            ok = ok and fake.calls <= assistant.settings.max_tool_iters + 3
        results.append((name, expect, kind, ok, text[:120]))
    passed = sum(r[3] for r in results)
    for name, expect, kind, ok, _text in results:
        assurance.record(SECTION, f"{name}: {expect}", "fake OpenAI-compatible server, v2 agent", 1, int(ok),
                         "LLM10" if "loop" in name or "timeout" in name else "", note=f"got: {kind}")
    assert passed == len(results), [r for r in results if not r[3]]


@pytest.mark.slow
def test_an_eval_run_records_the_failing_case_and_carries_on(fake, build, store, tmp_path, assurance):
    users = list(store.users(3).email)
    cases = [EvalCase(id=f"fault-{i}", split="dev", user=users[i % 3], question=q, intent=intent,
                      expected={"intent": intent})
             for i, (q, intent) in enumerate([("What is my dental balance?", "balance"),
                                              ("What is my optical balance?", "balance"),
                                              ("What is my GP balance?", "balance")])]

    def responder(body):
        inputs, wanted = parse_request(body)
        if "optical" in inputs.get("question", "") and "answer" in wanted:
            return "garbage without any field"
        return claims_agent_reply(body)

    fake.responder = responder
    assistant = build(llm_max_retries=0)
    rows = run_cases(assistant, Dataset(name="faults", cases=cases), tmp_path / "run",
                     ScoringContext(store), concurrency=1)
    by_id = rows.set_index("case_id")
    failed = by_id.loc["fault-1"]
    ok = (len(rows) == 3 and isinstance(failed["error"], str) and "LLMError" in failed["error"]
          and by_id.loc[["fault-0", "fault-2"], "error"].isna().all())
    assurance.record(SECTION, "an eval run records a failing case with its reason and carries on",
                     "3 cases, the middle one gets an unusable model reply", 3,
                     int(len(rows) == 3) + int(isinstance(failed["error"], str) and "LLMError" in failed["error"])
                     + int(by_id.loc[["fault-0", "fault-2"], "error"].isna().all()), "")
    assert ok, rows[["case_id", "error"]]
