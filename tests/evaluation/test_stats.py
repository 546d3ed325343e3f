"""Tests for workbench.evaluation.analysis.stats: paired tests, bootstrap coverage, Holm and power."""

from __future__ import annotations

import math
from functools import partial

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from workbench.evaluation.analysis.stats import (
    Interval,
    PairedResult,
    compare_binary,
    compare_continuous,
    compare_quantile,
    holm,
    mcnemar_exact,
    min_detectable_difference,
    paired_bootstrap_ci,
    power_line,
    required_sample_size,
    verdict,
    wilcoxon_p,
)

Z_975 = 1.959963984540054  # norm.ppf(0.975)
Z_80 = 0.8416212335729143  # norm.ppf(0.80)


def correlated_binary_pairs(
    rng: np.random.Generator, n: int, p11: float, p10: float, p01: float
) -> tuple[np.ndarray, np.ndarray]:
    """Draw n (A, B) pass/fail pairs from the 2x2 cell probabilities (p00 is the rest)."""
    cells = rng.choice(4, size=n, p=[p11, p10, p01, 1 - p11 - p10 - p01])
    a = (cells == 0) | (cells == 1)
    b = (cells == 0) | (cells == 2)
    return a, b


def fake_result(p: float, metric: str = "m") -> PairedResult:
    return PairedResult(
        metric=metric,
        kind="binary",
        n=100,
        mean_a=0.8,
        mean_b=0.8,
        diff=0.0,
        ci=Interval(-0.01, 0.01),
        p_value=p,
        test="exact McNemar",
    )


# ---------------------------------------------------------------------------------------------
# McNemar and Wilcoxon
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_mcnemar_matches_scipy_binomtest(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 300))
    a, b = correlated_binary_pairs(rng, n, p11=0.6, p10=rng.uniform(0, 0.2), p01=0.1)
    n01, n10 = int(np.sum(a & ~b)), int(np.sum(~a & b))

    p, a_only, b_only = mcnemar_exact(a, b)

    assert (a_only, b_only) == (n01, n10)
    expected = sps.binomtest(min(n01, n10), n01 + n10, 0.5).pvalue
    assert p == pytest.approx(expected, rel=1e-9)


def test_mcnemar_balanced_and_one_sided_counts() -> None:
    a = np.array([True] * 5 + [False] * 5 + [True] * 10)
    b = np.array([False] * 5 + [True] * 5 + [True] * 10)
    assert mcnemar_exact(a, b) == (1.0, 5, 5)

    # 10 regressions, no improvements: p = 2 * 0.5**10.
    p, a_only, b_only = mcnemar_exact([1] * 10 + [0] * 5, [0] * 10 + [0] * 5)
    assert (a_only, b_only) == (10, 0)
    assert p == pytest.approx(2 * 0.5**10)


def test_mcnemar_no_discordant_pairs_is_one() -> None:
    a = np.array([True, False, True, True, False])
    assert mcnemar_exact(a, a.copy()) == (1.0, 0, 0)


def test_binary_input_rejects_non_binary_values() -> None:
    with pytest.raises(ValueError, match="0/1"):
        mcnemar_exact([0, 1, 2], [0, 1, 1])


def test_wilcoxon_matches_scipy_and_all_zero_is_one() -> None:
    rng = np.random.default_rng(3)
    a = rng.normal(size=40)
    b = a + rng.normal(0.3, 1, size=40)
    assert wilcoxon_p(a, b) == pytest.approx(sps.wilcoxon(b - a).pvalue)
    assert wilcoxon_p(a, a) == 1.0


# ---------------------------------------------------------------------------------------------
# Bootstrap
# ---------------------------------------------------------------------------------------------


