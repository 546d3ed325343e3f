"""Errors and timeouts are counted the same way by summary, compare, the reports and the gate."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.errors import DataError
from workbench.evaluation import gate as gates
from workbench.evaluation.analysis import compare as cmp
from workbench.evaluation.analysis.report import comparison_html, comparison_markdown
from workbench.evaluation.analysis.summary import summarize

REF_A = cmp.RunRef("a" * 32, "v1 · offline", "hash1234")
REF_B = cmp.RunRef("b" * 32, "v2 · offline", "hash1234")


def rows(n: int = 40, errors: dict[int, str] = {}, scorer_errors: set[int] = frozenset()) -> pd.DataFrame:  # noqa: B006
    """A per-case table; ``errors`` maps case index → status ("error"/"timeout")."""
    out = []
    for i in range(n):
        row = {"case_id": f"case-{i:03d}", "user": "a@example.com", "template": f"t{i % 8}",
               "intent": "balance", "difficulty": "easy", "question": f"q{i}", "answer": f"a{i}",
               "status": "ok", "error": None, "latency_s": 0.01, "prompt_tokens": 0,
               "completion_tokens": 0, "cost_usd": 0.0, "llm_calls": 0, "cache_hits": 0}
        for name in ("numeric", "intent"):
            row |= {f"pass.{name}": True, f"score.{name}": 1.0, f"reason.{name}": "ok"}
        if i in errors:
            row = {k: v for k, v in row.items() if not k.startswith(("pass.", "score.", "reason."))}
            row |= {"status": errors[i], "answer": None, "error": f"{errors[i]} in case {i}"}
        if i in scorer_errors:
            row |= {"error.numeric": "KeyError: 'amount'", "pass.numeric": None, "score.numeric": None}
        out.append(row)
    return pd.DataFrame(out)


def test_summary_compare_reports_and_gate_agree_on_error_counts(tmp_path):
    a = rows(errors={5: "error"})
    b = rows(errors={1: "error", 2: "timeout", 3: "timeout"}, scorer_errors={7})
    summary_a, summary_b = summarize(a), summarize(b)
    assert (summary_b["errors.count"], summary_b["timeouts.count"]) == (2, 2)  # agent error + scorer error
    assert summary_b["errors"] == 4 and summary_b["errors.rate"] == pytest.approx(4 / 40)
    assert (summary_a["errors.count"], summary_a["timeouts.count"]) == (1, 0)

    c = cmp.compare(a, b, REF_A, REF_B)
    assert (c.errors_a.errors, c.errors_a.timeouts) == (summary_a["errors.count"], summary_a["timeouts.count"])
    assert (c.errors_b.errors, c.errors_b.timeouts) == (summary_b["errors.count"], summary_b["timeouts.count"])
    table = c.table().set_index("metric")
    # Errored cases fail the overall pass (B: 40 - 4 failed) and are counted in their own column.
    assert table.loc["overall.pass_rate", "B"] == pytest.approx(36 / 40)
    assert table.loc["overall.pass_rate", "errors A/B"] == "1/4"
    # A scorer's row leaves errored pairs out: numeric has no value for 5 cases across both sides.
    assert table.loc["numeric.pass_rate", "n"] == 40 - 5
    assert table.loc["numeric.pass_rate", "errors A/B"] == "1/4"
    assert table.loc["intent.pass_rate", "errors A/B"] == "1/3"

    line = "B 2 errors, 2 timeouts (10.0% of 40 cases)"
    assert line in c.errors_line() and "A 1 error, 0 timeouts (2.5% of 40 cases)" in c.errors_line()
    assert line in comparison_markdown(c) and line in comparison_html(c)

    gate_file = tmp_path / "gates.yaml"
    gate_file.write_text("smoke:\n  intent.pass_rate: {min: 0.5}\nlenient:\n  max_error_rate: 0.1\n")
    strict = {ch.metric: ch for ch in gates.check(summary_b, gates.load_gates(gate_file, "smoke"))}
    assert strict["errors.rate"].value == pytest.approx(c.errors_b.rate)
    assert not strict["errors.rate"].passed  # default max_error_rate is 0
    assert "errors.rate | 0.100 | ≤ 0 | **FAIL**" in gates.to_markdown(list(strict.values()), "gate")
    lenient = gates.check(summary_b, gates.load_gates(gate_file, "lenient"))
    assert [(ch.metric, ch.passed) for ch in lenient] == [("errors.rate", True)]
    assert gates.check(summarize(rows()), gates.load_gates(gate_file, "smoke"))[-1].passed


def test_a_bad_max_error_rate_names_the_file_and_suite(tmp_path):
    gate_file = tmp_path / "gates.yaml"
    gate_file.write_text("smoke:\n  max_error_rate: lots\n")
    with pytest.raises(DataError, match=r"gates.yaml: smoke.max_error_rate: write a fraction"):
        gates.load_gates(gate_file, "smoke")


def test_rows_without_a_status_column_take_it_from_their_error():
    old = rows(errors={0: "error"}).drop(columns=["status"])
    assert summarize(old)["errors.count"] == 1 and summarize(old)["timeouts.count"] == 0
