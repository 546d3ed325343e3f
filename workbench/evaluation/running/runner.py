"""Run one variant (prompt version × model) over a dataset: concurrent, timed out, resumable.

Each finished case is appended to ``<run_dir>/cases.jsonl`` at once (flushed and fsynced), so
an interrupted run loses no finished case: running again with the same run directory skips
what is done. A case that fails is recorded with its error, never dropped.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbench.agent import AgentResult, ClaimsAssistant
from workbench.agent.memory import Turn
from workbench.evaluation.datasets.cases import Dataset, EvalCase
from workbench.evaluation.scoring.scorers import ScoringContext, list_scorers, observed_intent


@dataclass(frozen=True)
class Variant:
    """What is being evaluated."""

    prompt_version: str
    model: str

    @property
    def label(self) -> str:
        """e.g. ``v2 · offline``."""
        return f"{self.prompt_version} · {self.model}"


def run_cases(assistant: ClaimsAssistant, dataset: Dataset, run_dir: Path, ctx: ScoringContext,
              concurrency: int = 4, timeout_s: float = 60.0, scorers: list[str] | None = None,
              on_case: Callable[[dict], None] | None = None,
              trace: Callable[[EvalCase], AbstractContextManager] | None = None) -> pd.DataFrame:
    """Answer and score every case not yet in ``run_dir``; return all rows in dataset order.

    Args:
        assistant: The variant under test.
        dataset: The cases.
        run_dir: Where ``cases.jsonl`` is kept (created; reused on resume).
        ctx: Scoring context (store, chunks, k).
        concurrency: Worker threads.
        timeout_s: Per-case time limit; a case over it is recorded as an error.
        scorers: Scorer names (default: all non-judge scorers).
        on_case: Called with each finished row (progress bars).
        trace: Makes a context manager per case yielding ``(span, record)`` (MLflow tracing).
    """
    run_dir.mkdir(parents=True, exist_ok=True)
    path = run_dir / "cases.jsonl"
    done = read_rows(path)
    pending = [c for c in dataset.cases if c.id not in done]
    specs = [s for s in list_scorers(include_judged=True) if scorers is None or s.name in scorers]
    lock = threading.Lock()

    def record(row: dict) -> None:
        with lock, path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(row, default=str) + "\n")
            f.flush()
            os.fsync(f.fileno())
            done[row["case_id"]] = row
        if on_case:
            on_case(row)

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        started: dict = {}
        queue = list(pending)
        while queue or started:
            while queue and len(started) < max(1, concurrency):
                case = queue.pop(0)
                started[pool.submit(_run_case, assistant, case, ctx, specs, trace)] = (case, time.monotonic())
            finished, _ = wait(started, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in finished:
                case, _ = started.pop(future)
                record(future.result())
            for future, (case, t0) in list(started.items()):
                if time.monotonic() - t0 > timeout_s:
                    # A thread cannot be killed; it is abandoned and its result ignored.
                    started.pop(future)
                    future.cancel()
                    record(_error_row(case, f"timed out after {timeout_s:g}s", timeout_s))
    return pd.DataFrame([done[c.id] for c in dataset.cases if c.id in done])


def read_rows(path: Path) -> dict[str, dict]:
    """Rows already written, by case id (a torn last line from a kill is ignored)."""
    rows: dict[str, dict] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            rows[row["case_id"]] = row
    return rows


def _run_case(assistant: ClaimsAssistant, case: EvalCase, ctx: ScoringContext, specs,
              trace: Callable[[EvalCase], AbstractContextManager] | None) -> dict:
    start = time.perf_counter()
    with trace(case) if trace else nullcontext((None, None)) as (span, record):
        try:
            session = assistant.session(case.user, remember=False)
            history = [Turn(t.question, t.answer, 0.0, {"intent": t.intent}) for t in case.history]
            result = session.ask(case.question, history=history)
        except Exception as exc:  # noqa: BLE001 - every failure is recorded with its message
            return _error_row(case, f"{type(exc).__name__}: {exc}", time.perf_counter() - start)
        if record:
            record(result)
        row = _row(case, result, ctx, specs)
        if span is not None:
            row["trace_id"] = span.trace_id
        return row


def _base_row(case: EvalCase) -> dict:
    return {"case_id": case.id, "user": case.user, "intent": case.intent,
            "difficulty": case.difficulty, "tags": ",".join(case.tags), "question": case.question}


def _row(case: EvalCase, result: AgentResult, ctx: ScoringContext, specs) -> dict:
    row = _base_row(case) | {
        "answer": result.answer,
        "observed_intent": observed_intent(result),
        "refused": result.refused,
        "tool_calls": json.dumps([{"name": c.name, "args": c.args} for c in result.tool_calls]),
        "retrieved": json.dumps(result.retrieved_ids),
        "latency_s": result.timings["total_s"],
        "tools_s": result.timings.get("tools_s", 0.0),
        "retrieval_s": result.timings.get("retrieval_s", 0.0),
        "prompt_tokens": result.usage.prompt_tokens,
        "completion_tokens": result.usage.completion_tokens,
        "cost_usd": result.usage.cost_usd,
        "llm_calls": result.usage.lm_calls,
        "cache_hits": result.usage.cache_hits,
        "trace_id": result.trace_id,
        "error": None,
    }
    for spec in specs:
        try:
            score = spec.fn(case, result, ctx)
        except Exception as exc:  # noqa: BLE001 - a broken scorer must not lose the case
            row[f"reason.{spec.name}"] = f"scorer error: {exc}"
            continue
        if score is not None:
            row[f"score.{spec.name}"] = score.value
            row[f"pass.{spec.name}"] = score.passed
            row[f"reason.{spec.name}"] = score.reason
    return row


def _error_row(case: EvalCase, message: str, seconds: float) -> dict:
    return _base_row(case) | {"answer": None, "error": message.splitlines()[0][:500],
                              "latency_s": seconds}
