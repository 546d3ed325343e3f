"""Property-based requests generated from the OpenAPI spec (schemathesis): none may get a 5xx."""

from __future__ import annotations

import io

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is a test dependency: pip install schemathesis")
from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from service_helpers import bearer  # noqa: E402

from workbench.agent import ClaimsAssistant  # noqa: E402
from workbench.config import Settings  # noqa: E402
from workbench.service.app import create_app  # noqa: E402
from workbench.service.auth import ApiTokens  # noqa: E402

EXAMPLES_PER_OPERATION = 25


def _fuzz(operation, mode, token: str, seen: list[tuple[str, str, int]]):
    """A hypothesis test that sends generated cases (valid or invalid), with and without the token."""

    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        for headers in (bearer(token), None):
            response = case.call(headers=headers)
            seen.append((operation.method.upper(), operation.path, response.status_code))
            assert response.status_code < 500, (operation.method, operation.path, case.body, response.text)

    return check


@pytest.mark.slow
def test_generated_requests_never_get_a_server_error(tmp_path, session_settings, resources, store):
    cfg = Settings(data_dir=tmp_path, claims_db=session_settings.claims_db, chroma_dir=session_settings.chroma_dir,
                   rate_limit_per_minute=0)  # no limit: every generated request reaches its handler
    token = ApiTokens(cfg.app_db).issue(store, store.users(1).email[0]).token
    app = create_app(cfg, assistant=ClaimsAssistant(cfg, "v2", "offline", resources), log_stream=io.StringIO())
    seen: list[tuple[str, str, int]] = []
    with TestClient(app) as client:  # runs the lifespan, so the app is ready for the generated calls
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        for result in schema.get_all_operations():
            operation = result.ok()
            # Only /v1 operations take input; the others have nothing to make invalid.
            modes = list(schemathesis.GenerationMode) if operation.path.startswith("/v1/") else [
                schemathesis.GenerationMode.POSITIVE]
            for mode in modes:
                _fuzz(operation, mode, token, seen)()
        assert client.get("/readyz").status_code == 200
    statuses = {s for *_, s in seen}
    assert {200, 401, 422} <= statuses, "generated calls reached the auth check, validation and the handlers"
    assert {p for _, p, _ in seen} >= {"/v1/ask", "/v1/feedback", "/v1/conversations/{conversation_id}"}
    print(f"{len(seen)} generated requests, statuses {sorted(statuses)}")
