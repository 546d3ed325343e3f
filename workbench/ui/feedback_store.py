"""Feedback on the assistant's answers, and its export as eval cases.

People rate answers in the app (thumbs up/down, an optional comment and an optional expected
answer). Each rating is stored in the app database with what is needed to replay it: the
question, the conversation before it, the answer, and the prompt version, model and trace id
that produced it. ``feedback_cases`` turns ratings into ``EvalCase`` rows for the harness:

* thumbs-down with an expected answer → a case whose reference answer is the expected one;
* thumbs-up → a regression case whose reference answer is the answer given (or the expected
  answer, when the rater typed one), with the routed intent and refusal it showed;
* thumbs-down without an expected answer cannot be scored and is skipped (and counted).

Every case is tagged ``feedback`` and ``thumbs-up``/``thumbs-down``. The case's intent (a
slice label) is the intent the answer was routed to or implied by its tool calls; when none is
known it is ``out_of_scope`` and the case is tagged ``intent-unknown`` for a person to fix.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from workbench.errors import WorkbenchError
from workbench.evaluation.datasets.cases import EvalCase, Expected, HistoryTurn, write_cases
from workbench.prompts import INTENTS

Rating = Literal["up", "down"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    trace_id TEXT NOT NULL,
    employee_id TEXT NOT NULL,
    user_email TEXT NOT NULL,
    conversation_id TEXT,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT,
    expected_answer TEXT,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    history TEXT NOT NULL DEFAULT '[]',
    intent TEXT,
    refused INTEGER,
    prompt TEXT NOT NULL,
    prompt_hash TEXT,
    model TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (trace_id, employee_id)
);
"""


@dataclass
class Feedback:
    """One person's rating of one answer (one row per answer and rater; re-rating replaces it)."""

    trace_id: str
    employee_id: str
    user_email: str
    rating: Rating
    question: str
    answer: str
    prompt: str  # name@version
    model: str
    prompt_hash: str | None = None
    intent: str | None = None
    refused: bool | None = None
    conversation_id: str | None = None
    comment: str | None = None
    expected_answer: str | None = None
    history: list[HistoryTurn] = field(default_factory=list)
    created_at: float = field(default_factory=time.time)
    updated_at: float = field(default_factory=time.time)

    def __post_init__(self) -> None:
        if self.rating not in ("up", "down"):
            raise WorkbenchError(f"Feedback rating must be 'up' or 'down', not {self.rating!r}.")
        self.comment = (self.comment or "").strip() or None
        self.expected_answer = (self.expected_answer or "").strip() or None


_COLUMNS = ("trace_id", "employee_id", "user_email", "conversation_id", "rating", "comment",
            "expected_answer", "question", "answer", "history", "intent", "refused", "prompt",
            "prompt_hash", "model", "created_at", "updated_at")


class FeedbackStore:
    """The ``feedback`` table in the app database (``settings.app_db``)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        with self._connect() as con:
            con.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=10, isolation_level=None)) as con:
            con.execute("PRAGMA journal_mode=WAL")
            yield con

    def record(self, item: Feedback) -> Feedback:
        """Store a rating, replacing this rater's earlier rating of the same answer."""
        item.updated_at = time.time()
        previous = self.get(item.trace_id, item.employee_id)
        if previous is not None:
            item.created_at = previous.created_at
        row = {**{c: getattr(item, c) for c in _COLUMNS},
               "history": json.dumps([t.model_dump() for t in item.history], ensure_ascii=False),
               "refused": None if item.refused is None else int(item.refused)}
        with self._connect() as con:
            con.execute(f"INSERT OR REPLACE INTO feedback ({', '.join(_COLUMNS)}) "
                        f"VALUES ({', '.join('?' * len(_COLUMNS))})", [row[c] for c in _COLUMNS])
        return item

    def get(self, trace_id: str, employee_id: str) -> Feedback | None:
        """This rater's rating of one answer, if any."""
        found = self._select("WHERE trace_id = ? AND employee_id = ?", (trace_id, employee_id))
        return found[0] if found else None

    def remove(self, trace_id: str, employee_id: str) -> bool:
        """Withdraw a rating."""
        with self._connect() as con:
            return con.execute("DELETE FROM feedback WHERE trace_id = ? AND employee_id = ?",
                               (trace_id, employee_id)).rowcount > 0

    def all(self) -> list[Feedback]:
        """Every rating, oldest first."""
        return self._select("", ())

    def _select(self, where: str, params: tuple) -> list[Feedback]:
        with self._connect() as con:
            rows = con.execute(f"SELECT {', '.join(_COLUMNS)} FROM feedback {where} "
                               "ORDER BY created_at, trace_id", params).fetchall()
        out = []
        for values in rows:
            row = dict(zip(_COLUMNS, values, strict=True))
            row["history"] = [HistoryTurn(**t) for t in json.loads(row["history"])]
            row["refused"] = None if row["refused"] is None else bool(row["refused"])
            out.append(Feedback(**row))
        return out


@dataclass(frozen=True)
class FeedbackCases:
    """Eval cases made from feedback, and the ratings that could not become one."""

    cases: list[EvalCase]
    skipped: list[Feedback]


def feedback_case(item: Feedback) -> EvalCase | None:
    """The eval case one rating stands for (None for thumbs-down without an expected answer)."""
    if item.rating == "down" and not item.expected_answer:
        return None
    version = item.prompt.rsplit("@", 1)[-1]
    tags = ["feedback", f"thumbs-{item.rating}", f"prompt-{version}"]
    intent = item.intent if item.intent in INTENTS else None
    if intent is None:
        tags.append("intent-unknown")
    if item.rating == "up":
        expected = Expected(reference_answer=item.expected_answer or item.answer,
                            intent=intent, refusal=bool(item.refused))
    else:
        expected = Expected(reference_answer=item.expected_answer)
    return EvalCase(id=f"feedback-{item.trace_id[:16]}", split="dev", user=item.user_email,
                    question=item.question, history=item.history,
                    intent=intent or "out_of_scope", tags=tags, expected=expected)


def feedback_cases(items: Iterable[Feedback]) -> FeedbackCases:
    """Cases for every rating that can be scored, in rating order (one case per answer).

    Case ids come from the trace id, so an answer rated twice (by two raters) keeps the most
    recently updated rating: a suite may not repeat an id.
    """
    latest: dict[str, Feedback] = {}
    for item in sorted(items, key=lambda f: f.updated_at):
        latest[item.trace_id] = item
    cases, skipped = [], []
    for item in sorted(latest.values(), key=lambda f: (f.created_at, f.trace_id)):
        case = feedback_case(item)
        if case is None:
            skipped.append(item)
        else:
            cases.append(case)
    return FeedbackCases(cases, skipped)


def export_feedback(store: FeedbackStore, path: Path) -> FeedbackCases:
    """Write all scorable feedback to ``path`` as an eval suite (JSONL); nothing when empty."""
    out = feedback_cases(store.all())
    if out.cases:
        write_cases(path, out.cases)
    return out
