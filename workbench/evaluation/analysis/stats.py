"""Paired statistics for A/B comparisons of assistant variants.

Both variants answer the same cases, so every comparison here is *paired*: case ``i`` of run A
is compared with case ``i`` of run B. Pairing removes the case-to-case difficulty from the
noise, which is why these tests detect smaller differences than unpaired ones would.

What is here:

* ``compare_binary`` / ``compare_continuous`` / ``compare_quantile``: one metric, two runs ->
  a ``PairedResult`` (difference B - A, paired bootstrap CI, p-value).
* ``holm``: corrects p-values when many metrics are compared at once.
* ``verdict``: turns a result into "better" / "worse" / "no detectable difference".
* ``min_detectable_difference`` / ``required_sample_size`` / ``power_line``: how large a
  dataset has to be before a pass-rate difference can be seen at all.

Clusters. Eval cases are not all independent. Generated data questions are a template family
(one phrasing, e.g. "how much dental balance do I have left?") filled in for many users: a
variant that mis-routes that phrasing fails the whole family together, and a variant that
mishandles one user's data (an odd claim history, a zero balance) fails that user's cases
across many families. The two factors are crossed (each template is asked for several users,
each user answers several templates), so neither nests in the other. Treating dozens of
families × a dozen users as independent cases makes intervals too narrow and power look better
than it is.
The comparison functions therefore take ``clusters``: a ``clusters.ClusterSpec`` (template and
user label per case, built by ``clusters.cluster_spec`` from a run's ``template`` and ``user``
columns; a hand-written case without a template is a template cluster of its own), or plain
one-way labels (``clusters.cluster_ids``).

A factor that groups nothing (every case its own cluster) or everything (one cluster: its
variance is not estimable, so inference is conditional on it) is dropped. What is left decides
the analysis:

* **Two-way** (both factors group cases; the generated suites):

  - variance: the two-way cluster-robust variance of the mean paired difference (Cameron,
    Gelbach & Miller 2011), ``V = V_template + V_user - V_template∩user``, each term the
    one-way sandwich variance with its own small-sample factor ``G / (G - 1)``. It is floored
    at the larger one-way variance, ``max(V, V_template, V_user)``: when ``V < 0`` that is the
    usual fallback, and otherwise it stops a noisy small ``V_user`` (12 users) from reporting
    less dependence than the template factor alone (see ``clusters.twoway_variance``);
  - design effect ``deff = V / V_naive`` and effective n ``n / deff``; the result also keeps
    each factor's own design effect (``deff_template``, ``deff_user``), so a report shows which
    factor drives the clustering;
  - CI: the pigeonhole bootstrap (Owen 2007; Owen & Eckles 2012): templates and users are
    drawn independently with replacement and each case is weighted by the product of its
    template's and its user's multiplicities. It counts the within-cell variance more than
    once, so it is slightly conservative by construction;
  - p-value: a Wald z-test of the mean paired difference with ``V`` (for binary, continuous
    and quantile metrics; for a quantile it tests a shift of the whole distribution). It is
    consistent with the interval and the effective n: ``z`` is the independent-case ``z`` at
    the effective n (a design effect below 1 is not credited). McNemar's and Wilcoxon's tests
    have no two-way form. With only 12 users the normal reference is optimistic; the
    conservative bootstrap interval, which a verdict also needs, offsets that. A simulation
    with a user effect and no template effect (``tests/evaluation/test_twoway.py``) checks
    that two-way 95% intervals cover the true difference at least 90% of the time and
    template-only ones visibly less.

* **One-way** (one factor groups cases, e.g. hand-written cases: no template, 12 users; or
  plain labels): the bootstrap resamples whole clusters; binary p-values use McNemar's test for
  clustered data (Durkalski et al. 2003) and continuous ones the Wilcoxon signed-rank test on
  per-cluster mean differences (clusters, not cases, are the independent units); ``deff`` is
  the one-way sandwich variance over the naive one.

* **Independent** (every case its own cluster on both factors): every result equals the
  independent-case analysis exactly (same bootstrap draws, exact McNemar, deff = 1).

The power line is computed at the effective n.

Everything is deterministic: random functions take ``seed`` and use ``numpy.random.default_rng``.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy import optimize
from scipy import stats as sps

from workbench.evaluation.analysis import clusters as cl

BINARY = "binary"
CONTINUOUS = "continuous"
MCNEMAR = "exact McNemar"
CLUSTERED_MCNEMAR = "clustered McNemar"
WILCOXON = "Wilcoxon signed-rank"
CLUSTERED_WILCOXON = "Wilcoxon signed-rank on cluster means"
TWOWAY_WALD = "Wald z, two-way cluster-robust"

#: How the cases of a comparison are clustered (``PairedResult.clustering``).
NOT_CLUSTERED = "none"
ONE_WAY = "clusters"  # plain labels, one per case
BY_TEMPLATE = "template"
BY_USER = "user"
TWO_WAY = "template × user"

BETTER = "better"
WORSE = "worse"
NO_DIFFERENCE = "no detectable difference"

#: Upper bound on resampled values held in memory at once by ``paired_bootstrap_ci``
#: (16 MB of float64); larger bootstraps are computed in blocks.
_MAX_BLOCK_VALUES = 2_000_000

Stat = Callable[..., Any]


@dataclass(frozen=True)
class Interval:
    """A closed interval ``[low, high]``."""

    low: float
    high: float

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"Interval low ({self.low}) is greater than high ({self.high}).")

    def contains(self, x: float) -> bool:
        """Return True if ``x`` lies in the interval (ends included)."""
        return self.low <= x <= self.high


@dataclass(frozen=True)
class PairedResult:
    """The comparison of one metric between run A and run B on the same cases.

    Attributes:
        metric: Name of the metric, e.g. ``"correct"`` or ``"latency_p95"``.
        kind: ``"binary"`` or ``"continuous"``.
        n: Number of pairs (cases).
        mean_a: Statistic of run A: the mean (pass rate for binary metrics), or the
            quantile for ``compare_quantile``.
        mean_b: The same statistic for run B.
        diff: ``mean_b - mean_a``; positive means B is higher.
        ci: Paired bootstrap confidence interval of ``diff``.
        p_value: Exact McNemar (binary) or Wilcoxon signed-rank (continuous); 1.0 when the
            test is undefined (all differences zero).
        test: Name of the test that produced ``p_value``.
        p_adjusted: Holm-adjusted p-value, set by ``holm``; None until then.
        a_only: Binary only: pairs where A passed and B failed.
        b_only: Binary only: pairs where A failed and B passed.
        clusters: Number of clusters of a one-way clustering (``n`` when the cases are
            independent); None under two-way clustering (see the per-factor counts).
        deff: Design effect of the paired difference (1 for independent cases): one-way, or
            two-way (``max(V_template + V_user - V_template∩user, V_template, V_user)`` over
            the naive variance; see ``clusters.twoway_variance``).
        icc: Intra-cluster correlation implied by a one-way ``deff``; None without multi-case
            clusters and under two-way clustering.
        clustering: Which clustering the CI, p-value and ``deff`` use: ``"none"``,
            ``"clusters"`` (plain labels), ``"template"``, ``"user"`` or ``"template × user"``.
        clusters_template: Template clusters (a case without a template is its own); set when
            the comparison was given a ``ClusterSpec``.
        clusters_user: User clusters; set with a ``ClusterSpec``.
        deff_template: Design effect of clustering by template alone (None if there is one
            template only: not estimable); set with a ``ClusterSpec``.
        deff_user: Design effect of clustering by user alone; set with a ``ClusterSpec``.
    """

    metric: str
    kind: str
    n: int
    mean_a: float
    mean_b: float
    diff: float
    ci: Interval
    p_value: float
    test: str
    p_adjusted: float | None = None
    a_only: int | None = None
    b_only: int | None = None
    clusters: int | None = None
    deff: float = 1.0
    icc: float | None = None
    clustering: str = NOT_CLUSTERED
    clusters_template: int | None = None
    clusters_user: int | None = None
    deff_template: float | None = None
    deff_user: float | None = None

    def cluster_label(self) -> str | None:
        """Clusters per factor for reports, e.g. ``"86 template × 12 user"``; None if unclustered."""
        if self.clusters_template is not None:
            return f"{self.clusters_template} template × {self.clusters_user} user"
        return str(self.clusters) if self.clustering == ONE_WAY else None

    def factor_deffs(self) -> dict[str, float] | None:
        """Design effect of each factor alone (``{"template": .., "user": ..}``), if known."""
        if self.clusters_template is None:
            return None
        return {name: value for name, value in (("template", self.deff_template),
                                                ("user", self.deff_user)) if value is not None}

    @property
    def n_eff(self) -> float:
        """Effective number of independent pairs, ``n / max(1, deff)``.

        A design effect below 1 (negative within-cluster correlation) is sampling noise at
        these sizes, so it is not credited as extra information.
        """
        return self.n / max(1.0, self.deff)


# --------------------------------------------------------------------------------------------
# Input handling
# --------------------------------------------------------------------------------------------


def _as_pair(a: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
    """Convert both runs to 1-D arrays and check they pair up."""
    a_arr, b_arr = np.asarray(a), np.asarray(b)
    if a_arr.ndim != 1 or b_arr.ndim != 1:
        raise ValueError(
            f"Expected one value per case (1-D), got shapes {a_arr.shape} and {b_arr.shape}."
        )
    if len(a_arr) != len(b_arr):
        raise ValueError(
            f"Paired comparison needs one value per case in both runs: "
            f"a has {len(a_arr)} values but b has {len(b_arr)}."
        )
    if len(a_arr) == 0:
        raise ValueError("Paired comparison needs at least one case; both runs are empty.")
    return a_arr, b_arr


def _as_binary_pair(a: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
    """Convert both runs to bool arrays, rejecting anything but 0/1/True/False."""
    a_arr, b_arr = _as_pair(a, b)
    for name, arr in (("a", a_arr), ("b", b_arr)):
        # np.asarray(..., dtype=bool) would silently turn 0.5 or "no" into True.
        if arr.dtype != bool and not np.isin(arr, [0, 1]).all():
            raise ValueError(f"Binary metric {name} must contain only 0/1 or True/False.")
    return a_arr.astype(bool), b_arr.astype(bool)


def _as_continuous_pair(a: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
    """Convert both runs to float arrays, rejecting NaN and infinities."""
    a_arr, b_arr = _as_pair(a, b)
    a_arr, b_arr = a_arr.astype(float), b_arr.astype(float)
    for name, arr in (("a", a_arr), ("b", b_arr)):
        if not np.isfinite(arr).all():
            raise ValueError(
                f"Continuous metric {name} has missing or infinite values; "
                "drop those cases from both runs before comparing."
            )
    return a_arr, b_arr


# --------------------------------------------------------------------------------------------
# Bootstrap and tests
# --------------------------------------------------------------------------------------------


def _accepts_axis(stat: Stat) -> bool:
    """True if ``stat`` takes an ``axis`` keyword, so it can reduce all resamples in one call."""
    try:
        return "axis" in inspect.signature(stat).parameters
    except (TypeError, ValueError):  # builtins and some C functions have no signature
        return False


def _stat_per_row(values: np.ndarray, stat: Stat, vectorised: bool) -> np.ndarray:
    """Apply ``stat`` to each row (one bootstrap resample) of ``values``."""
    if vectorised:
        return np.asarray(stat(values, axis=1), dtype=float)
    return np.array([stat(row) for row in values], dtype=float)


def _is_clustered(clusters: Any, n: int) -> bool:
    """True if ``clusters`` groups some cases together (all singletons: independent cases)."""
    if clusters is None:
        return False
    labels = np.asarray(clusters)
    if len(labels) != n:
        raise ValueError(f"clusters must have one label per case: {len(labels)} labels for {n} cases.")
    return len(np.unique(labels)) < n


@dataclass(frozen=True, eq=False)
class _Design:
    """The clustering a comparison uses, resolved from its ``clusters`` argument.

    ``labels`` is set for a one-way clustering, ``spec`` whenever a ``ClusterSpec`` was given
    (for the per-factor fields), and both factors of ``spec`` group cases when ``clustering``
    is ``TWO_WAY``.
    """

    clustering: str
    labels: np.ndarray | None = None
    spec: cl.ClusterSpec | None = None


def _groups(labels: np.ndarray, n: int) -> bool:
    """True if a factor groups some cases and has at least two clusters."""
    k = len(np.unique(labels))
    return 2 <= k < n


def _design(clusters: Any, n: int) -> _Design:
    """Resolve ``clusters`` (None, labels, or a ``ClusterSpec``) for ``n`` cases.

    A ``ClusterSpec`` factor that groups nothing (all singletons) or everything (one cluster:
    its variance is not estimable, so inference is conditional on it) is dropped; what is left
    is two-way, one-way or no clustering, so the result is exactly that simpler analysis.
    """
    if not isinstance(clusters, cl.ClusterSpec):
        if _is_clustered(clusters, n):
            return _Design(ONE_WAY, labels=np.asarray(clusters))
        return _Design(NOT_CLUSTERED)
    if len(clusters) != n:
        raise ValueError(f"clusters must have one label per case: {len(clusters)} labels for {n} cases.")
    by_template, by_user = _groups(clusters.template, n), _groups(clusters.user, n)
    if by_template and by_user:
        return _Design(TWO_WAY, spec=clusters)
    if by_template:
        return _Design(BY_TEMPLATE, labels=np.asarray(clusters.template), spec=clusters)
    if by_user:
        return _Design(BY_USER, labels=np.asarray(clusters.user), spec=clusters)
    return _Design(NOT_CLUSTERED, spec=clusters)


def _factor_deff(d: np.ndarray, labels: np.ndarray) -> float | None:
    """Design effect of one factor alone: None with one cluster, exactly 1 with singletons."""
    k = len(np.unique(labels))
    if k < 2:
        return None
    return 1.0 if k == len(d) else cl.design_effect(d, labels)


def _cluster_fields(d: np.ndarray, clusters: Any) -> dict:
    """The cluster fields of a result (``clusters``, ``deff``, ``icc``, per-factor values)."""
    n = len(d)
    design = _design(clusters, n)
    out: dict[str, Any] = {"clusters": n, "deff": 1.0, "icc": None, "clustering": design.clustering}
    spec = design.spec
    if spec is not None:
        out.update(clusters_template=len(np.unique(spec.template)), clusters_user=len(np.unique(spec.user)),
                   deff_template=_factor_deff(d, spec.template), deff_user=_factor_deff(d, spec.user))
    if design.clustering == TWO_WAY:
        tw = cl.twoway_variance(d, spec.template, spec.user)
        out.update(clusters=None, deff=tw.deff, deff_template=tw.deff_template, deff_user=tw.deff_user)
    elif design.labels is not None:
        _, inv = np.unique(design.labels, return_inverse=True)
        deff = cl.design_effect(d, inv)
        icc = cl.icc_from_design_effect(deff, np.bincount(inv))
        out.update(clusters=int(inv.max()) + 1, deff=deff, icc=None if icc != icc else icc)
    return out


def _cluster_mean_pair(a: np.ndarray, b: np.ndarray, clusters: Any) -> tuple[np.ndarray, np.ndarray]:
    """Per-cluster means of both runs: the independent units of a clustered test."""
    _, inv = np.unique(np.asarray(clusters), return_inverse=True)
    sizes = np.bincount(inv)
    return np.bincount(inv, weights=a) / sizes, np.bincount(inv, weights=b) / sizes


def _twoway_p(a: np.ndarray, b: np.ndarray, spec: cl.ClusterSpec, binary: bool) -> tuple[float, str]:
    """Two-sided p of the Wald z-test of mean(b - a) = 0 with the two-way variance.

    ``z = mean(d) / sqrt(V_naive · max(1, deff))``: the z statistic uses the variance behind
    the two-way design effect, so the p-value, the effective n and the interval speak about
    the same uncertainty. As for the effective n, a design effect below 1 is not credited (it
    is sampling noise at these sizes), so the test is never sharper than for independent
    cases. Without any spread to estimate a variance from (every difference equal), it falls
    back to the one-way clustered test (McNemar or Wilcoxon on cluster means) on the factor
    with fewer clusters.
    """
    d = b.astype(float) - a.astype(float)
    if not np.any(d):
        return 1.0, TWOWAY_WALD
    tw = cl.twoway_variance(d, spec.template, spec.user)
    v = max(tw.total, tw.naive)
    if v > 0:
        return float(2 * sps.norm.sf(abs(float(d.mean())) / math.sqrt(v))), TWOWAY_WALD
    coarser = min((spec.template, spec.user), key=lambda labels: len(np.unique(labels)))
    if binary:
        return cl.clustered_mcnemar_p(a.astype(bool), b.astype(bool), coarser), CLUSTERED_MCNEMAR
    return wilcoxon_p(*_cluster_mean_pair(a, b, coarser)), CLUSTERED_WILCOXON


def paired_bootstrap_ci(
    a: Any,
    b: Any,
    stat: Stat = np.mean,
    n_boot: int = 2000,
    level: float = 0.95,
    seed: int = 0,
    clusters: Any = None,
) -> Interval:
    """Percentile bootstrap CI of ``stat(b) - stat(a)``, resampling whole pairs.

    Resampling case indices (not A and B separately) keeps each case's A and B values
    together, so the interval reflects the paired design.

    Args:
        a: Run A, one value per case.
        b: Run B, same cases in the same order.
        stat: Statistic of one run, e.g. ``np.mean`` or ``lambda x: np.percentile(x, 95)``.
            If it accepts an ``axis`` keyword it is called once per block of resamples with
            ``axis=1``; otherwise once per resample.
        n_boot: Number of bootstrap resamples.
        level: Confidence level, e.g. 0.95.
        seed: Seed for ``numpy.random.default_rng``.
        clusters: Optional cluster label per case, or a ``ClusterSpec`` (template and user per
            case). With one-way clusters that hold several cases, whole clusters are resampled
            (with replacement, as many as there are clusters). When both factors of a
            ``ClusterSpec`` group cases, it is the pigeonhole bootstrap: templates and users
            are drawn independently and each case weighted by the product of its template's
            and its user's multiplicities (slightly conservative).

    Returns:
        The interval between the ``(1 - level) / 2`` and ``(1 + level) / 2`` percentiles of
        the resampled differences.

    Raises:
        ValueError: If the runs differ in length or are empty, or arguments are out of range.
    """
    a_arr, b_arr = _as_pair(a, b)
    if n_boot < 1:
        raise ValueError(f"n_boot must be at least 1, got {n_boot}.")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}.")

    n = len(a_arr)
    rng = np.random.default_rng(seed)
    tail = (1 - level) / 2
    design = _design(clusters, n)
    if design.clustering == TWO_WAY:
        diffs = cl.pigeonhole_bootstrap_diffs(a_arr, b_arr, design.spec.template, design.spec.user,
                                              stat, n_boot, rng)
        # A replicate whose drawn templates and users share no case is NaN: left out.
        low, high = np.nanquantile(diffs, [tail, 1 - tail])
        return Interval(float(low), float(high))
    if design.labels is not None:
        diffs = cl.cluster_bootstrap_diffs(a_arr, b_arr, design.labels, stat, n_boot, rng)
        low, high = np.quantile(diffs, [tail, 1 - tail])
        return Interval(float(low), float(high))
    vectorised = _accepts_axis(stat)
    block = max(1, _MAX_BLOCK_VALUES // n)
    diffs = []
    for start in range(0, n_boot, block):
        idx = rng.integers(0, n, size=(min(block, n_boot - start), n))
        diffs.append(
            _stat_per_row(b_arr[idx], stat, vectorised)
            - _stat_per_row(a_arr[idx], stat, vectorised)
        )
    low, high = np.quantile(np.concatenate(diffs), [tail, 1 - tail])
    return Interval(float(low), float(high))


def mcnemar_exact(a: Any, b: Any) -> tuple[float, int, int]:
    """Exact two-sided McNemar test on paired pass/fail outcomes.

    Only discordant pairs carry information. Under the null hypothesis each of them is
    equally likely to favour A or B, so the test is a two-sided binomial test with p = 0.5:
    ``p = min(1, 2 * BinomCDF(min(a_only, b_only); a_only + b_only, 0.5))``.

    Args:
        a: Run A pass/fail per case.
        b: Run B pass/fail per case.

    Returns:
        ``(p_value, a_only, b_only)`` where ``a_only`` counts A-pass/B-fail pairs and
        ``b_only`` counts A-fail/B-pass pairs. ``p_value`` is 1.0 with no discordant pairs.
    """
    a_arr, b_arr = _as_binary_pair(a, b)
    a_only = int(np.sum(a_arr & ~b_arr))
    b_only = int(np.sum(~a_arr & b_arr))
    discordant = a_only + b_only
    if discordant == 0:
        return 1.0, a_only, b_only
    p = min(1.0, 2 * float(sps.binom.cdf(min(a_only, b_only), discordant, 0.5)))
    return p, a_only, b_only


def wilcoxon_p(a: Any, b: Any) -> float:
    """Two-sided Wilcoxon signed-rank p-value of the paired differences ``b - a``.

    Returns:
        The p-value, or 1.0 when every difference is zero (the test is undefined there and
        "no evidence of a difference" is the honest answer).
    """
    a_arr, b_arr = _as_continuous_pair(a, b)
    d = b_arr - a_arr
    if not np.any(d):
        return 1.0
    return float(sps.wilcoxon(d).pvalue)


# --------------------------------------------------------------------------------------------
# One metric, two runs
# --------------------------------------------------------------------------------------------


def compare_binary(metric: str, a: Any, b: Any, seed: int = 0, clusters: Any = None) -> PairedResult:
    """Compare pass rates of two runs: difference, bootstrap CI and McNemar p-value.

    Args:
        metric: Name of the metric.
        a: Run A pass/fail per case (bool or 0/1).
        b: Run B pass/fail per case, same cases in the same order.
        seed: Seed for the bootstrap.
        clusters: Optional cluster label per case, or a ``ClusterSpec`` (see the module
            docstring). One-way clusters: the CI resamples clusters and the p-value is the
            clustered McNemar test. Two-way: pigeonhole bootstrap CI and the Wald z-test on
            the two-way variance. Independent cases: the exact McNemar test.

    Returns:
        A binary ``PairedResult`` with the discordant-pair counts and cluster fields filled in.
    """
    a_arr, b_arr = _as_binary_pair(a, b)
    p, a_only, b_only = mcnemar_exact(a_arr, b_arr)
    test = MCNEMAR
    design = _design(clusters, len(a_arr))
    if design.clustering == TWO_WAY:
        p, test = _twoway_p(a_arr, b_arr, design.spec, binary=True)
    elif design.labels is not None:
        p, test = cl.clustered_mcnemar_p(a_arr, b_arr, design.labels), CLUSTERED_MCNEMAR
    mean_a, mean_b = float(a_arr.mean()), float(b_arr.mean())
    a_f, b_f = a_arr.astype(float), b_arr.astype(float)
    return PairedResult(
        metric=metric,
        kind=BINARY,
        n=len(a_arr),
        mean_a=mean_a,
        mean_b=mean_b,
        diff=mean_b - mean_a,
        ci=paired_bootstrap_ci(a_f, b_f, seed=seed, clusters=clusters),
        p_value=p,
        test=test,
        a_only=a_only,
        b_only=b_only,
        **_cluster_fields(b_f - a_f, clusters),
    )


def compare_continuous(metric: str, a: Any, b: Any, seed: int = 0, clusters: Any = None) -> PairedResult:
    """Compare means of a continuous metric: difference, bootstrap CI and Wilcoxon p-value.

    Args:
        metric: Name of the metric.
        a: Run A value per case.
        b: Run B value per case, same cases in the same order.
        seed: Seed for the bootstrap.
        clusters: Optional cluster label per case, or a ``ClusterSpec``. One-way clusters:
            the CI resamples clusters and the Wilcoxon test runs on per-cluster mean values.
            Two-way: pigeonhole bootstrap CI and the Wald z-test on the two-way variance.

    Returns:
        A continuous ``PairedResult``.
    """
    a_arr, b_arr = _as_continuous_pair(a, b)
    mean_a, mean_b = float(a_arr.mean()), float(b_arr.mean())
    p, test = _continuous_p(a_arr, b_arr, clusters)
    return PairedResult(
        metric=metric,
        kind=CONTINUOUS,
        n=len(a_arr),
        mean_a=mean_a,
        mean_b=mean_b,
        diff=mean_b - mean_a,
        ci=paired_bootstrap_ci(a_arr, b_arr, seed=seed, clusters=clusters),
        p_value=p,
        test=test,
        **_cluster_fields(b_arr - a_arr, clusters),
    )


def _continuous_p(a: np.ndarray, b: np.ndarray, clusters: Any) -> tuple[float, str]:
    design = _design(clusters, len(a))
    if design.clustering == TWO_WAY:
        return _twoway_p(a, b, design.spec, binary=False)
    if design.labels is not None:
        return wilcoxon_p(*_cluster_mean_pair(a, b, design.labels)), CLUSTERED_WILCOXON
    return wilcoxon_p(a, b), WILCOXON


def compare_quantile(metric: str, a: Any, b: Any, q: float, seed: int = 0,
                     clusters: Any = None) -> PairedResult:
    """Compare a quantile of two runs, e.g. latency p95: ``quantile(b) - quantile(a)``.

    The CI comes from the paired bootstrap of the quantile difference. There is no standard
    paired test for a difference of quantiles, so ``p_value`` is the Wilcoxon signed-rank
    test on the pairs (a shift of the whole distribution; under two-way clustering the Wald
    z-test of the mean difference); ``verdict`` also requires the quantile CI to exclude 0,
    which keeps the two consistent.

    Args:
        metric: Name of the metric, e.g. ``"latency_p95"``.
        a: Run A value per case.
        b: Run B value per case, same cases in the same order.
        q: Quantile as a fraction in [0, 1] (0.95 for p95).
        seed: Seed for the bootstrap.
        clusters: Optional cluster label per case (resampled together; Wilcoxon on cluster
            means), or a ``ClusterSpec`` (pigeonhole bootstrap of the quantile difference).

    Returns:
        A continuous ``PairedResult`` whose ``mean_a`` / ``mean_b`` hold the quantiles.
    """
    if not 0 <= q <= 1:
        raise ValueError(f"q must be a fraction in [0, 1] (0.95 for p95), got {q}.")
    a_arr, b_arr = _as_continuous_pair(a, b)

    def quantile(x: np.ndarray, axis: int | None = None) -> Any:
        return np.quantile(x, q, axis=axis)

    q_a, q_b = float(quantile(a_arr)), float(quantile(b_arr))
    p, test = _continuous_p(a_arr, b_arr, clusters)
    return PairedResult(
        metric=metric,
        kind=CONTINUOUS,
        n=len(a_arr),
        mean_a=q_a,
        mean_b=q_b,
        diff=q_b - q_a,
        ci=paired_bootstrap_ci(a_arr, b_arr, stat=quantile, seed=seed, clusters=clusters),
        p_value=p,
        test=test,
        **_cluster_fields(b_arr - a_arr, clusters),
    )


# --------------------------------------------------------------------------------------------
# Many metrics: multiple-comparison correction and verdicts
# --------------------------------------------------------------------------------------------


def holm(results: Sequence[PairedResult], alpha: float = 0.05) -> list[PairedResult]:
    """Holm-Bonferroni adjusted p-values for a family of comparisons.

    With raw p-values sorted ascending ``p_(1) <= ... <= p_(m)``, the adjusted value of
    ``p_(i)`` is ``max_{j <= i} min(1, (m - j + 1) * p_(j))``. Comparing adjusted p-values
    with ``alpha`` controls the family-wise error rate at ``alpha``.

    Args:
        results: Results to adjust together (one per metric).
        alpha: Family-wise level the adjusted values will be compared with. The adjusted
            values do not depend on it; it is checked and accepted so call sites can pass the
            same level they give to ``verdict``.

    Returns:
        Copies of ``results``, in the same order, with ``p_adjusted`` set.
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha}.")
    m = len(results)
    order = sorted(range(m), key=lambda i: results[i].p_value)
    adjusted = [0.0] * m
    running_max = 0.0
    for rank, i in enumerate(order):
        # The running maximum keeps adjusted p-values in the same order as the raw ones.
        running_max = max(running_max, min(1.0, (m - rank) * results[i].p_value))
        adjusted[i] = running_max
    return [replace(r, p_adjusted=p) for r, p in zip(results, adjusted, strict=True)]


