"""List commands print JSON and CSV that scripts can parse, and never cut identifiers when piped."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from workbench.cli import app
from workbench.ui.feedback_store import Feedback, FeedbackStore

runner = CliRunner()  # its stdout is not a terminal, like a pipe


def _ok(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_db_users_json_csv_and_piped_table_keep_every_email(app_env, resources):
    expected = list(resources.store.users(30).email)
    rows = json.loads(_ok(["db", "users", "-n", "30", "--json"]))
    assert [r["email"] for r in rows] == expected
    assert {"employee_id", "full_name", "grade", "claims"} <= rows[0].keys() and isinstance(rows[0]["claims"], int)
    parsed = list(csv.DictReader(io.StringIO(_ok(["db", "users", "-n", "30", "--csv"]))))
    assert [r["email"] for r in parsed] == expected
    table = _ok(["db", "users", "-n", "30"])
    assert "…" not in table
    assert all(email in table for email in expected)  # whole, on one line


def test_json_and_csv_together_is_an_error(app_env):
    result = runner.invoke(app, ["db", "users", "--json", "--csv"])
    assert result.exit_code != 0


def test_prompts_list_json_has_versions_and_full_hashes(app_env):
    rows = json.loads(_ok(["prompts", "list", "--json"]))
    versions = {r["version"]: r["hash"] for r in rows}
    assert {"v1", "v2"} <= versions.keys()
    from workbench.config import Settings
    from workbench.prompts import load_prompt

    s = Settings()
    assert versions["v2"] == load_prompt(s.prompts_dir, s.prompt_name, "v2").content_hash


def test_users_list_shows_who_has_a_code(app_settings, users):
    rows = json.loads(_ok(["users", "list", "--json"]))
    assert sorted(r["email"] for r in rows) == sorted(u.email.lower() for u in users)
    assert all("code" not in key or key == "code_set_at" for r in rows for key in r)
    csv_rows = list(csv.DictReader(io.StringIO(_ok(["users", "list", "--csv"]))))
    assert len(csv_rows) == len(users)


def test_feedback_list_json_keeps_full_trace_ids_and_questions(app_settings, users):
    store = FeedbackStore(app_settings.app_db)
    question = "What documents do I need for a planned hospital admission at a panel hospital? " * 2
    store.record(Feedback(trace_id="f" * 32, employee_id=users[0].employee_id, user_email=users[0].email,
                          rating="down", question=question, answer="A claim form.", prompt="claims_assistant@v2",
                          model="offline", comment="incomplete"))
    rows = json.loads(_ok(["feedback", "list", "--json"]))
    assert len(rows) == 1
    assert rows[0]["trace_id"] == "f" * 32 and rows[0]["question"] == question and rows[0]["rating"] == "down"
    assert "f" * 32 in _ok(["feedback", "list"])


def test_eval_runs_json_lists_full_run_ids(app_settings):
    import mlflow

    from workbench.evaluation import tracking

    assert json.loads(_ok(["eval", "runs", "--json"])) == []
    tracking.connect(app_settings)
    with mlflow.start_run() as run:
        mlflow.log_params({"dataset": "smoke", "prompt_version": "v2", "model": "offline"})
        mlflow.log_metric("intent.pass_rate", 0.9)
    rows = json.loads(_ok(["eval", "runs", "--json"]))
    assert rows[0]["run_id"] == run.info.run_id and len(rows[0]["run_id"]) == 32
    assert rows[0]["dataset"] == "smoke" and rows[0]["intent.pass_rate"] == 0.9
    assert run.info.run_id in _ok(["eval", "runs"])
