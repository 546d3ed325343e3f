"""One user's session in its own process, for the concurrency test (20 run at once).

Usage: ``python session_worker.py EMAIL QUERY_VECTOR.json GO_FILE``; settings from ``WORKBENCH_*``.
Reads the user's balances and claims through the user-bound tools (DuckDB, read-only), searches
the shared Chroma index with a precomputed query vector, and records an MLflow run in the shared
store. Prints one JSON line: what it read, and every error a user would have seen.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(email: str, vector_file: str, go_file: str) -> None:
    import mlflow
    from mlflow.tracking import MlflowClient

    from workbench.agent.tools import UserTools
    from workbench.claims import ClaimsStore
    from workbench.config import Settings
    from workbench.knowledge import KnowledgeIndex

    settings = Settings()
    vector = json.loads(Path(vector_file).read_text())
    deadline = time.monotonic() + 600
    while not Path(go_file).exists() and time.monotonic() < deadline:  # start together
        time.sleep(0.01)
    out: dict = {"email": email, "errors": []}
    try:
        store = ClaimsStore(settings.claims_db)  # read-only
        tools = UserTools(store.for_user(email), KnowledgeIndex(settings))
        out["employee_id"] = tools.user.employee.employee_id
        out["dental"] = tools.get_balances("DENTAL")
        out["claim_ids"] = [c["claim_id"] for c in tools.search_claims(limit=1000)["claims"]]
        found = tools.index.collection.query(query_embeddings=[vector], n_results=3)
        out["hits"] = found["ids"][0]
    except Exception as exc:  # noqa: BLE001 - the test counts what a user would have seen
        out["errors"].append(f"answer: {type(exc).__name__}: {exc}")
    try:
        mlflow.set_tracking_uri(settings.mlflow_tracking_uri)
        client = MlflowClient()
        experiment = client.get_experiment_by_name("concurrency")
        run = client.create_run(experiment.experiment_id, run_name=email)
        client.log_param(run.info.run_id, "employee_id", out.get("employee_id", "?"))
        client.log_metric(run.info.run_id, "claims", len(out.get("claim_ids", [])))
        client.set_terminated(run.info.run_id)
        out["run_id"] = run.info.run_id
    except Exception as exc:  # noqa: BLE001
        out["errors"].append(f"mlflow: {type(exc).__name__}: {exc}")
    print(json.dumps(out, default=str), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
