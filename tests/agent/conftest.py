"""Fixtures for the LLM path: a scripted fake OpenAI-compatible server on loopback."""

import pytest

from workbench.testing import FakeOpenAI


@pytest.fixture
def fake():
    """A running ``FakeOpenAI`` (claims-agent responder), stopped after the test."""
    with FakeOpenAI() as server:
        yield server


@pytest.fixture(scope="module")
def emails(store):
    """Five signed-in users (sample users with claims)."""
    return list(store.users(5).email)
