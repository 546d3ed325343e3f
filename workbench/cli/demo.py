"""`workbench demo`: the README's main job, from an empty data folder to an A/B result."""

from __future__ import annotations

import typer

from workbench.cli._common import console, progress_bar, settings
from workbench.cli.agent import show
from workbench.cli.eval import print_comparison, print_summary, run_variant

SAMPLE_QUESTIONS = (
    "How much dental balance do I have left?",
    "What's the status of my latest GP claim?",
    "How much have I claimed for wellness in 2026?",
    "Does the dental benefit cover teeth whitening?",
    "What documents do I need for a specialist claim?",
    "What is my manager's optical balance?",
)


def setup(rebuild: bool = typer.Option(False, "--rebuild", help="Rebuild the sample claims DB.")) -> None:
    """Build what is missing: the sample claims DB, the knowledge index, the eval suites."""
    from workbench.bootstrap import ensure_data
    from workbench.claims import SampleSize

    s = settings()
    with progress_bar() as bar:
        db = bar.add_task("claims database", total=SampleSize().claims,
                          visible=rebuild or not s.claims_db.is_file())
        kb = bar.add_task("knowledge index", total=None)
        ensure_data(s, log=console.print, rebuild=rebuild, build_progress=lambda n: bar.advance(db, n),
                    ingest_progress=lambda done, total: bar.update(kb, completed=done, total=total))


def demo(rebuild: bool = typer.Option(False, "--rebuild", help="Rebuild the sample data first."),
         suite: str = typer.Option("smoke", "--suite", help="Suite for the v1 vs v2 runs.")) -> None:
    """Build the sample data and index, answer sample questions, run v1 and v2 offline and compare them."""
    from workbench.agent import ClaimsAssistant
    from workbench.claims import ClaimsStore
    from workbench.evaluation.experiment import compare_runs

    setup(rebuild)
    s = settings()
    with ClaimsStore(s.claims_db) as store:
        user = store.users(1).email[0]
    assistant = ClaimsAssistant(s, model="offline")
    session = assistant.session(user, remember=False)
    console.rule(f"Sample questions as {user} · {assistant.prompt.label} · {assistant.label}")
    for question in SAMPLE_QUESTIONS:
        console.print(f"\n[bold cyan]Q: {question}[/]")
        show(session.ask(question), assistant.label)

    runs = {}
    for version in ("v1", "v2"):
        console.rule(f"{suite} suite · {version} · offline baseline (no LLM)")
        runs[version] = run_variant(suite, version, "offline", concurrency=2)
        print_summary(runs[version])
    console.rule("v2 against v1 (paired, same cases)")
    print_comparison(compare_runs(s, runs["v1"].run_id, runs["v2"].run_id))
