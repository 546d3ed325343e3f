"""The REST API: FastAPI over the same assistant, memory, answer log and feedback store as the chat.

``create_app(settings)`` builds the app; ``workbench serve`` runs it under uvicorn. The handlers
are async; everything that computes or touches a database (token checks, DuckDB, embedding,
the offline agent, an LLM call through DSPy) runs in worker threads so the event loop stays free.
A request that passes ``settings.request_timeout_s`` gets 504; its worker thread cannot be
interrupted, so it is abandoned (its answer is still remembered when it finishes) and a capacity
limiter bounds how many threads can be busy at once.
"""

# No `from __future__ import annotations` here: FastAPI reads the handlers' annotations at
# run time, and the `Caller` alias is local to `_routes`.
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

import anyio
from fastapi import Depends, FastAPI, HTTPException, Path, Request, Response
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from workbench.agent import AgentResult, ClaimsAssistant
from workbench.config import Settings
from workbench.errors import UnknownUserError, WorkbenchError
from workbench.evaluation.datasets.cases import HistoryTurn
from workbench.limits import Limiter, rate_limiter
from workbench.service.auth import ApiTokens, TokenInfo
from workbench.service.limits import BodySizeLimit
from workbench.service.logging import UserHasher, log_event, service_logger
from workbench.service.metrics import CONTENT_TYPE_LATEST, ServiceMetrics
from workbench.service.schemas import (
    CONVERSATION_ID,
    AskRequest,
    AskResponse,
    ConversationResponse,
    FeedbackRequest,
    FeedbackResponse,
    Problem,
    TurnOut,
    UsageOut,
)
from workbench.service.tracing import traced
from workbench.ui.feedback_store import Feedback, FeedbackStore, feedback_case
from workbench.ui.transcript import AnswerLog, ShownAnswer

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_ERRORS: dict = {code: {"model": Problem} for code in (401, 403, 404, 429, 503, 504)}


@dataclass
class ServiceState:
    """What every request shares: stores, limiter, metrics, logger; the assistant once ready."""

    settings: Settings
    tokens: ApiTokens
    feedback: FeedbackStore
    answers: AnswerLog
    limiter: Limiter
    metrics: ServiceMetrics
    logger: logging.Logger
    user_hash: UserHasher
    threads: anyio.CapacityLimiter
    assistant: ClaimsAssistant | None = None
    not_ready: str | None = "starting"


def create_app(settings: Settings, assistant: ClaimsAssistant | None = None,
               log_stream=None) -> FastAPI:
    """The API app; it opens the claims DB and the index at start-up unless given an assistant."""
    state = ServiceState(
        settings=settings, tokens=ApiTokens(settings.app_db), feedback=FeedbackStore(settings.app_db),
        answers=AnswerLog(settings.app_db, settings.memory_ttl_hours),
        limiter=rate_limiter(settings, settings.rate_limit_per_minute),
        metrics=ServiceMetrics(settings.prometheus_multiproc_dir),
        logger=service_logger(log_stream),
        user_hash=UserHasher.from_file(settings.data_dir / "service" / "log_hash_key"),
        threads=anyio.CapacityLimiter(8))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await _open(state, assistant)
        yield

    app = FastAPI(title="Claims Assistant API", version="1", lifespan=lifespan,
                  description="Answers an employee's questions about their own claims and benefits, "
                              "and policy questions. Every /v1 call needs a bearer token from "
                              "`workbench tokens issue --user EMAIL`; the token decides the user.")
    app.state.service = state
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes,
                       on_refused=lambda scope: scope.setdefault("state", {}).update(error_type="body_too_large"))
    app.middleware("http")(_observe(state))
    _routes(app, state)
    _error_handlers(app, state)
    return app


def app_from_env() -> FastAPI:
    """The app with settings from the environment (the factory uvicorn workers import)."""
    return create_app(Settings())


async def _open(state: ServiceState, assistant: ClaimsAssistant | None) -> None:
    def open_all() -> ClaimsAssistant:
        opened = assistant or ClaimsAssistant(state.settings)
        if opened.resources.index.count() == 0:
            raise WorkbenchError("the knowledge index is empty: run `workbench kb ingest`")
        opened.resources.store.query("SELECT 1")
        return opened

    try:
        state.assistant = await anyio.to_thread.run_sync(open_all)
        state.not_ready = None
        log_event(state.logger, "ready", model=state.assistant.model, prompt=state.assistant.prompt.label)
    except WorkbenchError as exc:
        state.not_ready = str(exc)
        log_event(state.logger, "not_ready", logging.ERROR, reason=str(exc))


