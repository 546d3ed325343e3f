"""The assistant served from the PostgreSQL claims store: `workbench ask` and the API, end to end.

``WORKBENCH_CLAIMS_DB_URL`` is the only change; the answers must be the ones DuckDB gives.
Skips with the reason when PostgreSQL is not installed (``postgres_cluster`` in tests/conftest.py).
"""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from service_helpers import bearer
from typer.testing import CliRunner

from workbench.agent import ClaimsAssistant, Resources
from workbench.claims import ClaimsStore
from workbench.cli import app
from workbench.service.app import create_app
from workbench.service.auth import ApiTokens

QUESTIONS = ("How much dental balance do I have left?", "What is my optical balance?",
             "How much have I claimed for GP visits in 2025?")


def test_offline_baseline_answers_the_same_from_postgres(session_settings, resources, assistants, store,
                                                         postgres_claims_url):
    settings = session_settings.with_overrides(claims_db_url=postgres_claims_url)
    opened = Resources.open(settings)
    try:
        assert opened.store.backend.name == "postgres"
        on_pg = ClaimsAssistant(settings, "v2", "offline", Resources(opened.store, resources.index))
        users = store.users()
        for email in users[users.claims >= 5].email[:4]:
            for question in QUESTIONS:
                want = assistants["v2"].ask(email, question)
                got = on_pg.ask(email, question)
                assert (got.answer, got.intent, got.refused) == (want.answer, want.intent, want.refused)
                assert got.tool_calls and [c.result for c in got.tool_calls] == [c.result for c in want.tool_calls]
    finally:
        opened.store.close()


def test_workbench_ask_reads_claims_from_postgres(session_settings, postgres_claims_url, store, monkeypatch,
                                                  tmp_path):
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WORKBENCH_CHROMA_DIR", str(session_settings.chroma_dir))
    # A claims file that does not exist: every figure in the answer has to come from PostgreSQL.
    monkeypatch.setenv("WORKBENCH_CLAIMS_DB", str(tmp_path / "absent.duckdb"))
    monkeypatch.setenv("WORKBENCH_CLAIMS_DB_URL", postgres_claims_url)
    email = store.users(1).email[0]
    result = CliRunner().invoke(app, ["ask", QUESTIONS[0], "--user", email, "--model", "offline"])
    assert result.exit_code == 0, result.output
    remaining = store.for_user(email).balances(category="dental")[0].remaining
    assert f"{remaining:,.2f}" in result.output


def test_api_answers_from_postgres(session_settings, postgres_claims_url, store, tmp_path):
    settings = session_settings.with_overrides(data_dir=tmp_path, app_db=tmp_path / "app.sqlite",
                                               chroma_dir=session_settings.chroma_dir,
                                               claims_db=tmp_path / "absent.duckdb",
                                               claims_db_url=postgres_claims_url)
    users = store.users(2)
    tokens = ApiTokens(settings.app_db)
    with ClaimsStore.from_settings(settings) as pg:  # tokens are issued against PostgreSQL too
        token_a, token_b = (tokens.issue(pg, e).token for e in users.email)
    with TestClient(create_app(settings, log_stream=io.StringIO())) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 200, ready.text
        for token, employee in ((token_a, users.employee_id[0]), (token_b, users.employee_id[1])):
            body = client.post("/v1/ask", json={"question": QUESTIONS[0]}, headers=bearer(token)).json()
            assert body["intent"] == "balance", body
            remaining = store.for_user(employee).balances(category="dental")[0].remaining
            assert f"{remaining:,.2f}" in body["answer"]

