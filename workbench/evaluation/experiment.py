"""Evaluate one variant end to end: load the suite, run and score every case, track in MLflow.

This is what ``workbench eval run``, the notebooks and the A/B command call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import mlflow
import pandas as pd

from workbench.agent import ClaimsAssistant, Resources
from workbench.config import Settings
from workbench.errors import DataError, WorkbenchError
from workbench.evaluation import tracking
from workbench.evaluation.analysis.compare import (
    Comparison,
    RunRef,
    check_same_dataset,
    compare,
    leaderboard,
    sealed,
)
from workbench.evaluation.analysis.report import write_reports
from workbench.evaluation.analysis.summary import summarize
from workbench.evaluation.datasets.cases import Dataset
from workbench.evaluation.datasets.lock import load_locked
from workbench.evaluation.running.runner import Variant, read_rows, run_cases
from workbench.evaluation.scoring.scorers import ScoringContext, list_scorers
from workbench.evaluation.status import failed_cases
from workbench.knowledge import chunk_directory

if TYPE_CHECKING:
    from workbench.evaluation.scoring.judge import Judge


@dataclass
class RunReport:
    """A finished variant run."""

    run_id: str
    variant: Variant
    dataset: str
    dataset_hash: str
    rows: pd.DataFrame
    summary: dict[str, float]
    run_dir: Path
    params: dict = field(default_factory=dict)
    split: str = "all"


def suite_path(settings: Settings, suite: str) -> Path:
    """The JSONL file of a suite; unknown suites list the known ones."""
    path = settings.datasets_dir / f"{suite}.jsonl"
    if not path.is_file():
        known = sorted(p.stem for p in settings.datasets_dir.glob("*.jsonl"))
        raise DataError(f"Unknown suite {suite!r} (no {path}); known suites: {', '.join(known) or 'none'}"
                        " — run `workbench eval generate` to create them.")
    return path


def load_suite(settings: Settings, suite: str) -> Dataset:
    """A suite's cases with its name; a test split that no longer matches the lock is a ``DataError``."""
    return Dataset(name=suite, cases=load_locked(suite_path(settings, suite)))


def evaluate(settings: Settings, suite: str, prompt_version: str | None = None,
             model: str | None = None, concurrency: int = 4, resume: str | None = None,
             timeout_s: float = 60.0, resources: Resources | None = None, limit: int | None = None,
             on_start: Callable[[int, int], None] | None = None,
             on_case: Callable[[dict], None] | None = None, split: str = "all",
             retry_errors: bool = False) -> RunReport:
    """Run one variant over a suite and record it as one MLflow run.

    Args:
        settings: Paths, tracking URI, model defaults.
        suite: Dataset name (``eval/datasets/<suite>.jsonl``).
        prompt_version: e.g. ``v2`` (default: settings.prompt_version).
        model: e.g. ``offline`` or ``openai/gpt-4o-mini`` (default: settings.resolved_model).
        concurrency: Worker threads.
        resume: An MLflow run id to continue; finished cases are not run again.
        timeout_s: Per-case time limit.
        resources: Shared store and index (opened if not given).
        limit: Only the first N cases (quick looks; the dataset hash reflects the subset).
        on_start: Called with (cases to run, cases already done) before work starts.
        on_case: Called with each finished row.
        split: ``test`` (sealed, for reported figures), ``dev`` or ``all``; recorded in the run's
            params and part of the dataset hash, so runs of different splits never compare.
            The CLI defaults to ``test``; this function keeps ``all`` so existing callers
            (notebooks, tests with scratch dev-only suites) run what they ran before.
        retry_errors: With ``resume``, also rerun the cases that errored or timed out.
    """
    dataset = load_suite(settings, suite).select(split)
    if limit:
        dataset = Dataset(name=suite, cases=dataset.cases[:limit], split=split)
    tracking.connect(settings)
    assistant = ClaimsAssistant(settings, prompt_version, model, resources)
    variant = Variant(assistant.prompt.version, assistant.model)
    scorers = [s.name for s in list_scorers(include_judged=bool(settings.judge_model))]
    judge = _judge(settings)  # before the run starts: a misconfigured judge is a ConfigError
    params = {
        "prompt_name": assistant.prompt.name, "prompt_version": assistant.prompt.version,
        "prompt_hash": assistant.prompt.content_hash, "model": assistant.model,
        "model_label": assistant.label, "dataset": suite, "split": split,
        "dataset_hash": dataset.hash,
        "cases": len(dataset.cases), "git_commit": tracking.git_commit(),
        "concurrency": concurrency, "timeout_s": timeout_s, "scorers": ",".join(scorers),
        "retrieval_k": settings.retrieval_k, "judge_model": settings.judge_model or "none",
    }
    run_id = tracking.start_run(params, f"{suite} ({split}) · {variant.label}", resume)
    try:
        tracking.log_prompt(assistant.prompt)
        run_dir = settings.data_dir / "runs" / run_id
        ctx = ScoringContext(assistant.resources.store, chunk_directory(settings.knowledge_dir), judge=judge)
        if on_start:
            done = read_rows(run_dir / "cases.jsonl")
            if retry_errors and done:
                done = {k: v for k, v in done.items() if not failed_cases(pd.DataFrame([v])).iloc[0]}
            on_start(len(dataset.cases), len(done))
        rows = run_cases(assistant, dataset, run_dir, ctx, concurrency, timeout_s, scorers,
                         on_case=on_case, trace=lambda case: tracking.case_trace(run_id, case.id, case.question),
                         retry_errors=retry_errors)
        summary = summarize(rows) | (judge.summary() if judge else {})
        tracking.log_results(rows, summary)
    except BaseException:
        mlflow.end_run(status="KILLED")
        raise
    mlflow.end_run()
    return RunReport(run_id, variant, suite, dataset.hash, rows, summary, run_dir, params, split)