def test_bootstrap_binary_coverage() -> None:
    # Correlated pairs: A passes 80%, B 85%; they disagree on 15% of cases. True diff +0.05.
    p11, p10, p01 = 0.75, 0.05, 0.10
    true_diff = (p11 + p01) - (p11 + p10)
    rng = np.random.default_rng(2024)
    covered = 0
    for i in range(200):
        a, b = correlated_binary_pairs(rng, 200, p11, p10, p01)
        ci = paired_bootstrap_ci(a.astype(float), b.astype(float), n_boot=1000, seed=i)
        covered += ci.contains(true_diff)
    assert covered / 200 >= 0.93


def test_bootstrap_continuous_coverage() -> None:
    # Shared case difficulty makes A and B strongly correlated; B is 0.2 higher on average.
    rng = np.random.default_rng(7)
    true_diff = 0.2
    covered = 0
    for i in range(200):
        difficulty = rng.normal(0, 1, size=100)
        a = difficulty + rng.normal(0, 0.5, size=100)
        b = difficulty + true_diff + rng.normal(0, 0.5, size=100)
        ci = paired_bootstrap_ci(a, b, n_boot=1000, seed=i)
        covered += ci.contains(true_diff)
    assert covered / 200 >= 0.93


def test_bootstrap_is_deterministic_and_seed_dependent() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=50), rng.normal(size=50)
    assert paired_bootstrap_ci(a, b, seed=1) == paired_bootstrap_ci(a, b, seed=1)
    assert paired_bootstrap_ci(a, b, seed=1) != paired_bootstrap_ci(a, b, seed=2)


def test_bootstrap_with_plain_lambda_matches_vectorised_stat() -> None:
    # A lambda without `axis` takes the per-resample path; both must see the same resamples.
    rng = np.random.default_rng(1)
    a = rng.lognormal(0, 0.5, size=120)
    b = a * 1.3
    looped = paired_bootstrap_ci(a, b, stat=lambda x: np.percentile(x, 95), n_boot=500, seed=4)
    vectorised = paired_bootstrap_ci(a, b, stat=partial(np.percentile, q=95), n_boot=500, seed=4)
    assert looped.low == pytest.approx(vectorised.low)
    assert looped.high == pytest.approx(vectorised.high)
    assert looped.low > 0  # B is 30% slower on every case


def test_bootstrap_resamples_pairs_not_runs() -> None:
    # B = A + 1 exactly: every paired resample has difference 1. Resampling A and B
    # independently would give a wide interval around 1 instead.
    a = np.random.default_rng(5).normal(0, 10, size=80)
    ci = paired_bootstrap_ci(a, a + 1.0, seed=0)
    assert ci.low == pytest.approx(1.0)
    assert ci.high == pytest.approx(1.0)


# ---------------------------------------------------------------------------------------------
# compare_* and verdict
# ---------------------------------------------------------------------------------------------


def test_identical_runs_show_no_difference() -> None:
    rng = np.random.default_rng(11)
    passed = rng.random(200) < 0.8
    latency = pd.Series(rng.lognormal(0, 0.4, size=200))

    for result in (
        compare_binary("correct", passed, passed.copy()),
        compare_continuous("score", latency, latency.copy()),
        compare_quantile("latency_p95", latency, latency.copy(), q=0.95),
    ):
        assert result.diff == 0
        assert result.ci.contains(0)
        assert result.p_value == 1.0
        assert verdict(result) == "no detectable difference"
        assert verdict(result, higher_is_better=False) == "no detectable difference"


def test_injected_regressions_are_detected_as_worse() -> None:
    rng = np.random.default_rng(42)
    a = np.zeros(200, dtype=bool)
    a[rng.choice(200, size=180, replace=False)] = True
    b = a.copy()
    b[rng.choice(np.flatnonzero(a), size=10, replace=False)] = False

    result = compare_binary("correct", a.tolist(), b.tolist())

    assert result.n == 200
    assert result.mean_a == pytest.approx(0.90)
    assert result.diff == pytest.approx(-0.05)
    assert (result.a_only, result.b_only) == (10, 0)
    assert result.test == "exact McNemar"
    assert result.ci.high < 0
    assert verdict(result, higher_is_better=True) == "worse"
    # The same drop is an improvement when lower is better (e.g. an error rate).
    assert verdict(result, higher_is_better=False) == "better"


