"""Error analysis helpers used by the error-analysis notebook."""

from __future__ import annotations

import json

import pandas as pd

from workbench.evaluation.analysis import failures


def rows() -> pd.DataFrame:
    # Mixed dtypes as read back from parquet: an all-decided bool column and an object column
    # where some scorers did not apply (None).
    return pd.DataFrame({
        "case_id": ["c1", "c2", "c3", "c4"],
        "intent": ["balance", "balance", "policy", "policy"],
        "question": ["q1", "q2", "q3", "q4"],
        "answer": ["a1", "a2", "a3", None],
        "tool_calls": [json.dumps([{"name": "get_balance", "args": {}}]), "[]", "[]", None],
        "retrieved": ["[]", "[]", json.dumps(["d#1", "d#2", "d#3", "d#4"]), None],
        "pass.intent": pd.Series([True, False, True, True], dtype=bool),
        "reason.intent": ["ok", "expected balance, got policy", "ok", None],
        "pass.numeric": [True, None, False, None],
        "reason.numeric": ["ok", None, "missing [1.0]", None],
        "pass.retrieval_recall": [float("nan")] * 4,
        "error": [None, None, None, "TimeoutError: timed out"],
    })


def test_failure_counts_by_intent_and_scorer():
    counts = failures.failure_counts(rows())
    assert counts.to_dict() == {"intent": {"balance": 1, "policy": 0},
                                "numeric": {"balance": 0, "policy": 1},
                                "error": {"balance": 0, "policy": 1}}


def test_failing_cases_name_the_failed_scorers_tools_and_passages():
    failed = failures.failing_cases(rows()).set_index("case_id")
    assert list(failed.index) == ["c2", "c3", "c4"]
    assert failed.loc["c2", "failed"] == "intent"
    assert failed.loc["c3", "failed"] == "numeric"
    assert failed.loc["c3", "retrieved"] == "d#1, d#2, d#3"
    assert failed.loc["c4", "failed"] == "error"


def test_case_detail_shows_reasons_and_tool_calls():
    text = failures.case_detail(rows().iloc[0])
    assert text.startswith("Q: q1\nA: a1")
    assert "intent:  True  ok" in text and "get_balance" in text
