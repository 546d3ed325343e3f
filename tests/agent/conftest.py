"""Fixtures for the LLM path: a scripted fake OpenAI-compatible server on loopback."""

import pytest

from workbench.testing import FakeOpenAI


@pytest.fixture
def fake():
    """A running ``FakeOpenAI`` (claims-agent responder), stopped after the test."""
    with FakeOpenAI() as server:
        yield server
