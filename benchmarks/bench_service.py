"""Load test of the REST API on loopback: N concurrent clients for S seconds against W uvicorn workers.

    python benchmarks/bench_service.py                       # 50 clients, 60 s, 2 workers
    python benchmarks/bench_service.py --clients 4 --seconds 5   # tiny, for CI
    python benchmarks/bench_service.py --redis-url redis://127.0.0.1:6379/0   # workers share Redis

The server runs the offline baseline over the worktree's data (`workbench setup` first) with a
throw-away app database, so tokens, memory and feedback from the run are not kept. Every client
has its own token and asks questions in its own conversation. The per-token rate limit is raised
for the run (``--rate-limit``, 0 = none) so the figures measure the service, not the limiter; any
429 is still counted and reported apart from errors. Everything is bounded: the server gets
``--ready-timeout`` seconds to become ready, each request ``--request-timeout`` seconds, and the
server is stopped at the end whatever happens. Writes benchmarks/results/service.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

from workbench.claims import ClaimsStore
from workbench.config import Settings
from workbench.service.auth import ApiTokens

RESULTS = Path(__file__).parent / "results" / "service.json"
# Generic questions written for the benchmark (not taken from any eval split).
QUESTIONS = [
    "How much dental balance do I have left?",
    "Show my rejected claims.",
    "What is my total claimed amount this year?",
    "How do I submit an optical claim?",
    "Is teeth whitening covered?",
    "What is the status of my latest claim?",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int, app_db: Path, rate_limit: int, redis_url: str | None,
                 log: Path) -> subprocess.Popen:
    env = dict(os.environ, WORKBENCH_APP_DB=str(app_db), WORKBENCH_RATE_LIMIT_PER_MINUTE=str(rate_limit),
               WORKBENCH_MODEL="offline")
    if redis_url:
        env["WORKBENCH_REDIS_URL"] = redis_url
    command = [sys.executable, "-m", "uvicorn", "workbench.service.app:app_from_env", "--factory",
               "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
               "--log-level", "warning", "--no-access-log"]
    return subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


async def wait_ready(base: str, proc: subprocess.Popen, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    async with httpx.AsyncClient(timeout=5) as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise SystemExit(f"the server exited with code {proc.returncode} before it was ready")
            try:
                if (await client.get(f"{base}/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(1)
    raise SystemExit(f"the server was not ready after {timeout_s:g} s")


async def run_client(base: str, token: str, index: int, until: float, request_timeout: float,
                     latencies: list[float], outcomes: Counter) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    conversation = None
    turn = index
    async with httpx.AsyncClient(timeout=request_timeout, headers=headers) as client:
        while time.monotonic() < until:
            body = {"question": QUESTIONS[turn % len(QUESTIONS)]}
            if conversation:
                body["conversation_id"] = conversation
            turn += 1
            start = time.perf_counter()
            try:
                response = await client.post(f"{base}/v1/ask", json=body)
            except httpx.HTTPError as exc:
                outcomes[type(exc).__name__] += 1
                continue
            elapsed = time.perf_counter() - start
            outcomes[str(response.status_code)] += 1
            if response.status_code == 200:
                latencies.append(elapsed)
                conversation = response.json()["conversation_id"]
            elif response.status_code == 429:
                wait = float(response.headers.get("retry-after", "1"))
                await asyncio.sleep(max(0.0, min(wait, until - time.monotonic())))  # never past the end


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


async def main_async(args: argparse.Namespace) -> dict:
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="bench-service-") as tmp:
        app_db = Path(tmp) / "app.sqlite"
        with ClaimsStore(settings.claims_db) as store:
            emails = list(store.users(args.clients).email)
            tokens = ApiTokens(app_db)
            issued = [tokens.issue(store, emails[i % len(emails)], name="bench").token for i in range(args.clients)]
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start_server(port, args.workers, app_db, args.rate_limit, args.redis_url, Path(tmp) / "server.log")
        try:
            started = time.monotonic()
            await wait_ready(base, proc, args.ready_timeout)
            ready_s = time.monotonic() - started
            latencies: list[float] = []
            outcomes: Counter = Counter()
            load_before = os.getloadavg()[0]
            begin = time.monotonic()
            until = begin + args.seconds
            await asyncio.wait_for(
                asyncio.gather(*(run_client(base, t, i, until, args.request_timeout, latencies, outcomes)
                                 for i, t in enumerate(issued))),
                timeout=args.seconds + args.request_timeout + 30)
            wall = time.monotonic() - begin
            load_after = os.getloadavg()[0]
            async with httpx.AsyncClient(timeout=10) as client:
                metrics_sample = (await client.get(f"{base}/metrics")).text
        finally:
            stop_server(proc)
            server_log = (Path(tmp) / "server.log").read_text(errors="replace")[-2000:]
    ok = outcomes.get("200", 0)
    errors = {k: v for k, v in outcomes.items() if k not in ("200", "429")}
    return {
        "clients": args.clients, "seconds": args.seconds, "workers": args.workers,
        "redis": bool(args.redis_url), "rate_limit_per_minute": args.rate_limit,
        "model": "offline", "server_ready_s": round(ready_s, 1), "wall_s": round(wall, 2),
        "requests": sum(outcomes.values()), "ok": ok, "rate_limited": outcomes.get("429", 0),
        "errors": errors, "throughput_rps": round(ok / wall, 2),
        "latency_s": {"p50": _round(percentile(latencies, 50)), "p95": _round(percentile(latencies, 95)),
                      "p99": _round(percentile(latencies, 99)), "max": _round(max(latencies, default=None))},
        "metrics_scraped_from_one_worker": sum(1 for line in metrics_sample.splitlines()
                                               if line.startswith("workbench_http_requests_total")),
        # The machine is shared: the 1-minute load average says how much else was running.
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_avg_1m_before": round(load_before, 1), "load_avg_1m_after": round(load_after, 1)},
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "server_log_tail": server_log if errors else "",
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rate-limit", type=int, default=0, help="per-token requests per minute (0 = no limit)")
    parser.add_argument("--redis-url", default=None, help="workers share Redis (memory, limiter, cache)")
    parser.add_argument("--ready-timeout", type=float, default=240)
    parser.add_argument("--request-timeout", type=float, default=120)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    if not 1 <= args.clients <= 500 or not 0 < args.seconds <= 600:
        parser.error("--clients must be 1..500 and --seconds 0..600 (the run is bounded)")
    result = asyncio.run(main_async(args))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(json.dumps(result, indent=2) + "\n")
    tmp.replace(args.out)
    print(json.dumps({k: v for k, v in result.items() if k != "server_log_tail"}, indent=2))
    if result["errors"]:
        raise SystemExit(f"errors other than 429: {result['errors']}")


if __name__ == "__main__":
    main()