def _observe(state: ServiceState) -> Callable:
    async def middleware(request: Request, call_next):
        given = request.headers.get("x-request-id", "")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        request.state.request_id = request_id
        start = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
        except Exception as exc:  # noqa: BLE001 - counted and logged, then answered as 500
            request.state.error_type = type(exc).__name__
            response = JSONResponse({"detail": f"Internal error (request id {request_id})."}, 500)
        elapsed = time.perf_counter() - start
        route = getattr(request.scope.get("route"), "path", "unmatched")
        state.metrics.requests.labels(request.method, route, str(status)).inc()
        state.metrics.latency.labels(route).observe(elapsed)
        fields = dict(getattr(request.state, "log", {}))
        if status >= 400:
            error_type = getattr(request.state, "error_type", None) or f"http_{status}"
            state.metrics.errors.labels(error_type).inc()
            fields["error"] = error_type
        log_event(state.logger, "request", logging.INFO if status < 500 else logging.ERROR,
                  request_id=request_id, method=request.method, route=route, status=status,
                  latency_ms=round(elapsed * 1000, 1), user=getattr(request.state, "user", None), **fields)
        response.headers["X-Request-ID"] = request_id
        return response

    return middleware


_bearer = HTTPBearer(auto_error=False, description="A token from `workbench tokens issue --user EMAIL`.")


