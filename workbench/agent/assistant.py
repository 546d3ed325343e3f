"""The claims assistant: one object per (prompt version, model), one session per signed-in user.

``ClaimsAssistant`` loads the shared read-only resources once (claims store, knowledge index,
prompt version, LM). ``assistant.session(user)`` binds the tools and the memory to that user;
nothing asked in the session can change whose data the tools read.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from functools import cached_property

from workbench.agent.baseline import OfflineBaseline
from workbench.agent.memory import ConversationStore, Turn, UserMemory, format_history
from workbench.agent.tools import ToolCall, UserTools
from workbench.agent.usage import Usage, meter
from workbench.claims import ClaimsStore, Employee
from workbench.config import OFFLINE_MODEL, Settings
from workbench.errors import LLMError, WorkbenchError
from workbench.knowledge import Hit, KnowledgeIndex
from workbench.prompts import PromptVersion, load_prompt

#: The default question-length cap (``Settings.max_question_chars`` is the one applied).
MAX_QUESTION_CHARS: int = Settings.model_fields["max_question_chars"].default


@dataclass
class AgentResult:
    """Everything about one answer: the text, how it was produced, and what it cost."""

    question: str
    answer: str
    intent: str | None
    refused: bool
    tool_calls: list[ToolCall]
    retrieved: list[Hit]
    timings: dict[str, float]
    usage: Usage
    model: str
    prompt: str  # name@version
    prompt_hash: str
    cited: list[str] = field(default_factory=list)  # chunk ids the answer cites as its sources
    trace_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def retrieved_ids(self) -> list[str]:
        """Chunk ids of the retrieved passages, in rank order."""
        return [h.chunk_id for h in self.retrieved]

    @property
    def tools_used(self) -> set[str]:
        """Names of the tools the answer called."""
        return {c.name for c in self.tool_calls}

    def as_turn(self) -> Turn:
        """This answer as one turn of history, for a follow-up question."""
        return Turn(self.question, self.answer, 0.0, {"intent": self.intent})


@dataclass
class Resources:
    """Read-only resources shared by every session (safe to share across threads)."""

    store: ClaimsStore
    index: KnowledgeIndex

    @classmethod
    def open(cls, settings: Settings) -> Resources:
        """Open the claims database (PostgreSQL when ``claims_db_url`` is set) and the knowledge index."""
        return cls(ClaimsStore.from_settings(settings), KnowledgeIndex(settings))


class ClaimsAssistant:
    """The assistant for one prompt version and one model."""

    def __init__(self, settings: Settings, prompt: PromptVersion | str | None = None,
                 model: str | None = None, resources: Resources | None = None):
        self.settings = settings
        self.prompt = prompt if isinstance(prompt, PromptVersion) else load_prompt(
            settings.prompts_dir, settings.prompt_name, prompt or settings.prompt_version)
        self.model = model or settings.resolved_model
        self.resources = resources or Resources.open(settings)
        if self.is_offline:
            self.baseline = OfflineBaseline(self.prompt, settings.cache_dir,
                                            settings.prompts_dir / self.prompt.name / "learned_router")
        else:
            from workbench.agent.backends import resolve_lm  # dspy/litellm load only when needed

            self.lm = resolve_lm(self.model, settings)

    @property
    def is_offline(self) -> bool:
        """True for the deterministic baseline (no LLM)."""
        return self.model == OFFLINE_MODEL

    @property
    def label(self) -> str:
        """How the model is shown to people."""
        return "offline baseline (no LLM)" if self.is_offline else self.model

    @cached_property
    def program(self):
        """The DSPy program of this prompt version (one for every session and user)."""
        from workbench.agent.program import ClaimsProgram

        return ClaimsProgram(self.prompt, self.settings.max_tool_iters)

    @cached_property
    def memory(self) -> ConversationStore:
        """The persistent conversation memory (opened on first use): Redis when configured."""
        if self.settings.redis_url:
            from workbench.agent.redis_stores import RedisConversationStore
            from workbench.redis_client import redis_client

            return RedisConversationStore(redis_client(self.settings), self.settings.memory_ttl_hours,
                                          self.settings.memory_turns)
        return ConversationStore(self.settings.app_db, self.settings.memory_ttl_hours,
                                 self.settings.memory_turns)

    def session(self, user: str | Employee, conversation_id: str | None = None,
                remember: bool = True) -> AssistantSession:
        """A session bound to one signed-in user (email or employee id)."""
        identity = user.employee_id if isinstance(user, Employee) else user
        claims = self.resources.store.for_user(identity)
        tools = UserTools(claims, self.resources.index, k=self.settings.retrieval_k)
        memory = self.memory.for_user(claims.employee.employee_id) if remember else None
        return AssistantSession(self, tools, memory, conversation_id or UserMemory.new_conversation_id())

    def ask(self, user: str | Employee, question: str, history: list[Turn] | None = None) -> AgentResult:
        """One question from ``user`` with no stored memory (``history`` is the conversation so far)."""
        return self.session(user, remember=False).ask(question, history=history)


class AssistantSession:
    """One user's conversation with the assistant."""

    def __init__(self, assistant: ClaimsAssistant, tools: UserTools, memory: UserMemory | None,
                 conversation_id: str):
        self.assistant, self.tools, self.memory = assistant, tools, memory
        self.conversation_id = conversation_id

    @property
    def user(self) -> Employee:
        """The signed-in employee."""
        return self.tools.user.employee

    def history(self) -> list[Turn]:
        """The remembered turns of this conversation."""
        return self.memory.history(self.conversation_id) if self.memory else []

    def ask(self, question: str, history: list[Turn] | None = None) -> AgentResult:
        """Answer one question; the turn is remembered when the session has memory."""
        settings = self.assistant.settings
        question = _validate(question, settings.max_question_chars)
        turns = _capped(self.history() if history is None else history, settings.memory_turns,
                        settings.max_history_chars)
        self.tools.reset()
        start = time.perf_counter()
        with meter() as usage:
            if self.assistant.is_offline:
                out = self.assistant.baseline.answer(question, self.tools, turns)
                answer, intent, refused = out.answer, out.intent, out.refused
                cited = list(out.cited)
            else:
                pred = self._ask_llm(question, turns)
                answer, intent, refused = pred.answer, pred.intent, bool(pred.refused)
                cited = [str(c) for c in (pred.cited or [])]
        total = time.perf_counter() - start
        tool_s = sum(c.seconds for c in self.tools.calls)
        retrieval_s = sum(c.seconds for c in self.tools.calls if c.name == "search_policy")
        result = AgentResult(
            question=question, answer=answer, intent=intent, refused=bool(refused), cited=cited,
            tool_calls=list(self.tools.calls), retrieved=list(self.tools.hits),
            timings={"total_s": total, "tools_s": tool_s, "retrieval_s": retrieval_s,
                     ("compose_s" if self.assistant.is_offline else "llm_s"): total - tool_s},
            usage=usage if not self.assistant.is_offline else Usage(cost_usd=0.0),
            model=self.assistant.model, prompt=self.assistant.prompt.label,
            prompt_hash=self.assistant.prompt.content_hash)
        if self.memory:
            self.memory.append(self.conversation_id, question, answer,
                               {"intent": intent, "trace_id": result.trace_id})
        return result

    def _ask_llm(self, question: str, turns: list[Turn]):
        import dspy

        from workbench.agent.lm import llm_call_budget

        settings = self.assistant.settings
        try:
            with dspy.context(lm=self.assistant.lm), llm_call_budget(settings.max_llm_calls_per_answer):
                prediction = self.assistant.program(question=question, history=format_history(turns),
                                                    tools=self.tools)
        except WorkbenchError:
            raise
        except Exception as exc:  # noqa: BLE001 - a reply DSPy cannot parse is the model's fault, not a bug
            detail = " ".join(str(exc).split())[:200]
            raise LLMError(f"The model {self.assistant.model} gave a reply the assistant could not use "
                           f"({type(exc).__name__}: {detail}). Fix: ask again, or use another model.") from exc
        if not (prediction.answer or "").strip():
            raise LLMError(f"The model {self.assistant.model} gave an empty answer. Fix: ask again, "
                           "or use another model.")
        return prediction


def _validate(question: str, limit: int) -> str:
    question = (question or "").strip()
    if not question:
        raise WorkbenchError("The question is empty: type a question about your claims or benefits.")
    if len(question) > limit:
        raise WorkbenchError(f"The question is {len(question):,} characters long; the limit is "
                             f"{limit:,} (WORKBENCH_MAX_QUESTION_CHARS). Shorten it and ask again.")
    return question


def _capped(turns: list[Turn], max_turns: int, max_chars: int) -> list[Turn]:
    """The newest turns that fit both caps: a long conversation cannot grow the prompt without bound."""
    kept: list[Turn] = []
    used = 0
    for turn in reversed(turns[-max_turns:] if max_turns > 0 else []):
        used += len(turn.question) + len(turn.answer)
        if used > max_chars:
            break
        kept.append(turn)
    return kept[::-1]
