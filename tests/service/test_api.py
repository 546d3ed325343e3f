"""The REST API end to end through FastAPI's TestClient (the offline baseline answers)."""

from __future__ import annotations

import json
import re
import time

from service_helpers import bearer, metric

from workbench.agent.assistant import AssistantSession
from workbench.ui.feedback_store import FeedbackStore, export_feedback

BALANCE = "How much dental balance do I have left?"


def test_every_endpoint_but_health_needs_a_token(make_client, tokens):
    client, _ = make_client()
    for path in ("/healthz", "/readyz", "/metrics", "/openapi.json"):
        assert client.get(path).status_code == 200, path
    spec = client.get("/openapi.json").json()
    protected = [(m, p) for p, ops in spec["paths"].items() for m in ops if p.startswith("/v1/")]
    assert {p for _, p in protected} == {"/v1/ask", "/v1/conversations/{conversation_id}", "/v1/feedback"}
    for method, path in protected:
        url = path.replace("{conversation_id}", "abc123")
        for headers in ({}, bearer("wb_000000000000_" + "x" * 43), {"Authorization": "Basic Zm9vOmJhcg=="},
                        bearer(tokens["A"] + "x")):
            response = client.request(method, url, headers=headers, json={})
            assert response.status_code == 401, (method, path, headers)
            assert response.headers["www-authenticate"].startswith("Bearer")


def test_ask_answers_as_the_tokens_user_and_remembers_the_conversation(make_client, tokens, users, store):
    client, _ = make_client()
    first = client.post("/v1/ask", json={"question": BALANCE}, headers=bearer(tokens["A"]))
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["intent"] == "balance" and body["model"] == "offline"
    remaining = store.for_user(users[0][1]).balances(category="dental")
    assert f"{remaining[0].remaining:,.2f}" in body["answer"]
    again = client.post("/v1/ask", json={"question": "And my claims?", "conversation_id": body["conversation_id"]},
                        headers=bearer(tokens["A"]))
    assert again.json()["conversation_id"] == body["conversation_id"]
    turns = client.get(f"/v1/conversations/{body['conversation_id']}", headers=bearer(tokens["A"])).json()["turns"]
    assert [t["question"] for t in turns] == [BALANCE, "And my claims?"]
    assert turns[0]["trace_id"] == body["trace_id"]


def test_a_token_for_a_never_reads_bs_conversations_or_data(make_client, tokens, users, store):
    client, _ = make_client()
    a = client.post("/v1/ask", json={"question": BALANCE}, headers=bearer(tokens["A"])).json()
    # B cannot read A's conversation, nor rate A's answer, nor see A's turns by reusing the id.
    assert client.get(f"/v1/conversations/{a['conversation_id']}", headers=bearer(tokens["B"])).status_code == 404
    rated = client.post("/v1/feedback", json={"trace_id": a["trace_id"], "rating": "down"}, headers=bearer(tokens["B"]))
    assert rated.status_code == 404
    b = client.post("/v1/ask", json={"question": BALANCE, "conversation_id": a["conversation_id"]},
                    headers=bearer(tokens["B"])).json()
    b_turns = client.get(f"/v1/conversations/{a['conversation_id']}", headers=bearer(tokens["B"])).json()["turns"]
    assert [t["trace_id"] for t in b_turns] == [b["trace_id"]], "B sees only B's own turn"
    a_turns = client.get(f"/v1/conversations/{a['conversation_id']}", headers=bearer(tokens["A"])).json()["turns"]
    assert [t["trace_id"] for t in a_turns] == [a["trace_id"]], "A's conversation is untouched by B"
    # B's answer is B's balance; naming A in the body is refused outright.
    mine = store.for_user(users[1][1]).balances(category="dental")[0].remaining
    theirs = store.for_user(users[0][1]).balances(category="dental")[0].remaining
    figures = set(re.findall(r"\d[\d,]*\.\d\d", b["answer"]))  # whole amounts, so 0.00 is not found in 1,000.00
    assert f"{mine:,.2f}" in figures and (mine == theirs or f"{theirs:,.2f}" not in figures)
    spoof = client.post("/v1/ask", json={"question": BALANCE, "user": users[0][0]}, headers=bearer(tokens["B"]))
    assert spoof.status_code == 422 and spoof.json()["detail"][0]["loc"] == ["body", "user"]


