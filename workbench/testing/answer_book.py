"""Answers to many eval cases, asked once per test session and shared by every test that reads them.

Several agent tests check a claim over *every* generated dev data case (intent accuracy, exact
numbers, "the learned switch never changes an answer the cascade got right"). Asking 2,000+ cases
again in each test, and embedding the same question again for each prompt version, was most of
their time. ``AnswerBook`` asks each (assistant, case) pair at most once and keeps the result;
the offline baseline is deterministic, so a kept answer is the answer a fresh ask would give.

While it asks, the MiniLM encoder remembers its outputs by exact input (the same texts in the
same order, same batch size): v1, v2 and v2 without its learned router embed the same question,
and the second and third ask get the first one's vectors. The forward pass is deterministic
(one BLAS thread), so a remembered vector is bit-identical to a recomputed one. The memo is in
place only inside ``AnswerBook.answer``; every other test embeds as the agent always does.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import numpy as np

from workbench.agent import AgentResult, ClaimsAssistant
from workbench.evaluation.datasets.cases import EvalCase
from workbench.knowledge import embeddings


class AnswerBook:
    """Named assistants' answers to eval cases, each asked once and then read from memory.

    Args:
        assistants: Name -> assistant (e.g. ``"v1"``, ``"v2"``, ``"v2-no-router"``).
    """

    def __init__(self, assistants: dict[str, ClaimsAssistant]):
        self.assistants = dict(assistants)
        self._answers: dict[tuple[str, str], AgentResult] = {}
        self._vectors: dict[tuple[tuple[str, ...], int], np.ndarray] = {}
        self.asked = 0  # fresh asks, for tests of this helper

    def answer(self, name: str, case: EvalCase) -> AgentResult:
        """``name``'s answer to ``case`` (asked with its earlier turns), asked on first request only."""
        key = (name, case.id)
        if key not in self._answers:
            with self._remembered_vectors():
                self._answers[key] = self.assistants[name].ask(case.user, case.question, case.turns())
            self.asked += 1
        return self._answers[key]

    def answers(self, name: str, cases: list[EvalCase]) -> dict[str, AgentResult]:
        """Case id -> ``name``'s answer, for each of ``cases`` (ids must be unique)."""
        out = {c.id: self.answer(name, c) for c in cases}
        if len(out) != len(cases):
            raise ValueError("case ids must be unique to key their answers")
        return out

    @contextlib.contextmanager
    def _remembered_vectors(self) -> Iterator[None]:
        encoder = embeddings.model()
        encode = encoder.encode

        def remembered(texts: list[str], batch_size: int = 64) -> np.ndarray:
            key = (tuple(texts), batch_size)
            if key not in self._vectors:
                self._vectors[key] = encode(texts, batch_size=batch_size)
            return self._vectors[key].copy()  # callers may not write into the kept array

        encoder.encode = remembered  # an instance attribute shadows the method for this block only
        try:
            yield
        finally:
            del encoder.encode
