"""With PROMETHEUS_MULTIPROC_DIR set, /metrics on any worker reports every worker's requests summed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from workbench.errors import ConfigError
from workbench.service.metrics import ServiceMetrics, clear_multiprocess_dir

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("metrics_worker.py")


def _healthz_count(text: str) -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "workbench_http_requests_total" and sample.labels.get("route") == "/healthz":
                return sample.value
    return 0.0


def _latency_count(text: str) -> float:
    return sum(s.value for f in text_string_to_metric_families(text) for s in f.samples
               if s.name == "workbench_http_request_seconds_count" and s.labels.get("route") == "/healthz")


def test_two_workers_counters_are_summed_at_metrics(tmp_path, sample_db):
    shared = tmp_path / "prom"
    (shared / "stale.db").parent.mkdir()
    (shared / "stale.db").write_bytes(b"left by a previous server")
    clear_multiprocess_dir(shared)  # what `workbench serve` does before starting its workers
    assert not list(shared.iterdir())
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "PYTHONPATH": str(ROOT),
           "PROMETHEUS_MULTIPROC_DIR": str(shared)}

    def start(name: str, n: int, wait: bool) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, str(WORKER), str(tmp_path / name), str(sample_db), str(n),
                                 *(["--wait"] if wait else [])], cwd=tmp_path, env=env, text=True,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    first = start("a", 3, wait=True)
    try:
        assert first.stdout.readline().strip() == "ready", first.stderr.read()
        second = start("b", 4, wait=False)
        out, err = second.communicate(timeout=300)
        assert second.returncode == 0, err[-2000:]
        out = out.split("ready\n", 1)[1]
        # The second worker's /metrics counts the first worker's 3 requests too (it is still running).
        assert _healthz_count(out) == 7 and _latency_count(out) == 7
        rest, err = first.communicate("\n", timeout=120)
        assert first.returncode == 0, err[-2000:]
        assert _healthz_count(rest) == 7
    finally:
        first.kill()


def test_multiprocess_needs_the_variable_in_the_environment(tmp_path, monkeypatch):
    from prometheus_client import values

    if values.ValueClass is not values.MutexValue:
        pytest.skip("this test process itself runs in multiprocess mode")
    with pytest.raises(ConfigError, match="PROMETHEUS_MULTIPROC_DIR must be set in the server's environment"):
        ServiceMetrics(tmp_path / "prom")
    single = ServiceMetrics()
    single.requests.labels("GET", "/healthz", "200").inc()
    assert _healthz_count(single.render().decode()) == 1
