"""`workbench eval …`: generate suites, run a variant, gate on thresholds, list runs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from workbench.cli._common import CSV, JSON, console, emit, err_console, progress_bar, settings, table

if TYPE_CHECKING:  # imported inside the commands: `workbench --help` must not load MLflow
    from workbench.evaluation import gate as gates
    from workbench.evaluation.experiment import RunReport

app = typer.Typer(help="Evaluate the assistant: datasets, runs, gates, comparisons.", no_args_is_help=True)

SUITE = typer.Option("smoke", "--suite", "-s", help="Dataset suite: smoke, full, security, …")
PROMPT = typer.Option(None, "--prompt", "-p", help="Prompt version (default: settings).")
MODEL = typer.Option(None, "--model", "-m", help="offline, openai/<model>, … (default: settings).")
CONCURRENCY = typer.Option(4, "--concurrency", "-j", help="Cases answered at once.")
SPLIT = typer.Option("test", "--split", help="Cases to run: test (default; the sealed split headline "
                     "figures come from), dev (the split prompts may be built from) or all.")


@app.command()
def generate(users: int = typer.Option(12, help="Sampled users for data questions."),
             seed: int = typer.Option(7, help="Sampling seed."),
             policy_cases: Path | None = typer.Option(None, "--policy-cases", help="JSONL of your own "
                                                      "policy questions with reference sections "
                                                      "(replaces the hand-written policy cases).")) -> None:
    """Write the smoke/full/security suites from the claims DB plus hand-written cases."""
    from workbench.claims import ClaimsStore
    from workbench.evaluation.datasets.generate import SUITES, build_suites
    from workbench.evaluation.datasets.lock import LOCK_FILE, lock_changes

    s = settings()
    with ClaimsStore(s.claims_db) as store:
        counts = build_suites(store, s.datasets_dir, users, seed, policy_cases)
    console.print(table([(k, v["dev"], v["test"], v["dev"] + v["test"]) for k, v in counts.items()],
                        ["suite", "dev", "test", "cases"], title=f"Suites written to {s.datasets_dir}"))
    # Never relock here: a changed test split must be accepted on purpose.
    if changes := lock_changes(s.datasets_dir, SUITES):
        err_console.print(f"[bold yellow]The test split changed; {LOCK_FILE} needs refreshing[/] "
                          f"(run `workbench eval lock` if intended): {'; '.join(changes)}")


@app.command()
def lock() -> None:
    """Record the content hash of each suite's test split in eval/datasets/test.lock.json (on purpose)."""
    from workbench.evaluation.datasets.generate import SUITES
    from workbench.evaluation.datasets.lock import LOCK_FILE, write_lock

    s = settings()
    changes = write_lock(s.datasets_dir, SUITES)
    for line in changes:
        console.print(f"changed: {line}")
    console.print(f"{s.datasets_dir / LOCK_FILE} written"
                  + ("" if changes else " (no test split changed)"))


def run_variant(suite: str, prompt: str | None, model: str | None, concurrency: int,
                resume: str | None = None, timeout: float = 60.0, limit: int | None = None,
                split: str = "test", retry_errors: bool = False) -> RunReport:
    """Run one variant with a progress bar (shared by `run`, `gate`, `ab` and `demo`)."""
    from workbench.evaluation.experiment import evaluate

    with progress_bar() as bar:
        label = f"{suite} ({split}) · {prompt or 'default prompt'} · {model or 'default model'}"
        task = bar.add_task(label, total=None)

        def started(total: int, done: int) -> None:
            bar.update(task, total=total, completed=done)

        return evaluate(settings(), suite, prompt, model, concurrency, resume, timeout, limit=limit,
                        on_start=started, on_case=lambda row: bar.advance(task), split=split,
                        retry_errors=retry_errors)


def summary_table(report: RunReport, checks: list[gates.Check] | None = None):
    """Metric, value and (when gated) threshold and pass/fail."""
    by_metric = {c.metric: c for c in checks or []}
    rows = []
    for metric, value in report.summary.items():
        c = by_metric.get(metric)
        rows.append((metric, f"{value:.4g}", f"{'≥' if c.op == 'min' else '≤'} {c.threshold:g}" if c else "",
                     ("pass" if c.passed else "FAIL") if c else ""))
    title = (f"{report.dataset} ({report.split}) · {report.variant.label} · run {report.run_id[:8]} · "
             f"dataset {report.dataset_hash} · prompt {report.params.get('prompt_hash')}")
    return table(rows, ["metric", "value", "gate", "result"], title=title)


