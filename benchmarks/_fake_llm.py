"""A fake OpenAI-compatible model with a fixed latency per call, and an agent that uses it."""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path

from workbench.testing import FakeOpenAI
from workbench.testing.fake_openai import claims_agent_reply

MODEL = "openai/gpt-4o-mini"


@contextmanager
def fake_llm(delay_s: float):
    """A running ``FakeOpenAI`` whose every reply takes ``delay_s`` seconds (each request has its own thread)."""

    def slow_reply(body: dict) -> str:
        if delay_s:
            time.sleep(delay_s)
        return claims_agent_reply(body)

    with FakeOpenAI(responder=slow_reply) as fake:
        yield fake


def llm_settings(base, fake: FakeOpenAI, cache_dir: Path):
    """Settings that send the agent to ``fake`` with its own LLM cache folder."""
    return base.with_overrides(openai_api_key="sk-benchmark", openai_base_url=fake.base_url, cache_dir=cache_dir)
