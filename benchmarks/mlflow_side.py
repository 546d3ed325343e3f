"""The same cases, predict function and scorers run through ``mlflow.genai.evaluate``."""

from __future__ import annotations

import threading
import time


def mlflow_throughput(assistant, dataset, ctx, scorer_names: list[str]) -> tuple[float, int]:
    """Wall seconds for ``mlflow.genai.evaluate`` over the dataset, and how many cases failed.

    The predict function asks the assistant as the case's user (what ``run_cases`` does); one
    MLflow scorer runs every workbench scorer on the result, so both sides do the same work.
    """
    import mlflow
    from mlflow.genai.scorers import scorer

    from workbench.evaluation.scoring.scorers import get_scorer

    cases = {c.id: c for c in dataset.cases}
    results: dict[str, object] = {}
    lock = threading.Lock()
    specs = [get_scorer(name) for name in scorer_names]

    def predict(case_id: str, user: str, question: str) -> dict:
        result = assistant.ask(user, question)
        with lock:
            results[case_id] = result
        return {"case_id": case_id, "answer": result.answer}

    @scorer
    def workbench_checks(outputs: dict) -> float:
        case, result = cases[outputs["case_id"]], results[outputs["case_id"]]
        scores = [s for spec in specs if (s := spec.fn(case, result, ctx)) is not None]
        return sum(bool(s.passed) for s in scores) / max(len(scores), 1)

    data = [{"inputs": {"case_id": c.id, "user": c.user, "question": c.question}} for c in dataset.cases]
    mlflow.set_experiment("benchmark-concurrency")
    # Warm-up on one case: MLflow's one-off set-up (store schema, tracing) is not per-case cost.
    mlflow.genai.evaluate(data=data[:1], predict_fn=predict, scorers=[workbench_checks])
    results.clear()
    start = time.perf_counter()
    mlflow.genai.evaluate(data=data, predict_fn=predict, scorers=[workbench_checks])
    wall = time.perf_counter() - start
    return wall, len(cases) - len(results)