def test_continuous_improvement_is_better() -> None:
    rng = np.random.default_rng(8)
    difficulty = rng.normal(size=150)
    a = difficulty + rng.normal(0, 0.3, size=150)
    b = a + 0.25 + rng.normal(0, 0.3, size=150)
    result = compare_continuous("faithfulness", a, b)
    assert result.kind == "continuous"
    assert result.test == "Wilcoxon signed-rank"
    assert result.diff == pytest.approx(np.mean(b - a))
    assert result.ci.low > 0
    assert verdict(result) == "better"


def test_compare_quantile_reports_quantiles_and_detects_slower_tail() -> None:
    rng = np.random.default_rng(9)
    a = rng.lognormal(0, 0.5, size=200)
    b = a * 1.5  # B slower on every case
    result = compare_quantile("latency_p95", a, b, q=0.95)
    assert result.mean_a == pytest.approx(np.quantile(a, 0.95))
    assert result.diff == pytest.approx(np.quantile(b, 0.95) - np.quantile(a, 0.95))
    assert result.ci.low > 0
    assert verdict(result, higher_is_better=False) == "worse"

    with pytest.raises(ValueError, match="0.95 for p95"):
        compare_quantile("latency_p95", a, b, q=95)


def test_verdict_uses_adjusted_p_value_when_set() -> None:
    significant = PairedResult(
        metric="m",
        kind="binary",
        n=200,
        mean_a=0.8,
        mean_b=0.86,
        diff=0.06,
        ci=Interval(0.02, 0.10),
        p_value=0.01,
        test="exact McNemar",
    )
    assert verdict(significant) == "better"
    assert verdict(holm([significant] * 10)[0]) == "no detectable difference"


def test_verdict_needs_ci_to_exclude_zero() -> None:
    result = PairedResult("m", "continuous", 50, 1.0, 1.2, 0.2, Interval(-0.1, 0.5), 0.001, "x")
    assert verdict(result) == "no detectable difference"


# ---------------------------------------------------------------------------------------------
# Holm
# ---------------------------------------------------------------------------------------------


def test_holm_hand_computed_example() -> None:
    # Sorted: 0.005*4=0.02, 0.01*3=0.03, 0.03*2=0.06, 0.04*1=0.04 -> max(0.06, 0.04)=0.06.
    raw = [0.01, 0.04, 0.03, 0.005]
    adjusted = holm([fake_result(p, metric=str(i)) for i, p in enumerate(raw)])
    assert [r.p_adjusted for r in adjusted] == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert [r.metric for r in adjusted] == ["0", "1", "2", "3"]  # original order kept
    assert [r.p_value for r in adjusted] == raw  # raw p-values untouched


def test_holm_is_monotone_and_capped() -> None:
    rng = np.random.default_rng(12)
    raw = rng.uniform(0, 0.6, size=25).tolist()
    adjusted = [r.p_adjusted for r in holm([fake_result(p) for p in raw])]
    assert all(a is not None and p <= a <= 1.0 for p, a in zip(raw, adjusted, strict=True))
    order = np.argsort(raw)
    assert np.all(np.diff(np.array(adjusted)[order]) >= 0)
    assert max(adjusted) == 1.0  # 25 * p exceeds 1 for most of these

    assert [r.p_adjusted for r in holm([fake_result(p) for p in (0.5, 0.6, 0.9)])] == [1, 1, 1]
    assert holm([]) == []


# ---------------------------------------------------------------------------------------------
# Power
# ---------------------------------------------------------------------------------------------


def connor_n(d: float, psi: float) -> float:
    """Connor (1987) pairs needed at alpha=0.05, power=0.8, written out independently."""
    return (Z_975 * math.sqrt(psi) + Z_80 * math.sqrt(psi - d**2)) ** 2 / d**2


