"""Prometheus metrics for the API, served at ``/metrics``.

Each app gets its own registry, so tests (and several apps in one process) never share
counters. With several uvicorn workers each worker counts its own requests; scrape each one,
or put them behind Prometheus' multiprocess mode (see docs/deployment.md).
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

__all__ = ["CONTENT_TYPE_LATEST", "ServiceMetrics"]

_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class ServiceMetrics:
    """The API's counters and histograms."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("workbench_http_requests", "HTTP requests by route and status",
                                ["method", "route", "status"], registry=r)
        self.latency = Histogram("workbench_http_request_seconds", "Request latency by route",
                                 ["route"], buckets=_LATENCY_BUCKETS, registry=r)
        self.answers = Counter("workbench_answers", "Questions answered, by model and intent",
                               ["model", "intent"], registry=r)
        self.llm_tokens = Counter("workbench_llm_tokens", "LLM tokens billed", ["kind"], registry=r)
        self.llm_cost = Counter("workbench_llm_cost_usd", "LLM cost in US dollars (priced models)",
                                registry=r)
        self.llm_cost_unknown = Counter("workbench_llm_cost_unknown",
                                        "Answers whose cost is unknown (unpriced model)", registry=r)
        self.cache_hits = Counter("workbench_llm_cache_hits", "LLM requests answered from the cache",
                                  registry=r)
        self.errors = Counter("workbench_errors", "Failed requests by error type", ["type"], registry=r)
        self.rate_limited = Counter("workbench_rate_limited", "Requests refused with 429", registry=r)

    def observe_usage(self, model: str, intent: str | None, usage) -> None:
        """Count one answer and what it used (a ``workbench.agent.usage.Usage``)."""
        self.answers.labels(model, intent or "unknown").inc()
        self.llm_tokens.labels("prompt").inc(usage.prompt_tokens)
        self.llm_tokens.labels("completion").inc(usage.completion_tokens)
        self.cache_hits.inc(usage.cache_hits)
        if usage.cost_usd is None:
            self.llm_cost_unknown.inc()
        else:
            self.llm_cost.inc(usage.cost_usd)

    def render(self) -> bytes:
        """The exposition text."""
        return generate_latest(self.registry)
