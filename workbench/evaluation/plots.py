"""Matplotlib figures of eval results (used in MLflow, reports, notebooks and the UI)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # no display on CI machines or servers
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402


def latency_histogram(rows: pd.DataFrame, title: str = "Latency per case") -> plt.Figure:
    """Histogram of end-to-end latency with p50 and p95 marked."""
    fig, ax = plt.subplots(figsize=(6, 3.5))
    latency = rows["latency_s"].dropna() * 1000
    ax.hist(latency, bins=30, color="#4C78A8")
    for q, style in ((0.5, "--"), (0.95, ":")):
        ax.axvline(latency.quantile(q), color="black", linestyle=style, label=f"p{int(q * 100)}")
    ax.set(xlabel="latency (ms)", ylabel="cases", title=title)
    ax.legend()
    fig.tight_layout()
    return fig


def score_by_intent(rows: pd.DataFrame, scorers: tuple[str, ...] = ("intent", "numeric", "refusal"),
                    title: str = "Pass rate by intent") -> plt.Figure:
    """Grouped bars: pass rate of each scorer per intent."""
    table = pass_rate_by(rows, "intent", scorers)
    fig, ax = plt.subplots(figsize=(8, 3.8))
    table.plot.bar(ax=ax, ylim=(0, 1.05), width=0.8)
    ax.set(ylabel="pass rate", xlabel="", title=title)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


def pass_rate_by(rows: pd.DataFrame, column: str, scorers: tuple[str, ...]) -> pd.DataFrame:
    """Pass rate of each scorer per value of ``column`` (NaN where the scorer did not apply)."""
    cols = {s: f"pass.{s}" for s in scorers if f"pass.{s}" in rows}
    frame = rows[[column, *cols.values()]].rename(columns={v: k for k, v in cols.items()})
    return frame.groupby(column).agg(lambda s: s.dropna().astype(float).mean())
