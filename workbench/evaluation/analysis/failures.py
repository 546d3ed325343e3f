"""Error analysis of one run's per-case table: which cases fail, on which scorer, and why."""

from __future__ import annotations

import json

import pandas as pd

from workbench.evaluation.status import TIMEOUT, failed_cases, scorer_error_columns, statuses


def pass_scorers(rows: pd.DataFrame) -> list[str]:
    """Scorers with a pass/fail column that decided at least one case."""
    return [c.removeprefix("pass.") for c in rows.columns
            if c.startswith("pass.") and rows[c].notna().any()]


def _failed(rows: pd.DataFrame, scorers: list[str]) -> pd.DataFrame:
    # ``eq(False)`` is False for "not applicable" (None/NaN), whatever the column's dtype.
    return pd.DataFrame({s: rows[f"pass.{s}"].eq(False) for s in scorers}, index=rows.index)


def failure_counts(rows: pd.DataFrame, by: str = "intent") -> pd.DataFrame:
    """Failed cases per value of ``by`` (rows) and scorer (columns); all-zero rows dropped.

    A case that timed out is counted under ``timeout``; one that errored (the agent, the
    harness or a scorer) under ``error``.
    """
    scorers = pass_scorers(rows)
    failed = _failed(rows, scorers)
    timed_out = statuses(rows) == TIMEOUT
    failed["error"] = failed_cases(rows) & ~timed_out
    failed["timeout"] = timed_out
    counts = failed.groupby(rows[by]).sum().astype(int)
    counts = counts.loc[:, counts.sum() > 0]
    return counts[counts.sum(axis=1) > 0]


def failing_cases(rows: pd.DataFrame) -> pd.DataFrame:
    """Cases that failed a scorer or errored: failed scorers, tools called, top passages."""
    scorers = pass_scorers(rows)
    failed = _failed(rows, scorers)
    errored = failed_cases(rows)
    status = statuses(rows)
    scorer_errors = scorer_error_columns(rows)
    mask = failed.any(axis=1) | errored
    out = rows.loc[mask, [c for c in ("case_id", "intent", "observed_intent", "question", "answer")
                          if c in rows]].copy()
    out["failed"] = [", ".join([s for s in scorers if failed.at[i, s]]
                               + ([status[i]] if status[i] != "ok" else [])
                               + [c for c in scorer_errors if pd.notna(rows.at[i, c])])
                     for i in out.index]
    out["tools"] = [", ".join(c["name"] for c in _json_list(rows.at[i, "tool_calls"]))
                    if "tool_calls" in rows else "" for i in out.index]
    out["retrieved"] = [", ".join(_json_list(rows.at[i, "retrieved"])[:3])
                        if "retrieved" in rows else "" for i in out.index]
    return out.reset_index(drop=True)


def case_detail(row: pd.Series) -> str:
    """One case as text: question, answer, each scorer's verdict and reason, the tool calls."""
    lines = [f"Q: {row.get('question')}", f"A: {row.get('answer')}", ""]
    if isinstance(row.get("error"), str):
        lines.append(f"error: {row['error']}")
    for col in [c for c in row.index if c.startswith("reason.")]:
        name = col.removeprefix("reason.")
        if isinstance(row[col], str):
            lines.append(f"{name:>18}: {row.get(f'pass.{name}')!s:>5}  {row[col]}")
    lines.append(f"tool calls: {_json_list(row.get('tool_calls'))}")
    return "\n".join(lines)


def _json_list(value) -> list:
    if not isinstance(value, str) or not value:
        return []
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        return []
    return parsed if isinstance(parsed, list) else []
