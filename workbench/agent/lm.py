"""An OpenAI-compatible chat LM for DSPy with a disk cache, retries, timeouts and usage metering.

``OpenAICompatibleLM`` talks to OpenAI or to any server that speaks its chat-completions API
(vLLM, Ollama, llama.cpp server) through the ``openai`` SDK. It owns the three things that make
evaluation runs cheap and honest:

- a SQLite cache keyed by model, messages and generation options (the prompt version's
  instructions are in the messages, so its hash is part of the key): a repeated request sends
  nothing and is reported as a cache hit. The server address is not in the key, as in DSPy's
  cache: the same model name served from two addresses shares entries;
- retries with exponential backoff on rate limits, timeouts, connection errors and 5xx, then one
  clear ``LLMError`` instead of a stack trace;
- a ``workbench.agent.usage.record`` for every request: tokens, HTTP attempts, cache hits and
  cost from the pricing table (``None`` for an unpriced model).

DSPy's own cache and retries are off for this LM, so the counts above are the only ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import re
import sqlite3
import threading
import time
import warnings
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import dspy
import openai
from openai.types.chat import ChatCompletion

from workbench.agent.cancel import checkpoint
from workbench.agent.pricing import cost_usd
from workbench.agent.usage import Usage, record
from workbench.errors import LLMError

# DSPy 3.4 deprecates BaseLM.forward() subclasses in favour of lm15 engines (removal planned for
# 3.5); the subclass interface is the stable, documented one in 3.4, so silence only that notice.
warnings.filterwarnings("ignore", message="Implementing custom LMs through BaseLM.forward",
                        category=DeprecationWarning)

#: Transient failures worth another attempt; anything else (bad key, unknown model) is not.
RETRYABLE = (openai.RateLimitError, openai.APITimeoutError, openai.APIConnectionError,
             openai.InternalServerError)

#: A reply that is not valid JSON (a proxy or server glitch): retried like a transient failure.
MALFORMED = (json.JSONDecodeError, openai.APIResponseValidationError)

# Options that configure the connection or DSPy's execution, never the completion itself.
_NOT_SENT = {"api_key", "api_base", "base_url", "timeout", "headers", "extra_headers",
             "num_retries", "cache", "rollout_id"}
# Kept in the cache key although not sent: DSPy uses rollout_id to ask for a fresh sample.
_KEY_ONLY = {"rollout_id"}
# Reasoning models accept only their default temperature.
_REASONING_MODEL = re.compile(r"^(o\d|gpt-5)")
#: Longest wait a server's Retry-After header may impose before the next attempt.
MAX_RETRY_AFTER_S = 30.0
# Anything shaped like an API key (OpenAI, Anthropic and most providers), for error messages.
_KEY_LIKE = re.compile(r"\b(?:sk|pk|rk)-[A-Za-z0-9_\-]{8,}")

# [LM requests left, limit] for the answer being produced; None outside llm_call_budget().
_budget: ContextVar[list[int] | None] = ContextVar("workbench_llm_call_budget", default=None)


@contextlib.contextmanager
def llm_call_budget(limit: int) -> Iterator[None]:
    """Allow at most ``limit`` LM requests (cache hits included) inside the block.

    An agent that keeps asking (a tool loop, a reply that never parses) gets one clear
    ``LLMError`` instead of spending without bound.
    """
    token = _budget.set([int(limit), int(limit)])
    try:
        yield
    finally:
        _budget.reset(token)


def spend_llm_call(model: str) -> None:
    """Count one LM request against the open budget; raise ``LLMError`` when it is spent."""
    budget = _budget.get()
    if budget is None:
        return
    if budget[0] <= 0:
        raise LLMError(f"The answer needed more than {budget[1]} requests to {model}; stopped there. "
                       "Fix: ask a simpler question, or raise WORKBENCH_MAX_LLM_CALLS_PER_ANSWER.")
    budget[0] -= 1


def redact(text: str, *secrets: str | None) -> str:
    """``text`` with the given secrets and anything shaped like an API key replaced by ``[redacted]``."""
    for secret in secrets:
        if secret and len(secret) >= 6:
            text = text.replace(secret, "[redacted]")
    return _KEY_LIKE.sub("[redacted]", text)


class ResponseCache:
    """A SQLite table of chat-completion responses keyed by request hash.

    Safe to share between threads and processes: each thread keeps one connection (opening,
    committing with a full fsync and closing a connection per call cost ~30 ms of every LLM call
    on the CI machine) and each write is a single transaction, so a reader never sees a
    half-written row. WAL with ``synchronous=NORMAL`` makes a commit durable against a crash of
    the process; a power cut may lose the last few responses, which a cache can afford.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, "
                         "model TEXT NOT NULL, response TEXT NOT NULL, created REAL NOT NULL)")

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30)
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        with conn:  # commits on success, rolls back on error
            yield conn

    def get(self, key: str) -> dict | None:
        """The stored response for a key, or ``None``."""
        with self._connect() as conn:
            row = conn.execute("SELECT response FROM responses WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, model: str, response: dict) -> None:
        """Store (or replace) the response for a key."""
        with self._connect() as conn:
            conn.execute("INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?)",
                         (key, model, json.dumps(response), time.time()))

    def __len__(self) -> int:
        with self._connect() as conn:
            return conn.execute("SELECT COUNT(*) FROM responses").fetchone()[0]


class OpenAICompatibleLM(dspy.BaseLM):
    """A DSPy LM over an OpenAI-compatible chat-completions endpoint.

    Args:
        model: The workbench model string, e.g. ``openai/gpt-4o-mini``; the ``openai/`` prefix
            is removed before it is sent, any other name is sent as is.
        api_key: The API key (local servers accept any placeholder).
        base_url: The server's base URL, or ``None`` for api.openai.com.
        cache_path: The SQLite response cache, or ``None`` for no cache.
        timeout_s: Seconds before one HTTP attempt is abandoned.
        max_retries: Further attempts after a transient failure.
        backoff_s: Wait before the first retry; doubled before each later one.
        temperature: Sampling temperature; 0 by default (reproducible evals), omitted for
            reasoning models, which accept only their default.
        max_tokens: Completion token limit, or ``None`` for the server's default.
    """

    def __init__(self, model: str, *, api_key: str, base_url: str | None = None,
                 cache_path: Path | None = None, timeout_s: float = 30.0, max_retries: int = 3,
                 backoff_s: float = 1.0, temperature: float | None = 0.0,
                 max_tokens: int | None = None):
        api_model = model.removeprefix("openai/")
        if _REASONING_MODEL.match(api_model):
            temperature = None
        # DSPy's cache and retries are off: this class does both, and counts them.
        super().__init__(model, temperature=temperature, max_tokens=max_tokens, cache=False,
                         num_retries=0)
        self.api_model = api_model
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.timeout_s = timeout_s
        self.response_cache = ResponseCache(cache_path) if cache_path else None
        self._api_key = api_key  # only to keep it out of error messages
        self._client = openai.OpenAI(api_key=api_key, base_url=base_url, timeout=timeout_s,
                                     max_retries=0)

    @property
    def endpoint(self) -> str:
        """The base URL requests go to, for messages."""
        return str(self._client.base_url).rstrip("/")

    def forward(self, prompt: str | None = None, messages: list[dict] | None = None,
                **kwargs: Any) -> ChatCompletion:
        """One chat completion: from the cache if this exact request was made before.

        Returns:
            An OpenAI ``ChatCompletion`` (``.choices[].message.content``, ``.usage``, ``.model``).

        Raises:
            LLMError: The request failed after retries, or failed in a way retries cannot fix.
        """
        checkpoint()  # a case cancelled by its time limit sends no further request
        spend_llm_call(self.model)
        options = {**self.kwargs, **kwargs}
        use_cache = options.get("cache", True) is not False and self.response_cache is not None
        body = {k: v for k, v in options.items() if k not in _NOT_SENT and v is not None}
        body["messages"] = messages or [{"role": "user", "content": prompt or ""}]
        key = self.cache_key(body, {k: options[k] for k in _KEY_ONLY if options.get(k) is not None})

        if use_cache and (cached := self.response_cache.get(key)) is not None:
            record(Usage(cache_hits=1, lm_calls=1, cost_usd=0.0))
            # A cache hit bills nothing; zero usage keeps DSPy's own tracker honest too.
            return ChatCompletion.model_validate(cached | {"usage": _ZERO_USAGE})

        response, attempts = self._create(body)
        usage = response.usage
        prompt_tokens = (usage.prompt_tokens or 0) if usage else 0
        completion_tokens = (usage.completion_tokens or 0) if usage else 0
        record(Usage(prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
                     calls=attempts, lm_calls=1,
                     cost_usd=cost_usd(self.model, prompt_tokens, completion_tokens)))
        if use_cache:
            self.response_cache.put(key, self.model, response.model_dump(mode="json"))
        return response

    async def aforward(self, prompt: str | None = None, messages: list[dict] | None = None,
                       **kwargs: Any) -> ChatCompletion:
        """``forward`` in a worker thread (the context, and so the usage meters, go along)."""
        return await asyncio.to_thread(self.forward, prompt, messages, **kwargs)

    def cache_key(self, body: dict, extra: dict | None = None) -> str:
        """sha256 of the model, the request body (messages and options) and ``extra``."""
        payload = {"model": self.model, "body": body, "extra": extra or {}}
        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()

    def _create(self, body: dict) -> tuple[ChatCompletion, int]:
        """Send the request, retrying transient failures; returns the response and attempts."""
        attempts = 1 + max(0, self.max_retries)
        for attempt in range(attempts):
            try:
                response = self._client.chat.completions.create(model=self.api_model, **body)
                return response, attempt + 1
            except (*RETRYABLE, *MALFORMED) as exc:
                if attempt + 1 == attempts:
                    record(Usage(calls=attempts, lm_calls=1))
                    raise LLMError(self._failure(exc, attempts)) from exc
                time.sleep(_retry_after(exc) or self.backoff_s * 2**attempt)
            except openai.APIError as exc:
                record(Usage(calls=attempt + 1, lm_calls=1))
                raise LLMError(self._failure(exc, attempt + 1)) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _failure(self, exc: Exception, attempts: int) -> str:
        detail = redact(" ".join(str(exc).split()), self._api_key)[:300]
        if isinstance(exc, openai.AuthenticationError):
            fix = "check the API key (OPENAI_API_KEY or WORKBENCH_OPENAI_API_KEY)"
        elif isinstance(exc, openai.NotFoundError):
            fix = "check the model name and WORKBENCH_OPENAI_BASE_URL"
        elif isinstance(exc, MALFORMED):
            fix = ("the server at WORKBENCH_OPENAI_BASE_URL returned a malformed reply; check that it "
                   "speaks the OpenAI API")
        elif isinstance(exc, RETRYABLE):
            fix = ("check the API key and WORKBENCH_OPENAI_BASE_URL, wait for the rate limit, or "
                   "raise WORKBENCH_LLM_TIMEOUT_S / WORKBENCH_LLM_MAX_RETRIES")
        else:
            fix = "check the model name, API key and WORKBENCH_OPENAI_BASE_URL"
        return (f"LLM request to {self.model} at {self.endpoint} failed after {attempts} "
                f"attempt(s): {type(exc).__name__}: {detail}. Fix: {fix}.")


def _retry_after(exc: Exception) -> float | None:
    """Seconds a 429/503 asks us to wait (``Retry-After``), capped at ``MAX_RETRY_AFTER_S``."""
    response = getattr(exc, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return min(MAX_RETRY_AFTER_S, max(0.0, float(value))) if value else None
    except ValueError:  # an HTTP date: fall back to our own backoff
        return None


_ZERO_USAGE = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