def _caller(state: ServiceState) -> Callable:
    async def authenticated(request: Request, credentials: Annotated[
            HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> TokenInfo:
        if credentials is None:
            request.state.error_type = "unauthenticated"
            raise HTTPException(401, "Missing bearer token: send `Authorization: Bearer <token>` "
                                     "(issue one with `workbench tokens issue --user EMAIL`).",
                                headers={"WWW-Authenticate": "Bearer"})
        info = await run_in_threadpool(state.tokens.verify, credentials.credentials)
        if info is None:
            request.state.error_type = "unauthenticated"
            raise HTTPException(401, "Unknown or revoked token: issue a new one with "
                                     "`workbench tokens issue --user EMAIL`.",
                                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        request.state.user = state.user_hash(info.employee_id)
        decision = await run_in_threadpool(state.limiter.acquire, f"api:{info.token_id}")
        if not decision.allowed:
            request.state.error_type = "rate_limited"
            state.metrics.rate_limited.inc()
            raise HTTPException(429, f"Rate limit of {state.limiter.limit} requests per minute "
                                     f"reached; retry in {decision.retry_after_whole_s} s.",
                                headers={"Retry-After": str(decision.retry_after_whole_s)})
        return info

    return authenticated


def _ready(state: ServiceState, request: Request) -> ClaimsAssistant:
    if state.assistant is None:
        request.state.error_type = "not_ready"
        raise HTTPException(503, f"The service is not ready: {state.not_ready}.")
    return state.assistant


def _routes(app: FastAPI, state: ServiceState) -> None:
    Caller = Annotated[TokenInfo, Depends(_caller(state))]  # noqa: N806 - a type alias

    @app.get("/healthz", tags=["ops"])
    async def healthz() -> dict[str, str]:
        """Liveness: the process answers (no token needed)."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["ops"], responses={503: {"model": Problem}})
    async def readyz() -> JSONResponse:
        """Readiness: 200 only when the claims database and the knowledge index are open."""
        if state.assistant is None:
            return JSONResponse({"status": "not ready", "detail": state.not_ready}, 503)
        try:
            chunks = await run_in_threadpool(_check_stores, state.assistant)
        except Exception as exc:  # noqa: BLE001 - any failure to reach a store means not ready
            return JSONResponse({"status": "not ready", "detail": type(exc).__name__}, 503)
        return JSONResponse({"status": "ready", "model": state.assistant.label,
                             "prompt": state.assistant.prompt.label, "chunks": chunks})

    @app.get("/metrics", tags=["ops"], response_class=Response)
    async def metrics() -> Response:
        """Prometheus metrics (no token needed; expose it only to the scraper's network)."""
        return Response(state.metrics.render(), media_type=CONTENT_TYPE_LATEST)

    @app.post("/v1/ask", tags=["assistant"], response_model=AskResponse,
              responses={**_ERRORS, 400: {"model": Problem}, 413: {"model": Problem}})
    async def ask(body: AskRequest, request: Request, caller: Caller) -> AskResponse:
        """Answer a question as the token's user, remembering it in the conversation."""
        assistant = _ready(state, request)
        start = time.perf_counter()

        def work() -> tuple[str, AgentResult]:
            session = assistant.session(caller.employee_id, body.conversation_id)
            with traced(state.settings, request.state.request_id, session.conversation_id) as record:
                result = session.ask(body.question)
                record(result)
            state.answers.add(caller.employee_id, ShownAnswer.from_result(
                result, session.conversation_id, assistant.label))
            return session.conversation_id, result

        try:
            with anyio.fail_after(state.settings.request_timeout_s):
                conversation_id, result = await anyio.to_thread.run_sync(
                    work, abandon_on_cancel=True, limiter=state.threads)
        except TimeoutError as exc:
            request.state.error_type = "timeout"
            raise HTTPException(504, f"No answer within {state.settings.request_timeout_s:g} s; "
                                     "try again or ask a simpler question.") from exc
        except UnknownUserError as exc:
            request.state.error_type = "unknown_user"
            raise HTTPException(403, "This token's user is no longer in the claims database; "
                                     "ask for a new token.") from exc
        u = result.usage
        state.metrics.observe_usage(result.model, result.intent, u)
        request.state.log = {"conversation": conversation_id, "trace_id": result.trace_id,
                             "model": result.model, "prompt": result.prompt,
                             "prompt_tokens": u.prompt_tokens, "completion_tokens": u.completion_tokens,
                             "cost_usd": u.cost_usd, "cache_hits": u.cache_hits, "intent": result.intent}
        return AskResponse(
            answer=result.answer, conversation_id=conversation_id, trace_id=result.trace_id,
            intent=result.intent, refused=result.refused, cited=result.cited, model=result.model,
            model_label=assistant.label, prompt=result.prompt,
            latency_s=round(time.perf_counter() - start, 4),
            usage=UsageOut(prompt_tokens=u.prompt_tokens, completion_tokens=u.completion_tokens,
                           cache_hits=u.cache_hits, cost_usd=u.cost_usd))

    @app.get("/v1/conversations/{conversation_id}", tags=["assistant"],
             response_model=ConversationResponse, responses=_ERRORS)
    async def conversation(conversation_id: Annotated[str, Path(pattern=CONVERSATION_ID)],
                           request: Request, caller: Caller) -> ConversationResponse:
        """One of your conversations (another user's conversation id is simply not found)."""
        assistant = _ready(state, request)

        def load() -> list[ShownAnswer]:
            remembered = assistant.memory.for_user(caller.employee_id).history(conversation_id)
            return state.answers.conversation(caller.employee_id, conversation_id, remembered)

        shown = await run_in_threadpool(load)
        if not shown:
            request.state.error_type = "not_found"
            raise HTTPException(404, f"You have no conversation {conversation_id!r} (it may have "
                                     f"expired after {state.settings.memory_ttl_hours:g} hours).")
        return ConversationResponse(conversation_id=conversation_id, turns=[
            TurnOut(question=s.question, answer=s.answer, trace_id=s.trace_id, created_at=s.created_at,
                    intent=s.intent, refused=s.refused, model=s.model, prompt=s.prompt) for s in shown])

    @app.post("/v1/feedback", tags=["assistant"], status_code=201, response_model=FeedbackResponse,
              responses={**_ERRORS, 413: {"model": Problem}})
    async def feedback(body: FeedbackRequest, request: Request, caller: Caller) -> FeedbackResponse:
        """Rate one of your answers; stored like the chat's feedback (`workbench feedback export`)."""
        def store() -> Feedback | None:
            shown = state.answers.get(caller.employee_id, body.trace_id)
            if shown is None:
                return None
            return state.feedback.record(_feedback(state, caller, shown, body))

        saved = await run_in_threadpool(store)
        if saved is None:
            request.state.error_type = "not_found"
            raise HTTPException(404, f"You have no answer with trace id {body.trace_id}: rate an "
                                     "answer you were given (its trace_id is in the /v1/ask reply).")
        return FeedbackResponse(trace_id=saved.trace_id, rating=saved.rating,
                                exportable=feedback_case(saved) is not None)


def _check_stores(assistant: ClaimsAssistant) -> int:
    assistant.resources.store.query("SELECT 1")
    chunks = assistant.resources.index.count()
    if chunks == 0:
        raise WorkbenchError("the knowledge index is empty")
    return chunks


def _feedback(state: ServiceState, caller: TokenInfo, shown: ShownAnswer, body: FeedbackRequest) -> Feedback:
    earlier = [s for s in state.answers.conversation(caller.employee_id, shown.conversation_id)
               if s.created_at < shown.created_at]
    turns = state.settings.memory_turns
    return Feedback(
        trace_id=shown.trace_id, employee_id=caller.employee_id, user_email=caller.email,
        rating=body.rating, question=shown.question, answer=shown.answer, prompt=shown.prompt,
        prompt_hash=shown.prompt_hash, model=shown.model, intent=shown.intent, refused=shown.refused,
        conversation_id=shown.conversation_id, comment=body.comment, expected_answer=body.expected_answer,
        history=[HistoryTurn(question=t.question, answer=t.answer, intent=t.intent)
                 for t in (earlier[-turns:] if turns else [])])


def _error_handlers(app: FastAPI, state: ServiceState) -> None:
    @app.exception_handler(WorkbenchError)
    async def user_error(request: Request, exc: WorkbenchError) -> JSONResponse:
        request.state.error_type = type(exc).__name__
        return JSONResponse({"detail": str(exc)}, 400)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        request.state.error_type = type(exc).__name__
        log_event(state.logger, "internal_error", logging.ERROR, exception=type(exc).__name__,
                  request_id=getattr(request.state, "request_id", None))
        return JSONResponse({"detail": "Internal error (request id "
                                       f"{getattr(request.state, 'request_id', '?')})."}, 500)
