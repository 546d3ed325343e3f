"""Cluster-aware statistics: cluster labels, design effect, cluster bootstrap, clustered tests."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from workbench.evaluation.analysis import compare as cmp
from workbench.evaluation.analysis.clusters import cluster_ids, clustered_mcnemar_p, design_effect
from workbench.evaluation.analysis.stats import (
    CLUSTERED_MCNEMAR,
    MCNEMAR,
    compare_binary,
    compare_continuous,
    min_detectable_difference,
    power_line,
)


def _width(result) -> float:
    return result.ci.high - result.ci.low


def clustered_continuous(rng, clusters: int = 40, size: int = 10, icc: float = 0.3):
    """Paired scores whose difference has a shared per-cluster component (intra-class corr. icc)."""
    labels = np.repeat(np.arange(clusters), size)
    a = rng.normal(0.5, 0.1, clusters * size)
    shift = rng.normal(0, math.sqrt(icc), clusters)[labels] + rng.normal(0, math.sqrt(1 - icc), clusters * size)
    return a, a + 0.1 * shift, labels


def test_cluster_labels_group_a_template_and_keep_template_less_cases_apart():
    labels = cluster_ids(["t1", "t2", None, "t1", float("nan"), "", "t2"])
    assert labels[0] == labels[3] and labels[1] == labels[6]
    assert len({labels[2], labels[4], labels[5], labels[0], labels[1]}) == 5


def test_with_clustered_data_the_interval_widens_by_about_sqrt_deff():
    rng = np.random.default_rng(1)
    a, b, labels = clustered_continuous(rng)
    naive = compare_continuous("m", a, b, seed=3)
    clustered = compare_continuous("m", a, b, seed=3, clusters=labels)
    # Theory for equal clusters: deff = 1 + (m - 1) * icc = 3.7.
    assert 2.0 < clustered.deff < 6.0
    assert clustered.clusters == 40 and clustered.n == 400
    assert clustered.n_eff == pytest.approx(400 / clustered.deff)
    ratio = _width(clustered) / _width(naive)
    assert ratio > 1.4
    assert ratio == pytest.approx(math.sqrt(clustered.deff), rel=0.2)
    assert naive.deff == 1.0 and naive.clusters == 400


def test_with_clustered_pass_fail_data_the_interval_widens_by_about_sqrt_deff():
    rng = np.random.default_rng(2)
    labels = np.repeat(np.arange(30), 8)
    # Whether B fixes a case depends mostly on its template: whole clusters flip together.
    fix = rng.random(30) < 0.4
    a = rng.random(240) < 0.7
    b = a | (fix[labels] & (rng.random(240) < 0.9))
    naive = compare_binary("m", a, b, seed=0)
    clustered = compare_binary("m", a, b, seed=0, clusters=labels)
    assert clustered.test == CLUSTERED_MCNEMAR and naive.test == MCNEMAR
    assert clustered.deff > 2
    assert _width(clustered) / _width(naive) == pytest.approx(math.sqrt(clustered.deff), rel=0.2)
    assert clustered.p_value > naive.p_value  # fewer independent units, weaker evidence


def test_with_independent_data_cluster_and_naive_analyses_agree():
    rng = np.random.default_rng(4)
    a = rng.normal(0.5, 0.1, 400)
    b = a + rng.normal(0.01, 0.1, 400)
    labels = rng.permutation(np.repeat(np.arange(40), 10))  # clusters that explain nothing
    naive = compare_continuous("m", a, b, seed=3)
    clustered = compare_continuous("m", a, b, seed=3, clusters=labels)
    assert 0.6 < clustered.deff < 1.5
    assert _width(clustered) / _width(naive) == pytest.approx(1.0, abs=0.25)


def test_singleton_clusters_are_exactly_the_independent_analysis():
    rng = np.random.default_rng(5)
    a, b = rng.random(150) < 0.7, rng.random(150) < 0.75
    plain = compare_binary("m", a, b, seed=9)
    singles = compare_binary("m", a, b, seed=9, clusters=np.arange(150))
    assert (singles.ci, singles.p_value, singles.test, singles.deff) == (plain.ci, plain.p_value, MCNEMAR, 1.0)


def test_design_effect_is_one_for_singletons_and_matches_the_sandwich_formula():
    rng = np.random.default_rng(6)
    d = rng.normal(size=30)
    assert design_effect(d, np.arange(30)) == pytest.approx(1.0)
    labels = np.repeat(np.arange(6), 5)
    resid = d - d.mean()
    sums = np.array([resid[labels == g].sum() for g in range(6)])
    expected = (6 / 5 * np.sum(sums**2) / 30**2) / (np.var(d, ddof=1) / 30)
    assert design_effect(d, labels) == pytest.approx(expected)


def test_clustered_mcnemar_with_singletons_is_the_plain_chi_square_mcnemar():
    rng = np.random.default_rng(7)
    a, b = rng.random(200) < 0.6, rng.random(200) < 0.7
    b_only, c_only = int(np.sum(a & ~b)), int(np.sum(~a & b))
    expected = sps.chi2.sf((b_only - c_only) ** 2 / (b_only + c_only), df=1)
    assert clustered_mcnemar_p(a, b, np.arange(200)) == pytest.approx(expected, rel=1e-12)


def test_power_line_uses_the_effective_n():
    line = power_line(200, d_target=0.05, p_discordant=0.2, deff=4.0, clusters=25)
    mdd = min_detectable_difference(50, p_discordant=0.2)
    assert f"can detect a pass-rate difference of {100 * mdd:.1f} points" in line
    assert "in 25 clusters (design effect 4.00, effective n 50)" in line
    assert power_line(200, p_discordant=0.2, deff=0.7) == power_line(200, p_discordant=0.2)


def test_compare_reports_clusters_effective_n_and_design_effect():
    rng = np.random.default_rng(8)
    templates = [f"t{i % 10}" for i in range(200)]
    broken = {f"t{k}" for k in range(4)}  # B breaks four whole template families
    rows = []
    for i, t in enumerate(templates):
        rows.append({"case_id": f"c{i}", "template": t, "user": f"u{i % 12}", "intent": "balance",
                     "difficulty": "easy", "question": "q", "answer": "a", "status": "ok", "error": None,
                     "latency_s": float(rng.uniform(0.01, 0.02)), "cost_usd": 0.0})
    a = pd.DataFrame(rows).assign(**{"pass.intent": True, "score.intent": 1.0})
    b = a.copy()
    b["pass.intent"] = [not (t in broken and rng.random() < 0.5) for t in templates]
    b["score.intent"] = b["pass.intent"].astype(float)
    c = cmp.compare(a, b, cmp.RunRef("a" * 32, "A", "h"), cmp.RunRef("b" * 32, "B", "h"))
    row = c.table().set_index("metric").loc["overall.pass_rate"]
    # Templates and users are crossed (10 × 12): both factors are modelled.
    assert row["n"] == 200 and row["clusters"] == "10 template × 12 user"
    assert row["clustering"] == "template × user"
    assert row["deff"] > 1.5 and row["n_eff"] == pytest.approx(200 / row["deff"])
    assert row["deff template"] > 1.5  # B broke whole template families: that factor drives it
    assert "in 10 template × 12 user clusters" in c.power and "effective n" in c.power
    assert "template alone" in c.power and "user alone" in c.power
