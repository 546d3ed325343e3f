"""The experiments page: the latest tracked eval runs, compared for people who are not analysts.

It reads the MLflow tracking store the eval harness writes to (``workbench eval run``), takes
the latest finished run of each variant (prompt version × model) on one suite, and shows the
leaderboard, the accuracy-vs-cost and accuracy-vs-latency Pareto plots, and on request a
paired A/B comparison of two variants. All numbers come from ``workbench.evaluation``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import streamlit as st

from workbench.config import Settings
from workbench.errors import WorkbenchError
from workbench.evaluation import tracking
from workbench.evaluation.analysis import plots
from workbench.evaluation.analysis.compare import RunRef, compare, leaderboard
from workbench.ui import state

HOW_TO_CREATE = ("`workbench eval run --suite smoke` runs the current prompt version and model "
                 "over the smoke suite; `workbench eval ab --suite smoke --a v1 --b v2` runs and "
                 "compares two prompt versions. Each run appears here when it finishes.")
MAX_VARIANTS = 8
_VERDICTS = {"better": "🟢 better", "worse": "🔴 worse",
             "no detectable difference": "⚪ no detectable difference"}


def experiments_page() -> None:
    """The page: pick a suite, see its variants ranked and plotted, compare two of them."""
    cfg = state.settings()
    st.set_page_config(layout="wide")  # wide tables; the chat page stays centred
    st.title("Experiments")
    st.write("How the assistant's variants (prompt version × model) score on the evaluation "
             "suites, and what they cost. Each row is the latest finished run of one variant.")
    try:
        runs = finished_runs(cfg.mlflow_tracking_uri)
    except WorkbenchError as exc:
        st.error(str(exc))
        return
    if runs.empty:
        st.info("There are no evaluation runs yet. " + HOW_TO_CREATE, icon=":material/science:")
        return
    suites = list(dict.fromkeys(runs["dataset"]))  # newest run's suite first
    suite = st.selectbox("Evaluation suite", suites, key="exp_suite",
                         help="The set of test questions the runs answered.")
    latest = latest_per_variant(runs[runs["dataset"] == suite])
    rows = run_tables(cfg.mlflow_tracking_uri, latest)
    latest = latest[latest["label"].isin(rows)].reset_index(drop=True)
    if not rows:
        return
    board = leaderboard(rows)
    show_leaderboard(board, latest)
    show_pareto(board)
    if len(latest) >= 2:
        show_comparison(latest, rows)
    else:
        st.caption("Run a second variant on this suite to compare two of them. " + HOW_TO_CREATE)


@st.cache_data(ttl=30, show_spinner="Reading the tracked runs …")
def finished_runs(tracking_uri: str) -> pd.DataFrame:
    """Finished eval runs (``tracking.eval_runs``), newest first, with a readable ``label``.

    The label names the model as people see it elsewhere, so the offline baseline reads
    "offline baseline (no LLM)". Empty when nothing has been tracked yet.
    """
    columns = ["run_id", "start_time", "dataset", "dataset_hash", "label", "cases", "git_commit"]
    if tracking_uri.startswith("sqlite:///") and not Path(
            tracking_uri.removeprefix("sqlite:///")).is_file():
        return pd.DataFrame(columns=columns)  # nothing tracked yet: do not create the store
    tracking.connect(Settings(mlflow_tracking_uri=tracking_uri))
    found = tracking.eval_runs()
    if found.empty:
        return pd.DataFrame(columns=columns)

    def param(name: str) -> pd.Series:
        return found.get(f"params.{name}", pd.Series(None, index=found.index)).fillna("?")

    model = found.get("params.model_label", found["params.model"]).fillna(found["params.model"])
    return pd.DataFrame({
        "run_id": found["run_id"],
        "start_time": pd.to_datetime(found["start_time"], utc=True).dt.strftime(
            "%Y-%m-%d %H:%M UTC"),
        "dataset": param("dataset"), "dataset_hash": param("dataset_hash"),
        "label": param("prompt_version") + " · " + model.astype(str),
        "cases": pd.to_numeric(param("cases"), errors="coerce"),
        "git_commit": param("git_commit")})[columns]


@st.cache_data(max_entries=64, show_spinner="Loading the run's results …")
def run_rows(tracking_uri: str, run_id: str) -> pd.DataFrame:
    """The per-case table of one finished run (runs do not change once finished)."""
    tracking.connect(Settings(mlflow_tracking_uri=tracking_uri))
    return tracking.load_run_rows(run_id)


def run_tables(tracking_uri: str, latest: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per-case tables by variant label; a run whose table cannot be read gets a warning."""
    rows = {}
    for run in latest.itertuples():
        try:
            rows[run.label] = run_rows(tracking_uri, run.run_id)
        except WorkbenchError as exc:  # e.g. its artifacts were deleted
            st.warning(str(exc))
    return rows


def latest_per_variant(runs: pd.DataFrame) -> pd.DataFrame:
    """The newest run of each variant (runs come newest first), at most ``MAX_VARIANTS``."""
    return runs.drop_duplicates("label").head(MAX_VARIANTS).reset_index(drop=True)