@app.command()
def run(suite: str = SUITE, prompt: str | None = PROMPT, model: str | None = MODEL,
        concurrency: int = CONCURRENCY,
        resume: str | None = typer.Option(None, "--resume", help="MLflow run id to continue."),
        timeout: float = typer.Option(60.0, "--timeout", help="Per-case time limit (s)."),
        limit: int | None = typer.Option(None, "--limit", help="Only the first N cases."),
        split: str = SPLIT,
        retry_errors: bool = typer.Option(False, "--retry-errors", help="With --resume: also rerun "
                                          "the cases that errored or timed out.")) -> None:
    """Run one variant over a suite's test split (or --split dev|all), track it in MLflow, print the summary."""
    if retry_errors and not resume:
        err_console.print("--retry-errors reruns the failed cases of an earlier run: give it with --resume RUN.")
        raise typer.Exit(2)
    print_summary(run_variant(suite, prompt, model, concurrency, resume, timeout, limit, split, retry_errors))


def print_summary(report: RunReport) -> None:
    """The summary table, checked against the suite's gate when it has one, and where the rows are."""
    from workbench.evaluation import gate as gates

    s = settings()
    has_gate = _has_gate(s, report.dataset)
    checks = gates.check(report.summary, gates.load_gates(s.gates_file, report.dataset)) if has_gate else None
    console.print(summary_table(report, checks))
    console.print(f"MLflow run {report.run_id} · per-case rows in {report.run_dir / 'cases.jsonl'}")


def _has_gate(s, suite: str) -> bool:
    import yaml

    return s.gates_file.is_file() and suite in (yaml.safe_load(s.gates_file.read_text()) or {})


@app.command()
def gate(suite: str = SUITE, prompt: str | None = PROMPT, model: str | None = MODEL,
         concurrency: int = CONCURRENCY,
         out: Path | None = typer.Option(None, "--out", help="Folder for gate.md and gate.xml "
                                         "(default: data/reports)."),
         split: str = SPLIT) -> None:
    """Run a suite's test split (or --split dev|all); exit 1 when a threshold in eval/gates.yaml is breached."""
    from workbench.evaluation import gate as gates

    s = settings()
    thresholds = gates.load_gates(s.gates_file, suite)
    report = run_variant(suite, prompt, model, concurrency, split=split)
    checks = gates.check(report.summary, thresholds)
    console.print(summary_table(report, checks))
    out = out or s.data_dir / "reports"
    out.mkdir(parents=True, exist_ok=True)
    title = f"Eval gate · {suite} · {report.variant.label}"
    (out / f"gate-{suite}.md").write_text(gates.to_markdown(checks, title), encoding="utf-8")
    (out / f"gate-{suite}.xml").write_text(gates.to_junit(checks, suite), encoding="utf-8")
    failed = [c.metric for c in checks if not c.passed]
    if failed:
        err_console.print(f"[bold red]gate failed:[/] {', '.join(failed)} (report: {out / f'gate-{suite}.md'})")
        raise typer.Exit(1)
    console.print(f"[green]gate passed[/] · {len(checks)} thresholds · reports in {out}")


@app.command()
def runs(limit: int = typer.Option(15, "--limit", "-n"), as_json: bool = JSON, as_csv: bool = CSV) -> None:
    """List recent eval runs from MLflow."""
    import mlflow

    from workbench.evaluation import tracking

    tracking.connect(settings())
    frame = mlflow.search_runs(max_results=limit, order_by=["start_time DESC"])
    if frame.empty and not (as_json or as_csv):
        console.print("no runs yet: `workbench eval run --suite smoke`")
        return
    cols = [c for c in ("run_id", "status", "params.dataset", "params.prompt_version", "params.model",
                        "metrics.intent.pass_rate", "metrics.numeric.pass_rate", "metrics.latency.p95",
                        "metrics.cost.per_case_usd") if c in frame]
    emit(frame[cols].rename(columns=lambda c: c.split(".", 1)[-1]), title="Recent runs",
         as_json=as_json, as_csv=as_csv)