def test_required_sample_size_matches_closed_form() -> None:
    psi = 2 * 0.8 * (1 - 0.8)  # independent pairs at an 80% baseline
    assert required_sample_size(0.05) == math.ceil(connor_n(0.05, psi))
    # By hand: (1.95996 * 0.56569 + 0.84162 * 0.56347)**2 / 0.0025 = 1002.3 -> 1003.
    assert required_sample_size(0.05) == 1003
    assert required_sample_size(0.10, p_discordant=0.2) == math.ceil(connor_n(0.10, 0.2)) == 155
    assert required_sample_size(-0.10, p_discordant=0.2) == 155  # sign ignored


def test_min_detectable_difference_matches_closed_form() -> None:
    psi = 2 * 0.8 * (1 - 0.8)
    for n in (50, 200, 1000):
        d = min_detectable_difference(n)
        assert connor_n(d, psi) == pytest.approx(n, rel=1e-6)
        # First-order closed form d ~ (z_a + z_b) * sqrt(psi / n) ignores the d**2 term.
        assert d == pytest.approx((Z_975 + Z_80) * math.sqrt(psi / n), abs=0.02)
    assert min_detectable_difference(200, p_discordant=psi) == min_detectable_difference(200)


def test_power_functions_are_inverse() -> None:
    for n in (30, 200, 1000, 5000):
        for psi in (None, 0.1):
            back = required_sample_size(min_detectable_difference(n, psi), psi)
            assert abs(back - n) <= max(1, 0.02 * n)


def test_min_detectable_difference_shrinks_with_more_pairs_and_less_discordance() -> None:
    assert min_detectable_difference(400) < min_detectable_difference(200)
    assert min_detectable_difference(200, p_discordant=0.1) < min_detectable_difference(200)
    with pytest.raises(ValueError, match="too few"):
        min_detectable_difference(3)


def test_required_sample_size_gives_about_80_percent_power_in_simulation() -> None:
    d, psi = 0.10, 0.2
    n = required_sample_size(d, p_discordant=psi)
    rng = np.random.default_rng(0)
    rejections = 0
    n_sims = 2000
    for b_only, a_only, _ in rng.multinomial(n, [(psi + d) / 2, (psi - d) / 2, 1 - psi], n_sims):
        a = np.r_[np.zeros(b_only, bool), np.ones(a_only, bool)]
        p, _, _ = mcnemar_exact(a, ~a)
        rejections += p < 0.05
    # The exact test is conservative next to the normal approximation (about 0.75 here).
    # A wrong formula lands far away: dropping the power term gives ~0.5, unpaired sizes ~1.
    assert 0.70 <= rejections / n_sims <= 0.86


def test_power_line() -> None:
    line = power_line(200, d_target=0.05)
    mdd = min_detectable_difference(200)
    assert line == (
        f"With 200 paired cases this dataset can detect a pass-rate difference of "
        f"{100 * mdd:.1f} points at 80% power (α=0.05); detecting 5.0 points needs 1003 cases."
    )
    assert "needs 155 cases" in power_line(200, d_target=0.10, p_discordant=0.2)


# ---------------------------------------------------------------------------------------------
# Input validation
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda a, b: compare_binary("m", a, b),
        lambda a, b: compare_continuous("m", a, b),
        lambda a, b: compare_quantile("m", a, b, q=0.5),
        mcnemar_exact,
        wilcoxon_p,
        paired_bootstrap_ci,
    ],
)
def test_length_mismatch_names_both_lengths(call) -> None:
    with pytest.raises(ValueError, match=r"a has 3 values but b has 4"):
        call([1, 0, 1], [1, 0, 1, 1])


def test_empty_input_is_rejected() -> None:
    with pytest.raises(ValueError, match="at least one case"):
        compare_binary("m", [], [])


def test_missing_continuous_values_are_rejected() -> None:
    with pytest.raises(ValueError, match="missing or infinite"):
        compare_continuous("m", [1.0, np.nan], [1.0, 2.0])
