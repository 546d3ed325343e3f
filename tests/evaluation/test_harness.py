"""The eval harness end to end: datasets, resume after a kill, the gate, and the LLM path."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
import yaml
from typer.testing import CliRunner

from workbench.errors import DataError
from workbench.evaluation import gate as gates
from workbench.evaluation.datasets.cases import load_cases
from workbench.evaluation.experiment import evaluate
from workbench.testing import FakeOpenAI

# Columns that legitimately differ between two runs of the same cases.
VOLATILE = ("latency_s", "tools_s", "retrieval_s", "trace_id", "reason.latency")


def _stable(rows):
    keep = [c for c in rows.columns if c not in VOLATILE and not c.endswith("_s")]
    return rows[keep].sort_values("case_id").reset_index(drop=True)


# Datasets ------------------------------------------------------------------------------------

GOOD = {"id": "c1", "split": "dev", "user": "a@example.com", "question": "What is my dental balance?",
        "intent": "balance", "expected": {"numbers": [1.0]}}


@pytest.mark.parametrize(("line", "message"), [
    ("{not json", ":2: not valid JSON"),
    (json.dumps({k: v for k, v in GOOD.items() if k != "question"} | {"id": "c2"}), ":2: field 'question'"),
    (json.dumps(GOOD | {"id": "c2", "intent": "gossip"}), ":2: field 'intent'"),
    (json.dumps(GOOD | {"id": "c2", "expected": {"numbers": "many"}}), ":2: field 'expected.numbers"),
    (json.dumps(GOOD), ":2: duplicate case id 'c1'"),
])
def test_bad_dataset_rows_name_file_line_and_field(tmp_path, line, message):
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="cases.jsonl") as err:
        load_cases(path)
    assert message in str(err.value)


def test_shipped_suites_are_valid_and_big_enough(session_settings):
    sizes = {s: len(load_cases(session_settings.datasets_dir / f"{s}.jsonl")) for s in ("smoke", "full", "security")}
    assert 25 <= sizes["smoke"] <= 40 and sizes["full"] >= 200 and sizes["security"] >= 30


# Resume ----------------------------------------------------------------------------------------

def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from workbench.cli import main; main()", *args]


@pytest.mark.slow
def test_a_killed_run_resumes_to_the_same_table(session_settings, resources):
    env = os.environ | {"WORKBENCH_DATA_DIR": str(session_settings.data_dir),
                        "WORKBENCH_CLAIMS_DB": str(session_settings.claims_db)}
    runs = session_settings.data_dir / "runs"
    before = set(runs.iterdir()) if runs.exists() else set()
    proc = subprocess.Popen(_cli("eval", "run", "--suite", "smoke", "--prompt", "v2", "--model", "offline",
                                 "--concurrency", "1", "--split", "all"), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        written = 0
        while time.monotonic() < deadline and proc.poll() is None:
            new = set(runs.iterdir()) - before if runs.exists() else set()
            if new and (rows := next(iter(new)) / "cases.jsonl").exists():
                written = len(rows.read_text().splitlines())
                if written >= 10:
                    break
            time.sleep(0.2)
        assert proc.poll() is None, "the run finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    run_dir = next(iter(set(runs.iterdir()) - before))
    done_at_kill = len([line for line in (run_dir / "cases.jsonl").read_text().splitlines() if line.strip()])
    smoke = len(load_cases(session_settings.datasets_dir / "smoke.jsonl"))
    assert 10 <= done_at_kill < smoke

    resumed = evaluate(session_settings, "smoke", "v2", "offline", resume=run_dir.name, resources=resources)
    assert resumed.run_id == run_dir.name
    straight = evaluate(session_settings, "smoke", "v2", "offline", resources=resources)
    assert len(resumed.rows) == len(straight.rows) == smoke
    assert _stable(resumed.rows).equals(_stable(straight.rows))
    assert resumed.summary["intent.pass_rate"] == straight.summary["intent.pass_rate"]


# Gate ------------------------------------------------------------------------------------------

@pytest.fixture
def broken_prompts(tmp_path, session_settings):
    """A prompts folder with v2 and a 'v9' whose routing examples are shifted to the wrong intents."""
    folder = tmp_path / "prompts"
    shutil.copytree(session_settings.prompts_dir, folder)
    spec = yaml.safe_load((folder / "claims_assistant" / "v2.yaml").read_text())
    routing = spec["baseline"]["routing"]
    names = list(routing)
    spec["baseline"]["routing"] = {names[i]: routing[names[i - 1]] for i in range(len(names))}
    spec["version"] = "v9"
    (folder / "claims_assistant" / "v9.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
    return folder


@pytest.mark.slow
def test_gate_passes_v2_and_fails_a_broken_prompt(session_settings, broken_prompts, monkeypatch, tmp_path):
    from workbench.cli import app

    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(session_settings.data_dir))
    monkeypatch.setenv("WORKBENCH_CLAIMS_DB", str(session_settings.claims_db))
    monkeypatch.setenv("WORKBENCH_PROMPTS_DIR", str(broken_prompts))
    runner = CliRunner()
    good = runner.invoke(app, ["eval", "gate", "--suite", "smoke", "--prompt", "v2", "--model", "offline",
                               "--out", str(tmp_path / "good")])
    assert good.exit_code == 0, good.output
    bad = runner.invoke(app, ["eval", "gate", "--suite", "smoke", "--prompt", "v9", "--model", "offline",
                              "--out", str(tmp_path / "bad")])
    assert bad.exit_code == 1
    summary = (tmp_path / "bad" / "gate-smoke.md").read_text()
    assert "intent.pass_rate" in summary and "FAIL" in summary
    junit = (tmp_path / "bad" / "gate-smoke.xml").read_text()
    assert "<failure" in junit and "<failure" not in (tmp_path / "good" / "gate-smoke.xml").read_text()


def test_unknown_gate_metric_is_rejected(tmp_path):
    path = tmp_path / "gates.yaml"
    path.write_text("smoke:\n  intnet.pass_rate: {min: 0.9}\n")
    with pytest.raises(DataError, match="intnet.pass_rate"):
        gates.load_gates(path, "smoke")


# The LLM path ----------------------------------------------------------------------------------

@pytest.mark.slow
def test_llm_run_records_tokens_and_cost_and_reruns_from_cache(session_settings, resources, tmp_path):
    settings = session_settings.with_overrides(cache_dir=tmp_path / "cache", openai_api_key="sk-test")
    with FakeOpenAI() as fake:
        settings = settings.with_overrides(openai_base_url=fake.base_url)
        first = evaluate(settings, "smoke", "v2", "openai/gpt-4o-mini", concurrency=2, limit=8, resources=resources)
        calls_after_first = fake.calls
        second = evaluate(settings, "smoke", "v2", "openai/gpt-4o-mini", concurrency=2, limit=8, resources=resources)
        calls_after_second = fake.calls

    answered = first.rows[first.rows["error"].isna()]
    assert len(answered) == 8, first.rows["error"].tolist()
    assert (answered["prompt_tokens"] > 0).all() and (answered["completion_tokens"] > 0).all()
    assert (answered["cost_usd"] > 0).all()
    assert first.summary["cost.total_usd"] == pytest.approx(answered["cost_usd"].sum())
    assert first.summary["cache.hit_rate"] == 0.0 and calls_after_first > 0

    assert calls_after_second == calls_after_first  # zero HTTP calls the second time
    assert second.summary["cache.hit_rate"] == 1.0
    assert second.summary["cost.total_usd"] == 0.0
    assert second.rows["answer"].tolist() == first.rows["answer"].tolist()


# Tracking --------------------------------------------------------------------------------------

def test_a_run_is_tracked_in_mlflow(session_settings, resources):
    import mlflow

    report = evaluate(session_settings, "smoke", "v2", "offline", limit=6, resources=resources)
    run = mlflow.get_run(report.run_id)
    params = run.data.params
    assert params["prompt_version"] == "v2" and params["prompt_hash"] == report.params["prompt_hash"]
    assert params["dataset"] == "smoke" and params["dataset_hash"] == report.dataset_hash
    assert params["model_label"] == "offline baseline (no LLM)" and params["git_commit"]
    assert run.data.metrics["intent.pass_rate"] == pytest.approx(report.summary["intent.pass_rate"])
    assert {"latency.p50", "latency.p95", "errors", "cost.total_usd"} <= set(run.data.metrics)
    assert run.data.tags["prompt_uri"].startswith("prompts:/claims_assistant/")
    client = mlflow.MlflowClient()
    assert {"cases.json", "cases.parquet", "plots"} <= {a.path for a in client.list_artifacts(report.run_id)}
    traces = mlflow.search_traces(run_id=report.run_id, return_type="list")
    assert len(traces) == 6
    assert all(t.data.spans[0].name == "claims_assistant" for t in traces)