def show_leaderboard(board: pd.DataFrame, latest: pd.DataFrame) -> None:
    """The ranked table, a one-line headline and how to read it."""
    best = board.iloc[0]
    st.subheader("Which variant answers best")
    st.markdown(f"**{best['variant']}** gets the most questions fully right: "
                f"**{best['accuracy']:.0%}** of {int(best['cases'])} questions.")
    table = pd.DataFrame({
        "Variant": board["variant"],
        "Fully right": board["accuracy"] * 100,
        "Cost per 1,000 questions": board["cost_per_1k_usd"],
        "Typical answer time": board["latency_p50_s"],
        "Slowest 5% take over": board["latency_p95_s"],
        "Errors": board["errors"],
        "Best trade-off": board["pareto_cost"] | board["pareto_latency"],
    })
    st.dataframe(table, hide_index=True, column_config={
        "Fully right": st.column_config.ProgressColumn(
            format="%.0f%%", min_value=0, max_value=100,
            help="Share of questions where every check passed (right intent, right numbers, "
                 "refused when it should, …)."),
        "Cost per 1,000 questions": st.column_config.NumberColumn(
            format="$%.2f", help="LLM cost; $0 for the offline baseline (no LLM)."),
        "Typical answer time": st.column_config.NumberColumn(format="%.2f s",
                                                             help="Median latency."),
        "Slowest 5% take over": st.column_config.NumberColumn(format="%.2f s",
                                                              help="95th-percentile latency."),
        "Best trade-off": st.column_config.CheckboxColumn(
            help="On the Pareto frontier: no other variant is both more accurate and cheaper "
                 "(or faster)."),
    })
    with st.expander("How to read this", icon=":material/help:"):
        st.markdown(
            "- **Fully right** counts a question only when every automatic check passed.\n"
            "- **Best trade-off** marks variants worth considering: for each of them, no other "
            "variant is better on accuracy *and* on cost (or speed) at once.\n"
            "- Small differences between two variants can be luck: use *Compare two variants* "
            "below, which says whether a difference is real.")
        details = latest[["label", "run_id", "start_time", "cases", "dataset_hash", "git_commit"]]
        st.dataframe(details.rename(columns={"label": "variant", "start_time": "started"}),
                     hide_index=True)


def show_pareto(board: pd.DataFrame) -> None:
    """Accuracy against cost and against p95 latency, side by side."""
    st.subheader("Accuracy against cost and speed")
    st.caption("Up is more accurate; left is cheaper or faster. The red line joins the best "
               "trade-offs.")
    for column, fig in zip(st.columns(2), (plots.pareto(board),
                                           plots.pareto(board, "latency_p95_s", "p95 latency (s)")),
                           strict=True):
        with column:
            st.pyplot(fig)
        plt.close(fig)


def show_comparison(latest: pd.DataFrame, rows: dict[str, pd.DataFrame]) -> None:
    """A paired comparison of two variants over the same questions, in plain words."""
    st.subheader("Compare two variants")
    labels = list(latest["label"])
    left, right = st.columns(2)
    a = left.selectbox("Baseline (A)", labels, index=1, key="exp_a")
    b = right.selectbox("Candidate (B)", labels, index=0, key="exp_b")
    if a == b:
        st.info("Pick two different variants.")
        return
    ref = {r.label: RunRef(r.run_id, r.label, r.dataset_hash) for r in latest.itertuples()}
    try:
        c = compare(rows[a], rows[b], ref[a], ref[b])
    except WorkbenchError as exc:
        st.warning(str(exc))
        return
    t = c.table()
    st.dataframe(pd.DataFrame({
        "What": t["metric"].map(_metric_name), "A": t["A"], "B": t["B"],
        "B − A": t["B − A"], "95% range of the difference": t["95% CI"],
        "Verdict for B": t["verdict"].map(_VERDICTS)}), hide_index=True, column_config={
            name: st.column_config.NumberColumn(format="%.3f") for name in ("A", "B", "B − A")})
    regressions = int((c.flipped["change"] == "regression").sum()) if len(c.flipped) else 0
    st.caption(f"{c.n} questions answered by both. {c.power} "
               f"{regressions} questions A got right and B got wrong; "
               f"{len(c.flipped) - regressions} the other way round.")
    # Per-case questions and answers are not shown: eval cases hold many employees' data, and
    # this page is open to every signed-in person. `workbench eval compare` has the full report.
    with st.expander("Statistical details"):
        st.dataframe(t, hide_index=True)
        st.caption("Paired 95% intervals and tests that respect clusters (template family and user: "
                   "pigeonhole bootstrap and a cluster-robust Wald test; clustered McNemar / Wilcoxon with "
                   "one factor), Holm-adjusted for the quality metrics. The question-by-question report: "
                   f"`workbench eval compare {ref[a].run_id} {ref[b].run_id}`.")


def _metric_name(metric: str) -> str:
    names = {"overall.pass_rate": "Fully right (share)",
             "latency.p50": "Typical answer time (s)",
             "latency.p95": "Slowest 5% answer time (s)",
             "cost.per_case_usd": "Cost per question ($)"}
    if metric in names:
        return names[metric]
    name, _, kind = metric.rpartition(".")
    return f"{name} check passes (share)" if kind == "pass_rate" else f"{name} score (mean)"
