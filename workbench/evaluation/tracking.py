"""MLflow tracking: one run per variant run.

Each run has params, metrics, the per-case table, plots, traces of the agent's steps, and the
prompt version linked from the prompt registry.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import mlflow
import pandas as pd

from workbench.config import PROJECT_ROOT, Settings
from workbench.errors import ConfigError, WorkbenchError
from workbench.evaluation.analysis import plots
from workbench.prompts import PromptVersion, register_in_mlflow

EXPERIMENT = "claims-assistant-eval"


def connect(settings: Settings, experiment: str = EXPERIMENT) -> None:
    """Point MLflow at the configured tracking store; fail fast if it cannot be reached."""
    uri = settings.mlflow_tracking_uri
    if uri.startswith("sqlite:///"):
        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    elif uri.startswith(("http://", "https://")):
        _check_reachable(uri)
    # Artifact progress bars would interleave with the workbench's own progress and tables.
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    mlflow.set_tracking_uri(uri)
    try:
        mlflow.set_experiment(experiment)
    except Exception as exc:  # noqa: BLE001 - any failure here means the store is unusable
        raise ConfigError(f"MLflow tracking store {uri} is not usable ({str(exc).splitlines()[0][:160]}); "
                          "fix WORKBENCH_MLFLOW_TRACKING_URI.") from exc


def _check_reachable(uri: str) -> None:
    """A wrong server address should fail in seconds, not after MLflow's minutes of retries."""
    parts = urlsplit(uri)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        socket.create_connection((parts.hostname, port), timeout=3).close()
    except OSError as exc:
        raise ConfigError(f"MLflow tracking server {uri} is unreachable ({exc}); start it or fix "
                          "WORKBENCH_MLFLOW_TRACKING_URI.") from exc


def git_commit() -> str:
    """The checked-out commit, or "unknown" outside a git checkout."""
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT,
                             capture_output=True, text=True, timeout=5)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def start_run(params: dict, run_name: str, resume: str | None = None) -> str:
    """Start a new run (or resume one by id, checking it is the same variant); returns its id."""
    if resume:
        try:
            old = mlflow.get_run(resume)
        except Exception as exc:  # noqa: BLE001
            raise WorkbenchError(f"No MLflow run {resume!r} to resume: check the id "
                                 "(`workbench eval runs` lists them).") from exc
        for key in ("prompt_hash", "dataset_hash", "model"):
            if old.data.params.get(key) != str(params[key]):
                raise WorkbenchError(f"Run {resume} has {key}={old.data.params.get(key)}, not "
                                     f"{params[key]}: resume it with the same prompt, model and suite.")
        return mlflow.start_run(run_id=resume).info.run_id
    run = mlflow.start_run(run_name=run_name)
    mlflow.log_params(params)
    return run.info.run_id


def log_prompt(prompt: PromptVersion) -> None:
    """Register the prompt version in the registry and record its URI on the active run."""
    try:
        uri = register_in_mlflow(prompt)
    except Exception as exc:  # noqa: BLE001 - a registry hiccup must not lose an eval run
        mlflow.set_tag("prompt_registry_error", str(exc)[:250])
        return
    mlflow.set_tag("prompt_uri", uri)


@contextlib.contextmanager
def case_trace(run_id: str, case_id: str, question: str):
    """A trace for one case, linked to the run; ``record(result)`` adds the tool calls as spans."""
    with mlflow.start_span(name="claims_assistant", span_type="AGENT", run_id=run_id) as span:
        span.set_inputs({"case_id": case_id, "question": question})

        def record(result) -> None:
            for call in result.tool_calls:
                with mlflow.start_span(name=call.name, span_type="TOOL") as child:
                    child.set_inputs(call.args)
                    child.set_outputs({"result": call.result})
                    child.set_attribute("seconds", call.seconds)
            span.set_outputs({"answer": result.answer, "intent": result.intent,
                              "refused": result.refused})
            span.set_attributes({f"timing.{k}": v for k, v in result.timings.items()})

        yield span, record


def log_results(rows: pd.DataFrame, summary: dict[str, float]) -> None:
    """Metrics, the per-case table and plots on the active run (and every case's trace stored)."""
    mlflow.flush_trace_async_logging()
    mlflow.log_metrics({_metric_key(k): v for k, v in summary.items() if v == v})  # drop NaN
    mlflow.log_table(rows, artifact_file="cases.json")
    with tempfile.TemporaryDirectory() as tmp:
        parquet = Path(tmp) / "cases.parquet"
        rows.to_parquet(parquet)
        mlflow.log_artifact(str(parquet))
    ok = rows[rows["error"].isna()] if "error" in rows else rows
    if len(ok):
        mlflow.log_figure(plots.latency_histogram(ok), "plots/latency_histogram.png")
        mlflow.log_figure(plots.score_by_intent(ok), "plots/score_by_intent.png")


def _metric_key(name: str) -> str:
    # MLflow metric names allow letters, digits, _ - . / and spaces; '@' is not allowed.
    return name.replace("@", "_at_")


def load_run_rows(run_id: str) -> pd.DataFrame:
    """The per-case table of a finished eval run.

    Raises:
        WorkbenchError: The run does not exist or has no per-case table (a comparison run, or a
            run that was interrupted before it finished).
    """
    try:
        path = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="cases.parquet")
    except Exception as exc:  # noqa: BLE001 - MLflow raises several types for a missing artifact
        raise WorkbenchError(f"Run {run_id} has no per-case table (cases.parquet): it is not a "
                             "finished eval run. `workbench eval runs` lists the eval runs; an "
                             "interrupted one can be finished with `workbench eval run --resume "
                             f"{run_id}`.") from exc
    return pd.read_parquet(path)


def eval_runs(dataset: str | None = None, prompt_version: str | None = None,
              model: str | None = None, max_results: int = 200, split: str | None = None) -> pd.DataFrame:
    """Finished eval runs (not comparison runs) of the current experiment, newest first.

    ``dataset``, ``prompt_version``, ``model`` and ``split`` (``dev``/``test``/``all``) keep only
    the runs with that parameter.

    The frame is ``mlflow.search_runs`` output (``run_id``, ``params.*``, ``metrics.*``, ``tags.*``)
    plus a ``label`` column (``"<prompt version> · <model>"``); it is empty when there are none.
    Call ``connect`` first.
    """
    clauses = ["attributes.status = 'FINISHED'"]
    for key, value in (("dataset", dataset), ("prompt_version", prompt_version), ("model", model),
                       ("split", split)):
        if value is not None:
            clauses.append(f"params.{key} = '{value}'")
    found = mlflow.search_runs(filter_string=" and ".join(clauses),
                               order_by=["attributes.start_time DESC"], max_results=max_results)
    if found.empty or "params.dataset" not in found:
        return pd.DataFrame(columns=["run_id", "label"])
    if "tags.kind" in found:
        found = found[found["tags.kind"].fillna("") != "comparison"]
    found = found[found["params.dataset"].notna()].copy()  # comparison runs have no dataset param
    found["label"] = (found["params.prompt_version"].astype(str) + " · "
                      + found["params.model"].astype(str))
    return found.reset_index(drop=True)


def latest_run_tables(runs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The per-case table of the newest run of each variant in ``runs`` (from ``eval_runs``)."""
    latest = runs.drop_duplicates("label")
    return {row["label"]: load_run_rows(row["run_id"]) for _, row in latest.iterrows()}
