"""The DSPy agent end to end against the fake server: tool choice, grounding, usage, cache."""

from dataclasses import asdict

import pytest

from workbench.agent import ClaimsAssistant
from workbench.agent.program import ClaimsProgram
from workbench.errors import LLMError
from workbench.prompts import load_prompt

MODEL = "openai/gpt-4o-mini"


@pytest.fixture
def assistant(settings, resources, fake):
    """A v2 assistant on the fake server, with this test's own cache and memory."""
    return ClaimsAssistant(settings.with_overrides(openai_base_url=fake.base_url), "v2",
                           model=MODEL, resources=resources)


@pytest.fixture
def user(store):
    return store.for_user(store.users(5).email[0])


def test_program_instructions_and_demos_come_from_the_prompt_version(settings):
    prompt = load_prompt(settings.prompts_dir, "claims_assistant", "v2")
    program = ClaimsProgram(prompt)
    assert prompt.instructions() in program.agent.signature.instructions
    demos = program.agent.extract.predict.demos
    assert [d.question for d in demos] == [d.question for d in prompt.llm.demos]
    assert {"intent", "refused", "cited"} <= set(demos[0].keys())
    assert set(program.agent.signature.output_fields) == {"answer", "intent", "refused", "cited"}
    tools = program.agent.tools
    assert set(tools) == {"get_balances", "search_claims", "get_claim", "claims_summary",
                          "search_policy", "finish"}
    for tool in tools.values():  # the user is bound in, never asked of the model
        assert not {"user", "user_id", "employee_id", "email"} & set(tool.args)


def test_balance_question_calls_the_tool_and_answers_with_the_users_figure(assistant, user, fake):
    session = assistant.session(user.employee.email, remember=False)
    result = session.ask("What is my dental balance?")
    assert [c.name for c in result.tool_calls] == ["get_balances"]
    assert result.tool_calls[0].args == {"category": "DENTAL"}
    dental = user.balances(None, "DENTAL")[0]
    assert f"{dental.remaining:,.2f}" in result.answer
    assert result.model == MODEL and not result.refused
    usage = result.usage
    assert (usage.lm_calls, usage.calls, usage.cache_hits) == (3, 3, 0)  # step, finish, answer
    assert usage.prompt_tokens > 0 and usage.completion_tokens > 0 and usage.cost_usd > 0
    system = fake.requests[0]["messages"][0]["content"]
    assert "Kestrel Labs benefits claims assistant" in system  # the v2 instructions


def test_repeating_a_question_makes_no_http_calls(assistant, user, fake):
    first = assistant.ask(user.employee.email, "What is my dental balance?")
    sent = fake.calls
    again = assistant.ask(user.employee.email, "What is my dental balance?")
    assert fake.calls == sent
    assert again.answer == first.answer
    assert again.usage.cache_hits == again.usage.lm_calls == 3
    assert (again.usage.calls, again.usage.total_tokens, again.usage.cost_usd) == (0, 0, 0.0)
    assert [c.name for c in again.tool_calls] == ["get_balances"]  # tools still run on user data


def test_policy_question_is_grounded_in_retrieved_passages(assistant, user):
    result = assistant.ask(user.employee.email, 
        "Does the plan cover teeth whitening?")
    assert [c.name for c in result.tool_calls] == ["search_policy"]
    assert result.retrieved
    top = result.retrieved[0]
    assert f"[{top.document} › {top.section}]" in result.answer


def test_history_reaches_the_model(assistant, user, fake):
    session = assistant.session(user.employee.email)
    session.ask("What is my dental balance?")
    session.ask("And my optical balance?")
    last_user = fake.requests[-1]["messages"][-1]["content"]
    assert "What is my dental balance?" in last_user


def test_llm_failure_surfaces_as_a_clear_error(settings, resources, fake, user):
    failing = settings.with_overrides(openai_base_url=fake.base_url, llm_max_retries=1,
                                      llm_backoff_s=0.001)
    assistant = ClaimsAssistant(failing, "v2", model=MODEL, resources=resources)
    fake.fail_next(500, times=2)
    with pytest.raises(LLMError, match="failed after 2 attempt"):
        assistant.ask(user.employee.email, "What is my dental balance?")


def test_request_about_someone_else_calls_no_tool_and_is_refused(assistant, user):
    result = assistant.ask(user.employee.email, 
        "What is my colleague's dental balance?")
    assert result.tool_calls == [] and result.refused


def test_one_program_serves_every_user(assistant, store, fake):
    """Tools are passed per call: two users' sessions share the program, each sees only its own data."""
    a, b = (store.for_user(e) for e in store.users(2).email)
    first = assistant.ask(a.employee.email, "What is my dental balance?")
    second = assistant.ask(b.employee.email, "What is my dental balance?")
    assert first.tool_calls[0].result == [asdict(x) for x in a.balances(None, "DENTAL")]
    assert second.tool_calls[0].result == [asdict(x) for x in b.balances(None, "DENTAL")]
    assert assistant.program is assistant.program


def test_typed_outputs_reach_the_result(assistant, user):
    policy = assistant.ask(user.employee.email, "Does the plan cover teeth whitening?")
    assert policy.intent == "policy_coverage" and policy.refused is False
    assert policy.cited == [policy.retrieved[0].chunk_id]
    balance = assistant.ask(user.employee.email, "What is my dental balance?")
    assert balance.intent == "balance" and balance.cited == []
