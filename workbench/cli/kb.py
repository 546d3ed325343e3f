"""`workbench kb …`: ingest the markdown knowledge base into Chroma, check it and search it."""

from __future__ import annotations

from pathlib import Path

import typer

from workbench.cli._common import console, progress_bar, settings, table

app = typer.Typer(help="Ingest and search the policy knowledge base (Chroma).", no_args_is_help=True)


KB = typer.Option(None, "--kb", help="Folder of .md/.txt policy documents (default: "
                  "WORKBENCH_KNOWLEDGE_DIR, else knowledge_base/).")


@app.command()
def ingest(
    kb: Path | None = KB,
    check: bool = typer.Option(False, "--check", help="Only check the documents (no headings, very long "
                               "sections, duplicated text); exit 1 when anything is found."),
) -> None:
    """Chunk the documents and embed only new or changed chunks (or, with --check, only check them)."""
    from workbench.knowledge import KnowledgeIndex

    if check:
        _check(settings(knowledge_dir=kb).knowledge_dir)
        return
    index = KnowledgeIndex(settings(knowledge_dir=kb))
    with progress_bar() as bar:
        task = bar.add_task("embedding chunks", total=None)
        report = index.ingest(progress=lambda done, total: bar.update(task, completed=done, total=total))
    console.print(f"knowledge index {index.settings.chroma_dir}: {index.count()} chunks ({report.summary()})")


@app.command()
def search(
    query: str = typer.Argument(..., help="What to look for in the policy documents."),
    k: int = typer.Option(5, "-k", help="How many passages to return."),
    kb: Path | None = KB,
) -> None:
    """Show the passages closest to QUERY with their score, document and section."""
    from workbench.knowledge import KnowledgeIndex

    hits = KnowledgeIndex(settings(knowledge_dir=kb)).search(query, k=k)
    console.print(table([(f"{h.score:.3f}", h.document, h.section, h.chunk_id, _snippet(h.text)) for h in hits],
                        ["score", "document", "section", "chunk id", "text"], title=f"Top {k} for {query!r}"))


def _snippet(text: str, width: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _check(directory: Path) -> None:
    """Print the issues table; exit 1 when there is any issue, so CI can use it as a lint."""
    from workbench.knowledge.checks import check_documents

    issues = check_documents(directory)
    if not issues:
        console.print(f"[green]no problems[/] in {directory}")
        return
    console.print(table([(i.document, i.section or "—", i.severity, i.problem, i.detail) for i in issues],
                        ["document", "section", "severity", "problem", "detail"],
                        title=f"{len(issues)} problem(s) in {directory}"))
    raise typer.Exit(1)
