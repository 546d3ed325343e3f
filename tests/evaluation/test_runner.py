"""The runner's limits: a hanging case is cancelled and recorded as a timeout within the run's
time bound, its spend is kept, `retry_errors` reruns only it, and errors are explicit rows."""

from __future__ import annotations

import json
import threading
import time

import pandas as pd
import pytest

from workbench.agent import AgentResult
from workbench.agent.cancel import checkpoint
from workbench.agent.usage import Usage, record
from workbench.evaluation.analysis.compare import with_overall
from workbench.evaluation.analysis.summary import summarize
from workbench.evaluation.datasets.cases import Dataset, EvalCase
from workbench.evaluation.running import runner
from workbench.evaluation.scoring.scorers import Score, ScorerSpec, ScoringContext


def _case(i: int) -> EvalCase:
    return EvalCase(id=f"c{i}", split="dev", user="a@example.com", question=f"question {i}",
                    intent="balance", template=f"t{i % 2}")


DATASET = Dataset(name="tiny", cases=[_case(i) for i in range(6)])


def _result(question: str) -> AgentResult:
    return AgentResult(question=question, answer=f"answer to {question}", intent="balance",
                       refused=False, tool_calls=[], retrieved=[], timings={"total_s": 0.01},
                       usage=Usage(cost_usd=0.0), model="fake", prompt="fake@v0", prompt_hash="0")


class FakeAssistant:
    """Answers at once, except the questions in ``hang``, which take LM 'steps' forever.

    A hanging case checks the cancellation token before each step, like the real agent does at
    every tool call and LM request, and each step bills 10 prompt tokens.
    """

    def __init__(self, hang: set[str] = frozenset(), block: threading.Event | None = None,
                 fail: set[str] = frozenset()):
        self.hang, self.block, self.fail = hang, block, fail
        self.asked: list[str] = []
        self.steps_after_cancel = 0

    def session(self, user, remember=True):  # noqa: ANN001
        return self

    def ask(self, question, history=None):  # noqa: ANN001
        self.asked.append(question)
        if question in self.fail:
            raise RuntimeError("the agent fell over")
        if question in self.hang:
            if self.block is not None:  # uncooperative: never reaches a step boundary
                self.block.wait(60)
            while True:
                checkpoint()
                record(Usage(prompt_tokens=10, calls=1, lm_calls=1, cost_usd=0.001))
                time.sleep(0.02)
        return _result(question)


def _lines(run_dir) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "cases.jsonl").read_text().splitlines()]


def test_a_hanging_case_times_out_within_the_bound_and_retry_reruns_only_it(tmp_path):
    agent = FakeAssistant(hang={"question 2"})
    started = time.monotonic()
    rows = runner.run_cases(agent, DATASET, tmp_path, ScoringContext(), concurrency=2,
                            timeout_s=1.0, scorers=[])
    elapsed = time.monotonic() - started
    # The bound the runner promises: timeout × ceil(cases ÷ concurrency) + slack.
    assert elapsed <= runner.wall_time_limit(6, 2, 1.0)
    status = dict(zip(rows["case_id"], rows["status"], strict=True))
    assert status == {"c0": "ok", "c1": "ok", "c2": "timeout", "c3": "ok", "c4": "ok", "c5": "ok"}
    hung = rows.set_index("case_id").loc["c2"]
    assert "timed out after 1s" in hung["error"]
    # The abandoned case's LM spend is on its row, not lost.
    assert hung["prompt_tokens"] >= 10 and hung["cost_usd"] > 0 and hung["llm_calls"] >= 1
    # Cancelled at its next step: the thread has ended instead of looping on.
    assert not any(t.name == "eval-case-c2" and t.is_alive() for t in threading.enumerate())

    summary = summarize(rows)
    assert summary["timeouts.count"] == 1 and summary["errors.count"] == 0
    assert summary["errors.rate"] == pytest.approx(1 / 6)
    assert not with_overall(rows).set_index("case_id").loc["c2", "pass.overall"]

    # A plain resume has nothing left to do; --retry-errors reruns only the timed-out case.
    again = FakeAssistant()
    runner.run_cases(again, DATASET, tmp_path, ScoringContext(), concurrency=2, timeout_s=1.0, scorers=[])
    assert again.asked == []
    retried = runner.run_cases(again, DATASET, tmp_path, ScoringContext(), concurrency=2, timeout_s=1.0,
                               scorers=[], retry_errors=True)
    assert again.asked == ["question 2"]
    assert list(retried["case_id"]) == [c.id for c in DATASET.cases]
    assert set(retried["status"]) == {"ok"}
    # The row was replaced, not duplicated.
    lines = _lines(tmp_path)
    assert sorted(r["case_id"] for r in lines) == [c.id for c in DATASET.cases]


