"""Test helpers that ship with the package (the eval tests and notebooks use them too)."""

from workbench.testing.fake_openai import (
    FakeOpenAI,
    answer_reply,
    claims_agent_reply,
    fields_reply,
    parse_observation,
    parse_request,
    react_reply,
)

__all__ = ["FakeOpenAI", "answer_reply", "claims_agent_reply", "fields_reply", "parse_observation", "parse_request",
           "react_reply"]
