"""Run one variant (prompt version × model) over a dataset: concurrent, time-limited, resumable.

Cases run as asyncio tasks under a semaphore of ``concurrency`` slots, as inspect_ai runs
samples. The agent is synchronous, so each case's work runs in its own daemon thread with a
copy of the context; the task waits for it with ``asyncio.wait_for``. When a case passes its
time limit the task records it as ``timeout`` at once, frees its slot, and sets the case's
``CancelToken``: the agent checks the token at every tool call and LM request
(``workbench.agent.cancel.checkpoint``), so the abandoned thread stops at its next step.
A thread that never reaches a step boundary cannot be stopped, but it no longer holds a slot,
and being a daemon it cannot keep the process alive.

The run's wall time is bounded too: ``timeout_s × ceil(cases ÷ concurrency) + slack``; cases not
finished by then are recorded as ``timeout``.

Each finished case is appended to ``<run_dir>/cases.jsonl`` at once, so an interrupted run loses
no finished case: running again with the same run directory skips what is done, and with
``retry_errors`` reruns the cases that errored or timed out (their rows are replaced). Spend is
metered per case, so the tokens and cost of an abandoned case are on its ``timeout`` row.
"""

from __future__ import annotations

import asyncio
import contextvars
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbench.agent import ClaimsAssistant
from workbench.agent.cancel import Cancelled, CancelToken, cancel_scope
from workbench.agent.usage import Usage, meter
from workbench.evaluation.datasets.cases import Dataset, EvalCase
from workbench.evaluation.running.rows import append_row, error_row, read_rows, result_row, usage_fields, write_rows
from workbench.evaluation.scoring.scorers import ScoringContext, list_scorers
from workbench.evaluation.status import TIMEOUT, failed_cases

__all__ = ["Variant", "read_rows", "run_cases", "wall_time_limit"]

#: Seconds added to the run's wall-time bound for scheduling and writing rows.
SLACK_S = 5.0


@dataclass(frozen=True)
class Variant:
    """What is being evaluated."""

    prompt_version: str
    model: str

    @property
    def label(self) -> str:
        """e.g. ``v2 · offline``."""
        return f"{self.prompt_version} · {self.model}"


def wall_time_limit(cases: int, concurrency: int, timeout_s: float, slack_s: float = SLACK_S) -> float:
    """The longest a run of ``cases`` may take: ``timeout_s × ceil(cases ÷ concurrency) + slack_s``."""
    return timeout_s * math.ceil(cases / max(1, concurrency)) + slack_s


def run_cases(assistant: ClaimsAssistant, dataset: Dataset, run_dir: Path, ctx: ScoringContext,
              concurrency: int = 4, timeout_s: float = 60.0, scorers: list[str] | None = None,
              on_case: Callable[[dict], None] | None = None,
              trace: Callable[[EvalCase], AbstractContextManager] | None = None,
              retry_errors: bool = False) -> pd.DataFrame:
    """Answer and score every case not yet in ``run_dir``; return all rows in dataset order.

    Args:
        assistant: The variant under test.
        dataset: The cases.
        run_dir: Where ``cases.jsonl`` is kept (created; reused on resume).
        ctx: Scoring context (store, chunks, k).
        concurrency: Cases answered at once.
        timeout_s: Per-case time limit (answering and scoring); a case over it is cancelled and
            recorded with status ``timeout``.
        scorers: Scorer names (default: all non-judge scorers).
        on_case: Called with each finished row (progress bars).
        trace: Makes a context manager per case yielding ``(span, record)`` (MLflow tracing).
        retry_errors: Also rerun the cases already recorded as errored or timed out; their old
            rows are replaced.
    """
    if timeout_s <= 0:
        raise ValueError(f"timeout_s must be positive, got {timeout_s}.")
    run_dir.mkdir(parents=True, exist_ok=True)
    path = run_dir / "cases.jsonl"
    done = read_rows(path)
    if retry_errors and done:
        frame = pd.DataFrame(list(done.values()))
        retry = set(frame.loc[failed_cases(frame).to_numpy(), "case_id"])
        done = {k: v for k, v in done.items() if k not in retry}
        write_rows(path, list(done.values()))  # a kill from here on just leaves them pending
    pending = [c for c in dataset.cases if c.id not in done]
    specs = [s for s in list_scorers(include_judged=True) if scorers is None or s.name in scorers]
    if pending:
        run = _Run(assistant, ctx, specs, trace, path, done, on_case, max(1, concurrency), timeout_s)
        _run_coroutine(run.all(pending))
        write_rows(path, [done[c.id] for c in dataset.cases if c.id in done])  # one row per case
    return pd.DataFrame([done[c.id] for c in dataset.cases if c.id in done])


