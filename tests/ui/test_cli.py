"""The app's command line: `workbench app`, `workbench users …`, `workbench feedback …`."""

from __future__ import annotations

import subprocess

import pytest
from typer.testing import CliRunner

from workbench.cli import app
from workbench.errors import UnknownUserError
from workbench.evaluation.datasets.cases import load_cases
from workbench.ui.access_codes import AccessCodes
from workbench.ui.feedback_store import Feedback, FeedbackStore
from workbench.ui.ratelimit import RateLimiter

runner = CliRunner()


def test_set_code_stores_only_a_hash_that_verifies(app_settings, users):
    """`users set-code` sets a code that signs in; the code itself is not in the database."""
    email = users[0].email
    result = runner.invoke(app, ["users", "set-code", email, "--code", "s3cret-code"])
    assert result.exit_code == 0, result.output
    codes = AccessCodes(app_settings.app_db)
    assert codes.verify(email.upper(), " s3cret-code ") == users[0].employee_id
    assert codes.verify(email, "wrong-code") is None
    assert b"s3cret-code" not in app_settings.app_db.read_bytes()


def test_set_code_generates_one_when_none_is_given(app_settings, users):
    """Without --code a random, readable code is printed once."""
    result = runner.invoke(app, ["users", "set-code", users[1].employee_id])
    assert result.exit_code == 0, result.output
    code = result.output.split(": ")[-1].strip()
    assert len(code) == 14 and AccessCodes(app_settings.app_db).verify(users[1].email, code)


def test_set_code_for_an_unknown_user_or_a_short_code_is_an_error(app_env):
    """Mistakes raise the project's errors (the CLI prints them in one line)."""
    result = runner.invoke(app, ["users", "set-code", "nobody@example.com", "--code", "abcdefg"])
    assert isinstance(result.exception, UnknownUserError)
    result = runner.invoke(app, ["users", "set-code", "E1001", "--code", "abc"])
    assert "at least 6 characters" in str(result.exception)


def test_demo_codes_give_sample_users_the_demo_code(app_settings):
    """`users demo-codes -n 3` lets the first three sample users sign in with demo-access."""
    result = runner.invoke(app, ["users", "demo-codes", "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert AccessCodes(app_settings.app_db).count() == 3


def test_feedback_export_writes_scorable_feedback_as_an_eval_suite(app_settings, users, tmp_path):
    """Thumbs-up and corrected thumbs-down become valid cases; a bare thumbs-down is not."""
    store = FeedbackStore(app_settings.app_db)
    base = {"employee_id": users[0].employee_id, "user_email": users[0].email,
            "prompt": "claims_assistant@v2", "model": "offline"}
    store.record(Feedback(trace_id="a" * 32, rating="up", question="My dental balance?",
                          answer="MYR 79.41 left.", intent="balance", refused=False, **base))
    store.record(Feedback(trace_id="b" * 32, rating="down", question="Hospital documents?",
                          answer="Photos must be sharp.", comment="vague",
                          expected_answer="An itemised bill and a claim form.", **base))
    store.record(Feedback(trace_id="c" * 32, rating="down", question="Why?", answer="Because.",
                          **base))
    store.record(Feedback(trace_id="d" * 32, rating="up", question="Hello?", answer="Hi.",
                          **base | {"model": "openai/gpt-4o-mini"}))  # an unrouted LLM answer
    out = tmp_path / "feedback.jsonl"
    result = runner.invoke(app, ["feedback", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Wrote 3 cases" in result.output and "skipped 1" in result.output
    up, down, unrouted = load_cases(out)
    assert up.expected.reference_answer == "MYR 79.41 left." and up.intent == "balance"
    assert down.expected.reference_answer == "An itemised bill and a claim form."
    assert {"feedback", "thumbs-down", "prompt-v2"} <= set(down.tags)
    assert "intent-unknown" in unrouted.tags and unrouted.expected.intent is None
    assert runner.invoke(app, ["feedback", "list"]).exit_code == 0


def test_app_command_serves_the_streamlit_script_on_loopback(app_env, monkeypatch):
    """`workbench app` runs `streamlit run app_streamlit.py` on 127.0.0.1, headless."""
    seen = []
    monkeypatch.setattr(subprocess, "call", lambda argv: seen.append(argv) or 0)
    result = runner.invoke(app, ["app", "--no-prepare", "--port", "8600"])
    assert result.exit_code == 0, result.output
    [argv] = seen
    assert argv[1:4] == ["-m", "streamlit", "run"] and argv[4].endswith("app_streamlit.py")
    options = dict(zip(argv[5::2], argv[6::2], strict=True))
    assert options["--server.address"] == "127.0.0.1" and options["--server.port"] == "8600"
    assert options["--server.headless"] == "true"
    assert options["--browser.gatherUsageStats"] == "false"


@pytest.mark.parametrize("limit", [1, 10])
def test_rate_limiter_window_and_retry_time(tmp_path, limit):
    """`limit` events per minute; the next one is told when the oldest leaves the window."""
    limiter = RateLimiter(tmp_path / "app.sqlite", limit)
    for i in range(limit):
        assert limiter.acquire("u", now=1000.0 + i).allowed
    refused = limiter.acquire("u", now=1000.0 + limit)
    assert not refused.allowed and refused.retry_after_whole_s == 60 - limit
    assert limiter.acquire("other", now=1000.0 + limit).allowed, "limits are per user"
    assert limiter.acquire("u", now=1060.5).allowed, "a slot frees after a minute"