def test_the_eleventh_request_in_a_minute_gets_429_with_retry_after(make_client, tokens):
    client, _ = make_client()
    for _ in range(10):
        assert client.get("/v1/conversations/none", headers=bearer(tokens["A"])).status_code == 404
    refused = client.get("/v1/conversations/none", headers=bearer(tokens["A"]))
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert client.get("/v1/conversations/none", headers=bearer(tokens["B"])).status_code == 404, "limits are per token"
    assert metric(client, "workbench_rate_limited_total") == 1


def test_chat_app_and_api_share_one_rate_limiter():
    from workbench import limits
    from workbench.ui import ratelimit

    assert ratelimit.RateLimiter is limits.RateLimiter and ratelimit.Decision is limits.Decision


def test_oversized_body_gets_413_with_or_without_content_length(make_client, tokens):
    client, _ = make_client(max_request_bytes=1000)
    big = json.dumps({"question": "x" * 2000})
    declared = client.post("/v1/ask", content=big, headers=bearer(tokens["A"]) | {"content-type": "application/json"})
    assert declared.status_code == 413

    def chunks():  # no Content-Length: the limit is enforced while reading
        yield big[:600].encode()
        yield big[600:].encode()

    json_headers = bearer(tokens["A"]) | {"content-type": "application/json"}
    streamed = client.post("/v1/ask", content=chunks(), headers=json_headers)
    assert streamed.status_code == 413
    assert metric(client, "workbench_errors_total", type="body_too_large") == 2


def test_malformed_json_gets_422_with_field_errors(make_client, tokens):
    client, _ = make_client()
    headers = bearer(tokens["A"]) | {"content-type": "application/json"}
    broken = client.post("/v1/ask", content=b'{"question": "hi"', headers=headers)
    assert broken.status_code == 422 and broken.json()["detail"][0]["type"] == "json_invalid"
    missing = client.post("/v1/ask", json={"conversation_id": "bad id!"}, headers=headers)
    assert missing.status_code == 422
    assert {tuple(e["loc"]) for e in missing.json()["detail"]} == {("body", "question"), ("body", "conversation_id")}
    rating = client.post("/v1/feedback", json={"trace_id": "0" * 32, "rating": "meh"}, headers=headers)
    assert rating.status_code == 422 and rating.json()["detail"][0]["loc"] == ["body", "rating"]


def test_metrics_counters_move_after_requests(make_client, tokens):
    client, _ = make_client()
    before = metric(client, "workbench_http_requests_total", method="POST", route="/v1/ask", status="200")
    for _ in range(2):
        client.post("/v1/ask", json={"question": BALANCE}, headers=bearer(tokens["A"]))
    client.post("/v1/ask", json={"question": BALANCE})
    assert metric(client, "workbench_http_requests_total", method="POST", route="/v1/ask", status="200") == before + 2
    assert metric(client, "workbench_answers_total", model="offline", intent="balance") == 2
    assert metric(client, "workbench_errors_total", type="unauthenticated") == 1
    assert metric(client, "workbench_http_request_seconds_count", route="/v1/ask") == 3
    assert metric(client, "workbench_llm_tokens_total", kind="prompt") == 0, "the offline baseline uses no LLM"


