"""The feedback controls under each answer: thumbs up/down, then an optional comment and answer.

A thumb is stored as soon as it is clicked; the comment and expected answer are added with
"Save". Everything goes to ``workbench.ui.feedback_store.FeedbackStore`` with the question,
answer, prompt version, model and trace id, ready for ``workbench feedback export``.
"""

from __future__ import annotations

import streamlit as st

from workbench.evaluation.datasets.cases import HistoryTurn
from workbench.ui.feedback_store import Feedback, FeedbackStore
from workbench.ui.state import SignedIn
from workbench.ui.transcript import ShownAnswer

_RATINGS = {1: "up", 0: "down"}  # st.feedback("thumbs") returns 1 for up, 0 for down


def feedback_controls(store: FeedbackStore, user: SignedIn, shown: ShownAnswer,
                      earlier: list[ShownAnswer], memory_turns: int) -> None:
    """Thumbs for one answer and, once rated, the comment / expected-answer form."""
    if shown.from_memory:
        return  # no record of the prompt and model that produced it: nothing to attach to
    employee_id = user.employee.employee_id
    saved = store.get(shown.trace_id, employee_id)
    value = st.feedback("thumbs", key=f"fb_rating_{shown.trace_id}",
                        default=None if saved is None else (1 if saved.rating == "up" else 0))
    rating = _RATINGS.get(value) if value is not None else None

    if rating is None:
        if saved is not None:  # the thumb was clicked again: withdrawn
            store.remove(shown.trace_id, employee_id)
        return
    if saved is None or saved.rating != rating:
        saved = store.record(_feedback(user, shown, earlier[-memory_turns:] if memory_turns else [],
                                       rating, saved))
    label = ("Thanks! Add a comment?" if rating == "up"
             else "Thanks. What should the answer have been?")
    with st.expander(label, expanded=False):
        with st.form(f"fb_form_{shown.trace_id}", border=False):
            comment = st.text_input("Comment (optional)", value=saved.comment or "",
                                    key=f"fb_comment_{shown.trace_id}")
            expected = st.text_area("Expected answer (optional)", value=saved.expected_answer or "",
                                    key=f"fb_expected_{shown.trace_id}", height=100)
            if st.form_submit_button("Save feedback"):
                saved.comment, saved.expected_answer = comment, expected
                store.record(saved)
                st.success("Feedback saved.")


def _feedback(user: SignedIn, shown: ShownAnswer, earlier: list[ShownAnswer], rating: str,
              saved: Feedback | None) -> Feedback:
    return Feedback(
        trace_id=shown.trace_id, employee_id=user.employee.employee_id,
        user_email=user.employee.email, rating=rating, question=shown.question,
        answer=shown.answer, prompt=shown.prompt, prompt_hash=shown.prompt_hash,
        model=shown.model, intent=shown.intent, refused=shown.refused,
        conversation_id=shown.conversation_id,
        comment=saved.comment if saved else None,
        expected_answer=saved.expected_answer if saved else None,
        history=[HistoryTurn(question=t.question, answer=t.answer, intent=t.intent)
                 for t in earlier])
