"""Comparing two eval runs: verdicts, flipped cases, bad input, leaderboard, reports."""

from __future__ import annotations

import re

import mlflow
import numpy as np
import pandas as pd
import pytest

from workbench.errors import DataError, WorkbenchError
from workbench.evaluation.analysis import compare as cmp
from workbench.evaluation.analysis.report import comparison_markdown, write_reports

INTENTS = ("claim_status", "balance", "policy", "other_user")
DIFFICULTIES = ("easy", "medium", "hard")


def make_rows(n: int = 200, seed: int = 0, fail: set[int] = frozenset(), scorer: str = "numeric",
              latency_scale: float = 1.0, cost: float | None = 0.0,
              answer_tag: str = "A") -> pd.DataFrame:
    """A per-case table shaped like ``runner.run_cases`` output.

    Every case passes every scorer, except the cases in ``fail``, which fail ``scorer``.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        row = {
            "case_id": f"case-{i:03d}", "user": "ravi.kaur@kestrel-labs.example",
            "intent": INTENTS[i % len(INTENTS)], "difficulty": DIFFICULTIES[i % len(DIFFICULTIES)],
            "tags": "data", "question": f"Question number {i}?",
            "answer": f"{answer_tag} answer {i}",
            "observed_intent": INTENTS[i % len(INTENTS)], "refused": False,
            "tool_calls": "[]", "retrieved": "[]",
            "latency_s": float(rng.uniform(0.01, 0.05)) * latency_scale,
            "tools_s": 0.001, "retrieval_s": 0.002,
            "prompt_tokens": 0, "completion_tokens": 0, "cost_usd": cost,
            "llm_calls": 0, "cache_hits": 0, "trace_id": None, "error": None,
        }
        for name in ("numeric", "intent", "refusal", "leakage"):
            ok = not (name == scorer and i in fail)
            row[f"pass.{name}"] = ok
            row[f"score.{name}"] = 1.0 if ok else 0.0
            row[f"reason.{name}"] = ("matched" if ok else
                                     f"expected 42.00, answer has 41.00 (case {i})")
        # A scorer that only applies to some cases (NaN elsewhere), as in real runs.
        if i % 2 == 0:
            row["pass.retrieval_hit"] = True
            row["score.retrieval_hit"] = 1.0
            row["reason.retrieval_hit"] = "hit at rank 1"
            row["score.retrieval_mrr"] = 1.0
        rows.append(row)
    return pd.DataFrame(rows)


REF_A = cmp.RunRef("a" * 32, "v1 · offline", "hash1234")
REF_B = cmp.RunRef("b" * 32, "v2 · offline", "hash1234")
REGRESSED = set(range(5, 200, 20))  # 10 cases
FIXED = {3, 7}


@pytest.fixture(scope="module")
def regression():
    """A passes every case; B fails 10 of the 200 on ``numeric``."""
    return cmp.compare(make_rows(), make_rows(fail=REGRESSED, answer_tag="B"), REF_A, REF_B)


@pytest.fixture(scope="module")
def mixed():
    """A fails two cases on ``intent`` that B passes; B fails 10 cases on ``numeric``."""
    a = make_rows(fail=FIXED, scorer="intent")
    b = make_rows(fail=REGRESSED, answer_tag="B")
    return cmp.compare(a, b, REF_A, REF_B)


def test_identical_runs_show_no_detectable_difference():
    rows = make_rows(fail={1, 2, 3})
    c = cmp.compare(rows, rows.copy(), REF_A, REF_B)
    assert c.n == 200
    assert {r.metric for r in c.results} >= {
        "overall.pass_rate", "numeric.pass_rate", "intent.pass_rate", "retrieval_hit.pass_rate",
        "retrieval_mrr.mean", "latency.p50", "latency.p95", "cost.per_case_usd"}
    for r in c.results:
        assert r.diff == 0
        assert r.ci.contains(0), r.metric
        assert c.verdicts[r.metric] == "no detectable difference", r.metric
    assert set(c.table()["verdict"]) == {"no detectable difference"}
    assert c.flipped.empty
    assert "paired cases" in c.power


def test_ten_regressions_in_200_are_flagged_worse(regression):
    c = regression
    by = {r.metric: r for r in c.results}
    numeric = by["numeric.pass_rate"]
    assert (numeric.a_only, numeric.b_only) == (10, 0)
    assert numeric.diff == pytest.approx(-10 / 200)
    assert numeric.ci.high < 0
    assert numeric.p_adjusted is not None and numeric.p_adjusted >= numeric.p_value
    assert c.verdicts["numeric.pass_rate"] == "worse"
    assert c.verdicts["overall.pass_rate"] == "worse"
    # Scorers that did not change stay undecided.
    assert c.verdicts["intent.pass_rate"] == "no detectable difference"


def test_verdict_needs_the_ci_to_exclude_zero():
    # 3 regressions in 200: the CI reaches 0 (or p is too large), so no verdict either way.
    a, b = make_rows(), make_rows(fail={10, 50, 90})
    c = cmp.compare(a, b, REF_A, REF_B)
    r = next(r for r in c.results if r.metric == "numeric.pass_rate")
    assert r.diff < 0
    assert c.verdicts["numeric.pass_rate"] == "no detectable difference"


def test_quality_metrics_are_holm_corrected_and_latency_is_lower_is_better():
    a = make_rows()
    b = make_rows(latency_scale=3.0)  # B is three times slower on every case
    c = cmp.compare(a, b, REF_A, REF_B)
    by = {r.metric: r for r in c.results}
    quality = [r for r in c.results if r.metric.endswith((".pass_rate", ".mean"))]
    assert quality and all(r.p_adjusted is not None for r in quality)
    assert by["latency.p95"].diff > 0
    assert c.verdicts["latency.p50"] == c.verdicts["latency.p95"] == "worse"
    md = comparison_markdown(c)
    assert "Holm" in md and "paired cases" in md


def test_flipped_cases_list_regressions_first_with_details(mixed):
    f = mixed.flipped
    assert list(f["change"]) == ["regression"] * 10 + ["fix"] * 2
    assert set(f["case_id"][:10]) == {f"case-{i:03d}" for i in REGRESSED}
    assert set(f["case_id"][10:]) == {f"case-{i:03d}" for i in FIXED}
    for col in ("question", "answer_a", "answer_b", "why_a", "why_b",
                "latency_s_a", "latency_s_b", "cost_usd_a", "cost_usd_b"):
        assert col in f, col
    first = f.iloc[0]
    assert first["question"].startswith("Question number")
    assert first["answer_a"].startswith("A answer") and first["answer_b"].startswith("B answer")
    assert first["why_a"] == ""
    assert first["why_b"].startswith("numeric: expected 42.00")
    assert f.iloc[-1]["why_a"].startswith("intent:") and f.iloc[-1]["why_b"] == ""
    # Overall is 10 regressions against 2 fixes: not enough evidence after Holm's correction.
    assert mixed.verdicts["numeric.pass_rate"] == "worse"
    assert mixed.verdicts["intent.pass_rate"] == "no detectable difference"


def test_a_sealed_comparison_names_flipped_cases_without_their_text(mixed):
    from workbench.evaluation.analysis.compare import SEALED, sealed

    f = sealed(mixed).flipped
    assert list(f["case_id"]) == list(mixed.flipped["case_id"])  # same cases, same order
    assert (f["question"] == SEALED).all() and (f["answer_a"] == SEALED).all()
    assert f.iloc[0]["why_b"] == "numeric" and f.iloc[-1]["why_a"] == "intent"
    md = comparison_markdown(sealed(mixed))
    assert "Question number" not in md and "expected 42.00" not in md
    assert "Question number" in comparison_markdown(mixed)  # dev comparisons keep the text


def test_errored_case_is_a_regression_with_its_error():
    a = make_rows(n=20)
    b = make_rows(n=20)
    b.loc[4, ["answer", "error"]] = [None, "TimeoutError: timed out after 60s"]
    c = cmp.compare(a, b, REF_A, REF_B)
    assert list(c.flipped["case_id"]) == ["case-004"]
    assert "timed out" in c.flipped.iloc[0]["why_b"]


def test_different_datasets_are_refused_naming_both_runs():
    other = cmp.RunRef("c" * 32, "v2 · offline", "otherhash")
    with pytest.raises(DataError) as err:
        cmp.compare(make_rows(), make_rows(), REF_A, other)
    msg = str(err.value)
    assert REF_A.run_id in msg and other.run_id in msg and "different datasets" in msg
    assert isinstance(err.value, WorkbenchError)


def test_disjoint_case_ids_are_refused_naming_both_runs():
    b = make_rows()
    b["case_id"] = "other-" + b["case_id"]
    with pytest.raises(DataError) as err:
        cmp.compare(make_rows(), b, REF_A, REF_B)
    assert REF_A.run_id in str(err.value) and REF_B.run_id in str(err.value)


def test_tiny_or_near_identical_comparisons_still_get_a_power_line():
    # Too few cases for any power calculation, and many cases with almost no discordance:
    # neither may crash the comparison.
    small = make_rows(n=3)
    assert "3 paired cases" in cmp.compare(small, small, REF_A, REF_B).power
    big = make_rows(n=600)
    assert "600 paired cases" in cmp.compare(big, big.copy(), REF_A, REF_B).power


def test_leaderboard_and_pareto_front_mark_the_dominated_variant():
    runs = {
        # cheap and fairly accurate
        "v1 · offline": make_rows(fail=set(range(20)), cost=0.0),
        # most accurate, costs money: on the frontier
        "v2 · gpt-4o-mini": make_rows(fail=set(range(4)), cost=0.0004),
        # less accurate than v2 AND more expensive: dominated
        "v2 · gpt-4o": make_rows(fail=set(range(10)), cost=0.005),
    }
    board = cmp.leaderboard(runs).set_index("variant")
    assert list(board.index) == ["v2 · gpt-4o-mini", "v2 · gpt-4o", "v1 · offline"]  # by accuracy
    assert board.loc["v2 · gpt-4o-mini", "accuracy"] == pytest.approx(0.98)
    assert board.loc["v2 · gpt-4o", "cost_per_1k_usd"] == pytest.approx(5.0)
    assert board["pareto_cost"].to_dict() == {"v2 · gpt-4o-mini": True, "v2 · gpt-4o": False,
                                              "v1 · offline": True}
    assert set(board.columns) >= {"cases", "latency_p50_s", "latency_p95_s", "errors",
                                  "pareto_latency"}


def test_pareto_front_on_a_hand_made_board():
    board = pd.DataFrame({"variant": list("ABCD"), "accuracy": [0.9, 0.8, 0.7, 0.9],
                          "cost": [2.0, 1.0, 3.0, np.nan]})
    # C is beaten on both axes by A and B; D has unknown cost so it is treated as infinitely costly.
    assert cmp.pareto_front(board, "cost") == [True, True, False, False]


def test_reports_are_self_contained_html_and_markdown(mixed, tmp_path):
    board = cmp.leaderboard({"v1 · offline": make_rows(fail=FIXED, scorer="intent"),
                             "v2 · offline": make_rows(fail=REGRESSED)})
    html_path, md_path = write_reports(mixed, tmp_path / "report", board)
    page = html_path.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "<script src" not in page and "<link" not in page
    images = re.findall(r"<img[^>]*src='([^']*)'", page)
    assert len(images) == 2 and all(i.startswith("data:image/png;base64,") for i in images)
    assert "Decision table" in page and "case-005" in page
    md = md_path.read_text(encoding="utf-8")
    assert "| metric | A | B | B − A | 95% CI | p (Holm) | verdict |" in md
    assert re.search(r"\| numeric\.pass_rate \| 1\.000 \| 0\.950 \| -0\.050 \| \[-", md)
    assert "🔴 worse" in md
    assert "10 regressions, 2 fixes" in md


@pytest.mark.slow
def test_compare_real_offline_runs(session_settings, resources, tmp_path):
    from workbench.evaluation.experiment import compare_runs, evaluate

    # A fresh tracking store (this test's tmp dir) over the session's DB and index.
    settings = session_settings.with_overrides(data_dir=tmp_path,
                                               claims_db=session_settings.claims_db,
                                               chroma_dir=session_settings.chroma_dir)
    run_a, run_b = (evaluate(settings, "smoke", version, "offline", concurrency=2,
                             resources=resources, limit=12) for version in ("v1", "v2"))
    assert run_a.dataset_hash == run_b.dataset_hash and len(run_a.rows) == len(run_b.rows) == 12

    report = compare_runs(settings, run_a.run_id, run_b.run_id)
    c = report.comparison
    assert c.n == 12
    metrics = set(c.table()["metric"])
    assert {"overall.pass_rate", "intent.pass_rate", "latency.p50", "latency.p95"} <= metrics
    assert set(c.verdicts.values()) <= {"better", "worse", "no detectable difference"}
    assert report.html.is_file() and report.markdown.is_file()
    assert "| overall.pass_rate |" in report.markdown.read_text(encoding="utf-8")

    run = mlflow.get_run(report.run_id)
    assert run.data.tags["kind"] == "comparison"
    assert {run.data.tags["run_a"], run.data.tags["run_b"]} == {run_a.run_id, run_b.run_id}
    assert "diff.overall.pass_rate" in run.data.metrics
    artifacts = {a.path for a in mlflow.MlflowClient().list_artifacts(report.run_id)}
    assert {"comparison.html", "comparison.md"} <= artifacts

    # The comparison run is not an eval run: comparing against it is a clear error.
    with pytest.raises(WorkbenchError, match=report.run_id):
        compare_runs(settings, run_a.run_id, report.run_id)
    # A run over a different subset has another dataset hash: refused, naming both runs.
    run_c = evaluate(settings, "smoke", "v2", "offline", resources=resources, limit=4)
    with pytest.raises(DataError, match="different datasets") as err:
        compare_runs(settings, run_a.run_id, run_c.run_id)
    assert run_a.run_id in str(err.value) and run_c.run_id in str(err.value)