def test_logs_are_json_with_request_id_and_hashed_user_but_no_email_or_token(make_client, tokens, users):
    client, logs = make_client()
    answer = client.post("/v1/ask", json={"question": BALANCE}, headers=bearer(tokens["A"]) | {"X-Request-ID": "req-1"})
    assert answer.headers["x-request-id"] == "req-1"
    client.post("/v1/ask", json={"question": BALANCE}, headers=bearer(tokens["A"] + "x"))
    text = logs.getvalue()
    lines = [json.loads(line) for line in text.splitlines()]
    request = next(x for x in lines if x.get("request_id") == "req-1")
    assert request["status"] == 200 and request["latency_ms"] > 0 and request["cache_hits"] == 0
    assert request["cost_usd"] == 0 and request["prompt_tokens"] == 0
    assert len(request["user"]) == 16
    for secret in (users[0][0], users[0][1], tokens["A"], tokens["A"].split("_", 2)[2], BALANCE):
        assert secret not in text, secret


def test_slow_answer_gets_504_and_counts_as_an_error(make_client, tokens, monkeypatch):
    client, _ = make_client(request_timeout_s=0.2)

    def slow(self, question, history=None):
        time.sleep(1.0)
        raise AssertionError("abandoned thread finished")

    monkeypatch.setattr(AssistantSession, "ask", slow)
    response = client.post("/v1/ask", json={"question": BALANCE}, headers=bearer(tokens["A"]))
    assert response.status_code == 504 and "0.2 s" in response.json()["detail"]
    assert metric(client, "workbench_errors_total", type="timeout") == 1


def test_feedback_is_stored_like_the_chats_and_exports_as_an_eval_case(make_client, tokens, users, api_settings,
                                                                       tmp_path):
    client, _ = make_client()
    a = client.post("/v1/ask", json={"question": BALANCE}, headers=bearer(tokens["A"])).json()
    rated = client.post("/v1/feedback", json={"trace_id": a["trace_id"], "rating": "up", "comment": "right"},
                        headers=bearer(tokens["A"]))
    assert rated.status_code == 201 and rated.json() == {"trace_id": a["trace_id"], "rating": "up", "exportable": True}
    [saved] = FeedbackStore(api_settings.app_db).all()
    assert (saved.user_email, saved.employee_id, saved.question) == (users[0][0], users[0][1], BALANCE)
    out = export_feedback(FeedbackStore(api_settings.app_db), tmp_path / "feedback.jsonl")
    assert [c.expected.reference_answer for c in out.cases] == [a["answer"]]
    assert out.cases[0].user == users[0][0] and out.cases[0].intent == "balance"


def test_not_ready_until_the_index_is_open(api_settings, tmp_path):
    import io

    from fastapi.testclient import TestClient

    from workbench.service.app import create_app

    cfg = api_settings.with_overrides(chroma_dir=tmp_path / "empty-chroma")
    with TestClient(create_app(cfg, log_stream=io.StringIO())) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 503 and "kb ingest" in ready.json()["detail"]
        assert client.get("/healthz").status_code == 200



def test_tracing_on_records_the_answer_and_its_tool_calls_in_mlflow(make_client, tokens, api_settings):
    import mlflow

    from workbench.service.tracing import EXPERIMENT

    client, _ = make_client(service_tracing=True)
    answer = client.post("/v1/ask", json={"question": BALANCE}, headers=bearer(tokens["A"]) | {"X-Request-ID": "t-1"})
    assert answer.status_code == 200
    mlflow.flush_trace_async_logging()
    experiment = mlflow.get_experiment_by_name(EXPERIMENT)
    [trace] = mlflow.search_traces(locations=[experiment.experiment_id], return_type="list")
    spans = {s.name: s for s in trace.data.spans}
    agent = spans["claims_assistant"]
    assert agent.attributes["request_id"] == "t-1" and agent.attributes["trace_id"] == answer.json()["trace_id"]
    assert agent.end_time_ns > agent.start_time_ns
    assert "get_balances" in spans and spans["get_balances"].parent_id == agent.span_id
    assert api_settings.mlflow_tracking_uri.startswith("sqlite:")
