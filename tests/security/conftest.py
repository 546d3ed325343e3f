"""Fixtures for the security suite: a pool of users, their footprints, an LLM path on a fake model."""

from __future__ import annotations

import pytest
from security_helpers import MODEL, footprint

from workbench.agent import ClaimsAssistant
from workbench.testing import FakeOpenAI


@pytest.fixture(scope="session")
def user_pool(store) -> list[str]:
    """Emails of employees who have claims (victims need claim ids), in id order."""
    users = store.users()
    return list(users[users.claims >= 3].email)


@pytest.fixture(scope="session")
def footprints(store):
    """A cache of ``footprint(store, email)``."""
    cache: dict = {}

    def get(email: str):
        if email not in cache:
            cache[email] = footprint(store, email)
        return cache[email]

    return get


@pytest.fixture(scope="module")
def fake_server():
    """A fake OpenAI-compatible server on loopback for the module."""
    with FakeOpenAI() as server:
        yield server


@pytest.fixture(scope="module")
def llm_assistant(session_settings, resources, fake_server, tmp_path_factory):
    """A v2 assistant whose LM is the fake server (its own cache folder, no retries)."""
    settings = session_settings.with_overrides(
        openai_base_url=fake_server.base_url, llm_max_retries=0,
        cache_dir=tmp_path_factory.mktemp("llm-cache"), app_db=tmp_path_factory.mktemp("app") / "app.sqlite")
    return ClaimsAssistant(settings, "v2", model=MODEL, resources=resources)
