"""`workbench optimize`: compile a new prompt version from the dev split and A/B it on test."""

from __future__ import annotations

import typer

from workbench.cli._common import console, err_console, settings, table


def optimize(
    parent: str = typer.Option(..., "--from", help="The version to start from, e.g. v2."),
    target: str = typer.Option(..., "--to", help="The version to write, e.g. v3 (must not exist)."),
    optimizer: str | None = typer.Option(
        None, "--optimizer", help="bootstrap or mipro (LLM models); routing (offline, the default there)."),
    model: str | None = typer.Option(None, "--model", help="offline, openai/gpt-4o-mini, … (default: settings)."),
    suite: str = typer.Option("full", "--suite", help="Suite whose dev cases teach and whose test cases prove."),
    max_calls: int = typer.Option(300, "--max-calls", help="LLM HTTP calls at most (cache hits are free)."),
    max_cost: float = typer.Option(1.0, "--max-cost", help="US dollars at most."),
    max_demos: int = typer.Option(4, "--max-demos", help="Demos bootstrapped at most."),
    max_train: int | None = typer.Option(
        None, "--max-train", help="Dev cases to learn from at most (default: 40 for LLMs, all for routing)."),
    no_ab: bool = typer.Option(False, "--no-ab", help="Write the version without the test-split A/B."),
) -> None:
    """Build --to from --from on the dev split, write it with provenance, then A/B it on test."""
    from workbench.config import OFFLINE_MODEL
    from workbench.evaluation.optimize import optimize as run

    s = settings()
    model = model or s.resolved_model
    optimizer = optimizer or ("routing" if model == OFFLINE_MODEL else "bootstrap")
    result = run(s, parent, target, optimizer, model, suite=suite, max_calls=max_calls,
                 max_cost_usd=max_cost, max_demos=max_demos, max_train=max_train, prove=not no_ab,
                 say=lambda line: err_console.print(line, highlight=False))
    p = result.prompt.provenance
    for note in result.notes:
        err_console.print(note, highlight=False)
    console.print(table([(p.parent, result.prompt.version, p.optimizer, f"{p.dev_score_before:.3f}",
                          f"{p.dev_score_after:.3f}", p.llm_calls,
                          "unknown" if p.cost_usd is None else f"${p.cost_usd:.4f}")],
                        ["parent", "new", "optimizer", "dev before", "dev after", "LLM calls", "cost"],
                        title=f"wrote {result.path}"))
    if result.ab and "table" in result.ab:
        console.print(table(result.ab["table"], title="test split: new − parent"))
    if result.ab:
        console.print(f"verdict: {result.ab['verdict']}")
