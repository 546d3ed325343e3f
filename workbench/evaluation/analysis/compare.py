"""Compare eval runs honestly.

Paired differences with confidence intervals, exact tests, multiple-comparison correction,
power, flipped cases, and a cost/latency–accuracy frontier.

Two runs are paired by case id and must be over the same dataset (same hash). Each case's
``overall`` pass is "every applicable pass/fail scorer passed, and the case ran cleanly".

Errored cases (status ``error`` or ``timeout``, or a scorer error; see
``workbench.evaluation.status``) are treated so that an error never helps a variant:

* ``overall.pass_rate`` counts them as failures (a case that errors in B and passed in A is a
  regression);
* a per-scorer row leaves out the pairs in which either side has no score because of an error,
  and shows how many cases errored on each side in its ``errors A/B`` column;
* latency and cost compare only the pairs where both sides ran cleanly.

The error counts of each run (``Comparison.errors_a`` / ``errors_b``) are the same numbers
``summary`` and the gate report.

Cases are clustered two ways, by template family and by user (see ``stats``): every paired
result carries n, the clusters per factor, the design effect (two-way, and of each factor
alone) and the effective n, and the power line uses the effective n of the overall pass rate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from workbench.errors import DataError
from workbench.evaluation.analysis import stats
from workbench.evaluation.analysis.clusters import ClusterSpec, cluster_spec
from workbench.evaluation.scoring.scorers import list_scorers
from workbench.evaluation.status import OK, ErrorCounts, error_counts, failed_cases, statuses

#: Scorers where a lower pass rate is better would be listed here; all current ones prefer higher.
_LOWER_IS_BETTER = {"latency.p50", "latency.p95", "cost.per_case_usd"}


@dataclass(frozen=True)
class RunRef:
    """Which run a side of the comparison is."""

    run_id: str
    label: str
    dataset_hash: str


@dataclass
class Comparison:
    """The result of comparing run B against run A."""

    a: RunRef
    b: RunRef
    n: int
    results: list[stats.PairedResult]
    verdicts: dict[str, str]
    flipped: pd.DataFrame
    power: str
    slices: pd.DataFrame
    errors_a: ErrorCounts
    errors_b: ErrorCounts
    metric_errors: dict[str, tuple[int, int]]

    def table(self) -> pd.DataFrame:
        """One row per metric: A, B, B − A, 95% CI, test, p, Holm p, verdict, then cluster fields.

        The cluster fields are n, clusters (per factor: ``"86 template × 12 user"``), the
        clustering the CI and p-value use, effective n, design effect (two-way when both factors
        group cases), the design effect of each factor alone, and ``errors A/B`` (the errored
        cases of each side: failures for ``overall``, left out for a scorer's row).
        """
        rows = []
        for r in self.results:
            err_a, err_b = self.metric_errors.get(r.metric, (0, 0))
            rows.append({"metric": r.metric, "A": r.mean_a, "B": r.mean_b, "B − A": r.diff,
                         "95% CI": f"[{r.ci.low:+.3f}, {r.ci.high:+.3f}]", "test": r.test,
                         "p": r.p_value, "p (Holm)": r.p_adjusted, "verdict": self.verdicts[r.metric],
                         "n": r.n, "clusters": r.cluster_label() or str(r.n),
                         "clustering": r.clustering, "n_eff": r.n_eff, "deff": r.deff,
                         "deff template": r.deff_template, "deff user": r.deff_user,
                         "errors A/B": f"{err_a}/{err_b}"})
        return pd.DataFrame(rows)

    def errors_line(self) -> str:
        """One sentence with both runs' error and timeout counts (as summary and the gate count them)."""
        return (f"Errors: A {self.errors_a.describe()}; B {self.errors_b.describe()}. "
                "Errored cases fail overall.pass_rate, are left out of per-scorer rows "
                "(column errors A/B) and of latency and cost.")


def with_overall(rows: pd.DataFrame) -> pd.DataFrame:
    """Add ``pass.overall``: every applicable pass/fail scorer passed (errors fail)."""
    rows = rows.copy()
    cols = [c for c in rows.columns if c.startswith("pass.") and c != "pass.overall"]
    flags = rows[cols].astype("boolean")
    overall = flags.fillna(True).all(axis=1) & ~failed_cases(rows)
    rows["pass.overall"] = overall.astype(bool)
    return rows


def check_same_dataset(ref_a: RunRef, ref_b: RunRef) -> None:
    """Raise ``DataError`` naming both runs when they were not run on the same dataset."""
    if ref_a.dataset_hash != ref_b.dataset_hash:
        raise DataError(f"Runs {ref_a.run_id} ({ref_a.label}, dataset {ref_a.dataset_hash}) and "
                        f"{ref_b.run_id} ({ref_b.label}, dataset {ref_b.dataset_hash}) are on different "
                        "datasets; compare runs of the same suite.")


def pair_rows(a: pd.DataFrame, b: pd.DataFrame, ref_a: RunRef, ref_b: RunRef) -> pd.DataFrame:
    """Cases of both runs side by side (suffixes ``_a``/``_b``), matched by case id."""
    check_same_dataset(ref_a, ref_b)
    a, b = with_overall(a), with_overall(b)
    # A column only one run has (a scorer that errored or applied only there) must still get
    # its side's suffix, so both sides carry every column.
    a = a.reindex(columns=[*a.columns, *[c for c in b.columns if c not in a.columns]])
    b = b.reindex(columns=[*b.columns, *[c for c in a.columns if c not in b.columns]])
    paired = a.merge(b, on="case_id", suffixes=("_a", "_b"))
    if paired.empty:
        raise DataError(f"Runs {ref_a.run_id} and {ref_b.run_id} share no case ids; "
                        "compare runs of the same suite.")
    return paired


def compare(a: pd.DataFrame, b: pd.DataFrame, ref_a: RunRef, ref_b: RunRef, seed: int = 0) -> Comparison:
    """Compare run B with run A over their shared cases."""
    p = pair_rows(a, b, ref_a, ref_b)
    groups = cluster_spec(p["template_a"].tolist() if "template_a" in p else None,
                          p["user_a"].tolist() if "user_a" in p else None, n=len(p))
    kinds = {s.name: s.kind for s in list_scorers(include_judged=True)}
    results: list[stats.PairedResult] = []
    metric_errors: dict[str, tuple[int, int]] = {}
    failed_a, failed_b = _failed(p, "a"), _failed(p, "b")
    for name in ["overall", *[k for k in kinds if kinds[k] == "binary"]]:
        both = _both(p, f"pass.{name}", groups)
        if len(both):
            results.append(stats.compare_binary(f"{name}.pass_rate", both[0], both[1], seed, both[2]))
            metric_errors[f"{name}.pass_rate"] = _errored(p, name, failed_a, failed_b)
    for name in [k for k in kinds if kinds[k] == "continuous"]:
        both = _both(p, f"score.{name}", groups)
        if len(both):
            results.append(stats.compare_continuous(f"{name}.mean", both[0], both[1], seed, both[2]))
            metric_errors[f"{name}.mean"] = _errored(p, name, failed_a, failed_b)
    # Quality metrics are tested together, so their p-values are Holm-corrected as one family.
    results = stats.holm(results)
    clean = (~failed_a & ~failed_b).to_numpy()
    ok = p[clean]
    ok_groups = groups[clean]
    for q in (0.5, 0.95):
        results.append(stats.compare_quantile(f"latency.p{int(q * 100)}", ok["latency_s_a"],
                                              ok["latency_s_b"], q, seed, ok_groups))
    if "cost_usd_a" in ok:
        known = (ok["cost_usd_a"].notna() & ok["cost_usd_b"].notna()).to_numpy()
        if known.any():
            results.append(stats.compare_continuous(
                "cost.per_case_usd", ok["cost_usd_a"][known], ok["cost_usd_b"][known], seed,
                ok_groups[known]))
    errored_pairs = (int(failed_a.sum()), int(failed_b.sum()))
    for r in results:
        metric_errors.setdefault(r.metric, errored_pairs)
    verdicts = {r.metric: stats.verdict(r, higher_is_better=r.metric not in _LOWER_IS_BETTER)
                for r in results}
    overall = next(r for r in results if r.metric == "overall.pass_rate")
    return Comparison(ref_a, ref_b, len(p), results, verdicts, flipped_cases(p), _power(p, overall),
                      slices(p), error_counts(a), error_counts(b), metric_errors)


def _side(p: pd.DataFrame, side: str) -> pd.DataFrame:
    """One side of the paired table with its own column names."""
    cols = {c: c[:-2] for c in p.columns if c.endswith(f"_{side}")}
    return p[list(cols)].rename(columns=cols)


def _side_status(p: pd.DataFrame, side: str) -> pd.Series:
    return statuses(_side(p, side))


def _failed(p: pd.DataFrame, side: str) -> pd.Series:
    """Cases of one side of the paired table that did not run cleanly."""
    return failed_cases(_side(p, side))


def _errored(p: pd.DataFrame, scorer: str, failed_a: pd.Series, failed_b: pd.Series) -> tuple[int, int]:
    """Cases of each side where ``scorer`` has no score because of an error."""
    if scorer == "overall":
        return int(failed_a.sum()), int(failed_b.sum())
    out = []
    for side in ("a", "b"):
        case_error = _side_status(p, side) != OK
        own = p[f"error.{scorer}_{side}"].notna() if f"error.{scorer}_{side}" in p else False
        out.append(int((case_error | own).sum()))
    return out[0], out[1]


def _power(p: pd.DataFrame, overall: stats.PairedResult, d_target: float = 0.05) -> str:
    """The power line at the effective n and the discordance the two runs actually showed."""
    n = len(p)
    observed = float((p["pass.overall_a"] != p["pass.overall_b"]).mean())
    # Runs that (almost) never disagree would make any difference look detectable; assume at
    # least d_target² + 1 case's worth of discordance so the formula stays defined.
    psi = min(1.0, max(observed, 1 / n, 1.5 * d_target**2))
    try:
        return stats.power_line(n, d_target=d_target, p_discordant=psi, deff=overall.deff,
                                clusters=overall.cluster_label(), factor_deffs=overall.factor_deffs())
    except ValueError:
        needed = stats.required_sample_size(d_target, psi)
        deff = max(1.0, overall.deff)
        effective = ""
        if deff > 1:
            label = overall.cluster_label()
            factors = "".join(f"; {k} alone {v:.2f}" for k, v in (overall.factor_deffs() or {}).items())
            effective = (f"{f' in {label} clusters' if label else ''} (design effect {deff:.2f}{factors}; "
                         f"effective n {n / deff:.0f})")
        return (f"With {n} paired cases{effective} no pass-rate difference can be detected at 80% "
                f"power (α=0.05); detecting {100 * d_target:.1f} points needs "
                f"{math.ceil(needed * deff)} cases.")


def _both(p: pd.DataFrame, col: str, groups: ClusterSpec) -> tuple:
    """Values of both sides where both have one, with the ``ClusterSpec`` of those cases."""
    a, b = p.get(f"{col}_a"), p.get(f"{col}_b")
    if a is None or b is None:
        return ()
    mask = (a.notna() & b.notna()).to_numpy()
    if not mask.any():
        return ()
    return (a[mask].astype(float).to_numpy(), b[mask].astype(float).to_numpy(),
            groups[mask])


def flipped_cases(p: pd.DataFrame) -> pd.DataFrame:
    """Cases whose overall pass changed: regressions (pass→fail) first, then fixes.

    ``why_a`` / ``why_b`` give each side's failing scorers with their reasons (and the error of
    a case that errored), so a reviewer sees why a case flipped without opening the run.
    """
    flip = p[p["pass.overall_a"] != p["pass.overall_b"]].copy()
    flip["change"] = np.where(flip["pass.overall_a"], "regression", "fix")
    # Union over both sides: a scorer may only have produced rows in one of the runs.
    reasons = sorted({c.removeprefix("reason.")[:-2] for c in p.columns
                      if c.startswith("reason.") and c.endswith(("_a", "_b"))})

    def failing(row: pd.Series, side: str) -> str:
        parts = []
        error = row.get(f"error_{side}")
        if isinstance(error, str) and error:
            status = row.get(f"status_{side}")
            parts.append(f"{status if isinstance(status, str) else 'error'}: {error}")
        for r in reasons:
            scorer_error = row.get(f"error.{r}_{side}")
            if isinstance(scorer_error, str) and scorer_error:
                parts.append(f"{r}: scorer error: {scorer_error}")
                continue
            passed = row.get(f"pass.{r}_{side}")
            if passed is not None and passed == passed and not bool(passed):
                parts.append(f"{r}: {row.get(f'reason.{r}_{side}')}")
        return "; ".join(parts)

    flip["why_a"] = [failing(r, "a") for _, r in flip.iterrows()]
    flip["why_b"] = [failing(r, "b") for _, r in flip.iterrows()]
    cols = ["change", "case_id", "intent_a", "difficulty_a", "question_a", "answer_a", "answer_b",
            "why_a", "why_b", "latency_s_a", "latency_s_b", "cost_usd_a", "cost_usd_b"]
    flip = flip[[c for c in cols if c in flip]].rename(
        columns={"intent_a": "intent", "difficulty_a": "difficulty", "question_a": "question"})
    return flip.sort_values(["change", "case_id"], ascending=[False, True]).reset_index(drop=True)


SEALED = "(sealed: test split)"


def sealed(c: Comparison) -> Comparison:
    """The comparison with the test split's text withheld from its flipped cases.

    Case ids, intents and the names of the scorers that flipped stay; questions, answers and the
    scorers' reasons (which quote expected figures and strings) are replaced, so comparing two
    versions on the sealed split never shows what its cases ask. Read failures on dev.
    """
    flip = c.flipped.copy()
    for column in ("question", "answer_a", "answer_b"):
        if column in flip:
            flip[column] = SEALED
    for column in ("why_a", "why_b"):
        if column in flip:
            flip[column] = [", ".join(part.split(":", 1)[0] for part in why.split("; ") if part)
                            for why in flip[column]]
    return replace(c, flipped=flip)


def slices(p: pd.DataFrame) -> pd.DataFrame:
    """Overall pass rate of A and B by intent and by difficulty."""
    parts = []
    for column in ("intent", "difficulty"):
        g = p.groupby(f"{column}_a")[["pass.overall_a", "pass.overall_b"]].mean()
        g.index = [f"{column}={i}" for i in g.index]
        g["cases"] = p.groupby(f"{column}_a").size().to_numpy()
        parts.append(g)
    out = pd.concat(parts).rename(columns={"pass.overall_a": "A", "pass.overall_b": "B"})
    out["B − A"] = out["B"] - out["A"]
    return out


def leaderboard(runs: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per run: accuracy (overall pass rate), cost per 1k questions, latency p50/p95."""
    rows = []
    for label, frame in runs.items():
        f = with_overall(frame)
        ok = f[~failed_cases(f)]
        # Spend counts for every case, errored and abandoned ones included (as in summary).
        cost = f["cost_usd"] if "cost_usd" in f else pd.Series(dtype=float)
        rows.append({"variant": label, "cases": len(f), "accuracy": float(f["pass.overall"].mean()),
                     "cost_per_1k_usd": float(cost.mean() * 1000) if cost.notna().all() and len(cost) else np.nan,
                     "latency_p50_s": float(ok["latency_s"].quantile(0.5)),
                     "latency_p95_s": float(ok["latency_s"].quantile(0.95)),
                     "errors": error_counts(f).total})
    board = pd.DataFrame(rows)
    board["pareto_cost"] = pareto_front(board, "cost_per_1k_usd")
    board["pareto_latency"] = pareto_front(board, "latency_p95_s")
    return board.sort_values("accuracy", ascending=False).reset_index(drop=True)


def pareto_front(board: pd.DataFrame, cost_col: str) -> list[bool]:
    """True for runs no other run beats on both accuracy (higher) and ``cost_col`` (lower)."""
    out = []
    for i, row in board.iterrows():
        others = board.drop(index=i)
        cost = row[cost_col] if row[cost_col] == row[cost_col] else np.inf
        other_cost = others[cost_col].fillna(np.inf)
        dominated = ((others["accuracy"] >= row["accuracy"]) & (other_cost <= cost)
                     & ((others["accuracy"] > row["accuracy"]) | (other_cost < cost))).any()
        out.append(not dominated)
    return out
