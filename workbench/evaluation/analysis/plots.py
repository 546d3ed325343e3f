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
    table = rows[list(cols.values())].groupby(rows[column]).agg(lambda s: s.dropna().astype(float).mean())
    return table.rename(columns={v: k for k, v in cols.items()})  # "intent" may be a scorer and a column


def pareto(board: pd.DataFrame, cost_col: str = "cost_per_1k_usd",
           xlabel: str = "cost per 1k questions (USD)") -> plt.Figure:
    """Accuracy against a cost (money or p95 latency); the frontier is joined and labelled."""
    fig, ax = plt.subplots(figsize=(6, 4))
    data = board.copy()
    data[cost_col] = data[cost_col].fillna(0.0)  # the offline baseline costs nothing
    front_col = "pareto_cost" if cost_col == "cost_per_1k_usd" else "pareto_latency"
    front = data[data[front_col]].sort_values(cost_col)
    ax.scatter(data[cost_col], data["accuracy"], color="#9AA5B1", zorder=2)
    ax.plot(front[cost_col], front["accuracy"], "-o", color="#E45756", zorder=3, label="Pareto frontier")
    for _, row in data.iterrows():
        ax.annotate(row["variant"], (row[cost_col], row["accuracy"]), textcoords="offset points",
                    xytext=(5, 5), fontsize=8)
    ax.set(xlabel=xlabel, ylabel="accuracy (all checks pass)", title="Accuracy vs " + xlabel.split(" (")[0])
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


def to_png_base64(fig: plt.Figure) -> str:
    """A figure as an inline base64 PNG (for self-contained HTML), closing the figure."""
    import base64
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()
