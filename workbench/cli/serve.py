"""`workbench serve` and `workbench tokens …`: the REST API and the bearer tokens it accepts."""

from __future__ import annotations

import json
from datetime import datetime

import typer

from workbench.cli._common import console, err_console, settings, table
from workbench.ui.launch import LOOPBACK

tokens_app = typer.Typer(help="Bearer tokens for the REST API (stored hashed; shown once).",
                         no_args_is_help=True)


def serve(
    host: str = typer.Option(LOOPBACK, "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    workers: int = typer.Option(1, "--workers", min=1, max=32,
                                help="Worker processes (they share the app database, or Redis when "
                                     "WORKBENCH_REDIS_URL is set)."),
    prepare: bool = typer.Option(True, "--prepare/--no-prepare",
                                 help="Build the sample DB and knowledge index first if missing."),
) -> None:
    """Serve the REST API (OpenAPI at /docs and /openapi.json); settings come from WORKBENCH_* / .env."""
    import uvicorn

    from workbench.service.auth import ApiTokens

    s = settings()
    if prepare:
        from workbench.bootstrap import ensure_data

        ensure_data(s, log=lambda line: err_console.print(f"[dim]{line}[/]"))
    if s.prometheus_multiproc_dir:
        from workbench.service.metrics import check_multiprocess_mode, clear_multiprocess_dir

        check_multiprocess_mode()  # one line now, rather than a traceback from every worker
        clear_multiprocess_dir(s.prometheus_multiproc_dir)  # before the workers start writing there
    if not ApiTokens(s.app_db).list():
        err_console.print("[yellow]No API tokens yet, so every /v1 call will get 401:[/] run "
                          "`workbench tokens issue --user EMAIL`.")
    if host not in (LOOPBACK, "localhost"):
        err_console.print(f"[yellow]Listening on {host}: bearer tokens travel in clear over HTTP; "
                          "put the API behind TLS.[/]")
    console.print(f"Claims Assistant API at http://{host}:{port} ({workers} worker(s), "
                  f"{s.prompt_name}@{s.prompt_version}, model {s.resolved_model}); docs at /docs")
    uvicorn.run("workbench.service.app:app_from_env", factory=True, host=host, port=port,
                workers=workers, log_level="warning", access_log=False)


@tokens_app.command("issue")
def issue(
    user: str = typer.Option(..., "--user", help="Email or employee id (see `workbench db users`)."),
    name: str | None = typer.Option(None, "--name", help="A label, e.g. the client that will use it."),
    as_json: bool = typer.Option(False, "--json", help="Print the token and its record as JSON."),
) -> None:
    """Issue a token for one user; it is printed once and only its hash is kept."""
    from workbench.claims import ClaimsStore
    from workbench.service.auth import ApiTokens

    s = settings()
    with ClaimsStore.from_settings(s) as store:
        issued = ApiTokens(s.app_db).issue(store, user, name)
    if as_json:
        typer.echo(json.dumps(issued.info.as_dict() | {"token": issued.token}))
        return
    console.print(f"Token {issued.info.token_id} for {issued.info.email} (shown once, keep it secret):")
    typer.echo(issued.token)


@tokens_app.command("revoke")
def revoke(
    token_id: str | None = typer.Argument(None, help="The token id from `workbench tokens list`."),
    user: str | None = typer.Option(None, "--user", help="Revoke every token of this user instead."),
) -> None:
    """Revoke one token, or all tokens of a user."""
    from workbench.service.auth import ApiTokens

    count = ApiTokens(settings().app_db).revoke(token_id, user)
    console.print(f"Revoked {count} token(s)." if count else "No active token matched; nothing revoked.")


@tokens_app.command("list")
def list_tokens(
    as_json: bool = typer.Option(False, "--json", help="One JSON array (full ids, for scripts)."),
    revoked: bool = typer.Option(False, "--all", help="Include revoked tokens."),
) -> None:
    """List tokens (ids and users, never the secrets)."""
    from workbench.service.auth import ApiTokens

    items = ApiTokens(settings().app_db).list(include_revoked=revoked)
    if as_json:
        typer.echo(json.dumps([t.as_dict() for t in items]))
        return
    console.print(table(
        [(t.token_id, t.email, t.name or "", _when(t.created_at),
          "active" if t.active else f"revoked {_when(t.revoked_at)}") for t in items],
        ["id", "user", "name", "issued", "state"], title=f"API tokens ({len(items)})"))


def _when(ts: float | None) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M") if ts else ""