def verdict(result: PairedResult, higher_is_better: bool = True, alpha: float = 0.05) -> str:
    """Summarise a result as "better", "worse" or "no detectable difference" for B vs A.

    B differs from A only when both agree: the CI excludes 0 on the same side as ``diff``,
    and the p-value (Holm-adjusted if set, raw otherwise) is below ``alpha``.

    Args:
        result: The comparison.
        higher_is_better: True for pass rates and scores, False for latency or cost.
        alpha: Significance level.

    Returns:
        ``"better"``, ``"worse"`` or ``"no detectable difference"``.
    """
    p = result.p_adjusted if result.p_adjusted is not None else result.p_value
    if p >= alpha:
        return NO_DIFFERENCE
    if result.diff > 0 and result.ci.low > 0:
        b_higher = True
    elif result.diff < 0 and result.ci.high < 0:
        b_higher = False
    else:
        return NO_DIFFERENCE
    return BETTER if b_higher == higher_is_better else WORSE


# --------------------------------------------------------------------------------------------
# Power: how many paired cases are enough
# --------------------------------------------------------------------------------------------


def _discordance(p_discordant: float | None, baseline: float) -> float:
    """The discordance rate psi, defaulting to the independent-pairs value 2p(1-p)."""
    if p_discordant is None:
        if not 0 < baseline < 1:
            raise ValueError(f"baseline pass rate must be between 0 and 1, got {baseline}.")
        # Independent runs disagree most; real paired runs usually disagree less, so this
        # default errs towards needing more cases.
        return 2 * baseline * (1 - baseline)
    if not 0 < p_discordant <= 1:
        raise ValueError(f"p_discordant must be in (0, 1], got {p_discordant}.")
    return p_discordant