def print_comparison(report) -> None:
    """The decision table, slices, flipped cases and report paths."""
    c = report.comparison
    t = c.table()
    for col in ("p", "p (Holm)"):
        t[col] = t[col].map(_p_value)
    console.print(table(t, title=f"{c.b.label} vs {c.a.label} · {c.n} paired cases"))
    console.print(c.errors_line())
    console.print(f"[italic]{c.power}[/]")
    if len(c.flipped):
        console.print(table(c.flipped[["change", "case_id", "intent", "question", "why_a", "why_b"]].head(12),
                            title=f"Flipped cases ({len(c.flipped)}; regressions first)"))
    console.print(f"HTML report: {report.html}\nMarkdown summary: {report.markdown}\n"
                  f"MLflow comparison run: {report.run_id}")


def _p_value(p: float | None) -> str:
    if p is None or p != p:
        return "—"
    return "<0.001" if p < 0.001 else f"{p:.3f}"


@app.command("compare")
def compare_cmd(run_a: str = typer.Argument(..., help="Baseline run id (A)."),
                run_b: str = typer.Argument(..., help="Candidate run id (B).")) -> None:
    """Compare two runs of the same suite: paired CIs, exact tests, flipped cases, reports."""
    from workbench.evaluation.experiment import compare_runs

    print_comparison(compare_runs(settings(), run_a, run_b))


@app.command()
def ab(suite: str = SUITE, a: str = typer.Option("v1", "--a", help="Prompt version A."),
       b: str = typer.Option("v2", "--b", help="Prompt version B."),
       model_a: str | None = typer.Option(None, "--model-a", help="Model for A (default: settings)."),
       model_b: str | None = typer.Option(None, "--model-b", help="Model for B (default: model A)."),
       concurrency: int = CONCURRENCY, split: str = SPLIT) -> None:
    """Run two variants over a suite's test split (or --split dev|all) and compare them in one command."""
    from workbench.evaluation.experiment import compare_runs

    run_a = run_variant(suite, a, model_a, concurrency, split=split)
    run_b = run_variant(suite, b, model_b or model_a, concurrency, split=split)
    print_comparison(compare_runs(settings(), run_a.run_id, run_b.run_id))


@app.command()
def contamination(top: int = typer.Option(15, "--top", "-n", help="Closest pairs to show."),
                  prompt_side_only: bool = typer.Option(
                      False, "--prompt-side-only",
                      help="Hide the test questions (for whoever builds prompts).")) -> None:
    """Compare everything the agent is built from with the test questions; exit 1 on a near-copy."""
    from workbench.evaluation.contamination import check_repository

    s = settings()
    with console.status("embedding prompt strings and test questions"):
        report = check_repository(s.prompts_dir, s.datasets_dir, s.knowledge_dir)
    rows = [(p.source.where, p.source.text, "(hidden)" if prompt_side_only else p.test.question,
             p.test.case_id, f"{p.char:.2f}", f"{p.cosine:.2f}", "NEAR-COPY" if p.flagged else "")
            for p in report.pairs[:top]]
    console.print(table(rows, ["prompt string", "text", "closest test question", "case", "char", "cosine", ""],
                        title=f"{report.n_sources} prompt strings × {report.n_questions} test questions · "
                              f"thresholds char ≥ {report.char_threshold:g}, cosine ≥ {report.cosine_threshold:g}"))
    for note in report.notes:
        console.print(f"[italic]{note}[/]")
    if report.unsupported_terms:
        words = ", ".join(sorted({t.text for t in report.unsupported_terms}))
        console.print(f"[yellow]terms used by test questions but by no dev question or policy document "
                      f"(check where they came from):[/] {words}")
    if not report.passed:
        err_console.print(f"[bold red]contamination:[/] {len(report.flagged)} prompt string(s) at or above a "
                          "threshold; rebuild them from the dev split (docs/contamination.md).")
        raise typer.Exit(1)
    console.print(f"[green]no near-copies[/] · closest pair char {max((p.char for p in report.pairs), default=0):.2f}, "
                  f"cosine {max((p.cosine for p in report.pairs), default=0):.2f}")
