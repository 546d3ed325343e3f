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


@pytest.fixture(scope="session")
def dev_data_cases(store):
    """Generated data questions of the dev split (4 users, seed 11), generated once per session.

    The test split is sealed: nothing the agent tests fit or tune may be chosen on it.
    """
    from workbench.evaluation.datasets.generate import generate_data_cases

    return [c for c in generate_data_cases(store, users=4, seed=11) if c.split == "dev"]


@pytest.fixture(scope="session")
def answer_book(assistants, session_settings, resources):
    """Each assistant's answer to each case, asked once per session (``workbench.testing.answer_book``).

    Names: ``v1``, ``v2`` and ``v2-no-router`` (v2 with its learned intent fallback removed: the
    rule-and-kNN cascade alone).
    """
    from workbench.agent import ClaimsAssistant
    from workbench.testing.answer_book import AnswerBook

    prompt = assistants["v2"].prompt
    plain = prompt.model_copy(update={"baseline": prompt.baseline.model_copy(update={"learned_router": None})})
    return AnswerBook({**assistants,
                       "v2-no-router": ClaimsAssistant(session_settings, plain, "offline", resources)})
