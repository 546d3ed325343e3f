"""Summary metrics of one run's per-case table: what gates, MLflow and reports show."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Metrics every run has besides the per-scorer ``<scorer>.pass_rate`` and ``<scorer>.mean``.
RUN_METRICS = ("cases", "errors", "latency.p50", "latency.p95", "latency.p99", "latency.mean",
               "tokens.total", "tokens.per_case", "cost.total_usd", "cost.per_case_usd",
               "cost.per_1k_questions_usd", "cache.hit_rate", "llm.calls")


def summarize(rows: pd.DataFrame) -> dict[str, float]:
    """Metric name → value. Names are stable: gates and comparisons refer to them.

    ``<scorer>.pass_rate`` and ``<scorer>.mean`` per scorer, ``latency.p50/p95/p99`` (seconds),
    ``tokens.total``, ``tokens.per_case``, ``cost.total_usd``, ``cost.per_case_usd``,
    ``cost.per_1k_questions_usd``, ``cache.hit_rate``, ``errors``, ``cases``.
    """
    out: dict[str, float] = {"cases": float(len(rows))}
    errors = rows["error"].notna() if "error" in rows else pd.Series(False, index=rows.index)
    out["errors"] = float(errors.sum())
    ok = rows[~errors]
    for col in [c for c in rows.columns if c.startswith("score.")]:
        name = col.removeprefix("score.")
        # Errored cases count as failures: an error must never improve a pass rate.
        values = pd.to_numeric(rows[col], errors="coerce")
        applicable = values.notna() | errors
        out[f"{name}.mean"] = float(values[applicable].fillna(0).mean()) if applicable.any() else float("nan")
        passes = rows.get(f"pass.{name}")
        if passes is not None and passes.notna().any():
            flags = passes[applicable].astype("boolean").fillna(False)
            out[f"{name}.pass_rate"] = float(flags.mean())
    if len(ok):
        latency = ok["latency_s"].astype(float)
        for q in (50, 95, 99):
            out[f"latency.p{q}"] = float(np.percentile(latency, q))
        out["latency.mean"] = float(latency.mean())
        tokens = ok["prompt_tokens"].fillna(0) + ok["completion_tokens"].fillna(0)
        out["tokens.total"] = float(tokens.sum())
        out["tokens.per_case"] = float(tokens.mean())
        cost = ok["cost_usd"]
        # Unknown cost (model not in the pricing table) stays unknown instead of becoming zero.
        if cost.notna().all():
            out["cost.total_usd"] = float(cost.sum())
            out["cost.per_case_usd"] = float(cost.mean())
            out["cost.per_1k_questions_usd"] = float(cost.mean() * 1000)
        calls = ok["llm_calls"].fillna(0).sum()
        out["cache.hit_rate"] = float(ok["cache_hits"].fillna(0).sum() / calls) if calls else float("nan")
        out["llm.calls"] = float(calls)
    return out
