"""One resolver from a model string to a DSPy LM.

- ``openai/<model>`` or a bare name (``gpt-4o-mini``), and any model when
  ``WORKBENCH_OPENAI_BASE_URL`` is set (vLLM, Ollama, llama.cpp server, a LiteLLM proxy): the
  workbench's own ``OpenAICompatibleLM``, with its disk cache, retries and exact usage and cost.
- Any other provider string litellm knows (``anthropic/...``, ``ollama_chat/...``,
  ``gemini/...``): ``dspy.LM`` with DSPy's cache off, so every request is metered. Usage is
  recorded from the provider's token counts; cost comes from the pricing table and is unknown
  (``None``) for models not in it. These requests are not cached on disk, and ``calls`` counts
  one per request because litellm's retries are not visible.
- ``offline`` is the deterministic baseline and never reaches this module.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from typing import Any

# litellm fetches its model price list from the internet on import unless told not to; the
# workbench prices usage from its own table, and nothing may download at run time.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

import dspy  # noqa: E402
from dspy.utils.exceptions import LMError

from workbench.agent.lm import OpenAICompatibleLM, redact, spend_llm_call
from workbench.agent.pricing import cost_usd
from workbench.agent.usage import Usage, record
from workbench.config import OFFLINE_MODEL, Settings
from workbench.errors import ConfigError, LLMError

#: Sent as the API key to a local server that ignores it (the SDK refuses an empty key).
PLACEHOLDER_KEY = "not-needed"

# provider/name[/more], no spaces, no empty parts: "openai/gpt-4o-mini", "ollama_chat/llama3:8b".
_MODEL = re.compile(r"^[\w.\-:@+]+(/[\w.\-:@+]+)*$")


def resolve_lm(model: str, settings: Settings) -> dspy.BaseLM:
    """The DSPy LM for a model string.

    Args:
        model: ``openai/gpt-4o-mini``, a bare OpenAI model name, or any litellm provider string.
        settings: API key, base URL, timeout, retries and cache folder.

    Raises:
        ConfigError: The string is empty or malformed, is ``offline``, or names an OpenAI model
            with neither an API key nor a base URL configured.
    """
    model = (model or "").strip()
    if model == OFFLINE_MODEL:
        raise ConfigError("The offline baseline has no LM; build ClaimsAssistant with "
                          "model='offline' instead of resolving it.")
    if not _MODEL.match(model):
        raise ConfigError(f"Model {model!r} is not a model string; use 'provider/name' "
                          "(e.g. openai/gpt-4o-mini, anthropic/claude-sonnet-4-20250514) "
                          "or 'offline'.")
    provider = model.split("/", 1)[0] if "/" in model else "openai"
    if settings.openai_base_url or provider == "openai":
        return _openai_compatible(model, settings)
    return MeteredLM(model, cache=False, num_retries=settings.llm_max_retries,
                     timeout=settings.llm_timeout_s)


def model_label(model: str) -> str:
    """How a model is shown to people (the baseline is never presented as an LLM)."""
    return "offline baseline (no LLM)" if model == OFFLINE_MODEL else model


def _openai_compatible(model: str, settings: Settings) -> OpenAICompatibleLM:
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    if not key and not settings.openai_base_url:
        raise ConfigError(f"Model {model} needs an OpenAI API key: set OPENAI_API_KEY, or set "
                          "WORKBENCH_OPENAI_BASE_URL to an OpenAI-compatible server, or use "
                          "--model offline.")
    lm = OpenAICompatibleLM(
        model, api_key=key or PLACEHOLDER_KEY, base_url=settings.openai_base_url,
        cache_path=settings.cache_dir / "llm_cache.sqlite", timeout_s=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries, backoff_s=settings.llm_backoff_s)
    if settings.redis_url:  # several workers or machines share one cache
        from workbench.agent.redis_stores import RedisResponseCache
        from workbench.redis_client import redis_client

        lm.response_cache = RedisResponseCache(redis_client(settings))
    return lm


class MeteredLM(dspy.LM):
    """``dspy.LM`` (litellm providers) that reports each request to the workbench's meters.

    Failures that survive DSPy's retries become one-line ``LLMError``s, as for OpenAI models.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102 - as dspy.LM
        spend_llm_call(self.model)
        with self._metered():
            return super().__call__(*args, **kwargs)

    async def acall(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102 - as dspy.LM
        spend_llm_call(self.model)
        with self._metered():
            return await super().acall(*args, **kwargs)

    @contextlib.contextmanager
    def _metered(self) -> Iterator[None]:
        try:
            with dspy.context(usage_tracker=_MeterTracker(dspy.settings.usage_tracker)):
                yield
        except LMError as exc:
            detail = redact(" ".join(str(exc).split()))[:300]
            raise LLMError(f"LLM request to {self.model} failed after {self.num_retries + 1} "
                           f"attempt(s): {type(exc).__name__}: {detail}. Fix: check the "
                           "provider's API key variable and the model name, or raise "
                           "WORKBENCH_LLM_TIMEOUT_S / WORKBENCH_LLM_MAX_RETRIES.") from exc


class _MeterTracker:
    """A DSPy usage tracker that turns each request's usage into a ``record(Usage(...))``."""

    def __init__(self, parent: Any = None):
        self.parent = parent  # an enclosing dspy.track_usage() keeps working

    def add_usage(self, lm: str, usage: dict[str, Any]) -> None:
        prompt_tokens = int(usage.get("prompt_tokens") or 0)
        completion_tokens = int(usage.get("completion_tokens") or 0)
        record(Usage(prompt_tokens=prompt_tokens, completion_tokens=completion_tokens, calls=1,
                     lm_calls=1, cost_usd=cost_usd(lm, prompt_tokens, completion_tokens)))
        if self.parent is not None:
            self.parent.add_usage(lm, usage)
