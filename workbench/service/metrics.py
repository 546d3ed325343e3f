"""Prometheus metrics for the API, served at ``/metrics``.

Each app gets its own registry, so tests (and several apps in one process) never share
counters. With several uvicorn workers, set ``PROMETHEUS_MULTIPROC_DIR``: every worker then
writes its counters to files in that folder (prometheus_client's multiprocess mode) and
``/metrics`` on any worker reports the sum over all of them.
"""

from __future__ import annotations

from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from workbench.errors import ConfigError

__all__ = ["CONTENT_TYPE_LATEST", "ServiceMetrics", "check_multiprocess_mode", "clear_multiprocess_dir"]

_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class ServiceMetrics:
    """The API's counters and histograms (summed over worker processes when ``multiprocess_dir`` is set)."""

    def __init__(self, multiprocess_dir: Path | None = None) -> None:
        self.multiprocess_dir = multiprocess_dir
        if multiprocess_dir is not None:
            check_multiprocess_mode()
            Path(multiprocess_dir).mkdir(parents=True, exist_ok=True)
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
        """The exposition text: this app's counters, or every worker's summed in multiprocess mode."""
        if self.multiprocess_dir is None:
            return generate_latest(self.registry)
        from prometheus_client.multiprocess import MultiProcessCollector

        merged = CollectorRegistry()
        MultiProcessCollector(merged, path=str(self.multiprocess_dir))
        return generate_latest(merged)


def clear_multiprocess_dir(path: Path) -> None:
    """Empty the multiprocess folder before the workers start (old workers' files would be counted)."""
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink()


def check_multiprocess_mode() -> None:
    """Raise ``ConfigError`` unless prometheus_client writes its values to PROMETHEUS_MULTIPROC_DIR."""
    from prometheus_client import values

    # prometheus_client picks file-backed values when it is imported, from the process
    # environment: a folder given only in .env would leave every worker counting alone.
    if values.ValueClass is values.MutexValue:
        raise ConfigError("PROMETHEUS_MULTIPROC_DIR must be set in the server's environment before it "
                          "starts (not only in .env): export it, then run `workbench serve`.")
