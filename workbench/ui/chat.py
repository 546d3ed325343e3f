"""The chat page: banner, conversation, and the answer details (sources, tool calls, footer)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pandas as pd
import streamlit as st

from workbench.agent import AssistantSession, ClaimsAssistant
from workbench.config import Settings
from workbench.errors import WorkbenchError
from workbench.ui import state
from workbench.ui.feedback import feedback_controls
from workbench.ui.formatting import answer_markdown, defang_urls, escape_markdown, footer, shorten
from workbench.ui.state import AppStores, SignedIn
from workbench.ui.transcript import ShownAnswer

_log = logging.getLogger(__name__)

EXAMPLES = ("How much of my dental limit is left this year?",
            "Show my rejected claims.",
            "What documents do I need for a hospital claim?")


def chat_page() -> None:
    """The page: everything below runs for the signed-in user only."""
    cfg = state.settings()
    user = state.signed_in()
    if user is None:  # navigation only offers this page to signed-in users
        st.stop()
    app = state.stores(cfg)
    try:
        session = state.assistant_session(cfg, user)
    except WorkbenchError as exc:
        st.error(str(exc))
        st.stop()

    st.title("Claims Assistant")
    banner(session.assistant)
    shown = app.answers.conversation(user.employee.employee_id, session.conversation_id,
                                     session.history())
    greeting = st.empty()
    if not shown:
        with greeting.container(), st.chat_message("assistant"):
            st.markdown(f"Hi {escape_markdown(user.employee.full_name.split()[0])}! Ask me "
                        "about your claims, your benefit balances or the benefits policy, "
                        "for example:\n\n" + "\n".join(f"- *{q}*" for q in EXAMPLES))
    for i, turn in enumerate(shown):
        show_turn(turn, cfg, app, user, shown[:i])

    question = st.chat_input("Ask about your claims, balances or the benefits policy")
    if question is not None:
        greeting.empty()
        answer(question, session, cfg, app, user, shown)
    # Last, so that the questions left this minute count the one just asked.
    conversation_sidebar(session, app, user)


def banner(assistant: ClaimsAssistant) -> None:
    """Which prompt version and model answer; the offline baseline is marked as no LLM."""
    prompt = f"**Prompt** {assistant.prompt.label} (hash `{assistant.prompt.content_hash[:8]}`)"
    if assistant.is_offline:
        st.info(f"{prompt} · **Model** offline baseline — **no LLM**. Answers are composed by a "
                "deterministic program from your claims data and the policy documents.",
                icon=":material/science:")
    else:
        st.info(f"{prompt} · **Model** `{assistant.label}`", icon=":material/smart_toy:")


def conversation_sidebar(session: AssistantSession, app: AppStores, user: SignedIn) -> None:
    """Conversation id, the questions left this minute, and a new-conversation button."""
    with st.sidebar:
        st.divider()
        st.caption(f"Conversation `{session.conversation_id}`")
        left = app.questions.peek(user.employee.employee_id)
        if app.questions.limit > 0:
            st.caption(f"{left.remaining} of {app.questions.limit} questions left this minute")
        if st.button("New conversation", key="new_conversation", icon=":material/add_comment:"):
            state.new_conversation()
            st.rerun()


def answer(question: str, session: AssistantSession, cfg: Settings, app: AppStores,
           user: SignedIn, earlier: list[ShownAnswer]) -> None:
    """Check the question and the rate limit, then ask and show the answer.

    An empty or over-long question and one over the rate limit get a message and never reach
    the assistant (so no LLM call is made for them).
    """
    text = question.strip()
    if not text:
        st.warning("The message was empty: type a question about your claims or benefits.")
        return
    if len(text) > cfg.max_question_chars:
        st.error(f"Your message is {len(text):,} characters long; the limit is "
                 f"{cfg.max_question_chars:,}. Shorten it and ask again.")
        return
    decision = app.questions.acquire(user.employee.employee_id)
    if not decision.allowed:
        st.error(f"You have reached the limit of {app.questions.limit} questions per minute. "
                 f"Try again in {decision.retry_after_whole_s} seconds.")
        return
    with st.chat_message("user"):
        st.markdown(escape_markdown(text))
    with st.chat_message("assistant"):
        with st.spinner("Looking into it …"):
            try:
                result = session.ask(text)
            except WorkbenchError as exc:
                st.error(str(exc))
                return
            except Exception:  # noqa: BLE001 - an LLM outage must not end the conversation
                _log.exception("answering failed (user %s)", user.employee.employee_id)
                st.error("The assistant could not answer just now (the error is logged). "
                         "Please try again in a moment.")
                return
        shown = ShownAnswer.from_result(result, session.conversation_id, session.assistant.label)
        app.answers.add(user.employee.employee_id, shown)
        answer_details(shown, cfg, app, user, earlier)


def show_turn(shown: ShownAnswer, cfg: Settings, app: AppStores, user: SignedIn,
              earlier: list[ShownAnswer]) -> None:
    """One question (as typed, never interpreted) and its answer."""
    with st.chat_message("user"):
        st.markdown(escape_markdown(shown.question))
    with st.chat_message("assistant"):
        answer_details(shown, cfg, app, user, earlier)


def answer_details(shown: ShownAnswer, cfg: Settings, app: AppStores, user: SignedIn,
                   earlier: list[ShownAnswer]) -> None:
    """The answer, its sources and tool calls, the footer and the feedback controls."""
    st.markdown(answer_markdown(shown.answer))
    if shown.sources:
        with st.expander(f"Sources ({len(shown.sources)})", icon=":material/menu_book:"):
            for hit in shown.sources:
                st.markdown(f"**{escape_markdown(hit['document'])}** › "
                            f"{escape_markdown(hit['section'])} · relevance {hit['score']:.2f}")
                st.caption(escape_markdown(defang_urls(shorten(hit["text"], 350))))
    if shown.tool_calls:
        with st.expander(f"Tool calls ({len(shown.tool_calls)})", icon=":material/build:"):
            for call in shown.tool_calls:
                args = ", ".join(f"{k}={v!r}" for k, v in call["args"].items() if v is not None)
                st.markdown(f"`{call['name']}({args})` · {call['seconds'] * 1000:,.0f} ms")
                tool_result(call["result"])
    if shown.from_memory:
        st.caption("From the conversation memory (details were not recorded).")
    else:
        st.caption(f"{footer(shown.timings, shown.usage, shown.model)} · {shown.prompt} · "
                   f"{shown.model_label}")
    feedback_controls(app.feedback, user, shown, earlier, cfg.memory_turns)


def tool_result(result: Any) -> None:
    """A tool result as a table when it is rows (balances, claims), else as JSON."""
    rows = result.get("claims") if isinstance(result, dict) and "claims" in result else result
    if isinstance(result, dict) and "count" in result and "claims" in result:
        st.caption(f"{result['count']:,} matching claims" + (
            f", showing {len(rows)}" if len(rows) < result["count"] else ""))
    if isinstance(rows, list) and rows and all(isinstance(r, dict) for r in rows):
        st.dataframe(pd.DataFrame(rows), hide_index=True)
    elif isinstance(rows, list) and not rows:
        st.caption("No rows.")
    elif isinstance(result, dict | list):
        st.json(json.loads(json.dumps(result, default=str)), expanded=False)
    else:
        st.code(str(result), language=None)
