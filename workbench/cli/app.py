"""`workbench app`, `workbench users …` and `workbench feedback …`: the chat app and what it needs."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import typer

from workbench.cli._common import CSV, JSON, console, emit, err_console, progress_bar, settings, table

users_app = typer.Typer(help="Access codes for signing in to the chat app.", no_args_is_help=True)
feedback_app = typer.Typer(help="Feedback given in the chat app, and its export as eval cases.",
                           no_args_is_help=True)


def run_app(
    host: str | None = typer.Option(None, "--host", help="Address to serve on (default: loopback, "
                                    "127.0.0.1; 0.0.0.0 exposes the app to the network)."),
    port: int = typer.Option(8501, "--port", help="Port to serve on."),
    prepare: bool = typer.Option(True, "--prepare/--no-prepare",
                                 help="Build the sample DB and knowledge index first if missing."),
    open_browser: bool = typer.Option(False, "--open", help="Open a browser tab."),
    watch: bool = typer.Option(False, "--watch", help="Reload when the code changes."),
) -> None:
    """Serve the chat app (Streamlit) for signed-in sample users; Ctrl-C stops it."""
    # Imported here, not at the top: `workbench --help` must not pay for DuckDB and pandas.
    from workbench.ui.access_codes import AccessCodes
    from workbench.ui.launch import LOOPBACK, streamlit_command

    host = host or LOOPBACK
    s = settings()
    if prepare:
        from workbench.bootstrap import ensure_data

        ensure_data(s, log=lambda line: err_console.print(f"[dim]{line}[/]"))
    if AccessCodes(s.app_db).count() == 0:
        err_console.print("[yellow]No access codes are set, so nobody can sign in yet:[/] run "
                          "`workbench users demo-codes` (or `workbench users set-code EMAIL`).")
    if host != LOOPBACK and host != "localhost":
        err_console.print(f"[yellow]Serving on {host}: other machines can reach the app. Access "
                          "codes travel in clear over HTTP; put it behind TLS or use OIDC.[/]")
    console.print(f"Claims Assistant at http://{'localhost' if host == LOOPBACK else host}:{port} "
                  f"({s.prompt_name}@{s.prompt_version}, model {s.resolved_model})")
    try:
        code = subprocess.call(streamlit_command(host, port, headless=not open_browser, watch=watch))
    except KeyboardInterrupt:
        code = 0
    raise typer.Exit(code)


@users_app.command("set-code")
def set_code_command(
    user: str = typer.Argument(..., help="Email or employee id (see `workbench db users`)."),
    code: str | None = typer.Option(None, "--code", help="The code (at least 6 characters); "
                                    "omit to generate a random one."),
) -> None:
    """Set one user's access code (stored salted and hashed; shown once here)."""
    from workbench.claims import ClaimsStore
    from workbench.ui.access_codes import AccessCodes, set_code

    s = settings()
    with ClaimsStore.from_settings(s) as store:
        done = set_code(AccessCodes(s.app_db), store, user, code)
    console.print(f"Access code for {done.email} ({done.full_name}): [bold]{done.code}[/]",
                  highlight=False)


@users_app.command("demo-codes")
def demo_codes(
    code: str | None = typer.Option(None, "--code", help="The code every sample user gets "
                                    "(default: the shared demo code)."),
    random_codes: bool = typer.Option(False, "--random", help="A different random code per user "
                                      "(printed once) instead of one shared demo code."),
    limit: int | None = typer.Option(None, "--limit", "-n", help="Only the first N users."),
) -> None:
    """Give every sample user a demo access code (the same one, or a random one each)."""
    from workbench.claims import ClaimsStore
    from workbench.ui.access_codes import DEMO_CODE, AccessCodes, set_demo_codes

    code = code or DEMO_CODE
    s = settings()
    with ClaimsStore.from_settings(s) as store:
        total = len(store.users(limit))
        with progress_bar() as bar:
            task = bar.add_task("hashing access codes", total=total)
            done = set_demo_codes(AccessCodes(s.app_db), store, None if random_codes else code,
                                  limit, progress=lambda n: bar.advance(task, n))
    shown = done if random_codes else done[:10]
    console.print(table([(d.email, d.full_name, d.grade, d.code) for d in shown],
                        ["email", "name", "grade", "access code"],
                        title=f"Access codes set for {len(done)} users"))
    if len(shown) < len(done):
        console.print(f"… and {len(done) - len(shown)} more, all with code [bold]{code}[/]. "
                      "Sign in at `workbench app` with any of these emails.", highlight=False)


