"""The session's answer book gives the answers a fresh ask gives, asks each case once, and leaves
the encoder as it found it."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.evaluation.datasets.cases import EvalCase, HistoryTurn
from workbench.knowledge import embeddings
from workbench.testing.answer_book import AnswerBook


def _cases(email: str) -> list[EvalCase]:
    # Written for this test (not taken from any eval case).
    return [
        EvalCase(id="ab-1", split="dev", user=email, question="how much dental balance do i have left",
                 intent="balance"),
        EvalCase(id="ab-2", split="dev", user=email, question="optical pula?", intent="balance",
                 history=[HistoryTurn(question="how much dental balance do i have left",
                                      answer="Dental: MYR 100.00 left.", intent="balance")]),
        EvalCase(id="ab-3", split="dev", user=email, question="Is counselling covered?", intent="policy_coverage"),
    ]


def test_kept_answers_equal_fresh_asks_and_each_case_is_asked_once(assistants, store):
    cases = _cases(store.users(1).email[0])
    book = AnswerBook(assistants)
    for name in ("v1", "v2"):
        kept = book.answers(name, cases)
        for case in cases:
            fresh = assistants[name].ask(case.user, case.question, case.turns())
            assert (kept[case.id].intent, kept[case.id].answer) == (fresh.intent, fresh.answer), (name, case.id)
    assert book.asked == 2 * len(cases)
    again = book.answers("v2", cases)
    assert book.asked == 2 * len(cases)  # read from memory, not asked again
    assert again["ab-1"] is book.answer("v2", cases[0])
    # v1 embedded the questions v2 asked again: the remembered vectors equal fresh ones bit for bit.
    assert book._vectors
    for (texts, batch_size), kept in book._vectors.items():
        assert np.array_equal(kept, embeddings.model().encode(list(texts), batch_size=batch_size))
    # Outside ``answer`` the encoder is the model's own again.
    assert "encode" not in vars(embeddings.model())


def test_duplicate_case_ids_are_refused(assistants, store):
    case = _cases(store.users(1).email[0])[0]
    book = AnswerBook(assistants)
    with pytest.raises(ValueError, match="unique"):
        book.answers("v2", [case, case])
