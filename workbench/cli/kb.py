"""`workbench kb …`: ingest the markdown knowledge base into Chroma and search it."""

from __future__ import annotations

import typer

from workbench.cli._common import console, progress_bar, settings, table

app = typer.Typer(help="Ingest and search the policy knowledge base (Chroma).", no_args_is_help=True)


@app.command()
def ingest() -> None:
    """Chunk the markdown documents and embed only new or changed chunks."""
    from workbench.knowledge import KnowledgeIndex

    index = KnowledgeIndex(settings())
    with progress_bar() as bar:
        task = bar.add_task("embedding chunks", total=None)
        report = index.ingest(progress=lambda done, total: bar.update(task, completed=done, total=total))
    console.print(f"knowledge index {index.settings.chroma_dir}: {index.count()} chunks ({report.summary()})")


@app.command()
def search(
    query: str = typer.Argument(..., help="What to look for in the policy documents."),
    k: int = typer.Option(5, "-k", help="How many passages to return."),
) -> None:
    """Show the passages closest to QUERY with their score, document and section."""
    from workbench.knowledge import KnowledgeIndex

    hits = KnowledgeIndex(settings()).search(query, k=k)
    console.print(table([(f"{h.score:.3f}", h.document, h.section, h.chunk_id, _snippet(h.text)) for h in hits],
                        ["score", "document", "section", "chunk id", "text"], title=f"Top {k} for {query!r}"))


def _snippet(text: str, width: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
