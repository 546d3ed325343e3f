"""An API app per test over the session's sample data, with its own app database and log stream."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient

from workbench.agent import ClaimsAssistant
from workbench.config import Settings
from workbench.service.app import create_app
from workbench.service.auth import ApiTokens


@pytest.fixture
def api_settings(tmp_path, session_settings) -> Settings:
    """Settings with this test's app database and the session's claims DB and index."""
    return Settings(data_dir=tmp_path, claims_db=session_settings.claims_db,
                    chroma_dir=session_settings.chroma_dir, rate_limit_per_minute=10)


@pytest.fixture
def users(store):
    """Two sample users: (email, employee id) of A and of B."""
    rows = store.users(2)
    return [(r.email, r.employee_id) for r in rows.itertuples(index=False)]


@pytest.fixture
def make_client(api_settings, resources):
    """Builds (client, log stream) for an app with the given setting overrides."""
    opened = []

    def make(assistant: ClaimsAssistant | None = None, **overrides):
        cfg = api_settings.with_overrides(**overrides)
        logs = io.StringIO()
        assistant = assistant or ClaimsAssistant(cfg, "v2", "offline", resources)
        client = TestClient(create_app(cfg, assistant=assistant, log_stream=logs))
        client.__enter__()
        opened.append(client)
        return client, logs

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def tokens(api_settings, store, users):
    """A bearer token for each of the two users: {"A": token, "B": token}."""
    issued = ApiTokens(api_settings.app_db)
    return {name: issued.issue(store, email).token for name, (email, _) in zip("AB", users, strict=True)}

