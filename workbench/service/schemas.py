"""Request and response bodies of the REST API (pydantic; they are the OpenAPI schema).

Request bodies forbid unknown fields: a body that tries to name a user (``"user": ...``) is
refused with 422 instead of being silently ignored, because the token alone decides the user.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from workbench.agent.assistant import MAX_QUESTION_CHARS

#: Conversation ids are short opaque strings (``UserMemory.new_conversation_id`` makes 12 hex).
CONVERSATION_ID = r"^[A-Za-z0-9_-]{1,64}$"
TRACE_ID = r"^[0-9a-f]{32}$"


class AskRequest(BaseModel):
    """A question, optionally continuing a conversation."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS,
                          description="The question, about your own claims and benefits or the policy.")
    conversation_id: str | None = Field(None, pattern=CONVERSATION_ID,
                                        description="Continue this conversation (omit to start one).")


class UsageOut(BaseModel):
    """What the answer used."""

    prompt_tokens: int
    completion_tokens: int
    cache_hits: int
    cost_usd: float | None = Field(description="US dollars; null when the model is not priced.")


class AskResponse(BaseModel):
    """The answer and how it was produced."""

    answer: str
    conversation_id: str
    trace_id: str
    intent: str | None
    refused: bool
    cited: list[str]
    model: str
    model_label: str
    prompt: str
    latency_s: float
    usage: UsageOut


class TurnOut(BaseModel):
    """One remembered question and answer."""

    question: str
    answer: str
    trace_id: str
    created_at: float
    intent: str | None
    refused: bool
    model: str
    prompt: str


class ConversationResponse(BaseModel):
    """One of your conversations, oldest turn first."""

    conversation_id: str
    turns: list[TurnOut]


class FeedbackRequest(BaseModel):
    """A rating of one of your answers (rating it again replaces the earlier rating)."""

    model_config = ConfigDict(extra="forbid")

    trace_id: str = Field(pattern=TRACE_ID, description="The answer's trace_id from /v1/ask.")
    rating: Literal["up", "down"]
    comment: str | None = Field(None, max_length=2000)
    expected_answer: str | None = Field(None, max_length=MAX_QUESTION_CHARS,
                                        description="What the answer should have been.")


class FeedbackResponse(BaseModel):
    """The stored rating."""

    trace_id: str
    rating: Literal["up", "down"]
    exportable: bool = Field(description="Whether `workbench feedback export` can make an eval case of it.")


class Problem(BaseModel):
    """An error: what went wrong and how to fix it."""

    detail: str
