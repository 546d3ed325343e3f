"""`workbench db …`: build the sample claims database and list its users."""

from __future__ import annotations

from pathlib import Path

import typer

from workbench.cli._common import CSV, JSON, console, emit, progress_bar, settings, table

app = typer.Typer(help="Build and inspect the claims database (DuckDB).", no_args_is_help=True)


@app.command()
def init(
    claims: int = typer.Option(6000, "--claims", help="Number of claims (1,000,000 for benchmarks)."),
    employees: int = typer.Option(250, "--employees", help="Number of employees."),
    seed: int = typer.Option(42, "--seed", help="Random seed: same seed, same data."),
    db: Path | None = typer.Option(None, "--db", help="Database file (default: settings.claims_db)."),
) -> None:
    """Generate the deterministic sample data into a new claims database."""
    from workbench.claims import SampleSize, build_database

    path = settings(claims_db=db).claims_db
    with progress_bar() as bar:
        task = bar.add_task("deciding claims", total=claims)
        counts = build_database(path, SampleSize(employees, claims, seed),
                                progress=lambda n: bar.advance(task, n))
    console.print(table([(k, f"{v:,}") for k, v in counts.items()], ["table", "rows"],
                        title=f"Claims database written to {path}"))


@app.command()
def users(
    limit: int = typer.Option(20, "--limit", "-n", help="How many users to show."),
    db: Path | None = typer.Option(None, "--db", help="Database file (default: settings.claims_db)."),
    as_json: bool = JSON, as_csv: bool = CSV,
) -> None:
    """List sample users (sign in as any of them with --user EMAIL)."""
    from workbench.claims import ClaimsStore

    with ClaimsStore(settings(claims_db=db).claims_db) as store:
        emit(store.users(limit), title="Sample users", as_json=as_json, as_csv=as_csv)
