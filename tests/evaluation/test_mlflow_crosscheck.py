"""Cross-check of the paired statistics against MLflow's own comparison of two evaluation runs.

MLflow 3.18 added ``mlflow.genai.compare_evaluations``: it pairs the traces of two runs and
compares each scorer's feedback with McNemar's test (exact below 25 discordant pairs) or the
Wilcoxon signed-rank test (exact up to 50 non-zero differences). On the same pair of runs, with
independent cases (every case its own cluster), our point estimates must be equal and our
p-values within 1e-6. The data below stays in the exact regimes of both (McNemar: 21 discordant
pairs; Wilcoxon: 40 distinct non-zero differences), where both compute the same exact test; above
25 discordant pairs MLflow switches to the continuity-corrected chi-square while we stay exact.

The traces are written with the project's own ``tracking.case_trace`` (as eval runs write them)
and each case's scores are attached to its trace as MLflow feedback.
"""

from __future__ import annotations

import numpy as np
import pytest

from workbench.evaluation.analysis.stats import MCNEMAR, WILCOXON, compare_binary, compare_continuous

mlflow = pytest.importorskip("mlflow")
compare_evaluations = getattr(mlflow.genai, "compare_evaluations", None)
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    compare_evaluations is None,
    reason=f"mlflow.genai.compare_evaluations needs MLflow >= 3.18 (installed: {mlflow.__version__})")]

N = 40


def _data():
    rng = np.random.default_rng(11)
    a = rng.random(N) < 0.6
    b = a.copy()
    flip = rng.choice(N, size=21, replace=False)  # 21 discordant pairs, most towards B
    b[flip[:15]] = True
    a[flip[:15]] = False
    b[flip[15:]] = False
    a[flip[15:]] = True
    score_a = rng.uniform(0.2, 0.8, N)
    score_b = score_a + rng.normal(0.05, 0.1, N)  # distinct, non-zero differences
    return a, b, score_a, score_b


def _log_run(name: str, passed: np.ndarray, score: np.ndarray) -> str:
    from workbench.evaluation import tracking

    with mlflow.start_run(run_name=name) as run:
        trace_ids = []
        for i in range(N):
            with tracking.case_trace(run.info.run_id, f"case-{i:03d}", f"question {i}") as (span, _):
                trace_ids.append(span.trace_id)
        mlflow.flush_trace_async_logging()
        for i, trace_id in enumerate(trace_ids):
            mlflow.log_feedback(trace_id=trace_id, name="correct", value=bool(passed[i]))
            mlflow.log_feedback(trace_id=trace_id, name="quality", value=float(score[i]))
    return run.info.run_id


def test_point_estimates_and_p_values_match_mlflow_compare_evaluations(tmp_path, monkeypatch):
    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{tmp_path / 'mlflow.db'}")
    mlflow.set_tracking_uri(f"sqlite:///{tmp_path / 'mlflow.db'}")
    mlflow.set_experiment("crosscheck")
    a, b, score_a, score_b = _data()
    run_a, run_b = _log_run("A", a, score_a), _log_run("B", b, score_b)

    theirs = compare_evaluations(candidate_run_id=run_b, baseline_run_id=run_a).scorers
    ours_binary = compare_binary("correct", a, b, clusters=np.arange(N))
    ours_cont = compare_continuous("quality", score_a, score_b, clusters=np.arange(N))

    binary = theirs["correct"]
    assert binary.n_paired == N and binary.method == "mcnemar_exact" and ours_binary.test == MCNEMAR
    assert binary.baseline_mean == pytest.approx(ours_binary.mean_a, abs=1e-12)
    assert binary.candidate_mean == pytest.approx(ours_binary.mean_b, abs=1e-12)
    assert binary.diff == pytest.approx(ours_binary.diff, abs=1e-12)
    assert abs(binary.p_value - ours_binary.p_value) < 1e-6

    print(f"McNemar p: mlflow {binary.p_value:.10f}, ours {ours_binary.p_value:.10f}; "
          f"diff {binary.diff:+.4f} / {ours_binary.diff:+.4f}")
    cont = theirs["quality"]
    assert cont.n_paired == N and cont.method == "wilcoxon_exact" and ours_cont.test == WILCOXON
    assert cont.diff == pytest.approx(ours_cont.diff, abs=1e-12)
    assert abs(cont.p_value - ours_cont.p_value) < 1e-6
    print(f"Wilcoxon p: mlflow {cont.p_value:.10f}, ours {ours_cont.p_value:.10f}; "
          f"diff {cont.diff:+.4f} / {ours_cont.diff:+.4f}")
