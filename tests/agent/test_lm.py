"""OpenAICompatibleLM against the fake server: usage and cost, disk cache, retries, errors."""

import dspy
import pytest

from workbench.agent.lm import OpenAICompatibleLM
from workbench.agent.pricing import Price, cost_usd, load_pricing, price_for
from workbench.agent.usage import Usage, meter
from workbench.errors import LLMError
from workbench.testing.fake_openai import fields_reply


@pytest.fixture
def make_lm(fake, tmp_path):
    """Build an LM on the fake server with fast retries and a per-test cache."""
    def make(model="openai/gpt-4o-mini", **options):
        options = {"max_retries": 2, "backoff_s": 0.001, "timeout_s": 5.0} | options
        return OpenAICompatibleLM(model, api_key="test-key", base_url=fake.base_url,
                                  cache_path=tmp_path / "llm_cache.sqlite", **options)
    return make


def test_usage_is_metered_and_priced_from_the_table(fake, make_lm):
    fake.script("Hello there, how can I help?")
    with meter() as usage:
        assert make_lm()("Say hello") == ["Hello there, how can I help?"]
    assert fake.requests[0]["model"] == "gpt-4o-mini"  # provider prefix not sent
    assert usage.prompt_tokens > 0 and usage.completion_tokens > 0
    assert (usage.calls, usage.lm_calls, usage.cache_hits) == (1, 1, 0)
    price = load_pricing()["gpt-4o-mini"]
    expected = (usage.prompt_tokens * price.input + usage.completion_tokens * price.output) / 1e6
    assert usage.cost_usd == pytest.approx(expected) and usage.cost_usd > 0


def test_unknown_model_has_unknown_cost_not_zero(fake, make_lm):
    with meter() as usage:
        make_lm("openai/my-local-llama")("hi")
    assert usage.total_tokens > 0
    assert usage.cost_usd is None


def test_pricing_matches_prefix_and_snapshots_and_keeps_unknown_unknown():
    mini = Price(input=0.15, output=0.6)
    assert price_for("gpt-4o-mini") == price_for("openai/gpt-4o-mini") == mini
    assert price_for("openai/gpt-4o-mini-2024-07-18") == price_for("gpt-4o-mini")
    assert cost_usd("openai/gpt-4.1-nano", 1_000_000, 1_000_000) == pytest.approx(0.5)
    assert cost_usd("openai/not-a-model", 10, 10) is None
    assert cost_usd("anthropic/unknown", 10, 10) is None


def test_repeated_request_is_a_cache_hit_with_no_http_call(fake, make_lm):
    lm = make_lm()
    first = lm("What is 2 + 2?")
    with meter() as usage:
        again = lm("What is 2 + 2?")
        from_disk = make_lm()("What is 2 + 2?")  # a new LM over the same cache file
    assert again == from_disk == first
    assert fake.calls == 1
    assert usage == Usage(cache_hits=2, lm_calls=2, cost_usd=0.0)
    lm("What is 3 + 3?")
    assert fake.calls == 2  # a different prompt is a different key


def test_cache_key_covers_options(fake, make_lm):
    lm = make_lm()
    lm("same prompt")
    lm("same prompt", temperature=0.7)
    lm("same prompt", rollout_id=1)  # DSPy's way to ask for a fresh sample
    assert fake.calls == 3
    assert "rollout_id" not in fake.requests[2]


def test_rate_limit_is_retried_then_succeeds(fake, make_lm):
    fake.fail_next(429, times=2)
    fake.script("finally")
    with meter() as usage:
        assert make_lm()("hi") == ["finally"]
    assert fake.calls == 3
    assert (usage.calls, usage.lm_calls) == (3, 1)


def test_timeout_is_retried(fake, make_lm):
    fake.delay_next(3.0)
    fake.script("slow", "fast")  # the timed-out attempt consumes "slow"
    with meter() as usage:
        assert make_lm(timeout_s=0.3)("hi") == ["fast"]
    assert usage.calls == 2


def test_server_errors_after_retries_raise_one_clear_line(fake, make_lm):
    fake.fail_next(500, times=10)
    lm = make_lm()
    with meter() as usage, pytest.raises(LLMError) as caught:
        lm("hi")
    message = str(caught.value)
    assert "\n" not in message
    for part in ("openai/gpt-4o-mini", fake.base_url, "3 attempt", "InternalServerError",
                 "WORKBENCH_LLM_TIMEOUT_S"):
        assert part in message
    assert fake.calls == 3 and usage.calls == 3
    fake.reset()
    lm("hi")  # the failure was not cached
    assert fake.calls == 1


def test_auth_error_is_not_retried_and_names_the_fix(fake, make_lm):
    fake.fail_next(401)
    with pytest.raises(LLMError, match="check the API key"):
        make_lm()("hi")
    assert fake.calls == 1


def test_works_as_a_dspy_lm_through_the_chat_adapter(fake, make_lm):
    fake.script(fields_reply(answer="4"))
    with dspy.context(lm=make_lm()):
        assert dspy.Predict("question -> answer")(question="What is 2 + 2?").answer == "4"
    system = fake.requests[0]["messages"][0]
    assert system["role"] == "system" and "`question`" in system["content"]
