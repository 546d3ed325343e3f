"""Helpers for driving the app with ``AppTest`` (a simulated browser session)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from workbench.ui.launch import APP_SCRIPT

CODE = "correct-horse-1"
#: Generous: the first run of a process loads the embedding model and opens the index.
TIMEOUT_S = 120


def open_app() -> AppTest:
    """A new browser session on the app, after its first run."""
    return AppTest.from_file(str(APP_SCRIPT), default_timeout=TIMEOUT_S).run()


def sign_in(at: AppTest, email: str, code: str = CODE) -> AppTest:
    """Fill in and submit the sign-in form."""
    at.text_input(key="sign_in_email").input(email)
    at.text_input(key="sign_in_code").input(code)
    at.button(key="FormSubmitter:sign_in-Sign in").click()
    return at.run()


def ask(at: AppTest, question: str) -> AppTest:
    """Type a question into the chat input and send it."""
    at.chat_input[0].set_value(question)
    return at.run()


def texts(at: AppTest) -> str:
    """Every markdown, caption and alert text on the page, one per line (for assertions)."""
    parts = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)