@users_app.command("list")
def list_users(as_json: bool = JSON, as_csv: bool = CSV) -> None:
    """List the users who have an access code (never the code: only its hash is stored)."""
    from workbench.ui.access_codes import AccessCodes

    rows = [(email, employee_id, datetime.fromtimestamp(at).isoformat(timespec="seconds"))
            for email, employee_id, at in AccessCodes(settings().app_db).list()]
    emit(rows, ["email", "employee_id", "code_set_at"], title=f"Users with an access code ({len(rows)})",
         as_json=as_json, as_csv=as_csv)


@users_app.command("remove-code")
def remove_code(user: str = typer.Argument(..., help="Email of the user.")) -> None:
    """Remove one user's access code (they can no longer sign in with a code)."""
    from workbench.ui.access_codes import AccessCodes

    removed = AccessCodes(settings().app_db).remove(user)
    console.print(f"Removed the access code of {user}." if removed else f"{user} had no access code.")


@feedback_app.command("list")
def list_feedback(limit: int = typer.Option(20, "--limit", "-n", help="How many, newest first."),
                  as_json: bool = JSON, as_csv: bool = CSV) -> None:
    """Show the latest feedback from the chat app."""
    from workbench.ui.feedback_store import FeedbackStore

    items = FeedbackStore(settings().app_db).all()[::-1][:limit]
    if as_json or as_csv:  # full records: whole questions, comments and trace ids
        columns = ["updated_at", "user_email", "rating", "question", "answer", "comment", "expected_answer",
                   "prompt", "model", "trace_id", "conversation_id"]
        emit([[getattr(f, c) for c in columns] for f in items], columns, as_json=as_json, as_csv=as_csv)
        return
    emit(
        [(datetime.fromtimestamp(f.updated_at).strftime("%Y-%m-%d %H:%M"), f.user_email,
          "👍" if f.rating == "up" else "👎", _cut(f.question), _cut(f.comment or ""),
          "yes" if f.expected_answer else "", f.prompt, f.model, f.trace_id) for f in items],
        ["when", "user", "rating", "question", "comment", "expected", "prompt", "model", "trace"],
        title=f"Feedback ({len(items)} shown)")


@feedback_app.command("export")
def export(out: Path | None = typer.Option(None, "--out", "-o", help="JSONL file to write "
                                           "(default: the `feedback` suite in the datasets folder)."),
           ) -> None:
    """Turn feedback into eval cases (JSONL in the dataset schema) for `workbench eval`."""
    from workbench.ui.feedback_store import FeedbackStore, export_feedback

    s = settings()
    path = out or s.datasets_dir / "feedback.jsonl"
    result = export_feedback(FeedbackStore(s.app_db), path)
    if result.skipped:
        err_console.print(f"skipped {len(result.skipped)} thumbs-down without an expected answer "
                          "(nothing to score against: add one in the app)")
    if not result.cases:
        console.print("No feedback that can become an eval case yet; nothing written.")
        return
    up = sum("thumbs-up" in c.tags for c in result.cases)
    console.print(f"Wrote {len(result.cases)} cases ({up} regression cases from thumbs-up, "
                  f"{len(result.cases) - up} from corrected thumbs-down) to {path}")


def _cut(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
