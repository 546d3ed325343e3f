"""Summary metrics of one run's per-case table: what gates, MLflow and reports show."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.evaluation.status import OK, error_counts, failed_cases, statuses

#: Metrics every run has besides the per-scorer ``<scorer>.pass_rate`` and ``<scorer>.mean``.
RUN_METRICS = ("cases", "errors", "errors.count", "timeouts.count", "errors.rate",
               "latency.p50", "latency.p95", "latency.p99", "latency.mean",
               "tokens.total", "tokens.per_case", "cost.total_usd", "cost.per_case_usd",
               "cost.per_1k_questions_usd", "cache.hit_rate", "llm.calls")


def summarize(rows: pd.DataFrame) -> dict[str, float]:
    """Metric name → value. Names are stable: gates and comparisons refer to them.

    ``<scorer>.pass_rate`` and ``<scorer>.mean`` per scorer; ``errors.count`` (cases that
    errored, including a scorer error), ``timeouts.count`` (cases cancelled at their time
    limit), ``errors`` (their sum) and ``errors.rate`` (the sum over ``cases``), counted by
    ``workbench.evaluation.status.error_counts``; ``latency.p50/p95/p99`` (seconds, cases that
    ran cleanly); ``tokens.total``, ``tokens.per_case``, ``cost.total_usd``,
    ``cost.per_case_usd``, ``cost.per_1k_questions_usd`` (every case, so the spend of errored
    and abandoned cases counts); ``cache.hit_rate``, ``llm.calls``, ``cases``.
    """
    out: dict[str, float] = {"cases": float(len(rows))}
    counts = error_counts(rows)
    out["errors"] = float(counts.total)
    out["errors.count"] = float(counts.errors)
    out["timeouts.count"] = float(counts.timeouts)
    out["errors.rate"] = counts.rate
    status = statuses(rows)
    case_failed = status != OK
    for col in [c for c in rows.columns if c.startswith("score.")]:
        name = col.removeprefix("score.")
        # An error (of the case or of this scorer) counts as a failure: it must never improve
        # a pass rate.
        errored = case_failed | (rows[f"error.{name}"].notna() if f"error.{name}" in rows else False)
        values = pd.to_numeric(rows[col], errors="coerce")
        applicable = values.notna() | errored
        out[f"{name}.mean"] = (float(values[applicable].where(~errored, 0.0).fillna(0).mean())
                               if applicable.any() else float("nan"))
        passes = rows.get(f"pass.{name}")
        if passes is not None and passes.notna().any():
            flags = passes.astype("boolean").where(~errored, False)
            out[f"{name}.pass_rate"] = float(flags[applicable].fillna(False).mean())
    ok = rows[~failed_cases(rows)]
    if len(ok):
        latency = ok["latency_s"].astype(float)
        for q in (50, 95, 99):
            out[f"latency.p{q}"] = float(np.percentile(latency, q))
        out["latency.mean"] = float(latency.mean())
    if len(rows) and "prompt_tokens" in rows:
        tokens = rows["prompt_tokens"].fillna(0) + rows["completion_tokens"].fillna(0)
        out["tokens.total"] = float(tokens.sum())
        out["tokens.per_case"] = float(tokens.mean())
        cost = rows["cost_usd"] if "cost_usd" in rows else pd.Series(np.nan, index=rows.index)
        # Unknown cost (model not in the pricing table) stays unknown instead of becoming zero.
        if cost.notna().all():
            out["cost.total_usd"] = float(cost.sum())
            out["cost.per_case_usd"] = float(cost.mean())
            out["cost.per_1k_questions_usd"] = float(cost.mean() * 1000)
        calls = rows["llm_calls"].fillna(0).sum()
        out["cache.hit_rate"] = float(rows["cache_hits"].fillna(0).sum() / calls) if calls else float("nan")
        out["llm.calls"] = float(calls)
    return out
