"""An LLM judge for ragas' LLM-graded metrics, routed through the workbench's own LM.

ragas 0.4's metric collections (``ragas.metrics.collections``) ask an "instructor" LLM for one
pydantic object per prompt. ``RagasJudgeLLM`` plays that part with the LM that
``workbench.agent.backends.resolve_lm`` gives for ``settings.judge_model``, so judge requests go
through the same disk cache, retries and usage metering as the agent's own requests: a re-run of
an unchanged eval makes no judge calls, and tokens and cost are counted. Answer relevancy's
embeddings come from the offline embedding model (``workbench.knowledge.embeddings``).

``Judge`` holds the LLM, the embeddings and one instance of each metric, and scores one case with
``judge.score(metric, **inputs)``; it keeps a running ``usage`` of all its requests.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import math
import os
import re
import threading
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import dspy
from pydantic import BaseModel, ValidationError

from workbench.agent.usage import Usage, meter
from workbench.config import Settings
from workbench.errors import LLMError, WorkbenchError

# ragas sends anonymous usage events to its vendor unless told not to; the workbench sends
# nothing anywhere it was not asked to.
os.environ.setdefault("RAGAS_DO_NOT_TRACK", "true")

from ragas.embeddings.base import BaseRagasEmbedding  # noqa: E402
from ragas.llms.base import InstructorBaseRagasLLM  # noqa: E402

__all__ = ["JUDGED_METRICS", "Judge", "JudgeError", "RagasJudgeLLM", "WorkbenchEmbeddings"]

#: The ragas metrics a ``Judge`` computes, by the names ``Judge.score`` takes.
JUDGED_METRICS = ("faithfulness", "answer_relevancy", "context_precision", "context_recall")

T = TypeVar("T", bound=BaseModel)

_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.IGNORECASE)


class JudgeError(WorkbenchError):
    """The judge could not grade a case (its LM failed, or its reply was not the JSON asked for)."""


class RagasJudgeLLM(InstructorBaseRagasLLM):
    """A ragas structured-output LLM whose requests go through a workbench (DSPy) LM.

    Each ragas prompt (which already states the JSON schema it wants) is sent as one user
    message; the reply is parsed into the requested pydantic model. A reply that does not parse
    gets one corrective request (the prompt, the bad reply and what is wrong with it: a
    different request, so it is not served from the cache that holds the bad reply); a second
    bad reply raises ``JudgeError``.

    Args:
        lm: The judge LM, e.g. from ``resolve_lm(settings.judge_model, settings)``; for OpenAI
            and OpenAI-compatible models this is ``OpenAICompatibleLM``, cached on disk.
    """

    def __init__(self, lm: dspy.BaseLM):
        self.lm = lm

    def generate(self, prompt: str, response_model: type[T]) -> T:
        """The judge's reply to ``prompt`` as a ``response_model`` instance.

        Raises:
            LLMError: The LM request failed after retries.
            JudgeError: The reply was not valid JSON for ``response_model``, twice.
        """
        reply = self._complete(prompt)
        try:
            return _parse(reply, response_model)
        except ValueError as exc:
            # One prompt string, not a chat turn: DSPy keeps lm("...") and deprecates messages=.
            prompt = (f"{prompt}{reply}\n\nThat output is not valid: {_one_line(exc)}.\n"
                      "Reply again with only a JSON object that matches the schema, nothing else.\nOutput: ")
        reply = self._complete(prompt)
        try:
            return _parse(reply, response_model)
        except ValueError as exc:
            raise JudgeError(f"the judge {self.lm.model} did not return valid JSON for "
                             f"{response_model.__name__}: {_one_line(exc)}") from exc

    async def agenerate(self, prompt: str, response_model: type[T]) -> T:
        """``generate`` in a worker thread (the context, and so the usage meters, go along)."""
        return await asyncio.to_thread(self.generate, prompt, response_model)

    def _complete(self, prompt: str) -> str:
        outputs = self.lm(prompt)
        first = outputs[0] if outputs else ""
        return (first.get("text") if isinstance(first, dict) else first) or ""


def _parse(reply: str, model: type[T]) -> T:
    """The first JSON object in ``reply`` (code fences allowed) validated as ``model``."""
    text = _FENCE.sub("", reply.strip())
    start = text.find("{")
    if start < 0:
        raise ValueError(f"no JSON object in {reply[:80]!r}")
    try:
        data, _ = json.JSONDecoder().raw_decode(text[start:])
        return model.model_validate(data)
    except (json.JSONDecodeError, ValidationError) as exc:
        raise ValueError(str(exc)) from exc


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


class WorkbenchEmbeddings(BaseRagasEmbedding):
    """The offline sentence-embedding model (all-MiniLM-L6-v2, shipped in a package) for ragas."""

    def __init__(self):
        super().__init__(cache=None)

    def embed_text(self, text: str, **kwargs: Any) -> list[float]:
        """One text's unit-length vector."""
        return self.embed_texts([text])[0]

    async def aembed_text(self, text: str, **kwargs: Any) -> list[float]:
        """``embed_text`` in a worker thread."""
        return await asyncio.to_thread(self.embed_text, text)

    def embed_texts(self, texts: list[str], **kwargs: Any) -> list[list[float]]:
        """Unit-length vectors, one per text, in one batch."""
        from workbench.knowledge.embeddings import embed

        return embed(list(texts)).tolist()

    async def aembed_texts(self, texts: list[str], **kwargs: Any) -> list[list[float]]:
        """``embed_texts`` in a worker thread."""
        return await asyncio.to_thread(self.embed_texts, texts)


