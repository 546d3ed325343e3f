"""What the chat page showed, kept so a reload shows the conversation as it was.

The agent's memory (``workbench.agent.memory``) keeps questions and answers for the agent's
context. The app also needs each answer's sources, tool calls, timings and cost to show it
again after a reload, and to attach feedback to it; ``AnswerLog`` keeps those, per employee
and conversation, in the app database. Every read filters on the signed-in employee id.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from workbench.agent import AgentResult
from workbench.agent.memory import Turn
from workbench.evaluation.scoring.scorers import observed_intent
from workbench.ui.appdb import connect

_SCHEMA = """
CREATE TABLE IF NOT EXISTS chat_answers (
    trace_id TEXT PRIMARY KEY,
    employee_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    created_at REAL NOT NULL,
    details TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chat_answers_by_conversation
    ON chat_answers (employee_id, conversation_id, created_at);
"""


@dataclass
class ShownAnswer:
    """One question and answer as the chat page shows it."""

    question: str
    answer: str
    trace_id: str
    conversation_id: str
    created_at: float = field(default_factory=time.time)
    #: The routed intent, or for an LLM answer the one its tool calls imply.
    intent: str | None = None
    refused: bool = False
    model: str = ""
    model_label: str = ""
    prompt: str = ""
    prompt_hash: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    usage: dict[str, Any] = field(default_factory=dict)
    sources: list[dict[str, Any]] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    #: True for a turn known only from the agent's memory (no sources or timings to show).
    from_memory: bool = False

    @classmethod
    def from_result(cls, result: AgentResult, conversation_id: str,
                    model_label: str) -> ShownAnswer:
        """The view of a fresh answer."""
        u = result.usage
        return cls(
            question=result.question, answer=result.answer, trace_id=result.trace_id,
            conversation_id=conversation_id, intent=observed_intent(result),
            refused=result.refused,
            model=result.model, model_label=model_label, prompt=result.prompt,
            prompt_hash=result.prompt_hash, timings=dict(result.timings),
            usage={"prompt_tokens": u.prompt_tokens, "completion_tokens": u.completion_tokens,
                   "cost_usd": u.cost_usd, "cache_hits": getattr(u, "cache_hits", 0)},
            sources=[{"document": h.document, "section": h.section, "text": h.text,
                      "score": float(h.score), "chunk_id": h.chunk_id} for h in result.retrieved],
            tool_calls=[{"name": c.name, "args": c.args, "result": c.result, "seconds": c.seconds}
                        for c in result.tool_calls])

    @classmethod
    def from_turn(cls, turn: Turn, conversation_id: str) -> ShownAnswer:
        """The view of a remembered turn the app did not log (asked with ``workbench chat``)."""
        return cls(question=turn.question, answer=turn.answer,
                   trace_id=str(turn.meta.get("trace_id") or f"memory-{turn.created_at}"),
                   conversation_id=conversation_id, created_at=turn.created_at,
                   intent=turn.meta.get("intent"), from_memory=True)


class AnswerLog:
    """The ``chat_answers`` table."""

    def __init__(self, path: Path, ttl_hours: float = 24.0):
        self.path, self.ttl_s = Path(path), ttl_hours * 3600
        with connect(self.path, _SCHEMA):
            pass

    def add(self, employee_id: str, shown: ShownAnswer) -> None:
        """Keep one answer."""
        details = json.dumps(asdict(shown), ensure_ascii=False, default=str)
        with connect(self.path) as con:
            con.execute("INSERT OR REPLACE INTO chat_answers VALUES (?, ?, ?, ?, ?)",
                        (shown.trace_id, employee_id, shown.conversation_id,
                         shown.created_at, details))

    def conversation(self, employee_id: str, conversation_id: str,
                     remembered: list[Turn] = (), now: float | None = None) -> list[ShownAnswer]:
        """This employee's unexpired answers in one conversation, oldest first.

        ``remembered`` (the agent's memory of the conversation) fills in turns the app did not
        log, so the page never hides context the agent is using.
        """
        cutoff = (now or time.time()) - self.ttl_s
        with connect(self.path) as con:
            rows = con.execute(
                """SELECT details FROM chat_answers
                   WHERE employee_id = ? AND conversation_id = ? AND created_at >= ?
                   ORDER BY created_at""", (employee_id, conversation_id, cutoff)).fetchall()
        shown = [_load(d) for (d,) in rows]
        logged = {s.trace_id for s in shown}
        extra = [ShownAnswer.from_turn(t, conversation_id) for t in remembered
                 if t.meta.get("trace_id") not in logged]
        return sorted(shown + extra, key=lambda s: s.created_at)

    def get(self, employee_id: str, trace_id: str) -> ShownAnswer | None:
        """One of this employee's answers."""
        with connect(self.path) as con:
            row = con.execute("SELECT details FROM chat_answers "
                              "WHERE employee_id = ? AND trace_id = ?",
                              (employee_id, trace_id)).fetchone()
        return _load(row[0]) if row else None


def _load(details: str) -> ShownAnswer:
    # Fields added in later versions get their defaults; fields since dropped are ignored.
    known = {f.name for f in fields(ShownAnswer)}
    return ShownAnswer(**{k: v for k, v in json.loads(details).items() if k in known})