def _z_values(alpha: float, power: float) -> tuple[float, float]:
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha}.")
    if not 0 < power < 1:
        raise ValueError(f"power must be between 0 and 1, got {power}.")
    return float(sps.norm.ppf(1 - alpha / 2)), float(sps.norm.ppf(power))


def _pairs_needed(d: float, psi: float, z_alpha: float, z_power: float) -> float:
    """Connor (1987) sample size for McNemar's test, before rounding up."""
    # max(0, ...): at d = sqrt(psi) rounding can make psi - d*d a tiny negative number.
    spread = math.sqrt(max(0.0, psi - d * d))
    return (z_alpha * math.sqrt(psi) + z_power * spread) ** 2 / (d * d)


def min_detectable_difference(
    n: int,
    p_discordant: float | None = None,
    baseline: float = 0.8,
    alpha: float = 0.05,
    power: float = 0.8,
) -> float:
    """Smallest paired pass-rate difference that ``n`` pairs detect with the given power.

    Uses the normal approximation for McNemar's test (Connor 1987). With discordance rate
    ``psi`` (share of cases where exactly one run passes) and difference ``d`` in pass rate::

        n = (z_{1-alpha/2} * sqrt(psi) + z_{power} * sqrt(psi - d**2))**2 / d**2

    which is solved for ``d`` in ``(0, sqrt(psi))``. Without ``p_discordant``,
    ``psi = 2 * baseline * (1 - baseline)``, the rate for independent runs: conservative,
    because correlated runs disagree less.

    A result larger than ``psi`` cannot occur (a difference needs at least that many
    discordant cases); it means ``n`` is too small for the approximation to say anything.

    Args:
        n: Number of paired cases.
        p_discordant: Expected discordance rate ``psi``, e.g. measured on a previous A/B run.
        baseline: Expected pass rate of A, used only when ``p_discordant`` is None.
        alpha: Two-sided significance level.
        power: Desired power.

    Returns:
        The difference ``d`` as a fraction (0.05 = 5 percentage points).

    Raises:
        ValueError: If ``n`` is so small that no difference is detectable (n <= z^2 ~ 3.8).
    """
    psi = _discordance(p_discordant, baseline)
    z_alpha, z_power = _z_values(alpha, power)
    # As d -> sqrt(psi) the formula falls to z_alpha**2; fewer pairs than that detect nothing.
    if n <= z_alpha**2:
        raise ValueError(f"{n} pairs are too few to detect any difference; use at least 4.")
    d_max = math.sqrt(psi)
    return float(
        optimize.brentq(
            lambda d: _pairs_needed(d, psi, z_alpha, z_power) - n,
            d_max * 1e-9,
            d_max,
            xtol=1e-12,
        )
    )