class Judge:
    """ragas' LLM-judged metrics over one judge LM, with a running usage total.

    Args:
        lm: The judge LM (any DSPy ``BaseLM``; ``OpenAICompatibleLM`` caches on disk).
        embeddings: Embeddings for answer relevancy (default: the offline model).

    Attributes:
        model: The judge model string, for reasons and run params.
        usage: Tokens, HTTP calls, cache hits and cost of every judge request so far.
    """

    def __init__(self, lm: dspy.BaseLM, embeddings: BaseRagasEmbedding | None = None):
        from ragas.metrics.collections import (
            AnswerRelevancy,
            ContextPrecisionWithReference,
            ContextRecall,
            Faithfulness,
        )

        self.lm = lm
        self.model: str = lm.model
        self.llm = RagasJudgeLLM(lm)
        self.embeddings = embeddings or WorkbenchEmbeddings()
        self.usage = Usage()
        self._lock = threading.Lock()
        # strictness=1: at temperature 0 ragas' extra generated questions would be the same
        # request again, i.e. cache hits that add nothing but noise to the call counts.
        self.metrics = {
            "faithfulness": Faithfulness(llm=self.llm),
            "answer_relevancy": AnswerRelevancy(llm=self.llm, embeddings=self.embeddings, strictness=1),
            "context_precision": ContextPrecisionWithReference(llm=self.llm),
            "context_recall": ContextRecall(llm=self.llm),
        }

    @classmethod
    def from_settings(cls, settings: Settings) -> Judge | None:
        """The judge for ``settings.judge_model``, or ``None`` when no judge model is set.

        Raises:
            ConfigError: The judge model string is malformed or has no API key or base URL.
        """
        if not settings.judge_model:
            return None
        from workbench.agent.backends import resolve_lm

        return cls(resolve_lm(settings.judge_model, settings))

    def summary(self) -> dict[str, float]:
        """Run metrics for the judge's requests so far (``judge.cost_usd`` is NaN when unknown).

        Counted in this process only: on a resumed run, cases scored before the interruption
        are not included.
        """
        with self._lock:
            usage = self.usage
        return {"judge.lm_calls": float(usage.lm_calls), "judge.http_calls": float(usage.calls),
                "judge.cache_hits": float(usage.cache_hits), "judge.tokens": float(usage.total_tokens),
                "judge.cost_usd": math.nan if usage.cost_usd is None else float(usage.cost_usd)}

    def score(self, metric: str, **inputs: Any) -> float | None:
        """One ragas metric on one case.

        Args:
            metric: One of ``JUDGED_METRICS``.
            **inputs: The metric's ``ascore`` arguments (``user_input``, ``response``,
                ``retrieved_contexts``, ``reference``).

        Returns:
            The score in [0, 1], or ``None`` when ragas found nothing to grade (e.g. an answer
            with no statements).

        Raises:
            JudgeError: The judge's LM failed after retries or replied with unusable output.
        """
        with meter() as usage:
            try:
                result = _run(self.metrics[metric].ascore(**inputs))
            except (LLMError, JudgeError) as exc:
                raise JudgeError(f"Judge {self.model} could not grade {metric}: {_one_line(exc)}") from exc
            finally:
                with self._lock:
                    self.usage += usage
        value = float(result.value) if result.value is not None else math.nan
        return None if math.isnan(value) else min(1.0, max(0.0, value))


_R = TypeVar("_R")


def _run(coro: Coroutine[Any, Any, _R]) -> _R:
    """Run a coroutine to completion, also from code that already runs an event loop (Jupyter)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    context = contextvars.copy_context()  # keeps the usage meters of the caller
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(context.run, asyncio.run, coro).result()
