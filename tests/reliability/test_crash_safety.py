"""Crash safety: SIGKILL an eval run, a knowledge-base ingest and the app stores at random points.

Each victim is a child process (``crash_driver.py``); the kill points are drawn with a fixed
seed. After the kills the work is resumed and compared with an uninterrupted run.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from workbench.config import PROJECT_ROOT
from workbench.evaluation.datasets.cases import Dataset, load_cases
from workbench.evaluation.running.runner import run_cases
from workbench.evaluation.scoring.scorers import ScoringContext
from workbench.knowledge import KnowledgeIndex, chunk_directory

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

SECTION = "7 Crash safety"
DRIVER = Path(__file__).with_name("crash_driver.py")
KILLS = 10
CASES = 30  # the whole smoke suite: enough room for 10 kills that each let 1-2 cases finish
READY_TIMEOUT_S = 300  # the child loads the embedding model; the machine may be busy
#: Columns that measure time or identify a trace: they differ between any two runs.
VOLATILE = {"latency_s", "tools_s", "retrieval_s", "trace_id"}


class Child:
    """A driver process whose stdout lines are read on a thread (so waiting is bounded)."""

    def __init__(self, env: dict, *args: str):
        self.proc = subprocess.Popen([sys.executable, str(DRIVER), *args], env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, cwd=PROJECT_ROOT)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.strip())

    def wait_for(self, predicate, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if any(predicate(line) for line in list(self.lines)):
                return True
            if self.proc.poll() is not None:
                time.sleep(0.1)  # let the reader drain
                return any(predicate(line) for line in list(self.lines))
            time.sleep(0.02)
        return False

    def kill(self) -> bool:
        """SIGKILL; True if the process was still working (a real kill, not a corpse)."""
        alive = self.proc.poll() is None
        if alive:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        return alive


def _env(settings, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")}
    env |= {"WORKBENCH_DATA_DIR": str(settings.data_dir), "WORKBENCH_CLAIMS_DB": str(settings.claims_db),
            "WORKBENCH_CHROMA_DIR": str(settings.chroma_dir), "WORKBENCH_CACHE_DIR": str(settings.cache_dir),
            "WORKBENCH_MODEL": "offline", "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(PROJECT_ROOT)}
    return env | extra


def _lines(path: Path) -> list[dict]:
    rows = []
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                pass  # a line torn by the kill; the runner ignores it too
    return rows


def _stable(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in VOLATILE}


def test_killed_eval_runs_resume_to_identical_results(session_settings, assistants, tmp_path, assurance):
    smoke = load_cases(session_settings.datasets_dir / "smoke.jsonl")[:CASES]
    cases_file = tmp_path / "cases.jsonl"
    cases_file.write_text("\n".join(c.model_dump_json() for c in smoke) + "\n", encoding="utf-8")
    dataset = Dataset(name="crash", cases=smoke)
    ctx = ScoringContext(assistants["v2"].resources.store, chunk_directory(session_settings.knowledge_dir))
    reference = run_cases(assistants["v2"], dataset, tmp_path / "uninterrupted", ctx, concurrency=2)

    run_dir = tmp_path / "killed"
    rng = random.Random(7)
    kills, killed_mid_run = [], 0
    env = _env(session_settings)
    for _ in range(KILLS):
        before = len(_lines(run_dir / "cases.jsonl"))
        if before >= CASES:
            break
        child = Child(env, "eval", str(run_dir), str(cases_file))
        assert child.wait_for(lambda line: line == "ready", READY_TIMEOUT_S), child.lines[-5:]
        # Kill points are progress-based (a busy or an idle machine kills at the same places),
        # plus a few random milliseconds so that a kill can land mid-case or mid-write.
        target = min(CASES - 1, before + rng.randint(1, 2))
        deadline = time.monotonic() + 120
        while len(_lines(run_dir / "cases.jsonl")) < target and child.proc.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(rng.uniform(0.0, 0.01))
        killed_mid_run += child.kill()
        kills.append(len(_lines(run_dir / "cases.jsonl")))
    # Resume (in this process: the same runner, the same variant) until everything is done.
    resumed = run_cases(assistants["v2"], dataset, run_dir, ctx, concurrency=2)

    written = [r["case_id"] for r in _lines(run_dir / "cases.jsonl")]
    duplicates = sorted({i for i in written if written.count(i) > 1})
    missing = sorted({c.id for c in smoke} - set(written))
    ref = {r["case_id"]: _stable(r) for r in reference.to_dict("records")}
    got = {r["case_id"]: _stable(r) for r in resumed.to_dict("records")}
    differing = sorted(i for i in ref if json.dumps(ref[i], sort_keys=True, default=str)
                       != json.dumps(got.get(i), sort_keys=True, default=str))
    identical = CASES - len(differing)
    assurance.record(SECTION, "SIGKILLed eval runs resume with per-case results identical to an "
                     "uninterrupted run, none lost or duplicated",
                     f"{len(kills)} SIGKILLs at seeded random points of a {CASES}-case offline run "
                     f"(cases done at each kill: {kills}), then --resume", CASES,
                     identical - len(duplicates) - len(missing), "",
                     note=f"{killed_mid_run} kills hit a working process")
    assurance.figure("eval-run kills survived", f"{killed_mid_run} of {len(kills)}",
                     "tests/reliability/test_crash_safety.py (SIGKILL, resume, compare)")
    assert len(kills) >= KILLS and killed_mid_run >= KILLS
    assert not duplicates and not missing and not differing, (duplicates, missing, differing)


def test_killed_ingest_leaves_a_consistent_index_and_reingest_completes(session_settings, tmp_path, assurance):
    kb = tmp_path / "kb"
    kb.mkdir()
    for name in ("documents-required.md", "exclusions.md", "faq.md", "how-to-claim.md"):
        shutil.copy(PROJECT_ROOT / "knowledge_base" / name, kb / name)
    settings = session_settings.with_overrides(knowledge_dir=kb, chroma_dir=tmp_path / "chroma")
    env = _env(settings, WORKBENCH_KNOWLEDGE_DIR=str(kb))
    rng = random.Random(8)
    kills = 0
    for _ in range(3):
        child = Child(env, "ingest")
        assert child.wait_for(lambda line: line == "ready", READY_TIMEOUT_S), child.lines[-5:]
        time.sleep(rng.uniform(0.05, 2.0))
        kills += child.kill()
    index = KnowledgeIndex(settings)
    report = index.ingest()
    chunks = {c.chunk_id: c.content_hash for c in chunk_directory(kb)}
    stored = index.collection.get(include=["metadatas"])
    stored_hashes = {i: m["content_hash"] for i, m in zip(stored["ids"], stored["metadatas"], strict=True)}
    again = index.ingest()
    checks = [stored_hashes == chunks, index.count() == len(chunks), again.embedded == 0,
              bool(index.search("what is excluded", k=3))]
    assurance.record(SECTION, "a SIGKILLed knowledge-base ingest leaves a consistent index; re-ingest completes",
                     f"3 SIGKILLs at seeded random points of an ingest ({len(chunks)} chunks), then re-ingest: "
                     "ids and hashes match the files, count matches, a second ingest embeds nothing, search works",
                     len(checks), sum(checks), "", note=f"re-ingest: {report}")
    assert all(checks), (report, len(stored_hashes), len(chunks))


def test_memory_and_feedback_survive_a_kill(tmp_path, assurance):
    from workbench.agent.memory import ConversationStore
    from workbench.ui.feedback_store import FeedbackStore

    app_db = tmp_path / "app.sqlite"
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")} | {
        "PYTHONPATH": str(PROJECT_ROOT), "WORKBENCH_DATA_DIR": str(tmp_path)}
    rng = random.Random(9)
    confirmed_total, kills = [], 0
    for _ in range(3):
        child = Child(env, "stores", str(app_db))
        assert child.wait_for(lambda line: line == "ready", READY_TIMEOUT_S), child.lines[-5:]
        child.wait_for(lambda line: line.startswith("ok "), 60)
        time.sleep(rng.uniform(0.05, 0.5))
        kills += child.kill()
        confirmed_total.append(max((int(x.split()[1]) for x in child.lines if x.startswith("ok ")), default=-1))
    with sqlite3.connect(app_db) as con:
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    memory = ConversationStore(app_db, ttl_hours=1e6, max_turns=10**9).for_user("E1001")
    turns = {t.question for t in memory.history("conv-crash")}
    feedback = {f.trace_id for f in FeedbackStore(app_db).all()}
    # Every write the child confirmed before its kill is there (the last run's confirmations).
    last = confirmed_total[-1]
    checks = [integrity == "ok", all(f"question {i}" in turns for i in range(last + 1)),
              all(f"t{i}" in feedback for i in range(last + 1))]
    memory.append("conv-after", "still writable?", "yes")
    checks.append(bool(memory.history("conv-after")))
    assurance.record(SECTION, "conversation memory and feedback survive a SIGKILL",
                     "3 SIGKILLs of a process writing turns and ratings; every confirmed write is present, "
                     "SQLite integrity_check ok, still writable", len(checks), sum(checks), "",
                     note=f"{kills} kills, {last + 1} confirmed writes in the last")
    assert all(checks), checks
