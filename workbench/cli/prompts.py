"""`workbench prompts …`: list, show and diff prompt versions."""

from __future__ import annotations

import typer

from workbench.cli._common import CSV, JSON, console, emit, settings

app = typer.Typer(help="Versioned prompt files (prompts/<name>/vN.yaml).", no_args_is_help=True)
NAME = typer.Option(None, "--name", help="Prompt name (default: settings.prompt_name).")


@app.command("list")
def list_(as_json: bool = JSON, as_csv: bool = CSV) -> None:
    """List the versions with their content hashes and descriptions."""
    from workbench.prompts import list_versions, load_prompt

    s = settings()
    rows = []
    for version in list_versions(s.prompts_dir, s.prompt_name):
        p = load_prompt(s.prompts_dir, s.prompt_name, version)
        rows.append((p.version, p.content_hash, p.description))
    emit(rows, ["version", "hash", "description"], title=s.prompt_name, as_json=as_json, as_csv=as_csv)


@app.command()
def show(version: str = typer.Argument(..., help="e.g. v2"), name: str | None = NAME) -> None:
    """Show a version's YAML and hash."""
    from rich.syntax import Syntax

    from workbench.prompts import load_prompt, prompt_path

    s = settings()
    p = load_prompt(s.prompts_dir, name or s.prompt_name, version)
    console.print(f"{p.label}  hash {p.content_hash}")
    console.print(Syntax(prompt_path(s.prompts_dir, p.name, version).read_text(), "yaml"))


@app.command()
def diff(a: str = typer.Argument(..., help="e.g. v1"), b: str = typer.Argument(..., help="e.g. v2"),
         name: str | None = NAME) -> None:
    """Unified diff of two versions (canonical YAML)."""
    from rich.syntax import Syntax

    from workbench.prompts import diff_versions, load_prompt

    s = settings()
    name = name or s.prompt_name
    text = diff_versions(load_prompt(s.prompts_dir, name, a), load_prompt(s.prompts_dir, name, b))
    console.print(Syntax(text or "(identical)", "diff"))