def _run_coroutine(coro) -> None:
    """``asyncio.run``, also from a thread that already runs a loop (Jupyter)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coro)
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(contextvars.copy_context().run, asyncio.run, coro).result()


@dataclass
class _Abandoned:
    """A timed-out case whose thread may still be finishing its current step."""

    case_id: str
    thread: threading.Thread
    usage: Usage


class _Run:
    """The state of one call of ``run_cases``: what is done, what was abandoned."""

    def __init__(self, assistant, ctx, specs, trace, path: Path, done: dict[str, dict],
                 on_case, concurrency: int, timeout_s: float):
        self.assistant, self.ctx, self.specs, self.trace = assistant, ctx, specs, trace
        self.path, self.done, self.on_case = path, done, on_case
        self.concurrency, self.timeout_s = concurrency, timeout_s
        self.abandoned: list[_Abandoned] = []
        self.out_of_time = False  # set when the run's wall-time bound passes

    def record(self, row: dict) -> None:
        append_row(self.path, row)
        self.done[row["case_id"]] = row
        if self.on_case:
            self.on_case(row)

    async def all(self, cases: list[EvalCase]) -> None:
        slots = asyncio.Semaphore(self.concurrency)
        tasks = [asyncio.create_task(self.one(case, slots)) for case in cases]
        limit = wall_time_limit(len(cases), self.concurrency, self.timeout_s)
        _, late = await asyncio.wait(tasks, timeout=limit)
        self.out_of_time = bool(late)
        for task in late:  # the run's bound passed: these cases become timeouts
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
        self._settle_abandoned()

    async def one(self, case: EvalCase, slots: asyncio.Semaphore) -> None:
        started = time.perf_counter()
        token, usage_box, thread, future = CancelToken(), [], None, None
        try:
            async with slots:
                started = time.perf_counter()
                loop = asyncio.get_running_loop()
                future = loop.create_future()
                thread = threading.Thread(target=contextvars.copy_context().run,
                                          args=(self._work, case, token, usage_box, loop, future),
                                          name=f"eval-case-{case.id}", daemon=True)
                thread.start()
                row = await asyncio.wait_for(future, self.timeout_s)
        except (TimeoutError, asyncio.CancelledError) as exc:
            seconds = time.perf_counter() - started
            token.cancel(f"timed out after {self.timeout_s:g}s")
            if isinstance(exc, asyncio.CancelledError) and not self.out_of_time:
                raise  # interrupted (Ctrl-C): the case stays pending for a resume, not a timeout
            usage = usage_box[0] if usage_box else Usage()
            if thread is not None:
                self.abandoned.append(_Abandoned(case.id, thread, usage))
            row = error_row(case, f"TimeoutError: timed out after {self.timeout_s:g}s "
                            f"(cancelled after {seconds:.1f}s)", seconds, usage, TIMEOUT)
        self.record(row)

    def _work(self, case: EvalCase, token: CancelToken, usage_box: list,
              loop: asyncio.AbstractEventLoop, future: asyncio.Future) -> None:
        """The case's thread: answer and score under the token and a usage meter."""
        start = time.perf_counter()
        with cancel_scope(token), meter() as usage:
            usage_box.append(usage)
            try:
                row = _run_case(self.assistant, case, self.ctx, self.specs, self.trace, usage)
            except Cancelled:
                return  # the task already recorded the timeout
            except BaseException as exc:  # noqa: BLE001 - the harness failed: record it, never a pass
                row = error_row(case, f"{type(exc).__name__}: {exc}", time.perf_counter() - start, usage)
        try:
            loop.call_soon_threadsafe(_resolve, future, row)
        except RuntimeError:  # the loop is closed: the run ended without this case
            pass

    def _settle_abandoned(self) -> None:
        """Give abandoned cases a moment to stop, then put their final spend on their rows.

        An LM request in flight when the case timed out still bills; waiting (bounded by
        ``SLACK_S`` in total) for the thread to reach its next checkpoint lets that spend land
        in the case's meter before the row is final.
        """
        deadline = time.monotonic() + SLACK_S
        for item in self.abandoned:
            item.thread.join(timeout=max(0.0, deadline - time.monotonic()))
            row = self.done.get(item.case_id)
            if row is not None and row.get("status") == TIMEOUT:
                row.update(usage_fields(item.usage))


def _resolve(future: asyncio.Future, row: dict) -> None:
    if not future.done():  # a timed-out case's future was cancelled already
        future.set_result(row)


def _run_case(assistant: ClaimsAssistant, case: EvalCase, ctx: ScoringContext, specs,
              trace: Callable[[EvalCase], AbstractContextManager] | None, usage: Usage) -> dict:
    start = time.perf_counter()
    with trace(case) if trace else nullcontext((None, None)) as (span, record):
        try:
            session = assistant.session(case.user, remember=False)
            result = session.ask(case.question, history=case.turns())
        except Exception as exc:  # noqa: BLE001 - every failure is recorded with its message
            return error_row(case, f"{type(exc).__name__}: {exc}", time.perf_counter() - start, usage)
        if record:
            record(result)
        row = result_row(case, result, ctx, specs)
        if span is not None:
            row["trace_id"] = span.trace_id
        return row
