"""The ``workbench`` command line: thin subcommands over the package.

Each subcommand group lives in its own module. A ``WorkbenchError`` (bad input the user can
fix) is printed as one line on stderr with exit code 1; nothing else is caught.
"""

from __future__ import annotations

import sys

import typer

from workbench.cli import agent, db, demo, eval, kb, optimize, prompts, serve, tracking_ui
from workbench.cli._common import err_console
from workbench.cli.app import feedback_app, run_app, users_app
from workbench.errors import WorkbenchError

app = typer.Typer(
    help="Claims Assistant Workbench: build the data, ask the assistant, evaluate and compare it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(db.app, name="db")
app.add_typer(kb.app, name="kb")
app.add_typer(prompts.app, name="prompts")
app.add_typer(eval.app, name="eval")
app.add_typer(users_app, name="users")
app.add_typer(feedback_app, name="feedback")
app.add_typer(serve.tokens_app, name="tokens")
app.command()(agent.ask)
app.command()(agent.chat)
app.command()(demo.setup)
app.command()(demo.demo)
app.command(name="app")(run_app)
app.command()(tracking_ui.ui)
app.command()(serve.serve)
app.command()(optimize.optimize)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except WorkbenchError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
