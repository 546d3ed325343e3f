"""API tokens: issued per user, stored hashed, revocable; the `workbench tokens` commands."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from workbench.cli import app
from workbench.errors import UnknownUserError, WorkbenchError
from workbench.service.auth import ApiTokens


def test_tokens_verify_to_their_user_and_only_the_hash_is_stored(tmp_path, store, users):
    tokens = ApiTokens(tmp_path / "app.sqlite")
    a = tokens.issue(store, users[0][0], name="laptop")
    b = tokens.issue(store, users[1][1])
    assert tokens.verify(a.token).employee_id == users[0][1]
    assert tokens.verify(b.token).email == users[1][0]
    assert tokens.verify(a.token[:-1] + ("A" if a.token[-1] != "A" else "B")) is None
    assert tokens.verify(f"wb_{a.info.token_id}_{b.token.split('_', 2)[2]}") is None, "id and secret must match"
    assert tokens.verify("") is None and tokens.verify("Bearer " + a.token) is None
    stored = (tmp_path / "app.sqlite").read_bytes() + b"".join(
        p.read_bytes() for p in tmp_path.glob("app.sqlite-*"))
    assert a.token.split("_", 2)[2].encode() not in stored


def test_revoked_tokens_stop_working(tmp_path, store, users):
    tokens = ApiTokens(tmp_path / "app.sqlite")
    first, second = tokens.issue(store, users[0][0]), tokens.issue(store, users[0][0])
    other = tokens.issue(store, users[1][0])
    assert tokens.revoke(first.info.token_id) == 1 and tokens.verify(first.token) is None
    assert tokens.verify(second.token) is not None
    assert tokens.revoke(user=users[0][0].upper()) == 1 and tokens.verify(second.token) is None
    assert tokens.verify(other.token) is not None
    assert [t.token_id for t in tokens.list()] == [other.info.token_id]
    assert len(tokens.list(include_revoked=True)) == 3
    with pytest.raises(WorkbenchError, match="not both or neither"):
        tokens.revoke()


def test_unknown_user_gets_no_token(tmp_path, store):
    with pytest.raises(UnknownUserError, match="workbench db users"):
        ApiTokens(tmp_path / "app.sqlite").issue(store, "nobody@example.com")


def test_tokens_cli_issue_list_revoke(settings, users, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("WORKBENCH_CLAIMS_DB", str(settings.claims_db))
    runner = CliRunner()
    issued = runner.invoke(app, ["tokens", "issue", "--user", users[0][0], "--json"])
    assert issued.exit_code == 0, issued.output
    record = json.loads(issued.output)
    assert record["email"] == users[0][0] and record["token"].startswith(f"wb_{record['token_id']}_")
    listed = json.loads(runner.invoke(app, ["tokens", "list", "--json"]).output)
    assert [t["token_id"] for t in listed] == [record["token_id"]] and "token" not in listed[0]
    assert runner.invoke(app, ["tokens", "revoke", record["token_id"]]).exit_code == 0
    assert json.loads(runner.invoke(app, ["tokens", "list", "--json"]).output) == []
    assert ApiTokens(settings.app_db).verify(record["token"]) is None