def test_a_case_that_never_reaches_a_step_does_not_hold_its_slot(tmp_path):
    gate = threading.Event()
    agent = FakeAssistant(hang={"question 0"}, block=gate)
    try:
        started = time.monotonic()
        rows = runner.run_cases(agent, DATASET, tmp_path, ScoringContext(), concurrency=1,
                                timeout_s=0.5, scorers=[])
        elapsed = time.monotonic() - started
    finally:
        gate.set()  # let the stuck thread reach its checkpoint and stop
    assert elapsed <= runner.wall_time_limit(6, 1, 0.5)
    assert list(rows["status"]) == ["timeout", "ok", "ok", "ok", "ok", "ok"]


def test_agent_and_scorer_errors_are_their_own_status_never_a_pass(tmp_path, monkeypatch):
    def fine(case, result, ctx):  # noqa: ANN001
        return Score(1.0, True, "fine")

    def boom(case, result, ctx):  # noqa: ANN001
        if case.id == "c1":
            raise ZeroDivisionError("division by zero")
        return Score(1.0, True, "fine")

    specs = [ScorerSpec("fine", fine, "binary", "always passes"),
             ScorerSpec("boom", boom, "binary", "raises on c1")]
    monkeypatch.setattr(runner, "list_scorers", lambda include_judged=True: specs)
    agent = FakeAssistant(fail={"question 3"})
    rows = runner.run_cases(agent, DATASET, tmp_path, ScoringContext(), timeout_s=5.0).set_index("case_id")

    assert rows.loc["c3", "status"] == "error" and "the agent fell over" in rows.loc["c3", "error"]
    assert rows.loc["c1", "status"] == "ok"
    assert rows.loc["c1", "error.boom"] == "ZeroDivisionError: division by zero"
    assert pd.isna(rows.loc["c1", "pass.boom"]) and pd.isna(rows.loc["c1", "score.boom"])
    assert rows.loc["c1", "pass.fine"]  # the other scorers still scored the case

    overall = with_overall(rows.reset_index()).set_index("case_id")["pass.overall"]
    assert not overall["c1"] and not overall["c3"] and overall[["c0", "c2", "c4", "c5"]].all()
    summary = summarize(rows.reset_index())
    assert summary["errors.count"] == 2 and summary["timeouts.count"] == 0
    assert summary["boom.pass_rate"] == pytest.approx(4 / 6)  # both errored cases count as failures
    assert summary["fine.pass_rate"] == pytest.approx(5 / 6)  # the agent error fails every scorer


def test_timeout_must_be_positive(tmp_path):
    with pytest.raises(ValueError, match="timeout_s must be positive"):
        runner.run_cases(FakeAssistant(), DATASET, tmp_path, ScoringContext(), timeout_s=0)


def test_run_cases_works_inside_a_running_event_loop(tmp_path):
    # Notebooks call the runner from a thread that already runs an asyncio loop.
    import asyncio

    async def inside_a_loop():
        return runner.run_cases(FakeAssistant(), DATASET, tmp_path, ScoringContext(), scorers=[])

    rows = asyncio.run(inside_a_loop())
    assert list(rows["status"]) == ["ok"] * 6


def test_interrupting_a_run_leaves_unfinished_cases_pending_not_timed_out(tmp_path):
    # Cancelling the run (Ctrl-C) is not a case time-out: a resume must run those cases again.
    import asyncio

    gate = threading.Event()
    agent = FakeAssistant(hang={"question 1"}, block=gate)
    run = runner._Run(agent, ScoringContext(), [], None, tmp_path / "cases.jsonl", {}, None, 1, 30.0)

    async def interrupt():
        task = asyncio.create_task(run.all(DATASET.cases[:3]))
        await asyncio.sleep(0.5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    try:
        asyncio.run(interrupt())
    finally:
        gate.set()
    assert {r["case_id"]: r["status"] for r in _lines(tmp_path)} == {"c0": "ok"}
