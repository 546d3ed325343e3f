"""resolve_lm: which backend a model string gets, and clear errors for the ones it cannot."""

import dspy
import pytest

from workbench.agent.backends import PLACEHOLDER_KEY, MeteredLM, model_label, resolve_lm
from workbench.agent.lm import OpenAICompatibleLM
from workbench.agent.usage import meter
from workbench.errors import ConfigError, LLMError


@pytest.fixture
def keyed(settings):
    return settings.with_overrides(openai_api_key="sk-test", llm_timeout_s=7.0, llm_max_retries=5)


@pytest.mark.parametrize("model", ["openai/gpt-4o-mini", "gpt-4o-mini"])
def test_openai_models_use_the_workbench_lm(keyed, model):
    lm = resolve_lm(model, keyed)
    assert isinstance(lm, OpenAICompatibleLM)
    assert lm.api_model == "gpt-4o-mini"
    assert lm.endpoint == "https://api.openai.com/v1"
    assert (lm.timeout_s, lm.max_retries, lm.cache) == (7.0, 5, False)  # DSPy's cache is off
    assert lm.response_cache.path == keyed.cache_dir / "llm_cache.sqlite"


def test_a_base_url_serves_any_model_name_without_a_key(settings):
    local = settings.with_overrides(openai_base_url="http://127.0.0.1:8000/v1")
    lm = resolve_lm("meta-llama/Llama-3.1-8B-Instruct", local)
    assert isinstance(lm, OpenAICompatibleLM)
    assert lm.api_model == "meta-llama/Llama-3.1-8B-Instruct"  # sent as the server knows it
    assert lm.endpoint == "http://127.0.0.1:8000/v1"
    assert lm._client.api_key == PLACEHOLDER_KEY


def test_other_providers_go_through_dspy_lm_without_its_cache(settings):
    lm = resolve_lm("anthropic/claude-sonnet-4-20250514", settings)
    assert isinstance(lm, MeteredLM) and isinstance(lm, dspy.LM)
    assert lm.cache is False
    assert lm.num_retries == settings.llm_max_retries


def test_openai_model_without_key_or_base_url_says_how_to_fix(settings):
    with pytest.raises(ConfigError) as caught:
        resolve_lm("openai/gpt-4o-mini", settings)
    message = str(caught.value)
    assert "OPENAI_API_KEY" in message and "WORKBENCH_OPENAI_BASE_URL" in message
    assert "offline" in message and "\n" not in message


@pytest.mark.parametrize("model", ["", "   ", "openai/", "/gpt-4o", "gpt 4o", "offline"])
def test_empty_malformed_or_offline_model_strings_are_config_errors(keyed, model):
    with pytest.raises(ConfigError):
        resolve_lm(model, keyed)


def test_model_label_never_presents_the_baseline_as_an_llm():
    assert model_label("offline") == "offline baseline (no LLM)"
    assert model_label("openai/gpt-4o-mini") == "openai/gpt-4o-mini"


def test_litellm_backend_records_usage_and_wraps_errors(fake):
    # The litellm route, pointed at the fake server through its OpenAI-compatible door.
    lm = MeteredLM("openai/gpt-4o-mini", api_base=fake.base_url, api_key="x", cache=False,
                   num_retries=0)
    fake.script("hello")
    with meter() as usage:
        assert lm("hi") == ["hello"]
    assert (usage.calls, usage.lm_calls) == (1, 1)
    assert usage.total_tokens > 0 and usage.cost_usd > 0
    fake.fail_next(500)
    with pytest.raises(LLMError, match="openai/gpt-4o-mini"):
        lm("hi again")
