"""Concurrency: 20 sessions at once, as threads and as processes, on one DuckDB file (read-only),
one Chroma index and one MLflow store. No lock error reaches a user, no store is corrupted, and
every answer belongs to the user who asked."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import mlflow
import pytest
from mlflow.tracking import MlflowClient

from workbench.config import PROJECT_ROOT
from workbench.knowledge.embeddings import embed

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

SECTION = "8 Concurrency"
SESSIONS = 20
WORKER = Path(__file__).with_name("session_worker.py")
PROCESS_TIMEOUT_S = 600


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _users(store) -> list[str]:
    users = store.users()
    return list(users[users.claims >= 3].email[:SESSIONS])


def test_twenty_threads_share_the_stores_and_answers_stay_attributed(assistants, session_settings, store,
                                                                     tmp_path, assurance):
    assistant = assistants["v2"]
    emails = _users(store)
    expected = {e: store.for_user(e) for e in emails}
    db_hash = _sha256(session_settings.claims_db)
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    client = MlflowClient(uri)
    experiment = client.create_experiment("concurrency-threads")

    def one(email: str) -> dict:
        out = {"email": email, "errors": []}
        try:
            session = assistant.session(email, remember=True)
            dental = session.ask("What is my dental balance?")
            policy = session.ask("What does the plan exclude?")
            out["employee_id"] = session.user.employee_id
            out["dental_calls"] = [c.result for c in dental.tool_calls]
            out["answer"] = dental.answer
            out["claim_ids"] = json.dumps([c.result for c in dental.tool_calls + policy.tool_calls], default=str)
            out["retrieved"] = policy.retrieved_ids
            out["memory"] = [t.question for t in session.history()]
        except Exception as exc:  # noqa: BLE001 - counted: an error a user would see
            out["errors"].append(f"{type(exc).__name__}: {exc}")
        try:
            run = client.create_run(experiment, run_name=email)
            client.log_param(run.info.run_id, "employee_id", out.get("employee_id", "?"))
            client.set_terminated(run.info.run_id)
        except Exception as exc:  # noqa: BLE001
            out["errors"].append(f"mlflow: {type(exc).__name__}: {exc}")
        return out

    with ThreadPoolExecutor(max_workers=SESSIONS) as pool:
        results = list(pool.map(one, emails))
    attributed = 0
    for out in results:
        user = expected[out["email"]]
        dental = user.balances(None, "DENTAL")[0]
        others = {c.claim_id for e in emails if e != out["email"] for c in expected[e].claims()}
        if (not out["errors"] and out["employee_id"] == user.employee.employee_id
                and f"{dental.remaining:,.2f}" in out["answer"]
                and not any(cid in out["claim_ids"] for cid in others)
                and out["memory"] == ["What is my dental balance?", "What does the plan exclude?"]):
            attributed += 1
    runs = client.search_runs([experiment], max_results=100)
    params = sorted(r.data.params.get("employee_id") for r in runs)
    errors = [e for out in results for e in out["errors"]]
    with sqlite3.connect(tmp_path / "mlflow.db") as con:
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    checks = [not errors, attributed == SESSIONS, _sha256(session_settings.claims_db) == db_hash,
              params == sorted(expected[e].employee.employee_id for e in emails), integrity == "ok"]
    assurance.record(SECTION, "20 sessions as threads: no error reaches a user, every answer and memory "
                     "turn is the asker's, DuckDB file unchanged, MLflow store intact",
                     "20 threads × (balance question + policy question) on one assistant, with memory, each "
                     "also writing an MLflow run", SESSIONS, attributed if all(checks[2:]) and not errors else 0, "",
                     note=f"errors: {errors[:2]}" if errors else "")
    assert all(checks), (errors[:3], attributed, checks)


def test_twenty_processes_share_the_stores_and_answers_stay_attributed(session_settings, store, resources,
                                                                       tmp_path, assurance):
    emails = _users(store)
    db_hash = _sha256(session_settings.claims_db)
    chroma_count = resources.index.count()
    query = "what does the plan exclude"
    vector_file = tmp_path / "vector.json"
    vector_file.write_text(json.dumps(embed([query])[0].tolist()))
    expected_hits = [h.chunk_id for h in resources.index.search(query, k=3)]
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    mlflow.set_tracking_uri(uri)
    MlflowClient(uri).create_experiment("concurrency")  # the store's schema is created once, here
    go = tmp_path / "go"
    # The 20 processes share one copy of the index: Chroma is not process-safe, and child clients
    # opening the session's own index left this process's client failing searches afterwards.
    chroma = tmp_path / "chroma"
    shutil.copytree(session_settings.chroma_dir, chroma)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")} | {
        "WORKBENCH_DATA_DIR": str(tmp_path), "WORKBENCH_CLAIMS_DB": str(session_settings.claims_db),
        "WORKBENCH_CHROMA_DIR": str(chroma), "WORKBENCH_MLFLOW_TRACKING_URI": uri,
        "PYTHONPATH": str(PROJECT_ROOT), "HF_HUB_OFFLINE": "1"}
    procs = [subprocess.Popen([sys.executable, str(WORKER), e, str(vector_file), str(go)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
             for e in emails]
    time.sleep(1.0)
    go.touch()  # workers that finished importing start together; the rest join as they arrive
    outputs = []
    for proc in procs:
        try:
            out, err = proc.communicate(timeout=PROCESS_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        line = out.strip().splitlines()[-1] if out.strip() else json.dumps({"errors": [f"no output: {err[-300:]}"]})
        outputs.append(json.loads(line))
    attributed = 0
    for email, out in zip(emails, outputs, strict=True):
        user = store.for_user(email)
        own = {c.claim_id for c in user.claims()}
        dental = user.balances(None, "DENTAL")[0]
        if (not out["errors"] and out.get("employee_id") == user.employee.employee_id
                and out["dental"][0]["remaining"] == dental.remaining
                and set(out["claim_ids"]) <= own and out["claim_ids"] and out["hits"] == expected_hits):
            attributed += 1
    runs = MlflowClient(uri).search_runs([MlflowClient(uri).get_experiment_by_name("concurrency").experiment_id],
                                         max_results=100)
    params = sorted(r.data.params.get("employee_id") for r in runs)
    errors = [e for out in outputs for e in out["errors"]]
    with sqlite3.connect(tmp_path / "mlflow.db") as con:
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    checks = [not errors, attributed == SESSIONS, _sha256(session_settings.claims_db) == db_hash,
              resources.index.count() == chroma_count,
              params == sorted(store.for_user(e).employee.employee_id for e in emails), integrity == "ok"]
    assurance.record(SECTION, "20 sessions as separate processes: no lock error reaches a user, every answer "
                     "is the asker's, DuckDB file and Chroma index unchanged, MLflow store intact",
                     "20 processes opening the same DuckDB file read-only, the same Chroma directory and the "
                     "same MLflow SQLite store at once", SESSIONS,
                     attributed if all(checks[2:]) and not errors else 0, "",
                     note=f"errors: {errors[:2]}" if errors else "")
    assurance.figure("concurrent sessions", f"{SESSIONS} threads + {SESSIONS} processes",
                     "tests/reliability/test_concurrency.py: one DuckDB file, one Chroma index, one MLflow store")
    assert all(checks), (errors[:3], attributed, checks)
