"""MLflow traces of the agent's steps for API requests, when ``settings.service_tracing`` is on.

The agent span is opened around the answer, so its start and end are the real ones. Tool calls
are recorded as child spans after the answer with their measured duration in the ``seconds``
attribute (the tools record how long each call took, not when it started).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from workbench.config import Settings

EXPERIMENT = "workbench-service"
_configured: set[str] = set()
_lock = threading.Lock()


@contextmanager
def traced(settings: Settings, request_id: str, conversation_id: str) -> Iterator[Callable]:
    """A context whose ``record(result)`` adds the answer and its tool calls to a trace (or nothing)."""
    if not settings.service_tracing:
        yield lambda result: None
        return
    import mlflow

    with _lock:
        if settings.mlflow_tracking_uri not in _configured:
            mlflow.set_tracking_uri(settings.mlflow_tracking_uri)
            mlflow.set_experiment(EXPERIMENT)
            _configured.add(settings.mlflow_tracking_uri)
    with mlflow.start_span(name="claims_assistant", span_type="AGENT") as span:
        # The question is the user's own text about their benefits: kept in the trace store,
        # which is as private as the app database, never in the logs.
        span.set_attributes({"request_id": request_id, "conversation_id": conversation_id})

        def record(result) -> None:
            span.set_inputs({"question": result.question})
            for call in result.tool_calls:
                with mlflow.start_span(name=call.name, span_type="TOOL") as child:
                    child.set_inputs(call.args)
                    child.set_outputs({"result": call.result})
                    child.set_attribute("seconds", call.seconds)
            span.set_outputs({"answer": result.answer, "intent": result.intent, "refused": result.refused})
            span.set_attributes({f"timing.{k}": v for k, v in result.timings.items()}
                                | {"model": result.model, "prompt": result.prompt,
                                   "trace_id": result.trace_id})

        yield record
