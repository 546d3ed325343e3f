"""Per-case rows and the ``cases.jsonl`` file that holds them.

A row is one case's record: what the agent answered, what it cost, how it scored and its
``status`` (``workbench.evaluation.status``). Rows are appended to ``<run_dir>/cases.jsonl``
one line at a time (flushed and fsynced) so a killed run loses no finished case; the file is
rewritten (temp file + rename) only to drop or replace rows, never edited in place.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from workbench.agent import AgentResult
from workbench.agent.usage import Usage
from workbench.evaluation.datasets.cases import EvalCase
from workbench.evaluation.scoring.scorers import ScoringContext, observed_intent
from workbench.evaluation.status import ERROR, OK, TIMEOUT

__all__ = ["append_row", "error_row", "read_rows", "result_row", "usage_fields", "write_rows"]


def read_rows(path: Path) -> dict[str, dict]:
    """Rows already written, by case id; a later row for a case replaces an earlier one.

    A torn last line (the process was killed mid-write) is ignored.
    """
    rows: dict[str, dict] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            rows[row["case_id"]] = row
    return rows


def append_row(path: Path, row: dict) -> None:
    """Append one row and make it durable before returning."""
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(row, default=str) + "\n")
        f.flush()
        os.fsync(f.fileno())


def write_rows(path: Path, rows: list[dict]) -> None:
    """Replace the file with exactly ``rows`` (temp file + rename: never half-written)."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, default=str) + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def usage_fields(usage: Usage | None) -> dict:
    """The spend columns of a row (tokens, cost, LM calls, cache hits)."""
    usage = usage or Usage()
    return {"prompt_tokens": usage.prompt_tokens, "completion_tokens": usage.completion_tokens,
            "cost_usd": usage.cost_usd, "llm_calls": usage.lm_calls, "cache_hits": usage.cache_hits}


def _base_row(case: EvalCase) -> dict:
    return {"case_id": case.id, "user": case.user, "template": case.template, "split": case.split,
            "intent": case.intent, "difficulty": case.difficulty, "tags": ",".join(case.tags),
            "question": case.question}


def result_row(case: EvalCase, result: AgentResult, ctx: ScoringContext, specs) -> dict:
    """The row of an answered case, scored by every scorer in ``specs``.

    A scorer that raises leaves ``error.<scorer>`` with its message and no score or pass, so
    the case can never count as a pass; the other scorers still score it.
    """
    row = _base_row(case) | {
        "status": OK,
        "answer": result.answer,
        "observed_intent": observed_intent(result),
        "refused": result.refused,
        "tool_calls": json.dumps([{"name": c.name, "args": c.args} for c in result.tool_calls]),
        "retrieved": json.dumps(result.retrieved_ids),
        "latency_s": result.timings["total_s"],
        "tools_s": result.timings.get("tools_s", 0.0),
        "retrieval_s": result.timings.get("retrieval_s", 0.0),
        **usage_fields(result.usage),
        "trace_id": result.trace_id,
        "error": None,
    }
    for spec in specs:
        try:
            score = spec.fn(case, result, ctx)
        except Exception as exc:  # noqa: BLE001 - a broken scorer must not lose the case
            row[f"error.{spec.name}"] = f"{type(exc).__name__}: {exc}".splitlines()[0][:500]
            row[f"score.{spec.name}"] = None
            row[f"pass.{spec.name}"] = None
            row[f"reason.{spec.name}"] = f"scorer error: {exc}"
            continue
        if score is not None:
            row[f"score.{spec.name}"] = score.value
            row[f"pass.{spec.name}"] = score.passed
            row[f"reason.{spec.name}"] = score.reason
    return row


def error_row(case: EvalCase, message: str, seconds: float, usage: Usage | None = None,
              status: str = ERROR) -> dict:
    """The row of a case that raised (``error``) or ran out of time (``timeout``).

    ``usage`` is what the case spent before it failed or was abandoned: spend is counted even
    when there is no answer.
    """
    if status not in (ERROR, TIMEOUT):
        raise ValueError(f"an error row has status 'error' or 'timeout', not {status!r}")
    return _base_row(case) | {"status": status, "answer": None,
                              "error": message.splitlines()[0][:500], "latency_s": seconds,
                              **usage_fields(usage)}