def required_sample_size(
    d: float,
    p_discordant: float | None = None,
    baseline: float = 0.8,
    alpha: float = 0.05,
    power: float = 0.8,
) -> int:
    """Number of paired cases needed to detect a pass-rate difference ``d``.

    Same formula as ``min_detectable_difference``, rounded up::

        n = ceil((z_{1-alpha/2} * sqrt(psi) + z_{power} * sqrt(psi - d**2))**2 / d**2)

    Args:
        d: Pass-rate difference as a fraction (sign ignored); must satisfy ``d**2 < psi``.
        p_discordant: Expected discordance rate ``psi``.
        baseline: Expected pass rate of A, used only when ``p_discordant`` is None.
        alpha: Two-sided significance level.
        power: Desired power.

    Returns:
        The number of pairs.
    """
    psi = _discordance(p_discordant, baseline)
    z_alpha, z_power = _z_values(alpha, power)
    d = abs(d)
    if not 0 < d * d < psi:
        raise ValueError(
            f"d must be non-zero and smaller than sqrt(discordance rate) = {math.sqrt(psi):.3f}, "
            f"got {d}."
        )
    # Round before ceil so float noise (e.g. 200.0000000001) doesn't add a case.
    return math.ceil(round(_pairs_needed(d, psi, z_alpha, z_power), 9))


