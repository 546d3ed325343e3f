"""Two-way (template × user) cluster-robust statistics: variance, pigeonhole bootstrap, wiring."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from workbench.evaluation.analysis import compare as cmp
from workbench.evaluation.analysis.clusters import ClusterSpec, cluster_spec, twoway_variance
from workbench.evaluation.analysis.stats import (
    CLUSTERED_MCNEMAR,
    MCNEMAR,
    TWO_WAY,
    TWOWAY_WALD,
    WILCOXON,
    compare_binary,
    compare_continuous,
    compare_quantile,
)


def user_effect_data(rng, n: int = 480, templates: int = 16, users: int = 30, true_diff: float = 0.05):
    """Paired scores whose difference has a strong per-user component and no template component.

    Every case gets a random template and a random user, as generated cases do (a template is
    filled in for a sample of users), so templates are crossed with users but not balanced.
    """
    t = rng.integers(0, templates, n)
    u = rng.integers(0, users, n)
    d = true_diff + rng.normal(0, 0.15, users)[u] + rng.normal(0, 0.2, n)
    a = rng.normal(0.5, 0.1, n)
    return a, a + d, t, u


def test_a_user_effect_is_invisible_to_template_clusters_but_not_to_two_way():
    a, b, t, u = user_effect_data(np.random.default_rng(0))
    template_only = compare_continuous("m", a, b, clusters=t)
    two_way = compare_continuous("m", a, b, clusters=ClusterSpec(t, u))
    assert 0.6 < template_only.deff < 1.5
    assert two_way.clustering == TWO_WAY and two_way.test == TWOWAY_WALD
    assert two_way.deff > 1.5
    assert two_way.deff_user > 1.5 and two_way.deff_template == pytest.approx(template_only.deff)
    assert (two_way.clusters_template, two_way.clusters_user) == (16, 30)
    assert two_way.n_eff == pytest.approx(480 / two_way.deff)
    assert two_way.ci.high - two_way.ci.low > 1.3 * (template_only.ci.high - template_only.ci.low)


def test_two_way_intervals_cover_the_true_difference_and_template_only_ones_do_not():
    rng = np.random.default_rng(1)
    covered_two_way = covered_template = 0
    runs = 200
    for k in range(runs):
        a, b, t, u = user_effect_data(rng)
        covered_two_way += compare_continuous("m", a, b, seed=k, clusters=ClusterSpec(t, u)).ci.contains(0.05)
        covered_template += compare_continuous("m", a, b, seed=k, clusters=t).ci.contains(0.05)
    print(f"95% CI coverage over {runs} datasets: two-way {covered_two_way / runs:.3f}, "
          f"template only {covered_template / runs:.3f}")
    assert covered_two_way / runs >= 0.9
    assert covered_template / runs < 0.75


def test_the_p_value_is_the_wald_test_on_the_two_way_variance():
    a, b, t, u = user_effect_data(np.random.default_rng(2))
    r = compare_continuous("m", a, b, clusters=ClusterSpec(t, u))
    v = twoway_variance(b - a, t, u)
    assert r.deff == pytest.approx(v.total / v.naive) and r.deff > 1
    assert r.p_value == pytest.approx(2 * sps.norm.sf(abs(r.diff) / math.sqrt(v.total)))
    q = compare_quantile("m.p95", a, b, 0.95, clusters=ClusterSpec(t, u))
    assert q.test == TWOWAY_WALD and q.p_value == pytest.approx(r.p_value)


def test_two_way_variance_is_the_sum_of_the_one_way_sandwiches_minus_the_cells():
    rng = np.random.default_rng(3)
    d, t, u = rng.normal(size=60), rng.integers(0, 5, 60), rng.integers(0, 4, 60)
    resid = d - d.mean()

    def sandwich(labels):
        keys = sorted(set(labels))
        sums = np.array([resid[[lab == k for lab in labels]].sum() for k in keys])
        return len(keys) / (len(keys) - 1) * np.sum(sums**2) / 60**2

    v = twoway_variance(d, t, u)
    cells = [(x, y) for x, y in zip(t.tolist(), u.tolist(), strict=True)]
    assert v.template == pytest.approx(sandwich(t.tolist()))
    assert v.user == pytest.approx(sandwich(u.tolist()))
    assert v.intersection == pytest.approx(sandwich(cells))
    assert v.cgm == pytest.approx(v.template + v.user - v.intersection)
    assert v.total == max(v.cgm, v.template, v.user)
    assert v.fallback == (v.cgm < max(v.template, v.user))
    assert v.naive == pytest.approx(np.var(d, ddof=1) / 60)


def test_a_negative_two_way_variance_falls_back_to_the_larger_one_way_variance():
    # A checkerboard of cell effects: every template and every user sums to about zero, so both
    # one-way variances are small while the (template, user) cells vary a lot.
    rng = np.random.default_rng(4)
    t, u = np.repeat(np.arange(4), 20), np.tile(np.repeat(np.arange(4), 5), 4)
    d = np.where((t + u) % 2 == 0, 1.0, -1.0) + rng.normal(0, 0.05, 80)
    v = twoway_variance(d, t, u)
    assert v.cgm == pytest.approx(v.template + v.user - v.intersection) and v.cgm < 0
    assert v.fallback and v.total == max(v.template, v.user) > 0
    r = compare_continuous("m", np.zeros(80), d, clusters=ClusterSpec(t, u))
    assert r.deff == pytest.approx(max(v.template, v.user) / v.naive)
    # The design effect is below 1 here; the test does not credit that (as n_eff does not).
    assert r.deff < 1 and r.n_eff == 80
    assert r.p_value == pytest.approx(2 * sps.norm.sf(abs(r.diff) / math.sqrt(v.naive)))


def test_the_two_way_variance_is_never_below_either_one_way_variance():
    # A noisy small user variance would pull the two-way sum below the template variance.
    rng = np.random.default_rng(7)
    t, u = rng.integers(0, 30, 300), rng.integers(0, 6, 300)
    d = rng.normal(0, 0.3, 30)[t] + rng.normal(0, 1, 300)
    u_sorted = u.copy()
    u_sorted[np.argsort(d)] = np.tile(np.arange(6), 50)  # spread every user over the range of d
    v = twoway_variance(d, t, u_sorted)
    assert v.user < v.naive and v.cgm < v.template
    assert v.fallback and v.total == v.template


def test_singleton_clusters_on_both_factors_are_exactly_the_independent_analysis():
    rng = np.random.default_rng(5)
    a, b = rng.random(150) < 0.7, rng.random(150) < 0.75
    x, y = rng.normal(size=150), rng.normal(size=150)
    singles = ClusterSpec(np.arange(150), np.arange(150))
    for plain, spec in ((compare_binary("m", a, b, seed=9), compare_binary("m", a, b, seed=9, clusters=singles)),
                        (compare_continuous("m", x, y, seed=9),
                         compare_continuous("m", x, y, seed=9, clusters=singles)),
                        (compare_quantile("m", x, y, 0.9, seed=9),
                         compare_quantile("m", x, y, 0.9, seed=9, clusters=singles))):
        assert (spec.ci, spec.p_value, spec.test, spec.deff, spec.clusters) == \
               (plain.ci, plain.p_value, plain.test, 1.0, 150)
        assert spec.test in (MCNEMAR, WILCOXON) and spec.clustering == "none"
        assert (spec.deff_template, spec.deff_user) == (1.0, 1.0)


@pytest.mark.parametrize("users", [np.arange(200), np.zeros(200, dtype=int)], ids=["singletons", "one user"])
def test_a_factor_that_groups_nothing_or_everything_leaves_the_one_way_analysis(users):
    rng = np.random.default_rng(6)
    templates = np.repeat(np.arange(20), 10)
    a = rng.random(200) < 0.6
    b = a | (rng.random(20) < 0.3)[templates]
    one_way = compare_binary("m", a, b, seed=2, clusters=templates)
    spec = compare_binary("m", a, b, seed=2, clusters=ClusterSpec(templates, users))
    assert (spec.ci, spec.p_value, spec.test, spec.deff, spec.icc, spec.clusters) == \
           (one_way.ci, one_way.p_value, CLUSTERED_MCNEMAR, one_way.deff, one_way.icc, 20)
    assert spec.clustering == "template" and spec.deff_template == one_way.deff
    # One user only: that factor's variance is not estimable.
    assert spec.deff_user == (1.0 if len(set(users)) == 200 else None)


def test_without_any_spread_the_p_value_falls_back_to_the_clustered_mcnemar():
    t, u = np.repeat(np.arange(6), 4), np.tile(np.arange(4), 6)
    a, b = np.zeros(24, dtype=bool), np.ones(24, dtype=bool)  # B fixes every case
    r = compare_binary("m", a, b, clusters=ClusterSpec(t, u))
    assert r.diff == 1.0 and (r.ci.low, r.ci.high) == (1.0, 1.0)
    assert r.test == CLUSTERED_MCNEMAR and r.p_value < 0.05  # on the 4 users, the coarser factor


def test_cluster_spec_from_run_columns_keeps_template_less_cases_apart_and_subsets():
    spec = cluster_spec(["t1", None, "t1", ""], ["u1", "u2", "u2", "u1"])
    assert spec.template[0] == spec.template[2] and len(set(spec.template.tolist())) == 3
    assert spec.user.tolist() == [0, 1, 1, 0]
    part = spec[np.array([True, False, True, True])]
    assert len(part) == 3 and part.user.tolist() == [0, 1, 0]
    assert len(set(cluster_spec(None, None, n=5).template.tolist())) == 5
    with pytest.raises(ValueError, match="one template and one user label per case"):
        ClusterSpec(np.arange(3), np.arange(4))
    with pytest.raises(ValueError, match="one label per case"):
        compare_binary("m", [1, 0], [1, 1], clusters=spec)


@pytest.mark.slow
def test_compare_two_real_offline_runs_clusters_by_template_and_user(session_settings, resources, tmp_path):
    from workbench.evaluation.experiment import compare_runs, evaluate

    settings = session_settings.with_overrides(data_dir=tmp_path, claims_db=session_settings.claims_db,
                                               chroma_dir=session_settings.chroma_dir)
    # The first 40 dev cases of `full`: generated cases, 8 template families × 12 users.
    run_a, run_b = (evaluate(settings, "full", version, "offline", concurrency=2, resources=resources,
                             limit=40, split="dev") for version in ("v1", "v2"))
    report = compare_runs(settings, run_a.run_id, run_b.run_id)
    c = report.comparison
    templates, users = run_a.rows["template"].nunique(), run_a.rows["user"].nunique()
    assert 2 <= templates < 40 and 2 <= users < 40  # both factors group cases: two-way
    overall = next(r for r in c.results if r.metric == "overall.pass_rate")
    assert overall.n == 40 and (overall.clusters_template, overall.clusters_user) == (templates, users)
    assert overall.clustering == TWO_WAY and overall.clusters is None
    row = c.table().set_index("metric").loc["overall.pass_rate"]
    assert row["clusters"] == f"{templates} template × {users} user"
    assert row["deff"] == pytest.approx(overall.deff) and row["n_eff"] == pytest.approx(40 / max(1.0, overall.deff))
    if overall.diff != 0:
        assert overall.test == TWOWAY_WALD
    md = report.markdown.read_text(encoding="utf-8")
    assert "| deff template / user |" in md and "| overall.pass_rate |" in md
    assert c.power.startswith("With 40 paired cases")
    print(c.table()[["metric", "B − A", "95% CI", "test", "clusters", "deff", "deff template", "deff user"]]
          .head(3).to_string(), "\n", c.power)


def test_a_comparison_too_small_for_power_still_shows_clusters_per_factor():
    rows = [{"case_id": f"c{i}", "template": f"t{i % 2}", "user": f"u{i % 3}", "intent": "balance",
             "difficulty": "easy", "question": "q", "answer": "a", "status": "ok", "error": None,
             "latency_s": 0.01 + i / 1000, "cost_usd": 0.0} for i in range(8)]
    a = pd.DataFrame(rows).assign(**{"pass.intent": True, "score.intent": 1.0})
    b = a.copy()
    b["pass.intent"] = [i % 2 == 0 for i in range(8)]  # B fails all of template t1
    b["score.intent"] = b["pass.intent"].astype(float)
    c = cmp.compare(a, b, cmp.RunRef("a" * 32, "A", "h"), cmp.RunRef("b" * 32, "B", "h"))
    assert "With 8 paired cases in 2 template × 3 user clusters (design effect" in c.power
    assert "template alone" in c.power and "user alone" in c.power
    assert "no pass-rate difference can be detected" in c.power
