"""`workbench ask` and `workbench chat`: talk to the assistant as a signed-in user."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from workbench.cli._common import console, settings
from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.agent import AgentResult

USER = typer.Option(..., "--user", "-u", help="Sign in as this sample user (email or employee id).")
PROMPT = typer.Option(None, "--prompt", "-p", help="Prompt version, e.g. v1 or v2.")
MODEL = typer.Option(None, "--model", "-m", help="offline, openai/<model>, or <provider>/<model>.")


def footer(result: AgentResult, label: str) -> str:
    """One line: latency, tokens, cost, prompt and model."""
    u = result.usage
    cost = "no LLM" if result.model == "offline" else (
        "cost unknown" if u.cost_usd is None else f"${u.cost_usd:.5f}")
    cached = f", {u.cache_hits} cached" if u.cache_hits else ""
    return (f"{result.timings['total_s'] * 1000:.0f} ms · {u.prompt_tokens + u.completion_tokens} tokens"
            f"{cached} · {cost} · {result.prompt} · {label}")


def show(result: AgentResult, label: str) -> None:
    """Print an answer with its sources and footer."""
    from rich.markdown import Markdown

    console.print(Markdown(result.answer))
    if result.retrieved:
        console.print("[bold]Sources[/]")
        for hit in result.retrieved:
            console.print(f"  • {escape(hit.document)} › {escape(hit.section)}  [dim]{hit.chunk_id}[/]")
    if result.tool_calls:
        console.print("[dim]tools: " + ", ".join(f"{c.name}({', '.join(f'{k}={v}' for k, v in c.args.items())})"
                                                for c in result.tool_calls) + "[/]")
    console.print(f"[dim]{escape(footer(result, label))}[/]")


def ask(question: str = typer.Argument(..., help="The question."), user: str = USER,
        prompt: str | None = PROMPT, model: str | None = MODEL) -> None:
    """Ask one question and print the answer, sources and a cost/latency footer."""
    from workbench.agent import ClaimsAssistant

    assistant = ClaimsAssistant(settings(), prompt, model)
    session = assistant.session(user, remember=False)
    show(session.ask(question), assistant.label)


def chat(user: str = USER, prompt: str | None = PROMPT, model: str | None = MODEL,
         conversation: str | None = typer.Option(None, "--conversation", "-c",
                                                 help="Continue a conversation id (default: your latest).")) -> None:
    """Chat interactively with memory (it survives restarts). Empty line or Ctrl-D ends."""
    from workbench.agent import ClaimsAssistant

    assistant = ClaimsAssistant(settings(), prompt, model)
    memory = assistant.memory.for_user(assistant.resources.store.for_user(user).employee.employee_id)
    latest = memory.conversations()
    session = assistant.session(user, conversation or (latest[0][0] if latest else None))
    console.print(f"[bold]{escape(session.user.full_name)}[/] · {assistant.prompt.label} · "
                  f"{assistant.label} · conversation {session.conversation_id} "
                  f"({len(session.history())} remembered turns)")
    while True:
        try:
            question = console.input("[bold cyan]you> [/]").strip()
        except EOFError:
            break
        if not question:
            break
        try:
            show(session.ask(question), assistant.label)
        except WorkbenchError as exc:
            console.print(f"[red]{escape(str(exc))}[/]")