def power_line(
    n: int,
    d_target: float = 0.05,
    p_discordant: float | None = None,
    baseline: float = 0.8,
    alpha: float = 0.05,
    power: float = 0.8,
    deff: float = 1.0,
    clusters: int | str | None = None,
    factor_deffs: dict[str, float] | None = None,
) -> str:
    """One sentence on what ``n`` paired cases can detect, for reports.

    Example: "With 200 paired cases this dataset can detect a pass-rate difference of
    11.1 points at 80% power (α=0.05); detecting 5.0 points needs 1003 cases."

    With clustered cases (``deff`` > 1) the power is that of the effective n, ``n / deff``,
    and the cases needed are the effective pairs needed times ``deff`` (at the same clustering).
    Under two-way clustering the sentence also gives each factor's own design effect, e.g.
    "in 86 template × 12 user clusters (design effect 2.60; template alone 2.10, user alone
    1.40; effective n 122)".

    Args:
        n: Number of paired cases.
        d_target: The difference the team cares about, as a fraction.
        p_discordant: Expected discordance rate; see ``min_detectable_difference``.
        baseline: Expected pass rate of A, used only when ``p_discordant`` is None.
        alpha: Two-sided significance level.
        power: Desired power.
        deff: Design effect of the comparison (values below 1 are treated as 1).
        clusters: Number of clusters, or clusters per factor as text (``cluster_label()``),
            shown when ``deff`` > 1.
        factor_deffs: Design effect of each factor alone (``factor_deffs()``), shown when
            ``deff`` > 1.

    Raises:
        ValueError: If the effective n is too small to detect any difference.
    """
    deff = max(1.0, deff)
    n_eff = n / deff
    needed = required_sample_size(d_target, p_discordant, baseline, alpha, power)
    if deff == 1.0:
        mdd = min_detectable_difference(n, p_discordant, baseline, alpha, power)
        return (
            f"With {n} paired cases this dataset can detect a pass-rate difference of "
            f"{100 * mdd:.1f} points at {100 * power:.0f}% power (α={alpha:g}); "
            f"detecting {100 * abs(d_target):.1f} points needs {needed} cases."
        )
    # The solver needs an integer count; flooring the effective n errs towards less power.
    mdd = min_detectable_difference(math.floor(n_eff), p_discordant, baseline, alpha, power)
    in_clusters = f" in {clusters} clusters" if clusters else ""
    factors = "; ".join(f"{name} alone {value:.2f}" for name, value in (factor_deffs or {}).items())
    design = f"design effect {deff:.2f}; {factors};" if factors else f"design effect {deff:.2f},"
    return (
        f"With {n} paired cases{in_clusters} ({design} effective n "
        f"{n_eff:.0f}) this dataset can detect a pass-rate difference of {100 * mdd:.1f} points "
        f"at {100 * power:.0f}% power (α={alpha:g}); detecting {100 * abs(d_target):.1f} points "
        f"needs {needed} effective cases (about {math.ceil(needed * deff)} at this clustering)."
    )