def _judge(settings: Settings) -> Judge | None:
    """The LLM judge for ragas' judged scorers, or ``None`` without ``settings.judge_model``."""
    if not settings.judge_model:
        return None
    from workbench.evaluation.scoring.judge import Judge  # loads ragas' metric collections: only when needed

    return Judge.from_settings(settings)


@dataclass
class ComparisonReport:
    """A comparison of two tracked runs, with its report files and MLflow run."""

    comparison: Comparison
    html: Path
    markdown: Path
    run_id: str


def _run_ref(run_id: str) -> RunRef:
    try:
        run = mlflow.get_run(run_id)
    except Exception as exc:  # noqa: BLE001
        raise WorkbenchError(f"No MLflow run {run_id!r}: `workbench eval runs` lists them.") from exc
    params = run.data.params
    if "dataset_hash" not in params or "prompt_version" not in params:
        kind = run.data.tags.get("kind", "other")
        raise WorkbenchError(f"Run {run_id} is not an eval run (kind: {kind}); compare two runs "
                             "listed by `workbench eval runs`.")
    label = f"{params.get('prompt_version')} · {params.get('model')}"
    return RunRef(run_id, label, params["dataset_hash"])


def compare_runs(settings: Settings, run_a: str, run_b: str) -> ComparisonReport:
    """Compare two tracked runs (B against A), write the reports and log a comparison run."""
    tracking.connect(settings)
    ref_a, ref_b = _run_ref(run_a), _run_ref(run_b)
    split_a, split_b = (mlflow.get_run(r).data.params.get("split", "all") for r in (run_a, run_b))
    if split_a != split_b:
        raise DataError(f"Run {run_a} is on the {split_a} split and run {run_b} on the {split_b} split; "
                        "compare runs of the same suite and --split.")
    check_same_dataset(ref_a, ref_b)  # before downloading either per-case table
    rows_a, rows_b = tracking.load_run_rows(run_a), tracking.load_run_rows(run_b)
    if ref_a.label == ref_b.label:  # two runs of one variant: keep both apart in tables and plots
        ref_a = replace(ref_a, label=f"{ref_a.label} ({run_a[:8]})")
        ref_b = replace(ref_b, label=f"{ref_b.label} ({run_b[:8]})")
    comparison = compare(rows_a, rows_b, ref_a, ref_b)
    if split_a == "test":
        comparison = sealed(comparison)  # flipped test cases by id and scorer, never by their text
    board = leaderboard({ref_a.label: rows_a, ref_b.label: rows_b})
    folder = settings.data_dir / "reports" / f"compare-{run_a[:8]}-{run_b[:8]}"
    html_path, md_path = write_reports(comparison, folder, board)
    with mlflow.start_run(run_name=f"compare · {ref_b.label} vs {ref_a.label}") as run:
        mlflow.set_tags({"kind": "comparison", "run_a": run_a, "run_b": run_b})
        mlflow.log_params({"dataset_hash": ref_a.dataset_hash, "cases": comparison.n})
        mlflow.log_metrics({f"diff.{r.metric}": r.diff for r in comparison.results})
        mlflow.log_artifact(str(html_path))
        mlflow.log_artifact(str(md_path))
    return ComparisonReport(comparison, html_path, md_path, run.info.run_id)
