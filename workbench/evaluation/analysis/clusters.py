"""Clusters of eval cases: which cases share a cluster, the design effect, cluster resampling.

Why cases are clustered, and how, is explained in the docstring of
``workbench.evaluation.analysis.stats``. This module holds the arithmetic:

* ``cluster_ids``: one integer label per case from one factor, e.g. its template family (no
  value: its own cluster).
* ``ClusterSpec`` / ``cluster_spec``: the two crossed factors of a run's cases, template family
  and user, as labels per case.
* ``design_effect``: the variance ratio ``Var_cluster(mean d) / Var_naive(mean d)`` of the
  mean paired difference ``d = b - a``, with the cluster-robust (sandwich) variance
  ``G / (G - 1) · Σ_g (Σ_{i∈g} (d_i - d̄))² / n²`` against the naive ``s² / n``. With every case
  its own cluster the two are identical and the design effect is exactly 1.
* ``twoway_variance``: the two-way cluster-robust variance of the mean paired difference
  (Cameron, Gelbach & Miller 2011), ``V_template + V_user − V_template∩user``, each term the
  sandwich variance above on one clustering.
* ``cluster_bootstrap_diffs``: bootstrap replicates of ``stat(b) - stat(a)`` that resample
  whole clusters with replacement (all cases of a drawn cluster come along, A and B together).
* ``pigeonhole_bootstrap_diffs``: the same for two crossed factors (Owen 2007; Owen & Eckles
  2012): templates and users are drawn independently and each case is weighted by the product
  of the multiplicities of its template and its user.
* ``clustered_mcnemar_p``: McNemar's test for clustered pairs (Durkalski et al. 2003).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats as sps

__all__ = ["ClusterSpec", "TwoWayVariance", "cluster_bootstrap_diffs", "cluster_ids", "cluster_spec",
           "clustered_mcnemar_p", "design_effect", "icc_from_design_effect",
           "pigeonhole_bootstrap_diffs", "twoway_variance"]

#: Upper bound on resample × cluster counts held in memory at once.
_MAX_BLOCK_VALUES = 2_000_000


def cluster_ids(templates: Sequence[Any]) -> np.ndarray:
    """One integer cluster label per case: cases of one template family share a label.

    A missing template (``None``, NaN or ``""``) makes the case a cluster of its own.
    """
    labels: dict[str, int] = {}
    out = np.empty(len(templates), dtype=int)
    for i, t in enumerate(templates):
        if t is None or t != t or t == "":  # t != t: NaN from a pandas column
            key = f"\0case-{i}"  # cannot collide with a template name
        else:
            key = str(t)
        out[i] = labels.setdefault(key, len(labels))
    return out


@dataclass(frozen=True, eq=False)
class ClusterSpec:
    """The two crossed cluster factors of a run's cases: one integer label per case for each.

    Generated cases are a template family filled in for many users, so a case shares its
    template with the other users' cases and its user with the other templates' cases. A case
    without a template (hand-written) is a template cluster of its own.

    Attributes:
        template: Template-family label per case (``cluster_ids`` of the ``template`` column).
        user: User label per case (``cluster_ids`` of the ``user`` column).
    """

    template: np.ndarray
    user: np.ndarray

    def __post_init__(self) -> None:
        if len(self.template) != len(self.user):
            raise ValueError(f"ClusterSpec needs one template and one user label per case: "
                             f"{len(self.template)} template labels, {len(self.user)} user labels.")

    def __len__(self) -> int:
        return len(self.template)

    def __getitem__(self, mask: Any) -> ClusterSpec:
        """The spec of a subset of the cases (a boolean mask or index array)."""
        return ClusterSpec(np.asarray(self.template)[mask], np.asarray(self.user)[mask])


def cluster_spec(templates: Sequence[Any] | None, users: Sequence[Any] | None, n: int | None = None) -> ClusterSpec:
    """A ``ClusterSpec`` from the ``template`` and ``user`` values of a run's cases.

    A missing column (None) makes every case its own cluster on that factor; ``n`` is then the
    number of cases (needed only when both columns are missing).
    """
    size = len(templates) if templates is not None else len(users) if users is not None else n
    if size is None:
        raise ValueError("cluster_spec needs the template or user column, or the number of cases n.")
    return ClusterSpec(cluster_ids(templates if templates is not None else [None] * size),
                       cluster_ids(users if users is not None else [None] * size))


def _sandwich_variance(resid: np.ndarray, clusters: np.ndarray) -> float:
    """Cluster-robust variance of the mean, ``G / (G - 1) · Σ_g (Σ_{i∈g} resid_i)² / n²``."""
    n = len(resid)
    _, inv = np.unique(clusters, return_inverse=True)
    g = int(inv.max()) + 1
    sums = np.bincount(inv, weights=resid, minlength=g)
    return g / (g - 1) * float(np.sum(sums**2)) / n**2


def design_effect(d: np.ndarray, clusters: np.ndarray) -> float:
    """The variance ratio of the mean of ``d`` under clustering (see the module docstring).

    Returns 1.0 when the naive variance is zero (every difference equal) or there is one
    cluster only (the cluster variance is then not estimable).
    """
    d = np.asarray(d, dtype=float)
    n = len(d)
    g = len(np.unique(clusters)) if n else 0
    if n < 2 or g < 2:
        return 1.0
    resid = d - d.mean()
    naive = float(np.sum(resid**2)) / (n - 1) / n
    if naive <= 0:
        return 1.0
    return _sandwich_variance(resid, clusters) / naive


@dataclass(frozen=True)
class TwoWayVariance:
    """Variances of the mean paired difference under two-way clustering (``twoway_variance``).

    Attributes:
        naive: ``s² / n``, the variance if cases were independent.
        template: Sandwich variance clustered by template only.
        user: Sandwich variance clustered by user only.
        intersection: Sandwich variance clustered by (template, user) cell.
        cgm: The two-way sum ``template + user - intersection`` as estimated (may be negative).
        total: The variance used: ``max(cgm, template, user)``.
        fallback: True if ``cgm`` was below the larger one-way variance, which is then used.
    """

    naive: float
    template: float
    user: float
    intersection: float
    cgm: float
    total: float
    fallback: bool

    def _ratio(self, v: float) -> float:
        return v / self.naive if self.naive > 0 else 1.0

    @property
    def deff(self) -> float:
        """Two-way design effect, ``total / naive`` (1.0 when the naive variance is zero)."""
        return self._ratio(self.total)

    @property
    def deff_template(self) -> float:
        """Design effect of clustering by template alone."""
        return self._ratio(self.template)

    @property
    def deff_user(self) -> float:
        """Design effect of clustering by user alone."""
        return self._ratio(self.user)


def twoway_variance(d: np.ndarray, template: np.ndarray, user: np.ndarray) -> TwoWayVariance:
    """Two-way cluster-robust variance of the mean of ``d`` (Cameron, Gelbach & Miller 2011).

    ``V = V_template + V_user - V_template∩user``: each term is the sandwich variance of
    ``design_effect`` with its own small-sample factor ``G / (G - 1)``, the last one clustered
    by the (template, user) cells. Cases sharing a template are correlated, and so are cases
    sharing a user; the intersection term removes the within-cell covariance that both one-way
    terms count.

    The difference is not a sum of squares: in small or unbalanced samples it can come out
    negative, or below one of the one-way variances (with 12 users, ``V_user`` is itself a
    noisy estimate, and a small one drags the sum under ``V_template``). Under the crossed
    random-effects model every variance component is non-negative, so the true variance is at
    least each one-way variance; ``total`` is therefore ``max(V, V_template, V_user)``. When
    ``V < 0`` this is the usual fallback to the larger one-way variance (Cameron, Gelbach &
    Miller 2011, section 2.3); ``fallback`` is True whenever the floor applies. The floor makes
    the estimate slightly conservative and keeps the two-way design effect from reporting less
    dependence than one factor alone.

    Raises:
        ValueError: If a factor has fewer than two clusters (its variance is not estimable;
            callers drop such a factor).
    """
    d = np.asarray(d, dtype=float)
    n = len(d)
    resid = d - d.mean()
    naive = float(np.sum(resid**2)) / (n - 1) / n if n > 1 else 0.0
    _, t = np.unique(template, return_inverse=True)
    _, u = np.unique(user, return_inverse=True)
    if n == 0 or t.max() < 1 or u.max() < 1:
        raise ValueError("Two-way clustering needs at least two template and two user clusters.")
    cells = t.astype(np.int64) * (int(u.max()) + 1) + u
    v_t, v_u = _sandwich_variance(resid, t), _sandwich_variance(resid, u)
    v_tu = _sandwich_variance(resid, cells) if len(np.unique(cells)) > 1 else 0.0
    cgm = v_t + v_u - v_tu
    total = max(cgm, v_t, v_u)
    return TwoWayVariance(naive, v_t, v_u, v_tu, cgm, total, bool(cgm < max(v_t, v_u)))


def icc_from_design_effect(deff: float, sizes: np.ndarray) -> float:
    """Intra-cluster correlation implied by a design effect, ``(deff - 1) / (m̄ - 1)``.

    ``m̄`` is the size-weighted mean cluster size ``Σ m_g² / n`` (Kish's formula for unequal
    clusters). NaN when every cluster has one case (no within-cluster pairs to correlate).
    """
    sizes = np.asarray(sizes, dtype=float)
    m_bar = float(np.sum(sizes**2) / np.sum(sizes))
    return float("nan") if m_bar <= 1 else (deff - 1) / (m_bar - 1)


def _multiplicities(rng: np.random.Generator, rows: int, g: int) -> np.ndarray:
    """``rows`` × ``g`` counts: how often each of ``g`` clusters is drawn in ``g`` draws with replacement."""
    draws = rng.integers(0, g, size=(rows, g))
    counts = np.zeros((rows, g))
    np.add.at(counts, (np.arange(rows)[:, None], draws), 1.0)
    return counts


def cluster_bootstrap_diffs(a: np.ndarray, b: np.ndarray, clusters: np.ndarray,
                            stat: Callable[..., Any], n_boot: int,
                            rng: np.random.Generator) -> np.ndarray:
    """``n_boot`` replicates of ``stat(b) - stat(a)``, each over ``G`` clusters drawn with replacement.

    ``np.mean`` is computed from per-cluster sums (fast); any other statistic is applied to the
    cases of each resample.
    """
    _, inv = np.unique(clusters, return_inverse=True)
    g = int(inv.max()) + 1
    if stat is np.mean:
        sizes = np.bincount(inv, minlength=g).astype(float)
        sum_a = np.bincount(inv, weights=a.astype(float), minlength=g)
        sum_b = np.bincount(inv, weights=b.astype(float), minlength=g)
        block = max(1, _MAX_BLOCK_VALUES // g)
        out = []
        for start in range(0, n_boot, block):
            counts = _multiplicities(rng, min(block, n_boot - start), g)
            size = counts @ sizes
            out.append((counts @ sum_b - counts @ sum_a) / size)
        return np.concatenate(out)
    members = [np.flatnonzero(inv == k) for k in range(g)]
    diffs = np.empty(n_boot)
    for r in range(n_boot):
        idx = np.concatenate([members[k] for k in rng.integers(0, g, size=g)])
        diffs[r] = float(stat(b[idx])) - float(stat(a[idx]))
    return diffs


def pigeonhole_bootstrap_diffs(a: np.ndarray, b: np.ndarray, template: np.ndarray, user: np.ndarray,
                               stat: Callable[..., Any], n_boot: int,
                               rng: np.random.Generator) -> np.ndarray:
    """``n_boot`` pigeonhole-bootstrap replicates of ``stat(b) - stat(a)`` for crossed clusters.

    Each replicate draws the ``G_t`` templates and, independently, the ``G_u`` users with
    replacement (Owen 2007; Owen & Eckles 2012) and weights case ``i`` by
    ``w_i = count(template_i) · count(user_i)``; A and B of a case share its weight. For
    ``np.mean`` the replicate is the weighted mean of ``b - a``, computed for a block of
    replicates at once (memory bounded by ``_MAX_BLOCK_VALUES``); any other statistic is
    applied to the cases repeated ``w_i`` times.

    The bootstrap variance is slightly larger than the two-way variance (it counts the
    within-cell part more than once), so the intervals are slightly conservative. A replicate in
    which no drawn template meets a drawn user in any case has no cases; it is NaN (callers use
    ``np.nanquantile``).
    """
    _, t = np.unique(template, return_inverse=True)
    _, u = np.unique(user, return_inverse=True)
    g_t, g_u = int(t.max()) + 1, int(u.max()) + 1
    n = len(a)
    if stat is np.mean:
        d = b.astype(float) - a.astype(float)
        block = max(1, _MAX_BLOCK_VALUES // max(n, g_t, g_u))
        out = []
        for start in range(0, n_boot, block):
            rows = min(block, n_boot - start)
            weights = _multiplicities(rng, rows, g_t)[:, t] * _multiplicities(rng, rows, g_u)[:, u]
            total = weights.sum(axis=1)
            mean = np.full(rows, np.nan)
            np.divide(weights @ d, total, out=mean, where=total > 0)
            out.append(mean)
        return np.concatenate(out)
    cases = np.arange(n)
    diffs = np.full(n_boot, np.nan)
    for r in range(n_boot):
        weights = (_multiplicities(rng, 1, g_t)[0, t] * _multiplicities(rng, 1, g_u)[0, u]).astype(int)
        idx = np.repeat(cases, weights)
        if len(idx):
            diffs[r] = float(stat(b[idx])) - float(stat(a[idx]))
    return diffs


def clustered_mcnemar_p(a: np.ndarray, b: np.ndarray, clusters: np.ndarray) -> float:
    """Two-sided p of McNemar's test for clustered binary pairs (Durkalski et al. 2003).

    With ``x_g`` = (A-pass/B-fail) − (A-fail/B-pass) pairs in cluster ``g``, the statistic
    ``(Σ x_g)² / Σ x_g²`` is chi-square with 1 degree of freedom under no difference. With
    singleton clusters it is the ordinary (asymptotic, uncorrected) McNemar statistic.
    Returns 1.0 when no cluster has a net discordance.
    """
    _, inv = np.unique(clusters, return_inverse=True)
    x = np.bincount(inv, weights=(a & ~b).astype(float) - (~a & b).astype(float))
    denominator = float(np.sum(x**2))
    if denominator == 0:
        return 1.0
    return float(sps.chi2.sf(float(np.sum(x)) ** 2 / denominator, df=1))
