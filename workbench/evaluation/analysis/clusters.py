"""Clusters of eval cases: which cases share a cluster, the design effect, cluster resampling.

Why cases are clustered, and which clustering is used, is explained in the docstring of
``workbench.evaluation.analysis.stats``. This module holds the arithmetic:

* ``cluster_ids``: one integer label per case from its template family (no template: its own
  cluster).
* ``design_effect``: the variance ratio ``Var_cluster(mean d) / Var_naive(mean d)`` of the
  mean paired difference ``d = b - a``, with the cluster-robust (sandwich) variance
  ``G / (G - 1) · Σ_g (Σ_{i∈g} (d_i - d̄))² / n²`` against the naive ``s² / n``. With every case
  its own cluster the two are identical and the design effect is exactly 1.
* ``cluster_bootstrap_diffs``: bootstrap replicates of ``stat(b) - stat(a)`` that resample
  whole clusters with replacement (all cases of a drawn cluster come along, A and B together).
* ``clustered_mcnemar_p``: McNemar's test for clustered pairs (Durkalski et al. 2003).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from scipy import stats as sps

__all__ = ["cluster_ids", "cluster_bootstrap_diffs", "clustered_mcnemar_p", "design_effect",
           "icc_from_design_effect"]

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


def design_effect(d: np.ndarray, clusters: np.ndarray) -> float:
    """The variance ratio of the mean of ``d`` under clustering (see the module docstring).

    Returns 1.0 when the naive variance is zero (every difference equal) or there is one
    cluster only (the cluster variance is then not estimable).
    """
    d = np.asarray(d, dtype=float)
    n = len(d)
    _, inv = np.unique(clusters, return_inverse=True)
    g = int(inv.max()) + 1 if n else 0
    if n < 2 or g < 2:
        return 1.0
    resid = d - d.mean()
    naive = float(np.sum(resid**2)) / (n - 1) / n
    if naive <= 0:
        return 1.0
    sums = np.bincount(inv, weights=resid, minlength=g)
    robust = g / (g - 1) * float(np.sum(sums**2)) / n**2
    return robust / naive


def icc_from_design_effect(deff: float, sizes: np.ndarray) -> float:
    """Intra-cluster correlation implied by a design effect, ``(deff - 1) / (m̄ - 1)``.

    ``m̄`` is the size-weighted mean cluster size ``Σ m_g² / n`` (Kish's formula for unequal
    clusters). NaN when every cluster has one case (no within-cluster pairs to correlate).
    """
    sizes = np.asarray(sizes, dtype=float)
    m_bar = float(np.sum(sizes**2) / np.sum(sizes))
    return float("nan") if m_bar <= 1 else (deff - 1) / (m_bar - 1)


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
            rows = min(block, n_boot - start)
            draws = rng.integers(0, g, size=(rows, g))
            counts = np.zeros((rows, g))
            np.add.at(counts, (np.arange(rows)[:, None], draws), 1.0)
            size = counts @ sizes
            out.append((counts @ sum_b - counts @ sum_a) / size)
        return np.concatenate(out)
    members = [np.flatnonzero(inv == k) for k in range(g)]
    diffs = np.empty(n_boot)
    for r in range(n_boot):
        idx = np.concatenate([members[k] for k in rng.integers(0, g, size=g)])
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
