"""`workbench db …`: build the sample claims database and list its users."""

from __future__ import annotations

from pathlib import Path

import typer

from workbench.cli._common import CSV, JSON, console, emit, err_console, progress_bar, settings, table

app = typer.Typer(help="Build and inspect the claims database (DuckDB; copy it to PostgreSQL to serve).",
                  no_args_is_help=True)


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

    s = settings(claims_db=db)
    # --db names a DuckDB file; without it, the configured store (PostgreSQL when claims_db_url is set).
    with (ClaimsStore(s.claims_db) if db else ClaimsStore.from_settings(s)) as store:
        emit(store.users(limit), title="Sample users", as_json=as_json, as_csv=as_csv)


@app.command("to-postgres")
def to_postgres(
    url: str | None = typer.Option(None, "--url", help="postgresql://user[:password]@host:port/database "
                                   "(default: settings.claims_db_url)."),
    db: Path | None = typer.Option(None, "--db", help="DuckDB file to copy (default: settings.claims_db)."),
    reader: str | None = typer.Option(None, "--reader", help="An existing role to grant SELECT on the "
                                      "tables: the role the serving processes log in as."),
) -> None:
    """Copy the claims database into PostgreSQL (replaces its claims tables; atomic)."""
    from workbench.claims.to_postgres import copy_to_postgres
    from workbench.errors import ConfigError

    s = settings(claims_db=db)
    target = url or s.claims_db_url
    if not target:
        raise ConfigError("no PostgreSQL database given: pass --url postgresql://user@host:port/database "
                          "or set WORKBENCH_CLAIMS_DB_URL.")
    with progress_bar() as bar:
        task = bar.add_task("connecting", total=None)

        def step(table: str, rows: int) -> None:
            bar.update(task, description=f"copying {table}", advance=rows)

        result = copy_to_postgres(s.claims_db, target, reader, step)
        bar.update(task, description="done")
    console.print(table([(k, f"{v:,}") for k, v in result.counts.items()], ["table", "rows"],
                        title=f"Copied {s.claims_db} to {result.url} in {result.seconds:.1f} s"))
    console.print(f"Serve from it with WORKBENCH_CLAIMS_DB_URL={result.url}")


@app.command("import")
def import_(
    mapping: Path = typer.Option(..., "--mapping", help="Mapping YAML: files, column names, value codes "
                                 "(see examples/byod/mapping.yaml)."),
    employees: Path | None = typer.Option(None, "--employees", help="Employees CSV/Parquet (overrides the mapping)."),
    claims: Path | None = typer.Option(None, "--claims", help="Claims CSV/Parquet (overrides the mapping)."),
    entitlements: Path | None = typer.Option(None, "--entitlements", help="Per-employee limits file."),
    limits: Path | None = typer.Option(None, "--limits", help="Category limits by grade file."),
    db: Path | None = typer.Option(None, "--db", help="Database to create or replace (default: settings.claims_db)."),
    report: Path | None = typer.Option(None, "--report", help="Write every problem to this CSV "
                                       "instead of stopping at the first."),
    pseudonymise: bool = typer.Option(False, "--pseudonymise", help="Replace names and emails with "
                                      "stable keyed pseudonyms."),
    secret_env: str | None = typer.Option(None, "--secret-env", help="Environment variable holding the "
                                          "pseudonym secret (default: ask)."),
    pseudonym_map: Path | None = typer.Option(None, "--pseudonym-map", help="Where to write the real ↔ "
                                              "pseudonym CSV (default: not written)."),
) -> None:
    """Import your claims extract into a new claims database (atomic: all rows valid or nothing written)."""
    from workbench.claims.importer import STEPS, import_database
    from workbench.claims.mapping import load_mapping
    from workbench.config import secret_from_env
    from workbench.errors import ConfigError

    path = settings(claims_db=db).claims_db
    spec = load_mapping(mapping, {"employees": employees, "claims": claims,
                                  "entitlements": entitlements, "limits": limits})
    secret = None
    if pseudonymise:
        if secret_env:
            secret = secret_from_env(secret_env)
            if not secret:
                raise ConfigError(f"--secret-env {secret_env}: the variable is not set; export it or "
                                  "leave out --secret-env to be asked.")
        else:
            secret = typer.prompt("Pseudonym secret", hide_input=True, confirmation_prompt=True)
    elif pseudonym_map or secret_env:
        raise ConfigError("--secret-env and --pseudonym-map only apply with --pseudonymise; add it.")
    with progress_bar() as bar:
        task = bar.add_task("importing", total=STEPS)

        def step(name: str) -> None:
            bar.update(task, description=name, advance=0 if bar.tasks[0].description == "importing" else 1)

        result = import_database(spec, path, report, secret, pseudonym_map, step)
        bar.update(task, description="done", completed=STEPS)
    console.print(table([(k, f"{v:,}") for k, v in result.counts.items()], ["table", "rows"],
                        title=f"Imported into {result.path} (as of {result.as_of})"))
    if result.pseudonymised:
        where = f"written to {result.pseudonym_map}" if result.pseudonym_map else "not written"
        console.print(f"names and emails pseudonymised; real ↔ pseudonym map {where}")
    for warning in _baseline_warnings(result.path, result.as_of):
        err_console.print(f"[yellow]note:[/] {warning}")


def _baseline_warnings(path: Path, as_of) -> list[str]:
    """What the offline baseline will not handle in this data (the import itself is fine)."""
    from workbench.agent.entities import CLAIM_ID_RE, EMPLOYEE_ID_RE
    from workbench.claims import AS_OF, ClaimsStore

    notes = []
    with ClaimsStore(path) as store:
        for what, table, column, rx, example in (
                ("employee ids", "employees", "employee_id", EMPLOYEE_ID_RE, "E1234"),
                ("claim ids", "claims", "claim_id", CLAIM_ID_RE, "CLM0000123")):
            sample = store.query(f"SELECT {column} FROM {table} LIMIT 1000")[column]  # fixed names
            odd = [v for v in sample if not rx.fullmatch(str(v))]
            if odd:
                notes.append(f"{what} such as {odd[0]!r} are not in the form {example}: the offline "
                             "baseline will not recognise them in questions (an LLM model will).")
    if as_of.year != AS_OF.year:
        notes.append(f"the data is as of {as_of}, but the assistant's 'today' is {AS_OF}: questions about "
                     f"'this year' are about {AS_OF.year}.")
    return notes
